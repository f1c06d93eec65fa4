"""Reading a zone file into rows of cells, each with the line (or feature number) the user sees.

CSV (UTF-8 with or without a byte-order mark, comma, semicolon or tab separated), spreadsheets
(XLSX, XLS, ODS through python-calamine, which reads 10,000 rows in a fraction of a second) and GeoJSON
(a FeatureCollection of Points or Polygons whose properties are the columns).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook

from zoneatlas.zones.imports.columns import column_for

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".ods"})
GEOJSON_SUFFIXES = frozenset({".geojson", ".json"})
CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})

# How far down a spreadsheet the header row may be (title rows above it are common in official lists).
HEADER_SEARCH_ROWS = 10


class FileFormatError(ValueError):
    """The file cannot be read as a zone table at all."""


@dataclass
class SourceRow:
    line: int
    cells: list[Any]
    geometry: dict[str, Any] | None = None


@dataclass
class SourceTable:
    """The header row and the data rows of a file, positions aligned with ``headers``."""

    headers: list[str]
    header_line: int | None
    rows: list[SourceRow] = field(default_factory=list)
    place: str = "line"


def read_table(path: Path, columns: Callable[[str], str | None] = column_for, *, geojson: bool = True) -> SourceTable:
    """The header and rows of a file; ``columns`` names the known column of a header (the header row is found by it)."""
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _with_header(_spreadsheet_lines(path), columns)
    if geojson and suffix in GEOJSON_SUFFIXES:
        return _geojson(path)
    if suffix in CSV_SUFFIXES:
        return _with_header(_csv_lines(path), columns)
    if not geojson:
        raise FileFormatError(_("cannot read “%(name)s”: give a CSV or XLSX file (.csv, .xlsx)") % {"name": path.name})
    raise FileFormatError(
        _("cannot read “%(name)s”: give a CSV, XLSX or GeoJSON file (.csv, .xlsx, .geojson)") % {"name": path.name}
    )


def _csv_lines(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileFormatError(
            _("“%(name)s” is not UTF-8 text (byte %(at)d): save it as “CSV UTF-8”")
            % {"name": path.name, "at": error.start}
        ) from None
    first_line = text.split("\n", 1)[0]
    # Files saved by a Vietnamese Excel use ";" because "," is the decimal mark.
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[Any]]] = []
    start = 1
    for record in reader:
        lines.append((start, record))
        start = reader.line_num + 1
    return lines


def _spreadsheet_lines(path: Path) -> list[tuple[int, list[Any]]]:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        visible = [meta for meta in workbook.sheets_metadata if str(meta.visible).endswith("Visible")]
        sheet = workbook.get_sheet_by_name(visible[0].name) if visible else workbook.get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except (CalamineError, OSError, ValueError) as error:
        raise FileFormatError(
            _("cannot read the spreadsheet “%(name)s”: %(error)s") % {"name": path.name, "error": error}
        ) from None
    return [(index + 1, [_spreadsheet_cell(value) for value in row]) for index, row in enumerate(rows)]


def _spreadsheet_cell(value: Any) -> Any:
    # Spreadsheets store whole numbers as floats: 2021.0 is the year 2021 a person typed.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _with_header(lines: list[tuple[int, list[Any]]], columns: Callable[[str], str | None]) -> SourceTable:
    """Take the first row that names known columns as the header (title rows above it are skipped)."""
    non_blank = [(line, cells) for line, cells in lines if not _blank(cells)]
    if not non_blank:
        raise FileFormatError(_("the file is empty"))
    header_at = 0
    for index, (_line, cells) in enumerate(non_blank[:HEADER_SEARCH_ROWS]):
        if sum(1 for cell in cells if isinstance(cell, str) and columns(cell)) >= 2:
            header_at = index
            break
    header_line, header_cells = non_blank[header_at]
    headers = [str(cell).strip() if cell is not None else "" for cell in header_cells]
    rows = [SourceRow(line, cells) for line, cells in non_blank[header_at + 1 :]]
    return SourceTable(headers=headers, header_line=header_line, rows=rows)


def _geojson(path: Path) -> SourceTable:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FileFormatError(
            _("“%(name)s” is not valid GeoJSON: %(error)s") % {"name": path.name, "error": error}
        ) from None
    if isinstance(data, dict) and data.get("type") == "Feature":
        features = [data]
    elif isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
    else:
        raise FileFormatError(_("a GeoJSON zone file must be a FeatureCollection of Points or Polygons"))
    headers: list[str] = []
    seen: set[str] = set()
    for feature in features:
        for key in (feature.get("properties") or {}) if isinstance(feature, dict) else {}:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    rows = []
    for number, feature in enumerate(features, start=1):
        feature = feature if isinstance(feature, dict) else {}
        properties = feature.get("properties") or {}
        rows.append(SourceRow(number, [properties.get(key) for key in headers], feature.get("geometry")))
    return SourceTable(headers=headers, header_line=None, rows=rows, place="feature")
