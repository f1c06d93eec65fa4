"""Checking a submission's values: their types, required indicators, and the form's validation rules.

``clean_values`` turns what a reporter typed into stored values (decimal strings, integers, booleans) or says
which indicator is wrong; ``run_rules`` returns the findings: errors block submission, warnings need an
explanation. A rule whose values are missing, or that would divide by zero, is skipped (reported as such).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zoneatlas.reporting import expressions
from zoneatlas.reporting.choices import DataType, RuleKind, Severity, SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport, Indicator, ReportForm, ValidationRule
from zoneatlas.reporting.periods import PeriodError, period, previous

REQUIRED = "REQUIRED"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    indicators: tuple[str, ...] = ()
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["indicators"] = list(self.indicators)
        return data


def _localised(vi: str, en: str) -> str:
    return vi if (get_language() or "vi").startswith("vi") else en


def clean_value(indicator: Indicator, raw: Any) -> Any:
    """The stored form of one value; raises ``ValueError`` with a message for the reporter."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = indicator.data_type
    if kind == DataType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in {"1", "true", "yes", "có"}:
            return True
        if text in {"0", "false", "no", "không"}:
            return False
        raise ValueError(_("write 1 (yes) or 0 (no)"))
    if isinstance(raw, bool):
        raise ValueError(_("a number is expected"))
    try:
        number = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is not a number") % {"value": raw}) from None
    if not number.is_finite():
        raise ValueError(_("a number is expected"))
    if kind == DataType.INTEGER:
        if number != number.to_integral_value():
            raise ValueError(_("a whole number is expected"))
        return int(number)
    return format(number, "f")  # as typed, never in exponent notation ("350", "34.75")


def clean_values(form: ReportForm, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Stored values and, per indicator code, what is wrong with what was given. Empty values are left out."""
    indicators = {indicator.code: indicator for indicator in form.indicators.all()}
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    if not isinstance(raw, dict):
        return {}, {"values": _("an object of indicator codes and values is expected")}
    for code, value in raw.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[code] = _("%(form)s has no indicator “%(code)s”") % {"form": form.code, "code": code}
            continue
        try:
            cleaned = clean_value(indicator, value)
        except ValueError as error:
            errors[code] = str(error)
            continue
        if cleaned is not None:
            values[code] = cleaned
    return values, errors


def typed(form: ReportForm, values: dict[str, Any]) -> dict[str, Any]:
    """Stored values as the rules compute with them: Decimal, int or bool."""
    kinds = {indicator.code: indicator.data_type for indicator in form.indicators.all()}
    result: dict[str, Any] = {}
    for code, value in values.items():
        if value is None or code not in kinds:
            continue
        if kinds[code] == DataType.BOOLEAN or kinds[code] == DataType.INTEGER:
            result[code] = value
        else:
            result[code] = Decimal(str(value))
    return result


def _change_pct(current: Any, before: Any) -> Decimal | None:
    if before is None or current is None or Decimal(before) == 0:
        return None
    return abs(Decimal(current) - Decimal(before)) / abs(Decimal(before)) * 100


def previous_values(expected: ExpectedReport) -> tuple[str, dict[str, Any]] | None:
    """The approved values of the same subject and form for the same period before (label, values)."""
    try:
        before = previous(expected.form, period(expected.form, expected.period_label))
    except PeriodError:
        return None
    row = (
        ExpectedReport.objects.filter(
            form__code=expected.form.code,
            period_label=before.label,
            subject_key=expected.subject_key,
            submission__status=SubmissionStatus.APPROVED,
        )
        .select_related("submission", "form")
        .first()
    )
    if row is None:
        return None
    return before.label, typed(row.form, row.submission.values)


def tenant_sum(expected: ExpectedReport, rule: ValidationRule) -> tuple[Decimal, int] | None:
    """The sum of an indicator over the zone's approved tenant reports of the same period, and their number."""
    if expected.zone_id is None:
        return None
    from zoneatlas.reporting.models import Submission

    rows = list(
        Submission.objects.filter(
            expected__form__code=rule.source_form,
            expected__period_label=expected.period_label,
            expected__zone_id=expected.zone_id,
            status=SubmissionStatus.APPROVED,
        ).values_list("values", flat=True)
    )
    numbers = [
        Decimal(str(values[rule.source_indicator])) for values in rows if values.get(rule.source_indicator) is not None
    ]
    return (sum(numbers, Decimal(0)), len(numbers)) if numbers else None


def run_rules(expected: ExpectedReport, values: dict[str, Any]) -> list[Finding]:
    """Every finding on these values: missing required indicators, then each rule that does not hold."""
    form = expected.form
    findings: list[Finding] = []
    for indicator in form.indicators.all():
        if indicator.required and values.get(indicator.code) is None:
            findings.append(
                Finding(
                    REQUIRED,
                    Severity.ERROR,
                    _("“%(name)s” is required") % {"name": _localised(indicator.name, indicator.name_en)},
                    (indicator.code,),
                )
            )
    numbers = typed(form, values)
    before: tuple[str, dict[str, Any]] | bool | None = False  # looked up once, when a rule needs it
    for rule in form.rules.all():
        message = _localised(rule.message, rule.message_en)
        if rule.kind == RuleKind.EXPRESSION:
            tree = expressions.parse(rule.expression)
            try:
                holds = expressions.evaluate(tree, numbers)
            except expressions.NotApplicable:
                continue
            if not holds:
                findings.append(Finding(rule.code, rule.severity, message, tuple(sorted(expressions.names(tree)))))
        elif rule.kind == RuleKind.JUMP:
            if before is False:
                before = previous_values(expected)
            if not before:
                continue
            label, old = before  # type: ignore[misc]
            change = _change_pct(numbers.get(rule.indicator), old.get(rule.indicator))
            if change is not None and rule.threshold_pct is not None and change > rule.threshold_pct:
                detail = _("%(before)s in %(period)s, %(now)s now (%(change)s %%)") % {
                    "before": old.get(rule.indicator),
                    "period": label,
                    "now": numbers.get(rule.indicator),
                    "change": round(change, 1),
                }
                findings.append(Finding(rule.code, rule.severity, message, (rule.indicator,), detail))
        elif rule.kind == RuleKind.TENANT_SUM:
            summed = tenant_sum(expected, rule)
            value = numbers.get(rule.indicator)
            if summed is None or value is None:
                continue
            total, count = summed
            change = _change_pct(value, total)
            if change is not None and rule.threshold_pct is not None and change > rule.threshold_pct:
                detail = _("%(value)s reported, %(total)s in %(count)s approved tenant reports") % {
                    "value": value,
                    "total": total,
                    "count": count,
                }
                findings.append(Finding(rule.code, rule.severity, message, (rule.indicator,), detail))
    return findings
