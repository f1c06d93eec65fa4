"""Forms 03 (a commune's clusters) and 04 (a province's clusters) computed, not typed, for a period.

Circular 14/2024 forms 03 and 04 summarise the clusters of a commune or a province in 27 rows. Here each row is
computed from two sources, both as they stood on the period's cut-off date:

- the **registry**: each cluster's lifecycle status then (replayed from its dated lifecycle events), whether it was
  established within the period, whether it had reached a detailed plan or an infrastructure project, its area,
  developer and kind;
- the **approved reports** of the period: each cluster's form 02 (its developer's report) and, for a cluster whose
  form 02 is not approved, the approved form 01 reports of its tenants (for revenue, budget payments, workers and
  income only, so that tenant figures are not lost while the developer's report is pending).

Every number keeps its drill-down: the registry records and the submissions it came from. ``compute`` answers one
commune, province or the nation; ``by_province`` the national form 04 table (one row per province, and the total) in
the same few queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.reporting.choices import DataType, SubmissionStatus
from zoneatlas.reporting.expected import version_for
from zoneatlas.reporting.models import Indicator, ReportForm, Submission
from zoneatlas.reporting.periods import Period, PeriodError
from zoneatlas.zones.choices import ESTABLISHED_OR_LATER, OPERATING_STATUSES, DeveloperType, ZoneKind, ZoneStatus
from zoneatlas.zones.models import LifecycleEvent, Zone

COMMUNE, PROVINCE, NATION = "commune", "province", "nation"
FORM_OF_LEVEL = {COMMUNE: "CCN-03", PROVINCE: "CCN-04", NATION: "CCN-04"}
DEVELOPER_FORM, TENANT_FORM = "CCN-02", "CCN-01"
NOT_IN_PLAN = frozenset({ZoneStatus.PROPOSED, ZoneStatus.ANNULLED, ZoneStatus.REMOVED_FROM_PLAN})
# Statuses that come after each step of the ladder: a cluster that reached any of them had passed the step.
AFTER_DETAILED_PLAN = frozenset(
    {
        ZoneStatus.DETAILED_PLAN_APPROVED,
        ZoneStatus.INFRA_PROJECT_APPROVED,
        ZoneStatus.SITE_CLEARANCE,
        ZoneStatus.UNDER_CONSTRUCTION,
        ZoneStatus.OPERATING,
        ZoneStatus.EXPANDED,
    }
)
AFTER_INFRA_PROJECT = AFTER_DETAILED_PLAN - {ZoneStatus.DETAILED_PLAN_APPROVED}
# The developer's form 02 indicator behind each summed row, and the tenants' form 01 one where it stands in.
FROM_FORM_02 = {
    "infra_capital_approved_bn_vnd": "infra_capital_approved_bn_vnd",
    "infra_capital_disbursed_bn_vnd": "infra_capital_disbursed_bn_vnd",
    "tenant_projects": "tenant_projects",
    "tenant_projects_fdi": "tenant_projects_fdi",
    "tenant_projects_operating": "tenant_projects_operating",
}
FROM_REPORTS = {  # summary row → (form 02 indicator, form 01 indicator)
    "revenue_bn_vnd": ("revenue_bn_vnd", "revenue_bn_vnd"),
    "budget_payments_bn_vnd": ("budget_payments_bn_vnd", "budget_payments_bn_vnd"),
    "workers": ("workers", "contracted_workers"),
}
CENT = Decimal("0.01")


class SummaryError(ValueError):
    """The period or the unit cannot be summarised (the message says why)."""


@dataclass(frozen=True)
class Source:
    """One record a number came from: a registry field of a cluster, or a value of an approved report."""

    zone_code: str
    zone_name: str
    value: Any
    field: str  # the registry field or the report's indicator
    report_id: int | None = None  # the expected report (its page) when the value comes from a submission
    form: str = ""  # CCN-02 or CCN-01 for a report; "" for the registry
    subject: str = ""  # the tenant project, for a form 01 value
    is_synthetic: bool = False

    @property
    def is_registry(self) -> bool:
        return self.report_id is None


@dataclass
class Cluster:
    """What the summary knows of one cluster for the period: its registry facts then, and its approved reports."""

    zone_id: int
    code: str
    name: str
    province_id: int
    commune_id: int | None
    status: str
    gross_area_ha: Decimal | None
    industrial_land_ha: Decimal | None
    developer_type: str
    is_craft_village: bool
    is_specialised: bool
    is_synthetic: bool
    established_in_period: bool
    reached_detailed_plan: bool
    reached_infra_project: bool
    form_02: tuple[int, dict[str, Any]] | None = None  # (expected report id, typed values)
    tenants: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # (report id, project, values)

    @property
    def in_plan(self) -> bool:
        return self.status not in NOT_IN_PLAN

    @property
    def established(self) -> bool:
        return self.status in ESTABLISHED_OR_LATER

    @property
    def operating(self) -> bool:
        return self.status in OPERATING_STATUSES

    def registry(self, name: str, value: Any) -> Source:
        return Source(self.code, self.name, value, name, is_synthetic=self.is_synthetic)

    def reported(self, indicator: str) -> Source | None:
        if self.form_02 is None or self.form_02[1].get(indicator) is None:
            return None
        report_id, values = self.form_02
        return Source(
            self.code, self.name, values[indicator], indicator, report_id, DEVELOPER_FORM, "", self.is_synthetic
        )


@dataclass
class Line:
    """One row of the form: its indicator, the number, how it was computed and what it came from.

    The sources are built when asked for (a drill-down, an export): the national table computes some 900 numbers
    over 1,500 clusters and needs only how many records each one counts (``count``).
    """

    indicator: Indicator
    value: Any
    how: Any  # a lazy translation: rendered in the reader's language, or Vietnamese in the exports
    count: int
    build: Callable[[], list[Source]] = field(repr=False)

    @property
    def code(self) -> str:
        return self.indicator.code

    @cached_property
    def sources(self) -> list[Source]:
        return self.build()


@dataclass
class Summary:
    """Form 03 or 04 of a unit (or the nation) for a period, computed."""

    form: ReportForm
    period: Period
    level: str
    unit: AdminUnit | None
    lines: list[Line]
    clusters: int
    developer_reports: int  # approved form 02 reports counted
    developer_reports_expected: int  # established clusters (each files form 02)
    tenant_stand_ins: int  # clusters counted from their tenants' form 01 reports instead
    synthetic_clusters: int

    def line(self, code: str) -> Line:
        for line in self.lines:
            if line.code == code:
                return line
        raise KeyError(code)

    def values(self) -> dict[str, Any]:
        return {line.code: line.value for line in self.lines}


# Reading the facts ------------------------------------------------------------------------------------------------


def form_and_period(level: str, label: str) -> tuple[ReportForm, Period]:
    """The version of form 03 or 04 in force for the period, and the period."""
    try:
        found = version_for(FORM_OF_LEVEL[level], label.strip())
    except PeriodError as error:
        raise SummaryError(str(error)) from None
    if found is None:
        raise SummaryError(
            _("No version of %(form)s is in force for %(period)s.") % {"form": FORM_OF_LEVEL[level], "period": label}
        )
    form, period = found
    return ReportForm.objects.prefetch_related("indicators").get(pk=form.pk), period


def _clusters(period: Period, zones: QuerySet[Zone]) -> QuerySet[Zone]:
    def ever(statuses: Iterable[str]) -> Exists:
        return Exists(
            LifecycleEvent.objects.filter(zone=OuterRef("pk"), status__in=list(statuses), effective_on__lte=period.end)
        )

    status_then = (
        LifecycleEvent.objects.filter(zone=OuterRef("pk"), effective_on__lte=period.end)
        .order_by("-effective_on", "-id")
        .values("status")[:1]
    )
    established_in_period = LifecycleEvent.objects.filter(
        zone=OuterRef("pk"),
        status=ZoneStatus.ESTABLISHED,
        effective_on__gte=period.start,
        effective_on__lte=period.end,
    )
    return (
        zones.filter(kind=ZoneKind.CLUSTER, deleted_at__isnull=True)
        .annotate(
            status_then=Subquery(status_then),
            established_in_period=Exists(established_in_period),
            reached_detailed_plan=ever(AFTER_DETAILED_PLAN),
            reached_infra_project=ever(AFTER_INFRA_PROJECT),
        )
        .filter(Q(status_then__isnull=False))
        .order_by("code")
    )


def facts(period: Period, zones: QuerySet[Zone]) -> list[Cluster]:
    """Every cluster of ``zones`` that existed on the cut-off date, with its approved reports (three queries)."""
    annotated: Any = _clusters(period, zones)  # the stubs do not know the annotations
    rows = annotated.values_list(
        "pk",
        "code",
        "name",
        "province_id",
        "commune_id",
        "status_then",
        "gross_area_ha",
        "industrial_land_ha",
        "developer_type",
        "is_craft_village",
        "is_specialised",
        "is_synthetic",
        "established_in_period",
        "reached_detailed_plan",
        "reached_infra_project",
    )
    clusters = {row[0]: Cluster(*row) for row in rows}
    if not clusters:
        return []
    approved = Submission.objects.filter(status=SubmissionStatus.APPROVED, expected__period_label=period.label)
    in_scope = Q(expected__zone__in=zones.filter(kind=ZoneKind.CLUSTER).values("pk"))
    kinds: dict[int, dict[str, str]] = {}
    for form_id, code, data_type in Indicator.objects.filter(form__code=DEVELOPER_FORM).values_list(
        "form_id", "code", "data_type"
    ):
        kinds.setdefault(form_id, {})[code] = data_type
    developer_rows = approved.filter(in_scope, expected__form__code=DEVELOPER_FORM).values_list(
        "expected_id", "expected__zone_id", "expected__form_id", "values"
    )
    for report_id, zone_id, form_id, values in developer_rows:
        cluster = clusters.get(zone_id)
        if cluster is not None:
            cluster.form_02 = (report_id, _typed(values, kinds.get(form_id, {})))
    waiting = [pk for pk, cluster in clusters.items() if cluster.form_02 is None]
    if waiting:
        tenant_rows = approved.filter(expected__form__code=TENANT_FORM, expected__zone_id__in=waiting).values_list(
            "expected_id", "expected__zone_id", "expected__project__name", "values"
        )
        for report_id, zone_id, project, values in tenant_rows:
            numbers = {code: Decimal(str(value)) for code, value in values.items() if value is not None}
            clusters[zone_id].tenants.append((report_id, project or "", numbers))
    return list(clusters.values())


def _typed(values: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    """Stored values as numbers: whole numbers and yes/no as they are, the others as Decimal."""
    return {
        code: value if kinds.get(code) in {DataType.INTEGER, DataType.BOOLEAN} else Decimal(str(value))
        for code, value in values.items()
        if value is not None and code in kinds
    }


# Computing the rows -----------------------------------------------------------------------------------------------


Row = tuple[Any, int, Callable[[], list[Source]]]  # the number, how many records it counts, its sources


def _count(clusters: list[Cluster], test: Callable[[Cluster], bool]) -> Row:
    chosen = [cluster for cluster in clusters if test(cluster)]
    return len(chosen), len(chosen), lambda: [cluster.registry("status", cluster.status) for cluster in chosen]


def _area(clusters: list[Cluster], test: Callable[[Cluster], bool]) -> Row:
    chosen = [cluster for cluster in clusters if cluster.gross_area_ha is not None and test(cluster)]
    return (
        sum((cluster.gross_area_ha for cluster in chosen if cluster.gross_area_ha is not None), Decimal(0)),
        len(chosen),
        lambda: [cluster.registry("gross_area_ha", cluster.gross_area_ha) for cluster in chosen],
    )


def _reported(clusters: list[Cluster], indicator: str, start: Any) -> Row:
    chosen = [c for c in clusters if c.form_02 is not None and c.form_02[1].get(indicator) is not None]
    total = sum((cluster.form_02[1][indicator] for cluster in chosen if cluster.form_02 is not None), start)
    return total, len(chosen), lambda: [source for c in chosen if (source := c.reported(indicator)) is not None]


def _tenant_source(cluster: Cluster, tenant: tuple[int, str, dict[str, Any]], indicator: str) -> Source | None:
    report_id, project, values = tenant
    if values.get(indicator) is None:
        return None
    return Source(
        cluster.code, cluster.name, values[indicator], indicator, report_id, TENANT_FORM, project, cluster.is_synthetic
    )


def _results(clusters: list[Cluster], code: str, start: Any) -> Row:
    """A result summed over the form 02 reports, and the tenants' form 01 where a cluster has no form 02."""
    developer_indicator, tenant_indicator = FROM_REPORTS[code]
    own = [c for c in clusters if c.form_02 is not None and c.form_02[1].get(developer_indicator) is not None]
    stand_ins = [
        (cluster, tenant)
        for cluster in clusters
        if cluster.form_02 is None
        for tenant in cluster.tenants
        if tenant[2].get(tenant_indicator) is not None
    ]
    total = sum((c.form_02[1][developer_indicator] for c in own if c.form_02 is not None), Decimal(0))
    total += sum((tenant[2][tenant_indicator] for _cluster, tenant in stand_ins), Decimal(0))

    def build() -> list[Source]:
        found = [source for c in own if (source := c.reported(developer_indicator)) is not None]
        found += [source for c, t in stand_ins if (source := _tenant_source(c, t, tenant_indicator)) is not None]
        return found

    return (int(total) if isinstance(start, int) else total), len(own) + len(stand_ins), build


def weighted_income(clusters: list[Cluster]) -> Row:
    """Average income weighted by workers: Σ (income × workers) ÷ Σ workers over the same reports."""
    weighted, workers = Decimal(0), Decimal(0)
    own: list[Cluster] = []
    stand_ins: list[tuple[Cluster, tuple[int, str, dict[str, Any]]]] = []
    for cluster in clusters:
        if cluster.form_02 is not None:
            values = cluster.form_02[1]
            income, count = values.get("average_income_mn_vnd"), values.get("workers")
            if income is not None and count:
                weighted += income * count
                workers += count
                own.append(cluster)
            continue
        for tenant in cluster.tenants:
            income, count = tenant[2].get("average_income_mn_vnd"), tenant[2].get("contracted_workers")
            if income is not None and count:
                weighted += income * count
                workers += count
                stand_ins.append((cluster, tenant))

    def build() -> list[Source]:
        found = [source for c in own if (source := c.reported("average_income_mn_vnd")) is not None]
        found += [s for c, t in stand_ins if (s := _tenant_source(c, t, "average_income_mn_vnd")) is not None]
        return found

    value = (weighted / workers).quantize(CENT, rounding=ROUND_HALF_UP) if workers else None
    return value, len(own) + len(stand_ins), build


def _operating_land(clusters: list[Cluster]) -> tuple[Row, Row, Row]:
    """Industrial land, leased land and occupancy of the operating clusters whose form 02 is approved."""
    industrial, leased = Decimal(0), Decimal(0)
    chosen: list[tuple[Cluster, bool]] = []  # the cluster, and whether its industrial land is the registry's
    for cluster in clusters:
        if not cluster.operating or cluster.form_02 is None:
            continue
        values = cluster.form_02[1]
        land = values.get("industrial_land_ha")
        from_registry = land is None
        if from_registry:
            land = cluster.industrial_land_ha
        rented = values.get("leased_land_ha")
        if land is None or rented is None:
            continue
        industrial += land
        leased += rented
        chosen.append((cluster, from_registry))

    def land_sources() -> list[Source]:
        found: list[Source] = []
        for cluster, from_registry in chosen:
            source = (
                cluster.registry("industrial_land_ha", cluster.industrial_land_ha)
                if from_registry
                else cluster.reported("industrial_land_ha")
            )
            if source is not None:
                found.append(source)
        return found

    def leased_sources() -> list[Source]:
        return [s for cluster, _registry in chosen if (s := cluster.reported("leased_land_ha")) is not None]

    pct = (leased / industrial * 100).quantize(CENT, rounding=ROUND_HALF_UP) if industrial else None
    return (
        (industrial, len(chosen), land_sources),
        (leased, len(chosen), leased_sources),
        (pct, 2 * len(chosen), lambda: [*leased_sources(), *land_sources()]),
    )


HOW: dict[str, Any] = {
    "clusters_in_plan": _("Registry: clusters in the plan on the cut-off date (not proposed, annulled or removed)."),
    "plan_area_ha": _("Registry: the gross area of those clusters."),
    "established_clusters": _("Registry: clusters established (or further along) on the cut-off date."),
    "established_area_ha": _("Registry: the gross area of the established clusters."),
    "established_in_period": _("Registry: clusters with an establishment decision dated within the period."),
    "established_in_period_area_ha": _("Registry: the gross area of the clusters established within the period."),
    "clusters_with_enterprise_developer": _("Registry: established clusters whose developer is an enterprise."),
    "clusters_with_detailed_plan": _("Registry: established clusters that had reached an approved detailed plan."),
    "clusters_with_infra_project": _(
        "Registry: established clusters that had reached an approved infrastructure project."
    ),
    "operating_clusters": _("Registry: clusters operating on the cut-off date."),
    "operating_craft_village_clusters": _("Registry: operating craft-village clusters."),
    "operating_specialised_clusters": _("Registry: operating specialised clusters."),
    "operating_area_ha": _("Registry: the gross area of the operating clusters."),
    "operating_industrial_land_ha": _(
        "Approved form 02 of the operating clusters: industrial land (the registry's where the report leaves it out)."
    ),
    "operating_leased_land_ha": _("Approved form 02 of the operating clusters: industrial land leased."),
    "average_occupancy_pct": _("Leased land ÷ industrial land of the same operating clusters × 100."),
    "sum_form_02": _("Sum over the approved form 02 reports."),
    "results": _(
        "Sum over the approved form 02 reports; for a cluster whose form 02 is not approved, its tenants' approved "
        "form 01 reports."
    ),
    "average_income_mn_vnd": _("Σ (income × workers) ÷ Σ workers over the same reports."),
    "clusters_with_wwtp": _("Approved form 02 reports saying the central wastewater plant is built."),
    "clusters_with_wwtp_meeting_standard": _("Approved form 02 reports saying the plant meets the standard."),
}


COUNTS: dict[str, Callable[[Cluster], bool]] = {
    "clusters_in_plan": lambda c: c.in_plan,
    "established_clusters": lambda c: c.established,
    "established_in_period": lambda c: c.established_in_period,
    "clusters_with_enterprise_developer": lambda c: c.established and c.developer_type == DeveloperType.ENTERPRISE,
    "clusters_with_detailed_plan": lambda c: c.established and c.reached_detailed_plan,
    "clusters_with_infra_project": lambda c: c.established and c.reached_infra_project,
    "operating_clusters": lambda c: c.operating,
    "operating_craft_village_clusters": lambda c: c.operating and c.is_craft_village,
    "operating_specialised_clusters": lambda c: c.operating and c.is_specialised,
}
AREAS: dict[str, Callable[[Cluster], bool]] = {
    "plan_area_ha": lambda c: c.in_plan,
    "established_area_ha": lambda c: c.established,
    "established_in_period_area_ha": lambda c: c.established_in_period,
    "operating_area_ha": lambda c: c.operating,
}
WWTP = {"clusters_with_wwtp": "wwtp_built", "clusters_with_wwtp_meeting_standard": "wwtp_meets_standard"}
LAND = ("operating_industrial_land_ha", "operating_leased_land_ha", "average_occupancy_pct")


def _row(indicator: Indicator, clusters: list[Cluster]) -> tuple[Row, Any]:
    """The number of one row with its count and sources, and how it is computed."""
    code = indicator.code
    start: Any = 0 if indicator.data_type == DataType.INTEGER else Decimal(0)
    if code in COUNTS:
        return _count(clusters, COUNTS[code]), HOW[code]
    if code in AREAS:
        return _area(clusters, AREAS[code]), HOW[code]
    if code in FROM_FORM_02:
        return _reported(clusters, FROM_FORM_02[code], start), HOW["sum_form_02"]
    if code in FROM_REPORTS:
        return _results(clusters, code, start), HOW["results"]
    if code == "average_income_mn_vnd":
        return weighted_income(clusters), HOW[code]
    if code in WWTP:
        chosen = [c for c in clusters if c.form_02 is not None and c.form_02[1].get(WWTP[code]) is True]
        return (
            len(chosen),
            len(chosen),
            lambda: [s for c in chosen if (s := c.reported(WWTP[code])) is not None],
        ), HOW[code]
    raise KeyError(code)


def summarise(form: ReportForm, period: Period, level: str, unit: AdminUnit | None, clusters: list[Cluster]) -> Summary:
    """The form's rows over the given clusters."""
    land = dict(zip(LAND, _operating_land(clusters), strict=True))
    lines = []
    for indicator in form.indicators.all():
        row, how = (land[indicator.code], HOW[indicator.code]) if indicator.code in land else _row(indicator, clusters)
        value, count, build = row
        lines.append(Line(indicator, value, how, count, build))
    return Summary(
        form=form,
        period=period,
        level=level,
        unit=unit,
        lines=lines,
        clusters=len(clusters),
        developer_reports=sum(1 for cluster in clusters if cluster.form_02 is not None),
        developer_reports_expected=sum(1 for cluster in clusters if cluster.established or cluster.operating),
        tenant_stand_ins=sum(1 for cluster in clusters if cluster.form_02 is None and cluster.tenants),
        synthetic_clusters=sum(1 for cluster in clusters if cluster.is_synthetic),
    )


def _zones_of(level: str, unit: AdminUnit | None) -> QuerySet[Zone]:
    if level == COMMUNE:
        return Zone.objects.filter(commune=unit)
    if level == PROVINCE:
        return Zone.objects.filter(province=unit)
    return Zone.objects.all()


def compute(level: str, label: str, unit: AdminUnit | None = None) -> Summary:
    """Form 03 of a commune, form 04 of a province, or form 04's rows for the nation, for a period."""
    form, period = form_and_period(level, label)
    return summarise(form, period, level, unit, facts(period, _zones_of(level, unit)))


@dataclass
class NationalTable:
    """The national form 04: one summary per province (in code order) and the nation's."""

    rows: list[Summary]
    total: Summary


def by_province(label: str) -> NationalTable:
    """Form 04 of every province and of the nation for a period, from one reading of the facts."""
    form, period = form_and_period(NATION, label)
    clusters = facts(period, Zone.objects.all())
    grouped: dict[int, list[Cluster]] = {}
    for cluster in clusters:
        grouped.setdefault(cluster.province_id, []).append(cluster)
    provinces = AdminUnit.objects.filter(pk__in=grouped).order_by("code")
    rows = [summarise(form, period, PROVINCE, province, grouped[province.pk]) for province in provinces]
    return NationalTable(rows, summarise(form, period, NATION, None, clusters))


def cut_off_note(period: Period) -> str:
    return str(_("The registry as it stood on %(day)s; reports approved for %(period)s.")) % {
        "day": dt.date.strftime(period.end, "%d/%m/%Y"),
        "period": period.label,
    }


class SummaryNotFoundError(SummaryError):
    """No such unit, or one the user may not read the summary of (answered 404)."""


def readable_unit(user: Any, level: str, code: str, label: str) -> AdminUnit | None:
    """The commune or province whose summary for the period the user may read (None for the nation).

    A unit's summary is its form 03 or 04: readable by whoever may read that expected report
    (``zoneatlas.accounts.access.visible_reports``); the national table by those who read everything.
    """
    from zoneatlas.accounts.access import access_for, visible_reports  # accounts sits above reporting
    from zoneatlas.reporting.models import ExpectedReport

    if level == NATION:
        if not access_for(user).reads_everything:
            raise SummaryNotFoundError(_("The national summary is for national officers."))
        return None
    if level not in FORM_OF_LEVEL:
        raise SummaryNotFoundError(_("“%(level)s” is not a commune or a province.") % {"level": level})
    report = (
        visible_reports(
            user,
            ExpectedReport.objects.filter(
                form__code=FORM_OF_LEVEL[level], period_label=label, admin_unit__code=code, admin_unit__level=level
            ),
        )
        .select_related("admin_unit")
        .first()
    )
    if report is None or report.admin_unit is None:
        raise SummaryNotFoundError(
            _("No %(form)s of this unit for %(period)s is in your scope.")
            % {"form": FORM_OF_LEVEL[level], "period": label}
        )
    return report.admin_unit
