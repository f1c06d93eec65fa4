"""``zoneatlas export zones --format csv|xlsx|geojson [--output FILE] [--province CODE] [--kind KIND]``.

The file has the import's column names, so an exported file can be edited and imported back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import resolve_province
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.exporting import FORMATS, export_zones
from zoneatlas.zones.models import Zone


class Command(BaseCommand):
    help = str(gettext_lazy("Export zones as CSV, XLSX or GeoJSON, with the columns the import reads."))

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["zones"], help=str(gettext_lazy("what to export")))
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument(
            "--output", type=Path, help=str(gettext_lazy("the file to write (standard output for csv and geojson)"))
        )
        parser.add_argument(
            "--province", help=str(gettext_lazy("only the zones of this province today (code or name)"))
        )
        parser.add_argument(
            "--kind", choices=ZoneKind.values, action="append", help=str(gettext_lazy("only zones of this kind"))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        zones = Zone.objects.alive()
        if options["province"]:
            zones = zones.in_province(self._province(options["province"]))
        if options["kind"]:
            zones = zones.filter(kind__in=options["kind"])
        content = export_zones(zones, options["fmt"])
        output: Path | None = options["output"]
        if output is None:
            if options["fmt"] == "xlsx":
                raise CommandError(_("give --output FILE for an XLSX export"))
            self.stdout.write(content.decode("utf-8-sig"), ending="")
            return
        output.write_bytes(content)
        self.stderr.write(_("Wrote %(count)d zones to %(path)s.") % {"count": zones.count(), "path": output})

    @staticmethod
    def _province(text: str) -> AdminUnit:
        found = AdminUnit.objects.current().provinces().filter(code=text.zfill(2)).first()
        if found is not None:
            return found
        resolution = resolve_province(text)
        if resolution.province is None:
            raise CommandError(resolution.note)
        return resolution.province
