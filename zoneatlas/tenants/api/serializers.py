"""What the API says about investors, projects, leases, rates and roll-ups.

Every converted amount carries the rate it used; every record says whether it is synthetic; an investor's
contact is internal and reaches only officials (``access.sees_internal``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zoneatlas.accounts.access import access_for
from zoneatlas.sources.api.serializers import DocumentRefSerializer
from zoneatlas.tenants.models import ExchangeRate, InfrastructureFunding, Investor, Lease, Project, ProjectStatusEvent


class RateSerializer(serializers.ModelSerializer[ExchangeRate]):
    class Meta:
        model = ExchangeRate
        fields = ["id", "currency", "valid_from", "valid_to", "vnd_per_unit", "source"]


class InvestorSerializer(serializers.ModelSerializer[Investor]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Investor
        fields = [
            "id",
            "name",
            "name_en",
            "kind",
            "kind_label",
            "tax_code",
            "country",
            "foreign_ownership_pct",
            "is_fdi",
            "is_synthetic",
            "contact",
        ]

    def to_representation(self, instance: Investor) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if not access_for(getattr(request, "user", None)).sees_internal:
            data.pop("contact", None)
        return data


class InvestorRefSerializer(serializers.ModelSerializer[Investor]):
    class Meta:
        model = Investor
        fields = ["id", "name", "country", "is_fdi", "is_synthetic"]


class AmountSerializer(serializers.Serializer[Project]):
    """One amount of a project: as stated, in VND and USD, and the rates used for each conversion."""

    def __init__(self, prefix: str, **kwargs: Any) -> None:
        self.prefix = prefix
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance: Project) -> dict[str, Any] | None:  # type: ignore[override]
        p = self.prefix
        amount = getattr(instance, f"{p}_capital")
        if amount is None:
            return None
        rate, usd_rate = getattr(instance, f"{p}_rate"), getattr(instance, f"{p}_usd_rate")
        return {
            "amount": str(amount),
            "currency": getattr(instance, f"{p}_currency"),
            "vnd": getattr(instance, f"{p}_capital_vnd"),
            "usd": None
            if getattr(instance, f"{p}_capital_usd") is None
            else str(getattr(instance, f"{p}_capital_usd")),
            "rate_date": getattr(instance, f"{p}_rate_date"),
            "rate": RateSerializer(rate).data if rate else None,
            "usd_rate": RateSerializer(usd_rate).data if usd_rate else None,
        }


class ProjectStatusSerializer(serializers.ModelSerializer[ProjectStatusEvent]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ProjectStatusEvent
        fields = ["status", "status_label", "effective_on", "note"]


class ProjectSerializer(serializers.ModelSerializer[Project]):
    zone = serializers.CharField(source="zone.code", read_only=True)
    investor = InvestorRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    sector = serializers.SerializerMethodField()
    registered_capital = AmountSerializer("registered", read_only=True)
    disbursed_capital = AmountSerializer("disbursed", read_only=True)
    source = DocumentRefSerializer(source="document", allow_null=True, read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "zone",
            "name",
            "name_en",
            "investor",
            "status",
            "status_label",
            "status_since",
            "sector",
            "certificate_number",
            "certificate_date",
            "registered_capital",
            "disbursed_capital",
            "disbursed_as_of",
            "disbursed_note",
            "land_area_ha",
            "planned_jobs",
            "actual_jobs",
            "local_workers",
            "jobs_as_of",
            "environmental_category",
            "technology_note",
            "is_synthetic",
            "source",
        ]

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"version": {"type": "string"}, "code": {"type": "string"}, "name": {"type": "string"}},
        }
    )
    def get_sector(self, project: Project) -> dict[str, str] | None:
        if not project.vsic_code:
            return None
        code = project.sector
        return {
            "version": project.vsic_version,
            "code": project.vsic_code,
            "name": code.name if code else "",
        }


class ProjectDetailSerializer(ProjectSerializer):
    history = ProjectStatusSerializer(source="events", many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "history"]


class LeaseSerializer(serializers.ModelSerializer[Lease]):
    zone = serializers.CharField(source="zone.code", read_only=True)
    project = serializers.SerializerMethodField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Lease
        fields = [
            "id",
            "zone",
            "plot",
            "land_use",
            "area_ha",
            "start_date",
            "end_date",
            "status",
            "status_label",
            "terminated_on",
            "project",
            "is_synthetic",
        ]

    @extend_schema_field({"type": "object", "nullable": True})
    def get_project(self, lease: Lease) -> dict[str, Any] | None:
        if lease.project is None:
            return None
        return {"id": lease.project_id, "name": lease.project.name, "is_synthetic": lease.project.is_synthetic}


class FundingSerializer(serializers.ModelSerializer[InfrastructureFunding]):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    document = DocumentRefSerializer(read_only=True)
    rate = RateSerializer(read_only=True, allow_null=True)

    class Meta:
        model = InfrastructureFunding
        fields = [
            "source",
            "source_label",
            "year",
            "currency",
            "approved_amount",
            "disbursed_amount",
            "approved_vnd",
            "disbursed_vnd",
            "rate",
            "as_of",
            "quote",
            "document",
            "is_synthetic",
        ]
