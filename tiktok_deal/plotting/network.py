"""The ownership graph: who holds, appoints to, has rights over or deals with whom (networkx)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import palette
from ..html import short_name
from ..law import Facts, Interpretation
from ..model import Deal, Stake
from ..report import Report, check
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
    set_title,
    sizes,
    wrap,
)
from ._layout import positions

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.transforms import Transform

__all__ = ["graph"]

#: The kinds of edge, each in its own line style: a stake, the appointment of board seats or
#: officers, a control right, and an arrangement or operation tying a party to the target.
KINDS = ("stake", "appoints", "right", "tie")
_LINESTYLES: dict[str, Any] = {
    "stake": "-",
    "appoints": (0, (5, 2.5)),
    "right": (0, (6, 2, 1.5, 2)),
    "tie": (0, (1, 1.8)),
}
_LEGEND = {
    "stake": "stake",
    "appoints": "appoints seats or officers",
    "right": "control right",
    "tie": "arrangement or operation",
}
_ALONG = {"stake": 0.3, "appoints": 0.3, "right": 0.3, "tie": 0.5}  # where labels sit on edges
_WORDS = {"algorithm_license": "algorithm licence", "ceo": "CEO", "other": "officer"}
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in display units


class Edge(NamedTuple):
    """One edge: ``source`` holds, appoints to, has a right over, or deals with ``entity``."""

    kind: str
    source: str
    entity: str
    label: str


def _words(kind: str) -> str:
    return _WORDS.get(kind, kind.replace("_", " "))


def _stake_text(stake: Stake) -> str:
    equity, voting = stake.percent("equity"), stake.percent("voting")
    return equity if equity == voting else f"{equity} (votes {voting})"


def edges(deal: Deal) -> list[Edge]:
    """Every edge of the graph: one per stake; one per party and entity for the seats and
    officers it appoints, and for its control rights; one per party for its arrangements and
    operations with the target. A party appointing to itself (an independent seat) draws none."""
    out = [Edge("stake", s.holder, s.of, _stake_text(s)) for s in deal.stakes]
    seats = Counter((s.appointed_by, s.of or deal.target) for s in deal.board)
    officers: dict[tuple[str, str], list[str]] = {}
    for officer in deal.officers:
        key = (officer.appointed_by, officer.of or deal.target)
        officers.setdefault(key, []).append(_words(officer.role))
    for source, entity in dict.fromkeys([*seats, *officers]):
        if source == entity:
            continue
        n = seats[(source, entity)]
        parts = [f"{n} seat{'s' if n > 1 else ''}"] if n else []
        parts += officers.get((source, entity), [])
        out.append(Edge("appoints", source, entity, ", ".join(parts)))
    rights: dict[tuple[str, str], list[str]] = {}
    for right in deal.control_rights:
        key = (right.holder, right.of or deal.target)
        rights.setdefault(key, []).append(_words(right.kind))
    out += [Edge("right", s, e, ", ".join(k)) for (s, e), k in rights.items() if s != e]
    ties: dict[str, list[str]] = {}
    for arrangement in deal.arrangements:
        once = "" if arrangement.ongoing else " (one-time)"
        ties.setdefault(arrangement.counterparty, []).append(_words(arrangement.kind) + once)
    operated: dict[str, list[str]] = {}
    for operation in deal.operations:
        operated.setdefault(operation.operator, []).append(_words(operation.function))
    for party, functions in operated.items():
        ties.setdefault(party, []).append("operates " + ", ".join(functions))
    out += [Edge("tie", p, deal.target, ", ".join(k)) for p, k in ties.items() if p != deal.target]
    return out


def _control(facts: Facts, party: str) -> str:
    """``controlled`` by a foreign adversary, ``at worst`` (only if unknowns are adversaries),
    or ``free``."""
    if party in facts.best.controlled:
        return "controlled"
    return "at worst" if party in facts.worst.controlled else "free"


_EDGE_COLORS = {"controlled": palette.ADVERSARY, "at worst": palette.ORANGE, "free": palette.GREY}


def _node_text(facts: Facts, party: str, *, held: bool, board: int, linked: bool) -> list[str]:
    """What the graph says under a party's name: (A)-person, or its foreign-adversary stake
    (where anything is held in it), its board's size, or that nothing links it to anyone."""
    lines = []
    low, high = facts.best.fa_stake(party), facts.worst.fa_stake(party)
    if party in facts.known_adversaries:
        lines.append("(A)-person")
    elif party in facts.unknown:  # the worst case takes it for an (A)-person
        lines.append(f"FA stake {format_percent(low)}; " * bool(low) + "(A)-person at worst")
    elif held or high:
        stake = (
            format_percent(low)
            if low == high
            else f"{format_percent(low).removesuffix(' %')}–{format_percent(high)}"
        )
        lines.append(f"FA stake {stake}")
    if board:
        lines.append(f"board of {board}")
    if not linked:
        lines.append("no stake, seat, right or tie")
    return lines


def graph(
    deal: Deal | Report,
    *,
    interpretation: Interpretation | Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The deal as a graph: holders above what they hold, the target at the bottom row.

    Edges, each kind in its own line style: stakes (arrows labelled with the stake), board seats
    and officers a party appoints, control rights, and the arrangements and operations that tie
    a party to the target (dotted, unlabelled by direction). An edge is vermillion when it comes
    from a party controlled by a foreign adversary, orange when only the worst case (unknown
    jurisdictions taken as adversaries) makes it one, grey otherwise; two parties with several
    edges between them (a cross-holding, a stake and a seat) get one curve each. Each party shows
    its foreign-adversary ("FA") stake where anything is held in it, "(A)-person", or "(A)-person
    at worst" for a party of unknown jurisdiction. (A)-persons are vermillion diamonds, parties
    of unknown jurisdiction grey squares, others blue circles; a vermillion ring marks a party
    controlled by a foreign adversary (orange: at worst) and a black ring the target. The title
    gives the verdict (of the report, or of the deal under ``interpretation``) and the clauses
    it fails. Fonts and markers shrink with the Axes. Needs networkx.
    """
    import networkx as nx

    facts = facts_of(deal, interpretation)
    the_deal = facts.deal
    report = deal if isinstance(deal, Report) and interpretation is None else None
    report = report or check(the_deal, interpretation=facts.interpretation)
    ax = axes(ax)
    size = sizes(ax)
    drawn = edges(the_deal)
    network = nx.DiGraph()
    network.add_nodes_from(the_deal.parties)
    network.add_edges_from((e.source, e.entity) for e in drawn if e.kind != "tie")
    neighbours: dict[str, set[str]] = {p: set() for p in the_deal.parties}
    pulls: dict[str, set[str]] = {p: set() for p in the_deal.parties}  # for the layout
    for edge in drawn:
        neighbours[edge.source].add(edge.entity)
        neighbours[edge.entity].add(edge.source)
        if edge.kind != "tie":
            pulls[edge.source].add(edge.entity)
            pulls[edge.entity].add(edge.source)
    for edge in drawn:  # a tie pulls only a party that nothing else places
        if edge.kind == "tie" and not pulls[edge.source]:
            pulls[edge.source].add(edge.entity)
    pos = positions(facts, network, pulls, {e.source for e in drawn if e.kind == "tie"})

    widest = max(sum(1 for p in pos.values() if p[1] == y) for y in {p[1] for p in pos.values()})
    depth = len({y for _, y in pos.values()})
    marker = (700.0 if widest <= 5 and depth <= 3 else 450.0) * size.scale**2  # points²
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_axis_off()

    _draw_nodes(ax, facts, pos, marker)
    _draw_edges(ax, facts, pos, drawn, marker)
    held = {s.of for s in the_deal.stakes}
    lines = {
        p: _node_text(facts, p, held=p in held, board=len(the_deal.seats_of(p)),
                      linked=bool(neighbours[p]))
        for p in the_deal.parties
    }  # fmt: skip

    failing = sorted({f.citation for f in report.findings if f.status == report.verdict})
    verdict = f"{report.verdict}" + (f": {', '.join(failing)}" if failing else "")
    if str(report.verdict) == "compliant":
        verdict = f"compliant (every rule of the {report.ruleset} set)"
    name = short_name(the_deal.label(the_deal.target))
    set_title(ax, f"Ownership and control of {name}\n{verdict}", size)
    legend_below(ax, _legend(facts, drawn), size, gap=0.0)
    figure = ax.figure.canvas.figure
    engine = figure.get_layout_engine()
    if engine is not None:  # place the labels in the Axes as the layout will leave it
        engine.execute(figure)
    labels = _Labels(ax, size, pos, marker, the_deal.target)
    labels.nodes(the_deal, lines, neighbours)
    labels.edges(drawn)
    return ax


def _draw_nodes(
    ax: Axes, facts: Facts, pos: Mapping[str, tuple[float, float]], marker: float
) -> None:
    deal = facts.deal
    shapes = {"adversary": "D", "unknown": "s", "other": "o"}
    ring = {"controlled": palette.ADVERSARY, "at worst": palette.ORANGE, "free": "white"}
    for group, shape in shapes.items():
        nodes = [p for p in deal.parties if group_of(facts, p) == group]
        if not nodes:
            continue
        collection = ax.scatter(
            [pos[p][0] for p in nodes], [pos[p][1] for p in nodes], s=marker, marker=shape,
            c=palette.GROUP_COLORS[group], linewidths=2.5 * max(size_of(marker), 0.6), zorder=3,
            edgecolors=["white" if group == "adversary" else ring[_control(facts, p)]
                        for p in nodes],
        )  # fmt: skip
        collection.set_gid(f"nodes:{group}")
    ax.scatter(
        *pos[deal.target], s=marker * 2.2, facecolors="none", edgecolors=palette.INK,
        linewidths=2.0, zorder=2, gid="target",
    )  # fmt: skip


def size_of(marker: float) -> float:
    """A marker's scale against the full-size marker (700 points²)."""
    return math.sqrt(marker / 700.0)


def _rads(
    ax: Axes, drawn: Sequence[Edge], pos: Mapping[str, tuple[float, float]], radius: float
) -> list[float]:
    """Each edge's curvature (matplotlib's ``arc3`` rad): 0 for the only edge between two
    parties, spread to both sides when there are several, whichever way each points; an only
    edge that would run through another party (three in one column) bends round it."""
    pairs: dict[tuple[str, str], list[int]] = {}
    for i, edge in enumerate(drawn):
        pairs.setdefault(tuple(sorted((edge.source, edge.entity))), []).append(i)  # type: ignore[arg-type]
    screen = {p: tuple(ax.transData.transform(xy)) for p, xy in pos.items()}
    inch = ax.figure.dpi
    rads = [0.0] * len(drawn)
    for (first, second), members in pairs.items():
        n = len(members)
        length = max(math.dist(screen[first], screen[second]) / inch, 0.1)  # inches
        # The curves' middles about a quarter of an inch apart, whatever the edge's length (a
        # curve's middle lies rad × length / 2 off the straight line).
        step = min(max(0.5 / length, 0.08), 0.3)
        bend = min(max(0.8 / length, 0.2), 0.6) if _crosses(screen, first, second, radius) else 0
        for k, i in enumerate(members):
            rad = bend + step * (k - (n - 1) / 2)
            rads[i] = rad if drawn[i].source == first else -rad  # the same side either way
    return rads


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


def _draw_edges(
    ax: Axes, facts: Facts, pos: Mapping[str, tuple[float, float]], drawn: Sequence[Edge],
    marker: float,
) -> None:  # fmt: skip
    from matplotlib.patches import FancyArrowPatch

    radius = math.sqrt(marker) / 2  # points
    target = facts.deal.target
    rads = _rads(ax, drawn, pos, 1.2 * radius * ax.figure.dpi / 72)
    for edge, rad in zip(drawn, rads, strict=True):
        end = math.sqrt(marker * 2.2) / 2 if edge.entity == target else radius
        arrow = FancyArrowPatch(
            pos[edge.source], pos[edge.entity], connectionstyle=f"arc3,rad={rad}",
            arrowstyle="-" if edge.kind == "tie" else "-|>", mutation_scale=11 * size_of(marker)
            + 4, color=_EDGE_COLORS[_control(facts, edge.source)], linewidth=1.4,
            linestyle=_LINESTYLES[edge.kind], shrinkA=radius + 2, shrinkB=end + 1, zorder=1,
            gid=f"{edge.kind}:{edge.source}->{edge.entity}",
        )  # fmt: skip
        arrow.rad = rad  # type: ignore[attr-defined]  # read back by the labels
        ax.add_patch(arrow)


def _legend(facts: Facts, drawn: Sequence[Edge]) -> list[Any]:
    from matplotlib.lines import Line2D

    deal = facts.deal
    status = {_control(facts, p) for p in deal.parties if p not in facts.known_adversaries}
    handles = [
        Line2D([], [], marker="D", linestyle="", color=palette.ADVERSARY, label="(A)-person"),
        Line2D([], [], marker="o", linestyle="", color=palette.OTHER, label="other party"),
    ]
    if facts.unknown:
        handles.append(Line2D([], [], marker="s", linestyle="", color=palette.UNKNOWN,
                              label="jurisdiction unknown"))  # fmt: skip
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=palette.OTHER,
                          markeredgecolor=palette.ADVERSARY, markeredgewidth=2,
                          label="controlled by a foreign adversary"))  # fmt: skip
    if "at worst" in status:
        handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor=palette.OTHER,
                              markeredgecolor=palette.ORANGE, markeredgewidth=2,
                              label="controlled at worst"))  # fmt: skip
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                          markeredgecolor=palette.INK, markersize=10, label="target"))  # fmt: skip
    kinds = {e.kind for e in drawn}
    handles += [
        Line2D([], [], color=palette.GREY, linestyle=_LINESTYLES[k], label=_LEGEND[k])
        for k in KINDS
        if k in kinds
    ]
    handles.append(Line2D([], [], color=palette.ADVERSARY, label="from a controlled party"))
    return handles


class _ArcPoint:
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


class _Labels:
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
                point = _ArcPoint(self.ax, start, end, rad, t)
                options.append((self._box(point.point(), text, "center", "center"), point))
            box = options[0][0]
            for t in steps:  # beside the edge, when nothing on it is free
                nx, ny = _ArcPoint(self.ax, start, end, rad, t).normal()
                reach = abs(nx) * (box[2] - box[0]) / 2 + abs(ny) * (box[3] - box[1]) / 2
                for sign in (1, -1):
                    point = _ArcPoint(self.ax, start, end, rad, t, sign * (reach / self.px + 2))
                    options.append((self._box(point.point(), text, "center", "center"), point))
            chosen: _ArcPoint = self._best(options)
            label = "edge" if edge.kind == "stake" else edge.kind
            self.ax.annotate(
                text, (0, 0), xycoords=chosen, ha="center", va="center",
                fontsize=self.size.text, color=palette.INK, zorder=5,
                gid=f"{label}:{edge.source}->{edge.entity}",
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
            )  # fmt: skip
