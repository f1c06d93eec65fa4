"""Who files and who reviews each expected report, mapped onto the rules of ``zoneatlas.accounts.access``.

Until tenants have accounts of their own, a tenant project's form 01 is entered by its zone's developer or the
managing agency on its behalf; a commune's form 03 by a commune officer of the province or the DOIT.
"""

from __future__ import annotations

from typing import Any

from zoneatlas.accounts.access import (
    can_edit_province,
    can_report_for_commune,
    can_report_for_zone,
    can_review_national_reports,
)
from zoneatlas.reporting.choices import ReporterType, Reviewer
from zoneatlas.reporting.models import ExpectedReport


def zone_kind(expected: ExpectedReport) -> str:
    return expected.zone.kind if expected.zone is not None else expected.form.zone_kind


def can_file(user: Any, expected: ExpectedReport) -> bool:
    """Whether the user may save, submit and correct this report."""
    reporter = expected.form.reporter_type
    if reporter in {ReporterType.TENANT_PROJECT, ReporterType.ZONE_DEVELOPER}:
        return expected.zone is not None and can_report_for_zone(user, expected.zone)
    if reporter == ReporterType.COMMUNE:
        return can_report_for_commune(user, expected.province_id)
    return can_edit_province(user, expected.province_id, expected.form.zone_kind)


def can_review(user: Any, expected: ExpectedReport) -> bool:
    """Whether the user may return, approve and reopen this report (the reopening supervisor is the reviewer)."""
    if expected.form.reviewer == Reviewer.MINISTRY:
        return can_review_national_reports(user)
    return can_edit_province(user, expected.province_id, zone_kind(expected))
