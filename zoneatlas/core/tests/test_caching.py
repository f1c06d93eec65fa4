"""The registry version: changed once by every committed write of registry data, by whatever path it came."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext

from zoneatlas.core import caching
from zoneatlas.core.models import RegistryVersion
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.models import Document
from zoneatlas.zones.management.commands.generate import generate_national


def document(code):
    return Document.objects.create(code=code, title=f"Report {code}", published_on=dt.date(2025, 5, 1))


def test_the_version_is_zero_until_the_first_change_then_new_at_every_change(db):
    RegistryVersion.objects.all().delete()
    assert RegistryVersion.read() == 0

    values = [RegistryVersion.change() for _ in range(3)]

    assert len(set(values)) == 3
    assert 0 not in values
    assert RegistryVersion.read() == values[-1]
    assert RegistryVersion.objects.count() == 1


def test_every_registry_model_is_watched_and_history_records_are_not(db):
    watched = {model._meta.label for model in apps.get_models() if caching.is_registry_model(model)}

    assert {"zones.Zone", "zones.LifecycleEvent", "figures.Observation", "sources.Document", "geo.AdminUnit"} <= watched
    assert "accounts.Grant" in watched
    assert not {"zones.HistoricalZone", "accounts.ApiToken", "auth.User", "core.RegistryVersion"} & watched
    for label in watched:
        model = apps.get_model(label)
        assert post_save.has_listeners(model), label
        assert post_delete.has_listeners(model), label


def test_a_write_in_a_transaction_changes_the_version_once_when_it_commits(db, django_capture_on_commit_callbacks):
    before = RegistryVersion.read()

    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        first, second = document("report-1"), document("report-2")
        second.delete()
        first.title = "Report 1, revised"
        first.save()
    assert len(callbacks) == 4
    assert RegistryVersion.read() == before  # nothing committed yet

    with CaptureQueriesContext(connection) as captured:
        for callback in callbacks:
            callback()

    assert RegistryVersion.read() != before
    assert len([q for q in captured.captured_queries if q["sql"].startswith("UPDATE")]) == 1


def test_a_write_outside_a_transaction_changes_the_version_at_once(transactional_db):
    before = RegistryVersion.read()

    document("report-1")

    assert RegistryVersion.read() != before


def test_a_rolled_back_savepoint_takes_only_its_own_callbacks(db, django_capture_on_commit_callbacks):
    before = RegistryVersion.read()

    with django_capture_on_commit_callbacks(execute=True):
        document("kept")
        try:
            with transaction.atomic():
                document("dropped")
                raise RuntimeError("refused")
        except RuntimeError:
            pass

    assert RegistryVersion.read() != before
    assert list(Document.objects.filter(code__in=["kept", "dropped"]).values_list("code", flat=True)) == ["kept"]


def test_bulk_paths_change_the_version_too(db, django_capture_on_commit_callbacks):
    before = RegistryVersion.read()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        generate_national(seed=5, parks=1, clusters=2)

    assert callbacks
    assert RegistryVersion.read() != before
    assert AdminUnit.objects.exists()
