"""The national overview (/provinces/): every zone rolled up, the 34 provinces ranked, the map; the home leads there."""

import re
from decimal import Decimal

from zoneatlas.portal.tests.test_map import embedded
from zoneatlas.portal.tests.test_zone_page import exact_occupancy

NOT_COMPUTABLE = '<span class="muted" title="No operating zone with a known occupancy and area">–</span>'
UNKNOWN = '<span class="muted">–</span>'


def ranking_rows(html):
    """The ranking table's rows as (rank, province code, zones, operating, area, occupancy) cells, in order."""
    table = re.search(r'<table class="data ranking">(.*?)</table>', html, re.DOTALL).group(1)
    rows = re.findall(r"<tr><td class=\"number\">(\d+)</td>(.*?)</tr>", table, re.DOTALL)
    result = []
    for rank, cells in rows:
        values = re.findall(r"<td[^>]*>(.*?)</td>", cells, re.DOTALL)
        result.append((int(rank), values[1], values[2], values[5], values[6], values[7]))
    return result


def test_the_national_overview_in_english(en_client, demo, django_assert_num_queries):
    # National roll-up (zones, their occupancy figures), ranking (provinces, zones, their occupancy figures), map
    # points (zones with their current occupancy as a subquery): six queries whatever the number of zones.
    with django_assert_num_queries(6):
        response = en_client.get("/provinces/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>National overview</h1>" in html
    assert "26 zones, in 4 of today's 34 provinces (since 1 July 2025)." in html
    rows = ranking_rows(html)
    assert len(rows) == 34
    assert [row[0] for row in rows] == list(range(1, 35))
    # Every province links to its page; those with zones come first, most zones first, then the larger area.
    assert html.count('<td><a href="/provinces/') == 34
    lang_son_area = '770.5 <small title="Some zones have no known area">(3/5)</small>'
    assert rows[:5] == [
        (1, "01", "12", "0", UNKNOWN, ""),
        (2, "20", "5", "3", lang_son_area, NOT_COMPUTABLE),
        (3, "56", "5", "2", UNKNOWN, NOT_COMPUTABLE),
        (4, "25", "4", "4", UNKNOWN, NOT_COMPUTABLE),
        (5, "91", "0", "0", "", ""),
    ]
    points = embedded(html, "map-points")
    assert len(points) == 26
    assert "/static/portal/map.js" in html


def test_the_ranking_weighs_occupancy_by_area_like_the_province_page(en_client, demo):
    # Given Phu Thanh II's occupancy reported with its parts: 43.4 ha leased of 50 ha industrial land
    figure = exact_occupancy()
    figure.leased_ha = Decimal("43.4")
    figure.industrial_land_ha = Decimal(50)
    figure.save()

    overview = en_client.get("/provinces/").content.decode()
    province = en_client.get("/provinces/25/").content.decode()

    phu_tho = next(row for row in ranking_rows(overview) if row[1] == "25")
    assert phu_tho[5] == "86.8&nbsp;%"
    assert '<span class="stat-value">86.8&nbsp;%</span>' in province
    assert '<span class="stat-value" id="national-occupancy">86.8&nbsp;%</span>' in overview


def test_the_overview_in_vietnamese_writes_numbers_the_vietnamese_way(vi_client, demo):
    html = vi_client.get("/provinces/").content.decode()

    assert "<h1>Tổng quan cả nước</h1>" in html
    points = {point["code"]: point for point in embedded(html, "map-points")}
    assert points["CCN-25-0001"]["occupancy"] == "86,87\u00a0%"


def test_the_home_page_leads_to_the_overview(en_client, demo):
    html = en_client.get("/").content.decode()

    assert '<a class="cta" href="/provinces/">' in html
    assert '<a href="/provinces/">Overview</a>' in html


def test_the_national_figures_add_up(en_client, demo):
    html = en_client.get("/provinces/").content.decode()

    stats = dict(
        re.findall(r'<span class="stat-label">([^<]+)</span><span class="stat-value"[^>]*>([^<]+)</span>', html)
    )
    assert stats == {
        "Zones": "26",
        "Industrial parks": "3",
        "Industrial clusters": "22",
        "Economic zones": "1",
        "Planned area": "770.5 ha",
        "Established area": "170.5 ha",
        "Operating area": "170.5 ha",
        "Occupancy (area-weighted)": "–",
    }
