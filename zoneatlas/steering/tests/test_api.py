"""The obstacle and steering-meeting endpoints: exact answers, access by persona, refusals with reasons, queries."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from zoneatlas.steering.models import Agency, Obstacle, ObstacleUpdate, SteeringMeeting
from zoneatlas.steering.tests.conftest import DIEN_THO, PHU_THANH


def api(user=None):
    client = APIClient(headers={"accept-language": "en"})
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_overdue_obstacles_of_a_province_longest_first(personas):
    body = api(personas["khanh_hoa"]).get("/api/v1/obstacles/?province=56&overdue=true&on=2026-11-26").json()

    assert body["count"] == 9
    first = body["results"][0]
    assert {
        key: first[key] for key in ("zone", "province", "kind", "deadline", "days_overdue", "status", "is_synthetic")
    } == {
        "zone": DIEN_THO,
        "province": "56",
        "kind": "site_clearance",
        "deadline": "2024-12-31",
        "days_overdue": 695,
        "status": "open",
        "is_synthetic": False,
    }
    assert first["agency"] == {
        "id": first["agency"]["id"],
        "name": "Sở Công Thương tỉnh Khánh Hòa",
        "name_en": "Khanh Hoa Department of Industry and Trade",
        "level": "province",
        "province": "56",
    }
    assert first["directive"]["issued_on"] == "2024-05-28"
    assert first["directive"]["document"]["code"] == "seed-003"
    assert first["source"]["code"] == "seed-003"
    assert first["quote"].startswith("striving to basically complete site clearance")


def test_days_overdue_follow_the_day_asked(personas):
    body = api(personas["national"]).get(f"/api/v1/obstacles/?zone={PHU_THANH}&on=2025-11-30").json()
    assert [(o["kind"], o["days_overdue"], o["is_synthetic"]) for o in body["results"]] == [
        ("power_connection", 30, True)
    ]
    not_yet = api(personas["national"]).get(f"/api/v1/obstacles/?zone={PHU_THANH}&overdue=true&on=2025-10-31").json()
    assert not_yet["count"] == 0


def test_a_bad_day_is_a_400_with_the_reason(personas):
    response = api(personas["national"]).get("/api/v1/obstacles/?on=2026-13-01")
    assert response.status_code == 400
    assert response.json() == {"on": ["Enter a valid date."]}


@pytest.mark.parametrize(
    ("persona", "count"),
    [(None, 9), ("national", 10), ("khanh_hoa", 9), ("phu_tho", 1), ("lang_son", 0), ("developer", 1)],
)
def test_each_persona_reads_the_obstacles_of_its_scope(personas, persona, count):
    assert api(personas.get(persona)).get("/api/v1/obstacles/").json()["count"] == count


def test_the_detail_has_the_follow_up_and_is_404_outside_the_scope(personas):
    obstacle = Obstacle.objects.get(zone__code=PHU_THANH)

    body = api(personas["phu_tho"]).get(f"/api/v1/obstacles/{obstacle.pk}/").json()

    assert [(u["recorded_on"], u["escalation_level"], u["decision"] is not None) for u in body["updates"]] == [
        ("2025-04-15", 0, False),
        ("2025-04-15", 1, True),
    ]
    assert api(personas["lang_son"]).get(f"/api/v1/obstacles/{obstacle.pk}/").status_code == 404
    assert api().get(f"/api/v1/obstacles/{obstacle.pk}/").status_code == 404


def _payload(**fields):
    return {
        "zone": DIEN_THO,
        "kind": "capital",
        "description": "Chủ đầu tư thiếu vốn",
        "agency": Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa").pk,
        "deadline": "2026-12-31",
        "opened_on": "2026-01-15",
        "source": "seed-003",
    } | fields


def test_the_officer_records_an_obstacle(personas):
    response = api(personas["khanh_hoa"]).post("/api/v1/obstacles/", _payload(), format="json")

    assert response.status_code == 201
    body = response.json()
    assert (body["zone"], body["kind"], body["deadline"], body["days_overdue"], body["is_published"]) == (
        DIEN_THO,
        "capital",
        "2026-12-31",
        0,
        False,
    )
    assert [u["note"] for u in body["updates"]] == ["Obstacle recorded."]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"agency": None}, {"agency": ["An obstacle needs a responsible agency: name who must remove it."]}),
        (
            {"deadline": "2025-12-31"},
            {"deadline": ["The deadline 2025-12-31 is before the obstacle was recorded (2026-01-15)."]},
        ),
        ({"source": "nowhere"}, {"source": ["No document has this code."]}),
        ({"agency": 999999}, {"agency": ["No agency has this id."]}),
        ({"kind": "weather"}, {"kind": ['"weather" is not a valid choice.']}),
    ],
)
def test_bad_obstacles_are_refused_with_the_reason_and_nothing_is_saved(personas, fields, expected):
    before = (Obstacle.objects.count(), ObstacleUpdate.objects.count())
    response = api(personas["khanh_hoa"]).post("/api/v1/obstacles/", _payload(**fields), format="json")
    assert response.status_code == 400
    assert response.json() == expected
    assert (Obstacle.objects.count(), ObstacleUpdate.objects.count()) == before


@pytest.mark.parametrize(
    ("persona", "status"), [(None, 401), ("national", 403), ("kh_board", 403), ("lang_son", 404), ("developer", 404)]
)
def test_others_may_not_record_obstacles(personas, persona, status):
    before = Obstacle.objects.count()
    response = api(personas.get(persona)).post("/api/v1/obstacles/", _payload(), format="json")
    assert response.status_code == status
    assert Obstacle.objects.count() == before


def test_meetings_with_decisions_are_for_officials_of_the_province(personas):
    meeting = SteeringMeeting.objects.get(province__code="25")

    body = api(personas["phu_tho"]).get(f"/api/v1/steering-meetings/{meeting.pk}/").json()

    assert (body["province"], body["held_on"], body["is_synthetic"]) == ("25", "2025-04-15", True)
    assert body["attendees"] == ["Sở Công Thương", "Ban Quản lý các khu công nghiệp", "Công ty Điện lực Hòa Bình"]
    [decision] = body["decisions"]
    assert decision["number"] == 1
    assert [(t["agency"], t["deadline"], t["status"]) for t in decision["tasks"]] == [
        ("Công ty Điện lực Hòa Bình", "2025-10-31", "open")
    ]
    assert [u["obstacle"] for u in decision["obstacle_updates"]] == [Obstacle.objects.get(zone__code=PHU_THANH).pk]
    assert api().get("/api/v1/steering-meetings/").json()["count"] == 0
    assert api(personas["lang_son"]).get(f"/api/v1/steering-meetings/{meeting.pk}/").status_code == 404
    assert api(personas["national"]).get("/api/v1/steering-meetings/?province=56").json()["count"] == 1


def test_query_counts_are_pinned(personas, django_assert_num_queries):
    client = api(personas["national"])
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning")
    meeting = SteeringMeeting.objects.get(province__code="56")
    with django_assert_num_queries(3):  # the grants (read once, then kept on the user), count, page
        client.get("/api/v1/obstacles/")
    with django_assert_num_queries(2):  # the obstacle with its agency, directive, source; its updates
        client.get(f"/api/v1/obstacles/{obstacle.pk}/")
    with django_assert_num_queries(2):  # count, page
        client.get("/api/v1/steering-meetings/")
    with django_assert_num_queries(5):  # the meeting, decisions, tasks, their agencies, obstacle updates
        client.get(f"/api/v1/steering-meetings/{meeting.pk}/")
