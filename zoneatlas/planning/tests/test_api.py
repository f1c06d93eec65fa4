"""The checks and the rules over the API: exact answers for the demo, 4xx with a message, visibility, query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from zoneatlas.accounts.tests.conftest import personas  # noqa: F401 (a fixture)

ESTABLISH = "/api/v1/checks/establish/"
EXPAND = "/api/v1/checks/expand/CCN-25-0001/"


def get(path, user=None):
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client.get(path, HTTP_ACCEPT_LANGUAGE="en")


def test_may_phu_tho_establish_a_new_cluster(demo):
    response = get(f"{ESTABLISH}?province=25&on=2026-11-26")

    assert response.status_code == 200
    body = response.json()
    assert (body["on"], body["province"]["name"], body["result"], body["result_label"]) == (
        "2026-11-26",
        "Tỉnh Phú Thọ",
        "cannot_tell",
        "Cannot tell",
    )
    assert body["area"]["scope"] == "province"
    assert body["area"]["rule"]["carried_forward"] is True
    assert body["area"]["rule"]["replaced_by_pending"] == {
        "value": "commune",
        "citation": "Decree 303/2026 (commune scope; not for high-tech or eco clusters)",
    }
    assert [
        (c["rule"]["rule_id"], c["rule"]["threshold"], c["rule"]["status"], c["result"]) for c in body["conditions"]
    ] == [
        ("ccn.new.avg_occupancy_above_pct", "50", "confirmed", "cannot_tell"),
        ("ccn.new.unleased_land_max_ha", "100", "confirmed", "cannot_tell"),
    ]
    assert [(c["zone"], c["rate_pct"], c["counted"]) for c in body["evidence"]["clusters"]] == [
        ("CCN-25-0001", "86.87", False),
        ("CCN-25-0002", "52.51", False),
        ("CCN-25-0003", "30.29", False),
        ("CCN-25-0004", None, False),
    ]
    assert body["evidence"]["average_occupancy_pct"] is None
    assert [(m["zone"], m["what"]) for m in body["missing"]] == [
        ("CCN-25-0001", "its industrial land is not known (registry or figure), so its rate cannot be weighed"),
        ("CCN-25-0002", "its industrial land is not known (registry or figure), so its rate cannot be weighed"),
        ("CCN-25-0003", "its industrial land is not known (registry or figure), so its rate cannot be weighed"),
        ("CCN-25-0004", "neither its occupancy nor its industrial land is known"),
    ]
    pending = body["pending"]
    assert (pending["rules"], pending["result"], pending["area"]["scope"]) == ("with_pending", "cannot_tell", "commune")
    assert pending["missing"] == [
        {"zone": None, "what": "the commune: under this rule the area is the commune; name one"}
    ]


def test_lang_son_passes_with_its_commune_under_the_pending_decree(demo):
    body = get(f"{ESTABLISH}?province=20&commune=Phường Kỳ Lừa&on=2026-11-26").json()

    assert (body["result"], body["commune"]["code"]) == ("pass", "06187")
    assert body["evidence"]["clusters_counted"] == ["CCN-20-0001"]
    assert (body["evidence"]["leased_ha"], body["evidence"]["industrial_land_ha"]) == ("6.11", "6.5")
    assert (body["evidence"]["unleased_ha"], body["evidence"]["average_occupancy_pct"]) == ("0.39", "94")
    assert (body["pending"]["result"], body["pending"]["area"]["unit"]["name"]) == ("pass", "Phường Kỳ Lừa")


def test_the_establish_check_takes_a_constant_number_of_queries(demo, django_assert_num_queries):
    # The province; the rules; the clusters and their statuses; the crosswalk (2); the province's choice of area;
    # occupancy figures, land figures and lease records; service land figures and leases (2). The pending rules
    # ask for a commune, none is given: they count nothing.
    with django_assert_num_queries(12):
        assert get(f"{ESTABLISH}?province=25&on=2026-11-26").status_code == 200


def test_bad_input_answers_4xx_with_the_reason(demo):
    legacy = get(f"{ESTABLISH}?province=17")
    assert (legacy.status_code, legacy.json()) == (
        404,
        {"detail": "17 was the code of Tỉnh Hòa Bình before 1 July 2025; it is now part of Tỉnh Phú Thọ: use 25."},
    )
    assert get(f"{ESTABLISH}?province=99").json() == {"detail": "No province has the code 99."}
    missing = get(ESTABLISH)
    assert (missing.status_code, missing.json()) == (400, {"province": ["Give a province: its code today, e.g. 25."]})
    bad_day = get(f"{ESTABLISH}?province=25&on=26/11/2026")
    assert (bad_day.status_code, bad_day.json()) == (400, {"on": ["“26/11/2026” is not a date: write YYYY-MM-DD"]})
    commune = get(f"{ESTABLISH}?province=25&commune=Atlantis")
    assert (commune.status_code, commune.json()) == (
        404,
        {"detail": "No commune of Tỉnh Phú Thọ is known by “Atlantis”."},
    )
    district = get(f"{ESTABLISH}?province=25&district=183")  # Cao Lộc was in Lạng Sơn
    assert district.json() == {"detail": "No district of Tỉnh Phú Thọ before 1 July 2025 had the code 183."}
    area = get(f"{EXPAND}?area_after=sixty")
    assert (area.status_code, area.json()) == (
        400,
        {"area_after": ["“sixty” is not an area in hectares: write e.g. 60 or 62.5"]},
    )
    flag = get(f"{EXPAND}?demand_exceeds_supply=maybe")
    assert flag.json() == {"demand_exceeds_supply": ["“maybe” is not true or false"]}
    park = get("/api/v1/checks/expand/KCN-20-0001/")
    assert (park.status_code, park.json()) == (
        400,
        {"code": ["KCN-20-0001 is not an industrial cluster: this test is for clusters."]},
    )
    assert get("/api/v1/checks/expand/CCN-99-0001/").status_code == 404


def test_may_phu_thanh_ii_expand(demo):
    body = get(f"{EXPAND}?on=2026-11-26&area_after=60").json()

    assert (body["zone"]["code"], body["status_on_day"], body["result"]) == ("CCN-25-0001", "operating", "cannot_tell")
    assert body["inputs"] == {"area_after_ha": "60", "demand_exceeds_supply": False, "demand_note": None}
    assert [(c["key"], c["result"], c["value"]) for c in body["conditions"]] == [
        ("total_area", "pass", "60"),
        ("occupancy", "pass", "86.87"),
        ("infrastructure:internal_roads", "cannot_tell", None),
        ("infrastructure:water_supply", "cannot_tell", None),
        ("infrastructure:wastewater_collection_treatment", "cannot_tell", None),
    ]
    assert body["conditions"][1]["evidence"] == [
        {
            "what": "occupancy figure",
            "value": "86.87 %",
            "as_of": "2024-09-01",
            "source": "seed-000",
            "quote": "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%",
            "record": body["conditions"][1]["evidence"][0]["record"],
        }
    ]
    assert body["conditions"][1]["rule"]["citation"] == "Decree 32/2024 Art. 8.2.c (or demand exceeds supply)"
    assert [m["what"] for m in body["missing"]] == [
        "the state of internal roads and sidewalks: not reported",
        "the state of water supply: not reported",
        "wastewater collection and treatment in use: the central plant is reported built on 2024-09-01, the "
        "collection network and the plant's use are not reported",
    ]
    assert [c["key"] for c in body["pending"]["conditions"]][-2:] == [
        "infrastructure:solid_waste",
        "infrastructure:fire_fighting",
    ]


def test_the_expand_check_takes_a_constant_number_of_queries(demo, django_assert_num_queries):
    # The zone; the rules; its status, occupancy figure, land figure and lease records; its infrastructure and
    # plant reports; service land figures and leases for each set of rules (4).
    with django_assert_num_queries(12):
        assert get(f"{EXPAND}?on=2026-11-26").status_code == 200


def test_a_zone_or_province_outside_the_users_scope_does_not_exist_for_them(personas):  # noqa: F811
    lang_son = personas["lang_son"]
    assert get(EXPAND, lang_son).status_code == 404
    assert get(f"{ESTABLISH}?province=25", lang_son).json() == {"detail": "No province has the code 25."}
    assert get(f"{ESTABLISH}?province=20", lang_son).status_code == 200
    # The developer of Phú Thành II reads their cluster, not the province's roll-up.
    developer = personas["developer"]
    assert get(EXPAND, developer).status_code == 200
    assert get(f"{ESTABLISH}?province=25", developer).status_code == 404


def test_the_rules_in_force_on_a_day_with_their_status_and_citation(demo):
    everything = get("/api/v1/rules/").json()
    assert everything["count"] == 33

    body = get("/api/v1/rules/?kind=cluster&on=2025-08-01").json()

    assert [(r["rule_id"], r["value"], r["status"]) for r in body["results"]] == [
        ("ccn.craft_village.min_share_pct", "75", "confirmed"),
        ("ccn.expand.max_total_area_ha", "75", "confirmed"),
        ("ccn.expand.occupancy_min_pct", "60", "confirmed"),
        ("ccn.expand.required_infrastructure", "internal_roads|water_supply|wastewater_collection_treatment",
         "confirmed"),
        ("ccn.investor_selection.min_points",
         "50 of 100 (infrastructure 15; environment 15; capacity 30; finance 40)", "confirmed"),
        ("ccn.new.area_scope", "province_choice", "confirmed"),
        ("ccn.new.avg_occupancy_above_pct", "50", "confirmed"),
        ("ccn.new.unleased_land_max_ha", "100", "confirmed"),
        ("ccn.procedure.working_days", "announce 5 WD; intake 15 days; submit 5 WD; appraise 25 days; decide 7 WD",
         "confirmed"),
        ("ccn.report.addressee_level", "commune (was district)", "confirmed"),
        ("ccn.services.max_share_pct", "10", "confirmed"),
        ("ccn.size.max_ha", "75", "confirmed"),
        ("ccn.size.min_ha", "10 (5 in mountainous areas and for craft-village clusters)", "confirmed"),
        ("ccn.size.min_ha.mountainous_or_craft_village", "5", "confirmed"),
        ("ww.industrial.standard", "QCVN 40:2011/BTNMT", "confirmed"),
    ]  # fmt: skip
    scope = body["results"][5]
    assert scope == {
        "id": scope["id"],
        "rule_id": "ccn.new.area_scope",
        "zone_kind": "cluster",
        "zone_kind_label": "Industrial cluster",
        "value": "province_choice",
        "value_number": None,
        "value_list": [],
        "valid_from": "2025-07-01",
        "valid_to": "2026-09-14",
        "status": "confirmed",
        "status_label": "Confirmed",
        "citation": "Decree 139/2025 Art. 12 (the province decides the area; default here: the whole province)",
        "note": "",
        "version": "Decree 139/2025 scope change",
        "origin": "file",
    }
    pending = get("/api/v1/rules/?status=pending&on=2026-11-26").json()
    assert pending["count"] == 10
    assert {r["version"] for r in pending["results"]} == {"Decree 303/2026", "Circular 06/2025"}
    bad = get("/api/v1/rules/?on=soon")
    assert (bad.status_code, bad.json()) == (400, {"on": ["Enter a valid date."]})


def test_the_rules_list_takes_a_constant_number_of_queries(demo):
    with CaptureQueriesContext(connection) as everything:
        assert get("/api/v1/rules/").json()["count"] == 33
    with CaptureQueriesContext(connection) as some:
        assert get("/api/v1/rules/?status=pending").json()["count"] == 10
    assert len(everything.captured_queries) == len(some.captured_queries) == 2
