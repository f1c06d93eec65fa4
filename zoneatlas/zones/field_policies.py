"""Withholding the fields a province keeps internal (``InternalZoneField``) from a reader who may not see them.

``zoneatlas.accounts.access`` decides who may not read which field of which zones and hands the answer to
``ZoneQuerySet.with_field_policy`` as one condition per field. From there it is mechanical, in this module:

- every zone the queryset reads has the hidden fields blanked in memory (``None``, an empty name) and listed in
  ``zone.hidden_fields``, so pages, roll-ups and exports built from the instance never see the values; such an
  instance refuses to be saved;
- a hidden occupancy drops the zone's prefetched current occupancy figure (``occupancy_figures``,
  ``current_occupancy``); ``access.visible_figures`` leaves out its occupancy figures;
- filters and orderings on a hidden field read it as unknown (``masked``): ``occupancy_min=90`` does not find a
  zone whose occupancy is withheld, and sorting by area does not reveal a withheld area's rank;
- the API drops the keys of hidden fields (``API_KEYS``) and an export blanks their columns (``EXPORT_COLUMNS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Q, QuerySet, Value, When
from django.db.models.query import ModelIterable
from django.utils.translation import gettext as _

from zoneatlas.zones.choices import DeveloperType, MarkableField

if TYPE_CHECKING:
    from zoneatlas.zones.models import Zone

# The model attributes each markable field covers, with the value that stands for "not known".
ATTRIBUTES: dict[str, dict[str, Any]] = {
    MarkableField.DEVELOPER: {"developer_name": "", "developer_type": DeveloperType.UNKNOWN},
    MarkableField.GROSS_AREA: {"gross_area_ha": None},
    MarkableField.INDUSTRIAL_LAND: {"industrial_land_ha": None},
    MarkableField.OCCUPANCY: {},  # a figure, not an attribute: see PREFETCHED_OCCUPANCY
}
# Where listings, roll-ups and exports keep a zone's prefetched current occupancy figure.
PREFETCHED_OCCUPANCY = ("occupancy_figures", "current_occupancy")
# The keys of the API's zone answers (list and detail) that carry each field.
API_KEYS: dict[str, tuple[str, ...]] = {
    MarkableField.DEVELOPER: ("developer",),
    MarkableField.GROSS_AREA: ("gross_area_ha",),
    MarkableField.INDUSTRIAL_LAND: ("industrial_land_ha",),
    MarkableField.OCCUPANCY: ("occupancy",),
}
# The export columns that carry each field.
EXPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    MarkableField.DEVELOPER: ("developer", "developer_type"),
    MarkableField.GROSS_AREA: ("gross_area_ha",),
    MarkableField.INDUSTRIAL_LAND: ("industrial_land_ha",),
    MarkableField.OCCUPANCY: ("leased_ha", "occupancy_pct", "occupancy_as_of", "occupancy_source"),
}
# Fields a filter or an ordering reads, by the markable field that hides them.
FILTERED: dict[str, str] = {
    "gross_area_ha": MarkableField.GROSS_AREA,
    "industrial_land_ha": MarkableField.INDUSTRIAL_LAND,
    "occupancy_rate": MarkableField.OCCUPANCY,
}
ALWAYS_INTERNAL = frozenset({"contact_person", "internal_notes"})


def flag(field: str) -> str:
    """The name of the annotation saying the field is withheld from this reader for the zone."""
    return f"withholds_{field}"


def refusal(field: str) -> str | None:
    """Why ``field`` cannot be marked internal, or None when it can."""
    if field in MarkableField.values:
        return None
    if field in ALWAYS_INTERNAL:
        return _("“%(field)s” is always internal: there is nothing to mark.") % {"field": field}
    return _(
        "“%(field)s” cannot be marked internal: a zone's code, name, kind, status, place and lifecycle are always "
        "published. Fields a province can mark: %(fields)s."
    ) % {"field": field, "fields": ", ".join(MarkableField.values)}


def withhold(zone: Zone, fields: frozenset[str]) -> Zone:
    """Blank the hidden fields of a zone read for one reader, and note them on it (it can no longer be saved)."""
    if not fields:
        return zone
    for field in fields:
        for attribute, unknown in ATTRIBUTES[field].items():
            setattr(zone, attribute, unknown)
    zone.hidden_fields = zone.hidden_fields | fields
    return zone


def drop_withheld_figures(zone: Zone) -> None:
    """A hidden occupancy takes the zone's prefetched current occupancy figure with it."""
    if MarkableField.OCCUPANCY in zone.hidden_fields:
        for attribute in PREFETCHED_OCCUPANCY:
            if hasattr(zone, attribute):
                setattr(zone, attribute, [])


class WithholdingIterable(ModelIterable[Any]):
    """Zones as ``ModelIterable`` reads them, each with the fields its annotations say are withheld blanked."""

    def __iter__(self) -> Iterator[Any]:
        for zone in super().__iter__():
            hidden = frozenset(field for field in MarkableField.values if getattr(zone, flag(field), False))
            yield withhold(zone, hidden)


def masked(queryset: QuerySet[Any] | None, field: str, expression: Any) -> Any:
    """``expression`` (the value of ``field`` or a subquery for it), read as unknown where the field is withheld."""
    markable = FILTERED.get(field, field)
    name = flag(markable)
    if queryset is None or name not in queryset.query.annotations:
        return expression
    return Case(When(Q(**{name: True}), then=Value(None)), default=expression)
