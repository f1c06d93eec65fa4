"""Indicators of a zone, a province and the nation from approved reports, each with its formula and inputs.

Phú Thọ for 2026-H1 as in test_summaries: Phú Thành II and Thanh Nông have approved form 02 reports; four clusters
operate; only Thanh Nông's plant meets the standard.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from zoneatlas.reporting import indicators
from zoneatlas.reporting.tests.conftest import PHU_THANH
from zoneatlas.reporting.tests.test_summaries import phu_tho  # noqa: F401  (the fixture)
from zoneatlas.zones.models import Zone

URL = reverse("reporting-indicators")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def api(user=None):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_authenticate(user)
    return client


def test_the_province_indicators_are_ratios_of_sums(phu_tho):  # noqa: F811
    found = indicators.compute(indicators.PROVINCE, "2026-H1", unit=phu_tho["unit"])
    assert {value.code: value.value for value in found.values} == {
        "occupancy_pct": Decimal("74.33"),  # 55.75 ÷ 75 ha
        "capital_per_ha_bn_vnd": Decimal("5.87"),  # 440.5 bn VND ÷ 75 ha
        "jobs_per_ha": Decimal("43.59"),  # 2,430 ÷ 55.75 ha
        "average_income_mn_vnd": Decimal("8.23"),
        "fdi_share_pct": Decimal("23.53"),  # 4 ÷ 17
        "wwtp_coverage_pct": Decimal("25.00"),  # 1 of 4 operating clusters
    }
    occupancy = found.value("occupancy_pct")
    assert occupancy.inputs == {"leased_land_ha": Decimal("55.75"), "industrial_land_ha": Decimal("75.0000")}
    assert occupancy.formula == (
        "industrial land leased ÷ industrial land × 100, over the operating clusters (Decree 32/2024 Art. 2.7)"
    )
    assert found.value("wwtp_coverage_pct").inputs == {"compliant_clusters": 1, "operating_clusters": 4, "reporting": 2}
    assert (found.clusters, found.synthetic_clusters) == (6, 0)


def test_a_zones_indicators_come_from_its_own_report(phu_tho):  # noqa: F811
    zone = Zone.objects.get(code=PHU_THANH)
    found = indicators.compute(indicators.ZONE, "2026-H1", zone=zone)
    assert {value.code: value.value for value in found.values} == {
        "occupancy_pct": Decimal("86.88"),  # 34.75 ÷ 40 ha
        "capital_per_ha_bn_vnd": Decimal("7.26"),
        "jobs_per_ha": Decimal("52.66"),
        "average_income_mn_vnd": Decimal("8.60"),
        "fdi_share_pct": Decimal("25.00"),
        "wwtp_coverage_pct": Decimal("0.00"),
    }


def test_a_zone_without_an_approved_report_has_no_ratios(phu_tho):  # noqa: F811
    found = indicators.compute(indicators.ZONE, "2026-H1", zone=Zone.objects.get(code="CCN-25-0003"))
    assert [value.value for value in found.values] == [None, None, None, None, None, Decimal("0.00")]
    assert [value.reports for value in found.values] == [0, 0, 0, 0, 0, 0]


def test_the_api_shows_each_formula_and_its_inputs(personas, phu_tho, django_assert_num_queries):  # noqa: F811
    client = api(personas["developer"])
    # the zone's report the user may read, the period, the clusters, form 02's types, its approved reports
    with django_assert_num_queries(5):
        body = client.get(URL, {"period": "2026-H1", "zone": PHU_THANH}).json()
    assert body["scope"] == {"level": "zone", "code": PHU_THANH, "name": "Cụm công nghiệp Phú Thành II"}
    assert body["indicators"][0] == {
        "code": "occupancy_pct",
        "name": "Occupancy",
        "unit": "%",
        "value": "86.88",
        "formula": "industrial land leased ÷ industrial land × 100, over the operating clusters (Decree 32/2024 "
        "Art. 2.7)",
        "inputs": {"leased_land_ha": "34.75", "industrial_land_ha": "40"},
        "reports": 1,
    }
    assert body["period"] == {"label": "2026-H1", "start": "2025-12-15", "cutoff": "2026-06-14"}


def test_who_reads_which_indicators(personas, phu_tho):  # noqa: F811
    zone = {"period": "2026-H1", "zone": PHU_THANH}
    assert api().get(URL, zone).status_code == 401
    assert api(personas["lang_son"]).get(URL, zone).status_code == 404
    assert api(personas["developer"]).get(URL, {"period": "2026-H1", "province": "25"}).status_code == 404
    assert api(personas["phu_tho"]).get(URL, {"period": "2026-H1", "province": "25"}).status_code == 200
    assert api(personas["phu_tho"]).get(URL, {"period": "2026-H1"}).status_code == 404
    nation = api(personas["national"]).get(URL, {"period": "2026-H1"}).json()
    assert (nation["scope"], nation["clusters"]) == ({"level": "nation", "code": "VN", "name": "Việt Nam"}, 24)
    assert api(personas["national"]).get(URL, {"period": "soon"}).status_code == 400
