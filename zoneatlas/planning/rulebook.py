"""Which rules answer a question on a given day: the confirmed ones, and separately with the pending ones.

Pending rules are never enforced silently (BRIEF §5). A check is answered under the confirmed rules; where a pending
rule is in force that day, the same check is answered again with it, and both answers are shown.

A confirmed rule whose period ended only because a pending rule is reported to replace it (Decree 32/2024's values,
ended on 14 September 2026 by the unconfirmed Decree 303/2026) still answers under the confirmed rules: it is marked
``carried_forward``, naming the pending rule, so that the answer says why an ended rule was applied.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from zoneatlas.planning.choices import RuleZoneKind
from zoneatlas.planning.models import Rule


@dataclass(frozen=True)
class AppliedRule:
    """A rule as applied on a day."""

    rule: Rule
    carried_forward: bool = False
    replaced_by: Rule | None = None

    @property
    def number(self) -> object:
        return self.rule.value_number


class RuleBook:
    """The rules of one kind of zone in force on a day, confirmed only or with the pending ones."""

    def __init__(self, rules: Iterable[Rule], on: dt.date, kind: str, *, with_pending: bool) -> None:
        self.on = on
        self.kind = kind
        self.with_pending = with_pending
        self._rules = [rule for rule in rules if rule.zone_kind in (kind, RuleZoneKind.ALL)]

    def _rows(self, rule_id: str) -> list[Rule]:
        # A rule about this kind of zone comes before one about every kind.
        rows = [rule for rule in self._rules if rule.rule_id == rule_id]
        return sorted(rows, key=lambda rule: rule.zone_kind == RuleZoneKind.ALL)

    def pending_in_force(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self._rows(rule_id) if rule.is_pending and rule.covers(self.on)), None)

    def get(self, rule_id: str) -> AppliedRule | None:
        """The rule that answers on the day, or None when no rule of that id is in force."""
        pending = self.pending_in_force(rule_id)
        if self.with_pending and pending is not None:
            return AppliedRule(pending)
        confirmed = [rule for rule in self._rows(rule_id) if not rule.is_pending and rule.valid_from <= self.on]
        if not confirmed:
            return None
        latest = max(confirmed, key=lambda rule: (rule.valid_from, rule.zone_kind != RuleZoneKind.ALL))
        if latest.covers(self.on):
            return AppliedRule(latest)
        if pending is not None:
            return AppliedRule(latest, carried_forward=True, replaced_by=pending)
        return None

    def has_pending(self, rule_ids: Iterable[str]) -> bool:
        """Whether a pending rule would change the answer of a check that reads these rules."""
        return any(self.pending_in_force(rule_id) is not None for rule_id in rule_ids)


def rule_books(on: dt.date, kind: str = RuleZoneKind.CLUSTER) -> tuple[RuleBook, RuleBook]:
    """The confirmed rules and the rules with the pending ones, of a kind of zone on a day (one query)."""
    rules = list(Rule.objects.for_kind(kind).filter(valid_from__lte=on).select_related("version"))
    return (
        RuleBook(rules, on, kind, with_pending=False),
        RuleBook(rules, on, kind, with_pending=True),
    )
