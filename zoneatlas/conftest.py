"""Project-wide pytest fixtures.

The administrative units of both eras are reference data every app relies on (a zone is in a
commune, a figure was reported for a legacy district): they are loaded once per test database, at
session start, so every test sees the 14,149 units and the crosswalk without loading them itself.
Tests run in transactions rolled back at the end, which leaves the units in place; a test using
``transactional_db`` truncates every table, and should call ``load_admin_units()`` itself if a later
part of it needs them.
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


@pytest.fixture(autouse=True)
def _fresh_admin_unit_index() -> Iterator[None]:
    """Each test starts and ends with an empty resolver index, so that units a test creates are seen."""
    clear_cache()
    yield
    clear_cache()
