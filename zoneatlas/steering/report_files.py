"""The province report as files: a self-contained web page, a PDF (WeasyPrint) and an XLSX workbook.

The PDF is the web page printed: DejaVu Sans is named first because it covers every Vietnamese letter with its
diacritics (Debian's fonts-dejavu-core); WeasyPrint embeds the subset it uses, so the file reads the same anywhere.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zoneatlas.steering.report import ProvinceReport

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def render_html(report: ProvinceReport, *, standalone: bool = True) -> str:
    """The report as HTML: a whole document (for the file and the PDF) or the part a page includes."""
    template = "steering/report_document.html" if standalone else "steering/_report_body.html"
    return render_to_string(template, {"report": report})


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when used: it loads Pango and fonts (a quarter of a second)

    return HTML(string=html).write_pdf()


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal | int | float | dt.date) or value is None:
        return value
    return str(value)


def render_xlsx(report: ProvinceReport) -> bytes:
    """One sheet per table: its title in A1, the header in row 2, data from row 3, then where it comes from."""
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    cover = workbook.create_sheet("report")
    cover.append([_("Province report"), report.province.name])
    cover.append([_("As of"), report.on])
    for section in report.sections:
        if section.is_placeholder:
            cover.append([section.title, section.text])
    for table in report.tables:
        sheet = workbook.create_sheet(table.key[:31])
        sheet.append([table.title])
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append([_cell(value) for value in row])
        sheet.append([])
        sheet.append([_("Source or computation"), table.note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
