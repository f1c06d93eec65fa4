"""Geometry without GDAL: GeoJSON boundaries checked with shapely, areas on the WGS84 ellipsoid with pyproj."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pyproj import Geod
from shapely.geometry import shape

_WGS84 = Geod(ellps="WGS84")


class BoundaryError(ValueError):
    pass


def parse_boundary(geojson: dict[str, Any]) -> Any:
    """A shapely polygon or multipolygon from a GeoJSON geometry, refusing anything else."""
    if geojson.get("type") == "Feature":
        geojson = geojson.get("geometry") or {}
    if geojson.get("type") not in {"Polygon", "MultiPolygon"}:
        raise BoundaryError(f"a boundary must be a Polygon or MultiPolygon, not {geojson.get('type')!r}")
    geometry = shape(geojson)
    if not geometry.is_valid:
        raise BoundaryError("the boundary polygon is not valid (it crosses itself or is not closed)")
    return geometry


def boundary_area_ha(geojson: dict[str, Any]) -> Decimal:
    """Geodesic area of a GeoJSON polygon in hectares, to the square metre."""
    area_m2, _perimeter = _WGS84.geometry_area_perimeter(parse_boundary(geojson))
    return (Decimal(abs(area_m2)) / Decimal(10_000)).quantize(Decimal("0.0001"))
