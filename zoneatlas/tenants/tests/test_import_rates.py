"""Importing exchange rates: one rate per currency and day, no overlapping periods, administrators only."""

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
from zoneatlas.tenants.imports import import_rates
from zoneatlas.tenants.models import ExchangeRate, Investor, Project
from zoneatlas.zones.models import Zone

pytestmark = pytest.mark.django_db

HEADER = ["Tiền tệ", "Từ ngày", "Tỷ giá (VND)", "Đến ngày", "Nguồn"]


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def write_csv(path: Path, rows: list[list[Any]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def counts() -> tuple[int, int, int]:
    return ExchangeRate.objects.count(), ExchangeRate.history.count(), Document.objects.count()


def issues(found: list[Any]) -> list[tuple[int | None, str | None, str]]:
    return [(issue.line, issue.column, issue.message) for issue in found]


CLEAN = [
    ["USD", "01/06/2024", "24.867", "30/06/2024", "Ngân hàng Nhà nước, tỷ giá trung tâm"],
    ["JPY", "2024-06-01", "160,5", "2024-06-30", "Vietcombank"],
    ["eur", "07/2024", "27.012,35", "", ""],
]


def test_a_clean_file_imports_every_rate(tmp_path):
    path = write_csv(tmp_path / "rates.csv", CLEAN)

    report = import_rates(path)

    assert issues(report.errors) == []
    assert issues(report.warnings) == [
        (
            2,
            "Tỷ giá (VND)",
            "“24.867” read as 24867 (a decimal comma and a thousands dot, as Vietnamese writes numbers)",
        )
    ]
    assert report.summary() == (
        "Imported rates.csv (3 rows): created 3 exchange rates, updated 0, 0 unchanged. "
        f"Source: {report.document_code}."
    )
    rates = ExchangeRate.objects.order_by("currency")
    assert [(r.currency, r.valid_from, r.valid_to, r.vnd_per_unit, r.source) for r in rates] == [
        # A month stands for its first day in "from" (and its last in "to").
        ("EUR", dt.date(2024, 7, 1), None, Decimal("27012.350000"), "rates.csv"),
        ("JPY", dt.date(2024, 6, 1), dt.date(2024, 6, 30), Decimal("160.500000"), "Vietcombank"),
        (
            "USD",
            dt.date(2024, 6, 1),
            dt.date(2024, 6, 30),
            Decimal("24867.000000"),
            "Ngân hàng Nhà nước, tỷ giá trung tâm",
        ),
    ]
    document = Document.objects.get(code=report.document_code)
    assert {rate.document_id for rate in rates} == {document.pk}
    assert ExchangeRate.history.filter(history_type="+", history_change_reason="import of rates.csv").count() == 3


def test_a_rate_for_a_day_already_recorded_updates_it_and_its_history_keeps_the_old_value(tmp_path):
    import_rates(write_csv(tmp_path / "rates.csv", CLEAN))
    zone = Zone.objects.create(
        code="CCN-20-0001",
        kind="cluster",
        name="Cụm công nghiệp Hợp Thịnh",
        province=AdminUnit.objects.get(era="current", level="province", code="20"),
    )
    usd = ExchangeRate.objects.get(currency="USD")
    investor = Investor.objects.create(name="A")
    Project.objects.create(zone=zone, investor=investor, name="P", registered_usd_rate=usd)

    report = import_rates(write_csv(tmp_path / "corrected.csv", [["USD", "2024-06-01", "24870", "", ""], CLEAN[1]]))

    assert issues(report.errors) == []
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert issues(report.warnings) == [
        (
            2,
            "Tỷ giá (VND)",
            "the USD rate of 2024-06-01 changes from 24867 to 24870; 1 projects converted with the old rate keep "
            "their amounts until imported again",
        )
    ]
    usd.refresh_from_db()
    # Empty cells change nothing: the end date and the source stay.
    assert (usd.vnd_per_unit, usd.valid_to, usd.source) == (
        Decimal("24870.000000"),
        dt.date(2024, 6, 30),
        "Ngân hàng Nhà nước, tỷ giá trung tâm",
    )
    history = usd.history.order_by("history_date", "history_id")
    assert [(h.history_type, h.vnd_per_unit, h.history_change_reason) for h in history] == [
        ("+", Decimal("24867.000000"), "import of rates.csv"),
        ("~", Decimal("24870.000000"), "import of corrected.csv"),
    ]


def test_bad_cells_are_refused_with_their_line_and_column(tmp_path):
    rows = [
        ["ABC", "2024-06-01", "100", "", ""],
        ["VND", "2024-06-01", "1", "", ""],
        ["USD", "2024-06-01", "0", "", ""],
        ["USD", "2024-07-01", "-5", "", ""],
        ["USD", "2024-08-01", "25000", "2024-07-31", ""],
        ["USD", "", "25000", "", ""],
        ["KRW", "31/02/2024", "18,5", "", ""],
        ["KRW", "2024-03-01", "", "", ""],
    ]
    before = counts()

    report = import_rates(write_csv(tmp_path / "dirty.csv", rows))

    assert issues(report.errors) == [
        (2, "Tiền tệ", "“ABC” is not an ISO 4217 currency code (e.g. VND, USD, JPY)"),
        (3, "Tiền tệ", "VND is the base currency: it needs no rate"),
        (4, "Tỷ giá (VND)", "a rate must be more than 0"),
        (5, "Tỷ giá (VND)", "-5 is negative"),
        (6, "Đến ngày", "the rate ends on 2024-07-31, before it starts on 2024-08-01"),
        (7, "Từ ngày", "the first day of the rate is missing"),
        (8, "Từ ngày", "“31/02/2024” is not a valid date"),
        (9, "Tỷ giá (VND)", "the rate is missing"),
    ]
    assert counts() == before


def test_the_same_day_twice_and_overlapping_periods_are_refused(tmp_path):
    ExchangeRate.objects.create(
        currency="USD", valid_from=dt.date(2024, 5, 1), valid_to=dt.date(2024, 5, 31), vnd_per_unit=25450, source="t"
    )
    rows = [
        ["USD", "2024-06-01", "24867", "2024-06-30", ""],
        ["USD", "2024-06-01", "24870", "", ""],
        ["USD", "2024-05-20", "25400", "", ""],
        ["USD", "2024-06-15", "24900", "", ""],
    ]
    before = counts()

    report = import_rates(write_csv(tmp_path / "overlap.csv", rows))

    assert issues(report.errors) == [(3, "Từ ngày", "the USD rate of 2024-06-01 is already given on line 2")]
    assert counts() == before

    report = import_rates(write_csv(tmp_path / "overlap.csv", [rows[0], *rows[2:]]))

    assert issues(report.errors) == [
        (
            3,
            "Từ ngày",
            "the USD rate from 2024-05-20 begins within the rate from 2024-05-01 to 2024-05-31 (already recorded)",
        ),
        (4, "Từ ngày", "the USD rate from 2024-06-15 begins within the rate from 2024-06-01 to 2024-06-30 (line 2)"),
    ]
    assert counts() == before

    # A rate of the file whose period takes in the start of a recorded one.
    report = import_rates(write_csv(tmp_path / "overlap.csv", [["USD", "2024-04-20", "25300", "2024-05-10", ""]]))

    assert issues(report.errors) == [
        (
            2,
            "Đến ngày",
            "the USD rate from 2024-04-20 to 2024-05-10 overlaps the rate from 2024-05-01 (already recorded)",
        )
    ]
    assert counts() == before


def test_an_xlsx_file_with_typed_cells(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["currency", "valid_from", "vnd_per_unit", "valid_to", "source"])
    sheet.append(["USD", dt.date(2024, 6, 1), 24867, dt.date(2024, 6, 30), "SBV"])
    workbook.save(tmp_path / "rates.xlsx")

    report = import_rates(tmp_path / "rates.xlsx")

    assert (issues(report.errors), issues(report.warnings)) == ([], [])
    rate = ExchangeRate.objects.get()
    assert (rate.valid_from, rate.valid_to, rate.vnd_per_unit) == (
        dt.date(2024, 6, 1),
        dt.date(2024, 6, 30),
        Decimal("24867.000000"),
    )


def test_only_an_administrator_may_import_rates(tmp_path):
    users = get_user_model().objects
    officer = users.create_user("langson", "l@example.org", "a-long-test-password")
    Grant.objects.create(
        user=officer,
        role="provincial_officer",
        agency="doit",
        province=AdminUnit.objects.get(era="current", level="province", code="20"),
    )
    administrator = users.create_user("admin", "a@example.org", "a-long-test-password")
    Grant.objects.create(user=administrator, role="administrator")
    path = write_csv(tmp_path / "rates.csv", CLEAN)
    before = counts()

    refused = import_rates(path, user=officer)

    assert issues(refused.errors) == [(None, None, "only an administrator may import exchange rates")]
    assert counts() == before
    with pytest.raises(CommandError) as failed:
        call_command("import", "rates", str(path), "--as", "langson", "--no-progress", stderr=StringIO())
    assert failed.value.returncode == 1

    stdout = StringIO()
    call_command("import", "rates", str(path), "--as", "admin", "--no-progress", stdout=stdout)
    assert stdout.getvalue().splitlines()[-1].startswith("Imported rates.csv (3 rows): created 3 exchange rates")
    assert {h.history_user for h in ExchangeRate.history.all()} == {administrator}


def test_a_dry_run_writes_nothing(tmp_path):
    before = counts()

    report = import_rates(write_csv(tmp_path / "rates.csv", CLEAN), dry_run=True)

    assert report.summary() == (
        "Dry run of rates.csv (3 rows): would create 3 exchange rates, update 0, leave 0 unchanged. "
        "Nothing was written."
    )
    assert counts() == before
