"""The province report pages: the report on screen, its generation (inline or in the background) with progress
polled by HTMX, and the files. The report is for officials of the province and national officers (it lists
internal obstacles and figures); anyone else gets 404 for the province, a visitor is asked to log in.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zoneatlas.geo.models import AdminUnit
from zoneatlas.portal.views import is_htmx_fragment
from zoneatlas.steering.access import can_read_reports_of
from zoneatlas.steering.models import ReportRun
from zoneatlas.steering.report import build_report
from zoneatlas.steering.report_files import CONTENT_TYPES
from zoneatlas.steering.report_runs import runs_inline, start_run


def _province(request: HttpRequest, code: str) -> AdminUnit | HttpResponse:
    province = get_object_or_404(AdminUnit.objects.current().provinces(), code=code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_read_reports_of(request.user, province.pk):
        raise Http404(_("No province has the code %(code)s.") % {"code": code})
    return province


@require_GET
def report_page(request: HttpRequest, code: str) -> HttpResponse:
    """The report on screen (small provinces), the generation form and the latest runs."""
    province = _province(request, code)
    if isinstance(province, HttpResponse):
        return province
    day = timezone.localdate()
    inline = runs_inline(province, request.user)
    context = {
        "province": province,
        "day": day,
        "report": build_report(province, day, request.user) if inline else None,
        "runs": ReportRun.objects.filter(province=province).order_by("-created_at", "-pk")[:5],
    }
    return render(request, "steering/report_page.html", context)


@require_POST
def report_start(request: HttpRequest, code: str) -> HttpResponse:
    province = _province(request, code)
    if isinstance(province, HttpResponse):
        return province
    run = start_run(province, request.user, timezone.localdate(), get_language() or "vi")
    return redirect("steering:report-run", pk=run.pk)


def _run(request: HttpRequest, pk: int) -> ReportRun | HttpResponse:
    run = get_object_or_404(ReportRun.objects.select_related("province"), pk=pk)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_read_reports_of(request.user, run.province_id):
        raise Http404(_("No report run has this number."))
    return run


@require_GET
def report_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's progress; an HTMX poll gets the progress fragment alone (it stops polling once finished)."""
    run = _run(request, pk)
    if isinstance(run, HttpResponse):
        return run
    template = "steering/report_run.html" + ("#progress" if is_htmx_fragment(request) else "")
    response = render(request, template, {"run": run})
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    run = _run(request, pk)
    if isinstance(run, HttpResponse):
        return run
    files = {"html": run.html_file, "pdf": run.pdf_file, "xlsx": run.xlsx_file}
    if fmt not in files or not files[fmt]:
        raise Http404(_("This run has no such file (yet)."))
    name = f"report-{run.province.code}-{run.as_of.isoformat()}.{fmt}"
    response = FileResponse(files[fmt].open("rb"), as_attachment=fmt != "html", filename=name)
    response["Content-Type"] = CONTENT_TYPES[fmt]
    return response
