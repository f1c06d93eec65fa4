"""``zoneatlas load-admin-units``: load the administrative units of both eras shipped with the app."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext_lazy as _

from zoneatlas.geo.loading import load_admin_units, refresh_admin_units


class Command(BaseCommand):
    help = str(
        _(
            "Load the provinces, districts and communes before and after 1 July 2025, and the crosswalk "
            "between them, from the files shipped in zoneatlas/geo/data. Safe to run again."
        )
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help=str(_("also rewrite the names, types and coordinates of units loaded from older files")),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        load_admin_units(stdout=self.stdout)
        if options["refresh"]:
            refresh_admin_units(stdout=self.stdout)
