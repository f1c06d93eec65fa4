"""Worker: one timed import of a zone file, in a fresh Django process on an empty zone registry.

Run by ``bench/run.py`` as ``python -m bench.import_worker --tool=zoneatlas --file=F --rows=N``; prints one
JSON object: seconds, peak memory, and what the database holds afterwards. A fresh process per run keeps
the peak memory of one import apart from the others'. Tools:

- ``read``: only read the file into rows (csv / python-calamine), the floor any import pays;
- ``zoneatlas`` and ``zoneatlas_dry_run``: ``import_zones(path)`` as ``zoneatlas import zones`` runs it;
- ``import_export``: the same rows through a plain django-import-export ``ModelResource`` (``bench.ie_resource``).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import django

TOOLS = ("read", "zoneatlas", "zoneatlas_dry_run", "import_export")


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def read_only(path: Path) -> int:
    if path.suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as file:
            return len(list(csv.DictReader(file)))
    from python_calamine import CalamineWorkbook

    return len(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()) - 1


def import_function() -> Callable[..., Any]:
    """``import_zones`` wherever the application keeps it (``zoneatlas.zones.importing`` or ``.imports``)."""
    for module in ("zoneatlas.zones.importing", "zoneatlas.zones.imports"):
        try:
            function: Callable[..., Any] = importlib.import_module(module).import_zones
        except (ImportError, AttributeError):
            continue
        return function
    raise SystemExit("cannot find import_zones in zoneatlas.zones.importing or zoneatlas.zones.imports")


def zoneatlas_import(path: Path, *, dry_run: bool) -> Any:
    return import_function()(path, dry_run=dry_run, progress=False)


def import_export(path: Path) -> Any:
    from bench.ie_resource import import_file

    return import_file(path)


def registry_counts() -> dict[str, int]:
    from zoneatlas.figures.models import Observation
    from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone

    return {
        "zones": Zone.objects.count(),
        "zone_history_rows": Zone.history.count(),
        "lifecycle_events": LifecycleEvent.objects.count(),
        "observations": Observation.objects.count(),
        "wwtp_reports": WastewaterPlant.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tool", choices=TOOLS, required=True)
    parser.add_argument("--file", type=Path, required=True)
    parser.add_argument("--rows", type=int, required=True, help="data rows in the file: every one must be imported")
    args = parser.parse_args()
    path: Path = args.file.resolve()
    if args.tool != "read":
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneatlas.settings")
        django.setup()
        import_function()  # import the application's modules before the clock starts
        if args.tool == "import_export":
            import bench.ie_resource  # noqa: F401
    rss_before = peak_rss_mib()
    load = os.getloadavg()[0]
    began, cpu_began = time.perf_counter(), time.process_time()
    outcome: Any
    if args.tool == "read":
        outcome = read_only(path)
    elif args.tool == "import_export":
        outcome = import_export(path)
    else:
        outcome = zoneatlas_import(path, dry_run=args.tool == "zoneatlas_dry_run")
    seconds = time.perf_counter() - began
    cpu_seconds = time.process_time() - cpu_began
    result: dict[str, Any] = {
        "tool": args.tool,
        "file": path.name,
        "rows": args.rows,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,  # this process only: PostgreSQL's own work is not in it
        "peak_rss_mib": peak_rss_mib(),
        "rss_before_mib": rss_before,
        "load_average_1m": load,
    }
    if args.tool == "read":
        expected, found = args.rows, outcome
    else:
        result["database"] = registry_counts()
        expected = 0 if args.tool == "zoneatlas_dry_run" else args.rows
        found = result["database"]["zones"]
    ok = found == expected
    if not ok:
        result["error"] = f"expected {expected} rows, found {found}; the tool returned: {outcome!s:.3000}"
    print(json.dumps(result, default=str))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
