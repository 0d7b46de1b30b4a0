"""A sweep's results over one parameter or two (``sweep``): the margin to the line with the
status behind it, or a map of the status.

Takes a DataFrame with one row per scenario, a column per varied parameter, ``fa_stake`` and
``margin`` (the distance below the line, as a fraction), ``verdict`` and one column per rule id,
as ``tiktok_deal.scenarios.sweep`` returns it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .. import palette
from ..model import Deal
from ..shares import format_percent
from ._common import (
    Sizes,
    axes,
    chars_across,
    inches,
    percent_axis,
    points,
    set_title,
    sizes,
    style,
    wrap,
)
from ._frames import (
    ORDER,
    Floats,
    axis,
    choose_status,
    describe,
    edges,
    is_share,
    line_of,
    line_words,
    require,
    rule_of,
    status_title,
    value_names,
)

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["sweep"]

Segment = tuple[tuple[float, float], tuple[float, float]]


class Cut(NamedTuple):
    """Where the status changes between grid values ``after - 1`` and ``after``: at ``at``.

    ``how`` is ``exact`` (the margin reaches 0 there, and is straight across three grid values
    around it, as the stake is in a stake lever under ``multiply``), ``interpolated`` (where it
    reaches 0 if it is straight between the two values) or ``between`` (midway: the margin does
    not change sign there, so the change is not the line's).
    """

    after: int
    at: float
    how: str


def _straddles(before: float, after: float) -> bool:
    """Does the margin reach 0 between two values? 0 counts as over: the line is inclusive."""
    return (before > 0 >= after) or (after > 0 >= before)


def _straight(positions: Floats, margins: Floats, i: int) -> bool:
    """Is the margin straight across values ``i - 1``, ``i`` and a neighbour on either side?"""
    slope = (margins[i] - margins[i - 1]) / (positions[i] - positions[i - 1])
    for a, b in ((i - 2, i - 1), (i, i + 1)):
        if a >= 0 and b < len(margins):
            other = (margins[b] - margins[a]) / (positions[b] - positions[a])
            if math.isclose(slope, other, rel_tol=1e-6, abs_tol=1e-12):
                return True
    return False


def cuts(positions: Floats, margins: Floats | None, statuses: Sequence[str | None]) -> list[Cut]:
    """Where the status changes along one row of values: at the margin's crossing of 0 when it
    changes sign there (interpolated linearly), else midway."""
    found = []
    for i in range(1, len(statuses)):
        before, after = statuses[i - 1], statuses[i]
        if before == after:
            continue
        p0, p1 = positions[i - 1], positions[i]
        known = before is not None and after is not None
        if known and margins is not None and _straddles(margins[i - 1], margins[i]):
            m0, m1 = margins[i - 1], margins[i]
            at = p0 + (p1 - p0) * m0 / (m0 - m1)
            how = "exact" if _straight(positions, margins, i) else "interpolated"
            found.append(Cut(i, float(at), how))
        else:
            found.append(Cut(i, float((p0 + p1) / 2), "between"))
    return found


def sweep(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str | None = None,
    status: str | None = None,
    deal: Deal | None = None,
    ax: Axes | None = None,
) -> Axes:
    """A sweep's results over one parameter or two.

    With ``x`` only: the ``margin`` (percentage points below the 20 % line; at 0 or below the
    stake is at or over it, the line being inclusive) against ``x``, the background coloured by
    the ``status`` column and a line where it changes — where the margin reaches 0 (interpolated
    between the grid values on either side, exact when the margin is straight there, as the
    stake is in a stake lever under ``multiply``), or midway when the change is not the line's.
    When the margin is the same everywhere (a lever of seats, an arrangement, the licence), it
    says so and maps every rule's status instead. With ``x`` and ``y``: a map of the status, the
    boundary drawn the same way along the numeric parameter.

    ``status`` is the verdict or a rule's id such as ``"pafaca.fa_ownership"``; by default the
    verdict, or when the verdict is the same everywhere, the first rule that changes (the title
    says so). ``deal`` (the deal swept) names the parties on the axes. Each scenario must be
    one row; a parameter's values may be numbers, exact fractions or categories.
    """
    require(frame, x, y, status, None if y else "margin")
    if frame.empty:
        raise ValueError("the frame has no rows to plot")
    keys = [x] if y is None else [x, y]
    if frame.duplicated(subset=keys).any():
        raise ValueError(
            f"more than one row for some value{'s' if y else ''} of {' and '.join(keys)}; "
            "filter the frame to one row per point first"
        )
    status, note = choose_status(frame, status)
    require(frame, status)
    ax = axes(ax)
    size = sizes(ax)
    style(ax, size)
    if y is None:
        _sweep_1d(frame, x, status, note, deal, ax, size)
    else:
        _sweep_2d(frame, x, y, status, note, deal, ax, size)
    return ax


def _format_axis(ax: Axes, which: str, frame: pd.DataFrame, column: str, deal: Deal | None,
                 ticks: Floats, labels: list[str] | None, size: Sizes) -> None:  # fmt: skip
    axis_ = ax.xaxis if which == "x" else ax.yaxis
    if labels is not None:
        (ax.set_xticks if which == "x" else ax.set_yticks)(ticks, value_names(labels, deal))
    elif _integers(ticks):
        (ax.set_xticks if which == "x" else ax.set_yticks)(ticks)
    elif is_share(frame, column):
        percent_axis(axis_)
    words = describe(column, deal)
    if which == "x":
        ax.set_xlabel(wrap(words, chars_across(ax, 1.0, size.ticks), lines=2))
    else:
        height = inches(ax)[1] / inches(ax)[0]  # the label runs up the Axes' height
        ax.set_ylabel(wrap(words, int(chars_across(ax, height, size.ticks)), lines=2))


def _integers(ticks: Floats) -> bool:
    return len(ticks) <= 15 and bool(np.all(ticks == np.round(ticks)))


def _legend(ax: Axes, statuses: Sequence[str], column: str, size: Sizes, alpha: float) -> None:
    from matplotlib.patches import Patch

    shown = [s for s in ORDER if s in statuses] + sorted(set(statuses) - set(ORDER))
    handles = [Patch(color=palette.status_color(s), alpha=alpha, label=s) for s in shown]
    ax.legend(handles=handles, title=status_title(column), loc="upper left",
              bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=size.text,
              title_fontsize=size.text, alignment="left")  # fmt: skip


def _value_words(value: float, share: bool) -> str:
    if share:
        return format_percent(Fraction(value).limit_denominator(10**6))
    return f"{value:g}"


def _cut_words(cut: Cut, positions: Floats, share: bool, labels: list[str] | None) -> str:
    """``at 20 %``, ``at ≈ 19.7 %`` or ``between 3 and 4``."""
    if cut.how == "exact":
        return f"at {_value_words(cut.at, share)}"
    if cut.how == "interpolated":
        return f"at ≈ {100 * cut.at:.3g} %" if share else f"at ≈ {cut.at:.3g}"
    if labels is not None:
        return ""
    before, after = positions[cut.after - 1], positions[cut.after]
    return f"between {_value_words(before, share)} and {_value_words(after, share)}"


def _sweep_1d(frame: pd.DataFrame, x: str, status: str, note: str | None, deal: Deal | None,
              ax: Axes, size: Sizes) -> None:  # fmt: skip
    from matplotlib.ticker import FuncFormatter

    values, positions, labels = axis(frame, x)
    rows = frame.set_index(x).loc[values]
    margins = np.array([float(m) for m in rows["margin"]])
    if len(margins) > 1 and np.ptp(margins) == 0:
        _strip(frame, x, rows, positions, labels, deal, ax, size)
        return
    statuses: list[str | None] = [str(v) for v in rows[status]]
    cell = edges(positions)
    found = cuts(positions, margins, statuses)
    bounds = [cell[0], *(c.at for c in found), cell[-1]]
    for k, first in enumerate([0, *(c.after for c in found)]):
        shown = str(statuses[first])
        ax.axvspan(bounds[k], bounds[k + 1], color=palette.status_color(shown), alpha=0.25,
                   linewidth=0, gid=f"band:{shown}")  # fmt: skip
    share = labels is None and is_share(frame, x)
    for cut in found:
        ax.axvline(cut.at, color=palette.INK, linewidth=1.0, linestyle="--", gid="boundary")
        words = _cut_words(cut, positions, share, labels)
        if words:
            ax.annotate(words, (cut.at, 1), xycoords=("data", "axes fraction"), xytext=(3, -3),
                        textcoords="offset points", ha="left", va="top", fontsize=size.text,
                        color=palette.INK, gid="crossing",
                        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8,
                              "pad": 1.0})  # fmt: skip
    ax.axhline(0, color=palette.INK, linewidth=1.0, gid="zero")
    ax.plot(positions, margins, color=palette.INK, marker="o", markersize=3.5, linewidth=1.6,
            gid="margin")  # fmt: skip
    ax.set_xlim(cell[0], cell[-1])
    ax.yaxis.set_major_formatter(FuncFormatter(_signed_points))
    line = line_words(frame)
    ax.set_ylabel(f"margin below the {line} line (points)\n0 or less: at or over the line")
    _format_axis(ax, "x", frame, x, deal, positions, labels, size)
    title = f"Margin to the {line} line as {describe(x, deal)} varies"
    rule = rule_of(status)
    colour = f"Colour: {'the verdict' if rule is None else rule.citation}"
    _legend(ax, [s for s in statuses if s is not None], status, size, alpha=0.25)
    set_title(ax, f"{title}\n{note or colour}", size, lines=4)  # last: wrapped to the Axes left


def _signed_points(value: float, _: object) -> str:
    """A margin tick in percentage points: ``+2.5``, ``0``, ``−1``."""
    return f"{100 * value:+.3g}".replace("-", "−") if value else "0"


def _strip(frame: pd.DataFrame, x: str, rows: pd.DataFrame, positions: Floats,
           labels: list[str] | None, deal: Deal | None, ax: Axes, size: Sizes) -> None:  # fmt: skip
    """The margin does not move: every rule's status (and the verdict) over ``x`` instead."""
    shown = [c for c in ("verdict", *frame.columns) if c == "verdict" or rule_of(c) is not None]
    shown = list(dict.fromkeys(c for c in shown if c in frame.columns))
    grid = [[str(v) for v in rows[c]] for c in shown]
    drawn = _map(ax, positions, np.arange(len(shown), dtype=float), grid, None, swap=False)
    titles = ["verdict" if c == "verdict" else getattr(rule_of(c), "title", c) for c in shown]
    names = _row_names(ax, titles, size)
    ax.set_yticks(np.arange(len(shown)), names, fontsize=size.text)
    ax.set_ylim(len(shown) - 0.5, -0.5)
    cell = edges(positions)
    ax.set_xlim(cell[0], cell[-1])
    _format_axis(ax, "x", frame, x, deal, positions, labels, size)
    title = f"Each rule as {describe(x, deal)} varies"
    still = "The margin to the line is the same at every value: this parameter does not move it."
    if "fa_stake" in rows.columns:
        stake = Fraction(float(rows["fa_stake"].iloc[0])).limit_denominator(10**6)
        line = line_of(frame)
        margin = f" (margin {points(line - stake)})" if line is not None and line > stake else ""
        still = (
            f"The foreign-adversary stake stays at {format_percent(stake)}{margin} at every "
            "value: this parameter does not move it."
        )
    _legend(ax, drawn, "verdict", size, alpha=1.0)
    legend = ax.get_legend()
    if legend is not None:
        legend.set_title("status")
    set_title(ax, f"{title}\n{still}", size, lines=4)


def _row_names(ax: Axes, titles: Sequence[str], size: Sizes) -> list[str]:
    """The rows' names wrapped as narrow as lets each fit its row's height (from 24 characters
    up to 44, the Axes' height guessed before the layout), so that the names of neighbouring
    rows do not run into each other."""
    row = 0.8 * inches(ax)[1] / max(len(titles), 1)  # the title and legend take some
    fit = max(1, int(row / (1.25 * size.text / 72)))  # lines in a row
    names: list[str] = []
    for width in range(min(max(chars_across(ax, 0.3, size.text), 24), 44), 45, 2):
        names = [wrap(t, width, lines=fit, hyphens=True) for t in titles]
        if all("…" not in n for n in names):
            break
    return names


def _sweep_2d(frame: pd.DataFrame, x: str, y: str, status: str, note: str | None,
              deal: Deal | None, ax: Axes, size: Sizes) -> None:  # fmt: skip
    xs, x_pos, x_labels = axis(frame, x)
    ys, y_pos, y_labels = axis(frame, y)
    swap = x_labels is not None and y_labels is None  # cut along y, the numeric one
    along, across = (y, x) if swap else (x, y)
    u_values, u_pos = (ys, y_pos) if swap else (xs, x_pos)
    v_values, v_pos = (xs, x_pos) if swap else (ys, y_pos)
    u_index = {v: i for i, v in enumerate(u_values)}
    v_index = {v: i for i, v in enumerate(v_values)}
    grid: list[list[str | None]] = [[None] * len(u_values) for _ in v_values]
    margins = np.full((len(v_values), len(u_values)), np.nan)
    has_margin = "margin" in frame.columns
    for _, row in frame.iterrows():
        i, j = v_index[row[across]], u_index[row[along]]
        grid[i][j] = str(row[status])
        if has_margin:
            margins[i, j] = float(row["margin"])
    numeric_along = (y_labels if swap else x_labels) is None
    use = margins if has_margin and numeric_along else None
    drawn = _map(ax, u_pos, v_pos, grid, use, swap=swap)
    x_cell, y_cell = edges(x_pos), edges(y_pos)
    ax.set_xlim(x_cell[0], x_cell[-1])
    ax.set_ylim(y_cell[0], y_cell[-1])
    _format_axis(ax, "x", frame, x, deal, x_pos, x_labels, size)
    _format_axis(ax, "y", frame, y, deal, y_pos, y_labels, size)
    rule = rule_of(status)
    what = "Verdict" if rule is None else rule.citation
    title = f"{what} by {describe(x, deal)} and {describe(y, deal)}"
    _legend(ax, drawn, status, size, alpha=1.0)
    set_title(ax, title + (f"\n{note}" if note else ""), size, lines=4)


def _map(ax: Axes, u: Floats, v: Floats, grid: Sequence[Sequence[str | None]],
         margins: Any, *, swap: bool) -> list[str]:  # fmt: skip
    """Draw ``grid`` (one row per value of ``v``, one column per value of ``u``) as coloured
    cells, each row cut where its status changes (``cuts``: at the margin's crossing of 0 when
    ``margins`` are given), with the boundary between statuses as one line. ``swap`` draws u
    up and v across. Returns the statuses drawn."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Rectangle

    def place(point: tuple[float, float]) -> tuple[float, float]:
        return (point[1], point[0]) if swap else point

    u_cell, v_cell = edges(u), edges(v)
    rows: list[list[tuple[float, float, str | None]]] = []
    segments: list[Segment] = []
    drawn: list[str] = []
    for r, statuses in enumerate(grid):
        found = cuts(u, None if margins is None else margins[r], statuses)
        bounds = [u_cell[0], *(c.at for c in found), u_cell[-1]]
        firsts = [0, *(c.after for c in found)]
        intervals = [(bounds[k], bounds[k + 1], statuses[i]) for k, i in enumerate(firsts)]
        rows.append(intervals)
        for start, end, shown in intervals:
            if shown is None:
                continue
            drawn.append(shown)
            corner = place((start, v_cell[r]))
            width, height = place((end - start, v_cell[r + 1] - v_cell[r]))
            ax.add_patch(Rectangle(corner, width, height, facecolor=palette.status_color(shown),
                                   linewidth=0, gid=f"cell:{shown}"))  # fmt: skip
        for cut in found:
            if statuses[cut.after - 1] is not None and statuses[cut.after] is not None:
                segments.append((place((cut.at, v_cell[r])), place((cut.at, v_cell[r + 1]))))
    for r in range(len(rows) - 1):
        breaks = sorted(
            {b for row in rows[r : r + 2] for start, end, _ in row for b in (start, end)}
        )
        for start, end in pairwise(breaks):
            middle = (start + end) / 2
            below, above = _at(rows[r], middle), _at(rows[r + 1], middle)
            if below is not None and above is not None and below != above:
                edge = v_cell[r + 1]
                segments.append((place((start, edge)), place((end, edge))))
    ax.add_collection(LineCollection(segments, colors=palette.INK, linewidths=2.0,
                                     capstyle="round", gid="boundary"))  # fmt: skip
    return list(dict.fromkeys(drawn))


def _at(intervals: Sequence[tuple[float, float, str | None]], point: float) -> str | None:
    return next((s for start, end, s in intervals if start <= point < end), None)
