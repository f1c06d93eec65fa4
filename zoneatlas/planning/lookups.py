"""Reading what a user asks a check about: a province, a commune, a pre-2025 district, a day, a number.

Shared by the API and the pages, so that both refuse the same input with the same message. An unknown place is
``UnknownPlaceError`` (answered 404), naming today's unit when the code is one from before 1 July 2025; a malformed
value is ``BadInputError`` (answered 400).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import normalize

TRUE = {"1", "true", "yes", "on"}
FALSE = {"", "0", "false", "no", "off"}


class UnknownPlaceError(LookupError):
    """No unit the check can use has this code (or name)."""


class BadInputError(ValueError):
    """A parameter is not what it should be; the message says what to write."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


def _successors(unit: AdminUnit, level: str) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.filter(era=Era.CURRENT, level=level, predecessions__predecessor=unit).order_by("code")
    )


def find_province(code: str) -> AdminUnit:
    """Today's province with this GSO code; a code from before 1 July 2025 is refused naming today's province."""
    code = code.strip()
    if not code:
        raise BadInputError("province", _("Give a province: its code today, e.g. 25."))
    province = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
    if province is not None:
        return province
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE, code=code).first()
    if legacy is not None:
        today = _successors(legacy, Level.PROVINCE)
        if today:
            raise UnknownPlaceError(
                _("%(code)s was the code of %(old)s before 1 July 2025; it is now part of %(new)s: use %(new_code)s.")
                % {"code": code, "old": legacy.name, "new": today[0].name, "new_code": today[0].code}
            )
    raise UnknownPlaceError(_("No province has the code %(code)s.") % {"code": code})


def find_commune(text: str, province: AdminUnit) -> AdminUnit | None:
    """Today's commune of the province, by code or name (diacritics and case aside); None when not asked for."""
    text = text.strip()
    if not text:
        return None
    communes = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, province=province)
    commune = communes.filter(code=text).first()
    if commune is None:
        key = normalize(text)
        matches = [unit for unit in communes if key in (normalize(unit.name), normalize(unit.short_name))]
        commune = matches[0] if len(matches) == 1 else None
    if commune is not None:
        return commune
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE, code=text).first()
    if legacy is not None:
        today = [unit for unit in _successors(legacy, Level.COMMUNE) if unit.province_id == province.pk]
        if today:
            raise UnknownPlaceError(
                _("%(code)s was the code of %(old)s before 1 July 2025; it is now part of %(new)s.")
                % {"code": text, "old": legacy.name, "new": ", ".join(f"{u.name} ({u.code})" for u in today)}
            )
    raise UnknownPlaceError(
        _("No commune of %(province)s is known by “%(text)s”.") % {"province": province.name, "text": text}
    )


def find_district(code: str, province: AdminUnit) -> AdminUnit | None:
    """A district from before 1 July 2025 whose province is now part of the province; None when not asked for."""
    code = code.strip()
    if not code:
        return None
    district = (
        AdminUnit.objects.filter(era=Era.LEGACY, level=Level.DISTRICT, code=code)
        .filter(province__successions__successor=province)
        .first()
    )
    if district is None:
        raise UnknownPlaceError(
            _("No district of %(province)s before 1 July 2025 had the code %(code)s.")
            % {"province": province.name, "code": code}
        )
    return district


def district_of(commune: AdminUnit | None) -> AdminUnit | None:
    """The one pre-2025 district today's commune came from, when it came from one only."""
    if commune is None:
        return None
    districts = list(AdminUnit.objects.filter(era=Era.LEGACY, level=Level.DISTRICT, successions__successor=commune))
    return districts[0] if len(districts) == 1 else None


def parse_day(text: str | None, parameter: str = "on") -> dt.date:
    """A day written YYYY-MM-DD; today when not given."""
    if not text:
        return timezone.localdate()
    day = parse_date(text) if len(text) == 10 else None
    if day is None:
        raise BadInputError(parameter, _("“%(text)s” is not a date: write YYYY-MM-DD") % {"text": text})
    return day


def parse_area(text: str | None, parameter: str = "area_after") -> Decimal | None:
    """A positive area in hectares (a decimal point, not a comma); None when not given."""
    if not text:
        return None
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or value <= 0:
        message = _("“%(text)s” is not an area in hectares: write e.g. 60 or 62.5") % {"text": text}
        raise BadInputError(parameter, message)
    return value


def parse_flag(text: str | None, parameter: str) -> bool:
    value = (text or "").strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise BadInputError(parameter, _("“%(text)s” is not true or false") % {"text": text})
