"""Plots of many scenarios: a sweep's margin and verdict (``sweep``), the odds of compliance
(``montecarlo``).

Both take a DataFrame with one row per scenario, a column per varied parameter, ``margin`` (the
distance below the 20 % line, as a fraction), ``verdict`` and optionally one column per rule id.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from .. import palette
from ..law import Status
from ._common import FONT, axes

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

Floats: TypeAlias = "np.ndarray[Any, np.dtype[np.float64]]"

__all__ = ["montecarlo", "sweep"]

_ORDER = tuple(str(s) for s in (Status.COMPLIANT, Status.INDETERMINATE, Status.VIOLATION))
_SHARE_WORDS = ("stake", "equity", "voting", "share")


def _require(frame: pd.DataFrame, *columns: str | None) -> None:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c is not None and c not in frame.columns]
    if missing:
        raise ValueError(
            f"the frame has no column {', '.join(map(repr, missing))}; "
            f"its columns are: {', '.join(map(str, frame.columns))}"
        )


def _numeric(values: Sequence[Any]) -> Floats | None:
    """The values as floats (exact fractions included), or None when they are categories."""
    try:
        return np.array([float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        return None


def _edges(centres: Floats) -> Floats:
    """Cell edges around sorted centres: midway between neighbours, half a step beyond the ends."""
    if len(centres) == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[:-1] + centres[1:]) / 2
    first = centres[0] - (middle[0] - centres[0])
    last = centres[-1] + (centres[-1] - middle[-1])
    return np.concatenate([[first], middle, [last]])


def _axis(frame: pd.DataFrame, column: str) -> tuple[list[Any], Floats, list[str] | None]:
    """The distinct values of a column in order, their positions, and tick labels if categories."""
    import pandas as pd

    series = frame[column]
    values = list(pd.unique(series))
    if isinstance(series.dtype, pd.CategoricalDtype):  # the categories' order, not the rows'
        values = [c for c in series.cat.categories if c in set(values)]
    numbers = _numeric(values)
    if numbers is not None:
        order = np.argsort(numbers, kind="stable")
        return [values[i] for i in order], numbers[order], None
    return values, np.arange(len(values), dtype=float), [str(v) for v in values]


def _is_share(frame: pd.DataFrame, column: str) -> bool:
    values = frame[column]
    named = any(word in column.lower() for word in _SHARE_WORDS)
    exact = len(values) > 0 and all(isinstance(v, Fraction) for v in values)
    numbers = _numeric(list(values))
    if not (named or exact) or numbers is None:
        return False
    return bool(((numbers >= 0) & (numbers <= 1)).all())


def _format_axis(ax: Axes, which: str, frame: pd.DataFrame, column: str,
                 ticks: Floats, labels: list[str] | None) -> None:  # fmt: skip
    from matplotlib.ticker import PercentFormatter

    axis = ax.xaxis if which == "x" else ax.yaxis
    if labels is not None:
        (ax.set_xticks if which == "x" else ax.set_yticks)(ticks, labels)
    elif _is_share(frame, column):
        axis.set_major_formatter(PercentFormatter(xmax=1))
    (ax.set_xlabel if which == "x" else ax.set_ylabel)(_name(column))


def _name(column: str) -> str:
    """A column's name for a title: ``"bytedance_equity"`` → ``"bytedance equity"``; ids such as
    ``"stake:bytedance"`` or ``"pafaca.fa_ownership"`` stay as they are."""
    return column if any(mark in column for mark in ".:") else column.replace("_", " ")


def _verdict_legend(ax: Axes, verdicts: Sequence[str], *, title: str, alpha: float) -> None:
    from matplotlib.patches import Patch

    shown = [v for v in _ORDER if v in verdicts] + sorted(set(verdicts) - set(_ORDER))
    handles = [Patch(color=palette.status_color(v), alpha=alpha, label=v) for v in shown]
    ax.legend(handles=handles, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0),
              frameon=False, fontsize=FONT, title_fontsize=FONT)  # fmt: skip


def sweep(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str | None = None,
    status: str = "verdict",
    ax: Axes | None = None,
) -> Axes:
    """A sweep's results over one parameter or two.

    With ``x`` only: the ``margin`` (percentage points below the 20 % line; negative is over it)
    against ``x``, the background coloured by the ``status`` column (the ``verdict``, or one
    rule's id such as ``"pafaca.fa_ownership"``) and a line where it changes. With ``x`` and
    ``y``: that status over the grid as coloured cells, with the boundary drawn between cells
    whose statuses differ. Each scenario must be one row; a parameter's values may be numbers,
    exact fractions or categories.
    """
    _require(frame, x, y, status, None if y else "margin")
    if frame.empty:
        raise ValueError("the frame has no rows to plot")
    keys = [x] if y is None else [x, y]
    if frame.duplicated(subset=keys).any():
        raise ValueError(
            f"more than one row for some value{'s' if y else ''} of {' and '.join(keys)}; "
            "filter the frame to one row per point first"
        )
    ax = axes(ax)
    if y is None:
        _sweep_1d(frame, x, status, ax)
    else:
        _sweep_2d(frame, x, y, status, ax)
    return ax


def _sweep_1d(frame: pd.DataFrame, x: str, status: str, ax: Axes) -> None:
    from matplotlib.ticker import FuncFormatter

    values, positions, labels = _axis(frame, x)
    rows = frame.set_index(x).loc[values]
    verdicts = [str(v) for v in rows[status]]
    margins = np.array([float(m) for m in rows["margin"]])
    edges = _edges(positions)
    start = 0
    for i in range(1, len(verdicts) + 1):
        if i == len(verdicts) or verdicts[i] != verdicts[start]:
            ax.axvspan(edges[start], edges[i], color=palette.status_color(verdicts[start]),
                       alpha=0.25, linewidth=0, gid=f"band:{verdicts[start]}")  # fmt: skip
            if i < len(verdicts):
                ax.axvline(edges[i], color=palette.INK, linewidth=1.0, linestyle="--",
                           gid="boundary")  # fmt: skip
            start = i
    ax.axhline(0, color=palette.INK, linewidth=1.0, gid="zero")
    ax.plot(positions, margins, color=palette.INK, marker="o", markersize=3.5, linewidth=1.6,
            gid="margin")  # fmt: skip
    ax.set_xlim(edges[0], edges[-1])
    ax.yaxis.set_major_formatter(FuncFormatter(_signed_points))
    ax.set_ylabel("margin below the 20 % line\n(percentage points; below 0 is over)")
    _format_axis(ax, "x", frame, x, positions, labels)
    ax.set_title(f"Margin to the 20 % line as {_name(x)} varies", loc="left")
    _verdict_legend(ax, verdicts, title=status, alpha=0.25)


def _signed_points(value: float, _: object) -> str:
    """A margin tick in percentage points: ``+2.5``, ``0``, ``−1``."""
    return f"{100 * value:+.3g}".replace("-", "−") if value else "0"


def _sweep_2d(frame: pd.DataFrame, x: str, y: str, status: str, ax: Axes) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap

    xs, x_pos, x_labels = _axis(frame, x)
    ys, y_pos, y_labels = _axis(frame, y)
    verdicts = [str(v) for v in frame[status]]
    kinds = [v for v in _ORDER if v in verdicts] + sorted(set(verdicts) - set(_ORDER))
    code = {v: i for i, v in enumerate(kinds)}
    column = {v: i for i, v in enumerate(xs)}
    row = {v: i for i, v in enumerate(ys)}
    grid = np.full((len(ys), len(xs)), np.nan)
    for xv, yv, verdict in zip(frame[x], frame[y], verdicts, strict=True):
        grid[row[yv], column[xv]] = code[verdict]
    x_edges, y_edges = _edges(x_pos), _edges(y_pos)
    colours = ListedColormap([palette.status_color(v) for v in kinds])
    mesh = ax.pcolormesh(x_edges, y_edges, np.ma.masked_invalid(grid), cmap=colours,
                         vmin=-0.5, vmax=len(kinds) - 0.5, shading="flat")  # fmt: skip
    mesh.set_gid("verdicts")

    segments = []
    for i in range(len(ys)):
        for j in range(len(xs)):
            here = grid[i, j]
            if j + 1 < len(xs) and _differ(here, grid[i, j + 1]):
                segments.append([(x_edges[j + 1], y_edges[i]), (x_edges[j + 1], y_edges[i + 1])])
            if i + 1 < len(ys) and _differ(here, grid[i + 1, j]):
                segments.append([(x_edges[j], y_edges[i + 1]), (x_edges[j + 1], y_edges[i + 1])])
    boundary = LineCollection(
        segments, colors=palette.INK, linewidths=2.0, capstyle="round", gid="boundary"
    )
    ax.add_collection(boundary)
    ax.set_xlim(x_edges[0], x_edges[-1])
    ax.set_ylim(y_edges[0], y_edges[-1])
    _format_axis(ax, "x", frame, x, x_pos, x_labels)
    _format_axis(ax, "y", frame, y, y_pos, y_labels)
    what = status if "." in status else status.capitalize()
    ax.set_title(f"{what} by {_name(x)} and {_name(y)}", loc="left")
    _verdict_legend(ax, kinds, title=status, alpha=1.0)


def _differ(a: float, b: float) -> bool:
    return not (math.isnan(a) or math.isnan(b)) and a != b


def _wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
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
    status: str = "verdict",
    ax: Axes | None = None,
) -> Axes:
    """The probability of compliance: the share of rows whose ``status`` column (the
    ``verdict``, or one rule's id) is ``compliant``.

    One bar for all rows and, with ``by``, one per value of that column (an interpretation
    switch, say), each labelled with its count and a 95 % (Wilson) interval.
    """
    from matplotlib.ticker import PercentFormatter

    _require(frame, status, by)
    if frame.empty:
        raise ValueError("the frame has no rows to plot")
    ax = axes(ax)
    compliant = frame[status].astype(str) == str(Status.COMPLIANT)
    groups: list[tuple[str, pd.Series[bool]]] = [("all scenarios", compliant)]
    if by is not None:
        values, _, _ = _axis(frame, by)
        groups += [(str(v), compliant[frame[by] == v]) for v in values]
    positions = [0.0] + [1.5 + i for i in range(len(groups) - 1)]
    for position, (label, hits) in zip(positions, groups, strict=True):
        n, k = len(hits), int(hits.sum())
        share = k / n
        low, high = _wilson(k, n)
        ax.bar(position, share, width=0.7, gid=f"bar:{label}",
                        color=palette.BLUISH_GREEN if position else palette.INK)  # fmt: skip
        ax.errorbar(position, share, yerr=[[share - low], [high - share]], color=palette.UNKNOWN,
                    capsize=3, linewidth=1)  # fmt: skip
        ax.text(position, high + 0.02, f"{100 * share:.0f} %\n{k} of {n}", ha="center", va="bottom",
                fontsize=FONT)  # fmt: skip
    ax.set_xticks(positions, [label for label, _ in groups])
    if by is not None:
        ax.set_xlabel(f"by {by.replace('_', ' ')}")
    ax.set_ylim(0, 1.2)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.set_ylabel("probability of compliance")
    what = "comply" if status == "verdict" else f"comply with {status}"
    ax.set_title(f"Share of scenarios that {what} (whiskers: 95 % interval)", loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return ax
