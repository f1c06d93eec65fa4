from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.figures.models import Observation


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "metric", "value", "unit", "period_label", "as_of", "review", "document"]
    list_filter = ["metric", "scope_type", "review", "is_target"]
    search_fields = ["quote", "external_ref", "zone__name", "zone_group__name"]
    autocomplete_fields = ["zone", "zone_group", "admin_unit", "document"]
    readonly_fields = ["is_target", "is_approximate"]
