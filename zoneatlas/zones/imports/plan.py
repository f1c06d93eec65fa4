"""What an import would change: each checked row matched to its zone, and the records to create or update.

A row finds its zone by code when it gives one, otherwise by province, kind and name (compared folded).
Planning reads the database in a constant number of queries whatever the number of rows, and writes
nothing: a dry run stops here, a real import hands the plan to ``write``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from zoneatlas.figures.choices import Metric, Review, ScopeType, Unit
from zoneatlas.figures.models import Observation
from zoneatlas.zones.choices import LocationPrecision, ZoneKind, ZoneStatus
from zoneatlas.zones.imports.figures import OccupancyFigure
from zoneatlas.zones.imports.report import Issue
from zoneatlas.zones.imports.rows import ZoneRow
from zoneatlas.zones.imports.vocab import fold
from zoneatlas.zones.models import LifecycleEvent, WastewaterPlant, Zone

# Kept well under SQLite's limit on the parameters of one statement.
CHUNK = 500
FK_ATTRS = frozenset({"commune", "reported_unit", "province", "parent"})


def chunked[T](items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class PlannedZone:
    row: ZoneRow
    zone: Zone
    is_new: bool
    changed_fields: set[str] = field(default_factory=set)
    parent: PlannedZone | Zone | None = None
    touched: bool = False  # an event, a figure or a plant report is added or updated


@dataclass
class Plan:
    zones: list[PlannedZone] = field(default_factory=list)
    events: list[tuple[PlannedZone, LifecycleEvent]] = field(default_factory=list)
    new_figures: list[tuple[PlannedZone, Observation]] = field(default_factory=list)
    updated_figures: list[Observation] = field(default_factory=list)
    new_plants: list[tuple[PlannedZone, WastewaterPlant]] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def created(self) -> list[PlannedZone]:
        return [planned for planned in self.zones if planned.is_new]

    @property
    def updated(self) -> list[PlannedZone]:
        return [p for p in self.zones if not p.is_new and (p.changed_fields or p.touched)]

    @property
    def unchanged(self) -> int:
        return sum(1 for p in self.zones if not p.is_new and not p.changed_fields and not p.touched)


class Planner:
    """Matches rows to zones and decides, per row, what to create, update or leave alone."""

    def __init__(
        self, rows: list[ZoneRow], *, file_name: str, place: str, document_id: int | None, headers: dict[str, str]
    ) -> None:
        self.rows = rows
        self.file_name = file_name
        self.place = place
        self.document_id = document_id
        self.headers = headers
        self.plan = Plan()

    def error(self, row: ZoneRow, column: str | None, message: str) -> None:
        header = self.headers.get(column, column) if column else None
        self.plan.errors.append(Issue(row.line, header, message, self.place))

    def warn(self, row: ZoneRow, column: str | None, message: str) -> None:
        header = self.headers.get(column, column) if column else None
        self.plan.warnings.append(Issue(row.line, header, message, self.place))

    def quote(self, row: ZoneRow) -> str:
        """Where the figure or status comes from: "line 7 of zones.csv". Stored, so in no particular UI language."""
        return f"{self.place} {row.line} of {self.file_name}"

    # ---------------------------------------------------------------------------------------------

    def run(self) -> Plan:
        by_code, by_key = self._existing_zones()
        self._match(by_code, by_key)
        if self.plan.errors:
            return self.plan
        self._parents(by_code, by_key)
        existing_ids = [p.zone.pk for p in self.plan.zones if not p.is_new]
        self._events(existing_ids)
        self._figures(existing_ids)
        self._plants(existing_ids)
        return self.plan

    def _existing_zones(self) -> tuple[dict[str, Zone], dict[tuple[int, str, str], list[Zone]]]:
        province_ids = sorted({row.province.pk for row in self.rows})
        zones: dict[int, Zone] = {}
        for ids in chunked(province_ids):
            zones.update((zone.pk, zone) for zone in Zone.objects.filter(province_id__in=ids))
        codes = sorted({row.code.upper() for row in self.rows} | {row.parent_ref.upper() for row in self.rows})
        known = {zone.code.upper() for zone in zones.values()}
        missing = [code for code in codes if code and code not in known]
        for some in chunked(missing):
            query = Q()
            for code in some:
                query |= Q(code__iexact=code)
            zones.update((zone.pk, zone) for zone in Zone.objects.filter(query))
        by_code = {zone.code.upper(): zone for zone in zones.values()}
        by_key: dict[tuple[int, str, str], list[Zone]] = defaultdict(list)
        for zone in sorted(zones.values(), key=lambda zone: zone.code):
            by_key[(zone.province_id, zone.kind, fold(zone.name))].append(zone)
        return by_code, by_key

    def _match(self, by_code: dict[str, Zone], by_key: dict[tuple[int, str, str], list[Zone]]) -> None:
        uncoded = Counter(row.key for row in self.rows if not row.code)
        claimed: dict[int, ZoneRow] = {}
        for row in self.rows:
            zone: Zone | None
            if row.code:
                zone = by_code.get(row.code.upper())
                if zone is not None and zone.kind != row.kind:
                    self.error(
                        row,
                        "kind",
                        _("zone %(code)s is a %(zone_kind)s in the registry, not a %(kind)s")
                        % {"code": zone.code, "zone_kind": ZoneKind(zone.kind).label, "kind": ZoneKind(row.kind).label},
                    )
                    continue
            else:
                matches = by_key.get(row.key, [])
                if len(matches) > 1 or (matches and uncoded[row.key] > 1):
                    self.error(
                        row,
                        "name",
                        _(
                            "“%(name)s” matches %(count)d zones of the registry or rows of the file in %(province)s: "
                            "give the zone's code to say which (%(codes)s)"
                        )
                        % {
                            "name": row.name,
                            "count": max(len(matches), uncoded[row.key]),
                            "province": row.province.short_name,
                            "codes": ", ".join(zone.code for zone in matches),
                        },
                    )
                    continue
                zone = matches[0] if matches else None
            if zone is None:
                self.plan.zones.append(PlannedZone(row, self._new_zone(row), is_new=True))
                continue
            if zone.pk in claimed:
                self.error(
                    row,
                    "code" if row.code else "name",
                    _("this row and line %(line)d both describe zone %(code)s")
                    % {"line": claimed[zone.pk].line, "code": zone.code},
                )
                continue
            claimed[zone.pk] = row
            self.plan.zones.append(PlannedZone(row, zone, is_new=False, changed_fields=self._apply(row, zone)))

    def _new_zone(self, row: ZoneRow) -> Zone:
        zone = Zone(code=row.code, kind=row.kind, name=row.name, province=row.province)
        self._apply(row, zone)
        commune = row.attrs.get("commune")
        if zone.latitude is None and commune is not None and commune.latitude is not None:
            # No point given: the commune's centre stands in, and says so.
            zone.latitude, zone.longitude = commune.latitude, commune.longitude
            zone.location_precision = LocationPrecision.COMMUNE
        return zone

    @staticmethod
    def _apply(row: ZoneRow, zone: Zone) -> set[str]:
        """Set the row's values on the zone; return the fields that changed. Empty cells change nothing."""
        changed: set[str] = set()
        values: dict[str, Any] = {"name": row.name, "province": row.province, **row.attrs}
        for name, value in values.items():
            if name in FK_ATTRS:
                if getattr(zone, f"{name}_id") != (value.pk if value is not None else None):
                    setattr(zone, name, value)
                    changed.add(name)
            elif getattr(zone, name) != value:
                setattr(zone, name, value)
                changed.add(name)
        return changed

    def _parents(self, by_code: dict[str, Zone], by_key: dict[tuple[int, str, str], list[Zone]]) -> None:
        in_file_by_code = {p.zone.code.upper(): p for p in self.plan.zones if p.zone.code}
        in_file_by_name = {
            (p.row.province.pk, fold(p.row.name)): p for p in self.plan.zones if p.row.kind == ZoneKind.ECONOMIC_ZONE
        }
        for planned in self.plan.zones:
            ref = planned.row.parent_ref
            if not ref:
                continue
            parent: PlannedZone | Zone | None = in_file_by_code.get(ref.upper()) or by_code.get(ref.upper())
            if parent is None:
                key = (planned.row.province.pk, fold(ref))
                named = by_key.get((key[0], ZoneKind.ECONOMIC_ZONE, key[1]), [])
                parent = in_file_by_name.get(key) or (named[0] if len(named) == 1 else None)
            parent_zone = parent.zone if isinstance(parent, PlannedZone) else parent
            if parent_zone is None:
                self.error(planned.row, "parent", _("economic zone “%(ref)s” not found") % {"ref": ref})
            elif parent_zone.kind != ZoneKind.ECONOMIC_ZONE:
                self.error(planned.row, "parent", _("“%(ref)s” is not an economic zone") % {"ref": ref})
            elif planned.row.kind != ZoneKind.PARK:
                self.error(planned.row, "parent", _("only an industrial park can lie in an economic zone"))
            elif parent_zone.pk is None or planned.zone.parent_id != parent_zone.pk:
                planned.parent = parent
                if not planned.is_new:
                    planned.changed_fields.add("parent")

    # Lifecycle ------------------------------------------------------------------------------------

    def _events(self, existing_ids: list[int]) -> None:
        recorded: set[tuple[int, str, dt.date]] = set()
        latest: dict[int, tuple[dt.date, int, str]] = {}
        for ids in chunked(existing_ids):
            rows = LifecycleEvent.objects.filter(zone_id__in=ids).values_list("zone_id", "status", "effective_on", "id")
            for zone_id, status, effective_on, pk in rows:
                recorded.add((zone_id, status, effective_on))
                if zone_id not in latest or (effective_on, pk) > latest[zone_id][:2]:
                    latest[zone_id] = (effective_on, pk, status)
        for planned in self.plan.zones:
            row, zone = planned.row, planned.zone
            if row.status is None or row.status_date is None:
                continue
            if not planned.is_new:
                if (zone.pk, row.status, row.status_date) in recorded:
                    continue
                if zone.status == row.status:
                    if row.status_date_given and zone.status_since != row.status_date:
                        self.warn(
                            row,
                            "status_date",
                            _("%(status)s is already recorded since %(since)s; the date %(day)s is not recorded again")
                            % {
                                "status": ZoneStatus(row.status).label,
                                "since": zone.status_since.isoformat() if zone.status_since else "?",
                                "day": row.status_date.isoformat(),
                            },
                        )
                    continue
                current = latest.get(zone.pk)
                if current is not None and row.status_date < current[0]:
                    self.warn(
                        row,
                        "status_date",
                        _("%(status)s on %(day)s predates the zone's current status; recorded in its history only")
                        % {"status": ZoneStatus(row.status).label, "day": row.status_date.isoformat()},
                    )
                else:
                    zone.status, zone.status_since = row.status, row.status_date
                    planned.changed_fields |= {"status", "status_since"}
            else:
                zone.status, zone.status_since = row.status, row.status_date
            note = (
                "" if row.status_date_given else _("The file gives no date for this status; dated the day of import.")
            )
            event = LifecycleEvent(
                status=row.status,
                effective_on=row.status_date,
                date_is_approximate=row.status_date_approximate,
                document_id=self.document_id,
                quote=self.quote(row),
                note=note,
            )
            self.plan.events.append((planned, event))
            planned.touched = True

    # Figures --------------------------------------------------------------------------------------

    def _figures(self, existing_ids: list[int]) -> None:
        existing: dict[tuple[int, dt.date], list[Observation]] = defaultdict(list)
        for ids in chunked(existing_ids):
            for figure in Observation.objects.filter(zone_id__in=ids, metric=Metric.OCCUPANCY):
                existing[(figure.zone_id or 0, figure.as_of)].append(figure)
        for planned in self.plan.zones:
            occupancy = planned.row.occupancy
            if occupancy is None:
                continue
            same_day = existing.get((planned.zone.pk, occupancy.as_of), []) if not planned.is_new else []
            parts = (occupancy.value, occupancy.leased_ha, occupancy.industrial_land_ha)
            if any(_same_figure(occupancy, figure) for figure in same_day):
                continue
            planned.touched = True
            own = [f for f in same_day if self.document_id is not None and f.document_id == self.document_id]
            if own:
                figure = own[0]
                figure.value, figure.leased_ha, figure.industrial_land_ha = parts
                figure.note, figure.qualifiers = occupancy.note, occupancy.qualifiers
                self.plan.updated_figures.append(figure)
                continue
            figure = Observation(
                scope_type=ScopeType.ZONE,
                metric=Metric.OCCUPANCY,
                value=occupancy.value,
                unit=Unit.PERCENT,
                qualifiers=occupancy.qualifiers,
                leased_ha=occupancy.leased_ha,
                industrial_land_ha=occupancy.industrial_land_ha,
                as_of=occupancy.as_of,
                period_label=str(occupancy.as_of.year),
                quote=self.quote(planned.row),
                review=Review.ACCEPTED,
                note=occupancy.note,
            )
            self.plan.new_figures.append((planned, figure))

    def _plants(self, existing_ids: list[int]) -> None:
        existing: dict[tuple[int, dt.date], list[WastewaterPlant]] = defaultdict(list)
        for ids in chunked(existing_ids):
            for report in WastewaterPlant.objects.filter(zone_id__in=ids):
                existing[(report.zone_id, report.as_of)].append(report)
        for planned in self.plan.zones:
            plant = planned.row.wastewater
            if plant is None:
                continue
            same_day = existing.get((planned.zone.pk, plant.as_of), []) if not planned.is_new else []
            given = (plant.status, plant.capacity_m3_per_day, plant.meets_standard)
            if any(_same(given, (r.status, r.capacity_m3_per_day, r.meets_standard)) for r in same_day):
                continue
            planned.touched = True
            report = WastewaterPlant(
                as_of=plant.as_of,
                status=plant.status,
                capacity_m3_per_day=plant.capacity_m3_per_day,
                meets_standard=plant.meets_standard,
                quote=self.quote(planned.row),
            )
            self.plan.new_plants.append((planned, report))


def _same_figure(occupancy: OccupancyFigure, figure: Observation) -> bool:
    """The figure already states the row's occupancy: the same rate, and the same parts where the file gives them."""
    if occupancy.value != figure.value:
        return False
    return all(getattr(occupancy, part) == getattr(figure, part) for part in occupancy.given - {"value"})


def _same(left: Iterable[Any], right: Iterable[Any]) -> bool:
    """Equal values; decimals compare by value (35.52 equals 35.5200)."""
    return tuple(left) == tuple(right)
