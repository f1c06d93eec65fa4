"""The tenant pages: /projects/, /projects/export/, /projects/<id>/ and /investors/."""

from django.urls import path

from zoneatlas.tenants import views

app_name = "tenants"

urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/export/", views.project_export, name="project-export"),
    path("projects/<int:pk>/", views.project_detail, name="project"),
    path("investors/", views.investor_list, name="investors"),
]
