"""The import baseline: the same zone file through django-import-export, written the way its docs show.

A plain ``ModelResource`` for ``Zone`` with the file's columns that are fields of the zone itself; the province
is found by its code through a ``ForeignKeyWidget`` (one query per row, as the widget does), each row is
saved with ``Model.save()`` so the change history is recorded, as ZoneAtlas requires of audited models, and
the diff is skipped (``skip_diff``), its documented speed-up when nobody reads the diff. It does less than
``import_zones``: no lifecycle event, occupancy figure or wastewater plant report per row, no commune or
pre-2025 unit resolution, no line-numbered validation report. A ratio against it therefore flatters it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from import_export import fields, resources, widgets
from import_export.formats import base_formats

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.choices import DeveloperType, LocationPrecision, ZoneKind
from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import ZoneCodeAllocator


class CurrentProvinceWidget(widgets.ForeignKeyWidget):
    """A province of today by its GSO code (codes repeat across eras and levels)."""

    def get_queryset(self, value: Any, row: Any, *args: Any, **kwargs: Any) -> Any:
        return AdminUnit.objects.filter(era=Era.CURRENT, level=Level.PROVINCE)


class ChoiceWidget(widgets.CharWidget):
    """A choice written as its value or its label ("cluster" or "Industrial cluster")."""

    def __init__(self, choices: Any, default: str = "") -> None:
        super().__init__()
        self.lookup = {str(label).casefold(): value for value, label in choices.choices}
        self.lookup.update({value.casefold(): value for value in choices.values})
        self.default = default

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip().casefold()
        return self.lookup.get(text, self.default) if text else self.default


class YesNoWidget(widgets.BooleanWidget):
    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "Yes", "YES", "x", "có"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "No", "NO", "không"]

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        return bool(super().clean(value, row, **kwargs))


def _flag(attribute: str, column: str) -> fields.Field:
    return fields.Field(attribute=attribute, column_name=column, widget=YesNoWidget())


class ZoneResource(resources.ModelResource):
    province = fields.Field(
        attribute="province", column_name="province_code", widget=CurrentProvinceWidget(AdminUnit, field="code")
    )
    kind = fields.Field(attribute="kind", column_name="kind", widget=ChoiceWidget(ZoneKind))
    reported_unit_text = fields.Field(
        attribute="reported_unit_text", column_name="reported_unit", widget=widgets.CharWidget()
    )
    location_precision = fields.Field(
        attribute="location_precision",
        column_name="location_precision",
        widget=ChoiceWidget(LocationPrecision, LocationPrecision.EXACT),
    )
    developer_name = fields.Field(attribute="developer_name", column_name="developer", widget=widgets.CharWidget())
    developer_type = fields.Field(
        attribute="developer_type",
        column_name="developer_type",
        widget=ChoiceWidget(DeveloperType, DeveloperType.UNKNOWN),
    )
    is_craft_village = _flag("is_craft_village", "craft_village")
    is_specialised = _flag("is_specialised", "specialised")
    is_high_tech = _flag("is_high_tech", "high_tech")
    is_eco = _flag("is_eco", "eco")
    is_synthetic = _flag("is_synthetic", "synthetic")

    class Meta:
        model = Zone
        # "id" is the default import id; the file has no such column, so every row is a new zone (no lookup).
        fields = (
            "id",
            "name",
            "name_en",
            "kind",
            "province",
            "reported_unit_text",
            "latitude",
            "longitude",
            "location_precision",
            "gross_area_ha",
            "industrial_land_ha",
            "developer_name",
            "developer_type",
            "is_craft_village",
            "is_specialised",
            "is_high_tech",
            "is_eco",
            "is_synthetic",
            "notes",
        )
        skip_diff = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.codes = ZoneCodeAllocator()

    def before_save_instance(self, instance: Zone, row: Any, **kwargs: Any) -> None:
        # The file has no codes: every row is a new zone, and gets the next free code, as import_zones gives.
        instance.code = self.codes.allocate(instance.kind, instance.province.code)


def import_file(path: Path) -> int:
    """Import the file in one transaction, as the admin's import does; return the number of zones created."""
    if path.suffix == ".xlsx":
        dataset = base_formats.XLSX().create_dataset(path.read_bytes())
    else:
        dataset = base_formats.CSV().create_dataset(path.read_text(encoding="utf-8-sig"))
    result = ZoneResource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    if result.has_errors() or result.has_validation_errors():
        raise RuntimeError(f"django-import-export refused rows: {result.invalid_rows[:3]}")
    return int(result.totals["new"])
