"""The Khánh Hòa dashboard in a real browser (Playwright, Debian's Chromium), in Vietnamese and in English: Song
Cau's and Khatoco Ninh Ich's 2024 occupancy targets with their status, progress and forecast, each drawn as a chart
with its target line; the kind filter."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from zoneatlas.demo.loading import load_demo
from zoneatlas.planning.models import Target
from zoneatlas.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, admin_units) -> dict[str, object]:
    """The live server with the demo data, and the ids of the two targets (read before the browser starts)."""
    require_chromium()
    load_demo()
    ids = dict(Target.objects.filter(external_ref__in=["S097", "S098"]).values_list("external_ref", "pk"))
    return {"url": live_server.url, **ids}


def browse(site: dict[str, object], locale: str) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(base_url=str(site["url"]), locale=locale, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def english(site) -> Iterator[Page]:
    yield from browse(site, "en-GB")


@pytest.fixture
def vietnamese(site) -> Iterator[Page]:
    yield from browse(site, "vi-VN")


def test_song_cau_and_khatoco_targets_in_english(english: Page, site) -> None:
    # Given a visitor on Khánh Hòa's page, when they open its dashboard,
    english.goto("/provinces/56/")
    english.get_by_role("link", name=re.compile("^Dashboard: targets and forecasts")).click()
    expect(english).to_have_url(re.compile(r"/provinces/56/dashboard/$"))

    # then Song Cau's target of about 45 % shows its progress, forecast and status, with its chart drawn,
    song_cau = english.locator(f"#target-{site['S097']}")
    expect(song_cau.locator("h3")).to_contain_text("Song Cau: occupancy about 45 % in 2024")
    expect(song_cau.locator(".target-status")).to_have_text("At risk")
    expect(song_cau.locator(".target-latest")).to_contain_text("33.67 % (30 Sep 2024")
    expect(song_cau.locator(".target-forecast")).to_contain_text("39.17 % by 31 Dec 2024")
    expect(song_cau.locator(".target-reason")).to_contain_text("against about 45 %: at risk by 5.83 pp")
    expect(song_cau.locator(".badge.synthetic").first).to_be_visible()
    expect(song_cau.locator(".target-chart svg")).to_have_count(1)
    expect(song_cau.locator(".target-chart")).to_contain_text("Target 45")
    # and Khatoco Ninh Ich's of about 75 %, on track with its pipeline.
    khatoco = english.locator(f"#target-{site['S098']}")
    expect(khatoco.locator(".target-status")).to_have_text("On track")
    expect(khatoco.locator(".target-latest")).to_contain_text("70 % (30 Sep 2024")
    expect(khatoco.locator(".target-forecast")).to_contain_text("82 % by 31 Dec 2024")
    expect(khatoco.locator(".target-chart")).to_contain_text("Target 75")

    # When they keep the parks only, Khánh Hòa's cluster targets are gone.
    english.get_by_label("Industrial park").check()
    english.get_by_role("button", name="Show").click()
    expect(english).to_have_url(re.compile(r"\?kind=park$"))
    expect(english.locator("article.target")).to_have_count(0)


def test_song_cau_and_khatoco_targets_in_vietnamese(vietnamese: Page, site) -> None:
    vietnamese.goto("/provinces/56/dashboard/")

    song_cau = vietnamese.locator(f"#target-{site['S097']}")
    expect(song_cau.locator("h3")).to_contain_text("CCN Sông Cầu: tỷ lệ lấp đầy khoảng 45 % năm 2024")
    expect(song_cau.locator(".target-latest")).to_contain_text("33,67 %")
    expect(song_cau.locator(".target-forecast")).to_contain_text("39,17 %")
    expect(song_cau.locator(".target-chart svg")).to_have_count(1)
    khatoco = vietnamese.locator(f"#target-{site['S098']}")
    expect(khatoco.locator("h3")).to_contain_text("CCN Khatoco Ninh Ích: tỷ lệ lấp đầy khoảng 75 % năm 2024")
    expect(khatoco.locator(".target-forecast")).to_contain_text("82 %")
