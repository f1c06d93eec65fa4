"""Numbers as Vietnamese and English sources write them (BRIEF §10)."""

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from zoneatlas.core.numbers import NumberFormatError, ParsedNumber, parse_number, parse_number_detail


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """Messages are asserted in English, the msgids."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("86,87%", Decimal("86.87")),
        ("1.400 tỷ", Decimal("1400000000000")),
        ("35,52 ha", Decimal("35.52")),
        ("866,605 ha", Decimal("866.605")),
        ("866,605ha", Decimal("866.605")),
        ("1.234,5", Decimal("1234.5")),
        ("1,234.5", Decimal("1234.5")),
        ("12.000", Decimal("12000")),
        ("12.000.000", Decimal("12000000")),
        ("1,234,567", Decimal("1234567")),
        ("1 234 567", Decimal("1234567")),
        ("398.12", Decimal("398.12")),
        ("0,125", Decimal("0.125")),
        ("1234,567", Decimal("1234.567")),
        ("2021", Decimal("2021")),
        ("-3,5", Decimal("-3.5")),
        ("2 nghìn tỷ", Decimal("2000000000000")),
        ("1,5 nghìn tỷ đồng", Decimal("1500000000000")),
        ("250 tỷ đồng", Decimal("250000000000")),
        ("3 triệu", Decimal("3000000")),
        ("15.4 trillion VND", Decimal("15400000000000")),
        ("250 billion VND", Decimal("250000000000")),
        ("56.3 million USD", Decimal("56300000")),
        ("US$ 56.3 million", Decimal("56300000")),
        ("5.000 m³/ngày đêm", Decimal("5000")),
        ("  86,87 %  ", Decimal("86.87")),
    ],
)
def test_reads_vietnamese_and_english_writing(text: str, expected: Decimal) -> None:
    value = parse_number(text)

    assert value == expected
    assert isinstance(value, Decimal)


def test_a_scaled_amount_is_a_plain_integer_not_an_exponent() -> None:
    assert str(parse_number("1.400 tỷ")) == "1400000000000"


def test_a_single_comma_before_three_digits_is_a_decimal_comma_in_vietnamese_and_flagged() -> None:
    # Seed 001: "21 industrial clusters covering 866,605ha" is 866.605 ha, not 866 thousand.
    assert parse_number_detail("866,605 ha") == ParsedNumber(Decimal("866.605"), ambiguous=True, unit="ha")


def test_a_single_dot_before_three_digits_is_a_thousands_dot_in_vietnamese_and_flagged() -> None:
    assert parse_number_detail("12.000") == ParsedNumber(Decimal("12000"), ambiguous=True)


def test_the_english_hint_reads_a_lone_separator_the_english_way() -> None:
    assert parse_number_detail("866,605", locale_hint="en") == ParsedNumber(Decimal("866605"), ambiguous=True)
    assert parse_number_detail("12.000", locale_hint="en").value == Decimal("12")


@pytest.mark.parametrize("text", ["86,87%", "35,52 ha", "1.234,5", "1,234.5", "12.000.000", "0,125", "398.12"])
def test_unambiguous_writings_are_not_flagged(text: str) -> None:
    assert parse_number_detail(text).ambiguous is False


def test_reports_the_unit_and_the_scale_word() -> None:
    detail = parse_number_detail("1.400 tỷ đồng")

    assert (detail.value, detail.unit, detail.scale) == (Decimal("1400000000000"), "VND", "tỷ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no number given"),
        ("   ", "no number given"),
        ("abc", "“abc” is not a number"),
        ("nearly 87%", "“nearly 87%” is not a number"),
        ("12,000,5", "“12,000,5” has digits grouped in an unusual way"),
        ("1.2.3", "“1.2.3” has digits grouped in an unusual way"),
        ("1.234.5,6,7", "“1.234.5,6,7” mixes separators in a way that cannot be read"),
        ("5,", "“5,” is not a number"),
    ],
)
def test_refuses_what_it_cannot_read_with_a_clear_message(text: str, message: str) -> None:
    with pytest.raises(NumberFormatError) as excinfo:
        parse_number(text)

    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)


def test_an_unknown_locale_hint_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="locale_hint"):
        parse_number("1", locale_hint="fr")
