from django.urls import path

from zoneatlas.planning.api.targets import TargetDetailView, TargetListView
from zoneatlas.planning.api.views import EstablishCheckView, ExpandCheckView, RuleListView

urlpatterns = [
    path("rules/", RuleListView.as_view(), name="rule-list"),
    path("checks/establish/", EstablishCheckView.as_view(), name="check-establish"),
    path("checks/expand/<str:code>/", ExpandCheckView.as_view(), name="check-expand"),
    path("targets/", TargetListView.as_view(), name="target-list"),
    path("targets/<int:pk>/", TargetDetailView.as_view(), name="target-detail"),
]
