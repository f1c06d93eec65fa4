from typing import Any

from django.core.management.base import BaseCommand

from zoneatlas.demo.loading import load_demo


class Command(BaseCommand):
    help = (
        "Load the administrative units and the demo registry built from the five seed reports "
        "(every zone, status, plan and figure they state, with its quote). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {report.format()}."))
