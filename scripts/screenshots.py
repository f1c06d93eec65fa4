"""Retake the screenshots of the user docs (``docs/screenshots/``) with Playwright and Debian's Chromium.

A development-time script. By default it prepares the database as ``make run`` does (migrate, load the demo data),
serves the site on a free local port, takes every screenshot and stops the server::

    .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # a server already running the demo

The reporting pages need two signed-in demo accounts (``developer``, ``phutho``, made for the screenshots only) and a
returned report: the script adds them to the database it prepares (``PREPARE_REPORTING``); with ``--url``, run that
snippet with ``zoneatlas shell -c`` against the server's database first.

The browser is ``/usr/bin/chromium`` (``apt-get install -y chromium``), never a downloaded one.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
PHU_THANH_II = "Cụm công nghiệp Phú Thành II"


@dataclass(frozen=True)
class Shot:
    name: str
    locale: str
    steps: Callable[[Page], None]
    full_page: bool = True
    viewport: dict[str, int] | None = None


def _goto(path: str) -> Callable[[Page], None]:
    def steps(page: Page) -> None:
        page.goto(path)
        page.wait_for_load_state("networkidle")

    return steps


def _overview(page: Page) -> None:
    page.goto("/provinces/")
    page.wait_for_selector("#zone-map .leaflet-marker-icon")


def _map_with_popup(page: Page) -> None:
    page.goto("/map/")
    page.locator(f'.leaflet-marker-icon[title^="{PHU_THANH_II} ("]').click()
    page.wait_for_selector(".leaflet-popup-content")
    page.wait_for_timeout(400)  # the popup fades in


def _source_passage(page: Page) -> None:
    page.goto("/zones/CCN-25-0001/")
    page.locator(".profile").get_by_role("link", name="nguồn", exact=True).click()
    page.wait_for_selector("mark:target")


def _zones(page: Page) -> None:
    page.goto("/zones/?province=25&ordering=-occupancy")
    page.wait_for_load_state("networkidle")


def _dashboard(page: Page) -> None:
    page.goto("/provinces/56/dashboard/")
    page.wait_for_selector("#target-chart-6 svg, .target-chart svg")
    page.wait_for_timeout(400)  # the charts draw their lines


# Reporting pages are for signed-in users: two demo accounts, made by ``_prepare_reporting`` for the screenshots only.
SCREENSHOT_PASSWORD = "screenshots-only-password"  # noqa: S105 (a throwaway account on a local demo database)
PREPARE_REPORTING = f"""
from django.contrib.auth import get_user_model
from zoneatlas.accounts.models import Grant
from zoneatlas.geo.models import AdminUnit
from zoneatlas.reporting import services
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.zones.models import Zone
users = get_user_model().objects
zone = Zone.objects.get(code="CCN-25-0001")
phu_tho = AdminUnit.objects.get(era="current", level="province", code="25")
for name, grant in (("developer", dict(role="developer", zone=zone)),
                    ("phutho", dict(role="provincial_officer", agency="doit", province=phu_tho))):
    if not users.filter(username=name).exists():
        Grant.objects.create(user=users.create_user(name, name + "@example.org", "{SCREENSHOT_PASSWORD}"), **grant)
report = ExpectedReport.objects.get(form__code="CCN-02", period_label="2026-H1", zone=zone)
values = dict(
    infra_capital_approved_bn_vnd="350", infra_capital_disbursed_bn_vnd="290.5", industrial_land_ha="40",
    industrial_land_ready_ha="38", leased_land_ha="34.75", occupancy_pct="86.87", tenant_projects=12,
    tenant_projects_fdi=3, tenant_projects_operating=10, revenue_bn_vnd="1250.5", budget_payments_bn_vnd="45.2",
    workers=1830, average_income_mn_vnd="8.6", wwtp_built=False, wwtp_meets_standard=False,
)
if not hasattr(report, "submission"):
    services.submit(report, user=users.get(username="developer"), values=values)
    comment = "Sổ đăng ký ghi 2 dự án FDI, không phải 3."
    services.return_with_comment(report, user=users.get(username="phutho"), comment=comment)
"""


def _signed_in(username: str, path: str, wait_for: str = "main h1") -> Callable[[Page], None]:
    def steps(page: Page) -> None:
        page.goto(f"/accounts/login/?next={path}")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(SCREENSHOT_PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_selector(wait_for)

    return steps


def _report_page(page: Page) -> None:
    _signed_in("developer", "/reporting/")(page)
    page.locator("table.reports a", has_text="CCN-02").first.click()
    page.wait_for_selector("#review-comment")


def _obstacle_page(page: Page) -> None:
    page.goto("/obstacles/?province=56")
    page.locator("#obstacle-results a[href^='/obstacles/']").first.click()
    page.wait_for_url("**/obstacles/*/")
    page.wait_for_selector("main h1")


def _meeting_page(page: Page) -> None:
    _signed_in("phutho", "/steering/meetings/")(page)
    page.locator("main table a").first.click()
    page.wait_for_selector("#decisions")


SHOTS = [
    Shot("overview.png", "vi-VN", _overview, full_page=False, viewport={"width": 1280, "height": 1500}),
    Shot("zones.png", "vi-VN", _zones),
    Shot("zone.png", "vi-VN", _goto("/zones/CCN-25-0001/")),
    Shot("zone-phone.png", "vi-VN", _goto("/zones/CCN-25-0001/"), full_page=False, viewport=PHONE),
    Shot("source.png", "vi-VN", _source_passage, full_page=False),
    Shot("province.png", "vi-VN", _goto("/provinces/17/"), full_page=False, viewport={"width": 1280, "height": 1400}),
    Shot(
        "province-en.png", "en-GB", _goto("/provinces/20/"), full_page=False, viewport={"width": 1280, "height": 1400}
    ),
    Shot("map.png", "vi-VN", _map_with_popup, full_page=False),
    Shot(
        "projects.png",
        "vi-VN",
        _goto("/projects/?province=20&ordering=-capital"),
        full_page=False,
        viewport={"width": 1280, "height": 1700},
    ),
    Shot("reporting-mine-en.png", "en-GB", _signed_in("developer", "/reporting/"), full_page=False),
    Shot("reporting-report-vi.png", "vi-VN", _report_page),
    Shot("reporting-report-en.png", "en-GB", _report_page),
    Shot("reporting-completeness-en.png", "en-GB", _signed_in("phutho", "/reporting/completeness/?period=2026-H1")),
    Shot("reporting-completeness-vi.png", "vi-VN", _signed_in("phutho", "/reporting/completeness/?period=2026-H1")),
    Shot("reporting-calendar-vi.png", "vi-VN", _goto("/reporting/calendar/?year=2026"), full_page=False),
    Shot("dashboard.png", "vi-VN", _dashboard, full_page=False, viewport={"width": 1280, "height": 2200}),
    Shot("dashboard-en.png", "en-GB", _dashboard, full_page=False, viewport={"width": 1280, "height": 2200}),
    Shot("obstacles.png", "vi-VN", _goto("/obstacles/?province=56"), full_page=False),
    Shot("obstacles-en.png", "en-GB", _goto("/obstacles/?province=56"), full_page=False),
    Shot("obstacle-en.png", "en-GB", _obstacle_page),
    Shot("steering-meeting-vi.png", "vi-VN", _meeting_page),
    Shot("province-report-en.png", "en-GB", _signed_in("phutho", "/provinces/25/report/"), full_page=False),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve() -> Iterator[str]:
    """The site with the demo data on a free local port, as ``make run`` prepares it."""
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], check=True, cwd=ROOT)  # noqa: S603
    subprocess.run([*manage, "demo"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    subprocess.run([*manage, "shell", "-v", "0", "-c", PREPARE_REPORTING], check=True, cwd=ROOT)  # noqa: S603
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{port}"], cwd=ROOT)  # noqa: S603
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url + "/", timeout=1)  # noqa: S310 (a local address we just started)
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"The development server did not answer at {url}.")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def take(url: str, names: set[str] | None) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for shot in SHOTS:
                if names and shot.name not in names:
                    continue
                context = browser.new_context(
                    base_url=url, locale=shot.locale, viewport=shot.viewport or DESKTOP, device_scale_factor=1
                )
                page = context.new_page()
                shot.steps(page)
                page.screenshot(path=OUT / shot.name, full_page=shot.full_page, animations="disabled")
                context.close()
                print(f"docs/screenshots/{shot.name}")
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a server already running the demo data (default: start one)")
    parser.add_argument("names", nargs="*", help="only these screenshots, e.g. map.png")
    args = parser.parse_args()
    names = set(args.names) or None
    if args.url:
        take(args.url.rstrip("/"), names)
    else:
        with serve() as url:
            take(url, names)


if __name__ == "__main__":
    main()
