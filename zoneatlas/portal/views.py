"""The public pages: zones, a zone, a source document, the national overview and provinces, the map.

Server-rendered; HTMX swaps the zone results. Every page reads only the zones the user sees (``visible_to``).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zoneatlas.accounts.access import can_read_province
from zoneatlas.figures.models import Observation
from zoneatlas.portal import pages
from zoneatlas.sources.models import Document
from zoneatlas.zones.api.summary import province_summary
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.exporting import CONTENT_TYPES, FORMATS, export_zones
from zoneatlas.zones.models import Zone


def is_htmx_fragment(request: HttpRequest) -> bool:
    """An HTMX request for part of a page (not a history restore or a whole-body swap)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
        and request.headers.get("HX-Request-Type", "partial") != "full"
    )


@require_GET
def zone_list(request: HttpRequest) -> HttpResponse:
    """The zones, filtered like the API, sorted and paged; an HTMX request gets only the results."""
    listing = pages.zone_listing(request.GET, request.user)
    template = "portal/zone_list.html"
    if is_htmx_fragment(request):
        template += "#results"
    response = render(request, template, {"listing": listing, "sortable": pages.SORTABLE})
    # The same address answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def zone_export(request: HttpRequest) -> HttpResponse:
    """Exactly the zones the list shows for the same query (every page of it), as CSV, XLSX or GeoJSON."""
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404(_("Unknown export format."))
    _filterset, zones = pages.filtered_zones(request.GET, request.user)
    response = HttpResponse(export_zones(zones, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="zoneatlas-zones.{fmt}"'
    return response


@require_GET
def zone_detail(request: HttpRequest, code: str) -> HttpResponse:
    zone = get_object_or_404(pages.zone_page_queryset(request.user), code=code)
    page = pages.zone_page(zone)
    return render(
        request, "portal/zone_detail.html", {"page": page, "zone": zone, "chart_labels": pages.chart_labels()}
    )


@require_GET
def source_detail(request: HttpRequest, code: str) -> HttpResponse:
    document = get_object_or_404(Document, code=code)
    return render(
        request, "portal/source_detail.html", {"page": pages.source_page(document, request.user), "document": document}
    )


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The national overview: every zone rolled up, the 34 provinces ranked, and the map of all zones."""
    context = {
        "overview": pages.national_overview(request.user),
        "points": pages.map_points(QueryDict(), request.user),
        "map_config": pages.map_config(),
        "statuses": pages.map_statuses(),
    }
    return render(request, "portal/overview.html", context)


@require_GET
def province_detail(request: HttpRequest, code: str) -> HttpResponse:
    """Today's province; a pre-2025 province (code or name) or a name redirects to it, saying so."""
    lookup = pages.find_province(code)
    if lookup.province is None:
        raise Http404(_("No province is known by “%(code)s”.") % {"code": code})
    if lookup.province.code != code:
        url = reverse("portal:province", args=[lookup.province.code])
        if lookup.legacy is not None:
            url += "?" + urlencode({"from": lookup.legacy.code})
        return redirect(url)
    legacy_code = request.GET.get("from", "")
    legacy = pages.find_province(legacy_code).legacy if legacy_code else None
    visible = Zone.objects.visible_to(request.user).filter(province=lookup.province)
    if not can_read_province(request.user, lookup.province) and not visible.exists():
        raise Http404(_("No province is known by “%(code)s”.") % {"code": code})
    summary = province_summary(lookup.province, visible, request.user)
    zones = pages.province_zones(visible)
    kinds, kind_status_rows = pages.kind_status_table(summary["by_kind_and_status"])
    figures: list[Observation] = summary["published_figures"]
    context = {
        "province": lookup.province,
        "came_from": legacy if legacy is not None and legacy.era == "legacy" else None,
        "summary": summary,
        "zones": zones,
        "kinds": [(kind, ZoneKind(kind).label) for kind in kinds],
        "kind_status_rows": kind_status_rows,
        "figures": figures,
        "chart": pages.occupancy_by_zone_chart(zones),
        "chart_labels": pages.chart_labels(),
    }
    return render(request, "portal/province_detail.html", context)


@require_GET
def zone_map(request: HttpRequest) -> HttpResponse:
    """The filtered zones on a map, coloured by status; no tile server unless one is configured."""
    context = {
        "points": pages.map_points(request.GET, request.user),
        "map_config": pages.map_config(),
        "statuses": pages.map_statuses(),
        "query": request.GET.urlencode(),
    }
    return render(request, "portal/zone_map.html", context)
