"""The pages in a real browser: Playwright driving Debian's Chromium against a live server with the demo data.

What a new user does without reading code: filter the list and open a zone, read a page in both languages, find a
zone on the national map, follow a figure to the passage it comes from, and export the filtered list; and what an
officer does: log in, rename a zone with a reason, find the change in its history and the old name as of yesterday.

The browser is Debian's ``chromium`` (``apt-get install -y chromium``), never a downloaded one. Without it these
tests are skipped, except under ``CI=true`` where a missing browser fails them (``.ci/run`` installs it). The test
bodies touch no database: Playwright's sync API keeps an event loop running in this thread, where Django refuses
ORM calls, so the data is loaded (and its ids read) by fixtures before the browser starts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect, sync_playwright

from zoneatlas.accounts.tests.conftest import person, province
from zoneatlas.demo.loading import load_demo
from zoneatlas.figures.models import Observation
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, PlanEntry, WastewaterPlant, Zone

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHU_THO_CLUSTERS = ["CCN-25-0001", "CCN-25-0002", "CCN-25-0003", "CCN-25-0004"]
PHU_THANH_II = "Cụm công nghiệp Phú Thành II"
QUOTE = "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%"


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium`"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must run the browser tests; .ci/run installs it)")
    pytest.skip(reason)


@dataclass(frozen=True)
class Site:
    url: str
    occupancy_figure_id: int


@pytest.fixture
def site(live_server, admin_units) -> Site:
    """The live server with the demo registry (``live_server`` runs outside a transaction and truncates afterwards)."""
    require_chromium()
    load_demo()
    figure = Observation.objects.get(zone__code="CCN-25-0001", metric="occupancy_pct", is_approximate=False)
    return Site(url=live_server.url, occupancy_figure_id=figure.pk)


def _context(site: Site, locale: str) -> Iterator[BrowserContext]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(
            base_url=site.url, locale=locale, accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        context.set_default_timeout(15_000)
        try:
            yield context
        finally:
            context.close()
            browser.close()


@pytest.fixture
def vi_page(site: Site) -> Iterator[Page]:
    """A visitor whose browser asks for Vietnamese (the site's default language too)."""
    for context in _context(site, "vi-VN"):
        yield context.new_page()


@pytest.fixture
def en_page(site: Site) -> Iterator[Page]:
    """A visitor whose browser asks for English."""
    for context in _context(site, "en-GB"):
        yield context.new_page()


def test_filter_the_list_and_open_phu_thanh_ii(vi_page: Page) -> None:
    page = vi_page
    page.goto("/zones/")
    expect(page.locator("#result-count")).to_have_text("26 khu, cụm")

    # When the visitor picks Phú Thọ and ticks "industrial cluster", the results update in place (HTMX)
    page.select_option("#id_province", "25")
    page.locator('input[name="kind"][value="cluster"]').check()

    # then exactly the four clusters of Phú Thọ are listed, and the address can be shared.
    expect(page.locator("#result-count")).to_have_text("4 khu, cụm")
    expect(page).to_have_url(re.compile(r"/zones/\?(?=.*province=25)(?=.*kind=cluster)"))
    codes = page.locator("#zone-results tbody tr td:first-child a")
    expect(codes).to_have_text(PHU_THO_CLUSTERS)

    page.get_by_role("link", name=PHU_THANH_II).click()

    expect(page).to_have_url(re.compile(r"/zones/CCN-25-0001/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PHU_THANH_II)
    expect(page.locator("strong.big-number")).to_have_text("86,87\u00a0%")
    # Its occupancy history: the chart and the same figures as a table.
    history = page.locator("section", has=page.locator("#occupancy-title"))
    expect(history.locator("#occupancy-chart svg")).to_have_count(1)
    expect(history.locator("tbody tr td")).to_have_text(["01/09/2024", "86,87", "–", "–"])


def test_switch_language_on_the_lang_son_page_and_back(vi_page: Page) -> None:
    page = vi_page
    page.goto("/provinces/20/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tỉnh Lạng Sơn (20)")
    expect(page.locator("#kinds-title")).to_have_text("Khu, cụm theo loại và trạng thái")
    expect(page.locator(".stat", has_text="Diện tích quy hoạch")).to_contain_text("770,5 ha")

    page.locator('.language-switch button[value="en"]').click()

    expect(page).to_have_url(re.compile(r"/provinces/20/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#kinds-title")).to_have_text("Zones by kind and status")
    expect(page.locator(".stat", has_text="Planned area")).to_contain_text("770.5 ha")

    # The choice is remembered on the next page, and switching back works the same way.
    page.goto("/zones/CCN-25-0001/")
    expect(page.locator("strong.big-number")).to_have_text("86.87\u00a0%")
    page.locator('.language-switch button[value="vi"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("#lifecycle-title")).to_have_text("Quá trình hình thành")
    expect(page.locator("strong.big-number")).to_have_text("86,87\u00a0%")


def test_find_phu_thanh_ii_on_the_national_map(vi_page: Page) -> None:
    page = vi_page
    page.goto("/")
    page.locator("a.cta").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng quan cả nước")

    marker = page.locator(f'#zone-map .leaflet-marker-icon[title^="{PHU_THANH_II} (CCN-25-0001)"]')
    expect(marker).to_have_count(1)
    marker.click()

    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_be_visible()
    expect(popup).to_contain_text(PHU_THANH_II)
    expect(popup).to_contain_text("Tỷ lệ lấp đầy: 86,87\u00a0%")
    popup.get_by_role("link", name=PHU_THANH_II).click()

    expect(page).to_have_url(re.compile(r"/zones/CCN-25-0001/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PHU_THANH_II)


def test_follow_a_figure_to_its_passage_in_the_source(en_page: Page, site: Site) -> None:
    page = en_page
    page.goto("/zones/CCN-25-0001/")

    page.locator(".profile").get_by_role("link", name="source", exact=True).click()

    anchor = f"figure-{site.occupancy_figure_id}"
    expect(page).to_have_url(re.compile(rf"/sources/seed-000/#{anchor}$"))
    passage = page.locator(f"mark#{anchor}")
    expect(passage).to_have_text(QUOTE)
    expect(passage).to_be_in_viewport()
    # The passage is the page's target, which the style highlights.
    expect(page.locator("mark:target")).to_have_attribute("id", anchor)


def test_export_the_filtered_list_as_csv(en_page: Page) -> None:
    page = en_page
    page.goto("/zones/?province=25&kind=cluster&ordering=-code")
    expect(page.locator("#result-count")).to_have_text("4 zones")

    with page.expect_download() as download_info:
        page.locator(".exports").get_by_role("link", name="CSV", exact=True).click()

    download = download_info.value
    assert download.suggested_filename == "zoneatlas-zones.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert [row["code"] for row in rows] == list(reversed(PHU_THO_CLUSTERS))
    assert rows[-1]["occupancy_pct"] == "86.87"


@dataclass(frozen=True)
class Officer:
    username: str
    password: str
    yesterday: dt.date


@pytest.fixture
def phu_tho_officer(site: Site) -> Officer:
    """Phú Thọ's DOIT officer, with the registry recorded a month ago (so that yesterday it was as loaded)."""
    password = "a-long-test-password"  # the one ``person`` gives
    person("phutho", {"role": "provincial_officer", "agency": "doit", "province": province("25")})
    then = timezone.now() - dt.timedelta(days=30)
    for model in (Zone, LifecycleEvent, PlanEntry, InfrastructureItem, WastewaterPlant, Observation):
        model.history.update(history_date=then)
    return Officer("phutho", password, timezone.localdate() - dt.timedelta(days=1))


def test_an_officer_renames_a_zone_and_finds_the_change_and_the_old_name(
    phu_tho_officer: Officer, en_page: Page
) -> None:
    # (The officer first: fixtures touch the database before the browser starts.)
    page = en_page
    new_name = "Cụm công nghiệp Phú Thành 2"
    heading = page.get_by_role("heading", level=1)

    # Given Phú Thọ's officer logged in on Phú Thành II's page
    page.goto("/accounts/login/?next=/zones/CCN-25-0001/")
    page.get_by_label("Username").fill(phu_tho_officer.username)
    page.get_by_label("Password").fill(phu_tho_officer.password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/zones/CCN-25-0001/$"))

    # when they rename it, saying why,
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Name (Vietnamese)").fill(new_name)
    page.get_by_label("Reason").fill("Decision 12/QĐ-UBND")
    page.get_by_role("button", name="Save the changes").click()

    # then the zone's page has the new name,
    expect(page).to_have_url(re.compile(r"/zones/CCN-25-0001/$"))
    expect(page.locator(".message.success")).to_have_text(f"The changes to {new_name} are saved.")
    expect(heading).to_contain_text(new_name)

    # its history says who changed it, from what to what and why,
    page.get_by_role("link", name="History", exact=True).click()
    newest = page.locator("tr.history-entry").first
    expect(newest.locator("td.who")).to_have_text("phutho")
    expect(newest.locator("td.changes")).to_have_text(f"Name (Vietnamese): {PHU_THANH_II} → {new_name}")
    expect(newest.locator("td.reason")).to_have_text("Decision 12/QĐ-UBND")

    # and the zone as it was yesterday has its old name.
    page.get_by_label("Show the zone as it was on").fill(phu_tho_officer.yesterday.isoformat())
    page.get_by_role("button", name="Show the zone on that day").click()
    expect(page).to_have_url(re.compile(rf"/zones/CCN-25-0001/\?as_of={phu_tho_officer.yesterday.isoformat()}$"))
    expect(page.locator("#as-of")).to_contain_text(f"As it was on {phu_tho_officer.yesterday:%-d %b %Y}")
    expect(heading).to_contain_text(PHU_THANH_II)
    page.get_by_role("link", name="Back to the zone today").click()
    expect(heading).to_contain_text(new_name)
