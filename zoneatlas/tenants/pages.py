"""What the tenant pages show (projects, investors, a project), gathered in a fixed number of queries.

The lists read exactly what the API's ``ProjectViewSet`` and ``InvestorViewSet`` read: the projects of the zones the
user sees (``Zone.objects.visible_to``, the rule of ``zoneatlas.accounts.access``), and the investors with a project
there (every investor for those who read everything). They are filtered with the same FilterSets and parameters as
``/api/v1/projects/`` and ``/api/v1/investors/``; a figure about an investor counts only the projects the user sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.expressions import OrderBy
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.accounts.access import access_for
from zoneatlas.geo.models import AdminUnit
from zoneatlas.tenants.filters import InvestorFilterSet, ProjectFilterSet
from zoneatlas.tenants.models import Investor, Lease, Project, ProjectResult, ProjectStatusEvent
from zoneatlas.tenants.rollups import AGGREGATES, COUNTED, TenantRollup
from zoneatlas.zones.models import Zone

PAGE_SIZE = 25
# The project list's columns: (the FilterSet's ordering value where the column sorts, its heading).
PROJECT_COLUMNS = (
    ("name", gettext_lazy("Project")),
    ("", gettext_lazy("Investor")),
    ("", gettext_lazy("Zone")),
    ("", gettext_lazy("Sector")),
    ("since", gettext_lazy("Status since")),
    ("capital", gettext_lazy("Registered capital")),
    ("", gettext_lazy("Land (ha)")),
    ("jobs", gettext_lazy("Jobs")),
)
# The FilterSet's ordering values and the fields they sort (``ProjectFilterSet.ordering``).
PROJECT_ORDERING = {
    "name": "name",
    "capital": "registered_capital_vnd",
    "jobs": "actual_jobs",
    "since": "status_since",
}
# What the totals above the project list add up (a subset of the roll-ups' aggregates).
TOTALS = (
    "projects",
    "fdi_projects",
    "operating_projects",
    "investors",
    "registered_vnd",
    "registered_usd",
    "planned_jobs",
    "actual_jobs",
    "synthetic_projects",
)


def visible_projects(user: Any) -> QuerySet[Project]:
    """The projects the user may read: those of the zones they see, as the API's ``ProjectViewSet``."""
    return Project.objects.filter(zone__in=Zone.objects.visible_to(user).values("pk"))


def visible_investors(user: Any) -> QuerySet[Investor]:
    """The investors the user may read, as the API's ``InvestorViewSet``: every investor for those who read
    everything, else those with a project in a zone they see."""
    investors = Investor.objects.all()
    if access_for(user).reads_everything:
        return investors
    return investors.filter(projects__zone__in=Zone.objects.visible_to(user).values("pk")).distinct()


def _ordering(filterset: ProjectFilterSet) -> list[str]:
    """The ordering asked for, when it can be read (``[]`` when none; another filter's error does not matter)."""
    filterset.form.is_valid()  # fills ``cleaned_data`` with the fields that can be read
    return [value for value in filterset.form.cleaned_data.get("ordering") or [] if value]


def filtered_projects(params: QueryDict, user: Any) -> tuple[ProjectFilterSet, QuerySet[Project]]:
    """The projects the query selects among those the user reads, exactly as the API selects them.

    By zone, name and id unless an ordering is asked; a value nobody stated (no capital, no jobs) sorts last both
    ways on every database, and ties follow zone, name and id, so the page and its export read the same anywhere.
    """
    filterset = ProjectFilterSet(params, queryset=visible_projects(user))
    projects = filterset.qs
    keys: list[OrderBy | str] = []
    for value in _ordering(filterset):
        descending = value.startswith("-")
        name = PROJECT_ORDERING.get(value.lstrip("-"))
        if name:
            keys.append(F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True))
    return filterset, projects.order_by(*keys, "zone__code", "name", "id")


def with_row_data(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects with what a row shows: zone, investor, the rates used and the source document, joined."""
    return projects.select_related(
        "zone", "investor", "registered_rate", "registered_usd_rate", "disbursed_rate", "disbursed_usd_rate", "document"
    ).defer("document__text")


@dataclass
class ListTotals:
    """The totals of every project a list's query selects (all its pages), and how they were computed."""

    values: TenantRollup

    @property
    def computed_from(self) -> str:
        return _(
            "Sums over the %(projects)d projects the filters select (every page; %(synthetic)d synthetic), "
            "terminated ones included; amounts in VND and USD summed from each project's conversion at its own "
            "dated exchange rate; “–” where no project states the quantity."
        ) % {"projects": self.values.projects, "synthetic": self.values.synthetic_projects}


def list_totals(projects: QuerySet[Project]) -> ListTotals:
    """One aggregate query over the filtered projects (the roll-ups' own aggregates)."""
    values = projects.order_by().aggregate(**{name: AGGREGATES[name] for name in TOTALS})
    return ListTotals(TenantRollup(scope="list", on=timezone.localdate()).fill(values))


@dataclass
class ProjectListing:
    filterset: ProjectFilterSet
    page: Page[Project]
    ordering: str
    query: QueryDict
    totals: ListTotals
    columns: tuple[tuple[str, Any], ...] = PROJECT_COLUMNS

    @property
    def province_choices(self) -> QuerySet[AdminUnit, tuple[str, str]]:
        """Today's provinces for the filter (queried only when the whole page is drawn)."""
        return AdminUnit.objects.current().provinces().order_by("short_name").values_list("code", "short_name")

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def has_synthetic(self) -> bool:
        return self.totals.values.synthetic_projects > 0


def project_listing(params: QueryDict, user: Any) -> ProjectListing:
    filterset, projects = filtered_projects(params, user)
    page = Paginator(with_row_data(projects), PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return ProjectListing(
        filterset=filterset,
        page=page,
        ordering=params.get("ordering", "") if _ordering(filterset) else "",
        query=query,
        totals=list_totals(projects),
    )


# Investors ------------------------------------------------------------------------------------------------------


@dataclass
class InvestorRow:
    """An investor with the projects of theirs the user reads: how many, and their registered capital."""

    investor: Investor
    projects: int = 0
    registered_vnd: int | None = None
    registered_usd: Decimal | None = None
    synthetic_projects: int = 0


@dataclass
class InvestorListing:
    filterset: InvestorFilterSet
    page: Page[Investor]
    rows: list[InvestorRow]
    query: QueryDict
    shows_contact: bool

    @property
    def count(self) -> int:
        return self.page.paginator.count

    @property
    def has_synthetic(self) -> bool:
        return any(row.investor.is_synthetic or row.synthetic_projects for row in self.rows)


def investor_listing(params: QueryDict, user: Any) -> InvestorListing:
    """The investors the query selects, a page of them, each with the projects of theirs the user reads (one grouped
    query for the page: terminated projects left out, as in the roll-ups)."""
    filterset = InvestorFilterSet(params, queryset=visible_investors(user))
    page = Paginator(filterset.qs.order_by("name", "id"), PAGE_SIZE).get_page(params.get("page"))
    investors = list(page.object_list)
    sums: dict[int, dict[str, Any]] = {
        row["investor_id"]: dict(row)
        for row in visible_projects(user)
        .filter(COUNTED, investor_id__in=[investor.pk for investor in investors])
        .values("investor_id")
        .annotate(
            projects=Count("id"),
            registered_vnd=Sum("registered_capital_vnd"),
            registered_usd=Sum("registered_capital_usd"),
            synthetic=Count("id", filter=Q(is_synthetic=True)),
        )
        .order_by()
    }
    rows = []
    for investor in investors:
        found: dict[str, Any] = sums.get(investor.pk, {})
        rows.append(
            InvestorRow(
                investor=investor,
                projects=found.get("projects", 0),
                registered_vnd=found.get("registered_vnd"),
                registered_usd=found.get("registered_usd"),
                synthetic_projects=found.get("synthetic", 0),
            )
        )
    query = params.copy()
    query.pop("page", None)
    return InvestorListing(
        filterset=filterset, page=page, rows=rows, query=query, shows_contact=access_for(user).sees_internal
    )


# A project ------------------------------------------------------------------------------------------------------


@dataclass
class ProjectPage:
    project: Project
    events: list[ProjectStatusEvent]
    leases: list[Lease]
    results: list[ProjectResult]
    shows_internal: bool
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def has_synthetic(self) -> bool:
        return (
            self.project.is_synthetic
            or self.project.investor.is_synthetic
            or any(lease.is_synthetic for lease in self.leases)
            or any(result.is_synthetic for result in self.results)
        )


def project_page_queryset(user: Any) -> QuerySet[Project]:
    """A project the user reads, with everything its page shows: four queries whatever it holds."""
    return with_row_data(visible_projects(user)).prefetch_related(
        Prefetch(
            "events",
            queryset=ProjectStatusEvent.objects.select_related("document")
            .defer("document__text")
            .order_by("effective_on", "id"),
        ),
        Prefetch("leases", queryset=Lease.objects.order_by("start_date", "plot", "id")),
        Prefetch("results", queryset=ProjectResult.objects.order_by("period_start", "period_end")),
    )


def project_page(project: Project, user: Any) -> ProjectPage:
    return ProjectPage(
        project=project,
        events=list(project.events.all()),
        leases=list(project.leases.all()),
        results=list(project.results.all()),
        shows_internal=access_for(user).sees_internal,
    )
