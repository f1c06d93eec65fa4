"""The Vietnamese standard industrial classification (VSIC 2018 and VSIC 2025), read from ``data/vsic.csv``.

A sector is always a pair ``(version, code)``: the two versions reuse codes with different meanings, and
their official conversion is many-to-many (BRIEF §9). See ``data/README.md`` for where the list comes from.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext as _

DATA_FILE = Path(__file__).parent / "data" / "vsic.csv"
VERSIONS = ("2018", "2025")


@dataclass(frozen=True)
class Code:
    version: str
    code: str
    level: int
    parent: str
    name_vi: str
    name_en: str

    @property
    def name(self) -> str:
        """The name in the active language (Vietnamese when no English name is known)."""
        return self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name_vi

    def __str__(self) -> str:
        return f"VSIC {self.version} {self.code} {self.name}"


@cache
def codes() -> dict[tuple[str, str], Code]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            (row["version"], row["code"]): Code(
                row["version"], row["code"], int(row["level"]), row["parent"], row["name_vi"], row["name_en"]
            )
            for row in csv.DictReader(handle)
        }


def lookup(version: str, code: str) -> Code | None:
    return codes().get((version, code.strip()))


def problem(version: str, code: str) -> str | None:
    """Why ``(version, code)`` is not a sector a project can have, or None when it is one."""
    code = code.strip()
    if version not in VERSIONS:
        return _("give the VSIC version (2018 or 2025) with the code “%(code)s”") % {"code": code}
    if not code.isdigit() or not 2 <= len(code) <= 5:
        return _("“%(code)s” is not a VSIC code: give 2 to 5 digits, e.g. 2599") % {"code": code}
    if (version, code) in codes():
        return None
    other = next((v for v in VERSIONS if v != version and (v, code) in codes()), None)
    if other:
        return _("“%(code)s” is a VSIC %(other)s code, not a VSIC %(version)s one") % {
            "code": code,
            "other": other,
            "version": version,
        }
    return _("“%(code)s” is not a VSIC %(version)s code") % {"code": code, "version": version}
