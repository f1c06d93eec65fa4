"""``zoneatlas reporting``: periodic report forms and the reports expected each period.

    zoneatlas reporting load-definitions [--file PATH]
    zoneatlas reporting expect --period 2026-H1 [--form CCN-02 ...]
    zoneatlas reporting calendar --month 2026-06
    zoneatlas reporting remind [--date YYYY-MM-DD] [--days-before 7] [--enqueue]

Loading definitions checks the whole file and writes nothing when something is wrong; running either command
again changes nothing that is already there. ``remind`` e-mails the reminders due on a day (run it daily from cron):
inline, or with ``--enqueue`` onto the task queue for ``zoneatlas db_worker``; each reminder goes once.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from zoneatlas.reporting.definitions import CIRCULAR_14, DefinitionError, load_definitions
from zoneatlas.reporting.expected import expect
from zoneatlas.reporting.models import ReportForm
from zoneatlas.reporting.periods import PeriodError, month_calendar
from zoneatlas.reporting.reminders import DAYS_BEFORE, send_reminders
from zoneatlas.reporting.tasks import send_reminders as reminder_task


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
        remind = subcommands.add_parser(
            "remind", help=_("E-mail reminders of reports due soon or overdue (each once); run daily by cron.")
        )
        remind.add_argument("--date", type=_day, help=_("the day to remind as of, YYYY-MM-DD (default: today)"))
        remind.add_argument(
            "--days-before", type=int, default=DAYS_BEFORE, help=_("remind this many days before the due day")
        )
        remind.add_argument(
            "--enqueue", action="store_true", help=_("put the job on the task queue for the worker instead")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["subcommand"] == "load-definitions":
                report = load_definitions(options["file"])
                self.stdout.write(self.style.SUCCESS(report.format()))
            elif options["subcommand"] == "remind":
                self._remind(options)
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

    def _remind(self, options: dict[str, Any]) -> None:
        day: dt.date | None = options["date"]
        days_before: int = options["days_before"]
        if days_before < 0:
            raise CommandError(_("--days-before cannot be negative."))
        if options["enqueue"]:
            result = reminder_task.enqueue(day.isoformat() if day else None, days_before)
            self.stdout.write(
                self.style.SUCCESS(
                    _("Enqueued %(id)s (%(status)s): `zoneatlas db_worker` sends the reminders.")
                    % {"id": result.id, "status": result.status}
                )
            )
            return
        outcome = send_reminders(day or timezone.localdate(), days_before)
        self.stdout.write(self.style.SUCCESS(outcome.format()))


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a day (write YYYY-MM-DD)") from None
