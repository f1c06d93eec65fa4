"""Exporting zones as CSV, XLSX or GeoJSON, with the import's column names so that a file goes back in unchanged.

Each zone row carries its registry fields, today's province (code and name), the unit its source
reported it under, its current occupancy figure with the figure's date and source, its latest
wastewater plant report, and whether it is synthetic. The figures are fetched with the zones in a
constant number of queries (three), however many zones are exported. Fields a province keeps internal are
blank for a reader who may not see them (``zones.field_policies``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zoneatlas.figures.choices import Metric
from zoneatlas.figures.queries import current_figures
from zoneatlas.zones.field_policies import EXPORT_COLUMNS
from zoneatlas.zones.models import WastewaterPlant, Zone

FORMATS = ("csv", "xlsx", "geojson")
COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "name_en",
    "kind",
    "status",
    "status_date",
    "province",
    "province_code",
    "commune",
    "reported_unit",
    "latitude",
    "longitude",
    "location_precision",
    "gross_area_ha",
    "industrial_land_ha",
    "leased_ha",
    "occupancy_pct",
    "occupancy_as_of",
    "occupancy_source",
    "developer",
    "developer_type",
    "wwtp",
    "wwtp_capacity_m3_per_day",
    "wwtp_meets_standard",
    "craft_village",
    "specialised",
    "high_tech",
    "eco",
    "synthetic",
    "parent",
    "notes",
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


class ExportFormatError(ValueError):
    pass


def zones_for_export(queryset: QuerySet[Zone]) -> QuerySet[Zone]:
    """The zones with what a row needs: units and parent joined, current occupancy and latest plant prefetched."""
    return queryset.select_related(
        "province", "commune", "reported_unit", "reported_unit__province", "parent"
    ).prefetch_related(
        # Sliced prefetches (one window query each): only the current figure and latest report per zone.
        Prefetch("observations", queryset=current_figures(Metric.OCCUPANCY)[:1], to_attr="current_occupancy"),
        Prefetch(
            "wwtp_reports", queryset=WastewaterPlant.objects.order_by("-as_of", "-id")[:1], to_attr="latest_plant"
        ),
    )


def export_zones(queryset: QuerySet[Zone], fmt: str) -> bytes:
    """The zones of ``queryset`` as a file in ``fmt`` (csv, xlsx or geojson)."""
    if fmt not in FORMATS:
        raise ExportFormatError(_("unknown format “%(fmt)s”: use csv, xlsx or geojson") % {"fmt": fmt})
    zones = list(zones_for_export(queryset))
    records = [zone_record(zone) for zone in zones]
    if fmt == "csv":
        return _csv(records)
    if fmt == "xlsx":
        return _xlsx(records)
    return _geojson(zones, records)


def zone_record(zone: Zone) -> dict[str, Any]:
    """One zone as typed values under the export's column names (None where nothing is known)."""
    figures = getattr(zone, "current_occupancy", None)
    plants = getattr(zone, "latest_plant", None)
    figure = figures[0] if figures else None
    plant = plants[0] if plants else None
    industrial = zone.industrial_land_ha
    leased = None
    # The figure's numerator goes with the zone's industrial land only when they share the denominator;
    # otherwise the rate alone is exported (and an import derives nothing contradictory from it).
    if (
        figure is not None
        and figure.leased_ha is not None
        and (figure.industrial_land_ha is None or industrial is None or figure.industrial_land_ha == industrial)
    ):
        leased = figure.leased_ha
    record = {
        "code": zone.code,
        "name": zone.name,
        "name_en": zone.name_en or None,
        "kind": zone.kind,
        "status": zone.status,
        "status_date": zone.status_since,
        "province": zone.province.short_name,
        "province_code": zone.province.code,
        "commune": zone.commune.name if zone.commune else None,
        "reported_unit": _reported_unit(zone),
        "latitude": zone.latitude,
        "longitude": zone.longitude,
        "location_precision": zone.location_precision,
        "gross_area_ha": zone.gross_area_ha,
        "industrial_land_ha": industrial,
        "leased_ha": leased if industrial is not None else None,
        "occupancy_pct": figure.value if figure else None,
        "occupancy_as_of": figure.as_of if figure else None,
        "occupancy_source": figure.document.title if figure else None,
        "developer": zone.developer_name or None,
        "developer_type": zone.developer_type,
        "wwtp": plant.status if plant else None,
        "wwtp_capacity_m3_per_day": plant.capacity_m3_per_day if plant else None,
        "wwtp_meets_standard": plant.meets_standard if plant else None,
        "craft_village": zone.is_craft_village,
        "specialised": zone.is_specialised,
        "high_tech": zone.is_high_tech,
        "eco": zone.is_eco,
        "synthetic": zone.is_synthetic,
        "parent": zone.parent.code if zone.parent else None,
        "notes": zone.notes or None,
    }
    # Fields the province keeps internal are blank for a reader who may not see them (the zones were read with
    # ``Zone.objects.visible_to(user)``, which withholds them).
    for field in zone.hidden_fields:
        record.update(dict.fromkeys(EXPORT_COLUMNS[field]))
    return record


def _reported_unit(zone: Zone) -> str | None:
    if zone.reported_unit_text:
        return zone.reported_unit_text
    unit = zone.reported_unit
    if unit is None:
        return None
    if unit.province is not None and unit.province_id != unit.pk:
        return f"{unit.name}, {unit.province.name}"
    return unit.name


def number_text(value: Decimal) -> str:
    """A decimal as a CSV cell that reads back the same in Vietnamese or English convention.

    Trailing zeros go (35.5200 → 35.52), but a fraction of exactly three digits gets a fourth
    (866.605 → 866.6050): "866.605" would read as 866,605 in Vietnamese writing.
    """
    text = f"{value.normalize():f}"
    _whole, dot, fraction = text.partition(".")
    if dot and len(fraction) == 3:
        text += "0"
    return text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal):
        return number_text(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _csv(records: Iterable[dict[str, Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for record in records:
        writer.writerow([_cell_text(record[column]) for column in COLUMNS])
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx(records: Iterable[dict[str, Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("zones")))
    sheet.append(list(COLUMNS))
    for record in records:
        sheet.append([_xlsx_cell(record[column]) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return 1 if value else 0
    return value


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _geojson(zones: list[Zone], records: list[dict[str, Any]]) -> bytes:
    features = []
    for zone, record in zip(zones, records, strict=True):
        geometry: dict[str, Any] | None = None
        if zone.boundary:
            geometry = zone.boundary.get("geometry") if zone.boundary.get("type") == "Feature" else zone.boundary
        elif zone.latitude is not None and zone.longitude is not None:
            geometry = {"type": "Point", "coordinates": [float(zone.longitude), float(zone.latitude)]}
        properties = {column: _json_value(record[column]) for column in COLUMNS}
        features.append({"type": "Feature", "geometry": geometry, "properties": properties})
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
