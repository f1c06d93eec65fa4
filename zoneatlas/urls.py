from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from zoneatlas.core.views import home

api_v1 = [
    path("", include("zoneatlas.zones.api.urls")),
    path("", include("zoneatlas.geo.api.urls")),
    path("", include("zoneatlas.sources.api.urls")),
    path("", include("zoneatlas.accounts.api.urls")),
]

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("zoneatlas.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("", include("zoneatlas.portal.urls")),
]
