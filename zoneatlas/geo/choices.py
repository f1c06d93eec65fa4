from django.db import models
from django.utils.translation import gettext_lazy as _


class Era(models.TextChoices):
    """Which administrative map a unit belongs to. The map changed on 1 July 2025."""

    LEGACY = "legacy", _("Before 1 July 2025 (63 provinces, 3 levels)")
    CURRENT = "current", _("From 1 July 2025 (34 provinces, 2 levels)")


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")
