"""Tenant roll-ups at national scale on PostgreSQL (issue 5: "answer in under 300 ms"), next to raw SQL.

    .venv/bin/python bench/tenant_rollups.py [--projects 50000] [--repeat 15] [--reuse-db]

It owns the database ``zoneatlas_bench_tenants``: migrated, administrative units loaded, ``generate national
--seed 42``, ``generate tenants --projects N --seed 42``, ``VACUUM ANALYZE``. A worker process then times, in
process (median of ``--repeat`` runs after one warm-up), each roll-up the API serves: the province with the most
projects, the nation, one row per province today and as reported, and the whole ``/api/v1/tenants/summary/`` and
``/api/v1/provinces/{code}/tenants/`` responses through the DRF test client (anonymous). The baseline is one
hand-written SQL aggregate of the same national numbers through psycopg, timed the same way. Prints a markdown
table and writes ``bench/results/tenant-rollups-<date>.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import PYTHON, RESULTS_DIR, Database, log, machine, manage, run_json
from bench.dataset import analyse, prepare_national

DB = Database("postgres", "zoneatlas_bench_tenants")
TARGET_MS = 300.0

BASELINE_SQL = """
SELECT count(*) AS projects,
       count(*) FILTER (WHERE i.is_fdi) AS fdi_projects,
       count(*) FILTER (WHERE p.status = 'operating') AS operating,
       count(DISTINCT p.investor_id) AS investors,
       sum(p.registered_capital_vnd) AS registered_vnd,
       sum(p.registered_capital_usd) AS registered_usd,
       sum(p.registered_capital_vnd) FILTER (WHERE i.is_fdi) AS fdi_vnd,
       sum(p.actual_jobs) AS jobs
FROM tenants_project p
JOIN tenants_investor i ON i.id = p.investor_id
JOIN zones_zone z ON z.id = p.zone_id
WHERE p.status <> 'terminated' AND z.deleted_at IS NULL
"""
BASELINE_BY_PROVINCE_SQL = BASELINE_SQL.replace("SELECT count(*)", "SELECT z.province_id, count(*)") + (
    " GROUP BY z.province_id"
)


def worker(repeat: int) -> dict[str, Any]:
    """Runs inside a Django process on the benchmark database; prints one JSON line."""
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from rest_framework.test import APIClient

    from zoneatlas.tenants.models import Project
    from zoneatlas.tenants.rollups import nation_from, rollup, rollup_by_province
    from zoneatlas.zones.models import Zone

    busiest = (Project.objects.values("zone__province__code").annotate(n=Count("id")).order_by("-n").first() or {}).get(
        "zone__province__code"
    )
    client = APIClient(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    zones = Zone.objects.alive()
    today = timezone.localdate()
    cases = {
        "province roll-up (in process)": lambda: rollup(zones.filter(province__code=busiest), "p"),
        "nation roll-up (in process)": lambda: rollup(zones, "nation"),
        "by province today (in process)": lambda: rollup_by_province(zones),
        "by province as reported (in process)": lambda: rollup_by_province(zones, as_reported=True),
        "nation from the province rows (in process)": lambda: nation_from(rollup_by_province(zones), zones, today),
        f"GET /api/v1/provinces/{busiest}/tenants/": lambda: _ok(client.get(f"/api/v1/provinces/{busiest}/tenants/")),
        "GET /api/v1/tenants/summary/": lambda: _ok(client.get("/api/v1/tenants/summary/")),
    }
    results: dict[str, Any] = {}
    for name, case in cases.items():
        case()
        with CaptureQueriesContext(connection) as queries:
            case()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            case()
            times.append((time.perf_counter() - started) * 1000)
        # Through the test client the request reconnects, so its queries are not counted here (the in-process
        # rows above count the same work).
        counted = None if name.startswith("GET") else len(queries)
        results[name] = {"median_ms": statistics.median(times), "max_ms": max(times), "queries": counted}
    with connection.cursor() as cursor:
        for name, query in (("raw SQL, nation", BASELINE_SQL), ("raw SQL, by province", BASELINE_BY_PROVINCE_SQL)):
            cursor.execute(query)
            cursor.fetchall()
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                cursor.execute(query)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
            results[name] = {"median_ms": statistics.median(times), "max_ms": max(times), "queries": 1}
    return {"busiest_province": busiest, "results": results, "projects": Project.objects.count()}


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")
    return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.repeat)))
        return
    dataset = prepare_national(DB, seed=42, reuse=args.reuse_db)
    if not (args.reuse_db and dataset.get("reused")):
        _output, seconds = manage(DB, "generate", "tenants", "--projects", str(args.projects), "--seed", "42")
        dataset["generate_tenants_seconds"] = seconds
        analyse(DB)
    log("Timing the roll-ups")
    # The API's response cache is off: each request computes its answer, as the first one after a write does.
    measured = run_json([PYTHON, __file__, "--worker", "--repeat", str(args.repeat)], DB.env(API_CACHE_URL="dummy://"))
    report = {"date": dt.datetime.now().astimezone().isoformat(timespec="minutes"), "machine": machine()}
    report |= {"dataset": dataset, **measured}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"tenant-rollups-{dt.datetime.now().astimezone():%Y-%m-%d}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    baseline = measured["results"]["raw SQL, nation"]["median_ms"]
    print(f"{measured['projects']:,} projects; busiest province {measured['busiest_province']}\n")
    print("| request | SQL queries | median ms | max ms | ÷ raw SQL (nation) | under 300 ms |")
    print("|---|---:|---:|---:|---:|---|")
    for name, row in measured["results"].items():
        met = "yes" if row["median_ms"] < TARGET_MS else "**no**"
        queries = "–" if row["queries"] is None else row["queries"]
        print(
            f"| {name} | {queries} | {row['median_ms']:.1f} | {row['max_ms']:.1f} | "
            f"{row['median_ms'] / baseline:.2f} × | {met} |"
        )
    log(f"Results: {path}")


if __name__ == "__main__":
    main()
