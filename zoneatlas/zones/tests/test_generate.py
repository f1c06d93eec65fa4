"""The synthetic national dataset: deterministic, at national scale, all marked synthetic, replaceable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max, Min
from django.utils import translation

from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.models import Document
from zoneatlas.zones.management.commands.generate import DOCUMENT_TITLE, generate_national
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def snapshot() -> list[tuple[object, ...]]:
    return list(
        Zone.objects.order_by("code").values_list(
            "code", "name", "kind", "gross_area_ha", "industrial_land_ha", "status", "status_since", "commune__code"
        )
    )


def test_the_national_dataset_spreads_parks_and_clusters_over_all_34_provinces() -> None:
    summary = generate_national(seed=42)

    assert summary.zones_by_kind == {"economic_zone": 20, "park": 500, "cluster": 1500}
    assert Zone.objects.count() == 2020
    assert Zone.objects.filter(is_synthetic=False).count() == 0
    provinces = AdminUnit.objects.current().provinces()
    assert set(Zone.objects.clusters().values_list("province__code", flat=True)) == set(
        provinces.values_list("code", flat=True)
    )
    assert Zone.objects.parks().values("province").distinct().count() == 34
    assert Zone.objects.filter(kind="park", parent__kind="economic_zone").exists()
    clusters = Zone.objects.clusters()
    legal = clusters.filter(gross_area_ha__gte=10, gross_area_ha__lte=75).count()
    assert legal / 1500 > 0.85
    assert clusters.filter(gross_area_ha__gt=75).exists()
    assert clusters.filter(gross_area_ha__lt=5).exists()
    parks = Zone.objects.parks().aggregate(low=Min("gross_area_ha"), high=Max("gross_area_ha"))
    assert parks["low"] >= Decimal(100)
    assert parks["high"] <= Decimal(1500)
    # Every zone sits at the centre of a commune of its own province.
    assert not Zone.objects.exclude(commune__province=F("province")).exists()
    assert set(Zone.objects.values_list("location_precision", flat=True)) == {"commune"}
    assert Zone.objects.filter(name__startswith="Cụm công nghiệp ", kind="cluster").count() == 1500


def test_each_zone_has_a_history_of_one_to_five_events_between_2010_and_2026() -> None:
    generate_national(seed=3, parks=30, clusters=90)

    per_zone = Zone.objects.annotate(events=Count("lifecycle")).aggregate(low=Min("events"), high=Max("events"))
    assert (per_zone["low"] >= 1, per_zone["high"] <= 5) == (True, True)
    span = LifecycleEvent.objects.aggregate(first=Min("effective_on"), last=Max("effective_on"))
    assert span["first"] >= dt.date(2010, 1, 1)
    assert span["last"] <= dt.date(2026, 12, 31)
    for zone in Zone.objects.prefetch_related("lifecycle")[:50]:
        last = list(zone.lifecycle.all())[-1]
        assert (zone.status, zone.status_since) == (last.status, last.effective_on)
    # Operating zones report their occupancy yearly, with both parts; leased land never exceeds industrial land.
    figures = Observation.objects.select_related("zone")
    assert figures.exists()
    for figure in figures:
        assert figure.zone is not None
        assert figure.zone.status in {"operating", "expanded"}
        assert figure.leased_ha is not None
        assert figure.industrial_land_ha is not None
        assert figure.leased_ha <= figure.industrial_land_ha
        assert figure.value == (figure.leased_ha / figure.industrial_land_ha * 100).quantize(Decimal("0.01"))
        assert (figure.as_of.month, figure.as_of.day) == (12, 31)


def test_the_same_seed_draws_the_same_codes_names_and_areas_and_replaces_the_previous_set() -> None:
    real = Zone.objects.create(
        code="CCN-01-9999", kind="cluster", name="Cụm công nghiệp Thật", province=AdminUnit.objects.get(
            era="current", level="province", code="01"
        )
    )  # fmt: skip
    generate_national(seed=7, parks=20, clusters=60)
    first = snapshot()
    counts = (
        Zone.objects.count(),
        LifecycleEvent.objects.count(),
        Observation.objects.count(),
        WastewaterPlant.objects.count(),
    )

    summary = generate_national(seed=7, parks=20, clusters=60)

    assert summary.replaced_zones == 81  # 20 parks, 60 clusters and 1 economic zone
    assert snapshot() == first
    assert counts == (
        Zone.objects.count(),
        LifecycleEvent.objects.count(),
        Observation.objects.count(),
        WastewaterPlant.objects.count(),
    )
    assert Zone.objects.filter(pk=real.pk, is_synthetic=False).exists()
    assert Zone.history.filter(history_type="-").count() == 81  # the replaced zones left their history

    generate_national(seed=8, parks=20, clusters=60)
    assert snapshot() != first
    assert Zone.objects.count() == 82


def test_everything_is_marked_synthetic_and_cites_one_synthetic_document() -> None:
    generate_national(seed=1, parks=10, clusters=30)

    document = Document.objects.get()
    assert (document.title, document.kind, document.is_synthetic) == (DOCUMENT_TITLE, "synthetic", True)
    assert DOCUMENT_TITLE == "Synthetic national dataset (illustrative, not real)"
    assert not Zone.objects.filter(is_synthetic=False).exists()
    assert not LifecycleEvent.objects.exclude(document=document).exists()
    assert not Observation.objects.exclude(document=document).exists()
    assert not WastewaterPlant.objects.exclude(document=document).exists()
    assert Zone.history.count() == Zone.objects.count()
    assert LifecycleEvent.history.count() == LifecycleEvent.objects.count()


def test_the_command_reports_what_it_generated() -> None:
    stdout = StringIO()

    call_command("generate", "national", "--seed", "5", "--parks", "25", "--clusters", "75", stdout=stdout)

    assert stdout.getvalue().startswith(
        "Synthetic national dataset (seed 5): 101 zones (25 parks, 75 clusters, 1 economic zones)"
    )
