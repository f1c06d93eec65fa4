"""A zone's change history as people read it: who changed what, when, why, from what to what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, Plan, PlanEntry, WastewaterPlant, Zone

# Fields whose changes are bookkeeping, not news.
QUIET_FIELDS = {"updated_at", "created_at", "status_since"}
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def zone_history(zone: Zone) -> list[dict[str, Any]]:
    """Every recorded version of the zone, newest first, each with the fields changed since the one before."""
    records = list(zone.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = [f.name for f in Zone._meta.concrete_fields if f.name not in QUIET_FIELDS and f.name != "id"]
    entries = []
    previous = None
    for record in records:
        changes: list[dict[str, Any]] = []
        if previous is not None:
            for name in fields:
                before, after = _value(previous, name), _value(record, name)
                if before != after:
                    changes.append({"field": name, "before": before, "after": after})
        kind = KINDS[record.history_type]
        if kind == "changed" and any(c["field"] == "deleted_at" for c in changes):
            kind = "deleted" if record.deleted_at else "restored"
        entries.append(
            {
                "at": record.history_date,
                "kind": kind,
                "user": record.history_user.get_username() if record.history_user else None,
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record
    return list(reversed(entries))


def _value(record: Any, name: str) -> Any:
    field = Zone._meta.get_field(name)
    value = getattr(record, getattr(field, "attname", name))
    return str(value) if value is not None and not isinstance(value, (bool, int, str)) else value


def zone_as_of(zone: Zone, day: dt.date) -> Zone | None:
    """The zone as it was at the end of ``day`` (None if it did not exist yet)."""
    end = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    try:
        return zone.history.as_of(end)
    except Zone.DoesNotExist:
        return None


# The records of a zone with a history of their own, by the name entries give them.
RELATED_MODELS: dict[str, type[models.Model]] = {
    "lifecycle": LifecycleEvent,
    "plan": PlanEntry,
    "infrastructure": InfrastructureItem,
    "wwtp": WastewaterPlant,
    "figure": Observation,
}


def related_history(zone: Zone, *, hidden_figures: Collection[int] = ()) -> list[dict[str, Any]]:
    """Every recorded version of the zone's lifecycle events, plan entries, infrastructure, plant reports and figures.

    Entries are shaped like ``zone_history``'s, with the ``subject`` (a key of ``RELATED_MODELS``), the record's
    ``object_id`` and the historical ``record`` itself (its state after the change, or before a deletion), newest
    first. Figures whose ids are in ``hidden_figures`` are left out with their whole history.
    """
    entries: list[dict[str, Any]] = []
    for subject, model in RELATED_MODELS.items():
        records = model.history.filter(zone_id=zone.pk)  # type: ignore[attr-defined]
        if subject == "figure" and hidden_figures:
            records = records.exclude(id__in=list(hidden_figures))
        ordered = records.select_related("history_user").order_by("id", "history_date", "history_id")
        entries.extend(_versions(model, subject, list(ordered)))
    entries.sort(key=lambda entry: (entry["at"], entry["history_id"]), reverse=True)
    return entries


def _versions(model: type[models.Model], subject: str, records: list[Any]) -> list[dict[str, Any]]:
    """Each version of each record (``records`` grouped by the record's id, oldest first), with what it changed."""
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in QUIET_FIELDS and f.name not in {"id", "zone"}  # the zone is the page's subject
    ]
    entries = []
    previous = None
    for record in records:
        if previous is not None and previous.id != record.id:
            previous = None
        changes: list[dict[str, Any]] = []
        if previous is not None and record.history_type != "-":
            for name in fields:
                before, after = _field_value(model, previous, name), _field_value(model, record, name)
                if before != after:
                    changes.append({"field": name, "before": before, "after": after})
        entries.append(
            {
                "at": record.history_date,
                "history_id": record.history_id,
                "kind": KINDS[record.history_type],
                "user": record.history_user.get_username() if record.history_user else None,
                "reason": record.history_change_reason or "",
                "changes": changes,
                "subject": subject,
                "object_id": record.id,
                "record": record,
            }
        )
        previous = record
    return entries


def _field_value(model: type[models.Model], record: Any, name: str) -> Any:
    """A field's value as ``zone_history`` gives it: JSON-friendly, dates and decimals as text."""
    field = model._meta.get_field(name)
    value = getattr(record, getattr(field, "attname", name))
    return str(value) if value is not None and not isinstance(value, (bool, int, str)) else value


def end_of_day(day: dt.date) -> dt.datetime:
    """The last moment of ``day`` in the site's time zone: "as of a day" includes everything done that day."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def first_recorded(zone: Zone) -> dt.datetime | None:
    """When the zone's first version was recorded (its creation in the registry)."""
    return zone.history.order_by("history_date").values_list("history_date", flat=True).first()


@dataclass
class ZoneRecordsAsOf:
    """The zone's own records as they were at the end of a day (each one's latest version then)."""

    lifecycle: list[LifecycleEvent]
    plan_entries: list[PlanEntry]
    infrastructure: list[InfrastructureItem]
    wwtp_reports: list[WastewaterPlant]
    figures: list[Observation]


def zone_records_as_of(zone: Zone, day: dt.date, *, hidden_figures: Collection[int] = ()) -> ZoneRecordsAsOf:
    """The lifecycle, plans, infrastructure, plant reports and figures of the zone as they were at the end of ``day``.

    Records created later are absent and records deleted since are back, each as its latest version on that day.
    Their sources and plans are today's (documents and plans are not shown as of a day). Figures whose ids are in
    ``hidden_figures`` are left out.
    """
    end = end_of_day(day)
    hidden = set(hidden_figures)

    def versions(model: type[models.Model]) -> list[Any]:
        return list(model.history.as_of(end).filter(zone_id=zone.pk))  # type: ignore[attr-defined]

    records = ZoneRecordsAsOf(
        lifecycle=versions(LifecycleEvent),
        plan_entries=versions(PlanEntry),
        infrastructure=versions(InfrastructureItem),
        wwtp_reports=versions(WastewaterPlant),
        figures=[figure for figure in versions(Observation) if figure.pk not in hidden],
    )
    _attach_related(records)
    return records


def _attach_related(records: ZoneRecordsAsOf) -> None:
    """Load the documents and plans the records point to, one query each, so that showing them costs nothing more."""
    items: list[Any] = [
        *records.lifecycle,
        *records.plan_entries,
        *records.infrastructure,
        *records.wwtp_reports,
        *records.figures,
    ]
    documents = Document.objects.in_bulk({item.document_id for item in items if item.document_id})
    plans = Plan.objects.in_bulk({entry.plan_id for entry in records.plan_entries})
    for item in items:
        if item.document_id in documents:
            item.document = documents[item.document_id]
    for entry in records.plan_entries:
        if entry.plan_id in plans:
            entry.plan = plans[entry.plan_id]
