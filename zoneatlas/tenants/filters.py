"""One FilterSet per tenant model, shared by the pages and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zoneatlas.tenants.choices import LandUse, LeaseStatus, ProjectStatus, VsicVersion
from zoneatlas.tenants.models import Investor, Lease, Project


class ProjectFilterSet(django_filters.FilterSet):
    zone = django_filters.CharFilter(field_name="zone__code", label=_("Zone code"))
    province = django_filters.CharFilter(field_name="zone__province__code", label=_("Province code (today's)"))
    status = django_filters.MultipleChoiceFilter(choices=ProjectStatus.choices, label=_("Status"))
    fdi = django_filters.BooleanFilter(field_name="investor__is_fdi", label=_("Foreign-invested"))
    investor = django_filters.NumberFilter(field_name="investor_id", label=_("Investor id"))
    vsic_version = django_filters.ChoiceFilter(choices=VsicVersion.choices, label=_("VSIC version"))
    vsic = django_filters.CharFilter(field_name="vsic_code", lookup_expr="startswith", label=_("VSIC code starts with"))
    synthetic = django_filters.BooleanFilter(field_name="is_synthetic", label=_("Synthetic records"))
    q = django_filters.CharFilter(method="search", label=_("Name, investor or certificate contains"))
    ordering = django_filters.OrderingFilter(
        fields=(
            ("name", "name"),
            ("registered_capital_vnd", "capital"),
            ("actual_jobs", "jobs"),
            ("status_since", "since"),
        )
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Project]:
        return queryset.filter(
            Q(name__icontains=value) | Q(investor__name__icontains=value) | Q(certificate_number__icontains=value)
        )


class LeaseFilterSet(django_filters.FilterSet):
    zone = django_filters.CharFilter(field_name="zone__code", label=_("Zone code"))
    province = django_filters.CharFilter(field_name="zone__province__code", label=_("Province code (today's)"))
    status = django_filters.MultipleChoiceFilter(choices=LeaseStatus.choices, label=_("Status"))
    land_use = django_filters.ChoiceFilter(choices=LandUse.choices, label=_("Land use"))
    plot = django_filters.CharFilter(label=_("Plot"))
    active_on = django_filters.DateFilter(method="active", label=_("Holding land on (date)"))
    synthetic = django_filters.BooleanFilter(field_name="is_synthetic", label=_("Synthetic records"))

    class Meta:
        model = Lease
        fields: list[str] = []

    def active(self, queryset: QuerySet[Lease], name: str, value: object) -> QuerySet[Lease]:
        return queryset.active_on(value)  # type: ignore[attr-defined]


class InvestorFilterSet(django_filters.FilterSet):
    fdi = django_filters.BooleanFilter(field_name="is_fdi", label=_("Foreign-invested"))
    country = django_filters.CharFilter(label=_("Country (ISO code)"))
    zone = django_filters.CharFilter(field_name="projects__zone__code", label=_("Has a project in zone"), distinct=True)
    tax_code = django_filters.CharFilter(label=_("Tax code"))
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Name contains"))
    synthetic = django_filters.BooleanFilter(field_name="is_synthetic", label=_("Synthetic records"))

    class Meta:
        model = Investor
        fields: list[str] = []
