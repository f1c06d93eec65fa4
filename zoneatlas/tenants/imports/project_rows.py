"""Checking each row of a project file: the zone, the investor, the project's sector, status, capital and jobs.

A row is refused when it would record something false or unreadable: a tax code whose check digit fails, a
sector code unknown to its VSIC version, an amount without its currency, a negative number, a date that is
no date, more local workers than workers. What depends on other rows or on the registry (investors named
twice, certificates, exchange rates) is decided when the rows are planned (``project_plan``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.tenants import vsic
from zoneatlas.tenants.imports.base import RowReader, Table, ZoneFinder
from zoneatlas.tenants.imports.countries import country_code
from zoneatlas.tenants.imports.vocab import ENVIRONMENTAL_CATEGORIES, PROJECT_STATUSES, VSIC_VERSION_WORDS
from zoneatlas.tenants.models import Project
from zoneatlas.tenants.taxcodes import normalize, validate_tax_code
from zoneatlas.zones.imports.cells import as_text
from zoneatlas.zones.imports.vocab import fold
from zoneatlas.zones.models import Zone

# Text fields of the project as a row gives them, with their longest allowed value (None: no limit).
TEXT_FIELDS: dict[str, int | None] = {
    "name_en": 300,
    "disbursed_note": None,
    "technology_note": None,
    "note": None,
}
DATE_FIELDS = {
    "certificate_date": False,
    "registered_rate_date": False,
    "disbursed_rate_date": False,
    # A figure "as of" a month or a year is the situation at its end, as a zone file's occupancy_as_of.
    "disbursed_as_of": True,
    "jobs_as_of": True,
}
WHOLE_FIELDS = ("planned_jobs", "actual_jobs", "local_workers")
# Translated when a message needs them, not once per row.
CATEGORY_WORD = gettext_lazy("environmental category")
STATUS_WORD = gettext_lazy("project status")
STATUS_EXAMPLES = gettext_lazy(
    "registered/đã đăng ký, approved/đã cấp phép, under_construction/đang xây dựng, operating/đang hoạt động…"
)


# The project's fields in the order of its table: a row keeps its values so, compact (a list, not a dict).
PROJECT_FIELDS = tuple(field.attname for field in Project._meta.concrete_fields)
INDEX = {name: position for position, name in enumerate(PROJECT_FIELDS)}


@dataclass(slots=True)
class ProjectRow:
    """One valid row: the zone, the investor as given, and the project's values in the order of ``PROJECT_FIELDS``.

    A value is None where the file gives none (an empty cell changes nothing in a project already recorded).
    Once planned, a new project's ``values`` are all its fields, ready to be written.
    """

    line: int
    zone: Zone
    investor_name: str
    tax_code: str
    country: str | None
    ownership_pct: Decimal | None
    values: list[Any] | tuple[Any, ...]
    status: str = ""
    status_date: dt.date | None = None

    @property
    def certificate(self) -> str:
        return self.values[INDEX["certificate_number"]] or ""

    @property
    def name(self) -> str:
        return self.values[INDEX["name"]] or ""

    @property
    def attrs(self) -> dict[str, Any]:
        """The fields the file gives, by name."""
        return {name: value for name, value in zip(PROJECT_FIELDS, self.values, strict=True) if value is not None}

    def given(self, name: str) -> bool:
        return self.values[INDEX[name]] is not None


class ProjectRowChecker(RowReader):
    def __init__(self, table: Table) -> None:
        super().__init__(table)
        self._tax_codes: dict[str, tuple[str, str]] = {}

    def check(self, line: int, cells: list[Any], zones: ZoneFinder) -> ProjectRow | None:
        """The row read and checked, or None when it has errors (they are collected)."""
        errors_before = len(self.errors)
        zone = zones.find(self, line, cells)
        investor = self.text(line, cells, "investor", 300)
        if not investor and "investor" in self.columns:
            self.error(line, "investor", _("the investor's name is missing"))
        tax_code = self._tax_code(line, cells)
        country = self._country(line, cells)
        ownership = self.number(line, cells, "foreign_ownership_pct", 2, frozenset({"%"}))
        if ownership is not None and ownership > 100:
            self.error(
                line,
                "foreign_ownership_pct",
                _("foreign ownership %(value)s %% is more than 100 %%") % {"value": f"{ownership.normalize():f}"},
            )
        values: list[Any] = [None] * len(PROJECT_FIELDS)
        if zone is not None:
            values[INDEX["zone_id"]] = zone.pk
        name = self.text(line, cells, "name", 300)
        if name:
            values[INDEX["name"]] = name
        elif "name" in self.columns:
            self.error(line, "name", _("the project's name is missing"))
        for column, limit in TEXT_FIELDS.items():
            if value := self.text(line, cells, column, limit):
                values[INDEX[column]] = value
        if certificate := self.text(line, cells, "certificate_number", 40):
            values[INDEX["certificate_number"]] = certificate
        for column, last_day in DATE_FIELDS.items():
            if (day := self.date(line, cells, column, last_day=last_day)) is not None:
                values[INDEX[column]] = day
        self._sector(line, cells, values)
        for prefix in ("registered", "disbursed"):
            amount, currency = self.money(line, cells, f"{prefix}_capital", f"{prefix}_currency")
            if amount is not None:
                values[INDEX[f"{prefix}_capital"]] = amount
            if currency:
                values[INDEX[f"{prefix}_currency"]] = currency
        if (area := self.number(line, cells, "land_area_ha", 4)) is not None:
            values[INDEX["land_area_ha"]] = area
        for column in WHOLE_FIELDS:
            if (count := self.whole(line, cells, column)) is not None:
                values[INDEX[column]] = count
        local, actual = values[INDEX["local_workers"]], values[INDEX["actual_jobs"]]
        if local is not None and actual is not None and local > actual:
            self.error(line, "local_workers", _("local workers cannot exceed the project's workers"))
        category = self.choice(
            line, cells, "environmental_category", ENVIRONMENTAL_CATEGORIES, CATEGORY_WORD, "I, II, III, IV"
        )
        if category:
            values[INDEX["environmental_category"]] = category
        status = self.choice(line, cells, "status", PROJECT_STATUSES, STATUS_WORD, STATUS_EXAMPLES)
        status_date = self.date(line, cells, "status_date")
        if status and status_date is None and self._cell(cells, "status_date") is None:
            self.error(line, "status_date", _("the status needs the date it applies from"))
        if status_date is not None and not status and self._cell(cells, "status") is None:
            self.error(line, "status", _("a status date without a status"))
        if len(self.errors) > errors_before or zone is None:
            return None
        return ProjectRow(line, zone, investor, tax_code, country, ownership, values, status, status_date)

    def _tax_code(self, line: int, cells: list[Any]) -> str:
        written = self._text(cells, "investor_tax_code")
        if not written:
            return ""
        # An investor's code comes back on each of their rows: each one is checked once.
        if written not in self._tax_codes:
            try:
                validate_tax_code(written)
            except ValidationError as error:
                self._tax_codes[written] = ("", error.messages[0])
            else:
                self._tax_codes[written] = (normalize(written), "")
        code, problem = self._tax_codes[written]
        if problem:
            self.error(line, "investor_tax_code", problem)
        return code

    def _country(self, line: int, cells: list[Any]) -> str | None:
        written = self._text(cells, "investor_country")
        if not written:
            return None
        code = country_code(written)
        if code is None:
            self.error(
                line,
                "investor_country",
                _("unknown country “%(text)s” (give an ISO code such as KR, or a name such as Hàn Quốc)")
                % {"text": written},
            )
        return code

    def _sector(self, line: int, cells: list[Any], values: list[Any]) -> None:
        written_version = self._cell(cells, "vsic_version")
        written_code = self._cell(cells, "vsic_code")
        if written_code is None:
            if written_version is not None:
                self.error(line, "vsic_code", _("the VSIC version is given without a code"))
            return
        code = as_text(written_code)
        version = VSIC_VERSION_WORDS.get(fold(as_text(written_version)), "") if written_version is not None else ""
        problem = vsic.problem(version, code)
        if problem:
            self.error(line, "vsic_code" if version else "vsic_version", problem)
            return
        values[INDEX["vsic_version"]], values[INDEX["vsic_code"]] = version, code
