"""Checking every row of a zone file and turning it into what the registry records.

A row is refused (an error) when it would record something false: an occupancy outside 0–100 (often a
year typed in the wrong column), leased land above industrial land, industrial land above the gross area,
a point outside Vietnam, a province that cannot be found, an unknown kind or status, a number that cannot
be read. A row is imported with a warning when it is unusual but can be true: a legacy province name
(mapped to today's province), a cluster outside the legal 10–75 ha (legacy clusters exist: Decree 32/2024
keeps them), latitude and longitude swapped, the same name twice in a province.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.imports import vocab
from zoneatlas.zones.imports.cells import (
    CellError,
    DateValue,
    read_choice,
    read_date,
    read_flag,
)
from zoneatlas.zones.imports.figures import FigureChecks, OccupancyFigure, WastewaterFigure
from zoneatlas.zones.imports.places import PlaceChecks
from zoneatlas.zones.imports.vocab import fold

FLAG_FIELDS = {
    "craft_village": "is_craft_village",
    "specialised": "is_specialised",
    "high_tech": "is_high_tech",
    "eco": "is_eco",
    "synthetic": "is_synthetic",
}


@dataclass
class ZoneRow:
    """One valid row: the zone's fields as given, its status, occupancy and wastewater plant."""

    line: int
    code: str
    name: str
    kind: str
    province: AdminUnit
    attrs: dict[str, Any]
    status: str | None = None
    status_date: dt.date | None = None
    status_date_approximate: bool = False
    status_date_given: bool = False
    occupancy: OccupancyFigure | None = None
    wastewater: WastewaterFigure | None = None
    parent_ref: str = ""

    @property
    def key(self) -> tuple[int, str, str]:
        """How a row without a code finds its zone: province, kind and name as folded text."""
        return (self.province.pk, self.kind, fold(self.name))


class RowChecker(PlaceChecks, FigureChecks):
    """Checks whole rows: the zone's identity, kind, status and flags here; places and figures in the mixins."""

    def check(self, line: int, cells: list[Any], geometry: dict[str, Any] | None = None) -> ZoneRow | None:
        """The row read and checked, or None when it has errors (they are collected)."""
        errors_before = len(self.errors)
        attrs: dict[str, Any] = {}
        self._ambiguous = set()

        code = self._text(cells, "code") or ""
        name = self._text(cells, "name") or ""
        if not name:
            self.error(line, "name", _("the zone's name is missing"))
        elif len(name) > 200:
            self.error(line, "name", _("the name is longer than 200 characters"))
        kind = self._kind(line, cells, name)
        province = self._province(line, cells, attrs)
        if code:
            self._check_code(line, code, kind)

        for column, attr in (("name_en", "name_en"), ("developer", "developer_name"), ("notes", "notes")):
            if (value := self._text(cells, column)) is not None:
                attrs[attr] = value
        for column, attr in FLAG_FIELDS.items():
            if (flag := self._read(line, cells, column, read_flag)) is not None:
                attrs[attr] = flag
        if (developer_type := self._read(line, cells, "developer_type", self._developer_type)) is not None:
            attrs["developer_type"] = developer_type
        if (precision := self._read(line, cells, "location_precision", self._precision)) is not None:
            attrs["location_precision"] = precision

        if province is not None:
            self._places(line, cells, province, attrs)
        self._coordinates(line, cells, geometry, attrs)
        as_of: DateValue | None = self._read(line, cells, "occupancy_as_of", read_date)
        figures_day = as_of.end if as_of else self.today
        occupancy = self._areas_and_occupancy(line, cells, kind, attrs, figures_day)
        wastewater = self._wastewater(line, cells, figures_day)
        if (occupancy or wastewater) and self._cell(cells, "occupancy_as_of") is None:
            self.warn(
                line,
                "occupancy_as_of",
                _("the figures have no date: dated %(day)s, the day of the import") % {"day": self.today.isoformat()},
            )
        status, status_date = self._status(line, cells)

        if len(self.errors) > errors_before or province is None or kind is None:
            return None
        row = ZoneRow(
            line=line,
            code=code,
            name=name,
            kind=kind,
            province=province,
            attrs=attrs,
            occupancy=occupancy,
            wastewater=wastewater,
            parent_ref=self._text(cells, "parent") or "",
        )
        if status is not None:
            row.status = status
            row.status_date_given = status_date is not None
            row.status_date = status_date.start if status_date else self.today
            row.status_date_approximate = status_date.approximate if status_date else True
        self._duplicates(row)
        return row

    def _kind(self, line: int, cells: list[Any], name: str) -> str | None:
        raw = self._cell(cells, "kind")
        if raw is None:
            kind = vocab.kind_from_name(name) if name else None
            if kind is None:
                self.error(line, "kind", _("the kind of zone is missing (park/KCN, cluster/CCN, economic_zone/KKT)"))
            return kind
        try:
            return read_choice(
                raw,
                vocab.KINDS,
                what=gettext_lazy("kind"),
                examples="park/KCN/khu công nghiệp, cluster/CCN/cụm công nghiệp, economic_zone/KKT/khu kinh tế",
            )
        except CellError as error:
            self.error(line, "kind", str(error))
            return None

    def _check_code(self, line: int, code: str, kind: str | None) -> None:
        if len(code) > 20:
            self.error(line, "code", _("the code is longer than 20 characters"))
        prefix = code.split("-", 1)[0].upper()
        prefixes = {ZoneKind(value).code_prefix: value for value in ZoneKind.values}
        if kind and prefix in prefixes and prefixes[prefix] != kind:
            self.error(
                line,
                "code",
                _("code %(code)s is the code of a %(code_kind)s, but the row is a %(kind)s")
                % {"code": code, "code_kind": ZoneKind(prefixes[prefix]).label, "kind": ZoneKind(kind).label},
            )
        first = self._codes.setdefault(code.upper(), line)
        if first != line:
            self.error(
                line, "code", _("code %(code)s is already used on line %(line)d") % {"code": code, "line": first}
            )

    def _status(self, line: int, cells: list[Any]) -> tuple[str | None, DateValue | None]:
        status = self._read(line, cells, "status", self._zone_status)
        date = self._read(line, cells, "status_date", read_date)
        if status is not None and date is None and self._cell(cells, "status_date") is None:
            self.warn(
                line,
                "status_date",
                _("status without a date: recorded as of %(day)s, the day of the import, marked approximate")
                % {"day": self.today.isoformat()},
            )
        return status, date

    def _duplicates(self, row: ZoneRow) -> None:
        first = self._names.setdefault((row.province.pk, fold(row.name)), row.line)
        if first != row.line:
            self.warn(
                row.line,
                "name",
                _("“%(name)s” is also the name of the zone on line %(line)d in %(province)s")
                % {"name": row.name, "line": first, "province": row.province.short_name},
            )

    # Vocabularies ---------------------------------------------------------------------------------

    @staticmethod
    def _zone_status(value: Any) -> str:
        return read_choice(
            value,
            vocab.STATUSES,
            what=gettext_lazy("status"),
            examples="planned/quy hoạch, established/đã thành lập, under_construction/đang xây dựng, "
            "operating/đang hoạt động…",
        )

    @staticmethod
    def _developer_type(value: Any) -> str:
        return read_choice(
            value,
            vocab.DEVELOPER_TYPES,
            what=gettext_lazy("developer type"),
            examples="enterprise/doanh nghiệp, organisation/đơn vị sự nghiệp, state_budget/ngân sách",
        )

    @staticmethod
    def _precision(value: Any) -> str:
        return read_choice(
            value, vocab.LOCATION_PRECISIONS, what=gettext_lazy("location precision"), examples="exact, commune"
        )


__all__ = ["OccupancyFigure", "RowChecker", "WastewaterFigure", "ZoneRow"]
