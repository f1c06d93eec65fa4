"""Zone rules that hold whatever path writes a zone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from zoneatlas.geo.models import AdminUnit
from zoneatlas.zones.geometry import BoundaryError, boundary_area_ha
from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import ZoneCodeAllocator, record_status

# About 1 km × 1 km near Hanoi (0.009° of latitude ≈ 1 km; 0.0096° of longitude ≈ 1 km at 21° N).
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[105.80, 21.00], [105.8096, 21.00], [105.8096, 21.009], [105.80, 21.009], [105.80, 21.00]]],
}


@pytest.fixture
def phu_tho(db):
    return AdminUnit.objects.get(era="current", level="province", code="25")


def make_zone(province, **fields):
    fields.setdefault("kind", "cluster")
    fields.setdefault("name", "Cụm công nghiệp Thử")
    code = ZoneCodeAllocator().allocate(fields["kind"], province.code)
    return Zone.objects.create(code=code, province=province, **fields)


def test_boundary_area_is_geodesic_hectares():
    area = boundary_area_ha(SQUARE)
    # Independent check: 997.7 m (0.0096° of longitude at 21° N) × 996.5 m (0.009° of latitude) = 99.42 ha.
    assert abs(area - Decimal("99.42")) < Decimal("0.1")
    assert area == Decimal("99.4546")


def test_boundary_must_be_a_valid_polygon():
    with pytest.raises(BoundaryError, match="Polygon or MultiPolygon"):
        boundary_area_ha({"type": "Point", "coordinates": [105.8, 21.0]})
    bow_tie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    with pytest.raises(BoundaryError, match="not valid"):
        boundary_area_ha(bow_tie)


def test_saving_a_zone_computes_its_boundary_area(phu_tho):
    zone = make_zone(phu_tho, boundary=SQUARE)
    assert zone.boundary_area_ha == Decimal("99.4546")
    zone.boundary = None
    zone.save()
    assert Zone.objects.get(pk=zone.pk).boundary_area_ha is None


def test_codes_are_allocated_per_kind_and_province_and_never_reused(phu_tho):
    first = make_zone(phu_tho)
    second = make_zone(phu_tho, name="Cụm công nghiệp Hai")
    park = make_zone(phu_tho, kind="park", name="Khu công nghiệp Một")
    assert (first.code, second.code, park.code) == ("CCN-25-0001", "CCN-25-0002", "KCN-25-0001")
    second.delete()
    assert make_zone(phu_tho, name="Cụm công nghiệp Ba").code == "CCN-25-0003"


def test_only_a_park_lies_in_an_economic_zone(phu_tho):
    economic_zone = make_zone(phu_tho, kind="economic_zone", name="Khu kinh tế")
    cluster = Zone(kind="cluster", name="Cụm", code="CCN-25-0100", province=phu_tho, parent=economic_zone)
    with pytest.raises(ValidationError) as error:
        cluster.full_clean()
    assert "parent" in error.value.message_dict


def test_industrial_land_cannot_exceed_gross_area(phu_tho):
    zone = Zone(
        kind="cluster", name="Cụm", code="CCN-25-0100", province=phu_tho, gross_area_ha=50, industrial_land_ha=60
    )
    with pytest.raises(ValidationError) as error:
        zone.full_clean()
    assert "industrial_land_ha" in error.value.message_dict


def test_status_is_the_latest_lifecycle_event_and_every_change_is_in_the_history(phu_tho):
    zone = make_zone(phu_tho)
    assert (zone.status, zone.status_since) == ("planned", None)
    record_status(zone, "operating", dt.date(2024, 6, 1), decision_number="123/QĐ-UBND", issuer="UBND tỉnh")
    record_status(zone, "established", dt.date(2021, 3, 1))
    zone.refresh_from_db()
    assert (zone.status, zone.status_since) == ("operating", dt.date(2024, 6, 1))
    assert [h.status for h in zone.history.order_by("history_date")] == ["planned", "operating"]
    assert zone.lifecycle.count() == 2
