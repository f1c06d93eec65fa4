"""API latency: the zone endpoints served by gunicorn, driven by concurrent keep-alive clients over loopback.

Each endpoint gets a bounded number of requests (and a time cap) from ``clients`` threads, each with its own
HTTP/1.1 keep-alive connection. Two baselines are driven the same way in the same run: the home page (a
template render: the framework's own floor) and the list page's rows fetched by one hand-written SQL query
through psycopg (the database's floor). Repetitions interleave the endpoints so that a burst of noise on
this shared machine hits all of them alike; the report gives the median over repetitions.

Every zone endpoint is driven twice: as clients ask for it (after the warm-up, answered from the API's response
cache while the registry does not change), and computed every time: each request carries a query parameter of
its own (``_=<n>``, which no filter reads), so no two requests share a cache entry.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

from bench.common import PYTHON, WORK_DIR, BenchError, Database, log, median, percentile, run_json

# As a TLS-terminating proxy would forward them (see SECURE_PROXY_SSL_HEADER in ``bench.common``).
HEADERS = {
    "Accept": "application/json",
    "Accept-Language": "en",
    "Connection": "keep-alive",
    "X-Forwarded-Proto": "https",
}
TARGET_P95_MS = 50.0

# The list page's rows as the API shows them (zone, province, unit as reported, current occupancy with its
# source, latest wastewater plant report), written by hand with LATERAL joins: what the database alone costs.
_PAGE_SQL = """
SELECT z.code, z.name, z.name_en, z.kind, z.status, z.status_since, z.latitude, z.longitude,
       z.location_precision, z.gross_area_ha, z.industrial_land_ha, z.is_synthetic,
       p.code, p.name, p.short_name, p.era, p.level,
       ru.code, ru.name, ru.short_name, ru.era, ru.level, z.reported_unit_text,
       rp.code, rp.name, rp.short_name, rp.era, rp.level,
       occ.value, occ.leased_ha, occ.industrial_land_ha, occ.as_of, occ.period_label, occ.qualifiers, occ.quote,
       od.code, od.title, od.publisher, od.published_on, od.as_of, od.url, od.is_synthetic,
       w.status, w.capacity_m3_per_day, w.meets_standard, w.standard, w.as_of, w.quote,
       wd.code, wd.title, wd.publisher, wd.published_on, wd.as_of, wd.url, wd.is_synthetic
FROM zones_zone z
JOIN geo_adminunit p ON p.id = z.province_id
LEFT JOIN geo_adminunit ru ON ru.id = z.reported_unit_id
LEFT JOIN geo_adminunit rp ON rp.id = ru.province_id
{occupancy}
LEFT JOIN sources_document od ON od.id = occ.document_id
LEFT JOIN LATERAL (
    SELECT * FROM zones_wastewaterplant w WHERE w.zone_id = z.id ORDER BY w.as_of DESC, w.id DESC LIMIT 1
) w ON true
LEFT JOIN sources_document wd ON wd.id = w.document_id
WHERE {where}
ORDER BY z.code
LIMIT 50
"""
_OCCUPANCY_JOIN = """
LEFT JOIN LATERAL (
    SELECT * FROM figures_observation o
    WHERE o.zone_id = z.id AND o.metric = 'occupancy_pct' AND o.review = 'accepted' AND NOT o.is_target
      AND o.value IS NOT NULL
    ORDER BY o.as_of DESC, o.is_approximate, o.id DESC LIMIT 1
) occ ON true
"""
_COUNT_SQL = "SELECT count(*) FROM zones_zone z JOIN geo_adminunit p ON p.id = z.province_id {occupancy} WHERE {where}"
_FILTER_WHERE = "z.kind = 'cluster' AND p.code = %(province)s AND occ.value >= 50"


@dataclass(frozen=True)
class Endpoint:
    key: str
    label: str
    path: str = ""
    statements: tuple[str, ...] = ()  # a raw SQL baseline runs these instead of an HTTP request
    params: dict[str, str] = field(default_factory=dict)
    baseline_for: tuple[str, ...] = ()
    is_target: bool = False  # held to the p95 target
    defeats_cache: bool = False  # a query parameter of its own on every request: always computed, never cached

    @property
    def is_sql(self) -> bool:
        return bool(self.statements)


@dataclass(frozen=True)
class Scenario:
    """Which zone and provinces the endpoints ask for: the richest ones, so the figures are worst cases."""

    cluster_province: str
    summary_province: str
    detail_zone: str
    poor_zone: str
    small_province: str

    def endpoints(self) -> list[Endpoint]:
        p = self.cluster_province
        filtered = f"kind=cluster&province={p}&occupancy_min=50"
        zone_endpoints = [
            ("list", "zone list, page 1", "/api/v1/zones/"),
            ("list_filtered", "zone list, filtered", f"/api/v1/zones/?{filtered}"),
            ("detail", "zone detail", f"/api/v1/zones/{self.detail_zone}/"),
            ("summary", "province summary", f"/api/v1/provinces/{self.summary_province}/summary/"),
        ]
        return [
            Endpoint(
                "home",
                "home page `/` (template, no query)",
                "/",
                baseline_for=("detail", "detail_computed", "summary", "summary_computed"),
            ),
            *(Endpoint(key, label, path, is_target=True) for key, label, path in zone_endpoints),
            *(
                Endpoint(f"{key}_computed", f"{label}, computed (cache defeated)", path, defeats_cache=True)
                for key, label, path in zone_endpoints
            ),
            Endpoint(
                "list_sql",
                "zone list page 1, raw SQL (count + rows)",
                statements=(
                    _COUNT_SQL.format(occupancy="", where="true"),
                    _PAGE_SQL.format(occupancy=_OCCUPANCY_JOIN, where="true"),
                ),
                baseline_for=("list", "list_computed"),
            ),
            Endpoint(
                "list_filtered_sql",
                "zone list filtered, raw SQL (count + rows)",
                statements=(
                    _COUNT_SQL.format(occupancy=_OCCUPANCY_JOIN, where=_FILTER_WHERE),
                    _PAGE_SQL.format(occupancy=_OCCUPANCY_JOIN, where=_FILTER_WHERE),
                ),
                params={"province": p},
                baseline_for=("list_filtered", "list_filtered_computed"),
            ),
        ]


def choose_scenario(db: Database) -> Scenario:
    with db.connect() as conn:

        def one(query: str) -> str:
            row = conn.execute(query).fetchone()
            if row is None:
                raise BenchError(f"the national dataset has nothing for: {query}")
            return str(row[0])

        by_province = (
            "SELECT p.code FROM zones_zone z JOIN geo_adminunit p ON p.id = z.province_id {where} "
            "GROUP BY p.code ORDER BY count(*) {order}, p.code LIMIT 1"
        )
        history = (
            "SELECT z.code FROM zones_zone z ORDER BY "
            "(SELECT count(*) FROM zones_lifecycleevent e WHERE e.zone_id = z.id) + "
            "(SELECT count(*) FROM figures_observation o WHERE o.zone_id = z.id) {order}, z.code LIMIT 1"
        )
        return Scenario(
            cluster_province=one(by_province.format(where="WHERE z.kind = 'cluster'", order="DESC")),
            summary_province=one(by_province.format(where="", order="DESC")),
            small_province=one(by_province.format(where="", order="ASC")),
            detail_zone=one(history.format(order="DESC")),
            poor_zone=one(history.format(order="ASC")),
        )


# --- The server -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def gunicorn(db: Database, *, workers: int, threads: int) -> Iterator[int]:
    """Serve ZoneAtlas with gunicorn (gthread workers) on a free loopback port; yield the port."""
    port = free_port()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    log_path = WORK_DIR / "gunicorn.log"
    command = [
        PYTHON,
        "-m",
        "gunicorn",
        "zoneatlas.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--keep-alive=30",
        "--log-level=warning",
        f"--error-logfile={log_path}",
    ]
    with log_path.open("w") as log_file:
        server = subprocess.Popen(command, env=db.env(), stdout=log_file, stderr=log_file, start_new_session=True)
    try:
        _wait_until_serving(server, port, log_path)
        yield port
    finally:
        _stop(server)


def _wait_until_serving(server: subprocess.Popen[bytes], port: int, log_path: os.PathLike[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise BenchError(f"gunicorn exited with {server.returncode}; see {log_path}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/", headers=HEADERS)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
            raise BenchError(f"gunicorn answers / with HTTP {status}; see {log_path}")
        time.sleep(0.2)
    raise BenchError(f"gunicorn did not start in 60 s; see {log_path}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)  # the master stops its workers gracefully
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


# --- The clients ------------------------------------------------------------------------------------------


class Session(Protocol):
    """One client's connection: each call makes one request and says whether it succeeded."""

    last_failure: str

    def __call__(self) -> bool: ...

    def close(self) -> None: ...


# Unique across every session of the run, so that no two cache-defeating requests ever share a cache entry.
_CACHE_DEFEATERS = itertools.count()


class HttpSession:
    def __init__(self, port: int, path: str, *, defeats_cache: bool = False) -> None:
        self.path = path
        self.defeats_cache = defeats_cache
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.last_failure = ""

    def next_path(self) -> str:
        if not self.defeats_cache:
            return self.path
        return f"{self.path}{'&' if '?' in self.path else '?'}_={next(_CACHE_DEFEATERS)}"

    def __call__(self) -> bool:
        try:
            self.conn.request("GET", self.next_path(), headers=HEADERS)
            response = self.conn.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as error:
            self.conn.close()  # reconnects on the next request
            self.last_failure = repr(error)
            return False
        if response.status != 200:
            self.last_failure = f"HTTP {response.status} {response.reason}"
        return response.status == 200

    def close(self) -> None:
        self.conn.close()


class SqlSession:
    def __init__(self, db: Database, statements: Sequence[str], params: dict[str, str]) -> None:
        self.conn = db.connect()
        self.statements = statements
        self.params = params
        self.last_failure = ""

    def __call__(self) -> bool:
        rows = 0
        for statement in self.statements:
            rows += len(self.conn.execute(statement, self.params or None).fetchall())
        if not rows:
            self.last_failure = "no rows"
        return rows > 0

    def close(self) -> None:
        self.conn.close()


@dataclass
class Sample:
    latencies_ms: list[float]
    errors: int
    seconds: float
    failures: set[str]

    def summary(self) -> dict[str, float]:
        done = len(self.latencies_ms)
        return {
            "requests": done,
            "errors": self.errors,
            "p50_ms": percentile(self.latencies_ms, 50),
            "p95_ms": percentile(self.latencies_ms, 95),
            "p99_ms": percentile(self.latencies_ms, 99),
            "max_ms": max(self.latencies_ms, default=float("nan")),
            "requests_per_s": done / self.seconds if self.seconds else float("nan"),
        }


def drive(make_session: Callable[[], Session], *, clients: int, requests: int, max_seconds: float) -> Sample:
    """Make ``requests`` calls (or as many as fit in ``max_seconds``) from ``clients`` concurrent sessions.

    Closed loop, no think time: each client sends its next request as soon as the previous answer is read.
    """
    tickets = itertools.count()
    lock = threading.Lock()
    latencies: list[float] = []
    failures: set[str] = set()
    errors = 0
    sessions = [make_session() for _ in range(clients)]  # connect before the clock starts
    start_line = threading.Barrier(clients + 1)

    def client(session: Session) -> None:
        nonlocal errors
        mine: list[float] = []
        failed = 0
        start_line.wait()
        deadline = time.perf_counter() + max_seconds
        while next(tickets) < requests and time.perf_counter() < deadline:
            began = time.perf_counter()
            ok = session()
            mine.append((time.perf_counter() - began) * 1000)
            failed += not ok
        session.close()
        with lock:
            latencies.extend(mine)
            errors += failed
            if session.last_failure:
                failures.add(session.last_failure)

    with ThreadPoolExecutor(max_workers=clients) as pool:
        futures = [pool.submit(client, session) for session in sessions]
        start_line.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
        seconds = time.perf_counter() - began
    return Sample(latencies, errors, seconds, failures)


# --- The benchmark ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadSettings:
    clients: int = 10
    requests: int = 500
    max_seconds: float = 40.0
    single_client_requests: int = 100  # one client alone: the service time, without queueing
    warmup_requests: int = 100
    repetitions: int = 3
    workers: int = 2
    threads: int = 4


def bench_api(db: Database, settings: LoadSettings) -> dict[str, Any]:
    scenario = choose_scenario(db)
    endpoints = scenario.endpoints()
    log(f"API latency: {settings.clients} clients, {settings.requests} requests per endpoint, x{settings.repetitions}")
    counts = query_counts(db, scenario)
    runs: dict[str, list[dict[str, float]]] = {endpoint.key: [] for endpoint in endpoints}
    with gunicorn(db, workers=settings.workers, threads=settings.threads) as port:

        def sessions(endpoint: Endpoint) -> Callable[[], Session]:
            if endpoint.is_sql:
                return lambda: SqlSession(db, endpoint.statements, endpoint.params)
            return lambda: HttpSession(port, endpoint.path, defeats_cache=endpoint.defeats_cache)

        for endpoint in endpoints:  # warm every worker, thread, connection and cache
            warm = drive(
                sessions(endpoint), clients=settings.clients, requests=settings.warmup_requests, max_seconds=30
            )
            if warm.errors:
                raise BenchError(
                    f"{endpoint.label} ({endpoint.path}) failed {warm.errors} times while warming up: "
                    + "; ".join(sorted(warm.failures))
                )
        for repetition in range(settings.repetitions):
            # Rotate the order so that no endpoint always runs first (or right after the heaviest one).
            shift = repetition % len(endpoints)
            for endpoint in endpoints[shift:] + endpoints[:shift]:
                load = os.getloadavg()[0]
                sample = drive(
                    sessions(endpoint),
                    clients=settings.clients,
                    requests=settings.requests,
                    max_seconds=settings.max_seconds,
                )
                alone = drive(
                    sessions(endpoint),
                    clients=1,
                    requests=settings.single_client_requests,
                    max_seconds=settings.max_seconds / 2,
                )
                summary = sample.summary() | {
                    "load_average_1m": load,
                    "single_client_p50_ms": percentile(alone.latencies_ms, 50),
                    "single_client_p95_ms": percentile(alone.latencies_ms, 95),
                    "errors": sample.errors + alone.errors,
                }
                if summary["errors"]:
                    # A latency that mixes in refusals (429, 500...) measures the refusals: stop, say why.
                    raise BenchError(
                        f"{endpoint.label} ({endpoint.path}) failed {summary['errors']} times: "
                        + "; ".join(sorted(sample.failures | alone.failures))
                    )
                runs[endpoint.key].append(summary)
                log(
                    f"  [{repetition + 1}/{settings.repetitions}] {endpoint.label}: p50 {summary['p50_ms']:.1f} ms, "
                    f"p95 {summary['p95_ms']:.1f} ms, {summary['requests_per_s']:.0f} req/s; alone p50 "
                    f"{summary['single_client_p50_ms']:.1f} ms; {summary['errors']} errors {sorted(sample.failures)}"
                )
    results: dict[str, dict[str, Any]] = {}
    for endpoint in endpoints:
        samples = runs[endpoint.key]
        results[endpoint.key] = {
            "label": endpoint.label,
            "path": endpoint.path or None,
            "sql": list(endpoint.statements) or None,
            "baseline_for": list(endpoint.baseline_for),
            "is_target": endpoint.is_target,
            "defeats_cache": endpoint.defeats_cache,
            "median": {metric: median([run[metric] for run in samples]) for metric in samples[0]},
            "runs": samples,
        }
    targets = [results[endpoint.key]["median"]["p95_ms"] for endpoint in endpoints if endpoint.is_target]
    computed = [results[endpoint.key]["median"]["p95_ms"] for endpoint in endpoints if endpoint.defeats_cache]
    return {
        "settings": settings.__dict__,
        "scenario": scenario.__dict__,
        "endpoints": results,
        "query_counts": counts,
        "target_p95_ms": TARGET_P95_MS,
        "target_met": all(p95 < TARGET_P95_MS for p95 in targets),
        "target_met_computed": all(p95 < TARGET_P95_MS for p95 in computed),
    }


def query_counts(db: Database, scenario: Scenario) -> dict[str, Any]:
    """SQL queries per endpoint, counted in-process with the DRF test client (see ``bench.query_counts``)."""
    log("  counting SQL queries per endpoint (in-process)")
    return run_json([PYTHON, "-m", "bench.query_counts", *_scenario_args(scenario)], db.env(), timeout=600)


def _scenario_args(scenario: Scenario) -> list[str]:
    return [f"--{name.replace('_', '-')}={value}" for name, value in scenario.__dict__.items()]
