"""The law's clock as a chart: the 270 days, the deadline, the non-enforcement orders, the deal."""

from __future__ import annotations

import datetime as dt
import importlib
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import palette
from ..law import timeline as clock
from ._common import axes, char_width, inches, legend_below, set_title, sizes, style, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["timeline"]

#: Short labels for the milestones of ``clock.EVENTS``; other events use their title.
_SHORT: dict[dt.date, str] = {
    clock.ENACTED: "PAFACA enacted",
    dt.date(2025, 1, 17): "Supreme Court upholds the Act",
    clock.statutory_deadline(): "deadline: the ban takes effect",
    dt.date(2025, 9, 15): "framework reached in Madrid",
    dt.date(2025, 9, 19): "Trump–Xi call",
    clock.DETERMINATION.date: "EO 14352 determination",
    clock.AGREEMENTS_SIGNED: "agreements signed",
    clock.JOINT_VENTURE_CLOSED: "joint venture closes",
}
_MILESTONE_COLORS = {
    "statute": palette.INK,
    "court": palette.INK,
    "deadline": palette.VERMILLION,
    "diplomacy": palette.BLUE,
    "deal": palette.BLUISH_GREEN,
    "determination": palette.BLUISH_GREEN,
    "as-of": palette.INK,
}
_STYLES = {"deadline": "-", "deal": "-", "determination": "-", "as-of": "--"}  # others dotted
_GAP = 1.2  # characters kept clear either side of a milestone's label
_BASE = 5.0  # points between the top of the bars and the lowest row of labels


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


class _Milestone(NamedTuple):
    day: dt.date
    kind: str
    label: str


def _milestones(status: clock.TimelineStatus, today: bool) -> list[_Milestone]:
    found = [
        _Milestone(e.date, e.kind, _SHORT.get(e.date) or wrap(e.title.split(" (")[0], 28, lines=1))
        for e in status.events
        if e.until is None
    ]
    found.append(_Milestone(status.as_of, "as-of", "today," if today else "as of"))
    return sorted(found, key=lambda m: (m.day, m.kind == "as-of"))


def _levels(starts: list[float], widths: list[float], gap: float) -> list[int]:
    """Each label's row above the bars, so that no label overlaps another and no milestone's
    line (from its label down to the bars) runs through a label: placed from the latest
    milestone back, each label one row above every later milestone whose line its text would
    cross (a later label starts at that line, so this keeps labels apart too)."""
    levels = [0] * len(starts)
    placed: list[int] = []
    for i in sorted(range(len(starts)), key=lambda i: (starts[i], i), reverse=True):
        reach = starts[i] + widths[i] + gap
        crossed = [levels[j] for j in placed if starts[i] - gap <= starts[j] <= reach]
        levels[i] = 1 + max(crossed, default=-1)
        placed.append(i)
    return levels


def timeline(status: clock.TimelineStatus | None = None, *, ax: Axes | None = None) -> Axes:
    """PAFACA's clock for TikTok: the 270 days to the statutory deadline, each executive
    non-enforcement order as a span (issue date to the last day it covers), the milestones
    (enactment, the ruling, the deadline, the framework, the closing) as dated lines, and a
    dashed line at the status's date ("as of"), or at today's when no status is given.

    ``status`` is ``tiktok_deal.law.timeline.status(as_of)``; its events are drawn. Labels
    are stacked in rows so that none overlaps another or is crossed by a milestone's line, and
    the dates run far enough right for every label; fonts shrink with the Axes.
    """
    from matplotlib.patches import Patch

    today = status is None
    status = clock.status(dt.date.today()) if status is None else status
    ax = axes(ax)
    size = sizes(ax)
    style(ax, size)
    events = status.events
    deadline = status.statutory_deadline
    orders = sorted((e for e in events if e.until is not None), key=lambda e: e.date)
    enacted = min((e.date for e in events if e.kind == "statute"), default=clock.ENACTED)
    days = _day

    # -- spans: the 270 days, then one row per non-enforcement order ------------------------------
    rows = ["270 days to divest"] + [e.order for e in orders]
    ax.barh(
        0, days(deadline) - days(enacted), left=days(enacted), height=0.6, color=palette.BLUE,
        alpha=0.85, gid="divest-period",
    )  # fmt: skip
    spans: list[tuple[float, str]] = []  # (x, label) of the text right of each order's bar
    for row, order in enumerate(orders, start=1):
        assert order.until is not None
        ax.barh(
            row, days(order.until) - days(order.date), left=days(order.date), height=0.6,
            color=palette.ORANGE, gid=f"order:{order.order}",
        )  # fmt: skip
        spans.append((days(order.until) + 6, _span(order.date, order.until)))
        ax.text(days(order.until) + 6, row, spans[-1][1], va="center", fontsize=size.text,
                color=palette.INK, zorder=3, gid=f"span:{order.order}",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})  # fmt: skip

    bottom = len(rows) - 0.4
    ax.set_yticks(range(len(rows)), rows)
    ax.tick_params(axis="y", length=0)
    locator = _dates().AutoDateLocator(minticks=4, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(_dates().ConciseDateFormatter(locator))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    set_title(ax, "TikTok and PAFACA: the deadline, the non-enforcement orders, the deal", size)
    legend_below(ax, [
        Patch(color=palette.BLUE, label="270 days to divest (PAFACA §2(a)(2)(A))"),
        Patch(color=palette.ORANGE,
              label="non-enforcement order (the ban in force, not enforced)"),
    ], size, gap=0.1)  # fmt: skip
    figure = ax.figure.canvas.figure
    engine = figure.get_layout_engine()
    if engine is not None:  # fit the labels to the Axes as the layout will leave it
        engine.execute(figure)

    # -- the dates shown: every event, and far enough right for every label --------------------
    milestones = _milestones(status, today)
    texts = [
        f"{m.label} {m.day.isoformat()}" if m.kind == "as-of" else f"{m.label}, {m.day.isoformat()}"
        for m in milestones
    ]
    chars = [max(len(line) for line in text.splitlines()) for text in texts]
    start = days(min(enacted, *(e.date for e in events), status.as_of)) - 25
    end = max(days(deadline), *(days(e.until or e.date) for e in events), days(status.as_of))
    end += 30
    width_in = max(inches(ax)[0], 1.0)
    for _ in range(4):  # widening the range narrows each label in days: settle it
        per_char = char_width(size.text) * (end - start) / width_in  # days
        needed = max(
            [x + (len(label) + 1) * per_char for x, label in spans]
            + [days(m.day) + (n + 1) * per_char for m, n in zip(milestones, chars, strict=True)]
        )
        end = max(end, needed + per_char)
    ax.set_xlim(start, end)
    per_char = char_width(size.text) * (end - start) / width_in
    period = _span(enacted, deadline)
    if (len(period) + 2) * per_char <= days(deadline) - days(enacted):  # inside its bar
        ax.text(days(enacted) + 6, 0, period, va="center", color="white", fontsize=size.text,
                gid="span:270 days")  # fmt: skip
    else:  # beside it, as the orders' spans are
        ax.text(days(deadline) + 6, 0, period, va="center", color=palette.INK,
                fontsize=size.text, zorder=3, gid="span:270 days",
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.3})  # fmt: skip

    # -- milestones: a line up from the bars to a label on the lowest free row ---------------------
    starts = [days(m.day) for m in milestones]
    levels = _levels(starts, [n * per_char for n in chars], _GAP * per_char)
    row_height = 1.25 * size.text + 3  # points: a line of text and a little air
    height = max(inches(ax)[1] * 72, 1.0)
    above = _BASE + (max(levels) + 1) * row_height + 2  # points above the bars
    share = min(above / height, 0.7)
    top = -0.5 - share * (bottom + 0.5) / (1 - share)  # the y axis is inverted
    ax.set_ylim(bottom, top)
    for milestone, text, level in zip(milestones, texts, levels, strict=True):
        x = days(milestone.day)
        color = _MILESTONE_COLORS.get(milestone.kind, palette.INK)
        linestyle = _STYLES.get(milestone.kind, ":")
        gid = "as-of" if milestone.kind == "as-of" else f"event:{milestone.kind}:{milestone.day}"
        width = 1.6 if milestone.kind == "as-of" else 1.1
        ax.vlines(x, -0.5, bottom, color=color, linewidth=width, linestyle=linestyle, gid=gid)
        ax.annotate(
            text, xy=(x, -0.5), xytext=(x, _BASE + level * row_height),
            textcoords=("data", "offset points"), ha="left", va="bottom", fontsize=size.text,
            color=color, zorder=3, gid=f"label:{gid}",
            arrowprops={"arrowstyle": "-", "color": color, "linewidth": width,
                        "linestyle": linestyle, "shrinkA": 0, "shrinkB": 0, "relpos": (0, 0)},
        )  # fmt: skip
    return ax
