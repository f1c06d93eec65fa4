"""Periodic reporting at national scale on PostgreSQL (issue 6: "form 04 and completeness under 2 s"), next to SQL.

    .venv/bin/python bench/reporting.py [--projects 20000] [--years 10] [--repeat 7] [--reuse-db]

It owns the database ``zoneatlas_bench_reporting``: migrated, administrative units loaded, ``generate national
--seed 42`` (~1,500 clusters), ``generate tenants --projects N --seed 42``, the Circular 14 forms, then for each of
the last ``--years`` half years (2017-H1 … 2026-H1; the forms' first versions are backdated to 2016 in this
database, since Circular 14 is in force only from October 2024) the expected reports of forms 01, 02 and 04
derived from the registry (``zoneatlas.reporting.expected.expect``, as ``zoneatlas reporting expect`` does) and
their submissions written in SQL, deterministically from each report's id: 90 % approved, 4 % submitted (with the
reviewer), 2 % drafts, 4 % missing; 15 % of those filed were late. ``VACUUM ANALYZE``.

A worker process then times, in process (median of ``--repeat`` runs after one warm-up), for the last half year:
the national form 04 (``summaries.by_province``: every province's 27 rows and the nation's, with their sources), the
completeness table (``completeness.rates`` per province and form, and the missing reporters), and both API answers
through the DRF test client as a national officer; next to one hand-written SQL aggregate of the same numbers
each, timed the same way. The SQL's numbers are checked equal to the ORM's before timing. Prints a markdown table
and writes ``bench/results/reporting-<date>.json``.
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

DB = Database("postgres", "zoneatlas_bench_reporting")
TARGET_MS = 2000.0
FORMS = ["CCN-01", "CCN-02", "CCN-04"]

# Submissions of a period, written from each expected report's id (h = a hash of it in 0..99): no Python per row.
SUBMISSIONS_SQL = """
WITH drawn AS (
    SELECT e.id, e.due_on, f.code, e.zone_id, z.industrial_land_ha,
           abs(hashtext(e.id::text)) %% 100 AS h, abs(hashtext('v' || e.id::text)) %% 1000 AS v
    FROM reporting_expectedreport e
    JOIN reporting_reportform f ON f.id = e.form_id
    LEFT JOIN zones_zone z ON z.id = e.zone_id
    LEFT JOIN reporting_submission s ON s.expected_id = e.id
    WHERE e.period_label = %(label)s AND s.id IS NULL
), filed AS (
    SELECT *, CASE WHEN h < 90 THEN 'approved' WHEN h < 94 THEN 'submitted' WHEN h < 96 THEN 'draft' END AS status,
           (due_on - CASE WHEN v %% 100 < 15 THEN -3 ELSE 2 END)::timestamp AT TIME ZONE 'Asia/Ho_Chi_Minh'
               + interval '10 hours' AS sent_at,
           coalesce(industrial_land_ha, 20 + v %% 80) AS land
    FROM drawn WHERE h < 96
)
INSERT INTO reporting_submission (created_at, updated_at, expected_id, values, explanations, findings, status,
                                  first_submitted_at, submitted_at, is_late, approved_at, review_comment)
SELECT now(), now(), id,
       CASE code
       WHEN 'CCN-01' THEN jsonb_build_object(
           'revenue_bn_vnd', (v * 1.5)::text, 'budget_payments_bn_vnd', (v / 10.0)::text,
           'contracted_workers', 20 + v %% 400, 'average_income_mn_vnd', (6 + (v %% 50) / 10.0)::text)
       WHEN 'CCN-02' THEN jsonb_build_object(
           'infra_capital_approved_bn_vnd', (land * 8)::text, 'infra_capital_disbursed_bn_vnd', (land * 5)::text,
           'industrial_land_ha', land::text, 'industrial_land_ready_ha', (land * 0.9)::text,
           'leased_land_ha', round(land * (0.3 + (v %% 60) / 100.0), 2)::text,
           'occupancy_pct', round(100 * (0.3 + (v %% 60) / 100.0), 2)::text,
           'tenant_projects', 5 + v %% 30, 'tenant_projects_fdi', v %% 5, 'tenant_projects_operating', 4 + v %% 25,
           'revenue_bn_vnd', (v * 12)::text, 'budget_payments_bn_vnd', (v * 0.8)::text, 'workers', 200 + v * 3,
           'average_income_mn_vnd', (7 + (v %% 40) / 10.0)::text, 'wwtp_built', v %% 3 <> 0,
           'wwtp_meets_standard', v %% 3 = 1)
       ELSE '{}'::jsonb END,
       '{}'::jsonb, '[]'::jsonb, status,
       CASE WHEN status <> 'draft' THEN sent_at END, CASE WHEN status <> 'draft' THEN sent_at END,
       status <> 'draft' AND v %% 100 < 15,
       CASE WHEN status = 'approved' THEN sent_at + interval '5 days' END, ''
FROM filed
"""

# Form 04's rows per province, in one statement: the registry replayed on the cut-off date, the approved form 02
# reports, and the approved form 01 reports of clusters whose form 02 is not approved.
FORM_04_SQL = """
WITH c AS (
    SELECT z.id, z.province_id, z.gross_area_ha AS area, z.industrial_land_ha, z.developer_type,
           z.is_craft_village, z.is_specialised, st.status,
           EXISTS (SELECT 1 FROM zones_lifecycleevent l WHERE l.zone_id = z.id AND l.status = 'established'
                   AND l.effective_on BETWEEN %(start)s AND %(end)s) AS new_in_period,
           EXISTS (SELECT 1 FROM zones_lifecycleevent l WHERE l.zone_id = z.id AND l.effective_on <= %(end)s
                   AND l.status IN ('detailed_plan_approved', 'infra_project_approved', 'site_clearance',
                                    'under_construction', 'operating', 'expanded')) AS detailed,
           EXISTS (SELECT 1 FROM zones_lifecycleevent l WHERE l.zone_id = z.id AND l.effective_on <= %(end)s
                   AND l.status IN ('infra_project_approved', 'site_clearance', 'under_construction', 'operating',
                                    'expanded')) AS infra,
           f2.values AS r
    FROM zones_zone z
    CROSS JOIN LATERAL (SELECT l.status FROM zones_lifecycleevent l WHERE l.zone_id = z.id
                        AND l.effective_on <= %(end)s ORDER BY l.effective_on DESC, l.id DESC LIMIT 1) st
    LEFT JOIN (SELECT e.zone_id, s.values FROM reporting_submission s
               JOIN reporting_expectedreport e ON e.id = s.expected_id
               JOIN reporting_reportform f ON f.id = e.form_id
               WHERE s.status = 'approved' AND e.period_label = %(label)s AND f.code = 'CCN-02') f2
           ON f2.zone_id = z.id
    WHERE z.kind = 'cluster' AND z.deleted_at IS NULL
), t AS (
    SELECT e.zone_id, sum((s.values->>'revenue_bn_vnd')::numeric) AS revenue,
           sum((s.values->>'budget_payments_bn_vnd')::numeric) AS budget,
           sum((s.values->>'contracted_workers')::numeric) AS workers,
           sum((s.values->>'average_income_mn_vnd')::numeric * (s.values->>'contracted_workers')::numeric)
               AS income_x_workers
    FROM reporting_submission s
    JOIN reporting_expectedreport e ON e.id = s.expected_id
    JOIN reporting_reportform f ON f.id = e.form_id
    WHERE s.status = 'approved' AND e.period_label = %(label)s AND f.code = 'CCN-01'
      AND e.zone_id IN (SELECT id FROM c WHERE r IS NULL)
    GROUP BY e.zone_id
), est AS (
    SELECT c.*, c.status IN ('established', 'detailed_plan_approved', 'infra_project_approved', 'site_clearance',
                             'under_construction', 'operating', 'expanded', 'adjusted', 'stalled') AS established,
           c.status IN ('operating', 'expanded', 'operating_not_established') AS operating,
           coalesce((c.r->>'industrial_land_ha')::numeric, c.industrial_land_ha) AS land
    FROM c
)
SELECT est.province_id,
       count(*) FILTER (WHERE status NOT IN ('proposed', 'annulled', 'removed_from_plan')) AS clusters_in_plan,
       coalesce(sum(area) FILTER (WHERE status NOT IN ('proposed', 'annulled', 'removed_from_plan')), 0)
           AS plan_area_ha,
       count(*) FILTER (WHERE established) AS established_clusters,
       coalesce(sum(area) FILTER (WHERE established), 0) AS established_area_ha,
       count(*) FILTER (WHERE new_in_period) AS established_in_period,
       coalesce(sum(area) FILTER (WHERE new_in_period), 0) AS established_in_period_area_ha,
       count(*) FILTER (WHERE established AND developer_type = 'enterprise') AS clusters_with_enterprise_developer,
       count(*) FILTER (WHERE established AND detailed) AS clusters_with_detailed_plan,
       count(*) FILTER (WHERE established AND infra) AS clusters_with_infra_project,
       coalesce(sum((r->>'infra_capital_approved_bn_vnd')::numeric), 0) AS infra_capital_approved_bn_vnd,
       coalesce(sum((r->>'infra_capital_disbursed_bn_vnd')::numeric), 0) AS infra_capital_disbursed_bn_vnd,
       count(*) FILTER (WHERE operating) AS operating_clusters,
       count(*) FILTER (WHERE operating AND is_craft_village) AS operating_craft_village_clusters,
       count(*) FILTER (WHERE operating AND is_specialised) AS operating_specialised_clusters,
       coalesce(sum(area) FILTER (WHERE operating), 0) AS operating_area_ha,
       coalesce(sum(land) FILTER (WHERE operating AND r->>'leased_land_ha' IS NOT NULL AND land IS NOT NULL), 0)
           AS operating_industrial_land_ha,
       coalesce(sum((r->>'leased_land_ha')::numeric) FILTER (WHERE operating AND land IS NOT NULL), 0)
           AS operating_leased_land_ha,
       coalesce(sum((r->>'tenant_projects')::int), 0) AS tenant_projects,
       coalesce(sum((r->>'tenant_projects_fdi')::int), 0) AS tenant_projects_fdi,
       coalesce(sum((r->>'tenant_projects_operating')::int), 0) AS tenant_projects_operating,
       coalesce(sum(coalesce((r->>'revenue_bn_vnd')::numeric, t.revenue)), 0) AS revenue_bn_vnd,
       coalesce(sum(coalesce((r->>'budget_payments_bn_vnd')::numeric, t.budget)), 0) AS budget_payments_bn_vnd,
       coalesce(sum(coalesce((r->>'workers')::numeric, t.workers)), 0) AS workers,
       sum(coalesce((r->>'average_income_mn_vnd')::numeric * (r->>'workers')::numeric, t.income_x_workers))
           / nullif(sum(coalesce((r->>'workers')::numeric, t.workers)), 0) AS average_income_mn_vnd,
       count(*) FILTER (WHERE (r->>'wwtp_built')::boolean) AS clusters_with_wwtp,
       count(*) FILTER (WHERE (r->>'wwtp_meets_standard')::boolean) AS clusters_with_wwtp_meeting_standard
FROM est LEFT JOIN t ON t.zone_id = est.id
GROUP BY est.province_id
ORDER BY est.province_id
"""

COMPLETENESS_SQL = """
SELECT p.code, f.code, count(*) AS expected,
       count(*) FILTER (WHERE s.first_submitted_at IS NOT NULL) AS received,
       count(*) FILTER (WHERE s.first_submitted_at IS NOT NULL AND NOT s.is_late) AS on_time,
       count(*) FILTER (WHERE s.status = 'approved') AS approved
FROM reporting_expectedreport e
JOIN geo_adminunit p ON p.id = e.province_id
JOIN reporting_reportform f ON f.id = e.form_id
LEFT JOIN reporting_submission s ON s.expected_id = e.id
WHERE e.period_label = %(label)s
GROUP BY p.code, f.code
ORDER BY p.code, f.code
"""
MISSING_SQL = """
SELECT e.id, f.code, p.code, e.subject_key, e.due_on
FROM reporting_expectedreport e
JOIN geo_adminunit p ON p.id = e.province_id
JOIN reporting_reportform f ON f.id = e.form_id
LEFT JOIN reporting_submission s ON s.expected_id = e.id
WHERE e.period_label = %(label)s AND s.first_submitted_at IS NULL
ORDER BY p.code, f.code, e.due_on, e.subject_key
"""


def labels(years: int, last: int = 2026) -> list[str]:
    return [f"{year}-H1" for year in range(last - years + 1, last + 1)]


def build(years: int) -> dict[str, Any]:
    """Inside a Django process: the forms, then each half year's expected reports and submissions."""
    import django

    django.setup()
    from django.db import connection

    from zoneatlas.reporting.definitions import load_definitions
    from zoneatlas.reporting.expected import expect
    from zoneatlas.reporting.models import ExpectedReport, ReportForm, Submission

    started = time.perf_counter()
    load_definitions()
    # Circular 14's forms are in force from 1 Oct 2024; the benchmark needs ten years of them, so in its own
    # database it backdates their first versions (the volume is what is measured, not the law).
    ReportForm.objects.filter(code__in=FORMS, version=1).update(effective_from=dt.date(2016, 1, 1))
    timings: dict[str, float] = {}
    for label in labels(years):
        begun = time.perf_counter()
        expect(label, FORMS)
        with connection.cursor() as cursor:
            cursor.execute(SUBMISSIONS_SQL, {"label": label})
        timings[label] = round(time.perf_counter() - begun, 1)
        log(f"  {label}: {timings[label]} s")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "per_period_seconds": timings,
        "expected_reports": ExpectedReport.objects.count(),
        "submissions": Submission.objects.count(),
        "approved": Submission.objects.filter(status="approved").count(),
    }


def _time(case: Any, repeat: int) -> dict[str, float]:
    case()
    times = []
    for _ in range(repeat):
        begun = time.perf_counter()
        case()
        times.append((time.perf_counter() - begun) * 1000)
    return {"median_ms": statistics.median(times), "max_ms": max(times)}


def worker(label: str, repeat: int) -> dict[str, Any]:
    """Inside a Django process on the benchmark database: check the SQL against the ORM, then time both."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    from zoneatlas.accounts.models import Grant
    from zoneatlas.reporting import completeness, summaries
    from zoneatlas.reporting.models import ExpectedReport

    _form, period = summaries.form_and_period(summaries.NATION, label)
    params: dict[str, Any] = {"label": label, "start": period.start, "end": period.end}
    table = summaries.by_province(label)
    with connection.cursor() as cursor:
        cursor.execute(FORM_04_SQL, params)
        columns = [column.name for column in cursor.description]
        by_sql = {row[0]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    mismatches = []
    for row in table.rows:
        assert row.unit is not None
        expected = by_sql[row.unit.pk]
        for code, value in row.values().items():
            if code == "average_occupancy_pct":
                continue  # a ratio of two checked sums
            other = expected[code]
            if value is None or other is None:
                same = value is None and other is None
            else:
                same = abs(float(value) - float(other)) < 0.01
            if not same:
                mismatches.append(f"{row.unit.code} {code}: ORM {value}, SQL {other}")
    if mismatches:
        raise RuntimeError("the SQL baseline disagrees with the ORM:\n" + "\n".join(mismatches[:20]))

    user, _created = get_user_model().objects.get_or_create(username="bench-national")
    Grant.objects.get_or_create(user=user, role="national_officer")
    client = APIClient(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.force_authenticate(user)
    reports = ExpectedReport.objects.filter(period_label=label)

    def completeness_table() -> Any:
        return completeness.rates(reports), len(completeness.missing(reports))

    def sql(query: str) -> Any:
        def run() -> Any:
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()

        return run

    cases = {
        "national form 04 (summaries.by_province, in process)": lambda: summaries.by_province(label),
        "completeness table and missing list (in process)": completeness_table,
        f"GET /api/v1/reporting/summaries/?period={label}": lambda: _ok(
            client.get("/api/v1/reporting/summaries/", {"period": label})
        ),
        f"GET /api/v1/reporting/completeness/?period={label}": lambda: _ok(
            client.get("/api/v1/reporting/completeness/", {"period": label})
        ),
        "raw SQL, form 04 by province": sql(FORM_04_SQL),
        "raw SQL, completeness by province and form": sql(COMPLETENESS_SQL),
        "raw SQL, missing reporters": sql(MISSING_SQL),
    }
    results: dict[str, Any] = {}
    for name, case in cases.items():
        with CaptureQueriesContext(connection) as queries:
            case()
        results[name] = _time(case, repeat) | {"queries": None if name.startswith("GET") else len(queries)}
    return {
        "period": label,
        "clusters": table.total.clusters,
        "provinces": len(table.rows),
        "expected_reports_in_period": reports.count(),
        "approved_form_02": table.total.developer_reports,
        "results": results,
    }


def _ok(response: Any) -> Any:
    if response.status_code != 200:
        raise RuntimeError(f"{response.status_code}: {response.content[:300]!r}")
    return response


def _counts() -> tuple[int, int]:
    """Tenant projects, and half years with reports, already in the benchmark database (a reused one may lack some)."""
    with DB.connect() as conn:
        projects = conn.execute("SELECT count(*) FROM tenants_project").fetchone()
        periods = conn.execute("SELECT count(DISTINCT period_label) FROM reporting_expectedreport").fetchone()
    return (projects[0] if projects else 0), (periods[0] if periods else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reuse-db", action="store_true")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    last = labels(args.years)[-1]
    if args.build:
        print(json.dumps(build(args.years)))
        return
    if args.worker:
        print(json.dumps(worker(last, args.repeat), default=str))
        return
    began = time.perf_counter()
    dataset = prepare_national(DB, seed=42, reuse=args.reuse_db)
    projects, periods = _counts()
    if not projects:
        _output, seconds = manage(DB, "generate", "tenants", "--projects", str(args.projects), "--seed", "42")
        dataset["generate_tenants_seconds"] = seconds
    if periods < args.years:
        log("Expected reports and submissions")
        dataset["reporting"] = run_json([PYTHON, __file__, "--build", "--years", str(args.years)], DB.env())
        analyse(DB)
    dataset["projects"], dataset["half_years"] = _counts()
    dataset["build_seconds"] = round(time.perf_counter() - began, 1)
    log("Timing form 04 and completeness")
    measured = run_json([PYTHON, __file__, "--worker", "--repeat", str(args.repeat)], DB.env(API_CACHE_URL="dummy://"))
    report = {"date": dt.datetime.now().astimezone().isoformat(timespec="minutes"), "machine": machine()}
    report |= {"dataset": dataset, **measured}
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"reporting-{dt.datetime.now().astimezone():%Y-%m-%d}.json"
    path.write_text(json.dumps(report, indent=2, default=str))
    results = measured["results"]
    baselines = {
        "form 04": results["raw SQL, form 04 by province"]["median_ms"],
        "completeness": results["raw SQL, completeness by province and form"]["median_ms"]
        + results["raw SQL, missing reporters"]["median_ms"],
    }
    print(
        f"{measured['clusters']:,} clusters in {measured['provinces']} provinces; "
        f"{measured['expected_reports_in_period']:,} reports expected for {measured['period']}\n"
    )
    print("| request | SQL queries | median ms | max ms | ÷ raw SQL | under 2 s |")
    print("|---|---:|---:|---:|---:|---|")
    for name, row in results.items():
        baseline = baselines["completeness" if "complete" in name or "missing" in name else "form 04"]
        met = "yes" if row["median_ms"] < TARGET_MS else "**no**"
        queries = "–" if row["queries"] is None else row["queries"]
        print(
            f"| {name} | {queries} | {row['median_ms']:.1f} | {row['max_ms']:.1f} | "
            f"{row['median_ms'] / baseline:.2f} × | {met} |"
        )
    log(f"Results: {path}")


if __name__ == "__main__":
    main()
