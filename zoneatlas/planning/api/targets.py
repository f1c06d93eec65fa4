"""Targets over the API: ``GET /api/v1/targets/`` (filters: ``TargetFilterSet``) and ``GET /api/v1/targets/{id}/``.

Each target comes with its status and the reason, its latest value and the forecast for its deadline, and its source
(document and quote); the detail adds the series (each point with where it comes from), the pipeline, what is
missing and the milestones. Everything is computed on request from the data (``zoneatlas.planning.targets``) and
cached like the other read endpoints, per read scope and day. Decimals are strings. A target the user may not read
answers 404 (``Target.objects.visible_to``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zoneatlas.accounts.access import read_scope_key
from zoneatlas.core.caching import cache_response, dated
from zoneatlas.planning.choices import TargetComparison, TargetScope, TargetStatus
from zoneatlas.planning.filters import TargetFilterSet
from zoneatlas.planning.lookups import BadInputError, parse_day
from zoneatlas.planning.metrics import Point
from zoneatlas.planning.models import Target
from zoneatlas.planning.targets import ORDER, Progress, progress, target_value_text, with_related


def _text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value.normalize():f}"


def point_data(point: Point) -> dict[str, Any]:
    return {
        "on": point.on.isoformat(),
        "value": _text(point.value),
        "source": point.source,
        "computed_from": point.computed_from,
        "document": point.document or None,
        "quote": point.quote or None,
        "synthetic": point.synthetic,
    }


def scope_data(target: Target) -> dict[str, Any]:
    province = target.province
    return {
        "type": target.scope_type,
        "label": str(TargetScope(target.scope_type).label),
        "name": target.subject_name,
        "zone": target.zone.code if target.zone else None,
        "zone_group": target.zone_group.name if target.zone_group else None,
        "admin_unit": target.admin_unit.code if target.admin_unit else None,
        "province": province.code if province else None,
        "zone_kind": target.zone_kind or None,
        "zone_status": target.zone_status or None,
    }


def target_data(item: Progress, *, detail: bool = False) -> dict[str, Any]:
    target, answer = item.target, item.assessment
    forecast = answer.forecast
    data: dict[str, Any] = {
        "id": target.pk,
        "name": target.display_name,
        "name_vi": target.name,
        "name_en": target.name_en or None,
        "metric": target.metric,
        "metric_label": str(item.definition.label),
        "scope": scope_data(target),
        "comparison": target.comparison,
        "comparison_label": str(TargetComparison(target.comparison).label),
        "value": _text(target.value),
        "value_high": _text(target.value_high),
        "unit": target.unit,
        "target": target_value_text(target),
        "start_on": target.start_on.isoformat(),
        "deadline": target.deadline.isoformat() if target.deadline else None,
        "source": {
            "document": target.document.code,
            "title": target.document.title,
            "synthetic": target.document.is_synthetic,
            "reference": target.external_ref or None,
        },
        "quote": target.quote,
        "on": item.on.isoformat(),
        "status": answer.status,
        "status_label": str(TargetStatus(answer.status).label),
        "reason": answer.reason,
        "latest": point_data(answer.latest) if answer.latest else None,
        "forecast": (
            {
                "on": forecast.on.isoformat(),
                "value": _text(forecast.value),
                "trend": _text(forecast.trend_value),
                "trend_per_year": _text(forecast.trend.slope_per_year) if forecast.trend else None,
                "floor": _text(forecast.floor),
                "floor_basis": forecast.floor_text or None,
            }
            if forecast
            else None
        ),
        "gap": _text(answer.gap),
        "synthetic_data": item.synthetic,
    }
    if detail:
        series = item.series
        data["series"] = {
            "computed_from": series.computed_from,
            "points": [point_data(point) for point in series.points],
            "pipeline": _text(series.pipeline),
            "pipeline_basis": series.pipeline_text or None,
            "missing": series.missing,
        }
        data["milestones"] = [
            {"on": m.on.isoformat(), "value": _text(m.value), "note": m.note} for m in item.milestones
        ]
        data["note"] = target.note or None
    return data


ON = OpenApiParameter("on", OpenApiTypes.DATE, description="The day to assess on (default: today).")


def _day(request: Request) -> dt.date:
    try:
        return parse_day(request.query_params.get("on"))
    except BadInputError as error:
        raise ValidationError({error.parameter: [str(error)]}) from error


class TargetListView(generics.ListAPIView[Target]):
    """Targets with their status (on track, at risk, off track, met, missed, cannot tell) and the reason, the latest
    value, the forecast for the deadline, and the document and passage that set them."""

    filterset_class = TargetFilterSet

    def get_queryset(self) -> Any:
        return with_related(Target.objects.visible_to(self.request.user)).order_by(*ORDER)

    @extend_schema(operation_id="v1_targets_list", parameters=[ON], responses={200: OpenApiTypes.OBJECT})
    @cache_response(dated(read_scope_key))
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        on = _day(request)
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = [target_data(progress(target, on, request.user)) for target in (page if page is not None else queryset)]
        return self.get_paginated_response(rows) if page is not None else Response(rows)


class TargetDetailView(APIView):
    """One target with its series (each point and where it comes from), the pipeline, what is missing, the
    forecast, the status with the reason, the milestones and its source."""

    @extend_schema(operation_id="v1_targets_retrieve", parameters=[ON], responses={200: OpenApiTypes.OBJECT})
    @cache_response(dated(read_scope_key))
    def get(self, request: Request, pk: int) -> Response:
        target = get_object_or_404(with_related(Target.objects.visible_to(request.user)), pk=pk)
        on = _day(request)
        return Response(target_data(progress(target, on, request.user), detail=True))
