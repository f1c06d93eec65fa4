"""The forecast of a target for its deadline and its status, with the reason in words (ADR 0008).

- **Trend**: an ordinary least-squares line through the series' points (value against the day), read at the
  deadline. Exact arithmetic (fractions), the result rounded half up to two decimals. Two points on different days
  at least; one point gives no trend.
- **Floor**: the forecast never falls below what is already secured: for occupancy, the latest leased value plus the
  land committed by investment approvals (the pipeline); for a count of zones that reached a status, the latest
  count (it cannot go down). Percentages are kept within 0-100, other values at or above 0.
- **Status** against the bar: the target value for *at least*, the lower bound for a *range*, the value less the
  tolerance for *about* (``ZONEATLAS["TARGET_ABOUT_TOLERANCE_PCT"]`` % of the value). At or above the bar: on track;
  below it by at most ``ZONEATLAS["TARGET_AT_RISK_MARGIN_PCT"]`` % of the value: at risk; further: off track. When
  the deadline has passed and the series holds a value of that very day, the answer is met or missed instead. No
  deadline, no data, or a single point that does not already reach the bar: cannot tell, saying why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.conf import settings
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from zoneatlas.planning.choices import TargetComparison, TargetStatus
from zoneatlas.planning.metrics import Point, Series

TWO_PLACES = Decimal("0.01")


def about_tolerance_pct() -> Decimal:
    return Decimal(str(settings.ZONEATLAS.get("TARGET_ABOUT_TOLERANCE_PCT", 5)))


def at_risk_margin_pct() -> Decimal:
    return Decimal(str(settings.ZONEATLAS.get("TARGET_AT_RISK_MARGIN_PCT", 10)))


def _round(value: Fraction | Decimal) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Trend:
    """value = intercept + slope × (days since origin)."""

    origin: dt.date
    intercept: Fraction
    slope_per_day: Fraction
    points: int
    first: dt.date
    last: dt.date

    def at(self, day: dt.date) -> Decimal:
        return _round(self.intercept + self.slope_per_day * (day - self.origin).days)

    @property
    def slope_per_year(self) -> Decimal:
        return _round(self.slope_per_day * 365)


def linear_trend(points: list[Point]) -> Trend | None:
    """The least-squares line through the points; None with fewer than two distinct days."""
    if len({point.on for point in points}) < 2:
        return None
    origin = min(point.on for point in points)
    xs = [Fraction((point.on - origin).days) for point in points]
    ys = [Fraction(point.value) for point in points]
    count = len(points)
    mean_x, mean_y = sum(xs, Fraction(0)) / count, sum(ys, Fraction(0)) / count
    sxx = sum(((x - mean_x) * (x - mean_x) for x in xs), Fraction(0))
    sxy = sum(((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)), Fraction(0))
    slope: Fraction = sxy / sxx
    return Trend(
        origin=origin,
        intercept=mean_y - slope * mean_x,
        slope_per_day=slope,
        points=count,
        first=origin,
        last=max(point.on for point in points),
    )


@dataclass(frozen=True)
class Goal:
    """What a target asks, without the database: the comparison, the value(s), the unit and the dates."""

    comparison: str
    value: Decimal
    unit: str
    start_on: dt.date
    deadline: dt.date | None
    value_high: Decimal | None = None

    @property
    def reference(self) -> Decimal:
        """The value held against: the target value, or the lower bound of a range."""
        return self.value

    @property
    def bar(self) -> Decimal:
        """The least value that counts as reaching the target."""
        if self.comparison == TargetComparison.ABOUT:
            return _round(self.value * (1 - about_tolerance_pct() / 100))
        return self.value

    @property
    def at_risk_from(self) -> Decimal:
        return _round(self.bar - self.value * at_risk_margin_pct() / 100)


@dataclass(frozen=True)
class Forecast:
    on: dt.date
    value: Decimal
    trend: Trend | None
    trend_value: Decimal | None
    floor: Decimal | None
    floor_text: str


@dataclass(frozen=True)
class Assessment:
    status: str
    reason: str
    latest: Point | None
    forecast: Forecast | None
    gap: Decimal | None  # reference − forecast (or − measured value): how far short; negative when ahead

    @property
    def status_label(self) -> str:
        return str(TargetStatus(self.status).label)

    @property
    def colour(self) -> str:
        return TargetStatus(self.status).colour


# --- Words --------------------------------------------------------------------------------------------------------


def number(value: Decimal) -> str:
    """A number as the active language writes it, without trailing zeros (37.35, 45, 1,204.5)."""
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(value, decimal_pos=places, force_grouping=True)


def amount(value: Decimal, unit: str) -> str:
    if unit == "%":
        return f"{number(value)}\u00a0%"
    if unit in {"count", ""}:
        return number(value)
    return f"{number(value)}\u00a0{unit}"


def difference(value: Decimal, unit: str) -> str:
    """A gap between two values: percentage points for percentages."""
    if unit == "%":
        return _("%(value)s pp") % {"value": number(value)}
    return amount(value, unit)


def goal_words(goal: Goal) -> str:
    if goal.comparison == TargetComparison.RANGE and goal.value_high is not None:
        return _("%(low)s to %(high)s") % {"low": number(goal.value), "high": amount(goal.value_high, goal.unit)}
    if goal.comparison == TargetComparison.ABOUT:
        return _("about %(value)s") % {"value": amount(goal.value, goal.unit)}
    return _("at least %(value)s") % {"value": amount(goal.value, goal.unit)}


def day_words(day: dt.date) -> str:
    return date_format(day, "DATE_FORMAT")


# --- The assessment -----------------------------------------------------------------------------------------------


def _clamp(value: Decimal, unit: str) -> Decimal:
    value = max(value, Decimal(0))
    return min(value, Decimal(100)) if unit == "%" else value


def _standing(goal: Goal, value: Decimal) -> TargetStatus:
    if value >= goal.bar:
        return TargetStatus.ON_TRACK
    if value >= goal.at_risk_from:
        return TargetStatus.AT_RISK
    return TargetStatus.OFF_TRACK


def _verdict_words(status: str, goal: Goal, gap: Decimal) -> str:
    if status in {TargetStatus.ON_TRACK, TargetStatus.MET}:
        if gap < 0:
            return _("%(status)s, ahead by %(gap)s") % {
                "status": TargetStatus(status).label.lower(),
                "gap": difference(-gap, goal.unit),
            }
        return str(TargetStatus(status).label).lower()
    return _("%(status)s by %(gap)s") % {
        "status": TargetStatus(status).label.lower(),
        "gap": difference(gap, goal.unit),
    }


def _no_data(series: Series) -> str:
    why = "; ".join(series.missing) if series.missing else _("nothing in the data measures it yet")
    return _("no data: %(why)s") % {"why": why}


def assess(goal: Goal, series: Series, today: dt.date) -> Assessment:
    """The target's status on ``today`` from its series (already settled), with the reason in words."""
    points = series.points
    latest = points[-1] if points else None
    if goal.deadline is None:
        reason = _("the source sets no deadline")
        if latest is not None:
            reason += "; " + _("latest %(value)s on %(day)s against %(goal)s") % {
                "value": amount(latest.value, goal.unit),
                "day": day_words(latest.on),
                "goal": goal_words(goal),
            }
        else:
            reason += "; " + _no_data(series)
        return Assessment(TargetStatus.CANNOT_TELL, reason, latest, None, None)
    if latest is None:
        return Assessment(TargetStatus.CANNOT_TELL, _no_data(series), None, None, None)

    deadline = goal.deadline
    measured = next((point for point in points if point.on == deadline), None)
    if measured is not None and deadline <= today:
        status: str = TargetStatus.MET if measured.value >= goal.bar else TargetStatus.MISSED
        gap = _round(goal.reference - measured.value)
        reason = _("%(value)s on %(day)s against %(goal)s: %(verdict)s") % {
            "value": amount(measured.value, goal.unit),
            "day": day_words(deadline),
            "goal": goal_words(goal),
            "verdict": _verdict_words(status, goal, gap),
        }
        return Assessment(status, reason, measured, None, gap)

    used = [point for point in points if point.on <= deadline]
    trend = linear_trend(used)
    last = used[-1] if used else latest
    floors: list[tuple[Decimal, str]] = []
    if series.cumulative:
        floors.append((last.value, _("the count reached cannot go down")))
    if series.pipeline is not None:
        floors.append(
            (
                _clamp(last.value + series.pipeline, goal.unit),
                _("the latest %(value)s plus %(pipeline)s in the pipeline: %(what)s")
                % {
                    "value": amount(last.value, goal.unit),
                    "pipeline": difference(series.pipeline, goal.unit),
                    "what": series.pipeline_text,
                },
            )
        )
    floor, floor_text = max(floors, key=lambda item: item[0]) if floors else (None, "")
    trend_value = _clamp(trend.at(deadline), goal.unit) if trend is not None else None
    candidates = [value for value in (trend_value, floor) if value is not None]
    if not candidates or (trend is None and floor is not None and floor < goal.bar):
        reason = _("only one data point (%(value)s on %(day)s): a trend needs two") % {
            "value": amount(last.value, goal.unit),
            "day": day_words(last.on),
        }
        return Assessment(TargetStatus.CANNOT_TELL, reason, last, None, None)
    value = max(candidates)
    forecast = Forecast(deadline, value, trend, trend_value, floor, floor_text)
    status = _standing(goal, value)
    gap = _round(goal.reference - value)
    if trend is not None and (floor is None or (trend_value is not None and trend_value >= floor)):
        basis = _("linear trend of %(points)d points from %(first)s to %(last)s") % {
            "points": trend.points,
            "first": day_words(trend.first),
            "last": day_words(trend.last),
        }
    else:
        basis = floor_text
        if trend_value is not None:
            basis += "; " + _("the trend alone gives %(value)s") % {"value": amount(trend_value, goal.unit)}
    reason = _("forecast %(value)s by %(day)s against %(goal)s: %(verdict)s (%(basis)s)") % {
        "value": amount(value, goal.unit),
        "day": day_words(deadline),
        "goal": goal_words(goal),
        "verdict": _verdict_words(status, goal, gap),
        "basis": basis,
    }
    if deadline <= today:
        reason += "; " + _("the deadline has passed and no value of that day is held")
    return Assessment(status, reason, last, forecast, gap)
