"""The zone API answers the questions officials ask of the seed data, in a constant number of queries."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document
from zoneatlas.zones.models import InfrastructureItem, Zone


@pytest.fixture
def api():
    return APIClient()


def codes(response):
    return sorted(item["name_en"] for item in response.json()["results"])


def test_phu_thanh_ii_occupancy_place_and_source(api, demo):
    zone = Zone.objects.get(name_en="Phu Thanh II Industrial Cluster")

    body = api.get(f"/api/v1/zones/{zone.code}/").json()

    assert body["code"] == "CCN-25-0001"
    assert body["kind"] == "cluster"
    assert body["status"] == "operating"
    assert body["province"] == {
        "code": "25",
        "name": "Tỉnh Phú Thọ",
        "short_name": "Phú Thọ",
        "era": "current",
        "level": "province",
    }
    assert body["reported_unit"]["text"] == "huyện Lạc Thủy, tỉnh Hòa Bình"
    assert body["reported_unit"]["unit"]["name"] == "Huyện Lạc Thủy"
    assert body["reported_unit"]["unit"]["era"] == "legacy"
    assert body["reported_unit"]["province"]["short_name"] == "Hòa Bình"
    occupancy = body["occupancy"]
    assert occupancy["rate_pct"] == "86.87"
    assert occupancy["leased_ha"] is None
    assert occupancy["as_of"] == "2024-09-01"
    assert occupancy["quote"] == "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%"
    assert occupancy["source"]["code"] == "seed-000"
    assert body["wwtp"]["status"] == "completed"
    assert body["wwtp"]["source"]["code"] == "seed-000"
    assert [e["status"] for e in body["lifecycle"]] == ["operating"]
    assert body["plans"][0]["plan_en"] == "Hoa Binh provincial master plan 2021–2030, vision to 2050"
    refs = sorted(o["external_ref"] for o in body["observations"])
    assert refs == ["S001", "S006", "S012"]


def test_list_is_paginated_with_the_agreed_fields(api, demo):
    body = api.get("/api/v1/zones/").json()
    assert body["count"] == 26
    assert body["next"] is None
    assert body["previous"] is None
    first = body["results"][0]
    for key in (
        "code",
        "name",
        "kind",
        "status",
        "province",
        "reported_unit",
        "location",
        "gross_area_ha",
        "industrial_land_ha",
        "occupancy",
        "wwtp",
    ):
        assert key in first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "kind=cluster&province=25",
            [
                "Dong Tam Industrial Cluster",
                "Phu Thanh II Industrial Cluster",
                "Thanh Nong Industrial Cluster",
                "Tien Tien Industrial Cluster",
            ],
        ),
        (
            "occupancy_min=60",
            [
                "Dong Banh Industrial Park",
                "Industrial Cluster No. 2 (Hop Thanh commune)",
                "Phu Thanh II Industrial Cluster",
            ],
        ),
        (
            "occupancy_min=30&occupancy_max=53",
            ["Dong Tam Industrial Cluster", "Hong Phong Industrial Park", "Thanh Nong Industrial Cluster"],
        ),
        ("has_wwtp=true", ["Phu Thanh II Industrial Cluster"]),
        (
            "status=stalled",
            ["Dien Tho Industrial Cluster", "Ninh Xuan Industrial Cluster", "Trang E 2 Industrial Cluster"],
        ),
        ("search=phu thanh", ["Phu Thanh II Industrial Cluster"]),
        ("kind=economic_zone", ["Dong Dang – Lang Son Border-Gate Economic Zone"]),
    ],
)
def test_list_filters(api, demo, query, expected):
    response = api.get(f"/api/v1/zones/?{query}")
    assert response.status_code == 200
    assert codes(response) == expected
    assert response.json()["count"] == len(expected)


def test_has_wwtp_false_lists_every_zone_without_a_built_plant(api, demo):
    assert api.get("/api/v1/zones/?has_wwtp=false").json()["count"] == 25


def test_bad_filter_values_answer_400_with_a_message(api, demo):
    response = api.get("/api/v1/zones/?kind=factory&occupancy_min=lots")
    assert response.status_code == 400
    body = response.json()
    assert "kind" in body
    assert "occupancy_min" in body


def test_unknown_zone_is_404(api, demo):
    assert api.get("/api/v1/zones/CCN-99-9999/").status_code == 404


def test_list_query_count_is_constant(api, demo, django_assert_num_queries):
    # registry version (the cache key), count, page, occupancy prefetch, wwtp prefetch; a cached answer takes the
    # first alone (test_api_caching.py)
    with django_assert_num_queries(5):
        assert api.get("/api/v1/zones/").status_code == 200
    with django_assert_num_queries(5):
        assert api.get("/api/v1/zones/?kind=cluster&occupancy_min=10").status_code == 200


@pytest.mark.parametrize("name", ["Phu Thanh II Industrial Cluster", "Dien Tho Industrial Cluster"])
def test_detail_query_count_is_constant(api, demo, django_assert_num_queries, name):
    zone = Zone.objects.get(name_en=name)
    InfrastructureItem.objects.create(
        zone=zone,
        component="internal_roads",
        status="completed",
        progress_pct=100,
        as_of="2024-01-01",
        document=Document.objects.get(code="seed-000"),
    )
    # registry version (the cache key), zone, current occupancy, wwtp, lifecycle, plans, infrastructure, figures
    with django_assert_num_queries(8):
        assert api.get(f"/api/v1/zones/{zone.code}/").status_code == 200


def test_province_summary_of_phu_tho(api, demo):
    body = api.get("/api/v1/provinces/25/summary/").json()
    assert body["province"]["short_name"] == "Phú Thọ"
    assert body["zones_total"] == 4
    assert body["by_kind"] == {"park": 0, "cluster": 4, "economic_zone": 0}
    assert body["by_status"] == {"operating": 4}
    assert [z["reported_unit_text"] for z in body["reported_under_old_units"]].count(
        "huyện Lạc Thủy, tỉnh Hòa Bình"
    ) == 3
    occupancy = body["occupancy"]
    # No seed figure gives leased and industrial land, so nothing can be area-weighted; the zones are listed.
    assert occupancy["rate_pct"] is None
    assert len(occupancy["zones_without_parts"]) == 3
    assert occupancy["mean_of_reported_rates_pct"] == str(
        ((Decimal("86.87") + Decimal("52.51") + Decimal("30.29")) / 3).quantize(Decimal("0.01"))
    )
    refs = {f["external_ref"] for f in body["published_figures"]}
    assert {"S002", "S003", "S009", "S010", "S013", "S021", "S022", "S028"} <= refs
    assert "S048" not in refs  # Lang Son's


def test_province_summary_of_lang_son_includes_province_figures(api, demo):
    body = api.get("/api/v1/provinces/20/summary/").json()
    assert body["zones_total"] == 5
    assert body["by_kind"] == {"park": 3, "cluster": 1, "economic_zone": 1}
    refs = {f["external_ref"] for f in body["published_figures"]}
    assert {"S067", "S069", "S074", "S077"} <= refs


def test_area_weighted_occupancy_uses_both_parts(api, demo):
    source = Document.objects.get(code="seed-000")
    for name, leased, land in [
        ("Thanh Nong Industrial Cluster", "30", "60"),
        ("Dong Tam Industrial Cluster", "10", "40"),
    ]:
        Observation.objects.create(
            scope_type="zone",
            zone=Zone.objects.get(name_en=name),
            metric="occupancy_pct",
            value=Decimal(leased) / Decimal(land) * 100,
            unit="%",
            leased_ha=Decimal(leased),
            industrial_land_ha=Decimal(land),
            as_of="2025-01-01",
            document=source,
            qualifiers=["exact"],
        )
    occupancy = api.get("/api/v1/provinces/25/summary/").json()["occupancy"]
    assert occupancy["rate_pct"] == "40.00"  # (30 + 10) / (60 + 40), not the mean of 50 % and 25 %
    assert occupancy["leased_ha"] == "40.0000"
    assert sorted(occupancy["zones_counted"]) == sorted(
        Zone.objects.filter(name_en__in=["Thanh Nong Industrial Cluster", "Dong Tam Industrial Cluster"]).values_list(
            "code", flat=True
        )
    )


def test_legacy_province_code_is_404_naming_todays_province(api, demo):
    response = api.get("/api/v1/provinces/17/summary/")
    assert response.status_code == 404
    assert "Phú Thọ" in response.json()["detail"]


def test_openapi_schema_and_docs(api, db):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/zones/" in paths
    assert "/api/v1/provinces/{code}/summary/" in paths
    params = {p["name"] for p in paths["/api/v1/zones/"]["get"]["parameters"]}
    assert {"search", "kind", "status", "province", "occupancy_min", "occupancy_max", "has_wwtp"} <= params
    assert api.get("/api/docs/").status_code == 200
