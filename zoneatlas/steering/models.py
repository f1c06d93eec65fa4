"""Obstacles on zones and their follow-up: responsible agencies, directives, steering-board meetings and decisions.

The seed reports describe plans held back by named causes ("3 clusters established but without infrastructure
because of planning, site clearance and resettlement", "19 clusters not started because of obstacles") and the
bodies that follow them up ("the steering board meets quarterly"). An obstacle here is one such cause on one zone,
with the agency that must remove it (required: an obstacle nobody owns is never followed up), the directive that
assigned it and a deadline; a steering meeting's decisions update obstacles and assign follow-up tasks. Every change
of an obstacle is kept twice: as an update entry that says which decision made it, and in its audit history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.steering.choices import (
    AgencyLevel,
    EscalationLevel,
    ObstacleKind,
    ObstacleStatus,
    ReportRunStatus,
    TaskStatus,
)

PROVINCE_CHOICES = {"era": "current", "level": "province"}


class Agency(TimeStampedModel):
    """An agency that can be made responsible for removing an obstacle or doing a follow-up task.

    A ministry, a provincial department (DOIT, DONRE...) or committee, a commune, the zone's infrastructure
    developer, or another body. Provincial and commune agencies name their (today's) province.
    """

    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=AgencyLevel.choices)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=PROVINCE_CHOICES,
        help_text=_("Empty for a ministry or a national body."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsible agency")
        verbose_name_plural = _("responsible agencies")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "province"], name="steering_agency_unique_name")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.level in {AgencyLevel.PROVINCE, AgencyLevel.COMMUNE} and not self.province_id:
            raise ValidationError({"province": gettext("A provincial or commune agency names its province.")})


class Directive(TimeStampedModel):
    """A directive, plan or decision that assigned obstacles to agencies (number, date, issuer)."""

    number = models.CharField(_("number"), max_length=60, help_text=_("e.g. 123/KH-UBND; empty when not published."))
    issued_on = models.DateField(_("issued on"))
    issuer = models.CharField(_("issuer"), max_length=200, help_text=_("e.g. Khánh Hòa Provincial People's Committee"))
    title = models.CharField(_("title"), max_length=300)
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=PROVINCE_CHOICES,
    )
    document = models.ForeignKey(
        "sources.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directives",
        help_text=_("The text of the directive, or the report that describes it."),
    )
    note = models.TextField(_("note"), blank=True, help_text=_("e.g. how the date was inferred."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("directive")
        verbose_name_plural = _("directives")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        number = self.number or gettext("no number")
        return f"{number} ({self.issued_on.isoformat()}): {self.title}"

    @property
    def is_synthetic(self) -> bool:
        return bool(self.document and self.document.is_synthetic)


class ObstacleQuerySet(models.QuerySet["Obstacle"]):
    def in_province(self, province: Any) -> ObstacleQuerySet:
        return self.filter(zone__province=province)

    def unresolved(self) -> ObstacleQuerySet:
        """Open or in progress: resolved and dropped obstacles are closed."""
        return self.exclude(status__in=ObstacleStatus.closed())

    def overdue_on(self, day: dt.date) -> ObstacleQuerySet:
        """Unresolved obstacles whose deadline passed before the day, the longest overdue first."""
        return self.unresolved().filter(deadline__lt=day).order_by("deadline", "zone__code", "pk")

    def published(self) -> ObstacleQuerySet:
        return self.filter(is_published=True)

    def visible_to(self, user: Any) -> ObstacleQuerySet:
        from zoneatlas.steering.access import visible_obstacles  # access sits above the models

        return visible_obstacles(user, self)

    def with_related(self) -> ObstacleQuerySet:
        return self.select_related("zone__province", "agency__province", "directive__document", "source_document")


class Obstacle(TimeStampedModel):
    """A named cause holding a zone back, with the agency that must remove it and the deadline set for it.

    Days overdue are computed from the deadline, never typed. A sourced obstacle quotes the passage of its
    document that states it; one made up for the demo cites a synthetic document and is shown as synthetic.
    """

    zone = models.ForeignKey("zones.Zone", verbose_name=_("zone"), on_delete=models.PROTECT, related_name="obstacles")
    kind = models.CharField(_("kind"), max_length=30, choices=ObstacleKind.choices)
    description = models.TextField(_("description"))
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("responsible agency"),
        on_delete=models.PROTECT,
        related_name="obstacles",
        error_messages={
            "null": _("An obstacle needs a responsible agency: name who must remove it."),
            "blank": _("An obstacle needs a responsible agency: name who must remove it."),
            "required": _("An obstacle needs a responsible agency: name who must remove it."),
        },
    )
    directive = models.ForeignKey(
        Directive,
        verbose_name=_("directive"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="obstacles",
        help_text=_("The directive that assigned the obstacle to the agency."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN)
    opened_on = models.DateField(_("recorded on"), help_text=_("The day the obstacle was first reported."))
    closed_on = models.DateField(_("closed on"), null=True, blank=True, help_text=_("Resolved or dropped on."))
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=EscalationLevel.choices, default=EscalationLevel.AGENCY
    )
    source_document = models.ForeignKey(
        "sources.Document",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="obstacles",
        help_text=_("The document that states the obstacle (a synthetic one for demonstration data)."),
    )
    quote = models.TextField(_("quote"), blank=True, help_text=_("The passage of the source that states it."))
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown to the public. Obstacles stated in a published source usually are; others stay internal."),
    )

    history = HistoricalRecords()
    objects = ObstacleQuerySet.as_manager()

    class Meta:
        verbose_name = _("obstacle")
        verbose_name_plural = _("obstacles")
        ordering = ["zone__code", "kind", "pk"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("opened_on")),
                name="steering_obstacle_closed_after_opened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.zone}: {self.get_kind_display()}"

    @property
    def is_synthetic(self) -> bool:
        return self.source_document.is_synthetic

    @property
    def is_closed(self) -> bool:
        return self.status in ObstacleStatus.closed()

    @property
    def status_choice(self) -> ObstacleStatus:
        return ObstacleStatus(self.status)

    def days_overdue(self, on_date: dt.date) -> int:
        """Days since the deadline passed, on the day; 0 when closed, on time or without a deadline."""
        if self.is_closed or self.deadline is None or on_date <= self.deadline:
            return 0
        return (on_date - self.deadline).days

    def clean(self) -> None:
        errors: dict[str, str] = {}
        directive = self.directive if self.directive_id else None
        if self.deadline and directive is not None and self.deadline < directive.issued_on:
            errors["deadline"] = gettext(
                "The deadline %(deadline)s is before the directive that set it (%(directive)s, %(issued)s)."
            ) % {
                "deadline": self.deadline.isoformat(),
                "directive": directive.number or directive.title,
                "issued": directive.issued_on.isoformat(),
            }
        if self.deadline and self.opened_on and self.deadline < self.opened_on:
            errors.setdefault(
                "deadline",
                gettext("The deadline %(deadline)s is before the obstacle was recorded (%(opened)s).")
                % {"deadline": self.deadline.isoformat(), "opened": self.opened_on.isoformat()},
            )
        if self.status in ObstacleStatus.closed() and not self.closed_on:
            errors["closed_on"] = gettext("A resolved or dropped obstacle says on which day.")
        if self.status not in ObstacleStatus.closed() and self.closed_on:
            errors["closed_on"] = gettext("Only a resolved or dropped obstacle has a closing day.")
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = gettext("The obstacle is closed before it was recorded.")
        if (
            self.agency_id
            and self.zone_id
            and self.agency.province_id
            and self.agency.province_id != self.zone.province_id
        ):
            errors["agency"] = gettext("The agency %(agency)s belongs to another province than the zone.") % {
                "agency": self.agency.name
            }
        if self.quote and self.source_document_id and not self.source_document.contains(self.quote):
            errors["quote"] = gettext("The quote is not in the text of the source document.")
        if errors:
            raise ValidationError(errors)


class SteeringMeeting(TimeStampedModel):
    """A meeting of a steering board (or a provincial leaders' conference) that reviews obstacles and decides.

    Minutes are internal: officials of the province and national officers read them; the public does not.
    """

    body = models.CharField(_("body"), max_length=200, help_text=_("e.g. the provincial steering board for clusters"))
    held_on = models.DateField(_("held on"))
    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to=PROVINCE_CHOICES,
    )
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    attendees = models.TextField(_("attendees"), blank=True, help_text=_("One per line."))
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes file"), upload_to="steering/minutes/", blank=True)
    source_document = models.ForeignKey(
        "sources.Document",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="steering_meetings",
        help_text=_("Where the meeting is recorded; a synthetic document for demonstration data."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("steering meeting")
        verbose_name_plural = _("steering meetings")
        ordering = ["-held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.body} ({self.held_on.isoformat()})"

    @property
    def is_synthetic(self) -> bool:
        return bool(self.source_document and self.source_document.is_synthetic)

    @property
    def attendee_list(self) -> list[str]:
        return [line.strip() for line in self.attendees.splitlines() if line.strip()]


class Decision(TimeStampedModel):
    """One decision of a steering meeting: its text, and the obstacle updates and tasks it made."""

    meeting = models.ForeignKey(
        SteeringMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    number = models.PositiveSmallIntegerField(_("number"), help_text=_("Its order in the minutes."))
    text = models.TextField(_("text"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [models.UniqueConstraint(fields=["meeting", "number"], name="steering_decision_unique_number")]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.number}"


class ObstacleUpdate(models.Model):
    """One step of an obstacle's follow-up: what changed, when, why, and the decision that made it (if any)."""

    obstacle = models.ForeignKey(Obstacle, verbose_name=_("obstacle"), on_delete=models.CASCADE, related_name="updates")
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacle_updates",
    )
    recorded_on = models.DateField(_("recorded on"))
    note = models.TextField(_("note"))
    status = models.CharField(_("status after"), max_length=12, choices=ObstacleStatus.choices)
    deadline = models.DateField(_("deadline after"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(_("escalation level after"), choices=EscalationLevel.choices)
    agency = models.ForeignKey(
        Agency, verbose_name=_("responsible agency after"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("obstacle update")
        verbose_name_plural = _("obstacle updates")
        ordering = ["obstacle", "recorded_on", "pk"]

    def __str__(self) -> str:
        return f"{self.obstacle} @ {self.recorded_on.isoformat()}"


class FollowUpTask(TimeStampedModel):
    """A task a steering decision assigned to an agency, with a deadline, often about one obstacle."""

    decision = models.ForeignKey(Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="tasks")
    obstacle = models.ForeignKey(
        Obstacle, verbose_name=_("obstacle"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        related_name="tasks",
        error_messages={"required": _("A task needs an agency to do it.")},
    )
    description = models.TextField(_("task"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    def days_overdue(self, on_date: dt.date) -> int:
        if self.status != TaskStatus.OPEN or on_date <= self.deadline:
            return 0
        return (on_date - self.deadline).days

    def clean(self) -> None:
        if self.deadline and self.decision_id and self.deadline < self.decision.meeting.held_on:
            raise ValidationError(
                {
                    "deadline": gettext("The deadline is before the meeting that set it (%(held)s).")
                    % {"held": self.decision.meeting.held_on.isoformat()}
                }
            )


class ReportRun(TimeStampedModel):
    """One generation of a province report: queued, running with its progress, then its files or the error."""

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        related_name="+",
        limit_choices_to=PROVINCE_CHOICES,
    )
    as_of = models.DateField(_("as of"))
    language = models.CharField(_("language"), max_length=8, default="vi")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportRunStatus.choices, default=ReportRunStatus.QUEUED
    )
    progress_pct = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    html_file = models.FileField(_("web page"), upload_to="steering/reports/", blank=True)
    pdf_file = models.FileField(_("PDF"), upload_to="steering/reports/", blank=True)
    xlsx_file = models.FileField(_("spreadsheet"), upload_to="steering/reports/", blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("province report run")
        verbose_name_plural = _("province report runs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.province} {self.as_of.isoformat()} ({self.status})"

    @property
    def status_choice(self) -> ReportRunStatus:
        return ReportRunStatus(self.status)
