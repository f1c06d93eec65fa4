from decimal import Decimal

import pytest

from zoneatlas.reporting.expressions import ExpressionError, NotApplicable, evaluate, names, parse

KNOWN = {"leased_land_ha", "industrial_land_ha", "occupancy_pct", "wwtp_built", "wwtp_meets_standard"}


@pytest.mark.parametrize(
    ("expression", "values", "expected"),
    [
        (
            "leased_land_ha <= industrial_land_ha",
            {"leased_land_ha": Decimal(30), "industrial_land_ha": Decimal(40)},
            True,
        ),
        (
            "leased_land_ha <= industrial_land_ha",
            {"leased_land_ha": Decimal(41), "industrial_land_ha": Decimal(40)},
            False,
        ),
        ("0 <= occupancy_pct <= 100", {"occupancy_pct": Decimal("100.01")}, False),
        ("0 <= occupancy_pct <= 100", {"occupancy_pct": Decimal("86.87")}, True),
        (
            "abs(occupancy_pct - leased_land_ha / industrial_land_ha * 100) <= 5",
            {"occupancy_pct": Decimal("86.87"), "leased_land_ha": Decimal("34.75"), "industrial_land_ha": Decimal(40)},
            True,
        ),
        ("max(leased_land_ha, 1) == 1", {"leased_land_ha": Decimal("0.5")}, True),
        ("wwtp_built or not wwtp_meets_standard", {"wwtp_built": False, "wwtp_meets_standard": True}, False),
        ("wwtp_built or not wwtp_meets_standard", {"wwtp_built": False, "wwtp_meets_standard": False}, True),
        ("-leased_land_ha < 0 and 0.1 + 0.2 == 0.3", {"leased_land_ha": Decimal(1)}, True),  # decimals, not floats
    ],
)
def test_a_rule_evaluates_over_the_values_in_decimal(expression, values, expected):
    assert evaluate(parse(expression, KNOWN), values) is expected


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("__import__('os').system('id')", "only abs(), min() and max() may be called"),
        ("leased_land_ha.real > 0", "Attribute is not allowed in a rule"),
        ("[x for x in leased_land_ha]", "ListComp is not allowed in a rule"),
        ("(lambda: 1)()", "only abs(), min() and max() may be called"),
        ("leased_land_ha ** 2 > 0", "Pow is not allowed in a rule"),
        ("'a' == 'a'", "the constant 'a' is not allowed: use numbers, True or False"),
        ("max(leased_land_ha, key=1)", "max() takes positional arguments only"),
        ("revenue > 0", "unknown indicator “revenue”"),
        ("leased_land_ha <=", "not an expression: invalid syntax"),
        ("leased_land_ha if wwtp_built else 0", "IfExp is not allowed in a rule"),
    ],
)
def test_anything_outside_the_small_language_is_refused_with_the_reason(expression, message):
    with pytest.raises(ExpressionError) as error:
        parse(expression, KNOWN)
    assert str(error.value) == message


def test_a_missing_value_or_a_division_by_zero_makes_the_rule_not_applicable():
    tree = parse("leased_land_ha / industrial_land_ha < 1", KNOWN)
    with pytest.raises(NotApplicable):
        evaluate(tree, {"leased_land_ha": Decimal(1)})
    with pytest.raises(NotApplicable):
        evaluate(tree, {"leased_land_ha": Decimal(1), "industrial_land_ha": Decimal(0)})


def test_names_lists_the_indicators_a_rule_reads():
    assert names(parse("abs(occupancy_pct - leased_land_ha) <= 5", KNOWN)) == {"occupancy_pct", "leased_land_ha"}
