"""Reporting endpoints: forms (public: they are the law), and, for signed-in users, the reports expected of
them or of their scope, each report's submission and the review actions, the calendar and completeness.

Expected reports outside the caller's scope do not exist for them (404). An action the caller may not take on
a report they can read is 403; an action the report's state does not allow (approved, so locked) is 409; wrong
values or a missing comment are 400 with the reasons.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zoneatlas.accounts.models import ApiToken
from zoneatlas.reporting import completeness, services
from zoneatlas.reporting.api.serializers import (
    ExpectedReportSerializer,
    ReopenReasonSerializer,
    ReportFormDetailSerializer,
    ReportFormSerializer,
    ReviewCommentSerializer,
    SubmissionDraftSerializer,
    SubmissionSerializer,
    SubmitReportSerializer,
    subject_data,
)
from zoneatlas.reporting.filters import ExpectedReportFilterSet, ReportFormFilterSet
from zoneatlas.reporting.models import ExpectedReport, ReportForm, Submission
from zoneatlas.reporting.periods import month_calendar
from zoneatlas.reporting.prefill import previous_approved


class ReportingAccess(permissions.BasePermission):
    """Reports are for signed-in users; changing one needs a token that may write."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write


class ReportFormViewSet(viewsets.ReadOnlyModelViewSet[ReportForm]):
    """Report forms, one row per version: who files them, for which periods, by when, with which indicators and
    validation rules. ``in_force_on=YYYY-MM-DD`` gives the versions in force on a day."""

    permission_classes = [permissions.AllowAny]
    filterset_class = ReportFormFilterSet

    def get_queryset(self) -> QuerySet[ReportForm]:
        forms = ReportForm.objects.order_by("code", "version")
        if self.action == "retrieve":
            forms = forms.prefetch_related("indicators", "rules")
        return forms

    def get_serializer_class(self) -> type[ReportFormSerializer]:
        return ReportFormDetailSerializer if self.action == "retrieve" else ReportFormSerializer


def _refused(error: services.WorkflowError) -> Response:
    code = (
        status.HTTP_403_FORBIDDEN
        if isinstance(error, services.NotAllowedError)
        else status.HTTP_409_CONFLICT
        if isinstance(error, services.WrongStateError)
        else status.HTTP_400_BAD_REQUEST
    )
    return Response({"detail": error.message, **error.detail}, status=code)


def _body(serializer_class: type[Any], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ExpectedReportViewSet(viewsets.ReadOnlyModelViewSet[ExpectedReport]):
    """The reports expected for each period (who must report on what), with where each one stands.

    Filter by ``period`` (2026-H1), ``form`` (CCN-02), ``province``, ``zone``, ``status`` (not_started, draft,
    submitted, returned, approved; repeatable), ``late``, ``due_on_after``/``due_on_before``."""

    serializer_class = ExpectedReportSerializer
    filterset_class = ExpectedReportFilterSet
    permission_classes = [ReportingAccess]

    def get_queryset(self) -> QuerySet[ExpectedReport]:
        return (
            ExpectedReport.objects.visible_to(self.request.user)
            .select_related("form", "zone", "project", "admin_unit", "province", "submission")
            .order_by("period_end", "form__code", "province__code", "subject_key", "id")
        )

    def _submission_data(self, report: ExpectedReport) -> dict[str, Any]:
        submission = Submission.objects.filter(expected=report).prefetch_related("events__user").first()
        data: dict[str, Any] = (
            dict(SubmissionSerializer(submission).data)
            if submission is not None
            else {"status": "not_started", "values": {}, "explanations": {}, "findings": [], "events": []}
        )
        before = previous_approved(report)
        data["report"] = {
            "id": report.pk,
            "form": report.form.code,
            "period": report.period_label,
            "due_on": report.due_on,
            "subject": subject_data(report),
        }
        data["previous"] = (
            {"period": before.period_label, "values": before.submission.values} if before is not None else None
        )
        return data

    @extend_schema(request=SubmissionDraftSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get", "put"], url_path="submission")
    def submission(self, request: Request, pk: str | None = None) -> Response:
        """The report's submission with its review trail, and the last approved values of the same reporter
        (``previous``, to pre-fill the form). PUT ``{"values": {...}, "explanations": {...}}`` saves a draft."""
        report = self.get_object()
        if request.method == "PUT":
            body = _body(SubmissionDraftSerializer, request)
            try:
                services.save_draft(report, body["values"], user=request.user, explanations=body.get("explanations"))
            except services.WorkflowError as error:
                return _refused(error)
        return Response(self._submission_data(report))

    def _act(self, request: Request, run: Any) -> Response:
        report = self.get_object()
        try:
            run(report)
        except services.WorkflowError as error:
            return _refused(error)
        return Response(self._submission_data(report))

    @extend_schema(request=SubmitReportSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        """Submit (or, after a return, resubmit) the report: the saved draft, or the ``values`` given. Errors
        refuse it (400 with the findings); each warning needs an explanation in ``explanations``."""
        body = _body(SubmitReportSerializer, request)
        return self._act(
            request,
            lambda report: services.submit(
                report, user=request.user, values=body.get("values"), explanations=body.get("explanations")
            ),
        )

    @extend_schema(request=ReviewCommentSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_report(self, request: Request, pk: str | None = None) -> Response:
        """Return a submitted report to its reporter with a ``comment`` saying what to correct."""
        body = _body(ReviewCommentSerializer, request)
        return self._act(
            request, lambda report: services.return_with_comment(report, user=request.user, comment=body["comment"])
        )

    @extend_schema(request=ReviewCommentSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """Approve a submitted report: its data is locked."""
        body = _body(ReviewCommentSerializer, request)
        return self._act(request, lambda report: services.approve(report, user=request.user, comment=body["comment"]))

    @extend_schema(request=ReopenReasonSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """Reopen an approved report, with a ``reason``: it goes back to its reporter as returned."""
        body = _body(ReopenReasonSerializer, request)
        return self._act(request, lambda report: services.reopen(report, user=request.user, reason=body["reason"]))


MONTH = OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM (default: this month).")


class CalendarView(APIView):
    """What is due in a month: each form version in force, its period and due day."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(parameters=[MONTH], responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        text = request.query_params.get("month") or timezone.localdate().strftime("%Y-%m")
        try:
            first = dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            raise ValidationError({"month": [_("“%(text)s” is not a month: write YYYY-MM") % {"text": text}]}) from None
        due = month_calendar(ReportForm.objects.order_by("code", "version"), first.year, first.month)
        return Response(
            {
                "month": text,
                "deadlines": [
                    {
                        "form": {"id": item.form.pk, "code": item.form.code, "version": item.form.version},
                        "name": item.form.name,
                        "name_en": item.form.name_en,
                        "period": item.period.label,
                        "period_start": item.period.start,
                        "cutoff": item.period.end,
                        "due_on": item.due_on,
                    }
                    for item in due
                ],
            }
        )


PERIOD = OpenApiParameter("period", OpenApiTypes.STR, description="e.g. 2026-H1 (required).")


class CompletenessView(APIView):
    """Completeness (received ÷ expected) and timeliness (on time ÷ expected) of a period, per province and
    form, over the reports the caller may read, with the reporters still missing."""

    permission_classes = [ReportingAccess]

    @extend_schema(
        parameters=[
            PERIOD,
            OpenApiParameter("province", OpenApiTypes.STR),
            OpenApiParameter("form", OpenApiTypes.STR),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        label = request.query_params.get("period", "").strip()
        if not label:
            raise ValidationError({"period": [_("Name the period, e.g. 2026-H1.")]})
        reports = ExpectedReport.objects.visible_to(request.user).filter(period_label=label)
        if province := request.query_params.get("province"):
            reports = reports.filter(province__code=province)
        if form := request.query_params.get("form"):
            reports = reports.filter(form__code=form)
        rows = completeness.rates(reports)
        today = timezone.localdate()
        return Response(
            {
                "period": label,
                "total": _rate(completeness.total(rows)),
                "rows": [_rate(row) for row in rows],
                "missing": [
                    {
                        "id": report.pk,
                        "form": report.form.code,
                        "province": report.province.code,
                        "subject": subject_data(report),
                        "due_on": report.due_on,
                        "overdue": completeness.is_overdue(report, today),
                    }
                    for report in completeness.missing(reports)
                ],
            }
        )


def _rate(row: completeness.Rate) -> dict[str, Any]:
    pct = row.completeness_pct
    on_time = row.timeliness_pct
    return {
        "province": row.province_code or None,
        "province_name": row.province_name or None,
        "form": row.form_code or None,
        "expected": row.expected,
        "received": row.received,
        "on_time": row.on_time,
        "approved": row.approved,
        "completeness_pct": str(pct) if pct is not None else None,
        "timeliness_pct": str(on_time) if on_time is not None else None,
    }
