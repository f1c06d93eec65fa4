"""May a cluster expand? Decree 32/2024 Art. 8.2 (and, shown beside, the pending Decree 303/2026).

Total area after the expansion; occupancy, or demand above the industrial land available (stated by the user, with a
note); the required infrastructure completed and in use, from the latest report of each component and of the central
wastewater treatment plant on or before the day. Every condition must hold: one not met decides, one unknown leaves
"cannot tell", and the answer lists what is missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from zoneatlas.planning.choices import Verdict
from zoneatlas.planning.conditions import Condition, Evidence, Missing, combine_all, no_rule, pending_versions
from zoneatlas.planning.evidence import ClusterOccupancy, cluster_occupancy, statuses_on
from zoneatlas.planning.flags import FLAG_RULES, ClusterFlags, cluster_flags, n
from zoneatlas.planning.rulebook import RuleBook, rule_books
from zoneatlas.zones.choices import InfrastructureComponent, InfrastructureStatus, ZoneKind
from zoneatlas.zones.models import InfrastructureItem, WastewaterPlant, Zone, latest_by_day

EXPAND_AREA = "ccn.expand.max_total_area_ha"
EXPAND_OCCUPANCY = "ccn.expand.occupancy_min_pct"
EXPAND_INFRASTRUCTURE = "ccn.expand.required_infrastructure"
EXPAND_RULES = (EXPAND_AREA, EXPAND_OCCUPANCY, EXPAND_INFRASTRUCTURE, *FLAG_RULES)


@dataclass
class ExpandAnswer:
    pending_rules: bool
    result: str = Verdict.CANNOT_TELL
    conditions: list[Condition] = field(default_factory=list)
    flags: ClusterFlags | None = None
    missing: list[Missing] = field(default_factory=list)

    @property
    def pending_versions(self) -> list[str]:
        return pending_versions([condition.applied for condition in self.conditions])


@dataclass
class ExpandCheck:
    zone: Zone
    on: dt.date
    status: str | None
    occupancy: ClusterOccupancy
    new_total_area_ha: Decimal | None
    demand_exceeds_supply: bool
    demand_note: str
    confirmed: ExpandAnswer
    pending: ExpandAnswer | None


class NotAClusterError(ValueError):
    """The expansion test of Decree 32/2024 is for industrial clusters; parks follow Decree 35/2022."""


def may_expand(
    cluster: Zone,
    on: dt.date,
    new_total_area_ha: Decimal | None = None,
    *,
    demand_exceeds_supply: bool = False,
    demand_note: str = "",
) -> ExpandCheck:
    """May the cluster expand on the day? Decree 32/2024 Art. 8.2: total area after the expansion ≤ 75 ha;
    occupancy ≥ 60 % or demand above the industrial land available; internal roads, water supply and wastewater
    collection and treatment completed and in use. The caller has checked that the user may read the cluster."""
    if cluster.kind != ZoneKind.CLUSTER:
        raise NotAClusterError(
            _("%(code)s is not an industrial cluster: this test is for clusters.") % {"code": cluster.code}
        )
    confirmed_book, pending_book = rule_books(on)
    statuses = statuses_on([cluster], on)
    occupancy = cluster_occupancy([cluster], on, statuses)[0]
    items = list(
        InfrastructureItem.objects.filter(zone=cluster, as_of__lte=on)
        .select_related("document")
        .defer("document__text")
    )
    plants = list(
        WastewaterPlant.objects.filter(zone=cluster, as_of__lte=on).select_related("document").defer("document__text")
    )
    facts = _ExpandFacts(cluster, on, occupancy, items, plants, new_total_area_ha, demand_exceeds_supply, demand_note)
    confirmed = _expand(facts, confirmed_book)
    pending = _expand(facts, pending_book) if pending_book.has_pending(EXPAND_RULES) else None
    return ExpandCheck(
        cluster,
        on,
        statuses[cluster.pk],
        occupancy,
        new_total_area_ha,
        demand_exceeds_supply,
        demand_note,
        confirmed,
        pending,
    )


@dataclass
class _ExpandFacts:
    zone: Zone
    on: dt.date
    occupancy: ClusterOccupancy
    items: list[InfrastructureItem]
    plants: list[WastewaterPlant]
    new_total_area_ha: Decimal | None
    demand_exceeds_supply: bool
    demand_note: str


def _expand(facts: _ExpandFacts, book: RuleBook) -> ExpandAnswer:
    answer = ExpandAnswer(pending_rules=book.with_pending)
    answer.conditions = [_area_after(facts, book), _expand_occupancy(facts, book), *_infrastructure(facts, book)]
    answer.result = combine_all(answer.conditions)
    for condition in answer.conditions:
        if condition.result == Verdict.CANNOT_TELL:
            answer.missing.append(Missing(condition.explanation, facts.zone))
    answer.flags = cluster_flags([facts.zone], book, facts.on)[0]
    return answer


def _area_after(facts: _ExpandFacts, book: RuleBook) -> Condition:
    applied = book.get(EXPAND_AREA)
    if applied is None or applied.rule.value_number is None:
        return no_rule("total_area", EXPAND_AREA)
    limit = applied.rule.value_number
    test = _("total area after the expansion at most %(t)s ha") % {"t": n(limit)}
    condition = Condition("total_area", test, applied, Verdict.CANNOT_TELL, unit="ha")
    gross = facts.zone.gross_area_ha
    condition.evidence.append(
        Evidence(_("gross area today (registry)"), f"{n(gross)} ha" if gross is not None else _("not known"))
    )
    area = facts.new_total_area_ha
    if area is None:
        condition.explanation = _("the total area after the expansion: give it (area_after, in ha)")
        return condition
    condition.value = area
    condition.evidence.append(Evidence(_("total area after the expansion (stated)"), f"{n(area)} ha"))
    condition.result = Verdict.PASS if area <= limit else Verdict.FAIL
    condition.explanation = _("%(area)s ha after the expansion; at most %(t)s ha allowed.") % {
        "area": n(area),
        "t": n(limit),
    }
    return condition


def _figure_evidence(cluster: ClusterOccupancy) -> list[Evidence]:
    evidence = []
    figure = cluster.figure
    if figure is not None and figure.value is not None:
        evidence.append(
            Evidence(
                _("occupancy figure"),
                f"{n(figure.value)} %",
                figure.as_of,
                figure.document.code,
                figure.quote,
                f"observation:{figure.pk}",
            )
        )
    if cluster.land is not None:
        land_figure = cluster.land.figure
        evidence.append(
            Evidence(
                _("industrial land"),
                f"{n(cluster.land.hectares)} ha",
                land_figure.as_of if land_figure else None,
                land_figure.document.code if land_figure else "",
                land_figure.quote if land_figure else cluster.land.basis,
                f"observation:{land_figure.pk}" if land_figure else f"zone:{cluster.zone.code}",
            )
        )
    return evidence


def _expand_occupancy(facts: _ExpandFacts, book: RuleBook) -> Condition:
    applied = book.get(EXPAND_OCCUPANCY)
    if applied is None or applied.rule.value_number is None:
        return no_rule("occupancy", EXPAND_OCCUPANCY)
    minimum = applied.rule.value_number
    test = _("occupancy at least %(t)s %%, or demand above the industrial land available") % {"t": n(minimum)}
    condition = Condition("occupancy", test, applied, Verdict.CANNOT_TELL, unit="%")
    condition.evidence = _figure_evidence(facts.occupancy)
    rate = facts.occupancy.rate_pct
    condition.value = rate
    if rate is not None and rate >= minimum:
        condition.result = Verdict.PASS
        condition.explanation = _("%(rate)s %% on %(date)s; at least %(t)s %% needed.") % {
            "rate": n(rate),
            "date": _rate_date(facts.occupancy, facts.on).isoformat(),
            "t": n(minimum),
        }
    elif facts.demand_exceeds_supply:
        note = facts.demand_note or _("no note given")
        condition.evidence.append(Evidence(_("demand above the industrial land available (stated)"), note))
        condition.result = Verdict.PASS
        condition.explanation = _("Demand above the industrial land available is stated: %(note)s") % {"note": note}
    elif rate is not None:
        condition.result = Verdict.FAIL
        condition.explanation = _(
            "%(rate)s %% on %(date)s is below %(t)s %%, and demand above the land available is not stated."
        ) % {"rate": n(rate), "date": _rate_date(facts.occupancy, facts.on).isoformat(), "t": n(minimum)}
    else:
        condition.explanation = _("its occupancy on that day: %(why)s") % {"why": facts.occupancy.missing}
    return condition


def _rate_date(cluster: ClusterOccupancy, on: dt.date) -> dt.date:
    return cluster.figure.as_of if cluster.figure is not None else on


def _infrastructure(facts: _ExpandFacts, book: RuleBook) -> list[Condition]:
    applied = book.get(EXPAND_INFRASTRUCTURE)
    if applied is None or not applied.rule.value_list:
        return [no_rule("infrastructure", EXPAND_INFRASTRUCTURE)]
    conditions = []
    for component in applied.rule.value_list:
        label = (
            str(InfrastructureComponent(component).label) if component in InfrastructureComponent.values else component
        )
        test = _("%(component)s completed and in use") % {"component": label}
        label = label[:1].lower() + label[1:]  # within a sentence
        condition = Condition(f"infrastructure:{component}", test, applied, Verdict.CANNOT_TELL)
        item = latest_by_day([i for i in facts.items if i.component == component], facts.on)
        if item is not None:
            condition.evidence.append(
                Evidence(
                    test,
                    f"{item.get_status_display()} ({n(item.progress_pct)} %)",
                    item.as_of,
                    item.document.code if item.document else "",
                    item.quote,
                    f"infrastructure:{item.pk}",
                )
            )
        if component == InfrastructureComponent.WASTEWATER:
            _wastewater(facts, item, condition)
        elif item is None:
            condition.explanation = _("the state of %(component)s: not reported") % {"component": label}
        elif item.status == InfrastructureStatus.COMPLETED:
            condition.result = Verdict.PASS
            condition.explanation = _("Completed and in use on %(date)s.") % {"date": item.as_of.isoformat()}
        else:
            condition.result = Verdict.FAIL
            condition.explanation = _("%(status)s on %(date)s.") % {
                "status": item.get_status_display(),
                "date": item.as_of.isoformat(),
            }
        conditions.append(condition)
    return conditions


def _wastewater(facts: _ExpandFacts, item: InfrastructureItem | None, condition: Condition) -> None:
    """Collection and treatment: the checklist item, and the central plant's latest report."""
    plant = latest_by_day(facts.plants, facts.on)
    if plant is not None:
        condition.evidence.append(
            Evidence(
                _("central wastewater treatment plant"),
                plant.get_status_display(),
                plant.as_of,
                plant.document.code if plant.document else "",
                plant.quote,
                f"wwtp:{plant.pk}",
            )
        )
    if plant is not None and not plant.is_built:
        condition.result = Verdict.FAIL
        condition.explanation = _("The central treatment plant is not built (%(status)s on %(date)s).") % {
            "status": plant.get_status_display().lower(),
            "date": plant.as_of.isoformat(),
        }
    elif item is not None and item.status != InfrastructureStatus.COMPLETED:
        condition.result = Verdict.FAIL
        condition.explanation = _("Wastewater collection and treatment: %(status)s on %(date)s.") % {
            "status": item.get_status_display().lower(),
            "date": item.as_of.isoformat(),
        }
    elif item is not None:
        condition.result = Verdict.PASS
        condition.explanation = _("Completed and in use on %(date)s.") % {"date": item.as_of.isoformat()}
    elif plant is not None:
        condition.explanation = _(
            "wastewater collection and treatment in use: the central plant is reported %(status)s on %(date)s, "
            "the collection network and the plant's use are not reported"
        ) % {"status": plant.get_status_display().lower(), "date": plant.as_of.isoformat()}
    else:
        condition.explanation = _("the state of wastewater collection and treatment: not reported")
