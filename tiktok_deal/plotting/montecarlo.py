"""How sampled scenarios fare (``montecarlo``): the share of the samples in each status."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .. import palette
from ..law import Status
from ..model import Deal
from ._common import axes, chars_across, percent_axis, set_title, sizes, style, wrap
from ._frames import (
    ORDER,
    axis,
    choose_status,
    describe,
    require,
    rule_of,
    status_title,
    value_names,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["montecarlo", "wilson"]


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95 % by default)."""
    if n == 0:
        return (0.0, 1.0)
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # Clamped to contain the share itself: rounding can put the bound a hair inside it (n = 6).
    return (min(p, max(0.0, centre - half)), max(p, min(1.0, centre + half)))


def montecarlo(
    frame: pd.DataFrame,
    *,
    by: str | None = None,
    status: str | None = None,
    deal: Deal | None = None,
    ax: Axes | None = None,
) -> Axes:
    """How the sampled scenarios fare: one stacked bar of the share of rows in each status
    (compliant at the bottom, then indeterminate, then violation) for all rows and, with ``by``,
    one per value of that column (an interpretation switch, say). Each bar is labelled with how
    many of how many comply and whiskered with the 95 % (Wilson) interval of that share.

    The shares are of the scenarios drawn: they follow from the distributions the levers were
    sampled from, and are not the probability that a deal complies. ``status`` is the verdict or
    a rule's id; by default the verdict, or when every scenario has the same verdict, the first
    rule whose status changes (the title says so). ``deal`` (the deal sampled) names the parties
    in ``by``'s words.
    """
    from matplotlib.patches import Patch

    require(frame, status, by)
    if frame.empty:
        raise ValueError("the frame has no rows to plot")
    status, note = choose_status(frame, status)
    require(frame, status)
    ax = axes(ax)
    size = sizes(ax)
    column = frame[status].astype(str)
    groups: list[tuple[str, pd.Series[str]]] = [("all scenarios", column)]
    if by is not None:
        values, _, _ = axis(frame, by)
        groups += [(str(v), column[frame[by] == v]) for v in values]
    kinds = [s for s in ORDER if s in set(column)] + sorted(set(column) - set(ORDER))
    positions = [0.0] + [1.5 + i for i in range(len(groups) - 1)]
    compliant = str(Status.COMPLIANT)
    for position, (label, shown) in zip(positions, groups, strict=True):
        n = len(shown)
        bottom = 0.0
        for kind in kinds:
            share = float((shown == kind).sum()) / n
            if share:
                ax.bar(position, share, bottom=bottom, width=0.7,
                       color=palette.status_color(kind), gid=f"bar:{label}:{kind}")  # fmt: skip
            bottom += share
        k = int((shown == compliant).sum())  # n > 0: every group is a value seen in the frame
        low, high = wilson(k, n)
        ax.errorbar(position, k / n, yerr=[[k / n - low], [high - k / n]], color=palette.INK,
                    capsize=3, linewidth=1, gid=f"interval:{label}")  # fmt: skip
        words = f"{k} of {n}\ncomply ({100 * k / n:.0f} %)"
        ax.text(position, 1.02, words, ha="center", va="bottom", fontsize=size.text,
                color=palette.INK, gid=f"count:{label}")  # fmt: skip
    width = max(chars_across(ax, 0.8 / max(len(groups), 1), size.ticks), 8)
    names = ["all scenarios", *value_names([label for label, _ in groups[1:]], deal)]
    ax.set_xticks(positions, [wrap(name, width, lines=2) for name in names])
    if by is not None:
        ax.set_xlabel(f"by {describe(by, deal)}")
    pad = max(0.6, (3.0 - positions[-1]) / 2)  # a lone bar no wider than a third of the Axes
    ax.set_xlim(-pad, positions[-1] + pad)
    ax.set_ylim(0, 1.18)
    ax.set_yticks([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    percent_axis(ax.yaxis, decimals=0)
    ax.set_ylabel("share of the sampled scenarios")
    rule = rule_of(status)
    subject = "" if note or rule is None else f" against {rule.citation}"
    title = f"How the {len(frame)} sampled scenarios fare{subject}"
    explain = note or "Whiskers: 95 % interval of the share that complies."
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [Patch(color=palette.status_color(s), label=s) for s in reversed(kinds)]
    ax.legend(handles=handles, title=status_title(status), loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=size.text,
              title_fontsize=size.text, alignment="left")  # fmt: skip
    style(ax, size)
    set_title(ax, f"{title}\n{explain}", size, lines=4)  # last: wrapped to the Axes left
    return ax
