"""The tenant endpoints: filters, what each persona sees, constant query counts, 4xx on bad input."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from zoneatlas.accounts.tests.conftest import personas  # noqa: F401 (a fixture)
from zoneatlas.tenants.models import Investor, Project
from zoneatlas.zones.models import Zone


def get(path, user=None, **headers):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client.get(path, **headers)


def test_projects_filter_by_zone_fdi_status_and_sector(demo):
    dong_banh = Zone.objects.get(name_en="Dong Banh Industrial Park").code
    body = get(f"/api/v1/projects/?zone={dong_banh}&status=operating").json()
    assert sorted(p["name_en"] for p in body["results"]) == ["Cement plant", "Electronic components plant"]
    assert [p["name_en"] for p in get("/api/v1/projects/?fdi=true").json()["results"]] == [
        "Electronic components plant",
        "Farm machinery assembly plant",
    ]
    sawmills = get("/api/v1/projects/?vsic_version=2018&vsic=1621&ordering=-capital").json()["results"]
    assert [(p["name_en"], p["sector"]["code"]) for p in sawmills] == [
        ("Plywood mill", "16210"),
        ("Wood processing workshop", "16210"),
    ]


def test_the_project_list_takes_a_constant_number_of_queries(demo):
    with CaptureQueriesContext(connection) as all_projects:
        assert get("/api/v1/projects/").json()["count"] == 20
    with CaptureQueriesContext(connection) as few:
        assert get("/api/v1/projects/?zone=KCN-20-0001").json()["count"] == 4
    assert len(all_projects.captured_queries) == len(few.captured_queries)


def test_a_bad_date_or_filter_answers_400_with_a_message(demo):
    response = get("/api/v1/zones/KCN-20-0001/tenants/?on=31/05/2021")
    assert response.status_code == 400
    assert response.json() == {"on": ["“31/05/2021” is not a date: write YYYY-MM-DD"]}
    response = get("/api/v1/projects/?status=dreaming")
    assert response.status_code == 400
    assert "status" in response.json()
    assert get("/api/v1/provinces/99/tenants/").status_code == 404


def test_an_officer_of_another_province_sees_none_of_its_tenants(personas):  # noqa: F811
    phu_thanh = Zone.objects.get(code="CCN-25-0001")
    investor = Investor.objects.create(name="Phú Thọ investor", contact="0987 000 111")
    project = Project.objects.create(zone=phu_thanh, investor=investor, name="Phú Thọ project")
    lang_son = personas["lang_son"]
    assert get(f"/api/v1/projects/{project.pk}/", lang_son).status_code == 404
    assert get(f"/api/v1/investors/{investor.pk}/", lang_son).status_code == 404
    assert project.pk not in [p["id"] for p in get("/api/v1/projects/", lang_son).json()["results"]]
    assert get("/api/v1/provinces/25/tenants/", lang_son).status_code == 404
    # The Phú Thọ officer reads the investor's internal contact; the public does not.
    assert get(f"/api/v1/investors/{investor.pk}/", personas["phu_tho"]).json()["contact"] == "0987 000 111"
    assert "contact" not in get(f"/api/v1/investors/{investor.pk}/").json()


def test_a_pre_2025_province_code_rolls_up_the_zones_reported_under_it(demo):
    body = get("/api/v1/provinces/20/tenants/").json()
    assert (body["scope"], body["projects"]) == ("zones in Tỉnh Lạng Sơn today", 20)
    old = get("/api/v1/provinces/17/tenants/").json()
    assert old["province"] == {"code": "17", "name": "Tỉnh Hòa Bình", "era": "legacy"}
    assert (old["zones"], old["projects"]) == (4, 0)  # the four Hòa Bình clusters, now in Phú Thọ


def test_the_national_summary_groups_by_province_today_or_as_reported(demo):
    today = get("/api/v1/tenants/summary/").json()
    assert today["nation"]["projects"] == 20
    assert [(row["province"]["code"], row["projects"]) for row in today["provinces"] if row["projects"]] == [("20", 20)]
    reported = get("/api/v1/tenants/summary/?as_reported=true").json()
    assert reported["grouped_by"] == "province_as_reported"
    assert [(row["province"]["era"], row["projects"]) for row in reported["provinces"] if row["projects"]] == [
        ("legacy", 20)
    ]
