"""Resolving free text to administrative units of both eras."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from zoneatlas.geo.choices import Era, Level
from zoneatlas.geo.models import AdminUnit
from zoneatlas.geo.services import clear_cache, normalize, resolve, resolve_province

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def codes(units):
    return [(unit.era, unit.level, unit.code) for unit in units]


def key(unit):
    return None if unit is None else (unit.era, unit.level, unit.code)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hòa Bình", "hoabinh"),
        ("Hoà Bình", "hoabinh"),
        ("  Thành phố Hồ Chí Minh. ", "thanhphohochiminh"),
        ("Đắk Lắk", "daklak"),
        ("Bà Rịa - Vũng Tàu", "bariavungtau"),
        ("Quận 1", "quan1"),
    ],
)
def test_normalize_drops_case_diacritics_spaces_and_punctuation(text, expected):
    assert normalize(text) == expected


def test_every_spelling_of_hoa_binh_names_the_former_province_now_in_phu_tho(subtests):
    for text in ["Hoà Bình", "Hòa Bình", "Hoa Binh", "hoa binh", "tỉnh Hòa Bình", "HOA BINH province"]:
        with subtests.test(text=text):
            resolution = resolve(text)

            assert resolution.ok
            assert key(resolution.matched) == (Era.LEGACY, Level.PROVINCE, "17")
            assert resolution.legacy == resolution.matched
            assert codes(resolution.current) == [(Era.CURRENT, Level.PROVINCE, "25")]
            assert key(resolution.province) == (Era.CURRENT, Level.PROVINCE, "25")
            assert resolution.is_split is False
            assert resolution.candidates == ()
            assert resolution.note == "Hòa Bình is a province before 1 July 2025; today it is part of Phú Thọ."


def test_every_spelling_of_a_current_province_names_it(subtests):
    expected = {
        "TP HCM": "79",
        "TP. Hồ Chí Minh": "79",
        "TP.HCM": "79",
        "Ho Chi Minh City": "79",
        "Thành phố Hồ Chí Minh": "79",
        "Hanoi": "01",
        "Ha Noi": "01",
        "Thành phố Hà Nội": "01",
        "Khanh Hoa": "56",
        "Khánh Hòa": "56",
        "Lang Son": "20",
        "Phu Tho": "25",
        "Thừa Thiên Huế": "46",
    }
    for text, code in expected.items():
        with subtests.test(text=text):
            resolution = resolve(text)

            assert key(resolution.matched) == (Era.CURRENT, Level.PROVINCE, code)
            assert resolution.legacy is None
            assert resolution.current == (resolution.matched,)
            assert resolution.province == resolution.matched
            assert resolution.is_split is False


def test_a_name_of_both_eras_answers_todays_unit_and_says_what_it_was_formed_from():
    khanh_hoa = resolve("Khanh Hoa")
    lang_son = resolve("Lạng Sơn")

    assert khanh_hoa.note == (
        "Khánh Hòa is a province today (code 56), formed on 1 July 2025 from the former provinces "
        "Khánh Hòa (56), Ninh Thuận (58)."
    )
    assert lang_son.note == "Lạng Sơn is a province both before and after 1 July 2025 (code 20); it was not merged."


def test_a_date_before_the_reorganisation_reads_the_name_as_the_former_unit():
    resolution = resolve("Khánh Hòa", on=dt.date(2024, 12, 31))

    assert key(resolution.matched) == (Era.LEGACY, Level.PROVINCE, "56")
    assert resolution.legacy == resolution.matched
    assert codes(resolution.current) == [(Era.CURRENT, Level.PROVINCE, "56")]
    assert resolve("Khánh Hòa", on=dt.date(2025, 7, 1)).matched == resolve("Khánh Hòa").matched


def test_an_address_resolves_the_province_then_the_district_within_it():
    resolution = resolve("Huyện Lạc Thủy, Tỉnh Hòa Bình")

    assert key(resolution.matched) == (Era.LEGACY, Level.DISTRICT, "159")
    assert resolution.legacy == resolution.matched
    assert codes(resolution.current) == [
        (Era.CURRENT, Level.COMMUNE, "05392"),  # Xã Lạc Thủy, the main successor, first
        (Era.CURRENT, Level.COMMUNE, "05425"),  # Xã An Bình
        (Era.CURRENT, Level.COMMUNE, "05395"),  # Xã An Nghĩa
    ]
    assert {unit.province_id for unit in resolution.current} == {resolution.province.pk}
    assert key(resolution.province) == (Era.CURRENT, Level.PROVINCE, "25")
    assert resolution.is_split is True
    assert resolution.note == (
        "Huyện Lạc Thủy (Hòa Bình) is a district before 1 July 2025; districts were abolished and today its "
        "area is in 3 communes of Phú Thọ: Xã Lạc Thủy, Xã An Bình, Xã An Nghĩa."
    )


def test_a_district_named_alone_or_in_english_is_the_same_district(subtests):
    for text in ["Lac Thuy district", "Lạc Thủy", "huyen lac thuy", "Lạc Thủy, Hòa Bình", "Lac Thuy, Phu Tho"]:
        with subtests.test(text=text):
            assert key(resolve(text).matched) == (Era.LEGACY, Level.DISTRICT, "159")


def test_a_commune_type_picks_the_commune_over_the_district_of_the_same_name():
    resolution = resolve("Xã Lạc Thủy, Phú Thọ")

    assert key(resolution.matched) == (Era.CURRENT, Level.COMMUNE, "05392")
    assert resolution.legacy is None
    assert resolution.note == (
        "Xã Lạc Thủy is a commune-level unit of Phú Thọ since 1 July 2025, formed from Thị trấn Chi Nê (Hòa Bình), "
        "Xã Khoan Dụ (Hòa Bình), Xã Đồng Tâm (Hòa Bình), Xã Yên Bồng (Hòa Bình)."
    )
    assert key(resolve("Lạc Thủy, Phú Thọ", level=Level.COMMUNE).matched) == (Era.CURRENT, Level.COMMUNE, "05392")


def test_a_split_commune_is_flagged_with_its_main_successor_first():
    resolution = resolve("Phường Cống Vị, Quận Ba Đình, Hà Nội")

    assert key(resolution.matched) == (Era.LEGACY, Level.COMMUNE, "00007")
    assert resolution.is_split is True
    assert [(unit.code, unit.name) for unit in resolution.current] == [
        ("00008", "Phường Ngọc Hà"),
        ("00025", "Phường Giảng Võ"),
    ]
    assert key(resolution.province) == (Era.CURRENT, Level.PROVINCE, "01")
    assert resolution.note == (
        "Phường Cống Vị (Hà Nội) is a commune before 1 July 2025; it was split between Phường Ngọc Hà, "
        "Phường Giảng Võ (Hà Nội), the main part going to Phường Ngọc Hà."
    )


def test_a_legacy_commune_that_was_merged_whole_has_one_successor():
    resolution = resolve("Thị trấn Chi Nê, Lạc Thủy, Hòa Bình")

    assert key(resolution.matched) == (Era.LEGACY, Level.COMMUNE, "05392")
    assert [unit.name for unit in resolution.current] == ["Xã Lạc Thủy"]
    assert resolution.is_split is False
    assert resolution.note == (
        "Thị trấn Chi Nê (Hòa Bình) is a commune before 1 July 2025; today it is part of Xã Lạc Thủy, Phú Thọ."
    )


def test_street_details_and_the_country_around_an_address_are_ignored():
    resolution = resolve("Số 12 Lê Lợi, Phường Bến Nghé, Quận 1, TP.HCM, Việt Nam")

    assert (resolution.matched.level, resolution.matched.name) == (Level.COMMUNE, "Phường Bến Nghé")
    assert [unit.name for unit in resolution.current] == ["Phường Sài Gòn"]
    assert key(resolution.province) == (Era.CURRENT, Level.PROVINCE, "79")


def test_an_unknown_commune_in_a_known_district_stops_at_the_district_and_says_so():
    resolution = resolve("Xã Không Có, Huyện Lạc Thủy, Tỉnh Hòa Bình")

    assert key(resolution.matched) == (Era.LEGACY, Level.DISTRICT, "159")
    assert resolution.note.endswith("“Xã Không Có” was not found in Huyện Lạc Thủy (Hòa Bình); the answer stops there.")


def test_a_name_shared_by_several_units_of_the_same_level_is_ambiguous():
    resolution = resolve("Châu Thành")

    assert not resolution.ok
    assert (resolution.matched, resolution.current, resolution.province) == (None, (), None)
    assert len(resolution.candidates) == 5
    assert {(unit.era, unit.level, unit.short_name) for unit in resolution.candidates} == {
        (Era.LEGACY, Level.DISTRICT, "Châu Thành")
    }
    assert (
        resolution.note == "“Châu Thành” names 10 units; add the province to choose one, e.g. “Châu Thành, Tây Ninh”."
    )
    assert resolve("Châu Thành, Long An").matched.province.short_name == "Long An"


def test_unresolvable_text_offers_the_closest_units():
    resolution = resolve("Hoa Bihn")

    assert not resolution.ok
    assert (resolution.matched, resolution.legacy, resolution.province, resolution.current) == (None, None, None, ())
    assert key(resolution.candidates[0]) == (Era.LEGACY, Level.PROVINCE, "17")
    assert [unit.short_name for unit in resolution.candidates] == ["Hòa Bình"] * 5
    assert resolution.note.startswith("No administrative unit matches “Hoa Bihn”. Closest: Hòa Bình, ")


def test_unresolvable_province_offers_provinces_only():
    resolution = resolve_province("Lang Sonn")

    assert not resolution.ok
    assert [(unit.era, unit.level, unit.code) for unit in resolution.candidates][:2] == [
        (Era.CURRENT, Level.PROVINCE, "20"),
        (Era.LEGACY, Level.PROVINCE, "20"),
    ]
    assert {unit.level for unit in resolution.candidates} == {Level.PROVINCE}


def test_nonsense_and_empty_text_match_nothing():
    nonsense = resolve("qqqqxxxx")
    empty = resolve(" , ")

    assert (nonsense.ok, nonsense.candidates, nonsense.note) == (
        False,
        (),
        "No administrative unit matches “qqqqxxxx”.",
    )
    assert (empty.ok, empty.note) == (False, "Nothing to look up: the text names no place.")


def test_resolve_province_reads_the_last_part_of_an_address():
    resolution = resolve_province("Huyện Lạc Thủy, Tỉnh Hòa Bình")

    assert key(resolution.matched) == (Era.LEGACY, Level.PROVINCE, "17")
    assert key(resolution.province) == (Era.CURRENT, Level.PROVINCE, "25")
    assert key(resolve_province("Hà Nội").matched) == (Era.CURRENT, Level.PROVINCE, "01")


def test_a_level_restricts_the_answer():
    districts = resolve("Hòa Bình", level=Level.DISTRICT)

    assert not districts.ok
    assert [(unit.name, unit.province.short_name) for unit in districts.candidates] == [
        ("Thành phố Hòa Bình", "Hòa Bình"),
        ("Huyện Hòa Bình", "Bạc Liêu"),
    ]
    assert key(resolve("Hòa Bình, Hòa Bình", level=Level.DISTRICT).matched) == (Era.LEGACY, Level.DISTRICT, "148")
    assert resolve("Lạng Sơn, Lạng Sơn", level=Level.PROVINCE).matched.code == "20"
    with pytest.raises(ValueError, match="unknown level 'ward'"):
        resolve("Hòa Bình", level="ward")


def test_island_districts_map_to_todays_special_zones():
    resolution = resolve("Côn Đảo")

    assert (resolution.matched.level, resolution.matched.name) == (Level.DISTRICT, "Huyện Côn Đảo")
    assert [(unit.name, unit.unit_type) for unit in resolution.current] == [("Đặc khu Côn Đảo", "Đặc khu")]
    assert resolution.province.short_name == "Hồ Chí Minh"


def test_resolving_thousands_of_rows_runs_no_query_once_the_index_is_built(django_assert_num_queries):
    names = list(AdminUnit.objects.filter(level=Level.COMMUNE).values_list("name", "province__short_name")[:3000])
    resolve("Hà Nội")

    with django_assert_num_queries(0):
        answers = [resolve(f"{name}, {province}") for name, province in names]

    assert sum(answer.ok for answer in answers) == 3000


@pytest.mark.usefixtures("fresh_admin_unit_index")
def test_clear_cache_makes_a_new_unit_visible():
    assert resolve("Thử Nghiệm").matched is None
    phu_tho = AdminUnit.objects.get(era=Era.CURRENT, level=Level.PROVINCE, code="25")
    AdminUnit.objects.create(
        era=Era.CURRENT,
        level=Level.COMMUNE,
        code="99999",
        name="Xã Thử Nghiệm",
        short_name="Thử Nghiệm",
        unit_type="Xã",
        parent=phu_tho,
        province=phu_tho,
        search_key="thunghiem",
    )

    assert resolve("Thử Nghiệm").matched is None  # the index is built once per process
    clear_cache()
    assert key(resolve("Xã Thử Nghiệm, Phú Thọ").matched) == (Era.CURRENT, Level.COMMUNE, "99999")


def test_a_level_asked_is_not_answered_with_a_larger_unit():
    resolution = resolve("Xã Không Có, Huyện Lạc Thủy, Tỉnh Hòa Bình", level=Level.COMMUNE)

    assert not resolution.ok
    assert resolution.note == (
        "“Xã Không Có” was not found in Huyện Lạc Thủy (Hòa Bình); the answer stops there. "
        "“Xã Không Có, Huyện Lạc Thủy, Tỉnh Hòa Bình” names no commune."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Both former provinces now form Tây Ninh, each had a Châu Thành district: the one named wins.
        ("Huyện Châu Thành, Tỉnh Tây Ninh", ("Huyện Châu Thành", "Tây Ninh")),
        ("Huyện Châu Thành, Tỉnh Long An", ("Huyện Châu Thành", "Long An")),
        # Two communes of one district whose names differ only by a tone mark.
        ("Xã Minh Quán, Huyện Trấn Yên, Tỉnh Yên Bái", ("Xã Minh Quán", "Yên Bái")),
        ("Xã Minh Quân, Huyện Trấn Yên, Tỉnh Yên Bái", ("Xã Minh Quân", "Yên Bái")),
        # A township and a commune of the same name in one district: the type tells them apart.
        ("Thị trấn Yên Viên, Gia Lâm, Hà Nội", ("Thị trấn Yên Viên", "Hà Nội")),
        ("Xã Yên Viên, Gia Lâm, Hà Nội", ("Xã Yên Viên", "Hà Nội")),
    ],
)
def test_namesakes_are_told_apart_by_province_diacritics_or_type(text, expected):
    matched = resolve(text).matched

    assert (matched.name, matched.province.short_name) == expected


def test_todays_commune_is_preferred_to_a_former_one_of_the_same_name_and_type():
    resolution = resolve("Phường Việt Hòa, Thành phố Hải Phòng")

    assert key(resolution.matched) == (Era.CURRENT, Level.COMMUNE, "10543")
    assert resolution.matched.unit_type == "Phường"


def test_the_admin_units_command_prints_a_readable_resolution(capsys):
    call_command("admin_units", "resolve", "Huyện Lạc Thủy, Tỉnh Hòa Bình")

    assert capsys.readouterr().out.splitlines() == [
        "Query: Huyện Lạc Thủy, Tỉnh Hòa Bình",
        "Matched: Huyện Lạc Thủy, Hòa Bình  [district 159, before 1 July 2025]",
        "Province today: Tỉnh Phú Thọ  [province 25, since 1 July 2025]",
        "Unit(s) today:",
        "  - Xã Lạc Thủy, Phú Thọ  [commune 05392, since 1 July 2025]",
        "  - Xã An Bình, Phú Thọ  [commune 05425, since 1 July 2025]",
        "  - Xã An Nghĩa, Phú Thọ  [commune 05395, since 1 July 2025]",
        "Split: yes, the first unit above received the main part.",
        "Note: Huyện Lạc Thủy (Hòa Bình) is a district before 1 July 2025; districts were abolished and today "
        "its area is in 3 communes of Phú Thọ: Xã Lạc Thủy, Xã An Bình, Xã An Nghĩa.",
    ]


def test_the_admin_units_command_prints_json_and_fails_when_nothing_matches(capsys):
    with pytest.raises(CommandError, match="No unit found"):
        call_command("admin_units", "resolve", "Hoa Bihn", "--json")

    body = json.loads(capsys.readouterr().out)
    assert (body["ok"], body["matched"]) == (False, None)
    assert body["candidates"][0] == {
        "code": "17",
        "name": "Tỉnh Hòa Bình",
        "short_name": "Hòa Bình",
        "era": "legacy",
        "level": "province",
        "province_code": "17",
    }
