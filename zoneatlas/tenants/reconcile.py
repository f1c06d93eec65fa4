"""Published figures next to the same figures computed from tenant records, on the day the source reports.

The seed reports count investors, projects, operating enterprises, registered capital and jobs; when the
registry holds the projects behind them, each published figure is recomputed from the records as they
stood on the figure's date and the two are shown side by side. Counts must match exactly; amounts within
1 % (5 % when the source says "about"). A disagreement is a finding to look into, not an error.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from zoneatlas.figures.choices import Metric, Unit
from zoneatlas.figures.models import Observation
from zoneatlas.tenants.choices import ProjectStatus
from zoneatlas.tenants.models import Project, ProjectStatusEvent
from zoneatlas.tenants.services import status_on
from zoneatlas.zones.models import Zone

RECONCILED_METRICS = (
    Metric.PROJECT_COUNT,
    Metric.INVESTOR_COUNT,
    Metric.ENTERPRISE_COUNT,
    Metric.REGISTERED_CAPITAL,
    Metric.JOBS,
)
OPERATING_WORDS = frozenset({"operating", "stable_production"})
IN_PROCEDURE_WORDS = frozenset({"in_procedure", "registered"})


@dataclass(frozen=True)
class Reconciliation:
    figure: Observation
    computed: Decimal | None
    basis: str

    @property
    def published(self) -> Decimal | None:
        return self.figure.value

    @property
    def agrees(self) -> bool | None:
        if self.computed is None or self.published is None:
            return None
        if self.figure.unit in {Unit.VND, Unit.USD}:
            margin = Decimal("0.05") if self.figure.is_approximate else Decimal("0.01")
            return abs(self.computed - self.published) <= abs(self.published) * margin
        return self.computed == self.published


@dataclass
class _ProjectState:
    project: Project
    events: list[ProjectStatusEvent]

    def status(self, on: dt.date) -> str | None:
        return status_on(self.events, on) if self.events else None


def reconcile(zones: Iterable[Zone], figures: Iterable[Observation]) -> list[Reconciliation]:
    """Each figure (of the metrics above) about these zones, with the value the records give on its date."""
    zones = list(zones)
    projects = list(Project.objects.filter(zone__in=zones).select_related("investor"))
    if not projects:
        return []
    events: dict[int, list[ProjectStatusEvent]] = defaultdict(list)
    for event in ProjectStatusEvent.objects.filter(project__in=projects).order_by("effective_on", "id"):
        events[event.project_id].append(event)
    states = [_ProjectState(project, events[project.pk]) for project in projects]
    results = []
    for figure in figures:
        if figure.metric in RECONCILED_METRICS and figure.value is not None and not figure.is_target:
            computed, basis = _compute(figure, states)
            results.append(Reconciliation(figure, computed, basis))
    return results


def _compute(figure: Observation, states: list[_ProjectState]) -> tuple[Decimal | None, str]:
    on = figure.as_of
    existing = [s for s in states if (status := s.status(on)) is not None and status != ProjectStatus.TERMINATED]
    segment, word = figure.segment, figure.status
    if segment == "fdi":
        existing = [s for s in existing if s.project.investor.is_fdi]
    elif segment == "domestic":
        existing = [s for s in existing if not s.project.investor.is_fdi]
    if word in OPERATING_WORDS:
        existing = [s for s in existing if s.status(on) == ProjectStatus.OPERATING]
    elif word in IN_PROCEDURE_WORDS:
        existing = [s for s in existing if s.status(on) in {ProjectStatus.REGISTERED, ProjectStatus.APPROVED}]
    elif word:
        return None, _("no rule to count “%(status)s” from project records") % {"status": word}
    if segment not in {"", "total", "fdi", "domestic", "secondary"}:
        return None, _("no rule to compute segment “%(segment)s” from project records") % {"segment": segment}
    synthetic = sum(s.project.is_synthetic for s in existing)
    basis = _("%(n)d project records as they stood on %(date)s (%(synthetic)d synthetic)") % {
        "n": len(existing),
        "date": on.isoformat(),
        "synthetic": synthetic,
    }
    if figure.metric == Metric.PROJECT_COUNT:
        return Decimal(len(existing)), basis
    if figure.metric in {Metric.INVESTOR_COUNT, Metric.ENTERPRISE_COUNT}:
        return Decimal(len({s.project.investor_id for s in existing})), basis
    if figure.metric == Metric.JOBS:
        return Decimal(sum(s.project.actual_jobs or 0 for s in existing)), basis
    if figure.metric == Metric.REGISTERED_CAPITAL and figure.unit in {Unit.VND, Unit.USD}:
        field = "registered_capital_vnd" if figure.unit == Unit.VND else "registered_capital_usd"
        return Decimal(sum(Decimal(getattr(s.project, field) or 0) for s in existing)), basis
    return None, _("no rule to compute this figure from project records")
