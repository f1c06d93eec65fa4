import datetime as dt

from django.core.management import call_command

from zoneatlas.reporting.expected import expect
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import record_status


def expected_codes(form_code, label="2026-H1"):
    reports = ExpectedReport.objects.filter(form__code=form_code, period_label=label)
    return sorted(report.zone.code if report.zone else report.admin_unit.code for report in reports)


def test_the_demo_half_year_expects_the_reporters_the_registry_names_on_the_cut_off_date(demo):
    assert expected_codes("CCN-02") == [
        "CCN-01-0009",
        "CCN-01-0010",
        "CCN-01-0011",
        "CCN-01-0012",
        "CCN-20-0001",
        "CCN-25-0001",
        "CCN-25-0002",
        "CCN-25-0003",
        "CCN-25-0004",
        "CCN-56-0001",
        "CCN-56-0002",
        "CCN-56-0003",
        "CCN-56-0004",
        "CCN-56-0005",
    ]
    # Form 01: the 11 operating tenant projects of Industrial Cluster No. 2 (Lạng Sơn).
    assert expected_codes("CCN-01") == ["CCN-20-0001"] * 11
    assert expected_codes("CCN-04") == ["01", "20", "25", "56"]
    # Form 03: only communes the registry places clusters in (most demo clusters have only their old district).
    assert len(expected_codes("CCN-03")) == 2
    report = ExpectedReport.objects.get(form__code="CCN-02", period_label="2026-H1", zone__code="CCN-25-0001")
    assert (report.period_start, report.period_end, report.due_on, report.province.code) == (
        dt.date(2025, 12, 15),
        dt.date(2026, 6, 14),
        dt.date(2026, 6, 20),
        "25",
    )


def test_statuses_are_read_as_they_stood_on_the_cut_off_date(demo):
    zone = Zone.objects.get(code="CCN-01-0001")  # proposed in the demo
    record_status(zone, "established", dt.date(2026, 7, 1))
    expect("2026-H1")
    assert "CCN-01-0001" not in expected_codes("CCN-02")  # established after the 14 June cut-off
    expect("2026")
    assert "CCN-01-0001" in expected_codes("CCN-02", "2026")


def test_deriving_again_changes_nothing_and_removes_reports_no_longer_expected(demo):
    before = (ExpectedReport.objects.count(), ExpectedReport.history.count())
    outcome = expect("2026-H1")
    assert (outcome.created, outcome.unchanged, outcome.removed) == (0, 31, 0)
    assert (ExpectedReport.objects.count(), ExpectedReport.history.count()) == before
    zone = Zone.objects.get(code="CCN-56-0001")
    record_status(zone, "annulled", dt.date(2026, 1, 10))  # annulled within the period: no longer expected
    outcome = expect("2026-H1", ["CCN-02"])
    assert (outcome.created, outcome.removed) == (0, 1)
    assert "CCN-56-0001" not in expected_codes("CCN-02")


def test_the_command_derives_a_period(demo, capsys):
    call_command("reporting", "expect", "--period", "2026-Q2")
    assert capsys.readouterr().out.strip() == ("2026-Q2: 2 expected reports created, 0 unchanged, 0 removed (KCN-Q: 2)")
    assert expected_codes("KCN-Q", "2026-Q2") == ["KCN-20-0001", "KCN-20-0003"]
