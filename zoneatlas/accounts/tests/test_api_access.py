"""Who may read and change zones through the API: out-of-scope zones are 404 and nothing changes."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from rest_framework.test import APIClient

from zoneatlas.accounts.models import ApiToken
from zoneatlas.zones.models import Zone


def client_for(user=None, token=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    if token is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def zone(name):
    return Zone.objects.get(name_en=name)


PHU_THANH = "Phu Thanh II Industrial Cluster"
HOP_THANH = "Industrial Cluster No. 2 (Hop Thanh commune)"
DONG_BANH = "Dong Banh Industrial Park"


def snapshot(z):
    z.refresh_from_db()
    return (z.name_en, z.gross_area_ha, z.history.count())


def test_the_public_reads_every_zone_and_changes_none(personas):
    client = client_for()
    assert client.get("/api/v1/zones/").json()["count"] == 26
    target = zone(PHU_THANH)
    before = snapshot(target)
    response = client.patch(f"/api/v1/zones/{target.code}/", {"name_en": "Renamed"}, format="json")
    assert response.status_code == 401
    assert snapshot(target) == before


def test_a_lang_son_officer_sees_only_lang_son(personas):
    client = client_for(personas["lang_son"])
    body = client.get("/api/v1/zones/").json()
    assert body["count"] == 5
    assert {z["province"]["code"] for z in body["results"]} == {"20"}
    target = zone(PHU_THANH)
    assert client.get(f"/api/v1/zones/{target.code}/").status_code == 404
    assert client.get("/api/v1/zones/?province=25").json()["count"] == 0
    assert client.get("/api/v1/provinces/25/summary/").status_code == 404


def test_a_lang_son_officer_cannot_change_a_phu_tho_cluster(personas):
    client = client_for(personas["lang_son"])
    target = zone(PHU_THANH)
    before = snapshot(target)
    response = client.patch(f"/api/v1/zones/{target.code}/", {"name_en": "Renamed"}, format="json")
    assert response.status_code == 404
    assert snapshot(target) == before


def test_a_doit_officer_changes_a_cluster_of_their_province_with_a_reason_in_the_history(personas):
    officer = personas["lang_son"]
    target = zone(HOP_THANH)
    response = client_for(officer).patch(
        f"/api/v1/zones/{target.code}/", {"gross_area_ha": "8.75", "reason": "Decision 12/QĐ-UBND"}, format="json"
    )
    assert response.status_code == 200, response.json()
    target.refresh_from_db()
    assert target.gross_area_ha == Decimal("8.75")
    latest = target.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (officer, "Decision 12/QĐ-UBND")
    assert latest.prev_record.gross_area_ha == Decimal("8.5")


def test_a_doit_officer_cannot_change_a_park_which_the_ip_board_manages(personas):
    target = zone(DONG_BANH)
    before = snapshot(target)
    response = client_for(personas["lang_son"]).patch(f"/api/v1/zones/{target.code}/", {"name_en": "X"}, format="json")
    assert response.status_code == 403
    assert snapshot(target) == before


def test_a_national_officer_reads_everything_and_changes_nothing_provincial(personas):
    client = client_for(personas["national"])
    assert client.get("/api/v1/zones/").json()["count"] == 26
    target = zone(PHU_THANH)
    before = snapshot(target)
    assert client.patch(f"/api/v1/zones/{target.code}/", {"name_en": "X"}, format="json").status_code == 403
    assert snapshot(target) == before


def test_a_developer_reads_only_its_zone(personas):
    body = client_for(personas["developer"]).get("/api/v1/zones/").json()
    assert [z["name_en"] for z in body["results"]] == [PHU_THANH]


def test_invalid_changes_are_refused_with_the_field_and_change_nothing(personas):
    target = zone(HOP_THANH)
    before = snapshot(target)
    response = client_for(personas["lang_son"]).patch(
        f"/api/v1/zones/{target.code}/", {"latitude": "48.85", "longitude": "2.35"}, format="json"
    )
    assert response.status_code == 400
    assert "latitude" in response.json()
    assert snapshot(target) == before


def test_tokens_authenticate_and_their_scope_limits_writes(personas):
    officer = personas["lang_son"]
    read_token, read_key = ApiToken.issue(officer, "dashboard")
    _write_token, write_key = ApiToken.issue(officer, "sync", scope="read_write")
    target = zone(HOP_THANH)
    assert client_for(token=read_key).get("/api/v1/zones/").json()["count"] == 5
    before = snapshot(target)
    assert (
        client_for(token=read_key).patch(f"/api/v1/zones/{target.code}/", {"name_en": "X"}, format="json").status_code
        == 403
    )
    assert snapshot(target) == before
    assert (
        client_for(token=write_key).patch(f"/api/v1/zones/{target.code}/", {"name_en": "X"}, format="json").status_code
        == 200
    )
    read_token.revoke()
    assert client_for(token=read_key).get("/api/v1/zones/").status_code == 401


def test_tokens_are_stored_hashed_and_expire(personas):
    token, key = ApiToken.issue(personas["national"], "old", expires_at=timezone.now() - dt.timedelta(days=1))
    assert key not in (token.key_hash, token.prefix)
    assert len(token.key_hash) == 64
    assert client_for(token=key).get("/api/v1/zones/").status_code == 401
    assert client_for(token="za_not-a-real-key").get("/api/v1/zones/").status_code == 401
