"""A zone's occupancy over time from its records: the lease records at each quarter end, and approved reports.

The lease records give the land **leased** (signed, handed over or idle) at each quarter end, from the quarter of
the first lease to the day the records describe: the latest date of the documents they cite (a lease with no
document is taken as current). Land **committed** by an investment approval but not yet leased is the pipeline: the
law counts it in occupancy (Decree 32/2024 Art. 2.7), so a forecast never falls below what is leased plus what is
committed. A lease counts from its start date until it ends or is terminated; its status is today's (a lease now
handed over counts as leased from its start).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zoneatlas.planning.metrics import Point, PointSource
from zoneatlas.reporting.choices import SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.tenants.choices import LandUse, LeaseStatus
from zoneatlas.tenants.models import Lease
from zoneatlas.tenants.occupancy import land_base
from zoneatlas.zones.models import Zone

TWO_PLACES = Decimal("0.01")
# The forms whose approved reports give a zone's occupancy (Circular 14/2024: form 02 of a cluster's developer; the
# park board's quarterly report).
OCCUPANCY_FORMS = ("CCN-02", "KCN-Q")


@dataclass
class LeaseSeries:
    points: list[Point] = field(default_factory=list)
    pipeline: Decimal | None = None
    pipeline_text: str = ""
    missing: list[str] = field(default_factory=list)


def quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The quarter ends from the one that contains ``first`` up to ``last``, and ``last`` itself."""
    days = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = dt.date(year, month, 31 if month in (3, 12) else 30)
        if end > last:
            break
        days.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    if not days or days[-1] != last:
        days.append(last)
    return days


def _holds(lease: Lease, day: dt.date) -> bool:
    until = lease.holds_until
    return lease.start_date <= day and (until is None or day <= until)


def _pct(hectares: Decimal, land: Decimal) -> Decimal:
    return (hectares / land * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def lease_points(zone: Zone, until: dt.date) -> LeaseSeries | None:
    """The land leased at each quarter end, and the pipeline on the last day; None when the zone has no lease."""
    leases = list(
        Lease.objects.filter(zone=zone, land_use=LandUse.INDUSTRIAL).select_related("document").order_by("start_date")
    )
    if not leases:
        return None
    series = LeaseSeries()
    land = land_base(zone)
    if land is None:
        series.missing.append(_("the zone's industrial land is not known, so its leases give no rate"))
        return series
    today = timezone.localdate()
    described = max((lease.document.as_of if lease.document and lease.document.as_of else today) for lease in leases)
    last = min(until, described)
    first = leases[0].start_date
    if first > last:
        return series
    for day in quarter_ends(first, last):
        holding = [lease for lease in leases if _holds(lease, day) and lease.status != LeaseStatus.COMMITTED]
        leased = sum((lease.area_ha for lease in holding), Decimal(0))
        series.points.append(
            Point(
                on=day,
                value=_pct(leased, land.hectares),
                source=PointSource.LEASES,
                computed_from=_("%(leased)s ha leased (plots: %(plots)s) ÷ %(land)s ha (%(basis)s)")
                % {
                    "leased": f"{leased.normalize():f}",
                    "plots": ", ".join(lease.plot for lease in holding) or "–",
                    "land": f"{land.hectares.normalize():f}",
                    "basis": land.basis,
                },
                document=", ".join(sorted({lease.document.code for lease in holding if lease.document})),
                synthetic=any(lease.is_synthetic for lease in holding),
            )
        )
    committed = [lease for lease in leases if _holds(lease, last) and lease.status == LeaseStatus.COMMITTED]
    if committed:
        hectares = sum((lease.area_ha for lease in committed), Decimal(0))
        series.pipeline = _pct(hectares, land.hectares)
        series.pipeline_text = _(
            "%(hectares)s ha committed by investment approvals and not yet leased (plots: %(plots)s) on %(day)s"
        ) % {
            "hectares": f"{hectares.normalize():f}",
            "plots": ", ".join(lease.plot for lease in committed),
            "day": date_format(last, "DATE_FORMAT"),
        }
    if last < until:
        series.missing.append(
            _("the lease records describe the zone up to %(day)s (the date of their source)")
            % {"day": date_format(last, "DATE_FORMAT")}
        )
    return series


def report_points(zone: Zone, until: dt.date) -> list[Point]:
    """The occupancy of the zone's approved periodic reports, at the end of each period (up to the day)."""
    reports = (
        ExpectedReport.objects.filter(
            zone=zone,
            form__code__in=OCCUPANCY_FORMS,
            submission__status=SubmissionStatus.APPROVED,
            period_end__lte=until,
        )
        .select_related("form", "submission")
        .order_by("period_end")
    )
    points = []
    for report in reports:
        value = report.submission.values.get("occupancy_pct")
        if value in (None, ""):
            continue
        points.append(
            Point(
                on=report.period_end,
                value=Decimal(str(value)),
                source=PointSource.REPORT,
                computed_from=_("approved report %(form)s, %(period)s")
                % {"form": report.form.code, "period": report.period_label},
            )
        )
    return points


def indicator_points(province: Any, until: dt.date) -> list[Point]:
    """The area-weighted occupancy of a province's (or, with None, the nation's) clusters computed from their approved
    form 02 reports, one point per period (``zoneatlas.reporting.indicators``), up to the day."""
    from zoneatlas.reporting.indicators import NATION, PROVINCE, compute
    from zoneatlas.reporting.summaries import SummaryError

    reports = ExpectedReport.objects.filter(
        form__code="CCN-02", submission__status=SubmissionStatus.APPROVED, period_end__lte=until
    )
    if province is not None:
        reports = reports.filter(province=province)
    points = []
    for label in sorted(set(reports.values_list("period_label", flat=True))):
        try:
            indicators = compute(PROVINCE if province is not None else NATION, label, unit=province)
        except SummaryError:
            continue
        value = next((item for item in indicators.values if item.code == "occupancy_pct"), None)
        if value is None or value.value is None:
            continue
        points.append(
            Point(
                on=indicators.period.end,
                value=value.value,
                source=PointSource.REPORT,
                computed_from=_("%(formula)s, from %(reports)d approved reports %(form)s, %(period)s")
                % {"formula": value.formula, "reports": value.reports, "form": "CCN-02", "period": label},
                synthetic=indicators.synthetic_clusters > 0,
            )
        )
    return points
