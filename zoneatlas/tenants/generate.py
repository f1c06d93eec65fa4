"""``zoneatlas generate tenants [--projects 50000] [--seed 42]``: synthetic tenants for the synthetic national set.

Investors, projects with their status history, capital converted at the rate table, and leases, drawn for the
synthetic zones of ``zoneatlas generate national``. Everything is marked synthetic and cites one synthetic
document; running it again replaces the previous synthetic tenant set and never touches other records. Where the
rate table has no USD rate for a year, an illustrative yearly rate citing the same document is added.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from zoneatlas.core.caching import registry_changed
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.tenants.choices import LeaseStatus, ProjectStatus
from zoneatlas.tenants.models import ExchangeRate, Investor, Lease, Project, ProjectStatusEvent, derive_fdi
from zoneatlas.tenants.money import RateBook
from zoneatlas.tenants.services import convert_capital, project_state
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.models import Zone

DOCUMENT_CODE = "synthetic-tenants-national"
BATCH_SIZE = 2000
FIRST_YEAR, LAST_YEAR = 2010, 2026
# Illustrative yearly VND per USD, used only where the table has no rate for the year.
YEARLY_USD = dict(
    zip(
        range(FIRST_YEAR, LAST_YEAR + 1),
        [
            18600,
            20500,
            20900,
            21000,
            21200,
            21900,
            22350,
            22700,
            23000,
            23200,
            23200,
            23100,
            24900,
            23800,
            24867,
            26000,
            26300,
        ],
        strict=True,
    )
)
COUNTRIES = ["VN"] * 7 + ["KR", "JP", "CN", "TW", "SG", "HK", "US", "DE", "TH"]
SECTORS = [
    "10309",
    "13110",
    "14100",
    "15200",
    "16210",
    "22209",
    "23950",
    "25920",
    "26100",
    "27320",
    "28210",
    "29300",
    "31001",
    "52101",
]
PATHS = [
    [ProjectStatus.REGISTERED, ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.OPERATING],
    [ProjectStatus.REGISTERED, ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION],
    [ProjectStatus.REGISTERED, ProjectStatus.APPROVED],
    [ProjectStatus.REGISTERED, ProjectStatus.APPROVED, ProjectStatus.OPERATING, ProjectStatus.SUSPENDED],
    [ProjectStatus.REGISTERED, ProjectStatus.APPROVED, ProjectStatus.TERMINATED],
]
PATH_WEIGHTS = [70, 10, 10, 5, 5]


@dataclass
class TenantSummary:
    investors: int = 0
    projects: int = 0
    events: int = 0
    leases: int = 0
    replaced: int = 0


def generate_tenants(*, seed: int = 42, projects: int = 50_000) -> TenantSummary:
    zones = list(Zone.objects.alive().filter(is_synthetic=True).exclude(kind=ZoneKind.ECONOMIC_ZONE).order_by("code"))
    if not zones:
        raise ValueError(_("No synthetic zones: run `zoneatlas generate national` first."))
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    summary = TenantSummary()
    reason = f"synthetic tenants (seed {seed})"
    with transaction.atomic():
        registry_changed()  # bulk writes send no signal: cached API answers go stale when the transaction commits
        document = _document(seed)
        summary.replaced = _remove_previous(document)
        _rates(document)
        book = RateBook()
        investors = [
            Investor(
                name=f"Nhà đầu tư minh họa {number:06d}",
                name_en=f"Illustrative investor {number:06d}",
                country=(country := rng.choice(COUNTRIES)),
                foreign_ownership_pct=Decimal(rng.choice([0, 0, 0, 30, 51])) if country == "VN" else None,
                is_synthetic=True,
            )
            for number in range(1, max(1, projects * 2 // 5) + 1)
        ]
        for investor in investors:  # bulk_create skips save(), which derives the flag
            investor.is_fdi = derive_fdi(investor.country, investor.foreign_ownership_pct)
        investors = bulk_create_with_history(investors, Investor, batch_size=BATCH_SIZE, default_change_reason=reason)
        drawn: list[tuple[Project, list[ProjectStatusEvent]]] = []
        for number in range(1, projects + 1):
            zone = rng.choice(zones)
            path = rng.choices(PATHS, PATH_WEIGHTS)[0]
            day = dt.date(rng.randint(FIRST_YEAR, LAST_YEAR - 1), rng.randint(1, 12), rng.randint(1, 28))
            events = []
            for status in path:
                events.append(ProjectStatusEvent(status=status, effective_on=day, document=document))
                day = min(day + dt.timedelta(days=rng.randint(60, 700)), dt.date(LAST_YEAR, 10, 31))
            investor = rng.choice(investors)
            usd = investor.is_fdi and rng.random() < 0.8
            amount = Decimal(rng.randint(2, 300) * 100_000) if usd else Decimal(rng.randint(5, 2000) * 1_000_000_000)
            project = Project(
                zone=zone,
                investor=investor,
                name=f"Dự án minh họa {number:06d}",
                name_en=f"Illustrative project {number:06d}",
                vsic_version="2018",
                vsic_code=rng.choice(SECTORS),
                certificate_date=events[min(1, len(events) - 1)].effective_on,
                registered_capital=amount,
                registered_currency="USD" if usd else "VND",
                land_area_ha=Decimal(rng.randint(5, 500)) / 100,
                planned_jobs=rng.randint(10, 2000),
                document=document,
                is_synthetic=True,
            )
            if ProjectStatus.OPERATING in path:
                project.actual_jobs = rng.randint(5, project.planned_jobs or 10)
                project.local_workers = rng.randint(0, project.actual_jobs)
            convert_capital(project, book)
            for name, value in project_state(events).items():
                setattr(project, name, value)
            drawn.append((project, events))
        created = bulk_create_with_history(
            [project for project, _events in drawn], Project, batch_size=BATCH_SIZE, default_change_reason=reason
        )
        all_events, leases = [], []
        for project, (_drawn, events) in zip(created, drawn, strict=True):
            for event in events:
                event.project = project
            all_events.extend(events)
            if project.status != ProjectStatus.REGISTERED and project.land_area_ha:
                leases.append(
                    Lease(
                        zone_id=project.zone_id,
                        project=project,
                        plot=f"P-{project.pk}",
                        area_ha=project.land_area_ha,
                        start_date=events[1].effective_on,
                        status=LeaseStatus.TERMINATED
                        if project.status == ProjectStatus.TERMINATED
                        else LeaseStatus.HANDED_OVER,
                        terminated_on=project.terminated_on,
                        document=document,
                        is_synthetic=True,
                    )
                )
        bulk_create_with_history(all_events, ProjectStatusEvent, batch_size=BATCH_SIZE, default_change_reason=reason)
        bulk_create_with_history(leases, Lease, batch_size=BATCH_SIZE, default_change_reason=reason)
    summary.investors, summary.projects, summary.events, summary.leases = (
        len(investors),
        len(created),
        len(all_events),
        len(leases),
    )
    return summary


def _document(seed: int) -> Document:
    document, _created = Document.objects.update_or_create(
        code=DOCUMENT_CODE,
        defaults={
            "title": "Synthetic national tenants (illustrative, not real)",
            "kind": DocumentKind.SYNTHETIC,
            "is_synthetic": True,
            "language": "en",
            "text": (
                f"Made up by `zoneatlas generate tenants --seed {seed}`. Not real: no record here is a real tenant."
            ),
        },
    )
    return document


def _remove_previous(document: Document) -> int:
    projects = Project.objects.filter(is_synthetic=True, document=document)
    count = projects.count()
    Lease.objects.filter(is_synthetic=True, document=document).delete()
    ProjectStatusEvent.objects.filter(project__in=projects).delete()
    projects.delete()
    Investor.objects.filter(is_synthetic=True, projects__isnull=True, name__startswith="Nhà đầu tư minh họa").delete()
    return count


def _rates(document: Document) -> None:
    book = RateBook()
    missing = []
    for year, vnd in YEARLY_USD.items():
        try:
            book.rate("USD", dt.date(year, 7, 1))
        except ValueError:
            missing.append(
                ExchangeRate(
                    currency="USD",
                    valid_from=dt.date(year, 1, 1),
                    valid_to=dt.date(year, 12, 31),
                    vnd_per_unit=vnd,
                    source="illustrative yearly rate (synthetic)",
                    document=document,
                )
            )
    existing = set(ExchangeRate.objects.filter(currency="USD").values_list("valid_from", flat=True))
    new = [rate for rate in missing if rate.valid_from not in existing]
    bulk_create_with_history(new, ExchangeRate, default_change_reason="illustrative rates for synthetic tenants")
