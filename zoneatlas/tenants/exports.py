"""Exporting projects as CSV or XLSX: exactly the projects of a list's query (every page), one row each.

Each row says what the project is, where, whose, in which sector and status, its capital as stated and in VND and
USD with the rates used (their dates and VND per unit), its land and jobs, its source document, and whether it is
synthetic (``is_synthetic``). Internal fields (the investor's contact, the project's internal note) are in the file
only for officials (``access.sees_internal``), never for the public. Two queries, however many projects.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zoneatlas.tenants.models import ExchangeRate, Project
from zoneatlas.tenants.pages import with_row_data
from zoneatlas.zones.exporting import number_text

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
COLUMNS: tuple[str, ...] = (
    "id",
    "zone",
    "zone_name",
    "name",
    "name_en",
    "investor",
    "investor_tax_code",
    "investor_country",
    "fdi",
    "vsic_version",
    "vsic_code",
    "sector",
    "status",
    "status_since",
    "certificate_number",
    "certificate_date",
    "registered_capital",
    "registered_currency",
    "registered_capital_vnd",
    "registered_capital_usd",
    "registered_rate_date",
    "registered_rate_vnd_per_unit",
    "registered_usd_rate_vnd_per_usd",
    "disbursed_capital",
    "disbursed_currency",
    "disbursed_as_of",
    "disbursed_capital_vnd",
    "disbursed_capital_usd",
    "disbursed_rate_date",
    "disbursed_rate_vnd_per_unit",
    "disbursed_usd_rate_vnd_per_usd",
    "land_area_ha",
    "planned_jobs",
    "actual_jobs",
    "local_workers",
    "jobs_as_of",
    "environmental_category",
    "source",
    "is_synthetic",
)
# Only for those who see internal fields (officials and developers of their scope).
INTERNAL_COLUMNS: tuple[str, ...] = ("investor_contact", "note")


class ExportFormatError(ValueError):
    pass


def columns(*, internal: bool) -> tuple[str, ...]:
    return (*COLUMNS, *INTERNAL_COLUMNS) if internal else COLUMNS


def _per_unit(rate: ExchangeRate | None) -> Decimal | None:
    return rate.vnd_per_unit if rate is not None else None


def project_record(project: Project, *, internal: bool) -> dict[str, Any]:
    """One project as typed values under the export's column names (None where nothing is known)."""
    sector = project.sector
    record: dict[str, Any] = {
        "id": project.pk,
        "zone": project.zone.code,
        "zone_name": project.zone.name,
        "name": project.name,
        "name_en": project.name_en or None,
        "investor": project.investor.name,
        "investor_tax_code": project.investor.tax_code or None,
        "investor_country": project.investor.country,
        "fdi": project.investor.is_fdi,
        "vsic_version": project.vsic_version or None,
        "vsic_code": project.vsic_code or None,
        "sector": sector.name if sector else None,
        "status": project.status,
        "status_since": project.status_since,
        "certificate_number": project.certificate_number or None,
        "certificate_date": project.certificate_date,
        "land_area_ha": project.land_area_ha,
        "planned_jobs": project.planned_jobs,
        "actual_jobs": project.actual_jobs,
        "local_workers": project.local_workers,
        "jobs_as_of": project.jobs_as_of,
        "environmental_category": project.environmental_category or None,
        "source": project.document.code if project.document else None,
        "is_synthetic": project.is_synthetic,
    }
    for prefix in ("registered", "disbursed"):
        record |= {
            f"{prefix}_capital": getattr(project, f"{prefix}_capital"),
            f"{prefix}_currency": getattr(project, f"{prefix}_currency") or None,
            f"{prefix}_capital_vnd": getattr(project, f"{prefix}_capital_vnd"),
            f"{prefix}_capital_usd": getattr(project, f"{prefix}_capital_usd"),
            f"{prefix}_rate_date": getattr(project, f"{prefix}_rate_date"),
            f"{prefix}_rate_vnd_per_unit": _per_unit(getattr(project, f"{prefix}_rate")),
            f"{prefix}_usd_rate_vnd_per_usd": _per_unit(getattr(project, f"{prefix}_usd_rate")),
        }
    record["disbursed_as_of"] = project.disbursed_as_of
    if internal:
        record["investor_contact"] = project.investor.contact or None
        record["note"] = project.note or None
    return record


def export_projects(queryset: QuerySet[Project], fmt: str, *, internal: bool) -> bytes:
    """The projects of ``queryset`` (in its order) as a file in ``fmt`` (csv or xlsx)."""
    if fmt not in FORMATS:
        raise ExportFormatError(_("unknown format “%(fmt)s”: use csv or xlsx") % {"fmt": fmt})
    names = columns(internal=internal)
    records = (project_record(project, internal=internal) for project in with_row_data(queryset))
    return _csv(names, records) if fmt == "csv" else _xlsx(names, records)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return number_text(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _csv(names: tuple[str, ...], records: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(names)
    for record in records:
        writer.writerow([_cell_text(record[name]) for name in names])
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(names: tuple[str, ...], records: Iterable[dict[str, Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("projects")))
    sheet.append(list(names))
    for record in records:
        sheet.append([1 if value is True else 0 if value is False else value for value in map(record.get, names)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
