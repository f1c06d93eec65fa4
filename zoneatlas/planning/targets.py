"""A target's progress: its series computed from data, the forecast for its deadline and its status with the reason.

``progress(target, on, user)`` asks the target's metric (``zoneatlas.planning.metrics``) for the series as the data
stood up to the day (or the deadline, if earlier), then ``zoneatlas.planning.forecasts.assess`` for the forecast and
the status. Approved periodic reports are internal: they count for officials and developers, not for the public, so
everyone else reads the same answer from published figures and records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.utils import timezone

from zoneatlas.accounts.access import access_for
from zoneatlas.planning.forecasts import Assessment, Goal, assess
from zoneatlas.planning.metrics import Context, MetricDefinition, Series, get_metric
from zoneatlas.planning.models import Target, TargetMilestone

# Soonest deadline first, targets without one last, on every database (SQLite sorts nulls first, PostgreSQL last).
ORDER = (F("deadline").asc(nulls_last=True), "name", "id")


def goal_of(target: Target) -> Goal:
    return Goal(
        comparison=target.comparison,
        value=target.value,
        value_high=target.value_high,
        unit=target.unit,
        start_on=target.start_on,
        deadline=target.deadline,
    )


@dataclass(frozen=True)
class Progress:
    target: Target
    on: dt.date
    definition: MetricDefinition
    series: Series
    assessment: Assessment
    milestones: list[TargetMilestone]

    @property
    def status(self) -> str:
        return self.assessment.status

    @property
    def synthetic(self) -> bool:
        return self.series.synthetic or self.target.is_synthetic

    @property
    def goal_text(self) -> str:
        """The target in words: "about 45 %", "at least 1", "3 to 4"."""
        return target_value_text(self.target)

    def chart(self) -> dict[str, Any]:
        """The series, the forecast segment and the target line as ECharts reads them (``[day, value]`` pairs)."""
        forecast = self.assessment.forecast
        last = self.series.points[-1] if self.series.points else None
        line = []
        if forecast is not None and last is not None and forecast.on > last.on:
            line = [[last.on.isoformat(), float(last.value)], [forecast.on.isoformat(), float(forecast.value)]]
        ends = [self.target.start_on, self.target.deadline or self.on]
        if self.series.points:
            ends.append(self.series.points[0].on)
        return {
            "id": self.target.pk,
            "unit": self.target.unit,
            "points": [[point.on.isoformat(), float(point.value)] for point in self.series.points],
            "synthetic": [point.synthetic for point in self.series.points],
            "forecast": line,
            "target": float(self.target.value),
            "target_high": float(self.target.value_high) if self.target.value_high is not None else None,
            "from": min(ends).isoformat(),
            "to": max(ends).isoformat(),
            "deadline": self.target.deadline.isoformat() if self.target.deadline else None,
            "milestones": [[m.on.isoformat(), float(m.value)] for m in self.milestones],
        }


def with_related(targets: QuerySet[Target]) -> QuerySet[Target]:
    """Targets with what their pages and answers read: subject, province, source, milestones (four queries)."""
    return targets.select_related(
        "zone__province", "zone_group__province", "zone_group__reported_unit", "admin_unit__province", "document"
    ).prefetch_related(Prefetch("milestones", queryset=TargetMilestone.objects.order_by("on")))


def progress(target: Target, on: dt.date | None = None, user: Any = None) -> Progress:
    """The target's series up to the day (or its deadline), its forecast and status on the day."""
    on = on or timezone.localdate()
    definition = get_metric(target.metric)
    if definition is None:  # refused by Target.clean; a row written around it cannot be measured
        raise ValueError(f"target {target.pk}: unknown metric {target.metric!r}")
    until = min(on, target.deadline) if target.deadline else on
    context = Context(include_reports=user is not None and access_for(user).sees_internal)
    series = definition.compute(target, until, context).settle()
    return Progress(
        target=target,
        on=on,
        definition=definition,
        series=series,
        assessment=assess(goal_of(target), series, on),
        milestones=list(target.milestones.all()),
    )


def progress_all(targets: QuerySet[Target], on: dt.date | None = None, user: Any = None) -> list[Progress]:
    return [progress(target, on, user) for target in with_related(targets)]


def target_value_text(target: Target) -> str:
    from zoneatlas.planning.forecasts import goal_words

    return goal_words(goal_of(target))


__all__ = ["Progress", "goal_of", "progress", "progress_all", "target_value_text", "with_related"]
