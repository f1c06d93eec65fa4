"""Changing a zone from its pages: edit with a reason, delete softly after confirmation, restore.

Only an officer with an editing grant over the zone changes it (Phú Thọ's DOIT officer for Phú Thành II, a cluster).
Whoever may read the zone but not change it is refused with 403, whoever may not read it gets 404, and an anonymous
visitor is sent to log in. Every refused request is checked to have changed nothing: the row and its history.
"""

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from rest_framework.test import APIClient

from zoneatlas.accounts.tests.conftest import person
from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import EDITABLE_FIELDS, delete_zone

PHU_THANH = "CCN-25-0001"
ZONE = f"/zones/{PHU_THANH}/"
EDIT = f"{ZONE}edit/"
DELETE = f"{ZONE}delete/"
RESTORE = f"{ZONE}restore/"
LOGIN = "/accounts/login/?next="


def client_for(user=None, **options):
    client = Client(headers={"accept-language": "en"}, **options)
    if user is not None:
        client.force_login(user)
    return client


def phu_thanh():
    return Zone.objects.get(code=PHU_THANH)


def snapshot():
    """The zone's row and the number of its recorded versions: what a refused request must leave as it was."""
    zone = phu_thanh()
    return Zone.objects.filter(pk=zone.pk).values().get(), zone.history.count()


def edit_data(zone, **changes):
    """What the edit form posts for the zone as it is, with some fields changed (unticked boxes are not sent)."""
    data = {name: "" if value is None else value for name, value in model_to_dict(zone, fields=EDITABLE_FIELDS).items()}
    data.update(changes)
    return {name: ("on" if value is True else value) for name, value in data.items() if value is not False}


@pytest.fixture
def officer(personas):
    """Phú Thọ's DOIT officer, who may change Phú Thành II."""
    return client_for(personas["phu_tho"])


# Editing ----------------------------------------------------------------------------------------------------------


def test_the_officer_sees_edit_and_delete_on_the_zone_page_and_others_do_not(personas):
    actions = f'<a class="button" href="{EDIT}">Edit</a>'

    assert actions in client_for(personas["phu_tho"]).get(ZONE).content.decode()
    assert f'<a href="{DELETE}">Delete</a>' in client_for(personas["phu_tho"]).get(ZONE).content.decode()
    for persona in ("national", "developer"):
        assert EDIT not in client_for(personas[persona]).get(ZONE).content.decode(), persona
    assert EDIT not in client_for().get(ZONE).content.decode()


def test_the_edit_form_shows_the_zone_as_it_is(officer, django_assert_num_queries):
    # Session, user and grants, the zone with its province: four.
    with django_assert_num_queries(4):
        response = officer.get(EDIT)

    assert response.status_code == 200
    html = response.content.decode()
    assert (
        '<input type="text" name="name" value="Cụm công nghiệp Phú Thành II" maxlength="200" required id="id_name">'
        in (html)
    )
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<input type="text" name="reason" size="60" maxlength="100" required' in html


def test_an_officer_renames_the_zone_with_a_reason_and_the_history_keeps_it(personas, officer):
    zone = phu_thanh()
    versions = zone.history.count()

    response = officer.post(EDIT, edit_data(zone, name="Cụm công nghiệp Phú Thành 2", reason="Decision 12/QĐ-UBND"))

    assert response.status_code == 302
    assert response["Location"] == ZONE
    zone.refresh_from_db()
    assert zone.name == "Cụm công nghiệp Phú Thành 2"
    assert zone.name_en == "Phu Thanh II Industrial Cluster"
    assert zone.history.count() == versions + 1
    latest = zone.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason) == (personas["phu_tho"], "Decision 12/QĐ-UBND")
    page = officer.get(ZONE).content.decode()
    assert '<p class="message success">The changes to Cụm công nghiệp Phú Thành 2 are saved.</p>' in page
    assert '<h1><span lang="vi">Cụm công nghiệp Phú Thành 2</span>' in page


def test_the_page_and_the_api_refuse_the_same_change_with_the_same_message(personas, officer):
    zone = phu_thanh()
    before = snapshot()
    data = edit_data(zone, gross_area_ha="10", industrial_land_ha="12", reason="Survey")
    api = APIClient(headers={"accept-language": "en"})
    api.force_login(personas["phu_tho"])

    page = officer.post(EDIT, data)
    patch = api.patch(f"/api/v1/zones/{PHU_THANH}/", {"gross_area_ha": "10", "industrial_land_ha": "12"}, format="json")

    assert page.status_code == patch.status_code == 400
    message = "Industrial land cannot exceed the gross area."
    assert f'<span class="error" id="id_industrial_land_ha_error">{message}</span>' in page.content.decode()
    assert patch.json() == {"industrial_land_ha": [message]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"latitude": "48.85", "longitude": "2.35"}, "latitude", "The point lies outside Vietnam."),
        ({"reason": ""}, "reason", "This field is required."),
        ({"reason": "x" * 101}, "reason", "Ensure this value has at most 100 characters (it has 101)."),
        ({"name": ""}, "name", "This field is required."),
        ({"gross_area_ha": "many"}, "gross_area_ha", "Enter a number."),
        ({"developer_type": "friend"}, "developer_type", "Select a valid choice. friend is not one of the"),
    ],
)
def test_an_invalid_change_is_shown_next_to_its_field_and_saves_nothing(officer, changes, field, message):
    before = snapshot()
    data = edit_data(phu_thanh(), **{"reason": "Survey", **changes})

    response = officer.post(EDIT, data)

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<span class="error" id="id_{field}_error">{message}' in html
    assert (
        f'aria-describedby="id_{field}_error"' in html
        or f'aria-describedby="id_{field}_helptext id_{field}_error"' in (html)
    )
    assert "Nothing is saved yet: correct the fields marked below." in html
    assert snapshot() == before


def test_saving_without_a_change_records_nothing(officer):
    before = snapshot()

    response = officer.post(EDIT, edit_data(phu_thanh(), reason="Checked"), follow=True)

    assert '<p class="message info">Nothing was changed.</p>' in response.content.decode()
    assert snapshot() == before


def test_a_change_without_the_csrf_token_is_refused(personas):
    client = client_for(personas["phu_tho"], enforce_csrf_checks=True)
    before = snapshot()

    response = client.post(EDIT, edit_data(phu_thanh(), name="Forged", reason="Forged"))

    assert response.status_code == 403
    assert snapshot() == before


# Who may change the zone --------------------------------------------------------------------------------------------


REFUSED = [("anonymous", 302), ("citizen", 403), ("national", 403), ("developer", 403), ("lang_son", 404)]


def persona_client(personas, persona):
    if persona == "anonymous":
        return client_for()
    if persona == "citizen":
        return client_for(person("citizen"))  # logged in, without a grant: the public
    return client_for(personas[persona])


@pytest.mark.parametrize(("persona", "status"), REFUSED)
@pytest.mark.parametrize("url", [EDIT, DELETE])
def test_whoever_may_not_change_the_zone_is_refused_and_changes_nothing(personas, persona, status, url):
    client = persona_client(personas, persona)
    before = snapshot()

    shown = client.get(url)
    posted = client.post(url, {**edit_data(phu_thanh(), name="Hijacked"), "reason": "Hijack"})

    assert (shown.status_code, posted.status_code) == (status, status)
    if status == 302:
        assert shown["Location"] == LOGIN + url
    if status == 403:
        assert "Your access does not include changing this zone." in posted.content.decode()
    assert snapshot() == before


@pytest.mark.parametrize(("persona", "status"), [*REFUSED[1:], ("anonymous", 404)])
def test_whoever_may_not_restore_a_deleted_zone_is_refused_and_changes_nothing(personas, persona, status):
    delete_zone(phu_thanh(), user=personas["phu_tho"], reason="Duplicate")
    client = persona_client(personas, persona)
    before = snapshot()

    shown = client.get(RESTORE)
    posted = client.post(RESTORE, {"reason": "Undo"})

    # A deleted zone is public no more: the public, anonymous or not, is told it does not exist.
    expected = 404 if persona in {"anonymous", "citizen"} else status
    assert (shown.status_code, posted.status_code) == (expected, expected)
    assert snapshot() == before


def test_an_officer_of_another_province_cannot_tell_the_zone_exists(personas):
    client = client_for(personas["lang_son"])

    for url in (EDIT, DELETE, RESTORE, "/zones/CCN-99-0001/edit/"):
        assert client.get(url).status_code == 404, url


# Deleting and restoring -------------------------------------------------------------------------------------------


def test_deleting_asks_for_confirmation_and_a_reason(officer):
    before = snapshot()

    page = officer.get(DELETE)
    without_reason = officer.post(DELETE, {"reason": ""})

    assert page.status_code == 200
    assert "Delete Cụm công nghiệp Phú Thành II?" in page.content.decode()
    assert without_reason.status_code == 400
    assert '<span class="error" id="id_reason_error">This field is required.</span>' in without_reason.content.decode()
    assert snapshot() == before


def test_a_deleted_zone_leaves_the_pages_and_comes_back_when_restored(personas, officer):
    response = officer.post(DELETE, {"reason": "Duplicate of CCN-25-0002"})

    assert response.status_code == 302
    assert response["Location"] == RESTORE
    zone = phu_thanh()
    assert zone.deleted_at is not None
    assert client_for().get(ZONE).status_code == 404
    assert officer.get(ZONE).status_code == 404
    restore_page = officer.get(RESTORE).content.decode()
    assert "Cụm công nghiệp Phú Thành II is deleted. You can restore it here." in restore_page
    assert "by phutho. Reason: “Duplicate of CCN-25-0002”" in restore_page

    restored = officer.post(RESTORE, {"reason": "Not a duplicate"}, follow=True)

    assert restored.redirect_chain == [(ZONE, 302)]
    assert "Cụm công nghiệp Phú Thành II is restored." in restored.content.decode()
    zone.refresh_from_db()
    assert zone.deleted_at is None
    assert client_for().get(ZONE).status_code == 200
    history = officer.get(f"{ZONE}history/").content.decode()
    assert history.index('<td class="reason">Not a duplicate</td>') < history.index(
        '<td class="reason">Duplicate of CCN-25-0002</td>'
    )
    assert [h.history_change_reason for h in zone.history.order_by("-history_date")[:2]] == [
        "Not a duplicate",
        "Duplicate of CCN-25-0002",
    ]


def test_a_zone_that_is_not_deleted_cannot_be_restored(officer):
    before = snapshot()

    assert officer.get(RESTORE).status_code == 404
    assert officer.post(RESTORE, {"reason": "Why not"}).status_code == 404
    assert snapshot() == before
