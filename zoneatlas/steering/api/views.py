"""Obstacle and steering-meeting endpoints. Reading goes through ``zoneatlas.steering.access`` (objects outside the
user's scope are 404); an obstacle is recorded by the officer who may edit its zone, refused with reasons otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from zoneatlas.sources.models import Document
from zoneatlas.steering.access import can_manage_obstacle, visible_meetings
from zoneatlas.steering.api.serializers import (
    ObstacleCreateSerializer,
    ObstacleDetailSerializer,
    ObstacleSerializer,
    SteeringMeetingDetailSerializer,
    SteeringMeetingSerializer,
)
from zoneatlas.steering.filters import ObstacleFilterSet, SteeringMeetingFilterSet
from zoneatlas.steering.models import (
    Agency,
    Decision,
    Directive,
    Obstacle,
    ObstacleUpdate,
    SteeringMeeting,
)
from zoneatlas.steering.services import record_obstacle
from zoneatlas.zones.models import Zone

ON_PARAMETER = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Day days overdue are counted on (default: today)."
)


def day_asked(request: Request) -> dt.date:
    text = request.query_params.get("on")
    if not text:
        return timezone.localdate()
    day = parse_date(text) if len(text) == 10 else None
    if day is None:
        raise ValidationError({"on": [_("“%(text)s” is not a date: write YYYY-MM-DD") % {"text": text}]})
    return day


@extend_schema_view(list=extend_schema(parameters=[ON_PARAMETER]), retrieve=extend_schema(parameters=[ON_PARAMETER]))
class ObstacleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Obstacle]):
    """Obstacles on zones: kind, responsible agency, directive, deadline, status, escalation and days overdue on the
    day asked, each with its source and quote. The public reads published obstacles; officials those of their
    provinces. ``?overdue=true&province=56`` lists what is overdue in a province, longest overdue first."""

    filterset_class = ObstacleFilterSet

    def get_queryset(self) -> QuerySet[Obstacle]:
        obstacles = Obstacle.objects.visible_to(self.request.user).with_related().defer("source_document__text")
        obstacles = obstacles.select_related("directive__document").defer("directive__document__text")
        if self.action == "retrieve":
            obstacles = obstacles.prefetch_related(
                Prefetch("updates", queryset=ObstacleUpdate.objects.select_related("agency"))
            )
        return obstacles.order_by("deadline", "zone__code", "pk")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        if self.action == "create":
            return ObstacleCreateSerializer
        return ObstacleDetailSerializer if self.action == "retrieve" else ObstacleSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "on": day_asked(self.request)}

    @extend_schema(request=ObstacleCreateSerializer, responses={201: ObstacleDetailSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Record an obstacle on a zone you may edit; refused with the reason (400) when it is incomplete."""
        incoming = ObstacleCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        zone = Zone.objects.visible_to(request.user).filter(code=data["zone"]).select_related("province").first()
        if zone is None:
            raise NotFound(_("No zone you may read has this code."))
        obstacle = Obstacle(
            zone=zone,
            kind=data["kind"],
            description=data["description"],
            deadline=data.get("deadline"),
            opened_on=data["opened_on"],
            quote=data.get("quote", ""),
            is_published=data.get("is_published", False),
        )
        if not can_manage_obstacle(request.user, obstacle):
            raise PermissionDenied(_("Your access does not include recording obstacles on this zone."))
        obstacle.escalation_level = data.get("escalation_level", obstacle.escalation_level)
        if data.get("agency"):
            agency = Agency.objects.filter(pk=data["agency"]).first()
            if agency is None:
                raise ValidationError({"agency": [_("No agency has this id.")]})
            obstacle.agency = agency
        if data.get("directive"):
            directive = Directive.objects.filter(pk=data["directive"]).first()
            if directive is None:
                raise ValidationError({"directive": [_("No directive has this id.")]})
            obstacle.directive = directive
        source = Document.objects.filter(code=data["source"]).first()
        if source is None:
            raise ValidationError({"source": [_("No document has this code.")]})
        obstacle.source_document = source
        try:
            record_obstacle(obstacle, user=request.user)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        created = self.get_queryset().prefetch_related("updates").get(pk=obstacle.pk)
        context = self.get_serializer_context()
        return Response(ObstacleDetailSerializer(created, context=context).data, status=status.HTTP_201_CREATED)


class SteeringMeetingViewSet(viewsets.ReadOnlyModelViewSet[SteeringMeeting]):
    """Steering-board meetings with their attendees, minutes and decisions (each decision's obstacle updates and
    follow-up tasks). Minutes are internal: officials of the province and national officers read them."""

    filterset_class = SteeringMeetingFilterSet

    def get_queryset(self) -> QuerySet[SteeringMeeting]:
        meetings = visible_meetings(self.request.user, SteeringMeeting.objects.all())
        meetings = meetings.select_related("province", "source_document").defer("source_document__text")
        if self.action == "retrieve":
            meetings = meetings.prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.prefetch_related("tasks__agency", "obstacle_updates"),
                )
            )
        return meetings.order_by("-held_on", "pk")

    def get_serializer_class(self) -> type[BaseSerializer[Any]]:
        return SteeringMeetingDetailSerializer if self.action == "retrieve" else SteeringMeetingSerializer
