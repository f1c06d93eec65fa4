"""Completeness and timeliness of a period's reporting (DHIS2's reporting rate): received ÷ expected and
on time ÷ expected, per province and form, with the reporters still missing.

"Received" counts a report once it has been submitted (a report returned for correction stays received);
"on time" counts those first submitted by their due day. Computed over the expected reports the caller may
read, so an officer sees their province's figures and a developer their zone's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet

from zoneatlas.reporting.choices import SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport


@dataclass(frozen=True)
class Rate:
    province_code: str
    province_name: str
    form_code: str
    expected: int
    received: int
    on_time: int
    approved: int

    @property
    def completeness_pct(self) -> Decimal | None:
        return _pct(self.received, self.expected)

    @property
    def timeliness_pct(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rates(reports: QuerySet[ExpectedReport]) -> list[Rate]:
    """One row per province and form, in one grouped query."""
    received = Q(submission__first_submitted_at__isnull=False)
    rows = (
        reports.values("province__code", "province__name", "form__code")
        .annotate(
            expected_count=Count("id"),
            received=Count("id", filter=received),
            on_time=Count("id", filter=received & Q(submission__is_late=False)),
            approved=Count("id", filter=Q(submission__status=SubmissionStatus.APPROVED)),
        )
        .order_by("province__code", "form__code")
    )
    return [
        Rate(
            row["province__code"],
            row["province__name"],
            row["form__code"],
            row["expected_count"],
            row["received"],
            row["on_time"],
            row["approved"],
        )
        for row in rows
    ]


def total(rows: list[Rate]) -> Rate:
    return Rate(
        "",
        "",
        "",
        sum(row.expected for row in rows),
        sum(row.received for row in rows),
        sum(row.on_time for row in rows),
        sum(row.approved for row in rows),
    )


def missing(reports: QuerySet[ExpectedReport]) -> QuerySet[ExpectedReport]:
    """The expected reports not yet submitted (none filed, or only a draft), with what naming them needs."""
    return (
        reports.filter(Q(submission__isnull=True) | Q(submission__first_submitted_at__isnull=True))
        .select_related("form", "zone", "project", "admin_unit", "province")
        .order_by("province__code", "form__code", "due_on", "subject_key")
    )


def is_overdue(report: ExpectedReport, today: dt.date) -> bool:
    return today > report.due_on
