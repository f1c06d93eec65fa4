"""Legal rules as versioned data: loaded from the shipped files, idempotently; bad files refused whole, with lines."""

import datetime as dt
import shutil
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from zoneatlas.planning.loading import RULES_FILE, VERSIONS_FILE, RulesFileError, load_rules
from zoneatlas.planning.models import Rule, RuleVersion, parse_value
from zoneatlas.planning.services import confirm_rules

HEADER = "rule_id,zone_kind,value,valid_from,valid_to,status,source,version\n"


def test_the_shipped_files_load_every_rule_with_its_version_period_and_status(db):
    report = load_rules()

    assert report.format() == "33 rules in 7 versions: 33 added, 0 updated, 0 unchanged"
    assert list(RuleVersion.objects.values_list("name", "effective_from")) == [
        ("Circular 47/2011", dt.date(2012, 2, 15)),
        ("Decree 35/2022", dt.date(2022, 7, 15)),
        ("Decree 32/2024", dt.date(2024, 5, 1)),
        ("Circular 38/2025", dt.date(2025, 7, 1)),
        ("Decree 139/2025 scope change", dt.date(2025, 7, 1)),
        ("Circular 06/2025", dt.date(2025, 9, 1)),
        ("Decree 303/2026", dt.date(2026, 9, 15)),
    ]
    scope = Rule.objects.filter(rule_id="ccn.new.area_scope").order_by("valid_from")
    assert [(r.value_text, r.valid_from, r.valid_to, r.status, r.version.name) for r in scope] == [
        ("district", dt.date(2024, 5, 1), dt.date(2025, 6, 30), "confirmed", "Decree 32/2024"),
        ("province_choice", dt.date(2025, 7, 1), dt.date(2026, 9, 14), "confirmed", "Decree 139/2025 scope change"),
        ("commune", dt.date(2026, 9, 15), None, "pending", "Decree 303/2026"),
    ]
    unleased = Rule.objects.get(rule_id="ccn.new.unleased_land_max_ha", status="pending")
    assert (unleased.value_number, unleased.source, unleased.origin) == (Decimal(50), "Decree 303/2026", "file")
    infrastructure = Rule.objects.get(rule_id="ccn.expand.required_infrastructure", status="confirmed")
    assert infrastructure.value_list == ["internal_roads", "water_supply", "wastewater_collection_treatment"]
    assert infrastructure.history.get().history_change_reason == "loaded from the rules file"


def test_every_row_of_the_brief_is_kept_as_written(db):
    """The rows of the domain's rules.csv are in the shipped file unchanged (with their version appended)."""
    load_rules()
    size = Rule.objects.get(rule_id="ccn.size.min_ha", status="confirmed")
    assert (size.value_text, size.value_number, size.valid_to) == (
        "10 (5 in mountainous areas and for craft-village clusters)",
        Decimal(10),
        dt.date(2026, 9, 14),
    )
    standard = Rule.objects.get(rule_id="ww.industrial.standard", valid_from=dt.date(2012, 2, 15))
    assert (standard.zone_kind, standard.value_text, standard.value_number) == ("all", "QCVN 40:2011/BTNMT", None)


def test_loading_again_changes_nothing_and_records_no_history(rules):
    before = (Rule.objects.count(), Rule.history.count(), RuleVersion.history.count())

    report = load_rules()

    assert (report.created, report.updated, report.unchanged) == (0, 0, 33)
    assert (Rule.objects.count(), Rule.history.count(), RuleVersion.history.count()) == before


@pytest.mark.parametrize(
    ("text", "number", "items"),
    [
        ("60", Decimal(60), []),
        ("10 (5 in mountainous areas and for craft-village clusters)", Decimal(10), []),
        ("50 of 100 (infrastructure 15; environment 15; capacity 30; finance 40)", Decimal(50), []),
        ("eco|high_tech", None, ["eco", "high_tech"]),
        ("2031-12-31", None, []),
        ("QCVN 40:2025/BTNMT", None, []),
        ("max(5 ha; 3 % of industrial land)", None, []),
        ("12.5", Decimal("12.5"), []),
    ],
)
def test_a_value_keeps_its_words_and_the_number_or_list_it_is(text, number, items):
    assert parse_value(text) == (number, items)


def _files(tmp_path, rows):
    rules = tmp_path / "rules.csv"
    rules.write_text(HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    versions = tmp_path / "rule_versions.csv"
    shutil.copy(VERSIONS_FILE, versions)
    return rules, versions


def test_a_file_with_overlapping_periods_is_refused_whole_with_its_lines(db, tmp_path):
    rules, versions = _files(
        tmp_path,
        [
            "ccn.size.max_ha,cluster,75,2024-05-01,,confirmed,Decree 32/2024 Art. 2.1,Decree 32/2024",
            "ccn.new.unleased_land_max_ha,cluster,100,2024-05-01,2026-09-30,confirmed,Decree 32/2024,Decree 32/2024",
            "ccn.new.unleased_land_max_ha,cluster,50,2026-09-15,,pending,Decree 303/2026,Decree 303/2026",
        ],
    )

    with pytest.raises(RulesFileError) as refused:
        load_rules(rules, versions)

    assert refused.value.problems == [
        "rules.csv line 4: ccn.new.unleased_land_max_ha (cluster) from 2026-09-15.. overlaps line 3 "
        "(2024-05-01..2026-09-30): end one before the other starts",
    ]
    assert (Rule.objects.count(), RuleVersion.objects.count()) == (0, 0)


def test_every_bad_value_is_named_with_its_line(db, tmp_path):
    rules, versions = _files(
        tmp_path,
        [
            "ccn.size.max_ha,cluster,75,2024-05-01,,confirmed,Decree 32/2024 Art. 2.1,Decree 32/2024",
            "CCN Size,zone,75,01/05/2024,,maybe,,Decree 99/2099",
            "ccn.size.max_ha,cluster,75,2024-06-01,2024-05-31,confirmed,Decree 32/2024,Decree 139/2025 scope change",
            "ccn.size.max_ha,cluster,80,2024-07-01,,confirmed,Decree 32/2024,Decree 32/2024",
        ],
    )

    with pytest.raises(RulesFileError) as refused:
        load_rules(rules, versions)

    assert refused.value.problems == [
        "rules.csv line 3: rule_id “CCN Size” is not dotted lower-case words",
        "rules.csv line 3: zone_kind “zone” is not one of park, cluster, economic_zone, all",
        "rules.csv line 3: status “maybe” is not one of confirmed, pending",
        "rules.csv line 3: source is empty (every rule cites its article)",
        "rules.csv line 3: valid_from “01/05/2024” is not a date (YYYY-MM-DD)",
        "rules.csv line 3: version “Decree 99/2099” is not in rule_versions.csv",
        "rules.csv line 4: valid_to 2024-05-31 is before valid_from 2024-06-01",
        "rules.csv line 4: valid_from 2024-06-01 is before Decree 139/2025 scope change took effect (2025-07-01)",
        "rules.csv line 5: ccn.size.max_ha (cluster) is already in Decree 32/2024 on line 2",
        "rules.csv line 5: ccn.size.max_ha (cluster) from 2024-07-01.. overlaps line 2 (2024-05-01..): end one "
        "before the other starts",
    ]
    assert "The rules file was refused, nothing was loaded:\nrules.csv line 3" in str(refused.value)
    assert Rule.objects.count() == 0


def test_a_rule_changed_in_the_back_office_is_kept_by_the_next_load(rules, tmp_path):
    pending = Rule.objects.get(rule_id="ccn.new.unleased_land_max_ha", status="pending")
    confirm_rules([pending], user=None, reason="Decree 303/2026 read in the Official Gazette")

    report = load_rules()

    pending.refresh_from_db()
    assert (pending.status, pending.origin) == ("confirmed", "back_office")
    assert report.kept == ["ccn.new.unleased_land_max_ha (Decree 303/2026)"]
    assert report.format().endswith(
        "; 1 kept as changed in the back office (ccn.new.unleased_land_max_ha (Decree 303/2026))"
    )


def test_a_file_may_not_overlap_a_rule_kept_in_the_database(rules, tmp_path):
    kept = Rule.objects.get(rule_id="ccn.size.max_ha")
    kept.valid_to = dt.date(2030, 12, 31)
    kept.origin = "back_office"
    kept.save()
    lines = RULES_FILE.read_text(encoding="utf-8").splitlines()
    lines.append("ccn.size.max_ha,cluster,80,2030-01-01,,pending,Decree 303/2026,Decree 303/2026")
    (tmp_path / "rules.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(RulesFileError) as refused:
        load_rules(tmp_path / "rules.csv")

    assert refused.value.problems == [
        "rules.csv line 35: ccn.size.max_ha (cluster) from 2030-01-01.. overlaps the rule of Decree 32/2024 kept in "
        "the database (2024-05-01..2030-12-31)"
    ]


def test_the_model_refuses_an_overlapping_period_naming_the_rule_in_force(rules):
    version = RuleVersion.objects.get(name="Decree 303/2026")
    clash = Rule(
        version=version,
        rule_id="ccn.size.max_ha",
        zone_kind="cluster",
        value_text="80",
        valid_from=dt.date(2026, 9, 15),
        status="pending",
        source="Decree 303/2026",
    )

    with pytest.raises(ValidationError) as refused:
        clash.full_clean()

    assert refused.value.message_dict == {
        "valid_from": [
            "ccn.size.max_ha (cluster) is already in force on some of these days: Decree 32/2024 gives it 75 from "
            "2024-05-01. End one before the other starts."
        ]
    }


def test_the_database_refuses_a_period_that_ends_before_it_starts(rules):
    version = RuleVersion.objects.get(name="Decree 32/2024")
    with pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.bulk_create(
            [
                Rule(
                    version=version,
                    rule_id="ccn.test.backwards",
                    zone_kind="cluster",
                    value_text="1",
                    valid_from=dt.date(2025, 1, 1),
                    valid_to=dt.date(2024, 1, 1),
                    status="confirmed",
                    source="test",
                )
            ]
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="an exclusion constraint needs PostgreSQL")
def test_postgresql_itself_refuses_overlapping_periods_of_a_rule(rules):
    version = RuleVersion.objects.get(name="Decree 303/2026")
    overlapping = Rule(
        version=version,
        rule_id="ccn.size.max_ha",
        zone_kind="cluster",
        value_text="80",
        valid_from=dt.date(2026, 9, 15),
        status="pending",
        source="Decree 303/2026",
    )
    with pytest.raises(IntegrityError, match="planning_rule_no_overlap"), transaction.atomic():
        Rule.objects.bulk_create([overlapping])  # skips clean(): only the database stands in the way
    # The same rule for another kind of zone does not overlap.
    overlapping.zone_kind = "park"
    Rule.objects.bulk_create([overlapping])
