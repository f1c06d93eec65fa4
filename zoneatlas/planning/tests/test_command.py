"""``zoneatlas rules load`` and ``zoneatlas rules list``."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from zoneatlas.planning.loading import VERSIONS_FILE
from zoneatlas.planning.models import Rule


def run(*args):
    out = io.StringIO()
    call_command("rules", *args, stdout=out)
    return out.getvalue()


def test_load_then_load_again(db):
    assert run("load") == "Rules loaded: 33 rules in 7 versions: 33 added, 0 updated, 0 unchanged.\n"
    assert run("load") == "Rules loaded: 33 rules in 7 versions: 0 added, 0 updated, 33 unchanged.\n"


def test_a_refused_file_names_its_lines_and_loads_nothing(db, tmp_path):
    bad = tmp_path / "rules.csv"
    bad.write_text(
        "rule_id,zone_kind,value,valid_from,valid_to,status,source,version\n"
        "ccn.size.max_ha,cluster,75,2024-05-01,,confirmed,Decree 32/2024 Art. 2.1,Decree 32/2024\n"
        "ccn.size.max_ha,cluster,80,2026-09-15,,pending,Decree 303/2026,Decree 303/2026\n",
        encoding="utf-8",
    )
    shutil.copy(VERSIONS_FILE, tmp_path / "rule_versions.csv")

    with pytest.raises(CommandError) as refused:
        run("load", str(bad), "--versions", str(tmp_path / "rule_versions.csv"))

    assert str(refused.value) == (
        "The rules file was refused, nothing was loaded:\n"
        "rules.csv line 3: ccn.size.max_ha (cluster) from 2026-09-15.. overlaps line 2 (2024-05-01..): end one before "
        "the other starts"
    )
    assert Rule.objects.count() == 0


def test_list_the_pending_rules_in_force_on_a_day(rules):
    lines = run("list", "--on", "2026-11-26", "--status", "pending", "--kind", "park").splitlines()
    assert lines == [
        "ww.industrial.legacy_standard_for_existing_facilities_until [all] = 2031-12-31  2025-09-01..2031-12-31  "
        "pending  Circular 06/2025 Art. 3 (two secondary notes)  (Circular 06/2025)"
    ]
