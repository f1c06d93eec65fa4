from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "zoneatlas.accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        # Registered on import: the login throttle's signal receivers and the API schema's token scheme.
        from zoneatlas.accounts import signals  # noqa: F401
        from zoneatlas.accounts.api import schema  # noqa: F401
