"""Reading a project, lease or rate file row by row, so that 100,000 rows never sit in memory as cells.

The zone import reads the whole sheet into lists of cells, which is simple and right for zone files (a few
thousand rows). A project file can hold a province's or the nation's projects: here a spreadsheet is read
again for each pass over its rows (once to learn how it writes numbers, once to check them), each row turned
into Python values only while it is looked at. The rules are the zone import's: the first visible sheet, the
header row found among the first ten non-blank rows, blank rows skipped, the sheet's own line numbers, whole
numbers stored as floats read as whole numbers. CSV files are read by the zone import's reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

from zoneatlas.zones.imports.readers import (
    HEADER_SEARCH_ROWS,
    SPREADSHEET_SUFFIXES,
    FileFormatError,
    SourceRow,
    read_table,
)

Lines = Callable[[], Iterator[tuple[int, list[Any]]]]


@dataclass
class RowSource:
    """The header of a file and its data rows, which can be read as many times as needed."""

    headers: list[str]
    header_line: int | None
    lines: Lines
    first_data_line: int
    size: int  # rows after the header, blank ones included: an upper bound for a progress bar
    raw: Lines | None = None  # the lines as the spreadsheet gives them, before any cell is converted

    def rows(self) -> Iterator[SourceRow]:
        for line, cells in self.lines():
            if line >= self.first_data_line and not _blank(cells):
                yield SourceRow(line, cells)

    def texts(self, positions: list[int]) -> Iterator[str]:
        """The text cells of the data rows at ``positions`` (how a file writes its numbers is read from them)."""
        for line, cells in (self.raw or self.lines)():
            if line >= self.first_data_line:
                for position in positions:
                    if position < len(cells) and type(value := cells[position]) is str and value:
                        yield value


def open_rows(path: Path, columns: Callable[[str], str | None]) -> RowSource:
    """The file's rows; ``columns`` names the known column of a header. Raises ``FileFormatError``."""
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        table = read_table(path, columns, geojson=False)
        rows = table.rows
        first = rows[0].line if rows else (table.header_line or 0) + 1
        return RowSource(
            table.headers, table.header_line, lambda: ((row.line, row.cells) for row in rows), first, len(rows)
        )
    sheet = _sheet(path)

    def lines() -> Iterator[tuple[int, list[Any]]]:
        # Whole numbers stored as floats become whole numbers (2021.0 is the year 2021), empty cells None.
        for index, cells in enumerate(sheet.iter_rows(), start=1):
            yield (
                index,
                [None if v == "" else int(v) if type(v) is float and v.is_integer() else v for v in cells],
            )

    def raw() -> Iterator[tuple[int, list[Any]]]:
        return enumerate(sheet.iter_rows(), start=1)

    header_line, headers = _header(lines(), columns)
    return RowSource(headers, header_line, lines, header_line + 1, sheet.total_height - header_line, raw)


def _sheet(path: Path) -> CalamineSheet:
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        visible = [meta for meta in workbook.sheets_metadata if str(meta.visible).endswith("Visible")]
        return workbook.get_sheet_by_name(visible[0].name) if visible else workbook.get_sheet_by_index(0)
    except (CalamineError, OSError, ValueError) as error:
        raise FileFormatError(
            _("cannot read the spreadsheet “%(name)s”: %(error)s") % {"name": path.name, "error": error}
        ) from None


def _blank(cells: list[Any]) -> bool:
    return all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells)


def _header(lines: Iterator[tuple[int, list[Any]]], columns: Callable[[str], str | None]) -> tuple[int, list[str]]:
    """The first of the first ten non-blank rows that names at least two known columns, else the first of them."""
    candidates: list[tuple[int, list[Any]]] = []
    for line, cells in lines:
        if _blank(cells):
            continue
        if sum(1 for cell in cells if isinstance(cell, str) and columns(cell)) >= 2:
            return line, _headers(cells)
        candidates.append((line, cells))
        if len(candidates) == HEADER_SEARCH_ROWS:
            break
    if not candidates:
        raise FileFormatError(_("the file is empty"))
    line, cells = candidates[0]
    return line, _headers(cells)


def _headers(cells: list[Any]) -> list[str]:
    return [str(cell).strip() if cell is not None else "" for cell in cells]
