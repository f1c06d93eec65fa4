"""Vocabularies of the zone registry. Each status carries a label and a colour used by badges and maps."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneKind(models.TextChoices):
    PARK = "park", _("Industrial park")
    CLUSTER = "cluster", _("Industrial cluster")
    ECONOMIC_ZONE = "economic_zone", _("Economic zone")

    @property
    def code_prefix(self) -> str:
        return {"park": "KCN", "cluster": "CCN", "economic_zone": "KKT"}[self.value]


class ZoneStatus(models.TextChoices):
    """Lifecycle of a zone (BRIEF §3), in the order a zone normally moves through it."""

    PROPOSED = "proposed", _("Proposed for the plan")
    PLANNED = "planned", _("Planned")
    DOSSIER = "dossier", _("Dossier and investor selection")
    ESTABLISHED = "established", _("Established")
    DETAILED_PLAN_APPROVED = "detailed_plan_approved", _("Detailed plan approved")
    INFRA_PROJECT_APPROVED = "infra_project_approved", _("Infrastructure project approved")
    SITE_CLEARANCE = "site_clearance", _("Site clearance")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    OPERATING = "operating", _("Operating")
    EXPANDED = "expanded", _("Expanded")
    ADJUSTED = "adjusted", _("Adjusted")
    STALLED = "stalled", _("Stalled")
    OPERATING_NOT_ESTABLISHED = "operating_not_established", _("Operating, not yet established")
    ANNULLED = "annulled", _("Annulled")
    REMOVED_FROM_PLAN = "removed_from_plan", _("Removed from plan")

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.value]


STATUS_COLOURS: dict[str, str] = {
    "proposed": "#b0a8b9",
    "planned": "#6c757d",
    "dossier": "#8e6c8a",
    "established": "#0d6efd",
    "detailed_plan_approved": "#3d8bfd",
    "infra_project_approved": "#6610f2",
    "site_clearance": "#fd7e14",
    "under_construction": "#ffc107",
    "operating": "#198754",
    "expanded": "#20c997",
    "adjusted": "#0dcaf0",
    "stalled": "#dc3545",
    "operating_not_established": "#6f42c1",
    "annulled": "#343a40",
    "removed_from_plan": "#adb5bd",
}

# Statuses at or past establishment: used by roll-ups of "established" zones (Circular 14 forms 03/04 count
# established clusters cumulatively, whatever happened after).
ESTABLISHED_OR_LATER = frozenset(
    {
        ZoneStatus.ESTABLISHED,
        ZoneStatus.DETAILED_PLAN_APPROVED,
        ZoneStatus.INFRA_PROJECT_APPROVED,
        ZoneStatus.SITE_CLEARANCE,
        ZoneStatus.UNDER_CONSTRUCTION,
        ZoneStatus.OPERATING,
        ZoneStatus.EXPANDED,
        ZoneStatus.ADJUSTED,
        ZoneStatus.STALLED,
    }
)
OPERATING_STATUSES = frozenset({ZoneStatus.OPERATING, ZoneStatus.EXPANDED, ZoneStatus.OPERATING_NOT_ESTABLISHED})


class DeveloperType(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    ORGANISATION = "organisation", _("Public organisation")
    STATE_BUDGET = "state_budget", _("State budget")
    UNKNOWN = "unknown", _("Not known")


class LocationPrecision(models.TextChoices):
    """How exact a zone's point is: a surveyed point, or the centre of the unit it lies in."""

    EXACT = "exact", _("Surveyed point")
    COMMUNE = "commune", _("Centre of its commune")
    DISTRICT = "district", _("Centre of its former district")
    PROVINCE = "province", _("Centre of its province")


class InfrastructureComponent(models.TextChoices):
    """The shared technical infrastructure of a cluster (Decree 32/2024 Art. 2.4)."""

    INTERNAL_ROADS = "internal_roads", _("Internal roads and sidewalks")
    GREEN_SPACE = "green_space", _("Trees and green space")
    POWER_SUPPLY = "power_supply", _("Power supply")
    PUBLIC_LIGHTING = "public_lighting", _("Public lighting")
    WATER_SUPPLY = "water_supply", _("Water supply")
    DRAINAGE = "drainage", _("Stormwater drainage")
    WASTEWATER = "wastewater_collection_treatment", _("Wastewater collection and treatment")
    SOLID_WASTE = "solid_waste", _("Solid waste collection point")
    COMMUNICATIONS = "communications", _("Internal communications")
    FIRE_FIGHTING = "fire_fighting", _("Fire prevention and fighting")


class InfrastructureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Completed and in use")


class WastewaterPlantStatus(models.TextChoices):
    NONE = "none", _("No plant")
    PLANNED = "planned", _("Planned")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    COMPLETED = "completed", _("Built")
    OPERATING = "operating", _("Operating")

    @property
    def is_built(self) -> bool:
        return self in {WastewaterPlantStatus.COMPLETED, WastewaterPlantStatus.OPERATING}


class PlanLevel(models.TextChoices):
    NATIONAL = "national", _("National plan")
    PROVINCIAL = "provincial", _("Provincial master plan")
    SECTORAL = "sectoral", _("Sector development plan")


class MarkableField(models.TextChoices):
    """The published fields of a zone a province may keep internal for its zones (``InternalZoneField``).

    A zone's code, name, kind, status, place and lifecycle always stay published: they say that the zone exists
    and where, which the public registry is for. The contact person and the internal notes are always internal.
    """

    DEVELOPER = "developer", _("Infrastructure developer (name and type)")
    GROSS_AREA = "gross_area_ha", _("Gross area (ha)")
    INDUSTRIAL_LAND = "industrial_land_ha", _("Industrial land (ha)")
    OCCUPANCY = "occupancy", _("Occupancy (the zone's occupancy figures)")
