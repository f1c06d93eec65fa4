"""``zoneatlas import zones FILE [--dry-run] [--no-progress]``: load a zone file, all or nothing.

The first argument says what the file holds. Only ``zones`` exists today; projects, leases and rates
will be added beside it, each an importer with the same signature and report.
"""

# ruff: noqa: N999 - the command is ``import``, as users type it
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.zones.imports import ImportReport, import_zones

Importer = Callable[..., ImportReport]
IMPORTERS: dict[str, Importer] = {"zones": import_zones}


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Import a file (CSV, XLSX or GeoJSON; English or Vietnamese headers). Every row is checked first: "
            "one invalid row and nothing is written, and every problem is listed with its line and column."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=sorted(IMPORTERS), help=str(gettext_lazy("what the file holds")))
        parser.add_argument("file", type=Path, help=str(gettext_lazy("the file to import")))
        parser.add_argument("--dry-run", action="store_true", help=str(gettext_lazy("check and report, write nothing")))
        parser.add_argument(
            "--no-progress", action="store_true", help=str(gettext_lazy("no progress bar on standard error"))
        )
        parser.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help=str(
                gettext_lazy("import as this user: rows outside their grants refuse the file; history names them")
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("no such file: %(path)s") % {"path": path})
        importer = IMPORTERS[options["what"]]
        user = None
        if options["as_user"]:
            user = get_user_model().objects.filter(username=options["as_user"], is_active=True).first()
            if user is None:
                raise CommandError(_("no active user is called %(name)s") % {"name": options["as_user"]})
        report = importer(path, dry_run=options["dry_run"], progress=not options["no_progress"], user=user)
        if report.errors:
            for issue in report.errors:
                self.stderr.write(issue.format())
            for issue in report.warnings:
                self.stderr.write(_("warning: %(issue)s") % {"issue": issue.format()})
            raise CommandError(
                _("Refused: %(count)d errors in %(file)s; nothing was written.")
                % {"count": len(report.errors), "file": report.file_name},
                returncode=1,
            )
        for issue in report.warnings:
            self.stdout.write(_("warning: %(issue)s") % {"issue": issue.format()})
        self.stdout.write(report.summary())
