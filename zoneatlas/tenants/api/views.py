"""Tenant endpoints: investors, projects, leases, exchange rates, and the roll-ups computed from them.

Everything goes through ``zoneatlas.accounts.access``: records of zones outside the user's scope do not
exist for them (404 on detail, absent from lists and roll-ups).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zoneatlas.accounts.access import access_for, read_scope_key
from zoneatlas.core.caching import CachedReadMixin, cache_response, dated
from zoneatlas.figures.models import Observation
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.tenants.api.serializers import (
    FundingSerializer,
    InvestorSerializer,
    LeaseSerializer,
    ProjectDetailSerializer,
    ProjectSerializer,
    RateSerializer,
)
from zoneatlas.tenants.filters import InvestorFilterSet, LeaseFilterSet, ProjectFilterSet
from zoneatlas.tenants.models import ExchangeRate, Investor, Lease, Project, ProjectStatusEvent
from zoneatlas.tenants.reports import occupancy_withheld, zone_tenant_report
from zoneatlas.tenants.rollups import TenantRollup, nation_from, rollup, rollup_by_province
from zoneatlas.zones.models import Zone

ON_PARAMETER = OpenApiParameter("on", OpenApiTypes.DATE, description="Day to compute for (default: today).")


def _visible_zone_ids(request: Request) -> QuerySet[Zone]:
    return Zone.objects.visible_to(request.user).values("pk")  # type: ignore[return-value]


def _day(request: Request) -> dt.date:
    text = request.query_params.get("on")
    if not text:
        return timezone.localdate()
    day = parse_date(text) if len(text) == 10 else None
    if day is None:
        raise ValidationError({"on": [_("“%(text)s” is not a date: write YYYY-MM-DD") % {"text": text}]})
    return day


class InvestorViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet[Investor]):
    """Secondary investors: enterprises and people with projects in the zones. FDI is derived from the
    country of origin and foreign ownership. The contact is internal (officials only)."""

    serializer_class = InvestorSerializer
    filterset_class = InvestorFilterSet
    cache_scope = staticmethod(read_scope_key)

    def get_queryset(self) -> QuerySet[Investor]:
        investors = Investor.objects.all()
        if access_for(self.request.user).reads_everything:
            return investors
        return investors.filter(projects__zone__in=_visible_zone_ids(self.request)).distinct()


class ProjectViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet[Project]):
    """Secondary investment projects in the zones, with capital as stated and converted at a dated rate
    (the rates used are given), land, jobs and the dated status history. Synthetic records say so."""

    filterset_class = ProjectFilterSet
    cache_scope = staticmethod(dated(read_scope_key))  # the status shown is today's

    def get_queryset(self) -> QuerySet[Project]:
        projects = Project.objects.filter(zone__in=_visible_zone_ids(self.request)).select_related(
            "zone",
            "investor",
            "registered_rate",
            "registered_usd_rate",
            "disbursed_rate",
            "disbursed_usd_rate",
        )
        projects = projects.select_related("document").defer("document__text")
        if self.action == "retrieve":
            projects = projects.prefetch_related(
                Prefetch("events", queryset=ProjectStatusEvent.objects.order_by("effective_on", "id"))
            )
        return projects.order_by("zone__code", "name", "id")

    def get_serializer_class(self) -> type[ProjectSerializer]:
        return ProjectDetailSerializer if self.action == "retrieve" else ProjectSerializer


class LeaseViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet[Lease]):
    """Land handed to projects: plot, area, land use, dates and status. Occupancy is derived from these."""

    serializer_class = LeaseSerializer
    filterset_class = LeaseFilterSet
    cache_scope = staticmethod(read_scope_key)

    def get_queryset(self) -> QuerySet[Lease]:
        return (
            Lease.objects.filter(zone__in=_visible_zone_ids(self.request))
            .select_related("zone", "project")
            .order_by("zone__code", "plot", "start_date", "id")
        )


class ExchangeRateViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet[ExchangeRate]):
    """The dated exchange-rate table every converted amount points into (VND per unit of the currency)."""

    serializer_class = RateSerializer
    queryset = ExchangeRate.objects.order_by("currency", "-valid_from")
    filterset_fields = ["currency"]


def decimals_as_text(value: Any) -> Any:
    """Decimals as strings, as the serializers write them (JSON numbers would lose exactness)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {key: decimals_as_text(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [decimals_as_text(item) for item in value]
    return value


def rollup_data(result: TenantRollup) -> dict[str, Any]:
    return {
        "zones": result.zones,
        "investors": result.investors,
        "fdi_investors": result.fdi_investors,
        "projects": result.projects,
        "fdi_projects": result.fdi_projects,
        "domestic_projects": result.domestic_projects,
        "operating_projects": result.operating_projects,
        "fdi_projects_pct": result.fdi_projects_pct,
        "registered_capital": {
            "vnd": result.registered_vnd,
            "usd": result.registered_usd,
            "fdi_vnd": result.fdi_registered_vnd,
            "fdi_usd": result.fdi_registered_usd,
            "domestic_vnd": result.domestic_registered_vnd,
            "fdi_share_pct": result.fdi_capital_pct,
        },
        "disbursed_capital": {"vnd": result.disbursed_vnd, "usd": result.disbursed_usd},
        "project_land_ha": result.land_ha,
        "leased_ha": result.leased_ha,
        "jobs": {"planned": result.planned_jobs, "actual": result.actual_jobs, "local": result.local_workers},
        "synthetic_projects": result.synthetic_projects,
        "on": result.on,
        "computed_from": result.computed_from,
    }


def _figure_ref(figure: Observation) -> dict[str, Any]:
    return {
        "id": figure.pk,
        "metric": figure.metric,
        "status": figure.status,
        "segment": figure.segment,
        "value": figure.value,
        "unit": figure.unit,
        "as_of": figure.as_of,
        "qualifiers": figure.qualifiers,
        "quote": figure.quote,
        "source": figure.document.code,
    }


class ZoneTenantsView(APIView):
    """A zone's tenants rolled up, its occupancy derived from leases next to the reported one, its idle land,
    its infrastructure funding, and each published tenant figure next to the value its records give."""

    @extend_schema(parameters=[ON_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @cache_response(scope=dated(read_scope_key))  # without `on`, computed for today
    def get(self, request: Request, code: str) -> Response:
        zone = get_object_or_404(Zone.objects.visible_to(request.user), code=code)
        report = zone_tenant_report(zone, request.user, _day(request))
        comparison, derived = report.occupancy, report.occupancy.derived
        return Response(
            decimals_as_text(
                {
                    "zone": zone.code,
                    "tenants": rollup_data(report.rollup),
                    "occupancy": None
                    if occupancy_withheld(zone)
                    else {
                        "reported": _figure_ref(comparison.reported) if comparison.reported else None,
                        "derived": {
                            "on": derived.on,
                            "rate_pct": derived.pct,
                            "leased_ha": derived.leased_ha,
                            "committed_ha": derived.committed_ha,
                            "industrial_land_ha": derived.land.hectares if derived.land else None,
                            "free_ha": derived.free_ha,
                            "computed_from": derived.computed_from,
                        },
                        "difference_pp": comparison.difference_pp,
                        "tolerance_pp": comparison.tolerance_pp,
                        "disagrees": comparison.disagrees,
                    },
                    "idle_land": [
                        {
                            "lease": item.lease.pk,
                            "plot": item.lease.plot,
                            "area_ha": item.lease.area_ha,
                            "since": item.idle_since,
                            "months": item.months,
                            "project": item.lease.project.name if item.lease.project else None,
                            "is_synthetic": item.lease.is_synthetic,
                        }
                        for item in report.idle_land
                    ],
                    "funding": FundingSerializer(report.funding, many=True).data,
                    "results": [
                        {
                            "period": row.period,
                            "start": row.start,
                            "end": row.end,
                            "revenue_vnd": row.revenue_vnd,
                            "exports_usd": row.exports_usd,
                            "budget_contribution_vnd": row.budget_contribution_vnd,
                            "production_value_vnd": row.production_value_vnd,
                            "workers": row.workers,
                            "local_workers": row.local_workers,
                            "average_income_vnd": row.average_income_vnd,
                            "projects": row.projects,
                            "computed_from": row.computed_from,
                        }
                        for row in report.results
                    ],
                    "published_vs_records": [
                        {
                            "figure": _figure_ref(item.figure),
                            "computed": item.computed,
                            "agrees": item.agrees,
                            "computed_from": item.basis,
                        }
                        for item in report.published_vs_records
                    ],
                }
            )
        )


class ProvinceTenantsView(APIView):
    """Tenants of a province's zones. Today's province code rolls up the zones in it now; a pre-2025 province
    code rolls up the zones reported under it (e.g. 17, Hòa Bình, now part of Phú Thọ)."""

    @extend_schema(parameters=[ON_PARAMETER], responses={200: OpenApiTypes.OBJECT})
    @cache_response(scope=dated(read_scope_key))  # without `on`, computed for today
    def get(self, request: Request, code: str) -> Response:
        province = AdminUnit.objects.filter(level=Level.PROVINCE, code=code).order_by("era").first()
        if province is None:
            raise NotFound(_("No province has the code %(code)s, today or before 1 July 2025.") % {"code": code})
        zones = Zone.objects.visible_to(request.user)
        if province.era == Era.CURRENT:
            zones = zones.filter(province=province)
            scope = _("zones in %(name)s today") % {"name": province.name}
        else:
            zones = zones.filter(Q(reported_unit=province) | Q(reported_unit__province=province))
            scope = _("zones reported under %(name)s (before 1 July 2025)") % {"name": province.name}
        if (
            not zones.exists()
            and not access_for(request.user).reads_everything
            and not access_for(request.user).is_public
        ):
            raise NotFound(_("No province has the code %(code)s, today or before 1 July 2025.") % {"code": code})
        result = rollup(zones, scope=scope, on=_day(request))
        return Response(
            decimals_as_text(
                {"province": {"code": province.code, "name": province.name, "era": province.era}, "scope": scope}
                | rollup_data(result)
            )
        )


class NationTenantsView(APIView):
    """Tenants of every zone the user may read, in total and per province (today's, or as reported)."""

    @extend_schema(
        parameters=[
            ON_PARAMETER,
            OpenApiParameter("as_reported", OpenApiTypes.BOOL, description="Group by the pre-2025 province reported."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @cache_response(scope=dated(read_scope_key))  # without `on`, computed for today
    def get(self, request: Request) -> Response:
        on = _day(request)
        as_reported = request.query_params.get("as_reported", "").lower() in {"1", "true", "yes"}
        zones = Zone.objects.visible_to(request.user)
        rows = rollup_by_province(zones, as_reported=as_reported, on=on)
        units = {unit.pk: unit for unit in AdminUnit.objects.filter(pk__in=[row.key for row in rows if row.key])}
        return Response(
            decimals_as_text(
                {
                    "nation": rollup_data(nation_from(rows, zones, on)),
                    "grouped_by": "province_as_reported" if as_reported else "province_today",
                    "provinces": [
                        {
                            "province": (
                                {"code": units[row.key].code, "name": units[row.key].name, "era": units[row.key].era}
                                if row.key in units
                                else None
                            )
                        }
                        | rollup_data(row)
                        for row in rows
                    ],
                }
            )
        )
