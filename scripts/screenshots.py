"""Retake the screenshots of the user docs (``docs/screenshots/``) with Playwright and Debian's Chromium.

A development-time script. By default it prepares the database as ``make run`` does (migrate, load the demo data),
serves the site on a free local port, takes every screenshot and stops the server::

    .venv/bin/python scripts/screenshots.py
    .venv/bin/python scripts/screenshots.py --url http://127.0.0.1:8000   # a server already running the demo

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
