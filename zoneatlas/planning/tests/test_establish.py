"""May a province (or commune) establish a new industrial cluster? Decree 32/2024 Art. 8.1.c and its changes."""

import datetime as dt
from decimal import Decimal

from zoneatlas.planning.api.serializers import establish_data
from zoneatlas.planning.checks import may_establish_cluster
from zoneatlas.planning.models import ProvinceAreaScope
from zoneatlas.tenants.models import Lease
from zoneatlas.zones.models import Zone

from .conftest import ON, cluster, occupancy, unit

PHU_THO_MISSING = [
    ("CCN-25-0001", "its industrial land is not known (registry or figure), so its rate cannot be weighed"),
    ("CCN-25-0002", "its industrial land is not known (registry or figure), so its rate cannot be weighed"),
    ("CCN-25-0003", "its industrial land is not known (registry or figure), so its rate cannot be weighed"),
    ("CCN-25-0004", "neither its occupancy nor its industrial land is known"),
]


def conditions(answer):
    return [(c.key, c.result, c.value, c.explanation) for c in answer.conditions]


def missing(answer):
    return [(item.zone.code if item.zone else None, item.what) for item in answer.missing]


def rule(condition):
    applied = condition.applied
    return (applied.rule.rule_id, applied.rule.value_text, applied.rule.source, applied.rule.status,
            applied.carried_forward)  # fmt: skip


def test_phu_tho_cannot_tell_because_no_cluster_has_a_known_industrial_land(demo):
    # Given the demo: Phú Thọ's four clusters, three with a 2024 occupancy rate and none with its industrial land,
    check = may_establish_cluster(unit("province", "25"), ON)

    # then under the confirmed rules the area is the whole province (Decree 139/2025: the province decides, and
    # Phú Thọ has recorded no choice), carried past 14 September 2026 because Decree 303/2026 is not confirmed,
    answer = check.confirmed
    assert (answer.scope, answer.scope_unit.code, answer.scope_choice) == ("province", "25", None)
    assert answer.scope_rule.rule.source.startswith("Decree 139/2025 Art. 12")
    assert answer.scope_rule.carried_forward is True
    # both conditions are shown with their rule, and neither can be told: no cluster can be weighed by its land,
    assert [rule(c) for c in answer.conditions] == [
        ("ccn.new.avg_occupancy_above_pct", "50",
         "Decree 32/2024 Art. 8.1.c (district scope; province decides scope from 2025-07-01 by Decree 139/2025 "
         "Art. 12)",
         "confirmed", True),
        ("ccn.new.unleased_land_max_ha", "100", "Decree 32/2024 Art. 8.1.c", "confirmed", True),
    ]  # fmt: skip
    assert conditions(answer) == [
        ("ccn.new.avg_occupancy_above_pct", "cannot_tell", None,
         "The average is weighted by industrial land; 4 of the 4 clusters cannot be weighed."),
        ("ccn.new.unleased_land_max_ha", "cannot_tell", None,
         "The unleased land of some clusters in the area is not known."),
    ]  # fmt: skip
    assert answer.result == "cannot_tell"
    # the evidence lists each established cluster with its figure, date and source,
    assert [
        (c.zone.code, c.status, c.figure and (c.figure.value, c.figure.as_of, c.figure.document.code, c.figure.quote))
        for c in answer.clusters
    ] == [
        ("CCN-25-0001", "operating",
         (Decimal("86.8700"), dt.date(2024, 9, 1), "seed-000",
          "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%")),
        ("CCN-25-0002", "operating",
         (Decimal("52.5100"), dt.date(2024, 9, 1), "seed-000", "Thanh Nong Industrial Cluster 52.51%")),
        ("CCN-25-0003", "operating",
         (Decimal("30.2900"), dt.date(2024, 9, 1), "seed-000", "Dong Tam Industrial Cluster 30.29%")),
        ("CCN-25-0004", "operating", None),
    ]  # fmt: skip
    # and what is missing says which clusters were left out and why.
    assert missing(answer) == PHU_THO_MISSING
    assert check.not_checked == [
        "the new cluster is in the province's approved list of clusters",
        "a capable infrastructure investor applies",
    ]


def test_phu_tho_under_the_pending_decree_needs_a_commune(demo):
    check = may_establish_cluster(unit("province", "25"), ON)

    pending = check.pending
    assert pending.pending_versions == ["Decree 303/2026"]
    assert (pending.scope, pending.scope_unit, pending.result) == ("commune", None, "cannot_tell")
    assert [rule(c)[:4] for c in pending.conditions] == [
        ("ccn.new.avg_occupancy_above_pct", "50", "Decree 303/2026 (commune scope; not for high-tech or eco clusters)",
         "pending"),
        ("ccn.new.unleased_land_max_ha", "50", "Decree 303/2026", "pending"),
    ]  # fmt: skip
    assert missing(pending) == [(None, "the commune: under this rule the area is the commune; name one")]


def test_phu_tho_per_commune_places_the_clusters_reported_under_the_old_district(demo):
    # Xã Lạc Thủy took part of Lạc Thủy district, where three clusters were reported without a commune today.
    check = may_establish_cluster(unit("province", "25"), ON, commune=unit("commune", "05392"))

    assert check.confirmed.scope_unit.code == "25"  # the confirmed rules still test the province
    pending = check.pending
    assert (pending.scope_unit.name, pending.result, pending.clusters) == ("Xã Lạc Thủy", "cannot_tell", [])
    reason = (
        "whether it lies in the area: its commune today is not recorded; it was reported under Huyện Lạc Thủy, "
        "part of which is now Xã Lạc Thủy"
    )
    assert missing(pending) == [("CCN-25-0001", reason), ("CCN-25-0002", reason), ("CCN-25-0003", reason)]
    # Tiên Tiến lies in Xã Thịnh Minh, which took no part of Lạc Thủy: it is counted there, not here.
    elsewhere = may_establish_cluster(unit("province", "25"), ON, commune=unit("commune", "04897")).pending
    assert [c.zone.code for c in elsewhere.clusters] == ["CCN-25-0004"]
    assert missing(elsewhere) == [("CCN-25-0004", "neither its occupancy nor its industrial land is known")]


def test_before_1_july_2025_the_area_is_the_district(demo):
    on = dt.date(2025, 3, 1)
    province = unit("province", "25")

    unnamed = may_establish_cluster(province, on)
    assert (unnamed.confirmed.scope, unnamed.pending) == ("district", None)
    assert missing(unnamed.confirmed) == [
        (None, "the district: before 1 July 2025 the area was the district; name one (its code then)")
    ]

    lac_thuy = may_establish_cluster(province, on, district=unit("district", "159", era="legacy")).confirmed
    assert lac_thuy.scope_rule.rule.source == "Decree 32/2024 Art. 8.1.c"
    assert lac_thuy.scope_rule.carried_forward is False
    assert [c.zone.code for c in lac_thuy.clusters] == ["CCN-25-0001", "CCN-25-0002", "CCN-25-0003"]
    assert missing(lac_thuy) == PHU_THO_MISSING[:3]
    # A commune of today that came from one district only names it.
    thinh_minh = may_establish_cluster(province, on, commune=unit("commune", "04897")).confirmed
    assert thinh_minh.scope_unit.name == "Thành phố Hòa Bình"
    assert [c.zone.code for c in thinh_minh.clusters] == ["CCN-25-0004"]


def test_lang_son_may_establish_its_only_cluster_weighed_by_its_industrial_land(demo):
    check = may_establish_cluster(unit("province", "20"), ON)

    answer = check.confirmed
    assert answer.result == "pass"
    assert conditions(answer) == [
        ("ccn.new.avg_occupancy_above_pct", "pass", Decimal("94.00"),
         "Σ leased 6.11 ha ÷ Σ industrial land 6.5 ha = 94 %."),
        ("ccn.new.unleased_land_max_ha", "pass", Decimal("0.3900"),
         "Σ industrial land 6.5 ha − Σ leased 6.11 ha = 0.39 ha."),
    ]  # fmt: skip
    (hop_thanh,) = answer.clusters
    assert (hop_thanh.zone.code, hop_thanh.method, hop_thanh.figure.value, hop_thanh.land.basis) == (
        "CCN-20-0001",
        "rate_times_land",
        Decimal("94.0000"),
        "industrial land figure of 2024-06-30, source synthetic-tenants",
    )
    # Under the pending decree, its commune passes too; without one the answer asks for it.
    per_commune = may_establish_cluster(unit("province", "20"), ON, commune=unit("commune", "06187")).pending
    assert (per_commune.result, [c.result for c in per_commune.conditions]) == ("pass", ["pass", "pass"])


def test_the_average_is_weighted_by_industrial_land_not_the_mean_of_the_rates(rules, document):
    # Given two established clusters: 8 ha leased of 10 (80 %, both parts reported), and 20 % of 150 ha (registry),
    big = cluster("CCN-20-9001", industrial_land_ha=Decimal(150))
    small = cluster("CCN-20-9002")
    occupancy(small, document, "80", leased_ha="8", industrial_land_ha="10")
    occupancy(big, document, "20")

    answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    # then the average is 38 ÷ 160 = 23.75 % (the mean of the rates would be 50 %), and 122 ha are unleased: refused.
    assert conditions(answer) == [
        ("ccn.new.avg_occupancy_above_pct", "fail", Decimal("23.75"),
         "Σ leased 38 ha ÷ Σ industrial land 160 ha = 23.75 %."),
        ("ccn.new.unleased_land_max_ha", "fail", Decimal("122.0000"),
         "Σ industrial land 160 ha − Σ leased 38 ha = 122 ha."),
    ]  # fmt: skip
    assert answer.result == "fail"
    assert [(c.zone.code, c.method, c.leased_ha, c.industrial_land_ha) for c in answer.clusters] == [
        ("CCN-20-9001", "rate_times_land", Decimal("30.0000"), Decimal("150.0000")),
        ("CCN-20-9002", "figure_parts", Decimal("8.0000"), Decimal("10.0000")),
    ]
    assert answer.missing == []


def test_either_condition_suffices(rules, document):
    occupancy(cluster("CCN-20-9001"), document, "20", leased_ha="2", industrial_land_ha="10")
    answer = may_establish_cluster(unit("province", "20"), ON).confirmed
    assert [c.result for c in answer.conditions] == ["fail", "pass"]  # 20 % ≤ 50 %, but 8 ha ≤ 100 ha unleased
    assert answer.result == "pass"


def test_rates_all_above_the_threshold_decide_without_the_land(rules, document):
    occupancy(cluster("CCN-20-9001"), document, "80", leased_ha="8", industrial_land_ha="10")
    occupancy(cluster("CCN-20-9002"), document, "70")  # its industrial land is not known

    answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    assert conditions(answer) == [
        ("ccn.new.avg_occupancy_above_pct", "pass", None,
         "Every cluster's rate is above 50 % (lowest 70 %), so their weighted average is too."),
        ("ccn.new.unleased_land_max_ha", "cannot_tell", None,
         "The unleased land of some clusters in the area is not known."),
    ]  # fmt: skip
    assert answer.result == "pass"
    assert missing(answer) == [
        ("CCN-20-9002", "its industrial land is not known (registry or figure), so its rate cannot be weighed")
    ]


def test_unleased_land_already_above_the_limit_fails_whatever_the_others_hold(rules, document):
    occupancy(cluster("CCN-20-9001"), document, "10", leased_ha="12", industrial_land_ha="120")
    cluster("CCN-20-9002")  # nothing known

    answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    assert [(c.result, c.value) for c in answer.conditions] == [
        ("cannot_tell", None),
        ("fail", Decimal("108.0000")),
    ]
    assert answer.conditions[1].explanation == (
        "The clusters counted already have 108 ha unleased; the others can only add to it."
    )
    assert answer.result == "cannot_tell"


def test_no_established_cluster_in_the_area_means_the_test_does_not_apply(rules, document):
    cluster("CCN-20-9001", established=None)  # planned only
    late = cluster("CCN-20-9002", established=dt.date(2026, 12, 1))  # established after the day asked about
    occupancy(late, document, "10", leased_ha="1", industrial_land_ha="10")

    answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    assert answer.result == "pass"
    assert [c.result for c in answer.conditions] == ["not_applicable", "not_applicable"]
    assert answer.explanation == "There is no established cluster in the area: the occupancy test does not apply."


def test_a_figure_dated_after_the_day_is_not_used(rules, document):
    zone = cluster("CCN-20-9001", industrial_land_ha=Decimal(10))
    occupancy(zone, document, "90", as_of=dt.date(2026, 12, 31))

    answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    assert missing(answer) == [("CCN-20-9001", "no occupancy figure on or before that day, and no lease records")]


def test_without_a_figure_occupancy_is_derived_from_the_lease_records(rules):
    zone = cluster("CCN-20-9001", industrial_land_ha=Decimal(10))
    Lease.objects.create(zone=zone, plot="A", area_ha=Decimal(4), start_date=dt.date(2025, 1, 1))
    Lease.objects.create(zone=zone, plot="B", area_ha=Decimal(2), start_date=dt.date(2025, 1, 1), status="committed")

    answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    (item,) = answer.clusters
    assert (item.method, item.leased_ha, item.leases, item.rate_pct) == ("leases", Decimal(6), 2, Decimal("60.00"))
    assert answer.result == "pass"


def test_a_province_that_chose_the_commune_is_tested_per_commune(rules, document):
    ProvinceAreaScope.objects.create(
        province=unit("province", "20"), scope="commune", valid_from=dt.date(2025, 8, 1), decision="QĐ 1/2025/UBND"
    )
    inside = cluster("CCN-20-9001", commune=unit("commune", "06187"))
    day = dt.date(2025, 12, 31)
    occupancy(inside, document, "30", day, leased_ha="30", industrial_land_ha="100")
    occupancy(cluster("CCN-20-9002", commune=unit("commune", "05977")), document, "90", day, leased_ha="9",
              industrial_land_ha="10")  # fmt: skip

    answer = may_establish_cluster(unit("province", "20"), dt.date(2026, 1, 15), commune=unit("commune", "06187"))

    confirmed = answer.confirmed
    assert (confirmed.scope, confirmed.scope_unit.code, confirmed.scope_choice.decision) == (
        "commune",
        "06187",
        "QĐ 1/2025/UBND",
    )
    assert [c.zone.code for c in confirmed.clusters] == ["CCN-20-9001"]
    assert [c.result for c in confirmed.conditions] == ["fail", "pass"]  # 30 %, but 70 ha ≤ 100 ha unleased
    assert answer.pending is None  # no pending rule in force on 15 January 2026
    # Before the choice took effect, the whole province.
    assert may_establish_cluster(unit("province", "20"), dt.date(2025, 7, 15)).confirmed.scope == "province"


def test_the_public_and_an_officer_count_the_same_clusters(demo):
    from zoneatlas.accounts.tests.conftest import person

    officer = person("phutho", {"role": "provincial_officer", "agency": "doit", "province": unit("province", "25")})
    public = establish_data(may_establish_cluster(unit("province", "25"), ON))
    official = establish_data(may_establish_cluster(unit("province", "25"), ON, user=officer))
    assert public == official


def test_the_answer_as_data_names_each_figure_and_its_passage(demo):
    code = "CCN-25-0001"
    data = establish_data(may_establish_cluster(unit("province", "25"), ON))
    (first,) = [c for c in data["evidence"]["clusters"] if c["zone"] == code]
    assert first["occupancy_figure"] == {
        "id": Zone.objects.get(code=code).observations.get(value=Decimal("86.87")).pk,
        "value": "86.87",
        "unit": "%",
        "as_of": "2024-09-01",
        "qualifiers": ["exact"],
        "leased_ha": None,
        "industrial_land_ha": None,
        "source": "seed-000",
        "quote": "The occupancy rate of Phu Thanh II Industrial Cluster is 86.87%",
    }
    assert (first["counted"], first["rate_pct"], first["industrial_land"]) == (False, "86.87", None)


def test_the_number_of_queries_does_not_grow_with_the_clusters(rules, document):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def leased_cluster(code):
        zone = cluster(code, industrial_land_ha=Decimal(10))
        Lease.objects.create(zone=zone, plot="A", area_ha=Decimal(4), start_date=dt.date(2025, 1, 1))

    leased_cluster("CCN-20-9001")
    occupancy(cluster("CCN-20-9101"), document, "50", leased_ha="5", industrial_land_ha="10")
    with CaptureQueriesContext(connection) as two:
        may_establish_cluster(unit("province", "20"), ON)
    for code in ("CCN-20-9002", "CCN-20-9003", "CCN-20-9004"):
        leased_cluster(code)
    occupancy(cluster("CCN-20-9102"), document, "30", leased_ha="3", industrial_land_ha="10")
    with CaptureQueriesContext(connection) as six:
        answer = may_establish_cluster(unit("province", "20"), ON).confirmed

    assert [c.method for c in answer.clusters] == ["leases"] * 4 + ["figure_parts"] * 2
    assert (answer.leased_ha, answer.industrial_land_ha, answer.average_pct) == (Decimal(24), Decimal(60), Decimal(40))
    assert len(two.captured_queries) == len(six.captured_queries)
