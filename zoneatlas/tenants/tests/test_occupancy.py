import datetime as dt
from decimal import Decimal

import pytest

from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document
from zoneatlas.tenants.models import Investor, Lease
from zoneatlas.tenants.occupancy import compare, derive, idle_land, land_base, lease_problems

from .conftest import lease, make_project, make_zone

D = dt.date


@pytest.fixture
def zone(db):
    return make_zone("CCN-20-9001", industrial_land_ha=Decimal("10"))


def test_derived_occupancy_counts_leased_and_committed_industrial_land_active_on_the_day(zone):
    lease(zone, "A", "3", D(2020, 1, 1), status="handed_over")
    lease(zone, "B", "2", D(2021, 1, 1), status="committed")
    lease(zone, "C", "1.5", D(2020, 1, 1), end_date=D(2020, 12, 31))  # ended
    lease(zone, "D", "1", D(2020, 1, 1), status="terminated", terminated_on=D(2021, 3, 1))
    lease(zone, "E", "4", D(2020, 1, 1), land_use="service")  # service land is not in the cluster formula
    result = derive(zone, D(2021, 6, 30))
    assert (result.leased_ha, result.committed_ha, result.leases) == (Decimal("3"), Decimal("2"), 2)
    assert result.pct == Decimal("50.00")
    assert result.free_ha == Decimal("5")
    assert derive(zone, D(2020, 6, 30)).pct == Decimal("55.00")  # A + C + D on that day


def test_derived_occupancy_says_what_it_used(zone):
    lease(zone, "A", "2.5", D(2020, 1, 1), is_synthetic=True)
    result = derive(zone, D(2021, 1, 1))
    assert result.computed_from == (
        "1 leases of industrial land active on 2021-01-01 (1 synthetic); "
        "denominator: industrial land in the zone's registry record"
    )


def test_without_industrial_land_the_rate_is_unknown_not_zero(db):
    bare = make_zone("CCN-20-9002")
    lease(bare, "A", "1", D(2020, 1, 1))
    result = derive(bare, D(2021, 1, 1))
    assert result.pct is None
    assert result.leased_ha == Decimal("1")
    assert result.computed_from.endswith("industrial land unknown, so no rate")


def test_an_industrial_land_figure_is_the_denominator_when_the_record_has_none(db):
    bare = make_zone("CCN-20-9003")
    document = Document.objects.create(code="doc-1", title="t", language="vi", as_of=D(2021, 1, 1))
    Observation.objects.create(
        scope_type="zone",
        zone=bare,
        metric="area_ha",
        segment="industrial_land",
        value=Decimal("8"),
        unit="ha",
        as_of=D(2021, 1, 1),
        document=document,
    )
    base = land_base(bare)
    assert base is not None
    assert base.hectares == Decimal("8")
    assert base.basis == "industrial land figure of 2021-01-01, source doc-1"


def _reported(zone, value, day):
    document = Document.objects.create(code=f"doc-{value}", title="t", language="vi", as_of=day)
    return Observation.objects.create(
        scope_type="zone",
        zone=zone,
        metric="occupancy_pct",
        value=Decimal(value),
        unit="%",
        as_of=day,
        document=document,
    )


def test_the_comparison_flags_a_gap_beyond_the_tolerance(zone):
    lease(zone, "A", "5.2", D(2019, 1, 1))
    figure = _reported(zone, "60", D(2021, 5, 31))
    comparison = compare(zone)
    assert comparison.reported == figure
    assert comparison.derived.on == D(2021, 5, 31)
    assert comparison.difference_pp == Decimal("-8.00")
    assert comparison.disagrees is True


def test_the_tolerance_is_a_setting(zone, settings):
    settings.ZONEATLAS = {**settings.ZONEATLAS, "OCCUPANCY_TOLERANCE_PP": 10}
    lease(zone, "A", "5.2", D(2019, 1, 1))
    _reported(zone, "60", D(2021, 5, 31))
    assert compare(zone).disagrees is False


def test_a_gap_within_the_tolerance_is_not_flagged(zone):
    lease(zone, "A", "9.4", D(2019, 1, 1))
    _reported(zone, "94", D(2021, 5, 31))
    comparison = compare(zone)
    assert comparison.difference_pp == Decimal("0.00")
    assert comparison.disagrees is False


def test_a_plot_leased_twice_over_the_same_time_is_refused(zone):
    existing = lease(zone, "CN-01", "2", D(2020, 1, 1), end_date=D(2030, 12, 31))
    new = Lease(zone=zone, plot="CN-01", area_ha=Decimal("1"), start_date=D(2025, 1, 1))
    assert lease_problems(new, [existing], land_base(zone)) == [
        "plot CN-01 is already leased from 2020-01-01 to 2030-12-31"
    ]
    after = Lease(zone=zone, plot="CN-01", area_ha=Decimal("1"), start_date=D(2031, 1, 1))
    assert lease_problems(after, [existing], land_base(zone)) == []


def test_a_lease_larger_than_the_free_industrial_land_is_refused(zone):
    existing = lease(zone, "A", "7.5", D(2020, 1, 1))
    new = Lease(zone=zone, plot="B", area_ha=Decimal("3"), start_date=D(2021, 1, 1))
    assert lease_problems(new, [existing], land_base(zone)) == [
        "3 ha is more than the zone's free industrial land on 2021-01-01 (2.5 ha of 10 ha)"
    ]
    fits = Lease(zone=zone, plot="B", area_ha=Decimal("2.5"), start_date=D(2021, 1, 1))
    assert lease_problems(fits, [existing], land_base(zone)) == []


def test_idle_land_is_land_leased_two_years_without_construction(zone):
    investor = Investor.objects.create(name="I")
    building = make_project(
        zone, investor, "Builds", ("registered", D(2018, 1, 1)), ("under_construction", D(2019, 6, 1))
    )
    waiting = make_project(zone, investor, "Waits", ("registered", D(2018, 1, 1)), ("approved", D(2018, 3, 1)))
    lease(zone, "A", "1", D(2018, 3, 1), project=building)
    idle = lease(zone, "B", "2", D(2018, 3, 1), project=waiting)
    lease(zone, "C", "1", D(2019, 6, 1), project=waiting)  # 23 months on the day asked: not yet idle
    marked = lease(zone, "D", "1", D(2021, 1, 1), status="idle")
    lease(zone, "E", "1", D(2018, 1, 1), status="committed")  # approved, not leased: not idle land
    found = idle_land([zone], D(2021, 5, 31))
    assert [(item.lease, item.months) for item in found] == [(idle, 38), (marked, 4)]


def test_the_idle_period_is_a_setting(zone, settings):
    settings.ZONEATLAS = {**settings.ZONEATLAS, "IDLE_LAND_MONTHS": 12}
    investor = Investor.objects.create(name="I")
    waiting = make_project(zone, investor, "Waits", ("registered", D(2020, 1, 1)))
    idle = lease(zone, "A", "1", D(2020, 5, 31), project=waiting)
    assert [item.lease for item in idle_land([zone], D(2021, 5, 31))] == [idle]
