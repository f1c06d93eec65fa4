"""``zoneatlas reporting``: periodic report forms and the reports expected each period.

    zoneatlas reporting load-definitions [--file PATH]
    zoneatlas reporting expect --period 2026-H1 [--form CCN-02 ...]
    zoneatlas reporting calendar --month 2026-06

Loading definitions checks the whole file and writes nothing when something is wrong; running either command
again changes nothing that is already there.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from zoneatlas.reporting.definitions import CIRCULAR_14, DefinitionError, load_definitions
from zoneatlas.reporting.expected import expect
from zoneatlas.reporting.models import ReportForm
from zoneatlas.reporting.periods import PeriodError, month_calendar


class Command(BaseCommand):
    help = _("Periodic reporting: load the report forms, derive the reports expected for a period, list deadlines.")

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        load = subcommands.add_parser("load-definitions", help=_("Load report forms from a definition file."))
        load.add_argument("--file", type=Path, default=CIRCULAR_14, help=_("a TOML file (default: Circular 14/2024)"))
        expecting = subcommands.add_parser(
            "expect", help=_("Derive who must report for a period from the registry on its cut-off date.")
        )
        expecting.add_argument("--period", required=True, help="2026-H1, 2026 or 2026-Q3")
        expecting.add_argument("--form", action="append", dest="forms", help=_("a form code (repeatable; default all)"))
        calendar = subcommands.add_parser("calendar", help=_("List the reports due in a month."))
        calendar.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["subcommand"] == "load-definitions":
                report = load_definitions(options["file"])
                self.stdout.write(self.style.SUCCESS(report.format()))
            elif options["subcommand"] == "expect":
                outcome = expect(options["period"], options["forms"])
                self.stdout.write(self.style.SUCCESS(outcome.format()))
            else:
                first = dt.date.fromisoformat(f"{options['month']}-01")
                for item in month_calendar(ReportForm.objects.all(), first.year, first.month):
                    self.stdout.write(f"{item.due_on}  {item.form.code} v{item.form.version}  {item.period.label}")
        except DefinitionError as error:
            raise CommandError("\n".join([_("Nothing was loaded:"), *error.problems])) from None
        except (PeriodError, ValueError) as error:
            raise CommandError(str(error)) from None
