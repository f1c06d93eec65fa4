"""A province today: its zones by kind and status, areas, weighted occupancy, figures; old provinces redirect."""

import json
import re

from django.test import Client

from zoneatlas.accounts.tests.conftest import province
from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document


def test_phu_tho(vi_client, demo, django_assert_num_queries):
    # The province and whether it has zones, the roll-up (zones, occupancy figures, last figure date), the
    # published figures the visitor may read (the province's legacy units, the figures) and the zone table (zones,
    # occupancy, plants), and the tenants' roll-up (projects, zones, leases): twelve, whatever the number of zones,
    # figures and projects.
    with django_assert_num_queries(12):
        response = vi_client.get("/provinces/25/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Tỉnh Phú Thọ <small>(25)</small></h1>" in html
    for code in ("CCN-25-0001", "CCN-25-0002", "CCN-25-0003", "CCN-25-0004"):
        assert f'href="/zones/{code}/"' in html
    assert "“huyện Lạc Thủy, tỉnh Hòa Bình”" in html
    assert 'class="note" role="note"' not in html
    chart = json.loads(re.search(r'<script id="province-data" type="application/json">(.*?)</script>', html).group(1))
    assert chart["codes"] == ["CCN-25-0001", "CCN-25-0002", "CCN-25-0003"]
    assert chart["rate"] == [86.87, 52.51, 30.29]


def test_the_legacy_code_of_hoa_binh_redirects_to_phu_tho_with_a_note(en_client, demo):
    response = en_client.get("/provinces/17/")

    assert response.status_code == 302
    assert response["Location"] == "/provinces/25/?from=17"
    html = en_client.get(response["Location"]).content.decode()
    assert "Tỉnh Hòa Bình (17) was a province before 1 July 2025; it is now part of Tỉnh Phú Thọ, shown here." in html


def test_a_province_name_redirects_to_todays_province(en_client, demo):
    assert en_client.get("/provinces/Hòa Bình/")["Location"] == "/provinces/25/?from=17"
    assert en_client.get("/provinces/Phú Thọ/")["Location"] == "/provinces/25/"


def test_an_unknown_province_is_not_found(en_client, demo):
    assert en_client.get("/provinces/99/").status_code == 404
    assert en_client.get("/provinces/Atlantis/").status_code == 404


def province_figure(**fields):
    """A figure about Phú Thọ (25) itself, cited from seed report 000."""
    return Observation.objects.create(
        scope_type="admin_unit",
        admin_unit=province("25"),
        metric="zone_count",
        unit="count",
        as_of="2026-06-30",
        document=Document.objects.get(code="seed-000"),
        **fields,
    )


def figure_row(html, figure):
    start = html.index(f'<tr id="f{figure.pk}">')
    return html[start : html.index("</tr>", start)]


def test_a_draft_province_figure_carries_its_badge_for_an_officer_and_is_absent_for_the_public(en_client, personas):
    draft = province_figure(value=9, segment="fdi", quote="Draft count of Phu Tho", review="draft")
    internal = province_figure(value=8, quote="Internal count of Phu Tho", is_internal=True)
    officer = Client(headers={"accept-language": "en"})
    officer.force_login(personas["phu_tho"])

    seen = officer.get("/provinces/25/").content.decode()
    public = en_client.get("/provinces/25/").content.decode()

    row = figure_row(seen, draft)
    assert "<td>Tỉnh Phú Thọ</td>" in row  # the "about" column
    assert 'Number of zones<br><small>fdi</small> <span class="badge review">Draft</span></td>' in row
    assert '<span class="badge internal">internal</span>' in figure_row(seen, internal)
    for figure in (draft, internal):
        assert f'id="f{figure.pk}"' not in public
        assert figure.quote not in public
