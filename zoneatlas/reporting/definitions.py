"""Load report forms, their indicators and rules from a definition file (TOML), all or nothing.

The file is checked whole before anything is written: unknown reporter types, statuses or data types, rules
that do not parse or name unknown indicators, schedules without due days, and versions of one form whose
validity overlaps (in the file or against the database) are refused with the form and the entry named.
Loading the same file again writes nothing (no new history rows). A version that already has expected reports
keeps its indicators: a change of law is a new version.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import models, transaction

from zoneatlas.reporting import expressions
from zoneatlas.reporting.choices import DataType, ReporterType, Reviewer, RuleKind, Severity
from zoneatlas.reporting.models import Indicator, ReportForm, ValidationRule
from zoneatlas.reporting.periods import PeriodError, check_schedule
from zoneatlas.tenants.choices import ProjectStatus
from zoneatlas.zones.choices import ZoneKind, ZoneStatus

CIRCULAR_14 = Path(__file__).resolve().parent / "data" / "circular_14_2024.toml"
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_FORM_FIELDS = ("name", "name_en", "reporter_type", "zone_kind", "reviewer", "legal_basis", "effective_from")


class DefinitionError(ValueError):
    """The definition file is wrong; every problem is listed and nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def format(self) -> str:
        return (
            f"{len(self.created)} form versions created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        )


def load_definitions(path: Path = CIRCULAR_14) -> LoadReport:
    """Check and load a definition file; raises ``DefinitionError`` (nothing written) when it is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DefinitionError([f"{path.name}: {error}"]) from None
    forms = [_expand(entry, data) for entry in data.get("forms", [])]
    problems = _check(forms)
    if problems:
        raise DefinitionError(problems)
    with transaction.atomic():
        report = LoadReport()
        for entry in forms:
            _write(entry, report)
        problems = [
            f"{form}: overlaps version {clash.version} of the same form"
            for form in ReportForm.objects.all()
            for clash in form.overlapping().filter(version__lt=form.version)[:1]
        ]
        if problems:
            raise DefinitionError(problems)  # rolls back: the database's versions overlap the file's
    return report


def _expand(entry: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Replace a named shared structure (``indicators = "summary"``) by the file's section of that name."""
    entry = dict(entry)
    for key in ("indicators", "rules"):
        if isinstance(entry.get(key), str):
            entry[key] = data.get(entry[key], {}).get(key, [])
    return entry


def _decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _check(forms: list[dict[str, Any]]) -> list[str]:
    problems: list[str] = []
    codes: dict[str, set[str]] = {}
    for entry in forms:
        codes[str(entry.get("code"))] = {str(i.get("code")) for i in entry.get("indicators", [])}
    seen: dict[tuple[str, int], dict[str, Any]] = {}
    for entry in forms:
        where = f"{entry.get('code', '?')} v{entry.get('version', '?')}"
        problems += [
            f"{where}: “{name}” is missing" for name in (*_FORM_FIELDS, "code", "version") if name not in entry
        ]
        if len([p for p in problems if p.startswith(where)]):
            continue
        key = (entry["code"], entry["version"])
        if key in seen:
            problems.append(f"{where}: the version is defined twice")
        seen[key] = entry
        for name, choices in (
            ("reporter_type", ReporterType),
            ("zone_kind", ZoneKind),
            ("reviewer", Reviewer),
        ):
            if entry[name] not in choices.values:
                problems.append(f"{where}: {name} “{entry[name]}” is not one of {', '.join(choices.values)}")
        try:
            check_schedule(entry.get("schedule", {}), entry.get("period_types", []))
        except PeriodError as error:
            problems.append(f"{where}: schedule: {error}")
        if not entry.get("period_types"):
            problems.append(f"{where}: no period types")
        expected = entry.get("expected", {})
        for status in expected.get("zone_statuses", []):
            if status not in ZoneStatus.values:
                problems.append(f"{where}: unknown zone status “{status}”")
        for status in expected.get("project_statuses", []):
            if status not in ProjectStatus.values:
                problems.append(f"{where}: unknown project status “{status}”")
        if not expected.get("zone_statuses"):
            problems.append(f"{where}: expected.zone_statuses says which zones report")
        if entry["reporter_type"] == ReporterType.TENANT_PROJECT and not expected.get("project_statuses"):
            problems.append(f"{where}: expected.project_statuses says which tenant projects report")
        problems += _check_indicators(where, entry.get("indicators", []))
        problems += _check_rules(where, entry, codes)
    for (code, version), entry in seen.items():
        for (other_code, other_version), other in seen.items():
            if code == other_code and version < other_version:
                end = entry.get("effective_to")
                if end is None or end >= other["effective_from"]:
                    problems.append(
                        f"{code} v{version}: overlaps v{other_version} (end it with effective_to before "
                        f"{other['effective_from']})"
                    )
    return problems


def _check_indicators(where: str, indicators: list[dict[str, Any]]) -> list[str]:
    problems = []
    if not indicators:
        problems.append(f"{where}: no indicators")
    seen: set[str] = set()
    for item in indicators:
        code = str(item.get("code", ""))
        if not _CODE.match(code):
            problems.append(f"{where}: indicator code “{code}” must be lower case letters, digits and _")
        if code in seen:
            problems.append(f"{where}: indicator “{code}” is defined twice")
        seen.add(code)
        if item.get("data_type") not in DataType.values:
            problems.append(f"{where}, {code}: data_type “{item.get('data_type')}” is not one of {DataType.values}")
        for name in ("name", "name_en"):
            if not item.get(name):
                problems.append(f"{where}, {code}: {name} is missing")
    return problems


def _check_rules(where: str, entry: dict[str, Any], codes: dict[str, set[str]]) -> list[str]:
    problems = []
    known = codes[entry["code"]]
    seen: set[str] = set()
    for rule in entry.get("rules", []):
        code = str(rule.get("code", ""))
        at = f"{where}, rule {code or '?'}"
        if not code or code in seen:
            problems.append(f"{at}: a rule needs a code of its own")
        seen.add(code)
        kind = rule.get("kind", RuleKind.EXPRESSION)
        if kind not in RuleKind.values:
            problems.append(f"{at}: kind “{kind}” is not one of {', '.join(RuleKind.values)}")
        if rule.get("severity") not in Severity.values:
            problems.append(f"{at}: severity must be error or warning")
        if not rule.get("message") or not rule.get("message_en"):
            problems.append(f"{at}: a message in Vietnamese and in English is needed")
        if kind == RuleKind.EXPRESSION:
            try:
                expressions.parse(str(rule.get("expression", "")), known)
            except expressions.ExpressionError as error:
                problems.append(f"{at}: {error}")
            continue
        if rule.get("indicator") not in known:
            problems.append(f"{at}: unknown indicator “{rule.get('indicator')}”")
        threshold = _decimal(rule.get("threshold_pct"))
        if threshold is None or threshold < 0:
            problems.append(f"{at}: threshold_pct must be a percentage")
        if kind == RuleKind.TENANT_SUM:
            source = rule.get("source_form", "")
            if source not in codes:
                problems.append(f"{at}: unknown tenant form “{source}”")
            elif rule.get("source_indicator") not in codes[source]:
                problems.append(f"{at}: {source} has no indicator “{rule.get('source_indicator')}”")
    return problems


def _upsert(model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]) -> tuple[Any, str]:
    """Create, update or leave a row; saves (and so writes history) only when something differs."""
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        return model._default_manager.create(**lookup, **values), "created"
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save()
        return row, "updated"
    return row, "unchanged"


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) or value is None else dt.date.fromisoformat(str(value))


def _write(entry: dict[str, Any], report: LoadReport) -> None:
    form, outcome = _upsert(
        ReportForm,
        {"code": entry["code"], "version": entry["version"]},
        {
            "name": entry["name"],
            "name_en": entry["name_en"],
            "reporter_type": entry["reporter_type"],
            "zone_kind": entry["zone_kind"],
            "reviewer": entry["reviewer"],
            "period_types": list(entry["period_types"]),
            "schedule": dict(entry["schedule"]),
            "expected": dict(entry["expected"]),
            "legal_basis": entry["legal_basis"],
            "recipients": entry.get("recipients", ""),
            "effective_from": _date(entry["effective_from"]),
            "effective_to": _date(entry.get("effective_to")),
            "note": entry.get("note", ""),
        },
    )
    changed = outcome != "unchanged"
    indicator_codes = [item["code"] for item in entry["indicators"]]
    existing = set(form.indicators.values_list("code", flat=True))
    if existing and existing != set(indicator_codes) and form.expected_reports.exists():
        raise DefinitionError(
            [f"{form}: reports are already expected on this version; change its indicators in a new version"]
        )
    for order, item in enumerate(entry["indicators"], start=1):
        _row, result = _upsert(
            Indicator,
            {"form": form, "code": item["code"]},
            {
                "name": item["name"],
                "name_en": item["name_en"],
                "unit": item.get("unit", ""),
                "data_type": item["data_type"],
                "required": bool(item.get("required", False)),
                "order": order,
                "section": item.get("section", ""),
                "help_text_vi": item.get("help_text_vi", ""),
                "help_text_en": item.get("help_text_en", ""),
            },
        )
        changed = changed or result != "unchanged"
    for stale in form.indicators.exclude(code__in=indicator_codes):
        stale.delete()
        changed = True
    rule_codes = [rule["code"] for rule in entry.get("rules", [])]
    for order, rule in enumerate(entry.get("rules", []), start=1):
        _row, result = _upsert(
            ValidationRule,
            {"form": form, "code": rule["code"]},
            {
                "kind": rule.get("kind", RuleKind.EXPRESSION),
                "severity": rule["severity"],
                "expression": rule.get("expression", ""),
                "indicator": rule.get("indicator", ""),
                "threshold_pct": _decimal(rule.get("threshold_pct")),
                "source_form": rule.get("source_form", ""),
                "source_indicator": rule.get("source_indicator", ""),
                "message": rule["message"],
                "message_en": rule["message_en"],
                "order": order,
            },
        )
        changed = changed or result != "unchanged"
    for stale_rule in form.rules.exclude(code__in=rule_codes):
        stale_rule.delete()
        changed = True
    target = report.created if outcome == "created" else report.updated if changed else report.unchanged
    target.append(str(form))
