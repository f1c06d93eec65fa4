import pytest
from django.core.cache import cache

from zoneatlas.accounts.tests.conftest import person, province
from zoneatlas.demo.loading import load_demo
from zoneatlas.reporting.models import ExpectedReport
from zoneatlas.zones.models import Zone

PHU_THANH = "CCN-25-0001"

# Form 02 of Phú Thành II for 2026-H1 as its developer would file it: 34.75 of 40 ha leased is 86.875 %, the
# occupancy the seed reports give (86.87 %); the plant is being built.
FORM_02 = {
    "infra_capital_approved_bn_vnd": "350",
    "infra_capital_disbursed_bn_vnd": "290.5",
    "industrial_land_ha": "40",
    "industrial_land_ready_ha": "38",
    "leased_land_ha": "34.75",
    "occupancy_pct": "86.87",
    "tenant_projects": 12,
    "tenant_projects_fdi": 3,
    "tenant_projects_operating": 10,
    "revenue_bn_vnd": "1250.5",
    "budget_payments_bn_vnd": "45.2",
    "workers": 1830,
    "average_income_mn_vnd": "8.6",
    "wwtp_built": False,
    "wwtp_meets_standard": False,
}


@pytest.fixture
def demo(db):
    """The demo registry with the Circular 14 forms and the reports expected for 2026-H1."""
    return load_demo()


@pytest.fixture
def personas(demo):
    """A national officer, DOIT officers of Lạng Sơn (20) and Phú Thọ (25), Phú Thọ's IP board officer, a commune
    officer of Phú Thọ and the developer of Phú Thành II."""
    phu_thanh = Zone.objects.get(code=PHU_THANH)
    return {
        "national": person("national", {"role": "national_officer"}),
        "lang_son": person("langson", {"role": "provincial_officer", "agency": "doit", "province": province("20")}),
        "phu_tho": person("phutho", {"role": "provincial_officer", "agency": "doit", "province": province("25")}),
        "ip_board": person("ipboard", {"role": "provincial_officer", "agency": "ip_board", "province": province("25")}),
        "commune": person("commune", {"role": "commune_officer", "province": province("25")}),
        "developer": person("developer", {"role": "developer", "zone": phu_thanh}),
    }


@pytest.fixture
def form_02(demo):
    """The 2026-H1 form 02 expected of Phú Thành II's developer."""
    return ExpectedReport.objects.select_related("form").get(
        form__code="CCN-02", period_label="2026-H1", zone__code=PHU_THANH
    )


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()
