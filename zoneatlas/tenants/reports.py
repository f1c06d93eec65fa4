"""Everything ZoneAtlas knows about a zone's tenants, gathered once for its page and its API answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from zoneatlas.accounts.access import visible_figures
from zoneatlas.figures.choices import Metric, Review
from zoneatlas.figures.models import Observation
from zoneatlas.tenants.models import InfrastructureFunding, Lease, Project, ProjectStatusEvent
from zoneatlas.tenants.occupancy import Comparison, IdleLease, compare, idle_land
from zoneatlas.tenants.reconcile import RECONCILED_METRICS, Reconciliation, reconcile
from zoneatlas.tenants.rollups import PeriodResults, TenantRollup, results_by_period, rollup
from zoneatlas.zones.models import Zone


@dataclass
class ZoneTenantReport:
    zone: Zone
    on: dt.date
    rollup: TenantRollup
    occupancy: Comparison
    idle_land: list[IdleLease]
    funding: list[InfrastructureFunding]
    results: list[PeriodResults]
    published_vs_records: list[Reconciliation]
    projects: list[Project] = field(default_factory=list)
    leases: list[Lease] = field(default_factory=list)

    @property
    def has_records(self) -> bool:
        return bool(self.rollup.projects or self.leases or self.funding or self.occupancy.derived.leases)


# The zone fields a province may keep internal (``InternalZoneField``) from which derived occupancy is computed:
# with either withheld from the reader, so is the occupancy derived from leases (its rate would reveal them).
OCCUPANCY_INPUTS = frozenset({"occupancy", "industrial_land_ha"})


def occupancy_withheld(zone: Zone) -> bool:
    """Whether the reader the zone was read for may not see its occupancy, reported or derived."""
    return bool(OCCUPANCY_INPUTS & zone.hidden_fields)


def zone_tenant_report(zone: Zone, user: Any, on: dt.date, *, with_records: bool = False) -> ZoneTenantReport:
    """The zone's tenant roll-up, occupancy reported vs derived, idle land, funding, results per period and the
    published figures next to the records; with ``with_records``, the projects and leases themselves."""
    figures = list(visible_figures(user, Observation.objects.filter(zone=zone)).select_related("document"))
    reported = [
        f
        for f in figures
        if f.metric == Metric.OCCUPANCY and not f.is_target and f.value is not None and f.review == Review.ACCEPTED
    ]
    one_zone = Zone.objects.filter(pk=zone.pk)
    report = ZoneTenantReport(
        zone=zone,
        on=on,
        rollup=rollup(one_zone, scope=zone.code, on=on),
        occupancy=compare(zone, on, figures=reported),
        idle_land=idle_land([zone], on),
        funding=list(InfrastructureFunding.objects.filter(zone=zone).select_related("document", "rate")),
        results=results_by_period(one_zone),
        published_vs_records=reconcile([zone], [f for f in figures if f.metric in RECONCILED_METRICS]),
    )
    if with_records:
        report.projects = list(
            Project.objects.filter(zone=zone)
            .select_related("investor", "registered_rate", "registered_usd_rate")
            .prefetch_related(Prefetch("events", queryset=ProjectStatusEvent.objects.order_by("effective_on", "id")))
            .order_by("name", "id")
        )
        report.leases = list(Lease.objects.filter(zone=zone).select_related("project").order_by("plot", "start_date"))
    return report
