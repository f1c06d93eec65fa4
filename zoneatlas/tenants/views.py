"""The tenant pages: projects (filtered, sorted, paged, exported), investors, and a project with its history.

Server-rendered; HTMX swaps the results of a list. A view parses the request, asks ``zoneatlas.tenants.pages`` (which
reads through ``zoneatlas.accounts.access``) and renders: a project outside the user's scope answers 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zoneatlas.accounts.access import access_for
from zoneatlas.portal.views import is_htmx_fragment
from zoneatlas.tenants import pages
from zoneatlas.tenants.exports import CONTENT_TYPES, FORMATS, export_projects


def _list_page(request: HttpRequest, template: str, context: dict[str, object]) -> HttpResponse:
    """The whole page, or only its results for an HTMX request (the same address answers both)."""
    if is_htmx_fragment(request):
        template += "#results"
    response = render(request, template, context)
    # The same address answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    """The projects the user reads, filtered like the API, sorted and paged, with the totals of the whole selection."""
    listing = pages.project_listing(request.GET, request.user)
    return _list_page(request, "tenants/project_list.html", {"listing": listing})


@require_GET
def project_export(request: HttpRequest) -> HttpResponse:
    """Exactly the projects the list shows for the same query (every page of it), as CSV or XLSX.

    A filter that cannot be read is refused (400) rather than ignored: the file would hold more than was asked.
    """
    fmt = request.GET.get("format", "csv")
    if fmt not in FORMATS:
        raise Http404(_("Unknown export format."))
    filterset, projects = pages.filtered_projects(request.GET, request.user)
    if not filterset.form.is_valid():
        problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.form.errors.items())
        message = _("The filters cannot be read, nothing was exported: %(problems)s") % {"problems": problems}
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    body = export_projects(projects, fmt, internal=access_for(request.user).sees_internal)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="zoneatlas-projects.{fmt}"'
    return response


@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A project: its dated status history, capital with the rates used, leases, results and source."""
    project = get_object_or_404(pages.project_page_queryset(request.user), pk=pk)
    return render(request, "tenants/project_detail.html", {"page": pages.project_page(project, request.user)})


@require_GET
def investor_list(request: HttpRequest) -> HttpResponse:
    """The investors the user reads, filtered like the API, each with the projects of theirs the user reads."""
    listing = pages.investor_listing(request.GET, request.user)
    return _list_page(request, "tenants/investor_list.html", {"listing": listing})
