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
from zoneatlas.figures.choices import Metric, ScopeType
from zoneatlas.figures.models import Observation, ObservationQuerySet
from zoneatlas.zones.choices import MarkableField, ZoneKind
from zoneatlas.zones.models import InternalZoneField, Zone

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
    """The zones the user may read, with the fields their provinces keep internal withheld from the public.

    The public reads every zone, but not the fields a province marked internal (``InternalZoneField``): each zone
    read through this queryset has them blanked and listed in ``zone.hidden_fields`` (``zones.field_policies``).
    An official reads only zones whose internal data they read, so nothing is withheld from them.
    """
    zones = Zone.objects.all() if queryset is None else queryset
    access = access_for(user)
    if access.reads_everything:
        return zones
    if access.is_public:
        return zones.with_field_policy(  # type: ignore[attr-defined]
            {field: Q(province_id__in=_provinces_marking(field)) for field in MarkableField.values}
        )
    return zones.filter(Q(province_id__in=access.read_provinces) | Q(pk__in=access.developer_zones))


def _provinces_marking(field: str) -> QuerySet[InternalZoneField, Any]:
    """The provinces keeping ``field`` internal, as a subquery (the database reads it once per query)."""
    return InternalZoneField.objects.filter(field=field).values("province_id")


def can_mark_internal_fields(user: Any, province_id: int) -> bool:
    """Whether the user may choose which fields the province keeps internal: an officer of the province (either
    agency: the choice covers all its zones) or a superuser. Administrators manage users, not provinces' data."""
    access = access_for(user)
    return access.edits_everything or any(pk == province_id for pk, _kind in access.edit_scopes)


def visible_figures(user: Any, queryset: ObservationQuerySet) -> QuerySet[Observation]:
    """The figures the user may read: the public reads published figures; officials those of their scope.

    A scoped user reads the figures about their zones, about groups of zones in their provinces, about
    their provinces (in either era: a figure filed under Hòa Bình is Phú Thọ's today) and their old
    districts and communes, and about the nation.
    """
    access = access_for(user)
    if access.is_public:
        # A province keeping its zones' occupancy internal keeps their occupancy figures internal too.
        withheld = Q(metric=Metric.OCCUPANCY, zone__province_id__in=_provinces_marking(MarkableField.OCCUPANCY))
        return queryset.published().exclude(withheld)
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


def editable_zones(user: Any, queryset: QuerySet[Zone] | None = None) -> QuerySet[Zone]:
    """The zones whose registry record the user may change (``can_edit_zone`` as a queryset)."""
    zones = Zone.objects.all() if queryset is None else queryset
    access = access_for(user)
    if access.edits_everything:
        return zones
    scopes = Q(pk__in=[])
    for province_id, kind in access.edit_scopes:
        scopes |= Q(province_id=province_id, kind=kind)
    return zones.filter(scopes)


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


# Background jobs (reminders, province reports, e-mails) have no request: they ask who the recipients are here, and
# compute what each recipient receives with that recipient as the user (``visible_reports(recipient, ...)``,
# ``visible_zones(recipient)``), never as a superuser or as nobody. Recipients with the same ``read_scope_key``
# read the same data and may share one rendering. The lists below hold active users with an active grant (or
# superusers) and agree with the ``can_*`` functions above, user by user (accounts/tests/test_recipients.py).


def _active_users() -> QuerySet[Any]:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(is_active=True)


def _granted(*conditions: Q) -> Q:
    """Users holding an active grant that meets one of the conditions (on ``Grant``), or superusers."""
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return Q(pk__in=Grant.objects.active().filter(combined).values("user_id")) | Q(is_superuser=True)


def readers_of_zone(zone: Zone) -> QuerySet[Any]:
    """Who reads the zone with its internal data: national officers and administrators, the officers (provincial and
    commune) of its province, its developer. The public reads its published fields, but is nobody to send to."""
    return _active_users().filter(
        _granted(
            Q(role__in=[Role.NATIONAL_OFFICER, Role.ADMINISTRATOR]),
            Q(role__in=[Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER], province_id=zone.province_id),
            Q(role=Role.DEVELOPER, zone_id=zone.pk),
        )
    )


def readers_of_province(province_id: int) -> QuerySet[Any]:
    """Who reads a province's internal roll-ups and reports: national officers, administrators, its officers."""
    return _active_users().filter(
        _granted(
            Q(role__in=[Role.NATIONAL_OFFICER, Role.ADMINISTRATOR]),
            Q(role__in=[Role.PROVINCIAL_OFFICER, Role.COMMUNE_OFFICER], province_id=province_id),
        )
    )


def editors_of_province(province_id: int, kind: str) -> QuerySet[Any]:
    """Who changes the province's zones of this kind (``can_edit_province``): its officers of the agency managing
    the kind, and superusers."""
    agencies = [agency for agency, kinds in AGENCY_KINDS.items() if kind in kinds]
    return _active_users().filter(
        _granted(Q(role=Role.PROVINCIAL_OFFICER, province_id=province_id, agency__in=agencies))
    )


def reporters_for_zone(zone: Zone) -> QuerySet[Any]:
    """Who records the zone's operational figures and files its reports (``can_report_for_zone``): the officers
    editing it and its developer."""
    agencies = [agency for agency, kinds in AGENCY_KINDS.items() if zone.kind in kinds]
    return _active_users().filter(
        _granted(
            Q(role=Role.PROVINCIAL_OFFICER, province_id=zone.province_id, agency__in=agencies),
            Q(role=Role.DEVELOPER, zone_id=zone.pk),
        )
    )


def commune_reporters(province_id: int) -> QuerySet[Any]:
    """Who files a commune's report in the province (``can_report_for_commune``): its commune officers and DOIT."""
    return _active_users().filter(
        _granted(
            Q(role=Role.COMMUNE_OFFICER, province_id=province_id),
            Q(role=Role.PROVINCIAL_OFFICER, province_id=province_id, agency=Agency.DOIT),
        )
    )


def national_reviewers() -> QuerySet[Any]:
    """Who receives and approves provinces' reports (``can_review_national_reports``)."""
    return _active_users().filter(_granted(Q(role=Role.NATIONAL_OFFICER)))
