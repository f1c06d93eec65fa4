"""The province report: its tables (every number with its source or computation), the XLSX cells, the PDF's
Vietnamese text, and generation in the background by the task worker with progress shown."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from zoneatlas.accounts.tests.conftest import province
from zoneatlas.steering.models import ReportRun
from zoneatlas.steering.report import build_report
from zoneatlas.steering.report_files import render_xlsx
from zoneatlas.steering.tests.conftest import TODAY, client_for
from zoneatlas.steering.tests.pdf_text import pdf_text

SEED = "Speeding up infrastructure investment in industrial clusters"
CAUSES = (
    "3 industrial clusters have been established but have not invested in technical infrastructure due to "
    "difficulties and obstacles in planning, site clearance and resettlement support"
)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def report(personas):
    return build_report(province("56"), TODAY, personas["khanh_hoa"])


def table(report, key):
    return next(t for t in report.tables if t.key == key)


def test_the_obstacles_table_lists_the_seed_obstacles_with_source_quote_and_days_overdue(report):
    obstacles = table(report, "obstacles")

    assert len(obstacles.rows) == 9
    assert obstacles.rows[0] == [
        "CCN-56-0001",
        "Cụm công nghiệp Diên Thọ",
        "Compensation and resettlement",
        "Sở Công Thương tỉnh Khánh Hòa",
        "no number (2024-05-28)",
        dt.date(2024, 12, 31),
        695,
        "Open",
        "Responsible agency",
        SEED,
        CAUSES,
        "no",
    ]
    assert {row[1] for row in obstacles.rows} == {
        "Cụm công nghiệp Diên Thọ",
        "Cụm công nghiệp Trảng É 2",
        "Cụm công nghiệp Ninh Xuân",
    }
    assert (
        obstacles.note
        == "Days overdue: the report's day minus the deadline, for obstacles neither resolved nor dropped."
    )


def test_published_figures_keep_their_source_and_quote(report):
    published = table(report, "published")
    assert [
        "Area",
        "planned",
        Decimal("669.0000"),
        "ha",
        "2021..2030",
        SEED,
        "14 industrial clusters with a total area of 669 hectares",
    ] in published.rows


def test_status_and_wwtp_counts_are_computed_from_the_registry(report):
    assert table(report, "status_totals").rows == [
        ["Industrial cluster", "Operating", 2],
        ["Industrial cluster", "Stalled", 3],
    ]
    assert table(report, "wwtp_coverage").rows == [[2, 0, 2]]
    assert (
        table(report, "wwtp_coverage").note
        == "Counted from the registry's statuses and the latest plant reports above."
    )


def test_every_table_says_where_its_numbers_come_from(report):
    assert [t.key for t in report.tables if not t.note] == []
    assert [s.key for s in report.sections] == [
        "planning",
        "published",
        "status",
        "occupancy",
        "investment",
        "infrastructure",
        "wwtp",
        "targets",
        "obstacles",
    ]


def test_the_workbook_holds_the_same_values_cell_for_cell(report):
    workbook = load_workbook(io.BytesIO(render_xlsx(report)))

    sheet = workbook["obstacles"]
    assert sheet["A1"].value == "Obstacles"
    assert [cell.value for cell in sheet[2]][:7] == [
        "Code",
        "Zone",
        "Kind",
        "Responsible agency",
        "Directive",
        "Deadline",
        "Days overdue",
    ]
    assert [cell.value for cell in sheet[3]] == [
        "CCN-56-0001",
        "Cụm công nghiệp Diên Thọ",
        "Compensation and resettlement",
        "Sở Công Thương tỉnh Khánh Hòa",
        "no number (2024-05-28)",
        dt.datetime(2024, 12, 31),  # noqa: DTZ001 - openpyxl reads a date cell back as a naive datetime
        695,
        "Open",
        "Responsible agency",
        SEED,
        CAUSES,
        "no",
    ]
    assert sheet.max_row == 2 + 9 + 2
    assert [cell.value for cell in sheet[13]][:2] == [
        "Source or computation",
        "Days overdue: the report's day minus the deadline, for obstacles neither resolved nor dropped.",
    ]
    totals = workbook["status_totals"]
    assert [[cell.value for cell in row] for row in totals.iter_rows(min_row=3, max_row=4)] == [
        ["Industrial cluster", "Operating", 2],
        ["Industrial cluster", "Stalled", 3],
    ]
    assert workbook["report"]["B1"].value == "Tỉnh Khánh Hòa"


@pytest.fixture
def worker_in_test_transaction(monkeypatch):
    """The worker closes stale connections between tasks; inside a test's transaction that would discard it."""
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def test_a_large_province_is_generated_in_the_background_and_its_pdf_reads_in_vietnamese(
    personas, monkeypatch, django_capture_on_commit_callbacks, worker_in_test_transaction
):
    monkeypatch.setattr("zoneatlas.steering.report_runs.INLINE_MAX_ZONES", 0)
    client = Client(headers={"accept-language": "vi"})
    client.force_login(personas["khanh_hoa"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/provinces/56/report/runs/")

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/report-runs/{run.pk}/"
    assert (run.status, run.progress_pct, run.language, run.as_of) == ("queued", 0, "vi", TODAY)
    assert DBTaskResult.objects.get().id.hex == run.task_id.replace("-", "")
    polling = client.get(f"/report-runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in polling
    assert "<html" not in polling
    assert client.get(f"/report-runs/{run.pk}/pdf/").status_code == 404  # not generated yet

    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)

    run.refresh_from_db()
    assert (run.status, run.progress_pct, run.error) == ("done", 100, "")
    done = client.get(f"/report-runs/{run.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert f'href="/report-runs/{run.pk}/pdf/"' in done
    pdf = client.get(f"/report-runs/{run.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="report-56-2026-11-26.pdf"'
    text = squeezed(pdf_text(b"".join(pdf.streaming_content)))
    for name in [
        "Cụm công nghiệp Diên Thọ",
        "Cụm công nghiệp Trảng É 2",
        "Cụm công nghiệp Ninh Xuân",
        "Tỉnh Khánh Hòa",
    ]:
        assert squeezed(name) in text, name
    assert "\ufffd" not in text  # every glyph maps back to a character: no missing Vietnamese letter
    xlsx = load_workbook(io.BytesIO(b"".join(client.get(f"/report-runs/{run.pk}/xlsx/").streaming_content)))
    assert xlsx["obstacles"]["B3"].value == "Cụm công nghiệp Diên Thọ"


def test_a_small_province_is_generated_at_once(personas):
    response = client_for(personas["phu_tho"]).post("/provinces/25/report/runs/")

    run = ReportRun.objects.get()
    assert response.status_code == 302
    assert (run.status, run.progress_pct, run.step) == ("done", 100, "Done")
    assert DBTaskResult.objects.count() == 0
    assert run.pdf_file.name.startswith("steering/reports/report-25-2026-11-26-")


def test_a_failure_is_shown_on_the_run(personas, monkeypatch):
    def broken(html):
        raise OSError("no fonts")

    monkeypatch.setattr("zoneatlas.steering.report_runs.render_pdf", broken)
    client_for(personas["phu_tho"]).post("/provinces/25/report/runs/")

    run = ReportRun.objects.get()
    assert (run.status, run.error, bool(run.pdf_file)) == ("failed", "no fonts", False)
    assert "no fonts" in client_for(personas["phu_tho"]).get(f"/report-runs/{run.pk}/").content.decode()


def test_the_report_page_shows_the_report_to_the_provinces_officials(personas):
    page = client_for(personas["khanh_hoa"]).get("/provinces/56/report/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Report on the industrial zones of Tỉnh Khánh Hòa" in body
    assert "Cụm công nghiệp Trảng É 2" in body


@pytest.mark.parametrize(
    ("persona", "status"), [(None, 302), ("lang_son", 404), ("developer", 404), ("national", 200), ("kh_board", 200)]
)
def test_others_get_404_or_are_asked_to_log_in(personas, persona, status):
    assert client_for(personas.get(persona)).get("/provinces/56/report/").status_code == status
    before = ReportRun.objects.count()
    response = client_for(personas.get(persona)).post("/provinces/56/report/runs/")
    assert response.status_code == (302 if persona in (None, "national", "kh_board") else 404)
    assert ReportRun.objects.count() == before + (persona in ("national", "kh_board"))


def test_a_run_of_another_province_is_404(personas):
    client_for(personas["phu_tho"]).post("/provinces/25/report/runs/")
    run = ReportRun.objects.get()
    assert client_for(personas["khanh_hoa"]).get(f"/report-runs/{run.pk}/").status_code == 404
    assert client_for(personas["khanh_hoa"]).get(f"/report-runs/{run.pk}/pdf/").status_code == 404
    assert client_for(personas["phu_tho"]).get(f"/report-runs/{run.pk}/docx/").status_code == 404


def test_without_the_targets_module_the_section_is_a_marked_placeholder(personas, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        "importlib.util.find_spec",
        lambda name, *args: None if name == "zoneatlas.planning.targets" else real(name, *args),
    )

    report = build_report(province("56"), TODAY, personas["khanh_hoa"])

    [targets] = [section for section in report.sections if section.key == "targets"]
    assert (targets.is_placeholder, targets.tables) == (True, [])
    assert targets.text.startswith("Placeholder: targets are not recorded")
    cover = load_workbook(io.BytesIO(render_xlsx(report)))["report"]
    assert [cover["A3"].value, cover["B3"].value] == ["Targets and their forecast", targets.text]


def test_the_targets_section_reads_the_planning_targets(report):
    targets = table(report, "targets")
    goals = {row[0]: (row[2], row[6]) for row in targets.rows}
    assert goals["Diên Thọ, Trảng É 2, Ninh Xuân: khởi công hạ tầng cuối năm 2024"] == (dt.date(2024, 12, 31), "Missed")
