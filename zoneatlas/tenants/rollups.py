"""Roll-ups of tenant records by zone, province (today's or as reported) and nation.

Each roll-up is computed from project and lease records in one or two grouped queries, whatever the
number of projects, and says what it was computed from: how many records (and how many of them are
synthetic), on which day, and that amounts were converted at each project's own dated rate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneatlas.tenants.choices import LandUse, ProjectStatus
from zoneatlas.tenants.models import Lease, Project
from zoneatlas.zones.models import Zone

TWO_PLACES = CENT = Decimal("0.01")
HECTARE_PLACES = Decimal("0.0001")
# Projects that still count in a zone: everything but terminated ones (suspended projects still hold land).
COUNTED = ~Q(status=ProjectStatus.TERMINATED)
FDI = Q(investor__is_fdi=True)

AGGREGATES: dict[str, Any] = {
    "projects": Count("id"),
    "fdi_projects": Count("id", filter=FDI),
    "operating_projects": Count("id", filter=Q(status=ProjectStatus.OPERATING)),
    "investors": Count("investor_id", distinct=True),
    "fdi_investors": Count("investor_id", distinct=True, filter=FDI),
    "registered_vnd": Sum("registered_capital_vnd"),
    "registered_usd": Sum("registered_capital_usd"),
    "fdi_registered_vnd": Sum("registered_capital_vnd", filter=FDI),
    "fdi_registered_usd": Sum("registered_capital_usd", filter=FDI),
    "disbursed_vnd": Sum("disbursed_capital_vnd"),
    "disbursed_usd": Sum("disbursed_capital_usd"),
    "land_ha": Sum("land_area_ha"),
    "planned_jobs": Sum("planned_jobs"),
    "actual_jobs": Sum("actual_jobs"),
    "local_workers": Sum("local_workers"),
    "synthetic_projects": Count("id", filter=Q(is_synthetic=True)),
}


def _share(part: Any, whole: Any) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) / Decimal(whole) * 100).quantize(TWO_PLACES)


@dataclass
class TenantRollup:
    """Counts, capital, land and jobs of the projects in a set of zones, with what they were computed from."""

    scope: str
    on: dt.date
    zones: int = 0
    projects: int = 0
    fdi_projects: int = 0
    operating_projects: int = 0
    investors: int = 0
    fdi_investors: int = 0
    # Sums are None where no project states the quantity (unknown is not zero).
    registered_vnd: int | None = None
    registered_usd: Decimal | None = None
    fdi_registered_vnd: int | None = None
    fdi_registered_usd: Decimal | None = None
    disbursed_vnd: int | None = None
    disbursed_usd: Decimal | None = None
    land_ha: Decimal | None = None
    leased_ha: Decimal = Decimal(0)
    planned_jobs: int | None = None
    actual_jobs: int | None = None
    local_workers: int | None = None
    synthetic_projects: int = 0
    key: Any = field(default=None, repr=False)

    @property
    def domestic_projects(self) -> int:
        return self.projects - self.fdi_projects

    @property
    def domestic_registered_vnd(self) -> int | None:
        if self.registered_vnd is None:
            return None
        return self.registered_vnd - (self.fdi_registered_vnd or 0)

    @property
    def fdi_projects_pct(self) -> Decimal | None:
        return _share(self.fdi_projects, self.projects)

    @property
    def fdi_capital_pct(self) -> Decimal | None:
        return _share(self.fdi_registered_vnd, self.registered_vnd)

    @property
    def computed_from(self) -> str:
        return _(
            "%(projects)d project records (terminated projects excluded; %(synthetic)d synthetic) in %(zones)d "
            "zones and their leases active on %(date)s; amounts in VND and USD summed from each project's "
            "conversion at its own dated exchange rate"
        ) % {"projects": self.projects, "synthetic": self.synthetic_projects, "zones": self.zones, "date": self.on}

    def fill(self, values: dict[str, Any]) -> TenantRollup:
        for name in AGGREGATES:
            value = values.get(name)
            if isinstance(value, Decimal):
                value = value.quantize(CENT if name.endswith("_usd") else HECTARE_PLACES)
            if value is not None:
                setattr(self, name, value)
        return self


def projects_in(zones: QuerySet[Zone]) -> QuerySet[Project]:
    return Project.objects.filter(COUNTED, zone__in=zones.values("pk"))


def rollup(zones: QuerySet[Zone], scope: str, on: dt.date | None = None) -> TenantRollup:
    """One roll-up over every zone of ``zones`` (three queries)."""
    on = on or timezone.localdate()
    result = TenantRollup(scope=scope, on=on).fill(projects_in(zones).aggregate(**AGGREGATES))
    result.zones = zones.count()
    leased = Lease.objects.filter(zone__in=zones.values("pk"), land_use=LandUse.INDUSTRIAL).active_on(on)
    result.leased_ha = (leased.aggregate(total=Sum("area_ha"))["total"] or Decimal(0)).quantize(HECTARE_PLACES)
    return result


def nation_from(rows: list[TenantRollup], zones: QuerySet[Zone], on: dt.date) -> TenantRollup:
    """The nation's roll-up from the provinces' rows (sums) plus one query for what does not add up.

    Distinct investors are counted again: an investor with projects in two provinces is one investor.
    """
    nation = TenantRollup(scope="nation", on=on)
    for row in rows:
        for name in (*AGGREGATES, "zones", "leased_ha"):
            value = getattr(row, name)
            if value is not None:
                current = getattr(nation, name)
                setattr(nation, name, value if current is None else current + value)
    distinct = projects_in(zones).aggregate(
        investors=AGGREGATES["investors"], fdi_investors=AGGREGATES["fdi_investors"]
    )
    nation.investors, nation.fdi_investors = distinct["investors"], distinct["fdi_investors"]
    return nation


def rollup_by_province(
    zones: QuerySet[Zone], *, as_reported: bool = False, on: dt.date | None = None
) -> list[TenantRollup]:
    """One roll-up per province: today's province, or the province the zone was reported under (pre-2025)."""
    on = on or timezone.localdate()
    zone_key = Coalesce(F("reported_unit__province_id"), F("reported_unit_id")) if as_reported else F("province_id")
    project_key = (
        Coalesce(F("zone__reported_unit__province_id"), F("zone__reported_unit_id"))
        if as_reported
        else F("zone__province_id")
    )
    rows: dict[Any, TenantRollup] = {}
    for counted in zones.annotate(key=zone_key).values("key").annotate(n=Count("id")).order_by():
        rows[counted["key"]] = TenantRollup(scope="province", on=on, zones=counted["n"], key=counted["key"])
    grouped = projects_in(zones).annotate(key=project_key).values("key").annotate(**AGGREGATES).order_by()
    for values in grouped:
        rows.setdefault(values["key"], TenantRollup(scope="province", on=on, key=values["key"])).fill(dict(values))
    lease_key = (
        Coalesce(F("zone__reported_unit__province_id"), F("zone__reported_unit_id"))
        if as_reported
        else F("zone__province_id")
    )
    leases = (
        Lease.objects.filter(zone__in=zones.values("pk"), land_use=LandUse.INDUSTRIAL)
        .active_on(on)
        .annotate(key=lease_key)
        .values("key")
        .annotate(total=Sum("area_ha"))
        .order_by()
    )
    for leased in leases:
        if leased["key"] in rows:
            rows[leased["key"]].leased_ha = (leased["total"] or Decimal(0)).quantize(HECTARE_PLACES)
    return [rows[key] for key in sorted(rows, key=lambda k: (k is None, k))]


@dataclass
class PeriodResults:
    """What the projects of a set of zones reported for one period, summed; income weighted by workers."""

    period: str
    start: dt.date
    end: dt.date
    projects: int
    synthetic: int
    revenue_vnd: int | None
    exports_usd: Decimal | None
    budget_contribution_vnd: int | None
    production_value_vnd: int | None
    workers: int | None
    local_workers: int | None
    average_income_vnd: int | None

    @property
    def computed_from(self) -> str:
        return _(
            "sum of %(n)d project results for %(period)s (%(synthetic)d synthetic); average income weighted by workers"
        ) % {"n": self.projects, "period": self.period, "synthetic": self.synthetic}


def results_by_period(zones: QuerySet[Zone]) -> list[PeriodResults]:
    """Economic results per period aggregated from the projects' own reports (one query)."""
    from django.db.models import ExpressionWrapper, IntegerField

    from zoneatlas.tenants.models import ProjectResult

    rows = (
        ProjectResult.objects.filter(project__zone__in=zones.values("pk"))
        .values("period_label", "period_start", "period_end")
        .annotate(
            projects=Count("id"),
            synthetic=Count("id", filter=Q(is_synthetic=True)),
            revenue=Sum("revenue_vnd"),
            exports=Sum("exports_usd"),
            budget=Sum("budget_contribution_vnd"),
            production=Sum("production_value_vnd"),
            total_workers=Sum("workers"),
            local=Sum("local_workers"),
            payroll=Sum(
                ExpressionWrapper(F("average_income_vnd") * F("workers"), output_field=IntegerField()),
                filter=Q(average_income_vnd__isnull=False, workers__isnull=False),
            ),
            paid_workers=Sum("workers", filter=Q(average_income_vnd__isnull=False)),
        )
        .order_by("period_start", "period_end")
    )
    return [
        PeriodResults(
            period=row["period_label"],
            start=row["period_start"],
            end=row["period_end"],
            projects=row["projects"],
            synthetic=row["synthetic"],
            revenue_vnd=row["revenue"],
            exports_usd=row["exports"],
            budget_contribution_vnd=row["budget"],
            production_value_vnd=row["production"],
            workers=row["total_workers"],
            local_workers=row["local"],
            average_income_vnd=round(row["payroll"] / row["paid_workers"]) if row["paid_workers"] else None,
        )
        for row in rows
    ]
