from django.urls import path
from rest_framework.routers import SimpleRouter

from zoneatlas.zones.api.views import ProvinceSummaryView, ZoneViewSet

router = SimpleRouter()
router.register("zones", ZoneViewSet, basename="zone")

urlpatterns = [
    *router.urls,
    path("provinces/<str:code>/summary/", ProvinceSummaryView.as_view(), name="province-summary"),
]
