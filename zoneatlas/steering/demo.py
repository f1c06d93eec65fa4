"""The demo's obstacles and steering follow-up (``data/demo.toml``): the seed-stated obstacles of Khánh Hòa's three
stalled clusters, with their quotes, and illustrative (synthetic) meetings, decisions and tasks. Idempotent."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.steering.choices import EscalationLevel, ObstacleStatus
from zoneatlas.steering.models import (
    Agency,
    Decision,
    Directive,
    FollowUpTask,
    Obstacle,
    ObstacleUpdate,
    SteeringMeeting,
)
from zoneatlas.zones.models import Zone

DEMO = Path(__file__).resolve().parent / "data" / "demo.toml"


def _upsert(model: type[Any], lookup: dict[str, Any], values: dict[str, Any]) -> Any:
    """``update_or_create`` that saves only what changed, so a second load adds no history entry."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.save()
        return instance
    changed = {name: value for name, value in values.items() if getattr(instance, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(instance, name, value)
        instance.save()
    return instance


class SteeringDemoError(RuntimeError):
    """The demo file contradicts itself or the registry (a bug in the file, not user input)."""


def load_steering_demo() -> dict[str, int]:
    """Load the demo's agencies, directives, obstacles and meetings; returns how many of each there are."""
    data = tomllib.loads(DEMO.read_text(encoding="utf-8"))
    synthetic = _document(data["document"])
    documents = {document.code: document for document in Document.objects.filter(code__startswith="seed-")}
    documents[synthetic.code] = synthetic
    agencies = {row["key"]: _agency(row) for row in data["agencies"]}
    directives = {row["key"]: _directive(row, documents) for row in data["directives"]}
    obstacles: dict[str, Obstacle] = {}
    for row in data["obstacles"]:
        obstacle = _obstacle(row, agencies, directives, documents)
        obstacles[row.get("key", f"{row['zone']}|{row['kind']}")] = obstacle
    meetings = [_meeting(row, synthetic, agencies, obstacles) for row in data["meetings"]]
    return {"agencies": len(agencies), "obstacles": len(obstacles), "meetings": len(meetings)}


def _document(row: dict[str, Any]) -> Document:
    document: Document = _upsert(
        Document,
        {"code": row["code"]},
        {
            "title": row["title"],
            "kind": DocumentKind.SYNTHETIC,
            "is_synthetic": True,
            "publisher": row["publisher"],
            "language": row["language"],
            "as_of": row["as_of"],
            "text": row["text"],
        },
    )
    return document


def _province(name: str) -> AdminUnit:
    return AdminUnit.objects.current().provinces().get(short_name=name)


def _agency(row: dict[str, Any]) -> Agency:
    province = _province(row["province"]) if "province" in row else None
    agency: Agency = _upsert(
        Agency, {"name": row["name"], "province": province}, {"name_en": row["name_en"], "level": row["level"]}
    )
    return agency


def _directive(row: dict[str, Any], documents: dict[str, Document]) -> Directive:
    directive: Directive = _upsert(
        Directive,
        {"title": row["title"], "issued_on": row["issued_on"]},
        {
            "number": row["number"],
            "issuer": row["issuer"],
            "province": _province(row["province"]),
            "document": documents[row["document"]],
            "note": row.get("note", ""),
        },
    )
    return directive


def _zone(name: str) -> Zone:
    zone = Zone.objects.filter(name=name, is_synthetic=False).first()
    if zone is None:
        raise SteeringDemoError(f"no zone named {name!r} in the registry")
    return zone


def _obstacle(
    row: dict[str, Any], agencies: dict[str, Agency], directives: dict[str, Directive], documents: dict[str, Document]
) -> Obstacle:
    document = documents[row["document"]]
    zone = _zone(row["zone"])
    obstacle = Obstacle.objects.filter(zone=zone, kind=row["kind"], source_document=document).first()
    created = obstacle is None
    if obstacle is None:
        obstacle = Obstacle(zone=zone, kind=row["kind"], source_document=document, status=ObstacleStatus.OPEN)
    values = {
        "description": row["description"],
        "agency": agencies[row["agency"]],
        "directive": directives[row["directive"]] if "directive" in row else None,
        "deadline": row.get("deadline"),
        "opened_on": row["opened_on"],
        "quote": row.get("quote", ""),
        "is_published": not document.is_synthetic,  # stated in a published report: public, like the report
    }
    changed = created or any(getattr(obstacle, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(obstacle, name, value)
    try:
        obstacle.full_clean()
    except Exception as error:
        raise SteeringDemoError(f"{row['zone']} {row['kind']}: {error}") from error
    if changed:  # saved only when new or changed: a second load adds no history entry
        obstacle.save()
    if created:
        ObstacleUpdate.objects.create(
            obstacle=obstacle,
            recorded_on=obstacle.opened_on,
            note=row.get("quote") or obstacle.description,
            status=obstacle.status,
            deadline=obstacle.deadline,
            escalation_level=obstacle.escalation_level,
            agency=obstacle.agency,
        )
    return obstacle


def _find_obstacle(ref: dict[str, Any] | str, obstacles: dict[str, Obstacle]) -> Obstacle:
    if isinstance(ref, str):
        return obstacles[ref]
    if "key" in ref:
        return obstacles[ref["key"]]
    return obstacles[f"{ref['zone']}|{ref['kind']}"]


def _meeting(
    row: dict[str, Any], synthetic: Document, agencies: dict[str, Agency], obstacles: dict[str, Obstacle]
) -> SteeringMeeting:
    meeting: SteeringMeeting = _upsert(
        SteeringMeeting,
        {"body": row["body"], "held_on": row["held_on"]},
        {
            "province": _province(row["province"]),
            "chair": row.get("chair", ""),
            "attendees": "\n".join(row.get("attendees", [])),
            "minutes": row.get("minutes", ""),
            "source_document": synthetic,
        },
    )
    for number, item in enumerate(row.get("decisions", []), start=1):
        decision: Decision = _upsert(Decision, {"meeting": meeting, "number": number}, {"text": item["text"]})
        if "obstacle" in item:
            _decision_update(meeting, decision, item, obstacles)
        for task in item.get("tasks", []):
            _upsert(
                FollowUpTask,
                {"decision": decision, "description": task["description"]},
                {
                    "agency": agencies[task["agency"]],
                    "deadline": task["deadline"],
                    "obstacle": _find_obstacle(task["obstacle"], obstacles) if "obstacle" in task else None,
                },
            )
    return meeting


def _decision_update(
    meeting: SteeringMeeting, decision: Decision, item: dict[str, Any], obstacles: dict[str, Obstacle]
) -> None:
    obstacle = _find_obstacle(item["obstacle"], obstacles)
    if not obstacle.is_synthetic:
        raise SteeringDemoError("a synthetic decision may only change a synthetic obstacle")
    after = (item.get("escalation_level", obstacle.escalation_level), item.get("status", obstacle.status))
    if after != (obstacle.escalation_level, obstacle.status):
        obstacle.escalation_level, obstacle.status = after
        obstacle.full_clean()
        obstacle.save()
    ObstacleUpdate.objects.update_or_create(
        obstacle=obstacle,
        decision=decision,
        defaults={
            "recorded_on": meeting.held_on,
            "note": decision.text,
            "status": obstacle.status,
            "deadline": obstacle.deadline,
            "escalation_level": EscalationLevel(obstacle.escalation_level),
            "agency": obstacle.agency,
        },
    )
