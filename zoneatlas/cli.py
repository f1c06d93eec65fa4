"""The ``zoneatlas`` command: Django's manage.py under the product's name.

Every management command works through it (``zoneatlas migrate``, ``zoneatlas demo``...). Hyphenated
commands read better on the command line (``zoneatlas admin-units resolve``) and map to the Python
module with underscores.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zoneatlas.settings")
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)
    return 0
