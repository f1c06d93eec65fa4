"""The forms of the zone pages: changing a zone's registry record, deleting and restoring it, a day to look back to.

The rules are the model's: ``ZoneChangeForm`` is a ``ModelForm`` over the fields the API's PATCH accepts
(``services.EDITABLE_FIELDS``), so its validation is the fields' own and ``Zone.clean()``, the same the API runs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import EDITABLE_FIELDS, REASON_MAX_LENGTH


def reason_field(help_text: Any) -> forms.CharField:
    """Why the change is made: required on the pages, kept in the change history with the author."""
    return forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX_LENGTH,
        help_text=help_text,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class ZoneChangeForm(forms.ModelForm):
    """The registry fields of a zone an officer with an editing grant may change, and why."""

    reason = reason_field(_("Why the record changes, e.g. the decision or survey behind it. Kept in the history."))

    class Meta:
        model = Zone
        fields = EDITABLE_FIELDS

    def changes(self) -> dict[str, Any]:
        """The fields the officer changed, with their new values (the reason is not a field of the zone)."""
        return {name: self.cleaned_data[name] for name in self.changed_data if name in EDITABLE_FIELDS}


class ZoneDeleteForm(forms.Form):
    reason = reason_field(_("Why the zone is deleted, e.g. a duplicate of another record. Kept in the history."))


class ZoneRestoreForm(forms.Form):
    reason = reason_field(_("Why the zone comes back. Kept in the history."))


class AsOfForm(forms.Form):
    """A past day to show a zone as it was (``?as_of=YYYY-MM-DD``, as the date picker sends it)."""

    as_of = forms.DateField(
        label=_("Show the zone as it was on"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give a date as YYYY-MM-DD."),
            "invalid": _("Give a date as YYYY-MM-DD."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as_of"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_as_of(self) -> dt.date:
        day: dt.date = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Give a day no later than today."))
        return day
