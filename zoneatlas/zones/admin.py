from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.accounts.access import access_for, can_edit_zone
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, Plan, PlanEntry, WastewaterPlant, Zone, ZoneGroup
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


@admin.register(LifecycleEvent)
class LifecycleEventAdmin(SimpleHistoryAdmin):
    list_display = ["zone", "status", "effective_on", "decision_number", "issuer"]
    list_filter = ["status"]
    search_fields = ["zone__name", "zone__code", "decision_number"]
    autocomplete_fields = ["zone", "document"]


@admin.register(WastewaterPlant)
class WastewaterPlantAdmin(SimpleHistoryAdmin):
    list_display = ["zone", "as_of", "status", "capacity_m3_per_day", "meets_standard"]
    list_filter = ["status", "meets_standard"]
    autocomplete_fields = ["zone", "document"]
