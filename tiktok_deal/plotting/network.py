"""The ownership graph: who holds, appoints to, has rights over or deals with whom (networkx)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .. import palette
from ..html import short_name
from ..law import Facts, Interpretation
from ..model import Deal
from ..report import Report, check
from ..shares import format_percent
from ._common import axes, facts_of, group_of, legend_below, set_title, sizes
from ._edges import KINDS, Edge, edges
from ._layout import positions
from ._placing import Labels

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["graph"]

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
        held_part = f"FA stake {format_percent(low)}; " if low else ""
        lines.append(f"{held_part}(A)-person at worst")
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
    labels = Labels(ax, size, pos, marker, the_deal.target)
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
