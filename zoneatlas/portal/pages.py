"""What each public page shows, gathered in a fixed number of queries; the views only render it.

The zone list uses the same FilterSet as the API (``ZoneFilterSet``) and the API's listing queryset
(``zones_for_listing``); the province page uses the API's ``province_summary``. What neither offers (a zone's
page as one object, the source text with its quoted passages marked, the national overview) is built here.

Every page starts from ``Zone.objects.visible_to(user)`` (the rule lives in ``zoneatlas.accounts.access``), and
shows draft figures only to those who may see them, as the API does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from zoneatlas.accounts.access import visible_figures
from zoneatlas.figures.choices import Metric, Review
from zoneatlas.figures.models import Observation
from zoneatlas.figures.queries import prefetch_current_occupancy
from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.portal.templatetags.portal import num
from zoneatlas.sources.models import Document
from zoneatlas.zones.api.views import zones_for_listing
from zoneatlas.zones.choices import OPERATING_STATUSES, InfrastructureComponent, ZoneKind, ZoneStatus
from zoneatlas.zones.filters import ZoneFilterSet
from zoneatlas.zones.models import InfrastructureItem, LifecycleEvent, PlanEntry, WastewaterPlant, Zone
from zoneatlas.zones.summary import OccupancyRollup, ZoneRollup, roll_up

PAGE_SIZE = 25
# The list's columns: (the FilterSet's ordering value where the column sorts, its heading).
COLUMNS = (
    ("code", _("Code")),
    ("name", _("Name")),
    ("kind", _("Kind")),
    ("status", _("Status")),
    ("province", _("Province (today)")),
    ("gross_area_ha", _("Area (ha)")),
    ("occupancy", _("Occupancy")),
    ("wwtp", _("Wastewater plant")),
)
SORTABLE = frozenset({"code", "name", "status", "gross_area_ha", "occupancy"})


@dataclass
class ZoneListing:
    filterset: ZoneFilterSet
    page: Page[Zone]
    ordering: str
    query: QueryDict
    columns: tuple[tuple[str, Any], ...] = COLUMNS

    @property
    def province_choices(self) -> QuerySet[AdminUnit, tuple[str, str]]:
        """Today's provinces for the filter (queried only when the whole page is drawn)."""
        return AdminUnit.objects.current().provinces().order_by("short_name").values_list("code", "short_name")

    @property
    def count(self) -> int:
        return self.page.paginator.count


def filtered_zones(params: QueryDict, user: Any) -> tuple[ZoneFilterSet, QuerySet[Zone]]:
    """The zones the query selects among those the user sees, exactly as the API selects them; by code unless asked."""
    filterset = ZoneFilterSet(params, queryset=Zone.objects.visible_to(user))
    zones = filterset.qs
    if not params.get("ordering") or not filterset.form.is_valid() or not filterset.form.cleaned_data.get("ordering"):
        zones = zones.order_by("code")
    else:
        zones = zones.order_by(*zones.query.order_by, "code")
    return filterset, zones


def zone_listing(params: QueryDict, user: Any) -> ZoneListing:
    filterset, zones = filtered_zones(params, user)
    paginator = Paginator(zones_for_listing(zones), PAGE_SIZE)
    page = paginator.get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    return ZoneListing(filterset=filterset, page=page, ordering=params.get("ordering", ""), query=query)


# Zone page ------------------------------------------------------------------------------------------------------


@dataclass
class OccupancyPoint:
    as_of: dt.date
    rate_pct: Decimal | None
    leased_ha: Decimal | None
    industrial_land_ha: Decimal | None


@dataclass
class ZonePage:
    zone: Zone
    lifecycle: list[LifecycleEvent]
    plan_entries: list[PlanEntry]
    infrastructure: list[tuple[str, str, InfrastructureItem | None]]
    wwtp: WastewaterPlant | None
    wwtp_history: list[WastewaterPlant]
    figures: list[Observation]
    occupancy: Observation | None
    occupancy_history: list[OccupancyPoint]

    @property
    def occupancy_chart(self) -> dict[str, Any]:
        """The chart's data for ``json_script``: numbers as strings of their exact value, dates ISO."""
        return {
            "dates": [point.as_of.isoformat() for point in self.occupancy_history],
            "rate": [_json_number(point.rate_pct) for point in self.occupancy_history],
            "leased": [_json_number(point.leased_ha) for point in self.occupancy_history],
            "industrial": [_json_number(point.industrial_land_ha) for point in self.occupancy_history],
        }


def chart_labels() -> dict[str, str]:
    """The charts' series names and number writing in the active language (for ``json_script``)."""
    return {
        "rate": str(_("Occupancy (%)")),
        "leased": str(_("Leased land (ha)")),
        "industrial": str(_("Industrial land (ha)")),
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "thousands": get_format("THOUSAND_SEPARATOR"),
    }


def _json_number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def zone_page_queryset(user: Any) -> QuerySet[Zone]:
    """A zone the user sees, with everything its page shows: six queries whatever it holds."""
    return (
        Zone.objects.visible_to(user)
        .select_related("province", "commune", "parent", "reported_unit__province")
        .prefetch_related(
            Prefetch(
                "lifecycle", queryset=LifecycleEvent.objects.select_related("document").order_by("effective_on", "id")
            ),
            Prefetch(
                "plan_entries", queryset=PlanEntry.objects.select_related("plan", "document").order_by("plan__name")
            ),
            Prefetch("infrastructure", queryset=InfrastructureItem.objects.select_related("document")),
            Prefetch(
                "wwtp_reports", queryset=WastewaterPlant.objects.select_related("document").order_by("-as_of", "-id")
            ),
            Prefetch(
                "observations",
                queryset=visible_figures(user, Observation.objects.all())
                .select_related("document")
                .order_by("metric", "-as_of", "is_approximate", "id"),
            ),
        )
    )


def zone_page(zone: Zone) -> ZonePage:
    """The zone's page from its prefetched records (``zone_page_queryset``)."""
    return build_zone_page(
        zone,
        lifecycle=list(zone.lifecycle.all()),
        plan_entries=list(zone.plan_entries.all()),
        infrastructure=list(zone.infrastructure.all()),
        wwtp_reports=list(zone.wwtp_reports.all()),
        figures=list(zone.observations.all()),
    )


def build_zone_page(
    zone: Zone,
    *,
    lifecycle: list[LifecycleEvent],
    plan_entries: list[PlanEntry],
    infrastructure: list[InfrastructureItem],
    wwtp_reports: list[WastewaterPlant],
    figures: list[Observation],
) -> ZonePage:
    """A zone's page from its records, in the order shown: today's, or those of a past day (``portal.history``).

    ``wwtp_reports`` newest first, ``figures`` by metric and newest first, as ``zone_page_queryset`` orders them.
    """
    latest: dict[str, InfrastructureItem] = {}
    for item in infrastructure:
        known = latest.get(item.component)
        if known is None or (item.as_of, item.pk) > (known.as_of, known.pk):
            latest[item.component] = item
    checklist = [(value, str(label), latest.get(value)) for value, label in InfrastructureComponent.choices]
    occupancy_figures = sorted(
        (
            figure
            for figure in figures
            if figure.metric == Metric.OCCUPANCY
            and figure.review == Review.ACCEPTED
            and not figure.is_target
            and figure.value is not None
        ),
        key=lambda figure: (figure.as_of, not figure.is_approximate, figure.pk),
    )
    # One point per day: the figure that would be the current value on that day (exact over approximate).
    by_day: dict[dt.date, Observation] = {}
    for figure in occupancy_figures:
        by_day[figure.as_of] = figure
    history = [
        OccupancyPoint(
            as_of=day,
            rate_pct=figure.value,
            leased_ha=figure.leased_ha,
            industrial_land_ha=figure.industrial_land_ha or zone.industrial_land_ha,
        )
        for day, figure in sorted(by_day.items())
    ]
    return ZonePage(
        zone=zone,
        lifecycle=lifecycle,
        plan_entries=plan_entries,
        infrastructure=checklist,
        wwtp=wwtp_reports[0] if wwtp_reports else None,
        wwtp_history=wwtp_reports,
        figures=figures,
        occupancy=occupancy_figures[-1] if occupancy_figures else None,
        occupancy_history=history,
    )


# Source page ----------------------------------------------------------------------------------------------------


@dataclass
class SourcePage:
    document: Document
    figures: list[Observation]
    marked_text: SafeString
    found: set[int] = field(default_factory=set)

    @property
    def unquoted(self) -> list[Observation]:
        """Figures whose passage is not in the stored text (or that quote nothing)."""
        return [figure for figure in self.figures if figure.pk not in self.found]


def source_page(document: Document, user: Any) -> SourcePage:
    """The document with the figures citing it that the user may read (about a zone they see, or about no zone)."""
    figures = list(
        visible_figures(user, Observation.objects.filter(document=document))
        .filter(Q(zone__isnull=True) | Q(zone__in=Zone.objects.visible_to(user)))
        .select_related("zone", "zone_group", "admin_unit")
        .order_by("id")
    )
    marked, found = mark_quotes(document.text, [(figure.pk, figure.quote) for figure in figures])
    return SourcePage(document=document, figures=figures, marked_text=marked, found=found)


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def mark_quotes(text: str, quotes: list[tuple[int, str]]) -> tuple[SafeString, set[int]]:
    """The text, escaped, with each quoted passage in ``<mark id="figure-<id>">``; and the ids whose passage was found.

    Whitespace may differ between a quote and the text. Passages that overlap (several figures quoting the same
    sentence) share one mark; each further figure gets an empty anchor just before it, so every link lands.
    """
    spans: list[tuple[int, int, int]] = []
    for figure_id, quote in quotes:
        pattern = _quote_pattern(quote)
        match = pattern.search(text) if pattern else None
        if match:
            spans.append((match.start(), match.end(), figure_id))
    spans.sort()
    groups: list[tuple[int, int, list[int]]] = []
    for start, end, figure_id in spans:
        if groups and start < groups[-1][1]:
            first, last, ids = groups[-1]
            groups[-1] = (first, max(last, end), [*ids, figure_id])
        else:
            groups.append((start, end, [figure_id]))
    parts: list[str] = []
    position = 0
    for start, end, ids in groups:
        parts.append(escape(text[position:start]))
        parts.extend(f'<span id="figure-{figure_id}"></span>' for figure_id in ids[1:])
        parts.append(f'<mark id="figure-{ids[0]}">{escape(text[start:end])}</mark>')
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts)), {figure_id for _start, _end, ids in groups for figure_id in ids}  # noqa: S308


# Provinces ------------------------------------------------------------------------------------------------------


@dataclass
class ProvinceLookup:
    province: AdminUnit | None
    legacy: AdminUnit | None = None


def find_province(code_or_name: str) -> ProvinceLookup:
    """Today's province by GSO code; a legacy code or a name (of either era) leads to today's province."""
    current = AdminUnit.objects.current().provinces()
    province = current.filter(code=code_or_name).first()
    if province is not None:
        return ProvinceLookup(province)
    legacy = AdminUnit.objects.legacy().provinces().filter(code=code_or_name).first()
    if legacy is None:
        from zoneatlas.geo.services import resolve

        resolution = resolve(code_or_name)
        matched = resolution.matched
        if matched is None or matched.level != Level.PROVINCE:
            return ProvinceLookup(None)
        if matched.era == Era.CURRENT:
            return ProvinceLookup(matched)
        legacy = matched
    successor = current.filter(predecessions__predecessor=legacy).first()
    return ProvinceLookup(successor, legacy=legacy)


def province_zones(zones: QuerySet[Zone]) -> list[Zone]:
    """The province's zones (those the user sees) with their current occupancy, for the table and the chart."""
    return list(zones_for_listing(zones).order_by("code"))


def occupancy_by_zone_chart(zones: list[Zone]) -> dict[str, Any]:
    rows = [
        (zone.code, zone.name, zone.occupancy_figures[0].value)  # type: ignore[attr-defined]
        for zone in zones
        if getattr(zone, "occupancy_figures", None)
    ]
    return {
        "codes": [code for code, _name, _rate in rows],
        "names": [name for _code, name, _rate in rows],
        "rate": [float(rate) for _code, _name, rate in rows],
    }


def kind_status_table(by_kind_and_status: list[dict[str, Any]]) -> tuple[list[str], list[tuple[str, str, list[int]]]]:
    """Counts as a table: kinds across, statuses down (in lifecycle order)."""
    kinds = sorted({row["kind"] for row in by_kind_and_status})
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in by_kind_and_status:
        counts[row["status"]][row["kind"]] = row["count"]
    rows = [
        (status.value, str(status.label), [counts[status.value].get(kind, 0) for kind in kinds])
        for status in ZoneStatus
        if status.value in counts
    ]
    return kinds, rows


# Map ------------------------------------------------------------------------------------------------------------


# ``occupancy_rate`` is the FilterSet's annotation (``with_current_values``): the current rate, as a subquery.
MAP_POINT_FIELDS = (
    "code",
    "name",
    "kind",
    "status",
    "latitude",
    "longitude",
    "location_precision",
    "is_synthetic",
    "occupancy_rate",
)


def map_points(params: QueryDict, user: Any) -> list[dict[str, Any]]:
    """The filtered zones that have a point, as the map draws them, with their current occupancy (one query).

    The occupancy is written as the active language writes numbers (``86,87 %`` or ``86.87 %``), so the popup
    reads like the pages.
    """
    _filterset, zones = filtered_zones(params, user)
    rows = zones.filter(latitude__isnull=False, longitude__isnull=False).values_list(*MAP_POINT_FIELDS)
    return [
        {
            "code": code,
            "name": name,
            "kind": str(ZoneKind(kind).label),
            "status": str(ZoneStatus(status).label),
            "colour": ZoneStatus(status).colour,
            "lat": float(cast(Decimal, latitude)),
            "lon": float(cast(Decimal, longitude)),
            "approximate": precision != "exact",
            "synthetic": is_synthetic,
            "occupancy": "" if rate is None else f"{num(rate)}\u00a0%",
        }
        for code, name, kind, status, latitude, longitude, precision, is_synthetic, rate in rows
    ]


def map_config() -> dict[str, Any]:
    """The map's settings and words for ``map.js``: tiles (none unless configured), bounds, popup labels."""
    config: dict[str, Any] = settings.ZONEATLAS
    west, south, east, north = cast(tuple[float, float, float, float], config["VIETNAM_BBOX"])
    return {
        "tiles": config.get("MAP_TILE_URL", ""),
        "attribution": config.get("MAP_TILE_ATTRIBUTION", ""),
        "bounds": [[south, west], [north, east]],
        "synthetic": str(_("synthetic")),
        "approximate": str(_("approximate position")),
        "occupancy": str(_("Occupancy")),
    }


def map_statuses() -> list[tuple[str, str]]:
    """The legend: each status's label and colour."""
    return [(str(status.label), status.colour) for status in ZoneStatus]


# National overview ----------------------------------------------------------------------------------------------


@dataclass
class ProvinceRank:
    """One province's line of the national ranking."""

    province: AdminUnit
    zones: int = 0
    parks: int = 0
    clusters: int = 0
    operating: int = 0
    gross_area_ha: Decimal = Decimal(0)
    zones_with_area: int = 0
    occupancy: OccupancyRollup = field(default_factory=OccupancyRollup)

    @property
    def area_known(self) -> bool:
        return self.zones_with_area > 0

    @property
    def sort_key(self) -> tuple[int, Decimal]:
        return (-self.zones, -self.gross_area_ha)


@dataclass
class Overview:
    rollup: ZoneRollup
    ranking: list[ProvinceRank]

    @property
    def provinces_with_zones(self) -> int:
        return sum(1 for rank in self.ranking if rank.zones)


def province_ranking(zones: QuerySet[Zone]) -> list[ProvinceRank]:
    """Today's 34 provinces ranked by their number of zones, then area (then name); occupancy as ``roll_up`` weighs it.

    Three queries: the provinces, the zones, their current occupancy figures. The area is the gross area of the
    zones whose area is known, whatever their stage.
    """
    ranks = {
        province.pk: ProvinceRank(province)
        for province in AdminUnit.objects.current().provinces().order_by("short_name")
    }
    for zone in zones.only(
        "code", "kind", "status", "province_id", "gross_area_ha", "industrial_land_ha"
    ).prefetch_related(prefetch_current_occupancy()):
        rank = ranks.get(zone.province_id)
        if rank is None:
            continue
        rank.zones += 1
        rank.parks += zone.kind == ZoneKind.PARK
        rank.clusters += zone.kind == ZoneKind.CLUSTER
        if zone.gross_area_ha is not None:
            rank.gross_area_ha += zone.gross_area_ha
            rank.zones_with_area += 1
        if zone.status in OPERATING_STATUSES:
            rank.operating += 1
            figures = getattr(zone, "occupancy_figures", [])
            rank.occupancy.add(zone, figures[0] if figures else None)
    return sorted(ranks.values(), key=lambda rank: rank.sort_key)


def national_overview(user: Any) -> Overview:
    """Every zone the user sees rolled up (``roll_up``), and the provinces ranked."""
    zones = Zone.objects.visible_to(user)
    return Overview(rollup=roll_up(zones), ranking=province_ranking(zones))
