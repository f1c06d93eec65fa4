"""Production settings: they refuse to start unsafe, `check --deploy` is clean with them, and pages carry the
Content Security Policy."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from zoneatlas.settings import _tile_sources
from zoneatlas.zones.models import Zone

BASE_DIR = Path(__file__).resolve().parents[3]
GOOD_KEY = "k3y-" + "x7Qp2Lm9" * 8
REFUSED = "ZoneAtlas production settings (ZONEATLAS_ENV=production or DEBUG=0) refuse to start"


def manage(tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}}
    clean |= {"ZONEATLAS_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "zoneatlas.settings", **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=clean, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        ZONEATLAS_ENV="production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="zoneatlas.example.gov.vn",
    )
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced)."), (
        result.stderr
    )


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"ZONEATLAS_ENV": "production", "ALLOWED_HOSTS": "a.example"}, "SECRET_KEY is not set"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "a.example"}, "SECRET_KEY is not set"),
        (
            {"DEBUG": "0", "SECRET_KEY": "dev-only-insecure-key-change-me", "ALLOWED_HOSTS": "a"},
            "SECRET_KEY is not set",
        ),
        ({"DEBUG": "0", "SECRET_KEY": "short-but-random-4f9a", "ALLOWED_HOSTS": "a"}, "at least 50 random characters"),
        ({"ZONEATLAS_ENV": "production", "SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS is not set"),
        ({"ZONEATLAS_ENV": "production", "DEBUG": "1", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "a"}, "DEBUG must be"),
    ],
)
def test_production_refuses_to_start_without_a_secret_key_and_allowed_hosts(tmp_path, env, problem):
    result = manage(tmp_path, "check", **env)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured: " + REFUSED in result.stderr
    assert problem in result.stderr


def test_production_responses_are_https_only_with_hsts_and_the_policy(tmp_path):
    script = (
        "from django.test import Client;"
        "r = Client().get('/accounts/login/', secure=True, HTTP_HOST='zoneatlas.example.gov.vn');"
        "print(r.status_code); print(r.headers['Content-Security-Policy']);"
        "print(r.headers['Strict-Transport-Security']); print(r.headers['X-Frame-Options']);"
        "print(r.headers['X-Content-Type-Options']); print(r.cookies['csrftoken']['secure']);"
        "r = Client().get('/accounts/login/', HTTP_HOST='zoneatlas.example.gov.vn');"
        "print(r.status_code, r.headers['Location'])"
    )
    env = {"ZONEATLAS_ENV": "production", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "zoneatlas.example.gov.vn"}
    result = manage(tmp_path, "shell", "--no-imports", "-c", script, **env)
    assert result.stdout.splitlines() == [
        "200",
        "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self'; "
        "connect-src 'self'; "
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        "max-age=31536000; includeSubDomains; preload",
        "DENY",
        "nosniff",
        "True",
        "301 https://zoneatlas.example.gov.vn/accounts/login/",
    ], result.stderr


@pytest.mark.parametrize(
    ("url", "sources"),
    [
        ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", ["https://*.tile.openstreetmap.org"]),
        ("https://tiles.example.gov.vn:8443/{z}/{x}/{y}.png", ["https://tiles.example.gov.vn:8443"]),
        ("/static/tiles/{z}/{x}/{y}.png", []),
        ("", []),
        (None, []),
        (42, []),
    ],
)
def test_the_map_tile_server_is_the_only_other_source_allowed(url, sources):
    assert _tile_sources(url) == sources


def test_development_reports_the_policy_without_enforcing_it(db):
    response = Client().get("/accounts/login/")
    assert "Content-Security-Policy" not in response.headers
    assert response.headers["Content-Security-Policy-Report-Only"].startswith("default-src 'self'; script-src 'self';")


def inline_scripts(html):
    """<script> elements with code in the page: the policy (script-src 'self') would block them."""
    return [
        attributes
        for attributes, code in re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL)
        if "src=" not in attributes and 'type="application/json"' not in attributes and code.strip()
    ]


def test_portal_pages_hold_no_inline_script(demo):
    zone = Zone.objects.get(name_en="Phu Thanh II Industrial Cluster")
    client = Client()
    for url in ["/", "/accounts/login/", "/zones/", f"/zones/{zone.code}/", "/map/", "/provinces/", "/provinces/25/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_scripts(response.text) == [], url
