from django.urls import path

from zoneatlas.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.checks, name="checks"),
    path("establish/", views.check_establish, name="check-establish"),
    path("expand/", views.check_expand, name="check-expand"),
]
