"""Where a row's zone lies: today's province and commune, the unit its source reported, its point or polygon.

A legacy province ("Hòa Bình") is mapped to today's (Phú Thọ) with a warning; a province that cannot be found
is refused with the closest matches; a point outside Vietnam is refused, unless it is the swapped reading of a
point inside (a latitude above 90 is no latitude at all), which is swapped back with a warning.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import REORGANISATION_DATE, AdminUnit
from zoneatlas.geo.services import Resolution, resolve, resolve_province
from zoneatlas.zones.choices import LocationPrecision
from zoneatlas.zones.imports.cells import (
    quantize,
    read_coordinate,
)
from zoneatlas.zones.imports.checking import CellReader, plain

LEGACY_EVE = REORGANISATION_DATE - dt.timedelta(days=1)


class PlaceChecks(CellReader):
    def _resolve(self, text: str, *, level: str | None = None, on: dt.date | None = None) -> Resolution:
        """The resolver's answer, remembered for the import (a file names the same few places again and again)."""
        key = (text, level, on)
        if key not in self._resolved:
            self._resolved[key] = resolve_province(text) if level == "province" else resolve(text, level=level, on=on)
        return self._resolved[key]

    # Collecting findings -------------------------------------------------------------------------

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
        resolution = self._resolve(text, level="province")
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
                _("“%(text)s” names a province before 1 July 2025: mapped to %(province)s (code %(code)s) today")
                % {"text": text, "province": province.short_name, "code": province.code},
            )
            attrs["reported_unit"] = resolution.legacy
            attrs["reported_unit_text"] = text
        return province

    def _places(self, line: int, cells: list[Any], province: AdminUnit, attrs: dict[str, Any]) -> None:
        province_text = self._text(cells, "province") or province.short_name
        district = self._text(cells, "district")
        if district is not None:
            found = self._resolve(f"{district}, {province_text}", level=Level.DISTRICT, on=LEGACY_EVE)
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
            found = self._resolve(reported, on=LEGACY_EVE)
            if found.matched is not None and found.province is not None and found.province.pk == province.pk:
                attrs["reported_unit"] = found.matched
        commune = self._text(cells, "commune")
        if commune is not None:
            found = self._resolve(f"{commune}, {province_text}", level=Level.COMMUNE)
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
            # A point the properties give wins over the geometry's (an exported polygon keeps its zone's point).
            if point is not None and latitude is None and longitude is None:
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
                    % {"lat": plain(latitude), "lon": plain(longitude)},
                )
                latitude, longitude = longitude, latitude
            else:
                self.error(
                    line,
                    column_lat,
                    _("the point %(lat)s, %(lon)s lies outside Vietnam")
                    % {"lat": plain(latitude), "lon": plain(longitude)},
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


def _province_not_found(text: str, resolution: Resolution) -> str:
    message = _("province “%(text)s” not found") % {"text": text}
    # One entry per name; a province that kept its name in 2025 is listed once, as today's.
    eras: dict[str, set[str]] = {}
    for unit in resolution.candidates:
        eras.setdefault(unit.short_name, set()).add(unit.era)
    names = [
        name if Era.CURRENT in found else _("%(name)s (before 1 July 2025)") % {"name": name}
        for name, found in eras.items()
    ]
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
