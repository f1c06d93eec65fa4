"""Reporting periods and deadlines computed from a form's schedule (its cut-off and due rules, as data).

Circular 14/2024 Art. 5 [law]: the half-year report covers 15 December of the previous year to 14 June, the
annual report 15 December to 14 December; labels name the year the period ends in (``2026-H1`` is
15 Dec 2025 – 14 Jun 2026, ``2026`` is 15 Dec 2025 – 14 Dec 2026). Quarters (``2026-Q3``) repeat the
schedule's first window every three months.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from zoneatlas.reporting.choices import PeriodType

if TYPE_CHECKING:
    from zoneatlas.reporting.models import ReportForm

_LABEL = re.compile(r"^(?P<year>\d{4})(?:-(?:H(?P<half>1)|Q(?P<quarter>[1-4])))?$")
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class PeriodError(ValueError):
    """A period label or a schedule that does not make sense (the message says why)."""


@dataclass(frozen=True)
class Period:
    type: str
    label: str
    start: dt.date
    end: dt.date  # the cut-off date: the registry is read as it stood on this day

    @property
    def year(self) -> int:
        return self.end.year


@dataclass(frozen=True)
class Deadline:
    form: ReportForm
    period: Period
    due_on: dt.date


def period_type_of(label: str) -> str:
    match = _LABEL.match(label.strip())
    if not match:
        raise PeriodError(_("“%(label)s” is not a reporting period: write 2026-H1, 2026 or 2026-Q3") % {"label": label})
    if match["half"]:
        return PeriodType.HALF_YEAR
    if match["quarter"]:
        return PeriodType.QUARTER
    return PeriodType.YEAR


def _month_day(text: Any) -> tuple[int, int]:
    if not isinstance(text, str) or not _MONTH_DAY.match(text):
        raise PeriodError(f"{text!r} is not a day of the year (write MM-DD)")
    month, day = (int(part) for part in text.split("-"))
    return month, day


def _day(year: int, month_day: tuple[int, int]) -> dt.date:
    month, day = month_day
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def check_schedule(schedule: dict[str, Any], period_types: Iterable[str]) -> None:
    """Refuse a schedule that cannot give each period type its windows and due dates."""
    for period_type in period_types:
        if period_type not in PeriodType.values:
            raise PeriodError(f"unknown period type {period_type!r}")
        rule = schedule.get(period_type)
        if not isinstance(rule, dict):
            raise PeriodError(f"no schedule for {period_type}")
        cutoff = rule.get("cutoff")
        if not (isinstance(cutoff, list) and len(cutoff) == 2):
            raise PeriodError(f"{period_type}: cutoff must be [start MM-DD, end MM-DD]")
        _month_day(cutoff[0]), _month_day(cutoff[1])
        if ("due" in rule) == ("due_days" in rule):
            raise PeriodError(f"{period_type}: give either due (MM-DD) or due_days (days after the end)")
        if "due" in rule:
            _month_day(rule["due"])
        elif not (isinstance(rule["due_days"], int) and 0 <= rule["due_days"] <= 366):
            raise PeriodError(f"{period_type}: due_days must be a whole number of days")
    for period_type in set(schedule) - set(period_types):
        raise PeriodError(f"a schedule for {period_type}, which the form does not report")


def period(form: ReportForm, label: str) -> Period:
    """The period a label names under the form's schedule; refused if the form has no such period type."""
    label = label.strip()
    period_type = period_type_of(label)
    if period_type not in form.period_types:
        raise PeriodError(
            _("%(form)s has no reports of this period type (%(type)s)")
            % {"form": form.code, "type": PeriodType(period_type).label}
        )
    match = _LABEL.match(label)
    assert match is not None
    year = int(match["year"])
    cutoff = form.schedule[period_type]["cutoff"]
    start_md, end_md = _month_day(cutoff[0]), _month_day(cutoff[1])
    first_end = _day(year, end_md)
    first_start = _day(year - 1 if start_md > end_md else year, start_md)
    if period_type != PeriodType.QUARTER:
        return Period(period_type, label, first_start, first_end)
    # The year's first quarter is the window ending in the year's first months; the others follow it.
    quarter = int(match["quarter"])
    start = _add_months(first_start, 3 * (quarter - 1))
    end = _add_months(first_start, 3 * quarter) - dt.timedelta(days=1)
    return Period(period_type, label, start, end)


def due_date(form: ReportForm, of: Period) -> dt.date:
    """The day a period's report is due: the first schedule ``due`` day on or after the cut-off, or ``due_days``
    after it."""
    rule = form.schedule[of.type]
    if "due_days" in rule:
        return of.end + dt.timedelta(days=int(rule["due_days"]))
    due_md = _month_day(rule["due"])
    due = _day(of.end.year, due_md)
    return due if due >= of.end else _day(of.end.year + 1, due_md)


def label_for(period_type: str, year: int, number: int = 1) -> str:
    if period_type == PeriodType.HALF_YEAR:
        return f"{year}-H1"
    if period_type == PeriodType.QUARTER:
        return f"{year}-Q{number}"
    return str(year)


def periods_ending_in(form: ReportForm, year: int) -> list[Period]:
    """The form's periods whose cut-off falls in ``year``, in order."""
    found: list[Period] = []
    for period_type in form.period_types:
        numbers = range(1, 5) if period_type == PeriodType.QUARTER else range(1, 2)
        for number in numbers:
            found.append(period(form, label_for(period_type, year, number)))
    return sorted((p for p in found if p.end.year == year), key=lambda p: (p.end, p.type))


def previous(form: ReportForm, of: Period) -> Period:
    """The period before, of the same type: the previous quarter, or the same period a year earlier."""
    match = _LABEL.match(of.label)
    assert match is not None
    year = int(match["year"])
    if of.type == PeriodType.QUARTER:
        quarter = int(match["quarter"])
        return period(form, f"{year}-Q{quarter - 1}" if quarter > 1 else f"{year - 1}-Q4")
    return period(form, label_for(of.type, year - 1))


def deadlines(forms: Iterable[ReportForm], first: dt.date, last: dt.date) -> list[Deadline]:
    """Every report due between two days (inclusive), of the form versions in force on each period's cut-off."""
    found = []
    for form in forms:
        for year in range(first.year - 1, last.year + 1):
            for each in periods_ending_in(form, year):
                in_force = form.effective_from <= each.end and (
                    form.effective_to is None or each.end <= form.effective_to
                )
                due = due_date(form, each)
                if in_force and first <= due <= last:
                    found.append(Deadline(form, each, due))
    return sorted(found, key=lambda d: (d.due_on, d.form.code))


def month_calendar(forms: Iterable[ReportForm], year: int, month: int) -> list[Deadline]:
    """What is due in a month."""
    first = dt.date(year, month, 1)
    return deadlines(forms, first, dt.date(year, month, calendar.monthrange(year, month)[1]))
