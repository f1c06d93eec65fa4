"""Whole answers of the read API, cached and revalidated, and invalidated by every write of registry data.

An answer is served from the cache only to a request that would have computed the same bytes: same scheme, host,
path and query (parameters sorted by name), media type, language, caller's read scope (``access.read_scope_key``)
and registry version. The version (``RegistryVersion``) is read from the database at the start of every request
and replaced after every committed write of registry data, so an answer cached before a write can never be found
after it, in any process (docs/decisions/0004-response-caching.md). Writes are seen by the registry models'
``post_save``, ``post_delete`` and ``m2m_changed`` signals; bulk paths, which send none, call ``registry_changed``.

Each answer carries a strong ``ETag`` (a hash of its bytes and language); ``If-None-Match`` gets ``304 Not
Modified``. Only ``200`` JSON answers to GET and HEAD are stored; errors, other formats (the browsable API) and
unsafe methods go through untouched. Authentication, permissions and throttling run before the cache is asked.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import secrets
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from rest_framework.request import Request

from zoneatlas.core.models import RegistryVersion

CACHE_ALIAS = "api"
# Apps whose data the API's answers show or describe zones (``tenants``: their projects and leases), and the one
# model elsewhere that decides what a user reads.
REGISTRY_APPS = frozenset({"geo", "sources", "zones", "figures", "tenants"})
REGISTRY_MODELS = frozenset({"accounts.grant"})
# The request headers an answer depends on, for caches between the server and the client.
VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")

# Writes made by this process, counted at once (before they commit): the writing process never serves an answer
# older than its own writes, not even inside an open transaction (or a test, whose transaction never commits).
_local_writes = itertools.count()
_local_generation = 0


# --- Invalidation -------------------------------------------------------------------------------------------


class _Change:
    """The registry version change owed by one transaction: its callbacks run at commit, the first one writes it."""

    done = False


def _change_version(change: _Change, using: str) -> None:
    if not change.done:
        change.done = True
        RegistryVersion.change(using)


def registry_changed(using: str = DEFAULT_DB_ALIAS) -> None:
    """Registry data changed: no cached answer computed before may be served once the change commits.

    Called by the registry models' signals, and by bulk writes (``bulk_create``, ``update()``), which send none.
    Inside a transaction every call adds an on-commit callback (so a savepoint rolled back takes only its own
    with it), and the callbacks of one transaction share one ``_Change``: a commit writes the version once.
    """
    global _local_generation
    _local_generation = next(_local_writes) + 1
    connection = connections[using]
    if not connection.in_atomic_block:
        RegistryVersion.change(using)
        return
    change: _Change | None = getattr(connection, "_zoneatlas_change", None)
    if change is None or change.done:
        change = _Change()
        connection._zoneatlas_change = change  # type: ignore[attr-defined]
    # Robust: failing to write the version must not turn a committed write into an error; the cache's timeout
    # then bounds how long earlier answers live.
    transaction.on_commit(functools.partial(_change_version, change, using), using=using, robust=True)


def _on_write(sender: type[models.Model], using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    registry_changed(using)


def is_registry_model(model: type[models.Model]) -> bool:
    meta = model._meta
    if getattr(model, "instance_type", None) is not None:  # a django-simple-history record: written with its model
        return False
    return meta.app_label in REGISTRY_APPS or meta.label_lower in REGISTRY_MODELS


def connect_signals() -> None:
    """Watch every write of registry data (called once, from ``CoreConfig.ready``)."""
    for model in apps.get_models():
        if not is_registry_model(model):
            continue
        uid = f"zoneatlas.core.caching:{model._meta.label_lower}"
        post_save.connect(_on_write, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(_on_write, sender=model, dispatch_uid=uid, weak=False)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_write, sender=through, dispatch_uid=f"{uid}.{field.name}", weak=False)


# --- The cache ----------------------------------------------------------------------------------------------


def response_key(request: Request, scope: str, using: str = DEFAULT_DB_ALIAS) -> str:
    """The key of the request's answer. Reads the registry version: call it before reading any data."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)  # sorted by name; repeated values keep their order
    parts = [
        str(RegistryVersion.read(using)),
        str(_local_generation),
        _transaction_token(using),
        request.scheme or "",
        request.get_host(),
        request.path,
        query,
        request.accepted_media_type,
        get_language() or "",
        scope,
    ]
    return "response:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _transaction_token(using: str) -> str:
    """Empty outside a transaction; inside one, a token of the outermost transaction.

    An answer computed inside a transaction (``ATOMIC_REQUESTS``, or a test, whose transaction is rolled back) may
    show that transaction's uncommitted writes: it is shared only within the same transaction.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        return ""
    if not connection.atomic_blocks:
        return secrets.token_hex(8)  # a transaction opened by hand: never shared
    outermost = connection.atomic_blocks[0]
    token: str | None = getattr(outermost, "_zoneatlas_cache_token", None)
    if token is None:
        token = secrets.token_hex(8)
        outermost._zoneatlas_cache_token = token  # type: ignore[attr-defined]
    return token


def etag_of(content: bytes) -> str:
    """A strong validator: the same bytes in the same language (Content-Language) give the same tag."""
    digest = hashlib.sha256(content + b"\n" + (get_language() or "").encode()).hexdigest()
    return f'"{digest[:40]}"'


def _headers(response: HttpResponseBase, request: Request, etag: str) -> None:
    response["ETag"] = etag
    patch_vary_headers(response, VARY)
    # Revalidate before every reuse (the ETag makes it cheap); answers to a signed-in user are theirs alone.
    if request.user.is_authenticated:
        patch_cache_control(response, no_cache=True, private=True)
    else:
        patch_cache_control(response, no_cache=True)


def same_for_everyone(user: Any) -> str:
    """The scope of data every caller reads alike (administrative units, sources, exchange rates)."""
    return "everyone"


def dated(scope: Callable[[Any], str]) -> Callable[[Any], str]:
    """``scope`` and today's date: for answers computed "as of today" unless the query names a day.

    Without the date, an answer cached before midnight could be served after it with yesterday's figures.
    """

    def scope_today(user: Any) -> str:
        return f"{scope(user)}|{timezone.localdate().isoformat()}"

    return scope_today


def cache_response[H: Callable[..., HttpResponseBase]](scope: Callable[[Any], str]) -> Callable[[H], H]:
    """Serve a DRF view method's ``200`` JSON answers from the cache, keyed by ``scope(request.user)`` and the rest.

    ``scope`` names what the user may read (``zoneatlas.accounts.access.read_scope_key``): users with the same
    scope share answers. The method runs after DRF's ``initial()``: authentication, permissions, throttling and
    content negotiation have all been done, and still are for every cached answer.
    """

    def decorator(handler: H) -> H:
        @functools.wraps(handler)
        def wrapper(view: Any, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return serve_cached(request, scope, lambda: handler(view, request, *args, **kwargs))

        return cast(H, wrapper)

    return decorator


def serve_cached(
    request: Request, scope: Callable[[Any], str], compute: Callable[[], HttpResponseBase]
) -> HttpResponseBase:
    """The cached answer to the request if there is one, else ``compute()``'s, kept when it is a 200."""
    if request.method not in {"GET", "HEAD"} or getattr(request.accepted_renderer, "format", None) != "json":
        return compute()
    key = response_key(request, scope(request.user))
    entry = caches[CACHE_ALIAS].get(key)
    if entry is not None:
        etag, content_type, content = entry
        cached = HttpResponse(content, content_type=content_type)
        _headers(cached, request, etag)
        return get_conditional_response(request, etag=etag, response=cached) or cached
    response = compute()
    if response.status_code == 200 and hasattr(response, "add_post_render_callback"):
        response.add_post_render_callback(functools.partial(_store, request, key))
    return response


class CachedReadMixin:
    """A read-only viewset whose ``list`` and ``retrieve`` answers are served from the response cache.

    ``cache_scope`` names what the caller may read (default: everyone reads the same).
    """

    cache_scope: Callable[[Any], str] = staticmethod(same_for_everyone)

    # Typed Any: the answer is DRF's Response or, from the cache, a plain HttpResponse (both HttpResponseBase).
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        compute = super().list  # type: ignore[misc]
        return serve_cached(request, self.cache_scope, lambda: compute(request, *args, **kwargs))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        compute = super().retrieve  # type: ignore[misc]
        return serve_cached(request, self.cache_scope, lambda: compute(request, *args, **kwargs))


def _store(request: Request, key: str, response: HttpResponse) -> HttpResponseBase:
    """After rendering: tag the answer, keep it, and answer 304 if the client already holds these bytes."""
    content = response.content
    etag = etag_of(content)
    _headers(response, request, etag)
    if response.status_code == 200:
        caches[CACHE_ALIAS].set(key, (etag, response["Content-Type"], content))
    return get_conditional_response(request, etag=etag, response=response) or response
