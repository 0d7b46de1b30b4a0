"""Flags and values that are one deal's or a batch's: each clause is written once for both.

A rule decides one deal with ``bool`` flags and exact ``Fraction`` values, and a batch of
scenarios with numpy arrays of them, through the same code (as pvlib writes one formula for
scalars and arrays). Only ``|``, ``&``, ``~``-free comparisons and these helpers are used on them,
never ``and``/``or``/``if``, which arrays do not support.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from fractions import Fraction
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ["Flag", "Value", "any_of", "code", "count", "is_false", "is_true", "same"]

Flag: TypeAlias = "bool | npt.NDArray[np.bool_]"
Value: TypeAlias = "Fraction | float | npt.NDArray[np.float64]"


def any_of(flags: Iterable[Flag]) -> Flag:
    """True where any flag is (False for none)."""
    return functools.reduce(operator.or_, flags, False)


def count(flags: Iterable[Flag]) -> int | npt.NDArray[np.int64]:
    """How many of the flags are true (per scenario for arrays)."""
    total: int | npt.NDArray[np.int64] = 0
    for flag in flags:
        total = total + flag
    return total


def is_false(flag: Flag) -> bool:
    """False for certain: a ``False`` flag (an array is never certainly false here)."""
    return flag is False or (isinstance(flag, bool | np.bool_) and not flag)


def is_true(flag: Flag) -> bool:
    """True for certain: a ``True`` flag."""
    return isinstance(flag, bool | np.bool_) and bool(flag)


def same(a: Flag, b: Flag) -> bool:
    """Whether two flags are equal everywhere."""
    if isinstance(a, bool | np.bool_) and isinstance(b, bool | np.bool_):
        return bool(a) == bool(b)
    return bool(np.array_equal(a, b))


def code(best: Flag, worst: Flag) -> int | npt.NDArray[np.int8]:
    """A rule's status as a code from whether it is violated in the best and the worst
    resolution of the unknown facts: 0 compliant, 1 indeterminate, 2 violation (the verdict of
    several rules is their maximum)."""
    if isinstance(best, bool | np.bool_) and isinstance(worst, bool | np.bool_):
        return int(bool(best)) + int(bool(worst))
    return np.asarray(best, dtype=np.int8) + np.asarray(worst, dtype=np.int8)
