"""Where the ownership graph's labels go: each node's label and each label of the edges from one
party to another where it covers no other label, no node and no edge but its own (or least),
inside the Axes; an edge's label on its curves as drawn after layout, or just beside them."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .. import palette
from ._common import Sizes, wrap
from ._search import COVER, choose, overlaps

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Transform

__all__ = ["ArcPoint", "Box", "Curve", "Labels"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display units
Pair = tuple[str, str]
_PAD = 2.0  # points kept clear round a label, besides its own box
_LINE = 0.3  # what a line of a label costs: of two places free, the one that lets it run wider
_CROSS = 20.0  # what covering an edge costs (less than a node or a label: COVER)


class ArcPoint:
    """Where a label sits on an edge, worked out when the figure is drawn (after layout): the
    point at ``t`` of the quadratic curve matplotlib's ``arc3`` draws from ``start`` to ``end``,
    moved ``side`` points across the curve (0: on it; the sign says which side)."""

    def __init__(self, ax: Axes, start: tuple[float, float], end: tuple[float, float],
                 rad: float, t: float, side: float = 0.0) -> None:  # fmt: skip
        self.ax, self.start, self.end, self.rad, self.t, self.side = ax, start, end, rad, t, side

    def _curve(self) -> tuple[tuple[float, float], tuple[float, float], tuple[float, float]]:
        (x0, y0), (x1, y1) = self.ax.transData.transform([self.start, self.end])
        control = (x0 + x1) / 2 + self.rad * (y1 - y0), (y0 + y1) / 2 - self.rad * (x1 - x0)
        return (x0, y0), control, (x1, y1)

    def normal(self) -> tuple[float, float]:
        """The unit normal of the curve at ``t`` (display units)."""
        (x0, y0), (cx, cy), (x1, y1) = self._curve()
        t = self.t
        dx = 2 * (1 - t) * (cx - x0) + 2 * t * (x1 - cx)
        dy = 2 * (1 - t) * (cy - y0) + 2 * t * (y1 - cy)
        length = math.hypot(dx, dy) or 1.0
        return -dy / length, dx / length

    def point(self) -> tuple[float, float]:
        (x0, y0), (cx, cy), (x1, y1) = self._curve()
        t = self.t
        a, b, c = (1 - t) ** 2, 2 * t * (1 - t), t**2
        x, y = a * x0 + b * cx + c * x1, a * y0 + b * cy + c * y1
        if self.side:
            nx, ny = self.normal()
            shift = self.side * self.ax.figure.dpi / 72
            x, y = x + nx * shift, y + ny * shift
        return x, y

    def __call__(self, renderer: object) -> Transform:
        from matplotlib.transforms import Affine2D

        return Affine2D().translate(*self.point())


class Curve(NamedTuple):
    """An edge as drawn: the pair of parties it joins, from where to where (data units), its
    curvature, and how far (points) from either end it is cut short, as far as the markers."""

    pair: Pair
    start: tuple[float, float]
    end: tuple[float, float]
    rad: float
    radii: tuple[float, float]


class _Option(NamedTuple):
    """A place for a label: its box (display units), its text wrapped for it, where to draw it,
    and how much less a reader would look for it there than at the best place."""

    box: Box
    text: str
    place: dict[str, Any]
    unexpected: float = 0.0


class Labels:
    """The labels of nodes and edges, each put where it overlaps least of what is placed: other
    labels, the nodes, and the edges it does not label (sampled along their curves)."""

    def __init__(self, ax: Axes, size: Sizes, pos: Mapping[str, tuple[float, float]],
                 radii: Mapping[str, float], curves: Sequence[Curve],
                 middle: Mapping[Pair, Curve], blocks: Sequence[Box] = ()) -> None:  # fmt: skip
        """``pos`` and ``radii`` (points) place the nodes to label; ``curves`` are the edges,
        ``middle`` the curve each pair's label follows, ``blocks`` other boxes to keep clear of
        (display units)."""
        self.ax, self.size, self.pos, self.middle = ax, size, pos, middle
        self.px = ax.figure.dpi / 72  # display units per point
        self.pad = _PAD * self.px
        self.near = 2 * _PAD * self.px  # from a label to an edge
        self.radii = {p: r * self.px for p, r in radii.items()}  # points → display units
        self.screen = {p: tuple(ax.transData.transform(xy)) for p, xy in pos.items()}
        self.nodes: list[Box] = [  # the square in the marker's circle, and a little more
            (x - r, y - r, x + r, y + r)
            for p, (x, y) in self.screen.items()
            for r in [0.85 * self.radii[p]]
        ] + list(blocks)
        points, owners = [], []
        for index, curve in enumerate(curves):
            sampled = self._sample(curve)
            points.append(sampled)
            owners.append(np.full(len(sampled), index))
        self.curves = list(curves)
        self.points = np.concatenate(points) if points else np.zeros((0, 2))
        self.owner = np.concatenate(owners) if owners else np.zeros(0, dtype=int)
        self.pairs = np.array([c.pair for c in curves], dtype=object).reshape(-1, 2)
        self.renderer = _renderer(ax)
        self._sizes: dict[str, tuple[float, float]] = {}
        self.line = 1.2 * size.text * self.px  # the height of one line of text

    # ------------------------------------------------------------------ geometry
    def _sample(self, curve: Curve) -> np.ndarray[Any, Any]:
        """Points every two points or so along ``curve``, between its markers."""
        (x0, y0), (x1, y1) = self.ax.transData.transform([curve.start, curve.end])
        cx, cy = (x0 + x1) / 2 + curve.rad * (y1 - y0), (y0 + y1) / 2 - curve.rad * (x1 - x0)
        length = math.hypot(x1 - x0, y1 - y0) * (1 + abs(curve.rad))
        n = max(8, int(length / (2 * self.px)))
        t = np.linspace(0, 1, n)[:, None]
        curve_points = (1 - t) ** 2 * [x0, y0] + 2 * t * (1 - t) * [cx, cy] + t**2 * [x1, y1]
        away = (np.hypot(*(curve_points - [x0, y0]).T) > curve.radii[0] * self.px) & (
            np.hypot(*(curve_points - [x1, y1]).T) > curve.radii[1] * self.px
        )
        return np.asarray(curve_points[away])

    def _measure(self, text: str) -> tuple[float, float]:
        """The width and height of ``text`` in display units, as it will be drawn."""
        if text not in self._sizes:
            from matplotlib.text import Text

            probe = Text(0, 0, text, fontsize=self.size.text)
            probe.set_figure(self.ax.figure)
            extent = probe.get_window_extent(self.renderer)
            self._sizes[text] = (extent.width, extent.height)
        return self._sizes[text]

    def _box(self, anchor: tuple[float, float], text: str, ha: str, va: str) -> Box:
        width, height = self._measure(text)
        x0 = {"left": anchor[0], "right": anchor[0] - width}.get(ha, anchor[0] - width / 2)
        y0 = {"bottom": anchor[1], "top": anchor[1] - height}.get(va, anchor[1] - height / 2)
        return (x0, y0, x0 + width, y0 + height)

    def _others(self, own: Sequence[Pair]) -> np.ndarray[Any, Any]:
        """Which sampled points are on edges that do not join a pair in ``own``."""
        mine = np.array([tuple(pair) in own for pair in self.pairs], dtype=bool)
        return ~mine[self.owner] if len(self.owner) else np.zeros(0, dtype=bool)

    def _fixed(self, boxes: np.ndarray[Any, Any], others: np.ndarray[Any, Any]
               ) -> np.ndarray[Any, Any]:  # fmt: skip
        """What each of ``boxes`` (n × 4, display units) costs whatever the other labels do, in
        lines²: much for each node it covers and for reaching outside the Axes, less for each
        edge ``others`` picks out that it covers (more the longer the stretch)."""
        grown = _grow(boxes, self.pad)
        nodes = np.asarray(self.nodes, dtype=float).reshape(-1, 4)
        cost = overlaps(grown, nodes, self.line).sum(axis=1)
        bounds = self.ax.bbox
        outside = (
            np.maximum(0.0, bounds.x0 - boxes[:, 0]) + np.maximum(0.0, boxes[:, 2] - bounds.x1)
            + np.maximum(0.0, bounds.y0 - boxes[:, 1]) + np.maximum(0.0, boxes[:, 3] - bounds.y1)
        )  # fmt: skip
        cost += np.where(outside > 0, COVER + outside / self.line, 0.0)
        points, owner = self.points[others], self.owner[others]
        near = _grow(boxes, self.near)  # arrowheads are wider than their lines
        if len(points):
            x, y = points[None, :, 0], points[None, :, 1]
            inside = (
                (x > near[:, None, 0]) & (x < near[:, None, 2])
                & (y > near[:, None, 1]) & (y < near[:, None, 3])
            )  # fmt: skip
            which = np.zeros((len(points), len(self.curves)))
            which[np.arange(len(points)), owner] = 1.0
            crossed = (inside.astype(float) @ which > 0).sum(axis=1)
            cost += _CROSS * crossed + inside.sum(axis=1) / 10
        return np.asarray(cost)

    # ------------------------------------------------------------------ options
    def _node_options(self, party: str, name: str, lines: Sequence[str]) -> list[_Option]:
        """Above, below, beside and at the corners of the node, each with its text wrapped to a
        few widths: narrow first, so that a label keeps to its own node's column if it can."""
        x, y = self.screen[party]
        r = self.radii[party] + 3 * self.px
        unit = abs(self.ax.transData.transform((1, 0))[0] - self.ax.transData.transform((0, 0))[0])
        char = self._measure("n" * 10)[0] / 10
        column = max(8, int(0.95 * unit / char))
        widths = sorted({column, max(column, 12), max(column, 16), max(column, 22), 30})
        corner = 0.85 * self.radii[party] + 2 * self.px  # clear of the circle
        places = [  # and how much less a reader expects the label there than above
            ((x, y + r), "center", "bottom", 0.0),
            ((x - r, y + r), "left", "bottom", 0.5),
            ((x + r, y + r), "right", "bottom", 0.5),
            ((x + r, y), "left", "center", 1.0),
            ((x - r, y), "right", "center", 1.0),
            ((x + corner, y + corner), "left", "bottom", 1.0),
            ((x - corner, y + corner), "right", "bottom", 1.0),
            ((x, y - r), "center", "top", 1.5),
            ((x - r, y - r), "left", "top", 2.0),
            ((x + r, y - r), "right", "top", 2.0),
            ((x + corner, y - corner), "left", "top", 2.0),
            ((x - corner, y - corner), "right", "top", 2.0),
        ]
        options = []
        for width in widths:
            text = "\n".join(
                [wrap(name, width, lines=9)] + [wrap(line, width, lines=9) for line in lines]
            )
            for anchor, ha, va, unexpected in places:
                box = self._box(anchor, text, ha, va)
                offset = ((anchor[0] - x) / self.px, (anchor[1] - y) / self.px)
                place = {"xytext": offset, "ha": ha, "va": va}
                options.append(_Option(box, text, place, unexpected))
        return options

    def _edge_options(self, curve: Curve, lines: Sequence[str]) -> list[_Option]:
        """Points along the curve, from a third of the way from its source outwards, then the
        same points just beside the curve on either side; each with the text wrapped narrow
        (more lines) or wide (fewer)."""
        steps = sorted((0.04 + 0.04 * i for i in range(24)), key=lambda t: abs(t - 0.3))
        options = []
        for width in (14, 18, 24, 34):
            text = "\n".join(wrap(line, width, lines=9) for line in lines)
            for side in (0, 1, -1, 2, -2):
                for t in steps:
                    point = ArcPoint(self.ax, curve.start, curve.end, curve.rad, t)
                    if side:
                        w, h = self._measure(text)
                        nx, ny = point.normal()
                        reach = abs(nx) * w / 2 + abs(ny) * h / 2 + 3 * abs(side) * self.px
                        point = ArcPoint(self.ax, curve.start, curve.end, curve.rad, t,
                                         np.sign(side) * reach / self.px)  # fmt: skip
                    box = self._box(point.point(), text, "center", "center")
                    unexpected = 0.5 * abs(side) + 2 * abs(t - 0.3)
                    options.append(_Option(box, text, {"at": point}, unexpected))
        return options

    # ------------------------------------------------------------------ placing
    def place(self, names: Mapping[str, str], lines: Mapping[str, Sequence[str]],
              edges: Mapping[Pair, Sequence[str]]) -> None:  # fmt: skip
        """Put every node's label (its name, then ``lines``) and every edge label, then draw
        them: the labels are placed once each in turn, then again a few times among all the
        others, each time where it covers least."""
        jobs: list[tuple[str, list[_Option], np.ndarray[Any, Any]]] = []
        every = self._others(())
        for party in self.pos:
            options = self._node_options(party, names[party], lines[party])
            jobs.append((f"node:{party}", options, every))
        for pair, text in edges.items():
            options = self._edge_options(self.middle[pair], text)
            jobs.append((f"edge:{pair[0]}->{pair[1]}", options, self._others((pair,))))
        boxes = {gid: np.array([o.box for o in options], dtype=float) for gid, options, _ in jobs}
        grown = {gid: _grow(b, self.pad) for gid, b in boxes.items()}
        costs = {
            gid: self._fixed(boxes[gid], others)
            + np.array([_LINE * o.text.count("\n") + o.unexpected for o in options])
            for gid, options, others in jobs
        }  # fmt: skip
        # The largest first: a long label has the fewest places it fits.
        order = [gid for gid, _, _ in sorted(jobs, key=lambda job: -len(job[1][0].text))]
        chosen = choose(boxes, grown, costs, order, self.line)
        for gid, options, _others in jobs:
            self._draw(gid, options[chosen[gid]])

    def _draw(self, gid: str, option: _Option) -> None:
        if gid.startswith("node:"):
            party = gid.removeprefix("node:")
            text = self.ax.annotate(
                option.text, self.pos[party], xytext=option.place["xytext"],
                textcoords="offset points", ha=option.place["ha"], va=option.place["va"],
                fontsize=self.size.text,
                color=palette.INK, gid=gid, zorder=4,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.85},
            )  # fmt: skip
        else:
            text = self.ax.annotate(
                option.text, (0, 0), xycoords=option.place["at"], ha="center", va="center",
                fontsize=self.size.text, color=palette.INK, zorder=5, gid=gid,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"},
            )  # fmt: skip
        text.set_in_layout(False)  # placed inside the Axes: the layout need not make room


def _renderer(ax: Axes) -> Any:
    """A renderer to measure text with: the canvas's, or an Agg one at the figure's dpi."""
    canvas = ax.figure.canvas
    get = getattr(canvas, "get_renderer", None)
    if get is not None:
        return get()
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(1, 1, ax.figure.dpi)  # type: ignore[no-untyped-call]


def _grow(boxes: np.ndarray[Any, Any], by: float) -> np.ndarray[Any, Any]:
    """``boxes`` (n × 4) grown by ``by`` on every side."""
    return np.asarray(boxes + np.array([-by, -by, by, by]))
