from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """Legal rule sets as dated data, and the checks computed from them (establish and expand a cluster)."""

    name = "zoneatlas.planning"
    verbose_name = _("Planning and legal rules")
