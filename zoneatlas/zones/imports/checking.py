"""The file-wide context of row checks, and reading a cell: findings collected with the line and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.utils.translation import gettext as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import Resolution
from zoneatlas.zones.imports.cells import (
    CellError,
    as_text,
    is_blank,
    quantize,
    read_number,
)
from zoneatlas.zones.imports.columns import ColumnMap
from zoneatlas.zones.imports.report import Issue


class CellReader:
    """Reads cells against one file's columns, collecting every error and warning with its line and column."""

    def __init__(self, columns: ColumnMap, *, place: str, today: dt.date, locale_hint: str) -> None:
        self.columns = columns
        self.place = place
        self.today = today
        self.locale_hint = locale_hint
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        bbox = cast("tuple[float, float, float, float]", settings.ZONEATLAS["VIETNAM_BBOX"])
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = (Decimal(str(v)) for v in bbox)
        self.cluster_min_ha = Decimal(str(settings.ZONEATLAS["CLUSTER_MIN_AREA_HA"]))
        self.cluster_max_ha = Decimal(str(settings.ZONEATLAS["CLUSTER_MAX_AREA_HA"]))
        self.provinces_by_code = {unit.code: unit for unit in AdminUnit.objects.current().provinces()}
        self._codes: dict[str, int] = {}
        self._names: dict[tuple[int, str], int] = {}
        self._ambiguous: set[str] = set()
        self._resolved: dict[tuple[str, str | None, dt.date | None], Resolution] = {}

    # Collecting findings -------------------------------------------------------------------------

    def error(self, line: int, column: str | None, message: str) -> None:
        self.errors.append(Issue(line, self.columns.header(column) if column else None, message, self.place))

    def warn(self, line: int, column: str | None, message: str) -> None:
        self.warnings.append(Issue(line, self.columns.header(column) if column else None, message, self.place))

    # Cells ---------------------------------------------------------------------------------------

    def _cell(self, cells: list[Any], column: str) -> Any:
        position = self.columns.positions.get(column)
        if position is None or position >= len(cells) or is_blank(cells[position]):
            return None
        value = cells[position]
        return value.strip() if isinstance(value, str) else value

    def _read(self, line: int, cells: list[Any], column: str, reader: Callable[[Any], Any]) -> Any:
        value = self._cell(cells, column)
        if value is None:
            return None
        try:
            return reader(value)
        except CellError as error:
            self.error(line, column, str(error))
            return None

    def _number(self, line: int, cells: list[Any], column: str, units: frozenset[str], places: int) -> Decimal | None:
        raw = self._cell(cells, column)
        if raw is None:
            return None
        try:
            parsed = read_number(raw, locale_hint=self.locale_hint, units=units)
        except CellError as error:
            self.error(line, column, str(error))
            return None
        if parsed.value < 0:
            self.error(line, column, _("%(value)s is negative") % {"value": raw})
            return None
        if parsed.ambiguous:
            self._ambiguous.add(column)
            convention = (
                _("a decimal comma and a thousands dot, as Vietnamese writes numbers")
                if self.locale_hint == "vi"
                else _("a decimal point and a thousands comma, as English writes numbers")
            )
            self.warn(
                line,
                column,
                _("“%(text)s” read as %(value)s (%(convention)s)")
                % {"text": raw, "value": plain(parsed.value), "convention": convention},
            )
        return quantize(parsed.value, places)

    def _text(self, cells: list[Any], column: str) -> str | None:
        value = self._cell(cells, column)
        return None if value is None else as_text(value)

    # The row -------------------------------------------------------------------------------------


def plain(value: Decimal) -> str:
    """A number as a person writes it in a message: 120, 35.52, 866.605 (no trailing zeros)."""
    return f"{value.normalize():f}"
