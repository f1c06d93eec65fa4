"""The columns of a zone file, in English or Vietnamese, and how a header as written finds its column.

Matching is tolerant: case, diacritics, spaces, punctuation and a unit in brackets do not matter, so
"Tỷ lệ lấp đầy (%)", "ty le lap day" and "occupancy_pct" all find the occupancy column. The export writes
the English names, so an exported file imports back unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zoneatlas.zones.imports.vocab import fold

# Column → the English name the export writes first, then the other names files use.
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "mã", "mã số", "mã khu", "zone code"),
    "name": ("name", "tên", "tên khu", "tên cụm", "tên khu, cụm", "tên KCN", "tên CCN", "zone name"),
    "name_en": ("name_en", "tên tiếng Anh", "English name", "name (English)"),
    "kind": ("kind", "loại", "loại hình", "loại khu", "type", "zone type"),
    "status": ("status", "trạng thái", "tình trạng", "hiện trạng"),
    "status_date": ("status_date", "ngày trạng thái", "status since", "ngày hiệu lực"),
    "province": ("province", "tỉnh", "tỉnh/thành phố", "tỉnh, thành phố", "province name"),
    "province_code": ("province_code", "mã tỉnh"),
    "commune": ("commune", "xã", "xã/phường", "xã, phường", "phường/xã", "ward"),
    "district": ("district", "huyện", "quận/huyện", "huyện (cũ)", "district (legacy)"),
    "reported_unit": ("reported_unit", "unit as reported", "địa danh theo nguồn", "đơn vị theo nguồn"),
    "latitude": ("latitude", "lat", "vĩ độ"),
    "longitude": ("longitude", "lon", "lng", "long", "kinh độ"),
    "location_precision": ("location_precision", "độ chính xác vị trí"),
    "gross_area_ha": ("gross_area_ha", "tổng diện tích", "diện tích", "gross area", "area"),
    "industrial_land_ha": ("industrial_land_ha", "đất công nghiệp", "diện tích đất công nghiệp", "industrial land"),
    "leased_ha": (
        "leased_ha",
        "đất đã cho thuê",
        "diện tích đã cho thuê",
        "diện tích đất đã cho thuê",
        "đã cho thuê",
        "leased",
        "leased land",
    ),
    "occupancy_pct": ("occupancy_pct", "tỷ lệ lấp đầy", "tỉ lệ lấp đầy", "occupancy", "occupancy rate"),
    "occupancy_as_of": ("occupancy_as_of", "ngày số liệu", "thời điểm số liệu", "as of", "số liệu đến ngày"),
    "developer": ("developer", "chủ đầu tư hạ tầng", "chủ đầu tư", "nhà đầu tư hạ tầng", "developer name"),
    "developer_type": ("developer_type", "loại chủ đầu tư", "loại hình chủ đầu tư"),
    "wwtp": ("wwtp", "trạm xử lý nước thải", "wwtp status", "tình trạng trạm xử lý nước thải", "XLNT"),
    "wwtp_capacity_m3_per_day": (
        "wwtp_capacity_m3_per_day",
        "công suất trạm xử lý nước thải",
        "công suất XLNT",
        "wwtp capacity",
    ),
    "wwtp_meets_standard": (
        "wwtp_meets_standard",
        "nước thải đạt quy chuẩn",
        "trạm xử lý nước thải đạt quy chuẩn",
        "đạt quy chuẩn",
    ),
    "craft_village": ("craft_village", "làng nghề", "cụm công nghiệp làng nghề"),
    "specialised": ("specialised", "specialized", "chuyên ngành", "chuyên biệt"),
    "high_tech": ("high_tech", "công nghệ cao"),
    "eco": ("eco", "sinh thái", "eco-industrial"),
    "synthetic": ("synthetic", "giả lập", "minh họa"),
    "parent": ("parent", "economic zone", "thuộc khu kinh tế", "parent code"),
    "notes": ("notes", "note", "ghi chú"),
    # Written by the export for the reader; an import reads past it.
    "occupancy_source": ("occupancy_source", "nguồn số liệu"),
}

INFORMATIONAL = frozenset({"occupancy_source"})

# What a person calls a column in a message about a missing one: its English and Vietnamese names.
REQUIRED = ("name", "province")

_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def header_key(header: str) -> str:
    """A header folded for matching: the unit in brackets dropped, then case, diacritics and spacing."""
    without_unit = _BRACKETED.sub("", str(header))
    key = fold(without_unit)
    # "occupancy_pct", "gross_area_ha": a unit written as a suffix is a unit too.
    for suffix in ("pct", "ha", "m3perday"):
        if key.endswith(suffix) and key[: -len(suffix)] in _ALIASES and key not in _ALIASES:
            return key[: -len(suffix)]
    return key or fold(header)


_ALIASES: dict[str, str] = {}
for _column, _names in COLUMNS.items():
    for _name in _names:
        _ALIASES.setdefault(fold(_BRACKETED.sub("", _name)) or fold(_name), _column)


def column_for(header: str) -> str | None:
    """The column a header as written stands for, or None when it is not one ZoneAtlas knows."""
    return _ALIASES.get(header_key(header))


@dataclass(frozen=True)
class ColumnMap:
    """Which position of the file holds which column, and the header as the user wrote it."""

    positions: dict[str, int]
    headers: dict[str, str]

    def header(self, column: str) -> str:
        return self.headers.get(column, column)

    def __contains__(self, column: object) -> bool:
        return column in self.positions
