"""The administrative units API: the filtered list and the resolver."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

RESOLVE = "/api/v1/admin-units/resolve/"
UNITS = "/api/v1/admin-units/"
PHU_THO = {
    "code": "25",
    "name": "Tỉnh Phú Thọ",
    "short_name": "Phú Thọ",
    "era": "current",
    "level": "province",
    "province_code": "25",
}
HOA_BINH = {
    "code": "17",
    "name": "Tỉnh Hòa Bình",
    "short_name": "Hòa Bình",
    "era": "legacy",
    "level": "province",
    "province_code": "17",
}


@pytest.fixture
def api(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_resolve_answers_the_former_province_and_todays(api):
    response = api.get(RESOLVE, {"q": "Hoa Binh"})

    assert response.status_code == 200
    assert response.json() == {
        "query": "Hoa Binh",
        "ok": True,
        "matched": HOA_BINH,
        "legacy": HOA_BINH,
        "current": [PHU_THO],
        "province": PHU_THO,
        "is_split": False,
        "candidates": [],
        "note": "Hòa Bình is a province before 1 July 2025; today it is part of Phú Thọ.",
    }


def test_resolve_an_old_address_lists_todays_communes(api):
    body = api.get(RESOLVE, {"q": "Huyện Lạc Thủy, Tỉnh Hòa Bình"}).json()

    assert body["ok"] is True
    assert body["matched"] == {
        "code": "159",
        "name": "Huyện Lạc Thủy",
        "short_name": "Lạc Thủy",
        "era": "legacy",
        "level": "district",
        "province_code": "17",
    }
    assert [(unit["code"], unit["name"], unit["province_code"]) for unit in body["current"]] == [
        ("05392", "Xã Lạc Thủy", "25"),
        ("05425", "Xã An Bình", "25"),
        ("05395", "Xã An Nghĩa", "25"),
    ]
    assert body["province"] == PHU_THO
    assert body["is_split"] is True


def test_resolve_with_a_date_and_a_level(api):
    body = api.get(RESOLVE, {"q": "Khánh Hòa", "on": "2024-06-30", "level": "province"}).json()

    assert (body["matched"]["era"], body["matched"]["code"]) == ("legacy", "56")
    assert [(unit["era"], unit["code"]) for unit in body["current"]] == [("current", "56")]


def test_unresolvable_text_is_a_normal_answer_with_candidates(api):
    response = api.get(RESOLVE, {"q": "Lang Sonn"})

    assert response.status_code == 200
    body = response.json()
    assert (body["ok"], body["matched"], body["legacy"], body["province"], body["current"]) == (
        False,
        None,
        None,
        None,
        [],
    )
    assert [(unit["era"], unit["level"], unit["code"]) for unit in body["candidates"][:2]] == [
        ("current", "province", "20"),
        ("legacy", "province", "20"),
    ]
    assert body["note"].startswith("No administrative unit matches “Lang Sonn”. Closest: Lạng Sơn")


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}])
def test_resolve_without_text_is_refused(api, params):
    response = api.get(RESOLVE, params)

    assert response.status_code == 400
    assert response.json() == {
        "q": ["Give the text to resolve in the q parameter, e.g. ?q=Huyện Lạc Thủy, Tỉnh Hòa Bình."]
    }


def test_resolve_with_a_bad_level_or_date_is_refused(api):
    response = api.get(RESOLVE, {"q": "Hà Nội", "level": "ward", "on": "2025-13-01"})

    assert response.status_code == 400
    assert set(response.json()) == {"level", "on"}


@pytest.mark.usefixtures("fresh_admin_unit_index")
def test_resolve_queries_the_database_only_to_build_the_index(api, django_assert_num_queries):
    with django_assert_num_queries(2):  # all units, all successions
        assert api.get(RESOLVE, {"q": "Hà Nội"}).json()["ok"] is True
    with django_assert_num_queries(0):
        assert api.get(RESOLVE, {"q": "Phường Cống Vị, Quận Ba Đình, Hà Nội"}).json()["is_split"] is True


def test_list_filters_by_era_and_level(api, django_assert_num_queries):
    with django_assert_num_queries(3):  # registry version (response cache), count, page
        response = api.get(UNITS, {"era": "current", "level": "province"})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 34
    assert (body["next"], body["previous"]) == (None, None)
    assert body["results"][0] == {
        "code": "01",
        "name": "Thành phố Hà Nội",
        "short_name": "Hà Nội",
        "era": "current",
        "level": "province",
        "province_code": "01",
    }
    assert PHU_THO in body["results"]


def test_list_is_paginated(api):
    body = api.get(UNITS, {"era": "current", "level": "commune"}).json()

    assert body["count"] == 3321
    assert len(body["results"]) == 50
    assert body["next"].endswith("?era=current&level=commune&page=2")


def test_list_filters_by_province_parent_and_search(api):
    in_phu_tho = api.get(UNITS, {"era": "current", "level": "commune", "province": "25"}).json()
    in_lac_thuy = api.get(UNITS, {"era": "legacy", "parent": "159"}).json()
    lac_thuy = api.get(UNITS, {"search": "lac thuy"}).json()
    by_code = api.get(UNITS, {"search": "159"}).json()

    assert in_phu_tho["count"] == 148
    assert in_lac_thuy["count"] == 10
    assert {unit["province_code"] for unit in in_lac_thuy["results"]} == {"17"}
    assert [(unit["era"], unit["level"], unit["name"]) for unit in lac_thuy["results"]] == [
        ("current", "commune", "Xã Lạc Thủy"),
        ("legacy", "district", "Huyện Lạc Thủy"),
    ]
    assert [(unit["era"], unit["level"], unit["code"]) for unit in by_code["results"]] == [
        ("legacy", "district", "159")
    ]


def test_list_refuses_an_unknown_era(api):
    response = api.get(UNITS, {"era": "future"})

    assert response.status_code == 400
    assert list(response.json()) == ["era"]


def test_the_schema_documents_the_resolver_parameters(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/admin-units/resolve/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(parameters) == {"q", "level", "on"}
    assert parameters["q"]["required"] is True
    assert parameters["q"]["in"] == "query"
    assert set(operation["responses"]) == {"200", "400"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Resolution"
    }
