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
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zoneatlas.core.models import TimeStampedModel
from zoneatlas.figures.choices import Unit
from zoneatlas.geo.models import REORGANISATION_DATE, AdminUnit
from zoneatlas.planning.choices import (
    AreaScope,
    RuleOrigin,
    RuleStatus,
    RuleZoneKind,
    TargetComparison,
    TargetScope,
)
from zoneatlas.zones.choices import ZoneKind, ZoneStatus

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


class TargetQuerySet(models.QuerySet["Target"]):
    def in_province(self, province: AdminUnit) -> TargetQuerySet:
        """Targets about the province, its communes, its zones or groups of its zones (not the nation's)."""
        return self.filter(
            models.Q(admin_unit=province)
            | models.Q(admin_unit__province=province)
            | models.Q(zone__province=province)
            | models.Q(zone_group__province=province)
        )

    def visible_to(self, user: Any) -> TargetQuerySet:
        """The targets the user may read (``zoneatlas.accounts.access``): those of a zone they read, of a province
        (its communes, groups of its zones) whose roll-up they read, and the nation's."""
        from zoneatlas.accounts.access import access_for  # accounts sits above planning's models

        access = access_for(user)
        if access.is_public or access.reads_everything:
            return self
        provinces = access.read_provinces
        return self.filter(
            models.Q(scope_type=TargetScope.NATION)
            | models.Q(zone__province_id__in=provinces)
            | models.Q(zone_id__in=access.developer_zones)
            | models.Q(zone_group__province_id__in=provinces)
            | models.Q(admin_unit_id__in=provinces)
            | models.Q(admin_unit__province_id__in=provinces)
        )


class Target(TimeStampedModel):
    """A plan's target: a metric to reach in a scope by a deadline, as a document set it.

    "Song Cau strives to reach about 45 % (occupancy) in 2024"; "at least 1 industrial park operating by 2025";
    "100 % of clusters with a compliant wastewater plant". The metric is one of the registry's
    (``zoneatlas.planning.metrics``); progress, forecast and status are always computed from data
    (``zoneatlas.planning.targets``), never typed.
    """

    name = models.CharField(
        _("name (Vietnamese)"), max_length=300, help_text=_("e.g. Sông Cầu: tỷ lệ lấp đầy khoảng 45 phần trăm năm 2024")
    )
    name_en = models.CharField(
        _("name (English)"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Song Cau: occupancy of about 45 percent in 2024"),
    )
    metric = models.CharField(
        _("metric"), max_length=60, help_text=_("What is measured, from the registry of metrics.")
    )
    zone_status = models.CharField(
        _("lifecycle status"),
        max_length=30,
        choices=ZoneStatus.choices,
        blank=True,
        help_text=_("For counts, areas and shares of zones: the status they reach."),
    )
    zone_kind = models.CharField(
        _("kind of zone"), max_length=14, choices=ZoneKind.choices, blank=True, help_text=_("Empty: every kind.")
    )
    scope_type = models.CharField(_("about"), max_length=12, choices=TargetScope.choices)
    zone = models.ForeignKey(
        "zones.Zone", verbose_name=_("zone"), null=True, blank=True, on_delete=models.PROTECT, related_name="targets"
    )
    zone_group = models.ForeignKey(
        "zones.ZoneGroup",
        verbose_name=_("group of zones"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    admin_unit = models.ForeignKey(
        "geo.AdminUnit",
        verbose_name=_("commune or province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Today's commune or province."),
    )
    comparison = models.CharField(_("comparison"), max_length=10, choices=TargetComparison.choices)
    value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    value_high = models.DecimalField(
        _("upper value"), max_digits=18, decimal_places=4, null=True, blank=True, help_text=_("For a range: 15 to 20.")
    )
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices)
    start_on = models.DateField(_("start"))
    deadline = models.DateField(
        _("deadline"), null=True, blank=True, help_text=_("Empty only when the source sets none (it is then said).")
    )
    document = models.ForeignKey(
        "sources.Document", verbose_name=_("source"), on_delete=models.PROTECT, related_name="targets"
    )
    quote = models.TextField(_("quoted passage"))
    external_ref = models.CharField(
        _("reference"), max_length=40, blank=True, db_index=True, help_text=_("e.g. the seed fact id S097")
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["deadline", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True) | models.Q(deadline__gte=models.F("start_on")),
                name="planning_target_deadline_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(scope_type="zone", zone__isnull=False)
                    | models.Q(scope_type="zone_group", zone_group__isnull=False)
                    | models.Q(scope_type__in=["commune", "province"], admin_unit__isnull=False)
                    | models.Q(scope_type="nation")
                ),
                name="planning_target_scope_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the active language (Vietnamese unless English is active and given)."""
        language = get_language() or "vi"
        return self.name_en if language.startswith("en") and self.name_en else self.name

    @property
    def subject(self) -> Any:
        return self.zone or self.zone_group or self.admin_unit

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return str(subject) if subject is not None else gettext("Vietnam")

    @property
    def province(self) -> AdminUnit | None:
        """Today's province the target is about (None for the nation's)."""
        if self.zone is not None:
            return self.zone.province
        if self.zone_group is not None:
            return self.zone_group.province
        if self.admin_unit is not None:
            return self.admin_unit if self.admin_unit.level == "province" else self.admin_unit.province
        return None

    @property
    def area_unit(self) -> AdminUnit | None:
        """The unit whose area a share of area is taken of: the commune or province, or a group's reported unit."""
        if self.admin_unit is not None:
            return self.admin_unit
        if self.zone_group is not None:
            return self.zone_group.reported_unit or self.zone_group.province
        return None

    @property
    def is_synthetic(self) -> bool:
        return self.document.is_synthetic

    def clean(self) -> None:
        from zoneatlas.planning.metrics import METRICS, get_metric

        errors: dict[str, str] = {}
        definition = get_metric(self.metric) if self.metric else None
        if self.metric and definition is None:
            errors["metric"] = gettext("No metric is called “%(metric)s”. The metrics are: %(known)s.") % {
                "metric": self.metric,
                "known": ", ".join(METRICS),
            }
        if definition is not None and self.scope_type and self.scope_type not in definition.scopes:
            errors["scope_type"] = gettext("%(metric)s cannot be measured for a %(scope)s; it can for: %(scopes)s.") % {
                "metric": definition.label,
                "scope": TargetScope(self.scope_type).label.lower(),
                "scopes": ", ".join(
                    str(TargetScope(s).label).lower() for s in TargetScope.values if s in definition.scopes
                ),
            }
        if definition is not None and definition.needs_status and not self.zone_status:
            errors["zone_status"] = gettext("Say which lifecycle status the zones must reach.")
        if definition is not None and definition.unit != self.unit and self.unit:
            errors["unit"] = gettext("%(metric)s is measured in %(unit)s.") % {
                "metric": definition.label,
                "unit": definition.unit,
            }
        if self.start_on and self.deadline and self.deadline < self.start_on:
            errors["deadline"] = gettext("The deadline (%(deadline)s) is before the start (%(start)s).") % {
                "deadline": self.deadline.isoformat(),
                "start": self.start_on.isoformat(),
            }
        if self.comparison == TargetComparison.RANGE:
            if self.value_high is None:
                errors["value_high"] = gettext("A range needs its upper value.")
            elif self.value is not None and self.value_high < self.value:
                errors["value_high"] = gettext("The upper value is below the lower one.")
        elif self.value_high is not None:
            errors["value_high"] = gettext("Only a range has an upper value.")
        if self.unit == Unit.PERCENT and self.value is not None and not Decimal(0) <= self.value <= Decimal(100):
            errors["value"] = gettext("A percentage must lie between 0 and 100.")
        expected = (
            {
                TargetScope.ZONE: "zone",
                TargetScope.ZONE_GROUP: "zone_group",
                TargetScope.COMMUNE: "admin_unit",
                TargetScope.PROVINCE: "admin_unit",
            }.get(TargetScope(self.scope_type))
            if self.scope_type
            else None
        )
        for name in ("zone", "zone_group", "admin_unit"):
            given = getattr(self, f"{name}_id") is not None
            if name == expected and not given:
                errors[name] = gettext("Choose what the target is about.")
            elif name != expected and given:
                errors[name] = gettext("Leave this empty for a target about a %(scope)s.") % {
                    "scope": TargetScope(self.scope_type).label.lower()
                }
        if expected == "admin_unit" and self.admin_unit_id and "admin_unit" not in errors:
            unit = self.admin_unit
            assert unit is not None
            if unit.era != "current" or unit.level != self.scope_type:
                errors["admin_unit"] = gettext("Choose one of today's %(level)s units.") % {
                    "level": TargetScope(self.scope_type).label.lower()
                }
        if self.document_id and self.quote and not self.document.contains(self.quote):
            errors["quote"] = gettext("The quoted passage is not in %(document)s.") % {"document": self.document.code}
        if errors:
            raise ValidationError(errors)


class TargetMilestone(TimeStampedModel):
    """A value a target should have reached by a day on the way (a yearly step of a five-year plan)."""

    target = models.ForeignKey(Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="milestones")
    on = models.DateField(_("by"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["target", "on"]
        constraints = [models.UniqueConstraint(fields=["target", "on"], name="planning_milestone_unique_day")]

    def __str__(self) -> str:
        return f"{self.target}: {self.value.normalize():f} ({self.on.isoformat()})"

    def clean(self) -> None:
        target = self.target if self.target_id else None
        if target is None or self.on is None:
            return
        if self.on < target.start_on or (target.deadline is not None and self.on > target.deadline):
            raise ValidationError({"on": gettext("A milestone falls between the target's start and its deadline.")})
