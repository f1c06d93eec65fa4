"""The checks page: may a province (or commune) establish a new cluster, may a cluster expand.

Server-rendered; each form swaps its answer in place with HTMX (the same view answers the whole page or the
fragment). A view reads the request, calls one check of ``zoneatlas.planning.checks`` and renders. What the user
may not read answers 404, as the API does (``zoneatlas.accounts.access``).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zoneatlas.accounts.access import can_read_province
from zoneatlas.planning.checks import NotAClusterError, may_establish_cluster, may_expand
from zoneatlas.planning.forms import EstablishForm, ExpandForm
from zoneatlas.planning.lookups import (
    BadInputError,
    UnknownPlaceError,
    find_commune,
    find_province,
    parse_area,
    parse_day,
    parse_flag,
)
from zoneatlas.portal.views import is_htmx_fragment
from zoneatlas.zones.models import Zone

TEMPLATE = "planning/checks.html"


def _render(request: HttpRequest, context: dict[str, Any], partial: str, status: int = 200) -> HttpResponse:
    template = f"{TEMPLATE}#{partial}" if is_htmx_fragment(request) else TEMPLATE
    defaults = {"establish_form": EstablishForm(), "expand_form": ExpandForm()}
    response = render(request, template, defaults | context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def checks(request: HttpRequest) -> HttpResponse:
    """The two questions, not yet asked."""
    return _render(request, {}, "establish-answer")


@require_GET
def check_establish(request: HttpRequest) -> HttpResponse:
    """May the province (or commune) establish a new cluster on the day?"""
    form = EstablishForm(request.GET)
    context: dict[str, Any] = {"establish_form": form}
    try:
        on = parse_day(request.GET.get("on"))
        province = find_province(request.GET.get("province", ""))
        if not can_read_province(request.user, province):
            raise UnknownPlaceError(_("No province has the code %(code)s.") % {"code": province.code})
        commune = find_commune(request.GET.get("commune", ""), province)
    except BadInputError as error:
        return _render(request, context | {"establish_error": str(error)}, "establish-answer", 400)
    except UnknownPlaceError as error:
        return _render(request, context | {"establish_error": str(error)}, "establish-answer", 404)
    context["establish"] = may_establish_cluster(province, on, commune=commune, user=request.user)
    return _render(request, context, "establish-answer")


@require_GET
def check_expand(request: HttpRequest) -> HttpResponse:
    """May the cluster expand on the day?"""
    form = ExpandForm(request.GET)
    context: dict[str, Any] = {"expand_form": form}
    code = request.GET.get("code", "").strip()
    zone = Zone.objects.visible_to(request.user).filter(code=code).first() if code else None
    if zone is None:
        # The code typed is not echoed (nor the address, which a whole page repeats): the answer must read the same
        # whether the zone does not exist or is hidden from the user.
        message = _("No zone you may read has this code.")
        if not is_htmx_fragment(request):
            raise Http404(message)
        return _render(request, {"expand_error": message}, "expand-answer", 404)
    try:
        on = parse_day(request.GET.get("on"))
        area = parse_area(request.GET.get("area_after"))
        demand = parse_flag(request.GET.get("demand_exceeds_supply"), "demand_exceeds_supply")
        context["expand"] = may_expand(
            zone, on, area, demand_exceeds_supply=demand, demand_note=request.GET.get("demand_note", "").strip()
        )
    except (BadInputError, NotAClusterError) as error:
        return _render(request, context | {"expand_error": str(error)}, "expand-answer", 400)
    return _render(request, context, "expand-answer")
