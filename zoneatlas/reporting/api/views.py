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
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from zoneatlas.accounts.models import ApiToken
from zoneatlas.reporting import completeness, excel, excel_upload, indicators, services, summaries
from zoneatlas.reporting.api.serializers import (
    ExcelUploadSerializer,
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

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={(200, excel.CONTENT_TYPE): OpenApiTypes.BINARY},
        description="The report's Excel template, pre-filled (the draft saved, else last period's approved values).",
    )
    @extend_schema(
        methods=["POST"],
        request={"multipart/form-data": ExcelUploadSerializer},
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
        description=(
            "Upload the filled-in template: refused whole (400) for another form, period or reporter, or with "
            "``problems`` placed by sheet, row, column and rule; nothing changes then. ``submit=true`` submits it."
        ),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        url_path="excel",
        parser_classes=[MultiPartParser, FormParser],
    )
    def excel(self, request: Request, pk: str | None = None) -> HttpResponse | Response:
        """The report's Excel template (GET), or a filled-in one uploaded (POST: all of it or nothing)."""
        report = self.get_object()
        scope = excel.report_scope(report)
        if request.method == "GET":
            return excel_file(scope)
        return take_upload(request, scope)

    @extend_schema(request=ReopenReasonSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str | None = None) -> Response:
        """Reopen an approved report, with a ``reason``: it goes back to its reporter as returned."""
        body = _body(ReopenReasonSerializer, request)
        return self._act(request, lambda report: services.reopen(report, user=request.user, reason=body["reason"]))


def excel_file(scope: excel.TemplateScope) -> HttpResponse:
    response = HttpResponse(excel.workbook_bytes(scope), content_type=excel.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{excel.file_name(scope)}"'
    return response


def take_upload(request: Request, scope: excel.TemplateScope) -> Response:
    """Read an uploaded template for the scope: 200 with what was saved, or 400 with the reason or the problems."""
    body = _body(ExcelUploadSerializer, request)
    upload = body["file"]
    if upload.size > excel_upload.MAX_UPLOAD_BYTES:
        return Response({"detail": _("The file is larger than 10 MB.")}, status=status.HTTP_400_BAD_REQUEST)
    try:
        outcome = excel_upload.upload(scope, upload, user=request.user, submit=body["submit"])
    except excel.TemplateError as error:
        return Response({"detail": error.message}, status=error.status)
    except excel_upload.UploadRefusedError as error:
        return Response(
            {"detail": error.message, "problems": [problem.as_dict() for problem in error.problems]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return Response(
        {
            "detail": _("Submitted.") if outcome.submitted else _("Saved as a draft."),
            "submitted": outcome.submitted,
            "reports": [
                {"id": saved.expected_id, "status": saved.status, "is_late": saved.is_late}
                for saved in outcome.submissions
            ],
            "warnings": [warning.as_dict() for warning in outcome.warnings],
        }
    )


class ProvinceExcelView(APIView):
    """One Excel file for every report of a form a user may file in a province for a period (one row each)."""

    permission_classes = [ReportingAccess]
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    PARAMETERS = [
        OpenApiParameter("form", OpenApiTypes.STR, description="e.g. CCN-01 (required)."),
        OpenApiParameter("period", OpenApiTypes.STR, description="e.g. 2026-H1 (required)."),
        OpenApiParameter("province", OpenApiTypes.STR, description="Province code, e.g. 25 (required)."),
    ]

    def _scope(self, request: Request) -> excel.TemplateScope:
        params = {name: request.query_params.get(name, "").strip() for name in ("form", "period", "province")}
        missing = [name for name, value in params.items() if not value]
        if missing:
            raise ValidationError({key: [_("This parameter is required.")] for key in missing})
        return excel.province_scope(request.user, params["form"], params["period"], params["province"])

    @extend_schema(parameters=PARAMETERS, responses={(200, excel.CONTENT_TYPE): OpenApiTypes.BINARY})
    def get(self, request: Request) -> HttpResponse | Response:
        """The province's template of the form and period: the reports open for the caller to file."""
        try:
            return excel_file(self._scope(request))
        except excel.TemplateError as error:
            return Response({"detail": error.message}, status=error.status)

    @extend_schema(
        parameters=PARAMETERS,
        request={"multipart/form-data": ExcelUploadSerializer},
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request: Request) -> Response:
        """Upload the province's filled-in template: every row, or (with any problem) none."""
        try:
            scope = self._scope(request)
        except excel.TemplateError as error:
            return Response({"detail": error.message}, status=error.status)
        return take_upload(request, scope)


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


# Forms 03 and 04 computed, and indicators ------------------------------------------------------------------------

SUMMARY_PARAMETERS = [
    PERIOD,
    OpenApiParameter("province", OpenApiTypes.STR, description="Province code: its form 04."),
    OpenApiParameter("commune", OpenApiTypes.STR, description="Commune code: its form 03."),
]


def _period(request: Request) -> str:
    label = request.query_params.get("period", "").strip()
    if not label:
        raise ValidationError({"period": [_("Name the period, e.g. 2026-H1.")]})
    return label


def _summary_level(request: Request) -> tuple[str, str]:
    for level in (summaries.COMMUNE, summaries.PROVINCE):
        if code := request.query_params.get(level, "").strip():
            return level, code
    return summaries.NATION, "VN"


def _number(value: Any) -> Any:
    return value if value is None or isinstance(value, (int, bool)) else str(value)


def summary_data(summary: summaries.Summary, drilldown: str) -> dict[str, Any]:
    """A computed form 03/04 as data: each row with its value, how it was computed and its sources' address."""
    unit = summary.unit
    return {
        "form": {"code": summary.form.code, "version": summary.form.version, "name": summary.form.name},
        "period": {"label": summary.period.label, "start": summary.period.start, "cutoff": summary.period.end},
        "unit": {"level": summary.level, "code": unit.code if unit else "VN", "name": unit.name if unit else ""},
        "clusters": summary.clusters,
        "synthetic_clusters": summary.synthetic_clusters,
        "developer_reports": {"approved": summary.developer_reports, "expected": summary.developer_reports_expected},
        "tenant_stand_ins": summary.tenant_stand_ins,
        "rows": [
            {
                "code": line.code,
                "name": line.indicator.name,
                "name_en": line.indicator.name_en,
                "section": line.indicator.section,
                "unit": line.indicator.unit,
                "value": _number(line.value),
                "how": str(line.how),
                "sources": line.count,
                "drilldown": f"{drilldown}&indicator={line.code}",
            }
            for line in summary.lines
        ],
    }


def source_data(source: summaries.Source) -> dict[str, Any]:
    return {
        "zone": source.zone_code,
        "zone_name": source.zone_name,
        "origin": "registry" if source.is_registry else "report",
        "form": source.form or None,
        "report": source.report_id,
        "project": source.subject or None,
        "field": source.field,
        "value": _number(source.value),
        "is_synthetic": source.is_synthetic,
    }


def _summary_of(request: Request) -> summaries.Summary | summaries.NationalTable:
    label = _period(request)
    level, code = _summary_level(request)
    try:
        unit = summaries.readable_unit(request.user, level, code, label)
        return summaries.compute(level, label, unit) if unit is not None else summaries.by_province(label)
    except summaries.SummaryNotFoundError as error:
        raise NotFound(str(error)) from None
    except summaries.SummaryError as error:
        raise ValidationError({"period": [str(error)]}) from None


class SummaryView(APIView):
    """Form 04 of a province (``province``), form 03 of a commune (``commune``), or, for national officers, form 04
    of every province and the nation (neither): computed from approved form 01/02 reports and the registry on the
    period's cut-off date. Each row says how it was computed and links to its sources (``drilldown``)."""

    permission_classes = [ReportingAccess]

    @extend_schema(parameters=SUMMARY_PARAMETERS, responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request) -> Response:
        found = _summary_of(request)
        base = reverse("reporting-summary-sources")
        if isinstance(found, summaries.NationalTable):
            period = found.total.period.label
            return Response(
                {
                    "total": summary_data(found.total, f"{base}?period={period}"),
                    "provinces": [
                        summary_data(row, f"{base}?period={period}&province={row.unit.code if row.unit else ''}")
                        for row in found.rows
                    ],
                }
            )
        unit = found.unit
        query = f"?period={found.period.label}&{found.level}={unit.code if unit else ''}"
        return Response(summary_data(found, f"{base}{query}"))


class SummarySourcesView(APIView):
    """The sources of one row of a computed form 03/04 (``indicator``): the registry records and approved reports
    its number came from."""

    permission_classes = [ReportingAccess]

    @extend_schema(
        parameters=[*SUMMARY_PARAMETERS, OpenApiParameter("indicator", OpenApiTypes.STR, description="Row code.")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        found = _summary_of(request)
        summary = found.total if isinstance(found, summaries.NationalTable) else found
        code = request.query_params.get("indicator", "").strip()
        try:
            line = summary.line(code)
        except KeyError:
            raise ValidationError(
                {"indicator": [_("%(form)s has no row “%(code)s”.") % {"form": summary.form.code, "code": code}]}
            ) from None
        return Response(
            {
                "indicator": line.code,
                "name": line.indicator.name,
                "name_en": line.indicator.name_en,
                "unit": line.indicator.unit,
                "value": _number(line.value),
                "how": str(line.how),
                "sources": [source_data(source) for source in line.sources],
            }
        )


class IndicatorsView(APIView):
    """Occupancy, infrastructure capital and jobs per hectare, average income, FDI share and wastewater treatment
    coverage of a zone (``zone``), a province (``province``) or, for national officers, the nation, for a period,
    from approved reports: each with its formula and inputs."""

    permission_classes = [ReportingAccess]

    @extend_schema(
        parameters=[
            PERIOD,
            OpenApiParameter("zone", OpenApiTypes.STR, description="Zone code."),
            OpenApiParameter("province", OpenApiTypes.STR, description="Province code."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        label = _period(request)
        zone_code = request.query_params.get("zone", "").strip()
        province_code = request.query_params.get("province", "").strip()
        try:
            if zone_code:
                zone = indicators.readable_zone(request.user, zone_code, label)
                found = indicators.compute(indicators.ZONE, label, zone=zone)
            elif province_code:
                unit = summaries.readable_unit(request.user, summaries.PROVINCE, province_code, label)
                found = indicators.compute(indicators.PROVINCE, label, unit=unit)
            else:
                summaries.readable_unit(request.user, summaries.NATION, "VN", label)
                found = indicators.compute(indicators.NATION, label)
        except summaries.SummaryNotFoundError as error:
            raise NotFound(str(error)) from None
        except summaries.SummaryError as error:
            raise ValidationError({"period": [str(error)]}) from None
        return Response(
            {
                "period": {"label": found.period.label, "start": found.period.start, "cutoff": found.period.end},
                "scope": {"level": found.level, "code": found.code, "name": found.name},
                "clusters": found.clusters,
                "synthetic_clusters": found.synthetic_clusters,
                "source": _(
                    "Approved form 02 reports of the period (form 01 for income where form 02 is missing) "
                    "and the registry on the cut-off date."
                ),
                "indicators": [value.as_dict() for value in found.values],
            }
        )
