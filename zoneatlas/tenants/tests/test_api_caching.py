"""Cached tenant answers are never stale after a bulk import or ``generate tenants``, in any process.

The bulk paths write with ``bulk_create``, ``bulk_update`` and (on PostgreSQL) ``COPY``, which send no signal: they
change the registry version themselves. ``as_another_process`` forgets what this process knows of its own writes,
so only the version in the database can tell the cache the data changed, as in a second gunicorn worker.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from zoneatlas.core import caching
from zoneatlas.tenants.imports import import_projects, import_rates
from zoneatlas.tenants.tests.test_import_projects import CLEAN as CLEAN_PROJECTS
from zoneatlas.tenants.tests.test_import_projects import rates, zones  # noqa: F401 - fixtures
from zoneatlas.tenants.tests.test_import_projects import write_csv as write_projects
from zoneatlas.tenants.tests.test_import_rates import CLEAN as CLEAN_RATES
from zoneatlas.tenants.tests.test_import_rates import write_csv as write_rates

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_api_cache():
    caches["api"].clear()
    yield
    caches["api"].clear()


@pytest.fixture
def as_another_process(monkeypatch):
    def forget(generation: int) -> None:
        monkeypatch.setattr(caching, "_local_generation", generation)

    return forget


def test_an_exchange_rate_import_shows_in_the_next_answer_in_every_process(
    tmp_path: Path, django_capture_on_commit_callbacks, as_another_process
):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    assert client.get("/api/v1/exchange-rates/?currency=JPY").json()["count"] == 0
    generation = caching._local_generation

    with django_capture_on_commit_callbacks(execute=True):
        report = import_rates(write_rates(tmp_path / "rates.csv", CLEAN_RATES))
    assert report.errors == []
    as_another_process(generation)

    listed = client.get("/api/v1/exchange-rates/?currency=JPY").json()["results"]
    assert [(rate["valid_from"], rate["vnd_per_unit"]) for rate in listed] == [("2024-06-01", "160.500000")]


@pytest.mark.usefixtures("zones", "rates")
def test_a_project_import_shows_in_the_next_answer_in_every_process(
    tmp_path: Path, django_capture_on_commit_callbacks, as_another_process
):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    before = client.get("/api/v1/projects/").json()
    summary = client.get("/api/v1/provinces/20/tenants/").json()
    assert (before["count"], summary["projects"]) == (0, 0)
    generation = caching._local_generation

    with django_capture_on_commit_callbacks(execute=True):
        report = import_projects(write_projects(tmp_path / "projects.csv", CLEAN_PROJECTS))
    assert report.errors == []
    as_another_process(generation)

    assert client.get("/api/v1/projects/").json()["count"] == 3
    assert client.get("/api/v1/provinces/20/tenants/").json()["projects"] == 1  # the other two are in Phú Thọ


@pytest.mark.usefixtures("zones")
def test_a_cached_list_is_served_again_with_the_registry_version_read_only(django_assert_num_queries):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    first = client.get("/api/v1/leases/")

    with django_assert_num_queries(1):  # the registry version
        again = client.get("/api/v1/leases/")

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
