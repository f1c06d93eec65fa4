"""The pages: zones, a zone, a source document, the national overview and provinces, the map; and for officials a
zone's history, the zone as of a day, and changing, deleting and restoring it.

Server-rendered; HTMX swaps the zone results. Every page reads only the zones the user sees (``visible_to``), and
asks ``zoneatlas.accounts.access`` who may read a history or change a zone; changes go through ``zones.services``.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zoneatlas.accounts.access import access_for, can_edit_zone, can_read_province, visible_zones
from zoneatlas.figures.models import Observation
from zoneatlas.portal import history, pages
from zoneatlas.sources.models import Document
from zoneatlas.tenants.reports import occupancy_withheld, zone_tenant_report
from zoneatlas.tenants.rollups import rollup
from zoneatlas.zones.api.summary import province_summary
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.exporting import CONTENT_TYPES, FORMATS, export_zones
from zoneatlas.zones.forms import AsOfForm, ZoneChangeForm, ZoneDeleteForm, ZoneRestoreForm
from zoneatlas.zones.history import first_recorded, zone_history
from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import change_zone, delete_zone, restore_zone


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
    """A zone today; with ``?as_of=YYYY-MM-DD``, as it was at the end of that day (for those who read its history)."""
    if "as_of" in request.GET:
        return zone_as_of_page(request, code)
    zone = get_object_or_404(pages.zone_page_queryset(request.user), code=code)
    context = {
        "page": pages.zone_page(zone),
        "zone": zone,
        "chart_labels": pages.chart_labels(),
        "reads_history": access_for(request.user).sees_internal,
        "can_edit": can_edit_zone(request.user, zone),
    }
    return render(request, "portal/zone_detail.html", context)


@require_GET
def zone_tenants(request: HttpRequest, code: str) -> HttpResponse:
    """A zone's investors, projects, leases and funding, and the occupancy and counts computed from them."""
    zone = get_object_or_404(Zone.objects.visible_to(request.user).select_related("province"), code=code)
    report = zone_tenant_report(zone, request.user, timezone.localdate(), with_records=True)
    context = {
        "zone": zone,
        "report": report,
        "occupancy_withheld": occupancy_withheld(zone),
        "synthetic_leases": any(lease.is_synthetic for lease in report.leases),
    }
    return render(request, "portal/zone_tenants.html", context)


# A zone's history and changes ------------------------------------------------------------------------------------


def refuse(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    """A page saying why the request is refused (or cannot be answered), with the given status."""
    return render(request, "portal/refused.html", {"message": message}, status=status)


def history_refusal(request: HttpRequest) -> HttpResponse | None:
    """Why the user may not read a zone's history (they read the zone): None when they may, as the API decides.

    The history is for officials and developers: a visitor is asked to log in, a user without a grant refused.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not access_for(request.user).sees_internal:
        return refuse(request, _("The change history is for officials; sign in to read it."))
    return None


def zone_to_change(request: HttpRequest, code: str, *, deleted: bool = False) -> Zone | HttpResponse:
    """The zone the user may change, or the answer: 404 when they may not read it, 403 when they may not change it.

    A visitor who is not logged in is sent to the login page for a zone the public reads; a deleted zone is not
    public (404). ``deleted`` looks among deleted zones (to restore one) instead of live ones.
    """
    user = request.user
    if deleted:
        if access_for(user).is_public:
            raise Http404(_("No zone has the code %(code)s.") % {"code": code})
        zone = get_object_or_404(visible_zones(user, Zone.objects.filter(deleted_at__isnull=False)), code=code)
    else:
        zone = get_object_or_404(Zone.objects.visible_to(user).select_related("province"), code=code)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_edit_zone(user, zone):
        return refuse(request, _("Your access does not include changing this zone."))
    return zone


@require_GET
def zone_history_page(request: HttpRequest, code: str) -> HttpResponse:
    """Every change of the zone and its records (who, when, why, before and after), and a day to look back to."""
    zone = get_object_or_404(Zone.objects.visible_to(request.user).select_related("province"), code=code)
    refusal = history_refusal(request)
    if refusal is not None:
        return refusal
    context = {"zone": zone, "entries": history.zone_change_log(zone, request.user), "form": AsOfForm()}
    return render(request, "portal/zone_history.html", context)


def zone_as_of_page(request: HttpRequest, code: str) -> HttpResponse:
    """The zone's page as it was at the end of a day, with a banner saying so and a way back to today."""
    queryset = Zone.objects.visible_to(request.user).select_related(
        "province", "commune", "parent", "reported_unit__province"
    )
    zone = get_object_or_404(queryset, code=code)
    refusal = history_refusal(request)
    if refusal is not None:
        return refusal
    form = AsOfForm(request.GET)
    if not form.is_valid():
        return render(request, "portal/zone_as_of_notice.html", {"zone": zone, "form": form}, status=400)
    day = form.cleaned_data["as_of"]
    page = history.zone_page_as_of(zone, day, request.user)
    if page is None:
        first = first_recorded(zone)
        notice = _("%(name)s was not in the registry yet on %(day)s; its first record is of %(first)s.") % {
            "name": zone.name,
            "day": date_format(day, "DATE_FORMAT"),
            "first": date_format(first, "DATE_FORMAT") if first else "–",
        }
        context = {"zone": zone, "form": form, "notice": notice}
        return render(request, "portal/zone_as_of_notice.html", context, status=404)
    context = {
        "page": page,
        "zone": page.zone,
        "as_of": day,
        "chart_labels": pages.chart_labels(),
    }
    return render(request, "portal/zone_detail.html", context)


@require_http_methods(["GET", "POST"])
def zone_edit(request: HttpRequest, code: str) -> HttpResponse:
    """Change the zone's registry record (the fields the API's PATCH takes), saying why."""
    zone = zone_to_change(request, code)
    if isinstance(zone, HttpResponse):
        return zone
    # The form works on a copy: the page keeps showing the zone as it is while the officer corrects errors.
    form = ZoneChangeForm(request.POST if request.method == "POST" else None, instance=copy.copy(zone))
    if form.is_bound and form.is_valid():
        changes = form.changes()
        if changes:
            change_zone(zone, changes, user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("The changes to %(name)s are saved.") % {"name": zone.name})
        else:
            messages.info(request, _("Nothing was changed."))
        return redirect("portal:zone", code=zone.code)
    status = 400 if form.is_bound else 200
    return render(request, "portal/zone_edit.html", {"zone": zone, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def zone_delete(request: HttpRequest, code: str) -> HttpResponse:
    """Delete the zone softly, after confirmation and with a reason; it can be restored."""
    zone = zone_to_change(request, code)
    if isinstance(zone, HttpResponse):
        return zone
    form = ZoneDeleteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        delete_zone(zone, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s is deleted. You can restore it here.") % {"name": zone.name})
        return redirect("portal:zone-restore", code=zone.code)
    status = 400 if form.is_bound else 200
    return render(request, "portal/zone_delete.html", {"zone": zone, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def zone_restore(request: HttpRequest, code: str) -> HttpResponse:
    """Bring a deleted zone back, with a reason."""
    zone = zone_to_change(request, code, deleted=True)
    if isinstance(zone, HttpResponse):
        return zone
    form = ZoneRestoreForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        restore_zone(zone, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("%(name)s is restored.") % {"name": zone.name})
        return redirect("portal:zone", code=zone.code)
    context: dict[str, Any] = {"zone": zone, "form": form, "deletion": _last_deletion(zone)}
    return render(request, "portal/zone_restore.html", context, status=400 if form.is_bound else 200)


def _last_deletion(zone: Zone) -> dict[str, Any] | None:
    """When, by whom and why the zone was deleted (its latest deletion in the history)."""
    return next((entry for entry in zone_history(zone) if entry["kind"] == "deleted"), None)


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
        "tenants": rollup(visible, scope=lookup.province.name, on=timezone.localdate()),
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
