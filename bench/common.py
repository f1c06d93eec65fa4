"""What every benchmark shares: where the databases are, how a Django process is started, and statistics."""

from __future__ import annotations

import json
import math
import os
import platform
import secrets
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
WORK_DIR = RESULTS_DIR / "work"
DOC_PATH = ROOT / "docs" / "benchmarks.md"
PYTHON = sys.executable

PG_HOST = os.environ.get("BENCH_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("BENCH_PG_PORT", "5432"))
PG_USER = os.environ.get("BENCH_PG_USER", "postgres")
SQLITE_FILE = "zoneatlas.sqlite3"
# Production settings (DEBUG=0) refuse a short key: a throwaway one per run, for a loopback-only server.
BENCH_SECRET_KEY = secrets.token_urlsafe(64)

Engine = Literal["postgres", "sqlite"]


class BenchError(RuntimeError):
    """A benchmark could not run (a command failed, a result is not what was asked for)."""


@dataclass(frozen=True)
class Database:
    """A database a benchmark owns outright: a PostgreSQL database, or an SQLite file in its own directory.

    Nothing here ever touches the development database (``var/zoneatlas.sqlite3``) or the test databases.
    """

    engine: Engine
    name: str

    @property
    def sqlite_dir(self) -> Path:
        return WORK_DIR / "sqlite" / self.name

    @property
    def sqlite_path(self) -> Path:
        return self.sqlite_dir / SQLITE_FILE

    @property
    def url(self) -> str:
        if self.engine == "postgres":
            return f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{self.name}"
        return f"sqlite:///{self.sqlite_path}"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment of a Django process on this database: production-like (DEBUG off, so no query log)."""
        env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "ZONEATLAS_VAR_DIR"}}
        env.update(
            DJANGO_SETTINGS_MODULE="zoneatlas.settings",
            DEBUG="0",
            SECRET_KEY=BENCH_SECRET_KEY,
            ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
            # As behind a TLS-terminating proxy: the clients send this header, so HTTPS-only settings hold.
            SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
            # The API's rate limits stay on (their cost is part of each request) but far above the load sent. Per
            # second: the limiter keeps a timestamp per request of its window and copies that list through the
            # cache on every request, so a minute's window at ~1,000 cached answers/s (some 30,000 timestamps in
            # each worker, 0.7 ms per request) would cost as much as the answer itself; under the production limits
            # (600/minute per address) a list holds at most 600, about what a one-second window holds here.
            API_THROTTLE_ANON="100000000/second",
            API_THROTTLE_USER="100000000/second",
            LOG_LEVEL="WARNING",
            PYTHONPATH=str(ROOT),
        )
        if self.engine == "postgres":
            env["DATABASE_URL"] = self.url
        else:
            # The settings' own SQLite configuration (WAL, IMMEDIATE transactions), in the benchmark's directory.
            env["ZONEATLAS_VAR_DIR"] = str(self.sqlite_dir)
        env.update(extra)
        return env

    def drop(self) -> None:
        if self.engine == "postgres":
            with pg_admin() as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
        else:
            shutil.rmtree(self.sqlite_dir, ignore_errors=True)

    def create(self, template: Database | None = None) -> None:
        """Create the database empty, or as an exact copy of ``template`` (a cheap file copy in both engines)."""
        self.drop()
        if self.engine == "postgres":
            query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name))
            if template is not None:
                query += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template.name))
            with pg_admin() as conn:
                conn.execute(query)
            return
        self.sqlite_dir.mkdir(parents=True, exist_ok=True)
        if template is not None:
            with (
                closing(sqlite3.connect(template.sqlite_path)) as source,
                closing(sqlite3.connect(self.sqlite_path)) as copy,
            ):
                source.backup(copy)

    def exists(self) -> bool:
        if self.engine == "sqlite":
            return self.sqlite_path.exists()
        with pg_admin() as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [self.name]).fetchone() is not None

    def connect(self) -> psycopg.Connection[Any]:
        if self.engine != "postgres":
            raise BenchError("raw SQL baselines need PostgreSQL")
        return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=self.name, autocommit=True)


def pg_admin() -> psycopg.Connection[Any]:
    """A connection to the maintenance database, to create and drop the benchmark databases."""
    return psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", autocommit=True)


def run(args: Sequence[str], env: dict[str, str], *, timeout: float = 3600, quiet: bool = False) -> tuple[str, float]:
    """Run a command from the project root; return its standard output and how long it took, or fail loudly."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            list(args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise BenchError(f"{' '.join(args)} did not finish in {timeout:.0f} s") from error
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        tail = "\n".join([*done.stdout.splitlines()[-10:], *done.stderr.splitlines()[-30:]])
        raise BenchError(f"{' '.join(args)} failed with exit code {done.returncode}:\n{tail}")
    if not quiet:
        log(f"  {' '.join(args[1:])}: {seconds:.1f} s")
    return done.stdout, seconds


def manage(db: Database, *args: str, timeout: float = 3600) -> tuple[str, float]:
    return run([PYTHON, "manage.py", *args], db.env(), timeout=timeout)


def run_json(args: Sequence[str], env: dict[str, str], *, timeout: float = 3600) -> dict[str, Any]:
    """Run a benchmark worker, which prints its result as one JSON object on its last line of output."""
    stdout, _seconds = run(args, env, timeout=timeout, quiet=True)
    lines = [line for line in stdout.splitlines() if line.strip()]
    if not lines:
        raise BenchError(f"{' '.join(args)} printed no result")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile with linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline else math.nan


def machine() -> dict[str, Any]:
    """The machine the figures were measured on: they mean little without it."""
    meminfo = Path("/proc/meminfo").read_text().splitlines() if Path("/proc/meminfo").exists() else []
    mem_kib = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal:")), 0)
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines() if Path("/proc/cpuinfo").exists() else []
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), platform.machine())
    info: dict[str, Any] = {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        "commit": _git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(_git("status", "--porcelain")),
    }
    try:
        with pg_admin() as conn:
            row = conn.execute("SHOW server_version").fetchone()
            info["postgresql"] = row[0] if row else "?"
    except psycopg.OperationalError:
        info["postgresql"] = None
    for package in ("django", "djangorestframework", "gunicorn", "django-import-export", "psycopg"):
        info[package] = _version(package)
    return info


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()
