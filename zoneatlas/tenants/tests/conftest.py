"""Zones, investors and projects for tenant tests, built directly (the demo has its own tests)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from zoneatlas.geo.models import AdminUnit
from zoneatlas.tenants.models import ExchangeRate, Investor, Lease, Project, ProjectStatusEvent
from zoneatlas.tenants.money import RateBook
from zoneatlas.tenants.services import convert_capital, refresh_projects
from zoneatlas.zones.models import Zone


def province(code: str, era: str = "current") -> AdminUnit:
    return AdminUnit.objects.get(era=era, level="province", code=code)


def make_zone(code: str, province_code: str = "20", **fields: Any) -> Zone:
    return Zone.objects.create(
        code=code, kind="cluster", name=f"Cụm {code}", province=province(province_code), **fields
    )


def make_project(zone: Zone, investor: Investor, name: str, *steps: tuple[str, dt.date], **fields: Any) -> Project:
    project = Project(zone=zone, investor=investor, name=name, **fields)
    if project.registered_capital is not None:
        convert_capital(project, RateBook())
    project.save()
    for status, day in steps:
        ProjectStatusEvent.objects.create(project=project, status=status, effective_on=day)
    refresh_projects([project])
    project.refresh_from_db()
    return project


def lease(zone: Zone, plot: str, hectares: str, start: dt.date, **fields: Any) -> Lease:
    return Lease.objects.create(zone=zone, plot=plot, area_ha=Decimal(hectares), start_date=start, **fields)


@pytest.fixture
def usd_rates(db: None) -> ExchangeRate:
    return ExchangeRate.objects.create(
        currency="USD", valid_from=dt.date(2015, 1, 1), valid_to=dt.date(2030, 12, 31), vnd_per_unit=25000, source="t"
    )


@pytest.fixture
def demo(db: None) -> object:
    from zoneatlas.demo.loading import load_demo

    return load_demo()


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    """Messages in English, as the assertions are written (the site's default language is Vietnamese)."""
    with translation.override("en"):
        yield


# After a browser test has truncated every table (``live_server``), the administrative units are loaded again for
# the tests that run next in the same worker: the portal's hook, applied to this directory too.
from zoneatlas.portal.tests.conftest import pytest_runtest_teardown  # noqa: E402, F401
