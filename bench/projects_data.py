"""Synthetic project files for the project-import benchmark: N projects over the zones of a registry.

Deterministic for a seed. The rows look like a provincial export: typed cells (numbers and dates) for most
amounts, and one amount in ten written the Vietnamese way ("1.400,5 tỷ", "56,3 triệu USD"); statuses in
Vietnamese; 25 projects per investor on average, each investor with a valid tax code and always the same name
and country; certificate numbers unique; disbursed capital below registered capital; local workers below
workers. Every amount converts with the monthly rates of ``monthly_rates`` (2015–2026).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook

# The English names the import reads (the template's second row): one header row, which
# django-import-export needs as well.
HEADER = (
    "zone_code",
    "investor",
    "investor_tax_code",
    "investor_country",
    "foreign_ownership_pct",
    "name",
    "vsic_version",
    "vsic_code",
    "status",
    "status_date",
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
WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
COUNTRIES = (("VN", 55), ("KR", 15), ("JP", 10), ("CN", 8), ("TW", 5), ("SG", 4), ("US", 3))
# Capital per currency (units of the currency), and the currency of a country's projects.
CURRENCY_OF = {"VN": "VND", "KR": "USD", "JP": "JPY", "CN": "USD", "TW": "USD", "SG": "USD", "US": "USD"}
SCALE = {"VND": (20e9, 2e12), "USD": (1e6, 300e6), "JPY": (100e6, 30e9)}
STATUSES = ("đã đăng ký", "đã cấp phép", "đang xây dựng", "đang hoạt động", "tạm ngừng", "chấm dứt")
STATUS_WEIGHTS = (10, 15, 20, 45, 5, 5)
# Monthly rates (VND per unit) the benchmark database holds: a slow drift around these values.
RATE_BASE = {"USD": 23_000, "JPY": 170, "KRW": 18.5}
FIRST_MONTH, LAST_MONTH = dt.date(2015, 1, 1), dt.date(2026, 12, 1)
VSIC_2018 = [
    *("1010", "1030", "1050", "1071", "1079", "1311", "1410", "1430", "1520", "1629", "1709", "2013", "2022"),
    *("2211", "2220", "2310", "2393", "2410", "2511", "2599", "2610", "2640", "2710", "2732", "2750", "2816"),
    *("2930", "3011", "3100", "3290"),
]


def tax_code(number: int) -> str:
    """The ``number``-th valid enterprise tax code (ten digits, the last a check digit)."""
    while True:
        first = f"{100_000_000 + number * 7919 % 899_999_999:09d}"
        digit = 10 - sum(int(d) * w for d, w in zip(first, WEIGHTS, strict=True)) % 11
        if digit != 10:
            return first + str(digit)
        number += 1_000_003


def months() -> Iterator[dt.date]:
    day = FIRST_MONTH
    while day <= LAST_MONTH:
        yield day
        day = (day + dt.timedelta(days=32)).replace(day=1)


def monthly_rates() -> list[tuple[str, dt.date, dt.date, float]]:
    """(currency, first day, last day, VND per unit) for each month and currency the files use."""
    rates = []
    for currency, base in RATE_BASE.items():
        for number, first in enumerate(months()):
            last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
            rates.append((currency, first, last, round(base * (1 + number * 0.0012), 4)))
    return rates


def project_rows(zone_codes: list[str], rows: int, *, seed: int = 42) -> Iterator[list[Any]]:
    rng = random.Random(seed)
    investors = max(1, rows // 25)
    countries = [code for code, _weight in COUNTRIES]
    country_weights = [weight for _code, weight in COUNTRIES]
    investor_country = rng.choices(countries, country_weights, k=investors)
    for number in range(rows):
        investor = rng.randrange(investors)
        country = investor_country[investor]
        currency = CURRENCY_OF[country]
        certificate = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3500))
        low, high = SCALE[currency]
        registered = round(rng.uniform(low, high), -3 if currency != "USD" else 0)
        disbursed = round(registered * rng.uniform(0.1, 0.95), -3 if currency != "USD" else 0)
        as_of = min(certificate + dt.timedelta(days=rng.randrange(30, 900)), dt.date(2026, 6, 30))
        status = rng.choices(STATUSES, STATUS_WEIGHTS)[0]
        status_date = certificate + dt.timedelta(days=rng.randrange(0, 700))
        actual = rng.randrange(20, 3000)
        registered_cell: Any = registered
        if number % 10 == 0:
            # One amount in ten as a Vietnamese report writes it: "1.400,5 tỷ", "56,3 triệu USD".
            registered_cell = _vietnamese_amount(registered, currency)
        yield [
            zone_codes[rng.randrange(len(zone_codes))],
            f"Công ty TNHH Đầu tư {investor:05d}",
            tax_code(investor + 1),
            country,
            100 if country != "VN" else None,
            f"Dự án sản xuất số {number + 1:06d}",
            2018,
            rng.choice(VSIC_2018),
            status,
            dt.datetime.combine(status_date, dt.time()),
            str(2_100_000_000 + number),
            dt.datetime.combine(certificate, dt.time()),
            registered_cell,
            currency if registered_cell is registered else None,
            disbursed,
            currency,
            dt.datetime.combine(as_of, dt.time()),
            round(rng.uniform(0.5, 40), 2),
            actual + rng.randrange(0, 500),
            actual,
            rng.randrange(0, actual),
            rng.choice(("I", "II", "III", "IV")),
            "",
        ]


def _vietnamese_amount(value: float, currency: str) -> str:
    if currency == "VND":
        billions = f"{value / 1e9:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{billions} tỷ đồng"
    if currency == "USD":
        return f"{value / 1e6:.1f}".replace(".", ",") + " triệu USD"
    return f"{value / 1e6:.1f}".replace(".", ",") + " triệu JPY"


def write_xlsx(path: Path, zone_codes: list[str], rows: int, *, seed: int = 42) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Dự án")
    sheet.append(list(HEADER))
    for cells in project_rows(zone_codes, rows, seed=seed):
        sheet.append(cells)
    workbook.save(path)
    return path
