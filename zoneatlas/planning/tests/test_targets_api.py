"""``/api/v1/targets/``: the list with its filters, the detail with the series, who reads what, bad filters, caching."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from zoneatlas.accounts.tests.conftest import person, personas, province  # noqa: F401 (a fixture)
from zoneatlas.planning.models import Target


def get(url: str, user: object = None) -> object:
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client.get(url)


def test_the_list_of_khanh_hoa_with_status_reason_forecast_and_source(demo, django_assert_num_queries):
    # The registry version (the cache key), the province named by the filter, the count, the targets and their
    # milestones, and what each of the four targets' metrics reads (3 + 3 + 3 + 2).
    with django_assert_num_queries(16):
        body = get("/api/v1/targets/?province=56").json()

    assert body["count"] == 4
    rows = {row["source"]["reference"]: row for row in body["results"]}
    assert list(rows) == ["S098", "S097", "S096", "S100"]
    song_cau = rows["S097"]
    assert {
        key: song_cau[key] for key in ("metric", "comparison", "value", "unit", "target", "deadline", "status")
    } == {
        "metric": "occupancy_pct",
        "comparison": "about",
        "value": "45",
        "unit": "%",
        "target": "about 45\u00a0%",
        "deadline": "2024-12-31",
        "status": "at_risk",
    }
    assert song_cau["scope"]["zone"] == "CCN-56-0004"
    assert song_cau["forecast"] == {
        "on": "2024-12-31",
        "value": "39.17",
        "trend": "39.17",
        "trend_per_year": "15.44",
        "floor": "36.67",
        "floor_basis": "the latest 33.67\u00a0% plus 3 pp in the pipeline: 0.9 ha committed by investment approvals "
        "and not yet leased (plots: SC-05) on 30 Sep 2024",
    }
    assert (song_cau["latest"]["value"], song_cau["latest"]["synthetic"], song_cau["synthetic_data"]) == (
        "33.67",
        True,
        True,
    )
    assert song_cau["source"] == {
        "document": "seed-003",
        "title": "Speeding up infrastructure investment in industrial clusters",
        "synthetic": False,
        "reference": "S097",
    }
    assert song_cau["quote"] == "Song Cau Industrial Cluster (Khanh Vinh district) strives to reach about 45%"
    assert "series" not in song_cau
    assert rows["S098"]["status"] == "on_track"


def test_the_detail_gives_every_point_and_where_it_comes_from(demo):
    song_cau = Target.objects.get(external_ref="S097")

    body = get(f"/api/v1/targets/{song_cau.pk}/").json()

    assert [(p["on"], p["value"]) for p in body["series"]["points"]] == [
        ("2023-03-31", "13.33"),
        ("2023-06-30", "13.33"),
        ("2023-09-30", "21.67"),
        ("2023-12-31", "21.67"),
        ("2024-03-31", "28.33"),
        ("2024-06-30", "33.67"),
        ("2024-09-30", "33.67"),
    ]
    assert body["series"]["points"][0] == {
        "on": "2023-03-31",
        "value": "13.33",
        "source": "leases",
        "computed_from": "4 ha leased (plots: SC-01) ÷ 30 ha (industrial land figure of 2024-09-30, source "
        "synthetic-targets)",
        "document": "synthetic-targets",
        "quote": None,
        "synthetic": True,
    }
    assert body["series"]["pipeline"] == "3"
    assert body["series"]["missing"] == [
        "the lease records describe the zone up to 30 Sep 2024 (the date of their source)"
    ]
    assert body["milestones"] == []


def test_an_earlier_day_assesses_the_target_as_it_stood(demo):
    song_cau = Target.objects.get(external_ref="S097")

    body = get(f"/api/v1/targets/{song_cau.pk}/?on=2024-06-30").json()

    assert body["on"] == "2024-06-30"
    assert body["series"]["points"][-1] == {**body["series"]["points"][-1], "on": "2024-06-30", "value": "33.67"}
    assert not body["reason"].endswith("no value of that day is held")


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("province=99", "province", "Select a valid choice. That choice is not one of the available choices."),
        ("metric=happiness", "metric", "Select a valid choice. happiness is not one of the available choices."),
        ("kind=factory", "kind", "Select a valid choice. factory is not one of the available choices."),
        ("scope=planet", "scope", "Select a valid choice. planet is not one of the available choices."),
        ("on=26/11/2026", "on", "“26/11/2026” is not a date: write YYYY-MM-DD"),
        ("deadline_after=soon", "deadline_after", "Enter a valid date."),
    ],
)
def test_bad_filters_answer_400_with_the_reason(demo, query, field, message):
    response = get(f"/api/v1/targets/?{query}")

    assert response.status_code == 400
    assert response.json() == {field: [message]}


def test_filters_by_kind_metric_and_deadline(demo):
    def refs(query: str) -> list[str]:
        return [row["source"]["reference"] for row in get(f"/api/v1/targets/?{query}").json()["results"]]

    assert refs("province=20&kind=park") == ["S074", "S076"]
    assert refs("metric=occupancy_pct") == ["S098", "S097"]
    assert refs("province=01&deadline_before=2024-12-31") == ["S127", "S129", "S130"]
    assert refs("zone=CCN-56-0004") == ["S097"]


def test_officers_read_their_provinces_targets_and_the_developer_those_of_its_zone(demo, personas):  # noqa: F811
    lang_son = get("/api/v1/targets/", personas["lang_son"]).json()
    developer = get("/api/v1/targets/", personas["developer"]).json()
    hoa_binh = Target.objects.get(external_ref="S013")

    assert sorted(row["source"]["reference"] for row in lang_son["results"]) == ["S074", "S076", "S077"]
    assert developer["count"] == 0
    assert get(f"/api/v1/targets/{hoa_binh.pk}/", personas["lang_son"]).status_code == 404
    assert get(f"/api/v1/targets/{hoa_binh.pk}/", personas["phu_tho"]).status_code == 200
    assert get("/api/v1/targets/", None).json()["count"] == 19


def test_answers_are_cached_and_a_changed_target_is_seen_at_once(demo):
    song_cau = Target.objects.get(external_ref="S097")
    url = f"/api/v1/targets/{song_cau.pk}/"
    first = get(url)

    assert get(url)["ETag"] == first["ETag"]
    song_cau.value = 40
    song_cau.save()
    again = get(url)
    assert again["ETag"] != first["ETag"]
    assert again.json()["value"] == "40"


def test_a_khanh_hoa_officer_reads_the_same_status(demo):
    officer = person("khanhhoa", {"role": "provincial_officer", "agency": "doit", "province": province("56")})

    body = get("/api/v1/targets/?province=56&metric=occupancy_pct", officer).json()

    assert [row["status"] for row in body["results"]] == ["on_track", "at_risk"]
