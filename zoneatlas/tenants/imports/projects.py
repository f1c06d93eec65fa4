"""Importing a project file (one row per secondary investment project), all or nothing.

Stages, as in a zone import: read the file and its headers; check every cell of every row; with a user, check
that they may report for every zone named; match investors and projects and convert the capital; write it all
in one transaction, citing the file as the source document. Each stage reports every problem with its line and
column; a later stage runs only when the earlier ones found no error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zoneatlas.tenants.imports.base import (
    TenantReport,
    ZoneFinder,
    check_zone_scope,
    import_document,
    open_table,
    progress_bar,
    reason_for,
)
from zoneatlas.tenants.imports.columns import PROJECT_COLUMNS
from zoneatlas.tenants.imports.project_plan import ProjectPlan, ProjectPlanner
from zoneatlas.tenants.imports.project_rows import ProjectRow, ProjectRowChecker
from zoneatlas.tenants.imports.project_write import write_projects
from zoneatlas.tenants.money import RateBook
from zoneatlas.zones.models import Zone

NUMERIC = ("foreign_ownership_pct", "registered_capital", "disbursed_capital", "land_area_ha")


@dataclass
class ProjectReport(TenantReport):
    investors_created: int = 0
    investors_updated: int = 0
    events_created: int = 0

    def summary(self) -> str:
        counts = {
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "investors": self.investors_created,
            "investors_updated": self.investors_updated,
            "events": self.events_created,
        }
        if self.dry_run:
            text = _(
                "Dry run of %(file)s (%(rows)d rows): would create %(created)d projects, update %(updated)d, "
                "leave %(unchanged)d unchanged; would create %(investors)d investors (%(investors_updated)d updated) "
                "and record %(events)d status events. Nothing was written."
            )
        else:
            text = _(
                "Imported %(file)s (%(rows)d rows): created %(created)d projects, updated %(updated)d, "
                "%(unchanged)d unchanged; created %(investors)d investors (%(investors_updated)d updated) "
                "and recorded %(events)d status events."
            )
        return self._source(text % counts)


def import_projects(path: Path, *, dry_run: bool = False, progress: bool = False, user: Any = None) -> ProjectReport:
    """Check the project file at ``path`` and, when every row is valid and ``dry_run`` is false, write it.

    With a ``user``, every row's zone must be one they may report for (``accounts.access.can_report_for_zone``);
    one row outside refuses the file. The history of every record written names the user and the file.
    """
    path = Path(path)
    report = ProjectReport(file_name=path.name, dry_run=dry_run)
    table = open_table(path, PROJECT_COLUMNS, report, NUMERIC)
    if table is None:
        return report
    checker = ProjectRowChecker(table)
    zones = ZoneFinder()
    rows: list[ProjectRow] = []
    with progress_bar(progress, table.size, _("Checking")) as bar:
        for source in table.rows():
            report.rows += 1
            row = checker.check(source.line, source.cells, zones)
            if row is not None:
                rows.append(row)
            bar.update(1)
    report.errors.extend(checker.errors)
    report.warnings.extend(checker.warnings)
    columns = table.columns
    del table  # the cells are no longer needed: 100,000 rows of them are worth freeing before the writing
    if user is not None:
        by_zone: dict[int, list[tuple[int, Zone]]] = {}
        for row in rows:
            by_zone.setdefault(row.zone.pk, []).append((row.line, row.zone))
        column = columns.header("zone_code" if "zone_code" in columns else "zone")
        check_zone_scope(user, by_zone, column, report)
    if report.errors:
        return report

    planner = ProjectPlanner(rows, columns, RateBook(), user=user)
    if dry_run:
        _account(report, planner.run())
        return report
    with transaction.atomic():
        plan = planner.run()
        _account(report, plan)
        if report.errors:
            return report
        document = import_document(path)
        report.document_code = document.code
        with progress_bar(progress, len(plan.created) + len(plan.changed), _("Writing")) as bar:
            write_projects(plan, document, reason=reason_for(path), user=user, advance=bar.update)
    return report


def _account(report: ProjectReport, plan: ProjectPlan) -> None:
    report.errors.extend(plan.errors)
    report.warnings.extend(plan.warnings)
    report.created = len(plan.created)
    report.updated = len(plan.changed)
    report.unchanged = len(plan.projects) - report.created - report.updated
    report.investors_created = len(plan.new_investors)
    report.investors_updated = len(plan.changed_investors)
    report.events_created = plan.events
