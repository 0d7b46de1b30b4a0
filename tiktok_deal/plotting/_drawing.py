"""Drawing the ownership graph in its Axes: the parties' markers, the target's bar, the edges
and the labels, laid out for the Axes as it is when the figure is drawn (a panel of a grid can
shrink after the graph is made, as the other panels fill); a hidden artist of the figure lays
them out again whenever the Axes has moved or changed size since."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import palette
from ..law import Facts
from ._common import Sizes, char_width, group_of, inches, wrap
from ._edges import Edge
from ._layout import Room, arrange
from ._placing import Labels
from ._routes import Bar, Route, curves, routes

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

__all__ = ["EDGE_COLORS", "LINESTYLES", "Drawing", "Plan", "control", "size_of"]

LINESTYLES: dict[str, Any] = {
    "stake": "-",
    "appoints": (0, (5, 2.5)),
    "right": (0, (6, 2, 1.5, 2)),
    "tie": (0, (1, 1.8)),
}
EDGE_COLORS = {"controlled": palette.ADVERSARY, "at worst": palette.ORANGE, "free": palette.GREY}


def control(facts: Facts, party: str) -> str:
    """``controlled`` by a foreign adversary, ``at worst`` (only if unknowns are adversaries),
    or ``free``."""
    if party in facts.best.controlled:
        return "controlled"
    return "at worst" if party in facts.worst.controlled else "free"


class Plan(NamedTuple):
    """What to draw: the edges, each party's name and the lines under it, the label of the
    edges from one party to another, the graph the layout follows (holder to held, and whom
    each party is drawn towards, and who has a tie with the target), the room the labels need,
    and the font sizes."""

    facts: Facts
    drawn: list[Edge]
    names: dict[str, str]
    lines: dict[str, list[str]]
    texts: dict[tuple[str, str], list[str]]
    network: Any
    pulls: dict[str, set[str]]
    ties: set[str]
    room: Room
    size: Sizes


class Drawing:
    """The graph drawn in ``ax`` from ``plan``: ``update`` draws it for the Axes as it is now
    (again, in place of what it drew before, if the Axes has moved or changed size); ``attach``
    has the figure call ``update`` each time it is drawn, before the Axes is."""

    def __init__(self, ax: Axes, plan: Plan) -> None:
        self.ax, self.plan = ax, plan
        self.made: list[Any] = []
        self.key: tuple[float, ...] | None = None

    def attach(self) -> None:
        from matplotlib.artist import Artist

        drawing = self

        class Hook(Artist):
            """Draws nothing; lays the graph out again first, when its Axes has changed."""

            def draw(self, renderer: RendererBase) -> None:
                if drawing.ax.figure is not None:
                    drawing.update()

        hook = Hook()
        hook.set_zorder(-1e9)  # drawn before the Axes, after the figure's layout
        hook.set_in_layout(False)
        hook.set_gid("graph-layout")
        self.ax.figure.add_artist(hook)

    def update(self) -> None:
        ax = self.ax
        key = tuple(round(b / ax.figure.dpi, 2) for b in ax.bbox.bounds)  # inches, any dpi
        if key == self.key:
            return
        self.key = key
        for artist in self.made:
            artist.remove()
        before = set(ax.get_children())
        self._draw()
        self.made = [a for a in ax.get_children() if a not in before]

    def _draw(self) -> None:
        ax, plan = self.ax, self.plan
        facts, size = plan.facts, plan.size
        target = facts.deal.target
        layout = arrange(facts, plan.network, plan.pulls, plan.ties, plan.room, inches(ax))
        ax.set_xlim(*layout.xlim)
        ax.set_ylim(*layout.ylim)
        pos = layout.pos
        others = {p: xy for p, xy in pos.items() if p != target}
        widest = max(sum(1 for _, y in pos.values() if y == row) for _, row in pos.values())
        rows = len({y for _, y in pos.values()})
        marker = (600.0 if widest <= 5 and rows <= 3 else 350.0) * size.scale**2  # points²
        radius = math.sqrt(marker) / 2  # points
        _draw_nodes(ax, facts, others, marker)
        bar = _draw_bar(ax, facts, layout.bar, pos[target][1], plan.names[target],
                        plan.lines[target], size)  # fmt: skip
        drawn = routes(ax, plan.drawn, pos, target, bar, radius)
        _draw_edges(ax, facts, drawn, marker)
        every, middle = curves(drawn)
        (x0, y0), (x1, y1) = ax.transData.transform([(bar.left, bar.bottom), (bar.right, bar.top)])
        edge = ax.figure.dpi / 72  # the bar's outline, 2 points wide, half outside it
        placer = Labels(ax, size, others, dict.fromkeys(others, radius), every, middle,
                        [(x0 - edge, y0 - edge, x1 + edge, y1 + edge)])  # fmt: skip
        placer.place(plan.names, plan.lines, plan.texts)


def _draw_nodes(
    ax: Axes, facts: Facts, pos: Mapping[str, tuple[float, float]], marker: float
) -> None:
    shapes = {"adversary": "D", "unknown": "s", "other": "o"}
    ring = {"controlled": palette.ADVERSARY, "at worst": palette.ORANGE, "free": "white"}
    for group, shape in shapes.items():
        nodes = [p for p in pos if group_of(facts, p) == group]
        if not nodes:
            continue
        collection = ax.scatter(
            [pos[p][0] for p in nodes], [pos[p][1] for p in nodes], s=marker, marker=shape,
            c=palette.GROUP_COLORS[group], linewidths=2.5 * max(size_of(marker), 0.6), zorder=3,
            edgecolors=["white" if group == "adversary" else ring[control(facts, p)]
                        for p in nodes],
        )  # fmt: skip
        collection.set_gid(f"nodes:{group}")


def _draw_bar(
    ax: Axes, facts: Facts, ends: tuple[float, float], y: float, name: str, lines: Sequence[str],
    size: Sizes,
) -> Bar:  # fmt: skip
    """The target as a bar from ``ends[0]`` to ``ends[1]`` at height ``y``, tinted in its
    group's colour, outlined in ink (in vermillion or orange inside when a foreign adversary
    controls it), its name and ``lines`` written in it; returns the bar in data units."""
    from matplotlib.colors import to_rgba
    from matplotlib.patches import Rectangle

    target = facts.deal.target
    left, right = ends
    width_px = abs(ax.transData.transform((right, 0))[0] - ax.transData.transform((left, 0))[0])
    chars = max(10, int(width_px / (ax.figure.dpi * char_width(size.text)) - 1))
    text = "\n".join([wrap(name, chars, lines=3), wrap(" · ".join(lines), chars, lines=3)])
    label = ax.text((left + right) / 2, y, text, ha="center", va="center", fontsize=size.text,
                    fontweight="bold", color=palette.INK, zorder=4, gid=f"node:{target}",
                    linespacing=1.15)  # fmt: skip
    label.set_in_layout(False)
    rows = text.count("\n") + 1
    height_px = (rows * 1.2 * size.text + 8) * ax.figure.dpi / 72
    per_y = abs(ax.transData.transform((0, 1))[1] - ax.transData.transform((0, 0))[1])
    half = height_px / per_y / 2
    colour = palette.GROUP_COLORS[group_of(facts, target)]
    ax.add_patch(Rectangle((left, y - half), right - left, 2 * half,
                           facecolor=to_rgba(colour, 0.16), edgecolor=palette.INK, linewidth=2.0,
                           zorder=2, gid="target"))  # fmt: skip
    status = control(facts, target)
    if status != "free":
        inset = 3.0 * ax.figure.dpi / 72
        dx = inset / abs(ax.transData.transform((1, 0))[0] - ax.transData.transform((0, 0))[0])
        dy = inset / per_y
        ax.add_patch(Rectangle((left + dx, y - half + dy), right - left - 2 * dx,
                               2 * (half - dy), facecolor="none",
                               edgecolor=EDGE_COLORS[status], linewidth=2.0, zorder=2,
                               gid="target-control"))  # fmt: skip
    return Bar(left, y - half, right, y + half)


def size_of(marker: float) -> float:
    """A marker's scale against the full-size marker (700 points²)."""
    return math.sqrt(marker / 700.0)


def _draw_edges(ax: Axes, facts: Facts, drawn: Sequence[Route], marker: float) -> None:
    from matplotlib.patches import FancyArrowPatch

    for route in drawn:
        edge = route.edge
        arrow = FancyArrowPatch(
            route.start, route.end, connectionstyle=f"arc3,rad={route.rad}",
            arrowstyle="-" if edge.kind == "tie" else "-|>", mutation_scale=11 * size_of(marker)
            + 4, color=EDGE_COLORS[control(facts, edge.source)], linewidth=1.4,
            linestyle=LINESTYLES[edge.kind], shrinkA=route.shrink[0], shrinkB=route.shrink[1],
            zorder=1, gid=f"{edge.kind}:{edge.source}->{edge.entity}",
        )  # fmt: skip
        ax.add_patch(arrow)
