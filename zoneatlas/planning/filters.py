"""The filters of the rules and targets lists, shared by the API and the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.choices import RuleStatus, RuleZoneKind, TargetScope
from zoneatlas.planning.metrics import metric_choices
from zoneatlas.planning.models import Rule, RuleQuerySet, Target, TargetQuerySet
from zoneatlas.zones.choices import ZoneKind


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


def _current_provinces(request: Any = None) -> QuerySet[AdminUnit]:
    return AdminUnit.objects.filter(era="current", level="province")


class TargetFilterSet(django_filters.FilterSet):
    """The targets list's filters, shared by ``/api/v1/targets/`` and the province dashboard."""

    province = django_filters.ModelChoiceFilter(
        queryset=_current_provinces,
        to_field_name="code",
        method="in_province",
        label=_("Province (today's code)"),
    )
    scope = django_filters.ChoiceFilter(field_name="scope_type", choices=TargetScope.choices, label=_("About"))
    metric = django_filters.ChoiceFilter(choices=metric_choices, label=_("Metric"))
    kind = django_filters.ChoiceFilter(
        method="of_kind", choices=ZoneKind.choices, label=_("Kind of zone (with targets about every kind)")
    )
    zone = django_filters.CharFilter(field_name="zone__code", label=_("Zone code"))
    deadline_after = django_filters.DateFilter(field_name="deadline", lookup_expr="gte", label=_("Deadline from"))
    deadline_before = django_filters.DateFilter(field_name="deadline", lookup_expr="lte", label=_("Deadline until"))
    source = django_filters.CharFilter(field_name="document__code", label=_("Source document code"))

    class Meta:
        model = Target
        fields: list[str] = []

    def in_province(self, queryset: TargetQuerySet, name: str, value: AdminUnit) -> TargetQuerySet:
        return queryset.in_province(value)

    def of_kind(self, queryset: TargetQuerySet, name: str, value: str) -> TargetQuerySet:
        """Targets about zones of the kind: a zone of it, or counts and shares over that kind or every kind."""
        return queryset.filter(Q(zone__kind=value) | Q(zone__isnull=True, zone_kind__in=[value, ""]))
