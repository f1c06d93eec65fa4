from django.urls import path
from rest_framework.routers import SimpleRouter

from zoneatlas.reporting.api.views import (
    CalendarView,
    CompletenessView,
    ExpectedReportViewSet,
    IndicatorsView,
    ProvinceExcelView,
    ReportFormViewSet,
    SummarySourcesView,
    SummaryView,
)

router = SimpleRouter()
router.register("reporting/forms", ReportFormViewSet, basename="report-form")
router.register("reporting/expected", ExpectedReportViewSet, basename="expected-report")

urlpatterns = [
    *router.urls,
    path("reporting/calendar/", CalendarView.as_view(), name="reporting-calendar"),
    path("reporting/completeness/", CompletenessView.as_view(), name="reporting-completeness"),
    path("reporting/excel/", ProvinceExcelView.as_view(), name="reporting-province-excel"),
    path("reporting/summaries/", SummaryView.as_view(), name="reporting-summary"),
    path("reporting/summaries/sources/", SummarySourcesView.as_view(), name="reporting-summary-sources"),
    path("reporting/indicators/", IndicatorsView.as_view(), name="reporting-indicators"),
]
