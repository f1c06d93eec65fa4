"""The demo's illustrative tenants reproduce the published counts and occupancy, and show where they differ."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from zoneatlas.demo.loading import load_demo
from zoneatlas.tenants.models import Investor, Lease, Project, ProjectStatusEvent
from zoneatlas.zones.models import Zone


@pytest.fixture
def demo(db):
    return load_demo()


def tenants_of(name_en):
    code = Zone.objects.get(name_en=name_en).code
    response = APIClient().get(f"/api/v1/zones/{code}/tenants/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()


def test_hop_thanh_no_2_derives_the_reported_94_percent_and_11_businesses(demo):
    data = tenants_of("Industrial Cluster No. 2 (Hop Thanh commune)")
    occupancy = data["occupancy"]
    assert occupancy["reported"]["value"] == "94.0000"
    assert occupancy["reported"]["source"] == "seed-002"
    assert occupancy["derived"]["rate_pct"] == "94.00"
    assert occupancy["derived"]["leased_ha"] == "6.1100"
    assert occupancy["derived"]["industrial_land_ha"] == "6.5000"
    assert occupancy["derived"]["on"] == "2021-05-31"
    assert occupancy["disagrees"] is False
    published = {(row["figure"]["metric"], row["figure"]["status"]): row for row in data["published_vs_records"]}
    businesses = published[("enterprise_count", "stable_production")]
    assert (businesses["figure"]["value"], businesses["computed"], businesses["agrees"]) == ("11.0000", "11", True)
    assert businesses["computed_from"] == "11 project records as they stood on 2021-05-31 (11 synthetic)"
    assert data["tenants"]["projects"] == 11
    assert data["tenants"]["synthetic_projects"] == 11


def test_dong_banh_leases_disagree_with_the_reported_60_percent(demo):
    data = tenants_of("Dong Banh Industrial Park")
    occupancy = data["occupancy"]
    assert (occupancy["reported"]["value"], occupancy["derived"]["rate_pct"]) == ("60.0000", "52.00")
    assert occupancy["difference_pp"] == "-8.00"
    assert occupancy["disagrees"] is True
    rows = {
        (row["figure"]["metric"], row["figure"]["status"], row["figure"]["unit"]): (row["computed"], row["agrees"])
        for row in data["published_vs_records"]
    }
    assert rows == {
        ("project_count", "", "count"): ("4", True),
        ("project_count", "stable_production", "count"): ("2", True),
        ("project_count", "in_procedure", "count"): ("2", True),
        # about 1,700 billion VND: 800 + 20 million USD at 23,200 (464) + 306 + 130
        ("registered_capital", "", "VND"): ("1700000000000", True),
    }
    # The fruit processor leased 5 ha in March 2019 and has not started building: idle land.
    assert [(row["plot"], row["area_ha"], row["is_synthetic"]) for row in data["idle_land"]] == [
        ("CN-C3", "5.0000", True)
    ]
    funding = data["funding"]
    assert [(row["source"], row["year"], row["approved_vnd"], row["document"]["code"]) for row in funding] == [
        ("local_budget", 2021, 200_000_000_000, "seed-002")
    ]


def test_hong_phong_has_five_operating_enterprises_and_30_percent(demo):
    data = tenants_of("Hong Phong Industrial Park")
    assert data["occupancy"]["derived"]["rate_pct"] == "30.00"
    assert data["occupancy"]["disagrees"] is False
    (row,) = data["published_vs_records"]
    assert (row["figure"]["metric"], row["computed"], row["agrees"]) == ("enterprise_count", "5", True)
    assert data["tenants"]["fdi_projects"] == 1


def test_the_korean_investment_is_converted_at_the_2019_rate_and_says_so(demo):
    project = Project.objects.get(name_en="Electronic components plant")
    assert project.investor.is_fdi is True
    assert project.registered_capital_vnd == 464_000_000_000
    assert project.registered_capital_usd == Decimal("20000000.00")
    assert project.registered_rate.valid_from == dt.date(2019, 1, 1)
    body = APIClient().get(f"/api/v1/projects/{project.pk}/").json()
    assert body["registered_capital"] == {
        "amount": "20000000.00",
        "currency": "USD",
        "vnd": 464000000000,
        "usd": "20000000.00",
        "rate_date": "2019-05-15",
        "rate": {
            "id": project.registered_rate_id,
            "currency": "USD",
            "valid_from": "2019-01-01",
            "valid_to": "2019-12-31",
            "vnd_per_unit": "23200.000000",
            "source": "illustrative yearly rate (synthetic demo data)",
        },
        "usd_rate": None,
    }
    assert body["is_synthetic"] is True
    assert [step["status"] for step in body["history"]] == ["registered", "approved", "under_construction", "operating"]


def test_every_illustrative_record_is_marked_synthetic(demo):
    assert Project.objects.count() == Project.objects.filter(is_synthetic=True).count() == 20
    assert Investor.objects.filter(is_synthetic=False).count() == 0
    assert Lease.objects.filter(is_synthetic=False).count() == 0
    assert set(Project.objects.values_list("document__code", flat=True)) == {"synthetic-tenants"}


def test_loading_the_demo_again_adds_nothing(demo):
    counts = (
        Project.objects.count(),
        Lease.objects.count(),
        Investor.objects.count(),
        ProjectStatusEvent.objects.count(),
    )
    load_demo()
    assert (
        Project.objects.count(),
        Lease.objects.count(),
        Investor.objects.count(),
        ProjectStatusEvent.objects.count(),
    ) == counts
