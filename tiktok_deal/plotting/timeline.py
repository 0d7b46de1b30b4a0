"""The law's clock as a chart: the 270 days, the deadline, the non-enforcement orders, the deal."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any

from .. import palette
from ..law import timeline as clock
from ._common import CHAR_WIDTH, FONT, axes, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["timeline"]

_LEVELS = (-0.9, -1.75, -2.6)  # rows of milestone labels above the bars (the y axis is inverted)

#: Short labels for the milestones of ``clock.EVENTS``; other events use their title.
_SHORT: dict[dt.date, str] = {
    clock.ENACTED: "PAFACA enacted",
    dt.date(2025, 1, 17): "Supreme Court upholds the Act",
    clock.statutory_deadline(): "statutory deadline: the ban takes effect",
    dt.date(2025, 9, 15): "framework reached (Madrid talks)",
    dt.date(2025, 9, 19): "Trump–Xi call",
    clock.AGREEMENTS_SIGNED: "agreements signed",
    clock.JOINT_VENTURE_CLOSED: "joint venture closes",
}
_MILESTONE_COLORS = {
    "statute": palette.INK,
    "court": palette.INK,
    "deadline": palette.VERMILLION,
    "diplomacy": palette.BLUE,
    "deal": palette.BLUISH_GREEN,
}


def _dates() -> Any:
    """``matplotlib.dates``, whose functions carry no type hints (so strict mypy takes it as
    Any, with or without matplotlib installed)."""
    return importlib.import_module("matplotlib.dates")


def _day(day: dt.date) -> float:
    """A date as matplotlib's day number (the x coordinate of a date axis)."""
    return float(_dates().date2num(day))


def _span(start: dt.date, end: dt.date) -> str:
    first = f"{start.day} {start:%b}" + ("" if start.year == end.year else f" {start.year}")
    return f"{first} – {end.day} {end:%b} {end.year}"


def timeline(status: clock.TimelineStatus | None = None, *, ax: Axes | None = None) -> Axes:
    """PAFACA's clock for TikTok: the 270 days to the statutory deadline, each executive
    non-enforcement order as a span (issue date to the last day it covers), and the milestones
    (enactment, the deadline, the framework, the closing) as dated lines.

    With a ``TimelineStatus`` (``tiktok_deal.law.timeline.status(as_of)``) its date is marked
    and its events are drawn; without one, every event in ``EVENTS``.
    """
    from matplotlib.patches import Patch

    ax = axes(ax)
    events = clock.EVENTS if status is None else status.events
    deadline = clock.statutory_deadline() if status is None else status.statutory_deadline
    orders = sorted((e for e in events if e.until is not None), key=lambda e: e.date)
    enacted = min((e.date for e in events if e.kind == "statute"), default=clock.ENACTED)
    days = _day

    # -- spans: the 270 days, then one row per non-enforcement order ------------------------------
    rows = ["270 days to divest"] + [e.order for e in orders]
    ax.barh(
        0, days(deadline) - days(enacted), left=days(enacted), height=0.6, color=palette.BLUE,
        alpha=0.85, gid="divest-period",
    )  # fmt: skip
    for row, order in enumerate(orders, start=1):
        assert order.until is not None
        ax.barh(
            row, days(order.until) - days(order.date), left=days(order.date), height=0.6,
            color=palette.ORANGE, gid=f"order:{order.order}",
        )  # fmt: skip
        ax.text(days(order.until) + 6, row, _span(order.date, order.until), va="center",
                fontsize=FONT, color=palette.INK, zorder=3,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})  # fmt: skip
    ax.text(days(enacted) + 6, 0, _span(enacted, deadline), va="center", color="white",
            fontsize=FONT)  # fmt: skip

    # -- milestones: dated lines with staggered labels ------------------------------------------
    start = min(enacted, *(e.date for e in events)) - dt.timedelta(days=25)
    end = max(deadline, *(e.until or e.date for e in events)) + dt.timedelta(days=100)
    ax.set_xlim(days(start), days(end))
    bottom = len(rows) - 0.4
    inches = ax.bbox.width / ax.figure.dpi
    per_inch = (days(end) - days(start)) / max(inches, 1.0)
    level_ends = [float("-inf")] * len(_LEVELS)
    for event in sorted((e for e in events if e.until is None), key=lambda e: e.date):
        x = days(event.date)
        label = f"{_SHORT.get(event.date) or wrap(event.title.split(' (')[0], 28, lines=1)}"
        label += f"\n{event.date.isoformat()}"
        width = max(len(line) for line in label.splitlines()) * CHAR_WIDTH * per_inch
        level = next((i for i, e in enumerate(level_ends) if e < x - 4), len(_LEVELS) - 1)
        level_ends[level] = x + width
        color = _MILESTONE_COLORS.get(event.kind, palette.INK)
        ax.vlines(x, _LEVELS[level] + 0.05, bottom, color=color, linewidth=1.1,
                  linestyle="-" if event.kind in ("deadline", "deal") else ":",
                  gid=f"event:{event.kind}:{event.date.isoformat()}")  # fmt: skip
        ax.text(x, _LEVELS[level], label, ha="left", va="bottom", fontsize=FONT, color=color,
                zorder=3, bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5})  # fmt: skip

    title = "TikTok and PAFACA: the deadline, the non-enforcement orders, the deal"
    if status is not None:
        ax.vlines(days(status.as_of), -0.5, bottom, color=palette.INK, linestyle="--",
                  linewidth=1.6, gid="as-of")  # fmt: skip
        title += f"\nas of {status.as_of.isoformat()} (the black dashed line)"

    ax.set_yticks(range(len(rows)), rows)
    ax.set_ylim(bottom, _LEVELS[-1] - 0.7)
    ax.tick_params(axis="y", length=0)
    locator = _dates().MonthLocator(bymonth=(1, 4, 7, 10))
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_dates().ConciseDateFormatter(locator))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, loc="left")
    ax.legend(
        handles=[
            Patch(color=palette.BLUE, label="270 days to divest (PAFACA §2(a)(2)(A))"),
            Patch(color=palette.ORANGE,
                  label="non-enforcement order (the ban stays in force, unenforced)"),
        ],
        loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, frameon=False, fontsize=FONT,
    )  # fmt: skip
    return ax
