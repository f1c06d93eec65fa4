"""Checking every row of a zone file and turning it into what the registry records.

A row is refused (an error) when it would record something false: an occupancy outside 0–100 (often a
year typed in the wrong column), leased land above industrial land, industrial land above the gross area,
a point outside Vietnam, a province that cannot be found, an unknown kind or status, a number that cannot
be read. A row is imported with a warning when it is unusual but can be true: a legacy province name
(mapped to today's province), a cluster outside the legal 10–75 ha (legacy clusters exist: Decree 32/2024
keeps them), latitude and longitude swapped, the same name twice in a province.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from zoneatlas.figures.choices import Qualifier
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import REORGANISATION_DATE, AdminUnit
from zoneatlas.geo.services import Resolution, resolve, resolve_province
from zoneatlas.zones.choices import LocationPrecision, ZoneKind
from zoneatlas.zones.imports import vocab
from zoneatlas.zones.imports.cells import (
    CellError,
    DateValue,
    as_text,
    is_blank,
    quantize,
    read_choice,
    read_coordinate,
    read_date,
    read_flag,
    read_number,
)
from zoneatlas.zones.imports.columns import ColumnMap
from zoneatlas.zones.imports.report import Issue
from zoneatlas.zones.imports.vocab import fold

# Two readings of an occupancy rate closer than this are the same figure rounded differently.
OCCUPANCY_TOLERANCE_PCT = Decimal("0.5")
LEGACY_EVE = REORGANISATION_DATE - dt.timedelta(days=1)
AREA_UNITS = frozenset({"ha"})
PERCENT_UNITS = frozenset({"%"})
FLOW_UNITS = frozenset({"m3/day", "m3"})
MAX_AREA_HA = Decimal(10) ** 7  # above any zone on Earth, and within the registry's 12 digits
OCCUPANCY_COLUMNS = frozenset({"occupancy_pct", "leased_ha", "industrial_land_ha"})
FLAG_FIELDS = {
    "craft_village": "is_craft_village",
    "specialised": "is_specialised",
    "high_tech": "is_high_tech",
    "eco": "is_eco",
    "synthetic": "is_synthetic",
}


@dataclass
class OccupancyFigure:
    value: Decimal | None
    leased_ha: Decimal | None
    industrial_land_ha: Decimal | None
    as_of: dt.date
    note: str = ""
    qualifiers: list[str] = field(default_factory=list)


@dataclass
class WastewaterFigure:
    status: str
    capacity_m3_per_day: Decimal | None
    meets_standard: bool | None
    as_of: dt.date


@dataclass
class ZoneRow:
    """One valid row: the zone's fields as given, its status, occupancy and wastewater plant."""

    line: int
    code: str
    name: str
    kind: str
    province: AdminUnit
    attrs: dict[str, Any]
    status: str | None = None
    status_date: dt.date | None = None
    status_date_approximate: bool = False
    status_date_given: bool = False
    occupancy: OccupancyFigure | None = None
    wastewater: WastewaterFigure | None = None
    parent_ref: str = ""

    @property
    def key(self) -> tuple[int, str, str]:
        """How a row without a code finds its zone: province, kind and name as folded text."""
        return (self.province.pk, self.kind, fold(self.name))


class RowChecker:
    """Reads rows against one file's columns, collecting every error and warning with its line and column."""

    def __init__(self, columns: ColumnMap, *, place: str, today: dt.date, locale_hint: str) -> None:
        self.columns = columns
        self.place = place
        self.today = today
        self.locale_hint = locale_hint
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        bbox = settings.ZONEATLAS["VIETNAM_BBOX"]
        self.min_lon, self.min_lat, self.max_lon, self.max_lat = (Decimal(str(v)) for v in bbox)
        self.cluster_min_ha = Decimal(str(settings.ZONEATLAS["CLUSTER_MIN_AREA_HA"]))
        self.cluster_max_ha = Decimal(str(settings.ZONEATLAS["CLUSTER_MAX_AREA_HA"]))
        self.provinces_by_code = {unit.code: unit for unit in AdminUnit.objects.current().provinces()}
        self._codes: dict[str, int] = {}
        self._names: dict[tuple[int, str], int] = {}
        self._ambiguous: set[str] = set()

    # Collecting findings -------------------------------------------------------------------------

    def error(self, line: int, column: str | None, message: str) -> None:
        self.errors.append(Issue(line, self.columns.header(column) if column else None, message, self.place))

    def warn(self, line: int, column: str | None, message: str) -> None:
        self.warnings.append(Issue(line, self.columns.header(column) if column else None, message, self.place))

    # Cells ---------------------------------------------------------------------------------------

    def _cell(self, cells: list[Any], column: str) -> Any:
        position = self.columns.positions.get(column)
        if position is None or position >= len(cells) or is_blank(cells[position]):
            return None
        value = cells[position]
        return value.strip() if isinstance(value, str) else value

    def _read(self, line: int, cells: list[Any], column: str, reader: Callable[[Any], Any]) -> Any:
        value = self._cell(cells, column)
        if value is None:
            return None
        try:
            return reader(value)
        except CellError as error:
            self.error(line, column, str(error))
            return None

    def _number(self, line: int, cells: list[Any], column: str, units: frozenset[str], places: int) -> Decimal | None:
        raw = self._cell(cells, column)
        if raw is None:
            return None
        try:
            parsed = read_number(raw, locale_hint=self.locale_hint, units=units)
        except CellError as error:
            self.error(line, column, str(error))
            return None
        if parsed.value < 0:
            self.error(line, column, _("%(value)s is negative") % {"value": raw})
            return None
        if parsed.ambiguous:
            self._ambiguous.add(column)
            convention = (
                _("a decimal comma and a thousands dot, as Vietnamese writes numbers")
                if self.locale_hint == "vi"
                else _("a decimal point and a thousands comma, as English writes numbers")
            )
            self.warn(
                line,
                column,
                _("“%(text)s” read as %(value)s (%(convention)s)")
                % {"text": raw, "value": _plain(parsed.value), "convention": convention},
            )
        return quantize(parsed.value, places)

    def _text(self, cells: list[Any], column: str) -> str | None:
        value = self._cell(cells, column)
        return None if value is None else as_text(value)

    # The row -------------------------------------------------------------------------------------

    def check(self, line: int, cells: list[Any], geometry: dict[str, Any] | None = None) -> ZoneRow | None:
        """The row read and checked, or None when it has errors (they are collected)."""
        errors_before = len(self.errors)
        attrs: dict[str, Any] = {}
        self._ambiguous = set()

        code = self._text(cells, "code") or ""
        name = self._text(cells, "name") or ""
        if not name:
            self.error(line, "name", _("the zone's name is missing"))
        elif len(name) > 200:
            self.error(line, "name", _("the name is longer than 200 characters"))
        kind = self._kind(line, cells, name)
        province = self._province(line, cells, attrs)
        if code:
            self._check_code(line, code, kind)

        for column, attr in (("name_en", "name_en"), ("developer", "developer_name"), ("notes", "notes")):
            if (value := self._text(cells, column)) is not None:
                attrs[attr] = value
        for column, attr in FLAG_FIELDS.items():
            if (flag := self._read(line, cells, column, read_flag)) is not None:
                attrs[attr] = flag
        if (developer_type := self._read(line, cells, "developer_type", self._developer_type)) is not None:
            attrs["developer_type"] = developer_type
        if (precision := self._read(line, cells, "location_precision", self._precision)) is not None:
            attrs["location_precision"] = precision

        if province is not None:
            self._places(line, cells, province, attrs)
        self._coordinates(line, cells, geometry, attrs)
        as_of: DateValue | None = self._read(line, cells, "occupancy_as_of", read_date)
        figures_day = as_of.end if as_of else self.today
        occupancy = self._areas_and_occupancy(line, cells, kind, attrs, figures_day)
        wastewater = self._wastewater(line, cells, figures_day)
        if (occupancy or wastewater) and self._cell(cells, "occupancy_as_of") is None:
            self.warn(
                line,
                "occupancy_as_of",
                _("the figures have no date: dated %(day)s, the day of the import") % {"day": self.today.isoformat()},
            )
        status, status_date = self._status(line, cells)

        if len(self.errors) > errors_before or province is None or kind is None:
            return None
        row = ZoneRow(
            line=line,
            code=code,
            name=name,
            kind=kind,
            province=province,
            attrs=attrs,
            occupancy=occupancy,
            wastewater=wastewater,
            parent_ref=self._text(cells, "parent") or "",
        )
        if status is not None:
            row.status = status
            row.status_date_given = status_date is not None
            row.status_date = status_date.start if status_date else self.today
            row.status_date_approximate = status_date.approximate if status_date else True
        self._duplicates(row)
        return row

    def _kind(self, line: int, cells: list[Any], name: str) -> str | None:
        raw = self._cell(cells, "kind")
        if raw is None:
            kind = vocab.kind_from_name(name) if name else None
            if kind is None:
                self.error(line, "kind", _("the kind of zone is missing (park/KCN, cluster/CCN, economic_zone/KKT)"))
            return kind
        try:
            return read_choice(
                raw,
                vocab.KINDS,
                what=_("kind"),
                examples="park/KCN/khu công nghiệp, cluster/CCN/cụm công nghiệp, economic_zone/KKT/khu kinh tế",
            )
        except CellError as error:
            self.error(line, "kind", str(error))
            return None

    def _check_code(self, line: int, code: str, kind: str | None) -> None:
        if len(code) > 20:
            self.error(line, "code", _("the code is longer than 20 characters"))
        prefix = code.split("-", 1)[0].upper()
        prefixes = {ZoneKind(value).code_prefix: value for value in ZoneKind.values}
        if kind and prefix in prefixes and prefixes[prefix] != kind:
            self.error(
                line,
                "code",
                _("code %(code)s is the code of a %(code_kind)s, but the row is a %(kind)s")
                % {"code": code, "code_kind": ZoneKind(prefixes[prefix]).label, "kind": ZoneKind(kind).label},
            )
        first = self._codes.setdefault(code.upper(), line)
        if first != line:
            self.error(
                line, "code", _("code %(code)s is already used on line %(line)d") % {"code": code, "line": first}
            )

    def _province(self, line: int, cells: list[Any], attrs: dict[str, Any]) -> AdminUnit | None:
        text = self._text(cells, "province")
        code = self._text(cells, "province_code")
        by_code: AdminUnit | None = None
        if code is not None:
            by_code = self.provinces_by_code.get(code.zfill(2))
            if by_code is None:
                self.error(line, "province_code", _("no province today has the code “%(code)s”") % {"code": code})
                return None
        if text is None:
            if by_code is None:
                self.error(line, "province", _("the province is missing"))
            return by_code
        resolution = resolve_province(text)
        if not resolution.ok or resolution.province is None:
            self.error(line, "province", _province_not_found(text, resolution))
            return None
        province = resolution.province
        if by_code is not None and by_code.pk != province.pk:
            self.error(
                line,
                "province",
                _("province “%(text)s” lies in %(province)s (%(code)s), not in province code %(given)s")
                % {"text": text, "province": province.short_name, "code": province.code, "given": by_code.code},
            )
            return None
        if resolution.legacy is not None:
            self.warn(
                line,
                "province",
                _("“%(text)s” names a province before 1 July 2025: mapped to %(province)s (code %(code)s), its province today")
                % {"text": text, "province": province.short_name, "code": province.code},
            )
            attrs["reported_unit"] = resolution.legacy
            attrs["reported_unit_text"] = text
        return province

    def _places(self, line: int, cells: list[Any], province: AdminUnit, attrs: dict[str, Any]) -> None:
        province_text = self._text(cells, "province") or province.short_name
        district = self._text(cells, "district")
        if district is not None:
            found = resolve(f"{district}, {province_text}", level=Level.DISTRICT, on=LEGACY_EVE)
            if found.matched is not None and found.matched.level == Level.DISTRICT:
                attrs["reported_unit"] = found.matched
            else:
                self.warn(
                    line,
                    "district",
                    _("former district “%(text)s” not found in %(province)s; kept as written")
                    % {"text": district, "province": province_text},
                )
            attrs["reported_unit_text"] = f"{district}, {province_text}"
        reported = self._text(cells, "reported_unit")
        if reported is not None and district is None:
            attrs["reported_unit_text"] = reported
            found = resolve(reported, on=LEGACY_EVE)
            if found.matched is not None and found.province is not None and found.province.pk == province.pk:
                attrs["reported_unit"] = found.matched
        commune = self._text(cells, "commune")
        if commune is not None:
            found = resolve(f"{commune}, {province_text}", level=Level.COMMUNE)
            unit = _commune_today(found, province)
            if unit is None:
                self.warn(
                    line,
                    "commune",
                    _("commune “%(text)s” not found in %(province)s today; the zone is not placed in a commune")
                    % {"text": commune, "province": province.short_name},
                )
            else:
                attrs["commune"] = unit
                if found.matched is not None and found.matched.era == Era.LEGACY:
                    self.warn(line, "commune", found.note)
                    attrs.setdefault("reported_unit", found.matched)
                    attrs.setdefault("reported_unit_text", commune)

    def _coordinates(self, line: int, cells: list[Any], geometry: dict[str, Any] | None, attrs: dict[str, Any]) -> None:
        latitude = self._read(line, cells, "latitude", read_coordinate)
        longitude = self._read(line, cells, "longitude", read_coordinate)
        column_lat, column_lon = "latitude", "longitude"
        if geometry:
            point = self._geometry(line, geometry, attrs)
            if point is not None:
                longitude, latitude = point
                column_lat = column_lon = "geometry"
        if latitude is None and longitude is None:
            return
        if latitude is None or longitude is None:
            missing = column_lat if latitude is None else column_lon
            self.error(line, missing, _("give both latitude and longitude, or neither"))
            return
        if not self._in_vietnam(latitude, longitude):
            if self._in_vietnam(longitude, latitude):
                # A latitude above 90 is no latitude at all: the one reading is the swapped one.
                self.warn(
                    line,
                    column_lat,
                    _("latitude and longitude look swapped (%(lat)s, %(lon)s); read as %(lon)s, %(lat)s")
                    % {"lat": _plain(latitude), "lon": _plain(longitude)},
                )
                latitude, longitude = longitude, latitude
            else:
                self.error(
                    line,
                    column_lat,
                    _("the point %(lat)s, %(lon)s lies outside Vietnam")
                    % {"lat": _plain(latitude), "lon": _plain(longitude)},
                )
                return
        attrs["latitude"] = quantize(latitude, 6)
        attrs["longitude"] = quantize(longitude, 6)
        attrs.setdefault("location_precision", LocationPrecision.EXACT)

    def _geometry(self, line: int, geometry: dict[str, Any], attrs: dict[str, Any]) -> tuple[Decimal, Decimal] | None:
        """The point of a GeoJSON feature: the Point itself, or the centroid of a polygon (kept as the boundary)."""
        from shapely.geometry import shape

        from zoneatlas.zones.geometry import BoundaryError, boundary_area_ha

        kind = geometry.get("type")
        try:
            if kind == "Point":
                lon, lat = geometry["coordinates"][:2]
                return Decimal(repr(float(lon))), Decimal(repr(float(lat)))
            if kind in {"Polygon", "MultiPolygon"}:
                area = boundary_area_ha(geometry)
                centroid = shape(geometry).centroid
                attrs["boundary"] = geometry
                attrs["boundary_area_ha"] = area
                return Decimal(repr(centroid.x)), Decimal(repr(centroid.y))
        except (BoundaryError, KeyError, IndexError, TypeError, ValueError) as error:
            self.error(line, "geometry", _("the geometry cannot be read: %(error)s") % {"error": error})
            return None
        self.error(line, "geometry", _("a zone's geometry must be a Point or a Polygon, not %(kind)s") % {"kind": kind})
        return None

    def _in_vietnam(self, latitude: Decimal, longitude: Decimal) -> bool:
        return self.min_lat <= latitude <= self.max_lat and self.min_lon <= longitude <= self.max_lon

    def _areas_and_occupancy(
        self, line: int, cells: list[Any], kind: str | None, attrs: dict[str, Any], as_of: dt.date
    ) -> OccupancyFigure | None:
        gross = self._area(line, cells, "gross_area_ha")
        industrial = self._area(line, cells, "industrial_land_ha")
        leased = self._area(line, cells, "leased_ha")
        rate = self._number(line, cells, "occupancy_pct", PERCENT_UNITS, 4)
        if gross is not None:
            attrs["gross_area_ha"] = gross
            self._check_cluster_area(line, kind, gross, attrs)
        if industrial is not None:
            attrs["industrial_land_ha"] = industrial
            if gross is not None and industrial > gross:
                self.error(
                    line,
                    "industrial_land_ha",
                    _("industrial land %(industrial)s ha exceeds the gross area %(gross)s ha")
                    % {"industrial": _plain(industrial), "gross": _plain(gross)},
                )
        if rate is not None and not Decimal(0) <= rate <= Decimal(100):
            if rate == rate.to_integral() and 1900 <= rate <= 2100:
                message = _("occupancy %(value)s is outside 0–100 (a year in the occupancy column?)")
            else:
                message = _("occupancy %(value)s is outside 0–100")
            self.error(line, "occupancy_pct", message % {"value": _plain(rate)})
            return None
        if leased is not None and industrial is not None and leased > industrial:
            self.error(
                line,
                "leased_ha",
                _("leased land %(leased)s ha exceeds the industrial land %(industrial)s ha")
                % {"leased": _plain(leased), "industrial": _plain(industrial)},
            )
            return None
        if rate is None and leased is None:
            return None
        note = ""
        if rate is not None and leased is not None and industrial:
            computed = leased / industrial * 100
            if abs(computed - rate) > OCCUPANCY_TOLERANCE_PCT:
                self.error(
                    line,
                    "occupancy_pct",
                    _(
                        "occupancy %(rate)s %% disagrees with leased ÷ industrial land = %(leased)s ÷ %(industrial)s "
                        "= %(computed)s %% (more than %(tolerance)s points apart)"
                    )
                    % {
                        "rate": _plain(rate),
                        "leased": _plain(leased),
                        "industrial": _plain(industrial),
                        "computed": _plain(quantize(computed, 2)),
                        "tolerance": OCCUPANCY_TOLERANCE_PCT,
                    },
                )
                return None
        elif rate is not None and leased is None and industrial is not None:
            leased = quantize(rate * industrial / 100, 4)
            note = _("Leased land derived from the occupancy rate × the industrial land.")
        elif rate is None and leased is not None:
            if not industrial:
                self.warn(
                    line,
                    "leased_ha",
                    _("leased land without the industrial land or the rate: no occupancy figure recorded"),
                )
                return None
            rate = quantize(leased / industrial * 100, 4)
            note = _("Occupancy rate derived from leased ÷ industrial land.")
        qualifiers = [Qualifier.DECIMAL_COMMA_AMBIGUOUS.value] if self._ambiguous & OCCUPANCY_COLUMNS else []
        return OccupancyFigure(
            value=rate, leased_ha=leased, industrial_land_ha=industrial, as_of=as_of, note=note, qualifiers=qualifiers
        )

    def _area(self, line: int, cells: list[Any], column: str) -> Decimal | None:
        value = self._number(line, cells, column, AREA_UNITS, 4)
        if value is not None and value >= MAX_AREA_HA:
            self.error(line, column, _("%(value)s ha is not a zone's area") % {"value": _plain(value)})
            return None
        return value

    def _check_cluster_area(self, line: int, kind: str | None, gross: Decimal, attrs: dict[str, Any]) -> None:
        # Decree 32/2024 Art. 2.1: 10-75 ha, 5-75 ha in mountainous areas and for craft villages. Legacy
        # clusters outside the range keep operating: flag them, never refuse them (BRIEF §5).
        if kind != ZoneKind.CLUSTER:
            return
        if gross < self.cluster_min_ha or gross > self.cluster_max_ha:
            self.warn(
                line,
                "gross_area_ha",
                _(
                    "a cluster of %(area)s ha lies outside the legal %(low)s/10–%(high)s ha (Decree 32/2024); "
                    "imported and flagged"
                )
                % {"area": _plain(gross), "low": self.cluster_min_ha, "high": self.cluster_max_ha},
            )
        elif gross < 10 and not attrs.get("is_craft_village"):
            self.warn(
                line,
                "gross_area_ha",
                _("a cluster of %(area)s ha is legal only in a mountainous area or as a craft-village cluster")
                % {"area": _plain(gross)},
            )

    def _wastewater(self, line: int, cells: list[Any], as_of: dt.date) -> WastewaterFigure | None:
        status = self._read(line, cells, "wwtp", self._wastewater_status)
        capacity = self._number(line, cells, "wwtp_capacity_m3_per_day", FLOW_UNITS, 1)
        meets = self._read(line, cells, "wwtp_meets_standard", read_flag)
        if status is None:
            if (capacity is not None or meets is not None) and self._cell(cells, "wwtp") is None:
                self.error(line, "wwtp", _("the wastewater plant's capacity or standard is given without its status"))
            return None
        return WastewaterFigure(status=status, capacity_m3_per_day=capacity, meets_standard=meets, as_of=as_of)

    def _status(self, line: int, cells: list[Any]) -> tuple[str | None, DateValue | None]:
        status = self._read(line, cells, "status", self._zone_status)
        date = self._read(line, cells, "status_date", read_date)
        if status is not None and date is None and self._cell(cells, "status_date") is None:
            self.warn(
                line,
                "status_date",
                _("status without a date: recorded as of %(day)s, the day of the import, marked approximate")
                % {"day": self.today.isoformat()},
            )
        return status, date

    def _duplicates(self, row: ZoneRow) -> None:
        first = self._names.setdefault((row.province.pk, fold(row.name)), row.line)
        if first != row.line:
            self.warn(
                row.line,
                "name",
                _("“%(name)s” is also the name of the zone on line %(line)d in %(province)s")
                % {"name": row.name, "line": first, "province": row.province.short_name},
            )

    # Vocabularies ---------------------------------------------------------------------------------

    @staticmethod
    def _zone_status(value: Any) -> str:
        return read_choice(
            value,
            vocab.STATUSES,
            what=_("status"),
            examples="planned/quy hoạch, established/đã thành lập, under_construction/đang xây dựng, "
            "operating/đang hoạt động…",
        )

    @staticmethod
    def _wastewater_status(value: Any) -> str:
        return read_choice(
            value,
            vocab.WASTEWATER_STATUSES,
            what=_("wastewater plant status"),
            examples="none/không có, planned, under_construction/đang xây dựng, completed/đã xây dựng, "
            "operating/đang vận hành, 1/0",
        )

    @staticmethod
    def _developer_type(value: Any) -> str:
        return read_choice(
            value,
            vocab.DEVELOPER_TYPES,
            what=_("developer type"),
            examples="enterprise/doanh nghiệp, organisation/đơn vị sự nghiệp, state_budget/ngân sách",
        )

    @staticmethod
    def _precision(value: Any) -> str:
        return read_choice(value, vocab.LOCATION_PRECISIONS, what=_("location precision"), examples="exact, commune")


def _province_not_found(text: str, resolution: Resolution) -> str:
    message = _("province “%(text)s” not found") % {"text": text}
    names: list[str] = []
    for unit in resolution.candidates:
        label = (
            unit.short_name
            if unit.era == Era.CURRENT
            else _("%(name)s (before 1 July 2025)") % {"name": unit.short_name}
        )
        if label not in names:
            names.append(label)
    if names:
        message += "; " + _("closest matches: %(names)s") % {"names": ", ".join(names)}
    return message


def _commune_today(found: Resolution, province: AdminUnit) -> AdminUnit | None:
    """The commune of today a resolution names, if it lies in the zone's province."""
    unit = found.matched
    if unit is None or unit.level != Level.COMMUNE:
        return None
    today = unit if unit.era == Era.CURRENT else (found.current[0] if found.current else None)
    if today is None or today.province_id != province.pk:
        return None
    return today


def _plain(value: Decimal) -> str:
    """A number as a person writes it in a message: 120, 35.52, 866.605 (no trailing zeros)."""
    return f"{value.normalize():f}"
