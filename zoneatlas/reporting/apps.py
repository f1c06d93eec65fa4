from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """Periodic reporting (Circular 14/2024/TT-BCT): forms as data, expected reports, submissions, review."""

    name = "zoneatlas.reporting"
    verbose_name = _("Periodic reporting")
