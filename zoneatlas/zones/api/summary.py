"""The province summary as the API answers it: the roll-up, and what it was computed from."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from zoneatlas.figures.api.serializers import ObservationSerializer
from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.choices import ZoneKind, ZoneStatus
from zoneatlas.zones.models import Zone
from zoneatlas.zones.summary import last_figure_date, province_figures, roll_up

OCCUPANCY_METHOD = (
    "Area-weighted over operating zones: Σ leased industrial land ÷ Σ industrial land × 100. A zone counts when its "
    "current occupancy figure gives both parts, or gives a rate and the zone's industrial land is registered "
    "(leased = rate × industrial land). Zones whose parts are unknown are listed and left out."
)


class KindStatusCountSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    count = serializers.IntegerField()


class OccupancyRollupSerializer(serializers.Serializer[dict[str, Any]]):
    rate_pct = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    leased_ha = serializers.DecimalField(max_digits=14, decimal_places=4)
    industrial_land_ha = serializers.DecimalField(max_digits=14, decimal_places=4)
    zones_counted = serializers.ListField(child=serializers.CharField())
    zones_derived_from_rate = serializers.ListField(child=serializers.CharField())
    zones_without_parts = serializers.ListField(child=serializers.CharField())
    mean_of_reported_rates_pct = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    as_of = serializers.DateField(allow_null=True)
    method = serializers.CharField()


class OldUnitZoneSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    name = serializers.CharField()
    reported_unit_text = serializers.CharField()
    reported_unit = serializers.CharField()


class ProvinceSummarySerializer(serializers.Serializer[dict[str, Any]]):
    province = serializers.DictField()
    as_of = serializers.DateField(allow_null=True)
    registry_as_of = serializers.DateTimeField(
        allow_null=True,
        help_text="The last change of registry data this answer reflects (null before the first change).",
    )
    zones_total = serializers.IntegerField()
    synthetic_zones = serializers.IntegerField()
    by_kind = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_kind_and_status = KindStatusCountSerializer(many=True)
    areas_ha = serializers.DictField(child=serializers.DecimalField(max_digits=14, decimal_places=4))
    zones_without_area = serializers.ListField(child=serializers.CharField())
    occupancy = OccupancyRollupSerializer()
    reported_under_old_units = OldUnitZoneSerializer(many=True)
    published_figures = ObservationSerializer(many=True)


def province_summary(province: AdminUnit, zones: QuerySet[Zone], user: Any) -> dict[str, Any]:
    """The roll-up of a province's zones as the user sees them, and the figures about it they may read."""
    from zoneatlas.accounts.access import visible_figures  # accounts sits above zones

    rollup = roll_up(zones)
    occupancy = rollup.occupancy
    return {
        "province": {"code": province.code, "name": province.name, "short_name": province.short_name},
        "as_of": last_figure_date(zones),
        "zones_total": rollup.total,
        "synthetic_zones": rollup.synthetic,
        "by_kind": {kind: rollup.by_kind.get(kind, 0) for kind in ZoneKind.values},
        "by_status": dict(sorted(rollup.by_status.items())),
        "by_kind_and_status": [
            {"kind": kind, "status": status, "status_label": ZoneStatus(status).label, "count": count}
            for (kind, status), count in sorted(rollup.by_kind_and_status.items())
        ],
        "areas_ha": {stage: rollup.gross_area_ha.get(stage, 0) for stage in ("planned", "established", "operating")},
        "zones_without_area": rollup.zones_without_area,
        "occupancy": {
            "rate_pct": occupancy.rate_pct,
            "leased_ha": occupancy.leased_ha,
            "industrial_land_ha": occupancy.industrial_land_ha,
            "zones_counted": occupancy.counted,
            "zones_derived_from_rate": occupancy.derived_from_rate,
            "zones_without_parts": occupancy.without_parts,
            "mean_of_reported_rates_pct": occupancy.mean_of_reported_rates_pct,
            "as_of": occupancy.as_of,
            "method": OCCUPANCY_METHOD,
        },
        "reported_under_old_units": [
            {
                "code": zone.code,
                "name": zone.name,
                "reported_unit_text": zone.reported_unit_text,
                "reported_unit": str(zone.reported_unit),
            }
            for zone in rollup.reported_under_old_units
        ],
        # Each figure cites its source by title and dates; the source's text (a whole report) is not read.
        "published_figures": list(visible_figures(user, province_figures(province)).defer("document__text")),
    }
