"""Changing a rule outside the rules file: confirming a pending rule, correcting one. Each change keeps its reason.

A rule changed here is marked as coming from the back office, so that loading the rules file again does not undo
it (``zoneatlas.planning.loading``). Every change goes through ``full_clean`` (no overlap with another period of
the same rule) and is recorded in the rule's history with who made it and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zoneatlas.planning.choices import RuleOrigin, RuleStatus
from zoneatlas.planning.models import Rule


def save_rule(rule: Rule, *, user: Any, reason: str) -> Rule:
    """Save a rule changed by a person, with the reason in its history."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the rule changes (a decision, a reading of the official text).")})
    rule.origin = RuleOrigin.BACK_OFFICE
    rule.full_clean()
    rule._change_reason = reason.strip()  # type: ignore[attr-defined]
    if user is not None and getattr(user, "is_authenticated", False):
        rule._history_user = user  # type: ignore[attr-defined]
    rule.save()
    return rule


@transaction.atomic
def confirm_rules(rules: Iterable[Rule], *, user: Any, reason: str) -> list[Rule]:
    """Mark pending rules confirmed (rules already confirmed are left alone); returns those confirmed."""
    confirmed = []
    for rule in rules:
        if rule.status != RuleStatus.PENDING:
            continue
        rule.status = RuleStatus.CONFIRMED
        confirmed.append(save_rule(rule, user=user, reason=reason))
    return confirmed
