"""Run the ZoneAtlas benchmarks: ``make bench`` (``.venv/bin/python bench/run.py``).

1. A dedicated database (PostgreSQL ``zoneatlas_bench``, dropped and created afresh), migrated, with the
   administrative units and ``zoneatlas generate national``.
2. API latency: gunicorn on loopback, 10 concurrent clients per endpoint, next to the home page and the same
   rows in raw SQL; SQL queries per endpoint (``bench.api_latency``).
3. Import: a 10,000-row CSV and XLSX made from ``zoneatlas export zones``, imported into an empty registry,
   next to django-import-export and to reading the file alone (``bench.import_bench``).

Results: ``bench/results/*.json`` and the generated block of ``docs/benchmarks.md`` (full runs only).
Options: ``--only api|import``, ``--quick`` (a smoke run: fewer requests and rows, one repetition),
``--db sqlite`` (the import benchmark on SQLite, no PostgreSQL needed), ``--reuse-db`` (keep the national
database of an earlier run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="ZoneAtlas benchmarks", epilog="Results: docs/benchmarks.md")
    parser.add_argument("--only", choices=["api", "import"], help="run one benchmark (default: both)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 repetition, fewer requests and rows")
    parser.add_argument("--db", choices=["postgres", "sqlite"], default="postgres", help="database (default postgres)")
    parser.add_argument("--seed", type=int, default=42, help="seed of generate national (default 42)")
    parser.add_argument("--reuse-db", action="store_true", help="keep the national database if it holds zones")
    parser.add_argument("--repetitions", type=int, help="override the number of repetitions")
    parser.add_argument("--requests", type=int, help="override the requests per endpoint and repetition")
    parser.add_argument("--rows", type=int, help="override the rows of the import file")
    parser.add_argument(
        "--doc",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="update docs/benchmarks.md (default: on for full runs, off for --quick)",
    )
    args = parser.parse_args(argv)
    if args.db == "sqlite" and args.only == "api":
        parser.error("the API benchmark runs on PostgreSQL only (--db sqlite is for --only import)")
    return args


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench import report
    from bench.api_latency import LoadSettings, bench_api
    from bench.common import BenchError, Database, log, machine
    from bench.dataset import prepare_national
    from bench.import_bench import ImportSettings, bench_import

    args = parse_args(argv)
    repetitions = args.repetitions or (1 if args.quick else 3)
    national = Database(args.db, "zoneatlas_bench")
    result: dict[str, Any] = {
        "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
    }
    try:
        result["dataset"] = prepare_national(national, seed=args.seed, reuse=args.reuse_db)
        if args.only is None and args.db == "sqlite":
            log("API latency: skipped, it runs on PostgreSQL only")
        if args.only in (None, "api") and args.db == "postgres":
            load = LoadSettings(
                requests=args.requests or (200 if args.quick else 500),
                max_seconds=20 if args.quick else 40,
                warmup_requests=30 if args.quick else 100,
                repetitions=repetitions,
            )
            result["api"] = bench_api(national, load)
        if args.only in (None, "import"):
            settings = ImportSettings(rows=args.rows or (2000 if args.quick else 10_000), repetitions=repetitions)
            result[f"import-{args.db}"] = bench_import(national, "zoneatlas_bench_import", settings)
    except BenchError as error:
        log(f"benchmark failed: {error}")
        return 1
    finally:
        result["finished_at"] = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    path = report.save(result, quick=args.quick)
    log(f"Results: {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")
    # Benchmarks without a result file here keep their tables from the document (see ``bench.report``).
    markdown = report.render(report.latest() if not args.quick else _sections(result), report.current_block())
    print(markdown)
    if args.doc if args.doc is not None else not args.quick:
        report.update_doc(markdown)
        log("Updated docs/benchmarks.md")
    return 0


def _sections(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The run's own results in the shape ``report.render`` takes (used for quick runs, never saved as latest)."""
    shared = {key: result[key] for key in ("started_at", "machine", "dataset") if key in result}
    return {key: shared | {key: result[key]} for key in ("api", "import-postgres", "import-sqlite") if key in result}


if __name__ == "__main__":
    sys.exit(main())
