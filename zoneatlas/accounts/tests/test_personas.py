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
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.sources.models import Document
from zoneatlas.tenants.models import ExchangeRate, Investor, Lease, Project
from zoneatlas.zones.models import Zone

PERSONAS = ["anonymous", "national", "lang_son", "phu_tho", "developer"]
PHU_THANH = "CCN-25-0001"
DRAFT = "Draft figure the public must never see"
INVESTOR_CONTACT = "Investor contact 0987 654 321"
EVERYONE = dict.fromkeys(PERSONAS, 200)
NOT_LANG_SON = {**EVERYONE, "lang_son": 404}
SIGNED_IN = {**EVERYONE, "anonymous": 401}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 401}
CHANGES_PHU_THANH = {"anonymous": 302, "national": 403, "lang_son": 404, "phu_tho": 200, "developer": 403}

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
    # The history is for officials and developers (the public is asked to log in), as the API's history.
    "portal:zone-history": ({"code": PHU_THANH}, "", {**NOT_LANG_SON, "anonymous": 302}),
    # Only Phú Thọ's DOIT officer changes Phú Thành II; those who read it but may not change it are refused.
    "portal:zone-edit": ({"code": PHU_THANH}, "", CHANGES_PHU_THANH),
    "portal:zone-delete": ({"code": PHU_THANH}, "", CHANGES_PHU_THANH),
    # Only a deleted zone can be restored: Phú Thành II is not deleted (portal/tests/test_zone_changes.py).
    "portal:zone-restore": ({"code": PHU_THANH}, "", dict.fromkeys(PERSONAS, 404)),
    "portal:zone-tenants": ({"code": PHU_THANH}, "", NOT_LANG_SON),
    "portal:source": ({"code": "seed-000"}, "", EVERYONE),
    "portal:overview": ({}, "", EVERYONE),
    "portal:province": ({"code": "25"}, "", NOT_LANG_SON),
    # Tenants: the subjects are a Phú Thọ investor, project and lease (the ``tenants`` fixture); ids at run time.
    "investor-list": ({}, "", EVERYONE),
    "investor-detail": ({"pk": "investor"}, "", NOT_LANG_SON),
    "project-list": ({}, "", EVERYONE),
    "project-detail": ({"pk": "project"}, "", NOT_LANG_SON),
    "lease-list": ({}, "", EVERYONE),
    "lease-detail": ({"pk": "lease"}, "", NOT_LANG_SON),
    "exchange-rate-list": ({}, "", EVERYONE),
    "exchange-rate-detail": ({"pk": "rate"}, "", EVERYONE),
    "zone-tenants": ({"code": PHU_THANH}, "", NOT_LANG_SON),
    "province-tenants": ({"code": "25"}, "", NOT_LANG_SON),
    "tenants-summary": ({}, "", EVERYONE),
    "import-template": ({"kind": "projects"}, "", EVERYONE),
    # Legal checks: the establish check rolls up a whole province, so it needs the province's roll-up (the developer
    # reads one zone of Phú Thọ, not the province); the expand check needs the cluster; the rules are public.
    "rule-list": ({}, "", EVERYONE),
    "check-establish": ({}, "?province=25", {**NOT_LANG_SON, "developer": 404}),
    "check-expand": ({"code": PHU_THANH}, "", NOT_LANG_SON),
    "planning:checks": ({}, "", EVERYONE),
    "planning:check-establish": ({}, "?province=25", {**NOT_LANG_SON, "developer": 404}),
    "planning:check-expand": ({}, f"?code={PHU_THANH}", NOT_LANG_SON),
    # Reporting: forms and deadlines are the law (public); reports are for signed-in users of their scope. The
    # subject is the demo's 2026-H1 form 02 of Phú Thành II ("expected", from the ``tenants`` fixture). The review
    # actions answer POST only (zoneatlas/reporting/tests/test_api.py tries each persona).
    "report-form-list": ({}, "", EVERYONE),
    "report-form-detail": ({"pk": "form"}, "", EVERYONE),
    "reporting-calendar": ({}, "?month=2026-06", EVERYONE),
    "expected-report-list": ({}, "?period=2026-H1", SIGNED_IN),
    "expected-report-detail": ({"pk": "expected"}, "", {**SIGNED_IN, "lang_son": 404}),
    "expected-report-submission": ({"pk": "expected"}, "", {**SIGNED_IN, "lang_son": 404}),
    "expected-report-submit": ({"pk": "expected"}, "", POST_ONLY),
    "expected-report-return": ({"pk": "expected"}, "", POST_ONLY),
    "expected-report-approve": ({"pk": "expected"}, "", POST_ONLY),
    "expected-report-reopen": ({"pk": "expected"}, "", POST_ONLY),
    "reporting-completeness": ({}, "?period=2026-H1", SIGNED_IN),
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


@pytest.fixture
def tenants(personas):
    """A Phú Thọ investor (with an internal contact), project and lease, the demo's 2024 exchange rate, and the
    demo's 2026-H1 form 02 expected of Phú Thành II's developer (with its form)."""
    rate = ExchangeRate.objects.get(currency="USD", valid_from="2024-01-01")  # from the demo
    investor = Investor.objects.create(name="Nhà đầu tư Phú Thọ", contact=INVESTOR_CONTACT)
    project = Project.objects.create(zone=Zone.objects.get(code=PHU_THANH), investor=investor, name="Dự án Phú Thọ")
    lease = Lease.objects.create(zone=project.zone, project=project, plot="PT-1", area_ha=1, start_date="2024-01-01")
    expected = ExpectedReport.objects.get(form__code="CCN-02", period_label="2026-H1", zone=project.zone)
    return {
        "investor": investor.pk,
        "project": project.pk,
        "lease": lease.pk,
        "rate": rate.pk,
        "form": expected.form_id,
        "expected": expected.pk,
    }


def url(name, kwargs, query, tenants):
    """The route's path, with tenant placeholders ("project", ...) replaced by the fixture's ids."""
    return reverse(name, kwargs={key: tenants.get(value, value) for key, value in kwargs.items()}) + query


def client_for(personas, persona):
    client = APIClient()
    if persona != "anonymous":
        client.force_login(personas[persona])
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_route_answers_each_persona_as_the_rules_say(personas, draft, tenants, persona):
    client = client_for(personas, persona)
    before = (Zone.objects.count(), Zone.history.count(), Observation.objects.count(), Project.history.count())
    for name, (kwargs, query, expected) in ROUTES.items():
        response = client.get(url(name, kwargs, query, tenants))
        assert response.status_code == expected[persona], (name, persona, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if name in DOCUMENTATION:
            continue
        if persona == "lang_son":
            assert PHU_THANH.encode() not in body, (name, "a Phú Thọ zone leaks to Lạng Sơn's officer")
        if persona == "anonymous" or persona == "lang_son":
            assert DRAFT.encode() not in body, (name, "a draft figure leaks")
            assert INVESTOR_CONTACT.encode() not in body, (name, "an investor's internal contact leaks")
    assert (Zone.objects.count(), Zone.history.count(), Observation.objects.count(), Project.history.count()) == before


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


def test_internal_fields_and_figures_never_reach_the_public(personas, tenants):
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
        response = anonymous.get(url(name, kwargs, query, tenants))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not [s for s in [*secrets, INVESTOR_CONTACT.encode()] if s in body], name
    officer = client_for(personas, "phu_tho").get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert officer["contact_person"] == "Nguyễn Văn A, 0912 345 678"
    assert "Internal figure the public must never see" in [f["quote"] for f in officer["observations"]]
    # The public's current occupancy stays the latest published figure.
    public = anonymous.get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert public["occupancy"]["rate_pct"] == "86.87"
    assert "contact_person" not in public
