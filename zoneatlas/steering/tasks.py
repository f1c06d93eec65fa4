"""Background tasks of the steering app (Django's task framework; ``zoneatlas db_worker`` runs them)."""

from __future__ import annotations

from django.tasks import task

from zoneatlas.steering.report_runs import generate


@task()
def generate_report(run_id: int) -> None:
    """Generate the files of a province report run (its row shows the progress)."""
    generate(run_id)
