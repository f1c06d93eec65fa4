"""Indicators of a zone, a province or the nation for a period, computed from approved reports.

Each indicator carries its formula (as text) and its inputs, so a reader can redo the division. The data are the
clusters' approved form 02 reports of the period and the registry's statuses on the cut-off date, read once by
``zoneatlas.reporting.summaries.facts`` (the same reading as forms 03 and 04). Ratios are of sums, not averages of
ratios: a large cluster weighs as much as its land.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.reporting.expected import version_for
from zoneatlas.reporting.periods import Period, PeriodError
from zoneatlas.reporting.summaries import Cluster, SummaryError, facts, weighted_income
from zoneatlas.zones.models import Zone

ZONE, PROVINCE, NATION = "zone", "province", "nation"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Value:
    """One indicator: its number (None when a divisor is zero or nothing was reported), formula and inputs."""

    code: str
    name: Any
    unit: str
    value: Decimal | None
    formula: Any
    inputs: dict[str, Any]
    reports: int  # approved reports the inputs came from

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": str(self.name),
            "unit": self.unit,
            "value": None if self.value is None else str(self.value),
            "formula": str(self.formula),
            "inputs": {key: value if isinstance(value, int) else str(value) for key, value in self.inputs.items()},
            "reports": self.reports,
        }


@dataclass
class Indicators:
    level: str
    code: str
    name: str
    period: Period
    values: list[Value]
    clusters: int
    synthetic_clusters: int

    def value(self, code: str) -> Value:
        return next(value for value in self.values if value.code == code)


def _ratio(part: Decimal, whole: Decimal, scale: int = 1) -> Decimal | None:
    return (part * scale / whole).quantize(CENT, rounding=ROUND_HALF_UP) if whole else None


def _sum(clusters: list[Cluster], *codes: str) -> tuple[list[Decimal], int]:
    """Per code, the sum over the clusters whose approved form 02 gives every one of ``codes``; and how many."""
    totals = [Decimal(0)] * len(codes)
    count = 0
    for cluster in clusters:
        values = cluster.form_02[1] if cluster.form_02 is not None else {}
        if all(values.get(code) is not None for code in codes):
            totals = [total + Decimal(values[code]) for total, code in zip(totals, codes, strict=True)]
            count += 1
    return totals, count


def _with_land(clusters: list[Cluster]) -> list[Cluster]:
    """The clusters with an approved form 02, industrial land taken from the registry where the report leaves it out."""
    found = []
    for cluster in clusters:
        if cluster.form_02 is None:
            continue
        values = dict(cluster.form_02[1])
        if values.get("industrial_land_ha") is None and cluster.industrial_land_ha is not None:
            values["industrial_land_ha"] = Decimal(cluster.industrial_land_ha)
        found.append(Cluster(**{**cluster.__dict__, "form_02": (cluster.form_02[0], values)}))
    return found


def compute_for(clusters: list[Cluster]) -> list[Value]:
    """The six indicators over the clusters."""
    operating = [cluster for cluster in clusters if cluster.operating]
    landed = _with_land(clusters)
    (leased, industrial), occupied = _sum(_with_land(operating), "leased_land_ha", "industrial_land_ha")
    (disbursed, land), capitalised = _sum(landed, "infra_capital_disbursed_bn_vnd", "industrial_land_ha")
    (workers, leased_all), staffed = _sum(landed, "workers", "leased_land_ha")
    (fdi, projects), counted = _sum(landed, "tenant_projects_fdi", "tenant_projects")
    income, income_reports, _sources = weighted_income(clusters)
    compliant = [c for c in operating if c.form_02 is not None and c.form_02[1].get("wwtp_meets_standard") is True]
    reporting = sum(1 for cluster in operating if cluster.form_02 is not None)
    return [
        Value(
            "occupancy_pct",
            _("Occupancy"),
            "%",
            _ratio(leased, industrial, 100),
            _("industrial land leased ÷ industrial land × 100, over the operating clusters (Decree 32/2024 Art. 2.7)"),
            {"leased_land_ha": leased, "industrial_land_ha": industrial},
            occupied,
        ),
        Value(
            "capital_per_ha_bn_vnd",
            _("Infrastructure capital per hectare"),
            "bn VND/ha",
            _ratio(disbursed, land),
            _("infrastructure capital disbursed ÷ industrial land"),
            {"infra_capital_disbursed_bn_vnd": disbursed, "industrial_land_ha": land},
            capitalised,
        ),
        Value(
            "jobs_per_ha",
            _("Jobs per hectare"),
            "persons/ha",
            _ratio(workers, leased_all),
            _("workers ÷ industrial land leased"),
            {"workers": int(workers), "leased_land_ha": leased_all},
            staffed,
        ),
        Value(
            "average_income_mn_vnd",
            _("Average income"),
            "mn VND/person/month",
            income,
            _("Σ (average income × workers) ÷ Σ workers (tenants' form 01 where a form 02 is not approved)"),
            {"reports": income_reports},
            income_reports,
        ),
        Value(
            "fdi_share_pct",
            _("FDI share of tenant projects"),
            "%",
            _ratio(fdi, projects, 100),
            _("FDI tenant projects ÷ tenant projects × 100"),
            {"tenant_projects_fdi": int(fdi), "tenant_projects": int(projects)},
            counted,
        ),
        Value(
            "wwtp_coverage_pct",
            _("Wastewater treatment coverage"),
            "%",
            _ratio(Decimal(len(compliant)), Decimal(len(operating)), 100),
            _(
                "operating clusters whose approved form 02 says the central plant meets the standard ÷ operating "
                "clusters × 100 (a cluster without an approved report counts as not compliant)"
            ),
            {"compliant_clusters": len(compliant), "operating_clusters": len(operating), "reporting": reporting},
            reporting,
        ),
    ]


def period_of(label: str) -> Period:
    """The reporting period of the clusters' form 02 that a label names."""
    try:
        found = version_for("CCN-02", label.strip())
    except PeriodError as error:
        raise SummaryError(str(error)) from None
    if found is None:
        raise SummaryError(
            _("No version of %(form)s is in force for %(period)s.") % {"form": "CCN-02", "period": label}
        )
    return found[1]


def compute(level: str, label: str, *, zone: Zone | None = None, unit: AdminUnit | None = None) -> Indicators:
    """The indicators of a zone, a province (``unit``) or the nation for a period."""
    period = period_of(label)
    zones: QuerySet[Zone]
    if level == ZONE:
        assert zone is not None
        zones, code, name = Zone.objects.filter(pk=zone.pk), zone.code, zone.name
    elif level == PROVINCE:
        assert unit is not None
        zones, code, name = Zone.objects.filter(province=unit), unit.code, unit.name
    else:
        zones, code, name = Zone.objects.all(), "VN", "Việt Nam"
    clusters = facts(period, zones)
    return Indicators(
        level,
        code,
        name,
        period,
        compute_for(clusters),
        len(clusters),
        sum(1 for cluster in clusters if cluster.is_synthetic),
    )


def readable_zone(user: Any, code: str, label: str) -> Zone:
    """The zone whose indicators the user may read: one whose reports they read (``accounts.access``)."""
    from zoneatlas.accounts.access import visible_reports  # accounts sits above reporting
    from zoneatlas.reporting.models import ExpectedReport
    from zoneatlas.reporting.summaries import SummaryNotFoundError

    report = (
        visible_reports(user, ExpectedReport.objects.filter(zone__code=code, period_label=label))
        .select_related("zone")
        .first()
    )
    if report is None or report.zone is None:
        raise SummaryNotFoundError(_("No report about this zone for %(period)s is in your scope.") % {"period": label})
    return report.zone
