from django.urls import path
from rest_framework.routers import SimpleRouter

from zoneatlas.tenants.api import templates
from zoneatlas.tenants.api.views import (
    ExchangeRateViewSet,
    InvestorViewSet,
    LeaseViewSet,
    NationTenantsView,
    ProjectViewSet,
    ProvinceTenantsView,
    ZoneTenantsView,
)

router = SimpleRouter()
router.register("investors", InvestorViewSet, basename="investor")
router.register("projects", ProjectViewSet, basename="project")
router.register("leases", LeaseViewSet, basename="lease")
router.register("exchange-rates", ExchangeRateViewSet, basename="exchange-rate")

urlpatterns = [
    *router.urls,
    path("zones/<str:code>/tenants/", ZoneTenantsView.as_view(), name="zone-tenants"),
    path("provinces/<str:code>/tenants/", ProvinceTenantsView.as_view(), name="province-tenants"),
    path("tenants/summary/", NationTenantsView.as_view(), name="tenants-summary"),
    *templates.urlpatterns,
]
