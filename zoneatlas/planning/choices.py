"""Vocabularies of the legal rules and of the checks computed from them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleStatus(models.TextChoices):
    """How sure ZoneAtlas is of a rule: confirmed rules are applied, pending ones only shown (BRIEF §5)."""

    CONFIRMED = "confirmed", _("Confirmed")
    PENDING = "pending", _("Pending (unconfirmed)")

    @property
    def colour(self) -> str:
        return {"confirmed": "#198754", "pending": "#fd7e14"}[self.value]


class RuleZoneKind(models.TextChoices):
    """The kind of zone a rule is about; ``all`` for rules about every kind (wastewater standards)."""

    PARK = "park", _("Industrial park")
    CLUSTER = "cluster", _("Industrial cluster")
    ECONOMIC_ZONE = "economic_zone", _("Economic zone")
    ALL = "all", _("Every kind of zone")


class RuleOrigin(models.TextChoices):
    """Where a rule's current content comes from: the file shipped in the repository, or an administrator."""

    FILE = "file", _("Rules file")
    BACK_OFFICE = "back_office", _("Back office")


class AreaScope(models.TextChoices):
    """The area whose established clusters the establish test counts (Decree 32/2024 Art. 8.1.c and its changes)."""

    DISTRICT = "district", _("District (before 1 July 2025)")
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune")


# The values of the rule ``ccn.new.area_scope``: a scope, or the one the province chose (Decree 139/2025 Art. 12).
PROVINCE_CHOICE = "province_choice"


class Verdict(models.TextChoices):
    """The answer to a condition or a whole check. "Cannot tell" is an answer: it lists what is missing."""

    PASS = "pass", _("Met")
    FAIL = "fail", _("Not met")
    CANNOT_TELL = "cannot_tell", _("Cannot tell")
    NOT_APPLICABLE = "not_applicable", _("Does not apply")

    @property
    def colour(self) -> str:
        return {"pass": "#198754", "fail": "#dc3545", "cannot_tell": "#6c757d", "not_applicable": "#adb5bd"}[self.value]


class OccupancyMethod(models.TextChoices):
    """How a cluster's leased and industrial land were found, in the order they are tried (BRIEF §4)."""

    FIGURE_PARTS = "figure_parts", _("both parts of the reported occupancy figure")
    RATE_TIMES_LAND = "rate_times_land", _("reported rate × industrial land")
    LEASES = "leases", _("derived from the lease records")


class TargetScope(models.TextChoices):
    """What a target is about: one zone, a group of zones a source names, a commune, a province, or the nation."""

    ZONE = "zone", _("Zone")
    ZONE_GROUP = "zone_group", _("Group of zones")
    COMMUNE = "commune", _("Commune")
    PROVINCE = "province", _("Province")
    NATION = "nation", _("Nation")


class TargetComparison(models.TextChoices):
    """How the data are held against the target value ("at least 1 park", "about 45 %", "15 to 20 clusters")."""

    AT_LEAST = "at_least", _("at least")
    ABOUT = "about", _("about")
    RANGE = "range", _("between")


class TargetStatus(models.TextChoices):
    """Where a target stands, computed from data and never typed (docs/decisions/0008-target-forecasts.md)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    MET = "met", _("Met")
    MISSED = "missed", _("Missed")
    CANNOT_TELL = "cannot_tell", _("Cannot tell")

    @property
    def colour(self) -> str:
        return {
            "on_track": "#198754",
            "at_risk": "#fd7e14",
            "off_track": "#dc3545",
            "met": "#146c43",
            "missed": "#842029",
            "cannot_tell": "#6c757d",
        }[self.value]
