"""Where the ownership graph's labels go: each node's and edge's label where it overlaps nothing
placed before it (or least), an edge's label on its curve as drawn after layout."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import palette
from ..html import short_name
from ..model import Deal
from ._common import Sizes, char_width, chars_across, inches, wrap
from ._edges import Edge

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Transform

__all__ = ["Labels"]

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display units
_ALONG = {"stake": 0.3, "appoints": 0.3, "right": 0.3, "tie": 0.5}  # where labels sit on edges


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


class Labels:
    """The labels of nodes and edges, each put where it overlaps nothing placed before it (or
    least), estimated from character widths in display units before the figure is drawn."""

    def __init__(self, ax: Axes, size: Sizes, pos: Mapping[str, tuple[float, float]],
                 marker: float, target: str) -> None:  # fmt: skip
        self.ax, self.size, self.pos = ax, size, pos
        self.px = ax.figure.dpi / 72  # display units per point
        self.line = 1.25 * size.text * self.px  # one line of text
        self.placed: list[Box] = []
        for party, (x, y) in pos.items():
            ring = 2.2 if party == target else 1.0
            half = math.sqrt(marker * ring) / 2 * self.px
            cx, cy = ax.transData.transform((x, y))
            self.placed.append((cx - half, cy - half, cx + half, cy + half))

    def _box(self, anchor: tuple[float, float], text: str, ha: str, va: str) -> Box:
        lines = text.splitlines() or [""]
        width = (max(len(line) for line in lines) + 1) * char_width(self.size.text) * 72 * self.px
        height = len(lines) * self.line
        x0 = {"left": anchor[0], "right": anchor[0] - width}.get(ha, anchor[0] - width / 2)
        y0 = {"bottom": anchor[1], "top": anchor[1] - height}.get(va, anchor[1] - height / 2)
        return (x0, y0, x0 + width, y0 + height)

    def _clash(self, box: Box) -> float:
        """How much ``box`` overlaps what is placed, and anything outside the Axes' width."""
        area = 0.0
        for other in self.placed:
            w = min(box[2], other[2]) - max(box[0], other[0])
            h = min(box[3], other[3]) - max(box[1], other[1])
            if w > 0 and h > 0:
                area += w * h
        bounds = self.ax.bbox
        outside = max(0.0, bounds.x0 - box[0]) + max(0.0, box[2] - bounds.x1)
        return float(area + outside * (box[3] - box[1]))

    def _best(self, options: Sequence[tuple[Box, Any]]) -> Any:
        box, chosen = min(options, key=lambda option: self._clash(option[0]))
        self.placed.append(box)
        return chosen

    def nodes(self, deal: Deal, lines: Mapping[str, list[str]],
              neighbours: Mapping[str, set[str]]) -> None:  # fmt: skip
        pos, size = self.pos, self.size
        xs = [x for x, _ in pos.values()]
        span = max(xs) - min(xs) + 1.2
        width = max(chars_across(self.ax, 1 / span, size.text) - 1, 6)
        top = max(y for _, y in pos.values())
        for party, (x, y) in pos.items():
            name = short_name(deal.label(party))
            anchor = tuple(self.ax.transData.transform((x, y)))
            options: list[tuple[Box, dict[str, Any]]] = []
            for place, wide in self._beside(party, neighbours):
                text = "\n".join([wrap(name, wide, lines=3), *lines[party]])
                shifted = (anchor[0] + place["xytext"][0] * self.px,
                           anchor[1] + place["xytext"][1] * self.px)  # fmt: skip
                options.append((self._box(shifted, text, place["ha"], place["va"]),
                                {**place, "text": text}))  # fmt: skip
            below = y <= 0
            text = "\n".join(
                [wrap(name, width, lines=2 if y < top else 3)]
                + [wrap(line, width, lines=2) for line in lines[party]]
            )
            height = len(text.splitlines()) * self.line / self.px  # points
            for level in range(3):
                rise = 17 * size.scale + 4 + level * (height + 2)
                offset = (0.0, -rise if below else rise)
                place = {"xytext": offset, "ha": "center", "va": "top" if below else "bottom"}
                shifted = (anchor[0], anchor[1] + offset[1] * self.px)
                options.append((self._box(shifted, text, "center", place["va"]),
                                {**place, "text": text}))  # fmt: skip
            chosen = self._best(options)
            weight = "bold" if party == deal.target else "normal"
            self.ax.annotate(
                chosen["text"], (x, y), xytext=chosen["xytext"], textcoords="offset points",
                ha=chosen["ha"], va=chosen["va"], fontsize=size.text, fontweight=weight,
                color=palette.INK, gid=f"node:{party}", zorder=4,
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none",
                      "alpha": 0.85},
            )  # fmt: skip

    def _beside(
        self, party: str, neighbours: Mapping[str, set[str]]
    ) -> list[tuple[dict[str, Any], int]]:
        """Places beside a node alone on its side of the row, the direction farthest from its
        edges first, each with how many characters fit there."""
        pos = self.pos
        x, y = pos[party]
        row = [ox for ox, oy in pos.values() if oy == y and ox != x]
        xs = [ox for ox, _ in pos.values()]
        span = max(xs) - min(xs) + 1.2
        sides = []
        for side, room in ((1, max(xs) + 0.6 - x), (-1, x - min(xs) + 0.6)):
            alone = not any((ox - x) * side > 0 for ox in row)
            fits = chars_across(self.ax, room / span, self.size.text) - 3
            if alone and fits >= 12:
                sides.append((side, min(fits, 26)))
        if not sides:
            return []
        width, height = inches(self.ax)
        rows = max(oy for _, oy in pos.values()) - min(oy for _, oy in pos.values()) + 1.6
        scale = (width / span) / (height / rows)  # an x unit against a row, on screen
        angles = [
            math.atan2(pos[n][1] - y, (pos[n][0] - x) * scale) for n in neighbours.get(party, ())
        ]

        def clearance(option: tuple[int, float]) -> float:
            side, tilt = option
            angle = tilt if side == 1 else math.pi - tilt
            gaps = [abs(math.remainder(angle - edge, math.tau)) for edge in angles]
            return min(gaps, default=math.pi)

        wide = dict(sides)
        options = sorted(((s, t) for s, _ in sides for t in (0.0, -0.6, 0.6)),
                         key=clearance, reverse=True)  # fmt: skip
        gap = 16 * self.size.scale + 3
        return [
            ({"xytext": (gap * side, 10 * tilt / 0.6),
              "ha": "left" if side == 1 else "right",
              "va": "center" if tilt == 0 else "bottom" if tilt > 0 else "top"}, wide[side])
            for side, tilt in options
        ]  # fmt: skip

    def edges(self, drawn: Sequence[Edge]) -> None:
        arrows = {p.get_gid(): p for p in self.ax.patches}
        width = max(12, chars_across(self.ax, 0.2, self.size.text))
        for edge in drawn:
            gid = f"{edge.kind}:{edge.source}->{edge.entity}"
            rad = getattr(arrows[gid], "rad", 0.0)
            text = wrap(edge.label, width, lines=3)
            start, end = self.pos[edge.source], self.pos[edge.entity]
            wanted = _ALONG[edge.kind]
            steps = sorted((0.15 + 0.05 * i for i in range(15)), key=lambda t: abs(t - wanted))
            options = []
            for t in steps:
                point = ArcPoint(self.ax, start, end, rad, t)
                options.append((self._box(point.point(), text, "center", "center"), point))
            box = options[0][0]
            for t in steps:  # beside the edge, when nothing on it is free
                nx, ny = ArcPoint(self.ax, start, end, rad, t).normal()
                reach = abs(nx) * (box[2] - box[0]) / 2 + abs(ny) * (box[3] - box[1]) / 2
                for sign in (1, -1):
                    point = ArcPoint(self.ax, start, end, rad, t, sign * (reach / self.px + 2))
                    options.append((self._box(point.point(), text, "center", "center"), point))
            chosen: ArcPoint = self._best(options)
            label = "edge" if edge.kind == "stake" else edge.kind
            self.ax.annotate(
                text, (0, 0), xycoords=chosen, ha="center", va="center",
                fontsize=self.size.text, color=palette.INK, zorder=5,
                gid=f"{label}:{edge.source}->{edge.entity}",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )  # fmt: skip
