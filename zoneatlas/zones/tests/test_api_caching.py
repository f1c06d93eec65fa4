"""Cached API answers: served again in one query, never stale after a write, never shown to another scope.

The zone list, a zone's page and a province summary are cached whole (``zoneatlas.core.caching``), keyed by the
registry version, which every committed write changes. Tests run inside a transaction that never commits, so a
write's on-commit callbacks run only where a test says so (``django_capture_on_commit_callbacks(execute=True)``);
``as_another_process`` then forgets what this process knows of its own writes, leaving the database's version as
the only thing that can tell the cache the registry changed, as in a second gunicorn worker.
"""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from zoneatlas.accounts.access import read_scope_key
from zoneatlas.accounts.models import Grant
from zoneatlas.core import caching
from zoneatlas.core.models import RegistryVersion
from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.models import Document
from zoneatlas.zones.imports import import_zones
from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import record_status

PHU_THANH = "CCN-25-0001"  # Phu Thanh II Industrial Cluster, in Phú Thọ (25)
DETAIL = f"/api/v1/zones/{PHU_THANH}/"
LIST = "/api/v1/zones/"
SUMMARY = "/api/v1/provinces/25/summary/"
DRAFT = "Draft figure the public must never see"
INTERNAL = "Land dispute with the commune, not for publication"


@pytest.fixture(autouse=True)
def empty_api_cache():
    caches["api"].clear()
    yield
    caches["api"].clear()


def province(code):
    return AdminUnit.objects.get(era="current", level="province", code=code)


def person(username, *grants):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    for grant in grants:
        Grant.objects.create(user=user, **grant)
    return user


def doit_officer(username, code):
    return person(username, {"role": "provincial_officer", "agency": "doit", "province": province(code)})


def client_for(user=None, language="en"):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_authenticate(user)
    return client


def queries_of(client, url, **headers):
    """The response and the SQL statements it took."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    return response, [query["sql"] for query in captured.captured_queries]


def listed_name(client):
    """Phu Thanh II's English name as the list of Phú Thọ's zones gives it."""
    results = client.get(f"{LIST}?province=25").json()["results"]
    return next(zone["name_en"] for zone in results if zone["code"] == PHU_THANH)


def version_read_only(statements):
    return len(statements) == 1 and "core_registryversion" in statements[0]


@pytest.fixture
def as_another_process(monkeypatch):
    """Forget this process's own writes: only the registry version in the database can reveal a change."""

    def forget(generation):
        monkeypatch.setattr(caching, "_local_generation", generation)

    return forget


# --- Served again ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "queries"), [(LIST, 5), (DETAIL, 8), (SUMMARY, 8)])
def test_a_cached_answer_is_served_again_with_one_query_and_the_same_bytes(demo, url, queries):
    client = client_for()

    first, computed = queries_of(client, url)
    again, served = queries_of(client, url)

    assert first.status_code == again.status_code == 200
    assert len(computed) == queries  # the registry version, then what the endpoint reads
    assert "core_registryversion" in computed[0]
    assert version_read_only(served)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"


def test_the_query_string_is_keyed_by_parameter_name_whatever_the_order(demo):
    client = client_for()
    first = client.get(f"{LIST}?kind=cluster&province=25")

    again, served = queries_of(client, f"{LIST}?province=25&kind=cluster")

    assert version_read_only(served)
    assert again.content == first.content
    assert again.json()["count"] == 4


def test_answers_vary_on_language_authorization_and_cookie_and_are_revalidated(demo):
    officer = doit_officer("phutho", "25")
    public = client_for().get(DETAIL)
    private = client_for(officer).get(DETAIL)

    for response in (public, private):
        vary = {header.strip() for header in response["Vary"].split(",")}
        assert {"Accept", "Accept-Language", "Authorization", "Cookie"} <= vary
    assert public["Cache-Control"] == "no-cache"
    assert set(private["Cache-Control"].split(", ")) == {"no-cache", "private"}


# --- ETag and 304 ---------------------------------------------------------------------------------------------


def test_if_none_match_with_the_etag_answers_304_with_no_body(demo):
    client = client_for()
    first = client.get(DETAIL)
    etag = first["ETag"]
    assert etag.startswith('"')  # strong: no W/ prefix
    assert etag.endswith('"')

    again, served = queries_of(client, DETAIL, HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "Accept-Language" in again["Vary"]
    assert version_read_only(served)


def test_the_same_bytes_computed_again_have_the_same_etag_and_a_stale_etag_gets_the_new_answer(demo):
    client = client_for()
    etag = client.get(DETAIL)["ETag"]
    caches["api"].clear()

    recomputed = client.get(DETAIL, HTTP_IF_NONE_MATCH=etag)
    assert recomputed.status_code == 304  # computed afresh, the same bytes: the same strong tag

    zone = Zone.objects.get(code=PHU_THANH)
    zone.name_en = "Phu Thanh 2 Industrial Cluster"
    zone.save()
    changed = client.get(DETAIL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed.json()["name_en"] == "Phu Thanh 2 Industrial Cluster"
    assert changed["ETag"] != etag


def test_a_summary_computed_again_in_another_process_has_the_same_bytes_and_etag(demo):
    client = client_for()
    first = client.get(SUMMARY)
    caches["api"].clear()  # as if the next request reached another worker

    again = client.get(SUMMARY)

    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    changed_at = RegistryVersion.objects.get().changed_at
    assert dt.datetime.fromisoformat(first.json()["registry_as_of"]) == changed_at


# --- Never stale ----------------------------------------------------------------------------------------------


def test_a_change_through_the_api_shows_in_the_next_answer_in_every_process(
    demo, django_capture_on_commit_callbacks, as_another_process
):
    officer = doit_officer("phutho", "25")
    client = client_for(officer)
    assert client.get(DETAIL).json()["name_en"] == "Phu Thanh II Industrial Cluster"
    assert listed_name(client) == "Phu Thanh II Industrial Cluster"
    version, generation = RegistryVersion.read(), caching._local_generation

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.patch(
            DETAIL, {"name_en": "Phu Thanh 2 Industrial Cluster", "reason": "Renamed"}, format="json"
        )
    assert response.status_code == 200
    assert len(callbacks) == 1  # one new version per transaction, however many rows it wrote
    assert RegistryVersion.read() != version
    as_another_process(generation)

    assert client.get(DETAIL).json()["name_en"] == "Phu Thanh 2 Industrial Cluster"
    assert client_for().get(DETAIL).json()["name_en"] == "Phu Thanh 2 Industrial Cluster"
    assert listed_name(client) == "Phu Thanh 2 Industrial Cluster"


def test_another_process_serves_its_cached_answer_until_the_write_commits_and_never_after(
    demo, django_capture_on_commit_callbacks, as_another_process
):
    client = client_for()
    assert client.get(DETAIL).json()["status"] == "operating"
    generation = caching._local_generation

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_status(Zone.objects.get(code=PHU_THANH), "stalled", dt.date(2026, 3, 1))
    as_another_process(generation)
    assert client.get(DETAIL).json()["status"] == "operating"  # not committed yet: the old answer holds

    for callback in callbacks:  # the commit
        callback()
    assert client.get(DETAIL).json()["status"] == "stalled"


def test_a_change_through_the_services_shows_in_the_next_answer(demo, django_capture_on_commit_callbacks):
    client = client_for()
    assert client.get(DETAIL).json()["status"] == "operating"
    assert client.get(SUMMARY).json()["by_status"] == {"operating": 4}

    with django_capture_on_commit_callbacks(execute=True):
        record_status(Zone.objects.get(code=PHU_THANH), "stalled", dt.date(2026, 3, 1))

    assert client.get(DETAIL).json()["status"] == "stalled"
    assert client.get(DETAIL).json()["lifecycle"][-1]["effective_on"] == "2026-03-01"
    assert client.get(SUMMARY).json()["by_status"] == {"operating": 3, "stalled": 1}


def test_an_import_shows_in_the_next_answer_in_every_process(
    demo, tmp_path: Path, django_capture_on_commit_callbacks, as_another_process
):
    client = client_for()
    assert client.get(f"{LIST}?province=25").json()["count"] == 4
    assert client.get(SUMMARY).json()["zones_total"] == 4
    generation = caching._local_generation
    path = tmp_path / "zones.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "kind", "status", "status_date", "province", "gross_area_ha"])
        writer.writerow(["Cụm công nghiệp Thanh Sơn", "cluster", "planned", "2026-01-15", "Phú Thọ", "48"])

    with django_capture_on_commit_callbacks(execute=True):
        report = import_zones(path)
    assert (report.errors, report.created) == ([], 1)
    as_another_process(generation)

    listed = client.get(f"{LIST}?province=25").json()
    assert listed["count"] == 5
    assert "Cụm công nghiệp Thanh Sơn" in [zone["name"] for zone in listed["results"]]
    assert client.get(SUMMARY).json()["zones_total"] == 5


def test_a_new_figure_shows_in_the_list_detail_and_summary(demo):
    client = client_for()
    assert client.get(DETAIL).json()["occupancy"]["rate_pct"] == "86.87"
    assert client.get(SUMMARY).json()["occupancy"]["mean_of_reported_rates_pct"] == "56.56"

    Observation.objects.create(
        scope_type="zone",
        zone=Zone.objects.get(code=PHU_THANH),
        metric="occupancy_pct",
        value=Decimal("91.5"),
        unit="%",
        as_of="2025-12-31",
        document=Document.objects.get(code="seed-000"),
        qualifiers=["exact"],
    )

    assert client.get(DETAIL).json()["occupancy"]["rate_pct"] == "91.50"
    assert client.get(f"{LIST}?search={PHU_THANH}").json()["results"][0]["occupancy"]["rate_pct"] == "91.50"
    assert client.get(SUMMARY).json()["occupancy"]["mean_of_reported_rates_pct"] == "58.10"


# --- Never another scope's answer -----------------------------------------------------------------------------


@pytest.fixture
def confidential(demo):
    """Phu Thanh II with an internal note and a draft figure, which only officials may read."""
    zone = Zone.objects.get(code=PHU_THANH)
    zone.internal_notes = INTERNAL
    zone.save()
    Observation.objects.create(
        scope_type="zone",
        zone=zone,
        metric="occupancy_pct",
        value=Decimal("95"),
        unit="%",
        as_of="2026-01-31",
        document=Document.objects.get(code="seed-000"),
        review="draft",
        quote=DRAFT,
    )
    return zone


def test_the_public_never_gets_the_answer_cached_for_an_officer(confidential):
    officer = client_for(doit_officer("phutho", "25"))
    public = client_for()

    seen_by_officer = officer.get(DETAIL).json()
    seen_by_public = public.get(DETAIL).json()
    seen_by_public_again, served = queries_of(public, DETAIL)

    assert seen_by_officer["internal_notes"] == INTERNAL
    assert DRAFT in [figure["quote"] for figure in seen_by_officer["observations"]]
    for body in (seen_by_public, seen_by_public_again.json()):
        assert "internal_notes" not in body
        assert DRAFT not in [figure["quote"] for figure in body["observations"]]
        assert body["occupancy"]["rate_pct"] == "86.87"
    assert INTERNAL.encode() not in seen_by_public_again.content
    assert version_read_only(served)
    assert officer.get(DETAIL).json()["internal_notes"] == INTERNAL  # and the officer still gets theirs


def test_each_grant_scope_has_its_own_answer_and_equal_scopes_share_one(demo):
    lang_son, phu_tho = doit_officer("langson", "20"), doit_officer("phutho", "25")
    phu_tho_colleague = person(
        "phutho2", {"role": "provincial_officer", "agency": "ip_board", "province": province("25")}
    )
    national = person("national", {"role": "national_officer"})

    assert client_for(lang_son).get(LIST).json()["count"] == 5
    assert client_for(phu_tho).get(LIST).json()["count"] == 4
    assert client_for(national).get(LIST).json()["count"] == 26
    assert client_for().get(LIST).json()["count"] == 26
    shared, served = queries_of(client_for(phu_tho_colleague), LIST)

    assert shared.json()["count"] == 4
    # The colleague's grants (to know their scope) and the registry version: the rest is phutho's answer.
    assert len(served) == 2
    assert "accounts_grant" in served[0]
    assert version_read_only(served[1:])


def test_a_user_without_grants_shares_the_public_answer_because_access_says_they_are_public(demo):
    nobody = person("nobody")
    expired = person("expired", {"role": "national_officer", "valid_to": dt.date(2020, 1, 1)})
    public = client_for().get(DETAIL)

    for user in (nobody, expired):
        response, served = queries_of(client_for(user), DETAIL)
        assert response.content == public.content
        assert "internal_notes" not in response.json()
        assert len(served) == 2  # the user's active grants (none), the registry version
        assert "accounts_grant" in served[0]
        assert version_read_only(served[1:])
        assert read_scope_key(user) == read_scope_key(AnonymousUser()) == "public"


def test_a_new_grant_takes_effect_on_the_next_answer(demo):
    officer = doit_officer("langson", "20")
    client = client_for(officer)
    assert client.get(LIST).json()["count"] == 5
    assert client.get(SUMMARY).status_code == 404

    Grant.objects.create(user=officer, role="provincial_officer", agency="doit", province=province("25"))
    officer._zoneatlas_access = None  # computed once per request; force_authenticate reuses the same object

    assert client.get(LIST).json()["count"] == 9
    assert client.get(SUMMARY).json()["zones_total"] == 4


def test_the_read_scope_key_names_what_a_user_reads(demo):
    superuser = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-test-password")
    developer = person("developer", {"role": "developer", "zone": Zone.objects.get(code=PHU_THANH)})
    both = person(
        "both",
        {"role": "provincial_officer", "agency": "doit", "province": province("25")},
        {"role": "commune_officer", "province": province("20")},
    )

    assert read_scope_key(person("national", {"role": "national_officer"})) == "everything"
    assert read_scope_key(superuser) == "everything"
    assert read_scope_key(developer) == f"provinces:;zones:{Zone.objects.get(code=PHU_THANH).pk}"
    assert read_scope_key(both) == f"provinces:{province('20').pk},{province('25').pk};zones:"


# --- Language, formats, errors, methods -------------------------------------------------------------------------


def test_each_language_has_its_own_answer(demo):
    english = client_for(language="en").get(DETAIL)
    vietnamese = client_for(language="vi").get(DETAIL)
    english_again, served = queries_of(client_for(language="en"), DETAIL)

    assert english.json()["status_label"] == "Operating"
    assert vietnamese.json()["status_label"] == "Đang hoạt động"
    assert english["Content-Language"] == "en"
    assert vietnamese["Content-Language"] == "vi"
    assert english["ETag"] != vietnamese["ETag"]
    assert english_again.json()["status_label"] == "Operating"
    assert version_read_only(served)


def test_errors_are_not_cached(demo):
    client = client_for()
    _missing, first = queries_of(client, "/api/v1/zones/CCN-99-9999/")
    missing, again = queries_of(client, "/api/v1/zones/CCN-99-9999/")
    _invalid, invalid_first = queries_of(client, f"{LIST}?kind=factory")
    invalid, invalid_again = queries_of(client, f"{LIST}?kind=factory")

    assert missing.status_code == 404
    assert len(again) == len(first) == 2  # the registry version, the zone: computed again, not served
    assert "ETag" not in missing
    assert invalid.status_code == 400
    assert len(invalid_again) == len(invalid_first) == 1  # the registry version; the filter refuses the query
    assert "ETag" not in invalid


def test_the_browsable_api_is_never_cached(demo):
    client = client_for()
    client.get(DETAIL, HTTP_ACCEPT="text/html")

    again, served = queries_of(client, DETAIL, HTTP_ACCEPT="text/html")

    assert again.status_code == 200
    assert again["Content-Type"].startswith("text/html")
    assert "ETag" not in again
    assert not any("core_registryversion" in sql for sql in served)


def test_writes_are_never_answered_from_the_cache(demo):
    officer = doit_officer("phutho", "25")
    client = client_for(officer)
    client.get(DETAIL)

    response = client.patch(DETAIL, {"name_en": "Phu Thanh II"}, format="json")

    assert response.status_code == 200
    assert response.json()["name_en"] == "Phu Thanh II"
    assert "ETag" not in response
    assert Zone.objects.get(code=PHU_THANH).name_en == "Phu Thanh II"


def test_throttling_still_applies_to_cached_answers(demo, monkeypatch):
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute", "user": "1000/minute"})
    caches["default"].clear()
    client = client_for()

    statuses = [client.get(DETAIL).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    caches["default"].clear()
