"""Excel templates for project, lease and exchange-rate files, ready to fill in and import as they are.

The first sheet is the one an import reads: the Vietnamese headers in row 1, the English names in row 2 (an
import reads past that row), the rows to fill from row 3. Code-like columns are formatted as text so that
leading zeros survive, date columns as dates, and columns with a fixed vocabulary offer it in a drop-down
(other accepted words may still be typed). The second sheet explains each column: meaning, unit, values.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zoneatlas.tenants.imports.columns import LEASE_COLUMNS, PROJECT_COLUMNS, RATE_COLUMNS, ColumnSet

TEMPLATES: dict[str, tuple[ColumnSet, str]] = {
    "projects": (PROJECT_COLUMNS, "Dự án"),
    "leases": (LEASE_COLUMNS, "Thuê đất"),
    "rates": (RATE_COLUMNS, "Tỷ giá"),
}
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Rows of the data sheet given the columns' formats and drop-downs.
FORMATTED_ROWS = 2000
FIRST_DATA_ROW = 3

TEXT_COLUMNS = frozenset({"zone_code", "investor_tax_code", "vsic_code", "vsic_version", "certificate_number", "plot"})
DATE_COLUMNS = frozenset(
    {
        "status_date",
        "certificate_date",
        "registered_rate_date",
        "disbursed_as_of",
        "disbursed_rate_date",
        "jobs_as_of",
        "start_date",
        "end_date",
        "terminated_on",
        "valid_from",
        "valid_to",
    }
)
# The words a drop-down offers: Vietnamese, as the headers are (every other accepted word may be typed).
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("projects", "status"): (
        "đã đăng ký",
        "đã cấp phép",
        "đang xây dựng",
        "đang hoạt động",
        "tạm ngừng",
        "chấm dứt",
    ),
    ("projects", "environmental_category"): ("I", "II", "III", "IV"),
    ("projects", "vsic_version"): ("2018", "2025"),
    ("leases", "land_use"): ("đất công nghiệp", "đất dịch vụ"),
    ("leases", "status"): ("đã chấp thuận", "đã ký", "đã bàn giao", "bỏ trống", "đã chấm dứt"),
    ("rates", "currency"): ("USD", "EUR", "JPY", "KRW", "CNY", "TWD", "SGD", "HKD", "THB"),
}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def template_file_name(kind: str) -> str:
    return f"zoneatlas-{kind}-template.xlsx"


def build_template(kind: str) -> Workbook:
    """The workbook of a template; ``kind`` is one of ``TEMPLATES`` (KeyError otherwise)."""
    columns, title = TEMPLATES[kind]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    for position, column in enumerate(columns, start=1):
        letter = get_column_letter(position)
        header = sheet.cell(row=1, column=position, value=column.vi)
        header.font = Font(bold=True)
        header.fill = HEADER_FILL
        english = sheet.cell(row=2, column=position, value=column.key)
        english.font = Font(italic=True, color="7F7F7F")
        sheet.column_dimensions[letter].width = max(14, len(column.vi) + 4)
        cells = f"{letter}{FIRST_DATA_ROW}:{letter}{FORMATTED_ROWS}"
        if column.key in TEXT_COLUMNS or column.key in DATE_COLUMNS:
            number_format = "@" if column.key in TEXT_COLUMNS else "DD/MM/YYYY"
            for (cell,) in sheet[cells]:
                cell.number_format = number_format
        if words := CHOICES.get((kind, column.key)):
            # A suggestion, not a rule: the import accepts more words than a drop-down can hold.
            choice = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
            choice.showErrorMessage = False
            choice.add(cells)
            sheet.add_data_validation(choice)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _notes(workbook, columns)
    return workbook


def _notes(workbook: Workbook, columns: ColumnSet) -> None:
    notes = workbook.create_sheet("Hướng dẫn")
    lines = [
        _("Fill in the first sheet from row 3, one row per record. Row 2 (the English names) is skipped on import."),
        _("Only the first sheet is read. Empty cells change nothing in records already imported."),
        _("Numbers may be written the Vietnamese way (1.400 tỷ; 56,3 triệu USD) or typed as numbers."),
        _("Dates: 30/06/2024, 2024-06-30, 06/2024 or 2024, or a date cell."),
        "",
    ]
    for line in lines:
        notes.append([line])
    header = [_("Column (Vietnamese)"), _("Column (English)"), _("Required"), _("Meaning"), _("Unit or form")]
    notes.append(header)
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in columns:
        required = _("yes") if column.required else ""
        notes.append([column.vi, column.key, required, str(column.meaning), str(column.form)])
    for letter, width in zip("ABCDE", (30, 26, 10, 80, 60), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=len(lines) + 2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def template_bytes(kind: str) -> bytes:
    """The XLSX file of a template, built once per kind and language (its notes are translated)."""
    return _template_bytes(kind, get_language())


@functools.lru_cache(maxsize=16)
def _template_bytes(kind: str, language: str | None) -> bytes:
    buffer = io.BytesIO()
    build_template(kind).save(buffer)
    return buffer.getvalue()


def write_template(kind: str, path: Path) -> None:
    build_template(kind).save(path)
