"""``GET /api/v1/templates/<kind>.xlsx``: the Excel template of a project, lease or exchange-rate file.

Public: a template holds no data, only the columns and how to fill them. ``urlpatterns`` here is included
under ``/api/v1/``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from zoneatlas.tenants.imports.templates import CONTENT_TYPE, TEMPLATES, template_bytes, template_file_name


class ImportTemplateView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Excel template for an import",
        description=(
            "An XLSX file with the Vietnamese headers (row 1), their English names (row 2, skipped on import) "
            "and a sheet that explains every column. Filled in, it imports as it is with "
            "`zoneatlas import projects|leases|rates FILE`."
        ),
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=sorted(TEMPLATES)),
        ],
        responses={(200, CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY), 404: None},
    )
    def get(self, request: Request, kind: str) -> HttpResponse:
        if kind not in TEMPLATES:
            raise Http404
        response = HttpResponse(template_bytes(kind), content_type=CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{template_file_name(kind)}"'
        return response


urlpatterns = [
    path("templates/<str:kind>.xlsx", ImportTemplateView.as_view(), name="import-template"),
]
