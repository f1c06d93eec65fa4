"""Pages of forms 03 and 04 computed from approved reports: the national table, one unit's form with a link from
each number to its sources, and the exports in the official layout (XLSX and PDF).

Thin views over ``zoneatlas.reporting.summaries`` and ``exports``. A unit's summary is readable by whoever reads its
form 03/04 expected report; the national table by national officers (``summaries.readable_unit``, which asks
``zoneatlas.accounts.access``); anything else is 404. A visitor who is not signed in is asked to log in.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zoneatlas.accounts.access import access_for
from zoneatlas.reporting import exports, summaries
from zoneatlas.reporting.models import ExpectedReport


def _summary(request: HttpRequest, period: str, level: str, code: str) -> summaries.Summary:
    try:
        unit = summaries.readable_unit(request.user, level, code, period)
        return summaries.compute(level, period, unit) if unit is not None else summaries.by_province(period).total
    except summaries.SummaryError as error:
        raise Http404(str(error)) from None


@require_GET
def summary_list(request: HttpRequest) -> HttpResponse:
    """The national table for national officers; for others, the forms 03 and 04 of their scope."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reports = ExpectedReport.objects.visible_to(request.user).filter(form__code__in=["CCN-03", "CCN-04"])
    periods = sorted(set(reports.values_list("period_label", flat=True)), reverse=True)
    period = request.GET.get("period", "").strip() or (periods[0] if periods else "")
    context: dict[str, Any] = {"period": period, "periods": periods, "here": "summaries"}
    if period and access_for(request.user).reads_everything:
        try:
            context["table"] = summaries.by_province(period)
        except summaries.SummaryError as error:
            context["refusal"] = str(error)
            return render(request, "reporting/summary_list.html", context, status=400)
    context["units"] = (
        reports.filter(period_label=period)
        .select_related("admin_unit", "form")
        .order_by("form__code", "admin_unit__code")
    )
    return render(request, "reporting/summary_list.html", context)


@require_GET
def summary_page(request: HttpRequest, period: str, level: str, code: str) -> HttpResponse:
    """One unit's form 03 or 04 (or the nation's rows), each number linking to its sources."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    summary = _summary(request, period, level, code)
    context = {"summary": summary, "rows": exports.rows(summary), "level": level, "code": code, "here": "summaries"}
    return render(request, "reporting/summary.html", context)


@require_GET
def summary_sources(request: HttpRequest, period: str, level: str, code: str, indicator: str) -> HttpResponse:
    """Where one number of the form came from: the registry records and the approved reports, each with its value."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    summary = _summary(request, period, level, code)
    try:
        line = summary.line(indicator)
    except KeyError:
        raise Http404(_("%(form)s has no row “%(code)s”.") % {"form": summary.form.code, "code": indicator}) from None
    context = {"summary": summary, "line": line, "level": level, "code": code, "here": "summaries"}
    return render(request, "reporting/summary_sources.html", context)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
def summary_xlsx(request: HttpRequest, period: str, level: str, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    summary = _summary(request, period, level, code)
    name = f"{summary.form.code}-{period}-{code}.xlsx"
    return _download(exports.summary_xlsx(summary), exports.CONTENT_TYPE_XLSX, name)


@require_GET
def summary_pdf(request: HttpRequest, period: str, level: str, code: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    summary = _summary(request, period, level, code)
    return _download(exports.summary_pdf(summary), exports.CONTENT_TYPE_PDF, f"{summary.form.code}-{period}-{code}.pdf")
