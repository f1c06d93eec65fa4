"""The reporting API, and the issue's "done when" flow: Phú Thành II's developer submits form 02 for 2026-H1,
Phú Thọ's DOIT officer returns it with a comment, it is corrected, resubmitted and approved, then locked."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from zoneatlas.accounts.models import ApiToken
from zoneatlas.reporting.models import Submission, SubmissionEvent
from zoneatlas.reporting.tests.conftest import FORM_02, PHU_THANH

JUNE_18 = dt.datetime(2026, 6, 18, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def june_18(monkeypatch):
    """Time frozen on 18 June 2026, two days before form 02 is due."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: JUNE_18)


def client(user=None, language="en"):
    api = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        api.force_authenticate(user)
    return api


def action(name, report):
    return reverse(f"expected-report-{name}", kwargs={"pk": report.pk})


def trail():
    return (Submission.objects.count(), Submission.history.count(), SubmissionEvent.objects.count())


def test_done_when_submit_return_fix_approve(personas, form_02, june_18):
    developer = client(personas["developer"])
    officer = client(personas["phu_tho"], language="vi")

    # A draft, then a submission with an error: refused with the rule, nothing filed.
    assert developer.put(action("submission", form_02), {"values": FORM_02}, format="json").status_code == 200
    refused = developer.post(action("submit", form_02), {"values": {**FORM_02, "leased_land_ha": "39"}}, format="json")
    assert refused.status_code == 400
    assert refused.json()["findings"][0] == {
        "rule": "CCN02-LEASED-LE-READY",
        "severity": "error",
        "message": "Leased land exceeds the industrial land ready for lease.",
        "indicators": ["industrial_land_ready_ha", "leased_land_ha"],
        "detail": "",
    }
    assert developer.get(action("submission", form_02)).json()["status"] == "draft"

    submitted = developer.post(action("submit", form_02), {}, format="json")
    assert submitted.status_code == 200
    assert (submitted.json()["status"], submitted.json()["is_late"]) == ("submitted", False)

    # The developer cannot approve its own report; the DOIT officer returns it, in Vietnamese.
    assert developer.post(action("approve", form_02), {}, format="json").status_code == 403
    no_comment = client(personas["phu_tho"]).post(action("return", form_02), {"comment": ""}, format="json")
    assert (no_comment.status_code, no_comment.json()["detail"]) == (
        400,
        "Say what must be corrected: a comment is required to return a report.",
    )
    returned = officer.post(
        action("return", form_02), {"comment": "Sổ đăng ký có 2 dự án FDI, không phải 3."}, format="json"
    )
    assert (returned.status_code, returned.json()["status"]) == (200, "returned")

    # The developer sees the comment, corrects and resubmits.
    seen = developer.get(action("submission", form_02)).json()
    assert (seen["status"], seen["review_comment"]) == ("returned", "Sổ đăng ký có 2 dự án FDI, không phải 3.")
    resubmitted = developer.post(
        action("submit", form_02), {"values": {**FORM_02, "tenant_projects_fdi": 2}}, format="json"
    )
    assert resubmitted.status_code == 200

    approved = officer.post(action("approve", form_02), {"comment": "Đạt."}, format="json")
    assert approved.status_code == 200
    body = approved.json()
    assert (body["status"], body["is_locked"], body["approved_by"], body["values"]["tenant_projects_fdi"]) == (
        "approved",
        True,
        "phutho",
        2,
    )
    assert [(e["action"], e["user"]) for e in body["events"]] == [
        ("saved", "developer"),
        ("submitted", "developer"),
        ("returned", "phutho"),
        ("resubmitted", "developer"),
        ("approved", "phutho"),
    ]

    # Locked: a change needs the reopen path.
    before = trail()
    locked = developer.put(action("submission", form_02), {"values": FORM_02}, format="json")
    assert (locked.status_code, locked.json()["detail"]) == (
        409,
        "The report is approved and locked: a reviewer must reopen it, with a reason, before it changes.",
    )
    assert developer.post(action("submit", form_02), {}, format="json").status_code == 409
    assert trail() == before
    assert officer.post(action("reopen", form_02), {"reason": ""}, format="json").status_code == 400
    reopened = officer.post(
        action("reopen", form_02), {"reason": "Cục Thống kê phát hiện sai doanh thu."}, format="json"
    )
    assert (reopened.status_code, reopened.json()["status"]) == (200, "returned")


def test_other_provinces_and_the_public_cannot_reach_or_change_the_report(personas, form_02, june_18):
    before = trail()
    assert client().post(action("submit", form_02), {"values": FORM_02}, format="json").status_code == 401
    for name in ("submission", "submit", "return", "approve", "reopen"):
        method = "put" if name == "submission" else "post"
        response = getattr(client(personas["lang_son"]), method)(
            action(name, form_02), {"values": FORM_02}, format="json"
        )
        assert response.status_code == 404, name
    for name in ("return", "approve"):
        response = client(personas["national"]).post(action(name, form_02), {"comment": "x"}, format="json")
        assert response.status_code == 403, name
    assert trail() == before


def test_a_read_token_cannot_submit(personas, form_02):
    _token, key = ApiToken.issue(personas["developer"], name="read only", scope="read")
    api = APIClient(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get(action("submission", form_02)).status_code == 200
    assert api.post(action("submit", form_02), {"values": FORM_02}, format="json").status_code == 403
    assert not Submission.objects.exists()


def test_expected_reports_are_listed_by_scope_and_filtered(personas, form_02, django_assert_num_queries):
    url = reverse("expected-report-list")
    developer = client(personas["developer"]).get(url, {"period": "2026-H1"}).json()
    assert [(r["form"]["code"], r["subject"]["code"]) for r in developer["results"]] == [("CCN-02", PHU_THANH)]
    officer = client(personas["phu_tho"])
    with django_assert_num_queries(3):  # grants, count, the page (form, zone, unit, submission joined)
        listed = officer.get(url, {"period": "2026-H1", "form": "CCN-02", "status": "not_started"}).json()
    assert [r["subject"]["code"] for r in listed["results"]] == [
        "CCN-25-0001",
        "CCN-25-0002",
        "CCN-25-0003",
        "CCN-25-0004",
    ]
    assert listed["results"][0]["due_on"] == "2026-06-20"
    assert listed["results"][0]["period"] == {
        "label": "2026-H1",
        "type": "half_year",
        "type_label": "Half year",
        "start": "2025-12-15",
        "cutoff": "2026-06-14",
    }
    lang_son = client(personas["lang_son"]).get(url, {"period": "2026-H1"}).json()
    assert {r["province"]["code"] for r in lang_son["results"]} == {"20"}


def test_completeness_counts_received_on_time_and_lists_the_missing(personas, form_02, june_18):
    client(personas["developer"]).post(action("submit", form_02), {"values": FORM_02}, format="json")
    body = client(personas["phu_tho"], "vi").get(reverse("reporting-completeness"), {"period": "2026-H1"}).json()
    assert [
        (row["form"], row["expected"], row["received"], row["on_time"], row["completeness_pct"]) for row in body["rows"]
    ] == [("CCN-02", 4, 1, 1, "25.00"), ("CCN-03", 1, 0, 0, "0.00"), ("CCN-04", 1, 0, 0, "0.00")]
    assert [(m["form"], m["subject"].get("code")) for m in body["missing"]] == [
        ("CCN-02", "CCN-25-0002"),
        ("CCN-02", "CCN-25-0003"),
        ("CCN-02", "CCN-25-0004"),
        ("CCN-03", body["missing"][3]["subject"]["code"]),
        ("CCN-04", "25"),
    ]
    assert body["missing"][0]["overdue"] is False
    assert client(personas["phu_tho"]).get(reverse("reporting-completeness")).status_code == 400


def test_forms_and_the_calendar_are_public(demo):
    forms = client().get(reverse("report-form-list"), {"in_force_on": "2026-06-01"}).json()
    assert [f["code"] for f in forms["results"]] == ["CCN-01", "CCN-02", "CCN-03", "CCN-04", "KCN-Q"]
    detail = client(language="vi").get(reverse("report-form-detail", kwargs={"pk": forms["results"][1]["id"]})).json()
    assert detail["indicators"][4]["name"] == "Diện tích đất công nghiệp đã cho thuê"
    assert (detail["indicators"][4]["name_en"], detail["indicators"][4]["unit"]) == ("Industrial land leased", "ha")
    assert [rule["code"] for rule in detail["rules"]][:2] == ["CCN02-LEASED-LE-READY", "CCN02-READY-LE-INDUSTRIAL"]
    calendar = client().get(reverse("reporting-calendar"), {"month": "2026-12"}).json()
    assert [(d["form"]["code"], d["period"], d["due_on"]) for d in calendar["deadlines"]] == [
        ("CCN-01", "2026", "2026-12-20"),
        ("CCN-02", "2026", "2026-12-20"),
        ("CCN-03", "2026", "2026-12-25"),
        ("CCN-04", "2026", "2026-12-31"),
    ]
    assert client().get(reverse("reporting-calendar"), {"month": "June"}).status_code == 400
