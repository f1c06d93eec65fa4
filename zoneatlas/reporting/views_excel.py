"""Pages of the Excel templates: download a report's template (or a province's), fill it in, upload it.

Thin views over ``zoneatlas.reporting.excel``: a refused file shows its reason, or every problem placed by sheet,
row, column and rule, and changes nothing; a valid one is saved (or submitted) and the user goes back to the report.
Reports are internal: a visitor who is not signed in is asked to log in; a report outside the user's scope is 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from zoneatlas.reporting import excel, excel_upload
from zoneatlas.reporting.models import ExpectedReport, ReportForm
from zoneatlas.reporting.permissions import can_file


def _file(scope: excel.TemplateScope) -> HttpResponse:
    response = HttpResponse(excel.workbook_bytes(scope), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.file_name(scope)}"'
    return response


def _report(request: HttpRequest, pk: int) -> ExpectedReport:
    return get_object_or_404(
        ExpectedReport.objects.visible_to(request.user).select_related("form", "zone", "province", "submission"),
        pk=pk,
    )


def _upload(request: HttpRequest, scope: excel.TemplateScope) -> tuple[dict[str, Any], int]:
    """Read the uploaded file: the page's context and status (200 when saved)."""
    upload = request.FILES.get("file")
    if upload is None:
        return {"refusal": _("Choose the filled-in template (.xlsx) to upload.")}, 400
    if upload.size is not None and upload.size > excel_upload.MAX_UPLOAD_BYTES:
        return {"refusal": _("The file is larger than 10 MB.")}, 400
    try:
        outcome = excel_upload.upload(scope, upload, user=request.user, submit=request.POST.get("submit") == "1")
    except excel.TemplateError as error:
        return {"refusal": error.message}, error.status
    except excel_upload.UploadRefusedError as error:
        return {"refusal": error.message, "problems": error.problems}, 400
    return {"outcome": outcome}, 200


def _saved_message(request: HttpRequest, outcome: excel_upload.UploadOutcome) -> None:
    count = len(outcome.submissions)
    if outcome.submitted:
        text = _("Reports submitted from the file: %(count)s.") % {"count": count}
        if outcome.late:
            text += " " + _("Submitted after the due day: marked late.")
    else:
        text = _("Reports saved as drafts from the file: %(count)s.") % {"count": count}
    messages.success(request, text)
    for warning in outcome.warnings:
        messages.warning(request, str(warning))


@require_http_methods(["GET", "POST"])
def report_excel(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's Excel template: the download link, and the upload form with the problems of a refused file."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    report = _report(request, pk)
    context: dict[str, Any] = {"report": report, "may_file": can_file(request.user, report), "here": "excel"}
    status = 200
    if request.method == "POST":
        result, status = _upload(request, excel.report_scope(report))
        if status == 200:
            _saved_message(request, result["outcome"])
            return redirect("reporting:report", pk=report.pk)
        context |= result
    return render(request, "reporting/excel.html", context, status=status)


@require_GET
def report_excel_download(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _file(excel.report_scope(_report(request, pk)))


def _province_params(request: HttpRequest) -> dict[str, str]:
    source = request.POST if request.method == "POST" else request.GET
    return {name: source.get(name, "").strip() for name in ("form", "period", "province")}


@require_http_methods(["GET", "POST"])
def province_excel(request: HttpRequest) -> HttpResponse:
    """The province's template of a form and period (one row per report open to the user), and its upload."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    params = _province_params(request)
    forms = ReportForm.objects.exclude(indicators__isnull=True).order_by("code", "version").distinct()
    context: dict[str, Any] = {"params": params, "forms": forms, "here": "excel"}
    status = 200
    if all(params.values()):
        try:
            scope = excel.province_scope(request.user, params["form"], params["period"], params["province"])
        except excel.TemplateError as error:
            context["refusal"] = error.message
            status = error.status
        else:
            context["scope"] = scope
            context["download"] = f"{reverse('reporting:province-excel-download')}?{urlencode(params)}"
            if request.method == "POST":
                result, status = _upload(request, scope)
                if status == 200:
                    _saved_message(request, result["outcome"])
                    return redirect(f"{reverse('reporting:province-excel')}?{urlencode(params)}")
                context |= result
    elif request.method == "POST":
        context["refusal"] = _("Name the form, the period and the province.")
        status = 400
    return render(request, "reporting/excel_province.html", context, status=status)


@require_GET
def province_excel_download(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    params = _province_params(request)
    if not all(params.values()):
        raise Http404(_("Name the form, the period and the province."))
    try:
        scope = excel.province_scope(request.user, params["form"], params["period"], params["province"])
    except excel.TemplateError as error:
        if error.status == 404:
            raise Http404(error.message) from None
        return render(request, "portal/refused.html", {"message": error.message}, status=error.status)
    return _file(scope)
