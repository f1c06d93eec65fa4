"""The reporting pages: what is due for me, the web form (pre-filled, draft, check, submit), the review decisions
and queue, and the calendar. Refused requests are checked to have changed nothing; query counts are pinned.

Time is frozen (``django.utils.timezone.now``): on 18 June 2026 form 02 of 2026-H1 is due in two days; on
26 November 2026 every 2026-H1 report not filed is overdue.
"""

import datetime as dt
import html as markup
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from zoneatlas.reporting import services
from zoneatlas.reporting.expected import expect
from zoneatlas.reporting.models import ExpectedReport, Submission, SubmissionEvent
from zoneatlas.reporting.tests.conftest import FORM_02, PHU_THANH

VN = ZoneInfo("Asia/Ho_Chi_Minh")
JUNE_18 = dt.datetime(2026, 6, 18, 10, 0, tzinfo=VN)
JUNE_21 = dt.datetime(2026, 6, 21, 9, 0, tzinfo=VN)
NOVEMBER_26 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=VN)
MINE = "/reporting/"
QUEUE = "/reporting/review/"


@pytest.fixture
def at(monkeypatch):
    """Freeze the time at the moment given."""

    def freeze(moment):
        monkeypatch.setattr("django.utils.timezone.now", lambda: moment)

    freeze(JUNE_18)
    return freeze


def client_for(user=None, language="en"):
    client = Client(headers={"accept-language": language})
    if user is not None:
        client.force_login(user)
    return client


def page(report):
    return f"/reporting/reports/{report.pk}/"


def review(report):
    return f"/reporting/reports/{report.pk}/review/"


def posted(values, **extra):
    """What the web form posts: every indicator (booleans as 1/0, empty when not given), and the action."""
    data = {code: ("1" if value else "0") if isinstance(value, bool) else str(value) for code, value in values.items()}
    return {**data, **extra}


def state():
    """Everything a refused request must leave as it was."""
    return (
        list(Submission.objects.order_by("pk").values_list("status", "values", "explanations", "is_late")),
        Submission.history.count(),
        SubmissionEvent.objects.count(),
    )


def rows(html, table_class):
    """The text of each row of a table, cells joined by " | ", tags and spacing collapsed."""
    table = re.search(rf'<table class="data {table_class}"[^>]*>(.*?)</table>', html, re.S)
    assert table is not None, table_class
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(1), re.S)
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1) if body else "", re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        found.append(" | ".join(" ".join(markup.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells))
    return found


# What is due for me -----------------------------------------------------------------------------------------------


def test_the_developer_sees_its_one_report_due_in_two_days(personas, at, django_assert_num_queries):
    developer = client_for(personas["developer"])
    # Session, user, grants, the reports with their form, subject and submission.
    with django_assert_num_queries(4):
        response = developer.get(MINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Period 2026-H1 (15 Dec 2025 – 14 Jun 2026)" in html
    assert rows(html, "reports") == [
        "CCN-02 | Cụm công nghiệp Phú Thành II (CCN-25-0001) | Phú Thọ | 20 Jun 2026 2 d left | Not started"
    ]
    assert "Still to file or correct: 1." in html


def test_an_unfiled_report_is_overdue_after_its_due_day(personas, at):
    at(NOVEMBER_26)
    html = client_for(personas["developer"]).get(MINE).content.decode()
    assert rows(html, "reports") == [
        "CCN-02 | Cụm công nghiệp Phú Thành II (CCN-25-0001) | Phú Thọ | 20 Jun 2026 159 d past due "
        "| Not started overdue"
    ]


def test_the_doit_officer_files_the_clusters_communes_and_provinces_reports_of_phu_tho(personas, at):
    html = client_for(personas["phu_tho"]).get(MINE).content.decode()
    assert [row.split(" | ")[0] for row in rows(html, "reports")] == [
        "CCN-02",
        "CCN-02",
        "CCN-02",
        "CCN-02",
        "CCN-03",
        "CCN-04",
    ]
    assert "Xã Thịnh Minh" in html
    assert "Tỉnh Phú Thọ" in html
    assert "Reports waiting for your review" in html


def test_who_files_nothing_is_told_so_and_a_visitor_is_asked_to_log_in(personas, at):
    html = client_for(personas["national"]).get(MINE).content.decode()
    assert "No report is expected of you." in html
    assert "Reports waiting for your review" in html  # the ministry reviews form 04
    response = client_for().get(MINE)
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/reporting/")


def test_my_reports_in_vietnamese(personas, at):
    html = client_for(personas["developer"], "vi").get(MINE).content.decode()
    assert '<html lang="vi">' in html
    assert "2026-H1 (15/12/2025 – 14/06/2026)" in html
    assert '<time datetime="2026-06-20">20/06/2026</time>' in html
    assert 'data-status="not_started">Chưa triển khai</span>' in html


# The web form -----------------------------------------------------------------------------------------------------


@pytest.fixture
def last_half_year(personas, form_02):
    """Phú Thành II's form 02 of 2025-H1, filed and approved a year before."""
    expect("2025-H1", ["CCN-02"])
    before = ExpectedReport.objects.get(form__code="CCN-02", period_label="2025-H1", zone__code=PHU_THANH)
    values = {**FORM_02, "leased_land_ha": "30.5", "occupancy_pct": "76.25", "workers": 1610}
    services.submit(before, user=personas["developer"], values=values, now=dt.datetime(2025, 6, 18, tzinfo=VN))
    services.approve(before, user=personas["phu_tho"])
    return before


def test_the_form_is_pre_filled_with_last_periods_approved_values(
    personas, form_02, last_half_year, at, django_assert_num_queries
):
    developer = client_for(personas["developer"], "vi")
    # Session, user, grants, the report; indicators, rules; the previous approved report.
    with django_assert_num_queries(7):
        response = developer.get(page(form_02))
    html = response.content.decode()
    assert '<p class="note prefilled" role="note">' in html
    assert 'name="leased_land_ha" value="30,5"' in html  # Vietnamese writing
    assert 'name="workers" value="1610"' in html
    assert '<label for="id_leased_land_ha">Diện tích đất công nghiệp đã cho thuê</label>' in html
    assert re.search(r'<select name="wwtp_built" id="id_wwtp_built">.*?<option value="0" selected>', html, re.S)
    # Units and explanations of the indicators, in the page's language.
    english = client_for(personas["developer"]).get(page(form_02)).content.decode()
    assert "Pre-filled with your approved values of 2025-H1: correct what changed." in english
    assert 'name="leased_land_ha" value="30.5"' in english
    assert "The occupancy denominator (Decree 32/2024 Art. 2.7)" in english
    assert "<td>bn VND</td>" in english
    assert Submission.objects.filter(expected=form_02).count() == 0  # reading changes nothing


def test_save_a_draft_written_the_vietnamese_way(personas, form_02, at):
    developer = client_for(personas["developer"], "vi")
    values = {**FORM_02, "leased_land_ha": "34,75", "workers": "1.830", "revenue_bn_vnd": "1.250,5"}
    response = developer.post(page(form_02), posted(values, action="save"))
    assert (response.status_code, response["Location"]) == (302, page(form_02))
    submission = Submission.objects.get(expected=form_02)
    assert submission.status == "draft"
    assert (submission.values["leased_land_ha"], submission.values["workers"]) == ("34.75", 1830)
    assert submission.values["revenue_bn_vnd"] == "1250.5"
    html = developer.get(page(form_02)).content.decode()
    assert '<p class="message success">' in html
    assert 'name="leased_land_ha" value="34,75"' in html
    assert rows(html, "events") == ["18/06/2026 10:00 | developer | Đã lưu bản nháp | "]


def test_a_wrong_value_is_refused_next_to_its_indicator_and_nothing_is_saved(personas, form_02, at):
    developer = client_for(personas["developer"])
    response = developer.post(page(form_02), posted({**FORM_02, "workers": "1.5"}, action="save"))
    assert response.status_code == 400
    assert '<span class="error" id="id_workers_error">a whole number is expected</span>' in response.content.decode()
    assert state() == ([], 0, 0)


def test_check_shows_the_findings_and_changes_nothing(personas, form_02, at):
    developer = client_for(personas["developer"])
    response = developer.post(page(form_02), posted({**FORM_02, "leased_land_ha": "39"}, action="check"))
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r'<li class="finding (\w+)" data-rule="([\w-]+)">', html) == [
        ("error", "CCN02-LEASED-LE-READY"),
        ("warning", "CCN02-OCCUPANCY-PARTS"),
    ]
    assert "Leased land exceeds the industrial land ready for lease." in html
    assert 'name="leased_land_ha" value="39"' in html  # what was typed stays in the form
    assert state() == ([], 0, 0)


def test_an_error_blocks_submission_and_changes_nothing(personas, form_02, at):
    developer = client_for(personas["developer"])
    developer.post(page(form_02), posted(FORM_02, action="save"))
    before = state()
    response = developer.post(page(form_02), posted({**FORM_02, "leased_land_ha": "39"}, action="submit"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The report has errors; it was not submitted." in html
    assert 'data-rule="CCN02-LEASED-LE-READY"' in html
    assert state() == before


def test_a_warning_needs_an_explanation_then_the_report_is_submitted_on_time(personas, form_02, at):
    developer = client_for(personas["developer"])
    values = {**FORM_02, "infra_capital_disbursed_bn_vnd": "360"}  # more than the 350 approved
    response = developer.post(page(form_02), posted(values, action="submit"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Explain each warning (by its rule code) to submit the report." in html
    assert 'class="form-field unexplained" data-rule="CCN02-DISBURSED-LE-APPROVED"' in html
    assert 'name="explain__CCN02-DISBURSED-LE-APPROVED"' in html
    assert state() == ([], 0, 0)

    explanation = "Adjusted investment approved on 2 May 2026."
    response = developer.post(
        page(form_02), posted(values, action="submit", **{"explain__CCN02-DISBURSED-LE-APPROVED": explanation})
    )
    assert (response.status_code, response["Location"]) == (302, page(form_02))
    submission = Submission.objects.get(expected=form_02)
    assert (submission.status, submission.is_late, submission.first_submitted_at) == ("submitted", False, JUNE_18)
    assert submission.explanations == {"CCN02-DISBURSED-LE-APPROVED": explanation}
    html = developer.get(page(form_02)).content.decode()
    assert "The report is submitted to the reviewer." in html
    assert f"Explanation: {explanation}" in html
    assert 'name="action" value="submit"' not in html  # with the reviewer: read-only for the developer
    assert (
        'name="leased_land_ha" value="34.75" inputmode="decimal" size="14" autocomplete="off" maxlength="40" disabled'
        in html
    )


def test_a_late_submission_is_accepted_and_marked_late(personas, form_02, at):
    at(JUNE_21)
    response = client_for(personas["developer"]).post(page(form_02), posted(FORM_02, action="submit"), follow=True)
    html = response.content.decode()
    assert "The report is submitted, after its due day: it is marked late." in html
    assert '<span class="badge late"' in html
    assert Submission.objects.get(expected=form_02).is_late is True


# Review -----------------------------------------------------------------------------------------------------------


def test_return_fix_resubmit_approve_locked_then_reopened(personas, form_02, at, django_assert_num_queries):
    developer, officer = client_for(personas["developer"]), client_for(personas["phu_tho"])
    developer.post(page(form_02), posted(FORM_02, action="submit"))

    # Returning needs a comment: refused without one, nothing changed.
    before = state()
    response = officer.post(review(form_02), {"action": "return", "comment": "  "})
    assert response.status_code == 400
    assert "Say what must be corrected: a comment is required to return a report." in response.content.decode()
    assert state() == before

    response = officer.post(review(form_02), {"action": "return", "comment": "The registry lists 2 FDI projects."})
    assert (response.status_code, response["Location"]) == (302, page(form_02))
    html = developer.get(page(form_02)).content.decode()
    assert '<span id="review-comment">The registry lists 2 FDI projects.</span>' in html
    assert 'name="action" value="submit">Resubmit</button>' in html

    developer.post(page(form_02), posted({**FORM_02, "tenant_projects_fdi": 2}, action="submit"))
    assert Submission.objects.get(expected=form_02).status == "submitted"
    officer.post(review(form_02), {"action": "approve", "comment": ""})
    submission = Submission.objects.get(expected=form_02)
    assert (submission.status, submission.approved_by, submission.values["tenant_projects_fdi"]) == (
        "approved",
        personas["phu_tho"],
        2,
    )

    # Approved is locked: the developer's page is read-only, and a forced save is refused (409), changing nothing.
    # Session, user, grants, the report; indicators, rules; events; history; and the session again, as the
    # message of the developer's last submission is shown (and so consumed).
    with django_assert_num_queries(9):
        html = developer.get(page(form_02)).content.decode()
    assert "Approved and locked." in html
    assert 'name="action"' not in html
    before = state()
    response = developer.post(page(form_02), posted(FORM_02, action="save"))
    assert response.status_code == 409
    assert "The report is approved and locked" in response.content.decode()
    assert state() == before

    # Reopening needs a reason; with one, the report goes back to its reporter.
    assert officer.post(review(form_02), {"action": "reopen", "comment": ""}).status_code == 400
    assert state() == before
    officer.post(review(form_02), {"action": "reopen", "comment": "The statistics office found a revenue error."})
    assert Submission.objects.get(expected=form_02).status == "returned"
    html = officer.get(page(form_02)).content.decode()
    assert [row.split(" | ")[1:] for row in rows(html, "events")] == [
        ["developer", "Submitted", ""],
        ["phutho", "Returned with a comment", "The registry lists 2 FDI projects."],
        ["developer", "Resubmitted", ""],
        ["phutho", "Approved", ""],
        ["phutho", "Reopened", "The statistics office found a revenue error."],
    ]
    assert rows(html, "history")[2].endswith("| Resubmitted → Submitted | of which FDI : 3 → 2")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("developer", 403), ("national", 403), ("ip_board", 403), ("commune", 403), ("lang_son", 404)],
)
def test_only_the_provinces_doit_decides_on_form_02(personas, form_02, at, persona, status):
    client_for(personas["developer"]).post(page(form_02), posted(FORM_02, action="submit"))
    before = state()
    for action in ("approve", "return"):
        response = client_for(personas[persona]).post(review(form_02), {"action": action, "comment": "Check it."})
        assert response.status_code == status, action
    assert state() == before


@pytest.mark.parametrize(
    ("persona", "status"), [("national", 403), ("ip_board", 403), ("commune", 403), ("lang_son", 404)]
)
def test_only_its_reporters_file_form_02(personas, form_02, at, persona, status):
    for action in ("save", "check", "submit"):
        response = client_for(personas[persona]).post(page(form_02), posted(FORM_02, action=action))
        assert response.status_code == status, action
    assert state() == ([], 0, 0)


def test_an_anonymous_post_is_sent_to_log_in_and_changes_nothing(personas, form_02, at):
    response = client_for().post(page(form_02), posted(FORM_02, action="submit"))
    assert response.status_code == 302
    assert client_for().post(review(form_02), {"action": "approve"}).status_code == 302
    assert state() == ([], 0, 0)


def test_the_review_queue(personas, form_02, at, django_assert_num_queries):
    client_for(personas["developer"]).post(page(form_02), posted(FORM_02, action="submit"))
    officer = client_for(personas["phu_tho"])
    # Session, user, grants, the submitted reports, the returned reports.
    with django_assert_num_queries(5):
        html = officer.get(QUEUE).content.decode()
    assert rows(html, "queue") == [
        "CCN-02 | 2026-H1 | Cụm công nghiệp Phú Thành II (CCN-25-0001) | Phú Thọ | 18 Jun 2026 | 0"
    ]
    assert "No report is waiting for you." in client_for(personas["lang_son"]).get(QUEUE).content.decode()
    assert "No report is waiting for you." in client_for(personas["national"]).get(QUEUE).content.decode()
    refused = client_for(personas["developer"]).get(QUEUE)
    assert refused.status_code == 403
    assert client_for().get(QUEUE).status_code == 302


def test_the_ministry_reviews_form_04(personas, at):
    form_04 = ExpectedReport.objects.get(form__code="CCN-04", period_label="2026-H1", province__code="25")
    services.save_draft(form_04, {"clusters_in_plan": 4}, user=personas["phu_tho"])
    html = client_for(personas["national"]).get(page(form_04)).content.decode()
    assert "Nothing to decide: the report is not submitted." in html
    assert 'name="clusters_in_plan" value="4"' in html
    assert "disabled" in html


# The calendar -----------------------------------------------------------------------------------------------------


def test_the_calendar_is_public(db, demo, at, django_assert_num_queries):
    visitor = client_for()
    with django_assert_num_queries(1):  # the forms
        response = visitor.get("/reporting/calendar/?year=2026&period_type=half_year")
    assert response.status_code == 200
    cells = [row.split(" | ") for row in rows(response.content.decode(), "deadlines")]
    assert [
        (due, form.split(" Report")[0].split(" Summary")[0], period, covers) for due, form, period, covers, *_ in cells
    ] == [
        ("20 Jun 2026", "CCN-01 v1", "2026-H1", "15 Dec 2025 – 14 Jun 2026"),
        ("20 Jun 2026", "CCN-02 v1", "2026-H1", "15 Dec 2025 – 14 Jun 2026"),
        ("25 Jun 2026", "CCN-03 v1", "2026-H1", "15 Dec 2025 – 14 Jun 2026"),
        ("30 Jun 2026", "CCN-04 v1", "2026-H1", "15 Dec 2025 – 14 Jun 2026"),
    ]
    assert cells[1][1] == "CCN-02 v1 Report of a cluster's infrastructure developer (form 02)"
    assert cells[1][4] == "Infrastructure developer of the zone"
    assert cells[3][5] == "The ministry (national officers) Thông tư 14/2024/TT-BCT, Điều 5, Mẫu số 04 [law]"
    whole_year = visitor.get("/reporting/calendar/?year=2026").content.decode()
    assert len(re.findall(r"<tr class=", whole_year)) == 13
    assert visitor.get("/reporting/calendar/?year=banana").status_code == 400
    # Without a year, this year's (the time is frozen in 2026).
    assert (
        "<h1>Reporting calendar 2026</h1>" in visitor.get("/reporting/calendar/?period_type=half_year").content.decode()
    )
