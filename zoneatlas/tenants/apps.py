from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    """Secondary investors, their projects and the land leased to them; money converted with dated rates."""

    name = "zoneatlas.tenants"
    verbose_name = _("Tenants and investment")
