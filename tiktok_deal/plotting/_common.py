"""Helpers the plots share: a fresh Axes when none is given, sizes that follow the Axes, short
names, legends that fit, deal and reading."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

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
    "Sizes",
    "axes",
    "char_width",
    "chars_across",
    "facts_of",
    "group_of",
    "inches",
    "legend_below",
    "percent_axis",
    "points",
    "set_title",
    "sizes",
    "style",
    "wrap",
]

FIGSIZE = (8.0, 4.5)
"""The size of a figure a plot makes for itself, in inches."""
FONT = 8.0
"""The size of labels inside plots, in points, on an Axes of the figure a plot makes itself."""
CHAR_WIDTH = 0.55 * FONT / 72
"""Inches per character of a label, roughly (for fitting labels without a renderer)."""
_REFERENCE = (0.775 * FIGSIZE[0], 0.77 * FIGSIZE[1])
"""The Axes of a ``FIGSIZE`` figure before layout (matplotlib's default margins), in inches."""


class Sizes(NamedTuple):
    """Font sizes in points for one Axes: ``text`` inside the plot, ``ticks`` and axis labels,
    ``title``; ``scale`` is the Axes' size against the figure a plot makes itself (at most 1)."""

    scale: float
    text: float
    ticks: float
    title: float


def axes(ax: Axes | None) -> Axes:
    """``ax``, or the Axes of a new figure of ``FIGSIZE`` (constrained layout)."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=FIGSIZE, layout="constrained")
    return new


def inches(ax: Axes) -> tuple[float, float]:
    """The Axes' width and height in inches, as placed now."""
    dpi = ax.figure.dpi
    return ax.bbox.width / dpi, ax.bbox.height / dpi


def _nominal(ax: Axes) -> tuple[float, float]:
    """The Axes' width and height in inches with matplotlib's default margins: a subplot's
    place in its grid before any layout runs (the same whichever panel is drawn first)."""
    figure = ax.figure  # a Figure or a SubFigure; fractions of it either way
    spec = ax.get_subplotspec()
    box = spec.get_position(figure) if spec is not None else ax.get_position()  # type: ignore[arg-type]
    return box.width * figure.bbox.width / figure.dpi, box.height * figure.bbox.height / figure.dpi


def sizes(ax: Axes) -> Sizes:
    """Font sizes for ``ax``: full size on the Axes of a ``FIGSIZE`` figure, smaller on a
    smaller Axes (one panel of a grid), never below 6 points."""
    width, height = _nominal(ax)
    scale = max(0.4, min(1.0, width / _REFERENCE[0], height / _REFERENCE[1]))
    return Sizes(
        scale=scale,
        text=max(6.0, FONT * scale),
        ticks=max(6.0, 10.0 * scale),
        title=max(7.0, 12.0 * scale),
    )


def style(ax: Axes, size: Sizes) -> None:
    """Tick labels and axis labels at ``size.ticks``."""
    ax.tick_params(labelsize=size.ticks)
    ax.xaxis.label.set_fontsize(size.ticks)
    ax.yaxis.label.set_fontsize(size.ticks)


def percent_axis(axis: Any, *, decimals: int | None = None) -> None:
    """Tick labels on ``axis`` (values from 0 to 1) as the library writes a share: ``"20 %"``,
    ``"12.5 %"`` (a space before the sign; no needless ``".0"``)."""
    from matplotlib.ticker import FuncFormatter

    def text(value: float, _: object) -> str:
        shown = round(100 * value, 6 if decimals is None else decimals)
        return f"{shown:g} %".replace("-", "\N{MINUS SIGN}")

    axis.set_major_formatter(FuncFormatter(text))


def char_width(font: float = FONT) -> float:
    """Inches per character of a label at ``font`` points, roughly."""
    return 0.55 * font / 72


def chars_across(ax: Axes, fraction: float, font: float = FONT) -> int:
    """How many label characters at ``font`` points fit across ``fraction`` of the Axes' width."""
    return int(inches(ax)[0] * fraction / char_width(font))


def set_title(ax: Axes, text: str, size: Sizes, *, lines: int = 3) -> None:
    """A title on the left, each of its lines wrapped to the room from the Axes' left edge to
    the figure's right edge as the figure's layout leaves it (with what is drawn so far: set
    the title last)."""
    figure = ax.figure.canvas.figure
    engine = figure.get_layout_engine()
    if engine is not None:
        ax.set_title(text.splitlines()[0] if text else "", loc="left", fontsize=size.title)
        engine.execute(figure)
    room = (figure.bbox.x1 - ax.bbox.x0) / figure.dpi - 0.1  # inches
    width = int(room / char_width(size.title * 0.95))
    wrapped = "\n".join(wrap(line, width, lines=lines) for line in text.splitlines())
    ax.set_title(wrapped, loc="left", fontsize=size.title)


def legend_below(
    ax: Axes, handles: Sequence[Any], size: Sizes, *, gap: float = 0.02, **options: Any
) -> Any:
    """A frameless legend under the Axes with as many columns as fit its width (so it is never
    wider than the Axes, and never clipped at the figure's edge). ``gap`` is in Axes heights."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    width = inches(ax)[0]
    font = FontProperties(size=size.text)
    measure = TextToPath()
    # Each entry: its text as drawn, the handle (2 em), the gap to the text (0.8 em), and the
    # space between columns (1.2 em); in inches.
    widths = [
        measure.get_text_width_height_descent(str(h.get_label()), font, ismath=False)[0] / 72
        + 4.0 * size.text / 72
        for h in handles
    ]
    columns = max(1, len(handles))
    while columns > 1:
        if sum(max(column, default=0.0) for column in _columns(widths, columns)) <= width:
            break
        columns -= 1
    return ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, -gap), ncol=columns,
        frameon=False, fontsize=size.text, borderaxespad=0.0, columnspacing=1.2,
        handlelength=2.0, **options,
    )  # fmt: skip


def _columns(widths: Sequence[float], columns: int) -> list[list[float]]:
    """The entries' widths in each column, as matplotlib lays out ``ncol`` columns (filled one
    column at a time, the first columns one longer when they do not divide evenly)."""
    rows, extra = divmod(len(widths), columns)
    out, start = [], 0
    for i in range(columns):
        n = rows + (1 if i < extra else 0)
        out.append(list(widths[start : start + n]))
        start += n
    return out


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


def wrap(text: str, width: int, *, lines: int = 3, hyphens: bool = False) -> str:
    """``text`` wrapped at ``width`` characters, cut with … after ``lines`` lines; a number
    stays on the line of its ``%``; with ``hyphens``, a hyphenated word may break after one."""
    wrapped = textwrap.wrap(
        text.replace(" %", "\N{NO-BREAK SPACE}%"),
        max(width, 4),
        max_lines=lines,
        placeholder="…",
        break_long_words=False,
        break_on_hyphens=hyphens,
    )
    return "\n".join(wrapped).replace("\N{NO-BREAK SPACE}%", " %")


def points(value: Fraction) -> str:
    """A difference of stakes in percentage points: ``Fraction(1, 1000)`` → ``"0.1 points"``,
    ``Fraction(1, 100)`` → ``"1 point"``."""
    text = format_percent(abs(value))
    return text.replace(" %", " point" if abs(value) == Fraction(1, 100) else " points")


def group_of(facts: Facts, party: str) -> str:
    """``adversary`` for an (A)-person, ``unknown`` without a jurisdiction, else ``other``."""
    if party in facts.known_adversaries:
        return "adversary"
    return "unknown" if party in facts.unknown else "other"
