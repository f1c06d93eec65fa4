"""Every change is in the history with its author; deleting is soft and can be undone; a zone as it was."""

import datetime as dt

from django.utils import timezone
from rest_framework.test import APIClient

from zoneatlas.zones.models import Zone

HOP_THANH = "Industrial Cluster No. 2 (Hop Thanh commune)"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_history_lists_who_changed_what_with_the_reason(personas):
    officer = personas["lang_son"]
    zone = Zone.objects.get(name_en=HOP_THANH)
    url = f"/api/v1/zones/{zone.code}/"
    assert (
        client_for(officer).patch(url, {"gross_area_ha": "9", "reason": "Survey of 2026"}, format="json").status_code
        == 200
    )

    entries = client_for(officer).get(url + "history/").json()["entries"]

    assert entries[0]["kind"] == "changed"
    assert entries[0]["user"] == "langson"
    assert entries[0]["reason"] == "Survey of 2026"
    assert entries[0]["changes"] == [{"field": "gross_area_ha", "before": "8.5000", "after": "9.0000"}]
    assert entries[-1]["kind"] == "created"


def test_the_public_does_not_read_the_history(personas):
    zone = Zone.objects.get(name_en=HOP_THANH)
    assert APIClient().get(f"/api/v1/zones/{zone.code}/history/").status_code == 401


def test_a_deleted_zone_leaves_every_list_and_comes_back_when_restored(personas):
    officer = personas["lang_son"]
    zone = Zone.objects.get(name_en=HOP_THANH)
    url = f"/api/v1/zones/{zone.code}/"
    assert client_for(officer).delete(url + "?reason=Duplicate").status_code == 204

    zone.refresh_from_db()
    assert zone.deleted_at is not None
    assert APIClient().get(url).status_code == 404
    assert APIClient().get("/api/v1/zones/?province=20").json()["count"] == 4
    assert client_for(officer).get("/api/v1/zones/").json()["count"] == 4

    restored = client_for(officer).post(url + "restore/?reason=Not a duplicate")
    assert restored.status_code == 200
    assert restored.json()["code"] == zone.code
    assert APIClient().get(url).status_code == 200
    kinds = [e["kind"] for e in client_for(officer).get(url + "history/").json()["entries"]]
    assert kinds[:2] == ["restored", "deleted"]


def test_a_zone_cannot_be_deleted_outside_ones_grant(personas):
    zone = Zone.objects.get(name_en="Phu Thanh II Industrial Cluster")
    assert client_for(personas["lang_son"]).delete(f"/api/v1/zones/{zone.code}/").status_code == 404
    assert client_for(personas["national"]).delete(f"/api/v1/zones/{zone.code}/").status_code == 403
    zone.refresh_from_db()
    assert zone.deleted_at is None


def test_the_zone_as_it_was_on_a_day(personas):
    officer = personas["lang_son"]
    zone = Zone.objects.get(name_en=HOP_THANH)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    zone.history.update(history_date=timezone.now() - dt.timedelta(days=2))
    client_for(officer).patch(f"/api/v1/zones/{zone.code}/", {"gross_area_ha": "9"}, format="json")

    then = client_for(officer).get(f"/api/v1/zones/{zone.code}/history/?as_of={yesterday}").json()
    assert then["zone_as_of"]["gross_area_ha"] == "8.5000"
    before_it_existed = client_for(officer).get(f"/api/v1/zones/{zone.code}/history/?as_of=2000-01-01").json()
    assert before_it_existed["zone_as_of"] is None
    bad = client_for(officer).get(f"/api/v1/zones/{zone.code}/history/?as_of=yesterday")
    assert bad.status_code == 400
    assert "as_of" in bad.json()


# The reason goes into the history, whose column holds REASON_MAX_LENGTH (100) characters: the API checks it as
# the pages do (zones.services), answers 400 with the message, and changes nothing.

TOO_LONG = "x" * 101
LONGEST = "y" * 100
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def state(zone):
    zone.refresh_from_db()
    return (zone.gross_area_ha, zone.deleted_at, zone.history.count())


def test_a_patch_with_a_reason_too_long_for_the_history_is_400_and_changes_nothing(personas):
    officer = client_for(personas["lang_son"])
    zone = Zone.objects.get(name_en=HOP_THANH)
    before = state(zone)
    response = officer.patch(
        f"/api/v1/zones/{zone.code}/", {"gross_area_ha": "9", "reason": "z" * 150}, format="json", **ENGLISH
    )
    assert response.status_code == 400
    assert response.json() == {"reason": ["Give a reason of at most 100 characters."]}
    assert state(zone) == before


def test_a_reason_of_exactly_the_limit_is_kept_whole(personas):
    officer = client_for(personas["lang_son"])
    zone = Zone.objects.get(name_en=HOP_THANH)
    response = officer.patch(f"/api/v1/zones/{zone.code}/", {"gross_area_ha": "9", "reason": LONGEST}, format="json")
    assert response.status_code == 200
    assert zone.history.latest("history_date").history_change_reason == LONGEST


def test_a_delete_or_restore_with_a_reason_too_long_is_400_and_changes_nothing(personas):
    officer = client_for(personas["lang_son"])
    zone = Zone.objects.get(name_en=HOP_THANH)
    url = f"/api/v1/zones/{zone.code}/"
    before = state(zone)
    deleted = officer.delete(f"{url}?reason={TOO_LONG}", **ENGLISH)
    assert deleted.status_code == 400
    assert deleted.json() == {"reason": ["Give a reason of at most 100 characters."]}
    assert state(zone) == before

    assert officer.delete(f"{url}?reason=Duplicate").status_code == 204
    deleted_state = state(zone)
    restored = officer.post(f"{url}restore/?reason={TOO_LONG}")
    assert restored.status_code == 400
    assert state(zone) == deleted_state


def test_a_patch_breaking_the_zones_rules_is_400_with_the_fields_message(personas):
    officer = client_for(personas["lang_son"])
    zone = Zone.objects.get(name_en=HOP_THANH)
    before = state(zone)
    response = officer.patch(f"/api/v1/zones/{zone.code}/", {"industrial_land_ha": "20"}, format="json", **ENGLISH)
    assert response.status_code == 400
    assert response.json() == {"industrial_land_ha": ["Industrial land cannot exceed the gross area."]}
    assert state(zone) == before
