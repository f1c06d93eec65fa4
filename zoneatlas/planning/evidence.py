"""What the registry says about clusters on a day: their status, occupancy with its parts, land, and where they lie.

Everything here reads published figures only (accepted, not internal), like the current values every list shows:
a check's answer is the same for everyone who may read the clusters, and never carries an internal figure.
A figure dated after the day asked about is not used for occupancy (the answer is "as it stood that day");
industrial land is a fact of the approved plan, so its latest figure is used whatever its date, and its date is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from zoneatlas.figures.choices import Metric
from zoneatlas.figures.models import Observation, ObservationQuerySet
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit, UnitSuccession
from zoneatlas.planning.choices import AreaScope, OccupancyMethod
from zoneatlas.tenants.choices import LandUse
from zoneatlas.tenants.models import Lease
from zoneatlas.tenants.occupancy import INDUSTRIAL_LAND_SEGMENT, LandBase, derive
from zoneatlas.zones.models import LifecycleEvent, Zone

TWO_PLACES = Decimal("0.01")
SERVICE_LAND_SEGMENT = "service_land"


def pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(TWO_PLACES)


@dataclass
class ClusterOccupancy:
    """A cluster's occupancy on a day with its two parts, how they were found, or why they could not be."""

    zone: Zone
    status: str | None
    figure: Observation | None = None
    land: LandBase | None = None
    method: str | None = None
    leased_ha: Decimal | None = None
    industrial_land_ha: Decimal | None = None
    leases: int = 0
    missing: str = ""

    @property
    def counted(self) -> bool:
        return self.leased_ha is not None and bool(self.industrial_land_ha)

    @property
    def method_label(self) -> str:
        return str(OccupancyMethod(self.method).label) if self.method else ""

    @property
    def unleased_ha(self) -> Decimal | None:
        if not self.counted:
            return None
        assert self.industrial_land_ha is not None
        assert self.leased_ha is not None
        return self.industrial_land_ha - self.leased_ha

    @property
    def rate_pct(self) -> Decimal | None:
        """The rate the parts give, else the reported rate alone."""
        if self.counted:
            assert self.industrial_land_ha is not None
            assert self.leased_ha is not None
            return pct(self.leased_ha, self.industrial_land_ha)
        return self.figure.value if self.figure is not None else None


def statuses_on(zones: Iterable[Zone], on: dt.date) -> dict[int, str | None]:
    """Each zone's lifecycle status at the end of the day (None before its first recorded status)."""
    statuses: dict[int, str | None] = {zone.pk: None for zone in zones}
    events = LifecycleEvent.objects.filter(zone__in=list(statuses), effective_on__lte=on).order_by(
        "zone", "effective_on", "id"
    )
    for zone_id, status in events.values_list("zone_id", "status"):
        statuses[zone_id] = status
    return statuses


def _best_per_zone(figures: Iterable[Observation]) -> dict[int, Observation]:
    """The first figure of each zone in ``latest_first`` order: the newest, an exact one before an approximate one."""
    best: dict[int, Observation] = {}
    for figure in figures:
        assert figure.zone_id is not None
        best.setdefault(figure.zone_id, figure)
    return best


def _published(zones: list[Zone], metric: str) -> ObservationQuerySet:
    return (
        Observation.objects.published()
        .actual()
        .filter(zone__in=zones, metric=metric, value__isnull=False)
        .select_related("document")
        .defer("document__text")
        .latest_first()
    )


def land_bases(zones: list[Zone]) -> dict[int, LandBase]:
    """Each zone's industrial land: its registry value, else its latest published industrial-land figure."""
    without = [zone for zone in zones if not zone.industrial_land_ha]
    figures = _best_per_zone(_published(without, Metric.AREA).filter(segment=INDUSTRIAL_LAND_SEGMENT, value__gt=0))
    bases = {}
    for zone in zones:
        if zone.industrial_land_ha:
            bases[zone.pk] = LandBase(zone.industrial_land_ha, _("industrial land in the zone's registry record"))
        elif zone.pk in figures:
            figure = figures[zone.pk]
            assert figure.value is not None
            basis = _("industrial land figure of %(date)s, source %(source)s") % {
                "date": figure.as_of.isoformat(),
                "source": figure.document.code,
            }
            bases[zone.pk] = LandBase(figure.value, basis, figure)
    return bases


def cluster_occupancy(zones: list[Zone], on: dt.date, statuses: dict[int, str | None]) -> list[ClusterOccupancy]:
    """Leased and industrial land of each cluster on the day, tried in the order of BRIEF §4.

    1. the current published occupancy figure with both parts; 2. its rate × the cluster's industrial land;
    3. occupancy derived from the cluster's lease records (only when it has some: no records is not "empty").
    """
    figures = _best_per_zone(_published(zones, Metric.OCCUPANCY).filter(as_of__lte=on))
    lands = land_bases(zones)
    with_leases = set(Lease.objects.filter(zone__in=zones).values_list("zone_id", flat=True).distinct())
    # The leases of the clusters whose occupancy comes from them, read at once (not once per cluster).
    from_leases = [z for z in zones if z.pk not in figures and z.pk in lands and z.pk in with_leases]
    leases: defaultdict[int, list[Lease]] = defaultdict(list)
    if from_leases:
        for lease in Lease.objects.filter(zone__in=from_leases, land_use=LandUse.INDUSTRIAL).active_on(on):
            leases[lease.zone_id].append(lease)
    found = []
    for zone in zones:
        item = ClusterOccupancy(zone=zone, status=statuses.get(zone.pk), figure=figures.get(zone.pk))
        item.land = lands.get(zone.pk)
        figure = item.figure
        if figure is not None and figure.leased_ha is not None and figure.industrial_land_ha:
            item.method = OccupancyMethod.FIGURE_PARTS
            item.leased_ha, item.industrial_land_ha = figure.leased_ha, figure.industrial_land_ha
        elif figure is not None and item.land is not None:
            assert figure.value is not None
            item.method = OccupancyMethod.RATE_TIMES_LAND
            item.industrial_land_ha = item.land.hectares
            item.leased_ha = (item.land.hectares * figure.value / 100).quantize(Decimal("0.0001"))
        elif item.land is not None and zone.pk in with_leases:
            derived = derive(zone, on, land=item.land, leases=leases[zone.pk])
            item.method = OccupancyMethod.LEASES
            item.leased_ha, item.industrial_land_ha = derived.occupied_ha, item.land.hectares
            item.leases = derived.leases
        elif figure is not None:
            item.missing = _("its industrial land is not known (registry or figure), so its rate cannot be weighed")
        elif item.land is not None:
            item.missing = _("no occupancy figure on or before that day, and no lease records")
        else:
            item.missing = _("neither its occupancy nor its industrial land is known")
        found.append(item)
    return found


def service_land(zones: list[Zone], on: dt.date) -> dict[int, tuple[Decimal, str]]:
    """Each cluster's service land where known: a published figure (segment ``service_land``), else its leases.

    The leases give a floor only (land not leased is not in them), which is enough to show the share is exceeded.
    """
    found: dict[int, tuple[Decimal, str]] = {}
    figures = _best_per_zone(_published(zones, Metric.AREA).filter(segment=SERVICE_LAND_SEGMENT))
    for zone_id, figure in figures.items():
        assert figure.value is not None
        basis = _("service land figure of %(date)s, source %(source)s")
        found[zone_id] = (figure.value, basis % {"date": figure.as_of.isoformat(), "source": figure.document.code})
    leased = (
        Lease.objects.filter(zone__in=[zone for zone in zones if zone.pk not in found], land_use=LandUse.SERVICE)
        .active_on(on)
        .values("zone_id")
        .annotate(total=Sum("area_ha"))
    )
    for row in leased:
        basis = _("service land leased on %(date)s (at least this much)")
        found[row["zone_id"]] = (row["total"], basis % {"date": on.isoformat()})
    return found


# Where a cluster lies -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Whether a cluster lies in the area tested: True, False, or None when the registry cannot say."""

    inside: bool | None
    reason: str = ""


class Places:
    """The crosswalk facts needed to place clusters in a commune or a pre-2025 district (two queries)."""

    def __init__(self, zones: list[Zone]) -> None:
        legacy_units = {z.reported_unit_id for z in zones if z.reported_unit and z.reported_unit.era == Era.LEGACY}
        self.successors: defaultdict[int, set[int]] = defaultdict(set)
        for predecessor, successor in UnitSuccession.objects.filter(predecessor_id__in=legacy_units).values_list(
            "predecessor_id", "successor_id"
        ):
            self.successors[predecessor].add(successor)
        communes = {z.commune_id for z in zones if z.commune_id}
        self.districts_of: defaultdict[int, set[int]] = defaultdict(set)
        for successor, predecessor in UnitSuccession.objects.filter(
            successor_id__in=communes, predecessor__level=Level.DISTRICT
        ).values_list("successor_id", "predecessor_id"):
            self.districts_of[successor].add(predecessor)

    def place(self, zone: Zone, scope: str, unit: AdminUnit) -> Placement:
        if scope == AreaScope.PROVINCE:
            return Placement(zone.province_id == unit.pk)
        if scope == AreaScope.COMMUNE:
            return self._in_commune(zone, unit)
        return self._in_district(zone, unit)

    def _in_commune(self, zone: Zone, commune: AdminUnit) -> Placement:
        if zone.commune_id:
            return Placement(zone.commune_id == commune.pk)
        reported = zone.reported_unit
        if reported is not None and reported.era == Era.LEGACY and reported.level != Level.PROVINCE:
            if commune.pk not in self.successors.get(reported.pk, set()):
                return Placement(False)
            return Placement(
                None,
                _("its commune today is not recorded; it was reported under %(unit)s, part of which is now %(commune)s")
                % {"unit": reported.name, "commune": commune.name},
            )
        return Placement(None, _("its commune today is not recorded"))

    def _in_district(self, zone: Zone, district: AdminUnit) -> Placement:
        reported = zone.reported_unit
        if reported is not None and reported.era == Era.LEGACY:
            if reported.pk == district.pk or (reported.level == Level.COMMUNE and reported.parent_id == district.pk):
                return Placement(True)
            if reported.level in (Level.DISTRICT, Level.COMMUNE):
                return Placement(False)
        districts = self.districts_of.get(zone.commune_id or 0, set())
        if districts == {district.pk}:
            return Placement(True)
        if districts and district.pk not in districts:
            return Placement(False)
        return Placement(None, _("its district before 1 July 2025 is not recorded"))
