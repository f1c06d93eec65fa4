"""``zoneatlas users``: create users, grant roles through full_clean with history, revoke, list."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from zoneatlas.accounts.models import Grant
from zoneatlas.zones.models import Zone

from .conftest import person, province

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def english_on_1_june_2026(monkeypatch):
    """Messages in English; "today", which decides whether a grant is active, is 1 June 2026."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    with translation.override("en"):
        yield


def users(*args):
    out = io.StringIO()
    call_command("users", *args, stdout=out)
    return out.getvalue().strip()


def refused(*args):
    """The message of a refused command, which exits with status 1."""
    with pytest.raises(CommandError) as error:
        users(*args)
    assert error.value.returncode == 1
    return str(error.value)


def grants():
    return list(Grant.objects.values_list("user__username", "role", "agency", "province__code", "zone__code"))


def test_create_a_user_with_a_password_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "correct-horse-battery")
    assert users("create", "hoa", "--email", "Hoa@Example.ORG", "--password-from-env", "NEW_PASSWORD") == (
        "Created user hoa."
    )
    user = get_user_model().objects.get(username="hoa")
    assert (user.email, user.check_password("correct-horse-battery")) == ("Hoa@example.org", True)


def test_create_without_a_password_makes_a_user_who_cannot_log_in_yet(db):
    users("create", "hoa", "--email", "hoa@example.org")
    assert get_user_model().objects.get(username="hoa").has_usable_password() is False


def test_a_weak_password_or_a_taken_username_creates_nobody(db, monkeypatch):
    monkeypatch.setenv("NEW_PASSWORD", "12345")
    assert (
        refused("create", "hoa", "--email", "hoa@example.org", "--password-from-env", "NEW_PASSWORD")
        == "This password is too short. It must contain at least 12 characters. This password is too common. "
        "This password is entirely numeric."
    )
    assert not get_user_model().objects.filter(username="hoa").exists()
    person("taken")
    assert refused("create", "taken", "--email", "other@example.org") == "A user called taken already exists."
    assert get_user_model().objects.get(username="taken").email == "taken@example.org"


def test_grant_a_provincial_officer_by_province_name_with_dates_reason_and_history(db):
    officer, director = person("officer"), person("director")
    output = users(
        "grant", "officer", "--role", "provincial_officer", "--agency", "doit", "--province", "Lạng Sơn",
        "--from", "2026-01-01", "--to", "2026-12-31", "--reason", "Decision 7/QĐ-SCT", "--by", "director",
    )  # fmt: skip
    grant = Grant.objects.get()
    assert output == (
        f"Granted: #{grant.pk}  officer  provincial_officer [doit]  Tỉnh Lạng Sơn (20)  2026-01-01 → 2026-12-31  active"
    )
    assert (grant.user, grant.role, grant.agency, grant.province, grant.zone) == (
        officer, "provincial_officer", "doit", province("20"), None,
    )  # fmt: skip
    assert (grant.valid_from, grant.valid_to, grant.reason, grant.granted_by) == (
        dt.date(2026, 1, 1), dt.date(2026, 12, 31), "Decision 7/QĐ-SCT", director,
    )  # fmt: skip
    record = grant.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+", director, "Decision 7/QĐ-SCT",
    )  # fmt: skip


def test_grant_by_province_code(db):
    person("officer")
    users("grant", "officer", "--role", "commune_officer", "--province", "25")
    assert grants() == [("officer", "commune_officer", "", "25", None)]


@pytest.mark.parametrize("legacy", ["Hòa Bình", "Hoa Binh", "17"])
def test_a_grant_to_a_legacy_province_is_refused_naming_todays_and_nothing_is_written(db, legacy):
    person("officer")
    with pytest.raises(CommandError) as error:
        users("grant", "officer", "--role", "provincial_officer", "--agency", "doit", "--province", legacy)
    assert str(error.value) == "Tỉnh Hòa Bình is a province from before 1 July 2025; grant Tỉnh Phú Thọ (25) instead."
    assert error.value.returncode == 1
    assert Grant.objects.count() == 0
    assert Grant.history.count() == 0


def test_an_unknown_province_is_refused(db):
    person("officer")
    assert (
        refused("grant", "officer", "--role", "commune_officer", "--province", "99") == "No province has the code 99."
    )
    assert Grant.objects.count() == 0


def test_an_invalid_grant_is_refused_with_its_fields_and_nothing_is_written(db):
    person("officer")
    with pytest.raises(CommandError) as error:
        users("grant", "officer", "--role", "provincial_officer", "--province", "20", "--from", "2026-05-01",
              "--to", "2026-04-30")  # fmt: skip
    assert str(error.value) == (
        "agency: Say whether the officer works for the DOIT (clusters) or the IP board (parks).; "
        "valid_to: A grant cannot end before it starts."
    )
    assert Grant.objects.count() == 0


def test_grant_a_developer_its_zone(demo):
    person("developer")
    zone = Zone.objects.get(name_en="Phu Thanh II Industrial Cluster")
    users("grant", "developer", "--role", "developer", "--zone", zone.code)
    assert grants() == [("developer", "developer", "", None, zone.code)]


def test_unknown_users_and_zones_are_refused(db):
    person("officer")
    assert refused("grant", "ghost", "--role", "national_officer") == "No user is called ghost."
    assert refused("grant", "officer", "--role", "national_officer", "--by", "ghost") == "No user is called ghost."
    assert (
        refused("grant", "officer", "--role", "developer", "--zone", "CCN-00-0000")
        == "No zone has the code CCN-00-0000."
    )
    assert Grant.objects.count() == 0


def test_revoke_a_grant_keeps_its_history_with_who_and_why(db):
    officer, director = person("officer"), person("director")
    grant = Grant.objects.create(user=officer, role="provincial_officer", agency="doit", province=province("20"))
    output = users("revoke-grant", str(grant.pk), "--by", "director", "--reason", "Moved to the ministry")
    assert output == f"Revoked: #{grant.pk}  officer  provincial_officer [doit]  Tỉnh Lạng Sơn (20)  … → …  active"
    assert Grant.objects.count() == 0
    record = Grant.history.filter(id=grant.pk).latest()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "-", director, "Moved to the ministry",
    )  # fmt: skip


def test_revoking_an_unknown_grant_is_refused(db):
    assert refused("revoke-grant", "424242") == "No grant has the number 424242."


def test_list_grants_of_a_province(db):
    lang_son = person("langson", {"role": "provincial_officer", "agency": "doit", "province": province("20")})
    expired = person(
        "former",
        {"role": "commune_officer", "province": province("20"), "valid_to": dt.date(2025, 12, 31)},
    )
    person("phutho", {"role": "provincial_officer", "agency": "doit", "province": province("25")})
    person("national", {"role": "national_officer"})
    first, second = lang_son.grants.get(), expired.grants.get()
    assert users("list", "--province", "20").splitlines() == [
        f"#{second.pk}  former  commune_officer  Tỉnh Lạng Sơn (20)  … → 2025-12-31  inactive",
        f"#{first.pk}  langson  provincial_officer [doit]  Tỉnh Lạng Sơn (20)  … → …  active",
    ]
    assert len(users("list").splitlines()) == 4
    assert users("list", "--province", "01") == "No grant."
