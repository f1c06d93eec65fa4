"""Occupancy derived from lease records (BRIEF §4), next to the occupancy the sources report.

    derived occupancy % = (industrial land leased + industrial land committed by investment approval)
                          ÷ industrial land of the zone × 100

The denominator is the zone's industrial land: its registry value, else its latest accepted figure of
industrial land (segment ``industrial_land``). A derived value says which leases and which denominator it
used. Disagreement with the reported figure beyond the tolerance (``ZONEATLAS["OCCUPANCY_TOLERANCE_PP"]``,
percentage points) is flagged: it is a finding, not an error. Service land is kept on leases but not
counted: the registry holds no service-land area for the park formula's denominator.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneatlas.figures.choices import Metric
from zoneatlas.figures.models import Observation
from zoneatlas.tenants.choices import BUILDING_STATUSES, LandUse, LeaseStatus
from zoneatlas.tenants.models import Lease, ProjectStatusEvent
from zoneatlas.zones.imports.checking import plain
from zoneatlas.zones.models import Zone

TWO_PLACES = Decimal("0.01")
INDUSTRIAL_LAND_SEGMENT = "industrial_land"


def tolerance_pp() -> Decimal:
    return Decimal(str(settings.ZONEATLAS["OCCUPANCY_TOLERANCE_PP"]))


def idle_after_months() -> int:
    return int(str(settings.ZONEATLAS["IDLE_LAND_MONTHS"]))


@dataclass(frozen=True)
class LandBase:
    """The denominator: how much industrial land the zone has, and where that number comes from."""

    hectares: Decimal
    basis: str
    figure: Observation | None = None


def land_base(zone: Zone) -> LandBase | None:
    if zone.industrial_land_ha:
        return LandBase(zone.industrial_land_ha, _("industrial land in the zone's registry record"))
    figure = (
        Observation.objects.accepted()
        .actual()
        .filter(zone=zone, metric=Metric.AREA, segment=INDUSTRIAL_LAND_SEGMENT, value__gt=0)
        .select_related("document")
        .latest_first()
        .first()
    )
    if figure is not None and figure.value is not None:
        basis = _("industrial land figure of %(date)s, source %(source)s") % {
            "date": figure.as_of.isoformat(),
            "source": figure.document.code,
        }
        return LandBase(figure.value, basis, figure)
    return None


@dataclass
class DerivedOccupancy:
    zone: Zone
    on: dt.date
    leased_ha: Decimal = Decimal(0)
    committed_ha: Decimal = Decimal(0)
    leases: int = 0
    synthetic_leases: int = 0
    land: LandBase | None = None

    @property
    def occupied_ha(self) -> Decimal:
        return self.leased_ha + self.committed_ha

    @property
    def pct(self) -> Decimal | None:
        if self.land is None:
            return None
        return (self.occupied_ha / self.land.hectares * 100).quantize(TWO_PLACES)

    @property
    def free_ha(self) -> Decimal | None:
        return None if self.land is None else self.land.hectares - self.occupied_ha

    @property
    def computed_from(self) -> str:
        text = _("%(leases)d leases of industrial land active on %(date)s (%(synthetic)d synthetic)") % {
            "leases": self.leases,
            "date": self.on.isoformat(),
            "synthetic": self.synthetic_leases,
        }
        if self.land is None:
            return text + "; " + _("industrial land unknown, so no rate")
        return text + "; " + _("denominator: %(basis)s") % {"basis": self.land.basis}


def derive(
    zone: Zone, on: dt.date, land: LandBase | None = None, leases: Iterable[Lease] | None = None
) -> DerivedOccupancy:
    """The zone's occupancy on a day computed from its leases."""
    result = DerivedOccupancy(zone=zone, on=on, land=land if land is not None else land_base(zone))
    if leases is None:
        leases = Lease.objects.filter(zone=zone, land_use=LandUse.INDUSTRIAL).active_on(on)
    for lease in leases:
        if lease.land_use != LandUse.INDUSTRIAL or not _holds(lease, on):
            continue
        result.leases += 1
        result.synthetic_leases += lease.is_synthetic
        if lease.status == LeaseStatus.COMMITTED:
            result.committed_ha += lease.area_ha
        else:
            result.leased_ha += lease.area_ha
    return result


def _holds(lease: Lease, on: dt.date) -> bool:
    until = lease.holds_until
    return lease.start_date <= on and (until is None or on <= until)


@dataclass
class Comparison:
    """The reported occupancy next to the derived one, on the day the source reports."""

    reported: Observation | None
    derived: DerivedOccupancy
    tolerance_pp: Decimal = field(default_factory=tolerance_pp)

    @property
    def difference_pp(self) -> Decimal | None:
        if self.reported is None or self.reported.value is None or self.derived.pct is None:
            return None
        return (self.derived.pct - self.reported.value).quantize(TWO_PLACES)

    @property
    def disagrees(self) -> bool:
        difference = self.difference_pp
        return difference is not None and abs(difference) > self.tolerance_pp


def compare(zone: Zone, on: dt.date | None = None, *, figures: Iterable[Observation] | None = None) -> Comparison:
    """Compare the latest reported occupancy (on or before ``on``) with the occupancy derived for its date."""
    candidates = (
        Observation.objects.published().actual().filter(zone=zone, metric=Metric.OCCUPANCY, value__isnull=False)
        if figures is None
        else figures
    )
    reported = sorted(
        (f for f in candidates if on is None or f.as_of <= on),
        key=lambda f: (f.as_of, not f.is_approximate, f.pk),
        reverse=True,
    )
    figure = reported[0] if reported else None
    day = figure.as_of if figure is not None else (on or timezone.localdate())
    return Comparison(reported=figure, derived=derive(zone, day))


@dataclass(frozen=True)
class IdleLease:
    lease: Lease
    idle_since: dt.date
    months: int


def idle_land(zones: Iterable[Zone] | None, on: dt.date, months: int | None = None) -> list[IdleLease]:
    """Leases holding land on ``on`` whose project has not started building ``months`` after the lease began.

    A lease marked ``idle`` is listed whatever its age. ``committed`` land (approved, not yet leased) is not.
    """
    months = idle_after_months() if months is None else months
    cutoff = _months_before(on, months)
    leases = Lease.objects.active_on(on).exclude(status=LeaseStatus.COMMITTED).select_related("zone", "project")
    if zones is not None:
        leases = leases.filter(zone__in=list(zones))
    leases = leases.filter(Q(start_date__lte=cutoff) | Q(status=LeaseStatus.IDLE))
    project_ids = [lease.project_id for lease in leases if lease.project_id]
    built = set(
        ProjectStatusEvent.objects.filter(
            project_id__in=project_ids, status__in=BUILDING_STATUSES, effective_on__lte=on
        ).values_list("project_id", flat=True)
    )
    found = []
    for lease in leases:
        if lease.status == LeaseStatus.IDLE or lease.project_id not in built:
            found.append(IdleLease(lease, lease.start_date, _months_between(lease.start_date, on)))
    return sorted(found, key=lambda item: (item.lease.zone_id, item.lease.start_date, item.lease.pk))


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    return dt.date(year, month, min(day.day, last[month - 1]))


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def lease_problems(lease: Lease, others: Iterable[Lease], land: LandBase | None) -> list[str]:
    """Why a lease cannot be recorded next to the zone's other leases: a plot leased twice, or not enough land."""
    problems = []
    others = [other for other in others if other.pk != lease.pk or lease.pk is None]
    for other in others:
        if other.plot == lease.plot and _overlap(lease, other):
            until = other.holds_until
            message = (
                _("plot %(plot)s is already leased from %(start)s to %(until)s")
                if until
                else _("plot %(plot)s is already leased from %(start)s, with no end date")
            )
            problems.append(
                message
                % {
                    "plot": lease.plot,
                    "start": other.start_date.isoformat(),
                    "until": until.isoformat() if until else "",
                }
            )
    if land is not None and lease.land_use == LandUse.INDUSTRIAL:
        taken = sum(
            (o.area_ha for o in others if o.land_use == LandUse.INDUSTRIAL and _holds(o, lease.start_date)), Decimal(0)
        )
        free = land.hectares - taken
        if lease.area_ha > free:
            problems.append(
                _("%(area)s ha is more than the zone's free industrial land on %(date)s (%(free)s ha of %(land)s ha)")
                % {
                    "area": plain(lease.area_ha),
                    "date": lease.start_date.isoformat(),
                    "free": plain(max(free, Decimal(0))),
                    "land": plain(land.hectares),
                }
            )
    return problems


def _overlap(left: Lease, right: Lease) -> bool:
    left_end, right_end = left.holds_until or dt.date.max, right.holds_until or dt.date.max
    return left.start_date <= right_end and right.start_date <= left_end


def leased_hectares(zones: Iterable[Zone], on: dt.date) -> Decimal:
    total = (
        Lease.objects.filter(zone__in=list(zones), land_use=LandUse.INDUSTRIAL)
        .active_on(on)
        .aggregate(s=Sum("area_ha"))
    )["s"]
    return total or Decimal(0)
