"""The legal checks: may a province (or commune) establish a new industrial cluster, may a cluster expand.

Each answer shows every condition with the rule it applies (id, threshold, citation, confirmed or pending), the
evidence (each cluster counted with its figure, value, date, source document and quote), the result (met, not met,
or cannot tell) and what is missing. The checks are answered under the confirmed rules; where a pending rule is in
force that day, the same check is answered again with it (``pending``), never in place of the confirmed answer.

"Cannot tell" is an honest answer: a cluster whose industrial land is unknown cannot be weighed, and the answer
lists it instead of guessing. Bounds are used where they decide anyway (unleased land already above the limit
among the clusters counted; every rate above the threshold).

The establish check lives here; the expand check in ``planning.expansion``, re-exported here with the answers' parts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.choices import PROVINCE_CHOICE, AreaScope, Verdict
from zoneatlas.planning.conditions import Condition, Evidence, Missing, no_rule, pending_versions
from zoneatlas.planning.evidence import ClusterOccupancy, Places, cluster_occupancy, pct, statuses_on
from zoneatlas.planning.expansion import ExpandAnswer, ExpandCheck, NotAClusterError, may_expand
from zoneatlas.planning.flags import ClusterFlags, cluster_flags, n
from zoneatlas.planning.lookups import district_of
from zoneatlas.planning.models import ProvinceAreaScope
from zoneatlas.planning.rulebook import AppliedRule, RuleBook, rule_books
from zoneatlas.zones.choices import ESTABLISHED_OR_LATER
from zoneatlas.zones.models import Zone

__all__ = [
    "Condition",
    "EstablishAnswer",
    "EstablishCheck",
    "Evidence",
    "ExpandAnswer",
    "ExpandCheck",
    "Missing",
    "NotAClusterError",
    "may_establish_cluster",
    "may_expand",
]

AREA_SCOPE = "ccn.new.area_scope"
AVG_OCCUPANCY = "ccn.new.avg_occupancy_above_pct"
UNLEASED_LAND = "ccn.new.unleased_land_max_ha"
ESTABLISH_RULES = (AREA_SCOPE, AVG_OCCUPANCY, UNLEASED_LAND)


@dataclass
class EstablishAnswer:
    """The establish test under one set of rules (confirmed, or with the pending ones)."""

    pending_rules: bool
    scope: str | None = None
    scope_unit: AdminUnit | None = None
    scope_rule: AppliedRule | None = None
    scope_choice: ProvinceAreaScope | None = None
    result: str = Verdict.CANNOT_TELL
    conditions: list[Condition] = field(default_factory=list)
    clusters: list[ClusterOccupancy] = field(default_factory=list)
    flags: list[ClusterFlags] = field(default_factory=list)
    leased_ha: Decimal = Decimal(0)
    industrial_land_ha: Decimal = Decimal(0)
    missing: list[Missing] = field(default_factory=list)
    explanation: str = ""

    @property
    def pending_versions(self) -> list[str]:
        return pending_versions([self.scope_rule, *(condition.applied for condition in self.conditions)])

    @property
    def scope_label(self) -> str:
        return str(AreaScope(self.scope).label) if self.scope else ""

    @property
    def counted(self) -> list[ClusterOccupancy]:
        return [cluster for cluster in self.clusters if cluster.counted]

    @property
    def average_pct(self) -> Decimal | None:
        return pct(self.leased_ha, self.industrial_land_ha) if self.industrial_land_ha else None

    @property
    def unleased_ha(self) -> Decimal:
        return self.industrial_land_ha - self.leased_ha


@dataclass
class EstablishCheck:
    on: dt.date
    province: AdminUnit
    commune: AdminUnit | None
    district: AdminUnit | None
    confirmed: EstablishAnswer
    pending: EstablishAnswer | None
    not_checked: list[str]


def may_establish_cluster(
    province: AdminUnit,
    on: dt.date,
    *,
    commune: AdminUnit | None = None,
    district: AdminUnit | None = None,
    user: Any = None,
) -> EstablishCheck:
    """May a new cluster be established in the province (or the commune, or a pre-2025 district) on the day?

    Decree 32/2024 Art. 8.1.c: if the area already has established clusters, their average occupancy is above 50 %
    or their unleased industrial land is at most 100 ha. The area was the district; from 1 July 2025 the province
    decides it (Decree 139/2025 Art. 12; the whole province unless it chose otherwise). Only the clusters the user
    may read are counted: callers answer 404 to a user who may not read the province.
    """
    confirmed_book, pending_book = rule_books(on)
    candidates = list(
        Zone.objects.visible_to(user)
        .clusters()
        .filter(province=province)
        .select_related("reported_unit", "commune")
        .order_by("code")
    )
    statuses = statuses_on(candidates, on)
    established = [zone for zone in candidates if statuses[zone.pk] in ESTABLISHED_OR_LATER]
    places = Places(established)
    facts = _EstablishFacts(on, province, commune, district, established, statuses, places)
    confirmed = _establish(facts, confirmed_book)
    pending = _establish(facts, pending_book) if pending_book.has_pending(ESTABLISH_RULES) else None
    not_checked = [
        _("the new cluster is in the province's approved list of clusters"),
        _("a capable infrastructure investor applies"),
    ]
    return EstablishCheck(on, province, commune, district, confirmed, pending, not_checked)


@dataclass
class _EstablishFacts:
    on: dt.date
    province: AdminUnit
    commune: AdminUnit | None
    district: AdminUnit | None
    established: list[Zone]
    statuses: dict[int, str | None]
    places: Places
    _occupancy: dict[int, ClusterOccupancy] = field(default_factory=dict)

    def occupancy(self, zones: list[Zone]) -> list[ClusterOccupancy]:
        """Occupancy of the clusters, computed once for both sets of rules."""
        todo = [zone for zone in zones if zone.pk not in self._occupancy]
        if todo:
            for item in cluster_occupancy(todo, self.on, self.statuses):
                self._occupancy[item.zone.pk] = item
        return [self._occupancy[zone.pk] for zone in zones]


def _establish(facts: _EstablishFacts, book: RuleBook) -> EstablishAnswer:
    answer = EstablishAnswer(pending_rules=book.with_pending)
    _choose_area(facts, book, answer)
    if answer.scope_unit is None:
        answer.conditions = [
            _average_condition(answer, book, complete=False, rates=[]),
            _unleased_condition(answer, book, complete=False),
        ]
        answer.result = Verdict.CANNOT_TELL
        return answer
    assert answer.scope is not None
    inside, unknown = [], []
    for zone in facts.established:
        placement = facts.places.place(zone, answer.scope, answer.scope_unit)
        if placement.inside:
            inside.append(zone)
        elif placement.inside is None:
            unknown.append(zone)
            answer.missing.append(Missing(_("whether it lies in the area: %(why)s") % {"why": placement.reason}, zone))
    answer.clusters = facts.occupancy(inside)
    answer.flags = cluster_flags(inside, book, facts.on)
    for cluster in answer.clusters:
        if cluster.counted:
            assert cluster.leased_ha is not None
            assert cluster.industrial_land_ha is not None
            answer.leased_ha += cluster.leased_ha
            answer.industrial_land_ha += cluster.industrial_land_ha
        else:
            answer.missing.append(Missing(cluster.missing, cluster.zone))
    if not inside and not unknown:
        explanation = _("There is no established cluster in the area: the occupancy test does not apply.")
        answer.conditions = [
            Condition(AVG_OCCUPANCY, "", book.get(AVG_OCCUPANCY), Verdict.NOT_APPLICABLE, explanation=explanation),
            Condition(UNLEASED_LAND, "", book.get(UNLEASED_LAND), Verdict.NOT_APPLICABLE, explanation=explanation),
        ]
        answer.result = Verdict.PASS
        answer.explanation = explanation
        return answer
    complete = not unknown and all(cluster.counted for cluster in answer.clusters)
    rates = [] if unknown else [cluster.rate_pct for cluster in answer.clusters]
    average = _average_condition(answer, book, complete=complete, rates=rates, unplaced=len(unknown))
    unleased = _unleased_condition(answer, book, complete=complete)
    answer.conditions = [average, unleased]
    # Decree 32/2024 Art. 8.1.c: either condition suffices.
    results = {average.result, unleased.result}
    if Verdict.PASS in results:
        answer.result = Verdict.PASS
    elif results == {Verdict.FAIL}:
        answer.result = Verdict.FAIL
    else:
        answer.result = Verdict.CANNOT_TELL
    return answer


def _choose_area(facts: _EstablishFacts, book: RuleBook, answer: EstablishAnswer) -> None:
    applied = book.get(AREA_SCOPE)
    answer.scope_rule = applied
    if applied is None:
        answer.missing.append(Missing(_("a rule saying which area the test counts clusters in, for that day")))
        return
    value = applied.rule.value_text
    if value == PROVINCE_CHOICE:
        answer.scope_choice = (
            ProvinceAreaScope.objects.filter(province=facts.province, valid_from__lte=facts.on)
            .order_by("-valid_from")
            .first()
        )
        answer.scope = answer.scope_choice.scope if answer.scope_choice else AreaScope.PROVINCE
    elif value in AreaScope.values:
        answer.scope = value
    else:
        answer.missing.append(Missing(_("an area the rule names (“%(value)s” is not one)") % {"value": value}))
        return
    if answer.scope == AreaScope.PROVINCE:
        answer.scope_unit = facts.province
    elif answer.scope == AreaScope.COMMUNE:
        answer.scope_unit = facts.commune
        if facts.commune is None:
            answer.missing.append(Missing(_("the commune: under this rule the area is the commune; name one")))
    else:
        answer.scope_unit = facts.district or district_of(facts.commune)
        if answer.scope_unit is None:
            answer.missing.append(
                Missing(_("the district: before 1 July 2025 the area was the district; name one (its code then)"))
            )


def _average_condition(
    answer: EstablishAnswer, book: RuleBook, *, complete: bool, rates: list[Any], unplaced: int = 0
) -> Condition:
    """Average occupancy above the threshold; ``unplaced``: established clusters that may or may not be in the area."""
    applied = book.get(AVG_OCCUPANCY)
    if applied is None or applied.rule.value_number is None:
        return no_rule(AVG_OCCUPANCY, AVG_OCCUPANCY)
    threshold = applied.rule.value_number
    test = _("average occupancy of the established clusters in the area above %(t)s %%") % {"t": n(threshold)}
    condition = Condition(AVG_OCCUPANCY, test, applied, Verdict.CANNOT_TELL, unit="%")
    if answer.scope_unit is None:
        condition.explanation = _("The area is not known.")
        return condition
    average = answer.average_pct
    if complete and average is not None:
        condition.value = average
        condition.result = Verdict.PASS if average > threshold else Verdict.FAIL
        condition.explanation = _("Σ leased %(leased)s ha ÷ Σ industrial land %(land)s ha = %(avg)s %%.") % {
            "leased": n(answer.leased_ha),
            "land": n(answer.industrial_land_ha),
            "avg": n(average),
        }
        return condition
    unweighed = len(answer.clusters) - len(answer.counted) + unplaced
    known = [rate for rate in rates if rate is not None]
    # An area-weighted average lies between the lowest and the highest rate, whatever the weights.
    if known and len(known) == len(rates):
        if min(known) > threshold:
            condition.result = Verdict.PASS
            condition.explanation = _(
                "Every cluster's rate is above %(t)s %% (lowest %(low)s %%), so their weighted average is too."
            ) % {"t": n(threshold), "low": n(min(known))}
            return condition
        if max(known) <= threshold:
            condition.result = Verdict.FAIL
            condition.explanation = _(
                "No cluster's rate is above %(t)s %% (highest %(high)s %%), so their weighted average is not either."
            ) % {"t": n(threshold), "high": n(max(known))}
            return condition
    condition.explanation = _(
        "The average is weighted by industrial land; %(unknown)d of the %(total)d clusters cannot be weighed."
    ) % {"unknown": unweighed, "total": len(answer.clusters) + unplaced}
    return condition


def _unleased_condition(answer: EstablishAnswer, book: RuleBook, *, complete: bool) -> Condition:
    applied = book.get(UNLEASED_LAND)
    if applied is None or applied.rule.value_number is None:
        return no_rule(UNLEASED_LAND, UNLEASED_LAND)
    limit = applied.rule.value_number
    test = _("unleased industrial land of the established clusters in the area at most %(t)s ha") % {"t": n(limit)}
    condition = Condition(UNLEASED_LAND, test, applied, Verdict.CANNOT_TELL, unit="ha")
    if answer.scope_unit is None:
        condition.explanation = _("The area is not known.")
        return condition
    unleased = answer.unleased_ha
    if complete:
        condition.value = unleased
        condition.result = Verdict.PASS if unleased <= limit else Verdict.FAIL
        condition.explanation = _("Σ industrial land %(land)s ha − Σ leased %(leased)s ha = %(free)s ha.") % {
            "land": n(answer.industrial_land_ha),
            "leased": n(answer.leased_ha),
            "free": n(unleased),
        }
    elif unleased > limit:
        condition.value = unleased
        condition.result = Verdict.FAIL
        condition.explanation = _(
            "The clusters counted already have %(free)s ha unleased; the others can only add to it."
        ) % {"free": n(unleased)}
    else:
        condition.explanation = _("The unleased land of some clusters in the area is not known.")
    return condition
