"""The issue's "done when", in a real browser and in both languages: for the demo half year 2026-H1, the developer of
Phú Thành II files form 02 with the Excel template, Phú Thọ's DOIT officer returns it with a comment, the developer
fixes it in the web form and resubmits, the officer approves it, the province's form 04 shows it with its drill-down
to the report, and the completeness page shows who is still missing.

Playwright drives Debian's Chromium (``zoneatlas/portal/tests/test_browser.py`` says how) against a live server with
the demo data. Test bodies touch no database: the data and the report's id come from fixtures. The live server runs
at today's date, after 2026-H1's due day, so the submission is marked late.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from zoneatlas.accounts.tests.conftest import person, province
from zoneatlas.demo.loading import load_demo
from zoneatlas.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, require_chromium
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.reporting.tests.conftest import FORM_02, PHU_THANH
from zoneatlas.zones.models import Zone

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"  # the one ``person`` gives
RETURN_COMMENT = "The registry lists 2 FDI projects, not 3."
CODE_ROW, FIRST_DATA_ROW = 7, 8  # zoneatlas.reporting.excel: the indicator codes, then one row per report


@dataclass(frozen=True)
class Demo:
    url: str
    report_id: int  # Phú Thành II's form 02 of 2026-H1


@pytest.fixture
def demo_site(live_server, admin_units) -> Demo:
    """The live server with the demo registry, Phú Thành II's developer and Phú Thọ's DOIT officer."""
    require_chromium()
    load_demo()
    person("developer", {"role": "developer", "zone": Zone.objects.get(code=PHU_THANH)})
    person("phutho", {"role": "provincial_officer", "agency": "doit", "province": province("25")})
    report = ExpectedReport.objects.get(form__code="CCN-02", period_label="2026-H1", zone__code=PHU_THANH)
    return Demo(live_server.url, report.pk)


@pytest.fixture
def browser(demo_site: Demo) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def signed_in(browser: Browser, demo: Demo, locale: str, username: str, next_url: str) -> Page:
    context = browser.new_context(
        base_url=demo.url, locale=locale, accept_downloads=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"/accounts/login/?next={next_url}")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))
    return page


def fill_template(path: Path, values: dict[str, object]) -> Path:
    """The downloaded template with the report's row filled in (numbers as numbers, yes/no as 1/0)."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[CODE_ROW] if cell.value}
    for code, value in values.items():
        number = int(value) if isinstance(value, bool) else value if isinstance(value, int) else float(str(value))
        sheet.cell(row=FIRST_DATA_ROW, column=columns[code], value=number)
    filled = path.with_name("filled.xlsx")
    book.save(filled)
    return filled


@pytest.mark.parametrize("locale", ["vi-VN", "en-GB"])
def test_form_02_from_excel_to_approval_to_form_04_and_completeness(
    demo_site: Demo, browser: Browser, locale: str, tmp_path: Path
) -> None:
    report_page = f"/reporting/reports/{demo_site.report_id}/"
    status = "#report-status .badge.status"
    english = locale.startswith("en")

    # The developer finds form 02 among their reports and downloads its Excel template.
    developer = signed_in(browser, demo_site, locale, "developer", "/reporting/")
    row = developer.locator(f'tr[data-report="{demo_site.report_id}"]')
    expect(row).to_contain_text("Cụm công nghiệp Phú Thành II")
    expect(row.locator(".badge.overdue")).to_have_count(1)  # 2026-H1 was due on 20 June
    row.get_by_role("link", name="CCN-02").click()
    expect(developer).to_have_url(re.compile(re.escape(report_page) + "$"))
    developer.locator("#report-excel").click()
    with developer.expect_download() as download:
        developer.locator("#excel-download").click()
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)

    # They fill it in (3 FDI projects, a mistake) and upload it, ticking "submit".
    developer.locator("#id_file").set_input_files(fill_template(template, FORM_02))
    developer.locator('input[name="submit"]').check()
    developer.locator("main form.card button[type=submit]").click()
    expect(developer).to_have_url(re.compile(re.escape(report_page) + "$"))
    expect(developer.locator(status)).to_have_attribute("data-status", "submitted")
    expect(developer.locator("#report-status .badge.late")).to_have_count(1)
    expect(developer.locator("#id_tenant_projects_fdi")).to_have_value("3")
    expect(developer.locator("#id_tenant_projects_fdi")).to_be_disabled()  # with the reviewer now

    # Phú Thọ's DOIT officer finds it in the review queue and returns it with a comment.
    officer = signed_in(browser, demo_site, locale, "phutho", "/reporting/review/")
    officer.locator(f'table.queue tr[data-report="{demo_site.report_id}"] a').click()
    officer.locator("#id_comment").fill(RETURN_COMMENT)
    officer.locator('button[name="action"][value="return"]').click()
    expect(officer.locator(status)).to_have_attribute("data-status", "returned")

    # The developer reads the comment, corrects the figure in the web form and resubmits.
    developer.goto(report_page)
    expect(developer.locator("#review-comment")).to_have_text(RETURN_COMMENT)
    developer.locator("#id_tenant_projects_fdi").fill("2")
    developer.locator('button[name="action"][value="submit"]').click()
    expect(developer.locator(status)).to_have_attribute("data-status", "submitted")

    # The officer approves it: the report is locked, and its trail has every step.
    officer.goto(report_page)
    officer.locator('button[name="action"][value="approve"]').click()
    expect(officer.locator(status)).to_have_attribute("data-status", "approved")
    expect(officer.locator(".note.locked")).to_have_count(1)
    expect(officer.locator("table.events tr.event")).to_have_count(4)
    expect(officer.locator("table.events tr.event td.what")).to_have_text(
        ["Submitted", "Returned with a comment", "Resubmitted", "Approved"]
        if english
        else ["Đã nộp", "Đã trả lại kèm ý kiến", "Đã nộp lại", "Đã phê duyệt"]
    )

    # Phú Thọ's form 04, computed, counts the 2 FDI projects and drills down to the approved report.
    officer.goto("/reporting/summaries/2026-H1/province/25/")
    fdi = officer.locator('#summary-rows tr[data-code="tenant_projects_fdi"]')
    expect(fdi.locator("td.number")).to_have_text("2")
    fdi.locator("td.number a").click()
    source = officer.locator(f'#sources tr[data-zone="{PHU_THANH}"]')
    expect(source.locator("td.number")).to_have_text("2")
    source.locator(f'a[href="{report_page}"]').click()
    expect(officer).to_have_url(re.compile(re.escape(report_page) + "$"))

    # The completeness page: 1 of Phú Thọ's 6 reports received (late), and who is still missing.
    officer.goto("/reporting/completeness/?period=2026-H1")
    province_row = officer.locator('table.rates[data-by="province"] tr[data-code="25"]')
    expect(province_row.locator("td")).to_have_text(
        ["25", "Tỉnh Phú Thọ", "6", "1", "0", "1", "1", "16.67 %" if english else "16,67 %", "0 %"]
    )
    missing = officer.locator("table.missing tbody tr")
    expect(missing).to_have_count(5)
    expect(missing.locator("td:nth-child(2)")).to_have_text(
        [
            re.compile("Cụm công nghiệp Thanh Nông"),
            re.compile("Cụm công nghiệp Đồng Tâm"),
            re.compile("Cụm công nghiệp Tiên Tiến"),
            "Xã Thịnh Minh",
            "Tỉnh Phú Thọ",
        ]
    )
