"""Project-wide pytest fixtures.

The administrative units of both eras are reference data every app relies on (a zone is in a
commune, a figure was reported for a legacy district): they are loaded once per test database, at
session start, so every test sees the 14,149 units and the crosswalk without loading them itself.
Tests run in transactions rolled back at the end, which leaves the units in place. A test that runs
outside a transaction (``transactional_db``, ``live_server``) truncates every table when it ends: the
ones after it that need units should request the ``admin_units`` fixture, which loads them again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from zoneatlas.geo.loading import load_admin_units
from zoneatlas.geo.services import clear_cache


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database, plus the administrative units (skipped when already there)."""
    with django_db_blocker.unblock():
        load_admin_units()


@pytest.fixture
def admin_units(django_db_blocker: Any) -> None:
    """The units, loaded again if a test outside a transaction truncated them (a no-op otherwise)."""
    with django_db_blocker.unblock():
        load_admin_units()


@pytest.fixture
def fresh_admin_unit_index() -> Iterator[None]:
    """An empty resolver index before and after the test, for tests that create or change units.

    The index is built once per process and kept across tests (the units do not change between them),
    which saves rebuilding it (~0.4 s) in every test that resolves a place.
    """
    clear_cache()
    yield
    clear_cache()
