"""A zone's change history as people read it: who changed what, when, why, from what to what."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from zoneatlas.zones.models import Zone

# Fields whose changes are bookkeeping, not news.
QUIET_FIELDS = {"updated_at", "created_at", "status_since"}
KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def zone_history(zone: Zone) -> list[dict[str, Any]]:
    """Every recorded version of the zone, newest first, each with the fields changed since the one before."""
    records = list(zone.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = [f.name for f in Zone._meta.concrete_fields if f.name not in QUIET_FIELDS and f.name != "id"]
    entries = []
    previous = None
    for record in records:
        changes: list[dict[str, Any]] = []
        if previous is not None:
            for name in fields:
                before, after = _value(previous, name), _value(record, name)
                if before != after:
                    changes.append({"field": name, "before": before, "after": after})
        kind = KINDS[record.history_type]
        if kind == "changed" and any(c["field"] == "deleted_at" for c in changes):
            kind = "deleted" if record.deleted_at else "restored"
        entries.append(
            {
                "at": record.history_date,
                "kind": kind,
                "user": record.history_user.get_username() if record.history_user else None,
                "reason": record.history_change_reason or "",
                "changes": changes,
            }
        )
        previous = record
    return list(reversed(entries))


def _value(record: Any, name: str) -> Any:
    field = Zone._meta.get_field(name)
    value = getattr(record, getattr(field, "attname", name))
    return str(value) if value is not None and not isinstance(value, (bool, int, str)) else value


def zone_as_of(zone: Zone, day: dt.date) -> Zone | None:
    """The zone as it was at the end of ``day`` (None if it did not exist yet)."""
    end = timezone.make_aware(dt.datetime.combine(day, dt.time.max))
    try:
        return zone.history.as_of(end)
    except Zone.DoesNotExist:
        return None
