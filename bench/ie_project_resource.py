"""The project-import baseline: the same file through a plain django-import-export ``ModelResource`` for Project.

Written the way its documentation shows, as ``bench.ie_resource`` is for zones: the zone is found by its code
through a ``ForeignKeyWidget`` (a query per row, as the widget does), the investor is found or created by its
tax code in ``before_import_row`` (the documented hook; a query or two per row), every project is saved with
``Model.save()`` so that its change history is recorded, and the diff is skipped (``skip_diff``). It does less
than ``import_projects``: no status events, no converted amounts, no VSIC or tax-code check, no scope check and
no line-numbered report, so a ratio against it flatters it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from import_export import fields, resources, widgets
from import_export.formats import base_formats

from zoneatlas.tenants.models import Investor, Project
from zoneatlas.zones.models import Zone

TEXT_COLUMNS = (
    "name",
    "vsic_code",
    "certificate_number",
    "registered_currency",
    "disbursed_currency",
    "environmental_category",
    "technology_note",
)


class ProjectResource(resources.ModelResource):
    zone = fields.Field(attribute="zone", column_name="zone_code", widget=widgets.ForeignKeyWidget(Zone, "code"))
    investor = fields.Field(
        attribute="investor", column_name="investor_tax_code", widget=widgets.ForeignKeyWidget(Investor, "tax_code")
    )

    class Meta:
        model = Project
        # "id" is the default import id; the file has no such column, so every row is a new project.
        fields = (
            "id",
            "zone",
            "investor",
            "name",
            "vsic_version",
            "vsic_code",
            "certificate_number",
            "certificate_date",
            "registered_capital",
            "registered_currency",
            "disbursed_capital",
            "disbursed_currency",
            "disbursed_as_of",
            "land_area_ha",
            "planned_jobs",
            "actual_jobs",
            "local_workers",
            "environmental_category",
            "technology_note",
        )
        skip_diff = True

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        Investor.objects.get_or_create(
            tax_code=row["investor_tax_code"],
            defaults={"name": row["investor"], "country": row["investor_country"] or "VN"},
        )
        for column in TEXT_COLUMNS:
            if row[column] is None:
                row[column] = ""  # an empty cell is an empty text field, as the form would save it
        for column in ("registered_capital", "disbursed_capital"):
            # The file writes one amount in ten the Vietnamese way; a plain DecimalWidget cannot read it.
            if isinstance(row[column], str):
                row[column] = None


def import_file(path: Path) -> int:
    """Import the file in one transaction, as the admin's import does; return the number of projects created."""
    dataset = base_formats.XLSX().create_dataset(path.read_bytes())
    result = ProjectResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError(f"django-import-export refused rows: {result.invalid_rows[:3]}")
    return int(result.totals["new"])
