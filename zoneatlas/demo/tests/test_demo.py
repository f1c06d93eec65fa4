"""The demo registry holds every figure of the five seed reports, each with its quote and source."""

import csv
from decimal import Decimal

from zoneatlas.demo.loading import SEED_FACTS, load_demo
from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document
from zoneatlas.zones.models import LifecycleEvent, PlanEntry, WastewaterPlant, Zone, ZoneGroup


def seed_rows():
    with SEED_FACTS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_seed_fact_is_a_figure_with_its_quote_and_source(demo):
    rows = seed_rows()
    figures = {
        f.external_ref: f for f in Observation.objects.filter(document__is_synthetic=False).select_related("document")
    }
    assert len(rows) == 131
    # Beside the seed facts, only the illustrative industrial land of the three zones with synthetic tenants and of
    # the two whose synthetic leases give their 2024 occupancy targets a trajectory (demo/data/targets.toml).
    synthetic = Observation.objects.filter(document__is_synthetic=True)
    assert sorted(synthetic.values_list("zone__name_en", "metric", "segment", "value")) == [
        ("Dong Banh Industrial Park", "area_ha", "industrial_land", Decimal("110")),
        ("Hong Phong Industrial Park", "area_ha", "industrial_land", Decimal("280")),
        ("Industrial Cluster No. 2 (Hop Thanh commune)", "area_ha", "industrial_land", Decimal("6.5")),
        ("Khatoco Ninh Ich Industrial and Livestock Cluster", "area_ha", "industrial_land", Decimal("50")),
        ("Song Cau Industrial Cluster", "area_ha", "industrial_land", Decimal("30")),
    ]
    assert sorted(figures) == sorted(row["fact_id"] for row in rows)
    for row in rows:
        figure = figures[row["fact_id"]]
        assert figure.quote == row["quote"]
        assert figure.document.file_name == row["doc"]
        assert figure.document.contains(figure.quote)
        assert figure.metric == row["metric"]
        assert figure.unit == row["unit"]
        assert figure.period_label == row["period"]
        assert figure.value == (Decimal(row["value"]) if row["value"] else None)


def test_figures_keep_how_the_source_states_them(demo):
    hoa_binh_clusters = Observation.objects.get(external_ref="S022")
    assert hoa_binh_clusters.value == Decimal("866.605")
    assert hoa_binh_clusters.qualifiers == ["exact", "decimal_comma_ambiguous"]
    capital_usd = Observation.objects.get(external_ref="S011")
    assert (capital_usd.value, capital_usd.unit) == (Decimal(56300000), "USD")
    assert capital_usd.qualifiers == ["exact", "converted"]
    target = Observation.objects.get(external_ref="S098")
    assert target.is_target is True
    assert target.zone.name_en == "Khatoco Ninh Ich Industrial and Livestock Cluster"
    nine_months = Observation.objects.get(external_ref="S040")
    assert (str(nine_months.period_start), str(nine_months.period_end)) == ("2022-01-01", "2022-09-30")
    assert str(nine_months.as_of) == "2022-09-30"


def test_every_zone_named_by_the_seeds_is_in_the_registry_with_todays_province(demo):
    zones = {z.name_en: z for z in Zone.objects.select_related("province", "reported_unit__province")}
    assert len(zones) == 26
    phu_thanh = zones["Phu Thanh II Industrial Cluster"]
    assert (phu_thanh.province.code, phu_thanh.province.short_name) == ("25", "Phú Thọ")
    assert phu_thanh.reported_unit.name == "Huyện Lạc Thủy"
    assert phu_thanh.reported_unit.era == "legacy"
    assert phu_thanh.reported_unit.province.short_name == "Hòa Bình"
    assert phu_thanh.code == "CCN-25-0001"
    assert phu_thanh.status == "operating"
    assert zones["Industrial Cluster No. 2 (Hop Thanh commune)"].province.code == "20"
    assert zones["Song Cau Industrial Cluster"].province.code == "56"
    assert zones["Xa Cau Industrial Cluster"].province.code == "01"
    assert zones["Hong Phong Industrial Park"].parent == zones["Dong Dang – Lang Son Border-Gate Economic Zone"]
    assert zones["Dien Tho Industrial Cluster"].status == "stalled"
    assert zones["Tin An Industrial Cluster"].status == "proposed"
    assert not any(z.is_synthetic for z in zones.values())


def test_statuses_plans_and_wwtp_cite_their_passages(demo):
    for item in [*LifecycleEvent.objects.all(), *PlanEntry.objects.all(), *WastewaterPlant.objects.all()]:
        assert item.document is not None
        assert item.document.contains(item.quote), item
    wwtp = WastewaterPlant.objects.get(zone__name_en="Phu Thanh II Industrial Cluster")
    assert wwtp.status == "completed"
    assert wwtp.meets_standard is None


def test_groups_name_their_members_where_the_seed_does(demo):
    stalled = ZoneGroup.objects.get(name="Dien Tho, Trang E 2 and Ninh Xuan industrial clusters")
    assert sorted(stalled.members.values_list("name_en", flat=True)) == [
        "Dien Tho Industrial Cluster",
        "Ninh Xuan Industrial Cluster",
        "Trang E 2 Industrial Cluster",
    ]
    lac_thuy = ZoneGroup.objects.get(name="Lac Thuy district industrial clusters")
    assert lac_thuy.province.code == "25"
    assert lac_thuy.reported_unit.name == "Huyện Lạc Thủy"


def test_running_the_demo_again_changes_nothing(demo):
    counts = [m.objects.count() for m in (Zone, Observation, Document, LifecycleEvent, PlanEntry, ZoneGroup)]
    codes = list(Zone.objects.order_by("code").values_list("code", flat=True))
    load_demo()
    assert [m.objects.count() for m in (Zone, Observation, Document, LifecycleEvent, PlanEntry, ZoneGroup)] == counts
    assert list(Zone.objects.order_by("code").values_list("code", flat=True)) == codes
