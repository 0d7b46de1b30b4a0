"""The ownership graph: who holds, appoints to, has rights over or deals with whom (networkx)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import palette
from ..html import short_name
from ..law import Facts, Interpretation
from ..model import Deal
from ..report import Report, check
from ..shares import format_percent
from ._common import (
    Sizes,
    axes,
    char_width,
    facts_of,
    group_of,
    inches,
    legend_below,
    set_title,
    sizes,
    wrap,
)
from ._drawing import LINESTYLES, Drawing, Plan, control
from ._edges import KINDS, Edge, edges, fold, labels, members_text
from ._layout import Room, height

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["TALLEST", "graph"]

TALLEST = 7.0
"""The height in inches the graph makes a figure of its own grow to at most, for its labels."""

_LEGEND = {
    "stake": "stake",
    "appoints": "appoints seats or officers",
    "right": "control right",
    "tie": "arrangement or operation",
}


def _node_text(facts: Facts, party: str, *, held: bool, board: int, linked: bool) -> list[str]:
    """What the graph says under a party's name: (A)-person, or its foreign-adversary stake
    (where some is traced to it; the target's where anything is held in it, 0 % included), its
    board's size, or that nothing links it to anyone."""
    lines = []
    low, high = facts.best.fa_stake(party), facts.worst.fa_stake(party)
    if party in facts.known_adversaries:
        lines.append("(A)-person")
    elif party in facts.unknown:  # the worst case takes it for an (A)-person
        held_part = f"FA stake {format_percent(low)}; " if low else ""
        lines.append(f"{held_part}(A)-person at worst")
    elif high or (held and party == facts.deal.target):
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


class _Scene(NamedTuple):
    """What the graph shows of a deal: the edges drawn (``every`` one, less the stakes of the
    pools' members it lists instead of drawing), the parties drawn, each one's neighbours, the
    label of the edges from one party to another, and the lines under each party's name."""

    every: list[Edge]
    drawn: list[Edge]
    nodes: list[str]
    listed: dict[str, list[str]]
    neighbours: dict[str, set[str]]
    texts: dict[tuple[str, str], list[str]]
    lines: dict[str, list[str]]


def _scene(facts: Facts) -> _Scene:
    deal = facts.deal
    every = edges(deal)
    listed = fold(
        deal, every, lambda p: group_of(facts, p) == "other" and control(facts, p) == "free"
    )
    hidden = {member for members in listed.values() for member in members}
    drawn = [e for e in every if e.source not in hidden]
    nodes = [p for p in deal.parties if p not in hidden]
    neighbours: dict[str, set[str]] = {p: set() for p in nodes}
    for edge in drawn:
        neighbours[edge.source].add(edge.entity)
        neighbours[edge.entity].add(edge.source)
    held = {s.of for s in deal.stakes}
    lines = {
        p: _node_text(facts, p, held=p in held, board=len(deal.seats_of(p)),
                      linked=bool(neighbours[p]))
        for p in nodes
    }  # fmt: skip
    for pool, members in listed.items():
        lines[pool].append(members_text(pool, members, every, _name(deal)))
    return _Scene(every, drawn, nodes, listed, neighbours, labels(drawn), lines)


def _room(scene: _Scene, deal: Deal, size: Sizes) -> Room:
    """The room the labels need: each party's column as wide as its own label (up to 22
    characters) or the label of its edges to the target (up to 24), each party's label as tall
    as its lines wrapped at 26 characters, each edge label as tall as its lines wrapped at 24,
    and a gap along a row for a label of up to 24."""
    target = deal.target
    line = 1.2 * size.text / 72  # inches

    def chars(texts: Sequence[str], most: int) -> int:
        return min(most, max(map(len, texts), default=0))

    texts = {p: [_name(deal)(p), *scene.lines[p]] for p in scene.nodes}
    across = {
        p: max(chars(scene.texts.get((p, target), []), 28), chars(texts[p], 22))
        * char_width(size.text) + 0.3
        for p in scene.nodes
    }  # fmt: skip
    tall = {p: line * sum(len(wrap(t, 26, lines=9).splitlines()) for t in texts[p])
            for p in scene.nodes}  # fmt: skip
    tall[target] = 2 * line
    edges = {pair: line * sum(len(wrap(t, 24, lines=9).splitlines()) for t in lines)
             for pair, lines in scene.texts.items()}  # fmt: skip
    gaps = {
        frozenset(pair): 0.6 + chars(lines, 24) * char_width(size.text)
        for pair, lines in scene.texts.items()
    }
    return Room(across, tall, edges, gaps)


def graph(
    deal: Deal | Report,
    *,
    interpretation: Interpretation | Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The deal as a graph: holders above what they hold, the target a bar along the bottom
    row with its name, its foreign-adversary stake and its board written in it.

    Edges, each kind in its own line style: stakes (arrows), board seats and officers a party
    appoints, control rights, and the arrangements and operations that tie a party to the target
    (dotted, unlabelled by direction). The edges to the target run straight down to the bar, in
    their party's column; all the edges from one party to another share one label (the stake
    and seats, ``"15 %, 1 seat"``, then the rights, then the ties). An edge is vermillion when
    it comes from a party controlled by a foreign adversary, orange when only the worst case
    (unknown jurisdictions taken as adversaries) makes it one, grey otherwise. Each party shows
    its foreign-adversary ("FA") stake where any is traced to it (the target's always),
    "(A)-person", or "(A)-person at worst" for a party of unknown jurisdiction. Two or more
    members of a pool linked to nothing else are listed under the pool's name instead of drawn.
    (A)-persons are vermillion diamonds, parties of unknown jurisdiction grey squares, others
    blue circles; a vermillion ring marks a party controlled by a foreign adversary (orange: at
    worst), and the bar is outlined inside the same way. The title gives the verdict (of the
    report, or of the deal under ``interpretation``) and the clauses it fails. Labels go where
    they cover no other label, node or edge. Fonts and markers shrink with the Axes; a figure
    the graph makes itself (``ax=None``) is made taller than the usual 8 × 4.5 in, up to
    ``TALLEST``, when the labels need it. Needs networkx.
    """
    import networkx as nx

    facts = facts_of(deal, interpretation)
    the_deal = facts.deal
    target = the_deal.target
    report = deal if isinstance(deal, Report) and interpretation is None else None
    report = report or check(the_deal, interpretation=facts.interpretation)
    own = ax is None
    ax = axes(ax)
    ax.set_axis_off()
    size = sizes(ax)
    scene = _scene(facts)
    failing = sorted({f.citation for f in report.findings if f.status == report.verdict})
    verdict = f"{report.verdict}" + (f": {', '.join(failing)}" if failing else "")
    if str(report.verdict) == "compliant":
        verdict = f"compliant (every rule of the {report.ruleset} set)"
    name = _name(the_deal)(target)
    set_title(ax, f"Ownership and control of {name}\n{verdict}", size)
    legend_below(ax, _legend(facts, scene.drawn), size, gap=0.0)
    figure = ax.figure.canvas.figure
    engine = figure.get_layout_engine()
    if engine is not None:  # lay out, draw and label in the Axes as the layout will leave it
        engine.execute(figure)

    network = nx.DiGraph()
    network.add_nodes_from(scene.nodes)
    network.add_edges_from((e.source, e.entity) for e in scene.drawn if e.kind != "tie")
    pulls = {p: set(network.predecessors(p)) | set(network.successors(p)) for p in scene.nodes}
    for edge in scene.drawn:  # a tie pulls only a party that nothing else places
        if edge.kind == "tie" and not pulls[edge.source]:
            pulls[edge.source].add(edge.entity)
    ties = {e.source for e in scene.drawn if e.kind == "tie"}
    room = _room(scene, the_deal, size)
    if own and engine is not None:  # a figure of its own: as tall as the labels need
        needed = height(facts, network, pulls, ties, room, inches(ax)[0]) - inches(ax)[1]
        if needed > 0:
            width, tall = figure.get_size_inches()
            figure.set_size_inches(width, min(tall + needed, TALLEST))
            engine.execute(figure)
    names = {p: _name(the_deal)(p) for p in scene.nodes}
    plan = Plan(facts, scene.drawn, names, scene.lines, scene.texts, network, pulls, ties, room,
                size)  # fmt: skip
    drawing = Drawing(ax, plan)
    drawing.update()
    drawing.attach()  # laid out again if the Axes changes before the figure is drawn
    return ax


def _name(deal: Deal) -> Callable[[str], str]:
    return lambda party: short_name(deal.label(party))


def _legend(facts: Facts, drawn: Sequence[Edge]) -> list[Any]:
    from matplotlib.lines import Line2D

    drawn_parties = {e.source for e in drawn} | {e.entity for e in drawn}
    status = {control(facts, p) for p in drawn_parties if p not in facts.known_adversaries}
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
    handles.append(Line2D([], [], marker="s", linestyle="", markerfacecolor="white",
                          markeredgecolor=palette.INK, markeredgewidth=2, markersize=9,
                          label="target"))  # fmt: skip
    kinds = {e.kind for e in drawn}
    handles += [
        Line2D([], [], color=palette.GREY, linestyle=LINESTYLES[k], label=_LEGEND[k])
        for k in KINDS
        if k in kinds
    ]
    handles.append(Line2D([], [], color=palette.ADVERSARY, label="from a controlled party"))
    return handles
