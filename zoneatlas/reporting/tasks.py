"""Background tasks of the reporting cycle (Django's task framework; the database backend keeps the queue in the
project's database, run by ``zoneatlas db_worker``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.tasks import task
from django.utils import timezone

from zoneatlas.reporting.reminders import DAYS_BEFORE
from zoneatlas.reporting.reminders import send_reminders as send


@task()
def send_reminders(day: str | None = None, days_before: int = DAYS_BEFORE) -> dict[str, Any]:
    """E-mail the reminders due on ``day`` (YYYY-MM-DD; default today in Vietnam) that were not sent before."""
    on = dt.date.fromisoformat(day) if day else timezone.localdate()
    return send(on, days_before).as_dict()
