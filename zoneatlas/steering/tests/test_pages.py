"""The obstacle and steering pages: what each persona reads, the forms, refusals with reasons, query counts."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from zoneatlas.steering.models import Agency, Decision, FollowUpTask, Obstacle, ObstacleUpdate, SteeringMeeting
from zoneatlas.steering.tests.conftest import DIEN_THO, PHU_THANH, client_for


def text(response):
    page = response.content.decode()
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def test_the_khanh_hoa_officer_reads_the_nine_overdue_obstacles_with_counts_per_province_and_agency(personas):
    response = client_for(personas["khanh_hoa"]).get("/obstacles/?province=56")

    assert response.status_code == 200
    page = text(response)
    assert "9 obstacles" in page
    assert "Overdue per province Province Overdue Longest (days) Tỉnh Khánh Hòa 9 695" in page
    assert "Overdue per agency Agency Overdue Longest (days) Sở Công Thương tỉnh Khánh Hòa 9 695" in page
    assert (
        "Cụm công nghiệp Diên Thọ CCN-56-0001 · Khánh Hòa Site clearance Sở Công Thương tỉnh Khánh Hòa "
        "31/12/2024 695 Open" in page
    )
    assert "Trảng É 2" in page
    assert "Ninh Xuân" in page
    assert PHU_THANH not in page


def test_the_page_filters_by_agency_and_counts_on_the_day_asked(personas):
    agency = Agency.objects.get(name="Công ty Điện lực Hòa Bình")
    response = client_for(personas["national"]).get(f"/obstacles/?agency={agency.pk}&on=2025-11-30")

    page = text(response)
    assert response.status_code == 200
    assert "1 obstacles · Công ty Điện lực Hòa Bình" in page
    assert (
        "Cụm công nghiệp Phú Thành II CCN-25-0001 · Phú Thọ Power connection Công ty Điện lực Hòa Bình "
        "31/10/2025 30 Open" in page
    )
    assert "SYNTHETIC" in page.upper()


def test_the_public_reads_only_published_obstacles(personas):
    response = client_for().get("/obstacles/")

    page = text(response)
    assert "9 obstacles" in page
    assert PHU_THANH not in page
    assert client_for().get(f"/obstacles/{Obstacle.objects.get(zone__code=PHU_THANH).pk}/").status_code == 404


def test_another_province_officer_gets_404_and_an_empty_list(personas):
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning")
    lang_son = client_for(personas["lang_son"])

    assert lang_son.get(f"/obstacles/{obstacle.pk}/").status_code == 404
    assert "0 obstacles" in text(lang_son.get("/obstacles/"))


def test_a_bad_filter_is_a_400_with_the_reason(personas):
    response = client_for(personas["national"]).get("/obstacles/?on=yesterday")
    assert response.status_code == 400
    assert "on: Enter a valid date." in text(response)


def test_the_obstacle_page_shows_its_source_quote_and_follow_up(personas):
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="compensation_resettlement")

    page = text(client_for(personas["khanh_hoa"]).get(f"/obstacles/{obstacle.pk}/"))

    assert "Compensation and resettlement: Cụm công nghiệp Diên Thọ CCN-56-0001" in page
    assert "Days overdue 695 on 26/11/2026 (today − deadline; 0 when closed or not yet due)" in page
    assert (
        "Directive no number · 28/05/2024 · Ủy ban nhân dân tỉnh Khánh Hòa: Kế hoạch đẩy nhanh đầu tư hạ tầng kỹ thuật"
        in page
    )
    assert "“3 industrial clusters have been established but have not invested in technical infrastructure" in page
    assert "Speeding up infrastructure investment in industrial clusters" in page
    assert (
        "Trình phương án bồi thường, hỗ trợ tái định cư cụm công nghiệp Diên Thọ. synthetic "
        "Ủy ban nhân dân huyện Diên Khánh (trước 1/7/2025) 30/06/2025 Open"
    ) in page
    assert "Record a follow-up step" in page


@pytest.mark.parametrize(("persona", "status"), [("national", 200), ("kh_board", 200), ("khanh_hoa", 200)])
def test_only_the_doit_officer_may_record_follow_up_of_a_cluster(personas, persona, status):
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning")
    page = client_for(personas[persona]).get(f"/obstacles/{obstacle.pk}/")
    assert page.status_code == status
    assert ("Record a follow-up step" in text(page)) == (persona == "khanh_hoa")


def test_the_officer_records_a_follow_up_step(personas):
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning")

    response = client_for(personas["khanh_hoa"]).post(
        f"/obstacles/{obstacle.pk}/update/",
        {
            "on_date": "2025-08-01",
            "note": "Điều chỉnh quy hoạch đã trình",
            "status": "in_progress",
            "escalation_level": "2",
        },
    )

    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.escalation_level) == ("in_progress", 2)
    assert obstacle.updates.last().note == "Điều chỉnh quy hoạch đã trình"


@pytest.mark.parametrize(("persona", "status"), [("national", 403), ("kh_board", 403), ("lang_son", 404), (None, 302)])
def test_others_may_not_record_a_follow_up_step_and_nothing_changes(personas, persona, status):
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning")
    before = (ObstacleUpdate.objects.count(), Obstacle.history.count())

    response = client_for(personas.get(persona)).post(
        f"/obstacles/{obstacle.pk}/update/", {"on_date": "2025-08-01", "note": "x", "status": "resolved"}
    )

    assert response.status_code == status
    obstacle.refresh_from_db()
    assert (obstacle.status, ObstacleUpdate.objects.count(), Obstacle.history.count()) == ("open", *before)


def test_an_obstacle_without_an_agency_is_refused_on_the_form_and_nothing_is_saved(personas):
    before = (Obstacle.objects.count(), ObstacleUpdate.objects.count())
    dien_tho = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning").zone

    response = client_for(personas["khanh_hoa"]).post(
        "/obstacles/new/",
        {
            "zone": dien_tho.pk,
            "kind": "power_connection",
            "description": "Chưa có điện",
            "deadline": "2025-12-31",
            "opened_on": "2025-01-10",
            "escalation_level": "0",
            "source_document": dien_tho.lifecycle.first().document_id,
        },
    )

    assert response.status_code == 400
    assert "An obstacle needs a responsible agency: name who must remove it." in text(response)
    assert (Obstacle.objects.count(), ObstacleUpdate.objects.count()) == before


def test_the_officer_records_an_obstacle(personas):
    dien_tho = Obstacle.objects.get(zone__code=DIEN_THO, kind="planning").zone
    agency = Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa")

    response = client_for(personas["khanh_hoa"]).post(
        "/obstacles/new/",
        {
            "zone": dien_tho.pk,
            "kind": "power_connection",
            "description": "Chưa có điện",
            "agency": agency.pk,
            "deadline": "2025-12-31",
            "opened_on": "2025-01-10",
            "escalation_level": "0",
            "source_document": dien_tho.lifecycle.first().document_id,
        },
    )

    created = Obstacle.objects.get(kind="power_connection", zone=dien_tho)
    assert response.status_code == 302
    assert response["Location"] == f"/obstacles/{created.pk}/"
    assert (created.agency, created.deadline, created.updates.count()) == (agency, dt.date(2025, 12, 31), 1)


def test_a_zone_outside_the_officers_scope_is_not_a_choice(personas):
    phu_thanh = Obstacle.objects.get(zone__code=PHU_THANH).zone
    before = Obstacle.objects.count()

    response = client_for(personas["khanh_hoa"]).post(
        "/obstacles/new/", {"zone": phu_thanh.pk, "kind": "capital", "description": "x", "opened_on": "2025-01-01"}
    )

    assert response.status_code == 400
    assert "Select a valid choice. That choice is not one of the available choices." in text(response)
    assert Obstacle.objects.count() == before


def test_the_meeting_page_lists_its_decisions_for_officials_only(personas):
    meeting = SteeringMeeting.objects.get(province__code="56")

    page = text(client_for(personas["khanh_hoa"]).get(f"/steering/meetings/{meeting.pk}/"))

    assert "Hội nghị đối thoại doanh nghiệp cụm công nghiệp tỉnh Khánh Hòa 20/03/2025 SYNTHETIC" in page.upper() or (
        "Hội nghị đối thoại doanh nghiệp cụm công nghiệp tỉnh Khánh Hòa 20/03/2025 synthetic" in page
    )
    assert "1. Giao UBND huyện Diên Khánh hoàn thành phương án bồi thường" in page
    assert "Task: Trình phương án bồi thường, hỗ trợ tái định cư cụm công nghiệp Diên Thọ." in page
    assert "Attendees Sở Công Thương tỉnh Khánh Hòa; Ủy ban nhân dân huyện Diên Khánh;" in page
    assert client_for().get(f"/steering/meetings/{meeting.pk}/").status_code == 404
    assert client_for(personas["phu_tho"]).get(f"/steering/meetings/{meeting.pk}/").status_code == 404
    assert client_for(personas["national"]).get(f"/steering/meetings/{meeting.pk}/").status_code == 200


def test_a_decision_recorded_with_htmx_comes_back_as_the_decisions_fragment(personas):
    meeting = SteeringMeeting.objects.get(province__code="56")
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="site_clearance")
    agency = Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa")

    response = client_for(personas["khanh_hoa"]).post(
        f"/steering/meetings/{meeting.pk}/decisions/",
        {
            "text": "Nâng mức xử lý lên UBND tỉnh",
            "obstacle": obstacle.pk,
            "status": "in_progress",
            "escalation_level": "2",
            "task": "Báo cáo UBND tỉnh",
            "task_agency": agency.pk,
            "task_deadline": "2025-04-15",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="decisions"')
    assert "3. Nâng mức xử lý lên UBND tỉnh" in text(response)
    obstacle.refresh_from_db()
    assert (obstacle.status, obstacle.escalation_level) == ("in_progress", 2)
    assert FollowUpTask.objects.get(description="Báo cáo UBND tỉnh").deadline == dt.date(2025, 4, 15)


def test_a_task_without_an_agency_refuses_the_decision_and_nothing_is_saved(personas):
    meeting = SteeringMeeting.objects.get(province__code="56")
    before = (Decision.objects.count(), FollowUpTask.objects.count())

    response = client_for(personas["khanh_hoa"]).post(
        f"/steering/meetings/{meeting.pk}/decisions/", {"text": "x", "task": "Làm gì đó", "task_deadline": "2025-05-01"}
    )

    assert response.status_code == 400
    assert "A task needs an agency to do it." in text(response)
    assert (Decision.objects.count(), FollowUpTask.objects.count()) == before


@pytest.mark.parametrize(("persona", "status"), [("national", 403), ("phu_tho", 404), (None, 404)])
def test_only_the_provinces_officers_record_decisions(personas, persona, status):
    meeting = SteeringMeeting.objects.get(province__code="56")
    before = Decision.objects.count()
    response = client_for(personas.get(persona)).post(f"/steering/meetings/{meeting.pk}/decisions/", {"text": "x"})
    assert response.status_code == status
    assert Decision.objects.count() == before


def test_the_officer_records_a_meeting(personas):
    response = client_for(personas["phu_tho"]).post(
        "/steering/meetings/new/",
        {
            "body": "Ban chỉ đạo",
            "held_on": "2026-10-01",
            "province": personas["phu_tho"].grants.get().province_id,
            "attendees": "Sở Công Thương\nBan Quản lý",
            "minutes": "Họp quý III",
        },
    )
    meeting = SteeringMeeting.objects.get(held_on=dt.date(2026, 10, 1))
    assert response.status_code == 302
    assert (meeting.province.code, meeting.attendee_list) == ("25", ["Sở Công Thương", "Ban Quản lý"])


def test_a_meeting_in_another_province_is_refused(personas):
    before = SteeringMeeting.objects.count()
    response = client_for(personas["phu_tho"]).post(
        "/steering/meetings/new/",
        {
            "body": "x",
            "held_on": "2026-10-01",
            "province": Agency.objects.get(name="Sở Công Thương tỉnh Khánh Hòa").province_id,
        },
    )
    assert response.status_code == 400
    assert SteeringMeeting.objects.count() == before
    assert client_for(personas["developer"]).get("/steering/meetings/new/").status_code == 403


def test_the_meeting_list_tells_the_public_minutes_are_internal(personas):
    page = text(client_for().get("/steering/meetings/"))
    assert "Minutes of steering meetings are internal" in page
    assert "No meeting you may read." in page
    officer = text(client_for(personas["phu_tho"]).get("/steering/meetings/"))
    assert "Ban chỉ đạo phát triển hạ tầng khu, cụm công nghiệp tỉnh Hòa Bình" in officer
    assert "Khánh Hòa" not in officer


def test_the_pages_speak_vietnamese(personas):
    from django.test import Client

    client = Client(headers={"accept-language": "vi"})
    client.force_login(personas["khanh_hoa"])
    response = client.get("/obstacles/?province=56")
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


def test_query_counts_are_pinned(personas, django_assert_num_queries):
    client = client_for(personas["khanh_hoa"])
    obstacle = Obstacle.objects.get(zone__code=DIEN_THO, kind="compensation_resettlement")
    meeting = SteeringMeeting.objects.get(province__code="56")
    client.get("/obstacles/")
    with django_assert_num_queries(
        4
    ):  # session, user, grants, the obstacles with their zone, agency, directive, source
        client.get("/obstacles/?province=56")
    with django_assert_num_queries(7):  # + the obstacle, its updates, its tasks, the decision-form's agencies
        client.get(f"/obstacles/{obstacle.pk}/")
    with django_assert_num_queries(9):  # + meeting, decisions, tasks, updates, the form's obstacles and agencies
        client.get(f"/steering/meetings/{meeting.pk}/")
    with django_assert_num_queries(6):
        client.get("/steering/meetings/")
