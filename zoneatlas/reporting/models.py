"""Periodic reporting: report forms as versioned data, the reports expected each period, and submissions.

A form (Circular 14/2024 form 01...04, the parks' quarterly report) is a row with its indicators and
validation rules, valid from a date: a change of law is a new version of the rows, not new code. Who must
report is derived from the registry on each period's cut-off date (``ExpectedReport``); what they sent is a
``Submission`` that moves from draft to approved, every step kept in ``SubmissionEvent`` and in the history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.reporting.choices import (
    DataType,
    PeriodType,
    ReminderKind,
    ReporterType,
    Reviewer,
    RuleKind,
    Severity,
    SubmissionAction,
    SubmissionStatus,
)
from zoneatlas.zones.choices import ZoneKind


class ReportFormQuerySet(models.QuerySet["ReportForm"]):
    def effective_on(self, day: dt.date) -> ReportFormQuerySet:
        """The versions in force on a day (at most one per code)."""
        return self.filter(effective_from__lte=day).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))


class ReportForm(TimeStampedModel):
    """One version of a periodic report form: who files it, for which periods, by when, with which indicators.

    ``schedule`` holds the cut-off and due rules per period type, as data, e.g. Circular 14's half year
    ``{"half_year": {"cutoff": ["12-15", "06-14"], "due": "06-20"}}``: the period runs from 15 December of the
    previous year (a start after the end means the previous year) to 14 June and is due on 20 June. ``due`` is
    the first such day on or after the period's end; ``due_days`` counts days after the end instead. Quarters
    repeat the first window every three months. ``expected`` says which registry records must report:
    ``zone_statuses`` (the zone's status on the cut-off date) and, for tenant forms, ``project_statuses``.
    """

    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. CCN-02; the same for every version."))
    version = models.PositiveSmallIntegerField(_("version"))
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    reporter_type = models.CharField(_("filed by"), max_length=20, choices=ReporterType.choices)
    zone_kind = models.CharField(
        _("kind of zone"), max_length=14, choices=ZoneKind.choices, help_text=_("The zones the form reports on.")
    )
    reviewer = models.CharField(_("reviewed by"), max_length=20, choices=Reviewer.choices)
    period_types = models.JSONField(_("period types"), default=list, help_text=_("half_year, year, quarter"))
    schedule = models.JSONField(_("cut-off and due rules"), default=dict)
    expected = models.JSONField(_("who must report"), default=dict)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    recipients = models.CharField(_("sent to"), max_length=300, blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = ReportFormQuerySet.as_manager()

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["code", "version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="reporting_form_code_version"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="reporting_form_effective_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    def overlapping(self) -> ReportFormQuerySet:
        """Other versions of the same form whose validity overlaps this one's."""
        others = ReportForm.objects.filter(code=self.code).exclude(pk=self.pk)
        others = others.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
        if self.effective_to is not None:
            others = others.filter(effective_from__lte=self.effective_to)
        return others

    def clean(self) -> None:
        if self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("A version cannot end before it starts.")})
        clash = self.overlapping().first()
        if clash is not None:
            raise ValidationError(
                {
                    "effective_from": _(
                        "Version %(version)s of %(code)s is in force from %(start)s: versions of a form cannot "
                        "overlap (end the earlier one first)."
                    )
                    % {"version": clash.version, "code": self.code, "start": clash.effective_from}
                }
            )

    @property
    def reporter(self) -> ReporterType:
        return ReporterType(self.reporter_type)


class Indicator(TimeStampedModel):
    """One figure a form asks for, with its unit and type, e.g. form 02's "industrial land leased (ha)"."""

    form = models.ForeignKey(ReportForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=60, help_text=_("e.g. leased_land_ha; used by the rules."))
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("e.g. ha, bn VND, persons, %"))
    data_type = models.CharField(_("type"), max_length=10, choices=DataType.choices)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"))
    section = models.CharField(_("section"), max_length=200, blank=True)
    help_text_vi = models.TextField(_("explanation (Vietnamese)"), blank=True)
    help_text_en = models.TextField(_("explanation (English)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["form", "order"]
        constraints = [models.UniqueConstraint(fields=["form", "code"], name="reporting_indicator_code")]

    def __str__(self) -> str:
        return f"{self.form.code} {self.code}"


class ValidationRule(TimeStampedModel):
    """A check run on a submission: an error blocks it, a warning needs an explanation from the reporter."""

    form = models.ForeignKey(ReportForm, verbose_name=_("form"), on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=12, choices=RuleKind.choices, default=RuleKind.EXPRESSION)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices)
    expression = models.CharField(
        _("condition"),
        max_length=500,
        blank=True,
        help_text=_("Must hold, e.g. leased_land_ha <= industrial_land_ready_ha (kind: condition)."),
    )
    indicator = models.CharField(
        _("indicator"), max_length=60, blank=True, help_text=_("The indicator compared (kinds: change, tenant sum).")
    )
    threshold_pct = models.DecimalField(_("threshold (%)"), max_digits=7, decimal_places=2, null=True, blank=True)
    source_form = models.CharField(
        _("tenant form"), max_length=20, blank=True, help_text=_("The tenants' form code (kind: tenant sum).")
    )
    source_indicator = models.CharField(_("tenant indicator"), max_length=60, blank=True)
    message = models.CharField(_("message (Vietnamese)"), max_length=300)
    message_en = models.CharField(_("message (English)"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["form", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["form", "code"], name="reporting_rule_code")]

    def __str__(self) -> str:
        return self.code


class ExpectedReportQuerySet(models.QuerySet["ExpectedReport"]):
    def for_period(self, label: str) -> ExpectedReportQuerySet:
        return self.filter(period_label=label)

    def visible_to(self, user: Any) -> ExpectedReportQuerySet:
        """The expected reports the user may read (the rule lives in ``zoneatlas.accounts.access``)."""
        from zoneatlas.accounts.access import visible_reports  # accounts sits above reporting's models

        return visible_reports(user, self)  # type: ignore[return-value]


class ExpectedReport(TimeStampedModel):
    """A report someone must file for a period: form 02 of Phú Thành II for 2026-H1, form 04 of Phú Thọ...

    Derived from the registry as it stood on the period's cut-off date (``zoneatlas.reporting.expected``).
    The subject is a tenant project, a zone or an administrative unit (commune or province); ``zone`` and
    ``province`` are kept for every subject so that access and counts filter on them directly.
    """

    form = models.ForeignKey(
        ReportForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="expected_reports"
    )
    period_type = models.CharField(_("period type"), max_length=10, choices=PeriodType.choices)
    period_label = models.CharField(_("period"), max_length=10, help_text=_("e.g. 2026-H1, 2026, 2026-Q3"))
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("cut-off date"))
    due_on = models.DateField(_("due on"))
    subject_key = models.CharField(_("subject"), max_length=40, editable=False)
    project = models.ForeignKey(
        "tenants.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expected_reports",
    )
    zone = models.ForeignKey(
        "zones.Zone",
        verbose_name=_("zone"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expected_reports",
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="expected_reports",
    )
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="province_expected_reports",
    )

    history = HistoricalRecords()
    objects = ExpectedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("expected report")
        verbose_name_plural = _("expected reports")
        ordering = ["period_end", "form__code", "subject_key"]
        constraints = [
            models.UniqueConstraint(fields=["form", "period_label", "subject_key"], name="reporting_expected_once")
        ]
        indexes = [models.Index(fields=["period_label", "province"]), models.Index(fields=["zone", "period_label"])]

    def __str__(self) -> str:
        return f"{self.form.code} {self.period_label} {self.subject_name}"

    @property
    def subject_name(self) -> str:
        subject = self.project or self.zone or self.admin_unit
        return str(subject) if subject is not None else self.subject_key

    def is_late_at(self, moment: dt.datetime) -> bool:
        """Whether something filed at ``moment`` is late: after the due day, in Vietnam's time."""
        return timezone.localdate(moment) > self.due_on


class Submission(TimeStampedModel):
    """What a reporter filed for an expected report: a value per indicator code, and where review stands.

    One per expected report; a correction after a return changes the same row (the history keeps each
    version). Values are JSON: numbers as decimal strings, whole numbers as integers, yes/no as booleans.
    """

    expected = models.OneToOneField(
        ExpectedReport, verbose_name=_("expected report"), on_delete=models.PROTECT, related_name="submission"
    )
    values = models.JSONField(_("values"), default=dict)
    explanations = models.JSONField(
        _("explanations"), default=dict, help_text=_("The reporter's explanation of each warning, by rule code.")
    )
    findings = models.JSONField(_("validation findings"), default=list, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT, editable=False
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    is_late = models.BooleanField(
        _("late"), default=False, editable=False, help_text=_("First submitted after the due date.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["expected"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.expected} ({self.get_status_display()})"

    @property
    def is_locked(self) -> bool:
        """Approved data is locked: only a reopening (with a reason) makes it editable again."""
        return self.status == SubmissionStatus.APPROVED

    @property
    def status_colour(self) -> str:
        return SubmissionStatus(self.status).colour


class SubmissionEvent(models.Model):
    """One step of a submission's review: who did what, when, with which comment."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=SubmissionAction.choices)
    status_after = models.CharField(_("status after"), max_length=10, choices=SubmissionStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("submission event")
        verbose_name_plural = _("submission events")
        ordering = ["submission", "id"]  # as recorded

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.at:%Y-%m-%d %H:%M})"


class SentReminder(models.Model):
    """A reminder e-mailed to one person about one expected report, before or after its due day.

    Kept so that each reminder goes once per report, kind and person, however often the reminder job runs
    (``zoneatlas.reporting.reminders``); the unique row is claimed before the mail is sent.
    """

    expected = models.ForeignKey(
        ExpectedReport, verbose_name=_("expected report"), on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("sent to"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["expected", "kind", "recipient"], name="reporting_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.expected} → {self.email}"
