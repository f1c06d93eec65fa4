"""A row's figures: areas, occupancy with its two parts, and the wastewater plant.

Refused: occupancy outside 0–100 (a year typed in the wrong column is the classic), leased land above the
industrial land, industrial land above the gross area, a rate that disagrees with its parts by more than half a
point. Flagged but imported: a cluster outside the legal 5/10–75 ha (Decree 32/2024 keeps legacy clusters).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zoneatlas.figures.choices import Qualifier
from zoneatlas.zones.choices import ZoneKind
from zoneatlas.zones.imports import vocab
from zoneatlas.zones.imports.cells import (
    quantize,
    read_choice,
    read_flag,
)
from zoneatlas.zones.imports.checking import CellReader, plain

# Two readings of an occupancy rate closer than this are the same figure rounded differently.
OCCUPANCY_TOLERANCE_PCT = Decimal("0.5")
AREA_UNITS = frozenset({"ha"})
PERCENT_UNITS = frozenset({"%"})
FLOW_UNITS = frozenset({"m3/day", "m3"})
MAX_AREA_HA = Decimal(10) ** 7  # above any zone on Earth, and within the registry's 12 digits
OCCUPANCY_COLUMNS = frozenset({"occupancy_pct", "leased_ha", "industrial_land_ha"})


@dataclass
class OccupancyFigure:
    value: Decimal | None
    leased_ha: Decimal | None
    industrial_land_ha: Decimal | None
    as_of: dt.date
    note: str = ""
    qualifiers: list[str] = field(default_factory=list)
    given: frozenset[str] = frozenset()  # the parts the file states, the others being derived or unknown


@dataclass
class WastewaterFigure:
    status: str
    capacity_m3_per_day: Decimal | None
    meets_standard: bool | None
    as_of: dt.date


class FigureChecks(CellReader):
    def _areas_and_occupancy(
        self, line: int, cells: list[Any], kind: str | None, attrs: dict[str, Any], as_of: dt.date
    ) -> OccupancyFigure | None:
        gross = self._area(line, cells, "gross_area_ha")
        industrial = self._area(line, cells, "industrial_land_ha")
        leased = self._area(line, cells, "leased_ha")
        rate = self._number(line, cells, "occupancy_pct", PERCENT_UNITS, 4)
        if gross is not None:
            attrs["gross_area_ha"] = gross
            self._check_cluster_area(line, kind, gross, attrs)
        if industrial is not None:
            attrs["industrial_land_ha"] = industrial
            if gross is not None and industrial > gross:
                self.error(
                    line,
                    "industrial_land_ha",
                    _("industrial land %(industrial)s ha exceeds the gross area %(gross)s ha")
                    % {"industrial": plain(industrial), "gross": plain(gross)},
                )
        if rate is not None and not Decimal(0) <= rate <= Decimal(100):
            if rate == rate.to_integral() and 1900 <= rate <= 2100:
                message = _("occupancy %(value)s is outside 0–100 (a year in the occupancy column?)")
            else:
                message = _("occupancy %(value)s is outside 0–100")
            self.error(line, "occupancy_pct", message % {"value": plain(rate)})
            return None
        if leased is not None and industrial is not None and leased > industrial:
            self.error(
                line,
                "leased_ha",
                _("leased land %(leased)s ha exceeds the industrial land %(industrial)s ha")
                % {"leased": plain(leased), "industrial": plain(industrial)},
            )
            return None
        if rate is None and leased is None:
            return None
        stated = {"value": rate, "leased_ha": leased, "industrial_land_ha": industrial}
        given = frozenset(part for part, value in stated.items() if value is not None)
        note = ""
        if rate is not None and leased is not None and industrial:
            computed = leased / industrial * 100
            if abs(computed - rate) > OCCUPANCY_TOLERANCE_PCT:
                self.error(
                    line,
                    "occupancy_pct",
                    _(
                        "occupancy %(rate)s %% disagrees with leased ÷ industrial land = %(leased)s ÷ %(industrial)s "
                        "= %(computed)s %% (more than %(tolerance)s points apart)"
                    )
                    % {
                        "rate": plain(rate),
                        "leased": plain(leased),
                        "industrial": plain(industrial),
                        "computed": plain(quantize(computed, 2)),
                        "tolerance": OCCUPANCY_TOLERANCE_PCT,
                    },
                )
                return None
        elif rate is not None and leased is None and industrial is not None:
            leased = quantize(rate * industrial / 100, 4)
            note = _("Leased land derived from the occupancy rate × the industrial land.")
        elif rate is None and leased is not None:
            if not industrial:
                self.warn(
                    line,
                    "leased_ha",
                    _("leased land without the industrial land or the rate: no occupancy figure recorded"),
                )
                return None
            rate = quantize(leased / industrial * 100, 4)
            note = _("Occupancy rate derived from leased ÷ industrial land.")
        qualifiers = [Qualifier.DECIMAL_COMMA_AMBIGUOUS.value] if self._ambiguous & OCCUPANCY_COLUMNS else []
        return OccupancyFigure(
            value=rate,
            leased_ha=leased,
            industrial_land_ha=industrial,
            as_of=as_of,
            note=note,
            qualifiers=qualifiers,
            given=given,
        )

    def _area(self, line: int, cells: list[Any], column: str) -> Decimal | None:
        value = self._number(line, cells, column, AREA_UNITS, 4)
        if value is not None and value >= MAX_AREA_HA:
            self.error(line, column, _("%(value)s ha is not a zone's area") % {"value": plain(value)})
            return None
        return value

    def _check_cluster_area(self, line: int, kind: str | None, gross: Decimal, attrs: dict[str, Any]) -> None:
        # Decree 32/2024 Art. 2.1: 10-75 ha, 5-75 ha in mountainous areas and for craft villages. Legacy
        # clusters outside the range keep operating: flag them, never refuse them (BRIEF §5).
        if kind != ZoneKind.CLUSTER:
            return
        if gross < self.cluster_min_ha or gross > self.cluster_max_ha:
            self.warn(
                line,
                "gross_area_ha",
                _(
                    "a cluster of %(area)s ha lies outside the legal %(low)s/10–%(high)s ha (Decree 32/2024); "
                    "imported and flagged"
                )
                % {"area": plain(gross), "low": self.cluster_min_ha, "high": self.cluster_max_ha},
            )
        elif gross < 10 and not attrs.get("is_craft_village"):
            self.warn(
                line,
                "gross_area_ha",
                _("a cluster of %(area)s ha is legal only in a mountainous area or as a craft-village cluster")
                % {"area": plain(gross)},
            )

    def _wastewater(self, line: int, cells: list[Any], as_of: dt.date) -> WastewaterFigure | None:
        status = self._read(line, cells, "wwtp", self._wastewater_status)
        capacity = self._number(line, cells, "wwtp_capacity_m3_per_day", FLOW_UNITS, 1)
        meets = self._read(line, cells, "wwtp_meets_standard", read_flag)
        if status is None:
            if (capacity is not None or meets is not None) and self._cell(cells, "wwtp") is None:
                self.error(line, "wwtp", _("the wastewater plant's capacity or standard is given without its status"))
            return None
        return WastewaterFigure(status=status, capacity_m3_per_day=capacity, meets_standard=meets, as_of=as_of)

    @staticmethod
    def _wastewater_status(value: Any) -> str:
        return read_choice(
            value,
            vocab.WASTEWATER_STATUSES,
            what=gettext_lazy("wastewater plant status"),
            examples="none/không có, planned, under_construction/đang xây dựng, completed/đã xây dựng, "
            "operating/đang vận hành, 1/0",
        )
