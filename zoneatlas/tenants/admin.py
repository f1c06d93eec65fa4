"""Back office for tenants: the same visibility rule as pages and the API (accounts.access)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.accounts.access import access_for, can_report_for_zone, visible_zones
from zoneatlas.tenants.models import (
    ExchangeRate,
    InfrastructureFunding,
    Investor,
    Lease,
    Project,
    ProjectResult,
    ProjectStatusEvent,
)
from zoneatlas.tenants.services import refresh_projects


class ZoneScopedAdmin(SimpleHistoryAdmin):
    """Records hanging from a zone: staff see those of the zones they read and change those they may report for."""

    zone_path = "zone"

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        visible = visible_zones(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.zone_path}__in": visible})

    def zone_of(self, obj: object) -> object:
        for part in self.zone_path.split("__"):
            obj = getattr(obj, part)
        return obj

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        if request.user.is_superuser:
            return True
        access = access_for(request.user)
        if obj is None:
            return bool(access.edit_scopes or access.developer_zones)
        return can_report_for_zone(request.user, self.zone_of(obj))  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_change_permission(request)


class StatusInline(admin.TabularInline):
    model = ProjectStatusEvent
    extra = 0
    autocomplete_fields = ["document"]


@admin.register(Project)
class ProjectAdmin(ZoneScopedAdmin):
    list_display = ["name", "zone", "investor", "status", "registered_capital_vnd", "actual_jobs", "is_synthetic"]
    list_filter = ["status", "is_synthetic", "vsic_version", "environmental_category"]
    search_fields = ["name", "name_en", "certificate_number", "investor__name", "zone__code"]
    autocomplete_fields = ["zone", "investor", "document"]
    readonly_fields = [
        "status",
        "status_since",
        "registered_on",
        "terminated_on",
        "registered_capital_vnd",
        "registered_capital_usd",
        "registered_rate",
        "registered_usd_rate",
        "disbursed_capital_vnd",
        "disbursed_capital_usd",
        "disbursed_rate",
        "disbursed_usd_rate",
    ]
    inlines = [StatusInline]

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        refresh_projects([form.instance])


@admin.register(Lease)
class LeaseAdmin(ZoneScopedAdmin):
    list_display = ["plot", "zone", "area_ha", "land_use", "status", "start_date", "end_date", "is_synthetic"]
    list_filter = ["status", "land_use", "is_synthetic"]
    search_fields = ["plot", "zone__code", "project__name"]
    autocomplete_fields = ["zone", "project", "document"]


@admin.register(InfrastructureFunding)
class FundingAdmin(ZoneScopedAdmin):
    list_display = ["zone", "source", "year", "approved_vnd", "disbursed_vnd", "is_synthetic"]
    list_filter = ["source", "year", "is_synthetic"]
    autocomplete_fields = ["zone", "document"]


@admin.register(Investor)
class InvestorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "tax_code", "country", "is_fdi", "is_synthetic"]
    list_filter = ["is_fdi", "country", "is_synthetic"]
    search_fields = ["name", "name_en", "tax_code"]
    readonly_fields = ["is_fdi"]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(SimpleHistoryAdmin):
    list_display = ["currency", "valid_from", "valid_to", "vnd_per_unit", "source"]
    list_filter = ["currency"]
    date_hierarchy = "valid_from"

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return access_for(request.user).is_administrator

    def has_add_permission(self, request: HttpRequest) -> bool:
        return access_for(request.user).is_administrator

    def has_delete_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return access_for(request.user).is_administrator


@admin.register(ProjectResult)
class ProjectResultAdmin(ZoneScopedAdmin):
    zone_path = "project__zone"
    list_display = ["project", "period_label", "revenue_vnd", "exports_usd", "workers", "is_synthetic"]
    autocomplete_fields = ["project", "document"]
