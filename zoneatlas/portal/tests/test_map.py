"""The map: the filtered zones with a position, coloured by status, with no tile server unless one is set."""

import json
import re

from django.conf import settings


def embedded(html, script_id):
    return json.loads(re.search(rf'<script id="{script_id}" type="application/json">(.*?)</script>', html).group(1))


def test_the_map_of_phu_tho_has_its_four_clusters(vi_client, demo, django_assert_num_queries):
    with django_assert_num_queries(1):
        html = vi_client.get("/map/?province=25").content.decode()

    assert "<h1>Bản đồ khu, cụm</h1>" in html
    points = embedded(html, "map-points")
    assert [point["code"] for point in points] == ["CCN-25-0001", "CCN-25-0002", "CCN-25-0003", "CCN-25-0004"]
    assert points[0]["status"] == "Đang hoạt động"
    assert points[0]["colour"] == "#198754"
    assert points[0]["approximate"] is True  # placed at the centre of the former district
    # The popup's occupancy, written the Vietnamese way; a zone without one has none.
    assert points[0]["occupancy"] == "86,87\u00a0%"
    assert points[3]["occupancy"] == ""
    assert "/static/vendor/leaflet/leaflet.js" in html
    assert embedded(html, "map-config")["tiles"] == ""


def test_a_configured_tile_server_is_used(en_client, demo, settings):
    settings.ZONEATLAS = {**settings.ZONEATLAS, "MAP_TILE_URL": "https://tiles.example.org/{z}/{x}/{y}.png"}

    html = en_client.get("/map/").content.decode()

    assert embedded(html, "map-config")["tiles"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert len(embedded(html, "map-points")) == 26


def test_the_default_has_no_tile_server():
    assert "MAP_TILE_URL" not in settings.ZONEATLAS
