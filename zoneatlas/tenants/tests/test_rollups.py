import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zoneatlas.tenants.models import Investor
from zoneatlas.tenants.rollups import nation_from, rollup, rollup_by_province
from zoneatlas.zones.models import Zone

from .conftest import lease, make_project, make_zone, province

D = dt.date


@pytest.fixture
def registry(usd_rates):
    """Two zones in Lang Son (one reported under the pre-2025 province), one in Phu Tho."""
    lang_son_old = province("20", era="legacy")
    a = make_zone("CCN-20-9101", industrial_land_ha=Decimal("10"), reported_unit=lang_son_old)
    b = make_zone("CCN-20-9102")
    c = make_zone("CCN-25-9103", province_code="25")
    korean = Investor.objects.create(name="K", country="KR")
    local = Investor.objects.create(name="L")
    partly_foreign = Investor.objects.create(name="P", foreign_ownership_pct=Decimal("30"))
    running = [("registered", D(2019, 1, 1)), ("operating", D(2020, 1, 1))]
    make_project(
        a,
        korean,
        "A1",
        *running,
        registered_capital=Decimal("20000000"),
        registered_currency="USD",
        certificate_date=D(2019, 1, 1),
        actual_jobs=300,
        local_workers=200,
        land_area_ha=Decimal("4"),
    )
    make_project(
        a,
        local,
        "A2",
        ("registered", D(2020, 1, 1)),
        registered_capital=Decimal("100000000000"),
        registered_currency="VND",
        certificate_date=D(2020, 1, 1),
        actual_jobs=50,
        is_synthetic=True,
    )
    make_project(
        b,
        local,
        "B1",
        *running,
        registered_capital=Decimal("50000000000"),
        registered_currency="VND",
        certificate_date=D(2019, 1, 1),
    )
    make_project(
        b,
        partly_foreign,
        "B2",
        ("registered", D(2019, 1, 1)),
        ("terminated", D(2021, 1, 1)),
        registered_capital=Decimal("1000000000"),
        registered_currency="VND",
        certificate_date=D(2019, 1, 1),
    )
    make_project(
        c,
        partly_foreign,
        "C1",
        *running,
        registered_capital=Decimal("25000000000"),
        registered_currency="VND",
        certificate_date=D(2019, 1, 1),
    )
    lease(a, "A", "4", D(2019, 1, 1))
    lease(c, "C", "2", D(2019, 1, 1))
    return a, b, c


def test_a_province_roll_up_counts_projects_investors_capital_land_and_jobs(registry):
    result = rollup(Zone.objects.filter(province__code="20", province__era="current"), "Lạng Sơn", D(2024, 1, 1))
    assert (result.zones, result.projects, result.fdi_projects, result.domestic_projects) == (2, 3, 1, 2)
    assert (result.operating_projects, result.investors, result.fdi_investors) == (2, 2, 1)
    # 20 million USD at 25,000 = 500 bn VND; + 100 bn + 50 bn (B2 is terminated and left out)
    assert result.registered_vnd == 650_000_000_000
    assert result.registered_usd == Decimal("26000000.00")
    assert (result.fdi_registered_vnd, result.fdi_registered_usd) == (500_000_000_000, Decimal("20000000.00"))
    assert result.fdi_projects_pct == Decimal("33.33")
    assert result.fdi_capital_pct == Decimal("76.92")  # 500 / 650
    assert (result.actual_jobs, result.local_workers, result.land_ha) == (350, 200, Decimal("4"))
    assert result.leased_ha == Decimal("4")
    assert result.synthetic_projects == 1
    assert result.computed_from == (
        "3 project records (terminated projects excluded; 1 synthetic) in 2 zones and their leases active on "
        "2024-01-01; amounts in VND and USD summed from each project's conversion at its own dated exchange rate"
    )


def test_a_partly_foreign_owned_investor_is_fdi(registry):
    assert Investor.objects.get(name="P").is_fdi is True
    assert Investor.objects.get(name="L").is_fdi is False


def test_roll_ups_by_province_today_and_as_reported(registry):
    today = {row.key: row for row in rollup_by_province(Zone.objects.all(), on=D(2024, 1, 1))}
    lang_son, phu_tho = province("20").pk, province("25").pk
    assert {key: (row.zones, row.projects, row.registered_vnd) for key, row in today.items()} == {
        lang_son: (2, 3, 650_000_000_000),
        phu_tho: (1, 1, 25_000_000_000),
    }
    assert today[phu_tho].leased_ha == Decimal("2")
    reported = {row.key: row for row in rollup_by_province(Zone.objects.all(), as_reported=True, on=D(2024, 1, 1))}
    assert {key: (row.zones, row.projects) for key, row in reported.items()} == {
        province("20", era="legacy").pk: (1, 2),
        None: (2, 2),
    }


def test_the_roll_up_takes_a_constant_number_of_queries(registry):
    with CaptureQueriesContext(connection) as small:
        rollup(Zone.objects.filter(code="CCN-25-9103"), "one zone")
    with CaptureQueriesContext(connection) as large:
        rollup(Zone.objects.all(), "all")
    assert len(small.captured_queries) == len(large.captured_queries) == 3
    with CaptureQueriesContext(connection) as grouped:
        rollup_by_province(Zone.objects.all())
    assert len(grouped.captured_queries) == 3


def test_the_nation_from_province_rows_equals_the_direct_roll_up(registry):
    _a, _b, phu_tho_zone = registry
    make_project(phu_tho_zone, Investor.objects.get(name="K"), "C2", ("registered", D(2020, 1, 1)))
    zones = Zone.objects.all()
    direct = rollup(zones, "nation", D(2024, 1, 1))
    rows = rollup_by_province(zones, on=D(2024, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        summed = nation_from(rows, zones, D(2024, 1, 1))
    assert len(queries.captured_queries) == 1
    fields = [
        "zones",
        "projects",
        "fdi_projects",
        "operating_projects",
        "investors",
        "fdi_investors",
        "registered_vnd",
        "registered_usd",
        "fdi_registered_vnd",
        "disbursed_vnd",
        "land_ha",
        "leased_ha",
        "actual_jobs",
    ]
    assert {name: getattr(summed, name) for name in fields} == {name: getattr(direct, name) for name in fields}
    # The Korean investor has projects in both provinces: one investor in the nation, one in each province.
    assert [row.investors for row in rows] == [2, 2]
    assert (summed.investors, summed.fdi_investors) == (3, 2)
