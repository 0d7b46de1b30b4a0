"""Helpers the plots share: a fresh Axes when none is given, short names, deal and reading."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING

from ..law import Facts, Interpretation
from ..model import Deal
from ..report import Report
from ..shares import format_percent

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CHAR_WIDTH",
    "FIGSIZE",
    "FONT",
    "axes",
    "chars_across",
    "facts_of",
    "group_of",
    "points",
    "wrap",
]

FIGSIZE = (8.0, 4.5)
"""The size of a figure a plot makes for itself, in inches."""
FONT = 8.0
"""The size of labels inside plots, in points."""
CHAR_WIDTH = 0.55 * FONT / 72
"""Inches per character of a label, roughly (for fitting labels without a renderer)."""


def axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new figure of ``FIGSIZE`` (constrained layout)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=FIGSIZE, layout="constrained")
    return new


def facts_of(
    subject: Deal | Report, interpretation: Interpretation | Mapping[str, str] | None
) -> Facts:
    """The facts of a deal, or of a report's deal under the report's interpretation.

    An ``interpretation`` given explicitly wins over the report's.
    """
    reading: Interpretation | Mapping[str, str] | None = interpretation
    if isinstance(subject, Report):
        deal, reading = subject.deal, interpretation or subject.interpretation
    elif isinstance(subject, Deal):
        deal = subject
    else:
        raise TypeError(f"expected a Deal or a Report, got {type(subject).__name__}")
    return Facts(deal, Interpretation.coerce(reading))


def wrap(text: str, width: int, *, lines: int = 3) -> str:
    """``text`` wrapped at ``width`` characters, cut with … after ``lines`` lines."""
    return "\n".join(
        textwrap.wrap(text, max(width, 4), max_lines=lines, placeholder="…", break_long_words=False)
    )


def points(value: Fraction) -> str:
    """A difference of stakes in percentage points: ``Fraction(1, 1000)`` → ``"0.1 points"``."""
    return format_percent(abs(value)).replace(" %", " points")


def group_of(facts: Facts, party: str) -> str:
    """``adversary`` for an (A)-person, ``unknown`` without a jurisdiction, else ``other``."""
    if party in facts.known_adversaries:
        return "adversary"
    return "unknown" if party in facts.unknown else "other"


def chars_across(ax: Axes, fraction: float) -> int:
    """How many label characters fit across ``fraction`` of the Axes' width."""
    return int(ax.bbox.width / ax.figure.dpi * fraction / CHAR_WIDTH)
