"""Exact stakes: parse ``"19.9%"``, ``"199/1000"``, ``"0.199"`` or a number by its decimal text.

Contract §2: no binary floating point in any legal test, so ``0.18 + 0.02`` is exactly ``1/5``.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction

__all__ = ["format_fraction", "format_percent", "parse_stake"]

EXAMPLES = '"19.9%", "199/1000" or 0.199'
MAX_DECIMALS = 40


def parse_stake(value: object) -> Fraction:
    """Return ``value`` as an exact fraction of a whole, in [0, 1].

    Numbers are read by their decimal text: the float ``0.199`` is ``199/1000``, not the binary
    double nearest to it. Raises ``ValueError`` with a message meant for the user.
    """
    fraction = _to_fraction(value)
    if fraction.numerator < 0:  # integer tests: much faster than comparing fractions
        raise ValueError(f"a stake cannot be negative, got {_show(value)}")
    if fraction.numerator > fraction.denominator:
        forgot = fraction <= 100 and not (isinstance(value, str) and "%" in value)
        hint = ' (write a percentage with a % sign, e.g. "20%")' if forgot else ""
        raise ValueError(f"a stake cannot exceed 100 %, got {_show(value)}{hint}")
    return fraction


def _to_fraction(value: object) -> Fraction:
    if type(value) is str:  # the common case first: deal files write stakes as text
        return _parse_text(value)
    if isinstance(value, bool):
        raise ValueError(f"expected a stake such as {EXAMPLES}, got {value!r}")
    if isinstance(value, Fraction | int):
        return Fraction(value)
    if isinstance(value, Decimal):
        return _from_decimal(value, str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"expected a finite stake, got {value!r}")
        return _from_decimal(Decimal(repr(value)), repr(value))
    if isinstance(value, str):  # a str subclass
        return _parse_text(value)
    raise ValueError(f"expected a stake such as {EXAMPLES}, got {type(value).__name__} {value!r}")


_PERCENT = re.compile(r"\s*(\d+)(?:\.(\d+))?\s*%\s*")


def _parse_text(text: str) -> Fraction:
    plain = _PERCENT.fullmatch(text)
    if plain:  # the common "12.5%": one exact fraction, no Decimal round trip
        whole, decimals = plain.group(1), plain.group(2) or ""
        return Fraction(int(whole + decimals), 100 * 10 ** len(decimals))
    body = text.strip().replace("_", "")
    scale = Fraction(1)
    if body.endswith("%"):
        body, scale = body[:-1].strip(), Fraction(1, 100)
    try:
        if "/" in body and scale == 1:
            numerator, denominator = (part.strip() for part in body.split("/", 1))
            return Fraction(int(numerator), int(denominator))
        number = Decimal(body)
    except (ValueError, ZeroDivisionError, InvalidOperation):
        raise ValueError(f"expected a stake such as {EXAMPLES}, got {text!r}") from None
    return _from_decimal(number, repr(text)) * scale


def _from_decimal(number: Decimal, shown: str) -> Fraction:
    """Exact, after refusing what no stake can be (and what would take ages to expand, such as
    ``1e-999999999``)."""
    if not number.is_finite():
        raise ValueError(f"expected a finite stake, got {shown}")
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if number and number.adjusted() > 4:
        raise ValueError(f"a stake cannot exceed 100 %, got {shown}")
    if exponent < -MAX_DECIMALS:
        raise ValueError(f"a stake may have at most {MAX_DECIMALS} decimal places, got {shown}")
    return Fraction(number)


def _show(value: object) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _terminating(fraction: Fraction) -> bool:
    denominator = fraction.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    return denominator == 1


def format_percent(fraction: Fraction, *, digits: int = 2) -> str:
    """``Fraction(199, 1000)`` → ``"19.9 %"``; non-terminating values get ``≈`` and ``digits``
    decimals (``digits`` significant ones below 1 %, so that a small share never reads 0.00)."""
    percent = fraction * 100
    if _terminating(percent):
        text = format(Decimal(percent.numerator) / Decimal(percent.denominator), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return f"{text} %"
    value = float(percent)
    places = digits
    if 0 < abs(value) < 1:
        places = max(digits, digits - 1 - math.floor(math.log10(abs(value))))
    return f"≈ {value:.{places}f} %"


def format_fraction(fraction: Fraction) -> str:
    """Deal-file text: ``"19.9%"`` when a decimal percentage is exact, else ``"p/q"``."""
    percent = fraction * 100
    if _terminating(percent):
        return format_percent(fraction).replace(" ", "")
    return f"{fraction.numerator}/{fraction.denominator}"
