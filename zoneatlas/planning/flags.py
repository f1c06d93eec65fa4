"""Flags on clusters: outside the legal size bounds, or more than the allowed share of services.

Legacy clusters outside 10–75 ha keep operating (BRIEF §5): they are flagged, never refused. What cannot be checked
(an unknown area) is said, not guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from zoneatlas.planning.evidence import pct, service_land
from zoneatlas.planning.rulebook import AppliedRule, RuleBook
from zoneatlas.zones.models import Zone

SIZE_MIN = "ccn.size.min_ha"
SIZE_MIN_EXCEPTION = "ccn.size.min_ha.mountainous_or_craft_village"
SIZE_MAX = "ccn.size.max_ha"
SERVICES_MAX_SHARE = "ccn.services.max_share_pct"
FLAG_RULES = (SIZE_MIN, SIZE_MIN_EXCEPTION, SIZE_MAX, SERVICES_MAX_SHARE)


def n(value: Decimal) -> str:
    """A number as a person writes it in a sentence: 75, 86.87, 0.39 (no trailing zeros)."""
    return f"{value.normalize():f}"


@dataclass(frozen=True)
class Flag:
    code: str
    message: str
    applied: AppliedRule


@dataclass
class ClusterFlags:
    zone: Zone
    flags: list[Flag] = field(default_factory=list)
    not_checked: list[str] = field(default_factory=list)


def cluster_flags(zones: list[Zone], book: RuleBook, on: dt.date) -> list[ClusterFlags]:
    """The flags of each cluster under the rules of the book (two queries for any number of clusters)."""
    services = service_land(zones, on)
    found = []
    for zone in zones:
        result = ClusterFlags(zone)
        _size(zone, book, result)
        _services(zone, book, services.get(zone.pk), result)
        found.append(result)
    return found


def _size(zone: Zone, book: RuleBook, result: ClusterFlags) -> None:
    low, floor, high = book.get(SIZE_MIN), book.get(SIZE_MIN_EXCEPTION), book.get(SIZE_MAX)
    area = zone.gross_area_ha
    if area is None:
        result.not_checked.append(
            _("its gross area is not known: neither its size nor its share of services is checked")
        )
        return
    if high is not None and high.rule.value_number is not None and area > high.rule.value_number:
        message = _("%(area)s ha is above the %(max)s ha maximum (%(source)s): flagged, it keeps operating") % {
            "area": n(area),
            "max": n(high.rule.value_number),
            "source": high.rule.source,
        }
        result.flags.append(Flag("above_maximum_size", message, high))
    exception = floor.rule.value_number if floor is not None else None
    minimum = low.rule.value_number if low is not None else None
    if floor is not None and exception is not None and area < exception:
        message = _("%(area)s ha is below the %(min)s ha minimum of any cluster (%(source)s): flagged") % {
            "area": n(area),
            "min": n(exception),
            "source": floor.rule.source,
        }
        result.flags.append(Flag("below_minimum_size", message, floor))
    elif low is not None and minimum is not None and area < minimum and not zone.is_craft_village:
        message = _(
            "%(area)s ha is below the %(min)s ha minimum (%(source)s), allowed only in a mountainous area, which the "
            "registry does not record: flagged"
        ) % {"area": n(area), "min": n(minimum), "source": low.rule.source}
        result.flags.append(Flag("below_minimum_size_unless_mountainous", message, low))


def _services(zone: Zone, book: RuleBook, services: tuple[Decimal, str] | None, result: ClusterFlags) -> None:
    share = book.get(SERVICES_MAX_SHARE)
    if share is None or share.rule.value_number is None:
        return
    if not zone.gross_area_ha:
        return  # said with the size
    if services is None:
        result.not_checked.append(_("its service land is not known, so the share of services is not checked"))
        return
    hectares, basis = services
    used = pct(hectares, zone.gross_area_ha)
    if used > share.rule.value_number:
        message = _("services use %(used)s %% of its area (%(basis)s), above the %(max)s %% allowed (%(source)s)") % {
            "used": n(used),
            "basis": basis,
            "max": n(share.rule.value_number),
            "source": share.rule.source,
        }
        result.flags.append(Flag("services_above_share", message, share))
