"""The demo registry: every zone, status, plan and figure stated in the five seed reports.

Idempotent: running it again updates what is there and adds nothing twice. Figures come one for one
from ``seed_facts.csv`` (each with its quote and fact id); zones, plans and statuses from
``catalogue.toml``, each with the passage that supports it.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from zoneatlas.demo.targets import load_targets
from zoneatlas.demo.tenants import load_tenants
from zoneatlas.figures.choices import ScopeType
from zoneatlas.figures.models import Observation
from zoneatlas.figures.periods import parse_period
from zoneatlas.geo.choices import Level
from zoneatlas.geo.loading import load_admin_units
from zoneatlas.geo.services import Resolution, resolve
from zoneatlas.planning.loading import load_rules
from zoneatlas.reporting.demo import load_reporting_demo
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.steering.demo import load_steering_demo
from zoneatlas.zones.choices import DeveloperType, LocationPrecision
from zoneatlas.zones.models import LifecycleEvent, Plan, PlanEntry, WastewaterPlant, Zone, ZoneGroup
from zoneatlas.zones.services import ZoneCodeAllocator, refresh_status

DATA_DIR = Path(__file__).resolve().parent / "data"
SEED_FACTS = DATA_DIR / "seed_facts.csv"
CATALOGUE = DATA_DIR / "catalogue.toml"

_PRECISION = {
    Level.COMMUNE: LocationPrecision.COMMUNE,
    Level.DISTRICT: LocationPrecision.DISTRICT,
    Level.PROVINCE: LocationPrecision.PROVINCE,
}


class DemoDataError(RuntimeError):
    """The demo files contradict themselves or the administrative units (a bug in the files, not user input)."""


@dataclass
class DemoReport:
    documents: int = 0
    zones: int = 0
    groups: int = 0
    figures: int = 0
    projects: int = 0
    notes: list[str] = field(default_factory=list)

    def format(self) -> str:
        return (
            f"{self.documents} documents, {self.zones} zones, {self.groups} zone groups, "
            f"{self.figures} figures with their quotes, {self.projects} illustrative (synthetic) tenant projects"
        )


def _resolved(text: str, on: dt.date | None = None) -> Resolution:
    resolution = resolve(text, on=on)
    if not resolution.ok or resolution.province is None:
        raise DemoDataError(f"cannot place {text!r}: {resolution.note}")
    return resolution


@transaction.atomic
def load_demo(stdout: TextIO | None = None) -> DemoReport:
    load_admin_units()
    catalogue = tomllib.loads(CATALOGUE.read_text(encoding="utf-8"))
    report = DemoReport()
    documents = _load_documents(catalogue["documents"])
    report.documents = len(documents)
    plans = _load_plans(catalogue["plans"], documents)
    zones = _load_zones(catalogue["zones"], documents, plans)
    report.zones = len(zones)
    by_name = {name: zones[key] for name, key in catalogue["names"].items()}
    groups = _load_figures(documents, by_name, catalogue["members"], zones, report)
    report.groups = len(groups)
    refresh_status(zones.values())
    report.projects = load_tenants(zones, documents)
    load_rules()
    load_targets(zones, documents)  # the seed reports' targets; synthetic leases give two of them a trajectory
    load_reporting_demo()  # the Circular 14 forms and the reports expected for 2026-H1
    load_steering_demo()  # the seed-stated obstacles of Khánh Hòa's stalled clusters, synthetic follow-up
    if stdout:
        stdout.write(report.format() + "\n")
    return report


def _load_documents(rows: list[dict[str, Any]]) -> dict[str, Document]:
    documents = {}
    for row in rows:
        text = (DATA_DIR / "documents" / row["file"]).read_text(encoding="utf-8")
        document, _created = Document.objects.update_or_create(
            code=row["code"],
            defaults={
                "title": row["title"],
                "kind": DocumentKind.NEWS,
                "publisher": row["publisher"],
                "published_on": row.get("published_on"),
                "date_note": row.get("date_note", ""),
                "language": row["language"],
                "file_name": row["file"],
                "text": text,
                "as_of": row["as_of"],
            },
        )
        documents[row["code"]] = document
    return documents


def _load_plans(rows: list[dict[str, Any]], documents: dict[str, Document]) -> dict[str, Plan]:
    plans = {}
    for row in rows:
        document = documents[row["document"]]
        province = _resolved(row["province"], on=document.as_of).matched if "province" in row else None
        plan, _created = Plan.objects.update_or_create(
            name=row["name"],
            defaults={
                "name_en": row["name_en"],
                "level": row["level"],
                "province": province,
                "period_start_year": row["period"][0],
                "period_end_year": row["period"][1],
                "vision_year": row.get("vision_year"),
                "approved_by": row.get("approved_by", ""),
                "approved_on": row.get("approved_on"),
                "document": document,
            },
        )
        plans[row["key"]] = plan
    return plans


def _load_zones(rows: list[dict[str, Any]], documents: dict[str, Document], plans: dict[str, Plan]) -> dict[str, Zone]:
    allocator = ZoneCodeAllocator()
    zones: dict[str, Zone] = {}
    for row in rows:
        document = documents[row["document"]]
        where = _resolved(row["reported"], on=document.as_of)
        unit = where.matched
        assert unit is not None
        assert where.province is not None
        commune = where.current[0] if unit.level == Level.COMMUNE and len(where.current) == 1 else None
        zone = Zone.objects.filter(name=row["name"], is_synthetic=False).first()
        if zone is None:
            zone = Zone(code=allocator.allocate(row["kind"], where.province.code), name=row["name"])
        zone.kind = row["kind"]
        zone.name_en = row["name_en"]
        zone.province = where.province
        zone.commune = commune
        zone.reported_unit = unit
        zone.reported_unit_text = row["reported"]
        zone.latitude, zone.longitude = unit.latitude, unit.longitude
        zone.location_precision = _PRECISION[Level(unit.level)]
        zone.gross_area_ha = Decimal(row["gross_area_ha"]) if "gross_area_ha" in row else None
        zone.developer_name = row.get("developer", "")
        zone.developer_type = row.get("developer_type", DeveloperType.UNKNOWN)
        zone.is_craft_village = row.get("craft_village", False)
        zone.parent = zones[row["parent"]] if "parent" in row else None
        zone.notes = where.note
        zone.full_clean(exclude=["code"])
        zone.save()
        zones[row["key"]] = zone
        for entry in row.get("plans", []):
            PlanEntry.objects.update_or_create(
                zone=zone,
                plan=plans[entry["plan"]],
                defaults={
                    "planned_area_ha": Decimal(entry["area_ha"]) if "area_ha" in entry else None,
                    "is_proposed": entry.get("proposed", False),
                    "document": document,
                    "quote": entry["quote"],
                },
            )
        for event in row.get("status", []):
            _require_quote(document, event["quote"], row["key"])
            LifecycleEvent.objects.update_or_create(
                zone=zone,
                status=event["status"],
                effective_on=event["on"],
                defaults={
                    "date_is_approximate": event.get("approx", False),
                    "document": document,
                    "quote": event["quote"],
                    "note": event.get("note", ""),
                },
            )
        if "wwtp" in row:
            wwtp = row["wwtp"]
            _require_quote(document, wwtp["quote"], row["key"])
            WastewaterPlant.objects.update_or_create(
                zone=zone,
                as_of=wwtp["as_of"],
                defaults={"status": wwtp["status"], "document": document, "quote": wwtp["quote"]},
            )
    return zones


def _require_quote(document: Document, quote: str, where: str) -> None:
    if not document.contains(quote):
        raise DemoDataError(f"{where}: the quote is not in {document.code}: {quote!r}")


def _unit_text(row: dict[str, str]) -> str:
    province = row["province"]
    districts = [d.strip() for d in row["district"].split(";") if d.strip()]
    if len(districts) == 1:
        return f"{districts[0]}, {province}"
    return province


def _load_figures(
    documents: dict[str, Document],
    zones_by_name: dict[str, Zone],
    members: dict[str, list[str]],
    zones: dict[str, Zone],
    report: DemoReport,
) -> dict[str, ZoneGroup]:
    by_file = {document.file_name: document for document in documents.values()}
    groups: dict[str, ZoneGroup] = {}
    with SEED_FACTS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        document = by_file[row["doc"]]
        _require_quote(document, row["quote"], row["fact_id"])
        start, end = parse_period(row["period"])
        as_of = document.as_of
        assert as_of is not None
        if end is not None and end < as_of:
            as_of = end
        subject: dict[str, Any] = {"zone": None, "zone_group": None, "admin_unit": None}
        scope = row["scope_type"]
        if scope == ScopeType.ZONE:
            subject["zone"] = zones_by_name[row["scope_name"]]
        elif scope == ScopeType.ZONE_GROUP:
            subject["zone_group"] = groups.get(row["scope_name"]) or _group(row, as_of, members, zones)
            groups[row["scope_name"]] = subject["zone_group"]
        elif scope == ScopeType.ADMIN_UNIT:
            subject["admin_unit"] = _resolved(_unit_text(row), on=as_of).matched
        qualifiers = [q for q in row["qualifier"].split(";") if q]
        Observation.objects.update_or_create(
            document=document,
            external_ref=row["fact_id"],
            defaults={
                "scope_type": scope,
                **subject,
                "metric": row["metric"],
                "status": row["status"],
                "segment": row["segment"],
                "value": Decimal(row["value"]) if row["value"] else None,
                "unit": row["unit"],
                "qualifiers": qualifiers,
                "period_start": start,
                "period_end": end,
                "period_label": row["period"],
                "as_of": as_of,
                "quote": row["quote"],
            },
        )
        report.figures += 1
    return groups


def _group(row: dict[str, str], as_of: dt.date, members: dict[str, list[str]], zones: dict[str, Zone]) -> ZoneGroup:
    where = _resolved(_unit_text(row), on=as_of)
    group, _created = ZoneGroup.objects.update_or_create(
        name=row["scope_name"],
        province=where.province,
        defaults={
            "kinds": row["zone_kind"].split(";"),
            "reported_unit": where.matched,
            "reported_unit_text": ", ".join(p for p in (row["district"], row["province"]) if p),
        },
    )
    if row["scope_name"] in members:
        group.members.set([zones[key] for key in members[row["scope_name"]]])
    return group
