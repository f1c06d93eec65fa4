from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from zoneatlas.core.views import home

api_v1 = [
    path("", include("zoneatlas.zones.api.urls")),
    path("", include("zoneatlas.geo.api.urls")),
    path("", include("zoneatlas.sources.api.urls")),
    path("", include("zoneatlas.accounts.api.urls")),
    path("", include("zoneatlas.tenants.api.urls")),
    path("", include("zoneatlas.planning.api.urls")),
    path("", include("zoneatlas.reporting.api.urls")),
    path("", include("zoneatlas.steering.api.urls")),
]

# Swagger UI (served from the sidecar package, its start-up script from a URL of its own) sets inline styles
# and uses data: images; only its page gets a policy that allows them.
API_DOCS_VIEW = csp_override(
    {
        **settings.CONTENT_SECURITY_POLICY,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
    }
)(SpectacularSwaggerSplitView.as_view(url_name="schema"))

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("accounts/", include("zoneatlas.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", API_DOCS_VIEW, name="api-docs"),
    path("checks/", include("zoneatlas.planning.urls")),
    path("reporting/", include("zoneatlas.reporting.urls")),
    path("", include("zoneatlas.steering.urls")),
    path("", include("zoneatlas.tenants.urls")),  # /projects/, /investors/
    path("", include("zoneatlas.portal.urls")),
]
