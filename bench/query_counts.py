"""Worker: SQL queries and in-process time per API endpoint, on the national dataset.

Run by ``bench/run.py`` as ``python -m bench.query_counts --detail-zone=CODE ...`` in a Django process on the
benchmark database; prints one JSON object. Each endpoint is asked for twice over (a rich and a poor zone, a
large and a small province, page 1 and page 2) so that the report shows whether the count is constant.
Timings here come from the test client, without HTTP or concurrency: they split an endpoint's time between
SQL and Python, they are not the latency figures.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import django

REPEAT = 15


def measure(paths: dict[str, str]) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    client = APIClient()
    results: dict[str, Any] = {}
    for key, path in paths.items():
        client.get(path, HTTP_ACCEPT="application/json")  # warm caches and the connection
        totals_ms: list[float] = []
        sql_ms: list[float] = []
        slowest: dict[str, Any] = {}
        counts: set[int] = set()
        status = 0
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(path, HTTP_ACCEPT="application/json")
                totals_ms.append((time.perf_counter() - began) * 1000)
            status = response.status_code
            counts.add(len(captured.captured_queries))
            times = [float(query["time"]) * 1000 for query in captured.captured_queries]
            sql_ms.append(sum(times))
            for query, ms in zip(captured.captured_queries, times, strict=True):
                if ms > slowest.get("ms", -1):
                    slowest = {"ms": ms, "sql": query["sql"][:600]}
        results[key] = {
            "path": path,
            "status": status,
            "queries": max(counts),
            "queries_vary": len(counts) > 1,
            "in_process_ms": sorted(totals_ms)[REPEAT // 2],
            "sql_ms": sorted(sql_ms)[REPEAT // 2],
            "slowest_query": slowest,
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("cluster-province", "summary-province", "small-province", "detail-zone", "poor-zone"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    django.setup()
    filtered = f"kind=cluster&province={args.cluster_province}&occupancy_min=50"
    paths = {
        "home": "/",
        "list": "/api/v1/zones/",
        "list_page_2": "/api/v1/zones/?page=2",
        "list_filtered": f"/api/v1/zones/?{filtered}",
        "list_search": "/api/v1/zones/?search=an&has_wwtp=true",
        "detail": f"/api/v1/zones/{args.detail_zone}/",
        "detail_poor": f"/api/v1/zones/{args.poor_zone}/",
        "summary": f"/api/v1/provinces/{args.summary_province}/summary/",
        "summary_small": f"/api/v1/provinces/{args.small_province}/summary/",
    }
    print(json.dumps(measure(paths)))


if __name__ == "__main__":
    main()
