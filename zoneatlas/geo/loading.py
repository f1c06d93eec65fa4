"""Load the administrative units of both eras, and the crosswalk, from the files shipped in the app.

The files under ``zoneatlas/geo/data/`` are extracted from the MIT-licensed ``vietnamadminunits``
package by ``scripts/extract_admin_units.py`` (see the README there). Loading is offline and
idempotent: it does nothing when the database already holds as many units and successions as the
files, and otherwise inserts only what is missing. It runs at every test session start and before
the development server starts, so it inserts with ``bulk_create`` in large batches, level by level
(a unit's parent and province must exist before it). :func:`refresh_admin_units` rewrites the names
and coordinates of units loaded from an earlier version of the files.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import gzip
import io
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Protocol

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from zoneatlas.core.caching import registry_changed
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import REORGANISATION_DATE, AdminUnit, UnitSuccession
from zoneatlas.geo.services import clear_cache, normalize

DATA_DIR = Path(__file__).resolve().parent / "data"
UNITS_FILE = DATA_DIR / "units.csv.gz"
SUCCESSIONS_FILE = DATA_DIR / "successions.csv.gz"
BATCH_SIZE = 2000
# Units of the old map were valid until the eve of the reorganisation, those of the new one from it.
LEGACY_VALID_TO = REORGANISATION_DATE - dt.timedelta(days=1)
PARENT_LEVEL = {
    (Era.LEGACY, Level.DISTRICT): Level.PROVINCE,
    (Era.LEGACY, Level.COMMUNE): Level.DISTRICT,
    (Era.CURRENT, Level.COMMUNE): Level.PROVINCE,
}

DESCRIBED_FIELDS = ["name", "short_name", "unit_type", "latitude", "longitude", "area_km2", "search_key"]

UnitKey = tuple[str, str, str]  # (era, level, code): GSO codes are unique only within an era and level


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


def read_rows(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rb") as compressed:
        return list(csv.DictReader(io.TextIOWrapper(compressed, encoding="utf-8")))


@functools.cache
def _row_count(path: Path) -> int:
    """The number of rows of a shipped file (read once per process: the files do not change while it runs)."""
    return len(read_rows(path))


def _decimal(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _described(row: dict[str, str]) -> dict[str, object]:
    """The fields of a unit that describe it, as opposed to those that place it (era, level, code, parent)."""
    return {
        "name": row["name"],
        "short_name": row["short_name"],
        "unit_type": row["unit_type"],
        "latitude": _decimal(row["lat"]),
        "longitude": _decimal(row["lon"]),
        "area_km2": _decimal(row["area_km2"]),
        "search_key": normalize(row["short_name"]),
    }


def _ids(levels: Iterable[str]) -> dict[UnitKey, int]:
    rows = AdminUnit.objects.filter(level__in=list(levels)).values_list("era", "level", "code", "pk")
    return {(era, level, code): pk for era, level, code, pk in rows}


def _insert_units(rows: list[dict[str, str]]) -> int:
    """Insert the units not yet in the database, provinces first; return how many were created."""
    created = 0
    ids = _ids(Level.values)
    for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        new = []
        for row in rows:
            key = (row["era"], row["level"], row["code"])
            if row["level"] != level or key in ids:
                continue
            era = Era(row["era"])
            parent_level = PARENT_LEVEL.get((era, level))
            new.append(
                AdminUnit(
                    era=era,
                    level=level,
                    code=row["code"],
                    parent_id=ids[(era, parent_level, row["parent_code"])] if parent_level else None,
                    province_id=ids.get((era, Level.PROVINCE, row["province_code"])),
                    valid_from=REORGANISATION_DATE if era == Era.CURRENT else None,
                    valid_to=LEGACY_VALID_TO if era == Era.LEGACY else None,
                    **_described(row),
                )
            )
        AdminUnit.objects.bulk_create(new, batch_size=BATCH_SIZE)
        created += len(new)
        if level == Level.PROVINCE:
            # A province is its own province: set once its id exists.
            AdminUnit.objects.filter(level=level, province__isnull=True).update(province_id=models.F("pk"))
        if new:
            ids.update(_ids([level]))
    return created


def _insert_successions(rows: list[dict[str, str]]) -> int:
    ids = _ids(Level.values)
    existing = set(UnitSuccession.objects.values_list("predecessor_id", "successor_id"))
    new = []
    for row in rows:
        predecessor = ids[(Era.LEGACY, row["legacy_level"], row["legacy_code"])]
        successor = ids[(Era.CURRENT, row["current_level"], row["current_code"])]
        if (predecessor, successor) in existing:
            continue
        new.append(
            UnitSuccession(
                predecessor_id=predecessor,
                successor_id=successor,
                is_split=row["is_split"] == "1",
                is_default=row["is_default"] == "1",
                effective_on=REORGANISATION_DATE,
            )
        )
    UnitSuccession.objects.bulk_create(new, batch_size=BATCH_SIZE)
    return len(new)


def refresh_admin_units(stdout: Writer | None = None) -> int:
    """Rewrite the names, types, coordinates and areas of the units already loaded from the shipped files.

    For a database loaded from an earlier version of the files (loading only inserts what is missing).
    Returns how many units changed. Units keep their place (era, level, code, parent).
    """
    rows = {(row["era"], row["level"], row["code"]): _described(row) for row in read_rows(UNITS_FILE)}
    changed = []
    for unit in AdminUnit.objects.all():
        values = rows.get((unit.era, unit.level, unit.code))
        if values is not None and any(getattr(unit, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(unit, field, value)
            changed.append(unit)
    if changed:
        AdminUnit.objects.bulk_update(changed, DESCRIBED_FIELDS, batch_size=500)
        registry_changed()  # bulk writes send no signal
        clear_cache()
    if stdout is not None:
        message = _("Updated %(units)d administrative units.")
        stdout.write(f"{message % {'units': len(changed)}}\n")
    return len(changed)


def load_admin_units(stdout: Writer | None = None) -> tuple[int, int]:
    """Make sure every unit and succession of the shipped files is in the database.

    Returns the number of units and of successions created: ``(0, 0)`` when all were there.
    """
    unit_rows, succession_rows = _row_count(UNITS_FILE), _row_count(SUCCESSIONS_FILE)
    if AdminUnit.objects.count() == unit_rows and UnitSuccession.objects.count() == succession_rows:
        if stdout is not None:
            message = _("Administrative units already loaded (%(units)d units, %(successions)d successions).")
            stdout.write(f"{message % {'units': unit_rows, 'successions': succession_rows}}\n")
        return (0, 0)
    units = read_rows(UNITS_FILE)
    successions = read_rows(SUCCESSIONS_FILE)
    with transaction.atomic():
        created_units = _insert_units(units)
        created_successions = _insert_successions(successions)
        registry_changed()  # bulk writes send no signal
    clear_cache()
    if stdout is not None:
        message = _("Loaded %(units)d administrative units and %(successions)d successions.")
        stdout.write(f"{message % {'units': created_units, 'successions': created_successions}}\n")
    return (created_units, created_successions)
