"""The one FilterSet of administrative units, shared by the API and the HTML lists."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import normalize


class AdminUnitFilterSet(django_filters.FilterSet):
    """Units by era, level, province or parent (GSO codes), and a search tolerant of diacritics.

    Codes are unique only within an era and a level: ``province=25`` matches the units of today's
    Phú Thọ and of the former Phú Thọ province; add ``era`` to choose one.
    """

    era = django_filters.ChoiceFilter(choices=Era.choices, label=_("Era"))
    level = django_filters.ChoiceFilter(choices=Level.choices, label=_("Level"))
    province = django_filters.CharFilter(
        field_name="province__code", label=_("Province (GSO code)"), help_text=_("e.g. 25 for Phú Thọ")
    )
    parent = django_filters.CharFilter(
        field_name="parent__code", label=_("Parent unit (GSO code)"), help_text=_("e.g. 159 for Lạc Thủy district")
    )
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("Part of the name, with or without diacritics (e.g. 'lac thuy'), or an exact GSO code."),
    )

    class Meta:
        model = AdminUnit
        fields = ["era", "level", "province", "parent", "search"]

    def filter_search(self, queryset: QuerySet[AdminUnit], name: str, value: str) -> QuerySet[AdminUnit]:
        value = value.strip()
        if not value:
            return queryset
        condition = Q(code=value)
        key = normalize(value)
        if key:
            condition |= Q(search_key__contains=key)
        return queryset.filter(condition)
