"""The checks and the rules over the API.

``GET /api/v1/checks/establish/?province=25[&commune=...][&district=...][&on=YYYY-MM-DD]``,
``GET /api/v1/checks/expand/{code}/[?on=][&area_after=][&demand_exceeds_supply=true][&demand_note=]`` and
``GET /api/v1/rules/[?kind=][&status=][&on=]``. Visibility comes from ``zoneatlas.accounts.access``: a province the
user may not read, or a zone outside their scope, answers 404 exactly as one that does not exist.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zoneatlas.accounts.access import can_read_province
from zoneatlas.planning.api.serializers import RuleSerializer, establish_data, expand_data
from zoneatlas.planning.checks import NotAClusterError, may_establish_cluster, may_expand
from zoneatlas.planning.filters import RuleFilterSet
from zoneatlas.planning.lookups import (
    BadInputError,
    UnknownPlaceError,
    find_commune,
    find_district,
    find_province,
    parse_area,
    parse_day,
    parse_flag,
)
from zoneatlas.planning.models import Rule
from zoneatlas.zones.models import Zone

ON = OpenApiParameter("on", OpenApiTypes.DATE, description="The day to answer for (default: today).")


class RuleListView(generics.ListAPIView[Rule]):
    """The legal rules as versioned data: value, period, status (confirmed or pending) and citation. ``on`` gives
    the rules in force that day; ``kind`` the rules about a kind of zone and those about every kind."""

    serializer_class = RuleSerializer
    filterset_class = RuleFilterSet
    queryset = Rule.objects.select_related("version").order_by("rule_id", "zone_kind", "valid_from")


class EstablishCheckView(APIView):
    """May a new industrial cluster be established in the province (or commune) on the day? Every condition with
    its rule and citation, the clusters counted with their figures and sources, the result (pass, fail or
    cannot_tell) and what is missing; under the confirmed rules, and in ``pending`` with the pending ones."""

    @extend_schema(
        parameters=[
            OpenApiParameter("province", OpenApiTypes.STR, required=True, description="Today's province code."),
            OpenApiParameter("commune", OpenApiTypes.STR, description="Today's commune: code or name."),
            OpenApiParameter("district", OpenApiTypes.STR, description="A district's code before 1 July 2025."),
            ON,
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        try:
            on = parse_day(params.get("on"))
            province = find_province(params.get("province", ""))
            if not can_read_province(request.user, province):
                raise UnknownPlaceError(_("No province has the code %(code)s.") % {"code": province.code})
            commune = find_commune(params.get("commune", ""), province)
            district = find_district(params.get("district", ""), province)
        except BadInputError as error:
            raise ValidationError({error.parameter: [str(error)]}) from error
        except UnknownPlaceError as error:
            raise NotFound(str(error)) from error
        check = may_establish_cluster(province, on, commune=commune, district=district, user=request.user)
        return Response(establish_data(check))


class ExpandCheckView(APIView):
    """May the cluster expand on the day? Total area after the expansion, occupancy (or demand above the land
    available, as stated), and the required infrastructure completed and in use, each with its evidence; flags of
    size and services; under the confirmed rules, and in ``pending`` with the pending ones."""

    @extend_schema(
        parameters=[
            ON,
            OpenApiParameter("area_after", OpenApiTypes.NUMBER, description="Total area after the expansion (ha)."),
            OpenApiParameter(
                "demand_exceeds_supply", OpenApiTypes.BOOL, description="Demand above the land available."
            ),
            OpenApiParameter("demand_note", OpenApiTypes.STR, description="On what grounds demand exceeds supply."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, code: str) -> Response:
        zone = get_object_or_404(Zone.objects.visible_to(request.user), code=code)
        params = request.query_params
        try:
            on = parse_day(params.get("on"))
            area = parse_area(params.get("area_after"))
            demand = parse_flag(params.get("demand_exceeds_supply"), "demand_exceeds_supply")
            check = may_expand(
                zone, on, area, demand_exceeds_supply=demand, demand_note=params.get("demand_note", "").strip()
            )
        except BadInputError as error:
            raise ValidationError({error.parameter: [str(error)]}) from error
        except NotAClusterError as error:
            raise ValidationError({"code": [str(error)]}) from error
        return Response(expand_data(check))
