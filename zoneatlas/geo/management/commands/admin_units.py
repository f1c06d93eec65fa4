"""``zoneatlas admin-units resolve "text"``: what a place name or address names, then and now."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.api.serializers import ResolutionSerializer
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import Resolution, resolve


def describe(unit: AdminUnit) -> str:
    """One line per unit: its name, its province, its era, level and GSO code."""
    era = _("before 1 July 2025") if unit.era == Era.LEGACY else _("since 1 July 2025")
    where = f", {unit.province.short_name}" if unit.level != Level.PROVINCE and unit.province else ""
    return f"{unit.name}{where}  [{Level(unit.level).label.lower()} {unit.code}, {era}]"


class Command(BaseCommand):
    help = str(_("Administrative units of both eras: resolve a place name or an address."))

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        resolve_parser = subcommands.add_parser(
            "resolve", help=str(_("Show the unit a text names, in either era, and today's unit(s)."))
        )
        resolve_parser.add_argument("text", help=str(_('e.g. "Huyện Lạc Thủy, Tỉnh Hòa Bình" or "Hoa Binh"')))
        resolve_parser.add_argument("--level", choices=Level.values, help=str(_("only answer units of this level")))
        resolve_parser.add_argument(
            "--on", type=dt.date.fromisoformat, help=str(_("the date the text refers to (YYYY-MM-DD)"))
        )
        resolve_parser.add_argument("--json", action="store_true", help=str(_("print the API's JSON")))

    def handle(self, *args: Any, **options: Any) -> None:
        resolution = resolve(options["text"], level=options["level"], on=options["on"])
        if options["json"]:
            self.stdout.write(json.dumps(ResolutionSerializer(resolution).data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.render(resolution))
        if not resolution.ok:
            raise CommandError(str(_("No unit found.")), returncode=1)

    def render(self, resolution: Resolution) -> str:
        lines = [f"{_('Query')}: {resolution.query}"]
        if resolution.matched is not None:
            lines.append(f"{_('Matched')}: {describe(resolution.matched)}")
            if resolution.province is not None:
                lines.append(f"{_('Province today')}: {describe(resolution.province)}")
            lines.append(f"{_('Unit(s) today')}:")
            lines.extend(f"  - {describe(unit)}" for unit in resolution.current)
            if resolution.is_split:
                lines.append(str(_("Split: yes, the first unit above received the main part.")))
        if resolution.candidates:
            lines.append(f"{_('Candidates')}:")
            lines.extend(f"  - {describe(unit)}" for unit in resolution.candidates)
        lines.append(f"{_('Note')}: {resolution.note}")
        return "\n".join(lines)
