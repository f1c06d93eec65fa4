"""What every check answer is made of: conditions with their rule, the evidence they rest on, what is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from zoneatlas.planning.choices import Verdict
from zoneatlas.planning.rulebook import AppliedRule
from zoneatlas.zones.models import Zone


@dataclass(frozen=True)
class Evidence:
    """One fact a condition rests on: a figure, an infrastructure report, a plant report, or what the user stated."""

    what: str
    value: str
    as_of: dt.date | None = None
    source: str = ""
    quote: str = ""
    record: str = ""

    @property
    def figure_anchor(self) -> str:
        """The passage's anchor on the source page, for a figure ("figure-6"); empty for other records."""
        kind, _sep, pk = self.record.partition(":")
        return f"figure-{pk}" if kind == "observation" else ""


@dataclass
class Condition:
    key: str
    test: str
    applied: AppliedRule | None
    result: str
    value: Decimal | None = None
    unit: str = ""
    explanation: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True)
class Missing:
    what: str
    zone: Zone | None = None


def combine_all(conditions: list[Condition]) -> str:
    """Every condition must hold: one not met decides, one unknown leaves the answer open."""
    results = {condition.result for condition in conditions}
    if Verdict.FAIL in results:
        return Verdict.FAIL
    if Verdict.CANNOT_TELL in results:
        return Verdict.CANNOT_TELL
    return Verdict.PASS


def pending_versions(applied: list[AppliedRule | None]) -> list[str]:
    """The versions of the pending rules an answer applied ("Decree 303/2026")."""
    return sorted({a.rule.version.name for a in applied if a is not None and a.rule.is_pending})


def no_rule(key: str, rule_id: str) -> Condition:
    explanation = _("No rule %(rule)s is in force on that day.") % {"rule": rule_id}
    return Condition(key, rule_id, None, Verdict.CANNOT_TELL, explanation=explanation)
