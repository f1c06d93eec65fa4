"""Roll-ups of zones over a province (or the nation): counts, areas and area-weighted occupancy.

Occupancy over several zones is weighted by area (BRIEF §4): Σ leased ÷ Σ industrial land. A zone
counts only where both parts are known, from its current occupancy figure or, when that gives only a
rate, from the rate and the zone's registered industrial land. Zones whose parts are unknown are listed,
not guessed: the roll-up says what it was computed from.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q, QuerySet

from zoneatlas.figures.models import Observation, ObservationQuerySet
from zoneatlas.figures.queries import prefetch_current_occupancy
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.choices import ESTABLISHED_OR_LATER, OPERATING_STATUSES, ZoneStatus
from zoneatlas.zones.models import Zone

TWO_PLACES = Decimal("0.01")


@dataclass
class OccupancyRollup:
    leased_ha: Decimal = Decimal(0)
    industrial_land_ha: Decimal = Decimal(0)
    counted: list[str] = field(default_factory=list)
    derived_from_rate: list[str] = field(default_factory=list)
    without_parts: list[str] = field(default_factory=list)
    reported_rates: list[Decimal] = field(default_factory=list)
    as_of: dt.date | None = None

    @property
    def rate_pct(self) -> Decimal | None:
        if not self.industrial_land_ha:
            return None
        return (self.leased_ha / self.industrial_land_ha * 100).quantize(TWO_PLACES)

    @property
    def mean_of_reported_rates_pct(self) -> Decimal | None:
        if not self.reported_rates:
            return None
        return (sum(self.reported_rates, Decimal(0)) / len(self.reported_rates)).quantize(TWO_PLACES)

    def add(self, zone: Zone, figure: Observation | None) -> None:
        if figure is None or figure.value is None:
            return
        self.reported_rates.append(figure.value)
        self.as_of = max(self.as_of or figure.as_of, figure.as_of)
        if figure.leased_ha is not None and figure.industrial_land_ha:
            self.leased_ha += figure.leased_ha
            self.industrial_land_ha += figure.industrial_land_ha
            self.counted.append(zone.code)
        elif zone.industrial_land_ha:
            self.leased_ha += zone.industrial_land_ha * figure.value / 100
            self.industrial_land_ha += zone.industrial_land_ha
            self.derived_from_rate.append(zone.code)
        else:
            self.without_parts.append(zone.code)


@dataclass
class ZoneRollup:
    """What a set of zones adds up to."""

    total: int = 0
    by_kind: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    by_kind_and_status: Counter[tuple[str, str]] = field(default_factory=Counter)
    gross_area_ha: defaultdict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    zones_without_area: list[str] = field(default_factory=list)
    occupancy: OccupancyRollup = field(default_factory=OccupancyRollup)
    reported_under_old_units: list[Zone] = field(default_factory=list)
    synthetic: int = 0


def zones_for_rollup(zones: QuerySet[Zone]) -> QuerySet[Zone]:
    return zones.select_related("reported_unit__province").prefetch_related(prefetch_current_occupancy())


def roll_up(zones: QuerySet[Zone]) -> ZoneRollup:
    """Counts by kind and status, areas by stage of life, and area-weighted occupancy of operating zones."""
    rollup = ZoneRollup()
    for zone in zones_for_rollup(zones):
        rollup.total += 1
        rollup.synthetic += zone.is_synthetic
        rollup.by_kind[zone.kind] += 1
        rollup.by_status[zone.status] += 1
        rollup.by_kind_and_status[(zone.kind, zone.status)] += 1
        if zone.gross_area_ha is None:
            rollup.zones_without_area.append(zone.code)
        else:
            for stage in _stages(zone.status):
                rollup.gross_area_ha[stage] += zone.gross_area_ha
        if zone.status in OPERATING_STATUSES:
            figures = getattr(zone, "occupancy_figures", [])
            rollup.occupancy.add(zone, figures[0] if figures else None)
        if zone.reported_unit is not None and zone.reported_unit.era == Era.LEGACY:
            rollup.reported_under_old_units.append(zone)
    return rollup


def _stages(status: str) -> list[str]:
    """The stages a zone's area counts in: planned covers every zone in a plan, established and operating nest."""
    stages = []
    if status not in {ZoneStatus.PROPOSED, ZoneStatus.REMOVED_FROM_PLAN, ZoneStatus.ANNULLED}:
        stages.append("planned")
    if status in ESTABLISHED_OR_LATER:
        stages.append("established")
    if status in OPERATING_STATUSES:
        stages.append("operating")
    return stages


def province_units(province: AdminUnit) -> list[AdminUnit]:
    """A current province and the legacy provinces merged into it: the units its figures may be filed under."""
    legacy = AdminUnit.objects.filter(successions__successor=province, level=Level.PROVINCE, era=Era.LEGACY)
    return [province, *legacy]


def province_figures(province: AdminUnit) -> ObservationQuerySet:
    """Figures published about the province: about it (in either era), its old districts, or groups of its zones."""
    units = [unit.pk for unit in province_units(province)]
    # The unit condition as a subquery, and zone figures ruled out first: PostgreSQL then reads an index instead of
    # scanning every figure and every unit (8-12 ms to 0.2 ms at national scale, docs/benchmarks.md).
    its_units = AdminUnit.objects.filter(Q(pk__in=units) | Q(province__in=units)).values("pk")
    return (
        Observation.objects.filter(zone__isnull=True)
        .filter(Q(admin_unit__in=its_units) | Q(zone_group__province=province))
        .select_related("document", "zone_group", "admin_unit__province")
        .order_by("metric", "-as_of", "id")
    )


def last_figure_date(zones: QuerySet[Zone]) -> dt.date | None:
    return Observation.objects.filter(zone__in=zones).aggregate(at=Max("as_of"))["at"]
