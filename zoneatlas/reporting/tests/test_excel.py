"""Excel templates of reports, through the API: download one pre-filled, fill it in with openpyxl, upload it.

A file for another form, period or reporter is refused with the reason; every broken rule is placed by sheet, row,
column and rule; a file with any problem changes nothing; a valid one is saved (or submitted) through the services,
so the review trail records it; a late one is marked late; an approved report needs reopening first.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook
from rest_framework.test import APIClient

from zoneatlas.reporting import services
from zoneatlas.reporting.expected import expect
from zoneatlas.reporting.models import ExpectedReport, Submission, SubmissionEvent
from zoneatlas.reporting.tests.conftest import FORM_02, PHU_THANH

VN = ZoneInfo("Asia/Ho_Chi_Minh")
JUNE_18 = dt.datetime(2026, 6, 18, 10, 0, tzinfo=VN)
JUNE_22 = dt.datetime(2026, 6, 22, 10, 0, tzinfo=VN)
# Form 02's columns in the template: D is its first indicator (the order of circular_14_2024.toml).
COLUMNS = {
    "infra_capital_approved_bn_vnd": "D",
    "infra_capital_disbursed_bn_vnd": "E",
    "industrial_land_ha": "F",
    "industrial_land_ready_ha": "G",
    "leased_land_ha": "H",
    "occupancy_pct": "I",
    "tenant_projects": "J",
    "tenant_projects_fdi": "K",
    "tenant_projects_operating": "L",
    "revenue_bn_vnd": "M",
    "budget_payments_bn_vnd": "N",
    "workers": "O",
    "average_income_mn_vnd": "P",
    "wwtp_built": "Q",
    "wwtp_meets_standard": "R",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def frozen(monkeypatch, moment):
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


def client(user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(user)
    return api


def template_url(report):
    return reverse("expected-report-excel", kwargs={"pk": report.pk})


def download(user, report):
    response = client(user).get(template_url(report))
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def fill(workbook, row, values, explanation=None):
    sheet = workbook["Báo cáo"]
    for code, value in values.items():
        sheet[f"{COLUMNS[code]}{row}"] = value
    if explanation is not None:
        sheet[f"S{row}"] = explanation
    return workbook


def as_file(workbook, name="bao-cao.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(user, report, workbook, submit=False):
    return client(user).post(template_url(report), {"file": as_file(workbook), "submit": submit}, format="multipart")


def filled_values():
    """Form 02 as the developer types it in Excel: numbers as numbers, yes/no as 1/0."""
    return {
        code: (1 if value else 0) if isinstance(value, bool) else (float(value) if isinstance(value, str) else value)
        for code, value in FORM_02.items()
    }


def state():
    """Everything a refused upload must leave as it was."""
    return (
        list(Submission.objects.order_by("pk").values_list("expected_id", "status", "values", "is_late")),
        Submission.history.count(),
        SubmissionEvent.objects.count(),
    )


def test_the_template_names_the_form_period_reporter_and_units(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    workbook = download(personas["developer"], form_02)
    assert workbook.sheetnames == ["Báo cáo", "_zoneatlas", "Hướng dẫn"]
    sheet = workbook["Báo cáo"]
    assert sheet["A1"].value == (
        "Báo cáo tình hình đầu tư xây dựng hạ tầng kỹ thuật và hoạt động của cụm công nghiệp (Mẫu số 02) (CCN-02, v1)"
    )
    assert sheet["A2"].value == (
        "Kỳ báo cáo 2026-H1: 15/12/2025 – 14/06/2026; hạn nộp 20/06/2026 · Cụm công nghiệp Phú Thành II"
    )
    assert [sheet[f"{column}4"].value for column in "ABCH"] == [
        "Số báo cáo",
        "Đối tượng báo cáo",
        "Mã",
        "Diện tích đất công nghiệp đã cho thuê",
    ]
    assert [sheet[f"{column}5"].value for column in "ABCH"] == [
        "Report no.",
        "Reporter",
        "Code",
        "Industrial land leased",
    ]
    assert (sheet["H6"].value, sheet["H7"].value, sheet["O6"].value, sheet["S4"].value) == (
        "ha",
        "leased_land_ha",
        "persons",
        "Giải trình cảnh báo",
    )
    assert [sheet[f"{column}8"].value for column in "ABC"] == [form_02.pk, "Cụm công nghiệp Phú Thành II", PHU_THANH]
    assert sheet["H8"].value is None  # nothing to pre-fill: no draft, no approved report before
    assert sheet.protection.sheet is True
    assert (sheet["A8"].protection.locked, sheet["H8"].protection.locked) == (True, False)
    meta = workbook["_zoneatlas"]
    assert meta.sheet_state == "hidden"
    assert {row[0]: row[1] for row in meta.iter_rows(values_only=True)} == {
        "template": "zoneatlas-report-template",
        "template_version": 1,
        "form": "CCN-02",
        "form_version": 1,
        "period": "2026-H1",
        "scope": "report",
        "province": "25",
        "reports": str(form_02.pk),
        "indicators": ",".join(COLUMNS),
        "made_at": "2026-06-18T10:00:00+07:00",
    }


def test_last_periods_approved_values_are_pre_filled(personas, form_02, monkeypatch):
    expect("2025-H1", ["CCN-02"])
    before = ExpectedReport.objects.get(form__code="CCN-02", period_label="2025-H1", zone__code=PHU_THANH)
    services.submit(before, user=personas["developer"], values=FORM_02, now=dt.datetime(2025, 6, 18, tzinfo=VN))
    services.approve(before, user=personas["phu_tho"])
    sheet = download(personas["developer"], form_02)["Báo cáo"]
    assert [sheet[f"{COLUMNS[code]}8"].value for code in ("leased_land_ha", "tenant_projects", "wwtp_built")] == [
        34.75,
        12,
        0,
    ]
    assert sheet["D8"].value == 350
    assert sheet["T8"].value == "approved for 2025-H1"


def test_a_valid_file_saves_a_draft_through_the_services(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    workbook = fill(download(personas["developer"], form_02), 8, filled_values())
    response = upload(personas["developer"], form_02, workbook)
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "detail": "Saved as a draft.",
        "submitted": False,
        "reports": [{"id": form_02.pk, "status": "draft", "is_late": False}],
        "warnings": [],
    }
    submission = Submission.objects.get(expected=form_02)
    assert submission.values == {**FORM_02, "tenant_projects": 12}
    assert submission.values["leased_land_ha"] == "34.75"
    assert submission.values["wwtp_built"] is False
    assert list(submission.events.values_list("action", "user__username")) == [("saved", "developer")]
    assert submission.history.count() == 1


def test_a_valid_file_submitted_after_the_due_day_is_accepted_and_marked_late(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_22)
    workbook = fill(download(personas["developer"], form_02), 8, filled_values())
    response = upload(personas["developer"], form_02, workbook, submit=True)
    assert response.status_code == 200, response.json()
    assert response.json()["reports"] == [{"id": form_02.pk, "status": "submitted", "is_late": True}]
    submission = Submission.objects.get(expected=form_02)
    assert (submission.status, submission.is_late, submission.submitted_by) == (
        "submitted",
        True,
        personas["developer"],
    )
    assert list(submission.events.values_list("action", flat=True)) == ["submitted"]


def test_errors_in_two_cells_are_placed_and_nothing_changes(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    services.save_draft(form_02, FORM_02, user=personas["developer"])
    before = state()
    values = {**filled_values(), "leased_land_ha": 39, "workers": "nhiều"}
    response = upload(personas["developer"], form_02, fill(download(personas["developer"], form_02), 8, values))
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "The file has problems (2); nothing was changed."
    assert [(p["sheet"], p["row"], p["columns"], p["rule"], p["severity"]) for p in body["problems"]] == [
        ("Báo cáo", 8, ["G", "H"], "CCN02-LEASED-LE-READY", "error"),
        ("Báo cáo", 8, ["O"], "VALUE", "error"),
    ]
    assert [p["text"] for p in body["problems"]] == [
        "Sheet “Báo cáo”, row 8, G8, H8: CCN02-LEASED-LE-READY: Leased land exceeds the industrial land ready "
        "for lease.",
        "Sheet “Báo cáo”, row 8, O8: VALUE: “nhiều” is not a number",
    ]
    assert state() == before


def test_a_warning_needs_an_explanation_in_the_file_to_submit(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    values = {**filled_values(), "occupancy_pct": 70}  # leased ÷ industrial land is 86.9 %
    refused = upload(
        personas["developer"], form_02, fill(download(personas["developer"], form_02), 8, values), submit=True
    )
    assert refused.status_code == 400
    assert [p["text"] for p in refused.json()["problems"]] == [
        "Sheet “Báo cáo”, row 8, F8, H8, I8, S8: CCN02-OCCUPANCY-PARTS: Occupancy differs by more than 5 points "
        "from leased ÷ industrial land (land committed by investment approval counts too: explain). Explain it in "
        "column S to submit."
    ]
    assert not Submission.objects.filter(expected=form_02).exists()
    explained = fill(download(personas["developer"], form_02), 8, values, "Tính cả đất đã có chủ trương đầu tư.")
    accepted = upload(personas["developer"], form_02, explained, submit=True)
    assert accepted.status_code == 200, accepted.json()
    submission = Submission.objects.get(expected=form_02)
    assert submission.explanations == {"CCN02-OCCUPANCY-PARTS": "Tính cả đất đã có chủ trương đầu tư."}
    assert submission.findings[0]["explanation"] == "Tính cả đất đã có chủ trương đầu tư."


def test_a_file_for_another_form_is_refused_with_the_reason(personas, form_02):
    commune_report = ExpectedReport.objects.get(form__code="CCN-03", period_label="2026-H1", province__code="25")
    officer = personas["phu_tho"]
    workbook = download(officer, commune_report)
    before = state()
    response = upload(officer, form_02, workbook)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "This template is for form CCN-03; this upload is for form CCN-02."},
    )
    assert state() == before


def test_a_file_for_another_period_is_refused_with_the_reason(personas, form_02):
    expect("2025-H1", ["CCN-02"])
    last_year = ExpectedReport.objects.get(form__code="CCN-02", period_label="2025-H1", zone__code=PHU_THANH)
    workbook = fill(download(personas["developer"], last_year), 8, filled_values())
    before = state()
    response = upload(personas["developer"], form_02, workbook)
    assert (response.status_code, response.json()) == (
        400,
        {"detail": "This template is for the period 2025-H1; this upload is for 2026-H1."},
    )
    assert state() == before


def test_a_file_for_another_reporter_is_refused_with_the_reason(personas, form_02):
    officer = personas["phu_tho"]
    thanh_nong = ExpectedReport.objects.get(form__code="CCN-02", period_label="2026-H1", zone__code="CCN-25-0002")
    workbook = fill(download(officer, thanh_nong), 8, filled_values())
    response = upload(officer, form_02, workbook)
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": f"This template is for another reporter (report no. {thanh_nong.pk}); this upload is for "
            f"report no. {form_02.pk}, Cụm công nghiệp Phú Thành II."
        },
    )
    assert state() == ([], 0, 0)


def test_a_file_that_is_not_a_template_is_refused(personas, form_02):
    other = Workbook()
    other.active["A1"] = "Báo cáo tự làm"
    plain = client(personas["developer"]).post(template_url(form_02), {"file": as_file(other)}, format="multipart")
    assert plain.json() == {
        "detail": "This is not a ZoneAtlas report template: download the template of the report and fill that in."
    }
    text = SimpleUploadedFile("bao-cao.xlsx", b"not a workbook", content_type=XLSX)
    garbage = client(personas["developer"]).post(template_url(form_02), {"file": text}, format="multipart")
    assert (garbage.status_code, garbage.json()) == (400, {"detail": "The file is not an Excel workbook (.xlsx)."})
    missing = client(personas["developer"]).post(template_url(form_02), {}, format="multipart")
    assert (missing.status_code, missing.json()) == (400, {"file": ["No file was submitted."]})


def test_an_approved_report_is_refused_until_it_is_reopened(personas, form_02, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    workbook = fill(download(personas["developer"], form_02), 8, filled_values())
    services.submit(form_02, user=personas["developer"], values=FORM_02)
    services.approve(form_02, user=personas["phu_tho"])
    before = state()
    changed = fill(workbook, 8, {"workers": 1900})
    response = upload(personas["developer"], form_02, changed, submit=True)
    assert response.status_code == 400
    assert [p["text"] for p in response.json()["problems"]] == [
        "Sheet “Báo cáo”, row 8, A8: LOCKED: the report is approved and locked: a reviewer must reopen it, with a "
        "reason, before it changes"
    ]
    assert state() == before
    services.reopen(form_02, user=personas["phu_tho"], reason="Sai số lao động.")
    again = upload(personas["developer"], form_02, changed, submit=True)
    assert again.status_code == 200, again.json()
    submission = Submission.objects.get(expected=form_02)
    assert (submission.status, submission.values["workers"]) == ("submitted", 1900)
    assert list(submission.events.values_list("action", flat=True)) == [
        "submitted",
        "approved",
        "reopened",
        "resubmitted",
    ]


def test_a_changed_report_number_or_moved_column_is_refused(personas, form_02):
    workbook = fill(download(personas["developer"], form_02), 8, filled_values())
    workbook["Báo cáo"]["A8"] = 9999
    response = upload(personas["developer"], form_02, workbook)
    assert [p["text"] for p in response.json()["problems"]] == [
        "Sheet “Báo cáo”, row 8, A8: REPORT: “9999” is not a report this file was made for"
    ]
    moved = download(personas["developer"], form_02)
    moved["Báo cáo"].insert_cols(5)
    assert upload(personas["developer"], form_02, moved).json() == {
        "detail": "Row 7 of sheet “Báo cáo” no longer names the template's columns (a column was added, removed or "
        "moved): download a new template."
    }
    assert state() == ([], 0, 0)


def test_others_cannot_download_or_upload_the_report(personas, form_02):
    assert client(personas["lang_son"]).get(template_url(form_02)).status_code == 404
    workbook = fill(download(personas["developer"], form_02), 8, filled_values())
    refused = upload(personas["national"], form_02, workbook)
    assert [p["text"] for p in refused.json()["problems"]] == [
        "Sheet “Báo cáo”, row 8, A8: FILER: you may read this report but not file it"
    ]
    assert APIClient().get(template_url(form_02)).status_code == 401
    assert state() == ([], 0, 0)


# One file per province --------------------------------------------------------------------------------------------


def province_url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('reporting-province-excel')}?{query}"


PHU_THO_02 = {"form": "CCN-02", "period": "2026-H1", "province": "25"}


def test_a_province_file_has_a_row_per_report_and_is_taken_whole(personas, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    officer = client(personas["phu_tho"])
    response = officer.get(province_url(**PHU_THO_02))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="CCN-02-2026-H1-25.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["Báo cáo"]
    assert [sheet[f"C{row}"].value for row in range(8, 12)] == [PHU_THANH, "CCN-25-0002", "CCN-25-0003", "CCN-25-0004"]
    assert sheet["C12"].value is None
    # Two rows filled, one of them wrong: nothing is saved.
    fill(workbook, 8, filled_values())
    fill(workbook, 9, {**filled_values(), "tenant_projects_fdi": 20})
    refused = officer.post(province_url(**PHU_THO_02), {"file": as_file(workbook)}, format="multipart")
    assert refused.status_code == 400
    assert [p["text"] for p in refused.json()["problems"]] == [
        "Sheet “Báo cáo”, row 9, J9, K9: CCN02-FDI-LE-PROJECTS: FDI projects exceed all projects."
    ]
    assert state() == ([], 0, 0)
    fill(workbook, 9, {"tenant_projects_fdi": 2})
    accepted = officer.post(province_url(**PHU_THO_02), {"file": as_file(workbook)}, format="multipart")
    assert accepted.status_code == 200, accepted.json()
    assert [(row["status"], row["is_late"]) for row in accepted.json()["reports"]] == [("draft", False)] * 2
    assert sorted(Submission.objects.values_list("expected__zone__code", flat=True)) == [PHU_THANH, "CCN-25-0002"]


def test_a_province_file_is_refused_for_another_province(personas):
    officer = client(personas["phu_tho"])
    workbook = load_workbook(io.BytesIO(officer.get(province_url(**PHU_THO_02)).content))
    national = client(personas["national"])
    response = national.post(
        province_url(form="CCN-02", period="2026-H1", province="56"), {"file": as_file(workbook)}, format="multipart"
    )
    assert response.status_code == 403  # the national officer files no cluster report
    assert client(personas["lang_son"]).get(province_url(**PHU_THO_02)).status_code == 404
    assert officer.get(province_url(form="CCN-02", period="2026-H1")).json() == {
        "province": ["This parameter is required."]
    }


def test_query_counts_of_download_and_upload(personas, form_02, django_assert_num_queries, monkeypatch):
    frozen(monkeypatch, JUNE_18)
    developer = client(personas["developer"])
    developer.get(template_url(form_02))  # the user's grants are read once per request
    # grants, the report, the form with its indicators and rules (3), the report with its relations, previous approved
    with django_assert_num_queries(6):
        response = developer.get(template_url(form_02))
    workbook = fill(load_workbook(io.BytesIO(response.content)), 8, filled_values())
    with django_assert_num_queries(16):
        assert upload(personas["developer"], form_02, workbook).status_code == 200
