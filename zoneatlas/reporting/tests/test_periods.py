import datetime as dt

import pytest

from zoneatlas.reporting.definitions import load_definitions
from zoneatlas.reporting.models import ReportForm
from zoneatlas.reporting.periods import PeriodError, due_date, month_calendar, period, periods_ending_in, previous


@pytest.fixture
def forms(db):
    load_definitions()
    return {form.code: form for form in ReportForm.objects.all()}


def test_circular_14_half_year_and_year_windows(forms):
    half = period(forms["CCN-02"], "2026-H1")
    year = period(forms["CCN-02"], "2026")
    assert (half.type, half.start, half.end) == ("half_year", dt.date(2025, 12, 15), dt.date(2026, 6, 14))
    assert (year.type, year.start, year.end) == ("year", dt.date(2025, 12, 15), dt.date(2026, 12, 14))


@pytest.mark.parametrize(
    ("code", "half_year_due", "year_due"),
    [
        ("CCN-01", dt.date(2026, 6, 20), dt.date(2026, 12, 20)),
        ("CCN-02", dt.date(2026, 6, 20), dt.date(2026, 12, 20)),
        ("CCN-03", dt.date(2026, 6, 25), dt.date(2026, 12, 25)),
        ("CCN-04", dt.date(2026, 6, 30), dt.date(2026, 12, 31)),
    ],
)
def test_each_cluster_form_is_due_on_its_day(forms, code, half_year_due, year_due):
    form = forms[code]
    assert due_date(form, period(form, "2026-H1")) == half_year_due
    assert due_date(form, period(form, "2026")) == year_due


def test_park_quarters_follow_the_first_window_and_fall_due_days_after(forms):
    form = forms["KCN-Q"]
    quarters = [period(form, f"2026-Q{n}") for n in range(1, 5)]
    assert [(q.start, q.end) for q in quarters] == [
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ]
    assert [due_date(form, q) for q in quarters] == [
        dt.date(2026, 4, 10),
        dt.date(2026, 7, 10),
        dt.date(2026, 10, 10),
        dt.date(2027, 1, 10),
    ]
    # A due day before the period's end falls in the next year.
    assert due_date(form, period(form, "2026")) == dt.date(2027, 1, 20)
    assert [p.label for p in periods_ending_in(form, 2026)] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2026"]


def test_the_previous_period_is_the_same_period_a_year_before_or_the_previous_quarter(forms):
    assert previous(forms["CCN-02"], period(forms["CCN-02"], "2026-H1")).label == "2025-H1"
    assert previous(forms["CCN-02"], period(forms["CCN-02"], "2026")).label == "2025"
    assert previous(forms["KCN-Q"], period(forms["KCN-Q"], "2026-Q1")).label == "2025-Q4"


@pytest.mark.parametrize(
    ("code", "label", "message"),
    [
        ("CCN-02", "2026-Q1", "CCN-02 has no reports of this period type (Quarter)"),
        ("KCN-Q", "2026-H1", "KCN-Q has no reports of this period type (Half year)"),
        ("CCN-02", "2026-H2", "“2026-H2” is not a reporting period: write 2026-H1, 2026 or 2026-Q3"),
        ("CCN-02", "H1-2026", "“H1-2026” is not a reporting period: write 2026-H1, 2026 or 2026-Q3"),
    ],
)
def test_a_period_the_form_does_not_have_is_refused(forms, settings, code, label, message):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("en"), pytest.raises(PeriodError) as error:
        period(forms[code], label)
    assert str(error.value) == message


def test_the_calendar_lists_what_is_due_in_a_month(forms):
    june = month_calendar(forms.values(), 2026, 6)
    assert [(d.due_on.day, d.form.code, d.period.label) for d in june] == [
        (20, "CCN-01", "2026-H1"),
        (20, "CCN-02", "2026-H1"),
        (25, "CCN-03", "2026-H1"),
        (30, "CCN-04", "2026-H1"),
    ]
    january = month_calendar(forms.values(), 2027, 1)
    assert [(d.due_on.day, d.form.code, d.period.label) for d in january] == [
        (10, "KCN-Q", "2026-Q4"),
        (20, "KCN-Q", "2026"),
    ]


def test_the_calendar_leaves_out_periods_before_a_form_came_into_force(forms):
    # Circular 14 is in force from 1 October 2024: the 2024-H1 reports (cut-off 14 June 2024) were not due under it.
    assert month_calendar(forms.values(), 2024, 6) == []
    assert [d.form.code for d in month_calendar(forms.values(), 2024, 12)] == ["CCN-01", "CCN-02", "CCN-03", "CCN-04"]
