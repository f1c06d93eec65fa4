"""Back office for obstacles and steering: the same rules as the pages (``zoneatlas.steering.access``).

Staff read the obstacles and meetings of their scope (others do not exist for them) and change the obstacles of the
zones they may edit and the meetings of the provinces where they have an edit scope. Agencies and directives are
shared reference data: officials read them, officers with an edit scope add and change them. Nothing is deleted
except by a superuser: an obstacle that no longer applies is dropped, with the day.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from zoneatlas.accounts.access import access_for
from zoneatlas.steering.access import can_manage_obstacle, can_record_meeting, manageable_zone_ids, visible_meetings
from zoneatlas.steering.models import (
    Agency,
    Decision,
    Directive,
    FollowUpTask,
    Obstacle,
    ObstacleUpdate,
    SteeringMeeting,
)


class OfficialsRead(SimpleHistoryAdmin):
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser or not access_for(request.user).is_public

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        access = access_for(request.user)
        return access.edits_everything or bool(access.edit_scopes)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(Agency)
class AgencyAdmin(OfficialsRead):
    list_display = ["name", "name_en", "level", "province"]
    list_filter = ["level"]
    search_fields = ["name", "name_en"]
    autocomplete_fields = ["province"]


@admin.register(Directive)
class DirectiveAdmin(OfficialsRead):
    list_display = ["number", "issued_on", "issuer", "title", "province"]
    search_fields = ["number", "title", "issuer"]
    autocomplete_fields = ["province", "document"]


class ObstacleUpdateInline(admin.TabularInline):
    model = ObstacleUpdate
    extra = 0
    can_delete = False
    readonly_fields = [
        "recorded_on",
        "note",
        "status",
        "deadline",
        "escalation_level",
        "agency",
        "decision",
        "recorded_by",
    ]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # follow-up steps are recorded on the obstacle's page, through the service


@admin.register(Obstacle)
class ObstacleAdmin(OfficialsRead):
    list_display = ["zone", "kind", "agency", "deadline", "status", "escalation_level", "is_published"]
    list_filter = ["kind", "status", "escalation_level", "is_published"]
    search_fields = ["zone__code", "zone__name", "description", "agency__name"]
    autocomplete_fields = ["zone", "agency", "directive", "source_document"]
    inlines = [ObstacleUpdateInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Obstacle]:
        return Obstacle.objects.visible_to(request.user).select_related("zone", "agency")

    def has_change_permission(self, request: HttpRequest, obj: Obstacle | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return can_manage_obstacle(request.user, obj)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "zone":
            kwargs["queryset"] = manageable_zone_ids(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class DecisionInline(admin.StackedInline):
    model = Decision
    extra = 0


@admin.register(SteeringMeeting)
class SteeringMeetingAdmin(OfficialsRead):
    list_display = ["body", "held_on", "province"]
    search_fields = ["body", "minutes"]
    autocomplete_fields = ["province", "source_document"]
    inlines = [DecisionInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SteeringMeeting]:
        return visible_meetings(request.user, SteeringMeeting.objects.select_related("province"))

    def has_change_permission(self, request: HttpRequest, obj: SteeringMeeting | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return can_record_meeting(request.user, obj.province_id)


@admin.register(FollowUpTask)
class FollowUpTaskAdmin(OfficialsRead):
    list_display = ["description", "agency", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["description"]
    autocomplete_fields = ["agency", "obstacle"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[FollowUpTask]:
        meetings = visible_meetings(request.user, SteeringMeeting.objects.all())
        return FollowUpTask.objects.filter(decision__meeting__in=meetings).select_related("agency")

    def has_change_permission(self, request: HttpRequest, obj: FollowUpTask | None = None) -> bool:
        if obj is None:
            return super().has_change_permission(request)
        return can_record_meeting(request.user, obj.decision.meeting.province_id)
