"""Who holds the target: the direct holders and the looked-through foreign-adversary stake."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import palette
from ..html import short_name
from ..law import Interpretation
from ..model import Deal, Stake
from ..ownership import Basis
from ..report import Report
from ..shares import format_percent
from ._common import (
    Sizes,
    axes,
    char_width,
    chars_across,
    facts_of,
    group_of,
    inches,
    legend_below,
    percent_axis,
    points,
    set_title,
    sizes,
    style,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ownership"]

_DIRECT, _TRACED = 1.0, 0.0  # the bars' y positions
_HEIGHT = 0.55
_BOTTOM = -0.6  # the y axis' lower limit
_RAISE = 6.0  # points between the top of the bar and the first row of labels above it
_ROW = 1.5  # the height of a row of raised labels, in font sizes


def _held(stake: Stake, basis: Basis) -> Fraction:
    """The stake on ``basis`` (the bottom of a range)."""
    return stake.share(basis)


def ownership(
    deal: Deal | Report,
    *,
    interpretation: Interpretation | Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The target's direct holders as one stacked bar, its foreign-adversary stake as another.

    Holders are grouped foreign-adversary person / jurisdiction unknown / other, each segment
    labelled with its name and stake (a holder of nothing is left out); the second bar splits
    the looked-through stake by the (A)-person it traces to (hatched up to the worst case when
    jurisdictions are unknown). The 20 % line of PAFACA §2(g)(1)(B) crosses both bars, and the
    margin to it is written out. A ``Report`` may stand for the deal; its interpretation is then
    used unless ``interpretation`` is given. Fonts shrink with the Axes (a panel of a grid).
    """
    from matplotlib.patches import Patch

    facts = facts_of(deal, interpretation)
    ax = axes(ax)
    size = sizes(ax)
    target, the_deal = facts.deal.target, facts.deal
    basis = facts.best.basis_for(target)
    line = facts.threshold
    order = {"adversary": 0, "unknown": 1, "other": 2}
    holdings = sorted(
        (s for s in the_deal.holdings_in(target) if s.share(basis, upper=True) > 0),
        key=lambda s: (order[group_of(facts, s.holder)], -_held(s, basis), s.holder),
    )
    labels = _Labels(ax, size, float(line))

    # -- the direct holders --------------------------------------------------------------------
    left = Fraction(0)
    for stake in holdings:
        share = _held(stake, basis)
        group = group_of(facts, stake.holder)
        (patch,) = ax.barh(
            _DIRECT, float(share), left=float(left), height=_HEIGHT,
            color=palette.GROUP_COLORS[group], edgecolor="white", linewidth=1.5,
        )  # fmt: skip
        patch.set_gid(f"holder:{stake.holder}")
        name = short_name(the_deal.label(stake.holder))
        labels.segment(_DIRECT, left, share, name, percent=stake.percent(basis),
                       fill=palette.GROUP_COLORS[group])  # fmt: skip
        left += share
    if left < 1:
        (rest,) = ax.barh(
            _DIRECT, float(1 - left), left=float(left), height=_HEIGHT,
            color=palette.UNNAMED, edgecolor="white", linewidth=1.5,
        )  # fmt: skip
        rest.set_gid("unnamed")
        labels.segment(_DIRECT, left, 1 - left, "not named", color=palette.INK,
                       fill=palette.UNNAMED)  # fmt: skip

    # -- the looked-through foreign-adversary stake ----------------------------------------------
    low, high = facts.best.fa_stake(target), facts.worst.fa_stake(target)
    parts = [
        (p, short_name(the_deal.label(p)), share) for p, share in facts.best.contributions(target)
    ]
    if sum(share for _, _, share in parts) != low:  # capped (control look-through): not additive
        parts = [("together", facts.names(p for p, _, _ in parts), low)]
    left = Fraction(0)
    for person, name, share in parts:
        (patch,) = ax.barh(
            _TRACED, float(share), left=float(left), height=_HEIGHT,
            color=palette.ADVERSARY, edgecolor="white", linewidth=1.5,
        )  # fmt: skip
        patch.set_gid(f"traced:{person}")
        labels.segment(_TRACED, left, share, name, fill=palette.ADVERSARY, raise_=False)
        left += share
    if high > low:
        (patch,) = ax.barh(
            _TRACED, float(high - low), left=float(low), height=_HEIGHT,
            color="white", edgecolor=palette.UNKNOWN, hatch="///", linewidth=1.0,
        )  # fmt: skip
        patch.set_gid("traced:unknown")

    # The line crosses both bars and stops at the top of the first, below the labels raised there.
    top = _DIRECT + _HEIGHT / 2 + 0.03
    (threshold,) = ax.plot(
        [float(line), float(line)], [_BOTTOM, top], color=palette.INK, linestyle="--",
        linewidth=1.2, label=f"{format_percent(line)} line (PAFACA §2(g)(1)(B))",
        gid="threshold", zorder=2.5,
    )  # fmt: skip
    _margin_note(ax, low, high, line, size)

    ax.set_xlim(0, 1)
    ax.set_ylim(_BOTTOM, _top(ax, labels.rows, size))
    ax.set_yticks(
        [_TRACED, _DIRECT], ["foreign-adversary\nstake (looked through)", "direct holders"]
    )
    ax.tick_params(axis="y", length=0)
    percent_axis(ax.xaxis, decimals=0)
    ax.set_xlabel(f"share of {short_name(the_deal.label(target))} ({basis})")
    style(ax, size)
    set_title(ax, f"Who owns {short_name(the_deal.label(target))}?", size)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)

    handles: list[Any] = [
        Patch(color=palette.GROUP_COLORS[g], label=palette.GROUP_LABELS[g])
        for g in ("adversary", "unknown", "other")
        if g == "adversary" or any(group_of(facts, s.holder) == g for s in holdings)
    ]
    if any(p.get_gid() == "unnamed" for p in ax.patches):
        handles.append(Patch(color=palette.UNNAMED, label="not named (dispersed)"))
    if high > low:
        worst = "worst case: unknowns as (A)-persons"
        handles.append(
            Patch(facecolor="white", edgecolor=palette.UNKNOWN, hatch="///", label=worst)
        )
    handles.append(threshold)
    legend_below(ax, handles, size, gap=0.16)
    return ax


def _top(ax: Axes, rows: int, size: Sizes) -> float:
    """The y axis' upper limit: room above the first bar for ``rows`` rows of raised labels."""
    bar_top = _DIRECT + _HEIGHT / 2
    if not rows:
        return bar_top + 0.25
    height = max(inches(ax)[1], 0.5) * 72 * 0.85  # points; layout takes some of the Axes
    needed = _RAISE + rows * _ROW * size.text + 2  # points above the bar
    share = min(needed / height, 0.6)  # of the axis' height
    return (bar_top - _BOTTOM * share) / (1 - share)


class _Labels:
    """Labels of bar segments: inside the segment when they fit, else raised above the bar in
    rows, each new row above every leader line it would cross. Inside labels keep clear of the
    line at ``line`` when the segment has room on one side of it; otherwise the line is hidden
    behind the label."""

    def __init__(self, ax: Axes, size: Sizes, line: float) -> None:
        self.ax, self.size, self.line = ax, size, line
        self.across = chars_across(ax, 1.0, size.text)  # characters across the whole axis
        self.raised: list[tuple[float, int]] = []  # labels above the bar: (x, row)

    @property
    def rows(self) -> int:
        return 1 + max((row for _, row in self.raised), default=-1)

    def segment(
        self,
        y: float,
        left: Fraction,
        share: Fraction,
        name: str,
        *,
        fill: str,
        percent: str | None = None,
        color: str = "white",
        raise_: bool = True,
    ) -> None:
        """Label the segment ``[left, left + share]``; with ``raise_`` False a name that does
        not fit inside is left out."""
        percent = percent or format_percent(share)
        start, end = float(left), float(left + share)
        raised = None
        if share > 0:
            placed = self._inside(y, start, end, name, percent, fill=fill, color=color)
            if placed == "all":
                return
            raised = name if placed == "percent" else f"{name} {percent}"
        else:
            raised = f"{name} {percent}"
        if raise_:
            self._raise(y, (start + end) / 2, raised)

    def _inside(
        self, y: float, start: float, end: float, name: str, percent: str, *, fill: str,
        color: str,
    ) -> str | None:  # fmt: skip
        """Write the name and percentage (``"all"``), or the percentage alone (``"percent"``),
        inside the segment; None when not even the percentage fits."""
        spans: list[tuple[float, float, bool]] = [(start, end, False)]
        if start < self.line < end:  # the line crosses the segment: one side of it if there is room
            sides = sorted([(start, self.line), (self.line, end)], key=lambda s: s[0] - s[1])
            spans = [(a, b, False) for a, b in sides] + [(start, end, True)]
        for what in ("all", "percent"):
            for a, b, mask in spans:
                fits = int(self.across * (b - a)) - 2
                if what == "all" and fits >= max(len(percent), min(len(name), 9)):
                    text = f"{wrap(name, fits, lines=3)}\n{percent}"
                elif what == "percent" and fits >= len(percent):
                    text = percent
                else:
                    continue
                if not mask and a < self.line < b and self._touches(text, (a + b) / 2):
                    continue  # the line would run through the text
                self.ax.text(
                    (a + b) / 2, y, text, ha="center", va="center", color=color,
                    fontsize=self.size.text, zorder=3,
                    bbox={"facecolor": fill, "edgecolor": "none", "pad": 1.0} if mask else None,
                )  # fmt: skip
                return what
        return None

    def _touches(self, text: str, middle: float) -> bool:
        """Would ``text`` centred at ``middle`` reach the line (with a character to spare)?"""
        half = (max(len(line) for line in text.splitlines()) + 1) / self.across / 2
        return abs(self.line - middle) < half

    def _raise(self, y: float, middle: float, label: str) -> None:
        """Put ``label`` above the bar, ending at the segment's middle, on the lowest row that
        crosses no earlier leader line."""
        width = (len(label) + 1) / self.across
        start = max(middle - width, 0.0)  # the label ends at its segment, inside the axis
        # Rising to the right, each label above every earlier leader line it would cross.
        row = 1 + max((r for x, r in self.raised if x >= start), default=-1)
        self.raised.append((middle, row))
        self.ax.annotate(
            label, xy=(middle, y + _HEIGHT / 2), xytext=(start + width, _RAISE + _ROW *
            self.size.text * row), textcoords=("data", "offset points"), ha="right",
            va="bottom", fontsize=self.size.text, color=palette.INK,
            arrowprops={"arrowstyle": "-", "color": palette.UNKNOWN, "linewidth": 0.8,
                        "shrinkA": 0, "shrinkB": 0, "relpos": (1.0, 0.0)},
        )  # fmt: skip


def _margin_note(ax: Axes, low: Fraction, high: Fraction, line: Fraction, size: Sizes) -> None:
    """Write the stake and its margin to the line beside the second bar."""
    worst = f" (at worst {format_percent(high)})" if high > low else ""
    if low < line <= high:
        over = f"over by {points(high - line)}" if high > line else "on the line"
        note = (
            f"{format_percent(low)} to {format_percent(high)}: margin {points(line - low)} "
            f"at best, {over} at worst"
        )
    elif high < line:
        note = f"{format_percent(low)}: margin {points(line - low)}{worst}"
    elif low == line:
        note = f"{format_percent(low)}: on the line, so over it ('at least 20 percent'){worst}"
    else:
        note = f"{format_percent(low)}: over by {points(low - line)}{worst}"
    end = float(max(high, line))
    font = size.text + 1
    room = int((1 - end - 0.02) * inches(ax)[0] / char_width(font))
    if room >= len(note):
        ax.text(end + 0.015, _TRACED, note, ha="left", va="center", fontsize=font,
                color=palette.INK, gid="margin")  # fmt: skip
    else:
        ax.text(0.995, _TRACED - _HEIGHT / 2 - 0.06, wrap(note, chars_across(ax, 1.0, font)),
                ha="right", va="top", fontsize=font, color=palette.INK, gid="margin")  # fmt: skip
