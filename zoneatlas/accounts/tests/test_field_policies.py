"""Fields a province keeps internal: the public never receives them, on any surface; its officers still do.

Phú Thọ (25) keeps the developer, both areas and the occupancy of its zones internal. The subject is Phú Thành II
(CCN-25-0001, occupancy 86.87 % in seed-000), given a developer and areas here; Lạng Sơn's Hợp Thành No. 2
(8.5 ha) shows that another province's zones are untouched.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from python_calamine import CalamineWorkbook
from rest_framework.test import APIClient

from zoneatlas.accounts.tests.conftest import province
from zoneatlas.zones.models import InternalZoneField, Zone

PHU_THANH = "CCN-25-0001"
HOP_THANH = "Industrial Cluster No. 2 (Hop Thanh commune)"
DEVELOPER = "Công ty CP Hạ tầng Phú Thành"
HIDDEN = ["developer", "gross_area_ha", "industrial_land_ha", "occupancy"]


@pytest.fixture
def phu_tho_hides(personas):
    """Phú Thành II with a developer and areas; Phú Thọ keeps all four markable fields internal."""
    zone = Zone.objects.get(code=PHU_THANH)
    zone.developer_name = DEVELOPER
    zone.developer_type = "private"
    zone.gross_area_ha = Decimal("75.3")
    zone.industrial_land_ha = Decimal("52.1")
    zone.save()
    for field in HIDDEN:
        InternalZoneField.objects.create(province=province("25"), field=field, reason="Not confirmed yet")
    return zone


def client_for(personas, persona):
    client = APIClient()
    if persona != "anonymous":
        client.force_login(personas[persona])
    return client


def by_code(results, code):
    return next(item for item in results if item["code"] == code)


def hop_thanh_code():
    return Zone.objects.get(name_en=HOP_THANH).code


# --- API ----------------------------------------------------------------------------------------------------


def test_the_api_list_leaves_the_fields_out_for_the_public_only(personas, phu_tho_hides):
    public = APIClient().get("/api/v1/zones/?page_size=100").json()["results"]
    officer = client_for(personas, "phu_tho").get("/api/v1/zones/?province=25").json()["results"]

    phu_thanh = by_code(public, PHU_THANH)
    assert {"gross_area_ha", "industrial_land_ha", "occupancy"} & set(phu_thanh) == set()
    assert phu_thanh["wwtp"]["status"] == "completed"  # not marked: still published
    hop_thanh = by_code(public, hop_thanh_code())
    assert hop_thanh["gross_area_ha"] == "8.5000"
    assert "occupancy" in hop_thanh
    mine = by_code(officer, PHU_THANH)
    assert (mine["gross_area_ha"], mine["industrial_land_ha"]) == ("75.3000", "52.1000")
    assert mine["occupancy"]["rate_pct"] == "86.87"


def test_the_api_detail_leaves_the_fields_and_the_occupancy_figures_out_for_the_public(personas, phu_tho_hides):
    url = f"/api/v1/zones/{PHU_THANH}/"
    public = APIClient().get(url).json()
    officer = client_for(personas, "phu_tho").get(url).json()
    national = client_for(personas, "national").get(url).json()

    assert {"developer", "gross_area_ha", "industrial_land_ha", "occupancy"} & set(public) == set()
    assert "occupancy_pct" not in [figure["metric"] for figure in public["observations"]]
    assert public["name_en"] == "Phu Thanh II Industrial Cluster"
    for reader in (officer, national):
        assert reader["developer"] == {"name": DEVELOPER, "type": "private"}
        assert reader["gross_area_ha"] == "75.3000"
        assert reader["occupancy"]["rate_pct"] == "86.87"
        assert "occupancy_pct" in [figure["metric"] for figure in reader["observations"]]
    other = APIClient().get(f"/api/v1/zones/{hop_thanh_code()}/").json()
    assert other["gross_area_ha"] == "8.5000"
    assert "developer" in other


def test_a_public_filter_or_ordering_on_a_hidden_field_does_not_reveal_it(personas, phu_tho_hides):
    public = APIClient()
    assert public.get("/api/v1/zones/?province=25&occupancy_min=80").json()["count"] == 0
    assert public.get("/api/v1/zones/?province=25&occupancy_max=100").json()["count"] == 0
    officer = client_for(personas, "phu_tho").get("/api/v1/zones/?province=25&occupancy_min=80").json()
    assert [zone["code"] for zone in officer["results"]] == [PHU_THANH]
    # Lạng Sơn's occupancy filters as before.
    assert (
        public.get("/api/v1/zones/?province=20&occupancy_min=0").json()["count"]
        == (client_for(personas, "lang_son").get("/api/v1/zones/?province=20&occupancy_min=0").json()["count"])
    )
    # Sorted by area, largest first: a withheld area sorts as unknown (last), not where 75.3 ha would put it.
    ordered = public.get("/api/v1/zones/?ordering=-gross_area_ha&page_size=100").json()["results"]
    codes = [zone["code"] for zone in ordered]
    known = [zone["code"] for zone in ordered if zone.get("gross_area_ha") is not None]
    assert codes.index(PHU_THANH) > max(codes.index(code) for code in known)
    mine = client_for(personas, "phu_tho").get("/api/v1/zones/?ordering=-gross_area_ha&province=25").json()
    assert mine["results"][0]["code"] == PHU_THANH


def test_a_marking_shows_at_once_in_cached_answers(personas, phu_tho_hides):
    """The marking is registry data: saving or deleting it replaces the registry version the cache keys on."""
    public = APIClient()
    assert "gross_area_ha" not in public.get(f"/api/v1/zones/{PHU_THANH}/").json()
    InternalZoneField.objects.filter(field="gross_area_ha").delete()
    assert public.get(f"/api/v1/zones/{PHU_THANH}/").json()["gross_area_ha"] == "75.3000"
    InternalZoneField.objects.create(province=province("25"), field="gross_area_ha")
    assert "gross_area_ha" not in public.get(f"/api/v1/zones/{PHU_THANH}/").json()


# --- Pages, exports, map ----------------------------------------------------------------------------------------


def test_the_zone_page_says_not_published_to_the_public(personas, phu_tho_hides):
    with translation.override("en"):
        public = APIClient().get(f"/zones/{PHU_THANH}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        officer = client_for(personas, "phu_tho").get(f"/zones/{PHU_THANH}/", HTTP_ACCEPT_LANGUAGE="en")
    assert DEVELOPER not in public
    assert "75.3" not in public
    # The figure as the page writes it; the status's quoted passage of the (public) source stays as it is.
    assert "86.87&nbsp;%" not in public
    assert public.count("not published") == 4
    assert "The province does not publish the occupancy of its zones." in public
    page = officer.content.decode()
    assert DEVELOPER in page
    assert "75.3 ha" in page
    assert "86.87&nbsp;%" in page
    assert "not published" not in page


def test_the_zone_tenants_page_leaves_the_occupancy_out_for_the_public(personas, phu_tho_hides):
    url = f"/zones/{PHU_THANH}/tenants/"
    public = APIClient().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    officer = client_for(personas, "phu_tho").get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The province does not publish the occupancy or the industrial land of its zones." in public
    assert "Derived from leases" not in public
    assert "Derived from leases" in officer
    assert "The province does not publish" not in officer


def test_the_zone_list_page_leaves_the_values_out(personas, phu_tho_hides):
    public = APIClient().get("/zones/?province=25").content.decode()
    officer = client_for(personas, "phu_tho").get("/zones/?province=25").content.decode()
    assert "86,87" not in public
    assert "75,3" not in public
    assert "86,87" in officer
    assert "75,3" in officer


def rows_of_csv(client, query=""):
    body = client.get(f"/zones/export/?format=csv{query}").content.decode("utf-8-sig")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(body))}


def test_every_export_format_blanks_the_columns_for_the_public(personas, phu_tho_hides):
    public, officer = APIClient(), client_for(personas, "phu_tho")
    hidden_columns = [
        "developer",
        "developer_type",
        "gross_area_ha",
        "industrial_land_ha",
        "leased_ha",
        "occupancy_pct",
        "occupancy_as_of",
        "occupancy_source",
    ]

    row = rows_of_csv(public)[PHU_THANH]
    assert [row[column] for column in hidden_columns] == [""] * len(hidden_columns)
    assert row["wwtp"] == "completed"
    assert rows_of_csv(public)[hop_thanh_code()]["gross_area_ha"] == "8.5"
    mine = rows_of_csv(officer, "&province=25")[PHU_THANH]
    assert (mine["developer"], mine["gross_area_ha"], mine["occupancy_pct"]) == (DEVELOPER, "75.3", "86.87")

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(public.get("/zones/export/?format=xlsx").content))
    table = sheet.get_sheet_by_index(0).to_python()
    header = table[0]
    xlsx_row = next(line for line in table[1:] if line[0] == PHU_THANH)
    assert [xlsx_row[header.index(column)] for column in hidden_columns] == [""] * len(hidden_columns)

    features = json.loads(public.get("/zones/export/?format=geojson").content)["features"]
    properties = next(f["properties"] for f in features if f["properties"]["code"] == PHU_THANH)
    assert [properties[column] for column in hidden_columns] == [None] * len(hidden_columns)
    officer_features = json.loads(officer.get("/zones/export/?format=geojson").content)["features"]
    officer_properties = next(f["properties"] for f in officer_features if f["properties"]["code"] == PHU_THANH)
    assert officer_properties["occupancy_pct"] == 86.87


def map_points(client):
    page = client.get("/map/").content.decode()
    data = re.search(r'<script id="map-points" type="application/json">(.*?)</script>', page, re.S)
    assert data is not None
    return {point["code"]: point for point in json.loads(data.group(1))}


def test_the_map_data_leaves_a_hidden_occupancy_out(personas, phu_tho_hides):
    zone = Zone.objects.get(code=PHU_THANH)
    Zone.objects.filter(pk=zone.pk).update(latitude=Decimal("20.45"), longitude=Decimal("105.62"))
    assert map_points(APIClient())[PHU_THANH]["occupancy"] == ""
    assert map_points(client_for(personas, "phu_tho"))[PHU_THANH]["occupancy"] == "86,87\u00a0%"


def test_a_zone_read_with_fields_withheld_cannot_be_saved(phu_tho_hides):
    zone = Zone.objects.visible_to(None).get(code=PHU_THANH)
    assert zone.hidden_fields == frozenset(HIDDEN)
    assert zone.gross_area_ha is None
    with pytest.raises(RuntimeError):
        zone.save()
    assert Zone.objects.get(code=PHU_THANH).gross_area_ha == Decimal("75.3")


# --- Managing the markings ------------------------------------------------------------------------------------


def run(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("internal_fields", *args, stdout=out)
    return out.getvalue()


def test_an_officer_marks_and_unmarks_a_field_with_the_history(personas):
    assert run("mark", "--province", "25", "--field", "developer", "--by", "phutho", "--reason", "Unconfirmed") == (
        "Tỉnh Phú Thọ now keeps “developer” of its zones from the public.\n"
    )
    marking = InternalZoneField.objects.get(province__code="25", field="developer")
    assert (marking.marked_by, marking.reason) == (personas["phu_tho"], "Unconfirmed")
    assert "25  Tỉnh Phú Thọ  developer  phutho" in run("list")

    run("unmark", "--province", "Phú Thọ", "--field", "developer", "--by", "phutho", "--reason", "Confirmed")

    assert not InternalZoneField.objects.exists()
    history = list(InternalZoneField.history.order_by("history_date").values_list("history_type", "history_user"))
    assert history == [("+", personas["phu_tho"].pk), ("-", personas["phu_tho"].pk)]
    assert InternalZoneField.history.earliest("history_date").history_change_reason == "Unconfirmed"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--field", "name"], "“name” cannot be marked internal: a zone's code, name, kind"),
        (["--field", "contact_person"], "“contact_person” is always internal"),
        (["--field", "developer", "--by", "langson"], "langson may not choose the internal fields of Tỉnh Phú Thọ"),
        (["--field", "developer", "--by", "national"], "national may not choose the internal fields"),
        (["--field", "developer", "--province", "17"], "Tỉnh Hòa Bình is a province from before 1 July 2025"),
    ],
)
def test_a_refused_marking_says_why_and_writes_nothing(personas, args, message):
    options = {"--province": "25", "--by": "phutho"}
    for name, value in zip(args[::2], args[1::2], strict=True):
        options[name] = value
    with pytest.raises(CommandError) as refused:
        run("mark", *[part for pair in options.items() for part in pair])
    assert message in str(refused.value)
    assert InternalZoneField.objects.count() == 0
    assert InternalZoneField.history.count() == 0


def test_the_back_office_lets_an_officer_mark_only_their_province(personas):
    officer = personas["phu_tho"]
    officer.is_staff = True
    officer.save()
    client = APIClient()
    client.force_login(officer)
    add = "/admin/zones/internalzonefield/add/"
    assert (
        client.post(add, {"province": province("25").pk, "field": "occupancy", "reason": "Survey"}).status_code == 302
    )
    refused = client.post(add, {"province": province("20").pk, "field": "occupancy"})
    assert refused.status_code == 200  # the form answers that Lạng Sơn is not a choice
    assert list(InternalZoneField.objects.values_list("province__code", "field", "marked_by")) == [
        ("25", "occupancy", officer.pk)
    ]
    assert InternalZoneField.history.get().history_user == officer
