"""Every page and endpoint, tried by every persona: generated from the URL configuration.

A new route without an entry in ``ROUTES`` fails ``test_every_route_is_covered``, so nothing escapes
the access rules unnoticed. The subject of every route with a parameter is a Phú Thọ record, and the
officer of Lạng Sơn must get 404 for it (existence does not leak), never see it in a list or export,
and the public never sees a draft figure.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document
from zoneatlas.zones.models import Zone

PERSONAS = ["anonymous", "national", "lang_son", "phu_tho", "developer"]
PHU_THANH = "CCN-25-0001"
DRAFT = "Draft figure the public must never see"
EVERYONE = dict.fromkeys(PERSONAS, 200)
NOT_LANG_SON = {**EVERYONE, "lang_son": 404}

# route name → (kwargs, query string, expected status per persona, whether the body may list Phú Thọ zones)
ROUTES: dict[str, tuple[dict[str, str], str, dict[str, int]]] = {
    "home": ({}, "", EVERYONE),
    "set_language": ({}, "", dict.fromkeys(PERSONAS, 302)),
    "zone-list": ({}, "", EVERYONE),
    "zone-detail": ({"code": PHU_THANH}, "", NOT_LANG_SON),
    "zone-history": ({"code": PHU_THANH}, "", {**NOT_LANG_SON, "anonymous": 401}),
    "zone-restore": ({"code": PHU_THANH}, "", dict.fromkeys(PERSONAS, 405)),
    "province-summary": ({"code": "25"}, "", NOT_LANG_SON),
    "admin-unit-list": ({}, "?era=current&level=province", EVERYONE),
    "admin-unit-resolve": ({}, "?q=Hoa%20Binh", EVERYONE),
    "admin-unit-detail": ({"pk": "1"}, "", EVERYONE),
    "source-list": ({}, "", EVERYONE),
    "source-detail": ({"code": "seed-000"}, "", EVERYONE),
    "schema": ({}, "", EVERYONE),
    "api-docs": ({}, "", EVERYONE),
    "portal:zones": ({}, "", EVERYONE),
    "portal:zone-export": ({}, "?format=csv", EVERYONE),
    "portal:map": ({}, "", EVERYONE),
    "portal:zone": ({"code": PHU_THANH}, "", NOT_LANG_SON),
    "portal:source": ({"code": "seed-000"}, "", EVERYONE),
    "portal:overview": ({}, "", EVERYONE),
    "portal:province": ({"code": "25"}, "", NOT_LANG_SON),
}
# The API's description and docs page name example codes; they hold no data.
DOCUMENTATION = {"schema", "api-docs"}
# Routes of the token and login machinery are covered by their own tests; the back office by test_admin_access.
OWN_TESTS = ("admin:", "token", "login", "logout", "password")


def route_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from route_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_route_is_covered():
    names = {name for name in route_names() if not any(part in name for part in OWN_TESTS)}
    assert names - set(ROUTES) == set(), "add the new routes to ROUTES with what each persona may do"


@pytest.fixture
def draft(personas):
    return Observation.objects.create(
        scope_type="zone",
        zone=Zone.objects.get(code=PHU_THANH),
        metric="occupancy_pct",
        value=Decimal(99),
        unit="%",
        as_of="2026-06-30",
        document=Document.objects.get(code="seed-000"),
        quote=DRAFT,
        review="draft",
    )


def client_for(personas, persona):
    client = APIClient()
    if persona != "anonymous":
        client.force_login(personas[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_route_answers_each_persona_as_the_rules_say(personas, draft, persona):
    client = client_for(personas, persona)
    before = (Zone.objects.count(), Zone.history.count(), Observation.objects.count())
    for name, (kwargs, query, expected) in ROUTES.items():
        response = client.get(reverse(name, kwargs=kwargs) + query)
        assert response.status_code == expected[persona], (name, persona, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if name in DOCUMENTATION:
            continue
        if persona == "lang_son":
            assert PHU_THANH.encode() not in body, (name, "a Phú Thọ zone leaks to Lạng Sơn's officer")
        if persona == "anonymous" or persona == "lang_son":
            assert DRAFT.encode() not in body, (name, "a draft figure leaks")
    assert (Zone.objects.count(), Zone.history.count(), Observation.objects.count()) == before


def test_the_phu_tho_officer_sees_the_draft_figure_of_their_zone(personas, draft):
    body = client_for(personas, "phu_tho").get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert DRAFT in [figure["quote"] for figure in body["observations"]]


@pytest.mark.parametrize("persona", ["anonymous", "national", "lang_son", "developer"])
def test_no_persona_without_an_editing_grant_changes_phu_thanh(personas, persona):
    client = client_for(personas, persona)
    zone = Zone.objects.get(code=PHU_THANH)
    before = (zone.name_en, zone.history.count())
    response = client.patch(reverse("zone-detail", kwargs={"code": PHU_THANH}), {"name_en": "X"}, format="json")
    assert response.status_code == {"anonymous": 401, "national": 403, "lang_son": 404, "developer": 403}[persona]
    zone.refresh_from_db()
    assert (zone.name_en, zone.history.count()) == before


def test_the_back_office_keeps_to_the_same_rule(personas):
    officer = personas["lang_son"]
    officer.is_staff = True
    officer.save()
    client = APIClient()
    client.force_login(officer)
    zone = Zone.objects.get(code=PHU_THANH)
    listing = client.get(reverse("admin:zones_zone_changelist"))
    assert listing.status_code == 200
    assert PHU_THANH.encode() not in listing.content
    assert b"CCN-20-0001" in listing.content
    change_url = reverse("admin:zones_zone_change", args=[zone.pk])
    page = client.get(change_url)
    assert page.status_code == 302  # the back office's answer for a record that does not exist for this user
    before = (zone.name, zone.history.count())
    client.post(change_url, {"name": "Đổi tên", "kind": "cluster"})
    zone.refresh_from_db()
    assert (zone.name, zone.history.count()) == before


def test_internal_fields_and_figures_never_reach_the_public(personas):
    zone = Zone.objects.get(code=PHU_THANH)
    zone.contact_person = "Nguyễn Văn A, 0912 345 678"
    zone.internal_notes = "Chờ quyết định điều chỉnh quy hoạch"
    zone.save()
    Observation.objects.create(
        scope_type="zone",
        zone=zone,
        metric="occupancy_pct",
        value=Decimal(95),
        unit="%",
        as_of="2026-06-30",
        document=Document.objects.get(code="seed-000"),
        quote="Internal figure the public must never see",
        is_internal=True,
    )
    secrets = [b"0912 345 678", "Chờ quyết định".encode(), b"Internal figure the public must never see"]
    anonymous = client_for(personas, "anonymous")
    for name, (kwargs, query, _expected) in ROUTES.items():
        if name in DOCUMENTATION:
            continue
        response = anonymous.get(reverse(name, kwargs=kwargs) + query)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not [s for s in secrets if s in body], name
    officer = client_for(personas, "phu_tho").get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert officer["contact_person"] == "Nguyễn Văn A, 0912 345 678"
    assert "Internal figure the public must never see" in [f["quote"] for f in officer["observations"]]
    # The public's current occupancy stays the latest published figure.
    public = anonymous.get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert public["occupancy"]["rate_pct"] == "86.87"
    assert "contact_person" not in public
