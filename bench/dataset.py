"""The national dataset the benchmarks run on: a dedicated database, migrated, with units and synthetic zones."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from typing import Any

from bench.common import Database, log, manage

COUNTED_TABLES = {
    "zones": "zones_zone",
    "lifecycle_events": "zones_lifecycleevent",
    "figures": "figures_observation",
    "wwtp_reports": "zones_wastewaterplant",
    "admin_units": "geo_adminunit",
}


def counts(db: Database) -> dict[str, int]:
    queries = {key: f"SELECT count(*) FROM {table}" for key, table in COUNTED_TABLES.items()}  # noqa: S608
    if db.engine == "postgres":
        with db.connect() as conn:
            return {key: _first(conn.execute(query).fetchone()) for key, query in queries.items()}
    with closing(sqlite3.connect(db.sqlite_path)) as conn:
        return {key: _first(conn.execute(query).fetchone()) for key, query in queries.items()}


def _first(row: Any) -> int:
    return int(row[0]) if row else 0


def analyse(db: Database) -> None:
    """Refresh the planner's statistics, as autovacuum would have done long before a production request.

    Without it PostgreSQL plans the first minutes of requests on the statistics of empty tables.
    """
    if db.engine == "postgres":
        with db.connect() as conn:
            conn.execute("VACUUM ANALYZE")
    else:
        with closing(sqlite3.connect(db.sqlite_path)) as conn:
            conn.execute("ANALYZE")


def prepare_national(db: Database, *, seed: int, reuse: bool) -> dict[str, Any]:
    """Create the database afresh (or keep it, with ``reuse``, when it already holds zones) and fill it."""
    if reuse and db.exists():
        try:
            existing = counts(db)
        except Exception:  # any failure means the database is not usable as it is
            existing = {}
        if existing.get("zones"):
            log(f"National dataset: reusing {db.name} ({existing['zones']:,} zones)")
            manage(db, "migrate", "--no-input")  # the code may have moved on since
            return {"database": db.name, "seed": seed, "reused": True, "counts": counts(db)}
    log(f"National dataset: creating {db.engine} database {db.name}")
    db.create()
    timings = {}
    for step, args in (
        ("migrate", ("migrate", "--no-input")),
        ("load_admin_units", ("load_admin_units",)),
        ("generate_national", ("generate", "national", "--seed", str(seed))),
    ):
        _output, timings[step] = manage(db, *args)
    analyse(db)
    return {"database": db.name, "seed": seed, "reused": False, "seconds": timings, "counts": counts(db)}
