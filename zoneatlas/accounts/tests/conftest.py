import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from zoneatlas.accounts.models import Grant
from zoneatlas.demo.loading import load_demo
from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.models import Zone


@pytest.fixture
def demo(db):
    return load_demo()


def province(code):
    return AdminUnit.objects.get(era="current", level="province", code=code)


def person(username, *grants):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "a-long-test-password")
    for grant in grants:
        Grant.objects.create(user=user, **grant)
    return user


@pytest.fixture
def personas(demo):
    """A national officer, DOIT officers of Lang Son (20) and Phu Tho (25), the developer of Phu Thanh II."""
    phu_thanh = Zone.objects.get(name_en="Phu Thanh II Industrial Cluster")
    return {
        "national": person("national", {"role": "national_officer"}),
        "lang_son": person("langson", {"role": "provincial_officer", "agency": "doit", "province": province("20")}),
        "phu_tho": person("phutho", {"role": "provincial_officer", "agency": "doit", "province": province("25")}),
        "developer": person("developer", {"role": "developer", "zone": phu_thanh}),
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Login failures and API rate counts live in the cache: every test starts and ends with none."""
    cache.clear()
    yield
    cache.clear()
