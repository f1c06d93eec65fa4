"""Targets: what is refused and why, the seed targets in the demo, and their progress computed from the data.

The day is 26 November 2026 unless a test says otherwise; messages in English (the package's conftest).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zoneatlas.demo.loading import load_demo
from zoneatlas.figures.models import Observation
from zoneatlas.planning.metrics import reaches
from zoneatlas.planning.models import Target, TargetMilestone
from zoneatlas.planning.targets import progress
from zoneatlas.planning.tests.conftest import ON, cluster, unit
from zoneatlas.sources.models import Document
from zoneatlas.tenants.models import Lease
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone
from zoneatlas.zones.services import refresh_status

SEED_TARGETS = [
    "S013",
    "S074",
    "S076",
    "S077",
    "S096",
    "S097",
    "S098",
    "S100",
    "S101",
    "S110",
    "S111",
    "S112",
    "S113",
    "S114",
    "S115",
    "S127",
    "S129",
    "S130",
    "S131",
]


def target(document: Document, **fields: object) -> Target:
    """A target about a province's clusters (Lạng Sơn), at least 2 operating by the end of 2026, unless told."""
    values: dict[str, object] = {
        "name": "Mục tiêu thử",
        "metric": "zones_reaching_status",
        "zone_status": "operating",
        "zone_kind": "cluster",
        "scope_type": "province",
        "admin_unit": unit("province", "20"),
        "comparison": "at_least",
        "value": Decimal(2),
        "unit": "count",
        "start_on": dt.date(2026, 1, 1),
        "deadline": dt.date(2026, 12, 31),
        "document": document,
        "quote": "Test figures.",
    }
    values.update(fields)
    return Target(**values)


def refused(candidate: Target) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        candidate.full_clean()
    return error.value.message_dict


# --- Bad input ------------------------------------------------------------------------------------------------


def test_a_metric_that_does_not_exist_is_refused_with_the_known_ones(document):
    errors = refused(target(document, metric="happiness_index"))

    assert errors["metric"][0].startswith("No metric is called “happiness_index”. The metrics are: occupancy_pct, ")
    assert "zones_reaching_status" in errors["metric"][0]
    assert Target.objects.count() == 0


def test_a_deadline_before_the_start_is_refused_by_the_model_and_the_database(document):
    candidate = target(document, start_on=dt.date(2026, 6, 1), deadline=dt.date(2025, 12, 31))

    assert refused(candidate)["deadline"] == ["The deadline (2025-12-31) is before the start (2026-06-01)."]
    with pytest.raises(IntegrityError), transaction.atomic():
        candidate.save()
    assert Target.objects.count() == 0


def test_a_range_needs_its_upper_value_above_the_lower_one(document):
    assert refused(target(document, comparison="range"))["value_high"] == ["A range needs its upper value."]
    assert refused(target(document, comparison="range", value_high=Decimal(1)))["value_high"] == [
        "The upper value is below the lower one."
    ]
    assert refused(target(document, value_high=Decimal(4)))["value_high"] == ["Only a range has an upper value."]


def test_the_scope_must_name_its_subject_and_suit_the_metric(document):
    errors = refused(target(document, scope_type="zone"))
    assert errors["zone"] == ["Choose what the target is about."]
    assert errors["admin_unit"] == ["Leave this empty for a target about a zone."]
    assert errors["scope_type"] == [
        "Zones that have reached a status cannot be measured for a zone; it can for: group of zones, commune, "
        "province, nation."
    ]
    legacy = refused(target(document, admin_unit=unit("province", "17", era="legacy")))
    assert legacy["admin_unit"] == ["Choose one of today's province units."]


def test_counts_need_a_status_units_must_match_and_the_quote_must_be_in_the_source(document):
    errors = refused(target(document, zone_status="", unit="%", quote="Not in the document"))

    assert errors["zone_status"] == ["Say which lifecycle status the zones must reach."]
    assert errors["unit"] == ["Zones that have reached a status is measured in count."]
    assert errors["quote"] == ["The quoted passage is not in test-report."]


def test_a_milestone_falls_within_the_targets_period(document):
    saved = target(document)
    saved.full_clean()
    saved.save()
    milestone = TargetMilestone(target=saved, on=dt.date(2027, 6, 30), value=Decimal(1))

    with pytest.raises(ValidationError) as error:
        milestone.full_clean()

    assert error.value.message_dict["on"] == ["A milestone falls between the target's start and its deadline."]


def test_a_target_keeps_its_history(document):
    saved = target(document)
    saved.full_clean()
    saved.save()
    saved.value = Decimal(3)
    saved._change_reason = "Revised plan"  # type: ignore[attr-defined]
    saved.save()

    assert [(h.value, h.history_change_reason) for h in saved.history.order_by("history_id")] == [
        (Decimal(2), None),
        (Decimal(3), "Revised plan"),
    ]


# --- Counts of zones from their lifecycle ---------------------------------------------------------------------


def test_the_stages_a_status_reaches():
    assert reaches("operating") == {"operating", "expanded", "operating_not_established"}
    assert "stalled" in reaches("established")
    assert "operating_not_established" not in reaches("established")
    assert reaches("under_construction") == {"under_construction", "operating", "expanded", "operating_not_established"}


@pytest.mark.django_db
def test_zones_reaching_operation_count_from_their_lifecycle_and_are_met_at_the_deadline(document):
    first = cluster("CCN-T-1", established=dt.date(2025, 1, 1))
    second = cluster("CCN-T-2", established=dt.date(2025, 1, 1))
    LifecycleEvent.objects.create(zone=first, status="operating", effective_on=dt.date(2026, 3, 1))
    LifecycleEvent.objects.create(zone=second, status="operating", effective_on=dt.date(2026, 9, 1))
    refresh_status([first, second])
    saved = target(document)
    saved.save()

    during = progress(saved, dt.date(2026, 6, 30))
    after = progress(saved, dt.date(2027, 1, 15))

    # Before the deadline: 0 at the start, 1 on 1 March, 1 on the day: the line through them reaches 2.01 by 31 Dec.
    assert [(p.on, p.value) for p in during.series.points] == [
        (dt.date(2026, 1, 1), Decimal(0)),
        (dt.date(2026, 3, 1), Decimal(1)),
        (dt.date(2026, 6, 30), Decimal(1)),
    ]
    assert during.assessment.status == "on_track"
    assert during.assessment.reason == (
        "forecast 2.01 by 31 Dec 2026 against at least 2: on track, ahead by 0.01 "
        "(linear trend of 3 points from 1 Jan 2026 to 30 Jun 2026)"
    )
    assert (after.assessment.status, after.assessment.reason) == ("met", "2 on 31 Dec 2026 against at least 2: met")
    assert after.series.points[-1].computed_from == "lifecycle records: CCN-T-1, CCN-T-2"


@pytest.mark.django_db
def test_wastewater_coverage_counts_plants_built_and_meeting_the_standard(document):
    zones = [cluster(f"CCN-W-{n}", established=dt.date(2024, 1, 1)) for n in (1, 2)]
    for zone in zones:
        LifecycleEvent.objects.create(zone=zone, status="operating", effective_on=dt.date(2024, 6, 1))
    refresh_status(zones)
    WastewaterPlant.objects.create(zone=zones[0], as_of=dt.date(2025, 3, 1), status="operating", meets_standard=True)
    WastewaterPlant.objects.create(zone=zones[1], as_of=dt.date(2025, 6, 1), status="completed")
    saved = target(
        document, metric="wwtp_compliant_share_pct", zone_status="", value=Decimal(100), unit="%", deadline=None
    )
    saved.save()

    answer = progress(saved, ON)

    assert [(p.on, p.value) for p in answer.series.points] == [
        (dt.date(2024, 6, 1), Decimal("0.00")),
        (dt.date(2025, 3, 1), Decimal("50.00")),
        (dt.date(2025, 6, 1), Decimal("50.00")),
        (ON, Decimal("50.00")),
    ]
    assert answer.series.missing == [
        "plants built but not known to meet the standard, counted as not meeting it: CCN-W-2"
    ]
    assert answer.assessment.reason == (
        "the source sets no deadline; latest 50\u00a0% on 26 Nov 2026 against at least 100\u00a0%"
    )


# --- The demo: every seed target, Song Cau and Khatoco Ninh Ich -------------------------------------------------


def test_every_seed_target_is_a_target_citing_its_document_and_quote(demo):
    targets = {t.external_ref: t for t in Target.objects.select_related("document")}

    assert sorted(targets) == SEED_TARGETS
    for ref, item in targets.items():
        figure = Observation.objects.get(external_ref=ref)
        assert (item.document, item.quote) == (figure.document, figure.quote), ref
        assert item.document.contains(item.quote)
        item.full_clean()
    song_cau = targets["S097"]
    assert (song_cau.zone.name_en, song_cau.comparison, song_cau.value, song_cau.unit) == (
        "Song Cau Industrial Cluster",
        "about",
        Decimal(45),
        "%",
    )
    assert (targets["S077"].comparison, targets["S077"].value, targets["S077"].value_high) == (
        "range",
        Decimal(3),
        Decimal(4),
    )
    assert targets["S077"].admin_unit == unit("province", "20")
    assert targets["S100"].deadline is None


def test_loading_the_demo_again_adds_no_target_or_lease(demo):
    before = (Target.objects.count(), Target.history.count(), Lease.objects.count())
    load_demo()
    assert (Target.objects.count(), Lease.objects.count()) == before[::2]


def test_song_cau_is_at_risk_from_its_synthetic_lease_records(demo):
    answer = progress(Target.objects.get(external_ref="S097"), ON)

    assert [(p.on.isoformat(), str(p.value)) for p in answer.series.points] == [
        ("2023-03-31", "13.33"),
        ("2023-06-30", "13.33"),
        ("2023-09-30", "21.67"),
        ("2023-12-31", "21.67"),
        ("2024-03-31", "28.33"),
        ("2024-06-30", "33.67"),
        ("2024-09-30", "33.67"),
    ]
    assert all(p.synthetic and p.document == "synthetic-targets" for p in answer.series.points)
    assert answer.synthetic is True
    assert answer.assessment.status == "at_risk"
    assert answer.assessment.reason == (
        "forecast 39.17\u00a0% by 31 Dec 2024 against about 45\u00a0%: at risk by 5.83 pp (linear trend of 7 points "
        "from 31 Mar 2023 to 30 Sep 2024); the deadline has passed and no value of that day is held"
    )
    assert answer.series.pipeline == Decimal("3.00")
    assert answer.series.missing == ["the lease records describe the zone up to 30 Sep 2024 (the date of their source)"]


def test_khatoco_ninh_ich_is_on_track_thanks_to_its_pipeline(demo):
    answer = progress(Target.objects.get(external_ref="S098"), ON)

    assert answer.assessment.status == "on_track"
    assert answer.assessment.forecast is not None
    assert (answer.assessment.forecast.trend_value, answer.assessment.forecast.floor) == (
        Decimal("79.29"),
        Decimal("82.00"),
    )
    assert answer.assessment.reason == (
        "forecast 82\u00a0% by 31 Dec 2024 against about 75\u00a0%: on track, ahead by 7 pp (the latest 70\u00a0% plus "
        "12 pp in the pipeline: 6 ha committed by investment approvals and not yet leased (plots: KNI-06) on 30 Sep "
        "2024; the trend alone gives 79.29\u00a0%); the deadline has passed and no value of that day is held"
    )


def test_the_other_seed_targets_answer_from_the_registry_or_say_why_they_cannot(demo):
    answers = {t.external_ref: progress(t, ON).assessment for t in Target.objects.all()}

    assert (answers["S076"].status, answers["S076"].reason) == (
        "met",
        "2 on 31 Dec 2025 against at least 1: met, ahead by 1",
    )
    assert (answers["S077"].status, answers["S077"].reason) == (
        "missed",
        "1 on 31 Dec 2025 against 3 to 4: missed by 2",
    )
    assert (answers["S096"].status, answers["S096"].reason) == (
        "missed",
        "0 on 31 Dec 2024 against at least 3: missed by 3",
    )
    assert (answers["S074"].status, answers["S074"].reason) == (
        "cannot_tell",
        "no data: nothing in the data measures it yet",
    )
    assert (answers["S127"].status, answers["S127"].reason) == (
        "cannot_tell",
        "no data: the source does not name the zones of “six Hanoi industrial clusters with 90% infrastructure built”",
    )
    assert answers["S013"].reason == (
        "the source sets no deadline; no data: the source does not name the zones of “Hoa Binh province industrial "
        "parks and clusters”; the area of the administrative unit is not known"
    )


def test_approved_reports_count_for_officials_only(demo):
    from zoneatlas.accounts.tests.conftest import person
    from zoneatlas.reporting.models import ExpectedReport, Submission

    # Given Song Cau's 2026-H1 form 02 approved with 47.5 %, and a target of at least 60 % by the end of 2026,
    song_cau = Zone.objects.get(name_en="Song Cau Industrial Cluster")
    expected = ExpectedReport.objects.get(zone=song_cau, form__code="CCN-02", period_label="2026-H1")
    Submission.objects.create(expected=expected, status="approved", values={"occupancy_pct": "47.5"})
    saved = Target.objects.get(external_ref="S097")
    saved.pk, saved.external_ref = None, ""
    saved.comparison, saved.value, saved.deadline = "at_least", Decimal(60), dt.date(2026, 12, 31)
    saved.save()
    officer = person("khanhhoa", {"role": "provincial_officer", "agency": "doit", "province": unit("province", "56")})

    public = progress(saved, ON)
    official = progress(saved, ON, officer)

    # then the officer's series ends with the report, the public's with the lease records of 30 September 2024.
    assert (public.series.points[-1].on, public.series.points[-1].source) == (dt.date(2024, 9, 30), "leases")
    last = official.series.points[-1]
    assert (last.on, last.value, last.source, last.computed_from) == (
        expected.period_end,
        Decimal("47.5"),
        "report",
        "approved report CCN-02, 2026-H1",
    )
    assert len(official.series.points) == len(public.series.points) + 1


def test_a_provinces_occupancy_target_reads_the_indicator_of_its_approved_reports(demo):
    from zoneatlas.accounts.tests.conftest import person
    from zoneatlas.reporting.models import ExpectedReport, Submission

    # Given Song Cau's 2026-H1 form 02 approved (14.25 ha leased of 30 ha), and Khánh Hòa's clusters to reach 60 %,
    song_cau = Zone.objects.get(name_en="Song Cau Industrial Cluster")
    expected = ExpectedReport.objects.get(zone=song_cau, form__code="CCN-02", period_label="2026-H1")
    values = {"occupancy_pct": "47.5", "industrial_land_ha": "30", "leased_land_ha": "14.25"}
    Submission.objects.create(expected=expected, status="approved", values=values)
    saved = Target.objects.get(external_ref="S097")
    saved.pk, saved.external_ref, saved.zone = None, "", None
    saved.scope_type, saved.admin_unit, saved.zone_kind = "province", unit("province", "56"), "cluster"
    saved.comparison, saved.value, saved.deadline = "at_least", Decimal(60), dt.date(2026, 12, 31)
    saved.full_clean()
    saved.save()
    officer = person("khanhhoa", {"role": "provincial_officer", "agency": "doit", "province": unit("province", "56")})

    official = progress(saved, ON, officer)

    # then the officer reads the province's occupancy of 2026-H1 from the approved report, with its formula.
    assert [(p.on, p.value, p.source) for p in official.series.points] == [
        (expected.period_end, Decimal("47.50"), "report")
    ]
    assert official.series.points[0].computed_from.endswith("from 1 approved reports CCN-02, 2026-H1")
    assert progress(saved, ON).series.points == []
