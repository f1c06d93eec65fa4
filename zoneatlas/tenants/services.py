"""Domain operations on projects and leases. The API, the admin, imports and the demo call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from zoneatlas.sources.models import Document
from zoneatlas.tenants.choices import ProjectStatus
from zoneatlas.tenants.models import Project, ProjectStatusEvent
from zoneatlas.tenants.money import RateBook

CAPITAL_FIELDS = ("vnd", "usd", "rate", "usd_rate")


def project_state(events: Iterable[ProjectStatusEvent]) -> dict[str, object]:
    """A project's denormalised state from its events: latest status, since when, registration and end dates."""
    ordered = sorted(events, key=lambda event: (event.effective_on, event.pk or 0))
    if not ordered:
        return {"status": ProjectStatus.REGISTERED, "status_since": None, "registered_on": None, "terminated_on": None}
    last = ordered[-1]
    return {
        "status": last.status,
        "status_since": last.effective_on,
        "registered_on": ordered[0].effective_on,
        "terminated_on": last.effective_on if last.status == ProjectStatus.TERMINATED else None,
    }


def status_on(events: Iterable[ProjectStatusEvent], on: dt.date) -> str | None:
    """The status a project had on a day, or None if it did not exist yet."""
    current = None
    for event in sorted(events, key=lambda event: (event.effective_on, event.pk or 0)):
        if event.effective_on > on:
            break
        current = event.status
    return current


def refresh_projects(projects: Iterable[Project]) -> None:
    """Set each project's status and dates from its events (the project keeps them for filtering)."""
    projects = list(projects)
    events: dict[int, list[ProjectStatusEvent]] = {project.pk: [] for project in projects}
    for event in ProjectStatusEvent.objects.filter(project__in=projects):
        events[event.project_id].append(event)
    for project in projects:
        state = project_state(events[project.pk])
        if any(getattr(project, name) != value for name, value in state.items()):
            for name, value in state.items():
                setattr(project, name, value)
            project.save(update_fields=[*state, "updated_at"])


def record_project_status(
    project: Project, status: str, on: dt.date, *, document: Document | None = None, note: str = ""
) -> ProjectStatusEvent:
    event = ProjectStatusEvent.objects.create(
        project=project, status=status, effective_on=on, document=document, note=note
    )
    refresh_projects([project])
    return event


def convert_capital(project: Project, book: RateBook) -> None:
    """Fill the VND and USD values of the project's registered and disbursed capital, naming the rates used.

    The registered capital converts at its rate date, else the certificate date; the disbursed capital at
    its rate date, else the day the disbursement was reported, else the certificate date. Raises
    ``MissingRateError`` (naming the day) when the table has no rate for that day.
    """
    for prefix, fallbacks in (
        ("registered", (project.registered_rate_date, project.certificate_date)),
        ("disbursed", (project.disbursed_rate_date, project.disbursed_as_of, project.certificate_date)),
    ):
        amount = getattr(project, f"{prefix}_capital")
        if amount is None:
            for name in CAPITAL_FIELDS:
                setattr(project, f"{prefix}_capital_{name}" if name in {"vnd", "usd"} else f"{prefix}_{name}", None)
            continue
        on = next((day for day in fallbacks if day), None) or timezone.localdate()
        setattr(project, f"{prefix}_rate_date", on)
        conversion = book.convert(amount, getattr(project, f"{prefix}_currency"), on)
        setattr(project, f"{prefix}_capital_vnd", conversion.vnd)
        setattr(project, f"{prefix}_capital_usd", conversion.usd)
        setattr(project, f"{prefix}_rate", conversion.rate)
        setattr(project, f"{prefix}_usd_rate", conversion.usd_rate)
