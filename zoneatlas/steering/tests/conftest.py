"""Fixtures of the steering tests: the demo registry (with its obstacles and meetings), personas, a frozen today.

Today is 26 November 2026 in every test: the seed's deadline (end of 2024) is then 695 days past. Messages are
asserted in English (the msgids).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from zoneatlas.accounts.tests.conftest import person, province
from zoneatlas.demo.loading import load_demo
from zoneatlas.zones.models import Zone

TODAY = dt.date(2026, 11, 26)
KHANH_HOA = "56"
PHU_THO = "25"
DIEN_THO, TRANG_E_2, NINH_XUAN, PHU_THANH = "CCN-56-0001", "CCN-56-0002", "CCN-56-0003", "CCN-25-0001"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Generated reports and uploaded minutes go to the test's own folder, not var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db: None) -> object:
    return load_demo()


@pytest.fixture
def personas(demo: object) -> dict[str, Any]:
    """A national officer; DOIT officers of Khánh Hòa, Phú Thọ and Lạng Sơn; Khánh Hòa's IP board officer; the
    developer of Phú Thành II."""
    return {
        "national": person("national", {"role": "national_officer"}),
        "khanh_hoa": person("khanhhoa", {"role": "provincial_officer", "agency": "doit", "province": province("56")}),
        "kh_board": person("khboard", {"role": "provincial_officer", "agency": "ip_board", "province": province("56")}),
        "phu_tho": person("phutho", {"role": "provincial_officer", "agency": "doit", "province": province("25")}),
        "lang_son": person("langson", {"role": "provincial_officer", "agency": "doit", "province": province("20")}),
        "developer": person("developer", {"role": "developer", "zone": Zone.objects.get(code=PHU_THANH)}),
    }


def client_for(user: Any = None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client
