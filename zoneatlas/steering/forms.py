"""Forms of the obstacle and steering pages: record an obstacle, update it, record a meeting and its decisions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.steering.choices import EscalationLevel, ObstacleStatus
from zoneatlas.steering.models import Agency, Obstacle, SteeringMeeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ObstacleForm(forms.ModelForm[Obstacle]):
    """A new obstacle on one of the zones the user may edit."""

    class Meta:
        model = Obstacle
        fields = [
            "zone",
            "kind",
            "description",
            "agency",
            "directive",
            "deadline",
            "opened_on",
            "escalation_level",
            "source_document",
            "quote",
            "is_published",
        ]
        widgets = {"deadline": DATE, "opened_on": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, zones: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["zone"].queryset = zones.order_by("code")  # type: ignore[attr-defined]
        self.fields["agency"].required = False  # the model refuses it with its own reason (clean)
        self.fields["source_document"].queryset = self.fields["source_document"].queryset.defer("text")  # type: ignore[attr-defined]


class ObstacleUpdateForm(forms.Form):
    """A follow-up step: what was done, and what changes (status, deadline, escalation, agency)."""

    on_date = forms.DateField(label=_("Day"), widget=DATE)
    note = forms.CharField(label=_("What was done or decided"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *ObstacleStatus.choices], required=False)
    deadline = forms.DateField(label=_("New deadline"), widget=DATE, required=False)
    escalation_level = forms.TypedChoiceField(
        label=_("Escalation level"),
        choices=[("", "—"), *EscalationLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    agency = forms.ModelChoiceField(label=_("New responsible agency"), queryset=Agency.objects.all(), required=False)

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "on_date": data["on_date"],
            "note": data["note"],
            "status": data["status"] or None,
            "deadline": data["deadline"],
            "escalation_level": data["escalation_level"],
            "agency": data["agency"],
        }


class MeetingForm(forms.ModelForm[SteeringMeeting]):
    class Meta:
        model = SteeringMeeting
        fields = ["body", "held_on", "province", "chair", "attendees", "minutes", "minutes_file", "source_document"]
        widgets = {
            "held_on": DATE,
            "attendees": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args: Any, provinces: QuerySet[AdminUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces  # type: ignore[attr-defined]
        self.fields["source_document"].queryset = self.fields["source_document"].queryset.defer("text")  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    """A decision of a meeting, with the obstacle it updates and the task it assigns (both optional)."""

    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    obstacle = forms.ModelChoiceField(label=_("Obstacle it updates"), queryset=Obstacle.objects.none(), required=False)
    status = forms.ChoiceField(label=_("New status"), choices=[("", "—"), *ObstacleStatus.choices], required=False)
    deadline = forms.DateField(label=_("New deadline"), widget=DATE, required=False)
    escalation_level = forms.TypedChoiceField(
        label=_("Escalation level"),
        choices=[("", "—"), *EscalationLevel.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    task = forms.CharField(label=_("Follow-up task"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    task_agency = forms.ModelChoiceField(label=_("Assigned to"), queryset=Agency.objects.all(), required=False)
    task_deadline = forms.DateField(label=_("Task deadline"), widget=DATE, required=False)

    def __init__(self, *args: Any, obstacles: QuerySet[Obstacle], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["obstacle"].queryset = obstacles  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changes = any(data.get(name) not in (None, "") for name in ("status", "deadline", "escalation_level"))
        if changes and not data.get("obstacle"):
            self.add_error("obstacle", _("Choose the obstacle the decision changes."))
        if data.get("task"):
            if not data.get("task_agency"):
                self.add_error("task_agency", _("A task needs an agency to do it."))
            if not data.get("task_deadline"):
                self.add_error("task_deadline", _("A task needs a deadline."))
        elif data.get("task_agency") or data.get("task_deadline"):
            self.add_error("task", _("Describe the task."))
        return data

    def obstacle_changes(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("obstacle"):
            return []
        return [
            {
                "obstacle": data["obstacle"],
                "note": data["text"],
                "status": data["status"] or None,
                "deadline": data["deadline"],
                "escalation_level": data["escalation_level"],
            }
        ]

    def tasks(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("task"):
            return []
        return [
            {
                "description": data["task"],
                "agency": data["task_agency"],
                "deadline": data["task_deadline"],
                "obstacle": data.get("obstacle"),
            }
        ]
