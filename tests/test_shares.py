import re
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


# ----------------------------------------------------------------------------- the digit limit
@pytest.mark.parametrize(
    ("value", "numerator", "denominator"),
    [
        ("19.9%", 3, 2),  # 199 / 10
        ("199/1000", 3, 4),
        ("0.0125", 5, 5),  # 00125 / 10000: leading zeros count
        ("1.25e-2", 5, 5),  # the same number in its plain form
        ("1.5e3", 4, 1),
        (".5", 2, 2),  # as 0.5
        ("0001/3", 4, 1),
        (Decimal("0.0125"), 5, 5),
        (Decimal("1.25E-2"), 5, 5),
        (0.0125, 5, 5),
    ],
)
def test_digits_are_counted_as_written(value: object, numerator: int, denominator: int) -> None:
    # Within the limit at exactly these counts, over it with one more digit on either side.
    from tiktok_deal import shares

    original = shares.MAX_DIGITS
    try:
        shares.MAX_DIGITS = max(numerator, denominator)
        shares._parse_text.cache_clear()
        parse_stake(value) if isinstance(value, str) and "%" in value else shares.exact_number(value)
        shares.MAX_DIGITS = max(numerator, denominator) - 1
        shares._parse_text.cache_clear()
        with pytest.raises(ValueError, match="at most"):
            shares.exact_number(value)
    finally:
        shares.MAX_DIGITS = original
        shares._parse_text.cache_clear()


@pytest.mark.parametrize(
    "value",
    ["0." + "3" * 99, "0." + "0" * 97 + "5%", "1/" + "7" * 100, Decimal("0." + "3" * 99), "1e-99"],
)
def test_one_hundred_digits_are_allowed(value: object) -> None:
    assert 0 < parse_stake(value) < 1


@pytest.mark.parametrize(
    "value",
    ["0." + "3" * 100, "0." + "3" * 4000 + "%", "1/" + "7" * 101, "0" * 100 + "1%",
     Decimal("0." + "3" * 100), "1e-100", "1e-999999999", "1e-99999999999999999999", 1e-300],
)  # fmt: skip
def test_more_are_refused_at_once(value: object) -> None:
    with pytest.raises(ValueError, match="at most 100 digits"):
        parse_stake(value)


@pytest.mark.parametrize("value", ["٢٠%", "２０%", "20％", "1/٣", "0.٥"])
def test_only_ascii_digits_are_read(value: str) -> None:
    with pytest.raises(ValueError, match="expected a stake"):
        parse_stake(value)


@pytest.mark.parametrize(
    "fraction",
    [Fraction(1, 2**100), Fraction(7, 10**60), Fraction(1, 5**40), Fraction(123456789, 2**80)],
)
def test_long_exact_decimals_are_never_rounded(fraction: Fraction) -> None:
    # A Decimal division would round past 28 digits; the text must read back exactly.
    assert parse_stake(format_fraction(fraction)) == fraction
    assert "≈" not in format_percent(fraction)
    assert Fraction(format_percent(fraction).removesuffix(" %")) / 100 == fraction


def test_messages_quote_long_values_cut_short() -> None:
    with pytest.raises(ValueError, match="expected a stake") as caught:
        parse_stake("x" * 100_000)
    assert len(str(caught.value)) < 200
    assert "100,000 characters" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "value"),
    [("1e2", 100), ("1.5e1", 15), ("-2.5e-1", Fraction(-1, 4)), ("+.5e+1", 5), ("0e9", 0),
     ("120%", Fraction(6, 5)), ("-1/-3", Fraction(1, 3)), ("1/-3", Fraction(-1, 3))],
)  # fmt: skip
def test_exact_numbers_beyond_a_stakes_range(text: str, value: Fraction) -> None:
    from tiktok_deal.shares import exact_number

    assert exact_number(text) == value


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "expected a finite stake, got 'nan'"),
        ("-Infinity", "expected a finite stake, got '-Infinity'"),
        ("+inf%", "expected a finite stake, got '+inf%'"),
        ("inf-", 'expected a stake such as "19.9%", "199/1000" or 0.199, got \'inf-\''),
        ("1e" + "9" * 5000, "at most 100 digits in its numerator and 100 in its denominator as "
                            "written, got '1e99999999999999999999999999999…99999' (5,002 characters)"),
        (Decimal("NaN"), "expected a finite stake, got NaN"),
        ("0." + "1" * 100, "at most 100 digits in its numerator and 100 in its denominator as "
                           "written, got '0.11111111111111111111111111111…11111' (102 characters)"),
        ("sNaN", "expected a finite stake, got 'sNaN'"),
        ("infinite", 'expected a stake such as "19.9%", "199/1000" or 0.199, got \'infinite\''),
        (float("nan"), "expected a finite stake, got nan"),
        ([1], 'expected a stake such as "19.9%", "199/1000" or 0.199, got list [1]'),
    ],
)  # fmt: skip
def test_messages_for_what_is_not_a_stake(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message) + "$"):
        parse_stake(value)


def test_the_limit_in_format_fraction_is_the_loaders() -> None:
    at = Fraction(1, 10**101)  # 0.0…01 %: 100 digits in its plain form
    assert format_fraction(at) == "0." + "0" * 98 + "1%"
    assert parse_stake(format_fraction(at)) == at
    assert format_fraction(at / 10) == "1/1" + "0" * 102  # its percentage would need 101


@pytest.mark.parametrize(
    ("value", "text"),
    [("x" * 40, "'" + "x" * 31 + "…xxxxx' (40 characters)"), ("x" * 38, "'" + "x" * 38 + "'"),
     (Decimal("5.5"), "5.5"), pytest.param(10**5000, "int too large to show", id="huge"),
     ([1, "a"], "[1, 'a']")],
)  # fmt: skip
def test_shown(value: object, text: str) -> None:
    from tiktok_deal.shares import shown

    assert shown(value) == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1%", "a stake cannot be negative, got '-1%'"),
        (Decimal("-0.5"), "a stake cannot be negative, got -0.5"),
        ("100", 'a stake cannot exceed 100 %, got \'100\' (write a percentage with a % sign, '
                'e.g. "20%")'),
        ("101", "a stake cannot exceed 100 %, got '101'"),
        ("101%", "a stake cannot exceed 100 %, got '101%'"),
        (1e-300, "a stake may have at most 100 digits in its numerator and 100 in its "
                 "denominator as written, got 1e-300"),
    ],
)  # fmt: skip
def test_range_messages(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message) + "$"):
        parse_stake(value)


def test_text_of_a_str_subclass_is_read_as_text() -> None:
    class Text(str):
        pass

    assert parse_stake(Text("12.5%")) == Fraction(1, 8)
    with pytest.raises(ValueError, match=r"got 'x'$"):
        parse_stake(Text("x"))


@pytest.mark.parametrize(
    ("fraction", "text"),
    [(Fraction(1, 8), "12.5"), (Fraction(1, 2), "50"), (Fraction(1, 5**3), "0.8"),
     (Fraction(3, 2**5), "9.375"), (Fraction(1, 10), "10"), (Fraction(0), "0"),
     (Fraction(-1, 4), "-25"), (Fraction(7, 3), None), (Fraction(1, 6), None)],
)  # fmt: skip
def test_the_exact_percentage_text(fraction: Fraction, text: str | None) -> None:
    from tiktok_deal.shares import _percent_text

    assert _percent_text(fraction) == text


def test_numpy_numbers_are_read_by_their_shortest_text() -> None:
    """What a pandas column holds: 0.2 as a float64 or float32 is 1/5, 1 as an int64 is 1."""
    import numpy as np

    assert parse_stake(np.float64(0.2)) == Fraction(1, 5)
    assert parse_stake(np.float32(0.2)) == Fraction(1, 5)
    assert parse_stake(np.int64(1)) == 1
    with pytest.raises(ValueError, match=r"got nan$"):
        parse_stake(np.float64("nan"))
    with pytest.raises(ValueError, match="cannot exceed 100 %, got 3"):
        parse_stake(np.int64(3))
