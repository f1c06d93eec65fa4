"""Serializers of report forms, expected reports and submissions. Decimals stay strings."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from zoneatlas.core.api import ChoiceLabelField
from zoneatlas.reporting.choices import (
    DataType,
    PeriodType,
    ReporterType,
    Reviewer,
    RuleKind,
    Severity,
    SubmissionStatus,
)
from zoneatlas.reporting.models import (
    ExpectedReport,
    Indicator,
    ReportForm,
    Submission,
    SubmissionEvent,
    ValidationRule,
)


class ReportIndicatorSerializer(serializers.ModelSerializer[Indicator]):
    data_type_label = ChoiceLabelField(DataType, source="data_type")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "data_type",
            "data_type_label",
            "required",
            "order",
            "section",
            "help_text_vi",
            "help_text_en",
        ]


class ValidationRuleSerializer(serializers.ModelSerializer[ValidationRule]):
    kind_label = ChoiceLabelField(RuleKind, source="kind")
    severity_label = ChoiceLabelField(Severity, source="severity")

    class Meta:
        model = ValidationRule
        fields = [
            "code",
            "kind",
            "kind_label",
            "severity",
            "severity_label",
            "expression",
            "indicator",
            "threshold_pct",
            "source_form",
            "source_indicator",
            "message",
            "message_en",
        ]


class ReportFormSerializer(serializers.ModelSerializer[ReportForm]):
    reporter_type_label = ChoiceLabelField(ReporterType, source="reporter_type")
    reviewer_label = ChoiceLabelField(Reviewer, source="reviewer")

    class Meta:
        model = ReportForm
        fields = [
            "id",
            "code",
            "version",
            "name",
            "name_en",
            "reporter_type",
            "reporter_type_label",
            "zone_kind",
            "reviewer",
            "reviewer_label",
            "period_types",
            "schedule",
            "expected",
            "legal_basis",
            "recipients",
            "effective_from",
            "effective_to",
            "note",
        ]


class ReportFormDetailSerializer(ReportFormSerializer):
    indicators = ReportIndicatorSerializer(many=True, read_only=True)
    rules = ValidationRuleSerializer(many=True, read_only=True)

    class Meta(ReportFormSerializer.Meta):
        fields = [*ReportFormSerializer.Meta.fields, "indicators", "rules"]


def subject_data(report: ExpectedReport) -> dict[str, Any]:
    """What the report is about: a tenant project (and its zone), a zone, a commune or a province."""
    zone_code = report.zone.code if report.zone is not None else None
    if report.project_id is not None:
        assert report.project is not None
        return {"type": "project", "id": report.project_id, "name": report.project.name, "zone": zone_code}
    if report.admin_unit_id is not None:
        assert report.admin_unit is not None
        unit = report.admin_unit
        return {"type": unit.level, "id": unit.pk, "code": unit.code, "name": unit.name}
    return {"type": "zone", "code": zone_code, "name": report.zone.name if report.zone else ""}


class ExpectedReportSerializer(serializers.ModelSerializer[ExpectedReport]):
    form = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    subject = serializers.SerializerMethodField()
    province = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    is_late = serializers.SerializerMethodField()
    first_submitted_at = serializers.SerializerMethodField()
    approved_at = serializers.SerializerMethodField()

    class Meta:
        model = ExpectedReport
        fields = [
            "id",
            "form",
            "period",
            "due_on",
            "subject",
            "province",
            "status",
            "is_late",
            "first_submitted_at",
            "approved_at",
        ]

    def get_form(self, report: ExpectedReport) -> dict[str, Any]:
        form = report.form
        return {"id": form.pk, "code": form.code, "version": form.version, "name": form.name, "name_en": form.name_en}

    def get_period(self, report: ExpectedReport) -> dict[str, Any]:
        return {
            "label": report.period_label,
            "type": report.period_type,
            "type_label": str(PeriodType(report.period_type).label),
            "start": report.period_start,
            "cutoff": report.period_end,
        }

    def get_subject(self, report: ExpectedReport) -> dict[str, Any]:
        return subject_data(report)

    def get_province(self, report: ExpectedReport) -> dict[str, str]:
        return {"code": report.province.code, "name": report.province.name}

    def _submission(self, report: ExpectedReport) -> Submission | None:
        return getattr(report, "submission", None)

    def get_status(self, report: ExpectedReport) -> str:
        submission = self._submission(report)
        return submission.status if submission else "not_started"

    def get_is_late(self, report: ExpectedReport) -> bool:
        submission = self._submission(report)
        return bool(submission and submission.is_late)

    def get_first_submitted_at(self, report: ExpectedReport) -> Any:
        submission = self._submission(report)
        return submission.first_submitted_at if submission else None

    def get_approved_at(self, report: ExpectedReport) -> Any:
        submission = self._submission(report)
        return submission.approved_at if submission else None


class SubmissionEventSerializer(serializers.ModelSerializer[SubmissionEvent]):
    user = serializers.SerializerMethodField()

    class Meta:
        model = SubmissionEvent
        fields = ["action", "status_after", "user", "at", "comment"]

    def get_user(self, event: SubmissionEvent) -> str | None:
        return event.user.get_username() if event.user else None


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    status_label = ChoiceLabelField(SubmissionStatus, source="status")
    events = SubmissionEventSerializer(many=True, read_only=True)
    submitted_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "status",
            "status_label",
            "values",
            "explanations",
            "findings",
            "first_submitted_at",
            "submitted_at",
            "submitted_by",
            "is_late",
            "approved_at",
            "approved_by",
            "review_comment",
            "is_locked",
            "events",
        ]

    def get_submitted_by(self, submission: Submission) -> str | None:
        return submission.submitted_by.get_username() if submission.submitted_by else None

    def get_approved_by(self, submission: Submission) -> str | None:
        return submission.approved_by.get_username() if submission.approved_by else None


class SubmissionDraftSerializer(serializers.Serializer[Any]):
    values = serializers.DictField(help_text="Indicator code → value.")
    explanations = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class SubmitReportSerializer(serializers.Serializer[Any]):
    values = serializers.DictField(required=False, help_text="Indicator code → value (default: the saved draft).")
    explanations = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)


class ReviewCommentSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ReopenReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ExcelUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="The filled-in template (.xlsx).")
    submit = serializers.BooleanField(
        required=False, default=False, help_text="Submit the reports (default: save them as drafts)."
    )
