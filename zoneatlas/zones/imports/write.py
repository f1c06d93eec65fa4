"""Writing a checked plan: zones, lifecycle events, occupancy figures and plant reports, in bulk, with history.

Every audited model is written through django-simple-history's bulk helpers, so each created or
changed row leaves its historical record (STYLE §17), in batches that keep 10,000 rows to seconds.
The caller holds the transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zoneatlas.core.caching import registry_changed
from zoneatlas.figures.models import Observation
from zoneatlas.sources.models import Document
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.imports.plan import Plan, PlannedZone
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone
from zoneatlas.zones.services import ZoneCodeAllocator

BATCH_SIZE = 500


def write_plan(
    plan: Plan,
    document: Document,
    *,
    reason: str,
    advance: Callable[[int], object] | None = None,
    user: Any = None,
) -> None:
    """Carry out the plan. ``advance`` is told how many records each step wrote (for a progress bar).

    Every record's history names the ``user`` who imported the file (none from the command line).
    """

    def step(count: int) -> None:
        if advance is not None:
            advance(count)

    registry_changed()  # bulk writes send no signal: cached API answers go stale when the import commits

    _allocate_codes(plan.created)
    # Economic zones first: a park in the same file needs its economic zone's id.
    new = sorted(plan.created, key=lambda p: p.zone.kind != ZoneKind.ECONOMIC_ZONE)
    parents = [p.zone for p in new if p.zone.kind == ZoneKind.ECONOMIC_ZONE]
    if parents:
        bulk_create_with_history(parents, Zone, batch_size=BATCH_SIZE, default_change_reason=reason, default_user=user)
    for planned in plan.zones:
        if planned.parent is not None:
            parent = planned.parent.zone if isinstance(planned.parent, PlannedZone) else planned.parent
            planned.zone.parent_id = parent.pk
    others = [p.zone for p in new if p.zone.kind != ZoneKind.ECONOMIC_ZONE]
    if others:
        bulk_create_with_history(others, Zone, batch_size=BATCH_SIZE, default_change_reason=reason, default_user=user)
    step(len(new))

    changed = [p for p in plan.zones if not p.is_new and p.changed_fields]
    if changed:
        now = timezone.now()
        fields: set[str] = set()
        for planned in changed:
            planned.zone.updated_at = now
            fields |= planned.changed_fields
        zones = [p.zone for p in changed]
        bulk_update_with_history(
            zones,
            Zone,
            sorted({*fields, "updated_at"}),
            batch_size=BATCH_SIZE,
            default_change_reason=reason,
            default_user=user,
        )
        step(len(changed))

    events = []
    for planned, event in plan.events:
        event.zone_id = planned.zone.pk
        event.document_id = document.pk
        events.append(event)
    if events:
        bulk_create_with_history(
            events, LifecycleEvent, batch_size=BATCH_SIZE, default_change_reason=reason, default_user=user
        )
        step(len(events))

    figures = []
    for planned, figure in plan.new_figures:
        figure.zone_id = planned.zone.pk
        figure.document_id = document.pk
        figure.derive_flags()
        figures.append(figure)
    if figures:
        bulk_create_with_history(
            figures, Observation, batch_size=BATCH_SIZE, default_change_reason=reason, default_user=user
        )
        step(len(figures))
    if plan.updated_figures:
        now = timezone.now()
        for figure in plan.updated_figures:
            figure.updated_at = now
            figure.derive_flags()
        bulk_update_with_history(
            plan.updated_figures,
            Observation,
            [
                "value",
                "leased_ha",
                "industrial_land_ha",
                "note",
                "qualifiers",
                "is_target",
                "is_approximate",
                "updated_at",
            ],
            batch_size=BATCH_SIZE,
            default_change_reason=reason,
            default_user=user,
        )
        step(len(plan.updated_figures))

    plants = []
    for planned, report in plan.new_plants:
        report.zone_id = planned.zone.pk
        report.document_id = document.pk
        plants.append(report)
    if plants:
        bulk_create_with_history(
            plants, WastewaterPlant, batch_size=BATCH_SIZE, default_change_reason=reason, default_user=user
        )
        step(len(plants))


def _allocate_codes(created: list[PlannedZone]) -> None:
    """Give each new zone without a code the next free one of its kind and province (CCN-25-0007)."""
    if not any(not planned.zone.code for planned in created):
        return
    allocator = ZoneCodeAllocator()
    taken = {planned.zone.code.upper() for planned in created if planned.zone.code}
    for planned in created:
        if planned.zone.code:
            continue
        code = allocator.allocate(planned.zone.kind, planned.zone.province.code)
        while code.upper() in taken:  # a code the file gives to another new zone
            code = allocator.allocate(planned.zone.kind, planned.zone.province.code)
        planned.zone.code = code
        taken.add(code.upper())
