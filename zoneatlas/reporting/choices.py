"""Vocabularies of periodic reporting. Statuses carry a label and a colour, as the registry's do."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    HALF_YEAR = "half_year", _("Half year")
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")


class ReporterType(models.TextChoices):
    """Who files a form, and so what each expected report is about (its subject)."""

    TENANT_PROJECT = "tenant_project", _("Tenant project (secondary investor)")
    ZONE_DEVELOPER = "zone_developer", _("Infrastructure developer of the zone")
    COMMUNE = "commune", _("Commune People's Committee")
    PROVINCE = "province", _("Provincial agency (DOIT or IP board)")

    @property
    def subject(self) -> str:
        """What the expected report is about: a project, a zone or an administrative unit."""
        return {"tenant_project": "project", "zone_developer": "zone", "commune": "unit", "province": "unit"}[
            self.value
        ]


class Reviewer(models.TextChoices):
    """Who returns and approves a form's submissions."""

    MANAGING_AGENCY = "managing_agency", _("The province's managing agency (DOIT for clusters, IP board for parks)")
    MINISTRY = "ministry", _("The ministry (national officers)")


class DataType(models.TextChoices):
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Whole number")
    MONEY = "money", _("Amount of money")
    PERCENT = "percent", _("Percentage")
    BOOLEAN = "boolean", _("Yes / no")


class Severity(models.TextChoices):
    ERROR = "error", _("Error: blocks submission")
    WARNING = "warning", _("Warning: needs an explanation")


class RuleKind(models.TextChoices):
    EXPRESSION = "expression", _("Condition over the form's indicators")
    JUMP = "jump", _("Change against the previous period above a threshold")
    TENANT_SUM = "tenant_sum", _("Differs from the sum of the zone's approved tenant reports")


class SubmissionStatus(models.TextChoices):
    """Where a submission stands in review (DHIS2's data entry, completion and approval in one line)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")

    @property
    def colour(self) -> str:
        return {"draft": "#6c757d", "submitted": "#0d6efd", "returned": "#fd7e14", "approved": "#198754"}[self.value]


class SubmissionAction(models.TextChoices):
    SAVED = "saved", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with a comment")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REOPENED = "reopened", _("Reopened")


class ReminderKind(models.TextChoices):
    """When a reminder goes: before the due day (within a few days of it) or after it (overdue)."""

    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
