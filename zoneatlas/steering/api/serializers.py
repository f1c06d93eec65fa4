"""What the API says about obstacles and steering meetings: every obstacle with its agency, directive, source and
quote, days overdue on the day asked, and whether it is synthetic (its source is)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from zoneatlas.core.api import ChoiceLabelField
from zoneatlas.sources.api.serializers import DocumentRefSerializer
from zoneatlas.steering.choices import EscalationLevel, ObstacleKind, ObstacleStatus, TaskStatus
from zoneatlas.steering.models import (
    Agency,
    Decision,
    Directive,
    FollowUpTask,
    Obstacle,
    ObstacleUpdate,
    SteeringMeeting,
)


class AgencySerializer(serializers.ModelSerializer[Agency]):
    province = serializers.CharField(source="province.code", default=None, read_only=True)

    class Meta:
        model = Agency
        fields = ["id", "name", "name_en", "level", "province"]


class DirectiveSerializer(serializers.ModelSerializer[Directive]):
    document = DocumentRefSerializer(read_only=True)

    class Meta:
        model = Directive
        fields = ["id", "number", "issued_on", "issuer", "title", "note", "document"]


class ObstacleUpdateSerializer(serializers.ModelSerializer[ObstacleUpdate]):
    status_label = ChoiceLabelField(ObstacleStatus, source="status")
    agency = serializers.CharField(source="agency.name", read_only=True)
    decision = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ObstacleUpdate
        fields = ["recorded_on", "note", "status", "status_label", "deadline", "escalation_level", "agency", "decision"]


class ObstacleSerializer(serializers.ModelSerializer[Obstacle]):
    zone = serializers.CharField(source="zone.code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    province = serializers.CharField(source="zone.province.code", read_only=True)
    kind_label = ChoiceLabelField(ObstacleKind, source="kind")
    status_label = ChoiceLabelField(ObstacleStatus, source="status")
    escalation_label = ChoiceLabelField(EscalationLevel, source="escalation_level")
    agency = AgencySerializer(read_only=True)
    directive = DirectiveSerializer(read_only=True)
    source = DocumentRefSerializer(source="source_document", read_only=True)
    days_overdue = serializers.SerializerMethodField()
    is_synthetic = serializers.BooleanField(read_only=True)

    class Meta:
        model = Obstacle
        fields = [
            "id",
            "zone",
            "zone_name",
            "province",
            "kind",
            "kind_label",
            "description",
            "agency",
            "directive",
            "deadline",
            "days_overdue",
            "status",
            "status_label",
            "opened_on",
            "closed_on",
            "escalation_level",
            "escalation_label",
            "source",
            "quote",
            "is_published",
            "is_synthetic",
        ]

    def get_days_overdue(self, obstacle: Obstacle) -> int:
        return obstacle.days_overdue(self.context["on"])


class ObstacleDetailSerializer(ObstacleSerializer):
    updates = ObstacleUpdateSerializer(many=True, read_only=True)

    class Meta(ObstacleSerializer.Meta):
        fields = [*ObstacleSerializer.Meta.fields, "updates"]


class ObstacleCreateSerializer(serializers.Serializer[Obstacle]):
    """A new obstacle: the zone by code, the agency, directive and source by id/code. Validated by the model."""

    zone = serializers.CharField()
    kind = serializers.ChoiceField(choices=ObstacleKind.choices)
    description = serializers.CharField()
    agency = serializers.IntegerField(required=False, allow_null=True)
    directive = serializers.IntegerField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    opened_on = serializers.DateField()
    escalation_level = serializers.ChoiceField(choices=EscalationLevel.choices, required=False)
    source = serializers.CharField()
    quote = serializers.CharField(required=False, allow_blank=True)
    is_published = serializers.BooleanField(required=False)


class FollowUpTaskSerializer(serializers.ModelSerializer[FollowUpTask]):
    agency = serializers.CharField(source="agency.name", read_only=True)
    status_label = ChoiceLabelField(TaskStatus, source="status")
    obstacle = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = FollowUpTask
        fields = ["id", "description", "agency", "deadline", "status", "status_label", "done_on", "obstacle"]


class DecisionSerializer(serializers.ModelSerializer[Decision]):
    tasks = FollowUpTaskSerializer(many=True, read_only=True)
    obstacle_updates = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = ["number", "text", "tasks", "obstacle_updates"]

    def get_obstacle_updates(self, decision: Decision) -> list[dict[str, Any]]:
        return [
            {"obstacle": update.obstacle_id, "status": update.status, "deadline": update.deadline, "note": update.note}
            for update in decision.obstacle_updates.all()
        ]


class SteeringMeetingSerializer(serializers.ModelSerializer[SteeringMeeting]):
    province = serializers.CharField(source="province.code", read_only=True)
    source = DocumentRefSerializer(source="source_document", read_only=True)
    attendees = serializers.ListField(source="attendee_list", child=serializers.CharField(), read_only=True)
    is_synthetic = serializers.BooleanField(read_only=True)

    class Meta:
        model = SteeringMeeting
        fields = ["id", "body", "held_on", "province", "chair", "attendees", "source", "is_synthetic"]


class SteeringMeetingDetailSerializer(SteeringMeetingSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta(SteeringMeetingSerializer.Meta):
        fields = [*SteeringMeetingSerializer.Meta.fields, "minutes", "decisions"]
