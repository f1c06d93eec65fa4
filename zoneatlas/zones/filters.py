"""The one FilterSet of zones, shared by the API and the HTML lists."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import F, OrderBy, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from zoneatlas.figures.choices import Metric
from zoneatlas.figures.queries import latest_zone_figure
from zoneatlas.zones.choices import WastewaterPlantStatus, ZoneKind, ZoneStatus
from zoneatlas.zones.field_policies import masked
from zoneatlas.zones.models import WastewaterPlant, Zone

BUILT_WWTP = [WastewaterPlantStatus.COMPLETED, WastewaterPlantStatus.OPERATING]


def with_current_values(queryset: QuerySet[Zone], *, occupancy: bool = True, wwtp: bool = True) -> QuerySet[Zone]:
    """Annotate each zone with its current occupancy rate and the status of its wastewater plant (or one of them).

    Each is a correlated subquery run for every zone the query reads, so a caller asks only for what it uses.
    """
    values: dict[str, Any] = {}
    if occupancy:
        # A zone whose occupancy is withheld from the reader has none as far as filters and orderings go.
        values["occupancy_rate"] = masked(queryset, "occupancy_rate", latest_zone_figure(Metric.OCCUPANCY))
    if wwtp:
        latest_wwtp = WastewaterPlant.objects.filter(zone=OuterRef("pk")).order_by("-as_of", "-id")
        values["wwtp_status"] = Subquery(latest_wwtp.values("status")[:1])
    return queryset.annotate(**values) if values else queryset


class NullsLastOrderingFilter(django_filters.OrderingFilter):
    """Ordering that puts empty values last in both directions, on every database.

    PostgreSQL sorts NULL as the largest value and SQLite as the smallest, so a plain ``order_by`` would put the
    zones without an occupancy first on one and last on the other; a list and its export must read the same anywhere.
    Ties are broken by code, which the databases would otherwise leave in their own order.
    """

    _queryset: QuerySet[Any] | None = None

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        self._queryset = qs  # which fields are withheld from the reader (``get_ordering_value``)
        ordered = super().filter(qs, value)
        if ordered is qs or "code" in {param.lstrip("-") for param in value or ()}:
            return ordered
        return ordered.order_by(*ordered.query.order_by, "code")

    def get_ordering_value(self, param: str) -> OrderBy:
        descending = param.startswith("-")
        name = param[1:] if descending else param
        field_name = self.param_map.get(name, name)
        # A withheld area sorts as unknown, so the order does not reveal it.
        field = masked(self._queryset, field_name, F(field_name))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)


class ZoneFilterSet(django_filters.FilterSet):
    # Every filtered zone carries both current values (``occupancy_rate``, ``wwtp_status``), used or not: the map
    # reads ``occupancy_rate`` off the filtered zones. ``LeanZoneFilterSet`` annotates only what is used.
    annotates_all_current_values = True

    search = django_filters.CharFilter(method="filter_search", label=_("Search"))
    # No filter joins a to-many relation, so no zone can come twice: distinct=False spares a SELECT DISTINCT over
    # every column (boundary and notes included) and the count's subquery around it.
    kind = django_filters.MultipleChoiceFilter(choices=ZoneKind.choices, label=_("Kind"), distinct=False)
    status = django_filters.MultipleChoiceFilter(choices=ZoneStatus.choices, label=_("Status"), distinct=False)
    province = django_filters.CharFilter(
        field_name="province__code", label=_("Province (today's GSO code)"), help_text=_("e.g. 25 for Phú Thọ")
    )
    occupancy_min = django_filters.NumberFilter(
        field_name="occupancy_rate", lookup_expr="gte", label=_("Occupancy at least (%)")
    )
    occupancy_max = django_filters.NumberFilter(
        field_name="occupancy_rate", lookup_expr="lte", label=_("Occupancy at most (%)")
    )
    has_wwtp = django_filters.BooleanFilter(method="filter_has_wwtp", label=_("Has a built wastewater plant"))
    synthetic = django_filters.BooleanFilter(field_name="is_synthetic", label=_("Synthetic records"))
    ordering = NullsLastOrderingFilter(
        fields=(
            ("code", "code"),
            ("name", "name"),
            ("gross_area_ha", "gross_area_ha"),
            ("industrial_land_ha", "industrial_land_ha"),
            ("occupancy_rate", "occupancy"),
            ("status", "status"),
        ),
        label=_("Order by"),
    )

    class Meta:
        model = Zone
        fields = ["search", "kind", "status", "province", "occupancy_min", "occupancy_max", "has_wwtp"]

    def filter_queryset(self, queryset: QuerySet[Zone]) -> QuerySet[Zone]:
        if self.annotates_all_current_values:
            return super().filter_queryset(with_current_values(queryset))
        data = self.form.cleaned_data
        ordering = {param.lstrip("-") for param in data.get("ordering") or ()}
        occupancy = data.get("occupancy_min") is not None or data.get("occupancy_max") is not None
        queryset = with_current_values(
            queryset, occupancy=occupancy or "occupancy" in ordering, wwtp=data.get("has_wwtp") is not None
        )
        return super().filter_queryset(queryset)

    def filter_search(self, queryset: QuerySet[Zone], name: str, value: str) -> QuerySet[Zone]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(name_en__icontains=value) | Q(code__iexact=value))

    def filter_has_wwtp(self, queryset: QuerySet[Zone], name: str, value: Any) -> QuerySet[Zone]:
        if value is None:
            return queryset
        built = Q(wwtp_status__in=BUILT_WWTP)
        return queryset.filter(built) if value else queryset.filter(Q(wwtp_status__isnull=True) | ~built)


class LeanZoneFilterSet(ZoneFilterSet):
    """The same filters, annotating a current value only when a filter or the ordering uses it.

    For callers that show the current values from prefetched figures (the API's list) or not at all (a zone's
    page, which DRF also filters): each annotation is a correlated subquery per zone read.
    """

    annotates_all_current_values = False
