"""The province dashboard, officials' landing page: targets with their status and forecast, the lifecycle funnel,
occupancy by zone, stalled zones and why, overdue obstacles, reporting completeness, wastewater-plant coverage and
the map, for parks, clusters or both (``?kind=``).

``/provinces/<code>/dashboard/``. Whoever may read the province's roll-up reads it (``can_read_province``: the
public and every official of the province; a developer, who reads one zone, gets 404). The reporting and obstacle
sections read what the user may read there (reports are internal: the public sees none; obstacles: the public sees
the published ones). Every figure says its source or how it was computed; synthetic records are marked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zoneatlas.accounts.access import access_for, can_read_province, visible_reports
from zoneatlas.figures.choices import Metric
from zoneatlas.figures.models import Observation
from zoneatlas.figures.queries import prefetch_current_occupancy
from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.metrics import reaches
from zoneatlas.planning.models import Target
from zoneatlas.planning.targets import ORDER, Progress, progress_all
from zoneatlas.portal import pages
from zoneatlas.reporting import completeness
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.tenants.choices import LandUse, LeaseStatus
from zoneatlas.tenants.models import Lease
from zoneatlas.tenants.occupancy import INDUSTRIAL_LAND_SEGMENT
from zoneatlas.zones.choices import ZoneKind, ZoneStatus
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone

TWO_PLACES = Decimal("0.01")
FUNNEL = [ZoneStatus.PLANNED, ZoneStatus.ESTABLISHED, ZoneStatus.UNDER_CONSTRUCTION, ZoneStatus.OPERATING]
KINDS = {"": None, ZoneKind.PARK.value: ZoneKind.PARK, ZoneKind.CLUSTER.value: ZoneKind.CLUSTER}


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP) if whole else None


@dataclass(frozen=True)
class Stage:
    status: str
    label: str
    zones: int
    area_ha: Decimal
    without_area: int


@dataclass(frozen=True)
class ZoneOccupancy:
    zone: Zone
    reported: Observation | None
    leased_pct: Decimal | None
    committed_pct: Decimal | None
    leases: int
    synthetic_leases: bool
    land_basis: str


@dataclass(frozen=True)
class Stalled:
    zone: Zone
    since: dt.date
    why: str
    source: str
    quote: str


@dataclass
class WwtpCoverage:
    zones: int = 0
    compliant: list[Zone] = field(default_factory=list)
    built_unknown: list[Zone] = field(default_factory=list)
    building: list[Zone] = field(default_factory=list)
    none_reported: list[Zone] = field(default_factory=list)

    @property
    def compliant_pct(self) -> Decimal | None:
        return _pct(Decimal(len(self.compliant)), Decimal(self.zones))


@dataclass
class Dashboard:
    province: AdminUnit
    on: dt.date
    kind: str
    targets: list[Progress]
    funnel: list[Stage]
    occupancy: list[ZoneOccupancy]
    stalled: list[Stalled]
    wwtp: WwtpCoverage
    reporting_period: str | None
    reporting: list[completeness.Rate] | None
    obstacles: list[Any] | None
    points: list[dict[str, Any]]
    charts: dict[str, Any] = field(default_factory=dict)


# --- The sections --------------------------------------------------------------------------------------------------


def funnel(zones: list[Zone]) -> list[Stage]:
    """Zones at or past each stage today (a stalled zone has been established; an operating one planned...)."""
    stages = []
    for status in FUNNEL:
        reached = [zone for zone in zones if zone.status in reaches(status)]
        stages.append(
            Stage(
                status=status,
                label=str(ZoneStatus(status).label),
                zones=len(reached),
                area_ha=sum((zone.gross_area_ha or Decimal(0) for zone in reached), Decimal(0)),
                without_area=sum(zone.gross_area_ha is None for zone in reached),
            )
        )
    return stages


def occupancy_by_zone(zones: list[Zone], on: dt.date) -> list[ZoneOccupancy]:
    """Operating zones: the current published figure, and the land leased and committed by their lease records
    (two queries for every zone: the leases, and the industrial-land figures used where the registry has none)."""
    operating = [zone for zone in zones if zone.status in reaches(ZoneStatus.OPERATING)]
    leases: dict[int, list[Lease]] = {}
    for lease in Lease.objects.filter(zone__in=operating, land_use=LandUse.INDUSTRIAL).active_on(on):
        leases.setdefault(lease.zone_id, []).append(lease)
    land_figures: dict[int, Observation] = {}
    for figure in (
        Observation.objects.accepted()
        .actual()
        .filter(zone__in=operating, metric=Metric.AREA, segment=INDUSTRIAL_LAND_SEGMENT, value__gt=0)
        .select_related("document")
        .defer("document__text")
        .latest_first()
    ):
        land_figures.setdefault(figure.zone_id or 0, figure)
    rows = []
    for zone in operating:
        figures = getattr(zone, "occupancy_figures", [])
        held = leases.get(zone.pk, [])
        land, basis = zone.industrial_land_ha, _("registry")
        if not land and zone.pk in land_figures:
            figure = land_figures[zone.pk]
            land, basis = (
                figure.value,
                _("figure of %(day)s, source %(source)s")
                % {
                    "day": figure.as_of.isoformat(),
                    "source": figure.document.code,
                },
            )
        leased = sum((lease.area_ha for lease in held if lease.status != LeaseStatus.COMMITTED), Decimal(0))
        committed = sum((lease.area_ha for lease in held if lease.status == LeaseStatus.COMMITTED), Decimal(0))
        rows.append(
            ZoneOccupancy(
                zone=zone,
                reported=figures[0] if figures else None,
                leased_pct=_pct(leased, land) if held and land else None,
                committed_pct=_pct(committed, land) if held and land and committed else None,
                leases=len(held),
                synthetic_leases=any(lease.is_synthetic for lease in held),
                land_basis=basis if held and land else "",
            )
        )
    return rows


def stalled_zones(zones: list[Zone]) -> list[Stalled]:
    """Stalled zones with the record that says so: its note (why), its source and quote (one query)."""
    stalled = [zone for zone in zones if zone.status == ZoneStatus.STALLED]
    events = (
        LifecycleEvent.objects.filter(zone__in=stalled, status=ZoneStatus.STALLED)
        .select_related("document")
        .defer("document__text")
        .order_by("zone_id", "-effective_on", "-id")
    )
    latest: dict[int, LifecycleEvent] = {}
    for event in events:
        latest.setdefault(event.zone_id, event)
    rows = []
    for zone in stalled:
        found = latest.get(zone.pk)
        if found is None:
            continue
        event = found
        rows.append(
            Stalled(
                zone=zone,
                since=event.effective_on,
                why=event.note or event.quote,
                source=event.document.code if event.document else "",
                quote=event.quote,
            )
        )
    return rows


def wwtp_coverage(zones: list[Zone]) -> WwtpCoverage:
    """Established zones (and later) by the latest report of their central wastewater plant (one query)."""
    counted = [zone for zone in zones if zone.status in reaches(ZoneStatus.ESTABLISHED)]
    latest: dict[int, WastewaterPlant] = {}
    for report in WastewaterPlant.objects.filter(zone__in=counted).order_by("zone_id", "-as_of", "-id"):
        latest.setdefault(report.zone_id, report)
    coverage = WwtpCoverage(zones=len(counted))
    for zone in counted:
        plant = latest.get(zone.pk)
        if plant is None:
            coverage.none_reported.append(zone)
        elif plant.is_built and plant.meets_standard:
            coverage.compliant.append(zone)
        elif plant.is_built:
            coverage.built_unknown.append(zone)
        else:
            coverage.building.append(zone)
    return coverage


def reporting_rates(province: AdminUnit, user: Any) -> tuple[str | None, list[completeness.Rate] | None]:
    """The completeness of the province's latest reporting period, per form, over the reports the user may read
    (None for the public, who reads no report)."""
    if access_for(user).is_public:
        return None, None
    reports = visible_reports(user, ExpectedReport.objects.filter(province=province))
    last = reports.aggregate(last=Max("period_end"))["last"]
    if last is None:
        return None, []
    period = reports.filter(period_end=last).values_list("period_label", flat=True).first()
    return period, completeness.rates(reports.filter(period_label=period))


def overdue(province: AdminUnit, on: dt.date, user: Any, kind: str) -> list[Any] | None:
    """The province's obstacles past their deadline that the user may read (``zoneatlas.steering``); None when
    the steering app does not provide them."""
    try:
        from zoneatlas.steering.models import Obstacle
        from zoneatlas.steering.services import overdue_obstacles
    except ImportError:  # pragma: no cover - the steering app ships with the project
        return None
    obstacles = overdue_obstacles(province, on)
    visible = set(
        Obstacle.objects.visible_to(user).filter(pk__in=[o.pk for o in obstacles]).values_list("pk", flat=True)
    )
    return [o for o in obstacles if o.pk in visible and (not kind or o.zone.kind == kind)]


def target_chart(item: Progress) -> dict[str, Any]:
    data = item.chart()
    data["status"] = item.status
    return data


def build(province: AdminUnit, user: Any, kind: str, on: dt.date) -> Dashboard:
    zones_qs: QuerySet[Zone] = Zone.objects.visible_to(user).filter(province=province)
    if kind:
        zones_qs = zones_qs.filter(kind=kind)
    zones = list(zones_qs.prefetch_related(prefetch_current_occupancy()).order_by("code"))
    targets = Target.objects.visible_to(user).in_province(province)
    if kind:
        from zoneatlas.planning.filters import TargetFilterSet

        targets = TargetFilterSet({"kind": kind}, queryset=targets).qs
    progress = progress_all(targets.order_by(*ORDER), on, user)
    period, rates = reporting_rates(province, user)
    query = QueryDict(mutable=True)
    query["province"] = province.code
    if kind:
        query["kind"] = kind
    dashboard = Dashboard(
        province=province,
        on=on,
        kind=kind,
        targets=progress,
        funnel=funnel(zones),
        occupancy=occupancy_by_zone(zones, on),
        stalled=stalled_zones(zones),
        wwtp=wwtp_coverage(zones),
        reporting_period=period,
        reporting=rates,
        obstacles=overdue(province, on, user, kind),
        points=pages.map_points(query, user),
    )
    dashboard.charts = {
        "targets": [target_chart(item) for item in progress],
        "funnel": {
            "labels": [stage.label for stage in dashboard.funnel],
            "zones": [stage.zones for stage in dashboard.funnel],
            "area": [float(stage.area_ha) for stage in dashboard.funnel],
        },
    }
    return dashboard


def chart_words() -> dict[str, str]:
    return {
        **pages.chart_labels(),
        "data": _("Data"),
        "synthetic": _("synthetic"),
        "forecast": _("Forecast"),
        "target": _("Target"),
        "milestone": _("Milestone"),
        "zones": _("Zones"),
        "area": _("Area (ha)"),
    }


# --- The view -------------------------------------------------------------------------------------------------------


@require_GET
def province_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    """The province's dashboard; a pre-2025 province's code or a name redirects to today's province's."""
    lookup = pages.find_province(code)
    if lookup.province is None or not can_read_province(request.user, lookup.province):
        raise Http404(_("No province is known by “%(code)s”.") % {"code": code})
    if lookup.province.code != code:
        return redirect(reverse("portal:province-dashboard", args=[lookup.province.code]))
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        message = _("“%(kind)s” is not a kind of zone: choose park or cluster.") % {"kind": kind}
        return render(request, "portal/refused.html", {"message": message}, status=400)
    dashboard = build(lookup.province, request.user, kind, timezone.localdate())
    context: dict[str, Any] = {
        "dashboard": dashboard,
        "province": lookup.province,
        "kinds": [
            ("", _("All")),
            (ZoneKind.PARK.value, ZoneKind.PARK.label),
            (ZoneKind.CLUSTER.value, ZoneKind.CLUSTER.label),
        ],
        "map_config": pages.map_config(),
        "statuses": pages.map_statuses(),
        "chart_words": chart_words(),
        "sees_reports": not access_for(request.user).is_public,
    }
    return render(request, "portal/province_dashboard.html", context)


@require_GET
def my_dashboard(request: HttpRequest) -> HttpResponse:
    """The officials' landing page: an officer of one province goes to its dashboard, anyone else to the overview
    of provinces, where each province's page links to its dashboard."""
    provinces = sorted(access_for(request.user).read_provinces)
    if len(provinces) == 1:
        province = AdminUnit.objects.get(pk=provinces[0])
        return redirect(reverse("portal:province-dashboard", args=[province.code]))
    return redirect(reverse("portal:overview"))
