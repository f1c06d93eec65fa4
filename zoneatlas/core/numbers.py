"""Reading numbers as Vietnamese and English sources write them (BRIEF §10).

Vietnamese writing swaps the separators of English: ``1.400 tỷ`` is 1,400 billion, ``86,87%`` is
86.87 %. A single separator followed by exactly three digits can be read both ways (``866,605 ha`` in
seed 001 is 866.605 ha, not 866 thousand; ``12.000`` is twelve thousand in Vietnamese but twelve in
English): the locale hint decides and the result says it was ambiguous, so a caller can flag it.
Values are always ``Decimal``, never float.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _


class NumberFormatError(ValueError):
    """The text is not a number written in a way ZoneAtlas can read without guessing."""


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text, with the unit and scale word it carried and whether its reading was a choice."""

    value: Decimal
    ambiguous: bool = False
    unit: str = ""
    scale: str = ""


# Scale words, longest first so that "nghìn tỷ" wins over "tỷ".
_SCALES: tuple[tuple[str, int], ...] = (
    ("nghìn tỷ", 12),
    ("nghìn tỉ", 12),
    ("ngàn tỷ", 12),
    ("ngàn tỉ", 12),
    ("trillion", 12),
    ("tỷ", 9),
    ("tỉ", 9),
    ("billion", 9),
    ("bn", 9),
    ("triệu", 6),
    ("million", 6),
    ("mn", 6),
    ("nghìn", 3),
    ("ngàn", 3),
    ("thousand", 3),
)

# Units stripped from the text, mapped to the unit they stand for; longest first.
_UNITS: tuple[tuple[str, str], ...] = (
    ("m³/ngày đêm", "m3/day"),
    ("m3/ngày đêm", "m3/day"),
    ("m³/ngày", "m3/day"),
    ("m3/ngày", "m3/day"),
    ("m³/day", "m3/day"),
    ("m3/day", "m3/day"),
    ("m3/d", "m3/day"),
    ("hectares", "ha"),
    ("hectare", "ha"),
    ("hécta", "ha"),
    ("hecta", "ha"),
    ("ha", "ha"),
    ("%", "%"),
    ("vnđ", "VND"),
    ("vnd", "VND"),
    ("đồng", "VND"),
    ("dong", "VND"),
    ("đ", "VND"),
    ("usd", "USD"),
    ("us$", "USD"),
    ("$", "USD"),
    ("m³", "m3"),
    ("m3", "m3"),
)

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PLAIN = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_BODY = re.compile(r"[+\-−]?[0-9][0-9., \u00a0\u202f\u2009]*")


def parse_number(text: str, *, locale_hint: str = "vi") -> Decimal:
    """The value of a number written in Vietnamese or English style, units and scale words applied.

    ``parse_number("1.400 tỷ")`` is ``Decimal("1400000000000")``; ``parse_number("86,87%")`` is
    ``Decimal("86.87")`` (a percentage stays a number of percent). Raises ``NumberFormatError``.
    """
    return parse_number_detail(text, locale_hint=locale_hint).value


def parse_number_detail(text: str, *, locale_hint: str = "vi") -> ParsedNumber:
    """Like ``parse_number``, also telling the unit, the scale word and whether the reading was ambiguous."""
    if locale_hint not in {"vi", "en"}:
        raise ValueError(f"locale_hint must be 'vi' or 'en', not {locale_hint!r}")
    original = text
    if _PLAIN.fullmatch(text):
        # The common case in data files, "35,52" or "120", read without the unit and scale machinery.
        return ParsedNumber(*_read_digits(text, original=text, locale_hint=locale_hint))
    rest = _SPACES.sub(" ", str(text)).strip().lower()
    if not rest:
        raise NumberFormatError(_("no number given"))

    unit, rest = _strip_suffix(rest, _UNITS)
    scale, exponent = "", 0
    for word, power in _SCALES:
        if rest.endswith(word) and (len(rest) == len(word) or not rest[-len(word) - 1].isalpha()):
            scale, exponent, rest = word, power, rest[: -len(word)].strip()
            break
    if not unit:
        unit, rest = _strip_suffix(rest, _UNITS)
    rest = _strip_prefix_currency(rest)

    if not _BODY.fullmatch(rest):
        raise NumberFormatError(_("“%(text)s” is not a number") % {"text": original})
    negative = rest[0] in "-−"
    digits = _SPACES.sub(" ", rest.lstrip("+-−")).strip()
    value, ambiguous = _read_digits(digits, original=original, locale_hint=locale_hint)
    if exponent:
        value = value.scaleb(exponent)
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # 1400000000000, not 1.400E+12
    if negative:
        value = -value
    return ParsedNumber(value=value, ambiguous=ambiguous, unit=unit, scale=scale)


def _strip_suffix(text: str, table: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    for written, unit in table:
        if text.endswith(written):
            before = text[: -len(written)]
            # A unit made of letters must not be the tail of a longer word ("cha" is not "c" + "ha").
            if written[0].isalpha() and before and before[-1].isalpha():
                continue
            return unit, before.strip()
    return "", text


def _strip_prefix_currency(text: str) -> str:
    for prefix in ("us$", "$", "usd", "vnd"):
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def _read_digits(digits: str, *, original: str, locale_hint: str) -> tuple[Decimal, bool]:
    """Digits with separators → value. Grouping must be in threes; a lone separator may be a decimal mark."""
    if " " in digits:
        # Spaces only ever group thousands ("1 234 567"); the last group may carry a decimal part.
        head, _sep, tail = digits.rpartition(" ")
        if not re.fullmatch(r"[0-9]{1,3}(?: [0-9]{3})*", head) or not re.match(r"[0-9]{3}(?:[.,]|$)", tail):
            raise NumberFormatError(_("“%(text)s” has digits grouped in an unusual way") % {"text": original})
        digits = head.replace(" ", "") + tail
        if "," in tail or "." in tail:
            # After space grouping, a remaining separator can only be the decimal mark.
            return _decimal(digits.replace(",", "."), original), False

    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        whole, _sep, fraction = digits.rpartition(decimal_mark)
        if digits.count(decimal_mark) > 1 or not _is_grouped(whole, group_mark):
            raise NumberFormatError(_("“%(text)s” mixes separators in a way that cannot be read") % {"text": original})
        return _decimal(f"{whole.replace(group_mark, '')}.{fraction}", original), False
    if dots + commas == 0:
        return _decimal(digits, original), False

    mark = "." if dots else ","
    if dots + commas > 1:
        if not _is_grouped(digits, mark):
            raise NumberFormatError(_("“%(text)s” has digits grouped in an unusual way") % {"text": original})
        return _decimal(digits.replace(mark, ""), original), False

    whole, _sep, fraction = digits.partition(mark)
    if not whole or not fraction:
        raise NumberFormatError(_("“%(text)s” is not a number") % {"text": original})
    if len(fraction) != 3 or len(whole) > 3 or whole.startswith("0"):
        # "86,87", "1.2345", "0,125": only a decimal mark reads this way.
        return _decimal(f"{whole}.{fraction}", original), False
    # One separator and exactly three digits after it: Vietnamese writes a decimal comma and a grouping dot,
    # English the other way round.
    decimal_mark = "," if locale_hint == "vi" else "."
    if mark == decimal_mark:
        return _decimal(f"{whole}.{fraction}", original), True
    return _decimal(whole + fraction, original), True


def _is_grouped(digits: str, mark: str) -> bool:
    return bool(re.fullmatch(r"[0-9]{1,3}(?:" + re.escape(mark) + r"[0-9]{3})+", digits))


def _decimal(text: str, original: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        raise NumberFormatError(_("“%(text)s” is not a number") % {"text": original}) from None
