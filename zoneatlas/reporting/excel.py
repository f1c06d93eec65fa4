"""Excel templates of periodic reports: download one filled in, fill it in, upload it (all or nothing).

A template is made for one expected report (one reporter) or for every report of a form that a user may file in a
province for a period (one row each). The first sheet ("Báo cáo") reads:

- rows 1-3: the form, the period with its due day, and what the values were pre-filled from;
- row 4 the Vietnamese headers, row 5 the English ones, row 6 the units, row 7 the indicator codes;
- from row 8, one row per report: A the report's number, B the reporter, C its code (locked cells), then one
  column per indicator, pre-filled with the draft saved or else the values approved for the last period
  (``zoneatlas.reporting.prefill``), then the explanation of warnings, then where the pre-filled values came from.

A hidden sheet ("_zoneatlas") names the form version, the period, the province and the reports the file was made
for. An upload is refused whole, with the reason, when the file is for another form, period or reporter; otherwise
every value is checked with the form's rules (``zoneatlas.reporting.validation``) and every problem is placed by
sheet, row, column and rule (``zoneatlas.reporting.excel_upload``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zoneatlas.accounts.access import visible_reports
from zoneatlas.geo.models import AdminUnit
from zoneatlas.reporting.choices import DataType, Severity, SubmissionStatus
from zoneatlas.reporting.models import ExpectedReport, Indicator, ReportForm, Submission
from zoneatlas.reporting.permissions import can_file

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATA_SHEET = "Báo cáo"
META_SHEET = "_zoneatlas"
NOTES_SHEET = "Hướng dẫn"
TEMPLATE_MARK = "zoneatlas-report-template"
TEMPLATE_VERSION = 1
HEADER_ROW, ENGLISH_ROW, UNIT_ROW, CODE_ROW, FIRST_DATA_ROW = 4, 5, 6, 7, 8
FIRST_INDICATOR_COLUMN = 4  # D: A report number, B reporter, C code
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
EDITABLE_STATUSES = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


class TemplateError(Exception):
    """A template cannot be made or a file cannot be taken as a whole (wrong form, period or reporter...)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class TemplateScope:
    """The reports one file is made for: a single report, or a form's reports in a province for a period."""

    form: ReportForm
    period_label: str
    reports: list[ExpectedReport]
    province: AdminUnit | None = None  # set for a province file

    @property
    def indicators(self) -> list[Indicator]:
        return list(self.form.indicators.all())

    @property
    def kind(self) -> str:
        return "province" if self.province is not None else "report"


# Which reports a file is for --------------------------------------------------------------------------------------


def _form_with_rules(form_id: int) -> ReportForm:
    return ReportForm.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("order")), "rules"
    ).get(pk=form_id)


def _reports(queryset: Any) -> list[ExpectedReport]:
    """The reports with what their rows name, in the order a reader looks for them: by zone, then tenant or unit."""
    return list(
        queryset.select_related("zone", "project", "admin_unit", "province", "submission").order_by(
            "zone__code", "project__name", "admin_unit__code", "id"
        )
    )


def report_scope(report: ExpectedReport) -> TemplateScope:
    """The scope of one report's file."""
    form = _form_with_rules(report.form_id)
    reports = _reports(ExpectedReport.objects.filter(pk=report.pk))
    for each in reports:
        each.form = form  # one form object: its indicators and rules are read once
    return TemplateScope(form, report.period_label, reports)


def province_scope(user: Any, form_code: str, period_label: str, province_code: str) -> TemplateScope:
    """The reports of a form the user may file in a province for a period, not yet with the reviewer."""
    province = AdminUnit.objects.current().provinces().filter(code=province_code).first()
    candidates = ExpectedReport.objects.filter(form__code=form_code, period_label=period_label, province=province)
    visible = _reports(visible_reports(user, candidates)) if province is not None else []
    if not visible:
        raise TemplateError(
            _("No report of form %(form)s for %(period)s in province %(province)s is open to you.")
            % {"form": form_code, "period": period_label, "province": province_code},
            status=404,
        )
    form = _form_with_rules(visible[0].form_id)
    for each in visible:
        each.form = form
    open_reports = [report for report in visible if can_file(user, report) and _is_open(report)]
    if not open_reports:
        raise TemplateError(
            _("None of these reports is open for you to file: each is with the reviewer, approved, or not yours."),
            status=403,
        )
    return TemplateScope(form, period_label, open_reports, province=province)


def submission_of(report: ExpectedReport) -> Submission | None:
    return getattr(report, "submission", None)


def _is_open(report: ExpectedReport) -> bool:
    submission = submission_of(report)
    return submission is None or submission.status in EDITABLE_STATUSES


def _subject_code(report: ExpectedReport) -> str:
    if report.project_id is not None and report.zone is not None:
        return f"{report.zone.code} · {report.project_id}"
    if report.zone is not None:
        return report.zone.code
    return report.admin_unit.code if report.admin_unit is not None else report.subject_key


def _prefill(reports: list[ExpectedReport]) -> dict[int, tuple[str, dict[str, Any]]]:
    """Per report: where its pre-filled values come from, and the values (the draft, else the last approved)."""
    found: dict[int, tuple[str, dict[str, Any]]] = {}
    without_values = []
    for report in reports:
        submission = submission_of(report)
        if submission is not None and submission.values:
            found[report.pk] = (str(SubmissionStatus(submission.status).label), submission.values)
        else:
            without_values.append(report)
    if not without_values:
        return found
    # As ``prefill.previous_approved``, for every report in one query: the latest approved report of the same
    # form and subject whose period ended before this one started.
    first = without_values[0]
    earlier = (
        ExpectedReport.objects.filter(
            form__code=first.form.code,
            subject_key__in=[report.subject_key for report in without_values],
            period_end__lt=first.period_start,
            submission__status=SubmissionStatus.APPROVED,
        )
        .select_related("submission")
        .order_by("subject_key", "-period_end")
    )
    latest: dict[str, ExpectedReport] = {}
    for row in earlier:
        latest.setdefault(row.subject_key, row)
    for report in without_values:
        if (before := latest.get(report.subject_key)) is not None:
            label = _("approved for %(period)s") % {"period": before.period_label}
            found[report.pk] = (label, before.submission.values)
    return found


# Writing a template -----------------------------------------------------------------------------------------------


def file_name(scope: TemplateScope) -> str:
    if scope.province is not None:
        return f"{scope.form.code}-{scope.period_label}-{scope.province.code}.xlsx"
    report = scope.reports[0]
    return f"{scope.form.code}-{scope.period_label}-{report.pk}.xlsx"


def _cell_value(indicator: Indicator, value: Any) -> Any:
    if value is None:
        return None
    if indicator.data_type == DataType.BOOLEAN:
        return 1 if value else 0
    if indicator.data_type == DataType.INTEGER:
        return int(value)
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else float(number)


def build_workbook(scope: TemplateScope, *, now: dt.datetime | None = None) -> Workbook:
    """The template of the scope's reports, pre-filled."""
    form, indicators = scope.form, scope.indicators
    first = scope.reports[0]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = DATA_SHEET
    sheet["A1"] = f"{form.name} ({form.code}, v{form.version})"
    sheet["A1"].font = Font(bold=True, size=13)
    where = f" · {scope.province.name}" if scope.province is not None else f" · {first.subject_name}"
    sheet["A2"] = (
        f"Kỳ báo cáo {scope.period_label}: {first.period_start:%d/%m/%Y} – {first.period_end:%d/%m/%Y}; "
        f"hạn nộp {first.due_on:%d/%m/%Y}{where}"
    )
    sheet["A3"] = (
        "Điền giá trị vào các ô trắng; số liệu điền sẵn là bản nháp đã lưu hoặc số liệu đã duyệt của kỳ trước "
        "(xem cột cuối). Không sửa các ô xám và không thêm, bớt cột. / Fill in the white cells; pre-filled values "
        "are the saved draft or last period's approved values (last column). Do not change grey cells or columns."
    )
    sheet["A3"].font = Font(italic=True, color="595959")
    heads = [
        ("Số báo cáo", "Report no.", "", "report"),
        ("Đối tượng báo cáo", "Reporter", "", "reporter"),
        ("Mã", "Code", "", "code"),
        *[(ind.name, ind.name_en, ind.unit, ind.code) for ind in indicators],
        ("Giải trình cảnh báo", "Explanation of warnings", "", "explanation"),
        ("Số liệu điền sẵn từ", "Pre-filled from", "", "prefilled_from"),
    ]
    for position, (vi, en, unit, code) in enumerate(heads, start=1):
        for row, text, font in (
            (HEADER_ROW, vi, Font(bold=True)),
            (ENGLISH_ROW, en, Font(italic=True, color="595959")),
            (UNIT_ROW, unit, Font(color="595959")),
            (CODE_ROW, code, Font(size=8, color="7F7F7F")),
        ):
            cell = sheet.cell(row=row, column=position, value=text)
            cell.font = font
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(position)].width = 12 if position == 1 else 22
    sheet.column_dimensions["B"].width = 40
    explanation_column = FIRST_INDICATOR_COLUMN + len(indicators)
    prefilled = _prefill(scope.reports)
    for offset, report in enumerate(scope.reports):
        row = FIRST_DATA_ROW + offset
        source, values = prefilled.get(report.pk, ("", {}))
        submission = submission_of(report)
        fixed: list[Any] = [report.pk, report.subject_name, _subject_code(report)]
        for position, value in enumerate(fixed, start=1):
            sheet.cell(row=row, column=position, value=value).fill = LOCKED_FILL
        for position, indicator in enumerate(indicators, start=FIRST_INDICATOR_COLUMN):
            cell = sheet.cell(row=row, column=position, value=_cell_value(indicator, values.get(indicator.code)))
            cell.protection = Protection(locked=False)
        explanation = "; ".join(submission.explanations.values()) if submission is not None else ""
        sheet.cell(row=row, column=explanation_column, value=explanation or None).protection = Protection(locked=False)
        sheet.cell(row=row, column=explanation_column + 1, value=source or None).fill = LOCKED_FILL
    last_row = FIRST_DATA_ROW + len(scope.reports) - 1
    for position, indicator in enumerate(indicators, start=FIRST_INDICATOR_COLUMN):
        if indicator.data_type == DataType.BOOLEAN:
            letter = get_column_letter(position)
            choice = DataValidation(type="list", formula1='"1,0"', allow_blank=True)
            choice.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last_row}")
            sheet.add_data_validation(choice)
    sheet.freeze_panes = f"{get_column_letter(FIRST_INDICATOR_COLUMN)}{FIRST_DATA_ROW}"
    # A guard against accidents, not a secret: the server checks every cell against the metadata anyway.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    _meta(workbook, scope, now or timezone.now())
    _notes(workbook, scope)
    return workbook


def _meta(workbook: Workbook, scope: TemplateScope, now: dt.datetime) -> None:
    meta = workbook.create_sheet(META_SHEET)
    rows: list[tuple[str, Any]] = [
        ("template", TEMPLATE_MARK),
        ("template_version", TEMPLATE_VERSION),
        ("form", scope.form.code),
        ("form_version", scope.form.version),
        ("period", scope.period_label),
        ("scope", scope.kind),
        ("province", scope.province.code if scope.province is not None else scope.reports[0].province.code),
        ("reports", ",".join(str(report.pk) for report in scope.reports)),
        ("indicators", ",".join(indicator.code for indicator in scope.indicators)),
        ("made_at", timezone.localtime(now).isoformat(timespec="seconds")),
    ]
    for key, value in rows:
        meta.append([key, value])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True


def _notes(workbook: Workbook, scope: TemplateScope) -> None:
    notes = workbook.create_sheet(NOTES_SHEET)
    lines = [
        _("Fill in the white cells of the first sheet, one row per report; grey cells and columns stay as they are."),
        _("Numbers: type them as numbers (a decimal comma is read too). Yes/no indicators: 1 or 0."),
        _("Explanation of warnings: a warning (e.g. a jump against last year) needs a sentence to be submitted."),
        _(
            "Upload the file on the report's page or through the API: a file with a problem changes nothing, and each "
            "problem is named by sheet, row, column and rule."
        ),
        _("Rows left with no value are not uploaded; a pre-filled row is saved as it stands."),
        "",
    ]
    for line in lines:
        notes.append([line])
    notes.append(
        [_("Column"), _("Code"), _("Indicator (Vietnamese)"), _("Indicator (English)"), _("Unit"), _("Required")]
    )
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for position, indicator in enumerate(scope.indicators, start=FIRST_INDICATOR_COLUMN):
        notes.append(
            [
                get_column_letter(position),
                indicator.code,
                indicator.name,
                indicator.name_en,
                indicator.unit,
                _("yes") if indicator.required else "",
            ]
        )
    notes.append([])
    notes.append([_("Rules checked on upload")])
    notes[notes.max_row][0].font = Font(bold=True)
    for rule in scope.form.rules.all():
        notes.append([rule.code, str(Severity(rule.severity).label), rule.message, rule.message_en])
    for letter, width in zip("ABCDEF", (30, 28, 60, 50, 14, 10), strict=True):
        notes.column_dimensions[letter].width = width


def workbook_bytes(scope: TemplateScope) -> bytes:
    buffer = io.BytesIO()
    build_workbook(scope).save(buffer)
    return buffer.getvalue()
