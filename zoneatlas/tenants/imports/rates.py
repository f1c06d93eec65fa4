"""Importing exchange rates (how many dong one unit of a currency is worth, from a day), all or nothing.

One rate per currency and day: a row for a day the table already has updates that rate (its history keeps the
old value), a row for a new day adds one. Refused: an unknown currency, a rate for VND (the base currency), a
rate that is not above zero, the same currency and day twice in the file, and periods that overlap: a rate with
an end date must end before the next rate of its currency starts. Only an administrator imports rates.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zoneatlas.core.caching import registry_changed
from zoneatlas.tenants.currencies import ISO_4217, VND, normalize_currency
from zoneatlas.tenants.imports.base import (
    BATCH_SIZE,
    RowReader,
    TenantReport,
    import_document,
    open_table,
    progress_bar,
    reason_for,
)
from zoneatlas.tenants.imports.columns import RATE_COLUMNS
from zoneatlas.tenants.models import ExchangeRate, Project
from zoneatlas.zones.imports.report import Issue

# A rate is stored with 6 decimal places and 18 digits: at most 999,999,999,999.999999 dong.
LARGEST_RATE = Decimal("1e12")
RATE_UNITS = frozenset({"VND"})
UPDATED_FIELDS = ("vnd_per_unit", "valid_to", "source", "note")


@dataclass
class RateReport(TenantReport):
    def summary(self) -> str:
        counts = {
            "file": self.file_name,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.dry_run:
            text = _(
                "Dry run of %(file)s (%(rows)d rows): would create %(created)d exchange rates, update %(updated)d, "
                "leave %(unchanged)d unchanged. Nothing was written."
            )
        else:
            text = _(
                "Imported %(file)s (%(rows)d rows): created %(created)d exchange rates, updated %(updated)d, "
                "%(unchanged)d unchanged."
            )
        return self._source(text % counts)


@dataclass(slots=True)
class RateRow:
    line: int
    currency: str
    valid_from: dt.date
    vnd_per_unit: Decimal
    valid_to: dt.date | None
    source: str
    note: str


@dataclass
class RatePlan:
    new: list[ExchangeRate] = field(default_factory=list)
    changed: list[ExchangeRate] = field(default_factory=list)
    unchanged: int = 0


def import_rates(path: Path, *, dry_run: bool = False, progress: bool = False, user: Any = None) -> RateReport:
    """Check the rate file at ``path`` and, when every row is valid and ``dry_run`` is false, write it."""
    path = Path(path)
    report = RateReport(file_name=path.name, dry_run=dry_run)
    if user is not None:
        from zoneatlas.accounts.access import access_for  # accounts sits above tenants

        if not access_for(user).is_administrator:
            report.errors.append(Issue(None, None, _("only an administrator may import exchange rates")))
            return report
    table = open_table(path, RATE_COLUMNS, report, ("vnd_per_unit",))
    if table is None:
        return report
    reader = RowReader(table)
    rows: list[RateRow] = []
    with progress_bar(progress, table.size, _("Checking")) as bar:
        for source in table.rows():
            report.rows += 1
            row = _check(reader, source.line, source.cells)
            if row is not None:
                rows.append(row)
            bar.update(1)
    report.errors.extend(reader.errors)
    report.warnings.extend(reader.warnings)
    if report.errors:
        return report
    headers = table.columns
    with transaction.atomic():
        plan = _plan(rows, report, lambda column: headers.header(column))
        report.created, report.updated, report.unchanged = len(plan.new), len(plan.changed), plan.unchanged
        if report.errors or dry_run:
            return report
        document = import_document(path)
        report.document_code = document.code
        registry_changed()  # bulk writes send no signal: cached API answers go stale when the import commits
        history = {"batch_size": BATCH_SIZE, "default_change_reason": reason_for(path), "default_user": user}
        for rate in plan.new:
            rate.document = document
        if plan.new:
            bulk_create_with_history(plan.new, ExchangeRate, **history)
        if plan.changed:
            now = timezone.now()
            for rate in plan.changed:
                rate.document, rate.updated_at = document, now
            bulk_update_with_history(plan.changed, ExchangeRate, [*UPDATED_FIELDS, "document", "updated_at"], **history)
    return report


def _check(reader: RowReader, line: int, cells: list[Any]) -> RateRow | None:
    errors_before = len(reader.errors)
    written = reader.text(line, cells, "currency")
    currency = normalize_currency(written) if written else ""
    if not currency:
        reader.error(line, "currency", _("the currency is missing"))
    elif currency == VND:
        reader.error(line, "currency", _("VND is the base currency: it needs no rate"))
    elif currency not in ISO_4217:
        reader.error(
            line, "currency", _("“%(code)s” is not an ISO 4217 currency code (e.g. VND, USD, JPY)") % {"code": written}
        )
    valid_from = reader.date(line, cells, "valid_from")
    if valid_from is None and reader._cell(cells, "valid_from") is None:
        reader.error(line, "valid_from", _("the first day of the rate is missing"))
    valid_to = reader.date(line, cells, "valid_to", last_day=True)
    rate = reader.number(line, cells, "vnd_per_unit", 6, RATE_UNITS)
    if rate is None and reader._cell(cells, "vnd_per_unit") is None:
        reader.error(line, "vnd_per_unit", _("the rate is missing"))
    elif rate is not None and rate <= 0:
        reader.error(line, "vnd_per_unit", _("a rate must be more than 0"))
    elif rate is not None and rate >= LARGEST_RATE:
        reader.error(line, "vnd_per_unit", _("%(value)s is too large") % {"value": reader._cell(cells, "vnd_per_unit")})
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        reader.error(
            line,
            "valid_to",
            _("the rate ends on %(end)s, before it starts on %(start)s")
            % {"end": valid_to.isoformat(), "start": valid_from.isoformat()},
        )
    source = reader.text(line, cells, "source", 300)
    note = reader.text(line, cells, "note")
    if len(reader.errors) > errors_before or valid_from is None or rate is None:
        return None
    return RateRow(line, currency, valid_from, rate, valid_to, source, note)


def _plan(rows: list[RateRow], report: RateReport, header: Any) -> RatePlan:
    plan = RatePlan()
    first: dict[tuple[str, dt.date], RateRow] = {}
    for row in rows:
        seen = first.setdefault((row.currency, row.valid_from), row)
        if seen is not row:
            report.errors.append(
                Issue(
                    row.line,
                    header("valid_from"),
                    _("the %(currency)s rate of %(date)s is already given on line %(line)d")
                    % {"currency": row.currency, "date": row.valid_from.isoformat(), "line": seen.line},
                )
            )
    if report.errors:
        return plan
    existing = {
        (rate.currency, rate.valid_from): rate
        for rate in ExchangeRate.objects.filter(currency__in={row.currency for row in rows})
    }
    line_of: dict[int, int] = {}  # id() of a rate → the line that gives it
    for row in rows:
        rate = existing.get((row.currency, row.valid_from))
        if rate is None:
            rate = ExchangeRate(currency=row.currency, valid_from=row.valid_from, vnd_per_unit=row.vnd_per_unit)
            # A rate names its source; the file's name stands in when the file gives none.
            rate.valid_to, rate.source, rate.note = row.valid_to, row.source or report.file_name, row.note
            plan.new.append(rate)
        else:
            before = tuple(getattr(rate, name) for name in UPDATED_FIELDS)
            old_rate = rate.vnd_per_unit
            rate.vnd_per_unit = row.vnd_per_unit
            # Empty cells change nothing.
            if row.valid_to is not None:
                rate.valid_to = row.valid_to
            if row.source:
                rate.source = row.source
            if row.note:
                rate.note = row.note
            if tuple(getattr(rate, name) for name in UPDATED_FIELDS) == before:
                plan.unchanged += 1
            else:
                plan.changed.append(rate)
                if rate.vnd_per_unit != old_rate:
                    _warn_rate_in_use(rate, old_rate, row, report, header)
        line_of[id(rate)] = row.line
    _check_overlaps([*existing.values(), *plan.new], line_of, report, header)
    return plan


def _warn_rate_in_use(rate: ExchangeRate, old: Decimal, row: RateRow, report: RateReport, header: Any) -> None:
    used = Project.objects.filter(
        Q(registered_rate=rate) | Q(registered_usd_rate=rate) | Q(disbursed_rate=rate) | Q(disbursed_usd_rate=rate)
    ).aggregate(n=Count("pk"))["n"]
    message = _("the %(currency)s rate of %(date)s changes from %(old)s to %(new)s") % {
        "currency": rate.currency,
        "date": rate.valid_from.isoformat(),
        "old": f"{old.normalize():f}",
        "new": f"{rate.vnd_per_unit.normalize():f}",
    }
    if used:
        message += "; " + _(
            "%(count)d projects converted with the old rate keep their amounts until imported again"
        ) % {"count": used}
    report.warnings.append(Issue(row.line, header("vnd_per_unit"), message))


def _check_overlaps(rates: list[ExchangeRate], line_of: dict[int, int], report: RateReport, header: Any) -> None:
    """A rate with an end date must end before the next rate of its currency starts."""
    by_currency: dict[str, list[ExchangeRate]] = defaultdict(list)
    for rate in rates:
        by_currency[rate.currency].append(rate)
    for currency, ordered in sorted(by_currency.items()):
        ordered.sort(key=lambda rate: rate.valid_from)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.valid_to is None or later.valid_from > earlier.valid_to:
                continue
            lines = (line_of.get(id(earlier)), line_of.get(id(later)))
            if lines == (None, None):
                continue  # both already recorded: not this file's doing
            line = max(line for line in lines if line is not None)
            facts = {
                "currency": currency,
                "start": earlier.valid_from.isoformat(),
                "end": earlier.valid_to.isoformat(),
                "next": later.valid_from.isoformat(),
            }
            if line == lines[1]:
                # Reported on the later rate: it begins before the earlier one ends.
                where = _("line %(n)s") % {"n": lines[0]} if lines[0] is not None else _("already recorded")
                message = _(
                    "the %(currency)s rate from %(next)s begins within the rate from %(start)s to %(end)s (%(where)s)"
                )
                column = header("valid_from")
            else:
                where = _("line %(n)s") % {"n": lines[1]} if lines[1] is not None else _("already recorded")
                message = _(
                    "the %(currency)s rate from %(start)s to %(end)s overlaps the rate from %(next)s (%(where)s)"
                )
                column = header("valid_to")
            report.errors.append(Issue(line, column, message % {**facts, "where": where}))
