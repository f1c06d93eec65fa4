"""What a zone's history page and its page as of a day show: every change in words, and the zone as it was.

Both read ``zoneatlas.zones.history`` (the API's history reads it too) and leave out the figures the user may not
read (``visible_figures``). The views let only officials and developers in, as the API's history does.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from zoneatlas.accounts.access import visible_figures
from zoneatlas.figures.models import Observation
from zoneatlas.portal.pages import ZonePage, build_zone_page
from zoneatlas.portal.templatetags.portal import num
from zoneatlas.zones.history import RELATED_MODELS, related_history, zone_as_of, zone_history, zone_records_as_of
from zoneatlas.zones.models import Plan, Zone

KIND_LABELS = {
    "created": _("created"),
    "changed": _("changed"),
    "deleted": _("deleted"),
    "restored": _("restored"),
}
MODELS: dict[str, type[models.Model]] = {"zone": Zone, **RELATED_MODELS}
NOTHING = "–"
LONG_VALUE = 80  # characters of a long value (a boundary, a note) shown before it is cut


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    """One version of the zone or of one of its records: who made it, when, why, and what it changed."""

    at: dt.datetime
    kind: str
    user: str | None
    reason: str
    subject: str
    description: str
    changes: list[Change] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS[self.kind])


def hidden_figure_ids(user: Any, zone: Zone) -> set[int]:
    """The zone's figures the user may not read (``visible_figures`` decides), left out of its history."""
    figures = Observation.objects.filter(zone=zone)
    visible = visible_figures(user, figures).values("pk")
    return set(figures.exclude(pk__in=visible).values_list("pk", flat=True))


def zone_change_log(zone: Zone, user: Any) -> list[HistoryEntry]:
    """Every change of the zone and of its lifecycle, plans, infrastructure, plant reports and figures, newest first."""
    raw = [{**entry, "subject": "zone", "record": None} for entry in zone_history(zone)]
    raw += related_history(zone, hidden_figures=hidden_figure_ids(user, zone))
    raw.sort(key=lambda entry: entry["at"], reverse=True)
    labels = _related_labels(raw)
    return [
        HistoryEntry(
            at=entry["at"],
            kind=entry["kind"],
            user=entry["user"],
            reason=entry["reason"],
            subject=capfirst(str(MODELS[entry["subject"]]._meta.verbose_name)),
            description=_describe(entry["subject"], entry["record"], labels),
            changes=[_change(MODELS[entry["subject"]], change, labels) for change in entry["changes"]],
        )
        for entry in raw
    ]


def _related_labels(raw: list[dict[str, Any]]) -> dict[tuple[type[models.Model], Any], str]:
    """The names of the records the changes point to (a province, a source, a plan), one query per kind of record."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for entry in raw:
        model = MODELS[entry["subject"]]
        for change in entry["changes"]:
            target = model._meta.get_field(change["field"])
            if isinstance(target, models.ForeignKey):
                wanted[target.related_model].update(v for v in (change["before"], change["after"]) if v is not None)
        if entry["subject"] == "plan":
            wanted[Plan].add(entry["record"].plan_id)
    return {
        (model, pk): str(instance)
        for model, ids in wanted.items()
        for pk, instance in model._default_manager.in_bulk(ids).items()
    }


def _change(model: type[models.Model], change: dict[str, Any], labels: dict[Any, str]) -> Change:
    target = model._meta.get_field(change["field"])
    return Change(
        field=capfirst(str(getattr(target, "verbose_name", target.name))),
        before=_display(target, change["before"], labels),
        after=_display(target, change["after"], labels),
    )


def _display(target: Any, value: Any, labels: dict[Any, str]) -> str:
    """A value as the pages write it: choices by their label, numbers and dates in the active language."""
    if value is None or value == "":
        return NOTHING
    if isinstance(target, models.ForeignKey):
        return labels.get((target.related_model, value), f"#{value}")
    if target.choices:
        return str(dict(target.flatchoices).get(value, value))
    if isinstance(target, models.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(target, models.DecimalField):
        return num(Decimal(value))
    if isinstance(target, models.DateTimeField):
        moment = timezone.localtime(dt.datetime.fromisoformat(value))
        return f"{date_format(moment, 'SHORT_DATE_FORMAT')} {moment:%H:%M}"
    if isinstance(target, models.DateField):
        return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    text = json.dumps(value, ensure_ascii=False) if isinstance(target, models.JSONField) else str(value)
    return text if len(text) <= LONG_VALUE else text[: LONG_VALUE - 1] + "…"


def _describe(subject: str, record: Any, labels: dict[Any, str]) -> str:
    """Which record an entry is about, in a few words (the zone's own entries need none)."""
    if record is None:
        return ""
    day = getattr(record, "as_of", None) or getattr(record, "effective_on", None)
    on = date_format(day, "SHORT_DATE_FORMAT") if day else ""
    if subject == "lifecycle":
        return f"{record.get_status_display()}, {on}"
    if subject == "plan":
        return labels.get((Plan, record.plan_id), f"#{record.plan_id}")
    if subject == "infrastructure":
        return f"{record.get_component_display()}, {num(record.progress_pct)} %, {on}"
    if subject == "wwtp":
        return f"{record.get_status_display()}, {on}"
    value = NOTHING if record.value is None else f"{num(record.value)} {record.get_unit_display()}".strip()
    return f"{record.get_metric_display()}: {value}, {on}"


def zone_page_as_of(zone: Zone, day: dt.date, user: Any) -> ZonePage | None:
    """The zone's page as it was at the end of ``day``; None if the zone was not in the registry yet."""
    snapshot = zone_as_of(zone, day)
    if snapshot is None:
        return None
    for name in ("province", "commune", "parent", "reported_unit"):
        # Today's units, already loaded with the zone, when the zone was in the same ones then.
        if getattr(snapshot, f"{name}_id") is not None and getattr(snapshot, f"{name}_id") == getattr(
            zone, f"{name}_id"
        ):
            setattr(snapshot, name, getattr(zone, name))
    records = zone_records_as_of(zone, day, hidden_figures=hidden_figure_ids(user, zone))
    return build_zone_page(
        snapshot,
        lifecycle=sorted(records.lifecycle, key=lambda event: (event.effective_on, event.pk)),
        plan_entries=sorted(records.plan_entries, key=lambda entry: entry.plan.name),
        infrastructure=records.infrastructure,
        wwtp_reports=sorted(records.wwtp_reports, key=lambda plant: (plant.as_of, plant.pk), reverse=True),
        figures=sorted(
            records.figures,
            key=lambda figure: (figure.metric, -figure.as_of.toordinal(), figure.is_approximate, figure.pk),
        ),
    )
