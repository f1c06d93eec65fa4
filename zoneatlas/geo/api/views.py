"""The administrative units API: the list of units of both eras, and the resolver of free text."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from zoneatlas.core.caching import CachedReadMixin
from zoneatlas.geo.api.serializers import AdminUnitSerializer, ResolutionSerializer, ResolveQuerySerializer
from zoneatlas.geo.filters import AdminUnitFilterSet
from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import resolve


class AdminUnitViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet[AdminUnit]):
    """Provinces, districts and communes before 1 July 2025 (era `legacy`) and since (era `current`).

    Filter with `era`, `level`, `province` and `parent` (GSO codes) and `search`; `resolve/` reads free
    text such as an address from a document.
    """

    serializer_class = AdminUnitSerializer
    filterset_class = AdminUnitFilterSet
    # `resolve/` is not cached: its index lives in memory and answers with no query at all.

    def get_queryset(self) -> QuerySet[AdminUnit]:
        return AdminUnit.objects.select_related("province").order_by("era", "level", "code")

    @extend_schema(
        parameters=[ResolveQuerySerializer],
        responses={
            200: ResolutionSerializer,
            400: OpenApiResponse(description=_("The q parameter is missing or blank, or a parameter is invalid.")),
        },
        description=_(
            "Resolve free text to the unit it names, in either era, and today's unit(s) it corresponds to. "
            "Text that matches nothing, or several units, is answered with 200 and `ok: false`, the closest "
            "`candidates` and a `note` explaining why: a failed lookup is a normal answer, not a missing resource."
        ),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def resolve(self, request: Request) -> Response:
        params = ResolveQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        resolution = resolve(
            params.validated_data["q"], level=params.validated_data.get("level"), on=params.validated_data.get("on")
        )
        return Response(ResolutionSerializer(resolution).data)
