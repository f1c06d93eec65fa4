"""Login rate limiting: after 5 failed logins of a (username, IP address) pair in 15 minutes, the pair is locked
out for 15 minutes, on the site's login page and the admin's alike, even with the right password."""

from types import SimpleNamespace

import pytest
from django.core.cache.backends import base as cache_base
from django.core.cache.backends import locmem
from django.test import Client

from .conftest import person

PASSWORD = "a-long-test-password"
LOCKED = "Too many failed logins for this account from your address. Try again in 15 minutes."


@pytest.fixture
def officer(db):
    return person("officer")


@pytest.fixture
def clock(monkeypatch):
    """The cache's clock, moved by hand: lockouts expire without waiting."""
    now = SimpleNamespace(value=1_800_000_000.0)
    fake_time = SimpleNamespace(time=lambda: now.value)
    monkeypatch.setattr(locmem, "time", fake_time)
    monkeypatch.setattr(cache_base, "time", fake_time)
    return now


def browser(ip="203.0.113.7"):
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en")


def log_in(client, password, username="officer", url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_login_page_logs_in_with_the_right_password(officer):
    client = browser()
    assert client.get("/accounts/login/").status_code == 200
    response = log_in(client, PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert is_logged_in(client)


def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(officer):
    client = browser()
    for _ in range(5):
        response = log_in(client, "wrong-password")
        assert response.status_code == 200
        assert LOCKED not in response.text
    response = log_in(client, PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.text
    assert not is_logged_in(client)


def test_four_failures_do_not_lock_and_a_success_forgets_them(officer):
    client = browser()
    for _ in range(4):
        log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    assert not is_logged_in(client)
    for _ in range(4):
        log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_the_lockout_is_per_address_and_per_username(officer):
    person("colleague")
    attacker = browser("198.51.100.1")
    for _ in range(5):
        log_in(attacker, "wrong-password")
    assert LOCKED in log_in(attacker, PASSWORD).text
    office = browser("203.0.113.7")
    assert log_in(office, PASSWORD).status_code == 302
    assert log_in(browser("198.51.100.1"), PASSWORD, username="colleague").status_code == 302


def test_the_lockout_ends_after_15_minutes(officer, clock):
    client = browser()
    for _ in range(5):
        log_in(client, "wrong-password")
    clock.value += 14 * 60
    assert LOCKED in log_in(client, PASSWORD).text
    clock.value += 61
    assert log_in(client, PASSWORD).status_code == 302


def test_failures_spread_over_more_than_15_minutes_do_not_lock(officer, clock):
    client = browser()
    for _ in range(4):
        log_in(client, "wrong-password")
    clock.value += 15 * 60 + 1
    log_in(client, "wrong-password")
    assert log_in(client, PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_too(officer):
    officer.is_staff = True
    officer.save()
    client = browser()
    for _ in range(5):
        response = log_in(client, "wrong-password", url="/admin/login/")
        assert response.status_code == 200
    response = log_in(client, PASSWORD, url="/admin/login/")
    assert response.status_code == 200
    assert LOCKED in response.text
    assert not is_logged_in(client)


def test_failures_on_the_admin_count_on_the_site_login(officer):
    client = browser()
    for _ in range(5):
        log_in(client, "wrong-password", url="/admin/login/")
    assert LOCKED in log_in(client, PASSWORD).text


def test_authenticate_itself_refuses_a_locked_out_pair(officer, rf):
    from django.contrib.auth import authenticate

    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    for _ in range(5):
        assert authenticate(request, username="officer", password="wrong-password") is None
    assert authenticate(request, username="officer", password=PASSWORD) is None
    other = rf.post("/", REMOTE_ADDR="203.0.113.8")
    assert authenticate(other, username="officer", password=PASSWORD) == officer


def test_logout_needs_a_post(officer):
    client = browser()
    log_in(client, PASSWORD)
    assert client.get("/accounts/logout/").status_code == 405
    assert is_logged_in(client)
    assert client.post("/accounts/logout/").status_code == 302
    assert not is_logged_in(client)
