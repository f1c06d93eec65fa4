"""Template tags of the checks page: a verdict as a coloured badge."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from zoneatlas.planning.choices import Verdict
from zoneatlas.planning.flags import ClusterFlags
from zoneatlas.planning.models import Rule
from zoneatlas.zones.models import Zone

register = template.Library()


@register.simple_tag
def verdict(result: str) -> str:
    """A verdict (met, not met, cannot tell, does not apply) as a badge in its colour."""
    value = Verdict(result)
    return render_to_string(
        "planning/_verdict.html", {"result": value.value, "label": value.label, "colour": value.colour}
    )


@register.filter
def as_list(value: Any) -> list[Any]:
    return [value]


@register.filter
def rule_value(rule: Rule) -> str:
    """A rule's value as a person reads it: a list's items separated by commas (long lists then wrap)."""
    return ", ".join(rule.value_list) if rule.value_list else rule.value_text


@register.filter
def not_checked_by_reason(flags: list[ClusterFlags]) -> list[tuple[str, list[Zone]]]:
    """What the flags could not check, each reason once with the clusters it applies to."""
    grouped: dict[str, list[Zone]] = {}
    for item in flags:
        for reason in item.not_checked:
            grouped.setdefault(reason, []).append(item.zone)
    return list(grouped.items())
