"""Forms 03 and 04, computed, in the layout sent up: an XLSX workbook and a PDF (WeasyPrint, DejaVu Sans for the
Vietnamese text). The official template's exact wording is [check] (decision 0007); the layout follows it: the
issuing agency and the form number at the top, the title, the period, then one row per indicator with its number,
unit and value, and a note on how the figures were computed. A second sheet lists every source of every number.
"""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from zoneatlas.reporting.summaries import COMMUNE, NATION, Summary, cut_off_note

CONTENT_TYPE_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPE_PDF = "application/pdf"
SECTIONS_VI = {
    "Plan": "Quy hoạch",
    "Established": "Thành lập",
    "Infrastructure": "Đầu tư hạ tầng",
    "Operating": "Hoạt động",
    "Tenants": "Dự án thứ cấp",
    "Results": "Kết quả sản xuất kinh doanh",
    "Environment": "Môi trường",
}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
THIN = Side(style="thin", color="7F7F7F")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def unit_name(summary: Summary) -> str:
    return summary.unit.name if summary.unit is not None else "Toàn quốc"


def issuer(summary: Summary) -> str:
    if summary.level == COMMUNE:
        return f"UBND {unit_name(summary).upper()}"
    if summary.level == NATION:
        return "BỘ CÔNG THƯƠNG"
    return f"UBND {unit_name(summary).upper()}\nSỞ CÔNG THƯƠNG"


def title(summary: Summary) -> str:
    where = "XÃ" if summary.level == COMMUNE else "TỈNH" if summary.level != NATION else "CẢ NƯỚC"
    return f"BÁO CÁO TỔNG HỢP TÌNH HÌNH CỤM CÔNG NGHIỆP TRÊN ĐỊA BÀN {where}"


def rows(summary: Summary) -> list[dict[str, Any]]:
    """The form's rows in order, with a heading row before each section (numbered I, II...)."""
    found: list[dict[str, Any]] = []
    section, sections = None, 0
    for number, line in enumerate(summary.lines, start=1):
        if line.indicator.section != section:
            section = line.indicator.section
            found.append(
                {"heading": True, "number": ROMAN[sections], "name": SECTIONS_VI.get(section, section), "en": section}
            )
            sections += 1
        found.append(
            {
                "heading": False,
                "number": number,
                "code": line.code,
                "name": line.indicator.name,
                "en": line.indicator.name_en,
                "unit": line.indicator.unit,
                "value": line.value,
                "how": line.how,
                "sources": line.count,
            }
        )
    return found


def _cell_number(value: Any) -> Any:
    if value is None or isinstance(value, int):
        return value
    return float(value)


def summary_xlsx(summary: Summary) -> bytes:
    """The form as an XLSX file: the official layout on the first sheet, the sources on the second."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = f"Mẫu {summary.form.code[-2:]}"
    sheet["A1"] = issuer(summary)
    sheet["A1"].alignment = Alignment(wrap_text=True)
    sheet["A1"].font = Font(bold=True)
    sheet["E1"] = f"Mẫu số {summary.form.code[-2:]}"
    sheet["E1"].font = Font(italic=True)
    sheet["A3"] = title(summary)
    sheet["A3"].font = Font(bold=True, size=13)
    sheet["A4"] = f"Kỳ báo cáo {summary.period.label} ({summary.period.start:%d/%m/%Y} – {summary.period.end:%d/%m/%Y})"
    sheet["A5"] = f"Đơn vị: {unit_name(summary)}"
    header = ["STT", "Chỉ tiêu", "Đơn vị tính", "Số liệu", "Cách tính / nguồn"]
    for position, text in enumerate(header, start=1):
        cell = sheet.cell(row=7, column=position, value=text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row = 8
    with translation.override("vi"):
        hows = {line.code: str(line.how) for line in summary.lines}
    for item in rows(summary):
        if item["heading"]:
            values = [item["number"], item["name"], None, None, None]
        else:
            values = [item["number"], item["name"], item["unit"], _cell_number(item["value"]), hows[item["code"]]]
        for position, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=position, value=value)
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if item["heading"]:
                cell.font = Font(bold=True)
        row += 1
    row += 1
    notes = [
        "Số liệu do ZoneAtlas tổng hợp từ báo cáo mẫu 01, 02 đã được duyệt và cơ sở dữ liệu cụm công nghiệp; "
        f"tình trạng cụm công nghiệp tại ngày {summary.period.end:%d/%m/%Y}.",
        f"Báo cáo mẫu 02 đã duyệt: {summary.developer_reports}/{summary.developer_reports_expected} cụm công nghiệp.",
    ]
    if summary.synthetic_clusters:
        notes.append(f"Có {summary.synthetic_clusters} cụm công nghiệp là dữ liệu minh họa (synthetic), không có thật.")
    for text in notes:
        sheet.cell(row=row, column=1, value=text).font = Font(italic=True)
        row += 1
    for letter, width in zip("ABCDE", (6, 60, 14, 16, 60), strict=True):
        sheet.column_dimensions[letter].width = width
    _sources_sheet(workbook, summary)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sources_sheet(workbook: Workbook, summary: Summary) -> None:
    sheet = workbook.create_sheet("Nguồn")
    sheet.append(["Chỉ tiêu", "Cụm công nghiệp", "Tên", "Nguồn", "Số báo cáo", "Dự án", "Trường", "Giá trị"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in summary.lines:
        for source in line.sources:
            value = source.value if isinstance(source.value, (int, str)) else _cell_number(source.value)
            sheet.append(
                [
                    line.code,
                    source.zone_code,
                    source.zone_name,
                    source.form or "Cơ sở dữ liệu",
                    source.report_id,
                    source.subject,
                    source.field,
                    value,
                ]
            )


def summary_html(summary: Summary) -> str:
    """The printable page of the form (Vietnamese, as it is sent up)."""
    with translation.override("vi"):
        context = {
            "summary": summary,
            "issuer": issuer(summary),
            "title": title(summary),
            "unit_name": unit_name(summary),
            "rows": rows(summary),
            "note": cut_off_note(summary.period),
        }
        return render_to_string("reporting/summary_pdf.html", context)


def summary_pdf_document(summary: Summary) -> Any:
    from weasyprint import HTML  # imported here: it loads Pango, which only exports need

    return HTML(string=summary_html(summary)).render()


def summary_pdf(summary: Summary) -> bytes:
    data: bytes = summary_pdf_document(summary).write_pdf()
    return data
