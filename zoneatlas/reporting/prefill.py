"""Pre-filling a report with the same reporter's last approved values (stocks such as land and capital carry
over; the reporter corrects what changed)."""

from __future__ import annotations

from zoneatlas.reporting.choices import SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport


def previous_approved(report: ExpectedReport) -> ExpectedReport | None:
    """The latest approved report of the same form and subject whose period ended before this one started."""
    return (
        ExpectedReport.objects.filter(
            form__code=report.form.code,
            subject_key=report.subject_key,
            period_end__lt=report.period_start,
            submission__status=SubmissionStatus.APPROVED,
        )
        .select_related("submission")
        .order_by("-period_end")
        .first()
    )
