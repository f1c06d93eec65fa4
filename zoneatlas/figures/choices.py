from django.db import models
from django.utils.translation import gettext_lazy as _


class ScopeType(models.TextChoices):
    ZONE = "zone", _("Zone")
    ZONE_GROUP = "zone_group", _("Group of zones")
    ADMIN_UNIT = "admin_unit", _("Administrative unit")
    NATION = "nation", _("Nation")


class Metric(models.TextChoices):
    """What a figure measures. Units are stored beside the value, never implied by the metric."""

    ZONE_COUNT = "zone_count", _("Number of zones")
    AREA = "area_ha", _("Area")
    OCCUPANCY = "occupancy_pct", _("Occupancy rate")
    OCCUPANCY_TARGET = "occupancy_target_pct", _("Occupancy target")
    INVESTOR_COUNT = "investor_count", _("Number of investors")
    PROJECT_COUNT = "project_count", _("Number of projects")
    ENTERPRISE_COUNT = "enterprise_count", _("Number of enterprises")
    REGISTERED_CAPITAL = "registered_capital", _("Registered capital")
    DISBURSED_CAPITAL = "disbursed_capital", _("Disbursed capital")
    INFRASTRUCTURE_INVESTMENT = "infrastructure_investment", _("Infrastructure investment")
    REVENUE = "revenue", _("Revenue")
    EXPORTS = "exports", _("Exports")
    BUDGET_CONTRIBUTION = "budget_contribution", _("State budget contribution")
    INDUSTRIAL_PRODUCTION_VALUE = "industrial_production_value", _("Industrial production value")
    INDUSTRIAL_GROWTH = "industrial_growth_pct", _("Industrial growth")
    INDUSTRY_SHARE = "industry_share_of_economy_pct", _("Industry's share of the economy")
    SHARE = "share_pct", _("Share")
    JOBS = "jobs", _("Jobs")
    INFRASTRUCTURE_PROGRESS = "infrastructure_progress_pct", _("Infrastructure progress")
    WWTP_STATUS = "wwtp_status", _("Wastewater treatment plant")
    TARGET_COUNT = "target_count", _("Target number of zones")
    AREA_SHARE_OF_PROVINCE = "area_share_of_province_pct", _("Share of the province's area")
    OTHER = "other", _("Other")


class Unit(models.TextChoices):
    HECTARE = "ha", _("ha")
    PERCENT = "%", _("%")
    COUNT = "count", _("count")
    VND = "VND", _("VND")
    USD = "USD", _("USD")
    PERSONS = "persons", _("persons")
    OTHER = "other", _("other")
    NONE = "", _("no unit (qualitative)")


class Review(models.TextChoices):
    """Whether a figure counts as the zone's current value: only accepted figures do."""

    ACCEPTED = "accepted", _("Accepted")
    DRAFT = "draft", _("Draft")
    REJECTED = "rejected", _("Rejected")


class Qualifier(models.TextChoices):
    """How a source states a figure; several may apply ("approx;target")."""

    EXACT = "exact", _("exact")
    APPROX = "approx", _("approximate")
    AT_LEAST = "at_least", _("at least")
    TARGET = "target", _("target")
    ESTIMATE = "estimate", _("estimate")
    CONVERTED = "converted", _("converted from another currency")
    RESTATED = "restated", _("restated elsewhere in the source")
    QUALITATIVE = "qualitative", _("qualitative")
    COUNT_NOT_STATED = "count_not_stated", _("count not stated")
    DECIMAL_COMMA_AMBIGUOUS = "decimal_comma_ambiguous", _("decimal comma read as a decimal point")
    AMBIGUOUS_RESPECTIVELY = "ambiguous_respectively", _("ambiguous 'respectively'")
    CURRENCY_IMPLIED = "currency_implied", _("currency implied")
    COUNT_DERIVED_FROM_NAMED_LIST = "count_derived_from_named_list", _("count derived from the zones named")
