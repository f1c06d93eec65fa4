"""Token management: owners list, create and revoke their own tokens; the key is shown once, stored hashed."""

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from zoneatlas.accounts.models import ApiToken

from .conftest import person

URL = "/api/v1/tokens/"


@pytest.fixture
def alice(db):
    return person("alice")


@pytest.fixture
def bob(db):
    return person("bob")


def session_of(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def with_token(key):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def listed(token):
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "scope": token.scope,
        "created_at": timezone.localtime(token.created_at).isoformat(),
        "expires_at": timezone.localtime(token.expires_at).isoformat() if token.expires_at else None,
        "last_used_at": None,
        "revoked_at": None,
    }


def state():
    return sorted(ApiToken.objects.values_list("pk", "user__username", "name", "scope", "revoked_at"))


def test_the_owner_lists_their_tokens_without_keys_and_never_anothers(alice, bob):
    old, _ = ApiToken.issue(alice, "dashboard")
    new, _ = ApiToken.issue(alice, "sync", scope="read_write", expires_at=timezone.now() + dt.timedelta(days=30))
    ApiToken.issue(bob, "bob's")
    response = session_of(alice).get(URL)
    assert response.status_code == 200
    assert response.json() == {"count": 2, "next": None, "previous": None, "results": [listed(new), listed(old)]}


def test_creating_a_token_shows_its_key_once_and_stores_only_its_hash(alice):
    expires = (timezone.now() + dt.timedelta(days=90)).replace(microsecond=0)
    response = session_of(alice).post(
        URL, {"name": "nightly export", "scope": "read_write", "expires_at": expires.isoformat()}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    token = ApiToken.objects.get()
    key = body.pop("key")
    assert body == listed(token)
    assert (token.user, token.name, token.scope, token.expires_at) == (alice, "nightly export", "read_write", expires)
    assert key.startswith("za_")
    assert token.prefix == key[:10]
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert "key" not in session_of(alice).get(URL).json()["results"][0]
    assert with_token(key).get(URL).json()["count"] == 1


def test_a_token_is_read_only_unless_asked_otherwise(alice):
    response = session_of(alice).post(URL, {"name": "dashboard"}, format="json")
    assert response.status_code == 201
    assert (response.json()["scope"], response.json()["expires_at"]) == ("read", None)


def test_a_read_only_token_cannot_create_or_revoke_tokens(alice):
    token, key = ApiToken.issue(alice, "dashboard")
    before = state()
    created = with_token(key).post(URL, {"name": "escalation", "scope": "read_write"}, format="json")
    assert created.status_code == 403
    assert created.json() == {"detail": "This token is read-only: it cannot create or revoke tokens."}
    assert with_token(key).delete(f"{URL}{token.pk}/").status_code == 403
    assert state() == before


def test_a_read_write_token_creates_and_revokes_tokens(alice):
    _, key = ApiToken.issue(alice, "automation", scope="read_write")
    response = with_token(key).post(URL, {"name": "child"}, format="json")
    assert response.status_code == 201
    child = ApiToken.objects.get(name="child")
    assert with_token(key).delete(f"{URL}{child.pk}/").status_code == 204
    child.refresh_from_db()
    assert child.revoked_at is not None


def test_revoking_a_token_stops_it_at_once_and_keeps_its_record(alice):
    token, key = ApiToken.issue(alice, "dashboard")
    client = session_of(alice)
    assert client.delete(f"{URL}{token.pk}/").status_code == 204
    token.refresh_from_db()
    revoked_at = token.revoked_at
    assert revoked_at is not None
    assert with_token(key).get(URL).status_code == 401
    # Revoking again answers the same and keeps the first revocation time.
    assert client.delete(f"{URL}{token.pk}/").status_code == 204
    token.refresh_from_db()
    assert token.revoked_at == revoked_at
    assert client.get(URL).json()["results"][0]["revoked_at"] == timezone.localtime(revoked_at).isoformat()


def test_another_users_token_is_not_found_and_stays_valid(alice, bob):
    token, key = ApiToken.issue(bob, "bob's")
    before = state()
    response = session_of(alice).delete(f"{URL}{token.pk}/")
    assert response.status_code == 404
    assert state() == before
    assert with_token(key).get(URL).status_code == 200


def test_the_public_cannot_list_or_create_tokens(alice):
    ApiToken.issue(alice, "dashboard")
    before = state()
    client = APIClient()
    assert client.get(URL).status_code == 401
    assert client.post(URL, {"name": "x"}, format="json").status_code == 401
    assert state() == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "x", "scope": "admin"}, "scope"),
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "x", "expires_at": "2020-01-01T00:00:00Z"}, "expires_at"),
    ],
)
def test_invalid_tokens_are_refused_with_the_field_and_nothing_is_created(alice, payload, field):
    response = session_of(alice).post(URL, payload, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert ApiToken.objects.count() == 0


def test_an_expired_token_is_refused(alice):
    _, key = ApiToken.issue(alice, "old", expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert with_token(key).get(URL).status_code == 401
