"""Distributions of uncertain stakes and exact grids of them.

Bounds are exact fractions; samples are floats clipped to the largest float inside the exact
range, so a sample read exactly (``Fraction(float)``) never leaves it.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from ..errors import SpaceError
from ..shares import parse_stake

__all__ = ["Distribution", "Triangular", "Uniform", "ceil_float", "floor_float", "linspace"]

Floats: TypeAlias = npt.NDArray[np.float64]


def floor_float(value: Fraction) -> float:
    """The largest float ≤ value (so float samples never leave an exact range)."""
    f = float(value)
    return f if Fraction(f) <= value else math.nextafter(f, -math.inf)


def ceil_float(value: Fraction) -> float:
    f = float(value)
    return f if Fraction(f) >= value else math.nextafter(f, math.inf)


@attrs.frozen(kw_only=True)
class Uniform:
    """A stake uniformly distributed on ``[low, high]`` (exact bounds; samples are floats)."""

    low: Fraction = attrs.field(converter=parse_stake)
    high: Fraction = attrs.field(converter=parse_stake)

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise SpaceError(f"uniform({self.low}, {self.high}): low is above high")

    @property
    def bounds(self) -> tuple[Fraction, Fraction]:
        return self.low, self.high

    def ppf(self, u: Floats) -> Floats:
        """The quantile function: ``u`` in [0, 1) → stakes in [low, high]."""
        lo, hi = ceil_float(self.low), floor_float(self.high)
        return np.minimum(lo + (hi - lo) * u, hi)  # never below lo: (hi - lo) * u ≥ 0


@attrs.frozen(kw_only=True)
class Triangular:
    """A triangular distribution on ``[low, high]`` peaking at ``mode``."""

    low: Fraction = attrs.field(converter=parse_stake)
    mode: Fraction = attrs.field(converter=parse_stake)
    high: Fraction = attrs.field(converter=parse_stake)

    def __attrs_post_init__(self) -> None:
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise SpaceError("triangular(low, mode, high) needs low ≤ mode ≤ high and low < high")

    @property
    def bounds(self) -> tuple[Fraction, Fraction]:
        return self.low, self.high

    def ppf(self, u: Floats) -> Floats:
        lo, hi = ceil_float(self.low), floor_float(self.high)
        a, c, b = float(self.low), float(self.mode), float(self.high)
        cut = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1 - u) * (b - a) * (b - c))
        return np.clip(np.where(u < cut, left, right), lo, hi)


Distribution: TypeAlias = Uniform | Triangular


def linspace(start: object, stop: object, num: int) -> tuple[Fraction, ...]:
    """``num`` exact stakes from ``start`` to ``stop`` inclusive: ``linspace("0%", "40%", 41)``
    is 0 %, 1 %, …, 40 % exactly."""
    low, high = parse_stake(start), parse_stake(stop)
    if num < 1:
        raise SpaceError(f"a range needs at least 1 point, got {num}")
    if num == 1:
        return (low,)
    return tuple(low + (high - low) * i / (num - 1) for i in range(num))
