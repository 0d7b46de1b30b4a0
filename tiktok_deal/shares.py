"""Exact stakes: parse ``"19.9%"``, ``"199/1000"``, ``"0.199"`` or a number by its decimal text.

Contract §2: no binary floating point in any legal test, so ``0.18 + 0.02`` is exactly ``1/5``.

One limit holds for every written form: a number as written has at most ``MAX_DIGITS`` digits in
its numerator and as many in its denominator. For ``"p/q"`` those are the digits of ``p`` and
``q`` as written. A decimal such as ``0.0125`` (or ``1.25e-2``, or the ``1.25`` of ``"1.25%"``)
is counted in its plain form, ``00125 / 10000``: every digit counts, leading zeros included, and
the denominator is the power of ten its decimal places make (so at most 99 decimal places). The
limit is checked on the text, before any arithmetic, so ``"1e-999999999"`` is refused at once
rather than expanded.
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

__all__ = [
    "MAX_DIGITS",
    "exact_number",
    "format_fraction",
    "format_percent",
    "parse_stake",
    "shown",
]

EXAMPLES = '"19.9%", "199/1000" or 0.199'
#: The most digits a stake's numerator, and its denominator, may have as written.
MAX_DIGITS = 100
_SHOWN = 40  # characters of an offending text quoted in a message

# ASCII digits only: "٢٠%" or a full-width "２０%" is not a stake a reader can check by eye.
_PERCENT = re.compile(r"\s*([0-9]+)(?:\.([0-9]+))?\s*%\s*")  # the common "12.5%"
_RATIO = re.compile(r"\s*([+-]?)([0-9]+)\s*/\s*([+-]?)([0-9]+)\s*")
_DECIMAL = re.compile(r"([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?")
_NOT_FINITE = re.compile(r"[+-]?(s?nan|inf(inity)?)", re.IGNORECASE)


def parse_stake(value: object) -> Fraction:
    """Return ``value`` as an exact fraction of a whole, in [0, 1].

    Numbers are read by their decimal text: the float ``0.199`` is ``199/1000``, not the binary
    double nearest to it. A number as written may have at most ``MAX_DIGITS`` digits in its
    numerator and in its denominator (a ``Fraction`` is taken as it is). Raises ``ValueError``
    with a message meant for the user.
    """
    fraction = _to_fraction(value)
    if fraction.numerator < 0:  # integer tests: much faster than comparing fractions
        raise ValueError(f"a stake cannot be negative, got {shown(value)}")
    if fraction.numerator > fraction.denominator:
        forgot = fraction <= 100 and not (isinstance(value, str) and "%" in value)
        hint = ' (write a percentage with a % sign, e.g. "20%")' if forgot else ""
        raise ValueError(f"a stake cannot exceed 100 %, got {shown(value)}{hint}")
    return fraction


def exact_number(value: object) -> Fraction:
    """``value`` (a number, or a text in any stake form) read exactly, within the digit limit,
    but with no range check: a percentage such as BODS publishes, say. Raises ``ValueError``."""
    return _to_fraction(value)


def _to_fraction(value: object) -> Fraction:
    if type(value) is str:  # the common case first: deal files write stakes as text
        return _parse_text(value)
    if isinstance(value, bool):
        raise ValueError(f"expected a stake such as {EXAMPLES}, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)  # only 0 and 1 are stakes: the range check says why no other is
    if isinstance(value, Decimal):
        return _from_decimal(value, value)
    if isinstance(value, float):  # numpy's float64 too: its repr is not a plain number
        if not math.isfinite(value):
            raise ValueError(f"expected a finite stake, got {shown(value)}")
        return _from_decimal(Decimal(repr(float(value))), value)
    if isinstance(value, numbers.Integral):  # numpy's integers
        return Fraction(int(value))
    if isinstance(value, numbers.Real):  # numpy's float32
        if not math.isfinite(float(value)):
            raise ValueError(f"expected a finite stake, got {shown(value)}")
        return _from_decimal(Decimal(str(value)), value)
    if isinstance(value, str):  # a str subclass
        return _parse_text(str(value))
    raise ValueError(
        f"expected a stake such as {EXAMPLES}, got {type(value).__name__} {shown(value)}"
    )


@lru_cache(maxsize=4096)  # deal files repeat a few texts ("10%", "1/3") many times
def _parse_text(text: str) -> Fraction:
    plain = _PERCENT.fullmatch(text)
    if plain:  # one exact fraction, no Decimal round trip
        whole, decimals = plain.group(1), plain.group(2) or ""
        _check_digits(len(whole) + len(decimals), text)
        return Fraction(int(whole + decimals), 100 * 10 ** len(decimals))
    body = text.strip().replace("_", "")
    if body.endswith("%"):
        return _decimal_text(body[:-1].strip(), text) / 100
    ratio = _RATIO.fullmatch(body)
    if ratio:
        sign_p, p, sign_q, q = ratio.groups()
        _check_digits(max(len(p), len(q)), text)
        if int(q) == 0:
            raise ValueError(
                f"expected a stake such as {EXAMPLES}, got {shown(text)} (a zero denominator)"
            )
        fraction = Fraction(int(p), int(q))
        return -fraction if (sign_p == "-") != (sign_q == "-") else fraction
    return _decimal_text(body, text)


def _decimal_text(body: str, text: str) -> Fraction:
    """A decimal such as ``0.199`` or ``1.99e-1``, exactly; ``text`` is what the user wrote."""
    match = _DECIMAL.fullmatch(body)
    if not match or not (match.group(2) or match.group(3)):
        if _NOT_FINITE.fullmatch(body):
            raise ValueError(f"expected a finite stake, got {shown(text)}")
        raise ValueError(f"expected a stake such as {EXAMPLES}, got {shown(text)}")
    sign, whole, decimals, exponent = match.groups()
    decimals = decimals or ""
    try:
        shift = int(exponent or 0)
    except ValueError:  # an exponent of thousands of digits: far past the limit either way
        raise _too_many_digits(text) from None
    digits = whole + decimals
    places = len(decimals) - shift  # the value is int(digits) / 10**places
    _check_digits(_plain_digits(len(digits), places), text)
    numerator = int(digits) * 10 ** max(-places, 0)
    fraction = Fraction(numerator, 10 ** max(places, 0))
    return -fraction if sign == "-" else fraction


def _from_decimal(number: Decimal, value: object) -> Fraction:
    """A number from a parser (TOML or JSON, read as a Decimal), counted in its plain form
    (neither TOML nor JSON allows leading zeros, so nothing else was written)."""
    if not number.is_finite():
        raise ValueError(f"expected a finite stake, got {shown(value)}")
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    _check_digits(_plain_digits(len(digits), -exponent), value)
    return Fraction(number)


def _plain_digits(digits: int, places: int) -> int:
    """The digits of a decimal's numerator in its plain form, given the digits of its mantissa
    (one at least) and the places after its point: ``1.25e-2`` (3, 4) is ``0.0125``, 5 digits;
    ``1.5e3`` (2, -2) is ``1500``, 4. Its denominator, ``10**places``, never has more digits than
    this, so for a decimal this one count is the whole of the limit."""
    if places >= digits:
        return places + 1
    return digits + max(-places, 0)


def _check_digits(count: int, value: object) -> None:
    """``count``: the most digits the numerator or the denominator has, as written."""
    if count > MAX_DIGITS:
        raise _too_many_digits(value)


def _too_many_digits(value: object) -> ValueError:
    return ValueError(
        f"a stake may have at most {MAX_DIGITS} digits in its numerator and {MAX_DIGITS} in its "
        f"denominator as written, got {shown(value)}"
    )


def shown(value: object) -> str:
    """``value`` as an error message quotes it: strings in quotes, anything long cut short, and
    never an exception of its own (an integer too long to print, a list nested too deeply)."""
    try:
        text = repr(value) if isinstance(value, str) else str(value)
    except (ValueError, RecursionError):  # int → str digit limit; deep nesting
        return f"{type(value).__name__} too large to show"
    if len(text) > _SHOWN:
        size = len(value) if isinstance(value, str) else len(text)
        return f"{text[: _SHOWN - 8]}…{text[-6:]} ({size:,} characters)"
    return text


def _places(fraction: Fraction) -> int | None:
    """The decimal places of ``fraction`` written out exactly, or None when it does not
    terminate (its denominator has a prime factor other than 2 and 5)."""
    denominator, twos, fives = fraction.denominator, 0, 0
    while denominator % 2 == 0:
        denominator, twos = denominator // 2, twos + 1
    while denominator % 5 == 0:
        denominator, fives = denominator // 5, fives + 1
    return max(twos, fives) if denominator == 1 else None


def _percent_text(fraction: Fraction) -> str | None:
    """The exact percentage, e.g. ``"19.9"`` for 199/1000; None when it does not terminate.
    Integer arithmetic only: a Decimal division would round past 28 digits."""
    percent = fraction * 100
    places = _places(percent)
    if places is None:
        return None
    scaled = abs(percent.numerator) * (10**places // percent.denominator)
    text = str(scaled).rjust(places + 1, "0")
    whole, decimals = text[: len(text) - places], text[len(text) - places :].rstrip("0")
    return ("-" if percent < 0 else "") + whole + (f".{decimals}" if decimals else "")


def format_percent(fraction: Fraction, *, digits: int = 2) -> str:
    """``Fraction(199, 1000)`` → ``"19.9 %"``; non-terminating values get ``≈`` and ``digits``
    decimals (``digits`` significant ones below 1 %, so that a small share never reads 0.00)."""
    text = _percent_text(fraction)
    if text is not None:
        return f"{text} %"
    value = float(fraction * 100)
    places = digits
    if 0 < abs(value) < 1:
        places = max(digits, digits - 1 - math.floor(math.log10(abs(value))))
    return f"≈ {value:.{places}f} %"


def format_fraction(fraction: Fraction) -> str:
    """Deal-file text: ``"19.9%"`` when a decimal percentage is exact and within the digit limit,
    else ``"p/q"``; either reads back as ``fraction``."""
    text = _percent_text(fraction)
    if text is not None and len(text.replace(".", "")) <= MAX_DIGITS:  # digits as counted
        return f"{text}%"
    return f"{fraction.numerator}/{fraction.denominator}"
