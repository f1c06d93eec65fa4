import pytest
from django.core.exceptions import ValidationError

from zoneatlas.tenants.taxcodes import check_digit, normalize, validate_tax_code


@pytest.mark.parametrize("code", ["0100109106", "0300588569", "0100112437", "0100109106-001", "001085012345"])
def test_valid_codes_pass(code):
    validate_tax_code(code)


def test_check_digit_is_computed_from_the_weights():
    # 0*31 + 1*29 + 0 + 0 + 1*17 + 0 + 9*7 + 1*5 + 0*3 = 114; 114 mod 11 = 4; 10 - 4 = 6
    assert check_digit("010010910") == 6


def test_a_prefix_whose_sum_is_a_multiple_of_eleven_has_no_valid_code():
    # 1*31 + 1*29 + 1*23 + 1*19 + 1*17 + 1*13 + 0 + 0 + 1*3 = 135 → 135 mod 11 = 3; find one with mod 0:
    prefix = next(f"{n:09d}" for n in range(10**8, 10**8 + 1000) if check_digit(f"{n:09d}") is None)
    assert sum(int(d) * w for d, w in zip(prefix, (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True)) % 11 == 0
    with pytest.raises(ValidationError) as error:
        validate_tax_code(prefix + "0")
    assert error.value.code == "tax_code_check_digit"


def test_a_wrong_check_digit_names_the_right_one():
    with pytest.raises(ValidationError) as error:
        validate_tax_code("0100109107")
    assert error.value.messages == ["tax code “0100109107” fails its check digit (the tenth digit should be 6)"]


@pytest.mark.parametrize("code", ["123", "01001091061", "0100109106-01", "ABCDEFGHIJ", ""])
def test_malformed_codes_are_refused(code):
    with pytest.raises(ValidationError) as error:
        validate_tax_code(code)
    assert error.value.code == "tax_code_format"


def test_branch_000_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_tax_code("0100109106-000")
    assert error.value.code == "tax_code_branch"


def test_normalize_drops_spaces_and_dots():
    assert normalize(" 0100 109.106 ") == "0100109106"
