"""The rules and the checks' answers as the API writes them. Decimals are strings; dates ISO 8601."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from zoneatlas.core.api import ChoiceLabelField
from zoneatlas.geo.models import AdminUnit
from zoneatlas.planning.checks import Condition, EstablishAnswer, EstablishCheck, Evidence, ExpandAnswer, ExpandCheck
from zoneatlas.planning.choices import AreaScope, OccupancyMethod, RuleStatus, RuleZoneKind, Verdict
from zoneatlas.planning.evidence import ClusterOccupancy
from zoneatlas.planning.flags import ClusterFlags
from zoneatlas.planning.models import Rule
from zoneatlas.planning.rulebook import AppliedRule
from zoneatlas.zones.choices import ZoneStatus


class RuleSerializer(serializers.ModelSerializer[Rule]):
    zone_kind_label = ChoiceLabelField(RuleZoneKind, source="zone_kind")
    status_label = ChoiceLabelField(RuleStatus, source="status")
    value = serializers.CharField(source="value_text")
    version = serializers.CharField(source="version.name")
    citation = serializers.CharField(source="source")

    class Meta:
        model = Rule
        fields = [
            "id",
            "rule_id",
            "zone_kind",
            "zone_kind_label",
            "value",
            "value_number",
            "value_list",
            "valid_from",
            "valid_to",
            "status",
            "status_label",
            "citation",
            "note",
            "version",
            "origin",
        ]


def _text(value: Any) -> Any:
    """A number as text without trailing zeros ("86.87", "50", "0.39"); None stays None."""
    if value is None:
        return None
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def unit_data(unit: AdminUnit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"code": unit.code, "name": unit.name, "level": unit.level, "era": unit.era}


def rule_data(applied: AppliedRule | None) -> dict[str, Any] | None:
    if applied is None:
        return None
    rule = applied.rule
    return {
        "rule_id": rule.rule_id,
        "zone_kind": rule.zone_kind,
        "value": rule.value_text,
        "threshold": _text(rule.value_number),
        "items": rule.value_list,
        "citation": rule.source,
        "status": rule.status,
        "status_label": str(RuleStatus(rule.status).label),
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None,
        "version": rule.version.name,
        "carried_forward": applied.carried_forward,
        "replaced_by_pending": (
            {"value": applied.replaced_by.value_text, "citation": applied.replaced_by.source}
            if applied.replaced_by
            else None
        ),
    }


def evidence_data(item: Evidence) -> dict[str, Any]:
    return {
        "what": item.what,
        "value": item.value,
        "as_of": item.as_of.isoformat() if item.as_of else None,
        "source": item.source or None,
        "quote": item.quote or None,
        "record": item.record or None,
    }


def condition_data(condition: Condition) -> dict[str, Any]:
    return {
        "key": condition.key,
        "test": condition.test,
        "rule": rule_data(condition.applied),
        "result": condition.result,
        "result_label": str(Verdict(condition.result).label),
        "value": _text(condition.value),
        "unit": condition.unit or None,
        "explanation": condition.explanation,
        "evidence": [evidence_data(item) for item in condition.evidence],
    }


def cluster_data(cluster: ClusterOccupancy) -> dict[str, Any]:
    figure = cluster.figure
    land = cluster.land
    return {
        "zone": cluster.zone.code,
        "name": cluster.zone.name,
        "status_on_day": cluster.status,
        "status_label": str(ZoneStatus(cluster.status).label) if cluster.status else None,
        "counted": cluster.counted,
        "method": cluster.method,
        "method_label": str(OccupancyMethod(cluster.method).label) if cluster.method else None,
        "occupancy_figure": (
            {
                "id": figure.pk,
                "value": _text(figure.value),
                "unit": figure.unit,
                "as_of": figure.as_of.isoformat(),
                "qualifiers": figure.qualifiers,
                "leased_ha": _text(figure.leased_ha),
                "industrial_land_ha": _text(figure.industrial_land_ha),
                "source": figure.document.code,
                "quote": figure.quote,
            }
            if figure is not None
            else None
        ),
        "industrial_land": (
            {
                "hectares": _text(land.hectares),
                "basis": land.basis,
                "figure": land.figure.pk if land.figure else None,
                "source": land.figure.document.code if land.figure else None,
                "quote": land.figure.quote if land.figure else None,
            }
            if land is not None
            else None
        ),
        "rate_pct": _text(cluster.rate_pct),
        "leased_ha": _text(cluster.leased_ha),
        "industrial_land_ha": _text(cluster.industrial_land_ha),
        "unleased_ha": _text(cluster.unleased_ha),
        "leases": cluster.leases,
        "missing": cluster.missing or None,
    }


def flags_data(flags: ClusterFlags) -> dict[str, Any]:
    return {
        "zone": flags.zone.code,
        "flags": [
            {"code": flag.code, "message": flag.message, "rule": rule_data(flag.applied)} for flag in flags.flags
        ],
        "not_checked": flags.not_checked,
    }


def _missing(items: list[Any]) -> list[dict[str, Any]]:
    return [{"zone": item.zone.code if item.zone else None, "what": item.what} for item in items]


def establish_answer_data(answer: EstablishAnswer) -> dict[str, Any]:
    counted = answer.counted
    return {
        "rules": "with_pending" if answer.pending_rules else "confirmed",
        "result": answer.result,
        "result_label": str(Verdict(answer.result).label),
        "area": {
            "scope": answer.scope,
            "scope_label": str(AreaScope(answer.scope).label) if answer.scope else None,
            "unit": unit_data(answer.scope_unit),
            "rule": rule_data(answer.scope_rule),
            "chosen_by_province": (
                {
                    "scope": answer.scope_choice.scope,
                    "valid_from": answer.scope_choice.valid_from.isoformat(),
                    "decision": answer.scope_choice.decision,
                }
                if answer.scope_choice
                else None
            ),
        },
        "conditions": [condition_data(condition) for condition in answer.conditions],
        "evidence": {
            "clusters": [cluster_data(cluster) for cluster in answer.clusters],
            "clusters_counted": [cluster.zone.code for cluster in counted],
            "leased_ha": _text(answer.leased_ha) if counted else None,
            "industrial_land_ha": _text(answer.industrial_land_ha) if counted else None,
            "unleased_ha": _text(answer.unleased_ha) if counted else None,
            "average_occupancy_pct": _text(answer.average_pct),
            "method": "Σ leased industrial land ÷ Σ industrial land × 100 (area-weighted)",
        },
        "flags": [flags_data(flags) for flags in answer.flags if flags.flags or flags.not_checked],
        "missing": _missing(answer.missing),
        "explanation": answer.explanation or None,
    }


def establish_data(check: EstablishCheck) -> dict[str, Any]:
    return {
        "question": "establish_cluster",
        "on": check.on.isoformat(),
        "province": unit_data(check.province),
        "commune": unit_data(check.commune),
        "district": unit_data(check.district),
        **establish_answer_data(check.confirmed),
        "not_checked": check.not_checked,
        "pending": establish_answer_data(check.pending) if check.pending else None,
    }


def expand_answer_data(answer: ExpandAnswer) -> dict[str, Any]:
    return {
        "rules": "with_pending" if answer.pending_rules else "confirmed",
        "result": answer.result,
        "result_label": str(Verdict(answer.result).label),
        "conditions": [condition_data(condition) for condition in answer.conditions],
        "flags": flags_data(answer.flags) if answer.flags else None,
        "missing": _missing(answer.missing),
    }


def expand_data(check: ExpandCheck) -> dict[str, Any]:
    return {
        "question": "expand_cluster",
        "on": check.on.isoformat(),
        "zone": {"code": check.zone.code, "name": check.zone.name, "name_en": check.zone.name_en},
        "status_on_day": check.status,
        "inputs": {
            "area_after_ha": _text(check.new_total_area_ha),
            "demand_exceeds_supply": check.demand_exceeds_supply,
            "demand_note": check.demand_note or None,
        },
        "occupancy": cluster_data(check.occupancy),
        **expand_answer_data(check.confirmed),
        "pending": expand_answer_data(check.pending) if check.pending else None,
    }
