"""Fixtures of the rules and checks tests: the demo registry, the shipped rules, and small explicit clusters.

Messages are asserted in English (the msgids): every test runs with English active, whatever the translation
catalogue holds. The day asked about is always given: 26 November 2026 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.loading import load_rules
from zoneatlas.sources.models import Document
from zoneatlas.zones.models import LifecycleEvent, Zone
from zoneatlas.zones.services import refresh_status

ON = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def demo(db: None) -> object:
    """The demo registry of the five seed reports (it loads the rules too)."""
    from zoneatlas.demo.loading import load_demo

    return load_demo()


@pytest.fixture
def rules(db: None) -> object:
    """The shipped rules, without the demo registry."""
    return load_rules()


def unit(level: str, code: str, era: str = "current") -> AdminUnit:
    return AdminUnit.objects.get(era=era, level=level, code=code)


@pytest.fixture
def document(db: None) -> Document:
    return Document.objects.create(
        code="test-report", title="Provincial DOIT report (test)", text="Test figures.", as_of=dt.date(2026, 6, 30)
    )


def cluster(code: str, province: str = "20", established: dt.date | None = dt.date(2024, 6, 1), **fields: Any) -> Zone:
    """A cluster of today's province, established on the day given (None: only planned)."""
    zone = Zone.objects.create(
        code=code, kind="cluster", name=f"Cụm {code}", province=unit("province", province), **fields
    )
    LifecycleEvent.objects.create(zone=zone, status="planned", effective_on=dt.date(2020, 1, 1))
    if established is not None:
        LifecycleEvent.objects.create(zone=zone, status="established", effective_on=established)
    refresh_status([zone])
    zone.refresh_from_db()
    return zone


def occupancy(
    zone: Zone, document: Document, rate: str, as_of: dt.date = dt.date(2026, 6, 30), **parts: Any
) -> Observation:
    """A published occupancy figure, with its two parts when given (leased_ha, industrial_land_ha)."""
    return Observation.objects.create(
        scope_type="zone",
        zone=zone,
        metric="occupancy_pct",
        value=Decimal(rate),
        unit="%",
        qualifiers=["exact"],
        as_of=as_of,
        document=document,
        quote=f"{zone.code} occupancy {rate}%",
        **{key: Decimal(value) for key, value in parts.items()},
    )


# After a browser test has truncated every table (``live_server``), the administrative units are loaded again for
# the tests that run next in the same worker: the portal's hook, applied to this directory too.
from zoneatlas.portal.tests.conftest import pytest_runtest_teardown  # noqa: E402, F401
