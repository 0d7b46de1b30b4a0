"""Where the ownership graph's edges run: straight to the target's bar, in the column of the
party at the other end; between other parties, a curve, spread apart from the other edges of the
same two parties and bent round a party in its way. Worked out after layout, in the Axes as it
will be drawn."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ._edges import Edge
from ._placing import Curve

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Bar", "Route", "curves", "routes"]

_APART = 4.0  # points between the edges of two parties that run side by side to the bar
_BOW = 0.4  # the bend of an edge down from a party whose edges also run down to the bar


class Bar(NamedTuple):
    """The target's bar, in data units."""

    left: float
    bottom: float
    right: float
    top: float


class Route(NamedTuple):
    """Where one edge runs, in data units: from ``start`` to ``end`` along matplotlib's ``arc3``
    curve of ``rad``, cut short by ``shrink`` points at either end (the markers' radii)."""

    edge: Edge
    start: tuple[float, float]
    end: tuple[float, float]
    rad: float
    shrink: tuple[float, float]


def routes(
    ax: Axes, drawn: Sequence[Edge], pos: Mapping[str, tuple[float, float]], target: str,
    bar: Bar, radius: float,
) -> list[Route]:  # fmt: skip
    """Every edge's route. An edge to or from the target runs straight between the party and
    the nearest point of the bar (above or below the party when the bar reaches under it); the
    edges of one party with the target run side by side, ``_APART`` points apart. ``radius`` is
    the nodes' in points."""
    pairs: dict[frozenset[str], list[int]] = {}
    for i, edge in enumerate(drawn):
        pairs.setdefault(frozenset((edge.source, edge.entity)), []).append(i)
    screen = {p: tuple(ax.transData.transform(xy)) for p, xy in pos.items()}
    px = ax.figure.dpi / 72
    unit = ax.transData.transform((1, 1)) - ax.transData.transform((0, 0))  # display per datum
    out: list[Route | None] = [None] * len(drawn)
    dropping = {e.source for e in drawn if e.entity == target and pos[e.source][1] > bar.top}
    for pair, members in pairs.items():
        n = len(members)
        if target in pair:
            (other,) = pair - {target} or {target}
            x, y = pos[other]
            if y > bar.top or y < bar.bottom:
                attach = (min(max(x, bar.left + 0.1), bar.right - 0.1),
                          bar.top if y > bar.top else bar.bottom)  # fmt: skip
            else:
                attach = (bar.left if x < bar.left else bar.right, y)
            dx, dy = attach[0] - x, attach[1] - y
            length = math.hypot(dx * unit[0], dy * unit[1]) or 1.0
            across = (-dy * unit[1] / length, dx * unit[0] / length)  # unit normal, display
            for k, i in enumerate(members):
                shift = _APART * px * (k - (n - 1) / 2)
                offset = (shift * across[0] / unit[0], shift * across[1] / unit[1])
                ends = ((x + offset[0], y + offset[1]),
                        (attach[0] + offset[0], attach[1] + offset[1]))  # fmt: skip
                start, end = ends if drawn[i].source == other else ends[::-1]
                node, bar_end = radius + 2, 1.0
                shrink = (node, bar_end) if drawn[i].source == other else (bar_end, node)
                out[i] = Route(drawn[i], start, end, 0.0, shrink)
            continue
        first, second = sorted(pair)
        length = max(math.dist(screen[first], screen[second]) / ax.figure.dpi, 0.1)  # inches
        # The curves' middles about a quarter of an inch apart, whatever the edge's length (a
        # curve's middle lies rad × length / 2 off the straight line).
        step = min(max(0.5 / length, 0.08), 0.3)
        clear = 1.2 * radius * px
        bend = min(max(0.8 / length, 0.2), 0.6) if _crosses(screen, first, second, clear) else 0
        edge = drawn[members[0]]
        if not bend and n == 1 and edge.source in dropping and pos[edge.entity][1] < pos[
            edge.source][1]:  # fmt: skip
            # Down from a party whose edges also run down to the bar: bowed away from them,
            # leaving room for its label between.
            going_left = screen[edge.entity][0] < screen[edge.source][0]
            bend = _BOW if going_left == (edge.source == first) else -_BOW
        for k, i in enumerate(members):
            rad = bend + step * (k - (n - 1) / 2)
            edge = drawn[i]
            rad = rad if edge.source == first else -rad  # the same side either way
            out[i] = Route(edge, pos[edge.source], pos[edge.entity], rad,
                           (radius + 2, radius + 1))  # fmt: skip
    return [r for r in out if r is not None]


def _crosses(
    screen: Mapping[str, tuple[float, float]], source: str, entity: str, radius: float
) -> bool:
    """Does the straight line from ``source`` to ``entity`` pass within ``radius`` (display
    units) of another party?"""
    (x0, y0), (x1, y1) = screen[source], screen[entity]
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    for party, (x, y) in screen.items():
        if party in (source, entity) or not length:
            continue
        t = ((x - x0) * dx + (y - y0) * dy) / length
        if 0.05 < t < 0.95 and math.hypot(x0 + t * dx - x, y0 + t * dy - y) < radius:
            return True
    return False


def curves(drawn: Sequence[Route]) -> tuple[list[Curve], dict[tuple[str, str], Curve]]:
    """The routes as curves for the labels to keep clear of, and for each pair of parties the
    curve its label follows: the middle of its edges that way."""
    every = [Curve((r.edge.source, r.edge.entity), r.start, r.end, r.rad, r.shrink)
             for r in drawn]  # fmt: skip
    by_pair: dict[tuple[str, str], list[Curve]] = {}
    for curve in every:
        by_pair.setdefault(curve.pair, []).append(curve)
    middle = {}
    for pair, group in by_pair.items():
        n = len(group)
        start = (sum(c.start[0] for c in group) / n, sum(c.start[1] for c in group) / n)
        end = (sum(c.end[0] for c in group) / n, sum(c.end[1] for c in group) / n)
        middle[pair] = Curve(pair, start, end, sum(c.rad for c in group) / n, group[0].radii)
    return every, middle
