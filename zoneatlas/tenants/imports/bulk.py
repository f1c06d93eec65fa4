"""Inserting many new rows of an audited model fast, each with the historical record simple-history would write.

``bulk_create_with_history`` spends most of an import of 100,000 projects in the ORM, compiling every value of
every row into SQL. Here the rows are values already (the import checked them), so they go to the database as
they are: ``COPY … FROM STDIN`` on PostgreSQL, one prepared ``INSERT`` run for all rows on SQLite. The ids are
taken from the table's sequence first (so that events can point at their projects), and the historical rows
are written the same way with the same values ``bulk_history_create`` gives them: the row's fields, the time,
the reason, type ``+`` and the user. The caller holds the transaction. Other databases use the ORM helpers.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models
from simple_history.utils import bulk_create_with_history

# Rows per INSERT statement on SQLite, and per history helper call on other databases.
BATCH_SIZE = 1000
FAST_VENDORS = frozenset({"postgresql", "sqlite"})


class BulkInserter:
    """Writes new rows and their '+' historical records, the history naming ``reason`` and ``user``."""

    def __init__(self, *, reason: str, user: Any, now: dt.datetime) -> None:
        self.reason = reason
        self.user = user
        self.user_id = user.pk if user is not None else None
        self.now = now
        self.fast = connection.vendor in FAST_VENDORS
        self._adapted: dict[Any, Any] = {}

    def allocate_ids(self, model: type[models.Model], count: int) -> list[int]:
        """``count`` fresh primary keys of the model's table, never handed out before."""
        if count == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [connection.ops.quote_name(table), count],
                )
                return [row[0] for row in cursor.fetchall()]
            # SQLite: the transaction holds the write lock from its BEGIN (IMMEDIATE, see settings), so nobody else
            # takes these ids; an AUTOINCREMENT table never reuses an id, so they start after the highest ever used.
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"SELECT max(id) FROM {quoted}")  # noqa: S608 - a table name of our own models
            highest = cursor.fetchone()[0] or 0
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            used = cursor.fetchone()
            start = max(highest, used[0] if used else 0) + 1
            return list(range(start, start + count))

    def insert(self, model: type[models.Model], objects: Sequence[models.Model]) -> None:
        """Insert model instances (new, their ids unset) with their history; their ids are set here."""
        if not objects:
            return
        if not self.fast:
            bulk_create_with_history(
                list(objects),
                model,
                batch_size=BATCH_SIZE,
                default_change_reason=self.reason,
                default_user=self.user,
            )
            return
        for obj, pk in zip(objects, self.allocate_ids(model, len(objects)), strict=True):
            obj.pk = pk
            obj._state.adding, obj._state.db = False, connection.alias
        fields = model._meta.concrete_fields
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                for obj in objects:
                    setattr(obj, field.attname, self.now)
        attnames = [field.attname for field in fields]
        values = operator.attrgetter(*attnames)
        self.insert_rows(model, attnames, [values(obj) for obj in objects])

    def insert_rows(self, model: type[models.Model], attnames: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """Insert rows given as values in the order of ``attnames`` (every concrete field, the id included)."""
        if not rows:
            return
        fields = {field.attname: field for field in model._meta.concrete_fields}
        adapt_at = [
            (position, adapter)
            for position, name in enumerate(attnames)
            if (adapter := self._adapter(fields[name])) is not None
        ]
        if adapt_at:
            adapted = []
            for row in rows:
                values = list(row)
                for position, adapter in adapt_at:
                    values[position] = adapter(values[position])
                adapted.append(tuple(values))
            rows = adapted
        self._write(model._meta.db_table, [str(fields[name].column) for name in attnames], rows)
        id_at = list(attnames).index("id")
        self._write_history(model, [row[id_at] for row in rows])

    def _write_history(self, model: type[models.Model], ids: list[int]) -> None:
        """The '+' historical record of each row just inserted: its values, copied by the database, with the time,
        the reason, the type and the user, as ``bulk_history_create`` writes them."""
        history = model.history.model  # type: ignore[attr-defined]
        extra = {
            "history_date": self._adapt_datetime(self.now),
            "history_change_reason": self.reason,
            "history_type": "+",
            "history_user_id": self.user_id,
        }
        tracked = {field.attname: str(field.column) for field in model._meta.concrete_fields}
        quote = connection.ops.quote_name
        columns, sources, params = [], [], []
        for field in history._meta.concrete_fields:
            if field.attname == "history_id":
                continue
            columns.append(quote(str(field.column)))
            if field.attname in tracked:
                sources.append(quote(tracked[field.attname]))
            elif field.attname in extra:
                sources.append("%s")
                params.append(extra[field.attname])
            else:
                raise ValueError(f"{model.__name__}: no value for the historical field {field.attname}")
        insert = (
            f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608 - our own tables
            f"SELECT {', '.join(sources)} FROM {quote(model._meta.db_table)} "
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(insert + "WHERE id = ANY(%s) ORDER BY id", [*params, ids])
                return
            for some in _ranges(sorted(ids)):
                cursor.execute(insert + "WHERE id BETWEEN %s AND %s ORDER BY id", [*params, some[0], some[-1]])

    def _adapter(self, field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
        """How a value reaches the database driver: as it is, but for datetimes on SQLite (stored naive, in UTC)."""
        kind = field.get_internal_type()
        if kind == "DateTimeField":
            return self._adapt_datetime if connection.vendor != "postgresql" else None
        if kind in {"JSONField", "DurationField", "UUIDField", "BinaryField", "TimeField"}:
            return lambda value: field.get_db_prep_save(value, connection)
        return None

    def _adapt_datetime(self, value: Any) -> Any:
        if value is None:
            return None
        if value not in self._adapted:
            self._adapted[value] = connection.ops.adapt_datetimefield_value(value)
        return self._adapted[value]

    def _write(self, table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
        quote = connection.ops.quote_name
        names = ", ".join(quote(column) for column in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608 - our own table and columns
            for start in range(0, len(rows), BATCH_SIZE * 50):
                cursor.executemany(sql, rows[start : start + BATCH_SIZE * 50])


def _ranges(ids: list[int]) -> list[list[int]]:
    """Sorted ids cut into runs of consecutive ids (the ids allocated on SQLite are one run)."""
    runs: list[list[int]] = []
    for pk in ids:
        if runs and pk == runs[-1][-1] + 1:
            runs[-1].append(pk)
        else:
            runs.append([pk])
    return runs
