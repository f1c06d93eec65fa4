"""The demo's targets: every target of the seed reports (``data/targets.toml``), each citing its seed fact's
document and quote, with its scope resolved to the registry; and the synthetic lease records that give Song Cau's
and Khatoco Ninh Ich's 2024 occupancy targets a trajectory. Idempotent.
"""

from __future__ import annotations

import csv
import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from zoneatlas.figures.choices import Metric, Qualifier, ScopeType, Unit
from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.choices import TargetComparison, TargetScope
from zoneatlas.planning.models import Target
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.tenants.choices import LeaseStatus
from zoneatlas.tenants.models import Lease
from zoneatlas.tenants.occupancy import INDUSTRIAL_LAND_SEGMENT
from zoneatlas.zones.models import Zone, ZoneGroup

DATA = Path(__file__).resolve().parent / "data"
TARGETS = DATA / "targets.toml"
SEED_FACTS = DATA / "seed_facts.csv"


def load_targets(zones: dict[str, Zone], documents: dict[str, Document]) -> int:
    """Load the seed targets and the synthetic trajectory; returns the number of targets."""
    data = tomllib.loads(TARGETS.read_text(encoding="utf-8"))
    with SEED_FACTS.open(encoding="utf-8", newline="") as handle:
        facts = {row["fact_id"]: row for row in csv.DictReader(handle)}
    by_file = {document.file_name: document for document in documents.values()}
    for row in data["targets"]:
        _target(row, facts[row["fact"]], zones, by_file)
    _synthetic(data["synthetic"], zones)
    return len(data["targets"])


def comparison_of(qualifiers: list[str]) -> tuple[str, Decimal | None, Decimal | None]:
    """The comparison the source's qualifiers state: ``range:3-4`` a range, ``approx`` about, else at least."""
    for qualifier in qualifiers:
        if qualifier.startswith("range:"):
            low, _sep, high = qualifier.removeprefix("range:").partition("-")
            return TargetComparison.RANGE, Decimal(low), Decimal(high)
    if Qualifier.APPROX in qualifiers:
        return TargetComparison.ABOUT, None, None
    return TargetComparison.AT_LEAST, None, None


def _target(row: dict[str, Any], fact: dict[str, str], zones: dict[str, Zone], by_file: dict[str, Document]) -> None:
    document = by_file[fact["doc"]]
    comparison, low, high = comparison_of(fact["qualifier"].split(";"))
    subject: dict[str, Any] = {"zone": None, "zone_group": None, "admin_unit": None}
    scope = row["scope"]
    if scope == "zone":
        scope_type = TargetScope.ZONE
        subject["zone"] = zones[row["zone"]]
    elif scope == "group":
        scope_type = TargetScope.ZONE_GROUP
        subject["zone_group"] = ZoneGroup.objects.get(name=fact["scope_name"])
    elif scope == "province":
        scope_type = TargetScope.PROVINCE
        subject["admin_unit"] = AdminUnit.objects.get(era="current", level="province", code=row["province"])
    else:
        scope_type = TargetScope.NATION
    target = Target.objects.filter(document=document, external_ref=fact["fact_id"]).first() or Target(
        document=document, external_ref=fact["fact_id"]
    )
    target.name = row["name"]
    target.name_en = row["name_en"]
    target.metric = row["metric"]
    target.zone_status = row.get("status", "")
    target.zone_kind = row.get("kind", "")
    target.scope_type = scope_type
    for name, value in subject.items():
        setattr(target, name, value)
    target.comparison = comparison
    target.value = low if low is not None else Decimal(row.get("value", fact["value"]))
    target.value_high = high
    target.unit = row.get("unit", fact["unit"])
    target.start_on = row["start"]
    target.deadline = row.get("deadline")
    target.quote = fact["quote"]
    target.note = "The source says “all”: counted as 100 % of the clusters." if "value" in row else ""
    target.full_clean()
    target.save()


def _synthetic(data: dict[str, Any], zones: dict[str, Zone]) -> None:
    document, _created = Document.objects.update_or_create(
        code=data["code"],
        defaults={
            "title": data["title"],
            "kind": DocumentKind.SYNTHETIC,
            "is_synthetic": True,
            "publisher": data["publisher"],
            "language": data["language"],
            "text": data["text"],
            "as_of": data["as_of"],
        },
    )
    for key, hectares in data["industrial_land"].items():
        Observation.objects.update_or_create(
            scope_type=ScopeType.ZONE,
            zone=zones[key],
            metric=Metric.AREA,
            segment=INDUSTRIAL_LAND_SEGMENT,
            document=document,
            defaults={
                "value": Decimal(hectares),
                "unit": Unit.HECTARE,
                "qualifiers": [Qualifier.ESTIMATE],
                "as_of": data["as_of"],
                "period_label": str(data["as_of"].year),
                "note": "Synthetic: an illustrative industrial-land area, the denominator of derived occupancy.",
            },
        )
    for key, leases in data["leases"].items():
        for plot, hectares, start, status in leases:
            Lease.objects.update_or_create(
                zone=zones[key],
                plot=plot,
                start_date=start,
                defaults={
                    "area_ha": Decimal(hectares),
                    "status": LeaseStatus(status),
                    "document": document,
                    "is_synthetic": True,
                    "note": "Synthetic: an illustrative lease giving the 2024 occupancy target a trajectory.",
                },
            )
