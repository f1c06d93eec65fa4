"""Vocabularies of obstacles and their follow-up."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyLevel(models.TextChoices):
    """Where a responsible agency sits in the chain that removes an obstacle."""

    MINISTRY = "ministry", _("Ministry or central agency")
    PROVINCE = "province", _("Provincial department or committee")
    COMMUNE = "commune", _("Commune")
    DEVELOPER = "developer", _("Infrastructure developer")
    OTHER = "other", _("Other")


class ObstacleKind(models.TextChoices):
    """What holds a zone back (the causes the seed reports name: planning, site clearance, resettlement...)."""

    SITE_CLEARANCE = "site_clearance", _("Site clearance")
    COMPENSATION = "compensation_resettlement", _("Compensation and resettlement")
    LAND_USE_CONVERSION = "land_use_conversion", _("Land-use conversion")
    PLANNING = "planning", _("Planning")
    CAPITAL = "capital", _("Capital")
    POWER_CONNECTION = "power_connection", _("Power connection")
    ENVIRONMENTAL_PROCEDURE = "environmental_procedure", _("Environmental procedure")
    OTHER = "other", _("Other")


class ObstacleStatus(models.TextChoices):
    """Where an obstacle stands; resolved and dropped ones are closed and never overdue."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    DROPPED = "dropped", _("Dropped")

    @property
    def colour(self) -> str:
        return {"open": "#dc3545", "in_progress": "#fd7e14", "resolved": "#198754", "dropped": "#6c757d"}[self.value]

    @classmethod
    def closed(cls) -> frozenset[str]:
        return frozenset({cls.RESOLVED, cls.DROPPED})


class EscalationLevel(models.IntegerChoices):
    """Who is handling the obstacle now: each step up is a higher authority asked to decide."""

    AGENCY = 0, _("Responsible agency")
    DEPARTMENT = 1, _("Provincial department (DOIT or IP board)")
    PROVINCE = 2, _("Provincial People's Committee")
    MINISTRY = 3, _("Ministry")
    PRIME_MINISTER = 4, _("Prime Minister")


class TaskStatus(models.TextChoices):
    """A follow-up task assigned by a steering decision."""

    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def colour(self) -> str:
        return {"open": "#fd7e14", "done": "#198754", "cancelled": "#6c757d"}[self.value]


class ReportFormat(models.TextChoices):
    HTML = "html", _("Web page")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Spreadsheet (XLSX)")


class ReportRunStatus(models.TextChoices):
    """A province report being generated: queued, running (with progress), done (with its files) or failed."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")

    @property
    def colour(self) -> str:
        return {"queued": "#6c757d", "running": "#0d6efd", "done": "#198754", "failed": "#dc3545"}[self.value]
