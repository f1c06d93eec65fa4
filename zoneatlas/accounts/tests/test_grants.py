import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from zoneatlas.accounts.models import Grant
from zoneatlas.geo.models import AdminUnit

from .conftest import person


def test_a_grant_to_a_legacy_province_is_refused_naming_todays(db):
    hoa_binh = AdminUnit.objects.get(era="legacy", level="province", code="17")
    grant = Grant(user=person("someone"), role="provincial_officer", agency="doit", province=hoa_binh)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        grant.full_clean()
    assert (
        "Tỉnh Hòa Bình is a province from before 1 July 2025; grant Tỉnh Phú Thọ (25) instead."
        in (error.value.message_dict["province"])
    )


def test_a_provincial_grant_needs_its_province_and_agency(db):
    grant = Grant(user=person("someone"), role="provincial_officer")
    with pytest.raises(ValidationError) as error:
        grant.full_clean()
    assert set(error.value.message_dict) == {"province", "agency"}
