import pytest
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from zoneatlas.demo.loading import load_demo
from zoneatlas.geo.loading import load_admin_units


@pytest.fixture
def demo(db):
    """The demo registry built from the five seed reports."""
    return load_demo()


@pytest.fixture
def vi_client():
    """A visitor whose browser asks for Vietnamese (also the site's default language)."""
    return Client(headers={"accept-language": "vi"})


@pytest.fixture
def en_client():
    """A visitor whose browser asks for English."""
    return Client(headers={"accept-language": "en"})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a browser test has truncated every table (``live_server``), load the administrative units again.

    The tests that run next in the same worker (in any app) count on the units loaded at session start; the
    truncation happens in pytest-django's own teardown, after every fixture of the test, hence a hook.
    """
    result = yield
    if item.get_closest_marker("browser") is not None:
        with item.config.stash[blocking_manager_key].unblock():
            load_admin_units()
    return result


# The personas of docs/security.md: a national officer, DOIT officers of Lạng Sơn (20) and Phú Thọ (25), the
# developer of Phú Thành II (CCN-25-0001); the anonymous visitor is a plain client.
from zoneatlas.accounts.tests.conftest import personas  # noqa: E402, F401
