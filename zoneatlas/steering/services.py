"""Domain operations on obstacles and steering meetings; views, API, the demo loader and the report call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from zoneatlas.steering.choices import ObstacleStatus
from zoneatlas.steering.models import (
    Agency,
    Decision,
    FollowUpTask,
    Obstacle,
    ObstacleUpdate,
    SteeringMeeting,
)


def overdue_obstacles(province: Any, on_date: dt.date) -> list[Obstacle]:
    """The obstacles of zones in the province (today's geo province) past their deadline on the day and not closed.

    Ordered by days overdue, the longest first (then zone code). Each has ``days_overdue_on`` set for the day.
    Deleted zones are left out. Callers filter by the user's access themselves (``Obstacle.objects.visible_to``).
    """
    obstacles = list(
        Obstacle.objects.in_province(province).filter(zone__deleted_at__isnull=True).overdue_on(on_date).with_related()
    )
    for obstacle in obstacles:
        obstacle.days_overdue_on = obstacle.days_overdue(on_date)  # type: ignore[attr-defined]
    return obstacles


@transaction.atomic
def record_obstacle(obstacle: Obstacle, *, user: Any = None, note: str = "") -> Obstacle:
    """Validate and save a new obstacle, with its first follow-up entry."""
    obstacle.full_clean()
    obstacle.save()
    ObstacleUpdate.objects.create(
        obstacle=obstacle,
        recorded_on=obstacle.opened_on,
        note=note or gettext("Obstacle recorded."),
        status=obstacle.status,
        deadline=obstacle.deadline,
        escalation_level=obstacle.escalation_level,
        agency=obstacle.agency,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    return obstacle


@transaction.atomic
def update_obstacle(
    obstacle: Obstacle,
    *,
    on_date: dt.date,
    note: str,
    user: Any = None,
    decision: Decision | None = None,
    status: str | None = None,
    deadline: dt.date | None = None,
    escalation_level: int | None = None,
    agency: Agency | None = None,
) -> ObstacleUpdate:
    """Change an obstacle's status, deadline, escalation or agency and log why; refused with reasons, nothing saved.

    A closing status sets the closing day; reopening clears it.
    """
    if not note.strip():
        raise ValidationError({"note": gettext("Say what was done or decided.")})
    locked = Obstacle.objects.select_for_update().get(pk=obstacle.pk)
    if on_date < locked.opened_on:
        raise ValidationError({"on_date": gettext("The update is dated before the obstacle was recorded.")})
    if status is not None:
        locked.status = status
        locked.closed_on = on_date if status in ObstacleStatus.closed() else None
    if deadline is not None:
        locked.deadline = deadline
    if escalation_level is not None:
        locked.escalation_level = escalation_level
    if agency is not None:
        locked.agency = agency
    locked.full_clean()
    locked._change_reason = note[:100]  # type: ignore[attr-defined]
    locked.save()
    obstacle.refresh_from_db()
    return ObstacleUpdate.objects.create(
        obstacle=locked,
        decision=decision,
        recorded_on=on_date,
        note=note,
        status=locked.status,
        deadline=locked.deadline,
        escalation_level=locked.escalation_level,
        agency=locked.agency,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def record_meeting(meeting: SteeringMeeting) -> SteeringMeeting:
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def record_decision(
    meeting: SteeringMeeting,
    *,
    text: str,
    user: Any = None,
    obstacle_changes: list[dict[str, Any]] | None = None,
    tasks: list[dict[str, Any]] | None = None,
) -> Decision:
    """Record a decision of a meeting, apply the obstacle changes it made and create the tasks it assigned.

    ``obstacle_changes`` are keyword arguments of ``update_obstacle`` (with ``obstacle``); ``tasks`` those of
    ``FollowUpTask`` (agency, description, deadline, optional obstacle). Any refusal undoes the whole decision.
    """
    if not text.strip():
        raise ValidationError({"text": gettext("A decision needs its text.")})
    number = (meeting.decisions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    decision = Decision(meeting=meeting, number=number, text=text)
    decision.full_clean()
    decision.save()
    for change in obstacle_changes or []:
        change = dict(change)
        obstacle = change.pop("obstacle")
        if obstacle.zone.province_id != meeting.province_id:
            raise ValidationError(
                {"obstacle": gettext("%(obstacle)s is in another province than the meeting.") % {"obstacle": obstacle}}
            )
        update_obstacle(obstacle, on_date=meeting.held_on, user=user, decision=decision, **change)
    for fields in tasks or []:
        task = FollowUpTask(decision=decision, **fields)
        task.full_clean()
        task.save()
    return decision


@dataclass
class OverdueGroup:
    """Overdue obstacles of one province or one agency: how many and the longest overdue."""

    key: Any
    label: str
    count: int = 0
    max_days_overdue: int = 0


def overdue_groups(obstacles: list[Obstacle], on_date: dt.date) -> tuple[list[OverdueGroup], list[OverdueGroup]]:
    """The overdue obstacles among ``obstacles`` counted per province and per agency (most overdue first)."""
    provinces: dict[Any, OverdueGroup] = {}
    agencies: dict[Any, OverdueGroup] = {}
    for obstacle in obstacles:
        days = obstacle.days_overdue(on_date)
        if not days:
            continue
        province = obstacle.zone.province
        for groups, key, label in (
            (provinces, province.code, province.name),
            (agencies, obstacle.agency_id, obstacle.agency.name),
        ):
            group = groups.setdefault(key, OverdueGroup(key=key, label=label))
            group.count += 1
            group.max_days_overdue = max(group.max_days_overdue, days)
    order = lambda group: (-group.max_days_overdue, -group.count, group.label)  # noqa: E731
    return sorted(provinces.values(), key=order), sorted(agencies.values(), key=order)
