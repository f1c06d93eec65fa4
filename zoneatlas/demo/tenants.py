"""The demo's illustrative tenants (synthetic): investors, projects, leases and results for three seed zones.

The seeds name no tenant, so these records are made up (``data/tenants.toml`` says which published figures
they reproduce and where they deliberately disagree). Everything cites the synthetic document and is
marked synthetic; the exchange rates the seeds imply cite the seed that implies them. Idempotent.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from zoneatlas.figures.choices import Metric, Qualifier, ScopeType, Unit
from zoneatlas.figures.models import Observation
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.tenants.choices import LeaseStatus, ProjectStatus
from zoneatlas.tenants.models import (
    ExchangeRate,
    InfrastructureFunding,
    Investor,
    Lease,
    Project,
    ProjectResult,
    ProjectStatusEvent,
)
from zoneatlas.tenants.money import RateBook
from zoneatlas.tenants.occupancy import INDUSTRIAL_LAND_SEGMENT
from zoneatlas.tenants.services import convert_capital, refresh_projects
from zoneatlas.zones.models import Zone

TENANTS = Path(__file__).resolve().parent / "data" / "tenants.toml"


def load_tenants(zones: dict[str, Zone], documents: dict[str, Document]) -> int:
    """Load the illustrative tenants; returns the number of projects."""
    data = tomllib.loads(TENANTS.read_text(encoding="utf-8"))
    synthetic = _document(data["document"])
    _rates(data["rates"], synthetic, documents)
    for key, hectares in data["industrial_land"].items():
        _industrial_land(zones[key], Decimal(hectares), synthetic)
    book = RateBook()
    projects = [_project(row, zones, synthetic, book) for row in data["projects"]]
    refresh_projects(projects)
    for row in data.get("funding", []):
        _funding(row, zones, documents)
    return len(projects)


def _document(row: dict[str, Any]) -> Document:
    document, _created = Document.objects.update_or_create(
        code=row["code"],
        defaults={
            "title": row["title"],
            "kind": DocumentKind.SYNTHETIC,
            "is_synthetic": True,
            "publisher": row["publisher"],
            "language": row["language"],
            "text": row["text"],
            "as_of": row["as_of"],
        },
    )
    return document


def _rates(groups: list[dict[str, Any]], synthetic: Document, documents: dict[str, Document]) -> None:
    for group in groups:
        for row in group["rates"]:
            document = documents[row["document"]] if "document" in row else synthetic
            ExchangeRate.objects.update_or_create(
                currency=group["currency"],
                valid_from=row["from"],
                defaults={
                    "valid_to": row["to"],
                    "vnd_per_unit": Decimal(row["vnd"]),
                    "source": row.get("source", "illustrative yearly rate (synthetic demo data)"),
                    "document": document,
                },
            )


def _industrial_land(zone: Zone, hectares: Decimal, synthetic: Document) -> None:
    assert synthetic.as_of is not None
    Observation.objects.update_or_create(
        scope_type=ScopeType.ZONE,
        zone=zone,
        metric=Metric.AREA,
        segment=INDUSTRIAL_LAND_SEGMENT,
        document=synthetic,
        defaults={
            "value": hectares,
            "unit": Unit.HECTARE,
            "qualifiers": [Qualifier.ESTIMATE],
            "as_of": synthetic.as_of,
            "period_label": str(synthetic.as_of.year),
            "note": "Synthetic: an illustrative industrial-land area, the denominator of derived occupancy.",
        },
    )


def _project(row: dict[str, Any], zones: dict[str, Zone], synthetic: Document, book: RateBook) -> Project:
    zone = zones[row["zone"]]
    who = row["investor"]
    investor, _created = Investor.objects.update_or_create(
        name=who["name"],
        is_synthetic=True,
        defaults={"name_en": who.get("name_en", ""), "country": who.get("country", "VN")},
    )
    steps = [(status, day) for status, day in row["status"]]
    approved = next((day for status, day in steps if status == ProjectStatus.APPROVED), steps[0][1])
    amount, currency = row["capital"]
    planned, actual = row["jobs"]
    project = Project.objects.filter(zone=zone, name=row["name"], is_synthetic=True).first() or Project(
        zone=zone, name=row["name"], is_synthetic=True
    )
    project.investor = investor
    project.name_en = row["name_en"]
    project.vsic_version, project.vsic_code = row["vsic"]
    project.certificate_date = approved
    project.registered_capital, project.registered_currency = Decimal(amount), currency
    project.planned_jobs, project.actual_jobs = planned, actual or None
    project.jobs_as_of = synthetic.as_of
    project.land_area_ha = Decimal(row["lease"][1]) if "lease" in row else None
    project.document = synthetic
    convert_capital(project, book)
    project.full_clean()
    project.save()
    for status, day in steps:
        ProjectStatusEvent.objects.update_or_create(
            project=project, status=status, effective_on=day, defaults={"document": synthetic}
        )
    if "lease" in row:
        plot, hectares, start, status = row["lease"]
        Lease.objects.update_or_create(
            zone=zone,
            plot=plot,
            start_date=start,
            defaults={
                "project": project,
                "area_ha": Decimal(hectares),
                "status": LeaseStatus(status),
                "document": synthetic,
                "is_synthetic": True,
            },
        )
    for result in row.get("results", []):
        year = int(result["period"])
        ProjectResult.objects.update_or_create(
            project=project,
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            defaults={
                "period_label": result["period"],
                "revenue_vnd": int(result["revenue"]),
                "exports_usd": Decimal(result["exports"]) if "exports" in result else None,
                "budget_contribution_vnd": int(result["budget"]),
                "workers": result["workers"],
                "average_income_vnd": int(result["income"]),
                "document": synthetic,
                "is_synthetic": True,
            },
        )
    return project


def _funding(row: dict[str, Any], zones: dict[str, Zone], documents: dict[str, Document]) -> None:
    document = documents[row["document"]]
    if not document.contains(row["quote"]):
        raise ValueError(f"funding of {row['zone']}: the quote is not in {document.code}: {row['quote']!r}")
    approved = Decimal(row["approved"])
    InfrastructureFunding.objects.update_or_create(
        zone=zones[row["zone"]],
        source=row["source"],
        year=row["year"],
        defaults={
            "currency": "VND",
            "approved_amount": approved,
            "approved_vnd": int(approved),
            "as_of": row["as_of"],
            "document": document,
            "quote": row["quote"],
        },
    )
