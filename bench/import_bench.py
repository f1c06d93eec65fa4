"""Import: a 10,000-row zone file (CSV and XLSX) imported into an empty registry, next to its baselines.

The file is made from what ``zoneatlas export zones`` writes for the national dataset, rows repeated until
there are enough, each with a unique name and no code (so every row creates a zone) and no parent economic
zone (the registry it goes into is empty). Every run starts from the same database: a copy of a template
that holds only the migrated schema and the administrative units. Each run is a fresh process (see
``bench.import_worker``), and the tools take turns within each repetition.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from bench.common import PYTHON, WORK_DIR, BenchError, Database, log, manage, median, ratio, run_json

TARGET_SECONDS = 10.0
TOOL_LABELS = {
    "zoneatlas": "`import_zones` (ZoneAtlas)",
    "zoneatlas_dry_run": "`import_zones(dry_run=True)`: check only, nothing kept",
    "import_export": "django-import-export `ModelResource` (baseline)",
    "read": "read the file only (csv / python-calamine, baseline)",
}
FORMATS = ("csv", "xlsx")
# Columns a copied row must not keep: a code would update (or clash with) the zone it names, a parent
# would name an economic zone the empty registry does not hold.
CLEARED = ("code", "parent")


@dataclass(frozen=True)
class ImportSettings:
    rows: int = 10_000
    repetitions: int = 3
    tools: tuple[str, ...] = ("read", "zoneatlas", "import_export", "zoneatlas_dry_run")


Table = tuple[list[str], list[list[Any]]]


def export_national(source: Database) -> dict[str, Path]:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    files = {}
    for fmt in FORMATS:
        path = WORK_DIR / f"national-export.{fmt}"
        path.unlink(missing_ok=True)
        manage(source, "export", "zones", "--format", fmt, "--output", str(path))
        if not path.exists() or not path.stat().st_size:
            raise BenchError(f"export zones --format {fmt} wrote nothing to {path}")
        files[fmt] = path
    return files


def read_export(path: Path) -> Table:
    """The header and the data rows of an exported file (title rows above the header are dropped)."""
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as file:
            lines: list[list[Any]] = list(csv.reader(file))
    else:
        lines = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    for index, cells in enumerate(lines[:10]):
        headers = [str(cell).strip() for cell in cells]
        if "name" in headers and ("province" in headers or "province_code" in headers):
            return headers, [list(row) for row in lines[index + 1 :] if any(cell not in ("", None) for cell in row)]
    raise BenchError(f"{path.name}: no header row with 'name' and 'province' in its first 10 rows")


def multiply(table: Table, rows: int) -> Table:
    """``rows`` data rows cycling through the table's, each with a unique name and the ``CLEARED`` columns blank."""
    headers, records = table
    if not records:
        raise BenchError("the export has no rows")
    name_at = headers.index("name")
    cleared = [headers.index(column) for column in CLEARED if column in headers]
    out = []
    for number in range(rows):
        row = list(records[number % len(records)])
        row += [""] * (len(headers) - len(row))
        row[name_at] = f"{row[name_at]} {number + 1:05d}"
        for index in cleared:
            row[index] = ""
        out.append(row)
    return headers, out


def write_table(table: Table, path: Path) -> Path:
    headers, rows = table
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(headers)
            writer.writerows([["" if cell is None else _csv_cell(cell) for cell in row] for row in rows])
        return path
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("zones")
    sheet.append(headers)
    for row in rows:
        sheet.append([None if cell == "" else cell for cell in row])
    workbook.save(path)
    return path


def _csv_cell(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()
    return str(cell)


def prepare_template(template: Database) -> None:
    log(f"Import: template database {template.name} (schema and administrative units)")
    template.create()
    manage(template, "migrate", "--no-input")
    manage(template, "load_admin_units")


def bench_import(source: Database, engine_prefix: str, settings: ImportSettings) -> dict[str, Any]:
    engine = source.engine
    template = Database(engine, f"{engine_prefix}_tpl")
    target = Database(engine, engine_prefix)
    log(f"Import benchmark on {engine}: {settings.rows} rows, x{settings.repetitions}, tools {settings.tools}")
    exported = export_national(source)
    files: dict[str, Path] = {}
    for fmt, path in exported.items():
        table = multiply(read_export(path), settings.rows)
        files[fmt] = write_table(table, WORK_DIR / f"zones-{settings.rows}.{fmt}")
    prepare_template(template)
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {fmt: {tool: [] for tool in settings.tools} for fmt in files}
    for repetition in range(settings.repetitions):
        for fmt, path in files.items():
            shift = repetition % len(settings.tools)
            for tool in settings.tools[shift:] + settings.tools[:shift]:
                if tool != "read":
                    target.create(template=template)  # an empty zone registry for every import
                result = run_json(
                    [
                        PYTHON,
                        "-m",
                        "bench.import_worker",
                        f"--tool={tool}",
                        f"--file={path}",
                        f"--rows={settings.rows}",
                    ],
                    target.env(),
                )
                runs[fmt][tool].append(result)
                log(
                    f"  [{repetition + 1}/{settings.repetitions}] {fmt} {tool}: {result['seconds']:.2f} s, "
                    f"peak RSS {result['peak_rss_mib']:.0f} MiB"
                )
    target.drop()
    template.drop()
    return summarise(runs, settings, files)


def summarise(
    runs: dict[str, dict[str, list[dict[str, Any]]]], settings: ImportSettings, files: dict[str, Path]
) -> dict[str, Any]:
    formats: dict[str, Any] = {}
    for fmt, by_tool in runs.items():
        tools: dict[str, Any] = {}
        for tool, results in by_tool.items():
            seconds = median([result["seconds"] for result in results])
            tools[tool] = {
                "label": TOOL_LABELS[tool],
                "median_seconds": seconds,
                "median_cpu_seconds": median([result.get("cpu_seconds", float("nan")) for result in results]),
                "rows_per_s": settings.rows / seconds,
                "median_peak_rss_mib": median([result["peak_rss_mib"] for result in results]),
                "median_rss_growth_mib": median(
                    [result["peak_rss_mib"] - result["rss_before_mib"] for result in results]
                ),
                "runs_seconds": [result["seconds"] for result in results],
                "database_after": results[-1].get("database"),
            }
        zoneatlas = tools.get("zoneatlas", {}).get("median_seconds", float("nan"))
        for tool in tools.values():
            tool["zoneatlas_ratio"] = ratio(zoneatlas, tool["median_seconds"])
        loads = [result["load_average_1m"] for results in by_tool.values() for result in results]
        formats[fmt] = {
            "file": files[fmt].name,
            "file_bytes": files[fmt].stat().st_size,
            "tools": tools,
            "load_average_1m": {"median": median(loads), "min": min(loads), "max": max(loads)},
        }
    zoneatlas_seconds: Sequence[float] = [
        formats[fmt]["tools"]["zoneatlas"]["median_seconds"] for fmt in formats if "zoneatlas" in formats[fmt]["tools"]
    ]
    return {
        "settings": settings.__dict__,
        "formats": formats,
        "target_seconds": TARGET_SECONDS,
        "target_met": bool(zoneatlas_seconds) and all(seconds < TARGET_SECONDS for seconds in zoneatlas_seconds),
    }
