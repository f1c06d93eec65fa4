"""Imports go through the same access rule: one row outside the importer's grants refuses the whole file."""

import csv

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from zoneatlas.figures.models import Observation
from zoneatlas.zones.imports import import_zones
from zoneatlas.zones.models import LifecycleEvent, Zone

HEADER = ["name", "kind", "province", "status", "status_date", "occupancy_pct", "occupancy_as_of"]


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def counts():
    return (Zone.objects.count(), Zone.history.count(), Observation.objects.count(), LifecycleEvent.objects.count())


def test_a_lang_son_officer_cannot_import_a_phu_tho_cluster(personas, tmp_path):
    path = write(
        tmp_path / "mixed.csv",
        [
            ["Cụm công nghiệp Mới", "cluster", "Lạng Sơn", "operating", "2026-01-01", "40", "2026-06-30"],
            ["Cụm công nghiệp Phú Thành II", "cluster", "Phú Thọ", "operating", "2026-01-01", "90", "2026-06-30"],
        ],
    )
    before = counts()
    with translation.override("en"):
        report = import_zones(path, user=personas["lang_son"])
    assert [(issue.line, issue.message) for issue in report.errors] == [
        (3, "you may not edit industrial cluster in Tỉnh Phú Thọ: it is outside your grants")
    ]
    assert counts() == before


def test_a_doit_officer_cannot_import_a_park_even_in_their_province(personas, tmp_path):
    path = write(tmp_path / "park.csv", [["Khu công nghiệp Mới", "park", "Lạng Sơn", "planned", "2026-01-01", "", ""]])
    before = counts()
    report = import_zones(path, user=personas["lang_son"])
    assert [issue.line for issue in report.errors] == [2]
    assert counts() == before


def test_an_import_in_scope_is_written_and_its_history_names_the_officer(personas, tmp_path):
    officer = personas["lang_son"]
    path = write(
        tmp_path / "ok.csv",
        [["Cụm công nghiệp Mới", "cluster", "Lạng Sơn", "operating", "2026-01-01", "40", "2026-06-30"]],
    )
    report = import_zones(path, user=officer)
    assert report.errors == []
    zone = Zone.objects.get(name="Cụm công nghiệp Mới")
    assert zone.province.code == "20"
    assert zone.history.get().history_user == officer
    assert Observation.history.get(zone_id=zone.pk).history_user == officer


def test_the_command_line_imports_as_a_named_user(personas, tmp_path):
    path = write(
        tmp_path / "cli.csv",
        [["Cụm công nghiệp Phú Thành II", "cluster", "Phú Thọ", "operating", "2026-01-01", "", ""]],
    )
    before = counts()
    with pytest.raises(CommandError):
        call_command("import", "zones", str(path), "--as", "langson", "--no-progress")
    assert counts() == before
