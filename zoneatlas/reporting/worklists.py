"""What is on a user's desk: the reports they must file and the reports waiting for their review.

The decision is ``zoneatlas.reporting.permissions`` (``can_file``, ``can_review``), which asks
``zoneatlas.accounts.access``. The queries here first narrow the reports the user may read to the scopes where
they could file or review (one query), then each row is checked with those same functions, so a page never lists
a report the workflow would refuse to let the user act on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zoneatlas.accounts.access import access_for
from zoneatlas.reporting.choices import ReporterType, Reviewer, SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport, Submission
from zoneatlas.reporting.permissions import can_file, can_review

RELATED = ("form", "zone", "project", "admin_unit", "province", "submission")
ZONE_FORMS = [ReporterType.TENANT_PROJECT, ReporterType.ZONE_DEVELOPER]


def _filing_scope(user: Any) -> Q | None:
    """A query narrowing the reports to those the user could file (None: every report the user reads)."""
    access = access_for(user)
    if access.edits_everything:
        return None
    scope = Q(pk__in=[])
    if access.developer_zones:
        scope |= Q(zone_id__in=access.developer_zones, form__reporter_type__in=ZONE_FORMS)
    for province_id, kind in access.edit_scopes:
        scope |= Q(province_id=province_id, form__zone_kind=kind)
    if access.commune_provinces:
        scope |= Q(province_id__in=access.commune_provinces, form__reporter_type=ReporterType.COMMUNE)
    return scope


def _review_scope(user: Any) -> Q | None:
    """A query narrowing the reports to those the user could review (None: every report the user reads)."""
    access = access_for(user)
    if access.edits_everything:
        return None
    scope = Q(pk__in=[])
    if access.is_national_officer:
        scope |= Q(form__reviewer=Reviewer.MINISTRY)
    for province_id, kind in access.edit_scopes:
        # The zone's kind decides (a park's report goes to the IP board); a report about no zone, the form's.
        of_kind = Q(zone__kind=kind) | Q(zone__isnull=True, form__zone_kind=kind)
        scope |= Q(province_id=province_id, form__reviewer=Reviewer.MANAGING_AGENCY) & of_kind
    return scope


def _narrowed(user: Any, scope: Q | None, queryset: QuerySet[ExpectedReport] | None) -> QuerySet[ExpectedReport]:
    reports = ExpectedReport.objects.visible_to(user) if queryset is None else queryset.visible_to(user)  # type: ignore[attr-defined]
    if scope is not None:
        reports = reports.filter(scope)
    return reports.select_related(*RELATED)


def to_file(user: Any, queryset: QuerySet[ExpectedReport] | None = None) -> list[ExpectedReport]:
    """The expected reports the user must (or may) file, latest period first, then by due day, form and subject."""
    reports = _narrowed(user, _filing_scope(user), queryset).order_by(
        "-period_end", "due_on", "form__code", "province__code", "subject_key", "id"
    )
    return [report for report in reports if can_file(user, report)]


def to_review(
    user: Any,
    queryset: QuerySet[ExpectedReport] | None = None,
    statuses: tuple[str, ...] = (SubmissionStatus.SUBMITTED,),
) -> list[ExpectedReport]:
    """The reports waiting for the user's review (submitted, by default), oldest submission first."""
    reports = (
        _narrowed(user, _review_scope(user), queryset)
        .filter(submission__status__in=statuses)
        .order_by("submission__submitted_at", "form__code", "subject_key", "id")
    )
    return [report for report in reports if can_review(user, report)]


def may_review_anything(user: Any) -> bool:
    """Whether the user reviews some reports (and so the review queue is theirs to open)."""
    access = access_for(user)
    return access.edits_everything or access.is_national_officer or bool(access.edit_scopes)


@dataclass(frozen=True)
class Standing:
    """Where an expected report stands for the person who must file it."""

    status: str  # not_started or a SubmissionStatus
    label: str
    colour: str
    late: bool  # first submitted after its due day
    overdue: bool  # not submitted and past its due day
    days_left: int  # days to the due day (negative: overdue by that many)

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)


NOT_STARTED_COLOUR = "#adb5bd"


def standing(report: ExpectedReport, today: dt.date) -> Standing:
    """The report's status, late marker and days to its deadline, read from its submission (loaded with it)."""
    submission: Submission | None = getattr(report, "submission", None)
    days_left = (report.due_on - today).days
    if submission is None or submission.pk is None:
        return Standing("not_started", _("Not started"), NOT_STARTED_COLOUR, False, days_left < 0, days_left)
    status = SubmissionStatus(submission.status)
    received = submission.first_submitted_at is not None
    return Standing(
        status.value, str(status.label), status.colour, submission.is_late, not received and days_left < 0, days_left
    )
