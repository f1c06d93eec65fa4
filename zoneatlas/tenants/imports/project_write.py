"""Writing a checked project plan: investors, projects and status events, in bulk, each with its history record.

Every model here is audited, so every row written leaves its historical record (STYLE §17), with the import's
reason and user. New rows go through ``bulk.BulkInserter`` (COPY on PostgreSQL), which writes the records
simple-history's bulk helpers would; changed rows through ``bulk_update_with_history``. Projects are written in
slices, so that the rows of 100,000 projects and of their historical copies never sit in memory at once. The
caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from zoneatlas.core.caching import registry_changed
from zoneatlas.sources.models import Document
from zoneatlas.tenants.imports.base import BATCH_SIZE, chunked
from zoneatlas.tenants.imports.bulk import BulkInserter
from zoneatlas.tenants.imports.project_plan import ProjectPlan
from zoneatlas.tenants.imports.project_rows import INDEX, PROJECT_FIELDS
from zoneatlas.tenants.models import Investor, Project, ProjectStatusEvent

# Projects written at once: their rows and historical rows are built for a whole slice.
SLICE = 10_000
FIELD_NAMES = {field.attname: field.name for field in Project._meta.concrete_fields}
ID, INVESTOR, DOCUMENT, CREATED, UPDATED = (
    INDEX[name] for name in ("id", "investor_id", "document_id", "created_at", "updated_at")
)
# The columns of a status event, in the order the rows below give them.
EVENT_COLUMNS = ("id", "created_at", "updated_at", "project_id", "status", "effective_on", "document_id", "note")
assert set(EVENT_COLUMNS) == {field.attname for field in ProjectStatusEvent._meta.concrete_fields}


def write_projects(
    plan: ProjectPlan,
    document: Document,
    *,
    reason: str,
    user: Any = None,
    advance: Callable[[int], object] | None = None,
) -> None:
    def step(count: int) -> None:
        if advance is not None:
            advance(count)

    registry_changed()  # bulk writes (COPY included) send no signal: cached API answers go stale at commit
    now = timezone.now()
    inserter = BulkInserter(reason=reason, user=user, now=now)
    history = {"batch_size": BATCH_SIZE, "default_change_reason": reason, "default_user": user}
    inserter.insert(Investor, plan.new_investors)
    if plan.changed_investors:
        for investor in plan.changed_investors:
            investor.updated_at = now
        investor_fields = sorted({*plan.investor_fields, "updated_at"})
        bulk_update_with_history(plan.changed_investors, Investor, investor_fields, **history)

    for planned_slice in chunked(plan.created, SLICE):
        ids = inserter.allocate_ids(Project, len(planned_slice)) if inserter.fast else [None] * len(planned_slice)
        rows = []
        for planned, pk in zip(planned_slice, ids, strict=True):
            values = list(planned.row.values)
            values[ID] = pk
            values[INVESTOR] = planned.investor.pk  # the investor may have been created above
            values[DOCUMENT] = document.pk
            values[CREATED] = values[UPDATED] = now
            rows.append(tuple(values))
        if inserter.fast:
            inserter.insert_rows(Project, PROJECT_FIELDS, rows)
        else:
            projects = [Project(*values) for values in rows]
            inserter.insert(Project, projects)
            ids = [project.pk for project in projects]
        for planned, pk in zip(planned_slice, ids, strict=True):
            planned.pk = pk
        step(len(rows))
    changed = plan.changed
    if changed:
        fields: set[str] = {"updated_at", "document_id"}
        for planned in changed:
            project = planned.project
            assert project is not None
            planned.pk = project.pk
            project.investor_id = planned.investor.pk
            project.updated_at = now
            project.document_id = document.pk
            fields |= planned.changed
        names = sorted(FIELD_NAMES[attname] for attname in fields)
        for changed_slice in chunked(changed, SLICE):
            projects = [planned.project for planned in changed_slice if planned.project is not None]
            bulk_update_with_history(projects, Project, names, **history)
            step(len(changed_slice))

    for planned in plan.projects:
        if planned.pk is None and planned.project is not None:
            planned.pk = planned.project.pk  # unchanged, but with a new event
    events = [(planned.pk or 0, event) for planned in plan.projects for event in planned.events]
    for event_slice in chunked(events, SLICE * 2):
        ids = inserter.allocate_ids(ProjectStatusEvent, len(event_slice)) if inserter.fast else []
        if not inserter.fast:
            objects = [
                ProjectStatusEvent(project_id=pk, status=e.status, effective_on=e.effective_on, document=document)
                for pk, e in event_slice
            ]
            inserter.insert(ProjectStatusEvent, objects)
            continue
        rows = [
            (event_id, now, now, project_id, event.status, event.effective_on, document.pk, "")
            for event_id, (project_id, event) in zip(ids, event_slice, strict=True)
        ]
        inserter.insert_rows(ProjectStatusEvent, EVENT_COLUMNS, rows)
