"""Figures: an entity's traced stake, exact or bounded, and the names of the methods and bases."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal, TypeAlias

import attrs

__all__ = ["BASES", "DIGITS_MAX", "METHODS", "Basis", "Figure", "Method"]

Method: TypeAlias = Literal["multiply", "control", "direct"]
Basis: TypeAlias = Literal["equity", "voting"]
METHODS: tuple[Method, ...] = ("multiply", "control", "direct")
BASES: tuple[Basis, ...] = ("equity", "voting")

#: An exact figure whose numerator or denominator has more digits than this is reported as a
#: decimal (``exact`` False): Python cannot print or read back integers much longer (its
#: int/str conversion limit is 4,300 digits). Decisions on it are still taken on the exact value.
DIGITS_MAX = 4_000
_BITS_MAX = int(DIGITS_MAX * 3.3219280948873626)  # log2(10): a quick test on bit lengths
_DECIMALS = 40  # digits kept by the bracket of a figure too long to show


def check_method(method: str, basis: str) -> None:
    """``ValueError`` for an unknown method or basis (the message lists the known ones)."""
    if method not in METHODS:
        raise ValueError(f"unknown look-through method {method!r}; expected one of {METHODS}")
    if basis not in BASES:
        raise ValueError(f"unknown stake basis {basis!r}; expected one of {BASES}")


@attrs.frozen
class Figure:
    """What traces to the sources in one entity: ``low <= exact figure <= high``.

    ``exact`` True: ``value`` is the figure as a ``Fraction`` and ``low == high == value``.
    ``exact`` False: ``value`` is a float near it and ``[low, high]`` (exact fractions) certainly
    contains it — a numeric figure with its certified error bound, or an exact figure too long
    to print (more than ``DIGITS_MAX`` digits), bracketed to 40 decimals.
    """

    value: Fraction | float
    low: Fraction
    high: Fraction
    exact: bool

    @classmethod
    def of(cls, value: Fraction) -> Figure:
        """An exact figure."""
        return cls(value, value, value, True)

    @classmethod
    def bounded(cls, value: float, error: float, *, cap: bool = False) -> Figure:
        """A numeric figure ``value`` within ``error`` of the exact one, which is at least 0 (and
        at most 1 with ``cap``)."""
        mid, err = Fraction(value), Fraction(error)
        low = max(mid - err, Fraction(0))
        high = mid + err
        if cap:
            high = min(high, Fraction(1))
        if error == 0.0:
            return cls(mid, mid, mid, True)
        return cls(float(value), low, high, False)

    def __str__(self) -> str:
        if self.exact:
            return str(self.value)
        return (
            f"{float(self.value):.15g} (between {float(self.low):.17g} and {float(self.high):.17g})"
        )


ZERO = Figure.of(Fraction(0))


def exact_figure(numerator: int, denominator: int) -> Figure:
    """The figure ``numerator / denominator`` (lowest terms); a decimal bracket when too long."""
    if max(abs(numerator).bit_length(), denominator.bit_length()) <= _BITS_MAX:
        return Figure.of(Fraction(numerator, denominator))
    scale = 10**_DECIMALS
    floor = numerator * scale // denominator
    low, high = Fraction(floor, scale), Fraction(floor + 1, scale)
    return Figure(numerator / denominator, low, high, False)
