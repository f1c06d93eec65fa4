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
from zoneatlas.planning.models import Target
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.sources.models import Document
from zoneatlas.steering.models import Obstacle, ReportRun, SteeringMeeting
from zoneatlas.tenants.models import ExchangeRate, Investor, Lease, Project
from zoneatlas.zones.models import InternalZoneField, Zone

PERSONAS = ["anonymous", "national", "lang_son", "phu_tho", "developer"]
PHU_THANH = "CCN-25-0001"
DRAFT = "Draft figure the public must never see"
INVESTOR_CONTACT = "Investor contact 0987 654 321"
EVERYONE = dict.fromkeys(PERSONAS, 200)
NOT_LANG_SON = {**EVERYONE, "lang_son": 404}
SIGNED_IN = {**EVERYONE, "anonymous": 401}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 401}
CHANGES_PHU_THANH = {"anonymous": 302, "national": 403, "lang_son": 404, "phu_tho": 200, "developer": 403}

PHU_THO_02 = "form=CCN-02&period=2026-H1&province=25"
PROVINCE_FILE = {"national": 403, "lang_son": 404, "phu_tho": 200, "developer": 200}
PHU_THO_04 = {"period": "2026-H1", "level": "province", "code": "25"}
PHU_THO_SUMMARY = {"national": 200, "lang_son": 404, "phu_tho": 200, "developer": 404}
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
    # Tenant pages (zoneatlas/tenants/tests/test_pages.py): the lists and the export read what the API reads.
    "tenants:projects": ({}, "", EVERYONE),
    "tenants:project-export": ({}, "?format=csv", EVERYONE),
    "tenants:project": ({"pk": "project"}, "", NOT_LANG_SON),
    "tenants:investors": ({}, "", EVERYONE),
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
    # Reporting pages: a visitor is asked to log in (the calendar, being the law, is public); the report page is
    # Phú Thành II's 2026-H1 form 02; the review queue is for reviewers (a developer reviews nothing); decisions are
    # POST only (zoneatlas/reporting/tests/test_pages.py tries each persona).
    "reporting:mine": ({}, "", {**EVERYONE, "anonymous": 302}),
    "reporting:calendar": ({}, "?year=2026", EVERYONE),
    "reporting:report": ({"pk": "expected"}, "", {**NOT_LANG_SON, "anonymous": 302}),
    "reporting:review": ({"pk": "expected"}, "", dict.fromkeys(PERSONAS, 405)),
    "reporting:queue": ({}, "", {**EVERYONE, "anonymous": 302, "developer": 403}),
    "reporting:completeness": ({}, "?period=2026-H1", {**EVERYONE, "anonymous": 302}),
    # Excel templates: a report's (its readers; filing is checked on upload) and a province's (the reports open to
    # the user to file: the national officer files no cluster report, 403). Forms 03/04 computed: whoever reads the
    # province's form 04 (not a developer); the indicators of a zone: whoever reads its reports.
    "expected-report-excel": ({"pk": "expected"}, "", {**SIGNED_IN, "lang_son": 404}),
    "reporting-province-excel": ({}, f"?{PHU_THO_02}", {**PROVINCE_FILE, "anonymous": 401}),
    "reporting-summary": ({}, "?period=2026-H1&province=25", {**PHU_THO_SUMMARY, "anonymous": 401}),
    "reporting-summary-sources": (
        {},
        "?period=2026-H1&province=25&indicator=workers",
        {**PHU_THO_SUMMARY, "anonymous": 401},
    ),
    "reporting-indicators": ({}, f"?period=2026-H1&zone={PHU_THANH}", {**SIGNED_IN, "lang_son": 404}),
    "reporting:report-excel": ({"pk": "expected"}, "", {**NOT_LANG_SON, "anonymous": 302}),
    "reporting:report-excel-download": ({"pk": "expected"}, "", {**NOT_LANG_SON, "anonymous": 302}),
    "reporting:province-excel": ({}, "", {**EVERYONE, "anonymous": 302}),
    "reporting:province-excel-download": ({}, f"?{PHU_THO_02}", {**PROVINCE_FILE, "anonymous": 302}),
    "reporting:summaries": ({}, "?period=2026-H1", {**EVERYONE, "anonymous": 302}),
    "reporting:summary": (PHU_THO_04, "", {**PHU_THO_SUMMARY, "anonymous": 302}),
    "reporting:summary-sources": ({**PHU_THO_04, "indicator": "workers"}, "", {**PHU_THO_SUMMARY, "anonymous": 302}),
    "reporting:summary-xlsx": (PHU_THO_04, "", {**PHU_THO_SUMMARY, "anonymous": 302}),
    "reporting:summary-pdf": (PHU_THO_04, "", {**PHU_THO_SUMMARY, "anonymous": 302}),
    # Targets and the province dashboard: a target about Phú Thọ (the demo's Hòa Bình area target, "target") and
    # Phú Thọ's dashboard follow the province's roll-up (the developer reads one zone, not the province); the
    # landing page sends everyone on (an officer of one province to its dashboard, others to the overview).
    "target-list": ({}, "", EVERYONE),
    "target-detail": ({"pk": "target"}, "", {**NOT_LANG_SON, "developer": 404}),
    "portal:province-dashboard": ({"code": "25"}, "", {**NOT_LANG_SON, "developer": 404}),
    "portal:dashboard": ({}, "", dict.fromkeys(PERSONAS, 302)),
    # Obstacles and steering: the subjects are the demo's (synthetic, unpublished) Phú Thành II obstacle, Phú Thọ's
    # steering meeting and a queued Phú Thọ report run ("obstacle", "meeting", "run"). The public reads published
    # obstacles only and no meeting; an officer records obstacles on zones they edit and meetings of their province
    # (the national officer edits nothing: 403); the province report is for the province's officials and national
    # officers. zoneatlas/steering/tests try each persona's refusals and POSTs.
    "steering:obstacles": ({}, "", EVERYONE),
    "steering:obstacle-new": ({}, "", {**EVERYONE, "anonymous": 302, "national": 403, "developer": 403}),
    "steering:obstacle": ({"pk": "obstacle"}, "", {**NOT_LANG_SON, "anonymous": 404}),
    "steering:obstacle-update": ({"pk": "obstacle"}, "", {**CHANGES_PHU_THANH, "anonymous": 404}),
    "steering:meetings": ({}, "", EVERYONE),
    "steering:meeting-new": ({}, "", {**EVERYONE, "anonymous": 302, "national": 403, "developer": 403}),
    "steering:meeting": ({"pk": "meeting"}, "", {**NOT_LANG_SON, "anonymous": 404, "developer": 404}),
    "steering:decision-new": ({"pk": "meeting"}, "", {**CHANGES_PHU_THANH, "anonymous": 404, "developer": 404}),
    "steering:report": ({"code": "25"}, "", {**NOT_LANG_SON, "anonymous": 302, "developer": 404}),
    "steering:report-start": ({"code": "25"}, "", dict.fromkeys(PERSONAS, 405)),
    "steering:report-run": ({"pk": "run"}, "", {**NOT_LANG_SON, "anonymous": 302, "developer": 404}),
    # A queued run has no file yet: 404 for everyone who may read it, as for those who may not.
    "steering:report-download": ({"pk": "run", "fmt": "pdf"}, "", {**dict.fromkeys(PERSONAS, 404), "anonymous": 302}),
    "obstacle-list": ({}, "", EVERYONE),
    "obstacle-detail": ({"pk": "obstacle"}, "", {**NOT_LANG_SON, "anonymous": 404}),
    "steering-meeting-list": ({}, "", EVERYONE),
    "steering-meeting-detail": ({"pk": "meeting"}, "", {**NOT_LANG_SON, "anonymous": 404, "developer": 404}),
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
    target = Target.objects.get(external_ref="S013")  # the demo's target about Hòa Bình, now in Phú Thọ
    meeting = SteeringMeeting.objects.get(province__code="25")  # the demo's (synthetic) Phú Thọ steering meeting
    run = ReportRun.objects.create(province=meeting.province, as_of="2026-11-26")  # queued, no file yet
    return {
        "obstacle": Obstacle.objects.get(zone__code=PHU_THANH).pk,
        "meeting": meeting.pk,
        "run": run.pk,
        "target": target.pk,
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
    zone.developer_name = "Developer Phú Thọ keeps internal"
    zone.save()
    # A field the province marks internal (accounts/tests/test_field_policies.py tries each markable field).
    InternalZoneField.objects.create(province=zone.province, field="developer", reason="Not confirmed")
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
    secrets = [
        b"0912 345 678",
        "Chờ quyết định".encode(),
        b"Internal figure the public must never see",
        "Developer Phú Thọ keeps internal".encode(),
    ]
    anonymous = client_for(personas, "anonymous")
    for name, (kwargs, query, _expected) in ROUTES.items():
        if name in DOCUMENTATION:
            continue
        response = anonymous.get(url(name, kwargs, query, tenants))
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not [s for s in [*secrets, INVESTOR_CONTACT.encode()] if s in body], name
    officer = client_for(personas, "phu_tho").get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert officer["contact_person"] == "Nguyễn Văn A, 0912 345 678"
    assert officer["developer"]["name"] == "Developer Phú Thọ keeps internal"
    assert "Internal figure the public must never see" in [f["quote"] for f in officer["observations"]]
    # The public's current occupancy stays the latest published figure.
    public = anonymous.get(reverse("zone-detail", kwargs={"code": PHU_THANH})).json()
    assert public["occupancy"]["rate_pct"] == "86.87"
    assert "contact_person" not in public
