"""Legal rules as versioned data: every threshold the product checks, with its period, status and citation.

Every rule the product computes changed at least once between 2024 and 2026 (BRIEF §5), so none is a constant in
code: a rule is a row with the day it took effect, the day it ended, whether it is confirmed (read in the official
text or agreed by reliable sources) or pending (one secondary source), and the article it comes from. Rows issued
together form a version ("Decree 32/2024", "Decree 303/2026"). Two rows of the same rule and zone kind never cover
the same day: the model refuses it, the loader refuses the whole file, and PostgreSQL refuses it too (an exclusion
constraint, migration 0002).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.geo.models import REORGANISATION_DATE
from zoneatlas.planning.choices import AreaScope, RuleOrigin, RuleStatus, RuleZoneKind

RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
LEADING_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?)(?![\d.\-/:])")


def parse_value(text: str) -> tuple[Decimal | None, list[str]]:
    """The number a rule's value starts with, and its items when it is a list (``a|b|c``).

    "60" → 60; "10 (5 in mountainous areas...)" → 10 (the exception is a rule of its own); "50 of 100 (...)" → 50;
    "internal_roads|water_supply" → the two items; "2031-12-31" or "QCVN 40:2011/BTNMT" → neither.
    """
    items = [item.strip() for item in text.split("|") if item.strip()] if "|" in text else []
    match = LEADING_NUMBER.match(text)
    number = None
    if match and not items:
        try:
            number = Decimal(match[1])
        except InvalidOperation:  # pragma: no cover - the pattern only matches digits
            number = None
    return number, items


class RuleVersion(TimeStampedModel):
    """A set of rules issued together by one legal instrument, e.g. "Decree 32/2024" or "Decree 303/2026"."""

    name = models.CharField(_("name"), max_length=120, unique=True, help_text=_("e.g. Decree 32/2024"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule version")
        verbose_name_plural = _("rule versions")
        ordering = ["effective_from", "name"]

    def __str__(self) -> str:
        return self.name


class RuleQuerySet(models.QuerySet["Rule"]):
    def in_force_on(self, day: dt.date) -> RuleQuerySet:
        """Rules whose period covers the day (confirmed and pending alike: the status says which is which)."""
        return self.filter(valid_from__lte=day).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day))

    def for_kind(self, kind: str) -> RuleQuerySet:
        """Rules about a kind of zone, with those about every kind."""
        return self.filter(zone_kind__in=[kind, RuleZoneKind.ALL])

    def overlapping(self, rule: Rule) -> RuleQuerySet:
        """Other rows of the same rule and zone kind whose period shares a day with the rule's."""
        others = self.filter(rule_id=rule.rule_id, zone_kind=rule.zone_kind).exclude(pk=rule.pk)
        if rule.valid_to is not None:
            others = others.filter(valid_from__lte=rule.valid_to)
        return others.filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=rule.valid_from))


class Rule(TimeStampedModel):
    """One legal threshold or requirement for a period: its value, status and the article it comes from.

    The value is kept as the law words it (``value_text``), with the number it starts with or the items it lists
    where it is one, which the checks read. A pending rule is shown beside the confirmed ones, never applied silently.
    """

    version = models.ForeignKey(RuleVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="rules")
    rule_id = models.CharField(
        _("rule"), max_length=100, db_index=True, help_text=_("e.g. ccn.new.avg_occupancy_above_pct")
    )
    zone_kind = models.CharField(_("kind of zone"), max_length=14, choices=RuleZoneKind.choices)
    value_text = models.CharField(_("value"), max_length=300, help_text=_("As the law words it."))
    value_number = models.DecimalField(
        _("value as a number"), max_digits=14, decimal_places=4, null=True, blank=True, editable=False
    )
    value_list = models.JSONField(_("value as a list"), default=list, blank=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True, help_text=_("Empty: still in force."))
    status = models.CharField(_("status"), max_length=10, choices=RuleStatus.choices)
    source = models.CharField(_("citation"), max_length=300, help_text=_("e.g. Decree 32/2024 Art. 8.1.c"))
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(
        _("origin"),
        max_length=12,
        choices=RuleOrigin.choices,
        default=RuleOrigin.FILE,
        editable=False,
        help_text=_("Rules confirmed or corrected in the back office are not overwritten by the rules file."),
    )

    history = HistoricalRecords()
    objects = RuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("legal rule")
        verbose_name_plural = _("legal rules")
        ordering = ["rule_id", "zone_kind", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["version", "rule_id", "zone_kind"], name="planning_rule_unique_in_version"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="planning_rule_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule_id} ({self.zone_kind}) = {self.value_text} [{self.period_text}]"

    @property
    def period_text(self) -> str:
        return f"{self.valid_from.isoformat()}..{self.valid_to.isoformat() if self.valid_to else ''}"

    @property
    def period_words(self) -> str:
        start = self.valid_from.isoformat()
        if self.valid_to is None:
            return gettext("from %(start)s") % {"start": start}
        return gettext("from %(start)s to %(end)s") % {"start": start, "end": self.valid_to.isoformat()}

    @property
    def is_pending(self) -> bool:
        return self.status == RuleStatus.PENDING

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def save(self, *args: object, **kwargs: object) -> None:
        self.value_number, self.value_list = parse_value(self.value_text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.rule_id and not RULE_ID.match(self.rule_id):
            errors["rule_id"] = gettext("A rule id is dotted lower-case words, e.g. ccn.new.avg_occupancy_above_pct.")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors["valid_to"] = gettext("The rule ends before it starts.")
        if errors:
            raise ValidationError(errors)
        if self.rule_id and self.zone_kind and self.valid_from:
            clash = Rule.objects.overlapping(self).select_related("version").first()
            if clash is not None:
                raise ValidationError(
                    {
                        "valid_from": gettext(
                            "%(rule)s (%(kind)s) is already in force on some of these days: %(version)s gives it "
                            "%(value)s %(period)s. End one before the other starts."
                        )
                        % {
                            "rule": self.rule_id,
                            "kind": self.zone_kind,
                            "version": clash.version.name,
                            "value": clash.value_text,
                            "period": clash.period_words,
                        }
                    }
                )


class ProvinceAreaScope(TimeStampedModel):
    """The area a province chose for the establish test since the district level was abolished.

    Decree 139/2025 Art. 12 lets the province decide, from 1 July 2025, the area whose established clusters count
    when a new cluster is proposed (it was the district). Without a row, the whole province is the area.
    """

    province = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"era": "current", "level": "province"},
    )
    scope = models.CharField(
        _("area"),
        max_length=10,
        choices=[(AreaScope.PROVINCE, AreaScope.PROVINCE.label), (AreaScope.COMMUNE, AreaScope.COMMUNE.label)],
    )
    valid_from = models.DateField(_("valid from"))
    decision = models.CharField(_("decision"), max_length=200, help_text=_("Number, date and issuer of the decision."))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("province's area for the establish test")
        verbose_name_plural = _("provinces' areas for the establish test")
        ordering = ["province", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "valid_from"], name="planning_areascope_unique_day"),
        ]

    def __str__(self) -> str:
        return f"{self.province}: {self.get_scope_display()} ({self.valid_from.isoformat()})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.province_id and (self.province.era != "current" or self.province.level != "province"):
            errors["province"] = gettext("Choose one of today's provinces.")
        if self.valid_from and self.valid_from < REORGANISATION_DATE:
            errors["valid_from"] = gettext(
                "Provinces choose the area from 1 July 2025 (Decree 139/2025 Art. 12); before, it was the district."
            )
        if errors:
            raise ValidationError(errors)
