"""The checks page in a real browser: from the province page to its establish answer, and a cluster's expansion,
each answer swapped in place by HTMX. Debian's Chromium through Playwright, as the portal's browser tests."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from zoneatlas.demo.loading import load_demo
from zoneatlas.portal.tests.test_browser import CHROMIUM, CHROMIUM_ARGS, require_chromium

pytestmark = pytest.mark.browser


@pytest.fixture
def page(live_server, admin_units) -> Iterator[Page]:
    """An English-speaking visitor on the live server with the demo registry (loaded before the browser starts)."""
    require_chromium()
    load_demo()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def test_from_phu_tho_to_its_establish_answer_then_a_cluster_expansion(page: Page) -> None:
    # Given the visitor on Phú Thọ's page, when they follow the legal check,
    page.goto("/provinces/25/")
    page.get_by_role("link", name=re.compile("May a new industrial cluster be established here")).click()

    # then the answer for Phú Thọ today cannot tell, and says why for each of its four clusters.
    expect(page).to_have_url(re.compile(r"/checks/establish/\?province=25$"))
    answer = page.locator("#establish-answer")
    expect(answer.locator(".under-confirmed .verdict-line .verdict")).to_have_text("Cannot tell")
    expect(answer.locator(".under-confirmed ul.missing li")).to_have_count(4)
    expect(answer.locator(".pending-title")).to_contain_text("Under the pending Decree 303/2026 values")

    # When they ask about Lạng Sơn on 26 November 2026, the answer changes in place (HTMX), address included;
    page.select_option("#id_establish_province", "20")
    page.fill("#id_establish_on", "2026-11-26")
    page.locator("#establish-form").get_by_role("button", name="Check").click()
    expect(page).to_have_url(re.compile(r"/checks/establish/\?(?=.*province=20)(?=.*on=2026-11-26)"))
    expect(answer.locator(".under-confirmed .verdict-line .verdict")).to_have_text("Met")
    expect(answer).to_contain_text("Σ leased 6.11 ha ÷ Σ industrial land 6.5 ha = 94 %")

    # and for the expansion of Phú Thành II to 60 ha, each condition with its result.
    page.fill("#id_expand_code", "CCN-25-0001")
    page.fill("#id_expand_area_after", "60")
    page.fill("#id_expand_on", "2026-11-26")
    page.locator("#expand-form").get_by_role("button", name="Check").click()
    expand = page.locator("#expand-answer .under-confirmed")
    expect(expand.locator("tr.condition .verdict")).to_have_text(
        ["Met", "Met", "Cannot tell", "Cannot tell", "Cannot tell"]
    )
    expect(expand.locator('tr.condition[data-key="occupancy"]')).to_contain_text(
        "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%"
    )
    # The establish answer is still there: each form swaps only its own answer.
    expect(answer.locator(".under-confirmed .verdict-line .verdict")).to_have_text("Met")
