"""A zone's tenants page: occupancy reported vs derived, the published figures next to the records, the records."""

import html
import re

from zoneatlas.zones.models import Zone


def text(page):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_dong_banh_flags_the_gap_between_reported_and_derived_occupancy(en_client, demo, django_assert_num_queries):
    code = Zone.objects.get(name_en="Dong Banh Industrial Park").code
    # The zone, the visible figures, the roll-up (3), occupancy's denominator and leases (2), idle land (2), funding,
    # results, the reconciliation's projects and events (2), the projects and their events (2) and the leases: 16,
    # whatever the number of projects and leases.
    with django_assert_num_queries(16):
        response = en_client.get(f"/zones/{code}/tenants/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Reported ~60 % 31/05/2021" in page
    assert "Derived from leases 52 % 31/05/2021 57.2 ha leased + 0 ha committed ÷ 110 ha." in page
    assert "They disagree : the records give -8 percentage points against the reported figure" in page
    assert "Number of projects · stable_production" in page
    assert "4 projects (1 foreign-invested, 2 operating, 4 investors)" in page
    assert "Plot CN-C3: 5 ha leased since 01/03/2019" in page
    assert "Local budget synthetic" not in page  # the funding comes from seed-002, not from the demo's inventions
    assert "“the province has allocated a budget of about 200 billion" in page
    assert page.count("SYNTHETIC") + page.count("synthetic") >= 8


def test_hop_thanh_agrees(en_client, demo):
    code = Zone.objects.get(name_en="Industrial Cluster No. 2 (Hop Thanh commune)").code
    page = text(en_client.get(f"/zones/{code}/tenants/").content.decode())
    assert "Derived from leases 94 % 31/05/2021 6.11 ha leased + 0 ha committed ÷ 6.5 ha." in page
    assert "They agree within the tolerance (0 points; tolerance 5)." in page


def test_the_zone_page_links_to_its_tenants_and_the_province_page_rolls_them_up(en_client, demo):
    code = Zone.objects.get(name_en="Dong Banh Industrial Park").code
    assert f'href="/zones/{code}/tenants/"' in en_client.get(f"/zones/{code}/").content.decode()
    province = text(en_client.get("/provinces/20/").content.decode())
    assert "Projects 20 Foreign-invested 2 (10 %) Investors 20" in province
    assert "20 project records (terminated projects excluded; 20 synthetic) in 5 zones" in province
