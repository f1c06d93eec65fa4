from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import APIView

from zoneatlas.accounts.access import access_for, can_read_province, read_scope_key, visible_figures, visible_zones
from zoneatlas.accounts.permissions import ZoneAccess
from zoneatlas.core.caching import cache_response
from zoneatlas.core.models import RegistryVersion
from zoneatlas.figures.models import Observation
from zoneatlas.figures.queries import prefetch_current_occupancy
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.api.serializers import (
    ZoneChangeSerializer,
    ZoneDetailSerializer,
    ZoneHistorySerializer,
    ZoneSerializer,
    ZoneSnapshotSerializer,
)
from zoneatlas.zones.api.summary import ProvinceSummarySerializer, province_summary
from zoneatlas.zones.filters import LeanZoneFilterSet
from zoneatlas.zones.history import zone_as_of, zone_history
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, PlanEntry, WastewaterPlant, Zone
from zoneatlas.zones.services import REASON_MAX_LENGTH, delete_zone, restore_zone

REASON_PARAMETER = OpenApiParameter(
    "reason", OpenApiTypes.STR, description=f"Why, for the history (at most {REASON_MAX_LENGTH} characters)."
)


@contextmanager
def answered_400() -> Iterator[None]:
    """A domain rule refused the change (``django.core.exceptions.ValidationError``): 400 with its messages."""
    try:
        yield
    except DjangoValidationError as error:
        raise ValidationError(as_serializer_error(error)) from error


def zones_for_listing(queryset: QuerySet[Zone]) -> QuerySet[Zone]:
    """Everything a listed zone shows, in a constant number of queries whatever the page size.

    Each zone's current occupancy figure (``zone.occupancy_figures``, the best one only) and its wastewater plant
    reports, newest first (``zone.wwtp_reports.all()``: a zone has one or two), with the documents they cite but not
    the documents' text.
    """
    plants = cited(WastewaterPlant.objects.all()).order_by("-as_of", "-id")
    return queryset.select_related("province", "reported_unit__province").prefetch_related(
        prefetch_current_occupancy(), Prefetch("wwtp_reports", queryset=plants)
    )


def zone_for_page(queryset: QuerySet[Zone], user: Any) -> QuerySet[Zone]:
    """A zone with its whole record as its page shows it: lifecycle, plans, infrastructure, plants, figures."""
    figures = visible_figures(user, Observation.objects.select_related("zone").order_by("metric", "-as_of", "id"))
    return queryset.select_related("province", "reported_unit__province", "commune", "parent").prefetch_related(
        prefetch_current_occupancy(),
        Prefetch("wwtp_reports", queryset=cited(WastewaterPlant.objects.all()).order_by("-as_of", "-id")),
        Prefetch("lifecycle", queryset=cited(LifecycleEvent.objects.all())),
        Prefetch("plan_entries", queryset=cited(PlanEntry.objects.select_related("plan"))),
        Prefetch("infrastructure", queryset=cited(InfrastructureItem.objects.all())),
        Prefetch("observations", queryset=cited(figures)),
    )


def cited[M: Model](queryset: QuerySet[M]) -> QuerySet[M]:
    """Records with the document they cite, which shows by title and dates: without its text (a whole report)."""
    return queryset.select_related("document").defer("document__text")


class ZoneViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[Zone],
):
    """Industrial parks, industrial clusters and economic zones.

    The list takes the same filters as the zone pages; a zone's page (`/zones/{code}/`) adds its lifecycle,
    plans, infrastructure, wastewater plant history and every figure with its source and quoted passage.
    A provincial officer changes the registry record of the zones in their grant with PATCH (send
    `reason` to say why; it goes into the change history). Zones outside the user's scope answer 404.
    Answers carry an `ETag`: send it back in `If-None-Match` to get `304 Not Modified` while nothing changed.
    """

    lookup_field = "code"
    filterset_class = LeanZoneFilterSet
    permission_classes = [ZoneAccess]
    http_method_names = ["get", "patch", "delete", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Zone]:
        user = self.request.user
        if self.action in {"partial_update", "update", "destroy", "history"}:
            return Zone.objects.visible_to(user)
        if self.action == "restore":
            return visible_zones(user, Zone.objects.filter(deleted_at__isnull=False))
        if self.action == "retrieve":
            return zone_for_page(Zone.objects.visible_to(user), user)
        return zones_for_listing(Zone.objects.visible_to(user)).order_by("code")

    # A cached answer is a plain HttpResponse (the bytes rendered before), or 304 Not Modified.
    @cache_response(scope=read_scope_key)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        return super().list(request, *args, **kwargs)

    @cache_response(scope=read_scope_key)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponseBase:  # type: ignore[override]
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(parameters=[REASON_PARAMETER])
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A soft delete: the zone leaves every list and page and can be restored (POST .../restore/)."""
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance: Zone) -> None:
        with answered_400():
            delete_zone(instance, user=self.request.user, reason=self.request.query_params.get("reason", ""))

    @extend_schema(request=None, parameters=[REASON_PARAMETER], responses={200: ZoneSerializer})
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, code: str) -> Response:
        """Undo the deletion of a zone (send `reason` in the query string for the history)."""
        zone = self.get_object()
        with answered_400():
            restore_zone(zone, user=request.user, reason=request.query_params.get("reason", ""))
        return Response(ZoneSerializer(zones_for_listing(Zone.objects.filter(pk=zone.pk)).get()).data)

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="Show the zone as it was on this day.")],
        responses={200: ZoneHistorySerializer},
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, code: str) -> Response:
        """Who changed the zone, when, why and from what to what; with `as_of`, the zone as it was that day."""
        zone = self.get_object()
        if access_for(request.user).is_public:
            self.permission_denied(request, message=_("The change history is for officials; sign in to read it."))
        day = request.query_params.get("as_of")
        snapshot = None
        if day:
            try:
                when = dt.date.fromisoformat(day)
            except ValueError as error:
                raise ValidationError({"as_of": _("Give a date as YYYY-MM-DD.")}) from error
            snapshot = zone_as_of(zone, when)
        payload = {
            "code": zone.code,
            "as_of": day,
            "zone_as_of": ZoneSnapshotSerializer(snapshot).data if snapshot else None,
            "entries": zone_history(zone),
        }
        return Response(ZoneHistorySerializer(payload).data)

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Zone]]:
        if self.action in {"partial_update", "update"}:
            return ZoneChangeSerializer
        return ZoneDetailSerializer if self.action == "retrieve" else ZoneSerializer


class ProvinceSummaryView(APIView):
    """A province's zones rolled up: by kind and status, areas, area-weighted occupancy, published figures."""

    @extend_schema(
        responses={200: ProvinceSummarySerializer, 404: OpenApiResponse(description="No such province today.")}
    )
    @cache_response(scope=read_scope_key)
    def get(self, request: Request, code: str) -> HttpResponseBase:
        province = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
        if province is None:
            raise NotFound(_unknown_province(code))
        zones = Zone.objects.visible_to(request.user).filter(province=province)
        if not can_read_province(request.user, province) and not zones.exists():
            raise NotFound(_("No province has the code %(code)s today.") % {"code": code})
        summary = province_summary(province, zones, request.user)
        # When the registry last changed, not when this answer was computed: every process gives the same bytes.
        summary["registry_as_of"] = RegistryVersion.changed_at_of()
        return Response(ProvinceSummarySerializer(summary).data)


def _unknown_province(code: str) -> str:
    legacy = AdminUnit.objects.filter(era=Era.LEGACY, level=Level.PROVINCE, code=code).first()
    if legacy is None:
        return _("No province has the code %(code)s today.") % {"code": code}
    successors = ", ".join(
        f"{unit.name} ({unit.code})" for unit in AdminUnit.objects.filter(predecessions__predecessor=legacy)
    )
    return _("%(name)s (%(code)s) is a province from before 1 July 2025; today it is part of %(today)s.") % {
        "name": legacy.name,
        "code": code,
        "today": successors,
    }
