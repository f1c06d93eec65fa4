"""The login forms: Django's, answering a locked-out (username, IP address) pair with a clear message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import ngettext

from zoneatlas.accounts import throttling


class ThrottledLoginMixin:
    """Refuses a locked-out pair before checking the password, with a message saying how long to wait."""

    request: Any
    cleaned_data: dict[str, Any]

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and throttling.is_locked_out(username, self.request):
            minutes = throttling.lockout_minutes()
            raise forms.ValidationError(
                ngettext(
                    "Too many failed logins for this account from your address. Try again in %(minutes)d minute.",
                    "Too many failed logins for this account from your address. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked_out",
            )
        cleaned: dict[str, Any] = super().clean()  # type: ignore[misc]
        return cleaned


class LoginForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
