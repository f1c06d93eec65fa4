"""Importing leases: a plot is never leased twice over the same days, and never beyond the zone's free land."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from zoneatlas.accounts.models import Grant
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.models import Document
from zoneatlas.tenants.imports import import_leases
from zoneatlas.tenants.models import Investor, Lease, Project
from zoneatlas.zones.models import Zone

pytestmark = pytest.mark.django_db

HEADER = [
    "Mã khu/cụm",
    "Tên khu/cụm",
    "Tỉnh",
    "Lô đất",
    "Loại đất",
    "Diện tích (ha)",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "Trạng thái",
    "Ngày chấm dứt",
    "Số GCNĐKĐT của dự án",
]


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def province(code: str) -> AdminUnit:
    return AdminUnit.objects.get(era="current", level="province", code=code)


@pytest.fixture
def zones(db: None) -> dict[str, Zone]:
    return {
        # 50 ha of industrial land: the denominator of occupancy, and the land leases may take.
        "hop_thinh": Zone.objects.create(
            code="CCN-20-0001",
            kind="cluster",
            name="Cụm công nghiệp Hợp Thịnh",
            province=province("20"),
            gross_area_ha=Decimal(60),
            industrial_land_ha=Decimal(50),
        ),
        # Industrial land unknown: its leases cannot be checked against it.
        "phu_thanh": Zone.objects.create(
            code="CCN-25-0001", kind="cluster", name="Cụm công nghiệp Phú Thành II", province=province("25")
        ),
    }


@pytest.fixture
def project(zones: dict[str, Zone]) -> Project:
    investor = Investor.objects.create(name="Công ty TNHH May Hợp Thịnh", tax_code="4901234561")
    return Project.objects.create(
        zone=zones["hop_thinh"], investor=investor, name="Nhà máy may", certificate_number="2103456789"
    )


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts() -> tuple[int, int, int]:
    return Lease.objects.count(), Lease.history.count(), Document.objects.count()


def issues(found: list[Any]) -> list[tuple[int | None, str | None, str]]:
    return [(issue.line, issue.column, issue.message) for issue in found]


CLEAN = [
    ["CCN-20-0001", "", "", "CN-01", "đất công nghiệp", "10", "01/01/2024", "31/12/2073", "đã ký", "", "2103456789"],
    ["CCN-20-0001", "", "", "CN-02", "công nghiệp", "15,5", "2024-03-01", "", "đã bàn giao", "", ""],
    ["CCN-20-0001", "", "", "DV-01", "đất dịch vụ", "2", "2024-01-01", "", "", "", ""],
    ["CCN-20-0001", "", "", "CN-03", "", "5", "2020-01-01", "", "đã chấm dứt", "30/06/2023", ""],
    ["", "Phú Thành II", "Phú Thọ", "CN-01", "", "3", "2024", "", "committed", "", ""],
]


def test_a_clean_file_imports_every_lease(zones, project, tmp_path):
    path = write_csv(tmp_path / "leases.csv", CLEAN)

    report = import_leases(path)

    assert issues(report.errors) == []
    assert issues(report.warnings) == [
        (
            6,
            "Diện tích (ha)",
            "the industrial land of CCN-25-0001 Cụm công nghiệp Phú Thành II is unknown: its leases are not "
            "checked against it",
        )
    ]
    assert report.summary() == (
        f"Imported leases.csv (5 rows): created 5 leases, updated 0, 0 unchanged. Source: {report.document_code}."
    )
    leases = Lease.objects.order_by("zone__code", "plot")
    assert [
        (lease.zone.code, lease.plot, lease.land_use, lease.area_ha, lease.start_date, lease.end_date, lease.status)
        for lease in leases
    ] == [
        (
            "CCN-20-0001",
            "CN-01",
            "industrial",
            Decimal("10.0000"),
            dt.date(2024, 1, 1),
            dt.date(2073, 12, 31),
            "signed",
        ),
        ("CCN-20-0001", "CN-02", "industrial", Decimal("15.5000"), dt.date(2024, 3, 1), None, "handed_over"),
        ("CCN-20-0001", "CN-03", "industrial", Decimal("5.0000"), dt.date(2020, 1, 1), None, "terminated"),
        ("CCN-20-0001", "DV-01", "service", Decimal("2.0000"), dt.date(2024, 1, 1), None, "signed"),
        ("CCN-25-0001", "CN-01", "industrial", Decimal("3.0000"), dt.date(2024, 1, 1), None, "committed"),
    ]
    assert Lease.objects.get(plot="CN-01", zone=zones["hop_thinh"]).project == project
    assert Lease.objects.get(plot="CN-03").terminated_on == dt.date(2023, 6, 30)
    document = Document.objects.get(code=report.document_code)
    assert {lease.document_id for lease in leases} == {document.pk}
    assert Lease.history.filter(history_type="+", history_change_reason="import of leases.csv").count() == 5


def test_the_same_file_twice_changes_nothing_and_a_corrected_lease_is_updated(zones, project, tmp_path):
    path = write_csv(tmp_path / "leases.csv", CLEAN)
    import_leases(path)
    before = counts()

    again = import_leases(path)

    assert (again.errors, again.created, again.updated, again.unchanged) == ([], 0, 0, 5)
    assert counts() == before

    corrected = [["CCN-20-0001", "", "", "CN-02", "", "16", "2024-03-01", "", "", "", ""]]
    report = import_leases(write_csv(tmp_path / "corrected.csv", corrected))

    assert (report.errors, report.created, report.updated, report.unchanged) == ([], 0, 1, 0)
    lease = Lease.objects.get(plot="CN-02")
    assert (lease.area_ha, lease.status) == (Decimal("16.0000"), "handed_over")
    assert [(h.history_type, h.area_ha) for h in lease.history.order_by("history_date", "history_id")] == [
        ("+", Decimal("15.5000")),
        ("~", Decimal("16.0000")),
    ]


def test_bad_cells_are_refused_with_their_line_and_column(zones, tmp_path):
    rows = [
        ["CCN-20-0001", "", "", "CN-01", "", "5", "2024-01-01", "", "đã chấm dứt", "", ""],
        ["CCN-20-0001", "", "", "CN-02", "", "0", "2024-01-01", "", "", "", ""],
        ["CCN-20-0001", "", "", "CN-03", "", "-1", "2024-01-01", "", "", "", ""],
        ["CCN-20-0001", "", "", "CN-04", "", "1", "2024-01-01", "2023-12-31", "", "", ""],
        ["CCN-20-0001", "", "", "CN-05", "nhà ở", "1", "31/02/2024", "", "sắp ký", "", ""],
        ["CCN-20-0001", "", "", "", "", "1", "2024-01-01", "", "", "", ""],
        ["CCN-99-0001", "", "", "CN-06", "", "1", "2024-01-01", "", "", "", ""],
    ]
    before = counts()

    report = import_leases(write_csv(tmp_path / "dirty.csv", rows))

    assert issues(report.errors) == [
        (2, "Ngày chấm dứt", "a terminated lease needs the date it was terminated"),
        (3, "Diện tích (ha)", "the area must be more than 0 ha"),
        (4, "Diện tích (ha)", "-1 is negative"),
        (5, "Ngày kết thúc", "the lease ends on 2023-12-31, before it starts on 2024-01-01"),
        (
            6,
            "Loại đất",
            "unknown land use “nhà ở” (use industrial/đất công nghiệp, service/đất dịch vụ)",
        ),
        (6, "Ngày bắt đầu", "“31/02/2024” is not a valid date"),
        (
            6,
            "Trạng thái",
            "unknown lease status “sắp ký” (use committed/đã chấp thuận, signed/đã ký, handed_over/đã bàn giao, "
            "idle/bỏ trống, terminated/đã chấm dứt)",
        ),
        (7, "Lô đất", "the plot is missing"),
        (8, "Mã khu/cụm", "no zone has the code “CCN-99-0001”"),
    ]
    assert counts() == before


def test_overlapping_plots_and_leases_beyond_the_free_land_are_refused(zones, project, tmp_path):
    zone = zones["hop_thinh"]
    Lease.objects.create(zone=zone, plot="CN-05", area_ha=Decimal(30), start_date=dt.date(2020, 1, 1))
    rows = [
        # CN-01 twice over the same days in the file.
        ["CCN-20-0001", "", "", "CN-01", "", "5", "2024-01-01", "2030-12-31", "", "", ""],
        ["CCN-20-0001", "", "", "CN-01", "", "5", "2025-01-01", "", "", "", ""],
        # CN-05 is leased since 2020 in the registry.
        ["CCN-20-0001", "", "", "CN-05", "", "2", "2024-06-01", "", "", "", ""],
        # 50 ha − 30 ha (CN-05) − 5 ha (CN-01) = 15 ha free on 1 March 2024.
        ["CCN-20-0001", "", "", "CN-07", "", "16", "2024-03-01", "", "", "", ""],
        # Service land is not counted against the industrial land.
        ["CCN-20-0001", "", "", "DV-01", "đất dịch vụ", "16", "2024-03-01", "", "", "", ""],
        ["CCN-20-0001", "", "", "CN-08", "", "1", "2024-03-01", "", "", "", "9999999999"],
        ["CCN-25-0001", "", "", "CN-09", "", "1", "2024-03-01", "", "", "", "2103456789"],
    ]
    before = counts()

    report = import_leases(write_csv(tmp_path / "dirty.csv", rows))

    assert issues(report.errors) == [
        (3, "Lô đất", "plot CN-01 is already leased from 2024-01-01 to 2030-12-31"),
        (4, "Lô đất", "plot CN-05 is already leased from 2020-01-01, with no end date"),
        (5, "Diện tích (ha)", "16 ha is more than the zone's free industrial land on 2024-03-01 (15 ha of 50 ha)"),
        (7, "Số GCNĐKĐT của dự án", "no project has the certificate number “9999999999”"),
        (
            8,
            "Số GCNĐKĐT của dự án",
            "project 2103456789 is in CCN-20-0001 Cụm công nghiệp Hợp Thịnh, not in this row's zone",
        ),
    ]
    assert counts() == before


def test_an_officer_of_another_province_is_refused_the_whole_file(zones, project, tmp_path):
    officer = get_user_model().objects.create_user("langson", "l@example.org", "a-long-test-password")
    Grant.objects.create(user=officer, role="provincial_officer", agency="doit", province=province("20"))
    path = write_csv(tmp_path / "leases.csv", CLEAN)
    before = counts()

    report = import_leases(path, user=officer)

    assert issues(report.errors) == [
        (6, "Mã khu/cụm", "you may not report for CCN-25-0001 Cụm công nghiệp Phú Thành II: it is outside your grants")
    ]
    assert counts() == before
    with pytest.raises(CommandError) as refused:
        call_command("import", "leases", str(path), "--as", "langson", "--no-progress", stderr=StringIO())
    assert refused.value.returncode == 1
    assert counts() == before

    stdout = StringIO()
    call_command("import", "leases", str(write_csv(tmp_path / "ok.csv", CLEAN[:4])), "--as", "langson", stdout=stdout)
    assert stdout.getvalue().splitlines()[-1].startswith("Imported ok.csv (4 rows): created 4 leases")
    assert {h.history_user for h in Lease.history.all()} == {officer}


def test_an_xlsx_file_with_typed_cells(zones, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["zone_code", "plot", "land_use", "area_ha", "start_date", "end_date", "status"])
    sheet.append(["CCN-20-0001", "CN-01", "industrial", 12.25, dt.date(2024, 1, 1), None, "signed"])
    workbook.save(tmp_path / "leases.xlsx")

    report = import_leases(tmp_path / "leases.xlsx")

    assert (issues(report.errors), issues(report.warnings)) == ([], [])
    lease = Lease.objects.get()
    assert (lease.area_ha, lease.start_date) == (Decimal("12.2500"), dt.date(2024, 1, 1))
