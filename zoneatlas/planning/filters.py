"""The filters of the rules list, shared by the API and the pages."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.utils.translation import gettext_lazy as _

from zoneatlas.planning.choices import RuleStatus, RuleZoneKind
from zoneatlas.planning.models import Rule, RuleQuerySet


class RuleFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=RuleZoneKind.choices, method="of_kind", label=_("Kind of zone (with the rules about every kind)")
    )
    status = django_filters.ChoiceFilter(choices=RuleStatus.choices, label=_("Status"))
    on = django_filters.DateFilter(method="in_force", label=_("In force on (date)"))
    rule_id = django_filters.CharFilter(lookup_expr="startswith", label=_("Rule id starts with"))
    version = django_filters.CharFilter(field_name="version__name", label=_("Version"))

    class Meta:
        model = Rule
        fields: list[str] = []

    def of_kind(self, queryset: RuleQuerySet, name: str, value: str) -> RuleQuerySet:
        return queryset.filter(zone_kind=value) if value == RuleZoneKind.ALL else queryset.for_kind(value)

    def in_force(self, queryset: RuleQuerySet, name: str, value: dt.date) -> RuleQuerySet:
        return queryset.in_force_on(value)
