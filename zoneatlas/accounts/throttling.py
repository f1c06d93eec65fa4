"""Login rate limiting: failed logins are counted per (username, IP address) in the cache.

After ``LOGIN_THROTTLE["FAILURES"]`` failures within ``WINDOW_MINUTES``, the pair is locked out for
``LOCKOUT_MINUTES``: every attempt is refused, even with the right password, so guessing cannot continue.
Counting per pair rather than per username alone keeps an attacker from locking a known officer out of
every place they log in from.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _limits() -> tuple[int, int, int]:
    config = settings.LOGIN_THROTTLE
    return int(config["FAILURES"]), int(config["WINDOW_MINUTES"]) * 60, int(config["LOCKOUT_MINUTES"]) * 60


def client_ip(request: HttpRequest | None) -> str:
    """The address the request came from (the proxy's, unless the WSGI server passes on the client's)."""
    if request is None:
        return "-"
    return str(request.META.get("REMOTE_ADDR") or "-")


def _key(kind: str, username: str, ip: str) -> str:
    # Hashed: usernames may hold characters a cache key must not (memcached), and keys stay short.
    digest = hashlib.sha256(f"{username.strip().casefold()}\0{ip}".encode()).hexdigest()
    return f"login:{kind}:{digest}"


def is_locked_out(username: str, request: HttpRequest | None) -> bool:
    return cache.get(_key("lock", username, client_ip(request))) is not None


def record_failure(username: str, request: HttpRequest | None) -> int:
    """Count one failed login; locks the pair out when the limit is reached. Returns the failures counted."""
    failures_allowed, window_s, lockout_s = _limits()
    ip = client_ip(request)
    key = _key("failures", username, ip)
    # add() starts the window only on the first failure; incr() keeps the key's expiry.
    if cache.add(key, 1, timeout=window_s):
        failures = 1
    else:
        try:
            failures = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window_s)
            failures = 1
    if failures >= failures_allowed:
        cache.set(_key("lock", username, ip), True, timeout=lockout_s)
        cache.delete(key)
    return failures


def clear_failures(username: str, request: HttpRequest | None) -> None:
    """A successful login forgets the earlier failures of the pair."""
    cache.delete(_key("failures", username, client_ip(request)))


def lockout_minutes() -> int:
    return _limits()[2] // 60


def username_from(credentials: dict[str, Any]) -> str:
    from django.contrib.auth import get_user_model

    field = get_user_model().USERNAME_FIELD
    return str(credentials.get(field) or credentials.get("username") or "")
