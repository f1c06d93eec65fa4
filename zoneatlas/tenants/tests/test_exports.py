"""Exporting the project list: exactly the filtered projects (every page), as CSV or XLSX, with the rates used,
``is_synthetic`` on every row, and internal fields for officials only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from zoneatlas.accounts.tests.conftest import personas  # noqa: F401 (a fixture)
from zoneatlas.tenants.exports import COLUMNS, INTERNAL_COLUMNS
from zoneatlas.tenants.models import Investor, Project
from zoneatlas.tenants.tests.conftest import make_project
from zoneatlas.zones.models import Zone

DONG_BANH = "KCN-20-0001"
CONTACT = "Bà B, 0912 345 678"


def rows(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.fixture
def en_client() -> Client:
    return Client(headers={"accept-language": "en"})


def client_of(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_the_csv_holds_exactly_the_filtered_projects_in_the_lists_order(en_client, demo, django_assert_num_queries):
    # One query: the projects with their zone, investor, rates and source joined.
    with django_assert_num_queries(1):
        response = en_client.get(f"/projects/export/?zone={DONG_BANH}&ordering=-capital&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="zoneatlas-projects.csv"'
    exported = rows(response)
    assert list(exported[0]) == list(COLUMNS)
    assert [row["name_en"] for row in exported] == [
        "Cement plant",
        "Electronic components plant",
        "Fruit processing plant",
        "Logistics centre",
    ]
    electronics = exported[1]
    assert {key: electronics[key] for key in electronics if electronics[key] != ""} == {
        "id": str(Project.objects.get(name_en="Electronic components plant").pk),
        "zone": DONG_BANH,
        "zone_name": "Khu công nghiệp Đồng Bành",
        "name": "Nhà máy linh kiện điện tử",
        "name_en": "Electronic components plant",
        "investor": "Hanil Components Co., Ltd. (illustrative)",
        "investor_country": "KR",
        "fdi": "1",
        "vsic_version": "2018",
        "vsic_code": "26100",
        "sector": "Sản xuất linh kiện điện tử",
        "status": "operating",
        "status_since": "2020-11-01",
        "certificate_date": "2019-05-15",
        "registered_capital": "20000000",
        "registered_currency": "USD",
        "registered_capital_vnd": "464000000000",
        "registered_capital_usd": "20000000",
        "registered_rate_date": "2019-05-15",
        "registered_rate_vnd_per_unit": "23200",
        "land_area_ha": "17.2",
        "planned_jobs": "650",
        "actual_jobs": "600",
        "jobs_as_of": "2024-06-30",
        "source": "synthetic-tenants",
        "is_synthetic": "1",
    }
    # A VND amount names the USD rate its USD value used.
    cement = exported[0]
    assert (cement["registered_capital_vnd"], cement["registered_capital_usd"]) == ("800000000000", "36529680.37")
    assert (cement["registered_rate_vnd_per_unit"], cement["registered_usd_rate_vnd_per_usd"]) == ("", "21900")


def test_the_export_has_every_page_of_the_list(en_client, demo):
    exported = rows(en_client.get("/projects/export/?format=csv"))
    assert len(exported) == 20
    assert {row["is_synthetic"] for row in exported} == {"1"}
    assert [row["zone"] for row in exported][:11] == ["CCN-20-0001"] * 11


def test_the_xlsx_holds_the_same_rows(en_client, demo):
    response = en_client.get(f"/projects/export/?zone={DONG_BANH}&ordering=-capital&format=xlsx")

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    table = list(sheet.iter_rows(values_only=True))
    assert list(table[0]) == list(COLUMNS)
    names = [row[COLUMNS.index("name_en")] for row in table[1:]]
    assert names == ["Cement plant", "Electronic components plant", "Fruit processing plant", "Logistics centre"]
    electronics = dict(zip(COLUMNS, table[2], strict=True))
    assert electronics["registered_capital_vnd"] == 464000000000
    assert electronics["registered_rate_date"] == dt.datetime(2019, 5, 15)  # noqa: DTZ001 (a date cell)
    assert electronics["is_synthetic"] == 1


def test_a_filter_that_cannot_be_read_exports_nothing(en_client, demo):
    response = en_client.get(f"/projects/export/?zone={DONG_BANH}&status=dreaming&format=csv")

    assert response.status_code == 400
    assert response.content.decode() == (
        "The filters cannot be read, nothing was exported: "
        "status: Select a valid choice. dreaming is not one of the available choices."
    )
    assert en_client.get("/projects/export/?format=pdf").status_code == 404


def test_internal_fields_are_for_officials_only(personas, en_client):  # noqa: F811
    investor = Investor.objects.create(name="Nhà đầu tư Phú Thọ", contact=CONTACT)
    make_project(
        Zone.objects.get(code="CCN-25-0001"),
        investor,
        "Dự án Phú Thọ",
        ("registered", dt.date(2024, 2, 1)),
        registered_capital=Decimal("1000000"),
        registered_currency="USD",
        registered_rate_date=dt.date(2024, 2, 1),
        note="Internal note",
    )

    public = en_client.get("/projects/export/?province=25&format=csv")
    assert list(rows(public)[0]) == list(COLUMNS)
    assert CONTACT not in public.content.decode("utf-8-sig")
    assert "Internal note" not in public.content.decode("utf-8-sig")

    official = rows(client_of(personas["phu_tho"]).get("/projects/export/?format=csv"))
    assert list(official[0]) == [*COLUMNS, *INTERNAL_COLUMNS]
    assert [(row["name"], row["investor_contact"], row["note"], row["is_synthetic"]) for row in official] == [
        ("Dự án Phú Thọ", CONTACT, "Internal note", "0")
    ]
    assert (official[0]["registered_capital_vnd"], official[0]["registered_rate_vnd_per_unit"]) == (
        "24867000000",
        "24867",
    )

    lang_son = client_of(personas["lang_son"]).get("/projects/export/?format=csv").content.decode("utf-8-sig")
    assert "Dự án Phú Thọ" not in lang_son
    assert CONTACT not in lang_son
    assert len(rows(client_of(personas["lang_son"]).get("/projects/export/?format=csv"))) == 20
