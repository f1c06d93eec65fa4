"""The back office opens every registered model, and shows its change history."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from zoneatlas.demo.loading import load_demo

MODELS = [
    model for model in admin.site._registry if model._meta.app_label.startswith(("geo", "zones", "figures", "sources"))
]


@pytest.fixture
def staff_client(client, db):
    load_demo()
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def test_every_domain_model_has_an_admin():
    names = sorted(f"{m._meta.app_label}.{m.__name__}" for m in MODELS)
    assert names == [
        "figures.Observation",
        "geo.AdminUnit",
        "geo.UnitSuccession",
        "sources.Document",
        "zones.InternalZoneField",
        "zones.LifecycleEvent",
        "zones.Plan",
        "zones.WastewaterPlant",
        "zones.Zone",
        "zones.ZoneGroup",
    ]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_add_pages_open(staff_client, model):
    opts = model._meta
    assert staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    # Administrative units are reference data loaded from the official list: read-only in the back office.
    expected = 403 if model.__name__ == "AdminUnit" else 200
    assert staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == expected


def test_zone_history_page_lists_the_change(staff_client):
    from zoneatlas.zones.models import Zone

    zone = Zone.objects.get(code="CCN-25-0001")
    before = zone.history.count()
    zone.name_en = "Phu Thanh 2 Industrial Cluster"
    zone.save()
    page = staff_client.get(reverse("admin:zones_zone_history", args=[zone.pk]))
    assert page.status_code == 200
    assert zone.history.count() == before + 1
    latest = zone.history.latest()
    assert (latest.history_type, latest.name_en) == ("~", "Phu Thanh 2 Industrial Cluster")
    assert latest.diff_against(latest.prev_record).changed_fields == ["name_en"]
