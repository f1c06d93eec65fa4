"""Worker: SQL queries and in-process time per API endpoint, on the national dataset.

Run by ``bench/run.py`` as ``python -m bench.query_counts --detail-zone=CODE ...`` in a Django process on the
benchmark database; prints one JSON object. Each endpoint is asked for twice over (a rich and a poor zone, a
large and a small province, page 1 and page 2) so that the report shows whether the count is constant.
Timings here come from the test client, without HTTP or concurrency: they split an endpoint's time between
SQL and Python, they are not the latency figures.

Each request is measured twice: computed (the API's response cache emptied before each request, outside the
timing) and answered from the cache (the same request again), so the report shows what the cache saves.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from statistics import median
from typing import Any

import django

REPEAT = 15


class QueryTimer:
    """An execute wrapper that times every statement with ``perf_counter`` (the query log rounds to 1 ms)."""

    def __init__(self) -> None:
        self.queries: list[tuple[str, float]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((sql, (time.perf_counter() - began) * 1000))


def measure(paths: dict[str, str]) -> dict[str, Any]:
    from django.core.cache import caches
    from rest_framework.test import APIClient

    client = APIClient()
    api_cache = caches["api"]
    results: dict[str, Any] = {}
    for key, path in paths.items():
        client.get(path, HTTP_ACCEPT="application/json", secure=True)  # warm caches and the connection
        computed = _timed(client, path, before_each=api_cache.clear)
        cached = _timed(client, path, before_each=None)
        results[key] = computed | {"cached": cached}
    return results


def _timed(client: Any, path: str, *, before_each: Any) -> dict[str, Any]:
    """``REPEAT`` requests for ``path``, ``before_each`` called before each one outside the timing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    totals_ms: list[float] = []
    cpu_ms: list[float] = []
    timers: list[QueryTimer] = []
    counts: set[int] = set()
    status = 0
    for _ in range(REPEAT):
        if before_each is not None:
            before_each()
        timer = QueryTimer()
        with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
            began, cpu_began = time.perf_counter(), time.process_time()
            response = client.get(path, HTTP_ACCEPT="application/json", secure=True)
            totals_ms.append((time.perf_counter() - began) * 1000)
            cpu_ms.append((time.process_time() - cpu_began) * 1000)
        status = response.status_code
        counts.add(len(captured.captured_queries))
        timers.append(timer)
    # The statements come in the same order every time: take each one's median, then the slowest.
    per_statement = [median([timer.queries[i][1] for timer in timers]) for i in range(len(timers[-1].queries))]
    slowest = max(range(len(per_statement)), key=per_statement.__getitem__, default=None)
    body = response.json() if status == 200 and response["Content-Type"].startswith("application/json") else {}
    return {
        "path": path,
        "status": status,
        "response_bytes": len(response.content),
        "rows": len(body["results"]) if isinstance(body, dict) and "results" in body else None,
        "queries": max(counts),
        "queries_vary": len(counts) > 1,
        "in_process_ms": median(totals_ms),
        # CPU time of this process (Python and the driver, not PostgreSQL): what other tenants of the
        # machine barely disturb, unlike the wall-clock times.
        "cpu_ms": median(cpu_ms),
        "sql_ms": median([sum(ms for _sql, ms in timer.queries) for timer in timers]),
        "slowest_query": {}
        if slowest is None
        else {"ms": per_statement[slowest], "sql": timers[-1].queries[slowest][0][:800]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    for name in ("cluster-province", "summary-province", "small-province", "detail-zone", "poor-zone"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneatlas.settings")
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
