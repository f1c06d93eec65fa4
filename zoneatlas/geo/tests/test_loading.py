"""Loading the administrative units of both eras from the files shipped in the app."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import translation

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.loading import SUCCESSIONS_FILE, UNITS_FILE, load_admin_units, read_rows, refresh_admin_units
from zoneatlas.geo.models import AdminUnit, UnitSuccession

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def unit(era: str, level: str, code: str) -> AdminUnit:
    return AdminUnit.objects.select_related("parent", "province").get(era=era, level=level, code=code)


def test_both_eras_are_loaded_with_the_official_counts():
    counts = {
        (era, level): AdminUnit.objects.filter(era=era, level=level).count()
        for era, level in [
            (Era.CURRENT, Level.PROVINCE),
            (Era.CURRENT, Level.COMMUNE),
            (Era.LEGACY, Level.PROVINCE),
            (Era.LEGACY, Level.DISTRICT),
            (Era.LEGACY, Level.COMMUNE),
        ]
    }

    assert counts == {
        (Era.CURRENT, Level.PROVINCE): 34,
        (Era.CURRENT, Level.COMMUNE): 3321,
        (Era.LEGACY, Level.PROVINCE): 63,
        (Era.LEGACY, Level.DISTRICT): 696,
        (Era.LEGACY, Level.COMMUNE): 10035,
    }
    assert AdminUnit.objects.count() == 14149
    assert AdminUnit.objects.filter(era=Era.CURRENT, level=Level.DISTRICT).count() == 0


def test_the_crosswalk_covers_every_legacy_unit():
    by_level = {
        level: UnitSuccession.objects.filter(predecessor__level=level).count()
        for level in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE)
    }

    assert by_level == {Level.PROVINCE: 63, Level.DISTRICT: 3679, Level.COMMUNE: 10597}
    assert AdminUnit.objects.legacy().filter(successions__isnull=True).count() == 0
    assert AdminUnit.objects.current().filter(level=Level.COMMUNE, predecessions__isnull=True).count() == 0
    split = UnitSuccession.objects.filter(predecessor__level=Level.COMMUNE, is_split=True)
    assert split.values("predecessor").distinct().count() == 471
    # Each legacy unit has exactly one main successor.
    assert UnitSuccession.objects.filter(is_default=True).count() == 63 + 696 + 10035


def test_hoa_binh_became_part_of_phu_tho():
    hoa_binh = unit(Era.LEGACY, Level.PROVINCE, "17")

    succession = UnitSuccession.objects.select_related("successor").get(predecessor=hoa_binh)

    assert (hoa_binh.name, hoa_binh.short_name, hoa_binh.unit_type) == ("Tỉnh Hòa Bình", "Hòa Bình", "Tỉnh")
    assert (succession.successor.era, succession.successor.code, succession.successor.name) == (
        Era.CURRENT,
        "25",
        "Tỉnh Phú Thọ",
    )
    assert (succession.is_split, succession.is_default, succession.effective_on) == (False, True, dt.date(2025, 7, 1))


def test_a_legacy_district_knows_its_province_and_its_communes():
    lac_thuy = unit(Era.LEGACY, Level.DISTRICT, "159")

    assert (lac_thuy.name, lac_thuy.unit_type, lac_thuy.search_key) == ("Huyện Lạc Thủy", "Huyện", "lacthuy")
    assert (lac_thuy.parent.code, lac_thuy.province.code) == ("17", "17")
    assert lac_thuy.children.count() == 10
    successors = UnitSuccession.objects.filter(predecessor=lac_thuy).order_by("successor__code")
    assert [(s.successor.code, s.successor.name, s.is_split, s.is_default) for s in successors] == [
        ("05392", "Xã Lạc Thủy", True, True),
        ("05395", "Xã An Nghĩa", True, False),
        ("05425", "Xã An Bình", True, False),
    ]


def test_units_carry_their_era_validity_coordinates_and_search_key():
    chi_ne = unit(Era.LEGACY, Level.COMMUNE, "05392")
    lac_thuy = unit(Era.CURRENT, Level.COMMUNE, "05392")
    phu_tho = unit(Era.CURRENT, Level.PROVINCE, "25")

    assert (chi_ne.name, chi_ne.valid_from, chi_ne.valid_to) == ("Thị trấn Chi Nê", None, dt.date(2025, 6, 30))
    assert chi_ne.parent.code == "159"
    assert (lac_thuy.valid_from, lac_thuy.valid_to) == (dt.date(2025, 7, 1), None)
    assert (lac_thuy.parent, lac_thuy.province) == (phu_tho, phu_tho)
    assert str(lac_thuy.area_km2) == "90.69"
    assert [str(value) for value in lac_thuy.point] == ["20.476000", "105.799000"]
    assert (phu_tho.province, phu_tho.parent) == (phu_tho, None)
    assert AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="79").search_key == "hochiminh"


def test_loading_again_changes_nothing(django_assert_num_queries):
    with django_assert_num_queries(2):  # two counts, nothing written
        assert load_admin_units() == (0, 0)

    assert AdminUnit.objects.count() == len(read_rows(UNITS_FILE))
    assert UnitSuccession.objects.count() == len(read_rows(SUCCESSIONS_FILE))


def test_loading_restores_only_what_is_missing():
    cong_vi = unit(Era.LEGACY, Level.COMMUNE, "00007")
    UnitSuccession.objects.filter(predecessor=cong_vi).delete()
    cong_vi.delete()
    UnitSuccession.objects.filter(predecessor__code="17", predecessor__level=Level.PROVINCE).delete()

    created = load_admin_units()

    assert created == (1, 3)
    restored = unit(Era.LEGACY, Level.COMMUNE, "00007")
    assert (restored.name, restored.parent.code) == ("Phường Cống Vị", "001")
    assert sorted(
        UnitSuccession.objects.filter(predecessor=restored).values_list("successor__code", "is_split", "is_default")
    ) == [("00008", True, True), ("00025", True, False)]
    assert AdminUnit.objects.count() == 14149
    assert UnitSuccession.objects.count() == 14339


def test_the_management_command_reports_what_it_did(capsys):
    call_command("load_admin_units")

    assert capsys.readouterr().out == "Administrative units already loaded (14149 units, 14339 successions).\n"


def test_refresh_rewrites_units_loaded_from_older_files(capsys):
    # As loaded from the first extraction: the package's bracketed short name and a wrong type.
    AdminUnit.objects.filter(era=Era.LEGACY, level=Level.COMMUNE, code="00532").update(
        short_name="Yên Viên (Xã)", search_key="yenvienxa"
    )
    AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, code="10543").update(unit_type="Xã")

    call_command("load_admin_units", "--refresh")

    assert capsys.readouterr().out.splitlines()[-1] == "Updated 2 administrative units."
    yen_vien = unit(Era.LEGACY, Level.COMMUNE, "00532")
    assert (yen_vien.short_name, yen_vien.search_key) == ("Yên Viên", "yenvien")
    assert unit(Era.CURRENT, Level.COMMUNE, "10543").unit_type == "Phường"
    assert refresh_admin_units() == 0
