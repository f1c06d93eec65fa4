"""The back office: grants are added with who granted them in the history; tokens are revoked, never shown."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from zoneatlas.accounts.models import ApiToken, Grant
from zoneatlas.geo.models import AdminUnit

from .conftest import person, province


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password")


@pytest.fixture
def back_office(administrator):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(administrator)
    return client


def test_the_grant_and_token_lists_open_with_their_filters(back_office):
    person("langson", {"role": "provincial_officer", "agency": "doit", "province": province("20")})
    response = back_office.get("/admin/accounts/grant/")
    assert response.status_code == 200
    assert "langson" in response.text
    assert back_office.get("/admin/accounts/grant/?role__exact=provincial_officer").status_code == 200
    assert back_office.get("/admin/accounts/apitoken/").status_code == 200


def test_adding_a_grant_records_who_granted_it(back_office, administrator):
    officer = person("officer")
    response = back_office.post(
        "/admin/accounts/grant/add/",
        {"user": officer.pk, "role": "provincial_officer", "agency": "doit", "province": province("20").pk,
         "reason": "Decision 7/QĐ-SCT"},
    )  # fmt: skip
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert (grant.user, grant.province.code, grant.granted_by) == (officer, "20", administrator)
    assert grant.history.get().history_user == administrator


def test_the_admin_refuses_a_grant_to_a_legacy_province(back_office):
    officer = person("officer")
    hoa_binh = AdminUnit.objects.get(era="legacy", level="province", code="17")
    response = back_office.post(
        "/admin/accounts/grant/add/",
        {"user": officer.pk, "role": "provincial_officer", "agency": "doit", "province": hoa_binh.pk},
    )
    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert Grant.objects.count() == 0


def test_tokens_cannot_be_added_in_the_admin_and_their_key_hash_is_read_only(back_office):
    token, _key = ApiToken.issue(person("officer"), "dashboard")
    assert back_office.get("/admin/accounts/apitoken/add/").status_code == 403
    form = back_office.get(f"/admin/accounts/apitoken/{token.pk}/change/").context["adminform"].form
    assert "key_hash" not in form.fields
    assert "name" in form.fields


def test_the_revoke_action_revokes_the_selected_tokens(back_office):
    owner = person("officer")
    first, _ = ApiToken.issue(owner, "first")
    second, _ = ApiToken.issue(owner, "second")
    kept, _ = ApiToken.issue(owner, "kept")
    response = back_office.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "2 tokens revoked." in response.text
    assert set(ApiToken.objects.filter(revoked_at__isnull=False).values_list("name", flat=True)) == {"first", "second"}
    kept.refresh_from_db()
    assert kept.revoked_at is None


# The records of a zone in the back office follow their zone: a staff officer of Lạng Sơn, even holding every
# Django permission of the zones app, neither reads nor changes Phú Thọ's lifecycle or plant reports.


@pytest.fixture
def lang_son_staff(personas):
    from django.contrib.auth.models import Permission

    officer = personas["lang_son"]
    officer.is_staff = True
    officer.save()
    officer.user_permissions.set(Permission.objects.filter(content_type__app_label="zones"))
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(officer)
    return client


@pytest.mark.parametrize(("model", "records"), [("lifecycleevent", "lifecycle"), ("wastewaterplant", "wwtp_reports")])
def test_a_staff_officer_neither_reads_nor_changes_another_provinces_zone_records(lang_son_staff, model, records):
    from zoneatlas.zones.models import Zone

    phu_thanh = Zone.objects.get(code="CCN-25-0001")
    record = getattr(phu_thanh, records).get()
    listing = lang_son_staff.get(f"/admin/zones/{model}/")
    assert listing.status_code == 200
    assert "Phú Thành II" not in listing.text
    change_url = f"/admin/zones/{model}/{record.pk}/change/"
    assert lang_son_staff.get(change_url).status_code == 302  # the back office's "does not exist"
    before = (type(record).objects.filter(zone=phu_thanh).count(), type(record).history.count())
    lang_son_staff.post(change_url, {"zone": phu_thanh.pk, "status": "planned", "as_of": "2026-01-01"})
    lang_son_staff.post(f"/admin/zones/{model}/{record.pk}/delete/", {"post": "yes"})
    added = lang_son_staff.post(
        f"/admin/zones/{model}/add/",
        {"zone": phu_thanh.pk, "status": "planned", "effective_on": "2026-01-01", "as_of": "2026-01-01"},
    )
    assert added.status_code == 200
    assert "zone" in added.context["adminform"].form.errors
    assert (type(record).objects.filter(zone=phu_thanh).count(), type(record).history.count()) == before


def test_a_change_in_the_back_office_is_in_the_history_with_its_author(lang_son_staff, personas):
    from zoneatlas.zones.models import LifecycleEvent, Zone

    hop_thanh = Zone.objects.get(code="CCN-20-0001")
    response = lang_son_staff.post(
        "/admin/zones/lifecycleevent/add/",
        {"zone": hop_thanh.pk, "status": "operating", "effective_on": "2026-06-30", "issuer": "UBND tỉnh Lạng Sơn"},
    )
    assert response.status_code == 302
    event = LifecycleEvent.objects.get(zone=hop_thanh, effective_on="2026-06-30")
    assert event.history.get().history_user == personas["lang_son"]
