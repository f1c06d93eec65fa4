"""Importing project files: all or nothing, every refused row reported with its line and column.

Real files are written to a temporary directory (CSV as a Vietnamese Excel saves it, XLSX with openpyxl). The
zones, rates and users are built here; the administrative units are in the test database (``zoneatlas/conftest.py``).
"""

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
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.tenants.imports import import_projects
from zoneatlas.tenants.models import (
    ExchangeRate,
    InfrastructureFunding,
    Investor,
    Lease,
    Project,
    ProjectResult,
    ProjectStatusEvent,
)
from zoneatlas.tenants.services import project_state
from zoneatlas.zones.models import Zone

pytestmark = pytest.mark.django_db

TENANT_MODELS = (ExchangeRate, Investor, Project, ProjectStatusEvent, Lease, InfrastructureFunding, ProjectResult)

HEADER = [
    "Mã khu/cụm",
    "Tên khu/cụm",
    "Tỉnh",
    "Nhà đầu tư",
    "Mã số thuế",
    "Quốc gia",
    "Tỷ lệ sở hữu nước ngoài (%)",
    "Tên dự án",
    "Phiên bản VSIC",
    "Mã ngành VSIC",
    "Trạng thái",
    "Ngày trạng thái",
    "Số GCNĐKĐT",
    "Ngày cấp GCNĐKĐT",
    "Vốn đăng ký",
    "Đơn vị tiền vốn đăng ký",
    "Vốn đã giải ngân",
    "Đơn vị tiền vốn đã giải ngân",
    "Giải ngân đến ngày",
    "Ghi chú giải ngân",
    "Diện tích đất (ha)",
    "Lao động dự kiến",
    "Lao động thực tế",
    "Lao động địa phương",
    "Nhóm môi trường",
    "Công nghệ",
]


def row(**cells: Any) -> list[Any]:
    """A row of the file, given by the template's English column names."""
    keys = [
        "zone_code",
        "zone",
        "province",
        "investor",
        "tax_code",
        "country",
        "ownership",
        "name",
        "vsic_version",
        "vsic_code",
        "status",
        "status_date",
        "certificate",
        "certificate_date",
        "registered",
        "registered_currency",
        "disbursed",
        "disbursed_currency",
        "disbursed_as_of",
        "disbursed_note",
        "land",
        "planned_jobs",
        "actual_jobs",
        "local_workers",
        "environment",
        "technology",
    ]
    unknown = set(cells) - set(keys)
    assert not unknown, unknown
    return [cells.get(key, "") for key in keys]


# A garment factory (VND), a Korean electronics plant found by zone name and a legacy province (USD in the
# amount), and a second project of the same Korean investor in yen.
CLEAN = [
    row(
        zone_code="CCN-20-0001",
        investor="Công ty TNHH May Hợp Thịnh",
        tax_code="4901234561",
        country="Việt Nam",
        name="Nhà máy may Hợp Thịnh",
        vsic_version="2018",
        vsic_code="1410",
        status="đang hoạt động",
        status_date="01/09/2024",
        certificate="2103456789",
        certificate_date="30/06/2024",
        registered="1.400 tỷ",
        registered_currency="VND",
        disbursed="600 tỷ",
        disbursed_currency="VND",
        disbursed_as_of="06/2024",
        land="5,5",
        planned_jobs="800",
        actual_jobs="650",
        local_workers="500",
        environment="II",
        technology="Dây chuyền may tự động",
    ),
    row(
        zone="Phú Thành II",
        province="Hòa Bình",
        investor="Công ty TNHH Hwaseung Vina",
        tax_code="2601234567",
        country="Hàn Quốc",
        ownership="100",
        name="Nhà máy linh kiện Hwaseung",
        vsic_version="2025",
        vsic_code="2611",
        status="đã cấp phép",
        status_date="20/05/2024",
        certificate="3201234567",
        certificate_date="15/05/2024",
        registered="56,3 triệu USD",
        land="12",
        planned_jobs="1.200",
        environment="nhóm I",
    ),
    row(
        zone_code="ccn-25-0001",
        investor="Công ty TNHH Hwaseung Vina",
        tax_code="2601234567",
        country="KR",
        ownership="100",
        name="Mở rộng nhà máy Hwaseung",
        certificate="3201234568",
        certificate_date="15/06/2024",
        registered="2 tỷ",
        registered_currency="JPY",
    ),
]


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Messages are asserted word for word in English, the msgids; the Vietnamese catalogue may change."""
    with translation.override("en"):
        yield


def province(code: str) -> AdminUnit:
    return AdminUnit.objects.get(era="current", level="province", code=code)


@pytest.fixture
def zones(db: None) -> dict[str, Zone]:
    return {
        "hop_thinh": Zone.objects.create(
            code="CCN-20-0001", kind="cluster", name="Cụm công nghiệp Hợp Thịnh", province=province("20")
        ),
        "phu_thanh": Zone.objects.create(
            code="CCN-25-0001", kind="cluster", name="Cụm công nghiệp Phú Thành II", province=province("25")
        ),
    }


@pytest.fixture
def rates(db: None) -> dict[str, ExchangeRate]:
    def rate(currency: str, start: dt.date, end: dt.date, vnd: str) -> ExchangeRate:
        return ExchangeRate.objects.create(
            currency=currency, valid_from=start, valid_to=end, vnd_per_unit=Decimal(vnd), source="SBV central rate"
        )

    return {
        "usd_may": rate("USD", dt.date(2024, 5, 1), dt.date(2024, 5, 31), "25450"),
        "usd_june": rate("USD", dt.date(2024, 6, 1), dt.date(2024, 6, 30), "24867"),
        "jpy_june": rate("JPY", dt.date(2024, 6, 1), dt.date(2024, 6, 30), "160.5"),
    }


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for cells in rows:
        sheet.append([None if cell == "" else cell for cell in cells])
    workbook.save(path)
    return path


def counts() -> dict[str, int]:
    """Every tenant model and its history table, and the source documents."""
    found = {}
    for model in TENANT_MODELS:
        found[model.__name__] = model.objects.count()
        found[f"{model.__name__} history"] = model.history.count()  # type: ignore[attr-defined]
    found["Document"] = Document.objects.count()
    return found


def issues(found: list[Any]) -> list[tuple[int | None, str | None, str]]:
    return [(issue.line, issue.column, issue.message) for issue in found]


def test_a_clean_file_imports_every_project_with_exact_converted_amounts(zones, rates, tmp_path):
    path = write_csv(tmp_path / "projects.csv", CLEAN)

    report = import_projects(path)

    assert issues(report.errors) == []
    assert issues(report.warnings) == [
        (
            2,
            "Vốn đăng ký",
            "“1.400 tỷ” read as 1400000000000 (a decimal comma and a thousands dot, as Vietnamese writes numbers)",
        ),
        (3, "Tỉnh", "“Hòa Bình” names a province before 1 July 2025: mapped to Phú Thọ (code 25) today"),
        (
            3,
            "Lao động dự kiến",
            "“1.200” read as 1200 (a decimal comma and a thousands dot, as Vietnamese writes numbers)",
        ),
    ]
    document = Document.objects.get(code=report.document_code)
    assert (document.title, document.kind, document.file_name) == ("projects.csv", DocumentKind.DATASET, "projects.csv")
    assert report.summary() == (
        "Imported projects.csv (3 rows): created 3 projects, updated 0, 0 unchanged; created 2 investors "
        f"(0 updated) and recorded 5 status events. Source: {document.code}."
    )

    garment = Project.objects.get(certificate_number="2103456789")
    # 1,400,000,000,000 VND ÷ 24,867 VND/USD (30 June 2024) = 56,299,513.411… → 56,299,513.41 USD.
    assert (garment.registered_capital, garment.registered_currency) == (Decimal("1400000000000.00"), "VND")
    assert garment.registered_capital_vnd == 1_400_000_000_000
    assert garment.registered_capital_usd == Decimal("56299513.41")
    assert (garment.registered_rate, garment.registered_usd_rate) == (None, rates["usd_june"])
    assert garment.registered_rate_date == dt.date(2024, 6, 30)
    # "06/2024" as of: the month's last day. 600,000,000,000 ÷ 24,867 = 24,128,362.890… → 24,128,362.89 USD.
    assert garment.disbursed_as_of == dt.date(2024, 6, 30)
    assert garment.disbursed_capital_vnd == 600_000_000_000
    assert garment.disbursed_capital_usd == Decimal("24128362.89")
    assert (garment.vsic_version, garment.vsic_code, garment.environmental_category) == ("2018", "1410", "II")
    assert (garment.land_area_ha, garment.planned_jobs, garment.actual_jobs, garment.local_workers) == (
        Decimal("5.5000"),
        800,
        650,
        500,
    )
    assert garment.zone == zones["hop_thinh"]
    assert (garment.status, garment.status_since, garment.registered_on) == (
        "operating",
        dt.date(2024, 9, 1),
        dt.date(2024, 6, 30),
    )
    assert garment.document == document
    assert garment.investor.name == "Công ty TNHH May Hợp Thịnh"
    assert (garment.investor.country, garment.investor.is_fdi) == ("VN", False)

    plant = Project.objects.get(certificate_number="3201234567")
    # 56.3 million USD at 25,450 VND/USD (the May rate: the certificate is of 15 May 2024).
    assert plant.zone == zones["phu_thanh"]
    assert (plant.registered_capital, plant.registered_currency) == (Decimal("56300000.00"), "USD")
    assert plant.registered_capital_vnd == 1_432_835_000_000
    assert plant.registered_capital_usd == Decimal("56300000.00")
    assert (plant.registered_rate, plant.registered_usd_rate) == (rates["usd_may"], None)
    assert (plant.status, plant.status_since, plant.registered_on) == (
        "approved",
        dt.date(2024, 5, 20),
        dt.date(2024, 5, 15),
    )
    assert (plant.vsic_version, plant.vsic_code, plant.environmental_category, plant.planned_jobs) == (
        "2025",
        "2611",
        "I",
        1200,
    )

    extension = Project.objects.get(certificate_number="3201234568")
    # 2,000,000,000 JPY × 160.5 = 321,000,000,000 VND; ÷ 24,867 = 12,908,674.146… → 12,908,674.15 USD.
    assert extension.registered_capital_vnd == 321_000_000_000
    assert extension.registered_capital_usd == Decimal("12908674.15")
    assert (extension.registered_rate, extension.registered_usd_rate) == (rates["jpy_june"], rates["usd_june"])
    assert (extension.status, extension.status_since) == ("registered", dt.date(2024, 6, 15))
    assert extension.investor_id == plant.investor_id
    korean = plant.investor
    assert (korean.tax_code, korean.country, korean.foreign_ownership_pct, korean.is_fdi) == (
        "2601234567",
        "KR",
        Decimal("100.00"),
        True,
    )

    events = ProjectStatusEvent.objects.order_by("project__certificate_number", "effective_on")
    assert [(e.project.certificate_number, e.status, e.effective_on, e.document_id) for e in events] == [
        ("2103456789", "registered", dt.date(2024, 6, 30), document.pk),
        ("2103456789", "operating", dt.date(2024, 9, 1), document.pk),
        ("3201234567", "registered", dt.date(2024, 5, 15), document.pk),
        ("3201234567", "approved", dt.date(2024, 5, 20), document.pk),
        ("3201234568", "registered", dt.date(2024, 6, 15), document.pk),
    ]
    # The status written in bulk is the one services.project_state derives from the events.
    for project in Project.objects.all():
        state = project_state(project.events.all())
        assert {name: getattr(project, name) for name in state} == state


def test_every_record_written_has_its_history_with_the_file_as_reason(zones, rates, tmp_path):
    path = write_csv(tmp_path / "projects.csv", CLEAN)

    import_projects(path)

    reason = "import of projects.csv"
    assert Investor.history.filter(history_type="+", history_change_reason=reason).count() == 2
    assert Project.history.filter(history_type="+", history_change_reason=reason).count() == 3
    assert ProjectStatusEvent.history.filter(history_type="+", history_change_reason=reason).count() == 5
    assert {h.status for h in Project.history.all()} == {"operating", "approved", "registered"}
    assert Project.history.filter(history_user__isnull=False).count() == 0  # no --as: no user


def test_the_same_file_twice_changes_nothing_the_second_time(zones, rates, tmp_path):
    path = write_csv(tmp_path / "projects.csv", CLEAN)
    first = import_projects(path)
    before = counts()

    again = import_projects(path)

    assert again.errors == []
    assert (again.created, again.updated, again.unchanged, again.events_created) == (0, 0, 3, 0)
    assert (again.investors_created, again.investors_updated) == (0, 0)
    assert again.document_code == first.document_code
    assert counts() == before


def test_a_corrected_row_updates_its_project_by_certificate_number(zones, rates, tmp_path):
    import_projects(write_csv(tmp_path / "projects.csv", CLEAN))
    corrected = [
        row(
            zone_code="CCN-20-0001",
            investor="Công ty TNHH May Hợp Thịnh",
            tax_code="4901234561",
            name="Nhà máy may Hợp Thịnh",
            status="tạm ngừng",
            status_date="2024-06-30",
            certificate="2103456789",
            disbursed="700 tỷ",
            disbursed_currency="VND",
            disbursed_as_of="2024-06-15",
        )
    ]

    report = import_projects(write_csv(tmp_path / "corrected.csv", corrected))

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged, report.events_created) == (0, 1, 0, 1)
    garment = Project.objects.get(certificate_number="2103456789")
    assert garment.disbursed_capital_vnd == 700_000_000_000
    assert garment.disbursed_capital_usd == Decimal("28149756.71")  # 700,000,000,000 ÷ 24,867 = 28,149,756.7057…
    assert garment.actual_jobs == 650  # empty cells change nothing
    # Suspended on 30 June, but operating since 1 September: the latest event stays the status.
    assert (garment.status, garment.status_since) == ("operating", dt.date(2024, 9, 1))
    history = list(garment.history.order_by("history_date", "history_id"))
    assert [(h.history_type, h.history_change_reason, h.disbursed_capital_vnd) for h in history] == [
        ("+", "import of projects.csv", 600_000_000_000),
        ("~", "import of corrected.csv", 700_000_000_000),
    ]
    assert garment.document.file_name == "corrected.csv"


def test_an_xlsx_file_with_typed_cells_imports_the_same(zones, rates, tmp_path):
    typed = [
        row(
            zone_code="CCN-20-0001",
            investor="Công ty TNHH May Hợp Thịnh",
            tax_code="4901234561",
            name="Nhà máy may Hợp Thịnh",
            vsic_version=2018,
            vsic_code="1410",
            status="operating",
            status_date=dt.date(2024, 9, 1),
            certificate="2103456789",
            certificate_date=dt.date(2024, 6, 30),
            registered=1_400_000_000_000,
            registered_currency="VND",
            land=5.5,
            planned_jobs=800,
        )
    ]

    report = import_projects(write_xlsx(tmp_path / "projects.xlsx", typed))

    assert (issues(report.errors), issues(report.warnings)) == ([], [])
    garment = Project.objects.get()
    assert (garment.registered_capital_usd, garment.land_area_ha, garment.vsic_version) == (
        Decimal("56299513.41"),
        Decimal("5.5000"),
        "2018",
    )
    assert (garment.status, garment.registered_on) == ("operating", dt.date(2024, 6, 30))


def test_a_dry_run_reports_what_would_change_and_writes_nothing(zones, rates, tmp_path):
    before = counts()

    report = import_projects(write_csv(tmp_path / "projects.csv", CLEAN), dry_run=True)

    assert report.errors == []
    assert report.summary() == (
        "Dry run of projects.csv (3 rows): would create 3 projects, update 0, leave 0 unchanged; would create "
        "2 investors (0 updated) and record 5 status events. Nothing was written."
    )
    assert counts() == before


DIRTY_CELLS = [
    row(zone_code="CCN-20-0001", investor="A", tax_code="4901234560", name="P2", certificate="C2"),
    row(zone_code="CCN-20-0001", investor="A", name="P3", vsic_version="2018", vsic_code="2611"),
    row(zone_code="CCN-20-0001", investor="A", name="P4", vsic_version="2025", vsic_code="9999"),
    row(zone_code="CCN-20-0001", investor="A", name="P5", registered="5.000.000"),
    row(zone_code="CCN-20-0001", investor="A", name="P6", actual_jobs="650", local_workers="700"),
    row(zone_code="CCN-99-0001", investor="A", name="P7"),
    row(zone="Không Có", province="Lạng Sơn", investor="A", name="P8"),
    row(zone_code="CCN-20-0001", investor="A", name="P9", land="-5"),
    row(zone_code="CCN-20-0001", investor="A", name="P10", certificate_date="31/02/2024"),
    row(zone_code="CCN-20-0001", investor="A", name="P11", status="đang hoạt động"),
    row(zone_code="CCN-20-0001", investor="A", name="P12", country="Narnia"),
    row(zone_code="CCN-20-0001", investor="A", name="P13", ownership="120"),
    row(zone_code="CCN-20-0001", investor="A", name="P14", status="sắp xong", status_date="2024"),
    row(zone_code="CCN-20-0001", investor="", name="P15", environment="V"),
    row(zone_code="CCN-20-0001", investor="A", name="P16", registered="10", registered_currency="XYZ"),
    row(zone_code="CCN-20-0001", investor="A", name="P17", planned_jobs="12,5"),
]


def test_a_file_with_bad_cells_is_refused_whole_with_every_line_and_column(zones, rates, tmp_path):
    path = write_csv(tmp_path / "dirty.csv", [*CLEAN, *DIRTY_CELLS])
    before = counts()

    report = import_projects(path)

    assert issues(report.errors) == [
        (5, "Mã số thuế", "tax code “4901234560” fails its check digit (the tenth digit should be 1)"),
        (6, "Mã ngành VSIC", "“2611” is a VSIC 2025 code, not a VSIC 2018 one"),
        (7, "Mã ngành VSIC", "“9999” is not a VSIC 2025 code"),
        (8, "Vốn đăng ký", "an amount needs its currency (e.g. VND, USD)"),
        (9, "Lao động địa phương", "local workers cannot exceed the project's workers"),
        (10, "Mã khu/cụm", "no zone has the code “CCN-99-0001”"),
        (11, "Tên khu/cụm", "no zone called “Không Có” in Lạng Sơn"),
        (12, "Diện tích đất (ha)", "-5 is negative"),
        (13, "Ngày cấp GCNĐKĐT", "“31/02/2024” is not a valid date"),
        (14, "Ngày trạng thái", "the status needs the date it applies from"),
        (
            15,
            "Quốc gia",
            "unknown country “Narnia” (give an ISO code such as KR, or a name such as Hàn Quốc)",
        ),
        (16, "Tỷ lệ sở hữu nước ngoài (%)", "foreign ownership 120 % is more than 100 %"),
        (
            17,
            "Trạng thái",
            "unknown project status “sắp xong” (use registered/đã đăng ký, approved/đã cấp phép, "
            "under_construction/đang xây dựng, operating/đang hoạt động…)",
        ),
        (18, "Nhà đầu tư", "the investor's name is missing"),
        (18, "Nhóm môi trường", "unknown environmental category “V” (use I, II, III, IV)"),
        (19, "Đơn vị tiền vốn đăng ký", "“XYZ” is not an ISO 4217 currency code (e.g. VND, USD, JPY)"),
        (20, "Lao động dự kiến", "“12,5” is not a whole number"),
    ]
    assert report.summary  # the command prints the errors; nothing is counted as written
    assert counts() == before


def test_rows_that_read_cleanly_but_cannot_be_recorded_are_refused_with_their_lines(zones, rates, tmp_path):
    rows = [
        *CLEAN,
        # No USD rate for 1 January 2023.
        row(zone_code="CCN-20-0001", investor="A", name="P5", certificate_date="01/01/2023", registered="5 triệu USD"),
        # Disbursed above registered, with no note to say why.
        row(
            zone_code="CCN-20-0001",
            investor="B",
            name="P6",
            certificate_date="2024-06-10",
            registered="1.000 tỷ",
            registered_currency="VND",
            disbursed="1.200 tỷ",
            disbursed_currency="VND",
        ),
        # The Korean investor's tax code under another name.
        row(zone_code="CCN-25-0001", investor="Công ty Khác", tax_code="2601234567", name="P7"),
        # A certificate number given twice.
        row(zone_code="CCN-25-0001", investor="C", name="P8", certificate="3201234568"),
    ]
    path = write_csv(tmp_path / "dirty.csv", rows)
    before = counts()

    report = import_projects(path)

    assert issues(report.errors) == [
        (7, "Nhà đầu tư", "tax code 2601234567 is given to “Công ty TNHH Hwaseung Vina” on line 3"),
        (5, "Vốn đăng ký", "no USD/VND exchange rate for 2023-01-01: load one with “zoneatlas import rates”"),
        (6, "Vốn đã giải ngân", "disbursed capital is above registered capital: say why in the disbursement note"),
        (8, "Số GCNĐKĐT", "certificate 3201234568 is already given on line 4"),
    ]
    assert counts() == before


def test_disbursed_above_registered_is_accepted_with_a_note(zones, rates, tmp_path):
    rows = [
        row(
            zone_code="CCN-20-0001",
            investor="B",
            name="P",
            certificate_date="2024-06-10",
            registered="1000",
            registered_currency="USD",
            disbursed="1200",
            disbursed_currency="USD",
            disbursed_note="Vốn vay bổ sung của công ty mẹ",
        )
    ]

    report = import_projects(write_csv(tmp_path / "noted.csv", rows))

    assert report.errors == []
    project = Project.objects.get()
    assert (project.registered_capital_vnd, project.disbursed_capital_vnd) == (24_867_000, 29_840_400)


@pytest.fixture
def lang_son_officer(db: None) -> Any:
    user = get_user_model().objects.create_user("langson", "langson@example.org", "a-long-test-password")
    Grant.objects.create(user=user, role="provincial_officer", agency="doit", province=province("20"))
    return user


def test_an_officer_of_another_province_is_refused_the_whole_file(zones, rates, lang_son_officer, tmp_path):
    path = write_csv(tmp_path / "projects.csv", CLEAN)
    before = counts()

    report = import_projects(path, user=lang_son_officer)

    assert issues(report.errors) == [
        (3, "Mã khu/cụm", "you may not report for CCN-25-0001 Cụm công nghiệp Phú Thành II: it is outside your grants"),
        (4, "Mã khu/cụm", "you may not report for CCN-25-0001 Cụm công nghiệp Phú Thành II: it is outside your grants"),
    ]
    assert counts() == before
    stderr = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", "projects", str(path), "--as", "langson", "--no-progress", stderr=stderr)
    assert refused.value.returncode == 1
    assert str(refused.value) == "Refused: 2 errors in projects.csv; nothing was written."
    assert counts() == before


def test_an_import_in_scope_names_the_officer_in_the_history(zones, rates, lang_son_officer, tmp_path):
    path = write_csv(tmp_path / "projects.csv", CLEAN[:1])

    report = import_projects(path, user=lang_son_officer)

    assert report.errors == []
    assert Project.history.get().history_user == lang_son_officer
    assert {event.history_user for event in ProjectStatusEvent.history.all()} == {lang_son_officer}
    assert Investor.history.get().history_user == lang_son_officer


def test_the_command_prints_the_summary_and_a_refusal_exits_with_1(zones, rates, tmp_path):
    stdout = StringIO()
    call_command("import", "projects", str(write_csv(tmp_path / "projects.csv", CLEAN)), "--no-progress", stdout=stdout)
    assert stdout.getvalue().splitlines()[-1].startswith("Imported projects.csv (3 rows): created 3 projects")

    stderr = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import", "projects", str(write_csv(tmp_path / "bad.csv", DIRTY_CELLS[:1])), "--no-progress", stderr=stderr
        )
    assert refused.value.returncode == 1
    assert stderr.getvalue().splitlines() == [
        'line 2, column "Mã số thuế": tax code “4901234560” fails its check digit (the tenth digit should be 1)'
    ]


def test_a_file_without_the_required_columns_is_refused_at_its_header(zones, tmp_path):
    path = write_csv(tmp_path / "bare.csv", [["x", "y"]], header=["Tên dự án", "Màu"])

    report = import_projects(path)

    assert issues(report.errors) == [
        (1, None, "the file has no Nhà đầu tư / investor column"),
        (1, None, "the file has no Mã khu/cụm / zone_code, Tên khu/cụm / zone column"),
    ]
    assert issues(report.warnings) == [(1, "Màu", "column not recognised; it was not imported")]


def test_a_registered_status_and_a_certificate_make_one_registration_on_the_earlier_date(zones, rates, tmp_path):
    rows = [
        row(
            zone_code="CCN-20-0001",
            investor="A",
            name="P",
            status="đã đăng ký",
            status_date="05/07/2024",
            certificate="C-1",
            certificate_date="30/06/2024",
        )
    ]

    import_projects(write_csv(tmp_path / "registered.csv", rows))

    project = Project.objects.get()
    assert [(e.status, e.effective_on) for e in project.events.all()] == [("registered", dt.date(2024, 6, 30))]
    assert (project.status, project.registered_on) == ("registered", dt.date(2024, 6, 30))


def test_without_tax_codes_or_certificates_investors_and_projects_are_found_by_name(zones, rates, tmp_path):
    rows = [
        row(zone_code="CCN-20-0001", investor="Hộ kinh doanh Nguyễn Văn A", name="Xưởng mộc"),
        row(zone_code="CCN-20-0001", investor="hộ kinh doanh nguyễn văn a", name="Xưởng sơn"),
    ]
    path = write_csv(tmp_path / "small.csv", rows)

    first = import_projects(path)
    again = import_projects(path)

    assert (first.created, first.investors_created) == (2, 1)
    assert (again.created, again.unchanged, again.investors_created) == (0, 2, 0)
    assert Investor.objects.get().name == "Hộ kinh doanh Nguyễn Văn A"
    assert sorted(Project.objects.values_list("name", flat=True)) == ["Xưởng mộc", "Xưởng sơn"]


def test_a_geojson_or_pdf_file_is_refused_before_anything_is_read(zones, tmp_path):
    path = tmp_path / "projects.json"
    path.write_text("{}", encoding="utf-8")

    report = import_projects(path)

    assert issues(report.errors) == [(None, None, "cannot read “projects.json”: give a CSV or XLSX file (.csv, .xlsx)")]


def test_an_investor_without_a_tax_code_is_found_by_name_whatever_its_case_and_spacing(zones, rates, tmp_path):
    household = Investor.objects.create(name="Hộ kinh doanh Nguyễn Văn An", country="VN")
    path = write_csv(
        tmp_path / "projects.csv",
        [
            row(
                zone_code="CCN-20-0001",
                investor="HỘ KINH DOANH  NGUYỄN VĂN AN",
                country="Việt Nam",
                name="Xưởng mộc An Phát",
                certificate_date="15/06/2024",
                registered="2 tỷ",
                registered_currency="VND",
            )
        ],
    )

    report = import_projects(path)

    assert issues(report.errors) == []
    assert Investor.objects.count() == 1
    assert list(Project.objects.values_list("name", "investor_id")) == [("Xưởng mộc An Phát", household.pk)]


def test_two_investors_without_a_tax_code_under_one_name_are_refused_with_the_reason(zones, rates, tmp_path):
    Investor.objects.create(name="Hộ kinh doanh Nguyễn Văn An", country="VN")
    Investor.objects.create(name="Hộ Kinh Doanh Nguyễn Văn An", country="VN")
    path = write_csv(
        tmp_path / "projects.csv",
        [
            row(
                zone_code="CCN-20-0001",
                investor="hộ kinh doanh nguyễn văn an",
                name="Xưởng mộc",
                certificate_date="15/06/2024",
                registered="2 tỷ",
                registered_currency="VND",
            )
        ],
    )
    before = counts()

    report = import_projects(path)

    assert issues(report.errors) == [
        (2, "Nhà đầu tư", "“hộ kinh doanh nguyễn văn an” matches 2 investors without a tax code: give the tax code")
    ]
    assert counts() == before
