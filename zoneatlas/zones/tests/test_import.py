"""Importing zone files: all or nothing, every bad row reported with its line and column.

The files are real files written to a temporary directory (CSV, XLSX made with openpyxl, GeoJSON); the
administrative units of both eras are in the test database (see ``zoneatlas/conftest.py``).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from zoneatlas.figures.choices import Metric, Qualifier
from zoneatlas.figures.models import Observation
from zoneatlas.geo.models import AdminUnit
from zoneatlas.sources.choices import DocumentKind
from zoneatlas.sources.models import Document
from zoneatlas.zones.imports import import_zones
from zoneatlas.zones.imports.columns import column_for
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Messages are asserted word for word in English, the msgids; the Vietnamese catalogue may change."""
    with translation.override("en"):
        yield


VI_HEADER = [
    "Mã",
    "Tên",
    "Loại",
    "Trạng thái",
    "Ngày trạng thái",
    "Tỉnh",
    "Huyện",
    "Vĩ độ",
    "Kinh độ",
    "Tổng diện tích (ha)",
    "Đất công nghiệp (ha)",
    "Đất đã cho thuê (ha)",
    "Tỷ lệ lấp đầy (%)",
    "Ngày số liệu",
    "Chủ đầu tư hạ tầng",
    "Trạm xử lý nước thải",
    "Công suất trạm xử lý nước thải (m3/ngày đêm)",
]


def write_csv(path: Path, header: list[str], rows: list[list[Any]], *, delimiter: str = ",", bom: bool = False) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list[Any]], *, title_rows: int = 0) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number in range(title_rows):
        sheet.append([f"DANH SÁCH CỤM CÔNG NGHIỆP ({number + 1})"])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def write_geojson(path: Path, features: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), "utf-8")
    return path


def counts() -> dict[str, int]:
    """Rows of every table an import writes, with the history tables."""
    return {
        "zones": Zone.objects.count(),
        "zone_history": Zone.history.count(),
        "events": LifecycleEvent.objects.count(),
        "event_history": LifecycleEvent.history.count(),
        "figures": Observation.objects.count(),
        "figure_history": Observation.history.count(),
        "plants": WastewaterPlant.objects.count(),
        "plant_history": WastewaterPlant.history.count(),
        "documents": Document.objects.count(),
        "document_history": Document.history.count(),
    }


def seed_rows() -> list[list[Any]]:
    """Three zones of the seed reports, written the Vietnamese way."""
    return [
        [
            "",
            "Cụm công nghiệp Phú Thành II",
            "CCN",
            "đang hoạt động",
            "15/03/2019",
            "Hòa Bình",
            "Lạc Thủy",
            "20,4821",
            "105,7512",
            "35,52",
            "30,2",
            "",
            "86,87%",
            "31/12/2024",
            "Công ty CP Phú Thành",
            "đang vận hành",
            "500",
        ],
        [
            "",
            "Cụm công nghiệp Đồng Bành",
            "cụm công nghiệp",
            "đã thành lập",
            "2021",
            "Lạng Sơn",
            "Chi Lăng",
            "",
            "",
            "60",
            "45,5",
            "20",
            "",
            "30/06/2024",
            "",
            "",
            "",
        ],
        [
            "",
            "Khu công nghiệp Nam Cam Ranh",
            "KCN",
            "quy hoạch",
            "2022-01-10",
            "Khánh Hòa",
            "",
            "11,9",
            "109,15",
            "1.200",
            "800",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]


# A clean file -------------------------------------------------------------------------------------------


def test_a_clean_vietnamese_file_creates_each_zone_with_its_status_occupancy_and_history(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cum-cong-nghiep.csv", VI_HEADER, seed_rows(), bom=True)

    report = import_zones(path)

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    assert Zone.objects.count() == 3
    zones = {zone.name: zone for zone in Zone.objects.select_related("province", "reported_unit")}
    phu_thanh = zones["Cụm công nghiệp Phú Thành II"]
    assert (phu_thanh.code, phu_thanh.kind, phu_thanh.status, phu_thanh.status_since) == (
        "CCN-25-0001",
        "cluster",
        "operating",
        dt.date(2019, 3, 15),
    )
    assert (phu_thanh.province.code, phu_thanh.province.era) == ("25", "current")
    assert phu_thanh.reported_unit is not None
    assert phu_thanh.reported_unit.name == "Huyện Lạc Thủy"
    assert phu_thanh.reported_unit_text == "Lạc Thủy, Hòa Bình"
    assert (phu_thanh.latitude, phu_thanh.longitude) == (Decimal("20.482100"), Decimal("105.751200"))
    assert (phu_thanh.gross_area_ha, phu_thanh.industrial_land_ha) == (Decimal("35.52"), Decimal("30.2"))
    assert phu_thanh.developer_name == "Công ty CP Phú Thành"
    dong_banh = zones["Cụm công nghiệp Đồng Bành"]
    assert (dong_banh.code, dong_banh.status, dong_banh.status_since) == (
        "CCN-20-0001",
        "established",
        dt.date(2021, 1, 1),
    )
    cam_ranh = zones["Khu công nghiệp Nam Cam Ranh"]
    assert (cam_ranh.code, cam_ranh.status, cam_ranh.province.code) == ("KCN-56-0001", "planned", "56")
    assert cam_ranh.gross_area_ha == Decimal("1200")

    events = LifecycleEvent.objects.order_by("zone__code")
    assert [(e.zone.code, e.status, e.effective_on, e.date_is_approximate) for e in events] == [
        ("CCN-20-0001", "established", dt.date(2021, 1, 1), True),
        ("CCN-25-0001", "operating", dt.date(2019, 3, 15), False),
        ("KCN-56-0001", "planned", dt.date(2022, 1, 10), False),
    ]
    document = Document.objects.get()
    assert document.code.startswith("import-")
    assert (document.title, document.kind, document.text) == ("cum-cong-nghiep.csv", DocumentKind.DATASET, "")
    assert report.document_code == document.code

    figures = Observation.objects.order_by("zone__code")
    assert [
        (f.zone and f.zone.code, f.metric, f.unit, f.value, f.leased_ha, f.industrial_land_ha, f.as_of, f.quote)
        for f in figures
    ] == [
        (
            "CCN-20-0001",
            Metric.OCCUPANCY,
            "%",
            Decimal("43.9560"),
            Decimal("20"),
            Decimal("45.5"),
            dt.date(2024, 6, 30),
            "line 3 of cum-cong-nghiep.csv",
        ),
        (
            "CCN-25-0001",
            Metric.OCCUPANCY,
            "%",
            Decimal("86.87"),
            Decimal("26.2347"),
            Decimal("30.2"),
            dt.date(2024, 12, 31),
            "line 2 of cum-cong-nghiep.csv",
        ),
    ]
    assert all(f.document_id == document.pk and f.scope_type == "zone" for f in figures)
    assert figures[1].note == "Leased land derived from the occupancy rate × the industrial land."
    assert figures[0].note == "Occupancy rate derived from leased ÷ industrial land."
    plant = WastewaterPlant.objects.get()
    assert (plant.zone, plant.status, plant.capacity_m3_per_day, plant.as_of) == (
        phu_thanh,
        "operating",
        Decimal("500"),
        dt.date(2024, 12, 31),
    )
    assert counts() == {
        "zones": 3,
        "zone_history": 3,
        "events": 3,
        "event_history": 3,
        "figures": 2,
        "figure_history": 2,
        "plants": 1,
        "plant_history": 1,
        "documents": 1,
        "document_history": 1,
    }
    assert {h.history_type for h in Zone.history.all()} == {"+"}


def test_a_legacy_province_is_mapped_to_todays_province_with_a_warning(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "hoa-binh.csv", ["tên", "loại", "tỉnh"], [["Cụm công nghiệp Thanh Hà", "CCN", "Hòa Bình"]]
    )

    report = import_zones(path)

    assert report.errors == []
    assert [w.format() for w in report.warnings] == [
        'line 2, column "tỉnh": “Hòa Bình” names a province before 1 July 2025: mapped to Phú Thọ (code 25) today'
    ]
    zone = Zone.objects.select_related("province", "reported_unit").get()
    assert (zone.province.code, zone.province.short_name) == ("25", "Phú Thọ")
    assert zone.reported_unit is not None
    assert (zone.reported_unit.era, zone.reported_unit.level, zone.reported_unit.code) == ("legacy", "province", "17")
    assert zone.reported_unit_text == "Hòa Bình"


def test_a_cluster_of_120_ha_is_flagged_but_imported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "legacy.csv",
        ["name", "kind", "province", "gross_area_ha"],
        [["Cụm công nghiệp Cũ", "cluster", "Hà Nội", "120"], ["Cụm công nghiệp Mới", "cluster", "Hà Nội", "40"]],
    )

    report = import_zones(path)

    assert report.errors == []
    assert [w.format() for w in report.warnings] == [
        'line 2, column "gross_area_ha": a cluster of 120 ha lies outside the legal 5/10–75 ha (Decree 32/2024); '
        "imported and flagged"
    ]
    assert Zone.objects.get(name="Cụm công nghiệp Cũ").gross_area_ha == Decimal("120")
    assert Zone.objects.count() == 2


def test_the_same_name_twice_in_a_province_is_warned_and_both_are_imported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "twins.csv",
        ["name", "kind", "province", "commune"],
        [
            ["Cụm công nghiệp Thanh Hà", "cluster", "Phú Thọ", "Lạc Thủy"],
            ["Cụm công nghiệp Hòa Lạc", "cluster", "Hà Nội", ""],
            ["Cụm công nghiệp Thanh Hà", "cluster", "Phú Thọ", ""],
        ],
    )

    report = import_zones(path)

    assert report.errors == []
    assert [w.format() for w in report.warnings] == [
        'line 4, column "name": “Cụm công nghiệp Thanh Hà” is also the name of the zone on line 2 in Phú Thọ'
    ]
    assert list(Zone.objects.filter(name="Cụm công nghiệp Thanh Hà").values_list("code", flat=True)) == [
        "CCN-25-0001",
        "CCN-25-0002",
    ]
    placed = Zone.objects.get(code="CCN-25-0001")
    assert placed.commune is not None
    assert placed.commune.name == "Xã Lạc Thủy"
    assert placed.location_precision == "commune"
    assert (placed.latitude, placed.longitude) == (placed.commune.latitude, placed.commune.longitude)


# A dirty file ---------------------------------------------------------------------------------------------


def test_a_dirty_file_is_refused_whole_with_every_reason_and_the_database_unchanged(tmp_path: Path) -> None:
    import_zones(write_csv(tmp_path / "before.csv", VI_HEADER, seed_rows()))
    before = counts()
    rows = [
        ["", "Cụm công nghiệp A", "CCN", "", "", "Lạng Sơn", "", "", "", "40", "30", "", "2021", "2024", "", "", ""],
        ["", "Cụm công nghiệp B", "CCN", "", "", "Lạng Sơn", "", "", "", "40", "30", "35", "", "2024", "", "", ""],
        ["", "Cụm công nghiệp C", "CCN", "", "", "Hà Nội", "", "48,8566", "2,3522", "", "", "", "", "", "", "", ""],
        ["", "Cụm công nghiệp D", "CCN", "", "", "Hoa Bnh", "", "", "", "", "", "", "", "", "", "", ""],
        ["", "", "CCN", "", "", "Hà Nội", "", "", "", "", "", "", "", "", "", "", ""],
        [
            "",
            "Cụm công nghiệp E",
            "CCN",
            "đang hoạt động",
            "2020",
            "Hà Nội",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    path = write_csv(tmp_path / "dirty.csv", VI_HEADER, rows)

    report = import_zones(path)

    assert [issue.format() for issue in report.errors] == [
        'line 2, column "Tỷ lệ lấp đầy (%)": occupancy 2021 is outside 0–100 (a year in the occupancy column?)',
        'line 3, column "Đất đã cho thuê (ha)": leased land 35 ha exceeds the industrial land 30 ha',
        'line 4, column "Vĩ độ": the point 48.8566, 2.3522 lies outside Vietnam',
        'line 5, column "Tỉnh": province “Hoa Bnh” not found; closest matches: Hòa Bình (before 1 July 2025), '
        "Thái Bình (before 1 July 2025), Hà Tĩnh",
        'line 6, column "Tên": the zone\'s name is missing',
    ]
    assert report.errors[3].line == 5
    assert report.errors[3].column == "Tỉnh"
    assert report.created == 0
    assert counts() == before


def test_refuses_unknown_kinds_and_statuses_bad_numbers_and_a_code_used_twice(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "bad.csv",
        ["code", "name", "kind", "status", "province", "gross_area_ha", "industrial_land_ha", "occupancy_pct"],
        [
            ["CCN-01-0900", "Cụm công nghiệp A", "warehouse", "", "Hà Nội", "", "", ""],
            ["CCN-01-0901", "Cụm công nghiệp B", "cluster", "booming", "Hà Nội", "", "", ""],
            ["CCN-01-0902", "Cụm công nghiệp C", "cluster", "", "Hà Nội", "forty", "", ""],
            ["CCN-01-0903", "Cụm công nghiệp D", "cluster", "", "Hà Nội", "30", "40", ""],
            ["CCN-01-0903", "Cụm công nghiệp E", "cluster", "", "Hà Nội", "", "", ""],
            ["KCN-01-0904", "Cụm công nghiệp F", "cluster", "", "Hà Nội", "", "", ""],
            ["", "Cụm công nghiệp G", "cluster", "", "", "", "", ""],
            ["", "Cụm công nghiệp H", "cluster", "", "Hà Nội", "50", "40", "80"],
        ],
    )
    before = counts()

    report = import_zones(path)

    assert [issue.format() for issue in report.errors] == [
        'line 2, column "kind": unknown kind “warehouse” (use park/KCN/khu công nghiệp, cluster/CCN/cụm công nghiệp, '
        "economic_zone/KKT/khu kinh tế)",
        'line 3, column "status": unknown status “booming” (use planned/quy hoạch, established/đã thành lập, '
        "under_construction/đang xây dựng, operating/đang hoạt động…)",
        'line 4, column "gross_area_ha": “forty” is not a number',
        'line 5, column "industrial_land_ha": industrial land 40 ha exceeds the gross area 30 ha',
        'line 6, column "code": code CCN-01-0903 is already used on line 5',
        'line 7, column "code": code KCN-01-0904 is the code of a Industrial park, but the row is a Industrial cluster',
        'line 8, column "province": the province is missing',
    ]
    assert counts() == before


def test_an_occupancy_rate_that_disagrees_with_its_parts_is_refused(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "rate.csv",
        ["name", "kind", "province", "industrial_land_ha", "leased_ha", "occupancy_pct", "occupancy_as_of"],
        [
            ["Cụm công nghiệp A", "cluster", "Hà Nội", "40", "30", "75,4", "2024"],
            ["Cụm công nghiệp B", "cluster", "Hà Nội", "40", "30", "80", "2024"],
        ],
    )

    report = import_zones(path)

    assert [issue.format() for issue in report.errors] == [
        'line 3, column "occupancy_pct": occupancy 80 % disagrees with leased ÷ industrial land = 30 ÷ 40 = 75 % '
        "(more than 0.5 points apart)"
    ]
    assert Zone.objects.count() == 0


def test_a_file_without_a_name_or_province_column_is_refused_at_its_header(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "columns.csv", ["code", "kind", "colour"], [["CCN-01-0001", "cluster", "red"]])

    report = import_zones(path)

    assert [issue.format() for issue in report.errors] == [
        "line 1: the file has no name / tên column",
        "line 1: the file has no province / tỉnh column",
    ]
    assert [issue.format() for issue in report.warnings] == [
        'line 1, column "colour": column not recognised; it was not imported'
    ]


# Detected and reported ------------------------------------------------------------------------------------


def test_swapped_latitude_and_longitude_are_warned_and_swapped_back(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "swapped.csv",
        ["name", "kind", "province", "latitude", "longitude"],
        [["Cụm công nghiệp Phú Thành II", "cluster", "Phú Thọ", "105.7512", "20.4821"]],
    )

    report = import_zones(path)

    assert [w.format() for w in report.warnings] == [
        'line 2, column "latitude": latitude and longitude look swapped (105.7512, 20.4821); read as 20.4821, 105.7512'
    ]
    zone = Zone.objects.get()
    assert (zone.latitude, zone.longitude) == (Decimal("20.482100"), Decimal("105.751200"))


def test_reads_vietnamese_numbers_and_flags_the_ambiguous_decimal_comma(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "numbers.csv",
        ["tên", "loại", "tỉnh", "tổng diện tích (ha)", "đất công nghiệp (ha)", "tỷ lệ lấp đầy (%)", "ngày số liệu"],
        [
            ["Khu công nghiệp A", "KCN", "Hà Nội", "1.234,5", "866,605", "86,87%", "30/06/2024"],
            ["Khu công nghiệp B", "KCN", "Hà Nội", "35,52 ha", "12", "7", "06/2024"],
        ],
        delimiter=";",
    )

    report = import_zones(path)

    assert report.errors == []
    assert [w.format() for w in report.warnings] == [
        'line 2, column "đất công nghiệp (ha)": “866,605” read as 866.605 (a decimal comma and a thousands dot, '
        "as Vietnamese writes numbers)"
    ]
    a = Zone.objects.get(name="Khu công nghiệp A")
    assert (a.gross_area_ha, a.industrial_land_ha) == (Decimal("1234.5"), Decimal("866.605"))
    figure = Observation.objects.get(zone=a)
    assert (figure.value, figure.as_of, figure.qualifiers) == (
        Decimal("86.87"),
        dt.date(2024, 6, 30),
        [Qualifier.DECIMAL_COMMA_AMBIGUOUS],
    )
    b = Zone.objects.get(name="Khu công nghiệp B")
    assert b.gross_area_ha == Decimal("35.52")
    assert Observation.objects.get(zone=b).as_of == dt.date(2024, 6, 30)


def test_header_matching_ignores_case_diacritics_spacing_and_the_unit() -> None:
    assert column_for("Tỷ lệ lấp đầy (%)") == "occupancy_pct"
    assert column_for("ty le lap day") == "occupancy_pct"
    assert column_for("OCCUPANCY_PCT") == "occupancy_pct"
    assert column_for("Đất đã cho thuê [ha]") == "leased_ha"
    assert column_for("gross area (ha)") == "gross_area_ha"
    assert column_for("Tên tiếng Anh") == "name_en"
    assert column_for("chủ đầu tư hạ tầng") == "developer"
    assert column_for("wwtp_capacity_m3_per_day") == "wwtp_capacity_m3_per_day"
    assert column_for("colour") is None


# Other formats ---------------------------------------------------------------------------------------------


def test_an_xlsx_file_with_english_headers_typed_cells_and_a_title_row(tmp_path: Path) -> None:
    header = [
        "code",
        "name",
        "kind",
        "status",
        "status_date",
        "province",
        "gross_area_ha",
        "industrial_land_ha",
        "leased_ha",
        "occupancy_pct",
        "occupancy_as_of",
        "wwtp",
        "wwtp_meets_standard",
        "craft_village",
    ]
    rows: list[list[Any]] = [
        [
            None,
            "Cụm công nghiệp Hợp Thịnh",
            "cluster",
            "operating",
            dt.date(2018, 5, 2),
            "Phú Thọ",
            52.3,
            40,
            30.5,
            76.25,
            dt.date(2025, 6, 30),
            "completed",
            "yes",
            1,
        ],
        [
            None,
            "Cụm công nghiệp Phú Lâm",
            "CCN",
            "stalled",
            "2023",
            "Phú Thọ",
            20,
            None,
            None,
            2021,
            None,
            None,
            None,
            0,
        ],
    ]
    path = write_xlsx(tmp_path / "zones.xlsx", header, rows[:1], title_rows=2)

    report = import_zones(path)

    assert report.errors == []
    zone = Zone.objects.get()
    assert (zone.code, zone.status, zone.status_since, zone.is_craft_village) == (
        "CCN-25-0001",
        "operating",
        dt.date(2018, 5, 2),
        True,
    )
    assert (zone.gross_area_ha, zone.industrial_land_ha) == (Decimal("52.3"), Decimal("40"))
    figure = Observation.objects.get()
    assert (figure.value, figure.leased_ha, figure.industrial_land_ha, figure.as_of, figure.quote) == (
        Decimal("76.25"),
        Decimal("30.5"),
        Decimal("40"),
        dt.date(2025, 6, 30),
        "line 4 of zones.xlsx",
    )
    plant = WastewaterPlant.objects.get()
    assert (plant.status, plant.meets_standard) == ("completed", True)

    dirty = write_xlsx(tmp_path / "dirty.xlsx", header, rows)
    refused = import_zones(dirty)

    assert [issue.format() for issue in refused.errors] == [
        'line 3, column "occupancy_pct": occupancy 2021 is outside 0–100 (a year in the occupancy column?)'
    ]


def test_a_geojson_polygon_becomes_the_boundary_and_its_centroid_the_point(tmp_path: Path) -> None:
    square = [[105.74, 20.47], [105.76, 20.47], [105.76, 20.49], [105.74, 20.49], [105.74, 20.47]]
    path = write_geojson(
        tmp_path / "zones.geojson",
        [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [square]},
                "properties": {"tên": "Cụm công nghiệp Phú Thành II", "loại": "CCN", "tỉnh": "Phú Thọ"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.6, 21.6]},
                "properties": {"tên": "Cụm công nghiệp Đồng Bành", "loại": "cluster", "tỉnh": "Lạng Sơn"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [2.35, 48.85]},
                "properties": {"tên": "Cụm công nghiệp Paris", "loại": "cluster", "tỉnh": "Hà Nội"},
            },
        ],
    )

    refused = import_zones(path)

    assert [issue.format() for issue in refused.errors] == [
        'feature 3, column "geometry": the point 48.85, 2.35 lies outside Vietnam'
    ]
    assert Zone.objects.count() == 0

    data = json.loads(path.read_text("utf-8"))
    data["features"].pop()
    path.write_text(json.dumps(data), "utf-8")
    report = import_zones(path)

    assert report.errors == []
    polygon = Zone.objects.get(name="Cụm công nghiệp Phú Thành II")
    assert polygon.boundary == {"type": "Polygon", "coordinates": [square]}
    assert (polygon.latitude, polygon.longitude) == (Decimal("20.480000"), Decimal("105.750000"))
    assert polygon.boundary_area_ha is not None
    assert polygon.boundary_area_ha == Decimal("461.9997")  # 0.02° × 0.02° at 20.48° N, on the WGS84 ellipsoid
    point = Zone.objects.get(name="Cụm công nghiệp Đồng Bành")
    assert (point.latitude, point.longitude, point.boundary) == (Decimal("21.600000"), Decimal("106.600000"), None)


# Dry run and re-import -------------------------------------------------------------------------------------


def test_a_dry_run_reports_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "zones.csv", VI_HEADER, seed_rows())
    before = counts()

    report = import_zones(path, dry_run=True)

    assert report.errors == []
    assert (report.created, report.updated, report.events_created, report.figures_created) == (3, 0, 3, 2)
    assert report.summary().startswith("Dry run of zones.csv (3 rows): would create 3 zones")
    assert counts() == before


def test_importing_the_same_file_again_changes_nothing_and_reuses_its_document(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "zones.csv", VI_HEADER, seed_rows())
    import_zones(path)
    after_first = counts()

    again = import_zones(path)

    assert again.errors == []
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert counts() == after_first


def test_a_corrected_file_updates_its_zones_rather_than_duplicating_them(tmp_path: Path) -> None:
    import_zones(write_csv(tmp_path / "zones.csv", VI_HEADER, seed_rows()))
    after_first = counts()
    rows = seed_rows()
    rows[1][3], rows[1][4] = "đang hoạt động", "01/02/2025"  # Đồng Bành is now operating
    rows[2][9] = "1.250"  # Nam Cam Ranh's area was revised
    rows[0][0] = "CCN-25-0001"  # a code given: matched by code, the name changes
    rows[0][1] = "Cụm công nghiệp Phú Thành 2"

    report = import_zones(write_csv(tmp_path / "zones-v2.csv", VI_HEADER, rows))

    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (0, 3, 0)
    assert Zone.objects.count() == 3
    assert Zone.objects.get(code="CCN-25-0001").name == "Cụm công nghiệp Phú Thành 2"
    dong_banh = Zone.objects.get(code="CCN-20-0001")
    assert (dong_banh.status, dong_banh.status_since) == ("operating", dt.date(2025, 2, 1))
    assert list(dong_banh.lifecycle.values_list("status", flat=True)) == ["established", "operating"]
    assert Zone.objects.get(code="KCN-56-0001").gross_area_ha == Decimal("1250")
    assert counts() == {
        **after_first,
        "zone_history": after_first["zone_history"] + 3,
        "events": after_first["events"] + 1,
        "event_history": after_first["event_history"] + 1,
        "documents": 2,
        "document_history": 2,
    }
    assert list(Zone.history.filter(code="KCN-56-0001").values_list("history_type", "gross_area_ha")) == [
        ("~", Decimal("1250")),
        ("+", Decimal("1200")),
    ]


# The command ---------------------------------------------------------------------------------------------


def test_the_command_refuses_a_dirty_file_with_exit_code_1_and_prints_every_error(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "dirty.csv",
        ["tên", "loại", "tỉnh", "tỷ lệ lấp đầy (%)"],
        [["Cụm công nghiệp A", "CCN", "Hà Nội", "12"], ["Cụm công nghiệp B", "CCN", "Hà Nội", "2021"]],
    )
    stderr = StringIO()

    with pytest.raises(CommandError) as excinfo:
        call_command("import", "zones", str(path), "--no-progress", stderr=stderr)

    assert excinfo.value.returncode == 1
    assert str(excinfo.value) == "Refused: 1 errors in dirty.csv; nothing was written."
    assert 'line 3, column "tỷ lệ lấp đầy (%)": occupancy 2021 is outside 0–100 (a year in the occupancy column?)' in (
        stderr.getvalue().splitlines()
    )
    assert Zone.objects.count() == 0


def test_the_command_imports_a_clean_file_and_a_dry_run_leaves_nothing(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "zones.csv", VI_HEADER, seed_rows())
    stdout = StringIO()

    call_command("import", "zones", str(path), "--dry-run", "--no-progress", stdout=stdout)
    assert Zone.objects.count() == 0
    call_command("import", "zones", str(path), "--no-progress", stdout=stdout)

    assert Zone.objects.count() == 3
    assert "Imported zones.csv (3 rows): created 3 zones" in stdout.getvalue()


def test_the_units_the_tests_rely_on_are_loaded() -> None:
    assert AdminUnit.objects.current().provinces().count() == 34


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2024-06-30", dt.date(2024, 6, 30)),
        ("2024-06-30 10:00", dt.date(2024, 6, 30)),
        ("2024-06-30T10:00", dt.date(2024, 6, 30)),
        ("30/06/2024", dt.date(2024, 6, 30)),
        ("03/04/2024", dt.date(2024, 4, 3)),
    ],
)
def test_dates_are_read_iso_or_day_first(text: str, day: dt.date) -> None:
    from zoneatlas.zones.imports.cells import read_date

    value = read_date(text)
    assert (value.start, value.end, value.approximate) == (day, day, False)
