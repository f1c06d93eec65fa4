"""What a project import would change: investors and projects matched, capital converted, status events added.

Investors are matched by tax code (without one, by name and country among investors without a tax code);
projects by certificate number (without one, by zone, investor and name). The registry is read in a constant
number of queries per thousands of rows, the exchange rates once (``money.RateBook``); nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models.base import ModelState
from django.utils.translation import gettext as _

from zoneatlas.tenants.choices import InvestorKind, ProjectStatus
from zoneatlas.tenants.imports.base import chunked
from zoneatlas.tenants.imports.project_rows import ProjectRow
from zoneatlas.tenants.models import Investor, Project, ProjectStatusEvent, derive_fdi
from zoneatlas.tenants.money import MissingRateError, RateBook
from zoneatlas.tenants.services import convert_capital, project_state
from zoneatlas.zones.imports.columns import ColumnMap
from zoneatlas.zones.imports.report import Issue
from zoneatlas.zones.imports.vocab import fold

# What a re-import compares to tell an updated project from an unchanged one.
COMPARED = tuple(
    f.attname
    for f in Project._meta.concrete_fields
    if f.attname not in {"id", "created_at", "updated_at", "document_id", "is_synthetic"}
)
INVESTOR_FIELDS = ("name", "country", "foreign_ownership_pct", "is_fdi")
PROJECT_INDEX = {f.attname: position for position, f in enumerate(Project._meta.concrete_fields)}
PROJECT_VALUES = operator.attrgetter(*PROJECT_INDEX)
PROJECT_DEFAULTS = tuple(f.get_default() for f in Project._meta.concrete_fields)
InvestorKey = tuple[str, str]  # ("tax", code) or ("name", folded name + country)


@dataclass(slots=True)
class NewEvent:
    """A status event to record: what ``services.project_state`` reads of an event, before it has an id."""

    status: str
    effective_on: dt.date
    pk: int | None = None


@dataclass(slots=True)
class PlannedProject:
    row: ProjectRow
    project: Project | None  # a new project is kept as its row's values once planned, which takes less memory
    investor: Investor  # its id is set on the project when it is written (a new investor has none before)
    is_new: bool
    changed: set[str] = field(default_factory=set)
    events: list[NewEvent] = field(default_factory=list)
    pk: int | None = None  # the project's id, once written


@dataclass
class ProjectPlan:
    new_investors: list[Investor] = field(default_factory=list)
    changed_investors: list[Investor] = field(default_factory=list)
    investor_fields: set[str] = field(default_factory=set)
    projects: list[PlannedProject] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def created(self) -> list[PlannedProject]:
        return [planned for planned in self.projects if planned.is_new]

    @property
    def changed(self) -> list[PlannedProject]:
        return [planned for planned in self.projects if not planned.is_new and planned.changed]

    @property
    def events(self) -> int:
        return sum(len(planned.events) for planned in self.projects)


class ProjectPlanner:
    def __init__(self, rows: list[ProjectRow], columns: ColumnMap, book: RateBook, user: Any = None) -> None:
        self.rows = rows
        self.columns = columns
        self.book = book
        self.user = user
        self.plan = ProjectPlan()

    def error(self, row: ProjectRow, column: str | None, message: str) -> None:
        self.plan.errors.append(Issue(row.line, self.columns.header(column) if column else None, message))

    def run(self) -> ProjectPlan:
        # An investor named twice is refused, and the projects are still checked, so that one run reports both.
        investors = self._investors()
        self._projects(investors)
        if self.plan.errors:
            return self.plan
        self._events()
        return self.plan

    # Investors ------------------------------------------------------------------------------------

    def _investors(self) -> list[Investor]:
        """The investor of each row (in row order): found in the registry, or new."""
        first: dict[InvestorKey, ProjectRow] = {}
        keys: list[InvestorKey] = []
        for row in self.rows:
            key = _investor_key(row)
            keys.append(key)
            seen = first.setdefault(key, row)
            if seen is not row and key[0] == "tax":
                self._same_investor(row, seen)
        existing = self._existing_investors(first)
        chosen: dict[InvestorKey, Investor] = {}
        for key, row in first.items():
            investor = existing.get(key)
            if investor is None:
                country = row.country or "VN"
                investor = Investor(
                    name=row.investor_name,
                    tax_code=row.tax_code,
                    kind=InvestorKind.PERSON if len(row.tax_code) == 12 else InvestorKind.ENTERPRISE,
                    country=country,
                    foreign_ownership_pct=row.ownership_pct,
                    is_fdi=derive_fdi(country, row.ownership_pct),
                )
                self.plan.new_investors.append(investor)
            else:
                changed = self._update_investor(investor, row)
                if changed:
                    self.plan.changed_investors.append(investor)
                    self.plan.investor_fields |= changed
            chosen[key] = investor
        return [chosen[key] for key in keys]

    def _same_investor(self, row: ProjectRow, seen: ProjectRow) -> None:
        """One tax code, one investor: another name, country or ownership for it in the file is refused."""
        facts = {"code": row.tax_code, "line": seen.line}
        if fold(row.investor_name) != fold(seen.investor_name):
            self.error(
                row,
                "investor",
                _("tax code %(code)s is given to “%(other)s” on line %(line)d")
                % {**facts, "other": seen.investor_name},
            )
        if row.country and seen.country and row.country != seen.country:
            self.error(
                row,
                "investor_country",
                _("tax code %(code)s has the country %(other)s on line %(line)d") % {**facts, "other": seen.country},
            )
        if row.ownership_pct is not None and seen.ownership_pct is not None and row.ownership_pct != seen.ownership_pct:
            self.error(
                row,
                "foreign_ownership_pct",
                _("tax code %(code)s has foreign ownership %(other)s %% on line %(line)d")
                % {**facts, "other": f"{seen.ownership_pct.normalize():f}"},
            )

    def _existing_investors(self, first: dict[InvestorKey, ProjectRow]) -> dict[InvestorKey, Investor]:
        found: dict[InvestorKey, Investor] = {}
        codes = sorted(key[1] for key in first if key[0] == "tax")
        for some in chunked(codes):
            for investor in Investor.objects.filter(tax_code__in=some):
                found[("tax", investor.tax_code)] = investor
        # Names are compared folded (case, diacritics, spacing and punctuation aside), which SQL cannot do on both
        # databases: the names of investors without a tax code are read and folded here, then the matches fetched.
        wanted = {key for key in first if key[0] == "name"}
        matching: list[int] = []
        if wanted:
            for pk, name, country in Investor.objects.filter(tax_code="").values_list("pk", "name", "country"):
                if ("name", f"{fold(name)}|{country}") in wanted:
                    matching.append(pk)
        by_name: dict[InvestorKey, list[Investor]] = defaultdict(list)
        for pks in chunked(sorted(matching)):
            for investor in Investor.objects.filter(pk__in=pks).order_by("pk"):
                by_name[("name", f"{fold(investor.name)}|{investor.country}")].append(investor)
        for key, investors in by_name.items():
            if key in first and len(investors) > 1:
                row = first[key]
                self.error(
                    row,
                    "investor",
                    _("“%(name)s” matches %(count)d investors without a tax code: give the tax code")
                    % {"name": row.investor_name, "count": len(investors)},
                )
            found[key] = investors[0]
        return found

    @staticmethod
    def _update_investor(investor: Investor, row: ProjectRow) -> set[str]:
        """Set the row's values on a registered investor; return the fields that changed. Empty cells change nothing."""
        before = {name: getattr(investor, name) for name in INVESTOR_FIELDS}
        if row.investor_name:
            investor.name = row.investor_name
        if row.country:
            investor.country = row.country
        if row.ownership_pct is not None:
            investor.foreign_ownership_pct = row.ownership_pct
        investor.is_fdi = derive_fdi(investor.country, investor.foreign_ownership_pct)
        return {name for name, value in before.items() if getattr(investor, name) != value}

    # Projects -------------------------------------------------------------------------------------

    def _projects(self, investors: list[Investor]) -> None:
        by_certificate, by_name = self._existing_projects(investors)
        certificates: dict[str, ProjectRow] = {}
        names: dict[tuple[int, int, str], ProjectRow] = {}
        for row, investor in zip(self.rows, investors, strict=True):
            project: Project | None
            if row.certificate:
                if (seen := certificates.setdefault(row.certificate.upper(), row)) is not row:
                    self.error(
                        row,
                        "certificate_number",
                        _("certificate %(number)s is already given on line %(line)d")
                        % {"number": row.certificate, "line": seen.line},
                    )
                    continue
                project = by_certificate.get(row.certificate.upper())
            else:
                key = (row.zone.pk, id(investor), fold(row.name))
                if (seen := names.setdefault(key, row)) is not row:
                    self.error(
                        row,
                        "name",
                        _(
                            "this investor's project “%(name)s” is already given on line %(line)d: "
                            "give certificate numbers to tell them apart"
                        )
                        % {"name": row.name, "line": seen.line},
                    )
                    continue
                project = by_name.get((row.zone.pk, investor.pk, key[2])) if investor.pk else None
            if project is None:
                new = _new_project(row, investor)
                planned = PlannedProject(row, new, investor, is_new=True)
                if self._convert(planned, new) and self._consistent(planned, new):
                    self._add_events(planned, new, [])
                    row.values = PROJECT_VALUES(new)
                    planned.project = None
                    self.plan.projects.append(planned)
                continue
            planned = self._update(row, project, investor)
            if self._convert(planned, project) and self._consistent(planned, project):
                self.plan.projects.append(planned)

    def _existing_projects(
        self, investors: list[Investor]
    ) -> tuple[dict[str, Project], dict[tuple[int, int, str], Project]]:
        by_certificate: dict[str, Project] = {}
        certificates = sorted({row.certificate for row in self.rows if row.certificate})
        for some in chunked(certificates):
            for project in Project.objects.filter(certificate_number__in=some):
                by_certificate[project.certificate_number.upper()] = project
        by_name: dict[tuple[int, int, str], Project] = {}
        known = sorted({investor.pk for row, investor in zip(self.rows, investors, strict=True) if investor.pk})
        for ids in chunked(known):
            for project in Project.objects.filter(investor_id__in=ids, certificate_number="").order_by("-pk"):
                by_name[(project.zone_id, project.investor_id, fold(project.name))] = project
        return by_certificate, by_name

    def _update(self, row: ProjectRow, project: Project, investor: Investor) -> PlannedProject:
        before = {name: getattr(project, name) for name in COMPARED}
        if project.zone_id != row.zone.pk:
            self._check_moved(row, project)
            project.zone = row.zone
        project.investor_id = investor.pk
        for name, value in row.attrs.items():
            setattr(project, name, value)
        planned = PlannedProject(row, project, investor, is_new=False)
        planned.changed = {name for name, value in before.items() if getattr(project, name) != value}
        return planned

    def _check_moved(self, row: ProjectRow, project: Project) -> None:
        """Moving a project to another zone needs the right to report for the zone it leaves too."""
        if self.user is None:
            return
        from zoneatlas.accounts.access import can_report_for_zone  # accounts sits above tenants

        if not can_report_for_zone(self.user, project.zone):
            self.error(
                row,
                "certificate_number",
                _("project %(number)s is in %(code)s %(name)s, which is outside your grants")
                % {"number": project.certificate_number, "code": project.zone.code, "name": project.zone.name},
            )

    def _convert(self, planned: PlannedProject, project: Project) -> bool:
        """Convert the capital at its dates (``services.convert_capital``); a day without a rate refuses the row."""
        before = {name: getattr(project, name) for name in COMPARED} if not planned.is_new else {}
        project.registered_capital_vnd = project.disbursed_capital_vnd = None
        try:
            convert_capital(project, self.book)
        except MissingRateError as error:
            registered_failed = project.registered_capital is not None and project.registered_capital_vnd is None
            self.error(planned.row, "registered_capital" if registered_failed else "disbursed_capital", str(error))
            if registered_failed and project.disbursed_capital is not None:
                # The disbursed capital is checked too, so that one run reports both.
                project.registered_capital = None
                try:
                    convert_capital(project, self.book)
                except MissingRateError as disbursed_error:
                    self.error(planned.row, "disbursed_capital", str(disbursed_error))
            return False
        if before:
            planned.changed |= {name for name, value in before.items() if getattr(project, name) != value}
        return True

    def _consistent(self, planned: PlannedProject, project: Project) -> bool:
        row = planned.row
        ok = True
        registered, disbursed = project.registered_capital_vnd, project.disbursed_capital_vnd
        above = registered is not None and disbursed is not None and disbursed > registered
        if above and not project.disbursed_note.strip():
            ok = False
            self.error(
                row,
                "disbursed_capital",
                _("disbursed capital is above registered capital: say why in the disbursement note"),
            )
        local, actual = project.local_workers, project.actual_jobs
        given_both = row.given("local_workers") and row.given("actual_jobs")  # the row check said so already
        if local is not None and actual is not None and local > actual and not given_both:
            ok = False
            self.error(row, "local_workers", _("local workers cannot exceed the project's workers"))
        return ok

    # Status ---------------------------------------------------------------------------------------

    def _events(self) -> None:
        """The events of the projects already recorded (a new project's were added as it was planned)."""
        existing: dict[int, list[ProjectStatusEvent]] = defaultdict(list)
        updated = [(planned, planned.project) for planned in self.plan.projects if planned.project is not None]
        for some in chunked([project.pk for _planned, project in updated]):
            for event in ProjectStatusEvent.objects.filter(project_id__in=some).order_by("pk"):
                existing[event.project_id].append(event)
        for planned, project in updated:
            self._add_events(planned, project, existing.get(project.pk, []))

    def _add_events(self, planned: PlannedProject, project: Project, known: list[ProjectStatusEvent]) -> None:
        """The row's status as an event, a registration on the certificate date, and the status they make."""
        row = planned.row
        recorded = {(event.status, event.effective_on) for event in known}
        wanted: list[tuple[str, dt.date]] = []
        registered = any(event.status == ProjectStatus.REGISTERED for event in known)
        status, since = row.status, row.status_date
        if project.certificate_date and not registered:
            # The certificate is the registration: without it, the project would seem registered later. A row that
            # says "registered" is registered once, on the earlier of its two dates.
            day = project.certificate_date
            if status == ProjectStatus.REGISTERED and since is not None:
                day, status, since = min(day, since), "", None
            wanted.append((ProjectStatus.REGISTERED, day))
        if status and since:
            wanted.append((status, since))
        for status, day in wanted:
            if (status, day) not in recorded:
                recorded.add((status, day))
                planned.events.append(NewEvent(status, day))
        if not planned.events and not planned.is_new:
            return
        state = _state(known, planned.events)
        for name, value in state.items():
            if getattr(project, name) != value:
                setattr(project, name, value)
                planned.changed.add(name)
        if planned.events and not planned.is_new:
            planned.changed.add("updated_at")


def _new_project(row: ProjectRow, investor: Investor) -> Project:
    """A new, unsaved project with the row's values (the fields' defaults where the row gives none).

    Its fields are set the way ``Model.__init__`` sets them, without the work ``__init__`` does per field for
    arguments that may be anything: a fifth of the time, and it counts 100,000 times over.
    """
    project = Project.__new__(Project)
    project._state = ModelState()
    project.__dict__.update(
        zip(
            PROJECT_INDEX,
            [default if value is None else value for value, default in zip(row.values, PROJECT_DEFAULTS, strict=True)],
            strict=True,
        )
    )
    project.investor_id = investor.pk
    return project


def _investor_key(row: ProjectRow) -> InvestorKey:
    if row.tax_code:
        return ("tax", row.tax_code)
    return ("name", f"{fold(row.investor_name)}|{row.country or 'VN'}")


def _state(known: Sequence[ProjectStatusEvent], new: list[NewEvent]) -> dict[str, object]:
    """``services.project_state`` of the events once written: new events come after the recorded ones of their day."""
    if known and any(event.effective_on == other.effective_on for event in new for other in known):
        top = max(event.pk for event in known)
        new = [NewEvent(event.status, event.effective_on, top + number) for number, event in enumerate(new, start=1)]
    # project_state reads an event's status, date and id only, which a NewEvent has.
    return project_state(cast("list[ProjectStatusEvent]", [*known, *new]))
