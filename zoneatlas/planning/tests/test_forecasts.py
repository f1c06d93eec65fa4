"""The forecast of a target for its deadline and its status with the reason: pure arithmetic, exact values.

Goals and series are built by hand (no database). Tolerance 5 % of the value for "about", at risk down to 10 % of
the value below the bar (the settings' defaults), English active (the package's conftest).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import override_settings

from zoneatlas.planning.forecasts import Goal, assess, linear_trend
from zoneatlas.planning.metrics import Point, Series

D = dt.date


def points(*pairs: tuple[dt.date, str], source: str = "figure") -> list[Point]:
    return [Point(on=day, value=Decimal(value), source=source, computed_from="test") for day, value in pairs]


def series(*pairs: tuple[dt.date, str], **fields: object) -> Series:
    return Series(points=points(*pairs), **fields)  # type: ignore[arg-type]


def goal(comparison: str = "at_least", value: str = "100", unit: str = "%", **fields: object) -> Goal:
    defaults: dict[str, object] = {"start_on": D(2024, 1, 1), "deadline": D(2024, 12, 31)}
    defaults.update(fields)
    return Goal(comparison=comparison, value=Decimal(value), unit=unit, **defaults)  # type: ignore[arg-type]


def test_the_trend_is_the_least_squares_line_read_at_any_day():
    trend = linear_trend(points((D(2024, 1, 1), "10"), (D(2024, 1, 11), "20")))

    assert trend is not None
    assert trend.at(D(2024, 1, 21)) == Decimal("30.00")
    assert trend.slope_per_year == Decimal("365.00")
    assert (trend.points, trend.first, trend.last) == (2, D(2024, 1, 1), D(2024, 1, 11))


def test_the_trend_through_song_caus_quarters_gives_39_17_at_the_end_of_2024():
    # The demo's synthetic leased share of Song Cau at seven quarter ends (30 ha of industrial land).
    quarters = points(
        (D(2023, 3, 31), "13.33"),
        (D(2023, 6, 30), "13.33"),
        (D(2023, 9, 30), "21.67"),
        (D(2023, 12, 31), "21.67"),
        (D(2024, 3, 31), "28.33"),
        (D(2024, 6, 30), "33.67"),
        (D(2024, 9, 30), "33.67"),
    )

    trend = linear_trend(quarters)

    assert trend is not None
    assert trend.at(D(2024, 12, 31)) == Decimal("39.17")
    assert trend.slope_per_year == Decimal("15.44")  # percentage points a year


def test_no_trend_from_one_day():
    assert linear_trend(points((D(2024, 1, 1), "10"), (D(2024, 1, 1), "12"))) is None
    assert linear_trend([]) is None


def test_a_forecast_short_of_about_45_by_more_than_the_margin_is_off_track_with_the_gap_in_points():
    # Given two points 182 days apart, the deadline 182 days after the second: 30 → 34.1 → 38.2.
    data = series((D(2024, 1, 2), "30"), (D(2024, 7, 2), "34.1"))

    answer = assess(goal("about", "45"), data, today=D(2024, 8, 1))

    assert answer.status == "off_track"
    assert answer.reason == (
        "forecast 38.2\u00a0% by 31 Dec 2024 against about 45\u00a0%: off track by 6.8 pp "
        "(linear trend of 2 points from 2 Jan 2024 to 2 Jul 2024)"
    )
    assert answer.gap == Decimal("6.80")
    assert answer.forecast is not None
    assert (answer.forecast.value, answer.forecast.trend_value, answer.forecast.floor) == (
        Decimal("38.20"),
        Decimal("38.20"),
        None,
    )
    assert answer.latest is not None
    assert answer.latest.value == Decimal("34.1")


@pytest.mark.parametrize(
    ("second", "status", "verdict"),
    [
        ("36.3", "at_risk", "at risk by 2.4 pp"),  # forecast 42.6: below the bar 42.75, above 38.25
        ("36", "at_risk", "at risk by 3 pp"),  # 42: still within the margin
        ("34", "off_track", "off track by 7 pp"),  # 38: below 38.25
        ("36.4", "on_track", "on track"),  # 42.8: within the 5 % tolerance of about 45 (bar 42.75)
        ("37.5", "on_track", "on track"),  # exactly 45
        ("40", "on_track", "on track, ahead by 5 pp"),  # 50
    ],
)
def test_about_45_has_a_tolerance_then_a_margin(second, status, verdict):
    data = series((D(2024, 1, 2), "30"), (D(2024, 7, 2), second))

    answer = assess(goal("about", "45"), data, today=D(2024, 8, 1))

    assert answer.status == status
    assert f": {verdict} (" in answer.reason


def test_the_bar_and_the_margin_follow_the_settings():
    with override_settings(ZONEATLAS={"TARGET_ABOUT_TOLERANCE_PCT": 0, "TARGET_AT_RISK_MARGIN_PCT": 20}):
        about = goal("about", "45")
        assert (about.bar, about.at_risk_from) == (Decimal("45"), Decimal("36.00"))


def test_at_least_has_no_tolerance():
    data = series((D(2024, 1, 2), "30"), (D(2024, 7, 2), "37.4"))  # forecast 44.8

    answer = assess(goal("at_least", "45"), data, today=D(2024, 8, 1))

    assert answer.status == "at_risk"
    assert answer.reason.startswith("forecast 44.8\u00a0% by 31 Dec 2024 against at least 45\u00a0%: at risk by 0.2 pp")


def test_a_range_is_reached_from_its_lower_bound_and_more_is_ahead():
    counts = series((D(2024, 1, 1), "0"), (D(2024, 7, 1), "9"), cumulative=True)  # forecast 18.05 by 31 Dec

    answer = assess(goal("range", "15", unit="count", value_high=Decimal("20")), counts, today=D(2024, 8, 1))

    assert answer.status == "on_track"
    assert answer.reason.startswith("forecast 18.05 by 31 Dec 2024 against 15 to 20: on track, ahead by 3.05 (")


def test_the_pipeline_keeps_the_forecast_above_what_is_leased_and_committed():
    # A flat trend at 70 %, with 12 points of land committed by investment approvals.
    data = series(
        (D(2024, 3, 31), "70"),
        (D(2024, 9, 30), "70"),
        pipeline=Decimal("12"),
        pipeline_text="6 ha committed by investment approvals and not yet leased (plots: KNI-06) on 30 Sep 2024",
    )

    answer = assess(goal("about", "75"), data, today=D(2024, 10, 1))

    assert answer.status == "on_track"
    assert answer.reason == (
        "forecast 82\u00a0% by 31 Dec 2024 against about 75\u00a0%: on track, ahead by 7 pp (the latest 70\u00a0% plus "
        "12 pp in the pipeline: 6 ha committed by investment approvals and not yet leased (plots: KNI-06) on 30 Sep "
        "2024; the trend alone gives 70\u00a0%)"
    )
    assert answer.forecast is not None
    assert answer.forecast.floor == Decimal("82")


def test_a_percentage_forecast_stays_within_0_and_100():
    data = series((D(2024, 1, 2), "60"), (D(2024, 7, 2), "90"))  # the line reaches 120

    answer = assess(goal("at_least", "100"), data, today=D(2024, 8, 1))

    assert answer.forecast is not None
    assert answer.forecast.value == Decimal("100")
    assert answer.status == "on_track"


def test_a_count_already_reached_stays_reached():
    counts = series((D(2021, 5, 31), "2"), (D(2024, 5, 1), "2"), cumulative=True)

    answer = assess(goal("at_least", "1", unit="count", deadline=D(2025, 12, 31)), counts, today=D(2024, 5, 1))

    assert answer.status == "on_track"
    assert answer.forecast is not None
    assert answer.forecast.value == Decimal("2")


def test_after_the_deadline_a_value_of_that_day_is_met_or_missed():
    counts = series((D(2021, 5, 31), "1"), (D(2025, 12, 31), "1"), cumulative=True)

    answer = assess(
        goal("range", "3", unit="count", value_high=Decimal("4"), deadline=D(2025, 12, 31)),
        counts,
        today=D(2026, 11, 26),
    )

    assert answer.status == "missed"
    assert answer.reason == "1 on 31 Dec 2025 against 3 to 4: missed by 2"
    assert answer.gap == Decimal("2.00")
    met = assess(goal("at_least", "1", unit="count", deadline=D(2025, 12, 31)), counts, today=D(2026, 11, 26))
    assert (met.status, met.reason) == ("met", "1 on 31 Dec 2025 against at least 1: met")


def test_after_the_deadline_without_a_value_of_that_day_the_forecast_says_so():
    data = series((D(2024, 1, 2), "30"), (D(2024, 7, 2), "34.1"))

    answer = assess(goal("about", "45"), data, today=D(2026, 11, 26))

    assert answer.status == "off_track"
    assert answer.reason.endswith("; the deadline has passed and no value of that day is held")


def test_one_point_cannot_make_a_trend():
    answer = assess(goal("about", "45"), series((D(2024, 6, 30), "33.67")), today=D(2024, 8, 1))

    assert (answer.status, answer.reason) == (
        "cannot_tell",
        "only one data point (33.67\u00a0% on 30 Jun 2024): a trend needs two",
    )
    assert answer.forecast is None


def test_one_point_with_a_pipeline_already_at_the_target_is_on_track():
    data = series((D(2024, 6, 30), "40"), pipeline=Decimal("6"), pipeline_text="3 ha committed")

    answer = assess(goal("about", "45"), data, today=D(2024, 8, 1))

    assert answer.status == "on_track"
    assert answer.forecast is not None
    assert answer.forecast.value == Decimal("46")


def test_no_deadline_or_no_data_cannot_tell_and_say_why():
    latest = assess(goal(deadline=None), series((D(2026, 11, 26), "0")), today=D(2026, 11, 26))
    assert (latest.status, latest.reason) == (
        "cannot_tell",
        "the source sets no deadline; latest 0\u00a0% on 26 Nov 2026 against at least 100\u00a0%",
    )
    empty = assess(goal(), Series(missing=["the source does not name the zones of “six clusters”"]), D(2024, 8, 1))
    assert (empty.status, empty.reason) == (
        "cannot_tell",
        "no data: the source does not name the zones of “six clusters”",
    )
    assert assess(goal(), Series(), D(2024, 8, 1)).reason == "no data: nothing in the data measures it yet"


def test_vietnamese_numbers_in_the_reason():
    from django.utils import translation

    data = series((D(2024, 1, 2), "30"), (D(2024, 7, 2), "34.1"))
    with translation.override("vi"):
        answer = assess(goal("about", "45"), data, today=D(2024, 8, 1))
    assert "38,2\u00a0%" in answer.reason
