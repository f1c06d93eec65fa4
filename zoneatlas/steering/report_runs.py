"""Generating a province report's files, with visible progress: a ``ReportRun`` row per generation.

Small provinces are generated inline; larger ones by the task ``zoneatlas.steering.tasks.generate_report``, run by
``zoneatlas db_worker`` (django-tasks-db), enqueued once the run's row is committed. The run's progress and step are
written as it goes (plain updates: a run is a work record, not audited data), and the page polls them with HTMX.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.steering.choices import ReportRunStatus
from zoneatlas.steering.models import ReportRun
from zoneatlas.steering.report import INLINE_MAX_ZONES, build_report, report_zones
from zoneatlas.steering.report_files import render_html, render_pdf, render_xlsx

logger = logging.getLogger(__name__)


def runs_inline(province: AdminUnit, user: Any) -> bool:
    return report_zones(province, user).count() <= INLINE_MAX_ZONES


def start_run(province: AdminUnit, user: Any, on: dt.date, language: str) -> ReportRun:
    """Record a run and generate it: now for a small province, in the background (after commit) otherwise."""
    run = ReportRun.objects.create(
        province=province, as_of=on, language=language, requested_by=user if user.is_authenticated else None
    )
    if runs_inline(province, user):
        generate(run.pk)
        run.refresh_from_db()
        return run

    def enqueue() -> None:
        from zoneatlas.steering.tasks import generate_report

        result = generate_report.enqueue(run.pk)
        ReportRun.objects.filter(pk=run.pk).update(task_id=str(result.id))

    transaction.on_commit(enqueue)
    return run


def _progress(run_id: int) -> Any:
    def report(pct: int, step: str) -> None:
        ReportRun.objects.filter(pk=run_id).update(
            status=ReportRunStatus.RUNNING, progress_pct=pct, step=step[:200], updated_at=timezone.now()
        )

    return report


def generate(run_id: int) -> None:
    """Build the report of the run and store its three files; a failure is recorded on the run, not raised."""
    run = ReportRun.objects.select_related("province", "requested_by").get(pk=run_id)
    if run.status == ReportRunStatus.DONE:
        return
    progress = _progress(run.pk)
    progress(0, _("Starting"))
    # The report holds what its requester reads; without one (user deleted since), what the public reads.
    user: Any = run.requested_by or AnonymousUser()
    try:
        with translation.override(run.language):
            report = build_report(run.province, run.as_of, user, progress=progress)
            html = render_html(report)
            progress(93, _("Printing the PDF"))
            pdf = render_pdf(html)
            progress(97, _("Writing the spreadsheet"))
            xlsx = render_xlsx(report)
    except Exception as error:  # recorded for the user to see; the worker goes on with the next task
        logger.exception("province report run %s failed", run.pk)
        ReportRun.objects.filter(pk=run.pk).update(
            status=ReportRunStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return
    name = f"report-{run.province.code}-{run.as_of.isoformat()}-{run.pk}"
    run.refresh_from_db()
    run.html_file.save(f"{name}.html", ContentFile(html.encode("utf-8")), save=False)
    run.pdf_file.save(f"{name}.pdf", ContentFile(pdf), save=False)
    run.xlsx_file.save(f"{name}.xlsx", ContentFile(xlsx), save=False)
    run.status = ReportRunStatus.DONE
    run.progress_pct = 100
    run.step = _("Done")
    run.finished_at = timezone.now()
    run.save()
