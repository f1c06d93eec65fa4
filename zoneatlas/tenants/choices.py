"""Vocabularies of tenants, projects, leases and funding."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InvestorKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    PERSON = "person", _("Individual")


class ProjectStatus(models.TextChoices):
    """Where a secondary investment project stands, in the order a project normally moves."""

    REGISTERED = "registered", _("Registered")
    APPROVED = "approved", _("Licensed / investment approved")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATING = "operating", _("Operating")
    SUSPENDED = "suspended", _("Suspended")
    TERMINATED = "terminated", _("Terminated")


# A project has started building once it reaches one of these; before that, land leased to it may sit idle.
BUILDING_STATUSES = frozenset({ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.OPERATING})
# A project still counts in a zone's project and investor counts in these states.
ACTIVE_PROJECT_STATUSES = frozenset(
    {ProjectStatus.REGISTERED, ProjectStatus.APPROVED, ProjectStatus.UNDER_CONSTRUCTION, ProjectStatus.OPERATING}
)


class LeaseStatus(models.TextChoices):
    COMMITTED = "committed", _("Committed by investment approval")
    SIGNED = "signed", _("Signed")
    HANDED_OVER = "handed_over", _("Handed over")
    IDLE = "idle", _("Idle")
    TERMINATED = "terminated", _("Terminated")


class LandUse(models.TextChoices):
    """Which land a plot is: clusters count industrial land only; parks count industrial and service land."""

    INDUSTRIAL = "industrial", _("Industrial land")
    SERVICE = "service", _("Service land")


class EnvironmentalCategory(models.TextChoices):
    """Groups of investment projects by environmental risk (Law on Environmental Protection 2020, Art. 28)."""

    GROUP_I = "I", _("Group I (high risk)")
    GROUP_II = "II", _("Group II")
    GROUP_III = "III", _("Group III")
    GROUP_IV = "IV", _("Group IV (no risk)")


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central budget")
    LOCAL_BUDGET = "local_budget", _("Local budget")
    DEVELOPER = "developer", _("Developer")
    OTHER = "other", _("Other")


class VsicVersion(models.TextChoices):
    VSIC_2018 = "2018", _("VSIC 2018 (Decision 27/2018/QĐ-TTg)")
    VSIC_2025 = "2025", _("VSIC 2025 (Decision 36/2025/QĐ-TTg)")
