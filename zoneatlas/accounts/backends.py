"""The authentication backend: Django's, refusing a (username, IP address) pair locked out by throttling."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from zoneatlas.accounts import throttling


class ThrottledModelBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        name = username if username is not None else kwargs.get(self._username_field(), "")
        # PermissionDenied stops authenticate() at once, so no other backend is tried and the password
        # is not checked: a locked-out pair learns nothing, even from the right password.
        if name and throttling.is_locked_out(str(name), request):
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return str(get_user_model().USERNAME_FIELD)
