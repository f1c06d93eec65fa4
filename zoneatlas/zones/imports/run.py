"""Importing a zone file: all or nothing.

Every row is checked first and every problem reported with its line and column; a single error and
nothing is written. A clean file is written in one transaction, with the file recorded as the source
document (``import-<sha256 prefix>``) that every lifecycle event, figure and plant report cites.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.imports.cells import guess_locale
from zoneatlas.zones.imports.columns import INFORMATIONAL, REQUIRED, ColumnMap, column_for
from zoneatlas.zones.imports.plan import Plan, Planner
from zoneatlas.zones.imports.readers import FileFormatError, SourceTable, read_table
from zoneatlas.zones.imports.report import ImportReport, Issue
from zoneatlas.zones.imports.rows import RowChecker, ZoneRow
from zoneatlas.zones.imports.write import write_plan
from zoneatlas.zones.models import Zone

NUMERIC_COLUMNS = ("gross_area_ha", "industrial_land_ha", "leased_ha", "occupancy_pct", "wwtp_capacity_m3_per_day")
COLUMN_NAMES = {"name": "name / tên", "province": "province / tỉnh"}


def import_zones(path: Path, *, dry_run: bool = False, progress: bool = False, user: Any = None) -> ImportReport:
    """Check the zone file at ``path`` and, when every row is valid and ``dry_run`` is false, write it.

    With a ``user``, every row must lie in their editing scope (a province and kind of zone their grant
    lets them edit); a row outside it refuses the whole file, like any other error. Without one, the
    import runs with the operator's authority (the command line).
    """
    path = Path(path)
    report = ImportReport(file_name=path.name, dry_run=dry_run)
    try:
        table = read_table(path)
    except (FileFormatError, OSError) as error:
        report.errors.append(Issue(None, None, str(error)))
        return report
    columns = _map_columns(table, report)
    if report.errors:
        return report
    report.rows = len(table.rows)
    rows = _check_rows(table, columns, report, progress=progress)
    if user is not None:
        _check_scope(rows, user, report, table.place)
    if report.errors:
        return report

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    code = f"import-{digest[:16]}"
    existing_document = Document.objects.filter(code=code).first()
    planner = Planner(
        rows,
        file_name=path.name,
        place=table.place,
        document_id=existing_document.pk if existing_document else None,
        headers=columns.headers,
    )
    if dry_run:
        plan = planner.run()
        _account(report, plan)
        return report
    with transaction.atomic():
        plan = planner.run()
        _account(report, plan)
        if report.errors:
            return report
        document = existing_document or _document(code, path)
        report.document_code = document.code
        total = (
            len(plan.created)
            + len(plan.updated)
            + len(plan.events)
            + len(plan.new_figures)
            + len(plan.updated_figures)
            + len(plan.new_plants)
        )
        with _bar(progress, total, _("Writing")) as bar:
            write_plan(
                plan, document, reason=_("import of %(file)s") % {"file": path.name}, advance=bar.update, user=user
            )
    return report


def _map_columns(table: SourceTable, report: ImportReport) -> ColumnMap:
    """Which header is which column; unknown headers are reported and read past."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    line = table.header_line
    for position, header in enumerate(table.headers):
        if not header:
            continue
        column = column_for(header)
        if column is None:
            if header != "geometry":
                report.warnings.append(
                    Issue(line, header, _("column not recognised; it was not imported"), table.place)
                )
            continue
        if column in positions:
            report.errors.append(
                Issue(
                    line,
                    header,
                    _("this column and “%(other)s” are the same column (%(column)s)")
                    % {"other": headers[column], "column": column},
                    table.place,
                )
            )
            continue
        if column not in INFORMATIONAL:
            positions[column] = position
        headers[column] = header
    for column in REQUIRED:
        if column not in positions and not (column == "province" and "province_code" in positions):
            report.errors.append(
                Issue(
                    line, None, _("the file has no %(column)s column") % {"column": COLUMN_NAMES[column]}, table.place
                )
            )
    return ColumnMap(positions=positions, headers=headers)


def _check_rows(table: SourceTable, columns: ColumnMap, report: ImportReport, *, progress: bool) -> list[ZoneRow]:
    numeric = [columns.positions[c] for c in NUMERIC_COLUMNS if c in columns.positions]
    locale_hint = guess_locale(row.cells[i] for row in table.rows for i in numeric if i < len(row.cells))
    checker = RowChecker(columns, place=table.place, today=timezone.localdate(), locale_hint=locale_hint)
    rows: list[ZoneRow] = []
    width = len(table.headers)
    with _bar(progress, len(table.rows), _("Checking")) as bar:
        for source in table.rows:
            if len(source.cells) > width and any(str(cell).strip() for cell in source.cells[width:]):
                checker.error(source.line, None, _("the row has more cells than the header has columns"))
            row = checker.check(source.line, source.cells, source.geometry)
            if row is not None:
                rows.append(row)
            bar.update(1)
    report.errors.extend(checker.errors)
    report.warnings.extend(checker.warnings)
    if not table.rows:
        report.errors.append(Issue(None, None, _("the file has a header but no rows")))
    return rows


def _check_scope(rows: list[ZoneRow], user: Any, report: ImportReport, place: str) -> None:
    """Refuse rows for zones the user may not edit: another province, or another agency's kind of zone."""
    from zoneatlas.accounts.access import can_edit_province, can_edit_zone  # accounts sits above zones

    existing = Zone.objects.in_bulk([row.code for row in rows if row.code], field_name="code")
    for row in rows:
        zone = existing.get(row.code) if row.code else None
        allowed = can_edit_province(user, row.province.pk, row.kind) and (zone is None or can_edit_zone(user, zone))
        if not allowed:
            report.errors.append(
                Issue(
                    row.line,
                    COLUMN_NAMES["province"],
                    _("you may not edit %(kind)s in %(province)s: it is outside your grants")
                    % {"kind": ZoneKind(row.kind).label.lower(), "province": row.province.name},
                    place,
                )
            )


def _account(report: ImportReport, plan: Plan) -> None:
    report.errors.extend(plan.errors)
    report.warnings.extend(plan.warnings)
    report.created = len(plan.created)
    report.updated = len(plan.updated)
    report.unchanged = plan.unchanged
    report.events_created = len(plan.events)
    report.figures_created = len(plan.new_figures)
    report.figures_updated = len(plan.updated_figures)
    report.wastewater_reports_created = len(plan.new_plants)


def _document(code: str, path: Path) -> Document:
    # Saved one by one (a single row), so its history is recorded by the model's signals.
    return Document.objects.create(code=code, title=path.name, kind=DocumentKind.DATASET, file_name=path.name, text="")


def _bar(enabled: bool, total: int, description: str) -> Any:
    return tqdm(total=total, desc=description, unit=_("rows"), file=sys.stderr, disable=not enabled, leave=False)
