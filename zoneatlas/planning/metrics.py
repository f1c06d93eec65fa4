"""What a target can measure: a registry of metrics, each computed from the data as it stood on each day.

A target names one of these metrics by its code; a code that is not here is refused with the list of those that
are (``Target.clean``). Each metric turns the target's scope into a time series of dated points, every point saying
where it comes from: a published figure (its document and quote), an approved report, the lease records, or the
registry's lifecycle records. Nothing here is typed by hand: progress is always computed (issue 7).

- ``occupancy_pct``: an indicator. For one zone: its published occupancy figures, its approved periodic reports
  (for readers of internal data), and the land leased according to its lease records at each quarter end (signed,
  handed over or idle; land committed by an investment approval but not yet leased is the *pipeline*, kept apart
  for the forecast). For a group, commune, province or the nation: the published figures about it.
- ``zones_reaching_status`` / ``zones_reaching_status_in_period``: how many zones of the scope (of the kind given)
  have reached a lifecycle status (ever, or between the target's start and the day).
- ``area_reaching_status_ha`` / ``area_reaching_status_in_period_ha``: their gross area.
- ``wwtp_compliant_share_pct``: the share of the scope's zones at the status given (operating by default) whose
  latest wastewater-plant report is built and meets the national standard.
- ``zone_area_share_of_unit_pct``: the gross area of the scope's zones at the status given ÷ the area of the
  administrative unit (the province) × 100.
- indicators published as figures (``industry_share_of_economy_pct``, ``jobs``...): the published figures about the
  scope.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.figures.choices import Metric as FigureMetric
from zoneatlas.figures.models import Observation
from zoneatlas.planning.choices import TargetScope
from zoneatlas.zones.choices import ESTABLISHED_OR_LATER, OPERATING_STATUSES, ZoneStatus
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone

if TYPE_CHECKING:
    from zoneatlas.planning.models import Target

TWO_PLACES = Decimal("0.01")


class PointSource:
    """Where a point comes from, in the order one wins over another on the same day."""

    REPORT = "report"
    FIGURE = "figure"
    LEASES = "leases"
    REGISTRY = "registry"

    PRIORITY = {REPORT: 0, FIGURE: 1, LEASES: 2, REGISTRY: 3}


@dataclass(frozen=True)
class Point:
    """One dated value of a metric, with where it comes from."""

    on: dt.date
    value: Decimal
    source: str
    computed_from: str
    document: str = ""
    quote: str = ""
    synthetic: bool = False


@dataclass
class Series:
    """The metric's values over time, what they were computed from, and what is missing."""

    points: list[Point] = field(default_factory=list)
    computed_from: str = ""
    missing: list[str] = field(default_factory=list)
    # Land committed by investment approvals and not yet leased, in the metric's unit (percentage points): it will
    # count once leased, so the forecast does not fall below the latest leased value plus it.
    pipeline: Decimal | None = None
    pipeline_text: str = ""
    # True when the metric can only grow (zones reaching a status): a value already at the target stays there.
    cumulative: bool = False

    def add(self, point: Point) -> None:
        self.points.append(point)

    def settle(self) -> Series:
        """One point per day, the best source winning (report, figure, leases, registry), in date order."""
        best: dict[dt.date, Point] = {}
        for point in self.points:
            kept = best.get(point.on)
            if kept is None or PointSource.PRIORITY[point.source] < PointSource.PRIORITY[kept.source]:
                best[point.on] = point
        self.points = [best[day] for day in sorted(best)]
        return self

    @property
    def synthetic(self) -> bool:
        return any(point.synthetic for point in self.points)


Compute = Callable[["Target", dt.date, "Context"], Series]


@dataclass(frozen=True)
class Context:
    """What the reader may see: approved periodic reports are internal (officials and developers only)."""

    include_reports: bool = False


@dataclass(frozen=True)
class MetricDefinition:
    code: str
    label: Promise | str
    unit: str
    kind: str  # indicator, count, share, area
    compute: Compute
    scopes: frozenset[str]
    needs_status: bool = False
    how: Promise | str = ""


# --- The zones of a target's scope ----------------------------------------------------------------------------


def scope_zones(target: Target) -> tuple[list[Zone], list[str]]:
    """The live zones the target's scope covers (of its kind, if it names one), and what is missing to know them."""
    zones = Zone.objects.alive()
    missing: list[str] = []
    if target.scope_type == TargetScope.ZONE:
        zones = zones.filter(pk=target.zone_id or 0)
    elif target.scope_type == TargetScope.ZONE_GROUP:
        assert target.zone_group is not None
        zones = zones.filter(groups=target.zone_group)
    elif target.scope_type == TargetScope.COMMUNE:
        zones = zones.filter(commune=target.admin_unit_id)
    elif target.scope_type == TargetScope.PROVINCE:
        zones = zones.filter(province=target.admin_unit_id)
    if target.zone_kind:
        zones = zones.filter(kind=target.zone_kind)
    found = list(zones.order_by("code"))
    if not found and target.scope_type == TargetScope.ZONE_GROUP:
        missing.append(_("the source does not name the zones of “%(group)s”") % {"group": target.zone_group})
    return found, missing


# Statuses that count as having reached a stage of the lifecycle (a stalled zone has been established; an operating
# one that was never established has still reached operation). Removal and annulment reach nothing.
_MAIN_LINE = [
    ZoneStatus.PLANNED,
    ZoneStatus.DOSSIER,
    ZoneStatus.ESTABLISHED,
    ZoneStatus.DETAILED_PLAN_APPROVED,
    ZoneStatus.INFRA_PROJECT_APPROVED,
    ZoneStatus.SITE_CLEARANCE,
    ZoneStatus.UNDER_CONSTRUCTION,
    ZoneStatus.OPERATING,
]
_SIDE_STATES = {
    ZoneStatus.EXPANDED: ZoneStatus.OPERATING,
    ZoneStatus.OPERATING_NOT_ESTABLISHED: ZoneStatus.OPERATING,
    ZoneStatus.STALLED: ZoneStatus.ESTABLISHED,
    ZoneStatus.ADJUSTED: ZoneStatus.ESTABLISHED,
}


def reaches(status: str) -> frozenset[str]:
    """The statuses whose record means a zone has reached ``status`` (or gone past it)."""
    if status == ZoneStatus.OPERATING:
        return OPERATING_STATUSES
    if status == ZoneStatus.ESTABLISHED:
        return frozenset(ESTABLISHED_OR_LATER | {ZoneStatus.OPERATING, ZoneStatus.EXPANDED})
    if status == ZoneStatus.PROPOSED:
        return frozenset({ZoneStatus.PROPOSED, *_MAIN_LINE, *_SIDE_STATES})
    if status not in _MAIN_LINE:
        return frozenset({status})
    index = _MAIN_LINE.index(ZoneStatus(status))
    later = set(_MAIN_LINE[index:]) | {side for side, stage in _SIDE_STATES.items() if _MAIN_LINE.index(stage) >= index}
    return frozenset(later)


def reached_on(zones: list[Zone], status: str) -> dict[int, dt.date]:
    """The first day each zone reached the status, from its lifecycle records (one query)."""
    first: dict[int, dt.date] = {}
    events = LifecycleEvent.objects.filter(zone__in=zones, status__in=reaches(status)).order_by("effective_on", "id")
    for zone_id, day in events.values_list("zone_id", "effective_on"):
        first.setdefault(zone_id, day)
    return first


def _days_of_change(days: Iterable[dt.date], start: dt.date | None, until: dt.date) -> list[dt.date]:
    """The days a value may change (up to ``until``, from ``start`` if given), with the start and ``until``."""
    chosen = {day for day in days if day <= until and (start is None or day >= start)}
    if start is not None and start <= until:
        chosen.add(start)
    chosen.add(until)
    return sorted(chosen)


def _unknown_members(zones: list[Zone], missing: list[str]) -> bool:
    """A group whose zones the source does not name measures nothing (not zero)."""
    return not zones and bool(missing)


def _status_label(target: Target) -> str:
    return str(ZoneStatus(target.zone_status).label).lower() if target.zone_status else ""


def _count_reaching(target: Target, until: dt.date, context: Context, *, in_period: bool, area: bool) -> Series:
    zones, missing = scope_zones(target)
    series = Series(missing=missing, cumulative=True)
    if _unknown_members(zones, missing):
        return series
    first = reached_on(zones, target.zone_status)
    by_id = {zone.pk: zone for zone in zones}
    start = target.start_on if in_period else None
    without_area = sorted(by_id[pk].code for pk in first if by_id[pk].gross_area_ha is None) if area else []
    if without_area:
        series.missing.append(
            _("zones without a known gross area, left out: %(codes)s") % {"codes": ", ".join(without_area)}
        )
    for day in _days_of_change([*first.values(), target.start_on], start, until):
        reached = [by_id[pk] for pk, on in first.items() if on <= day and (start is None or on >= start)]
        if area:
            value = sum((zone.gross_area_ha or Decimal(0) for zone in reached), Decimal(0))
        else:
            value = Decimal(len(reached))
        series.add(
            Point(
                on=day,
                value=value,
                source=PointSource.REGISTRY,
                computed_from=_("lifecycle records: %(codes)s") % {"codes": ", ".join(z.code for z in reached) or "–"},
                synthetic=any(zone.is_synthetic for zone in reached),
            )
        )
    what = (
        _("the gross area of the zones that reached “%(status)s”")
        if area
        else _("the number of zones that reached “%(status)s”")
    ) % {"status": _status_label(target)}
    if in_period:
        what += " " + _("from %(start)s") % {"start": date_format(target.start_on, "DATE_FORMAT")}
    series.computed_from = _("%(what)s, from their lifecycle records (%(zones)d zones in the scope)") % {
        "what": what,
        "zones": len(zones),
    }
    return series


def zones_reaching_status(target: Target, until: dt.date, context: Context) -> Series:
    return _count_reaching(target, until, context, in_period=False, area=False)


def zones_reaching_status_in_period(target: Target, until: dt.date, context: Context) -> Series:
    return _count_reaching(target, until, context, in_period=True, area=False)


def area_reaching_status(target: Target, until: dt.date, context: Context) -> Series:
    return _count_reaching(target, until, context, in_period=False, area=True)


def area_reaching_status_in_period(target: Target, until: dt.date, context: Context) -> Series:
    return _count_reaching(target, until, context, in_period=True, area=True)


# --- Shares ------------------------------------------------------------------------------------------------------


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def wwtp_compliant_share(target: Target, until: dt.date, context: Context) -> Series:
    """Zones at the status (operating by default) whose latest plant report is built and meets the standard."""
    zones, missing = scope_zones(target)
    status = target.zone_status or ZoneStatus.OPERATING
    series = Series(missing=missing)
    if _unknown_members(zones, missing):
        return series
    first = reached_on(zones, status)
    reports = list(WastewaterPlant.objects.filter(zone__in=zones).order_by("as_of", "id"))
    days = _days_of_change([*first.values(), *(report.as_of for report in reports)], None, until)
    unknown: set[str] = set()
    for day in days:
        counted = [zone for zone in zones if zone.pk in first and first[zone.pk] <= day]
        if not counted:
            continue
        compliant = []
        for zone in counted:
            latest = None
            for report in reports:
                if report.zone_id == zone.pk and report.as_of <= day:
                    latest = report
            if latest is not None and latest.is_built and latest.meets_standard:
                compliant.append(zone.code)
            elif latest is not None and latest.is_built and latest.meets_standard is None and day == until:
                unknown.add(zone.code)
        series.add(
            Point(
                on=day,
                value=_pct(Decimal(len(compliant)), Decimal(len(counted))),
                source=PointSource.REGISTRY,
                computed_from=_("%(compliant)d of %(zones)d zones: %(codes)s")
                % {"compliant": len(compliant), "zones": len(counted), "codes": ", ".join(compliant) or "–"},
            )
        )
    if unknown:
        series.missing.append(
            _("plants built but not known to meet the standard, counted as not meeting it: %(codes)s")
            % {"codes": ", ".join(sorted(unknown))}
        )
    series.computed_from = _(
        "zones that reached “%(status)s” whose latest wastewater-plant report is built and meets the national "
        "standard ÷ those zones × 100"
    ) % {"status": str(ZoneStatus(status).label).lower()}
    return series


def zone_area_share_of_unit(target: Target, until: dt.date, context: Context) -> Series:
    """The gross area of the scope's zones at the status (planned by default) ÷ the unit's area × 100."""
    zones, missing = scope_zones(target)
    unit = target.area_unit
    series = Series(missing=missing)
    area_km2 = getattr(unit, "area_km2", None)
    if unit is None or not area_km2:
        series.missing.append(_("the area of the administrative unit is not known"))
        return series
    if _unknown_members(zones, missing):
        return series
    status = target.zone_status or ZoneStatus.PLANNED
    first = reached_on(zones, status)
    unit_ha = Decimal(area_km2) * 100
    without_area = sorted(zone.code for zone in zones if zone.pk in first and zone.gross_area_ha is None)
    if without_area:
        series.missing.append(
            _("zones without a known gross area, left out: %(codes)s") % {"codes": ", ".join(without_area)}
        )
    for day in _days_of_change(first.values(), None, until):
        area = sum(
            (zone.gross_area_ha or Decimal(0) for zone in zones if zone.pk in first and first[zone.pk] <= day),
            Decimal(0),
        )
        series.add(
            Point(
                on=day,
                value=_pct(area, unit_ha),
                source=PointSource.REGISTRY,
                computed_from=_("%(area)s ha of zones ÷ %(unit)s ha of %(name)s")
                % {"area": f"{area.normalize():f}", "unit": f"{unit_ha.normalize():f}", "name": unit},
            )
        )
    series.computed_from = _("the gross area of the zones that reached “%(status)s” ÷ the area of %(name)s × 100") % {
        "status": str(ZoneStatus(status).label).lower(),
        "name": unit,
    }
    return series


# --- Indicators published as figures, and occupancy ------------------------------------------------------------


def _figure_subject(target: Target) -> Q:
    if target.scope_type == TargetScope.ZONE:
        return Q(zone_id=target.zone_id)
    if target.scope_type == TargetScope.ZONE_GROUP:
        return Q(zone_group_id=target.zone_group_id)
    if target.scope_type in {TargetScope.COMMUNE, TargetScope.PROVINCE}:
        # A figure filed under a province merged into this one on 1 July 2025 is about it too.
        return Q(admin_unit_id=target.admin_unit_id) | Q(admin_unit__successions__successor_id=target.admin_unit_id)
    return Q(scope_type="nation")


def figure_points(target: Target, metric: str, until: dt.date) -> list[Point]:
    """The published, actual figures of the metric about the target's subject, up to the day (best per day)."""
    figures = (
        Observation.objects.published()
        .actual()
        .filter(_figure_subject(target), metric=metric, value__isnull=False, as_of__lte=until)
        .select_related("document")
        .defer("document__text")
        .order_by("as_of", "is_approximate", "-id")
        .distinct()
    )
    points: dict[dt.date, Point] = {}
    for figure in figures:
        if figure.as_of in points:
            continue  # an exact figure of the day is read first and wins over an approximate one
        assert figure.value is not None
        points[figure.as_of] = Point(
            on=figure.as_of,
            value=figure.value,
            source=PointSource.FIGURE,
            computed_from=_("published figure, source %(source)s") % {"source": figure.document.code},
            document=figure.document.code,
            quote=figure.quote,
            synthetic=figure.document.is_synthetic,
        )
    return list(points.values())


def published_indicator(metric: str) -> Compute:
    def compute(target: Target, until: dt.date, context: Context) -> Series:
        series = Series(points=figure_points(target, metric, until))
        series.computed_from = _("the published figures of “%(metric)s” about the scope") % {
            "metric": FigureMetric(metric).label
        }
        return series

    return compute


def occupancy(target: Target, until: dt.date, context: Context) -> Series:
    from zoneatlas.planning.occupancy_series import lease_points, report_points  # they read tenants and reporting

    series = Series(points=figure_points(target, FigureMetric.OCCUPANCY, until))
    parts = [_("published occupancy figures")]
    if context.include_reports and target.scope_type in {TargetScope.PROVINCE, TargetScope.NATION}:
        from zoneatlas.planning.occupancy_series import indicator_points

        series.points += indicator_points(target.admin_unit, until)
        parts.append(_("the clusters' occupancy from their approved reports (form 02), per period"))
    if target.scope_type == TargetScope.ZONE and target.zone is not None:
        if context.include_reports:
            series.points += report_points(target.zone, until)
            parts.append(_("approved periodic reports"))
        leases = lease_points(target.zone, until)
        if leases is not None:
            series.points += leases.points
            series.pipeline, series.pipeline_text = leases.pipeline, leases.pipeline_text
            series.missing += leases.missing
            parts.append(_("land leased according to the lease records, at each quarter end"))
    series.computed_from = "; ".join(str(part) for part in parts)
    return series


ALL_SCOPES = frozenset(TargetScope.values)
ZONE_SETS = frozenset({TargetScope.ZONE_GROUP, TargetScope.COMMUNE, TargetScope.PROVINCE, TargetScope.NATION})
UNITS = frozenset({TargetScope.COMMUNE, TargetScope.PROVINCE, TargetScope.ZONE_GROUP})

_DEFINITIONS = [
    MetricDefinition(
        "occupancy_pct",
        gettext_lazy("Occupancy"),
        "%",
        "indicator",
        occupancy,
        ALL_SCOPES,
        how=gettext_lazy(
            "Published figures, approved reports and the land leased according to the lease records; land committed "
            "by investment approvals is the pipeline."
        ),
    ),
    MetricDefinition(
        "zones_reaching_status",
        gettext_lazy("Zones that have reached a status"),
        "count",
        "count",
        zones_reaching_status,
        ZONE_SETS,
        needs_status=True,
        how=gettext_lazy("Counted from the zones' lifecycle records."),
    ),
    MetricDefinition(
        "zones_reaching_status_in_period",
        gettext_lazy("Zones reaching a status during the target's period"),
        "count",
        "count",
        zones_reaching_status_in_period,
        ZONE_SETS,
        needs_status=True,
        how=gettext_lazy("Counted from the zones' lifecycle records, from the target's start."),
    ),
    MetricDefinition(
        "area_reaching_status_ha",
        gettext_lazy("Area of the zones that have reached a status"),
        "ha",
        "area",
        area_reaching_status,
        ZONE_SETS,
        needs_status=True,
        how=gettext_lazy("Gross areas of the registry, summed over the zones' lifecycle records."),
    ),
    MetricDefinition(
        "area_reaching_status_in_period_ha",
        gettext_lazy("Area of the zones reaching a status during the target's period"),
        "ha",
        "area",
        area_reaching_status_in_period,
        ZONE_SETS,
        needs_status=True,
        how=gettext_lazy("Gross areas of the registry, summed over the zones reaching the status from the start."),
    ),
    MetricDefinition(
        "wwtp_compliant_share_pct",
        gettext_lazy("Share of zones with a wastewater plant meeting the standard"),
        "%",
        "share",
        wwtp_compliant_share,
        ZONE_SETS,
        how=gettext_lazy("The zones' wastewater-plant reports (operating zones unless a status is given)."),
    ),
    MetricDefinition(
        "zone_area_share_of_unit_pct",
        gettext_lazy("Zones' area as a share of the province"),
        "%",
        "share",
        zone_area_share_of_unit,
        UNITS,
        how=gettext_lazy("Gross areas of the zones (planned unless a status is given) ÷ the unit's area."),
    ),
    *(
        MetricDefinition(
            metric.value,
            metric.label,
            unit,
            "indicator",
            published_indicator(metric.value),
            ALL_SCOPES,
            how=gettext_lazy("Published figures about the scope."),
        )
        for metric, unit in (
            (FigureMetric.INDUSTRY_SHARE, "%"),
            (FigureMetric.INDUSTRIAL_GROWTH, "%"),
            (FigureMetric.JOBS, "persons"),
            (FigureMetric.INVESTOR_COUNT, "count"),
            (FigureMetric.PROJECT_COUNT, "count"),
        )
    ),
]
METRICS: dict[str, MetricDefinition] = {definition.code: definition for definition in _DEFINITIONS}


def metric_choices() -> list[tuple[str, Any]]:
    return [(definition.code, definition.label) for definition in _DEFINITIONS]


def get_metric(code: str) -> MetricDefinition | None:
    return METRICS.get(code)
