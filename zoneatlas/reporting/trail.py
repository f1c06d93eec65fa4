"""A submission's trail as its page shows it: each recorded version with who saved it, its status and the values
that changed (before → after), read from the submission's history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zoneatlas.reporting.choices import SubmissionAction, SubmissionStatus
from zoneatlas.reporting.forms import localised, shown
from zoneatlas.reporting.models import Indicator, Submission


@dataclass(frozen=True)
class Change:
    indicator: str
    before: str
    after: str


@dataclass(frozen=True)
class Version:
    at: Any
    user: str
    status_label: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def versions(submission: Submission, indicators: list[Indicator]) -> list[Version]:
    """The submission's recorded versions, newest first, each with the values it changed (one query)."""
    by_code = {indicator.code: indicator for indicator in indicators}
    records = list(submission.history.select_related("history_user").order_by("history_date", "history_id"))
    found: list[Version] = []
    before: dict[str, Any] = {}
    for record in records:
        values = record.values or {}
        changes = []
        for code in sorted(set(before) | set(values), key=lambda c: (by_code[c].order if c in by_code else 999, c)):
            if before.get(code) == values.get(code):
                continue
            indicator = by_code.get(code)
            kind = indicator.data_type if indicator is not None else ""
            name = localised(indicator.name, indicator.name_en) if indicator is not None else code
            changes.append(Change(name, shown(before.get(code), kind), shown(values.get(code), kind)))
        found.append(
            Version(
                at=record.history_date,
                user=str(record.history_user) if record.history_user is not None else "",
                status_label=str(SubmissionStatus(record.status).label),
                reason=_reason(record.history_change_reason or ""),
                changes=changes,
            )
        )
        before = values
    return list(reversed(found))


def _reason(text: str) -> str:
    """The recorded reason: the action's name when the step had no comment (``services._save`` records it)."""
    return str(SubmissionAction(text).label) if text in SubmissionAction.values else text
