"""Forms of the checks page and of the back office's rule changes (each change says why)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.metrics import metric_choices
from zoneatlas.planning.models import Rule, Target

REASON_HELP = _("Recorded in the rule's history, e.g. the decision or the official text read.")


class ReasonForm(forms.Form):
    """The reason for confirming the selected rules (the admin action's intermediate page)."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=REASON_HELP)


class RuleAdminForm(forms.ModelForm):
    """A rule in the back office: a correction needs its reason."""

    reason = forms.CharField(
        label=_("Reason for the change"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    class Meta:
        model = Rule
        fields = ["version", "rule_id", "zone_kind", "value_text", "valid_from", "valid_to", "status", "source", "note"]


def province_choices() -> list[tuple[str, str]]:
    provinces = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE).order_by("short_name")
    return [("", "—")] + [(unit.code, f"{unit.name} ({unit.code})") for unit in provinces]


class EstablishForm(forms.Form):
    """May this province (or commune) establish a new cluster on this day?"""

    province = forms.ChoiceField(label=_("Province"), choices=())
    commune = forms.CharField(
        label=_("Commune"),
        required=False,
        help_text=_("Optional: its code or name, for a test per commune (Decree 303/2026, pending)."),
    )
    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = province_choices()  # type: ignore[attr-defined]


class ExpandForm(forms.Form):
    """May this cluster expand?"""

    code = forms.CharField(label=_("Cluster code"), help_text=_("As on the zone's page, e.g. CCN-…"))
    area_after = forms.DecimalField(
        label=_("Total area after the expansion (ha)"), required=False, min_value=0, decimal_places=4
    )
    demand_exceeds_supply = forms.BooleanField(label=_("Demand exceeds the industrial land available"), required=False)
    demand_note = forms.CharField(label=_("On what grounds"), required=False)
    on = forms.DateField(label=_("On"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class TargetAdminForm(forms.ModelForm):
    """A target in the back office: the metric chosen from the registry, and the reason of the change."""

    metric = forms.ChoiceField(label=_("Metric"), choices=metric_choices)
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the target's history, e.g. the plan or decision that sets or changes it."),
    )

    class Meta:
        model = Target
        fields = [
            "name",
            "name_en",
            "metric",
            "zone_status",
            "zone_kind",
            "scope_type",
            "zone",
            "zone_group",
            "admin_unit",
            "comparison",
            "value",
            "value_high",
            "unit",
            "start_on",
            "deadline",
            "document",
            "quote",
            "external_ref",
            "note",
        ]
