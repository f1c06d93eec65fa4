"""Template filters of the public pages: numbers as the active language writes them, badges, sort links."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.http import QueryDict
from django.utils.formats import number_format

from zoneatlas.zones.choices import STATUS_COLOURS

register = template.Library()


@register.filter
def num(value: Any, places: int | None = None) -> str:
    """A number in the active language's writing, grouped, without trailing zeros: 1.234,5 (vi) or 1,234.5 (en).

    ``places`` rounds to that many decimals first (``{{ rate|num:1 }}``).
    """
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-int(places)))
    number = number.normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    exponent = number.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(number, decimal_pos=decimals, force_grouping=True)


@register.simple_tag
def query_with(query: QueryDict, **changes: Any) -> str:
    """The query string with some parameters replaced (None drops one): keeps the filters across sort and page links."""
    updated = query.copy()
    for key, value in changes.items():
        if value is None or value == "":
            updated.pop(key, None)
        else:
            updated[key] = str(value)
    encoded = updated.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def status_colour(status: str) -> str:
    """The colour of a lifecycle status (``ZoneStatus``), for badges, timelines and map markers."""
    return STATUS_COLOURS.get(status, "#6c757d")
