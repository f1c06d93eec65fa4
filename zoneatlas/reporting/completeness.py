"""Completeness and timeliness of a period's reporting (DHIS2's reporting rate): received ÷ expected and
on time ÷ expected, per province and form (``rates``, the API's table) or per province, commune, zone or form
(``breakdown``, the page's tables), with the reporters still missing.

"Received" counts a report once it has been submitted (a report returned for correction stays received);
"on time" counts those first submitted by their due day. Computed over the expected reports the caller may
read, so an officer sees their province's figures and a developer their zone's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

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
        .select_related("form", "zone", "project", "admin_unit", "province", "submission")
        .order_by("province__code", "form__code", "due_on", "subject_key")
    )


def is_overdue(report: ExpectedReport, today: dt.date) -> bool:
    return today > report.due_on


# Breakdowns for the completeness page: one table per dimension (province, commune, zone, form) ---------------

PROVINCE = "province"
COMMUNE = "commune"
ZONE = "zone"
FORM = "form"
DIMENSIONS = (PROVINCE, COMMUNE, ZONE, FORM)


@dataclass(frozen=True)
class Share:
    """Completeness and timeliness of one province, commune, zone or form: the counts and their rates.

    ``received`` counts reports submitted at least once; ``on_time`` those first submitted by their due day;
    ``late`` those first submitted after it.
    """

    code: str
    name: str
    expected: int
    received: int
    on_time: int
    approved: int
    name_en: str = ""

    @property
    def late(self) -> int:
        return self.received - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @property
    def completeness_pct(self) -> Decimal | None:
        return _pct(self.received, self.expected)

    @property
    def timeliness_pct(self) -> Decimal | None:
        return _pct(self.on_time, self.expected)


_RECEIVED = Q(submission__first_submitted_at__isnull=False)
# Where each dimension reads its code and name: a commune is the zone's commune (forms 01, 02) or the reporting
# commune itself (form 03); form 04 and reports about zones placed in no commune have none.
_KEYS: dict[str, list[tuple[str, str, str, Q | None]]] = {
    PROVINCE: [("province__code", "province__name", "province__name", None)],
    COMMUNE: [
        ("zone__commune__code", "zone__commune__name", "zone__commune__name", Q(zone__commune__isnull=False)),
        (
            "admin_unit__code",
            "admin_unit__name",
            "admin_unit__name",
            Q(zone__isnull=True, form__reporter_type="commune"),
        ),
    ],
    ZONE: [("zone__code", "zone__name", "zone__name", Q(zone__isnull=False))],  # zones go by their own name
    FORM: [("form__code", "form__name", "form__name_en", None)],
}


def breakdown(reports: QuerySet[ExpectedReport], by: str) -> list[Share]:
    """Completeness and timeliness per province, commune, zone or form (one grouped query per source of the key),
    in code order. Reports with no such unit (form 04 has no commune or zone) are left out of that table."""
    if by not in _KEYS:
        raise ValueError(f"unknown dimension {by!r}")
    counts: dict[str, list[Any]] = {}
    for code_field, name_field, name_en_field, condition in _KEYS[by]:
        rows = reports.filter(condition) if condition is not None else reports
        grouped = (
            rows.values(code_field, name_field, name_en_field)
            .annotate(
                expected_count=Count("id"),
                received=Count("id", filter=_RECEIVED),
                on_time=Count("id", filter=_RECEIVED & Q(submission__is_late=False)),
                approved=Count("id", filter=Q(submission__status=SubmissionStatus.APPROVED)),
            )
            .order_by(code_field)
        )
        for row in grouped:
            entry = counts.setdefault(row[code_field], [row[name_field], row[name_en_field], 0, 0, 0, 0])
            for index, key in enumerate(("expected_count", "received", "on_time", "approved"), start=2):
                entry[index] += row[key]
    return [
        Share(code, entry[0], entry[2], entry[3], entry[4], entry[5], name_en=entry[1])
        for code, entry in sorted(counts.items())
    ]


def overall(reports: QuerySet[ExpectedReport]) -> Share:
    """The period's completeness and timeliness over all the reports given, in one query."""
    totals = reports.aggregate(
        expected_count=Count("id"),
        received=Count("id", filter=_RECEIVED),
        on_time=Count("id", filter=_RECEIVED & Q(submission__is_late=False)),
        approved=Count("id", filter=Q(submission__status=SubmissionStatus.APPROVED)),
    )
    return Share("", "", totals["expected_count"], totals["received"], totals["on_time"], totals["approved"])
