"""Pages of the reporting cycle: what is due, submissions, review, completeness, summaries."""

from django.urls import URLPattern, path

from zoneatlas.reporting import views, views_excel, views_summaries

app_name = "reporting"

urlpatterns: list[URLPattern] = [
    path("", views.my_reports, name="mine"),
    path("calendar/", views.calendar_page, name="calendar"),
    path("reports/<int:pk>/", views.report_page, name="report"),
    path("reports/<int:pk>/review/", views.review_report, name="review"),
    path("review/", views.review_queue, name="queue"),
    path("completeness/", views.completeness_page, name="completeness"),
    # Excel templates (views_excel.py)
    path("reports/<int:pk>/excel/", views_excel.report_excel, name="report-excel"),
    path("reports/<int:pk>/excel/download/", views_excel.report_excel_download, name="report-excel-download"),
    path("excel/", views_excel.province_excel, name="province-excel"),
    path("excel/download/", views_excel.province_excel_download, name="province-excel-download"),
    # Forms 03 and 04 computed (views_summaries.py)
    path("summaries/", views_summaries.summary_list, name="summaries"),
    path("summaries/<str:period>/<str:level>/<str:code>/", views_summaries.summary_page, name="summary"),
    path(
        "summaries/<str:period>/<str:level>/<str:code>/rows/<str:indicator>/",
        views_summaries.summary_sources,
        name="summary-sources",
    ),
    path(
        "summaries/<str:period>/<str:level>/<str:code>/export.xlsx", views_summaries.summary_xlsx, name="summary-xlsx"
    ),
    path("summaries/<str:period>/<str:level>/<str:code>/export.pdf", views_summaries.summary_pdf, name="summary-pdf"),
]
