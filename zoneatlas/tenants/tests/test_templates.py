"""Excel templates: written by the command and served over HTTP, and importable as they are once filled in."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import include, path
from django.utils import translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from zoneatlas.geo.models import AdminUnit
from zoneatlas.tenants.imports import import_leases, import_projects, import_rates
from zoneatlas.tenants.imports.columns import LEASE_COLUMNS, PROJECT_COLUMNS, RATE_COLUMNS
from zoneatlas.tenants.models import ExchangeRate, Lease, Project
from zoneatlas.zones.models import Zone

pytestmark = pytest.mark.django_db

# The template endpoint under /api/v1/, as the project's URL configuration includes it.
urlpatterns = [path("api/v1/", include("zoneatlas.tenants.api.templates"))]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def write_template(kind: str, tmp_path: Path) -> Path:
    target = tmp_path / f"{kind}.xlsx"
    stdout = StringIO()
    call_command("import", "template", kind, "-o", str(target), stdout=stdout)
    assert stdout.getvalue() == f"Wrote the {kind} template to {target}.\n"
    return target


def fill(template: Path, rows: list[dict[str, Any]]) -> Path:
    """Type rows into the template's first sheet from row 3, by the English names of row 2."""
    workbook = load_workbook(template)
    sheet = workbook.worksheets[0]
    keys = [cell.value for cell in sheet[2]]
    for number, values in enumerate(rows, start=3):
        for key, value in values.items():
            sheet.cell(row=number, column=keys.index(key) + 1, value=value)
    filled = template.with_name(f"filled-{template.name}")
    workbook.save(filled)
    return filled


@pytest.mark.parametrize(
    ("kind", "columns"), [("projects", PROJECT_COLUMNS), ("leases", LEASE_COLUMNS), ("rates", RATE_COLUMNS)]
)
def test_a_template_has_the_vietnamese_headers_the_english_names_and_a_sheet_of_notes(kind, columns, tmp_path):
    workbook = load_workbook(write_template(kind, tmp_path))

    data, notes = workbook.worksheets
    assert [cell.value for cell in data[1]] == [column.vi for column in columns]
    assert [cell.value for cell in data[2]] == [column.key for column in columns]
    assert data.freeze_panes == "A3"
    rows = list(notes.iter_rows(values_only=True))
    header_at = rows.index(("Column (Vietnamese)", "Column (English)", "Required", "Meaning", "Unit or form"))
    explained = rows[header_at + 1 :]
    assert [(row[0], row[1]) for row in explained] == [(column.vi, column.key) for column in columns]
    assert all(row[3] and row[4] for row in explained)
    # Every header of the template finds its own column when the file comes back.
    assert [columns(column.vi) for column in columns] == [column.key for column in columns]


def test_an_unknown_template_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no template for “zones”: give one of projects, leases, rates"):
        call_command("import", "template", "zones", "-o", str(tmp_path / "x.xlsx"))


@pytest.fixture
def zone(db: None) -> Zone:
    return Zone.objects.create(
        code="CCN-20-0001",
        kind="cluster",
        name="Cụm công nghiệp Hợp Thịnh",
        province=AdminUnit.objects.get(era="current", level="province", code="20"),
        industrial_land_ha=Decimal(50),
    )


def test_filled_templates_import_as_they_are(zone, tmp_path):
    rates = fill(
        write_template("rates", tmp_path),
        [{"currency": "USD", "valid_from": dt.date(2024, 6, 1), "vnd_per_unit": 24867, "valid_to": "30/06/2024"}],
    )
    report = import_rates(rates)
    assert (report.errors, report.created) == ([], 1)

    projects = fill(
        write_template("projects", tmp_path),
        [
            {
                "zone_code": "CCN-20-0001",
                "investor": "Công ty TNHH May Hợp Thịnh",
                "investor_tax_code": "4901234561",
                "name": "Nhà máy may Hợp Thịnh",
                "vsic_version": "2018",
                "vsic_code": "1410",
                "status": "đang hoạt động",
                "status_date": dt.date(2024, 9, 1),
                "certificate_number": "2103456789",
                "certificate_date": dt.date(2024, 6, 30),
                "registered_capital": "1.400 tỷ",
                "registered_currency": "VND",
                "environmental_category": "II",
            }
        ],
    )
    report = import_projects(projects)
    assert (report.errors, report.created, report.investors_created, report.events_created) == ([], 1, 1, 2)
    project = Project.objects.get()
    assert (project.registered_capital_usd, project.status) == (Decimal("56299513.41"), "operating")
    assert project.registered_rate_date == dt.date(2024, 6, 30)
    assert ExchangeRate.objects.get().vnd_per_unit == Decimal("24867.000000")

    leases = fill(
        write_template("leases", tmp_path),
        [
            {
                "zone_code": "CCN-20-0001",
                "plot": "CN-01",
                "land_use": "đất công nghiệp",
                "area_ha": 10.5,
                "start_date": dt.date(2024, 7, 1),
                "status": "đã ký",
                "certificate_number": "2103456789",
            }
        ],
    )
    report = import_leases(leases)
    assert (report.errors, report.created) == ([], 1)
    lease = Lease.objects.get()
    assert (lease.area_ha, lease.project, lease.status) == (Decimal("10.5000"), project, "signed")


def test_an_empty_template_is_refused_as_a_file_without_rows(tmp_path):
    report = import_rates(write_template("rates", tmp_path))

    assert [issue.message for issue in report.errors] == ["the file has a header but no rows"]


@pytest.mark.urls(__name__)
def test_anyone_downloads_a_template_over_http_without_a_query(django_assert_num_queries):
    client = APIClient()

    with django_assert_num_queries(0):
        response = client.get("/api/v1/templates/projects.xlsx")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == 'attachment; filename="zoneatlas-projects-template.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[2]] == [column.key for column in PROJECT_COLUMNS]
    assert client.get("/api/v1/templates/zones.xlsx").status_code == 404


@pytest.mark.urls(__name__)
def test_a_signed_in_officer_downloads_it_too(db):
    officer = get_user_model().objects.create_user("langson", "l@example.org", "a-long-test-password")
    client = APIClient()
    client.force_login(officer)

    response = client.get("/api/v1/templates/leases.xlsx")

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).worksheets[0]["A1"].value == "Mã khu/cụm"
