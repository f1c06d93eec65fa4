import pytest
from pytest_django.plugin import blocking_manager_key

from zoneatlas.geo.loading import load_admin_units


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a browser test has truncated every table (``live_server``), load the administrative units again, for
    the tests that run next in the same process (as ``zoneatlas/portal/tests/conftest.py`` does for its own)."""
    result = yield
    if item.get_closest_marker("browser") is not None:
        with item.config.stash[blocking_manager_key].unblock():
            load_admin_units()
    return result
