"""Load the legal rules from the CSV files shipped in the repository (``zoneatlas rules load``, ``zoneatlas demo``).

``data/rule_versions.csv`` names the versions (the legal instrument, its effective date, a note on how sure we are);
``data/rules.csv`` holds one row per rule and period (BRIEF §5: ``rule_id, zone_kind, value, valid_from, valid_to,
status, source``, plus the ``version`` it belongs to). The loader is idempotent: it adds what is missing, updates
what the file changed and leaves the rest untouched (no history entry for an unchanged row). A rule an administrator
confirmed or corrected in the back office is kept as it is, and the report says so.

A file with any error is refused whole, every error named with its line: a bad date or status, an unknown version,
or two rows of the same rule and zone kind covering the same day (in the file, or against a rule kept from the back
office). Nothing is written then.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from zoneatlas.planning.choices import RuleOrigin, RuleStatus, RuleZoneKind
from zoneatlas.planning.models import RULE_ID, Rule, RuleVersion

DATA_DIR = Path(__file__).resolve().parent / "data"
RULES_FILE = DATA_DIR / "rules.csv"
VERSIONS_FILE = DATA_DIR / "rule_versions.csv"
RULE_COLUMNS = ("rule_id", "zone_kind", "value", "valid_from", "valid_to", "status", "source", "version")
VERSION_COLUMNS = ("version", "effective_from", "effective_to", "note")
CHANGE_REASON = "loaded from the rules file"


class RulesFileError(ValueError):
    """The rules file cannot be loaded; ``problems`` lists every reason with its line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("The rules file was refused, nothing was loaded:\n" + "\n".join(problems))


@dataclass
class RulesReport:
    versions: int = 0
    rules: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)

    def format(self) -> str:
        text = (
            f"{self.rules} rules in {self.versions} versions: {self.created} added, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )
        if self.kept:
            text += f"; {len(self.kept)} kept as changed in the back office ({', '.join(self.kept)})"
        return text


@dataclass(frozen=True)
class _VersionRow:
    line: int
    name: str
    effective_from: dt.date
    effective_to: dt.date | None
    note: str


@dataclass(frozen=True)
class _RuleRow:
    file_name: str
    line: int
    rule_id: str
    zone_kind: str
    value: str
    valid_from: dt.date
    valid_to: dt.date | None
    status: str
    source: str
    version: str

    @property
    def where(self) -> str:
        return f"{self.file_name} line {self.line}"

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.version, self.rule_id, self.zone_kind)

    def covers_any_day_of(self, start: dt.date, end: dt.date | None) -> bool:
        return (end is None or self.valid_from <= end) and (self.valid_to is None or start <= self.valid_to)

    @property
    def period(self) -> str:
        return f"{self.valid_from.isoformat()}..{self.valid_to.isoformat() if self.valid_to else ''}"


def _date(text: str, column: str, where: str, problems: list[str], *, required: bool) -> dt.date | None:
    text = text.strip()
    if not text:
        if required:
            problems.append(f"{where}: {column} is empty")
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        problems.append(f"{where}: {column} “{text}” is not a date (YYYY-MM-DD)")
        return None


def _rows(path: Path, columns: tuple[str, ...], problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [column for column in columns if column not in (reader.fieldnames or [])]
        if missing:
            problems.append(f"{path.name}: missing column(s) {', '.join(missing)}")
            return []
        # Line numbers as an editor shows them: the header is line 1.
        return [(reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}) for row in reader]


def read_versions(path: Path, problems: list[str]) -> dict[str, _VersionRow]:
    versions: dict[str, _VersionRow] = {}
    for line, row in _rows(path, VERSION_COLUMNS, problems):
        name, where = row["version"], f"{path.name} line {line}"
        start = _date(row["effective_from"], "effective_from", where, problems, required=True)
        end = _date(row["effective_to"], "effective_to", where, problems, required=False)
        if not name:
            problems.append(f"{where}: version is empty")
        elif name in versions:
            problems.append(f"{where}: version “{name}” is already on line {versions[name].line}")
        elif start is not None:
            versions[name] = _VersionRow(line, name, start, end, row["note"])
    return versions


def read_rules(path: Path, versions: dict[str, _VersionRow], problems: list[str]) -> list[_RuleRow]:
    rules: list[_RuleRow] = []
    for line, row in _rows(path, RULE_COLUMNS, problems):
        before, where = len(problems), f"{path.name} line {line}"
        rule_id, kind, status, version = row["rule_id"], row["zone_kind"], row["status"], row["version"]
        if not RULE_ID.match(rule_id):
            problems.append(f"{where}: rule_id “{rule_id}” is not dotted lower-case words")
        if kind not in RuleZoneKind.values:
            problems.append(f"{where}: zone_kind “{kind}” is not one of {', '.join(RuleZoneKind.values)}")
        if status not in RuleStatus.values:
            problems.append(f"{where}: status “{status}” is not one of {', '.join(RuleStatus.values)}")
        if not row["value"]:
            problems.append(f"{where}: value is empty")
        if not row["source"]:
            problems.append(f"{where}: source is empty (every rule cites its article)")
        start = _date(row["valid_from"], "valid_from", where, problems, required=True)
        end = _date(row["valid_to"], "valid_to", where, problems, required=False)
        if start and end and end < start:
            problems.append(f"{where}: valid_to {end.isoformat()} is before valid_from {start.isoformat()}")
        known = versions.get(version)
        if known is None:
            problems.append(f"{where}: version “{version}” is not in {VERSIONS_FILE.name}")
        elif start and start < known.effective_from:
            problems.append(
                f"{where}: valid_from {start.isoformat()} is before {version} took effect "
                f"({known.effective_from.isoformat()})"
            )
        if len(problems) == before and start is not None:
            rules.append(
                _RuleRow(path.name, line, rule_id, kind, row["value"], start, end, status, row["source"], version)
            )
    seen: dict[tuple[str, str, str], int] = {}
    for rule in rules:
        if rule.key in seen:
            problems.append(
                f"{rule.where}: {rule.rule_id} ({rule.zone_kind}) is already in {rule.version} on line {seen[rule.key]}"
            )
        seen.setdefault(rule.key, rule.line)
    return rules


def _overlaps(rules: list[_RuleRow], kept: list[Rule], problems: list[str]) -> None:
    """Two rows of the same rule and zone kind may not cover the same day (in the file, or with a kept rule)."""
    by_rule: dict[tuple[str, str], list[_RuleRow]] = {}
    for rule in rules:
        by_rule.setdefault((rule.rule_id, rule.zone_kind), []).append(rule)
    for (rule_id, kind), rows in by_rule.items():
        rows = sorted(rows, key=lambda row: (row.valid_from, row.line))
        for index, row in enumerate(rows):
            for earlier in rows[:index]:
                if row.covers_any_day_of(earlier.valid_from, earlier.valid_to):
                    problems.append(
                        f"{row.where}: {rule_id} ({kind}) from {row.period} overlaps line {earlier.line} "
                        f"({earlier.period}): end one before the other starts"
                    )
    for kept_rule in kept:
        same = by_rule.get((kept_rule.rule_id, kept_rule.zone_kind), [])
        for row in same:
            if row.key != (kept_rule.version.name, kept_rule.rule_id, kept_rule.zone_kind) and row.covers_any_day_of(
                kept_rule.valid_from, kept_rule.valid_to
            ):
                problems.append(
                    f"{row.where}: {kept_rule.rule_id} ({kept_rule.zone_kind}) from {row.period} overlaps the rule "
                    f"of {kept_rule.version.name} kept in the database ({kept_rule.period_text})"
                )


@transaction.atomic
def load_rules(path: Path = RULES_FILE, versions_path: Path = VERSIONS_FILE) -> RulesReport:
    """Load the versions and rules files; refuse both whole, with every reason, at the first error found."""
    problems: list[str] = []
    versions = read_versions(versions_path, problems)
    rows = read_rules(path, versions, problems)
    existing = {
        (rule.version.name, rule.rule_id, rule.zone_kind): rule for rule in Rule.objects.select_related("version")
    }
    file_keys = {row.key for row in rows}
    # What the database keeps whatever the file says: rules changed in the back office, and rules the file does
    # not list (added in the back office, or dropped from the file: never deleted by a load).
    kept = [rule for key, rule in existing.items() if rule.origin == RuleOrigin.BACK_OFFICE or key not in file_keys]
    kept_keys = {(rule.version.name, rule.rule_id, rule.zone_kind) for rule in kept}
    _overlaps([row for row in rows if row.key not in kept_keys], kept, problems)
    if problems:
        raise RulesFileError(problems)

    report = RulesReport(versions=len(versions), rules=len(rows))
    _overlap_constraint("DEFERRED")
    stored_versions = _store_versions(versions)
    for row in rows:
        rule = existing.get(row.key)
        if rule is not None and rule.origin == RuleOrigin.BACK_OFFICE:
            report.kept.append(f"{row.rule_id} ({row.version})")
            continue
        values = {
            "value_text": row.value,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
            "status": row.status,
            "source": row.source,
        }
        if rule is None:
            rule = Rule(version=stored_versions[row.version], rule_id=row.rule_id, zone_kind=row.zone_kind, **values)
            report.created += 1
        elif any(getattr(rule, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(rule, name, value)
            report.updated += 1
        else:
            report.unchanged += 1
            continue
        rule._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        rule.save()
    _overlap_constraint("IMMEDIATE")  # checks the rows written, now, and as usual after
    return report


def _overlap_constraint(mode: str) -> None:
    """On PostgreSQL, check the no-overlap constraint after the last row (``DEFERRED``) rather than after each: rows
    whose periods move one after the other may overlap for a moment in between. ``IMMEDIATE`` checks them at once
    and restores the usual mode for the rest of the transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS planning_rule_no_overlap {mode}")


def _store_versions(versions: dict[str, _VersionRow]) -> dict[str, RuleVersion]:
    stored = {version.name: version for version in RuleVersion.objects.filter(name__in=list(versions))}
    for row in versions.values():
        version = stored.get(row.name)
        values = {"effective_from": row.effective_from, "effective_to": row.effective_to, "note": row.note}
        if version is None:
            version = RuleVersion(name=row.name, **values)
        elif all(getattr(version, name) == value for name, value in values.items()):
            continue
        else:
            for name, value in values.items():
                setattr(version, name, value)
        version._change_reason = CHANGE_REASON  # type: ignore[attr-defined]
        version.save()
        stored[row.name] = version
    return stored
