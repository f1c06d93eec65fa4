"""Reading a filled-in Excel template (``zoneatlas.reporting.excel``): all of it, or nothing.

The file must be a template made for the reports it is uploaded to (its hidden sheet names the form version,
period, province and reports); otherwise it is refused whole, with the reason. Then every cell is read and every
rule of the form runs on every row (``zoneatlas.reporting.validation``); each problem is placed by sheet, row,
column (Excel letter) and rule. Only a file without a problem changes anything: each row is then saved as a draft
(or submitted) through ``zoneatlas.reporting.services`` in one transaction, so the change history, the review trail,
lateness and the approval lock apply as for the web form.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from zoneatlas.reporting import services
from zoneatlas.reporting.choices import Severity, SubmissionStatus
from zoneatlas.reporting.excel import (
    CODE_ROW,
    DATA_SHEET,
    FIRST_DATA_ROW,
    FIRST_INDICATOR_COLUMN,
    META_SHEET,
    TEMPLATE_MARK,
    TemplateError,
    TemplateScope,
    submission_of,
)
from zoneatlas.reporting.models import ExpectedReport, Submission
from zoneatlas.reporting.permissions import can_file
from zoneatlas.reporting.validation import clean_value, run_rules

MAX_UPLOAD_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class CellProblem:
    """A problem placed in the file: its sheet, row and columns (Excel letters), and the rule it breaks."""

    row: int
    columns: tuple[str, ...]
    rule: str
    severity: str
    message: str
    indicators: tuple[str, ...] = ()
    sheet: str = DATA_SHEET

    @property
    def cells(self) -> list[str]:
        return [f"{column}{self.row}" for column in self.columns]

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "columns": list(self.columns),
            "cells": self.cells,
            "rule": self.rule,
            "severity": self.severity,
            "indicators": list(self.indicators),
            "message": self.message,
            "text": str(self),
        }

    def __str__(self) -> str:
        return _("Sheet “%(sheet)s”, row %(row)s, %(cells)s: %(rule)s: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "cells": ", ".join(self.cells),
            "rule": self.rule,
            "message": self.message,
        }


class UploadRefusedError(Exception):
    """The file has problems; nothing was changed."""

    def __init__(self, problems: list[CellProblem]) -> None:
        super().__init__(_("The file has problems (%(count)s); nothing was changed.") % {"count": len(problems)})
        self.message = str(self.args[0])
        self.problems = problems


@dataclass
class UploadOutcome:
    """What a valid upload did: the submissions saved (or submitted), and the warnings explained or pending."""

    submissions: list[Submission] = field(default_factory=list)
    submitted: bool = False
    warnings: list[CellProblem] = field(default_factory=list)

    @property
    def late(self) -> list[Submission]:
        return [submission for submission in self.submissions if submission.is_late]


# Reading an upload ------------------------------------------------------------------------------------------------


@dataclass
class _Row:
    line: int
    report: ExpectedReport
    values: dict[str, Any]
    explanation: str
    unreadable: set[str] = field(default_factory=set)  # indicators whose cell could not be read
    warning_rules: list[str] = field(default_factory=list)


def _open(file: IO[bytes]) -> Any:
    try:
        return load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise TemplateError(_("The file is not an Excel workbook (.xlsx).")) from None


def _meta_of(workbook: Any) -> dict[str, str]:
    if META_SHEET not in workbook.sheetnames or DATA_SHEET not in workbook.sheetnames:
        raise TemplateError(
            _("This is not a ZoneAtlas report template: download the template of the report and fill that in.")
        )
    meta = {
        str(row[0]): "" if row[1] is None else str(row[1])
        for row in workbook[META_SHEET].iter_rows(min_row=1, max_col=2, values_only=True)
        if row and row[0] is not None
    }
    if meta.get("template") != TEMPLATE_MARK:
        raise TemplateError(
            _("This is not a ZoneAtlas report template: download the template of the report and fill that in.")
        )
    return meta


def _check_meta(meta: dict[str, str], scope: TemplateScope) -> None:
    """Refuse a file made for another form, version, period or reporter, saying which."""
    form = scope.form
    if meta.get("form") != form.code:
        raise TemplateError(
            _("This template is for form %(file_form)s; this upload is for form %(form)s.")
            % {"file_form": meta.get("form") or "?", "form": form.code}
        )
    if meta.get("form_version") != str(form.version):
        raise TemplateError(
            _(
                "This template was made for version %(file_version)s of %(form)s; the period is reported on version "
                "%(version)s: download a new template."
            )
            % {"file_version": meta.get("form_version") or "?", "form": form.code, "version": form.version}
        )
    if meta.get("period") != scope.period_label:
        raise TemplateError(
            _("This template is for the period %(file_period)s; this upload is for %(period)s.")
            % {"file_period": meta.get("period") or "?", "period": scope.period_label}
        )
    if scope.province is None:
        report = scope.reports[0]
        if meta.get("scope") != "report" or meta.get("reports") != str(report.pk):
            raise TemplateError(
                _(
                    "This template is for another reporter (report no. %(file_reports)s); this upload is for report "
                    "no. %(report)s, %(name)s."
                )
                % {"file_reports": meta.get("reports") or "?", "report": report.pk, "name": report.subject_name}
            )
    elif meta.get("scope") != "province" or meta.get("province") != scope.province.code:
        raise TemplateError(
            _("This template is for province %(file_province)s; this upload is for province %(province)s.")
            % {"file_province": meta.get("province") or "?", "province": scope.province.code}
        )
    if meta.get("indicators") != ",".join(indicator.code for indicator in scope.indicators):
        raise TemplateError(_("The template's indicators are not those of the form: download a new template."))


def _text(value: Any) -> Any:
    """A cell as ``clean_value`` reads it: floats without binary noise, a decimal comma as a point."""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        text = value.strip().replace("\u00a0", "").replace(" ", "")
        if text.count(",") == 1 and "." not in text:
            return text.replace(",", ".")
        return value.strip()
    return value


def _read_rows(sheet: Any, scope: TemplateScope, problems: list[CellProblem]) -> list[_Row]:
    indicators = scope.indicators
    width = FIRST_INDICATOR_COLUMN + len(indicators)  # the explanation's column
    codes = list(next(sheet.iter_rows(min_row=CODE_ROW, max_row=CODE_ROW, values_only=True), ()))
    expected_codes = ["report", "reporter", "code", *[indicator.code for indicator in indicators], "explanation"]
    if [str(code) if code is not None else "" for code in codes[:width]] != expected_codes:
        raise TemplateError(
            _(
                "Row %(row)s of sheet “%(sheet)s” no longer names the template's columns (a column was added, removed "
                "or moved): download a new template."
            )
            % {"row": CODE_ROW, "sheet": DATA_SHEET}
        )
    by_id = {report.pk: report for report in scope.reports}
    seen: set[int] = set()
    rows: list[_Row] = []
    for line, cells in enumerate(sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=True), start=FIRST_DATA_ROW):
        cells = list(cells[:width]) + [None] * max(0, width - len(cells))
        raw = cells[FIRST_INDICATOR_COLUMN - 1 : width - 1]
        explanation = str(cells[width - 1]).strip() if cells[width - 1] is not None else ""
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in raw) and not explanation:
            continue
        number = cells[0]
        report = by_id.get(number) if isinstance(number, int) else None
        if report is None or number in seen:
            message = (
                _("report no. %(number)s appears twice") % {"number": number}
                if report is not None
                else _("“%(number)s” is not a report this file was made for") % {"number": number}
            )
            problems.append(CellProblem(line, ("A",), "REPORT", Severity.ERROR, message))
            continue
        seen.add(number)
        values: dict[str, Any] = {}
        unreadable: set[str] = set()
        for position, (indicator, value) in enumerate(zip(indicators, raw, strict=True), start=FIRST_INDICATOR_COLUMN):
            try:
                cleaned = clean_value(indicator, _text(value))
            except ValueError as error:
                letter = get_column_letter(position)
                problems.append(CellProblem(line, (letter,), "VALUE", Severity.ERROR, str(error), (indicator.code,)))
                unreadable.add(indicator.code)
                continue
            if cleaned is not None:
                values[indicator.code] = cleaned
        rows.append(_Row(line, report, values, explanation, unreadable))
    if scope.province is None and not rows and not problems:
        problems.append(
            CellProblem(
                FIRST_DATA_ROW, ("A",), "REPORT", Severity.ERROR, _("the report's row is empty: fill in its values")
            )
        )
    return rows


def _columns(scope: TemplateScope, codes: Iterable[str]) -> tuple[str, ...]:
    positions = {indicator.code: index for index, indicator in enumerate(scope.indicators, FIRST_INDICATOR_COLUMN)}
    return tuple(get_column_letter(positions[code]) for code in codes if code in positions) or ("A",)


def _check_row(row: _Row, scope: TemplateScope, user: Any, submit: bool) -> tuple[list[CellProblem], list[CellProblem]]:
    """The row's problems (which refuse the file) and its warnings (which an explanation lets through)."""
    problems: list[CellProblem] = []
    warnings: list[CellProblem] = []
    report = row.report
    if not can_file(user, report):
        problems.append(
            CellProblem(row.line, ("A",), "FILER", Severity.ERROR, _("you may read this report but not file it"))
        )
        return problems, warnings
    submission = submission_of(report)
    if submission is not None and submission.status == SubmissionStatus.APPROVED:
        problems.append(
            CellProblem(
                row.line,
                ("A",),
                "LOCKED",
                Severity.ERROR,
                _("the report is approved and locked: a reviewer must reopen it, with a reason, before it changes"),
            )
        )
        return problems, warnings
    if submission is not None and submission.status == SubmissionStatus.SUBMITTED:
        problems.append(
            CellProblem(
                row.line,
                ("A",),
                "WITH-REVIEWER",
                Severity.ERROR,
                _("the report is with the reviewer; it can change again if it is returned"),
            )
        )
        return problems, warnings
    explanation_column = get_column_letter(FIRST_INDICATOR_COLUMN + len(scope.indicators))
    for finding in run_rules(report, row.values):
        if row.unreadable & set(finding.indicators):
            continue  # the value could not be read: its problem is named already
        columns = _columns(scope, finding.indicators)
        message = f"{finding.message} ({finding.detail})" if finding.detail else finding.message
        if finding.severity == Severity.WARNING:
            row.warning_rules.append(finding.rule)
        if finding.severity == Severity.ERROR:
            problems.append(CellProblem(row.line, columns, finding.rule, finding.severity, message, finding.indicators))
        elif submit and not row.explanation:
            problems.append(
                CellProblem(
                    row.line,
                    (*columns, explanation_column),
                    finding.rule,
                    finding.severity,
                    _("%(message)s Explain it in column %(column)s to submit.")
                    % {"message": message, "column": explanation_column},
                    finding.indicators,
                )
            )
        else:
            warnings.append(CellProblem(row.line, columns, finding.rule, finding.severity, message, finding.indicators))
    return problems, warnings


def upload(
    scope: TemplateScope, file: IO[bytes], *, user: Any, submit: bool = False, now: dt.datetime | None = None
) -> UploadOutcome:
    """Take a filled-in template for the scope's reports: all of it, or nothing.

    Raises ``TemplateError`` when the file as a whole is not for these reports (wrong form, period or reporter,
    not a template) and ``UploadRefusedError`` with every problem placed in the file; nothing changes then.
    """
    workbook = _open(file)
    try:
        _check_meta(_meta_of(workbook), scope)
        problems: list[CellProblem] = []
        rows = _read_rows(workbook[DATA_SHEET], scope, problems)
    finally:
        workbook.close()
    outcome = UploadOutcome(submitted=submit)
    for row in rows:
        found, warnings = _check_row(row, scope, user, submit)
        problems.extend(found)
        outcome.warnings.extend(warnings)
    if problems:
        raise UploadRefusedError(sorted(problems, key=lambda problem: (problem.row, problem.columns)))
    try:
        with transaction.atomic():
            for row in rows:
                explanations = dict.fromkeys(row.warning_rules, row.explanation) if row.explanation else None
                if submit:
                    saved = services.submit(
                        row.report, user=user, values=row.values, explanations=explanations, now=now
                    )
                else:
                    saved = services.save_draft(row.report, row.values, user=user, explanations=explanations)
                outcome.submissions.append(saved)
    except services.WorkflowError as error:  # a change between the checks and the writing: all is undone
        raise UploadRefusedError(
            [CellProblem(FIRST_DATA_ROW, ("A",), "WORKFLOW", Severity.ERROR, error.message)]
        ) from None
    return outcome
