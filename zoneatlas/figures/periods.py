"""Periods as sources write them: 2024, 2022-08, 2024-H1, 2024-Q3, 2021..2030, ..2025, 2022-01..2022-09."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_POINT = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|H(?P<half>[12])|Q(?P<quarter>[1-4])))?$")


class PeriodError(ValueError):
    pass


def _bounds(token: str) -> tuple[dt.date, dt.date]:
    match = _POINT.match(token)
    if not match:
        raise PeriodError(f"{token!r} is not a period (use 2024, 2024-05, 2024-H1, 2024-Q3 or a range A..B)")
    year = int(match["year"])
    if match["month"]:
        first_month = last_month = int(match["month"])
    elif match["half"]:
        first_month = 1 if match["half"] == "1" else 7
        last_month = first_month + 5
    elif match["quarter"]:
        first_month = 3 * (int(match["quarter"]) - 1) + 1
        last_month = first_month + 2
    else:
        first_month, last_month = 1, 12
    last_day = calendar.monthrange(year, last_month)[1]
    return dt.date(year, first_month, 1), dt.date(year, last_month, last_day)


def parse_period(label: str) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of a period label; an open end is None. An empty label is (None, None)."""
    label = label.strip()
    if not label:
        return None, None
    if ".." in label:
        start_token, _sep, end_token = label.partition("..")
        start = _bounds(start_token)[0] if start_token else None
        end = _bounds(end_token)[1] if end_token else None
        if start and end and end < start:
            raise PeriodError(f"{label!r} ends before it starts")
        return start, end
    return _bounds(label)
