"""A zone field the province keeps internal does not come back through the tenant views: occupancy derived from
leases would reveal a withheld occupancy or industrial land (leased ÷ land)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from zoneatlas.accounts.models import Grant
from zoneatlas.zones.models import InternalZoneField, Zone

HOP_THANH = "CCN-20-0001"  # Hợp Thành No. 2, Lạng Sơn: 11 synthetic leases, 94.00 % derived


@pytest.fixture
def withheld(demo):
    zone = Zone.objects.get(code=HOP_THANH)
    InternalZoneField.objects.create(province=zone.province, field="industrial_land_ha", reason="to be surveyed")
    return zone


def test_the_public_gets_no_derived_occupancy_when_the_industrial_land_is_withheld(withheld):
    body = APIClient(HTTP_ACCEPT_LANGUAGE="en").get(f"/api/v1/zones/{HOP_THANH}/tenants/").json()

    assert body["occupancy"] is None
    assert body["tenants"]["projects"] == 11  # the tenant records themselves stay public


def test_the_public_page_says_the_occupancy_is_not_published(withheld, client):
    page = client.get(f"/zones/{HOP_THANH}/tenants/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "The province does not publish the occupancy or the industrial land of its zones." in page
    assert "Derived from leases" not in page


def test_an_officer_of_the_province_still_gets_the_derived_occupancy(withheld):
    officer = get_user_model().objects.create_user("ls", "ls@example.org", "a-long-test-password")
    Grant.objects.create(user=officer, role="provincial_officer", agency="doit", province=withheld.province)
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    api.force_authenticate(officer)

    derived = api.get(f"/api/v1/zones/{HOP_THANH}/tenants/").json()["occupancy"]["derived"]

    assert (derived["rate_pct"], derived["industrial_land_ha"]) == ("94.00", "6.5000")
