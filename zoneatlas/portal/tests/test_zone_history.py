"""A zone's history page and the zone as it was on a day: for officials and developers, as the API's history.

Personas (docs/security.md): a national officer, DOIT officers of Lạng Sơn (20) and Phú Thọ (25), the developer of
Phú Thành II, an anonymous visitor, and a user without a grant (the public, logged in).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from zoneatlas.accounts.tests.conftest import person
from zoneatlas.figures.models import Observation
from zoneatlas.portal.history import hidden_figure_ids
from zoneatlas.sources.models import Document
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, PlanEntry, WastewaterPlant, Zone
from zoneatlas.zones.services import change_zone, record_status

PHU_THANH = "CCN-25-0001"
OLD_NAME = "Cụm công nghiệp Phú Thành II"
HISTORY = f"/zones/{PHU_THANH}/history/"


def client_for(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def as_of(day):
    return f"/zones/{PHU_THANH}/?as_of={day}"


def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)


def backdate_the_registry(days=30):
    """Move every recorded version back in time, as if the demo had been loaded a month ago."""
    then = timezone.now() - dt.timedelta(days=days)
    for model in (Zone, LifecycleEvent, PlanEntry, InfrastructureItem, WastewaterPlant, Observation):
        model.history.update(history_date=then)


@pytest.fixture
def renamed(personas):
    """Phú Thành II, in the registry for a month, renamed today by Phú Thọ's officer with a reason."""
    backdate_the_registry()
    zone = Zone.objects.get(code=PHU_THANH)
    change_zone(zone, {"name": "Cụm công nghiệp Phú Thành 2"}, user=personas["phu_tho"], reason="Decision 12/QĐ-UBND")
    return zone


# The history page -------------------------------------------------------------------------------------------------


def test_the_history_says_who_changed_what_when_and_why(personas, renamed, django_assert_num_queries):
    client = client_for(personas["phu_tho"])
    # Session, user and grants, the zone, its history, the figures the officer may not read, the history of its five
    # kinds of records, and the names of the plans: twelve, whatever the number of changes.
    with django_assert_num_queries(12):
        response = client.get(HISTORY)

    assert response.status_code == 200
    html = response.content.decode()
    newest = html[html.index('<tr class="history-entry') : html.index("</tr>", html.index('<tr class="history-entry'))]
    assert '<td class="who">phutho</td>' in newest
    assert '<strong>Zone</strong> <span class="badge">changed</span>' in newest
    assert (
        f"<strong>Name (Vietnamese)</strong>: <del>{OLD_NAME}</del> → <ins>Cụm công nghiệp Phú Thành 2</ins>" in newest
    )
    assert '<td class="reason">Decision 12/QĐ-UBND</td>' in newest
    # The zone's own records are in it from their creation: its lifecycle, plan and figures.
    assert '<strong>Lifecycle event</strong> <span class="badge">created</span><br><small>Operating, 01/09/2024' in html
    assert "<strong>Plan entry</strong>" in html
    assert "<small>Occupancy rate: 86.87 %, 01/09/2024</small>" in html
    assert "9 changes, newest first" in html  # the rename, and the 8 versions the import recorded
    # And the date picker leads to the zone as it was.
    assert f'<form class="card as-of-form" method="get" action="/zones/{PHU_THANH}/">' in html
    assert 'type="date" name="as_of"' in html


def test_changes_of_the_lifecycle_and_of_a_figure_are_listed_with_before_and_after(personas, renamed):
    officer = personas["phu_tho"]
    record_status(renamed, "expanded", dt.date(2026, 3, 1), decision_number="45/QĐ-UBND")
    figure = Observation.objects.get(zone=renamed, metric="occupancy_pct", is_approximate=False)
    figure.review = "draft"
    figure._change_reason = "Under review again"
    figure._history_user = officer
    figure.save()

    html = client_for(officer).get(HISTORY).content.decode()

    assert "<small>Expanded, 01/03/2026</small>" in html
    assert "<strong>Review</strong>: <del>Accepted</del> → <ins>Draft</ins>" in html
    assert '<td class="reason">Under review again</td>' in html
    # The zone's status followed its lifecycle, recorded as a change of the zone.
    assert "<strong>Status</strong>: <del>Operating</del> → <ins>Expanded</ins>" in html


@pytest.mark.parametrize(
    ("persona", "status"),
    [("national", 200), ("phu_tho", 200), ("developer", 200), ("lang_son", 404)],
)
def test_officials_and_the_developer_read_the_history_and_other_provinces_do_not_see_the_zone(
    personas, renamed, persona, status
):
    response = client_for(personas[persona]).get(HISTORY)

    assert response.status_code == status
    assert (b"Decision 12/Q\xc4\x90-UBND" in response.content) is (status == 200)


def test_an_anonymous_visitor_is_asked_to_log_in(personas, renamed):
    response = client_for().get(HISTORY)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={HISTORY}"


def test_a_user_without_a_grant_is_refused_the_history_as_by_the_api(personas, renamed):
    citizen = client_for(person("citizen"))

    page = citizen.get(HISTORY)
    api = citizen.get(f"/api/v1/zones/{PHU_THANH}/history/")

    assert page.status_code == api.status_code == 403
    assert "The change history is for officials; sign in to read it." in page.content.decode()
    assert b"Decision 12" not in page.content


def test_a_deleted_or_unknown_zone_has_no_history_page(personas, renamed):
    renamed.deleted_at = timezone.now()
    renamed.save()

    assert client_for(personas["national"]).get(HISTORY).status_code == 404
    assert client_for(personas["national"]).get("/zones/CCN-99-0001/history/").status_code == 404


def test_figures_the_user_may_not_read_are_left_out_of_the_history(personas, renamed):
    draft = Observation.objects.create(
        scope_type="zone",
        zone=renamed,
        metric="occupancy_pct",
        value=Decimal(91),
        unit="%",
        as_of="2026-06-30",
        document=Document.objects.get(code="seed-000"),
        review="draft",
    )

    assert hidden_figure_ids(person("citizen"), renamed) == {draft.pk}
    assert hidden_figure_ids(personas["phu_tho"], renamed) == set()
    assert "Occupancy rate: 91 %, 30/06/2026" in client_for(personas["phu_tho"]).get(HISTORY).content.decode()


def test_the_zone_page_links_to_its_history_for_those_who_may_read_it(personas, renamed):
    link = f'<a href="{HISTORY}">History</a>'

    assert link in client_for(personas["developer"]).get(f"/zones/{PHU_THANH}/").content.decode()
    assert link not in client_for().get(f"/zones/{PHU_THANH}/").content.decode()
    assert link not in client_for(person("citizen")).get(f"/zones/{PHU_THANH}/").content.decode()


# The zone as it was on a day --------------------------------------------------------------------------------------


def test_the_zone_as_it_was_yesterday_shows_its_old_name_with_a_banner(personas, renamed, django_assert_num_queries):
    client = client_for(personas["phu_tho"])
    # Session, user and grants, the zone and its units, the zone as of the day, the figures hidden from the officer,
    # its five kinds of records as of the day, their sources and plans: thirteen, whatever the zone holds.
    with django_assert_num_queries(13):
        response = client.get(as_of(yesterday()))

    assert response.status_code == 200
    html = response.content.decode()
    day = yesterday().strftime("%-d %b %Y")
    assert f'<h1><span lang="vi">{OLD_NAME}</span>' in html
    assert f"<strong>As it was on {day}</strong>" in html
    assert f'<a href="/zones/{PHU_THANH}/">Back to the zone today</a>' in html
    assert f"<title>{OLD_NAME} · as it was on {day} · ZoneAtlas</title>" in html
    # The rest of the page is as it was too, and nothing invites a change of the past.
    assert "<dt>Status</dt><dd>Operating since 1 Sep 2024</dd>" in html
    assert '<strong class="big-number">86.87&nbsp;%</strong>' in html
    assert "/edit/" not in html
    # Today's page has the new name.
    assert (
        '<h1><span lang="vi">Cụm công nghiệp Phú Thành 2</span>' in client.get(f"/zones/{PHU_THANH}/").content.decode()
    )


def test_records_added_after_the_day_are_not_shown_as_of_the_day(personas, renamed):
    zone = renamed
    record_status(zone, "expanded", dt.date(2026, 3, 1))
    Observation.objects.create(
        scope_type="zone",
        zone=zone,
        metric="occupancy_pct",
        value=Decimal(93),
        unit="%",
        as_of="2026-06-30",
        document=Document.objects.get(code="seed-000"),
    )
    client = client_for(personas["phu_tho"])

    then = client.get(as_of(yesterday())).content.decode()
    today = client.get(f"/zones/{PHU_THANH}/").content.decode()

    assert "<dt>Status</dt><dd>Operating since 1 Sep 2024</dd>" in then
    assert "Expanded" not in then
    assert '<strong class="big-number">86.87&nbsp;%</strong>' in then
    assert "<dt>Status</dt><dd>Expanded since 1 Mar 2026</dd>" in today
    assert '<strong class="big-number">93&nbsp;%</strong>' in today


def test_a_day_before_the_zone_existed_says_so(personas, renamed):
    response = client_for(personas["phu_tho"]).get(as_of("2000-01-01"))

    assert response.status_code == 404
    first = (timezone.localdate() - dt.timedelta(days=30)).strftime("%-d %b %Y")
    assert (
        f"Cụm công nghiệp Phú Thành 2 was not in the registry yet on 1 Jan 2000; its first record is of {first}."
        in response.content.decode()
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31/12/2025", "Give a date as YYYY-MM-DD."),
        ("2025-02-30", "Give a date as YYYY-MM-DD."),
        ("yesterday", "Give a date as YYYY-MM-DD."),
        ("", "Give a date as YYYY-MM-DD."),
        ("2999-01-01", "Give a day no later than today."),
    ],
)
def test_a_date_that_cannot_be_read_is_a_form_error(personas, renamed, value, message):
    response = client_for(personas["phu_tho"]).get(as_of(value))

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<span class="error" id="id_as_of_error">{message}</span>' in html
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize(("persona", "status"), [("national", 200), ("developer", 200), ("lang_son", 404)])
def test_the_zone_as_of_a_day_follows_the_rules_of_the_history(personas, renamed, persona, status):
    response = client_for(personas[persona]).get(as_of(yesterday()))

    assert response.status_code == status
    assert (OLD_NAME.encode() in response.content) is (status == 200)


def test_the_public_does_not_read_the_zone_as_it_was(personas, renamed):
    anonymous = client_for().get(as_of(yesterday()))
    citizen = client_for(person("citizen")).get(as_of(yesterday()))

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    assert citizen.status_code == 403
    assert OLD_NAME.encode() not in citizen.content
