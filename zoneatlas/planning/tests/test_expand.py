"""May a cluster expand? Decree 32/2024 Art. 8.2; and the flags of size and services (Art. 2.1, 3.1.c)."""

import datetime as dt
from decimal import Decimal

import pytest

from zoneatlas.figures.models import Observation
from zoneatlas.planning.checks import NotAClusterError, may_expand
from zoneatlas.planning.flags import cluster_flags
from zoneatlas.planning.rulebook import rule_books
from zoneatlas.zones.models import InfrastructureItem, WastewaterPlant, Zone

from .conftest import ON, cluster, occupancy

WWTP_QUOTE = (
    "At present, the construction of a wastewater treatment plant at Phu Thanh II Industrial Cluster has been "
    "completed."
)


def conditions(answer):
    return [(c.key, c.result, c.value, c.explanation) for c in answer.conditions]


def evidence(condition):
    return [(e.what, e.value, e.as_of, e.source, e.quote, e.record.split(":")[0]) for e in condition.evidence]


def test_phu_thanh_ii_meets_the_occupancy_condition_and_the_rest_cannot_be_told(demo):
    zone = Zone.objects.get(code="CCN-25-0001")

    check = may_expand(zone, ON)

    answer = check.confirmed
    assert conditions(answer) == [
        ("total_area", "cannot_tell", None, "the total area after the expansion: give it (area_after, in ha)"),
        ("occupancy", "pass", Decimal("86.8700"), "86.87 % on 2024-09-01; at least 60 % needed."),
        ("infrastructure:internal_roads", "cannot_tell", None,
         "the state of internal roads and sidewalks: not reported"),
        ("infrastructure:water_supply", "cannot_tell", None, "the state of water supply: not reported"),
        ("infrastructure:wastewater_collection_treatment", "cannot_tell", None,
         "wastewater collection and treatment in use: the central plant is reported built on 2024-09-01, the "
         "collection network and the plant's use are not reported"),
    ]  # fmt: skip
    assert answer.result == "cannot_tell"
    occupancy_condition = answer.conditions[1]
    assert (occupancy_condition.applied.rule.source, occupancy_condition.applied.carried_forward) == (
        "Decree 32/2024 Art. 8.2.c (or demand exceeds supply)",
        True,
    )
    assert evidence(occupancy_condition) == [
        ("occupancy figure", "86.87 %", dt.date(2024, 9, 1), "seed-000",
         "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%", "observation"),
    ]  # fmt: skip
    assert evidence(answer.conditions[4]) == [
        ("central wastewater treatment plant", "Built", dt.date(2024, 9, 1), "seed-000", WWTP_QUOTE, "wwtp")
    ]
    assert [item.what for item in answer.missing] == [c.explanation for c in answer.conditions if c.key != "occupancy"]
    assert answer.flags.not_checked == [
        "its gross area is not known: neither its size nor its share of services is checked"
    ]
    assert answer.flags.flags == []


def test_under_the_pending_decree_phu_thanh_ii_also_needs_solid_waste_and_fire_fighting(demo):
    check = may_expand(Zone.objects.get(code="CCN-25-0001"), ON, Decimal(60))

    pending = check.pending
    assert pending.pending_versions == ["Decree 303/2026"]
    assert [(c.key, c.result) for c in pending.conditions] == [
        ("total_area", "pass"),
        ("occupancy", "pass"),
        ("infrastructure:internal_roads", "cannot_tell"),
        ("infrastructure:water_supply", "cannot_tell"),
        ("infrastructure:wastewater_collection_treatment", "cannot_tell"),
        ("infrastructure:solid_waste", "cannot_tell"),
        ("infrastructure:fire_fighting", "cannot_tell"),
    ]
    assert pending.conditions[1].test == ("occupancy at least 50 %, or demand above the industrial land available")
    assert pending.conditions[1].applied.rule.status == "pending"


def test_before_the_pending_decree_there_is_no_pending_answer(demo):
    check = may_expand(Zone.objects.get(code="CCN-25-0001"), dt.date(2025, 1, 1))
    assert check.pending is None
    assert check.confirmed.conditions[1].applied.carried_forward is False


@pytest.fixture
def ready(rules, document):
    """A 50 ha cluster at 70 % with its roads, water and wastewater completed and its plant operating."""
    zone = cluster("CCN-20-9001", gross_area_ha=Decimal(50), industrial_land_ha=Decimal(40))
    occupancy(zone, document, "70")
    for component in ("internal_roads", "water_supply", "wastewater_collection_treatment"):
        InfrastructureItem.objects.create(
            zone=zone, component=component, status="completed", progress_pct=100, as_of=dt.date(2026, 6, 30),
            document=document, quote=f"{component} completed",
        )  # fmt: skip
    WastewaterPlant.objects.create(zone=zone, as_of=dt.date(2026, 6, 30), status="operating", document=document)
    return zone


def test_a_ready_cluster_may_expand_to_75_ha(ready):
    check = may_expand(ready, ON, Decimal(75))

    assert conditions(check.confirmed) == [
        ("total_area", "pass", Decimal(75), "75 ha after the expansion; at most 75 ha allowed."),
        ("occupancy", "pass", Decimal("70.00"), "70 % on 2026-06-30; at least 60 % needed."),
        ("infrastructure:internal_roads", "pass", None, "Completed and in use on 2026-06-30."),
        ("infrastructure:water_supply", "pass", None, "Completed and in use on 2026-06-30."),
        ("infrastructure:wastewater_collection_treatment", "pass", None, "Completed and in use on 2026-06-30."),
    ]
    assert (check.confirmed.result, check.confirmed.missing) == ("pass", [])
    assert evidence(check.confirmed.conditions[0]) == [
        ("gross area today (registry)", "50 ha", None, "", "", ""),
        ("total area after the expansion (stated)", "75 ha", None, "", "", ""),
    ]
    # The pending decree adds solid waste and fire fighting, not reported here.
    assert check.pending.result == "cannot_tell"
    assert [item.what for item in check.pending.missing] == [
        "the state of solid waste collection point: not reported",
        "the state of fire prevention and fighting: not reported",
    ]


def test_more_than_75_ha_after_the_expansion_is_refused(ready):
    check = may_expand(ready, ON, Decimal("75.5"))
    assert (check.confirmed.conditions[0].result, check.confirmed.result) == ("fail", "fail")
    assert check.confirmed.conditions[0].explanation == "75.5 ha after the expansion; at most 75 ha allowed."


def test_low_occupancy_passes_only_when_demand_above_supply_is_stated(ready, document):
    occupancy(ready, document, "40", as_of=dt.date(2026, 9, 30))

    refused = may_expand(ready, ON, Decimal(60))
    stated = may_expand(ready, ON, Decimal(60), demand_exceeds_supply=True, demand_note="12 applications, 30 ha")

    assert (refused.confirmed.conditions[1].result, refused.confirmed.result) == ("fail", "fail")
    assert refused.confirmed.conditions[1].explanation == (
        "40 % on 2026-09-30 is below 60 %, and demand above the land available is not stated."
    )
    assert (stated.confirmed.conditions[1].result, stated.confirmed.result) == ("pass", "pass")
    assert stated.confirmed.conditions[1].explanation == (
        "Demand above the industrial land available is stated: 12 applications, 30 ha"
    )
    assert evidence(stated.confirmed.conditions[1])[-1] == (
        "demand above the industrial land available (stated)",
        "12 applications, 30 ha",
        None,
        "",
        "",
        "",
    )


def test_a_plant_not_built_fails_the_wastewater_condition(ready, document):
    WastewaterPlant.objects.create(zone=ready, as_of=dt.date(2026, 9, 1), status="under_construction")
    InfrastructureItem.objects.create(
        zone=ready, component="water_supply", status="under_construction", progress_pct=60, as_of=dt.date(2026, 9, 1)
    )

    answer = may_expand(ready, ON, Decimal(60)).confirmed

    assert [(c.key, c.result, c.explanation) for c in answer.conditions[3:]] == [
        ("infrastructure:water_supply", "fail", "Under construction on 2026-09-01."),
        ("infrastructure:wastewater_collection_treatment", "fail",
         "The central treatment plant is not built (under construction on 2026-09-01)."),
    ]  # fmt: skip
    assert answer.result == "fail"
    # As it stood before those reports, the cluster was ready.
    assert may_expand(ready, dt.date(2026, 8, 31), Decimal(60)).confirmed.result == "pass"


def test_a_park_is_not_tested_as_a_cluster(demo):
    with pytest.raises(NotAClusterError, match="KCN-20-0001 is not an industrial cluster"):
        may_expand(Zone.objects.get(code="KCN-20-0001"), ON)


def flags(zone, on=ON, pending=False):
    confirmed, with_pending = rule_books(on)
    (result,) = cluster_flags([zone], with_pending if pending else confirmed, on)
    return [(flag.code, flag.message) for flag in result.flags], result.not_checked


def test_clusters_outside_the_size_bounds_are_flagged_never_refused(rules):
    assert flags(cluster("CCN-20-9001", gross_area_ha=Decimal(80))) == (
        [("above_maximum_size",
          "80 ha is above the 75 ha maximum (Decree 32/2024 Art. 2.1): flagged, it keeps operating")],
        ["its service land is not known, so the share of services is not checked"],
    )  # fmt: skip
    seven = cluster("CCN-20-9002", gross_area_ha=Decimal(7))
    assert flags(seven)[0] == [
        ("below_minimum_size_unless_mountainous",
         "7 ha is below the 10 ha minimum (Decree 32/2024 Art. 2.1), allowed only in a mountainous area, which the "
         "registry does not record: flagged"),
    ]  # fmt: skip
    assert flags(cluster("CCN-20-9003", gross_area_ha=Decimal(7), is_craft_village=True))[0] == []
    assert flags(cluster("CCN-20-9004", gross_area_ha=Decimal(4)))[0] == [
        ("below_minimum_size",
         "4 ha is below the 5 ha minimum of any cluster (Decree 32/2024 Art. 2.1): flagged"),
    ]  # fmt: skip
    # Under the pending Decree 303/2026 the single bound is 5-75 ha: 7 ha is within it.
    assert flags(seven, pending=True)[0] == []


def test_services_above_a_tenth_of_the_area_are_flagged(rules, document):
    zone = cluster("CCN-20-9001", gross_area_ha=Decimal(20))
    Observation.objects.create(
        scope_type="zone", zone=zone, metric="area_ha", segment="service_land", value=Decimal(3), unit="ha",
        as_of=dt.date(2026, 6, 30), document=document, quote="3 ha of services",
    )  # fmt: skip
    assert flags(zone) == (
        [("services_above_share",
          "services use 15 % of its area (service land figure of 2026-06-30, source test-report), above the 10 % "
          "allowed (Decree 32/2024 Art. 3.1.c)")],
        [],
    )  # fmt: skip
