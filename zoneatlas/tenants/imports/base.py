"""What the project, lease and exchange-rate imports share with each other and with the zone import.

The file is read by the zone import's reader (CSV or spreadsheet, the header row found among the first ten),
cells by its readers (Vietnamese numbers, dates, words), and every finding is an ``Issue`` placed at its line
and column. A second header row right under the header (the templates' English names) is read past.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.tenants.currencies import ISO_4217, normalize_currency
from zoneatlas.tenants.imports.columns import ColumnSet
from zoneatlas.tenants.imports.reading import RowSource, open_rows
from zoneatlas.zones.imports.cells import (
    CellError,
    as_text,
    guess_locale,
    quantize,
    read_choice,
    read_date,
    read_number,
)
from zoneatlas.zones.imports.columns import ColumnMap
from zoneatlas.zones.imports.places import PlaceChecks
from zoneatlas.zones.imports.readers import FileFormatError, SourceRow
from zoneatlas.zones.imports.report import Issue
from zoneatlas.zones.imports.vocab import fold, kind_from_name
from zoneatlas.zones.models import Zone

# Rows written per INSERT; large batches, well under PostgreSQL's 65,535 parameters and SQLite's 250,000.
BATCH_SIZE = 1000
# Values per IN (...) lookup, under SQLite's default limit on the parameters of one statement; PostgreSQL takes
# up to 65,535, and a tenth of its round trips saves a second on 100,000 certificates.
CHUNK = 900
LOOKUP_CHUNK = {"postgresql": 10_000}
AREA_UNITS = frozenset({"ha"})
MONEY_UNITS = frozenset({"VND", "USD"})
QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def chunked[T](items: Sequence[T], size: int | None = None) -> Iterator[Sequence[T]]:
    """Slices of ``size`` items; by default as many as one ``IN (...)`` lookup of the database takes at once."""
    if size is None:
        size = LOOKUP_CHUNK.get(connection.vendor, CHUNK)
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class TenantReport:
    """The outcome of an import of projects, leases or rates. Any error means nothing was written."""

    file_name: str
    dry_run: bool = False
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    document_code: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        raise NotImplementedError

    def _source(self, text: str) -> str:
        if self.document_code and not self.dry_run:
            text += " " + _("Source: %(code)s.") % {"code": self.document_code}
        return text


@dataclass
class Table:
    """The data rows of a file (read again on each call of ``rows``) with the position of each known column."""

    source: RowSource
    columns: ColumnMap
    locale_hint: str
    skip_first: bool  # the first data row is a second header row

    @property
    def size(self) -> int:
        return self.source.size

    def rows(self) -> Iterator[SourceRow]:
        rows = self.source.rows()
        if self.skip_first:
            next(rows, None)
        return rows


def open_table(path: Path, columns: ColumnSet, report: TenantReport, numeric: Sequence[str]) -> Table | None:
    """Read the file and match its headers; None (with the errors in the report) when it cannot be imported."""
    try:
        source = open_rows(path, columns)
    except (FileFormatError, OSError) as error:
        report.errors.append(Issue(None, None, str(error)))
        return None
    mapped = _map_columns(source.headers, source.header_line, columns, report)
    first = next(source.rows(), None)
    skip_first = first is not None and _repeats_header(first.cells, source.headers, columns)
    if report.errors:
        return None
    table = Table(source, mapped, "vi", skip_first)
    if next(table.rows(), None) is None:
        report.errors.append(Issue(None, None, _("the file has a header but no rows")))
        return None
    positions = [mapped.positions[c] for c in numeric if c in mapped.positions]
    table.locale_hint = guess_locale(source.texts(positions))
    return table


def _repeats_header(cells: list[Any], headers: list[str], columns: ColumnSet) -> bool:
    """A row that names, in each cell, the column of the header above it (a second header row, in English)."""
    named = 0
    for position, cell in enumerate(cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        if not isinstance(cell, str) or position >= len(headers):
            return False
        column = columns(cell)
        if column is None or column != columns(headers[position]):
            return False
        named += 1
    return named >= 2


def _map_columns(headers: list[str], line: int | None, columns: ColumnSet, report: TenantReport) -> ColumnMap:
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    for position, header in enumerate(headers):
        if not header:
            continue
        column = columns(header)
        if column is None:
            report.warnings.append(Issue(line, header, _("column not recognised; it was not imported")))
            continue
        if column in positions:
            report.errors.append(
                Issue(
                    line,
                    header,
                    _("this column and “%(other)s” are the same column (%(column)s)")
                    % {"other": written[column], "column": column},
                )
            )
            continue
        positions[column] = position
        written[column] = header
    for spec in columns:
        if spec.required and spec.key not in positions:
            report.errors.append(Issue(line, None, _("the file has no %(column)s column") % {"column": spec.label}))
    if "zone_code" in columns.columns and "zone_code" not in positions and "zone" not in positions:
        both = f"{columns.label('zone_code')}, {columns.label('zone')}"
        report.errors.append(Issue(line, None, _("the file has no %(column)s column") % {"column": both}))
    return ColumnMap(positions=positions, headers=written)


class RowReader(PlaceChecks):
    """Reads the cells of one file's rows, collecting every error and warning with its line and column."""

    def __init__(self, table: Table) -> None:
        super().__init__(table.columns, place="line", today=timezone.localdate(), locale_hint=table.locale_hint)
        self._positions = table.columns.positions

    def _cell(self, cells: list[Any], column: str) -> Any:
        # The zone import's reading, made lean: it runs for every column of every row.
        position = self._positions.get(column)
        if position is None or position >= len(cells):
            return None
        value = cells[position]
        if type(value) is str:
            return value.strip() or None
        return value

    def _number(self, line: int, cells: list[Any], column: str, units: frozenset[str], places: int) -> Decimal | None:
        raw = self._cell(cells, column)
        if raw is None:
            return None
        kind = type(raw)
        if kind is int or kind is float:
            # A number cell of a spreadsheet, the common case: no text to read, nothing ambiguous.
            value = Decimal(raw) if kind is int else Decimal(repr(raw))
        else:
            try:
                parsed = read_number(raw, locale_hint=self.locale_hint, units=units)
            except CellError as error:
                self.error(line, column, str(error))
                return None
            value = parsed.value
            if parsed.ambiguous and value >= 0:
                self._warn_ambiguous(line, column, raw, value)
        if value < 0:
            self.error(line, column, _("%(value)s is negative") % {"value": raw})
            return None
        return value.quantize(QUANTA[places], rounding=ROUND_HALF_UP)

    def text(self, line: int, cells: list[Any], column: str, max_length: int | None = None) -> str:
        value = self._text(cells, column) or ""
        if max_length is not None and len(value) > max_length:
            self.error(line, column, _("the text is longer than %(max)d characters") % {"max": max_length})
            return ""
        return value

    def number(
        self, line: int, cells: list[Any], column: str, places: int, units: frozenset[str] = AREA_UNITS
    ) -> Decimal | None:
        return self._number(line, cells, column, units, places)

    def whole(self, line: int, cells: list[Any], column: str) -> int | None:
        raw = self._cell(cells, column)
        value = self._number(line, cells, column, frozenset(), 6)
        if value is None:
            return None
        if value != value.to_integral_value():
            self.error(line, column, _("“%(text)s” is not a whole number") % {"text": raw})
            return None
        if value > 2_000_000_000:
            self.error(line, column, _("%(value)s is too large") % {"value": raw})
            return None
        return int(value)

    def date(self, line: int, cells: list[Any], column: str, *, last_day: bool = False) -> dt.date | None:
        """A date; a month or a year stands for its first day, or its last with ``last_day``."""
        value = self._read(line, cells, column, read_date)
        if value is None:
            return None
        return value.end if last_day else value.start

    def choice(self, line: int, cells: list[Any], column: str, table: dict[str, str], what: Any, examples: Any) -> str:
        found = self._read(line, cells, column, lambda value: read_choice(value, table, what=what, examples=examples))
        return found or ""

    def money(self, line: int, cells: list[Any], amount: str, currency: str) -> tuple[Decimal | None, str]:
        """An amount (None when absent or refused) and its currency, from its column or the cell ("56,3 triệu USD")."""
        raw = self._cell(cells, amount)
        written = self._text(cells, currency)
        code = normalize_currency(written) if written else ""
        if written and code not in ISO_4217:
            self.error(
                line,
                currency,
                _("“%(code)s” is not an ISO 4217 currency code (e.g. VND, USD, JPY)") % {"code": written},
            )
            return None, ""
        if raw is None:
            return None, code
        stated = ""
        if isinstance(raw, str):
            head, _space, tail = raw.strip().rpartition(" ")
            if head and tail.upper() in ISO_4217 and tail.upper() not in MONEY_UNITS:
                raw, stated = head, tail.upper()
        try:
            parsed = read_number(raw, locale_hint=self.locale_hint, units=MONEY_UNITS)
        except CellError as error:
            self.error(line, amount, str(error))
            return None, code
        stated = stated or parsed.unit
        if parsed.value < 0:
            self.error(line, amount, _("%(value)s is negative") % {"value": as_text(self._cell(cells, amount))})
            return None, code
        if parsed.ambiguous:
            self._warn_ambiguous(line, amount, self._cell(cells, amount), parsed.value)
        if stated and code and stated != code:
            self.error(
                line,
                amount,
                _("the amount is in %(stated)s but the currency column says %(code)s")
                % {"stated": stated, "code": code},
            )
            return None, code
        code = code or stated
        if not code:
            self.error(line, amount, _("an amount needs its currency (e.g. VND, USD)"))
            return None, ""
        return quantize(parsed.value, 2), code

    def _warn_ambiguous(self, line: int, column: str, raw: Any, value: Decimal) -> None:
        convention = (
            _("a decimal comma and a thousands dot, as Vietnamese writes numbers")
            if self.locale_hint == "vi"
            else _("a decimal point and a thousands comma, as English writes numbers")
        )
        self.warn(
            line,
            column,
            _("“%(text)s” read as %(value)s (%(convention)s)")
            % {"text": raw, "value": f"{value.normalize():f}", "convention": convention},
        )


def _zone_key(name: str) -> str:
    """A zone's name folded, without the words that say its kind ("Cụm công nghiệp Phú Thành II" → "phuthanhii")."""
    folded = fold(name)
    if kind_from_name(name):
        for prefix in ("cumcongnghiep", "khucongnghiep", "khukinhte", "ccn", "kcn", "kkt"):
            if folded.startswith(prefix):
                return folded[len(prefix) :] or folded
    return folded


class ZoneFinder:
    """Finds a row's zone by its code, or by its name in its province; every live zone is read once."""

    def __init__(self) -> None:
        self.zones = list(
            Zone.objects.alive().only("id", "code", "name", "kind", "province_id", "industrial_land_ha", "deleted_at")
        )
        self.by_code = {zone.code.upper(): zone for zone in self.zones}
        self._by_name: dict[tuple[int, str], list[Zone]] | None = None

    @property
    def by_name(self) -> dict[tuple[int, str], list[Zone]]:
        """Zones by province and folded name, built the first time a row names a zone (most rows give codes)."""
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for zone in sorted(self.zones, key=lambda zone: zone.code):
                self._by_name[(zone.province_id, _zone_key(zone.name))].append(zone)
        return self._by_name

    def find(self, reader: RowReader, line: int, cells: list[Any]) -> Zone | None:
        code = reader.text(line, cells, "zone_code")
        if code:
            zone = self.by_code.get(code.upper())
            if zone is None:
                reader.error(line, "zone_code", _("no zone has the code “%(code)s”") % {"code": code})
            return zone
        name = reader.text(line, cells, "zone")
        if not name:
            column = "zone" if "zone" in reader.columns else "zone_code"
            reader.error(line, column, _("the zone is missing: give its code, or its name and province"))
            return None
        province = reader._province(line, cells, {})
        if province is None:
            return None
        matches = self.by_name.get((province.pk, _zone_key(name)), [])
        if not matches:
            reader.error(
                line,
                "zone",
                _("no zone called “%(name)s” in %(province)s") % {"name": name, "province": province.short_name},
            )
            return None
        if len(matches) > 1:
            reader.error(
                line,
                "zone",
                _("“%(name)s” matches %(count)d zones in %(province)s: give the zone's code (%(codes)s)")
                % {
                    "name": name,
                    "count": len(matches),
                    "province": province.short_name,
                    "codes": ", ".join(zone.code for zone in matches),
                },
            )
            return None
        return matches[0]


def check_zone_scope(user: Any, zones: dict[int, list[tuple[int, Zone]]], column: str, report: TenantReport) -> None:
    """Refuse the rows of zones the user may not report for (another province, another agency's zones).

    ``zones`` maps a zone's id to the (line, zone) of the rows that name it.
    """
    from zoneatlas.accounts.access import can_report_for_zone  # accounts sits above tenants

    for rows in zones.values():
        zone = rows[0][1]
        if can_report_for_zone(user, zone):
            continue
        for line, _zone in rows:
            report.errors.append(
                Issue(
                    line,
                    column,
                    _("you may not report for %(code)s %(name)s: it is outside your grants")
                    % {"code": zone.code, "name": zone.name},
                )
            )


def document_code(path: Path) -> str:
    """The code of the file's source document: ``import-`` and the first 16 hex digits of its SHA-256."""
    return f"import-{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"


def import_document(path: Path) -> Document:
    """The file as a source document: the one recorded for the same bytes before, or a new one."""
    code = document_code(path)
    existing = Document.objects.filter(code=code).first()
    if existing is not None:
        return existing
    # Saved on its own (a single row), so its history is recorded by the model's signals.
    return Document.objects.create(code=code, title=path.name, kind=DocumentKind.DATASET, file_name=path.name, text="")


def reason_for(path: Path) -> str:
    return _("import of %(file)s") % {"file": path.name}


def progress_bar(enabled: bool, total: int, description: str) -> Any:
    return tqdm(total=total, desc=description, unit=_("rows"), file=sys.stderr, disable=not enabled, leave=False)
