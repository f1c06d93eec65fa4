from django.urls import path

from zoneatlas.steering import report_views, views

app_name = "steering"

urlpatterns = [
    path("obstacles/", views.obstacle_list, name="obstacles"),
    path("obstacles/new/", views.obstacle_new, name="obstacle-new"),
    path("obstacles/<int:pk>/", views.obstacle_detail, name="obstacle"),
    path("obstacles/<int:pk>/update/", views.obstacle_update, name="obstacle-update"),
    path("steering/meetings/", views.meeting_list, name="meetings"),
    path("steering/meetings/new/", views.meeting_new, name="meeting-new"),
    path("steering/meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("steering/meetings/<int:pk>/decisions/", views.decision_new, name="decision-new"),
    path("provinces/<str:code>/report/", report_views.report_page, name="report"),
    path("provinces/<str:code>/report/runs/", report_views.report_start, name="report-start"),
    path("report-runs/<int:pk>/", report_views.report_run, name="report-run"),
    path("report-runs/<int:pk>/<str:fmt>/", report_views.report_download, name="report-download"),
]
