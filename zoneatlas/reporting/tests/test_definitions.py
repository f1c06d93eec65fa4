import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from zoneatlas.reporting.definitions import CIRCULAR_14, DefinitionError, load_definitions
from zoneatlas.reporting.expected import version_for
from zoneatlas.reporting.models import Indicator, ReportForm, ValidationRule

ONE_FORM = """
[[forms]]
code = "CCN-02"
version = {version}
name = "Mẫu 02"
name_en = "Form 02"
reporter_type = "zone_developer"
zone_kind = "cluster"
reviewer = "managing_agency"
period_types = ["half_year"]
legal_basis = "Circular"
effective_from = {start}
{end}
schedule.half_year = {{ cutoff = ["12-15", "06-14"], due = "06-20" }}
expected.zone_statuses = ["operating"]
indicators = [
  {{ code = "leased_land_ha", name = "Đất đã cho thuê", name_en = "Leased", unit = "ha", data_type = "number" }},
  {{ code = "industrial_land_ready_ha", name = "Đất sẵn sàng", name_en = "Ready", unit = "ha", data_type = "number" }},
]
rules = [
  {{ code = "R1", severity = "error", expression = "{expression}", message = "Sai", message_en = "Wrong" }},
]
"""


def write(tmp_path: Path, *forms: str) -> Path:
    path = tmp_path / "forms.toml"
    path.write_text("\n".join(forms), encoding="utf-8")
    return path


def form_text(version=2, start="2027-01-01", end="", expression="leased_land_ha <= industrial_land_ready_ha"):
    return ONE_FORM.format(version=version, start=start, end=end, expression=expression)


def counts():
    return (
        ReportForm.objects.count(),
        ReportForm.history.count(),
        Indicator.history.count(),
        ValidationRule.history.count(),
    )


def test_the_circular_14_forms_load_with_their_indicators_and_rules(db):
    report = load_definitions()
    assert report.created == ["CCN-01 v1", "CCN-02 v1", "CCN-03 v1", "CCN-04 v1", "KCN-Q v1"]
    forms = {form.code: form for form in ReportForm.objects.all()}
    assert {code: form.indicators.count() for code, form in forms.items()} == {
        "CCN-01": 4,
        "CCN-02": 15,
        "CCN-03": 27,
        "CCN-04": 27,
        "KCN-Q": 13,
    }
    assert list(forms["CCN-01"].indicators.values_list("code", "unit")) == [
        ("revenue_bn_vnd", "bn VND"),
        ("budget_payments_bn_vnd", "bn VND"),
        ("contracted_workers", "persons"),
        ("average_income_mn_vnd", "mn VND/person/month"),
    ]
    leased = forms["CCN-02"].rules.get(code="CCN02-LEASED-LE-READY")
    assert (leased.severity, leased.expression) == ("error", "leased_land_ha <= industrial_land_ready_ha")
    assert forms["CCN-04"].reviewer == "ministry"
    assert forms["CCN-03"].reporter_type == "commune"
    assert forms["CCN-02"].schedule == {
        "half_year": {"cutoff": ["12-15", "06-14"], "due": "06-20"},
        "year": {"cutoff": ["12-15", "12-14"], "due": "12-20"},
    }


def test_loading_again_writes_nothing(db):
    load_definitions()
    before = counts()
    report = load_definitions()
    assert report.unchanged == ["CCN-01 v1", "CCN-02 v1", "CCN-03 v1", "CCN-04 v1", "KCN-Q v1"]
    assert counts() == before


def test_a_change_of_law_is_a_new_version_used_from_its_date(db, tmp_path):
    load_definitions(
        write(tmp_path, form_text(version=1, start="2024-10-01", end="effective_to = 2026-12-31"), form_text())
    )
    assert version_for("CCN-02", "2026-H1")[0].version == 1
    assert version_for("CCN-02", "2027-H1")[0].version == 2


def test_overlapping_versions_are_refused_and_nothing_is_written(db, tmp_path):
    load_definitions()
    before = counts()
    with pytest.raises(DefinitionError) as error:
        load_definitions(write(tmp_path, form_text(version=2, start="2026-01-01")))
    assert error.value.problems == ["CCN-02 v2: overlaps version 1 of the same form"]
    assert counts() == before


def test_overlap_within_the_file_is_refused(db, tmp_path):
    with pytest.raises(DefinitionError) as error:
        load_definitions(write(tmp_path, form_text(version=1, start="2024-10-01"), form_text(version=2)))
    assert error.value.problems == ["CCN-02 v1: overlaps v2 (end it with effective_to before 2027-01-01)"]
    assert ReportForm.objects.count() == 0


def test_a_version_overlapping_another_fails_model_validation(db):
    load_definitions()
    form = ReportForm.objects.get(code="CCN-02")
    form.pk, form.version, form.effective_from = None, 2, dt.date(2026, 1, 1)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        form.full_clean()
    assert "Version 1 of CCN-02 is in force from 2024-10-01" in str(error.value)


@pytest.mark.parametrize(
    ("expression", "problem"),
    [
        ("revenue <= 1", "CCN-02 v2, rule R1: unknown indicator “revenue”"),
        ("__import__('os')", "CCN-02 v2, rule R1: only abs(), min() and max() may be called"),
    ],
)
def test_a_rule_outside_the_language_is_refused(db, tmp_path, expression, problem):
    with pytest.raises(DefinitionError) as error:
        load_definitions(write(tmp_path, form_text(expression=expression)))
    assert error.value.problems == [problem]
    assert ReportForm.objects.count() == 0


def test_the_command_loads_and_reports(db, capsys):
    call_command("reporting", "load-definitions", "--file", str(CIRCULAR_14))
    assert capsys.readouterr().out.strip() == "5 form versions created, 0 updated, 0 unchanged"
