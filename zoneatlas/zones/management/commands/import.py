"""``zoneatlas import zones|projects|leases|rates FILE [--dry-run] [--as USER]``: load a file, all or nothing.

The first argument says what the file holds; every importer has the same signature and a report with the
same errors, warnings and summary. ``zoneatlas import template projects|leases|rates [-o FILE]`` writes the
Excel template of a kind of file instead, ready to fill in and import.
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

from zoneatlas.zones.imports import import_zones

Importer = Callable[..., Any]
TEMPLATE = "template"


def importers() -> dict[str, Importer]:
    # Tenants sit above zones: their importers are found when the command runs, not when zones load.
    from zoneatlas.tenants.imports import import_leases, import_projects, import_rates

    return {"zones": import_zones, "projects": import_projects, "leases": import_leases, "rates": import_rates}


KINDS = ("leases", "projects", "rates", "zones")


class Command(BaseCommand):
    help = str(
        gettext_lazy(
            "Import a file (CSV, XLSX or GeoJSON; English or Vietnamese headers). Every row is checked first: "
            "one invalid row and nothing is written, and every problem is listed with its line and column."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "what",
            choices=[*KINDS, TEMPLATE],
            help=str(gettext_lazy("what the file holds, or “template” to write the Excel template of a kind")),
        )
        parser.add_argument(
            "file",
            help=str(gettext_lazy("the file to import (after “template”: projects, leases or rates)")),
        )
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
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help=str(gettext_lazy("with “template”: the XLSX file to write (default: zoneatlas-KIND-template.xlsx)")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == TEMPLATE:
            self._template(options["file"], options["output"])
            return
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("no such file: %(path)s") % {"path": path})
        importer = importers()[options["what"]]
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

    def _template(self, kind: str, output: Path | None) -> None:
        from zoneatlas.tenants.imports.templates import TEMPLATES, template_file_name, write_template

        if kind not in TEMPLATES:
            raise CommandError(
                _("no template for “%(kind)s”: give one of %(kinds)s") % {"kind": kind, "kinds": ", ".join(TEMPLATES)}
            )
        path = output or Path(template_file_name(kind))
        write_template(kind, path)
        self.stdout.write(_("Wrote the %(kind)s template to %(path)s.") % {"kind": kind, "path": path})
