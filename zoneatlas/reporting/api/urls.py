from django.urls import path
from rest_framework.routers import SimpleRouter

from zoneatlas.reporting.api.views import CalendarView, CompletenessView, ExpectedReportViewSet, ReportFormViewSet

router = SimpleRouter()
router.register("reporting/forms", ReportFormViewSet, basename="report-form")
router.register("reporting/expected", ExpectedReportViewSet, basename="expected-report")

urlpatterns = [
    *router.urls,
    path("reporting/calendar/", CalendarView.as_view(), name="reporting-calendar"),
    path("reporting/completeness/", CompletenessView.as_view(), name="reporting-completeness"),
]
