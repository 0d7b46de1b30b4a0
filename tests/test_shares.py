from decimal import Decimal
from fractions import Fraction

import pytest

from tiktok_deal.shares import format_fraction, format_percent, parse_stake


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19.9%", Fraction(199, 1000)),  # 19.9 / 100
        ("20 %", Fraction(1, 5)),
        (" 12.5% ", Fraction(1, 8)),
        ("199/1000", Fraction(199, 1000)),
        ("0.199", Fraction(199, 1000)),
        ("1", Fraction(1)),
        ("0", Fraction(0)),
        (0.199, Fraction(199, 1000)),  # by its decimal text, not the binary double
        (Decimal("0.18"), Fraction(9, 50)),
        (1, Fraction(1)),
        (Fraction(1, 3), Fraction(1, 3)),
    ],
)
def test_parse_stake_accepts_the_contract_forms(text: object, expected: Fraction) -> None:
    assert parse_stake(text) == expected


def test_decimal_text_makes_point_18_plus_point_02_exactly_one_fifth() -> None:
    # As floats 0.18 + 0.02 == 0.19999999999999998; read as decimals they are 18/100 + 2/100.
    assert 0.18 + 0.02 != 0.2
    assert parse_stake(0.18) + parse_stake(0.02) == Fraction(1, 5)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1%", "cannot be negative"),
        (-0.1, "cannot be negative"),
        ("abc", "expected a stake"),
        ("20", "cannot exceed 100 %"),  # 20 means 2000 %: the % sign was forgotten
        (1.5, "cannot exceed 100 %"),
        ("1/0", "expected a stake"),
        ("nan", "finite"),
        (float("inf"), "finite"),
        (True, "expected a stake"),
        (None, "expected a stake"),
        ("5/10%", "expected a stake"),
    ],
)
def test_parse_stake_rejects_bad_values_with_a_reason(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_stake(value)


def test_a_forgotten_percent_sign_gets_a_hint() -> None:
    with pytest.raises(ValueError, match='"20%"'):
        parse_stake("20")
    with pytest.raises(ValueError, match=r"exceed 100 %, got '140%'$"):
        parse_stake("140%")  # the % sign is there: no hint


@pytest.mark.parametrize(
    ("fraction", "percent", "stored"),
    [
        (Fraction(199, 1000), "19.9 %", "19.9%"),
        (Fraction(1, 5), "20 %", "20%"),
        (Fraction(1, 8), "12.5 %", "12.5%"),
        (Fraction(1, 3), "≈ 33.33 %", "1/3"),  # 100/3 does not terminate
        (Fraction(0), "0 %", "0%"),
    ],
)
def test_formatting(fraction: Fraction, percent: str, stored: str) -> None:
    assert format_percent(fraction) == percent
    assert format_fraction(fraction) == stored
    assert parse_stake(stored) == fraction
