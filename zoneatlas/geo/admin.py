"""Administrative units in the Django admin: browsed and corrected, never created or deleted by hand.

Units come from the official GSO lists through ``load_admin_units``; a legacy unit is never deleted
because figures reported before 1 July 2025 keep pointing at it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from zoneatlas.geo.models import AdminUnit, UnitSuccession
from zoneatlas.geo.services import clear_cache, normalize


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    fields = ["successor", "is_split", "is_default", "effective_on"]
    readonly_fields = ["successor", "is_split", "is_default", "effective_on"]
    extra = 0
    can_delete = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitSuccession]:
        return super().get_queryset(request).select_related("successor__province")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "era", "level", "unit_type", "province", "valid_from", "valid_to"]
    list_filter = ["era", "level", "unit_type"]
    list_select_related = ["province"]
    search_fields = ["name", "short_name", "code", "search_key"]
    ordering = ["era", "level", "code"]
    readonly_fields = ["era", "level", "code", "parent", "province", "search_key"]
    fields = [
        ("era", "level", "code"),
        ("name", "short_name", "unit_type"),
        ("parent", "province"),
        ("latitude", "longitude", "area_km2"),
        ("valid_from", "valid_to"),
        "search_key",
    ]
    inlines = [SuccessionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AdminUnit, form: Any, change: bool) -> None:
        # The resolver looks units up by search key: keep it in step with a corrected short name.
        obj.search_key = normalize(obj.short_name)
        super().save_model(request, obj, form, change)
        clear_cache()


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "is_split", "is_default", "effective_on"]
    list_filter = ["is_split", "is_default", "predecessor__level"]
    list_select_related = ["predecessor__province", "successor__province"]
    search_fields = ["predecessor__name", "predecessor__code", "successor__name", "successor__code"]
    raw_id_fields = ["predecessor", "successor"]

    def save_model(self, request: HttpRequest, obj: UnitSuccession, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        clear_cache()

    def delete_model(self, request: HttpRequest, obj: UnitSuccession) -> None:
        super().delete_model(request, obj)
        clear_cache()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[UnitSuccession]) -> None:
        super().delete_queryset(request, queryset)
        clear_cache()
