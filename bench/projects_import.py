"""Benchmark: importing 100,000 projects from an XLSX file, next to django-import-export and to reading the file.

    .venv/bin/python bench/projects_import.py [--rows 100000] [--ie-rows 10000] [--db postgres sqlite]

1. A registry of its own for each database (PostgreSQL ``zoneatlas_bench_projects``, created and dropped here;
   SQLite under ``bench/results/work``): migrated, with the administrative units, ``generate national --seed 42``
   (2,020 zones) and monthly exchange rates for USD, JPY and KRW from 2015 to 2026.
2. A synthetic XLSX of ``--rows`` projects over those zones (``bench.projects_data``).
3. In fresh processes (``bench.projects_worker``), each import into a fresh copy of the registry:
   (a) ``zoneatlas import projects`` (``import_projects``), (b) a plain django-import-export ``ModelResource``
   on the first ``--ie-rows`` rows, extrapolated linearly to the whole file (it takes too long to run on all),
   (c) reading the file only, with python-calamine and with openpyxl.

Prints a markdown table and writes the results to ``bench/results/projects-import-<time>.json``. Goals (issue 5):
(a) at least 20 times faster than (b), within 3 times the calamine read, peak memory under 500 MB, well under
a minute. ``--profile`` also writes a cProfile of (a) next to the results.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    PYTHON,
    RESULTS_DIR,
    WORK_DIR,
    BenchError,
    Database,
    log,
    machine,
    manage,
    median,
    run_json,
)
from bench.projects_data import write_xlsx

GOAL_SPEED_UP = 20.0
GOAL_READ_RATIO = 3.0
GOAL_PEAK_MIB = 500.0
GOAL_SECONDS = 60.0
LABELS = {
    "zoneatlas": "(a) `zoneatlas import projects`",
    "zoneatlas_dry_run": "(a′) the same, `--dry-run` (check only)",
    "import_export": "(b) django-import-export `ModelResource`",
    "read_calamine": "(c) read only, python-calamine",
    "read_openpyxl": "(c′) read only, openpyxl (read-only mode)",
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Project import benchmark")
    parser.add_argument("--rows", type=int, default=100_000, help="projects in the file (default 100,000)")
    parser.add_argument(
        "--ie-rows", type=int, default=10_000, help="rows django-import-export imports (default 10,000)"
    )
    parser.add_argument("--db", nargs="+", choices=["postgres", "sqlite"], default=["postgres"])
    parser.add_argument("--repetitions", type=int, default=1, help="runs of each tool (the median is reported)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reuse-db", action="store_true", help="keep the registry of an earlier run if it exists")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the databases at the end")
    parser.add_argument("--profile", action="store_true", help="write a cProfile of the ZoneAtlas import")
    parser.add_argument("--tools", nargs="+", choices=sorted(LABELS), default=list(LABELS))
    return parser.parse_args(argv)


def prepare_registry(db: Database, *, seed: int, reuse: bool) -> list[str]:
    """The template registry: zones and rates; returns the codes of the zones projects may lie in."""
    if not (reuse and db.exists()):
        log(f"Registry: creating {db.engine} database {db.name}")
        db.create()
        manage(db, "migrate", "--no-input")
        manage(db, "load_admin_units")
        manage(db, "generate", "national", "--seed", str(seed))
    else:
        log(f"Registry: reusing {db.name}")
        manage(db, "migrate", "--no-input")
    result = run_json([PYTHON, "-m", "bench.projects_worker", "--tool=setup"], db.env())
    codes: list[str] = result["zone_codes"]
    log(f"  {len(codes)} zones, {result['rates']} exchange rates")
    return codes


def make_files(codes: list[str], rows: int, ie_rows: int, seed: int) -> dict[int, Path]:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    files = {}
    for count in sorted({rows, min(ie_rows, rows)}):
        path = WORK_DIR / f"projects-{count}-seed{seed}-zones{len(codes)}.xlsx"
        if not path.exists():
            log(f"Writing {path.name}")
            write_xlsx(path.with_suffix(".tmp.xlsx"), codes, count, seed=seed).rename(path)
        files[count] = path
    return files


def bench_engine(engine: str, args: argparse.Namespace) -> dict[str, Any]:
    prefix = "zoneatlas_bench_projects"
    template = Database(engine, f"{prefix}_tpl")  # type: ignore[arg-type]
    target = Database(engine, prefix)  # type: ignore[arg-type]
    codes = prepare_registry(template, seed=args.seed, reuse=args.reuse_db)
    files = make_files(codes, args.rows, args.ie_rows, args.seed)
    runs: dict[str, list[dict[str, Any]]] = {tool: [] for tool in args.tools}
    try:
        for repetition in range(args.repetitions):
            for tool in args.tools:
                rows = min(args.ie_rows, args.rows) if tool == "import_export" else args.rows
                command = [PYTHON, "-m", "bench.projects_worker", f"--tool={tool}", f"--file={files[rows]}"]
                command.append(f"--rows={rows}")
                if args.profile and tool == "zoneatlas":
                    command.append(f"--profile={RESULTS_DIR / f'projects-import-{engine}.prof'}")
                if not tool.startswith("read_"):
                    target.create(template=template)
                result = run_json(command, target.env(), timeout=7200)
                runs[tool].append(result)
                log(
                    f"  [{repetition + 1}/{args.repetitions}] {engine} {tool} ({rows} rows): "
                    f"{result['seconds']:.2f} s, peak RSS {result['peak_rss_mib']:.0f} MiB"
                )
    finally:
        if not args.keep_db:
            target.drop()
            template.drop()
    return summarise(engine, runs, args, files)


def summarise(
    engine: str, runs: dict[str, list[dict[str, Any]]], args: argparse.Namespace, files: dict[int, Path]
) -> dict[str, Any]:
    tools: dict[str, Any] = {}
    for tool, results in runs.items():
        rows = results[0]["rows"]
        seconds = median([result["seconds"] for result in results])
        full = seconds * args.rows / rows  # extrapolated linearly when the tool ran on a slice
        tools[tool] = {
            "label": LABELS[tool],
            "rows_run": rows,
            "median_seconds": seconds,
            "seconds_for_file": full,
            "extrapolated": rows != args.rows,
            "rows_per_s": rows / seconds,
            "median_cpu_seconds": median([result["cpu_seconds"] for result in results]),
            "median_peak_rss_mib": median([result["peak_rss_mib"] for result in results]),
            "runs_seconds": [result["seconds"] for result in results],
            "load_average_1m": [result["load_average_1m"] for result in results],
            "database_after": results[-1].get("database"),
            "summary": results[-1].get("summary"),
        }
    ours = tools.get("zoneatlas", {}).get("seconds_for_file")
    for tool in tools.values():
        tool["zoneatlas_ratio"] = ours / tool["seconds_for_file"] if ours else None
    goals: dict[str, Any] = {}
    if ours:
        if "import_export" in tools:
            speed_up = tools["import_export"]["seconds_for_file"] / ours
            goals["speed_up_vs_import_export"] = {"value": speed_up, "goal": GOAL_SPEED_UP, "met": speed_up >= 20}
        if "read_calamine" in tools:
            read_ratio = ours / tools["read_calamine"]["seconds_for_file"]
            goals["ratio_to_calamine_read"] = {"value": read_ratio, "goal": GOAL_READ_RATIO, "met": read_ratio <= 3}
        peak = tools["zoneatlas"]["median_peak_rss_mib"]
        goals["peak_rss_mib"] = {"value": peak, "goal": GOAL_PEAK_MIB, "met": peak < GOAL_PEAK_MIB}
        goals["seconds"] = {"value": ours, "goal": GOAL_SECONDS, "met": ours < GOAL_SECONDS}
    return {
        "engine": engine,
        "rows": args.rows,
        "file": files[args.rows].name,
        "file_bytes": files[args.rows].stat().st_size,
        "tools": tools,
        "goals": goals,
        "cpus": len(os.sched_getaffinity(0)),
    }


def markdown(results: list[dict[str, Any]]) -> str:
    lines = []
    for result in results:
        lines += [
            f"**Project import, {result['engine']}**: {result['rows']:,} projects, XLSX of "
            f"{result['file_bytes'] / 1e6:.1f} MB (`bench/projects_import.py`).",
            "",
            "| tool | wall time | CPU time (this process) | rows/s | peak RSS | tool ÷ (a) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for tool in result["tools"].values():
            scale = result["rows"] / tool["rows_run"]
            note = f" ({tool['rows_run']:,} rows run, times extrapolated ×{scale:g})"
            lines.append(
                f"| {tool['label']}{note if tool['extrapolated'] else ''} | {tool['seconds_for_file']:.1f} s | "
                f"{tool['median_cpu_seconds'] * scale:.1f} s | {tool['rows_per_s']:,.0f} | "
                f"{tool['median_peak_rss_mib']:.0f} MiB | {1 / tool['zoneatlas_ratio']:.2f} |"
            )
        loads = [load for tool in result["tools"].values() for load in tool["load_average_1m"]]
        lines.append("")
        lines.append(
            f"Load average (1 min) at the start of the runs: {min(loads):.1f}–{max(loads):.1f} on "
            f"{result['cpus']} CPUs; the CPU time of the database server is not in the CPU column."
        )
        goals = result["goals"]
        if goals:
            lines.append("")
            texts = {
                "speed_up_vs_import_export": "faster than django-import-export: {value:.1f}× (goal ≥ {goal:g}×)",
                "ratio_to_calamine_read": "time ÷ calamine read: {value:.1f} (goal ≤ {goal:g})",
                "peak_rss_mib": "peak memory: {value:.0f} MiB (goal < {goal:g} MB)",
                "seconds": "wall time: {value:.1f} s (goal well under {goal:g} s)",
            }
            for key, goal in goals.items():
                mark = "met" if goal["met"] else "**missed**"
                lines.append(f"- {texts[key].format(**goal)}: {mark}")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = dt.datetime.now().astimezone()
    output: dict[str, Any] = {"started_at": started.isoformat(timespec="seconds"), "machine": machine()}
    output["settings"] = dict(vars(args))
    results = []
    try:
        for engine in args.db:
            results.append(bench_engine(engine, args))
    except BenchError as error:
        log(f"benchmark failed: {error}")
        return 1
    output["results"] = results
    output["finished_at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"projects-import-{started:%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(output, indent=2, default=str))
    log(f"Results: {path}")
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
