"""Every page reads only the zones the user sees (``Zone.objects.visible_to``), and drafts only for officials.

Personas: the public (anonymous), a DOIT officer of Lạng Sơn (20), the developer of Phú Thành II.
"""

import csv
import io

import pytest
from django.test import Client

from zoneatlas.accounts.tests.conftest import person, province
from zoneatlas.figures.models import Observation
from zoneatlas.portal.tests.helpers import listed_codes
from zoneatlas.portal.tests.test_map import embedded
from zoneatlas.portal.tests.test_zone_page import exact_occupancy
from zoneatlas.zones.models import Zone


@pytest.fixture
def lang_son_officer(demo):
    user = person("langson", {"role": "provincial_officer", "agency": "doit", "province": province("20")})
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def developer(demo):
    user = person("developer", {"role": "developer", "zone": Zone.objects.get(code="CCN-25-0001")})
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def lang_son_codes():
    return list(Zone.objects.filter(province__code="20").order_by("code").values_list("code", flat=True))


def test_an_officer_lists_maps_and_exports_only_the_zones_of_their_province(lang_son_officer):
    codes = lang_son_codes()

    assert listed_codes(lang_son_officer.get("/zones/").content.decode()) == codes
    assert [point["code"] for point in embedded(lang_son_officer.get("/map/").content.decode(), "map-points")] == [
        code for code in codes if Zone.objects.get(code=code).latitude is not None
    ]
    export = lang_son_officer.get("/zones/export/?format=csv").content.decode("utf-8-sig")
    assert [row["code"] for row in csv.DictReader(io.StringIO(export))] == codes


def test_an_officer_cannot_open_a_zone_or_province_outside_their_grant(lang_son_officer):
    assert lang_son_officer.get("/zones/CCN-25-0001/").status_code == 404
    assert lang_son_officer.get("/provinces/25/").status_code == 404
    assert lang_son_officer.get("/provinces/20/").status_code == 200


def test_the_overview_rolls_up_only_what_the_officer_sees(lang_son_officer):
    html = lang_son_officer.get("/provinces/").content.decode()

    assert f"{len(lang_son_codes())} zones, in 1 of today's 34 provinces" in html
    assert len(embedded(html, "map-points")) == len(
        [code for code in lang_son_codes() if Zone.objects.get(code=code).latitude is not None]
    )


def test_a_developer_sees_its_zone_and_nothing_else(developer):
    assert listed_codes(developer.get("/zones/").content.decode()) == ["CCN-25-0001"]
    assert developer.get("/zones/CCN-25-0002/").status_code == 404
    assert developer.get("/zones/CCN-25-0001/").status_code == 200


def test_a_draft_figure_is_shown_to_the_zones_developer_but_not_to_the_public(en_client, developer):
    # Given a draft (not yet reviewed) occupancy figure of Phu Thanh II
    draft = exact_occupancy()
    draft.pk = None
    draft.value = 91
    draft.review = "draft"
    draft.save()

    public_zone = en_client.get("/zones/CCN-25-0001/").content.decode()
    public_source = en_client.get("/sources/seed-000/").content.decode()
    developer_zone = developer.get("/zones/CCN-25-0001/").content.decode()

    assert f"#figure-{draft.pk}" not in public_zone
    assert f'id="figure-{draft.pk}"' not in public_source
    assert f"#figure-{draft.pk}" in developer_zone
    # And the current occupancy stays the accepted one for everybody.
    assert '<strong class="big-number">86.87&nbsp;%</strong>' in public_zone
    assert Observation.objects.filter(pk=draft.pk, review="draft").exists()


def test_the_public_sees_every_zone(en_client, demo):
    assert en_client.get("/zones/CCN-25-0001/").status_code == 200
    assert "26 zones" in en_client.get("/zones/").content.decode()
