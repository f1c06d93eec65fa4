"""Exporting zones as CSV, XLSX and GeoJSON, with the import's columns, in a constant number of queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from python_calamine import CalamineWorkbook

from zoneatlas.figures.models import Observation
from zoneatlas.zones.exporting import COLUMNS, export_zones, number_text
from zoneatlas.zones.imports import import_zones
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone
from zoneatlas.zones.tests.test_import import counts, write_csv

pytestmark = pytest.mark.django_db

HEADER = [
    "name",
    "kind",
    "status",
    "status_date",
    "province",
    "district",
    "latitude",
    "longitude",
    "gross_area_ha",
    "industrial_land_ha",
    "leased_ha",
    "occupancy_pct",
    "occupancy_as_of",
    "developer",
    "wwtp",
    "wwtp_capacity_m3_per_day",
    "wwtp_meets_standard",
    "craft_village",
    "parent",
]


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def registry(tmp_path: Path) -> list[Zone]:
    """An economic zone with a park, and two clusters of the seed reports (one in a legacy province)."""
    rows = [
        ["Khu kinh tế Vân Phong", "KKT", "established", "2006-04-25", "Khánh Hòa", "", "", "", "150000", "", "", "", "",
         "", "", "", "", "", ""],
        ["Khu công nghiệp Ninh Thủy", "KCN", "operating", "2010-06-01", "Khánh Hòa", "", "12.6", "109.28", "207",
         "150", "", "62.5", "2024-12-31", "", "", "", "", "", "Khu kinh tế Vân Phong"],
        ["Cụm công nghiệp Phú Thành II", "CCN", "operating", "2019-03-15", "Hòa Bình", "Lạc Thủy", "20.4821",
         "105.7512", "35.52", "30.2", "26.2347", "86.87", "2024-12-31", "Công ty CP Phú Thành", "operating", "500",
         "1", "0", ""],
        ["Cụm công nghiệp Đồng Bành", "CCN", "established", "2021", "Lạng Sơn", "", "", "", "866.605", "", "", "",
         "", "", "", "", "", "1", ""],
    ]  # fmt: skip
    report = import_zones(write_csv(tmp_path / "registry.csv", HEADER, rows))
    assert report.errors == []
    return list(Zone.objects.order_by("code"))


def read_csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_has_the_import_columns_and_each_zone_with_its_current_figures(registry: list[Zone]) -> None:
    rows = read_csv(export_zones(Zone.objects.all(), "csv"))

    assert list(rows[0]) == list(COLUMNS)
    assert [row["code"] for row in rows] == ["CCN-20-0001", "CCN-25-0001", "KCN-56-0001", "KKT-56-0001"]
    phu_thanh = rows[1]
    assert {key: phu_thanh[key] for key in COLUMNS} == {
        "code": "CCN-25-0001",
        "name": "Cụm công nghiệp Phú Thành II",
        "name_en": "",
        "kind": "cluster",
        "status": "operating",
        "status_date": "2019-03-15",
        "province": "Phú Thọ",
        "province_code": "25",
        "commune": "",
        "reported_unit": "Lạc Thủy, Hòa Bình",
        "latitude": "20.4821",
        "longitude": "105.7512",
        "location_precision": "exact",
        "gross_area_ha": "35.52",
        "industrial_land_ha": "30.2",
        "leased_ha": "26.2347",
        "occupancy_pct": "86.87",
        "occupancy_as_of": "2024-12-31",
        "occupancy_source": "registry.csv",
        "developer": "Công ty CP Phú Thành",
        "developer_type": "unknown",
        "wwtp": "operating",
        "wwtp_capacity_m3_per_day": "500",
        "wwtp_meets_standard": "1",
        "craft_village": "0",
        "specialised": "0",
        "high_tech": "0",
        "eco": "0",
        "synthetic": "0",
        "parent": "",
        "notes": "",
    }
    # 866.605 ha keeps a fourth decimal so that Vietnamese reading cannot take it for 866,605 ha.
    assert (rows[0]["gross_area_ha"], rows[0]["craft_village"], rows[0]["occupancy_pct"]) == ("866.6050", "1", "")
    assert (rows[2]["parent"], rows[2]["leased_ha"], rows[2]["occupancy_pct"]) == ("KKT-56-0001", "93.75", "62.5")


def test_the_current_occupancy_is_the_latest_figure(registry: list[Zone]) -> None:
    zone = Zone.objects.get(code="CCN-25-0001")
    older = Observation.objects.get(zone=zone)
    older.pk = None
    older.as_of, older.value, older.leased_ha = dt.date(2022, 12, 31), Decimal("50"), Decimal("15.1")
    older.save()

    row = read_csv(export_zones(Zone.objects.filter(pk=zone.pk), "csv"))[0]

    assert (row["occupancy_pct"], row["leased_ha"], row["occupancy_as_of"]) == ("86.87", "26.2347", "2024-12-31")


def test_the_export_takes_three_queries_however_many_zones(
    registry: list[Zone], tmp_path: Path, django_assert_num_queries: pytest.FixtureRequest
) -> None:
    with django_assert_num_queries(3):  # type: ignore[operator]
        export_zones(Zone.objects.all(), "csv")
    rows = [[f"Cụm công nghiệp Số {n}", "CCN", "operating", "2020", "Hà Nội", "", "", "", "40", "30", "", "50", "2024",
             "", "operating", "300", "", "", ""] for n in range(20)]  # fmt: skip
    import_zones(write_csv(tmp_path / "more.csv", HEADER, rows))
    assert Zone.objects.count() == 24

    for fmt in ("csv", "xlsx", "geojson"):
        with django_assert_num_queries(3):  # type: ignore[operator]
            export_zones(Zone.objects.all(), fmt)


def test_xlsx_holds_typed_cells_under_the_same_columns(registry: list[Zone]) -> None:
    content = export_zones(Zone.objects.all(), "xlsx")

    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0] == list(COLUMNS)
    phu_thanh = dict(zip(COLUMNS, rows[2], strict=True))
    assert (phu_thanh["code"], phu_thanh["gross_area_ha"], phu_thanh["occupancy_pct"]) == ("CCN-25-0001", 35.52, 86.87)
    assert (phu_thanh["status_date"], phu_thanh["wwtp_meets_standard"]) == (dt.date(2019, 3, 15), 1.0)


def test_geojson_has_a_point_per_zone_and_the_columns_as_properties(registry: list[Zone]) -> None:
    data = json.loads(export_zones(Zone.objects.all(), "geojson"))

    assert data["type"] == "FeatureCollection"
    by_code = {feature["properties"]["code"]: feature for feature in data["features"]}
    assert by_code["CCN-25-0001"]["geometry"] == {"type": "Point", "coordinates": [105.7512, 20.4821]}
    assert by_code["CCN-20-0001"]["geometry"] is None
    assert list(by_code["CCN-25-0001"]["properties"]) == list(COLUMNS)
    assert by_code["CCN-25-0001"]["properties"]["occupancy_pct"] == 86.87
    assert by_code["CCN-25-0001"]["properties"]["synthetic"] is False


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_an_exported_file_imports_back_unchanged(registry: list[Zone], tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(export_zones(Zone.objects.all(), fmt))
    before = counts()

    same_registry = import_zones(path)

    assert same_registry.errors == []
    assert (same_registry.created, same_registry.updated, same_registry.unchanged) == (0, 0, 4)
    assert {key: value for key, value in counts().items() if not key.startswith("document")} == {
        key: value for key, value in before.items() if not key.startswith("document")
    }


def test_an_export_rebuilds_an_emptied_registry(registry: list[Zone], tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(export_zones(Zone.objects.all(), "csv"))
    fields = ["code", "kind", "name", "status", "status_since", "province_id", "reported_unit_id", "latitude",
              "longitude", "gross_area_ha", "industrial_land_ha", "developer_name", "is_craft_village"]  # fmt: skip
    before = list(Zone.objects.order_by("code").values_list(*fields))
    Zone.objects.filter(kind="park").delete()
    Zone.objects.all().delete()

    report = import_zones(path)

    assert report.errors == []
    assert report.created == 4
    assert list(Zone.objects.order_by("code").values_list(*fields)) == before
    assert Zone.objects.get(code="KCN-56-0001").parent == Zone.objects.get(code="KKT-56-0001")
    figure = Observation.objects.get(zone__code="CCN-25-0001")
    assert (figure.value, figure.leased_ha, figure.industrial_land_ha) == (
        Decimal("86.87"),
        Decimal("26.2347"),
        Decimal("30.2"),
    )
    assert WastewaterPlant.objects.get().meets_standard is True
    assert LifecycleEvent.objects.count() == 4


def test_number_text_never_writes_a_number_vietnamese_reading_would_misread() -> None:
    assert [number_text(Decimal(text)) for text in ["35.5200", "866.6050", "866.605", "1200.0000", "0.125"]] == [
        "35.52",
        "866.6050",
        "866.6050",
        "1200",
        "0.1250",
    ]


def test_the_command_writes_a_file_filtered_by_province_and_kind(registry: list[Zone], tmp_path: Path) -> None:
    output = tmp_path / "khanh-hoa.csv"

    call_command("export", "zones", "--format", "csv", "--output", str(output), "--province", "56", "--kind", "park",
                 stderr=StringIO())  # fmt: skip

    assert [row["code"] for row in read_csv(output.read_bytes())] == ["KCN-56-0001"]
    stdout = StringIO()
    call_command("export", "zones", "--format", "geojson", "--province", "Lạng Sơn", stdout=stdout)
    assert [f["properties"]["code"] for f in json.loads(stdout.getvalue())["features"]] == ["CCN-20-0001"]
