"""The one place that decides who may see and change which zones.

Every list, page, export, import, count and API endpoint asks here. A user's access is the union of
their active grants: a national officer or administrator reads everything; a provincial or commune
officer reads the zones of the provinces granted, and a provincial officer edits those of the kind
their agency manages (clusters for the DOIT, parks and economic zones for the IP board); a developer
reads its own zones and reports their operational figures. Anyone else, including anonymous visitors
and users without an active grant, is the public: every zone, published fields and accepted figures
only. Objects outside a user's scope are answered with 404, so their existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from zoneatlas.accounts.choices import Agency, Role
from zoneatlas.accounts.models import Grant
from zoneatlas.figures.choices import ScopeType
from zoneatlas.figures.models import Observation, ObservationQuerySet
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.models import Zone

AGENCY_KINDS: dict[str, frozenset[str]] = {
    Agency.DOIT: frozenset({ZoneKind.CLUSTER}),
    Agency.IP_BOARD: frozenset({ZoneKind.PARK, ZoneKind.ECONOMIC_ZONE}),
}


@dataclass(frozen=True)
class Access:
    """What one user may do, computed once per request from their active grants."""

    reads_everything: bool = False
    edits_everything: bool = False  # a superuser: the operator with every authority
    is_public: bool = True
    is_administrator: bool = False
    read_provinces: frozenset[int] = frozenset()
    edit_scopes: frozenset[tuple[int, str]] = frozenset()  # (province id, zone kind)
    developer_zones: frozenset[int] = frozenset()
    commune_provinces: frozenset[int] = frozenset()  # provinces whose communes' reports the user files
    is_national_officer: bool = False  # receives provinces' reports (Circular 14 form 04)

    @property
    def sees_internal(self) -> bool:
        """Internal fields and draft figures are for officials and developers, never the public."""
        return not self.is_public


PUBLIC = Access()


def access_for(user: Any) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return PUBLIC
    cached = getattr(user, "_zoneatlas_access", None)
    if cached is None:
        cached = _compute(user)
        user._zoneatlas_access = cached
    return cached


def _compute(user: Any) -> Access:
    grants = list(Grant.objects.active().filter(user=user))
    roles = {grant.role for grant in grants}
    everything = user.is_superuser or bool(roles & {Role.NATIONAL_OFFICER, Role.ADMINISTRATOR})
    read_provinces = frozenset(
        grant.province_id
        for grant in grants
        if grant.role in {Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER} and grant.province_id
    )
    edit_scopes = frozenset(
        (grant.province_id, kind)
        for grant in grants
        if grant.role == Role.PROVINCIAL_OFFICER and grant.province_id
        for kind in AGENCY_KINDS.get(grant.agency, frozenset())
    )
    developer_zones = frozenset(g.zone_id for g in grants if g.role == Role.DEVELOPER and g.zone_id)
    commune_provinces = frozenset(g.province_id for g in grants if g.role == Role.COMMUNE_OFFICER and g.province_id)
    return Access(
        reads_everything=everything,
        edits_everything=user.is_superuser,
        is_public=not grants and not user.is_superuser,
        is_administrator=user.is_superuser or Role.ADMINISTRATOR in roles,
        read_provinces=read_provinces,
        edit_scopes=edit_scopes,
        developer_zones=developer_zones,
        commune_provinces=commune_provinces,
        is_national_officer=user.is_superuser or Role.NATIONAL_OFFICER in roles,
    )


def read_scope_key(user: Any) -> str:
    """What the user may read, as a short key: two users with the same key read exactly the same data.

    Cached answers are shared between users by this key (``zoneatlas.core.caching``), so it must change with
    everything the read rules below look at: ``visible_zones``, ``visible_figures``, ``can_read_province`` and the
    internal fields (``sees_internal``). The public (anonymous visitors and users without an active grant) share
    one key; so do all who read everything; anyone else's key names their provinces and zones. Editing rights do
    not change what a user reads, so they are not part of it.
    """
    access = access_for(user)
    if access.is_public:
        return "public"
    if access.reads_everything:
        return "everything"
    provinces = ",".join(str(pk) for pk in sorted(access.read_provinces))
    zones = ",".join(str(pk) for pk in sorted(access.developer_zones))
    return f"provinces:{provinces};zones:{zones}"


def visible_zones(user: Any, queryset: QuerySet[Zone] | None = None) -> QuerySet[Zone]:
    """The zones the user may read."""
    zones = Zone.objects.all() if queryset is None else queryset
    access = access_for(user)
    if access.reads_everything or access.is_public:
        return zones
    return zones.filter(Q(province_id__in=access.read_provinces) | Q(pk__in=access.developer_zones))


def visible_figures(user: Any, queryset: ObservationQuerySet) -> QuerySet[Observation]:
    """The figures the user may read: the public reads published figures; officials those of their scope.

    A scoped user reads the figures about their zones, about groups of zones in their provinces, about
    their provinces (in either era: a figure filed under Hòa Bình is Phú Thọ's today) and their old
    districts and communes, and about the nation.
    """
    access = access_for(user)
    if access.is_public:
        return queryset.published()
    if access.reads_everything:
        return queryset
    provinces = access.read_provinces
    return queryset.filter(
        Q(zone__province_id__in=provinces)
        | Q(zone_id__in=access.developer_zones)
        | Q(zone_group__province_id__in=provinces)
        | Q(admin_unit_id__in=provinces)
        | Q(admin_unit__province_id__in=provinces)
        | Q(admin_unit__successions__successor_id__in=provinces)
        | Q(admin_unit__province__successions__successor_id__in=provinces)
        | Q(scope_type=ScopeType.NATION)
    ).distinct()


def can_read_province(user: Any, province: Any) -> bool:
    """Whether the user may read a province's roll-up: the public and national readers read every province."""
    access = access_for(user)
    return access.is_public or access.reads_everything or province.pk in access.read_provinces


def can_edit_zone(user: Any, zone: Zone) -> bool:
    """Whether the user may change the zone's registry record (names, place, areas, lifecycle...)."""
    access = access_for(user)
    return access.edits_everything or (zone.province_id, zone.kind) in access.edit_scopes


def can_report_for_zone(user: Any, zone: Zone) -> bool:
    """Whether the user may record operational figures of the zone (its officer or its developer)."""
    return can_edit_zone(user, zone) or zone.pk in access_for(user).developer_zones


def can_edit_province(user: Any, province_id: int, kind: str) -> bool:
    """Whether the user may create a zone of this kind in this province (imports ask this of every row)."""
    access = access_for(user)
    return access.edits_everything or (province_id, kind) in access.edit_scopes


# Periodic reporting (Circular 14/2024). Reports are internal: the public reads none; a developer reads the
# reports about its zone and its tenants; officers those of their provinces. ``zoneatlas.reporting.permissions``
# maps each form's reporter and reviewer onto the functions below.


def visible_reports(user: Any, queryset: QuerySet[Any]) -> QuerySet[Any]:
    """The expected reports (with their submissions) the user may read; the queryset has ``province`` and ``zone``."""
    access = access_for(user)
    if access.is_public:
        return queryset.none()
    if access.reads_everything:
        return queryset
    return queryset.filter(Q(province_id__in=access.read_provinces) | Q(zone_id__in=access.developer_zones))


def can_report_for_commune(user: Any, province_id: int) -> bool:
    """Whether the user may file a commune's report in this province: a commune officer of the province, or the
    province's DOIT officer entering it on the commune's behalf."""
    access = access_for(user)
    return province_id in access.commune_provinces or can_edit_province(user, province_id, ZoneKind.CLUSTER)


def can_review_national_reports(user: Any) -> bool:
    """Whether the user receives and approves provinces' reports: a national officer (or a superuser)."""
    return access_for(user).is_national_officer
