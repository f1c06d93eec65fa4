"""The review workflow of a submission: save a draft, submit, return with a comment, resubmit, approve, reopen.

    draft ──submit──▶ submitted ──approve──▶ approved (locked)
      ▲                 │  ▲                    │
      └──(save)── returned ◀──return──┘  └──resubmit── returned ◀──reopen (reason)──┘

Every path (API, pages, imports) goes through these functions: they check who may act
(``zoneatlas.reporting.permissions``), run the validation on submit (errors block, warnings need an explanation),
and record each step as a ``SubmissionEvent`` and a history row. A refused action raises and changes nothing.
Submitting after the due date is accepted and marked late; timeliness counts the first submission.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneatlas.reporting.choices import Severity, SubmissionAction, SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport, Submission, SubmissionEvent
from zoneatlas.reporting.permissions import can_file, can_review
from zoneatlas.reporting.validation import Finding, clean_values, run_rules


class WorkflowError(Exception):
    """A refused action; nothing was changed."""

    def __init__(self, message: str, **detail: Any) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class NotAllowedError(WorkflowError):
    """The user may read the report but not do this to it."""


class WrongStateError(WorkflowError):
    """The submission is not in a state that allows this (e.g. approved, so locked)."""


class InvalidReportError(WorkflowError):
    """The values or the request are wrong: ``detail`` holds the errors or the findings."""


def _locked_message() -> str:
    return _("The report is approved and locked: a reviewer must reopen it, with a reason, before it changes.")


def _submission(expected: ExpectedReport, *, create: bool = False) -> Submission | None:
    """The expected report's submission, locked for the rest of the transaction."""
    found = Submission.objects.select_for_update().filter(expected=expected).first()
    if found is None and create:
        found = Submission(expected=expected)
    return found


def _save(submission: Submission, user: Any, action: str, comment: str = "", at: dt.datetime | None = None) -> None:
    submission._history_user = user  # type: ignore[attr-defined]
    submission._change_reason = comment[:100] or action  # type: ignore[attr-defined]
    submission.save()
    SubmissionEvent.objects.create(
        submission=submission,
        action=action,
        status_after=submission.status,
        user=user if getattr(user, "is_authenticated", False) else None,
        at=at or timezone.now(),
        comment=comment,
    )


def _check_filer(user: Any, expected: ExpectedReport) -> None:
    if not can_file(user, expected):
        raise NotAllowedError(_("You may read this report but not file it."))


def _check_reviewer(user: Any, expected: ExpectedReport) -> None:
    if not can_review(user, expected):
        raise NotAllowedError(_("Only the agency that receives this report may return, approve or reopen it."))


def _cleaned(expected: ExpectedReport, values: Any) -> dict[str, Any]:
    cleaned, errors = clean_values(expected.form, values)
    if errors:
        raise InvalidReportError(_("Some values are not valid; nothing was saved."), errors=errors)
    return cleaned


def _editable(submission: Submission) -> None:
    if submission.status == SubmissionStatus.APPROVED:
        raise WrongStateError(_locked_message())
    if submission.status == SubmissionStatus.SUBMITTED:
        raise WrongStateError(_("The report is with the reviewer; it can change again if it is returned."))


@transaction.atomic
def save_draft(
    expected: ExpectedReport, values: dict[str, Any], *, user: Any, explanations: dict[str, str] | None = None
) -> Submission:
    """Keep the values typed so far (nothing is checked but their types); the report is not filed yet."""
    _check_filer(user, expected)
    submission = _submission(expected, create=True)
    assert submission is not None
    _editable(submission)
    submission.values = _cleaned(expected, values)
    if explanations is not None:
        submission.explanations = _explanations(explanations)
    _save(submission, user, SubmissionAction.SAVED)
    return submission


def _explanations(raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(text, str) for text in raw.values()):
        raise InvalidReportError(_("Explanations are an object of rule codes and texts."))
    return {str(code): text.strip() for code, text in raw.items() if text.strip()}


@transaction.atomic
def submit(
    expected: ExpectedReport,
    *,
    user: Any,
    values: dict[str, Any] | None = None,
    explanations: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> Submission:
    """File the report (or file it again after a return). Errors refuse it; each warning needs an explanation."""
    _check_filer(user, expected)
    now = now or timezone.now()
    submission = _submission(expected, create=True)
    assert submission is not None
    _editable(submission)
    candidate = _cleaned(expected, values) if values is not None else dict(submission.values)
    given = _explanations(explanations) if explanations is not None else dict(submission.explanations)
    findings = run_rules(expected, candidate)
    errors = [finding for finding in findings if finding.severity == Severity.ERROR]
    if errors:
        raise InvalidReportError(
            _("The report has errors; it was not submitted."), findings=[finding.as_dict() for finding in findings]
        )
    unexplained = [finding for finding in findings if not given.get(finding.rule)]
    if unexplained:
        raise InvalidReportError(
            _("Explain each warning (by its rule code) to submit the report."),
            findings=[finding.as_dict() for finding in findings],
            unexplained=[finding.rule for finding in unexplained],
        )
    again = submission.first_submitted_at is not None
    submission.values = candidate
    submission.explanations = given
    submission.findings = [_with_explanation(finding, given) for finding in findings]
    submission.status = SubmissionStatus.SUBMITTED
    submission.submitted_at = now
    submission.submitted_by = user
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.is_late = expected.is_late_at(now)
    _save(submission, user, SubmissionAction.RESUBMITTED if again else SubmissionAction.SUBMITTED, at=now)
    return submission


def _with_explanation(finding: Finding, explanations: dict[str, str]) -> dict[str, Any]:
    return {**finding.as_dict(), "explanation": explanations.get(finding.rule, "")}


@transaction.atomic
def resubmit(expected: ExpectedReport, *, user: Any, **kwargs: Any) -> Submission:
    """File a returned report again, corrected."""
    submission = _submission(expected)
    if submission is None or submission.status != SubmissionStatus.RETURNED:
        raise WrongStateError(_("Only a returned report is resubmitted."))
    return submit(expected, user=user, **kwargs)


def _comment(text: Any, what: str) -> str:
    comment = text.strip() if isinstance(text, str) else ""
    if not comment:
        raise InvalidReportError(what)
    return comment


@transaction.atomic
def return_with_comment(expected: ExpectedReport, *, user: Any, comment: str) -> Submission:
    """Send a submitted report back to its reporter, saying what to correct."""
    _check_reviewer(user, expected)
    text = _comment(comment, _("Say what must be corrected: a comment is required to return a report."))
    submission = _submission(expected)
    if submission is None or submission.status != SubmissionStatus.SUBMITTED:
        raise WrongStateError(_("Only a submitted report can be returned."))
    submission.status = SubmissionStatus.RETURNED
    submission.review_comment = text
    _save(submission, user, SubmissionAction.RETURNED, text)
    return submission


@transaction.atomic
def approve(expected: ExpectedReport, *, user: Any, comment: str = "") -> Submission:
    """Accept a submitted report: its data is locked and counts in summaries and completeness."""
    _check_reviewer(user, expected)
    submission = _submission(expected)
    if submission is None or submission.status != SubmissionStatus.SUBMITTED:
        raise WrongStateError(_("Only a submitted report can be approved."))
    submission.status = SubmissionStatus.APPROVED
    submission.approved_at = timezone.now()
    submission.approved_by = user
    submission.review_comment = ""
    _save(submission, user, SubmissionAction.APPROVED, comment.strip() if isinstance(comment, str) else "")
    return submission


@transaction.atomic
def reopen(expected: ExpectedReport, *, user: Any, reason: str) -> Submission:
    """Unlock an approved report so that it can be corrected (it goes back to the reporter, as returned)."""
    _check_reviewer(user, expected)
    text = _comment(reason, _("Give the reason for reopening an approved report."))
    submission = _submission(expected)
    if submission is None or submission.status != SubmissionStatus.APPROVED:
        raise WrongStateError(_("Only an approved report can be reopened."))
    submission.status = SubmissionStatus.RETURNED
    submission.approved_at = None
    submission.approved_by = None
    submission.review_comment = text
    _save(submission, user, SubmissionAction.REOPENED, text)
    return submission
