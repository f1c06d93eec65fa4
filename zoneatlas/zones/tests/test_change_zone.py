"""Changing a zone's registry record through the one service the pages (and the API) use: the model's rules, history."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from zoneatlas.zones.models import Zone
from zoneatlas.zones.services import REASON_MAX_LENGTH, change_zone, validate_zone_change
from zoneatlas.zones.tests.test_models import make_zone, phu_tho  # noqa: F401  (fixture)


@pytest.fixture
def zone(phu_tho):  # noqa: F811
    return make_zone(phu_tho, gross_area_ha=Decimal(50), industrial_land_ha=Decimal(40))


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("officer", "officer@example.org", "a-long-test-password")


def test_a_change_is_saved_with_its_author_and_reason(zone, officer):
    change_zone(zone, {"name": "Cụm công nghiệp Mới", "gross_area_ha": Decimal(60)}, user=officer, reason="Survey")

    zone.refresh_from_db()
    assert (zone.name, zone.gross_area_ha) == ("Cụm công nghiệp Mới", Decimal(60))
    latest = zone.history.latest("history_date")
    assert (latest.history_user, latest.history_change_reason, latest.name) == (officer, "Survey", zone.name)


@pytest.mark.parametrize(
    ("changes", "reason", "field"),
    [
        ({"industrial_land_ha": Decimal(70)}, "", "industrial_land_ha"),
        ({"latitude": Decimal("48.85"), "longitude": Decimal("2.35")}, "", "latitude"),
        ({"name": "Cụm"}, "r" * (REASON_MAX_LENGTH + 1), "reason"),
    ],
)
def test_a_change_breaking_a_rule_is_refused_and_saves_nothing(zone, officer, changes, reason, field):
    before = (Zone.objects.filter(pk=zone.pk).values().get(), zone.history.count())

    with pytest.raises(ValidationError) as error:
        change_zone(zone, changes, user=officer, reason=reason)

    assert list(error.value.message_dict) == [field]
    assert (Zone.objects.filter(pk=zone.pk).values().get(), zone.history.count()) == before


def test_validation_checks_a_copy_and_only_editable_fields(zone):
    with pytest.raises(ValidationError):
        validate_zone_change(zone, {"gross_area_ha": Decimal(10)})
    assert zone.gross_area_ha == Decimal(50)
    with pytest.raises(ValueError, match="Not editable: code, kind"):
        validate_zone_change(zone, {"code": "X", "kind": "park"})


def test_the_reason_fits_the_history_column():
    assert REASON_MAX_LENGTH == Zone.history.model._meta.get_field("history_change_reason").max_length == 100
