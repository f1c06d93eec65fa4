"""Importing a lease file (land of a zone handed to a project: a plot, its area, use and dates), all or nothing.

A row finds its lease by zone, plot and start date: the same three update it, anything else adds a lease.
Refused: a plot leased twice over the same days (within the file or against the registry), a lease larger than
the zone's free industrial land on its start date (``occupancy.lease_problems``), a terminated lease without
its date, an area not above zero, an end before the start. When the zone's industrial land is unknown, the
leases are imported with a warning instead: there is nothing to check them against.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zoneatlas.core.caching import registry_changed
from zoneatlas.tenants.choices import LandUse, LeaseStatus
from zoneatlas.tenants.imports.base import (
    BATCH_SIZE,
    RowReader,
    TenantReport,
    ZoneFinder,
    check_zone_scope,
    chunked,
    import_document,
    open_table,
    progress_bar,
    reason_for,
)
from zoneatlas.tenants.imports.columns import LEASE_COLUMNS
from zoneatlas.tenants.imports.vocab import LAND_USES, LEASE_STATUSES
from zoneatlas.tenants.models import Lease, Project
from zoneatlas.tenants.occupancy import LandBase, land_base, lease_problems
from zoneatlas.zones.imports.columns import ColumnMap
from zoneatlas.zones.imports.report import Issue
from zoneatlas.zones.models import Zone

UPDATED_FIELDS = ("land_use", "area_ha", "end_date", "status", "terminated_on", "project_id", "note")


@dataclass
class LeaseReport(TenantReport):
    def summary(self) -> str:
        counts = {
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            text = _(
                "Dry run of %(file)s (%(rows)d rows): would create %(created)d leases, update %(updated)d, "
                "leave %(unchanged)d unchanged. Nothing was written."
            )
        else:
            text = _(
                "Imported %(file)s (%(rows)d rows): created %(created)d leases, updated %(updated)d, "
                "%(unchanged)d unchanged."
            )
        return self._source(text % counts)


@dataclass(slots=True)
class LeaseRow:
    line: int
    zone: Zone
    plot: str
    area_ha: Decimal
    start_date: dt.date
    land_use: str = ""
    end_date: dt.date | None = None
    status: str = ""
    terminated_on: dt.date | None = None
    certificate: str = ""
    note: str = ""


@dataclass
class LeasePlan:
    new: list[Lease] = field(default_factory=list)
    changed: list[Lease] = field(default_factory=list)
    changed_fields: set[str] = field(default_factory=set)
    unchanged: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def import_leases(path: Path, *, dry_run: bool = False, progress: bool = False, user: Any = None) -> LeaseReport:
    """Check the lease file at ``path`` and, when every row is valid and ``dry_run`` is false, write it."""
    path = Path(path)
    report = LeaseReport(file_name=path.name, dry_run=dry_run)
    table = open_table(path, LEASE_COLUMNS, report, ("area_ha",))
    if table is None:
        return report
    reader = RowReader(table)
    zones = ZoneFinder()
    rows: list[LeaseRow] = []
    with progress_bar(progress, table.size, _("Checking")) as bar:
        for source in table.rows():
            report.rows += 1
            row = _check(reader, source.line, source.cells, zones)
            if row is not None:
                rows.append(row)
            bar.update(1)
    report.errors.extend(reader.errors)
    report.warnings.extend(reader.warnings)
    if user is not None:
        by_zone: dict[int, list[tuple[int, Zone]]] = {}
        for row in rows:
            by_zone.setdefault(row.zone.pk, []).append((row.line, row.zone))
        check_zone_scope(
            user, by_zone, table.columns.header("zone_code" if "zone_code" in table.columns else "zone"), report
        )
    if report.errors:
        return report
    with transaction.atomic():
        plan = LeasePlanner(rows, table.columns).run()
        report.errors.extend(plan.errors)
        report.warnings.extend(plan.warnings)
        report.created, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
        if report.errors or dry_run:
            return report
        document = import_document(path)
        report.document_code = document.code
        registry_changed()  # bulk writes send no signal: cached API answers go stale when the import commits
        history = {"batch_size": BATCH_SIZE, "default_change_reason": reason_for(path), "default_user": user}
        for lease in plan.new:
            lease.document = document
        if plan.new:
            bulk_create_with_history(plan.new, Lease, **history)
        if plan.changed:
            now = timezone.now()
            for lease in plan.changed:
                lease.document, lease.updated_at = document, now
            names = sorted(name.removesuffix("_id") for name in plan.changed_fields)
            bulk_update_with_history(plan.changed, Lease, [*names, "document", "updated_at"], **history)
    return report


def _check(reader: RowReader, line: int, cells: list[Any], zones: ZoneFinder) -> LeaseRow | None:
    errors_before = len(reader.errors)
    zone = zones.find(reader, line, cells)
    plot = reader.text(line, cells, "plot", 60)
    if not plot and reader._cell(cells, "plot") is None:
        reader.error(line, "plot", _("the plot is missing"))
    land_use = reader.choice(
        line, cells, "land_use", LAND_USES, _("land use"), _("industrial/đất công nghiệp, service/đất dịch vụ")
    )
    area = reader.number(line, cells, "area_ha", 4)
    if area is None and reader._cell(cells, "area_ha") is None:
        reader.error(line, "area_ha", _("the area is missing"))
    elif area is not None and area <= 0:
        reader.error(line, "area_ha", _("the area must be more than 0 ha"))
    start = reader.date(line, cells, "start_date")
    if start is None and reader._cell(cells, "start_date") is None:
        reader.error(line, "start_date", _("the start date is missing"))
    end = reader.date(line, cells, "end_date", last_day=True)
    if start is not None and end is not None and end < start:
        reader.error(
            line,
            "end_date",
            _("the lease ends on %(end)s, before it starts on %(start)s")
            % {"end": end.isoformat(), "start": start.isoformat()},
        )
    status = reader.choice(
        line,
        cells,
        "status",
        LEASE_STATUSES,
        _("lease status"),
        _("committed/đã chấp thuận, signed/đã ký, handed_over/đã bàn giao, idle/bỏ trống, terminated/đã chấm dứt"),
    )
    terminated_on = reader.date(line, cells, "terminated_on")
    if terminated_on is not None and not status and reader._cell(cells, "status") is None:
        status = LeaseStatus.TERMINATED
    if status == LeaseStatus.TERMINATED and terminated_on is None and reader._cell(cells, "terminated_on") is None:
        column = "terminated_on" if "terminated_on" in reader.columns else "status"
        reader.error(line, column, _("a terminated lease needs the date it was terminated"))
    if start is not None and terminated_on is not None and terminated_on < start:
        reader.error(
            line,
            "terminated_on",
            _("the lease is terminated on %(end)s, before it starts on %(start)s")
            % {"end": terminated_on.isoformat(), "start": start.isoformat()},
        )
    certificate = reader.text(line, cells, "certificate_number", 40)
    note = reader.text(line, cells, "note")
    if len(reader.errors) > errors_before or zone is None or area is None or start is None:
        return None
    return LeaseRow(line, zone, plot, area, start, land_use, end, status, terminated_on, certificate, note)


class LeasePlanner:
    def __init__(self, rows: list[LeaseRow], columns: ColumnMap) -> None:
        self.rows = rows
        self.columns = columns
        self.plan = LeasePlan()

    def error(self, row: LeaseRow, column: str, message: str) -> None:
        self.plan.errors.append(Issue(row.line, self.columns.header(column), message))

    def warn(self, row: LeaseRow, column: str | None, message: str) -> None:
        self.plan.warnings.append(Issue(row.line, self.columns.header(column) if column else None, message))

    def run(self) -> LeasePlan:
        projects = self._projects()
        existing: dict[int, list[Lease]] = defaultdict(list)
        for some in chunked(sorted({row.zone.pk for row in self.rows})):
            for recorded_lease in Lease.objects.filter(zone_id__in=some).order_by("pk"):
                existing[recorded_lease.zone_id].append(recorded_lease)
        matched: dict[int, LeaseRow] = {}
        leases: list[tuple[LeaseRow, Lease]] = []
        for row in self.rows:
            lease: Lease | None = next(
                (
                    found
                    for found in existing.get(row.zone.pk, [])
                    if found.plot == row.plot and found.start_date == row.start_date
                ),
                None,
            )
            project = projects.get(row.certificate.upper()) if row.certificate else None
            if row.certificate and (project is None or project.zone_id != row.zone.pk):
                self._wrong_project(row, project)
                continue
            if lease is not None and (seen := matched.setdefault(lease.pk, row)) is not row:
                self.error(
                    row,
                    "plot",
                    _("plot %(plot)s from %(date)s is already given on line %(line)d")
                    % {"plot": row.plot, "date": row.start_date.isoformat(), "line": seen.line},
                )
                continue
            leases.append((row, self._lease(row, lease, project)))
        # A row refused above is left out of the land check; the others are checked, so one run reports all.
        self._check_land(
            leases, {zone: [lease for lease in found if lease.pk not in matched] for zone, found in existing.items()}
        )
        return self.plan

    def _projects(self) -> dict[str, Project]:
        found: dict[str, Project] = {}
        numbers = sorted({row.certificate for row in self.rows if row.certificate})
        for some in chunked(numbers):
            for project in Project.objects.filter(certificate_number__in=some).select_related("zone"):
                found[project.certificate_number.upper()] = project
        return found

    def _wrong_project(self, row: LeaseRow, project: Project | None) -> None:
        if project is None:
            message = _("no project has the certificate number “%(number)s”") % {"number": row.certificate}
        else:
            message = _("project %(number)s is in %(code)s %(name)s, not in this row's zone") % {
                "number": row.certificate,
                "code": project.zone.code,
                "name": project.zone.name,
            }
        self.error(row, "certificate_number", message)

    def _lease(self, row: LeaseRow, lease: Lease | None, project: Project | None) -> Lease:
        if lease is None:
            lease = Lease(
                zone=row.zone,
                plot=row.plot,
                area_ha=row.area_ha,
                start_date=row.start_date,
                land_use=row.land_use or LandUse.INDUSTRIAL,
                end_date=row.end_date,
                status=row.status or LeaseStatus.SIGNED,
                terminated_on=row.terminated_on,
                project=project,
                note=row.note,
            )
            self.plan.new.append(lease)
            return lease
        before = {name: getattr(lease, name) for name in UPDATED_FIELDS}
        lease.area_ha = row.area_ha
        # Empty cells change nothing.
        for name, value in (
            ("land_use", row.land_use),
            ("end_date", row.end_date),
            ("status", row.status),
            ("terminated_on", row.terminated_on),
            ("note", row.note),
        ):
            if value:
                setattr(lease, name, value)
        if project is not None:
            lease.project = project
        changed = {name for name, value in before.items() if getattr(lease, name) != value}
        if changed:
            self.plan.changed.append(lease)
            self.plan.changed_fields |= changed
        else:
            self.plan.unchanged += 1
        return lease

    def _check_land(self, leases: list[tuple[LeaseRow, Lease]], recorded: dict[int, list[Lease]]) -> None:
        """Each lease against the zone's other leases: the recorded ones and the file's, in order of start date."""
        by_zone: dict[int, list[tuple[LeaseRow, Lease]]] = defaultdict(list)
        for row, lease in leases:
            by_zone[row.zone.pk].append((row, lease))
        for zone_id, found in by_zone.items():
            zone = found[0][0].zone
            land = land_base(zone)
            if land is None and any(lease.land_use == LandUse.INDUSTRIAL for _row, lease in found):
                row = min((row for row, lease in found if lease.land_use == LandUse.INDUSTRIAL), key=lambda r: r.line)
                self.warn(
                    row,
                    "area_ha",
                    _("the industrial land of %(code)s %(name)s is unknown: its leases are not checked against it")
                    % {"code": zone.code, "name": zone.name},
                )
            others = list(recorded.get(zone_id, []))
            for row, lease in sorted(found, key=lambda pair: (pair[1].start_date, pair[0].line)):
                if self._problems(row, lease, others, land):
                    continue  # a refused lease takes no land from the leases after it
                others.append(lease)
        self.plan.errors.sort(key=lambda issue: issue.line or 0)

    def _problems(self, row: LeaseRow, lease: Lease, others: list[Lease], land: LandBase | None) -> bool:
        """Report why the lease cannot be recorded next to the others (the plot column, or the area's)."""
        same_plot = [other for other in others if other.plot == lease.plot]
        overlaps = lease_problems(lease, same_plot, None)
        for problem in overlaps:
            self.error(row, "plot", problem)
        other_plots = [other for other in others if other.plot != lease.plot]
        too_large = lease_problems(lease, other_plots, land)
        for problem in too_large:
            self.error(row, "area_ha", problem)
        return bool(overlaps or too_large)
