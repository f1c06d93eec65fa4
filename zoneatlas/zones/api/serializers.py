from __future__ import annotations

from typing import Any

from django.utils.functional import cached_property
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zoneatlas.accounts.access import access_for
from zoneatlas.core.api import ChoiceLabelField
from zoneatlas.figures.api.serializers import ObservationSerializer
from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.api.serializers import DocumentRefSerializer
from zoneatlas.zones.choices import (
    InfrastructureComponent,
    InfrastructureStatus,
    WastewaterPlantStatus,
    ZoneKind,
    ZoneStatus,
)
from zoneatlas.zones.field_policies import API_KEYS
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, PlanEntry, WastewaterPlant, Zone
from zoneatlas.zones.services import (
    EDITABLE_FIELDS,
    REASON_MAX_LENGTH,
    change_zone,
    validate_reason,
    validate_zone_change,
)


class UnitRefSerializer(serializers.ModelSerializer[AdminUnit]):
    class Meta:
        model = AdminUnit
        fields = ["code", "name", "short_name", "era", "level"]


class ReportedUnitSerializer(serializers.Serializer[Zone]):
    """The unit a source placed the zone in, as written and as resolved (possibly a pre-2025 unit)."""

    text = serializers.CharField(source="reported_unit_text")
    unit = UnitRefSerializer(source="reported_unit", allow_null=True)
    province = serializers.SerializerMethodField()

    @cached_property
    def _unit(self) -> UnitRefSerializer:
        return UnitRefSerializer()

    @extend_schema_field(UnitRefSerializer(allow_null=True))
    def get_province(self, zone: Zone) -> dict[str, Any] | None:
        unit = zone.reported_unit
        if unit is None or unit.province is None:
            return None
        return self._unit.to_representation(unit.province)


class LocationSerializer(serializers.Serializer[Zone]):
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    precision = serializers.CharField(source="location_precision")


class OccupancySerializer(serializers.Serializer[Observation]):
    """The zone's current occupancy: its latest accepted figure, with both parts where the source gives them."""

    rate_pct = serializers.DecimalField(source="value", max_digits=7, decimal_places=2)
    leased_ha = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    industrial_land_ha = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    as_of = serializers.DateField()
    period = serializers.CharField(source="period_label")
    qualifiers = serializers.ListField(child=serializers.CharField())
    quote = serializers.CharField()
    source = DocumentRefSerializer(source="document")


class WastewaterPlantSerializer(serializers.ModelSerializer[WastewaterPlant]):
    status_label = ChoiceLabelField(WastewaterPlantStatus, source="status")
    source = DocumentRefSerializer(source="document", allow_null=True, read_only=True)

    class Meta:
        model = WastewaterPlant
        fields = [
            "status",
            "status_label",
            "is_built",
            "capacity_m3_per_day",
            "meets_standard",
            "standard",
            "as_of",
            "quote",
            "source",
        ]


class ZoneSerializer(serializers.ModelSerializer[Zone]):
    """A zone as listed: where it is today and as reported, its status, areas, occupancy and wastewater plant."""

    kind_label = ChoiceLabelField(ZoneKind, source="kind")
    status_label = ChoiceLabelField(ZoneStatus, source="status")
    province = UnitRefSerializer(read_only=True)
    reported_unit = ReportedUnitSerializer(source="*", read_only=True)
    location = LocationSerializer(source="*", read_only=True)
    occupancy = serializers.SerializerMethodField()
    wwtp = serializers.SerializerMethodField()

    class Meta:
        model = Zone
        fields = [
            "code",
            "name",
            "name_en",
            "kind",
            "kind_label",
            "status",
            "status_label",
            "status_since",
            "province",
            "reported_unit",
            "location",
            "gross_area_ha",
            "industrial_land_ha",
            "occupancy",
            "wwtp",
            "is_synthetic",
        ]

    # One nested serializer per list, not per row: building a serializer's fields costs more than using them.
    @cached_property
    def _occupancy(self) -> OccupancySerializer:
        return OccupancySerializer(context=self.context)

    @cached_property
    def _wwtp(self) -> WastewaterPlantSerializer:
        return WastewaterPlantSerializer(context=self.context)

    def to_representation(self, instance: Zone) -> dict[str, Any]:
        """The zone without the fields withheld from the reader (``zone.hidden_fields``): absent, not null."""
        data = super().to_representation(instance)
        for field in instance.hidden_fields:
            for key in API_KEYS[field]:
                data.pop(key, None)
        return data

    @extend_schema_field(OccupancySerializer(allow_null=True))
    def get_occupancy(self, zone: Zone) -> dict[str, Any] | None:
        figures = getattr(zone, "occupancy_figures", None)
        return self._occupancy.to_representation(figures[0]) if figures else None

    @extend_schema_field(WastewaterPlantSerializer(allow_null=True))
    def get_wwtp(self, zone: Zone) -> dict[str, Any] | None:
        reports = zone.wwtp_reports.all()  # prefetched, newest first
        return self._wwtp.to_representation(reports[0]) if reports else None


class LifecycleEventSerializer(serializers.ModelSerializer[LifecycleEvent]):
    status_label = ChoiceLabelField(ZoneStatus, source="status")
    source = DocumentRefSerializer(source="document", allow_null=True, read_only=True)

    class Meta:
        model = LifecycleEvent
        fields = [
            "status",
            "status_label",
            "effective_on",
            "date_is_approximate",
            "decision_number",
            "decision_date",
            "issuer",
            "quote",
            "note",
            "source",
        ]


class PlanEntrySerializer(serializers.ModelSerializer[PlanEntry]):
    plan = serializers.CharField(source="plan.name")
    plan_en = serializers.CharField(source="plan.name_en")
    plan_period = serializers.SerializerMethodField()
    source = DocumentRefSerializer(source="document", allow_null=True, read_only=True)

    class Meta:
        model = PlanEntry
        fields = [
            "plan",
            "plan_en",
            "plan_period",
            "planned_area_ha",
            "added_on",
            "removed_on",
            "is_proposed",
            "quote",
            "source",
        ]

    def get_plan_period(self, entry: PlanEntry) -> str:
        plan = entry.plan
        period = f"{plan.period_start_year or ''}–{plan.period_end_year or ''}"
        return f"{period}, vision {plan.vision_year}" if plan.vision_year else period


class InfrastructureItemSerializer(serializers.ModelSerializer[InfrastructureItem]):
    component_label = ChoiceLabelField(InfrastructureComponent, source="component")
    status_label = ChoiceLabelField(InfrastructureStatus, source="status")
    source = DocumentRefSerializer(source="document", allow_null=True, read_only=True)

    class Meta:
        model = InfrastructureItem
        fields = ["component", "component_label", "status", "status_label", "progress_pct", "as_of", "quote", "source"]


class ZoneDetailSerializer(ZoneSerializer):
    """A zone with its whole record: lifecycle, plans, infrastructure, wastewater plant history and every figure."""

    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)
    commune = UnitRefSerializer(read_only=True)
    developer = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    lifecycle = LifecycleEventSerializer(many=True, read_only=True)
    plans = PlanEntrySerializer(source="plan_entries", many=True, read_only=True)
    infrastructure = InfrastructureItemSerializer(many=True, read_only=True)
    wwtp_history = WastewaterPlantSerializer(source="wwtp_reports", many=True, read_only=True)
    observations = ObservationSerializer(many=True, read_only=True)

    class Meta(ZoneSerializer.Meta):
        fields = [
            *ZoneSerializer.Meta.fields,
            "parent",
            "commune",
            "developer",
            "flags",
            "boundary",
            "boundary_area_ha",
            "notes",
            "contact_person",
            "internal_notes",
            "lifecycle",
            "plans",
            "infrastructure",
            "wwtp_history",
            "observations",
        ]

    INTERNAL_FIELDS = ("contact_person", "internal_notes")

    def to_representation(self, instance: Zone) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not access_for(self.context["request"].user).sees_internal:
            for name in self.INTERNAL_FIELDS:
                data.pop(name, None)
        return data

    def get_developer(self, zone: Zone) -> dict[str, str]:
        return {"name": zone.developer_name, "type": zone.developer_type}

    def get_flags(self, zone: Zone) -> list[str]:
        flags = {
            "craft_village": zone.is_craft_village,
            "specialised": zone.is_specialised,
            "high_tech": zone.is_high_tech,
            "eco": zone.is_eco,
        }
        return [name for name, on in flags.items() if on]


class ZoneChangeSerializer(serializers.ModelSerializer[Zone]):
    """The registry fields a provincial officer may change, with the reason kept in the change history.

    The same rules as the zone's edit page: ``zones.services.validate_zone_change`` checks the changed zone and
    ``change_zone`` saves it with its history; the reason holds at most ``REASON_MAX_LENGTH`` characters.
    """

    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text=f"Why the record changes; kept in the history (at most {REASON_MAX_LENGTH} characters).",
    )

    class Meta:
        model = Zone
        fields = [*EDITABLE_FIELDS, "reason"]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        assert self.instance is not None  # PATCH only: zones are created by imports
        changes = {name: value for name, value in attrs.items() if name != "reason"}
        # Django's ValidationError, raised here, is answered 400 with its messages by field (DRF's run_validation).
        validate_reason(attrs.get("reason", ""))
        validate_zone_change(self.instance, changes)
        return attrs

    def update(self, instance: Zone, validated_data: dict[str, Any]) -> Zone:
        reason = validated_data.pop("reason", "")
        return change_zone(instance, validated_data, user=self.context["request"].user, reason=reason)


class ZoneSnapshotSerializer(serializers.Serializer[Any]):
    """The registry record of a zone as it was on a past day."""

    code = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    kind = serializers.CharField()
    status = serializers.CharField()
    status_since = serializers.DateField(allow_null=True)
    gross_area_ha = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    industrial_land_ha = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    developer_name = serializers.CharField()
    deleted_at = serializers.DateTimeField(allow_null=True)


class HistoryChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    before = serializers.JSONField(allow_null=True)
    after = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["created", "changed", "deleted", "restored"])
    user = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    changes = HistoryChangeSerializer(many=True)


class ZoneHistorySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    as_of = serializers.DateField(allow_null=True)
    zone_as_of = ZoneSnapshotSerializer(allow_null=True)
    entries = HistoryEntrySerializer(many=True)
