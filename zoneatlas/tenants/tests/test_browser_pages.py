"""The project list in a real browser: filter it in Vietnamese and in English, the results swapped in place by HTMX,
sort a column, open a project and export what is shown. Debian's Chromium through Playwright, as the portal's
browser tests (the data is loaded by fixtures before the browser starts: the test bodies touch no database)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from zoneatlas.demo.loading import load_demo
from zoneatlas.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, admin_units) -> str:
    """The live server with the demo registry and its 20 illustrative projects."""
    require_chromium()
    load_demo()
    return str(live_server.url)


def _page(url: str, locale: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(
            base_url=url, locale=locale, accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def vi_page(site: str) -> Iterator[Page]:
    yield from _page(site, "vi-VN")


@pytest.fixture
def en_page(site: str) -> Iterator[Page]:
    yield from _page(site, "en-GB")


def names(page: Page):
    return page.locator("#project-results tbody tr td:first-child small[lang=en]")


def test_filter_the_projects_in_vietnamese_and_open_one(vi_page: Page) -> None:
    page = vi_page
    page.goto("/projects/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^20 "))
    expect(page.locator("#project-totals")).to_contain_text("2.892.400.000.000\u00a0VND")

    # When the visitor ticks "operating" and picks foreign-invested projects, the results change in place (HTMX)
    page.locator('input[name="status"][value="operating"]').check()
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^18 "))
    page.select_option("#id_fdi", "true")

    # then exactly the two FDI projects are listed, and the address can be shared.
    expect(page.locator("#result-count")).to_have_text(re.compile(r"^2 "))
    expect(page).to_have_url(re.compile(r"/projects/\?(?=.*status=operating)(?=.*fdi=true)"))
    expect(names(page)).to_have_text(["Electronic components plant", "Farm machinery assembly plant"])
    expect(page.locator("#project-totals")).to_contain_text("736.400.000.000\u00a0VND")

    page.get_by_role("link", name="Nhà máy linh kiện điện tử").click()
    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhà máy linh kiện điện tử")
    expect(page.locator("#capital-registered")).to_contain_text("20.000.000\u00a0USD")
    expect(page.locator("#capital-registered")).to_contain_text("464.000.000.000")


def test_filter_sort_and_export_the_projects_in_english(en_page: Page) -> None:
    page = en_page
    page.goto("/projects/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # When the visitor types a VSIC code prefix (sawmills and plywood, 1621), the list narrows as they type;
    page.fill("#id_vsic", "1621")
    expect(page.locator("#result-count")).to_have_text("2 projects")
    expect(page).to_have_url(re.compile(r"vsic=1621"))
    expect(page.locator("#project-totals")).to_contain_text("225,000,000,000\u00a0VND")

    # sorting by capital (twice: largest first) keeps the filter,
    page.locator("#project-results th a", has_text="Registered capital").click()
    expect(page).to_have_url(re.compile(r"(?=.*vsic=1621)(?=.*ordering=capital)"))
    expect(names(page)).to_have_text(["Wood processing workshop", "Plywood mill"])
    page.locator("#project-results th a", has_text="Registered capital").click()
    expect(page).to_have_url(re.compile(r"ordering=-capital"))
    expect(names(page)).to_have_text(["Plywood mill", "Wood processing workshop"])

    # and the CSV holds those two projects and nothing else, each marked synthetic.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "zoneatlas-projects.csv"
    exported = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert [(row["name_en"], row["is_synthetic"]) for row in exported] == [
        ("Plywood mill", "1"),
        ("Wood processing workshop", "1"),
    ]
