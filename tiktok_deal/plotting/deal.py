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
    FONT,
    axes,
    chars_across,
    facts_of,
    group_of,
    points,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ownership"]

_DIRECT, _TRACED = 1.0, 0.0  # the bars' y positions
_HEIGHT = 0.55


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
    labelled with its name and stake; the second bar splits the looked-through stake by the
    (A)-person it traces to (hatched up to the worst case when jurisdictions are unknown). The
    20 % line of PAFACA §2(g)(1)(B) is drawn and the margin to it written out. A ``Report`` may
    stand for the deal; its interpretation is then used unless ``interpretation`` is given.
    """
    from matplotlib.patches import Patch
    from matplotlib.ticker import PercentFormatter

    facts = facts_of(deal, interpretation)
    ax = axes(ax)
    target, the_deal = facts.deal.target, facts.deal
    basis = facts.best.basis_for(target)
    order = {"adversary": 0, "unknown": 1, "other": 2}
    holdings = sorted(
        the_deal.holdings_in(target),
        key=lambda s: (order[group_of(facts, s.holder)], -_held(s, basis), s.holder),
    )

    # -- the direct holders --------------------------------------------------------------------
    left = Fraction(0)
    raised: list[tuple[float, int]] = []  # labels moved above the bar: (x, row)
    for stake in holdings:
        share = _held(stake, basis)
        group = group_of(facts, stake.holder)
        (patch,) = ax.barh(
            _DIRECT, float(share), left=float(left), height=_HEIGHT,
            color=palette.GROUP_COLORS[group], edgecolor="white", linewidth=1.5,
        )  # fmt: skip
        patch.set_gid(f"holder:{stake.holder}")
        name = short_name(the_deal.label(stake.holder))
        _label_segment(ax, _DIRECT, left, share, name, raised=raised,
                       percent=stake.percent(basis))  # fmt: skip
        left += share
    if left < 1:
        (rest,) = ax.barh(
            _DIRECT, float(1 - left), left=float(left), height=_HEIGHT,
            color=palette.UNNAMED, edgecolor="white", linewidth=1.5,
        )  # fmt: skip
        rest.set_gid("unnamed")
        _label_segment(ax, _DIRECT, left, 1 - left, "not named", raised=raised, color=palette.INK)

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
        _label_segment(ax, _TRACED, left, share, name, raised=None)
        left += share
    if high > low:
        (patch,) = ax.barh(
            _TRACED, float(high - low), left=float(low), height=_HEIGHT,
            color="white", edgecolor=palette.UNKNOWN, hatch="///", linewidth=1.0,
        )  # fmt: skip
        patch.set_gid("traced:unknown")

    line = facts.threshold
    ax.axvline(
        float(line), color=palette.INK, linestyle="--", linewidth=1.2,
        label=f"{format_percent(line)} line (PAFACA §2(g)(1)(B))", gid="threshold",
    )  # fmt: skip
    _margin_note(ax, low, high, line)

    ax.set_xlim(0, 1)
    rows = 1 + max((row for _, row in raised), default=-1)
    ax.set_ylim(-0.6, _DIRECT + _HEIGHT / 2 + 0.25 + 0.2 * rows)
    ax.set_yticks(
        [_TRACED, _DIRECT], ["foreign-adversary\nstake (looked through)", "direct holders"]
    )
    ax.tick_params(axis="y", length=0)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1, decimals=0))
    ax.set_xlabel(f"share of {short_name(the_deal.label(target))} ({basis})")
    ax.set_title(f"Who owns {short_name(the_deal.label(target))}?", loc="left")
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
    handles.append(ax.get_lines()[-1])
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=3,
        frameon=False, fontsize=FONT,
    )  # fmt: skip
    return ax


def _label_segment(
    ax: Axes,
    y: float,
    left: Fraction,
    share: Fraction,
    name: str,
    *,
    raised: list[tuple[float, int]] | None,
    color: str = "white",
    percent: str | None = None,
) -> None:
    """Write ``name`` and ``share`` inside a segment when they fit, else above the bar.

    ``raised`` holds the labels already put above the bar, as (x, row); a new one goes above
    every earlier leader line it would cross. With None, a name that does not fit is left out.
    """
    fits = chars_across(ax, float(share)) - 2
    percent = percent or format_percent(share)
    middle = float(left + share / 2)
    if fits >= max(len(percent), min(len(name), 9)):
        text = f"{wrap(name, fits, lines=3)}\n{percent}"
        ax.text(middle, y, text, ha="center", va="center", color=color, fontsize=FONT)
        return
    if fits >= len(percent):
        ax.text(middle, y, percent, ha="center", va="center", color=color, fontsize=FONT)
        label = name
    else:
        label = f"{name} {percent}"
    if raised is None:
        return
    width = (len(label) + 1) / chars_across(ax, 1.0)
    start = max(middle - width, 0.0)  # the label ends at its segment, inside the axis
    # Rising to the right, each label above every earlier leader line it would cross.
    level = 1 + max((lv for x, lv in raised if x >= start), default=-1)
    raised.append((middle, level))
    ax.annotate(
        label, xy=(middle, y + _HEIGHT / 2), xytext=(start + width, y + _HEIGHT / 2 + 0.12 +
        0.2 * level), ha="right", va="bottom", fontsize=FONT, color=palette.INK,
        arrowprops={"arrowstyle": "-", "color": palette.UNKNOWN, "linewidth": 0.8,
                    "shrinkA": 0, "shrinkB": 0, "relpos": (1.0, 0.0)},
    )  # fmt: skip


def _margin_note(ax: Axes, low: Fraction, high: Fraction, line: Fraction) -> None:
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
    if end < 0.55:
        ax.text(end + 0.015, _TRACED, note, ha="left", va="center", fontsize=FONT + 1,
                color=palette.INK, gid="margin")  # fmt: skip
    else:
        ax.text(0.995, _TRACED - _HEIGHT / 2 - 0.06, note, ha="right", va="top",
                fontsize=FONT + 1, color=palette.INK, gid="margin")  # fmt: skip
