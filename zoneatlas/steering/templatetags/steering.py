"""Template filters of the province report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import date_format

from zoneatlas.portal.templatetags.portal import num

register = template.Library()


@register.filter
def cell(value: Any) -> str:
    """A report cell as the active language writes it: numbers grouped without trailing zeros, dates short."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | int):
        return num(value)
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
