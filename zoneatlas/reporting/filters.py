"""One FilterSet per reporting model, shared by the (coming) pages and the API."""

from __future__ import annotations

import datetime as dt

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zoneatlas.reporting.choices import PeriodType, ReporterType, SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport, ReportForm
from zoneatlas.zones.choices import ZoneKind

NOT_STARTED = "not_started"


class ReportFormFilterSet(django_filters.FilterSet):
    code = django_filters.CharFilter(label=_("Form code"))
    reporter_type = django_filters.ChoiceFilter(choices=ReporterType.choices, label=_("Filed by"))
    zone_kind = django_filters.ChoiceFilter(choices=ZoneKind.choices, label=_("Kind of zone"))
    in_force_on = django_filters.DateFilter(method="in_force", label=_("In force on (date)"))

    class Meta:
        model = ReportForm
        fields: list[str] = []

    def in_force(self, queryset: QuerySet[ReportForm], name: str, value: dt.date) -> QuerySet[ReportForm]:
        return queryset.effective_on(value)  # type: ignore[attr-defined]


class ExpectedReportFilterSet(django_filters.FilterSet):
    period = django_filters.CharFilter(field_name="period_label", label=_("Period, e.g. 2026-H1"))
    period_type = django_filters.ChoiceFilter(choices=PeriodType.choices, label=_("Period type"))
    form = django_filters.CharFilter(field_name="form__code", label=_("Form code"))
    province = django_filters.CharFilter(field_name="province__code", label=_("Province code (today's)"))
    zone = django_filters.CharFilter(field_name="zone__code", label=_("Zone code"))
    status = django_filters.MultipleChoiceFilter(
        choices=[(NOT_STARTED, _("Not started")), *SubmissionStatus.choices],
        method="with_status",
        label=_("Submission status"),
    )
    late = django_filters.BooleanFilter(field_name="submission__is_late", label=_("Submitted late"))
    due_on = django_filters.DateFromToRangeFilter(label=_("Due between"))

    class Meta:
        model = ExpectedReport
        fields: list[str] = []

    def with_status(self, queryset: QuerySet[ExpectedReport], name: str, value: list[str]) -> QuerySet[ExpectedReport]:
        if not value:
            return queryset
        condition = Q(submission__status__in=[status for status in value if status != NOT_STARTED])
        if NOT_STARTED in value:
            condition |= Q(submission__isnull=True)
        return queryset.filter(condition)
