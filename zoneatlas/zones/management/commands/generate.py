"""``zoneatlas generate national [--seed 42] [--parks 500] [--clusters 1500]``: a synthetic national registry.

Real data cover five provinces; screens, exports, roll-ups and benchmarks need the country's scale
(BRIEF §11: about 480 parks and 1,300–1,700 clusters over 34 provinces). This draws one, deterministically
from the seed: economic zones holding some of the parks, parks of 100–1,000 ha, clusters mostly of
10–75 ha with a few legacy outliers, each at the centre of a commune of its province, with a lifecycle
history of 1–5 events between 2010 and 2026, yearly occupancy figures (leased and industrial land) once
operating, and some wastewater plant reports.

Everything it writes is marked synthetic and cites one synthetic document. Running it again replaces
the previous synthetic national set (its zones and everything hanging from them) and never touches a
zone that is not synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from zoneatlas.core.caching import registry_changed
from zoneatlas.figures.choices import Metric, Review, ScopeType, Unit
from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.zones.choices import (
    OPERATING_STATUSES,
    DeveloperType,
    LocationPrecision,
    WastewaterPlantStatus,
    ZoneKind,
)
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone
from zoneatlas.zones.services import zone_code

DOCUMENT_CODE = "synthetic-national"
DOCUMENT_TITLE = "Synthetic national dataset (illustrative, not real)"
FIRST_DAY, LAST_DAY = dt.date(2010, 1, 1), dt.date(2026, 6, 30)
LAST_FIGURE_YEAR = 2025
BATCH_SIZE = 1000
TWO = Decimal("0.01")

# Typical lifecycles (BRIEF §3); a zone follows the first 1–5 steps of one of them.
PATHS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("planned", "established", "detailed_plan_approved", "under_construction", "operating"), 55),
    (("planned", "established", "infra_project_approved", "operating", "expanded"), 15),
    (("planned", "established", "site_clearance", "stalled"), 15),
    (("planned", "dossier", "established", "under_construction"), 10),
    (("planned", "removed_from_plan"), 5),
)
CLUSTER_DEVELOPERS = (
    ("Công ty CP Đầu tư hạ tầng {province}", DeveloperType.ENTERPRISE),
    ("Công ty TNHH Phát triển công nghiệp {commune}", DeveloperType.ENTERPRISE),
    ("Trung tâm Phát triển cụm công nghiệp {province}", DeveloperType.ORGANISATION),
    ("Ban Quản lý dự án đầu tư xây dựng {commune}", DeveloperType.STATE_BUDGET),
)
PARK_DEVELOPERS = (
    ("Tổng Công ty Phát triển khu công nghiệp {province}", DeveloperType.ENTERPRISE),
    ("Công ty CP Khu công nghiệp {commune}", DeveloperType.ENTERPRISE),
    ("Công ty TNHH Hạ tầng {province}", DeveloperType.ENTERPRISE),
)


@dataclass
class GenerationSummary:
    seed: int
    zones_by_kind: dict[str, int] = field(default_factory=dict)
    events: int = 0
    figures: int = 0
    wastewater_reports: int = 0
    replaced_zones: int = 0

    @property
    def zones(self) -> int:
        return sum(self.zones_by_kind.values())


@dataclass
class _Drawn:
    zone: Zone
    events: list[LifecycleEvent] = field(default_factory=list)
    figures: list[Observation] = field(default_factory=list)
    plants: list[WastewaterPlant] = field(default_factory=list)
    parent: _Drawn | None = None


def generate_national(*, seed: int = 42, parks: int = 500, clusters: int = 1500) -> GenerationSummary:
    """Replace the synthetic national set with the one ``seed`` draws; return what was written."""
    provinces = list(AdminUnit.objects.current().provinces().order_by("code"))
    if not provinces:
        raise CommandError(_("No administrative units: run `zoneatlas load-admin-units` first."))
    communes: dict[int, list[AdminUnit]] = defaultdict(list)
    for commune in AdminUnit.objects.current().filter(level="commune").order_by("code"):
        communes[commune.province_id or 0].append(commune)
    summary = GenerationSummary(seed=seed)
    with transaction.atomic():
        document = _document(seed)
        summary.replaced_zones = _remove_previous(document)
        drawer = _Drawer(random.Random(seed), provinces, communes, document)  # noqa: S311 - made-up data, not secrets
        drawn = drawer.draw(parks=parks, clusters=clusters)
        _write(drawn, reason=f"synthetic national dataset (seed {seed})")
    for item in drawn:
        summary.zones_by_kind[item.zone.kind] = summary.zones_by_kind.get(item.zone.kind, 0) + 1
        summary.events += len(item.events)
        summary.figures += len(item.figures)
        summary.wastewater_reports += len(item.plants)
    return summary


def _document(seed: int) -> Document:
    document, _created = Document.objects.update_or_create(
        code=DOCUMENT_CODE,
        defaults={
            "title": DOCUMENT_TITLE,
            "kind": DocumentKind.SYNTHETIC,
            "is_synthetic": True,
            "language": "en",
            "text": (
                "Made up by `zoneatlas generate national --seed "
                f"{seed}` to show the product at national scale. Not real: no figure here describes a real zone."
            ),
        },
    )
    return document


def _remove_previous(document: Document) -> int:
    """Delete the zones of the previous synthetic national set, with their events, figures and reports.

    Deleted one by one through the ORM so that every deletion leaves its history record; only zones that
    are synthetic and cite the synthetic national document are touched.
    """
    previous = Zone.objects.filter(is_synthetic=True, lifecycle__document=document).distinct()
    ids = list(previous.values_list("pk", flat=True))
    # Parks before economic zones: Zone.parent protects an economic zone from deletion while a park points at it.
    Zone.objects.filter(pk__in=ids).exclude(kind=ZoneKind.ECONOMIC_ZONE).delete()
    Zone.objects.filter(pk__in=ids, kind=ZoneKind.ECONOMIC_ZONE).delete()
    return len(ids)


class _SyntheticCodes:
    """The first free codes per kind and province, skipping every code a real zone has or ever had.

    Unlike ``ZoneCodeAllocator``, which never hands a code out twice, this takes back the codes of the
    synthetic set it replaces, so that the same seed gives the same codes; real zones' codes stay untouched.
    """

    def __init__(self) -> None:
        historical = Zone.history.filter(is_synthetic=False).values_list("code", flat=True)
        self.taken = set(historical) | set(Zone.objects.values_list("code", flat=True))
        self.next: dict[tuple[str, str], int] = defaultdict(lambda: 1)

    def allocate(self, kind: str, province_code: str) -> str:
        while True:
            number = self.next[(kind, province_code)]
            self.next[(kind, province_code)] = number + 1
            code = zone_code(kind, province_code, number)
            if code not in self.taken:
                return code


class _Drawer:
    def __init__(
        self, rng: random.Random, provinces: list[AdminUnit], communes: dict[int, list[AdminUnit]], document: Document
    ) -> None:
        self.rng = rng
        self.provinces = provinces
        self.communes = communes
        self.document = document
        self.codes = _SyntheticCodes()
        self.name_counts: dict[tuple[str, int], int] = defaultdict(int)

    def draw(self, *, parks: int, clusters: int) -> list[_Drawn]:
        weights = [self.rng.uniform(0.4, 2.5) for _province in self.provinces]
        economic_zones = max(1, parks // 25) if parks else 0
        drawn: list[_Drawn] = []
        ez_by_province: dict[int, list[_Drawn]] = defaultdict(list)
        for province in self._spread(economic_zones, weights, minimum=0):
            item = self._zone(ZoneKind.ECONOMIC_ZONE, province)
            drawn.append(item)
            ez_by_province[province.pk].append(item)
        for province in self._spread(parks, weights, minimum=1):
            item = self._zone(ZoneKind.PARK, province)
            if ez_by_province[province.pk] and self.rng.random() < 0.3:
                item.parent = self.rng.choice(ez_by_province[province.pk])
            drawn.append(item)
        for province in self._spread(clusters, weights, minimum=1):
            drawn.append(self._zone(ZoneKind.CLUSTER, province))
        return drawn

    def _spread(self, total: int, weights: list[float], *, minimum: int) -> list[AdminUnit]:
        """``total`` provinces drawn so that each gets ``minimum`` (when there are enough) and the rest by weight."""
        if total <= 0:
            return []
        floor = minimum if total >= minimum * len(self.provinces) else 0
        counts = [floor] * len(self.provinces)
        rest = total - floor * len(self.provinces)
        for index in self.rng.choices(range(len(self.provinces)), weights=weights, k=rest):
            counts[index] += 1
        return [province for province, count in zip(self.provinces, counts, strict=True) for _n in range(count)]

    def _zone(self, kind: str, province: AdminUnit) -> _Drawn:
        rng = self.rng
        communes = self.communes.get(province.pk) or [province]
        commune = rng.choice(communes)
        place = commune.short_name
        self.name_counts[(kind, commune.pk)] += 1
        number = self.name_counts[(kind, commune.pk)]
        label_vi = {"park": "Khu công nghiệp", "cluster": "Cụm công nghiệp", "economic_zone": "Khu kinh tế"}[kind]
        label_en = {"park": "Industrial Park", "cluster": "Industrial Cluster", "economic_zone": "Economic Zone"}[kind]
        gross = self._gross_area(kind)
        industrial = (gross * Decimal(str(rng.uniform(0.55, 0.75)))).quantize(TWO)
        zone = Zone(
            code=self.codes.allocate(kind, province.code),
            kind=kind,
            name=f"{label_vi} {place} {number}",
            name_en=f"{place} {label_en} {number}",
            province=province,
            commune=commune if commune.level == "commune" else None,
            latitude=commune.latitude,
            longitude=commune.longitude,
            location_precision=LocationPrecision.COMMUNE if commune is not province else LocationPrecision.PROVINCE,
            gross_area_ha=gross,
            industrial_land_ha=industrial if kind != ZoneKind.ECONOMIC_ZONE else None,
            is_synthetic=True,
            notes="Synthetic: illustrative, not a real zone.",
        )
        self._developer(zone, kind, province, place)
        self._flags(zone, kind)
        item = _Drawn(zone)
        self._lifecycle(item, province)
        if kind != ZoneKind.ECONOMIC_ZONE and zone.status in OPERATING_STATUSES:
            self._occupancy(item)
            if rng.random() < 0.6:
                self._plant(item)
        return item

    def _gross_area(self, kind: str) -> Decimal:
        rng = self.rng
        if kind == ZoneKind.ECONOMIC_ZONE:
            value = rng.uniform(10_000, 60_000)
        elif kind == ZoneKind.PARK:
            value = rng.uniform(100, 1000) if rng.random() < 0.95 else rng.uniform(1000, 1500)
        else:
            # Decree 32/2024: 10–75 ha (5–75 in mountains and craft villages); legacy clusters fall outside.
            roll = rng.random()
            if roll < 0.9:
                value = rng.uniform(10, 75)
            elif roll < 0.95:
                value = rng.uniform(5, 10)
            else:
                value = rng.choice([rng.uniform(1.5, 5), rng.uniform(75, 120)])
        return Decimal(str(value)).quantize(TWO)

    def _developer(self, zone: Zone, kind: str, province: AdminUnit, place: str) -> None:
        if kind == ZoneKind.ECONOMIC_ZONE:
            zone.developer_type = DeveloperType.STATE_BUDGET
            return
        choices = PARK_DEVELOPERS if kind == ZoneKind.PARK else CLUSTER_DEVELOPERS
        template, developer_type = self.rng.choice(choices)
        zone.developer_name = template.format(province=province.short_name, commune=place)
        zone.developer_type = developer_type

    def _flags(self, zone: Zone, kind: str) -> None:
        rng = self.rng
        if kind == ZoneKind.CLUSTER:
            zone.is_craft_village = rng.random() < 0.08
            zone.is_specialised = rng.random() < 0.05
        elif kind == ZoneKind.PARK:
            zone.is_high_tech = rng.random() < 0.03
            zone.is_eco = rng.random() < 0.04
            zone.is_specialised = rng.random() < 0.05

    def _lifecycle(self, item: _Drawn, province: AdminUnit) -> None:
        rng = self.rng
        path = rng.choices([p for p, _w in PATHS], weights=[w for _p, w in PATHS])[0]
        steps = path[: rng.randint(1, min(5, len(path)))]
        span = (LAST_DAY - FIRST_DAY).days
        days = sorted(rng.sample(range(span), len(steps)))
        for status, offset in zip(steps, days, strict=True):
            day = FIRST_DAY + dt.timedelta(days=offset)
            item.events.append(
                LifecycleEvent(
                    status=status,
                    effective_on=day,
                    decision_number=f"{rng.randint(100, 3999)}/QĐ-UBND",
                    decision_date=day,
                    issuer=f"UBND {province.name}",
                    document=self.document,
                    note="Synthetic event.",
                )
            )
        last = item.events[-1]
        item.zone.status, item.zone.status_since = last.status, last.effective_on

    def _occupancy(self, item: _Drawn) -> None:
        rng = self.rng
        industrial = item.zone.industrial_land_ha
        if not industrial:
            return
        operating_since = next(e.effective_on for e in item.events if e.status in OPERATING_STATUSES)
        rate = Decimal(str(rng.uniform(5, 35)))
        for year in range(operating_since.year, LAST_FIGURE_YEAR + 1):
            leased = (industrial * min(rate, Decimal(100)) / 100).quantize(TWO)
            item.figures.append(
                Observation(
                    scope_type=ScopeType.ZONE,
                    metric=Metric.OCCUPANCY,
                    value=(leased / industrial * 100).quantize(TWO),
                    unit=Unit.PERCENT,
                    leased_ha=leased,
                    industrial_land_ha=industrial,
                    as_of=dt.date(year, 12, 31),
                    period_label=str(year),
                    document=self.document,
                    review=Review.ACCEPTED,
                    note="Synthetic figure.",
                )
            )
            rate += Decimal(str(rng.uniform(0, 15) if rng.random() < 0.85 else 0))

    def _plant(self, item: _Drawn) -> None:
        rng = self.rng
        status = rng.choices(
            [
                WastewaterPlantStatus.OPERATING,
                WastewaterPlantStatus.COMPLETED,
                WastewaterPlantStatus.UNDER_CONSTRUCTION,
            ],
            weights=[70, 15, 15],
        )[0]
        built = WastewaterPlantStatus(status).is_built
        low, high = (1000, 20000) if item.zone.kind == ZoneKind.PARK else (200, 3000)
        item.plants.append(
            WastewaterPlant(
                as_of=dt.date(LAST_FIGURE_YEAR, 12, 31),
                status=status,
                capacity_m3_per_day=Decimal(rng.randrange(low, high, 100)),
                meets_standard=(rng.random() < 0.85) if built else None,
                standard="QCVN 40:2011/BTNMT",
                document=self.document,
                quote="Synthetic report.",
            )
        )


def _write(drawn: list[_Drawn], *, reason: str) -> None:
    """Zones (economic zones first, for the parks' parent ids), then their events, figures and reports."""
    registry_changed()  # bulk writes send no signal: cached API answers go stale when the transaction commits
    economic_zones = [item.zone for item in drawn if item.zone.kind == ZoneKind.ECONOMIC_ZONE]
    bulk_create_with_history(economic_zones, Zone, batch_size=BATCH_SIZE, default_change_reason=reason)
    for item in drawn:
        if item.parent is not None:
            item.zone.parent_id = item.parent.zone.pk
    others = [item.zone for item in drawn if item.zone.kind != ZoneKind.ECONOMIC_ZONE]
    bulk_create_with_history(others, Zone, batch_size=BATCH_SIZE, default_change_reason=reason)
    children: dict[str, list[Any]] = {"events": [], "figures": [], "plants": []}
    for item in drawn:
        for name in children:
            for child in getattr(item, name):
                child.zone_id = item.zone.pk
                children[name].append(child)
    for figure in children["figures"]:
        figure.derive_flags()
    bulk_create_with_history(children["events"], LifecycleEvent, batch_size=BATCH_SIZE, default_change_reason=reason)
    bulk_create_with_history(children["figures"], Observation, batch_size=BATCH_SIZE, default_change_reason=reason)
    bulk_create_with_history(children["plants"], WastewaterPlant, batch_size=BATCH_SIZE, default_change_reason=reason)


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Generate a synthetic national registry (illustrative, not real), replacing the previous one; "
            "zones that are not synthetic are never touched."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what",
            choices=["national", "tenants"],
            help=str(gettext_lazy("which synthetic dataset: the zones, or tenants for the synthetic zones")),
        )
        parser.add_argument("--seed", type=int, default=42, help=str(gettext_lazy("the same seed draws the same set")))
        parser.add_argument("--parks", type=int, default=500)
        parser.add_argument("--clusters", type=int, default=1500)
        parser.add_argument("--projects", type=int, default=50_000, help=str(gettext_lazy("tenant projects to draw")))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "tenants":
            self._tenants(options["seed"], options["projects"])
            return
        if options["parks"] < 0 or options["clusters"] < 0:
            raise CommandError(_("--parks and --clusters cannot be negative"))
        summary = generate_national(seed=options["seed"], parks=options["parks"], clusters=options["clusters"])
        by_kind = summary.zones_by_kind
        self.stdout.write(
            _(
                "Synthetic national dataset (seed %(seed)d): %(zones)d zones (%(parks)d parks, %(clusters)d clusters, "
                "%(ez)d economic zones), %(events)d lifecycle events, %(figures)d occupancy figures, %(plants)d "
                "wastewater plant reports; %(replaced)d synthetic zones replaced."
            )
            % {
                "seed": summary.seed,
                "zones": summary.zones,
                "parks": by_kind.get(ZoneKind.PARK, 0),
                "clusters": by_kind.get(ZoneKind.CLUSTER, 0),
                "ez": by_kind.get(ZoneKind.ECONOMIC_ZONE, 0),
                "events": summary.events,
                "figures": summary.figures,
                "plants": summary.wastewater_reports,
                "replaced": summary.replaced_zones,
            }
        )

    def _tenants(self, seed: int, projects: int) -> None:
        from zoneatlas.tenants.generate import generate_tenants  # tenants sit above zones

        if projects < 0:
            raise CommandError(_("--projects cannot be negative"))
        try:
            summary = generate_tenants(seed=seed, projects=projects)
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _(
                "Synthetic tenants (seed %(seed)d): %(investors)d investors, %(projects)d projects, %(events)d "
                "status events, %(leases)d leases; %(replaced)d synthetic projects replaced."
            )
            % {
                "seed": seed,
                "investors": summary.investors,
                "projects": summary.projects,
                "events": summary.events,
                "leases": summary.leases,
                "replaced": summary.replaced,
            }
        )
