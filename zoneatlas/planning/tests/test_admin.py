"""The back office: an administrator confirms or corrects a pending rule without code, and says why."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zoneatlas.accounts.models import Grant
from zoneatlas.planning.models import Rule

CHANGELIST = "/admin/planning/rule/"


def staff(username, role):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    user.is_staff = True
    user.save()
    Grant.objects.create(user=user, role=role)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return user, client


@pytest.fixture
def administrator(rules):
    return staff("rules-admin", "administrator")


@pytest.fixture
def pending(rules):
    return Rule.objects.get(rule_id="ccn.new.unleased_land_max_ha", status="pending")


def form_data(rule, **changes):
    data = {
        "version": rule.version_id,
        "rule_id": rule.rule_id,
        "zone_kind": rule.zone_kind,
        "value_text": rule.value_text,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else "",
        "status": rule.status,
        "source": rule.source,
        "note": rule.note,
        "reason": "",
    }
    return data | changes


def test_an_administrator_confirms_a_pending_rule_with_a_reason(administrator, pending):
    user, client = administrator
    selected = {"action": "confirm", "_selected_action": [pending.pk]}

    # Choosing the action asks for the reason first, and changes nothing yet;
    asked = client.post(CHANGELIST, selected)
    assert asked.status_code == 200
    assert "ccn.new.unleased_land_max_ha (Industrial cluster) = 50, 2026-09-15.." in asked.text
    pending.refresh_from_db()
    assert pending.status == "pending"
    # an empty reason is refused;
    assert client.post(CHANGELIST, selected | {"apply": "1", "reason": " "}).status_code == 200
    pending.refresh_from_db()
    assert (pending.status, pending.history.count()) == ("pending", 1)

    # with a reason, the rule is confirmed and its history says who did it and why.
    done = client.post(
        CHANGELIST, selected | {"apply": "1", "reason": "Decree 303/2026 Art. 5, Official Gazette"}, follow=True
    )

    assert "1 rule confirmed." in done.text
    pending.refresh_from_db()
    assert (pending.status, pending.origin) == ("confirmed", "back_office")
    latest = pending.history.latest()
    assert (latest.history_user, latest.history_change_reason, latest.status) == (
        user,
        "Decree 303/2026 Art. 5, Official Gazette",
        "confirmed",
    )


def test_an_administrator_corrects_a_rule_saying_why(administrator, pending):
    _user, client = administrator
    url = f"{CHANGELIST}{pending.pk}/change/"

    without_reason = client.post(url, form_data(pending, value_text="40"))
    assert without_reason.status_code == 200
    assert "reason" in without_reason.context["adminform"].form.errors

    response = client.post(url, form_data(pending, value_text="40", reason="The official text says 40 ha"))

    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.value_text, pending.value_number, pending.status, pending.origin) == (
        "40",
        40,
        "pending",
        "back_office",
    )
    assert pending.history.latest().history_change_reason == "The official text says 40 ha"


def test_a_correction_that_overlaps_another_period_is_refused_with_the_reason(administrator, pending):
    _user, client = administrator
    url = f"{CHANGELIST}{pending.pk}/change/"

    response = client.post(url, form_data(pending, valid_from="2026-09-01", reason="earlier"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["valid_from"] == [
        "ccn.new.unleased_land_max_ha (cluster) is already in force on some of these days: Decree 32/2024 gives it "
        "100 from 2024-05-01 to 2026-09-14. End one before the other starts."
    ]
    pending.refresh_from_db()
    assert (pending.valid_from, pending.history.count()) == (dt.date(2026, 9, 15), 1)


def test_other_officials_read_the_rules_but_change_none(rules, pending):
    _user, client = staff("national", "national_officer")

    assert client.get(CHANGELIST).status_code == 200
    assert client.get(f"{CHANGELIST}{pending.pk}/change/").status_code == 200  # read-only
    client.post(CHANGELIST, {"action": "confirm", "_selected_action": [pending.pk], "apply": "1", "reason": "x"})
    client.post(f"{CHANGELIST}{pending.pk}/change/", form_data(pending, status="confirmed", reason="x"))

    pending.refresh_from_db()
    assert (pending.status, pending.history.count()) == ("pending", 1)
    assert client.get(f"{CHANGELIST}add/").status_code == 403


@pytest.mark.parametrize("page", ["rule/", "rule/add/", "ruleversion/", "provinceareascope/", "provinceareascope/add/"])
def test_the_back_office_pages_open(administrator, page):
    _user, client = administrator
    assert client.get(f"/admin/planning/{page}").status_code == 200
