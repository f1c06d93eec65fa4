"""The review workflow through the services: who may do what, when; refused actions change nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from zoneatlas.reporting import services
from zoneatlas.reporting.models import ExpectedReport, Submission, SubmissionEvent
from zoneatlas.reporting.tests.conftest import FORM_02

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ON_TIME = dt.datetime(2026, 6, 18, 9, 0, tzinfo=VN)
LATE = dt.datetime(2026, 6, 21, 0, 30, tzinfo=VN)  # half an hour into the day after 20 June


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def state():
    """Everything a refused action must leave as it was."""
    return (
        list(Submission.objects.values_list("status", "values", "is_late")),
        Submission.history.count(),
        SubmissionEvent.objects.count(),
    )


def test_a_developer_submits_form_02_on_time(personas, form_02):
    submission = services.submit(form_02, user=personas["developer"], values=FORM_02, now=ON_TIME)
    assert (submission.status, submission.is_late, submission.first_submitted_at) == ("submitted", False, ON_TIME)
    assert submission.values["leased_land_ha"] == "34.75"
    assert submission.values["infra_capital_approved_bn_vnd"] == "350"  # as typed, never "3.5E+2"
    assert submission.values["tenant_projects"] == 12
    assert submission.values["wwtp_built"] is False
    assert list(submission.events.values_list("action", "status_after")) == [("submitted", "submitted")]
    assert submission.history.count() == 1


def test_a_late_submission_is_accepted_and_marked_late(personas, form_02):
    submission = services.submit(form_02, user=personas["developer"], values=FORM_02, now=LATE)
    assert (submission.status, submission.is_late) == ("submitted", True)


def test_an_error_blocks_submission_and_changes_nothing(personas, form_02):
    services.save_draft(form_02, FORM_02, user=personas["developer"])
    before = state()
    with pytest.raises(services.InvalidReportError) as refused:
        services.submit(form_02, user=personas["developer"], values={**FORM_02, "leased_land_ha": "39"}, now=ON_TIME)
    assert refused.value.message == "The report has errors; it was not submitted."
    assert [(f["rule"], f["severity"], f["indicators"]) for f in refused.value.detail["findings"]] == [
        ("CCN02-LEASED-LE-READY", "error", ["industrial_land_ready_ha", "leased_land_ha"]),
        ("CCN02-OCCUPANCY-PARTS", "warning", ["industrial_land_ha", "leased_land_ha", "occupancy_pct"]),
    ]
    assert refused.value.detail["findings"][0]["message"] == "Leased land exceeds the industrial land ready for lease."
    assert state() == before


def test_a_missing_required_indicator_is_an_error(personas, form_02):
    values = {key: value for key, value in FORM_02.items() if key != "workers"}
    with pytest.raises(services.InvalidReportError) as refused:
        services.submit(form_02, user=personas["developer"], values=values, now=ON_TIME)
    assert [(f["rule"], f["message"]) for f in refused.value.detail["findings"]] == [
        ("REQUIRED", "“Workers” is required")
    ]
    assert not Submission.objects.exists()


def test_a_warning_needs_an_explanation(personas, form_02):
    values = {**FORM_02, "infra_capital_disbursed_bn_vnd": "360"}  # more than the 350 approved
    with pytest.raises(services.InvalidReportError) as refused:
        services.submit(form_02, user=personas["developer"], values=values, now=ON_TIME)
    assert refused.value.detail["unexplained"] == ["CCN02-DISBURSED-LE-APPROVED"]
    assert not Submission.objects.exists()
    explanation = {"CCN02-DISBURSED-LE-APPROVED": "Adjusted investment approved on 2 May 2026, not yet in the form."}
    submission = services.submit(
        form_02, user=personas["developer"], values=values, explanations=explanation, now=ON_TIME
    )
    assert submission.findings == [
        {
            "rule": "CCN02-DISBURSED-LE-APPROVED",
            "severity": "warning",
            "message": "Disbursed capital exceeds approved capital.",
            "indicators": ["infra_capital_approved_bn_vnd", "infra_capital_disbursed_bn_vnd"],
            "detail": "",
            "explanation": "Adjusted investment approved on 2 May 2026, not yet in the form.",
        }
    ]


def test_wrong_values_are_refused_per_indicator(personas, form_02):
    with pytest.raises(services.InvalidReportError) as refused:
        services.save_draft(
            form_02, {"workers": "1.5", "wwtp_built": "maybe", "revenue": 1}, user=personas["developer"]
        )
    assert refused.value.detail["errors"] == {
        "workers": "a whole number is expected",
        "wwtp_built": "write 1 (yes) or 0 (no)",
        "revenue": "CCN-02 has no indicator “revenue”",
    }
    assert not Submission.objects.exists()


def test_return_resubmit_approve_then_locked_until_reopened(personas, form_02):
    developer, officer = personas["developer"], personas["phu_tho"]
    services.submit(form_02, user=developer, values=FORM_02, now=ON_TIME)
    with pytest.raises(services.InvalidReportError):
        services.return_with_comment(form_02, user=officer, comment="  ")
    services.return_with_comment(form_02, user=officer, comment="Registry lists 2 FDI projects, not 3.")
    services.save_draft(form_02, {**FORM_02, "tenant_projects_fdi": 2}, user=developer)
    submission = services.resubmit(form_02, user=developer, now=LATE)
    assert (submission.status, submission.is_late, submission.first_submitted_at) == ("submitted", False, ON_TIME)
    submission = services.approve(form_02, user=officer)
    assert (submission.status, submission.approved_by, submission.is_locked) == ("approved", officer, True)
    before = state()
    for attempt in (
        lambda: services.save_draft(form_02, FORM_02, user=developer),
        lambda: services.submit(form_02, user=developer, now=LATE),
        lambda: services.approve(form_02, user=officer),
        lambda: services.return_with_comment(form_02, user=officer, comment="again"),
    ):
        with pytest.raises(services.WrongStateError):
            attempt()
    assert state() == before
    with pytest.raises(services.InvalidReportError):
        services.reopen(form_02, user=officer, reason="")
    submission = services.reopen(form_02, user=officer, reason="Statistics office found a revenue error.")
    assert (submission.status, submission.review_comment) == ("returned", "Statistics office found a revenue error.")
    assert list(submission.events.values_list("action", "user__username", "comment")) == [
        ("submitted", "developer", ""),
        ("returned", "phutho", "Registry lists 2 FDI projects, not 3."),
        ("saved", "developer", ""),
        ("resubmitted", "developer", ""),
        ("approved", "phutho", ""),
        ("reopened", "phutho", "Statistics office found a revenue error."),
    ]
    assert submission.history.count() == 6


def test_only_the_developer_or_the_managing_doit_files_form_02_and_only_the_doit_reviews_it(personas, form_02):
    for persona in ["national", "lang_son", "ip_board", "commune"]:
        with pytest.raises(services.NotAllowedError):
            services.submit(form_02, user=personas[persona], values=FORM_02, now=ON_TIME)
        assert state() == ([], 0, 0), persona
    services.submit(form_02, user=personas["developer"], values=FORM_02, now=ON_TIME)
    before = state()
    for persona in ["national", "lang_son", "ip_board", "commune", "developer"]:
        for refused in (
            lambda user: services.approve(form_02, user=user),
            lambda user: services.return_with_comment(form_02, user=user, comment="Check the land."),
        ):
            with pytest.raises(services.NotAllowedError):
                refused(personas[persona])
        assert state() == before, persona


def test_the_ministry_reviews_form_04_and_the_doit_files_it(personas):
    form_04 = ExpectedReport.objects.get(form__code="CCN-04", period_label="2026-H1", province__code="25")
    with pytest.raises(services.NotAllowedError):
        services.save_draft(form_04, {"clusters_in_plan": 4}, user=personas["commune"])
    services.save_draft(form_04, {"clusters_in_plan": 4}, user=personas["phu_tho"])
    assert form_04.submission.values == {"clusters_in_plan": 4}
    from zoneatlas.reporting.permissions import can_review

    assert (can_review(personas["national"], form_04), can_review(personas["phu_tho"], form_04)) == (True, False)


def test_a_commune_officer_files_form_03(personas):
    form_03 = ExpectedReport.objects.get(form__code="CCN-03", period_label="2026-H1", province__code="25")
    services.save_draft(form_03, {"clusters_in_plan": 1}, user=personas["commune"])
    assert form_03.submission.status == "draft"
