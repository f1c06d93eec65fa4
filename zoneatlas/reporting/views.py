"""The reporting pages: what is due for me, the calendar, a report's web form (draft, check, submit, the review
trail and history), the reviewer's queue and decisions, and completeness.

Thin views: the workflow is ``zoneatlas.reporting.services`` (a refused action raises and changes nothing: 403 when
the user may read the report but not act, 409 when its state does not allow it, 400 for wrong values or a missing
comment), who files and reviews what is ``zoneatlas.reporting.permissions`` through ``worklists``, and visibility is
``ExpectedReport.objects.visible_to`` (``zoneatlas.accounts.access``): a report outside the user's scope is 404.
Reports are internal: a visitor who is not signed in is asked to log in; the calendar, being the law, is public.
"""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zoneatlas.accounts.access import access_for
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.reporting import completeness, services, worklists
from zoneatlas.reporting.choices import Reviewer, SubmissionStatus
from zoneatlas.reporting.forms import CalendarForm, CompletenessFilterForm, ReviewForm, SubmissionForm, localised
from zoneatlas.reporting.models import ExpectedReport, ReportForm, Submission, SubmissionEvent
from zoneatlas.reporting.periods import deadlines
from zoneatlas.reporting.permissions import can_file, can_review
from zoneatlas.reporting.prefill import previous_approved
from zoneatlas.reporting.trail import versions
from zoneatlas.reporting.validation import clean_values, run_rules


def clock() -> dt.datetime:
    """The time the pages act at (tests set it to a day before or after a deadline)."""
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(clock())


def _login(request: HttpRequest) -> HttpResponse | None:
    """Reports are for signed-in users: the others are sent to log in (and come back here)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def _refuse(request: HttpRequest, message: str, status: int = 403) -> HttpResponse:
    return render(request, "portal/refused.html", {"message": message}, status=status)


# What is due for me -----------------------------------------------------------------------------------------------


@require_GET
def my_reports(request: HttpRequest) -> HttpResponse:
    """The reports the signed-in user must file, by period, with their deadline, status and late marker."""
    if (login := _login(request)) is not None:
        return login
    reports = ExpectedReport.objects.all()
    period = request.GET.get("period", "").strip()
    if period:
        reports = reports.filter(period_label=period)
    day = today()
    rows: list[dict[str, Any]] = [
        {"report": report, "standing": worklists.standing(report, day)}
        for report in worklists.to_file(request.user, reports)
    ]
    periods = [
        {"label": label, "rows": list(group)}
        for label, group in groupby(rows, key=lambda row: row["report"].period_label)
    ]
    context = {
        "periods": periods,
        "period": period,
        "today": day,
        "reviews": worklists.may_review_anything(request.user),
        "open_count": sum(1 for row in rows if row["standing"].status in {"not_started", "draft", "returned"}),
    }
    return render(request, "reporting/my_reports.html", context)


@require_GET
def calendar_page(request: HttpRequest) -> HttpResponse:
    """What is due in a year: each form version in force, its periods (cut-off windows) and due days. Public."""
    day = today()
    data = request.GET.copy()
    data.setdefault("year", str(day.year))
    form = CalendarForm(data)
    if not form.is_valid():
        return render(request, "reporting/calendar.html", {"form": form, "months": []}, status=400)
    year = form.cleaned_data["year"]
    period_type = form.cleaned_data["period_type"]
    due = deadlines(ReportForm.objects.order_by("code", "version"), dt.date(year, 1, 1), dt.date(year, 12, 31))
    if period_type:
        due = [item for item in due if item.period.type == period_type]
    months = [
        {"month": dt.date(year, month, 1), "deadlines": list(items)}
        for month, items in groupby(due, key=lambda item: item.due_on.month)
    ]
    context = {"form": form, "year": year, "months": months, "today": day}
    return render(request, "reporting/calendar.html", context)


# A report: the web form, its trail, and the reviewer's decision ---------------------------------------------------


def _report(request: HttpRequest, pk: int) -> ExpectedReport:
    reports = ExpectedReport.objects.visible_to(request.user).select_related(
        "form", "zone", "project", "admin_unit", "province", "submission"
    )
    return get_object_or_404(reports, pk=pk)


def _editable(may_file: bool, submission: Submission | None) -> bool:
    """Whether the filer may change the values now: not while the reviewer has them, nor once approved (locked)."""
    return may_file and (submission is None or submission.status in {SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})


def _submission_form(
    report: ExpectedReport, submission: Submission | None, data: Any = None, *, may_file: bool
) -> tuple[SubmissionForm, ExpectedReport | None]:
    """The web form: the saved values, or (nothing saved yet) the same reporter's last approved values."""
    indicators = list(report.form.indicators.all())
    rules = list(report.form.rules.all())
    previous = None
    values: dict[str, Any] = {}
    if submission is not None and submission.values:
        values = submission.values
    elif may_file and data is None:
        previous = previous_approved(report)
        if previous is not None:
            values = previous.submission.values
    editable = _editable(may_file, submission)
    form = SubmissionForm(
        report.form,
        data,
        indicators=indicators,
        rules=rules,
        values=values,
        explanations=submission.explanations if submission is not None else {},
        disabled=not editable,
    )
    return form, previous


def _render_report(
    request: HttpRequest,
    report: ExpectedReport,
    *,
    form: SubmissionForm | None = None,
    review_form: ReviewForm | None = None,
    findings: list[dict[str, Any]] | None = None,
    unexplained: list[str] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    submission = _saved_submission(report)
    may_file = can_file(request.user, report)
    may_review = can_review(request.user, report)
    previous = None
    if form is None:
        form, previous = _submission_form(report, submission, may_file=may_file)
    if findings is None and submission is not None and submission.findings:
        findings = submission.findings
    unexplained = unexplained or []
    shown_explanations = {finding["rule"] for finding in findings or [] if finding["severity"] == "warning"}
    if submission is not None:
        shown_explanations |= {code for code, text in submission.explanations.items() if text}
    events = (
        list(SubmissionEvent.objects.filter(submission_id=submission.pk).select_related("user"))
        if submission is not None
        else []
    )
    context = {
        "report": report,
        "submission": submission,
        "standing": worklists.standing(report, today()),
        "form": form,
        "sections": form.rows(),
        "explanations": [
            {"rule": rule, "field": form.explanation(rule.code), "unexplained": rule.code in unexplained}
            for rule in form.warning_rules
            if rule.code in shown_explanations or rule.code in unexplained
        ],
        "rules": [{"rule": rule, "message": localised(rule.message, rule.message_en)} for rule in form.rules],
        "findings": findings or [],
        "previous": previous,
        "events": events,
        "versions": versions(submission, form.indicators) if submission is not None else [],
        "may_file": may_file,
        "editable": _editable(may_file, submission),
        "may_review": may_review,
        "review_form": review_form or ReviewForm(),
        "refusal": refusal,
        "form_name": localised(report.form.name, report.form.name_en),
        "reviewer_is_ministry": report.form.reviewer == Reviewer.MINISTRY,
    }
    return render(request, "reporting/report.html", context, status=status)


def _saved_submission(report: ExpectedReport) -> Submission | None:
    """The report's submission if one is saved (a refused first submission leaves an unsaved one in the cache)."""
    submission: Submission | None = getattr(report, "submission", None)
    return submission if submission is not None and submission.pk is not None else None


def _status_of(error: services.WorkflowError) -> int:
    if isinstance(error, services.NotAllowedError):
        return 403
    if isinstance(error, services.WrongStateError):
        return 409
    return 400


@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A report's web form (pre-filled), its findings, review trail and history; POST saves, checks or submits."""
    if (login := _login(request)) is not None:
        return login
    report = _report(request, pk)
    if request.method == "GET":
        return _render_report(request, report)
    submission = _saved_submission(report)
    may_file = can_file(request.user, report)
    form, _previous = _submission_form(report, submission, request.POST, may_file=may_file)
    action = request.POST.get("action", "")
    if action == "check" and not may_file:
        return _render_report(request, report, refusal=_("You may read this report but not file it."), status=403)
    values, explanations = form.raw_values(), form.raw_explanations()
    if action == "check":
        cleaned, errors = clean_values(report.form, values)
        for code, message in errors.items():
            form.add_error(code if code in form.fields else None, message)
        findings = [finding.as_dict() for finding in run_rules(report, cleaned)] if not errors else []
        return _render_report(request, report, form=form, findings=findings, status=400 if errors else 200)
    try:
        if action == "save":
            services.save_draft(report, values, user=request.user, explanations=explanations)
            messages.success(request, _("The draft is saved. It is not filed until you submit it."))
        elif action == "submit":
            returned = submission is not None and submission.status == SubmissionStatus.RETURNED
            run = services.resubmit if returned else services.submit
            saved = run(report, user=request.user, values=values, explanations=explanations, now=clock())
            if saved.is_late:
                messages.warning(request, _("The report is submitted, after its due day: it is marked late."))
            else:
                messages.success(request, _("The report is submitted to the reviewer."))
        else:
            return _render_report(request, report, form=form, refusal=_("Choose to save, check or submit."), status=400)
    except services.WorkflowError as error:
        for code, message in error.detail.get("errors", {}).items():
            form.add_error(code if code in form.fields else None, message)
        return _render_report(
            request,
            report,
            form=form if may_file else None,
            findings=error.detail.get("findings"),
            unexplained=error.detail.get("unexplained"),
            refusal=error.message,
            status=_status_of(error),
        )
    return redirect("reporting:report", pk=report.pk)


@require_POST
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer returns (with a comment), approves, or reopens (with a reason) a report."""
    if (login := _login(request)) is not None:
        return login
    report = _report(request, pk)
    review_form = ReviewForm(request.POST)
    if not review_form.is_valid():
        return _render_report(request, report, review_form=review_form, refusal=_("Choose a decision."), status=400)
    action, comment = review_form.cleaned_data["action"], review_form.cleaned_data["comment"]
    try:
        if action == ReviewForm.RETURN:
            services.return_with_comment(report, user=request.user, comment=comment)
            messages.success(request, _("The report is returned to its reporter with your comment."))
        elif action == ReviewForm.APPROVE:
            services.approve(report, user=request.user, comment=comment)
            messages.success(request, _("The report is approved; its data is locked."))
        else:
            services.reopen(report, user=request.user, reason=comment)
            messages.success(request, _("The report is reopened and back with its reporter."))
    except services.WorkflowError as error:
        review_form.add_error("comment", error.message)
        return _render_report(request, report, review_form=review_form, refusal=error.message, status=_status_of(error))
    return redirect("reporting:report", pk=report.pk)


# The reviewer's queue ---------------------------------------------------------------------------------------------


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    """The submitted reports waiting for the user's decision, oldest first; and those recently returned."""
    if (login := _login(request)) is not None:
        return login
    if not worklists.may_review_anything(request.user):
        return _refuse(request, _("You review no reports: the queue is for the agencies that receive them."))
    reports = ExpectedReport.objects.all()
    period = request.GET.get("period", "").strip()
    if period:
        reports = reports.filter(period_label=period)
    waiting = worklists.to_review(request.user, reports)
    returned = worklists.to_review(request.user, reports, statuses=(SubmissionStatus.RETURNED,))
    context = {"waiting": waiting, "returned": returned, "period": period, "today": today()}
    return render(request, "reporting/review_queue.html", context)


# Completeness -----------------------------------------------------------------------------------------------------


@require_GET
def completeness_page(request: HttpRequest) -> HttpResponse:
    """Completeness and timeliness of a period per province, commune, zone and form, over the reports the user
    reads, with the reporters still missing."""
    if (login := _login(request)) is not None:
        return login
    visible = ExpectedReport.objects.visible_to(request.user)
    scope = list(
        visible.order_by()
        .values_list("period_label", "period_end", "province__code", "province__name", "form__code")
        .distinct()
    )
    if not scope:
        return render(request, "reporting/completeness.html", {"empty": True})
    periods = [
        label for label, _end in sorted({(row[0], row[1]) for row in scope}, key=lambda item: item[1], reverse=True)
    ]
    provinces = sorted({(row[2], row[3]) for row in scope})
    wanted = request.GET.get("province", "")
    if wanted and wanted not in {code for code, _name in provinces}:
        provinces += _readable_province(request.user, wanted)
    form_codes = sorted({row[4] for row in scope})
    data = request.GET.copy()
    data.setdefault("period", _default_period(scope, periods))
    filters = CompletenessFilterForm(data, periods=periods, provinces=provinces, form_codes=form_codes)
    if not filters.is_valid():
        context = {"filters": filters, "invalid": True}
        return render(request, "reporting/completeness.html", context, status=400)
    chosen = filters.cleaned_data
    reports = visible.filter(period_label=chosen["period"])
    if chosen["province"]:
        reports = reports.filter(province__code=chosen["province"])
    if chosen["form"]:
        reports = reports.filter(form__code=chosen["form"])
    day = today()
    missing = [
        {"report": report, "standing": worklists.standing(report, day)} for report in completeness.missing(reports)
    ]
    context = {
        "filters": filters,
        "period": chosen["period"],
        "total": completeness.overall(reports),
        "tables": [
            {"key": by, "title": title, "rows": completeness.breakdown(reports, by)}
            for by, title in (
                (completeness.PROVINCE, _("By province")),
                (completeness.COMMUNE, _("By commune")),
                (completeness.ZONE, _("By zone")),
                (completeness.FORM, _("By form")),
            )
        ],
        "missing": missing,
        "today": day,
        "national": access_for(request.user).reads_everything,
    }
    return render(request, "reporting/completeness.html", context)


def _readable_province(user: Any, code: str) -> list[tuple[str, str]]:
    """A province the user reads but where no report is expected yet (it is offered, and shows zeros)."""
    province = AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE, code=code).first()
    access = access_for(user)
    if province is None or not (access.reads_everything or province.pk in access.read_provinces):
        return []
    return [(province.code, province.name)]


def _default_period(scope: list[tuple[Any, ...]], periods: list[str]) -> str:
    """The latest period whose cut-off has passed (the one being reported), else the latest one."""
    day = today()
    ended = sorted({(row[1], row[0]) for row in scope if row[1] <= day}, reverse=True)
    return ended[0][1] if ended else periods[0]
