"""Obstacles as the domain sees them: overdue on a day, refused when incomplete, followed up with a log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from zoneatlas.accounts.tests.conftest import province
from zoneatlas.sources.models import Document
from zoneatlas.steering.models import (
    Agency,
    Decision,
    Directive,
    FollowUpTask,
    Obstacle,
    ObstacleUpdate,
    SteeringMeeting,
)
from zoneatlas.steering.services import overdue_obstacles, record_decision, record_obstacle, update_obstacle
from zoneatlas.steering.tests.conftest import DIEN_THO, NINH_XUAN, PHU_THANH, TODAY, TRANG_E_2
from zoneatlas.zones.models import Zone

SEED_DEADLINE_QUOTE = (
    "striving to basically complete site clearance and deploy construction investment for these industrial "
    "clusters by the end of 2024"
)


def state() -> tuple[int, int, int, int]:
    return (
        Obstacle.objects.count(),
        Obstacle.history.count(),
        ObstacleUpdate.objects.count(),
        Decision.objects.count(),
    )


def test_the_overdue_obstacles_of_khanh_hoa_are_the_nine_the_seed_states(demo):
    obstacles = overdue_obstacles(province("56"), TODAY)

    assert [(o.zone.code, o.kind, o.days_overdue_on) for o in obstacles] == [
        (DIEN_THO, "site_clearance", 695),
        (DIEN_THO, "compensation_resettlement", 695),
        (DIEN_THO, "planning", 695),
        (TRANG_E_2, "site_clearance", 695),
        (TRANG_E_2, "compensation_resettlement", 695),
        (TRANG_E_2, "planning", 695),
        (NINH_XUAN, "site_clearance", 695),
        (NINH_XUAN, "compensation_resettlement", 695),
        (NINH_XUAN, "planning", 695),
    ]
    first = obstacles[0]
    assert first.deadline == dt.date(2024, 12, 31)
    assert first.agency.name == "Sở Công Thương tỉnh Khánh Hòa"
    assert first.source_document.code == "seed-003"
    assert first.quote == SEED_DEADLINE_QUOTE
    assert first.source_document.contains(first.quote)
    assert not first.is_synthetic
    assert first.is_published


def test_the_longest_overdue_comes_first_and_closed_or_due_ones_are_left_out(demo):
    zone = Zone.objects.get(code=DIEN_THO)
    agency = Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa")
    document = Document.objects.get(code="seed-003")
    older = record_obstacle(
        Obstacle(
            zone=zone,
            kind="capital",
            description="Older",
            agency=agency,
            deadline=dt.date(2024, 6, 30),
            opened_on=dt.date(2024, 5, 28),
            source_document=document,
        )
    )
    record_obstacle(
        Obstacle(
            zone=zone,
            kind="other",
            description="Not yet due",
            agency=agency,
            deadline=TODAY,
            opened_on=dt.date(2024, 5, 28),
            source_document=document,
        )
    )
    closed = Obstacle.objects.get(zone=zone, kind="planning")
    update_obstacle(closed, on_date=dt.date(2025, 2, 1), note="Plan adjusted", status="resolved")

    obstacles = overdue_obstacles(province("56"), TODAY)

    assert obstacles[0] == older
    assert obstacles[0].days_overdue_on == 879
    assert [o.days_overdue_on for o in obstacles[1:]] == [695] * 8
    assert closed not in obstacles
    assert "Not yet due" not in [o.description for o in obstacles]


def test_phu_tho_has_the_synthetic_power_connection_only(demo):
    [obstacle] = overdue_obstacles(province("25"), TODAY)

    assert (obstacle.zone.code, obstacle.kind, obstacle.days_overdue_on) == (PHU_THANH, "power_connection", 391)
    assert obstacle.is_synthetic
    assert not obstacle.is_published
    assert obstacle.escalation_level == 1  # raised by the synthetic meeting's decision


def _new(**fields):
    defaults = {
        "zone": Zone.objects.get(code=DIEN_THO),
        "kind": "capital",
        "description": "Thiếu vốn",
        "agency": Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa"),
        "deadline": dt.date(2025, 12, 31),
        "opened_on": dt.date(2024, 6, 1),
        "source_document": Document.objects.get(code="seed-003"),
    }
    return Obstacle(**(defaults | fields))


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"agency": None}, "agency", "An obstacle needs a responsible agency: name who must remove it."),
        (
            {"deadline": dt.date(2024, 5, 1), "directive": "plan"},
            "deadline",
            "The deadline 2024-05-01 is before the directive that set it (Kế hoạch đẩy nhanh đầu tư hạ tầng kỹ thuật, "
            "thu hút đầu tư thứ cấp vào các cụm công nghiệp, 2024-05-28).",
        ),
        (
            {"deadline": dt.date(2024, 5, 1)},
            "deadline",
            "The deadline 2024-05-01 is before the obstacle was recorded (2024-06-01).",
        ),
        ({"status": "resolved"}, "closed_on", "A resolved or dropped obstacle says on which day."),
        ({"quote": "nineteen clusters"}, "quote", "The quote is not in the text of the source document."),
        (
            {"agency": "phu_tho"},
            "agency",
            "The agency Sở Công Thương tỉnh Phú Thọ belongs to another province than the zone.",
        ),
    ],
)
def test_bad_obstacles_are_refused_with_the_reason_and_nothing_is_saved(demo, fields, field, message):
    if fields.get("directive") == "plan":
        fields["directive"] = Directive.objects.get(issued_on=dt.date(2024, 5, 28))
    if fields.get("agency") == "phu_tho":
        fields["agency"] = Agency.objects.get(name="Sở Công Thương tỉnh Phú Thọ")
    before = state()

    with pytest.raises(ValidationError) as refused:
        record_obstacle(_new(**fields))

    assert refused.value.message_dict[field] == [message]
    assert state() == before


def test_an_update_is_logged_with_its_reason_and_kept_in_the_history(demo, personas):
    obstacle = Obstacle.objects.get(zone__code=TRANG_E_2, kind="site_clearance")
    history = obstacle.history.count()

    update = update_obstacle(
        obstacle,
        on_date=dt.date(2025, 3, 1),
        note="Escalated to the Provincial People's Committee",
        user=personas["khanh_hoa"],
        status="in_progress",
        escalation_level=2,
        deadline=dt.date(2025, 12, 31),
    )

    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.escalation_level, obstacle.deadline) == ("in_progress", 2, dt.date(2025, 12, 31))
    assert obstacle.days_overdue(TODAY) == 330
    assert (update.recorded_on, update.status, update.escalation_level, update.recorded_by) == (
        dt.date(2025, 3, 1),
        "in_progress",
        2,
        personas["khanh_hoa"],
    )
    assert obstacle.history.count() == history + 1
    assert obstacle.history.first().history_change_reason == "Escalated to the Provincial People's Committee"
    assert [u.note for u in obstacle.updates.all()] == [
        SEED_DEADLINE_QUOTE,
        "Escalated to the Provincial People's Committee",
    ]


def test_closing_sets_the_day_and_reopening_clears_it(demo):
    obstacle = Obstacle.objects.get(zone__code=NINH_XUAN, kind="planning")
    update_obstacle(
        obstacle, on_date=dt.date(2025, 5, 5), note="Dropped: merged into the plan review", status="dropped"
    )
    obstacle.refresh_from_db()
    assert (obstacle.closed_on, obstacle.days_overdue(TODAY)) == (dt.date(2025, 5, 5), 0)

    update_obstacle(obstacle, on_date=dt.date(2025, 6, 1), note="Reopened", status="open")
    obstacle.refresh_from_db()
    assert (obstacle.closed_on, obstacle.days_overdue(TODAY)) == (None, 695)


def test_an_update_without_a_note_or_dated_before_the_obstacle_changes_nothing(demo):
    obstacle = Obstacle.objects.get(zone__code=NINH_XUAN, kind="planning")
    before = state()

    with pytest.raises(ValidationError) as no_note:
        update_obstacle(obstacle, on_date=dt.date(2025, 1, 1), note=" ", status="resolved")
    with pytest.raises(ValidationError) as too_early:
        update_obstacle(obstacle, on_date=dt.date(2024, 1, 1), note="x", status="resolved")

    assert no_note.value.message_dict == {"note": ["Say what was done or decided."]}
    assert too_early.value.message_dict == {"on_date": ["The update is dated before the obstacle was recorded."]}
    obstacle.refresh_from_db()
    assert (obstacle.status, state()) == ("open", before)


def test_a_decision_updates_obstacles_and_assigns_tasks(demo, personas):
    meeting = SteeringMeeting.objects.get(province__code="56")
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="site_clearance")
    agency = Agency.objects.get(name__startswith="Ủy ban nhân dân huyện Diên Khánh")

    decision = record_decision(
        meeting,
        text="Nâng mức xử lý lên UBND tỉnh",
        user=personas["khanh_hoa"],
        obstacle_changes=[{"obstacle": obstacle, "note": "Nâng mức", "status": "in_progress", "escalation_level": 2}],
        tasks=[{"agency": agency, "description": "Họp dân", "deadline": dt.date(2025, 4, 30), "obstacle": obstacle}],
    )

    assert decision.number == 3  # after the two of the demo
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.escalation_level) == ("in_progress", 2)
    assert [(u.decision, u.recorded_on) for u in obstacle.updates.filter(decision__isnull=False)] == [
        (decision, dt.date(2025, 3, 20))
    ]
    task = FollowUpTask.objects.get(decision=decision)
    assert (task.agency, task.deadline, task.obstacle, task.days_overdue(TODAY)) == (
        agency,
        dt.date(2025, 4, 30),
        obstacle,
        575,
    )


def test_a_refused_part_of_a_decision_undoes_the_whole_decision(demo):
    meeting = SteeringMeeting.objects.get(province__code="56")
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="site_clearance")
    agency = Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa")
    other_province = Obstacle.objects.get(zone__code=PHU_THANH)
    before = (*state(), FollowUpTask.objects.count())

    with pytest.raises(ValidationError) as late_task:
        record_decision(
            meeting,
            text="A",
            obstacle_changes=[{"obstacle": obstacle, "note": "x", "status": "in_progress"}],
            tasks=[{"agency": agency, "description": "x", "deadline": dt.date(2025, 1, 1)}],
        )
    with pytest.raises(ValidationError) as elsewhere:
        record_decision(meeting, text="B", obstacle_changes=[{"obstacle": other_province, "note": "x"}])

    assert late_task.value.message_dict == {
        "deadline": ["The deadline is before the meeting that set it (2025-03-20)."]
    }
    assert elsewhere.value.message_dict == {
        "obstacle": ["Cụm công nghiệp Phú Thành II: Power connection is in another province than the meeting."]
    }
    obstacle.refresh_from_db()
    assert (obstacle.status, (*state(), FollowUpTask.objects.count())) == ("open", before)


def test_the_demo_loads_twice_without_adding_anything(demo):
    from zoneatlas.steering.demo import load_steering_demo

    before = (state(), FollowUpTask.objects.count(), SteeringMeeting.objects.count(), Agency.objects.count())

    assert load_steering_demo() == {"agencies": 5, "obstacles": 10, "meetings": 2}
    assert (state(), FollowUpTask.objects.count(), SteeringMeeting.objects.count(), Agency.objects.count()) == before
    assert before == ((10, 11, 11, 3), 3, 2, 5)  # 10 obstacles created, one escalated by its decision
    synthetic = Obstacle.objects.filter(source_document__is_synthetic=True)
    assert [o.zone.code for o in synthetic] == [PHU_THANH]
    assert all(m.is_synthetic for m in SteeringMeeting.objects.all())
