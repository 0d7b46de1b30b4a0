"""Flags and values that are one deal's or a batch's: each clause is written once for both.

A rule decides one deal with ``bool`` flags and exact ``Fraction`` values, and a batch of
scenarios with numpy arrays of them, through the same code (as pvlib writes one formula for
scalars and arrays). Only ``|``, ``&``, ``~``-free comparisons and these helpers are used on them,
never ``and``/``or``/``if``, which arrays do not support.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__all__ = ["Flag", "Value", "any_of", "code", "count", "is_false", "is_true", "majority", "same"]

Flag: TypeAlias = "bool | npt.NDArray[np.bool_]"
Value: TypeAlias = "Fraction | float | npt.NDArray[np.float64]"


def any_of(flags: Iterable[Flag]) -> Flag:
    """True where any flag is (False for none)."""
    found: Flag = False
    for flag in flags:
        if is_true(flag):
            return True
        if not is_false(flag):
            found = flag if found is False else found | flag
    return found


def majority(flags: Iterable[Flag], total: int) -> Flag:
    """Whether more than half of ``total`` items are flagged (the arrays' extremes settle it
    without array work when they can)."""
    items = list(flags)
    certain = sum(1 for flag in items if is_true(flag))
    arrays = [flag for flag in items if not is_true(flag) and not is_false(flag)]
    if 2 * certain > total:
        return True
    if 2 * (certain + len(arrays)) <= total:
        return False
    return np.asarray(2 * (certain + count(arrays)) > total)


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
