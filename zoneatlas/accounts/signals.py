"""Failed and successful logins feed the login throttle, whichever form or view authenticated."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from zoneatlas.accounts import throttling


@receiver(user_login_failed, dispatch_uid="zoneatlas.accounts.login_failed")
def count_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = throttling.username_from(credentials)
    # Attempts during a lockout are refused without being counted, so the lockout ends when it says it will.
    if username and not throttling.is_locked_out(username, request):
        throttling.record_failure(username, request)


@receiver(user_logged_in, dispatch_uid="zoneatlas.accounts.logged_in")
def forget_failed_logins(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    throttling.clear_failures(user.get_username(), request)
