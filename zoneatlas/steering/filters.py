"""One FilterSet per model, shared by the pages (/obstacles/, /steering/meetings/) and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zoneatlas.steering.choices import EscalationLevel, ObstacleKind, ObstacleStatus
from zoneatlas.steering.models import Obstacle, ObstacleQuerySet, SteeringMeeting


class ObstacleFilterSet(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="zone__province__code", label=_("Province code (today's)"))
    agency = django_filters.NumberFilter(field_name="agency_id", label=_("Responsible agency (id)"))
    zone = django_filters.CharFilter(field_name="zone__code", label=_("Zone code"))
    kind = django_filters.MultipleChoiceFilter(choices=ObstacleKind.choices, label=_("Kind"))
    status = django_filters.MultipleChoiceFilter(choices=ObstacleStatus.choices, label=_("Status"))
    escalation_level = django_filters.ChoiceFilter(choices=EscalationLevel.choices, label=_("Escalation level"))
    overdue = django_filters.BooleanFilter(method="overdue_only", label=_("Only overdue (on the day asked)"))
    on = django_filters.DateFilter(method="on_day", label=_("Day asked (default: today)"))
    directive = django_filters.NumberFilter(field_name="directive_id", label=_("Directive (id)"))

    class Meta:
        model = Obstacle
        fields: list[str] = []

    @property
    def day(self) -> dt.date:
        """The day the days overdue are counted on: ``on`` when valid, else today."""
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("on"):
            return self.form.cleaned_data["on"]
        return timezone.localdate()

    def on_day(self, queryset: QuerySet[Obstacle], name: str, value: dt.date) -> QuerySet[Obstacle]:
        return queryset  # read by ``day``: it changes what "overdue" means, not which rows exist

    def overdue_only(self, queryset: ObstacleQuerySet, name: str, value: bool | None) -> QuerySet[Obstacle]:
        if value is None:
            return queryset
        overdue = Q(deadline__lt=self.day) & ~Q(status__in=ObstacleStatus.closed())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class SteeringMeetingFilterSet(django_filters.FilterSet):
    province = django_filters.CharFilter(field_name="province__code", label=_("Province code (today's)"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("Held on or after"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("Held on or before"))
    body = django_filters.CharFilter(lookup_expr="icontains", label=_("Body contains"))

    class Meta:
        model = SteeringMeeting
        fields: list[str] = []
