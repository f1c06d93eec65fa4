from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a grant lets a user do (BRIEF §2)."""

    NATIONAL_OFFICER = "national_officer", _("National officer (ministry)")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    DEVELOPER = "developer", _("Zone developer (infrastructure investor)")
    ADMINISTRATOR = "administrator", _("Administrator")


class Agency(models.TextChoices):
    """A provincial officer's agency decides which kind of zone they manage."""

    DOIT = "doit", _("Department of Industry and Trade (clusters)")
    IP_BOARD = "ip_board", _("Industrial park management board (parks and economic zones)")


class TokenScope(models.TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")
