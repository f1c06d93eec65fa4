"""Importing zone files (CSV, XLSX, GeoJSON; English or Vietnamese headers), all or nothing.

``import_zones(path, dry_run=False, progress=False) -> ImportReport`` is the one entry point; the
modules read the file (``readers``), match its headers (``columns``), check each row (``rows``,
``cells``, ``vocab``), decide what changes (``plan``) and write it with history (``write``).
"""

from zoneatlas.zones.imports.report import ImportReport, Issue
from zoneatlas.zones.imports.run import import_zones

__all__ = ["ImportReport", "Issue", "import_zones"]
