from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.accounts.access import access_for, can_edit_zone, can_mark_internal_fields, editable_zones
from zoneatlas.zones.models import (
    InfrastructureItem,
    InternalZoneField,
    LifecycleEvent,
    Plan,
    PlanEntry,
    WastewaterPlant,
    Zone,
    ZoneGroup,
)
from zoneatlas.zones.services import refresh_status


class LifecycleInline(admin.TabularInline):
    model = LifecycleEvent
    extra = 0
    autocomplete_fields = ["document"]


class PlanEntryInline(admin.TabularInline):
    model = PlanEntry
    extra = 0
    autocomplete_fields = ["plan", "document"]


class InfrastructureInline(admin.TabularInline):
    model = InfrastructureItem
    extra = 0
    autocomplete_fields = ["document"]


class WastewaterPlantInline(admin.TabularInline):
    model = WastewaterPlant
    extra = 0
    autocomplete_fields = ["document"]


@admin.register(Zone)
class ZoneAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "status", "province", "gross_area_ha", "is_synthetic"]
    list_filter = ["kind", "status", "is_synthetic", "province"]
    search_fields = ["code", "name", "name_en"]
    readonly_fields = ["status", "status_since", "boundary_area_ha"]
    autocomplete_fields = ["province", "commune", "reported_unit", "parent"]
    inlines = [LifecycleInline, PlanEntryInline, InfrastructureInline, WastewaterPlantInline]

    # The back office follows the same rule as pages and the API: staff see the zones of their grants
    # (others answer 404) and change those their agency manages.
    def get_queryset(self, request: HttpRequest) -> QuerySet[Zone]:
        return Zone.objects.visible_to(request.user).select_related("province")

    def has_change_permission(self, request: HttpRequest, obj: Zone | None = None) -> bool:
        if request.user.is_superuser:
            return True
        if obj is None:
            return bool(access_for(request.user).edit_scopes)
        return can_edit_zone(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Zone | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(access_for(request.user).edit_scopes)

    def has_view_permission(self, request: HttpRequest, obj: Zone | None = None) -> bool:
        return request.user.is_superuser or not access_for(request.user).is_public

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        super().save_related(request, form, formsets, change)
        refresh_status([form.instance])


@admin.register(ZoneGroup)
class ZoneGroupAdmin(SimpleHistoryAdmin):
    list_display = ["name", "province", "reported_unit_text"]
    search_fields = ["name"]
    autocomplete_fields = ["province", "reported_unit", "members"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "province", "period_start_year", "period_end_year", "vision_year"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["province", "document"]


class ZoneRecordAccess:
    """The records of a zone (lifecycle, plant reports) follow their zone: staff see those of the zones they read
    (others answer as records that do not exist) and change those of the zones they may edit (``access``)."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).filter(zone__in=Zone.objects.visible_to(request.user))  # type: ignore[misc]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "zone" and not request.user.is_superuser:
            kwargs["queryset"] = editable_zones(request.user, Zone.objects.alive())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser or not access_for(request.user).is_public

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or bool(access_for(request.user).edit_scopes)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self.has_add_permission(request)
        return can_edit_zone(request.user, obj.zone)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_change_permission(request, obj)


@admin.register(LifecycleEvent)
class LifecycleEventAdmin(ZoneRecordAccess, SimpleHistoryAdmin):
    list_display = ["zone", "status", "effective_on", "decision_number", "issuer"]
    list_filter = ["status"]
    search_fields = ["zone__name", "zone__code", "decision_number"]
    autocomplete_fields = ["zone", "document"]


@admin.register(WastewaterPlant)
class WastewaterPlantAdmin(ZoneRecordAccess, SimpleHistoryAdmin):
    list_display = ["zone", "as_of", "status", "capacity_m3_per_day", "meets_standard"]
    list_filter = ["status", "meets_standard"]
    autocomplete_fields = ["zone", "document"]


@admin.register(InternalZoneField)
class InternalZoneFieldAdmin(SimpleHistoryAdmin):
    """A province's officers choose which fields of its zones the public does not receive (with the history)."""

    list_display = ["province", "field", "reason", "marked_by", "created_at"]
    list_filter = ["field"]
    fields = ["province", "field", "reason", "marked_by", "created_at", "updated_at"]
    readonly_fields = ["marked_by", "created_at", "updated_at"]
    list_select_related = ["province", "marked_by"]

    def _provinces(self, request: HttpRequest) -> set[int] | None:
        """The provinces whose internal fields the user chooses (None: every province, for a superuser)."""
        if request.user.is_superuser:
            return None
        return {province_id for province_id, _kind in access_for(request.user).edit_scopes}

    def get_queryset(self, request: HttpRequest) -> QuerySet[InternalZoneField]:
        provinces = self._provinces(request)
        markings = super().get_queryset(request).select_related("province", "marked_by")
        return markings if provinces is None else markings.filter(province_id__in=provinces)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        provinces = self._provinces(request)
        if db_field.name == "province" and provinces is not None:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk__in=provinces)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        provinces = self._provinces(request)
        return provinces is None or bool(provinces)

    def has_view_permission(self, request: HttpRequest, obj: InternalZoneField | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: InternalZoneField | None = None) -> bool:
        if obj is None:
            return self.has_module_permission(request)
        return can_mark_internal_fields(request.user, obj.province_id)

    def has_delete_permission(self, request: HttpRequest, obj: InternalZoneField | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: InternalZoneField, form: Any, change: bool) -> None:
        if not change:
            obj.marked_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
