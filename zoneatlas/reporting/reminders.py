"""Reminders by e-mail: before a report's due day and after it, to the people who must file it.

A report is reminded about while it has not been received (nothing submitted yet, as completeness counts): once
when it falls due within ``days_before`` days (*due soon*), once when its due day has passed (*overdue*). The mail
goes to the people who file the report, as ``zoneatlas.reporting.permissions.can_file`` decides (through
``zoneatlas.accounts.access``): the zone's developer for forms 01 and 02 and the parks' report, the province's
commune officers for form 03, the managing agency's officers for form 04, and the managing agency's officers
instead when a report has no such person; never anyone who may not file it. Each person gets one mail per kind
listing their reports, in the site's language (Vietnamese by default).

Each reminder is recorded (``SentReminder``, unique per report, kind and person) in the same transaction that
sends the mail, so running the job again, or two jobs at once, sends nothing twice; a mail that fails to send
leaves no record and is tried again next time. Run daily by cron through ``zoneatlas reporting remind``, inline or
through the task queue (``zoneatlas.reporting.tasks``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zoneatlas.accounts.choices import Role
from zoneatlas.accounts.models import Grant
from zoneatlas.reporting.choices import ReminderKind, ReporterType
from zoneatlas.reporting.models import ExpectedReport, SentReminder
from zoneatlas.reporting.permissions import can_file

DAYS_BEFORE = 7
NOT_RECEIVED = Q(submission__isnull=True) | Q(submission__first_submitted_at__isnull=True)


@dataclass
class ReminderOutcome:
    """What one run did."""

    day: dt.date
    days_before: int
    mails: int = 0
    reminders: int = 0
    already_sent: int = 0
    without_recipient: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "days_before": self.days_before,
            "mails": self.mails,
            "reminders": self.reminders,
            "already_sent": self.already_sent,
            "without_recipient": self.without_recipient,
        }

    def format(self) -> str:
        lines = [
            f"{self.day}: {self.mails} mails, {self.reminders} reminders sent, {self.already_sent} sent before "
            f"(due within {self.days_before} days, or overdue)"
        ]
        if self.without_recipient:
            lines.append(f"Nobody to remind (no filer with an e-mail address): {', '.join(self.without_recipient)}")
        return "\n".join(lines)


def reports_to_remind(day: dt.date, days_before: int = DAYS_BEFORE) -> dict[str, QuerySet[ExpectedReport]]:
    """The reports not yet received, due within ``days_before`` days of ``day`` (due soon) or before it (overdue)."""
    pending = ExpectedReport.objects.filter(NOT_RECEIVED).select_related(
        "form", "zone", "project", "admin_unit", "province"
    )
    return {
        ReminderKind.DUE_SOON: pending.filter(due_on__gte=day, due_on__lte=day + dt.timedelta(days=days_before)),
        ReminderKind.OVERDUE: pending.filter(due_on__lt=day),
    }


class _Filers:
    """The people who could be reminded, from the active grants (one query), each user loaded once."""

    def __init__(self, day: dt.date) -> None:
        grants = (
            Grant.objects.active(day)
            .filter(role__in=[Role.DEVELOPER, Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER], user__is_active=True)
            .exclude(user__email="")
            .select_related("user")
            .order_by("user__username", "id")
        )
        users: dict[int, Any] = {}
        self.developers: dict[int, list[Any]] = defaultdict(list)
        self.officers: dict[int, list[Any]] = defaultdict(list)
        self.commune_officers: dict[int, list[Any]] = defaultdict(list)
        for grant in grants:
            user = users.setdefault(grant.user_id, grant.user)
            if grant.role == Role.DEVELOPER and grant.zone_id:
                _add(self.developers[grant.zone_id], user)
            elif grant.role == Role.PROVINCIAL_OFFICER and grant.province_id:
                _add(self.officers[grant.province_id], user)
            elif grant.role == Role.COMMUNE_OFFICER and grant.province_id:
                _add(self.commune_officers[grant.province_id], user)

    def of(self, report: ExpectedReport) -> list[Any]:
        """Who is reminded about the report: its own reporters, else the agency that may file it for them."""
        reporter = report.form.reporter_type
        if reporter in {ReporterType.TENANT_PROJECT, ReporterType.ZONE_DEVELOPER}:
            first = self.developers.get(report.zone_id, []) if report.zone_id else []
        elif reporter == ReporterType.COMMUNE:
            first = self.commune_officers.get(report.province_id, [])
        else:
            first = []
        for candidates in (first, self.officers.get(report.province_id, [])):
            allowed = [user for user in candidates if can_file(user, report)]
            if allowed:
                return allowed
        return []


def _add(users: list[Any], user: Any) -> None:
    if all(other.pk != user.pk for other in users):
        users.append(user)


def send_reminders(day: dt.date, days_before: int = DAYS_BEFORE) -> ReminderOutcome:
    """Send the reminders due on ``day`` that were not sent before; say what was done."""
    outcome = ReminderOutcome(day, days_before)
    filers = _Filers(day)
    groups: dict[tuple[int, str], list[ExpectedReport]] = defaultdict(list)
    people: dict[int, Any] = {}
    for kind, pending in reports_to_remind(day, days_before).items():
        for report in pending.order_by("due_on", "form__code", "province__code", "subject_key", "id"):
            recipients = filers.of(report)
            if not recipients:
                outcome.without_recipient.append(f"{report.form.code} {report.period_label} {report.subject_name}")
            for user in recipients:
                people[user.pk] = user
                groups[(user.pk, kind)].append(report)
    for (user_id, kind), listed in sorted(groups.items(), key=lambda item: (people[item[0][0]].username, item[0][1])):
        sent, before = _send(people[user_id], kind, listed, day)
        outcome.mails += 1 if sent else 0
        outcome.reminders += sent
        outcome.already_sent += before
    return outcome


def _send(user: Any, kind: str, reports: list[ExpectedReport], day: dt.date) -> tuple[int, int]:
    """Claim the reminders not sent before and mail them in one message; (sent, sent before)."""
    with transaction.atomic():
        claimed = []
        for report in reports:
            try:
                with transaction.atomic():
                    SentReminder.objects.create(expected=report, kind=kind, recipient=user, email=user.email)
            except IntegrityError:
                continue
            claimed.append(report)
        if claimed:
            subject, body = compose(user, kind, claimed, day)
            # Inside the transaction: a mail that fails leaves no record, so the next run tries again.
            send_mail(subject, body, None, [user.email])
    return len(claimed), len(reports) - len(claimed)


def compose(user: Any, kind: str, reports: list[ExpectedReport], day: dt.date) -> tuple[str, str]:
    """The subject and text of a reminder, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        site = settings.SITE_URL.rstrip("/")
        if kind == ReminderKind.DUE_SOON:
            subject = _("ZoneAtlas: reports due soon (%(count)s)") % {"count": len(reports)}
            intro = _("These reports fall due soon and have not been submitted yet:")
        else:
            subject = _("ZoneAtlas: overdue reports (%(count)s)") % {"count": len(reports)}
            intro = _("The due day of these reports has passed and they have not been submitted yet:")
        name = user.get_full_name() or user.get_username()
        lines = [_("Dear %(name)s,") % {"name": name}, "", intro, ""]
        for report in reports:
            form_name = report.form.name if translation.get_language() == "vi" else report.form.name_en
            lines.append(
                _("- %(form)s (%(name)s), period %(period)s, %(subject)s: due on %(due)s")
                % {
                    "form": report.form.code,
                    "name": form_name,
                    "period": report.period_label,
                    "subject": report.subject_name,
                    "due": date_format(report.due_on, "SHORT_DATE_FORMAT"),
                }
            )
            lines.append("  " + site + reverse("reporting:report", kwargs={"pk": report.pk}))
        lines += [
            "",
            _("A report submitted after its due day is accepted and marked late."),
            _("Your reports: %(url)s") % {"url": site + reverse("reporting:mine")},
            "",
            _("ZoneAtlas sends this reminder once for each report (as of %(day)s).")
            % {"day": date_format(day, "SHORT_DATE_FORMAT")},
        ]
        return str(subject), "\n".join(str(line) for line in lines)
