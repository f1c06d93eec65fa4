"""Worker: one timed run of a project-import tool, in a fresh Django process (``bench/projects_import.py``).

``python -m bench.projects_worker --tool=T --file=F --rows=N`` prints one JSON object: wall and CPU seconds, peak
memory (``getrusage``), and what the tenant tables hold afterwards. Tools:

- ``read_calamine``, ``read_openpyxl``: only read the file's rows, the floor any import pays;
- ``zoneatlas``, ``zoneatlas_dry_run``: ``import_projects(path)`` as ``zoneatlas import projects`` runs it;
- ``import_export``: a plain django-import-export ``ModelResource`` (``bench.ie_project_resource``);
- ``setup``: not timed: loads the monthly exchange rates the files convert with, and prints the zone codes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

TOOLS = ("read_calamine", "read_openpyxl", "zoneatlas", "zoneatlas_dry_run", "import_export", "setup")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()) - 1


def read_openpyxl(path: Path) -> int:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = sum(1 for _row in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return rows - 1


def setup() -> dict[str, Any]:
    from decimal import Decimal

    from simple_history.utils import bulk_create_with_history

    from bench.projects_data import monthly_rates
    from zoneatlas.tenants.models import ExchangeRate
    from zoneatlas.zones.models import Zone

    rates = [
        ExchangeRate(currency=c, valid_from=first, valid_to=last, vnd_per_unit=Decimal(str(vnd)), source="benchmark")
        for c, first, last, vnd in monthly_rates()
    ]
    ExchangeRate.objects.all().delete()
    bulk_create_with_history(rates, ExchangeRate, batch_size=1000, default_change_reason="benchmark set-up")
    codes = list(Zone.objects.alive().exclude(kind="economic_zone").order_by("code").values_list("code", flat=True))
    return {"rates": len(rates), "zone_codes": codes}


def counts() -> dict[str, int]:
    from zoneatlas.tenants.models import Investor, Project, ProjectStatusEvent

    return {
        "projects": Project.objects.count(),
        "project_history_rows": Project.history.count(),
        "investors": Investor.objects.count(),
        "investor_history_rows": Investor.history.count(),
        "status_events": ProjectStatusEvent.objects.count(),
        "status_event_history_rows": ProjectStatusEvent.history.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tool", choices=TOOLS, required=True)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--rows", type=int, default=0, help="data rows in the file: every one must be imported")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed part to this file")
    args = parser.parse_args()
    if not args.tool.startswith("read_"):
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneatlas.settings")
        django.setup()
    if args.tool == "setup":
        print(json.dumps(setup()))
        return
    path: Path = args.file.resolve()
    report: Any = None
    if args.tool.startswith("zoneatlas"):
        from zoneatlas.tenants.imports import import_projects  # loaded before the clock starts
    elif args.tool == "import_export":
        from bench.ie_project_resource import import_file
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    rss_before = peak_rss_mib()
    load = os.getloadavg()[0]
    began, cpu_began = time.perf_counter(), time.process_time()
    if args.tool == "read_calamine":
        found = read_calamine(path)
    elif args.tool == "read_openpyxl":
        found = read_openpyxl(path)
    elif args.tool == "import_export":
        found = import_file(path)
    else:
        report = import_projects(path, dry_run=args.tool == "zoneatlas_dry_run")
        found = report.created
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - cpu_began
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    result: dict[str, Any] = {
        "tool": args.tool,
        "file": path.name,
        "rows": args.rows,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,  # this process only: the database server's work is not in it
        "rows_per_s": args.rows / seconds if seconds else None,
        "peak_rss_mib": peak_rss_mib(),
        "rss_before_mib": rss_before,
        "load_average_1m": load,
    }
    if report is not None:
        result["errors"] = [issue.format() for issue in report.errors[:5]]
        result["warnings"] = len(report.warnings)
        result["summary"] = report.summary() if not report.errors else None
    if not args.tool.startswith("read_"):
        result["database"] = counts()
    ok = found == args.rows
    if not ok:
        result["error"] = f"expected {args.rows} rows, found {found}"
    print(json.dumps(result, default=str))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
