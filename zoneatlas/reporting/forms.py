"""The forms of the reporting pages: a report's values (one field per indicator of its form version), the
explanations of its warnings, the reviewer's decision, and the filters of the completeness and calendar pages.

Values are parsed by ``zoneatlas.reporting.validation`` through the workflow (``services``), as the API's are;
these forms only read what was typed, in the writing of the page's language: ``34,75`` and ``1.830`` in
Vietnamese, ``34.75`` and ``1,830`` in English.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zoneatlas.reporting.choices import DataType, PeriodType, Severity
from zoneatlas.reporting.models import Indicator, ReportForm, ValidationRule

EXPLAIN = "explain__"
# The sections of the shipped forms (data, in English): their names on the page.
SECTIONS = {
    "Plan": _("Plan"),
    "Established": _("Established"),
    "Operating": _("Operating"),
    "Infrastructure": _("Infrastructure"),
    "Land": _("Land"),
    "Tenants": _("Tenants"),
    "Results": _("Results"),
    "Environment": _("Environment"),
}

# The units of the shipped forms (data, in English), as the page's language writes them.
UNITS = {
    "bn VND": _("bn VND"),
    "mn USD": _("mn USD"),
    "mn VND/person/month": _("mn VND/person/month"),
    "persons": _("persons"),
    "projects": _("projects"),
    "clusters": _("clusters"),
}


def unit_label(unit: str) -> str:
    return str(UNITS.get(unit, unit))


def is_vietnamese() -> bool:
    return (get_language() or "vi").startswith("vi")


def localised(vi: str, en: str) -> str:
    """The Vietnamese or English text of a data row, as the page's language asks (English falls back to vi)."""
    return vi if is_vietnamese() or not en else en


def from_input(text: str, data_type: str) -> str:
    """What was typed, as the workflow parses numbers: Vietnamese ``1.250,5`` and English ``1,250.5`` → 1250.5."""
    value = text.strip().replace("\u00a0", "").replace(" ", "")
    if data_type == DataType.BOOLEAN or not value:
        return value
    if is_vietnamese():
        if "," in value or value.count(".") > 1:
            return value.replace(".", "").replace(",", ".")
        head, dot, tail = value.partition(".")
        # A whole number written with a thousands dot (1.830 workers) is read as Vietnamese writes it.
        if dot and data_type == DataType.INTEGER and len(tail) == 3 and tail.isdigit():
            return head + tail
        return value
    return value.replace(",", "")


def to_input(value: Any, data_type: str) -> str:
    """A stored value as the page's language writes it in a field (no grouping, so that it reads back the same)."""
    if value is None:
        return ""
    if data_type == DataType.BOOLEAN:
        return "1" if value else "0"
    if data_type == DataType.INTEGER:
        return str(value)
    text = str(value)
    return text.replace(".", ",") if is_vietnamese() else text


def shown(value: Any, data_type: str) -> str:
    """A stored value for reading (grouped, in the page's language)."""
    if value is None or value == "":
        return "–"
    if data_type == DataType.BOOLEAN:
        return str(_("Yes")) if value else str(_("No"))
    text = str(value)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return number_format(text, decimal_pos=decimals, force_grouping=True)


class SubmissionForm(forms.Form):
    """One field per indicator (in the form version's order, with its unit and explanation), and one explanation
    per warning rule of the form; the page shows the explanations of the warnings found or already explained."""

    def __init__(
        self,
        report_form: ReportForm,
        *args: Any,
        indicators: list[Indicator],
        rules: list[ValidationRule],
        values: dict[str, Any] | None = None,
        explanations: dict[str, str] | None = None,
        disabled: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.report_form = report_form
        self.indicators = indicators
        values = values or {}
        for indicator in indicators:
            self.fields[indicator.code] = self._field(indicator, values.get(indicator.code), disabled)
        self.rules = rules
        self.warning_rules = [rule for rule in rules if rule.severity == Severity.WARNING]
        explanations = explanations or {}
        for rule in self.warning_rules:
            self.fields[EXPLAIN + rule.code] = forms.CharField(
                label=localised(rule.message, rule.message_en),
                required=False,
                disabled=disabled,
                initial=explanations.get(rule.code, ""),
                widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
                max_length=2000,
            )

    def _field(self, indicator: Indicator, value: Any, disabled: bool) -> forms.Field:
        label = localised(indicator.name, indicator.name_en)
        help_text = localised(indicator.help_text_vi, indicator.help_text_en)
        initial = to_input(value, indicator.data_type)
        if indicator.data_type == DataType.BOOLEAN:
            choices = [("", "–"), ("1", _("Yes")), ("0", _("No"))]
            return forms.ChoiceField(
                label=label, help_text=help_text, choices=choices, required=False, initial=initial, disabled=disabled
            )
        mode = "numeric" if indicator.data_type == DataType.INTEGER else "decimal"
        return forms.CharField(
            label=label,
            help_text=help_text,
            required=False,
            initial=initial,
            disabled=disabled,
            max_length=40,
            widget=forms.TextInput(attrs={"inputmode": mode, "size": 14, "autocomplete": "off"}),
        )

    def rows(self) -> list[dict[str, Any]]:
        """The indicators with their bound fields, grouped by section, for the template."""
        sections: list[dict[str, Any]] = []
        for indicator in self.indicators:
            title = SECTIONS.get(indicator.section, indicator.section)
            if not sections or sections[-1]["key"] != indicator.section:
                sections.append({"key": indicator.section, "title": title, "rows": []})
            sections[-1]["rows"].append(
                {"indicator": indicator, "field": self[indicator.code], "unit": unit_label(indicator.unit)}
            )
        return sections

    def raw_values(self) -> dict[str, str]:
        """What was typed per indicator, ready for the workflow (which checks the types)."""
        return {
            indicator.code: from_input(str(self.data.get(indicator.code, "")), indicator.data_type)
            for indicator in self.indicators
        }

    def raw_explanations(self) -> dict[str, str]:
        return {
            rule.code: str(self.data.get(EXPLAIN + rule.code, "")).strip()
            for rule in self.warning_rules
            if str(self.data.get(EXPLAIN + rule.code, "")).strip()
        }

    def explanation(self, code: str) -> forms.BoundField:
        return self[EXPLAIN + code]


class ReviewForm(forms.Form):
    """The reviewer's decision: return (a comment is required), approve (a comment is optional) or reopen an
    approved report (a reason is required)."""

    RETURN = "return"
    APPROVE = "approve"
    REOPEN = "reopen"
    action = forms.ChoiceField(
        choices=[(RETURN, _("Return with a comment")), (APPROVE, _("Approve")), (REOPEN, _("Reopen"))]
    )
    comment = forms.CharField(
        label=_("Comment or reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompletenessFilterForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    province = forms.ChoiceField(label=_("Province"), required=False)
    form = forms.ChoiceField(label=_("Form"), required=False)

    def __init__(
        self,
        *args: Any,
        periods: list[str],
        provinces: list[tuple[str, str]],
        form_codes: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choices: dict[str, list[tuple[str, Any]]] = {
            "period": [(label, label) for label in periods],
            "province": [("", _("All provinces in your scope")), *provinces],
            "form": [("", _("All forms")), *[(code, code) for code in form_codes]],
        }
        for name, options in choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = options


class CalendarForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2024, max_value=2100)
    period_type = forms.ChoiceField(
        label=_("Period type"), required=False, choices=[("", _("All")), *PeriodType.choices]
    )
