"""Targets in the back office: officials read those they may read; the province's officer changes its targets, with
a reason kept in the history; a target on a metric that does not exist is refused there too, nothing saved."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from zoneatlas.accounts.models import Grant
from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.models import Target

CHANGELIST = "/admin/planning/target/"


def staff(username: str, **grant: object) -> Client:
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    user.is_staff = True
    user.save()
    Grant.objects.create(user=user, **grant)
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def form_data(target: Target, **changes: object) -> dict[str, object]:
    data = {
        "name": target.name,
        "name_en": target.name_en,
        "metric": target.metric,
        "zone_status": target.zone_status,
        "zone_kind": target.zone_kind,
        "scope_type": target.scope_type,
        "zone": target.zone_id or "",
        "zone_group": target.zone_group_id or "",
        "admin_unit": target.admin_unit_id or "",
        "comparison": target.comparison,
        "value": str(target.value),
        "value_high": "" if target.value_high is None else str(target.value_high),
        "unit": target.unit,
        "start_on": target.start_on.isoformat(),
        "deadline": target.deadline.isoformat() if target.deadline else "",
        "document": target.document_id,
        "quote": target.quote,
        "external_ref": target.external_ref,
        "note": target.note,
        "reason": "Provincial plan revised",
        "milestones-TOTAL_FORMS": "0",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def province(code: str) -> AdminUnit:
    return AdminUnit.objects.get(era="current", level="province", code=code)


def test_the_provinces_officer_changes_its_target_with_a_reason(demo):
    client = staff("khanhhoa", role="provincial_officer", agency="doit", province=province("56"))
    song_cau = Target.objects.get(external_ref="S097")

    listing = client.get(CHANGELIST)
    response = client.post(f"{CHANGELIST}{song_cau.pk}/change/", form_data(song_cau, value="50"))

    assert listing.status_code == 200
    assert "Song Cau" in listing.text or "Sông Cầu" in listing.text
    assert "Lạng Sơn" not in listing.text  # another province's targets are not listed
    assert response.status_code == 302
    song_cau.refresh_from_db()
    assert song_cau.value == 50
    assert song_cau.history.first().history_change_reason == "Provincial plan revised"


def test_another_provinces_target_is_not_there_and_parks_are_not_the_doits(demo):
    client = staff("khanhhoa2", role="provincial_officer", agency="doit", province=province("56"))
    lang_son = Target.objects.get(external_ref="S076")
    before = (lang_son.value, lang_son.history.count())

    response = client.post(f"{CHANGELIST}{lang_son.pk}/change/", form_data(lang_son, value="9"))

    assert response.status_code == 302  # the back office's answer for a record that does not exist for this user
    lang_son.refresh_from_db()
    assert (lang_son.value, lang_son.history.count()) == before
    lang_son_doit = staff("langson", role="provincial_officer", agency="doit", province=province("20"))
    assert lang_son_doit.post(f"{CHANGELIST}{lang_son.pk}/change/", form_data(lang_son, value="9")).status_code == 403
    lang_son.refresh_from_db()
    assert lang_son.value == before[0]


def test_an_unknown_metric_is_refused_with_the_reason_in_the_back_office(demo):
    client = staff("admin", role="administrator")
    song_cau = Target.objects.get(external_ref="S097")
    before = (Target.objects.count(), song_cau.history.count())

    response = client.post(f"{CHANGELIST}{song_cau.pk}/change/", form_data(song_cau, metric="happiness"))

    assert response.status_code == 200
    assert "Select a valid choice. happiness is not one of the available choices." in response.text
    bad_dates = client.post(f"{CHANGELIST}{song_cau.pk}/change/", form_data(song_cau, deadline="2023-12-31"))
    assert "The deadline (2023-12-31) is before the start (2024-05-28)." in bad_dates.text
    assert (Target.objects.count(), song_cau.history.count()) == before
