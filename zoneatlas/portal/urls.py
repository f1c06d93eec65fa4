from django.urls import path

from zoneatlas.portal import dashboard, views

app_name = "portal"

urlpatterns = [
    path("zones/", views.zone_list, name="zones"),
    path("zones/export/", views.zone_export, name="zone-export"),
    path("map/", views.zone_map, name="map"),
    path("zones/<str:code>/", views.zone_detail, name="zone"),
    path("zones/<str:code>/history/", views.zone_history_page, name="zone-history"),
    path("zones/<str:code>/tenants/", views.zone_tenants, name="zone-tenants"),
    path("zones/<str:code>/edit/", views.zone_edit, name="zone-edit"),
    path("zones/<str:code>/delete/", views.zone_delete, name="zone-delete"),
    path("zones/<str:code>/restore/", views.zone_restore, name="zone-restore"),
    path("sources/<slug:code>/", views.source_detail, name="source"),
    path("provinces/", views.overview, name="overview"),
    path("provinces/<str:code>/", views.province_detail, name="province"),
    path("provinces/<str:code>/dashboard/", dashboard.province_dashboard, name="province-dashboard"),
    path("dashboard/", dashboard.my_dashboard, name="dashboard"),
]
