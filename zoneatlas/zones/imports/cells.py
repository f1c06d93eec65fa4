"""Reading one cell: numbers as Vietnamese or English writes them, dates, coordinates, words from a vocabulary.

Each reader returns the value or raises ``CellError`` with the reason a person reads in the report.
Spreadsheet cells may already be numbers or dates; text cells are read as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneatlas.core.numbers import NumberFormatError, ParsedNumber, parse_number_detail
from zoneatlas.zones.imports.vocab import NO, YES, fold


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_number(value: Any, *, locale_hint: str, units: frozenset[str]) -> ParsedNumber:
    """A number from a numeric cell or from text; a unit other than ``units`` is refused."""
    if isinstance(value, bool):
        raise CellError(_("“%(text)s” is not a number") % {"text": value})
    if isinstance(value, int | Decimal):
        return ParsedNumber(Decimal(value))
    if isinstance(value, float):
        # repr of a float is its shortest exact reading: 35.52, not 35.5200000000000031...
        return ParsedNumber(Decimal(repr(value)))
    try:
        parsed = parse_number_detail(as_text(value), locale_hint=locale_hint)
    except NumberFormatError as error:
        raise CellError(str(error)) from None
    if parsed.unit and parsed.unit not in units:
        raise CellError(_("“%(text)s” is in %(unit)s, not in the column's unit") % {"text": value, "unit": parsed.unit})
    return parsed


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


_COORDINATE = re.compile(r"[+-]?[0-9]{1,3}(?:[.,][0-9]+)?")


def read_coordinate(value: Any) -> Decimal:
    """A coordinate in decimal degrees. Its one separator is always the decimal mark ("21,0285" is 21.0285)."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = as_text(value).replace("−", "-").replace(" ", "")
    if not _COORDINATE.fullmatch(text):
        raise CellError(_("“%(text)s” is not a coordinate in decimal degrees") % {"text": value})
    return Decimal(text.replace(",", "."))


@dataclass(frozen=True)
class DateValue:
    """A date as a file gives it: a day, a month or a year (then ``start``..``end`` and approximate)."""

    start: dt.date
    end: dt.date
    approximate: bool = False


_ISO = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[ tT].*)?")
_DMY = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
_MY = re.compile(r"(?:(?:tháng|thang)\s*)?([0-9]{1,2})[/.-]([0-9]{4})")
_Y = re.compile(r"(?:(?:năm|nam)\s*)?([0-9]{4})")


def read_date(value: Any) -> DateValue:
    """A day (ISO 2024-06-30 or Vietnamese 30/06/2024), a month (06/2024) or a year (2024)."""
    if isinstance(value, dt.datetime):
        return DateValue(value.date(), value.date())
    if isinstance(value, dt.date):
        return DateValue(value, value)
    text = as_text(value).lower()
    try:
        if match := _ISO.fullmatch(text):
            day = dt.date(int(match[1]), int(match[2]), int(match[3]))
            return DateValue(day, day)
        if match := _DMY.fullmatch(text):
            # Vietnamese writing puts the day first: 03/04/2024 is 3 April.
            day = dt.date(int(match[3]), int(match[2]), int(match[1]))
            return DateValue(day, day)
        if match := _MY.fullmatch(text):
            year, month = int(match[2]), int(match[1])
            first = dt.date(year, month, 1)
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            return DateValue(first, last, approximate=True)
        if (match := _Y.fullmatch(text)) and 1900 <= int(match[1]) <= 2100:
            year = int(match[1])
            return DateValue(dt.date(year, 1, 1), dt.date(year, 12, 31), approximate=True)
    except ValueError:
        raise CellError(_("“%(text)s” is not a valid date") % {"text": value}) from None
    raise CellError(_("“%(text)s” is not a date (write 30/06/2024, 2024-06-30, 06/2024 or 2024)") % {"text": value})


def read_choice(value: Any, table: dict[str, str], *, what: Any, examples: str) -> str:
    found = table.get(fold(as_text(value)))
    if found is None:
        raise CellError(
            _("unknown %(what)s “%(text)s” (use %(examples)s)") % {"what": what, "text": value, "examples": examples}
        )
    return found


def read_flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = fold(as_text(value))
    if word in YES:
        return True
    if word in NO:
        return False
    raise CellError(_("“%(text)s” is not yes or no (write 1/0, yes/no, có/không)") % {"text": value})


# Writings only one convention produces: "35,52" or "1.234,5" is Vietnamese, "35.52" or "1,234.5" English.
_VIETNAMESE_ONLY = re.compile(r"[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})|[0-9]{4,},[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+")
_ENGLISH_ONLY = re.compile(r"[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})|[0-9]{4,}\.[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+")
_LEADING_NUMBER = re.compile(r"[0-9][0-9.,]*")


def guess_locale(values: Iterable[Any]) -> str:
    """How a file writes its numbers: "en" when some text cell can only be English and none only Vietnamese.

    Vietnamese is the default: a file that never says otherwise is read the way the seeds are written.
    """
    english = vietnamese = False
    for value in values:
        if not isinstance(value, str) or not (match := _LEADING_NUMBER.match(value.strip())):
            continue
        number = match.group().rstrip(".,")
        vietnamese = vietnamese or bool(_VIETNAMESE_ONLY.fullmatch(number))
        english = english or bool(_ENGLISH_ONLY.fullmatch(number))
    return "en" if english and not vietnamese else "vi"
