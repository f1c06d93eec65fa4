"""``zoneatlas rules load [FILE]``: load the legal rules; ``zoneatlas rules list``: the rules in force on a day."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext_lazy as _

from zoneatlas.planning.choices import RuleStatus, RuleZoneKind
from zoneatlas.planning.loading import RULES_FILE, VERSIONS_FILE, RulesFileError, load_rules
from zoneatlas.planning.models import Rule


class Command(BaseCommand):
    help = str(_("Legal rules as versioned data: load them from the rules file, list those in force on a day."))

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        load = subcommands.add_parser(
            "load", help=str(_("Load the rules file (idempotent; a file with any error is refused whole)."))
        )
        load.add_argument("file", nargs="?", type=Path, default=RULES_FILE, help=str(_("default: the shipped file")))
        load.add_argument("--versions", type=Path, default=VERSIONS_FILE, help=str(_("the versions file")))
        listing = subcommands.add_parser("list", help=str(_("List the rules, or those in force on a day.")))
        listing.add_argument("--on", type=dt.date.fromisoformat, help=str(_("a day (YYYY-MM-DD)")))
        listing.add_argument("--kind", choices=RuleZoneKind.values, help=str(_("a kind of zone")))
        listing.add_argument("--status", choices=RuleStatus.values, help=str(_("confirmed or pending")))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "load":
            try:
                report = load_rules(options["file"], options["versions"])
            except RulesFileError as error:
                raise CommandError(str(error), returncode=1) from error
            except FileNotFoundError as error:
                raise CommandError(str(error), returncode=1) from error
            self.stdout.write(self.style.SUCCESS(f"Rules loaded: {report.format()}."))
            return
        rules = Rule.objects.select_related("version")
        if options["on"]:
            rules = rules.in_force_on(options["on"])
        if options["kind"]:
            rules = rules.for_kind(options["kind"])
        if options["status"]:
            rules = rules.filter(status=options["status"])
        for rule in rules:
            self.stdout.write(
                f"{rule.rule_id} [{rule.zone_kind}] = {rule.value_text}  {rule.period_text}  {rule.status}  "
                f"{rule.source}  ({rule.version.name})"
            )
