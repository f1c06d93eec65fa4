"""Who reads and manages obstacles and steering meetings, on top of ``zoneatlas.accounts.access``.

Obstacles follow their zone: officials read those of the zones they read (their provinces; a developer its own
zone), national officers read all, and the officer whose agency manages the zone's kind in its province (clusters
for the DOIT, parks for the IP board) manages them. The public reads only published obstacles (those stated in a
published source, or marked published by the province) and no meetings: minutes are internal. A meeting belongs
to a province: its officials read it; an officer with an edit scope in the province records it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from zoneatlas.accounts.access import access_for, can_edit_zone, visible_zones

if TYPE_CHECKING:
    from zoneatlas.steering.models import Obstacle, ObstacleQuerySet, SteeringMeeting


def visible_obstacles(user: Any, queryset: ObstacleQuerySet) -> ObstacleQuerySet:
    access = access_for(user)
    zones = visible_zones(user).filter(deleted_at__isnull=True)
    if access.is_public:
        return queryset.filter(is_published=True, zone__in=zones)
    if access.reads_everything:
        return queryset.filter(zone__deleted_at__isnull=True)
    return queryset.filter(zone__in=zones)


def can_manage_obstacle(user: Any, obstacle: Obstacle) -> bool:
    """Record, update or close an obstacle: the officer who may edit its zone."""
    return can_edit_zone(user, obstacle.zone)


def manageable_zone_ids(user: Any) -> QuerySet[Any]:
    """The zones on which the user may record obstacles."""
    from django.db.models import Q

    from zoneatlas.zones.models import Zone

    access = access_for(user)
    zones = Zone.objects.alive()
    if access.edits_everything:
        return zones
    scopes = Q(pk__in=[])
    for province_id, kind in access.edit_scopes:
        scopes |= Q(province_id=province_id, kind=kind)
    return zones.filter(scopes)


def visible_meetings(user: Any, queryset: QuerySet[SteeringMeeting]) -> QuerySet[SteeringMeeting]:
    access = access_for(user)
    if access.is_public:
        return queryset.none()
    if access.reads_everything:
        return queryset
    return queryset.filter(province_id__in=access.read_provinces)


def can_record_meeting(user: Any, province_id: int) -> bool:
    """Record a meeting of a province and its decisions: an officer with an edit scope there (or a superuser)."""
    access = access_for(user)
    return access.edits_everything or any(pid == province_id for pid, _kind in access.edit_scopes)


def can_read_reports_of(user: Any, province_id: int) -> bool:
    """The province report is internal (it lists internal obstacles): officials of the province and national ones."""
    access = access_for(user)
    return access.reads_everything or province_id in access.read_provinces
