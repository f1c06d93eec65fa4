"""The province report: planning, establishment and operation status, occupancy, investment, jobs, infrastructure
spending by source, WWTP status, targets and obstacles, as tables in which every number says where it comes from.

A report is a list of sections, each a list of tables; the same tables become the web page, the PDF
(``report_files``) and the XLSX workbook, so the three never disagree. A figure quoted from a document names the
document; a number computed from records says how (the table's note). The report is built for a user: it holds
only the zones, figures and obstacles that user reads (``zoneatlas.accounts.access``). Synthetic records say so.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from zoneatlas.accounts.access import visible_figures, visible_zones
from zoneatlas.geo.models import AdminUnit
from zoneatlas.steering.models import Obstacle
from zoneatlas.tenants.choices import FundingSource
from zoneatlas.tenants.models import InfrastructureFunding
from zoneatlas.tenants.rollups import rollup
from zoneatlas.zones.api.summary import OCCUPANCY_METHOD
from zoneatlas.zones.choices import OPERATING_STATUSES, WastewaterPlantStatus, ZoneKind, ZoneStatus
from zoneatlas.zones.models import LifecycleEvent, PlanEntry, WastewaterPlant, Zone
from zoneatlas.zones.summary import province_figures, roll_up, zones_for_rollup

# Provinces with at most this many zones get their report on the page at once; larger ones in the background.
INLINE_MAX_ZONES = 30

Progress = Callable[[int, str], None]


@dataclass
class Table:
    key: str  # the workbook's sheet name: short, unique, ASCII
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    note: str = ""  # where the numbers come from, or how they are computed


@dataclass
class Section:
    key: str
    title: str
    tables: list[Table] = field(default_factory=list)
    text: str = ""
    is_placeholder: bool = False


@dataclass
class ProvinceReport:
    province: AdminUnit
    on: dt.date
    sections: list[Section] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [table for section in self.sections for table in section.tables]


def _yes_no(value: bool | None) -> str:
    if value is None:
        return _("not known")
    return _("yes") if value else _("no")


def _document_title(document: Any) -> str:
    if document is None:
        return ""
    title = str(document.title)
    return f"{title} [{_('synthetic')}]" if document.is_synthetic else title


def report_zones(province: AdminUnit, user: Any) -> QuerySet[Zone]:
    return visible_zones(user, Zone.objects.alive().filter(province=province)).order_by("code")


def build_report(province: AdminUnit, on: dt.date, user: Any, progress: Progress | None = None) -> ProvinceReport:
    """The province's report on the day, as the user may read it; ``progress(pct, step)`` after each section."""
    zones = report_zones(province, user)
    report = ProvinceReport(province=province, on=on)
    builders: list[Callable[[], Section]] = [
        lambda: _planning(zones),
        lambda: _published(province, user),
        lambda: _status(zones),
        lambda: _occupancy(zones),
        lambda: _investment_and_jobs(province, zones, on),
        lambda: _infrastructure(zones),
        lambda: _wwtp(zones),
        lambda: _targets(province, on, user),
        lambda: _obstacles(province, on, user),
    ]
    for number, build in enumerate(builders, start=1):
        section = build()
        report.sections.append(section)
        if progress is not None:
            progress(int(number * 90 / len(builders)), section.title)
    return report


def _planning(zones: QuerySet[Zone]) -> Section:
    entries = (
        PlanEntry.objects.filter(zone__in=zones)
        .select_related("plan__document", "zone")
        .defer("plan__document__text")
        .order_by("plan__name", "zone__code")
    )
    by_plan: dict[int, list[PlanEntry]] = defaultdict(list)
    plans = {}
    for entry in entries:
        by_plan[entry.plan_id].append(entry)
        plans[entry.plan_id] = entry.plan
    table = Table(
        key="planning",
        title=_("Zones of the registry in each plan"),
        columns=[_("Plan"), _("Approved by"), _("Zones"), _("Planned area (ha)"), _("Source")],
        note=_(
            "Counted from the registry: zones of the province listed in the plan; the area is the sum of the planned "
            "areas the plan states (zones without one are not counted in it)."
        ),
    )
    for plan_id, rows in by_plan.items():
        plan = plans[plan_id]
        areas = [entry.planned_area_ha for entry in rows if entry.planned_area_ha is not None]
        table.rows.append(
            [
                plan.name,
                plan.approved_by,
                len(rows),
                sum(areas, Decimal(0)) if areas else None,
                _document_title(plan.document),
            ]
        )
    return Section(key="planning", title=_("Planning"), tables=[table])


def _published(province: AdminUnit, user: Any) -> Section:
    figures = visible_figures(user, province_figures(province)).defer("document__text")
    table = Table(
        key="published",
        title=_("Figures published about the province"),
        columns=[_("Metric"), _("Status"), _("Value"), _("Unit"), _("Period"), _("Source"), _("Quote")],
        note=_("As the sources state them, with the passage quoted; not recomputed."),
    )
    for figure in figures:
        table.rows.append(
            [
                figure.get_metric_display(),
                figure.status,
                figure.value,
                figure.unit,
                figure.period_label or figure.as_of.isoformat(),
                _document_title(figure.document),
                figure.quote,
            ]
        )
    return Section(key="published", title=_("Published figures"), tables=[table])


def _status(zones: QuerySet[Zone]) -> Section:
    latest = Prefetch(
        "lifecycle",
        queryset=LifecycleEvent.objects.select_related("document")
        .defer("document__text")
        .order_by("-effective_on", "-id"),
        to_attr="events",
    )
    table = Table(
        key="status",
        title=_("Establishment and operation status of each zone"),
        columns=[
            _("Code"),
            _("Zone"),
            _("Kind"),
            _("Status"),
            _("Since"),
            _("Gross area (ha)"),
            _("Source"),
            _("Synthetic"),
        ],
        note=_("The status is the latest event of the zone's lifecycle, with the document that records it."),
    )
    for zone in zones.prefetch_related(latest):
        event = zone.events[0] if zone.events else None
        table.rows.append(
            [
                zone.code,
                zone.name,
                ZoneKind(zone.kind).label,
                ZoneStatus(zone.status).label,
                zone.status_since,
                zone.gross_area_ha,
                _document_title(event.document) if event else "",
                _yes_no(zone.is_synthetic),
            ]
        )
    rolled = roll_up(zones)
    totals = Table(
        key="status_totals",
        title=_("Zones by status"),
        columns=[_("Kind"), _("Status"), _("Zones")],
        rows=[
            [ZoneKind(kind).label, ZoneStatus(status).label, count]
            for (kind, status), count in sorted(rolled.by_kind_and_status.items())
        ],
        note=_("Counted from the table above."),
    )
    areas = Table(
        key="status_areas",
        title=_("Gross area by stage (ha)"),
        columns=[_("Stage"), _("Gross area (ha)")],
        rows=[
            [_("Planned"), rolled.gross_area_ha.get("planned", Decimal(0))],
            [_("Established"), rolled.gross_area_ha.get("established", Decimal(0))],
            [_("Operating"), rolled.gross_area_ha.get("operating", Decimal(0))],
        ],
        note=_(
            "Sum of the registry's gross areas of the zones at or past each stage; zones without an area: %(zones)s."
        )
        % {"zones": ", ".join(rolled.zones_without_area) or "—"},
    )
    return Section(key="status", title=_("Establishment and operation status"), tables=[table, totals, areas])


def _occupancy(zones: QuerySet[Zone]) -> Section:
    rolled = roll_up(zones)
    table = Table(
        key="occupancy",
        title=_("Occupancy of operating zones"),
        columns=[
            _("Code"),
            _("Zone"),
            _("Rate (%)"),
            _("As of"),
            _("Leased (ha)"),
            _("Industrial land (ha)"),
            _("Source"),
        ],
        note=_("Each zone's current accepted occupancy figure, as its source states it."),
    )
    for zone in zones_for_rollup(zones.filter(status__in=OPERATING_STATUSES)):
        figures = getattr(zone, "occupancy_figures", [])
        figure = figures[0] if figures else None
        table.rows.append(
            [
                zone.code,
                zone.name,
                figure.value if figure else None,
                figure.as_of if figure else None,
                figure.leased_ha if figure else None,
                figure.industrial_land_ha if figure else zone.industrial_land_ha,
                _document_title(figure.document) if figure else _("no figure"),
            ]
        )
    occupancy = rolled.occupancy
    total = Table(
        key="occupancy_total",
        title=_("Area-weighted occupancy of the province"),
        columns=[
            _("Rate (%)"),
            _("Leased (ha)"),
            _("Industrial land (ha)"),
            _("Zones counted"),
            _("Zones without parts"),
        ],
        rows=[
            [
                occupancy.rate_pct,
                occupancy.leased_ha,
                occupancy.industrial_land_ha,
                ", ".join(occupancy.counted + occupancy.derived_from_rate),
                ", ".join(occupancy.without_parts),
            ]
        ],
        note=OCCUPANCY_METHOD,
    )
    return Section(key="occupancy", title=_("Occupancy"), tables=[table, total])


def _investment_and_jobs(province: AdminUnit, zones: QuerySet[Zone], on: dt.date) -> Section:
    result = rollup(zones, province.code, on)
    investment = Table(
        key="investment",
        title=_("Investment attracted (secondary projects)"),
        columns=[_("Quantity"), _("Value"), _("Unit")],
        rows=[
            [_("Projects"), result.projects, _("count")],
            [_("Foreign-invested projects"), result.fdi_projects, _("count")],
            [_("Domestic projects"), result.domestic_projects, _("count")],
            [_("Investors"), result.investors, _("count")],
            [_("Registered capital"), result.registered_vnd, "VND"],
            [_("Registered capital"), result.registered_usd, "USD"],
            [_("Registered capital of foreign-invested projects"), result.fdi_registered_vnd, "VND"],
            [_("Disbursed capital"), result.disbursed_vnd, "VND"],
            [_("Synthetic projects among them"), result.synthetic_projects, _("count")],
        ],
        note=result.computed_from,
    )
    jobs = Table(
        key="jobs",
        title=_("Jobs in the projects"),
        columns=[_("Quantity"), _("Value"), _("Unit")],
        rows=[
            [_("Planned jobs"), result.planned_jobs, _("persons")],
            [_("Actual jobs"), result.actual_jobs, _("persons")],
            [_("Local workers"), result.local_workers, _("persons")],
        ],
        note=result.computed_from,
    )
    return Section(key="investment", title=_("Investment attracted and jobs"), tables=[investment, jobs])


def _infrastructure(zones: QuerySet[Zone]) -> Section:
    funding = (
        InfrastructureFunding.objects.filter(zone__in=zones)
        .select_related("zone", "document")
        .defer("document__text")
        .order_by("zone__code", "year", "source")
    )
    rows = Table(
        key="infrastructure",
        title=_("Infrastructure spending of each zone"),
        columns=[
            _("Code"),
            _("Zone"),
            _("Source of funds"),
            _("Year"),
            _("Approved (VND)"),
            _("Disbursed (VND)"),
            _("As of"),
            _("Source"),
            _("Synthetic"),
        ],
        note=_("As recorded from the documents named; amounts in other currencies converted at the rate recorded."),
    )
    approved: dict[str, int] = defaultdict(int)
    disbursed: dict[str, int] = defaultdict(int)
    for item in funding:
        rows.rows.append(
            [
                item.zone.code,
                item.zone.name,
                FundingSource(item.source).label,
                item.year,
                item.approved_vnd,
                item.disbursed_vnd,
                item.as_of,
                _document_title(item.document),
                _yes_no(item.is_synthetic),
            ]
        )
        approved[item.source] += item.approved_vnd or 0
        disbursed[item.source] += item.disbursed_vnd or 0
    totals = Table(
        key="infrastructure_totals",
        title=_("Infrastructure spending by source of funds"),
        columns=[_("Source of funds"), _("Approved (VND)"), _("Disbursed (VND)")],
        rows=[
            [FundingSource(source).label, approved.get(source, 0), disbursed.get(source, 0)]
            for source in FundingSource.values
            if source in approved or source in disbursed
        ],
        note=_("Sums of the table above by source of funds (amounts not stated count as 0)."),
    )
    return Section(key="infrastructure", title=_("Infrastructure spending by source"), tables=[rows, totals])


def _wwtp(zones: QuerySet[Zone]) -> Section:
    plants = (
        WastewaterPlant.objects.filter(zone__in=zones)
        .select_related("zone", "document")
        .defer("document__text")
        .order_by("zone__code", "-as_of", "-id")
    )
    latest: dict[int, WastewaterPlant] = {}
    for plant in plants:
        latest.setdefault(plant.zone_id, plant)
    table = Table(
        key="wwtp",
        title=_("Central wastewater treatment plants"),
        columns=[
            _("Code"),
            _("Zone"),
            _("Status"),
            _("As of"),
            _("Capacity (m³/day)"),
            _("Meets the standard"),
            _("Source"),
        ],
        rows=[
            [
                plant.zone.code,
                plant.zone.name,
                WastewaterPlantStatus(plant.status).label,
                plant.as_of,
                plant.capacity_m3_per_day,
                _yes_no(plant.meets_standard),
                _document_title(plant.document),
            ]
            for plant in latest.values()
        ],
        note=_("The latest report of each zone's plant."),
    )
    operating = list(zones.filter(status__in=OPERATING_STATUSES).values_list("pk", flat=True))
    built = [pk for pk in operating if pk in latest and latest[pk].is_built]
    coverage = Table(
        key="wwtp_coverage",
        title=_("Operating zones with a built plant"),
        columns=[_("Operating zones"), _("With a built plant"), _("Without a plant or not reported")],
        rows=[[len(operating), len(built), len(operating) - len(built)]],
        note=_("Counted from the registry's statuses and the latest plant reports above."),
    )
    return Section(key="wwtp", title=_("Wastewater treatment"), tables=[table, coverage])


def _targets(province: AdminUnit, on: dt.date, user: Any) -> Section:
    """Targets and their forecast, from ``zoneatlas.planning.targets`` when that module exists."""
    title = _("Targets and their forecast")
    if importlib.util.find_spec("zoneatlas.planning.targets") is None:
        return Section(
            key="targets",
            title=title,
            text=_(
                "Placeholder: targets are not recorded in this version of ZoneAtlas yet; this section will list them."
            ),
            is_placeholder=True,
        )
    from zoneatlas.steering import report_targets

    return report_targets.targets_section(province, on, user, title)


def _obstacles(province: AdminUnit, on: dt.date, user: Any) -> Section:
    obstacles = (
        Obstacle.objects.visible_to(user)
        .in_province(province)
        .with_related()
        .defer("source_document__text")
        .order_by("deadline", "zone__code", "kind", "pk")
    )
    table = Table(
        key="obstacles",
        title=_("Obstacles"),
        columns=[
            _("Code"),
            _("Zone"),
            _("Kind"),
            _("Responsible agency"),
            _("Directive"),
            _("Deadline"),
            _("Days overdue"),
            _("Status"),
            _("Escalation level"),
            _("Source"),
            _("Quote"),
            _("Synthetic"),
        ],
        note=_("Days overdue: the report's day minus the deadline, for obstacles neither resolved nor dropped."),
    )
    for obstacle in obstacles:
        directive = obstacle.directive
        table.rows.append(
            [
                obstacle.zone.code,
                obstacle.zone.name,
                obstacle.get_kind_display(),
                obstacle.agency.name,
                f"{directive.number or _('no number')} ({directive.issued_on.isoformat()})" if directive else "",
                obstacle.deadline,
                obstacle.days_overdue(on),
                obstacle.get_status_display(),
                obstacle.get_escalation_level_display(),
                _document_title(obstacle.source_document),
                obstacle.quote,
                _yes_no(obstacle.is_synthetic),
            ]
        )
    return Section(key="obstacles", title=_("Obstacles"), tables=[table])
