from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zoneatlas.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Every write of registry data changes the registry version, which cached API answers are keyed by.
        from zoneatlas.core import caching

        caching.connect_signals()
