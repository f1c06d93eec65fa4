"""Domain operations on zones that touch several models. Views, the API, imports and the demo call these."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.models import LifecycleEvent, Zone


def zone_code(kind: str, province_code: str, number: int) -> str:
    """The public code of a zone: kind prefix, province code at creation, sequence (CCN-25-0001)."""
    return f"{ZoneKind(kind).code_prefix}-{province_code}-{number:04d}"


class ZoneCodeAllocator:
    """Hands out the next free public codes per (kind, province), reading the database once.

    Codes are never reused or changed, even when a zone later moves to another province: the code is a
    stable identifier, not a location.
    """

    def __init__(self) -> None:
        self._next: dict[str, int] = defaultdict(lambda: 1)
        # The history keeps the codes of deleted zones too, so a code is never handed out twice.
        historical = Zone.history.model.objects.values_list("code", flat=True).distinct()
        for code in historical.iterator():
            prefix, _sep, number = code.rpartition("-")
            if number.isdigit():
                self._next[prefix] = max(self._next[prefix], int(number) + 1)

    def allocate(self, kind: str, province_code: str) -> str:
        prefix = f"{ZoneKind(kind).code_prefix}-{province_code}"
        number = self._next[prefix]
        self._next[prefix] = number + 1
        return zone_code(kind, province_code, number)


def refresh_status(zones: Iterable[Zone]) -> None:
    """Set each zone's status to the latest event of its lifecycle (the zone keeps it for filtering)."""
    zones = list(zones)
    latest: dict[int, LifecycleEvent] = {}
    events = LifecycleEvent.objects.filter(zone__in=zones).order_by("zone_id", "effective_on", "id")
    for event in events:
        latest[event.zone_id] = event
    for zone in zones:
        last = latest.get(zone.pk)
        status = last.status if last else "planned"
        since = last.effective_on if last else None
        if (zone.status, zone.status_since) != (status, since):
            zone.status, zone.status_since = status, since
            zone.save(update_fields=["status", "status_since", "updated_at"])


@transaction.atomic
def record_status(
    zone: Zone,
    status: str,
    effective_on: dt.date,
    *,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    issuer: str = "",
    document_id: int | None = None,
    quote: str = "",
    note: str = "",
    date_is_approximate: bool = False,
) -> LifecycleEvent:
    """Add a dated status to a zone's lifecycle and bring the zone's current status up to date."""
    event = LifecycleEvent.objects.create(
        zone=zone,
        status=status,
        effective_on=effective_on,
        decision_number=decision_number,
        decision_date=decision_date,
        issuer=issuer,
        document_id=document_id,
        quote=quote,
        note=note,
        date_is_approximate=date_is_approximate,
    )
    refresh_status([zone])
    return event


def last_change() -> dt.datetime | None:
    """When the registry last changed: the "as of" of roll-ups computed from it."""
    return Zone.objects.aggregate(at=Max("updated_at"))["at"]


def delete_zone(zone: Zone, *, user: Any = None, reason: str = "") -> None:
    """Delete a zone softly: it leaves every list and page, keeps its record and history, and can be restored.

    Raises ``ValidationError`` (and changes nothing) when the reason is too long for the history.
    """
    validate_reason(reason)
    _save_with_history(zone, timezone.now(), user=user, reason=reason)


def restore_zone(zone: Zone, *, user: Any = None, reason: str = "") -> None:
    """Undo a deletion (``ValidationError``, and nothing changed, when the reason is too long for the history)."""
    validate_reason(reason)
    _save_with_history(zone, None, user=user, reason=reason)


def _save_with_history(zone: Zone, deleted_at: dt.datetime | None, *, user: Any, reason: str) -> None:
    zone.deleted_at = deleted_at
    zone._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history
    if user is not None and user.is_authenticated:
        zone._history_user = user  # type: ignore[attr-defined]
    zone.save(update_fields=["deleted_at", "updated_at"])


# The registry fields an officer with an editing grant may change, on the pages and through the API alike; the
# rest (code, kind, province, status, boundary) changes through imports, the lifecycle or the back office.
EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "name_en",
    "gross_area_ha",
    "industrial_land_ha",
    "developer_name",
    "developer_type",
    "is_craft_village",
    "is_specialised",
    "is_high_tech",
    "is_eco",
    "latitude",
    "longitude",
    "notes",
    "contact_person",
    "internal_notes",
)
# The history keeps a reason of at most this many characters (django-simple-history's column).
REASON_MAX_LENGTH: int = Zone.history.model._meta.get_field("history_change_reason").max_length or 100


def validate_reason(reason: str) -> None:
    """Raise ``ValidationError`` if the reason does not fit the history (pages, API and services say the same)."""
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Give a reason of at most %(limit)d characters.") % {"limit": REASON_MAX_LENGTH}}
        )


def validate_zone_change(zone: Zone, changes: dict[str, Any]) -> None:
    """Raise ``ValidationError`` if the zone with these changes would break the model's rules (``Zone.clean``).

    The zone itself is left as it was: the rules are checked on a copy.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    values = {name: getattr(zone, name) for name in EDITABLE_FIELDS} | changes
    candidate = Zone(**values, kind=zone.kind, parent_id=zone.parent_id)
    candidate.clean()


@transaction.atomic
def change_zone(zone: Zone, changes: dict[str, Any], *, user: Any = None, reason: str = "") -> Zone:
    """Change registry fields of a zone (``EDITABLE_FIELDS``), recording who changed them and why in its history.

    Raises ``ValidationError`` when the changed zone would break the model's rules or the reason is too long for
    the history (nothing is saved then).
    """
    validate_reason(reason)
    validate_zone_change(zone, changes)
    for name, value in changes.items():
        setattr(zone, name, value)
    zone._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history
    if user is not None and user.is_authenticated:
        # Set explicitly: API token users are unknown to django-simple-history's middleware.
        zone._history_user = user  # type: ignore[attr-defined]
    zone.save()
    return zone
