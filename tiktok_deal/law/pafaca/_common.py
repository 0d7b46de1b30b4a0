"""What the PAFACA rules share: the words of §2(g)(1) and their source, and how figures are said."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from ...edits import BASIS_POINT
from ...shares import format_percent

#: §2(g)(1), whose three prongs the first three rules encode.
G1 = (
    "The term 'controlled by a foreign adversary' means, with respect to a covered company or "
    "other entity, that such company or other entity is— "
)
G1_SOURCE = (
    "H.R. 7521 as passed by the House (2024-03-13), the bill enacted as Division H of H.R. 815 "
    "(Pub. L. 118-50)"
)


def points(value: Fraction) -> str:
    return format_percent(abs(value)).replace(" %", " points")


def listed(items: Sequence[str]) -> str:
    """``"a, b and c"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def whole_points(amount: Fraction, limit: Fraction) -> Fraction:
    """``amount`` rounded up to a whole basis point, at most ``limit``."""
    return min(limit, Fraction(math.ceil(amount / BASIS_POINT)) * BASIS_POINT)
