"""A zone's page: profile, lifecycle, plans, infrastructure, plant, occupancy chart and every figure with its source."""

import json
import re

from zoneatlas.figures.models import Observation
from zoneatlas.zones.models import InfrastructureItem, Zone


def exact_occupancy():
    return Observation.objects.get(zone__code="CCN-25-0001", metric="occupancy_pct", is_approximate=False)


def test_phu_thanh_ii_in_vietnamese(vi_client, demo, django_assert_num_queries):
    # The zone with its units, then lifecycle, plans, infrastructure, plants and figures: six queries.
    with django_assert_num_queries(6):
        response = vi_client.get("/zones/CCN-25-0001/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Cụm công nghiệp Phú Thành II" in html
    assert '<strong class="big-number">86,87&nbsp;%</strong>' in html
    assert "<dt>Trạng thái</dt><dd>Đang hoạt động từ ngày 01/09/2024</dd>" in html
    assert '<h2 id="lifecycle-title">Quá trình hình thành</h2>' in html
    assert "“huyện Lạc Thủy, tỉnh Hòa Bình”" in html
    assert "“The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%”" in html
    assert f'href="/sources/seed-000/#figure-{exact_occupancy().pk}"' in html


def test_phu_thanh_ii_in_english(en_client, demo):
    html = en_client.get("/zones/CCN-25-0001/").content.decode()

    assert '<html lang="en">' in html
    assert '<strong class="big-number">86.87&nbsp;%</strong>' in html
    assert "Operating since 1 Sep 2024" in html
    assert "~87&nbsp;%" in html  # the approximate figure of the same day is listed too


def test_the_occupancy_chart_data_is_embedded(en_client, demo):
    html = en_client.get("/zones/CCN-25-0001/").content.decode()

    data = json.loads(re.search(r'<script id="occupancy-data" type="application/json">(.*?)</script>', html).group(1))
    # One point a day, the exact figure winning over "nearly 87 %".
    assert data == {"dates": ["2024-09-01"], "rate": [86.87], "leased": [None], "industrial": [None]}
    assert "/static/vendor/echarts/echarts.min.js" in html


def test_infrastructure_shows_the_latest_progress_of_each_component(en_client, demo, django_assert_num_queries):
    zone = Zone.objects.get(code="CCN-25-0002")
    InfrastructureItem.objects.create(
        zone=zone, component="internal_roads", status="under_construction", progress_pct=40, as_of="2024-01-01"
    )
    InfrastructureItem.objects.create(
        zone=zone, component="internal_roads", status="under_construction", progress_pct=90, as_of="2024-09-01"
    )
    InfrastructureItem.objects.create(
        zone=zone, component="power_supply", status="completed", progress_pct=100, as_of="2024-09-01"
    )

    with django_assert_num_queries(6):
        html = en_client.get("/zones/CCN-25-0002/").content.decode()

    assert '<progress max="100" value="90.00" aria-labelledby="infra-internal_roads">' in html
    assert '<progress max="100" value="100.00" aria-labelledby="infra-power_supply">' in html
    assert "40.00" not in html
    assert html.count("not reported") == 8


def test_an_unknown_zone_is_not_found(en_client, demo):
    assert en_client.get("/zones/CCN-99-0001/").status_code == 404
