"""The colours every plot and HTML table shares: Okabe–Ito, safe for colour-blind readers.

Plain data, no matplotlib: ``tiktok_deal.html`` uses it too.
"""

from __future__ import annotations

from typing import Final

__all__ = [
    "ADVERSARY",
    "GROUP_COLORS",
    "GROUP_LABELS",
    "INK",
    "OTHER",
    "STATUS_COLORS",
    "STATUS_TINTS",
    "UNKNOWN",
    "UNNAMED",
    "status_color",
]

# Okabe & Ito (2008), "Color Universal Design".
VERMILLION: Final = "#D55E00"
BLUE: Final = "#0072B2"
BLUISH_GREEN: Final = "#009E73"
ORANGE: Final = "#E69F00"
SKY_BLUE: Final = "#56B4E9"
GREY: Final = "#8C8C8C"
INK: Final = "#222222"

ADVERSARY: Final = VERMILLION
"""A foreign-adversary person (§2(g)(1)(A)), or anything controlled by one."""
OTHER: Final = BLUE
"""A party linked to no foreign adversary country."""
UNKNOWN: Final = GREY
"""A party whose jurisdiction the deal does not give."""
UNNAMED: Final = "#E8E8E8"
"""The part of an entity no stake names (unknown, dispersed holders)."""

GROUP_COLORS: Final = {"adversary": ADVERSARY, "unknown": UNKNOWN, "other": OTHER}
GROUP_LABELS: Final = {
    "adversary": "foreign-adversary person (§2(g)(1)(A))",
    "unknown": "jurisdiction unknown",
    "other": "other holder",
}

STATUS_COLORS: Final = {
    "compliant": BLUISH_GREEN,
    "violation": VERMILLION,
    "indeterminate": ORANGE,
}
"""Finding and verdict colours, keyed by the status string (``Status`` is a ``str`` enum)."""

STATUS_TINTS: Final = {
    "compliant": "#D5EFE6",
    "violation": "#F6DCCB",
    "indeterminate": "#FBEBC8",
}
"""Light backgrounds of the same hues, for bands and table cells under text."""


def status_color(status: str, *, tint: bool = False) -> str:
    """The colour of a status (``"compliant"``, ``Status.VIOLATION``…); grey if unknown."""
    table = STATUS_TINTS if tint else STATUS_COLORS
    return table.get(str(status), UNNAMED if tint else GREY)
