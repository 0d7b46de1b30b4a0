"""The ownership graph: holders above what they hold, stakes on the arrows (networkx)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from .. import palette
from ..html import short_name
from ..law import Facts, Interpretation
from ..model import Deal, Stake
from ..report import Report
from ..shares import format_percent
from ._common import FONT, axes, chars_across, facts_of, group_of, wrap

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["graph"]


def _layers(deal: Deal, network: Any) -> dict[str, int]:
    """Each party's row: the target 0, a holder one above the highest thing it holds on the way
    to the target (cross-holdings share a row); a party held but not holding towards the target
    one below its lowest holder; a party with no stake at all in the holders' row (1)."""
    import networkx as nx

    condensed = nx.condensation(network)
    component = condensed.graph["mapping"]
    target = component[deal.target]
    upstream = nx.ancestors(condensed, target) | {target}
    rank = {target: 0}
    for node in reversed(list(nx.topological_sort(condensed))):  # held before holders
        if node in upstream and node != target:
            rank[node] = 1 + max(rank[h] for h in condensed.successors(node) if h in upstream)
    layer = {p: rank[component[p]] for p in deal.parties if component[p] in rank}
    for node in nx.topological_sort(condensed):  # holders before what they hold
        members = condensed.nodes[node]["members"]
        if node in rank:
            continue
        holders = [layer[h] for m in members for h in network.predecessors(m) if h in layer]
        for member in members:
            layer[member] = min(holders) - 1 if holders else 1
    return layer


def _positions(deal: Deal, facts: Facts, network: Any) -> dict[str, tuple[float, float]]:
    """A layered layout: rows from ``_layers``, each node drawn towards its neighbours.

    A few sweeps of the barycentre heuristic (each node's wanted x is the mean x of the nodes it
    holds or is held by), rows packed one unit apart; the target's holders start in the order
    adversary / unknown / other, largest stake first.
    """
    layer = _layers(deal, network)
    neighbours: dict[str, set[str]] = {p: set() for p in deal.parties}
    for stake in deal.stakes:
        neighbours[stake.holder].add(stake.of)
        neighbours[stake.of].add(stake.holder)
    held = {s.holder: s.equity for s in deal.holdings_in(deal.target)}
    order = {"adversary": 0, "unknown": 1, "other": 2}
    first = sorted(
        deal.parties,
        key=lambda p: (p not in held, order[group_of(facts, p)], -held.get(p, Fraction(0)), p),
    )
    rows: dict[int, list[str]] = {}
    for party in first:
        rows.setdefault(layer[party], []).append(party)
    x = {p: i - (len(row) - 1) / 2 for row in rows.values() for i, p in enumerate(row)}
    x[deal.target] = 0.0
    for _ in range(6):
        for row in rows.values():
            wanted = {
                p: sum(x[n] for n in neighbours[p]) / len(neighbours[p]) if neighbours[p] else x[p]
                for p in row
            }
            row.sort(key=lambda p: (wanted[p], x[p]))
            x.update(_pack(row, wanted))
    return {p: (x[p], float(layer[p])) for p in deal.parties}


def _pack(row: list[str], wanted: Mapping[str, float]) -> dict[str, float]:
    """Positions at least one unit apart, in ``row``'s order, as near ``wanted`` as a shift
    of the whole row allows."""
    placed: list[float] = []
    for party in row:
        placed.append(wanted[party] if not placed else max(wanted[party], placed[-1] + 1))
    shift = sum(wanted[p] - x for p, x in zip(row, placed, strict=True)) / len(row)
    return {p: x + shift for p, x in zip(row, placed, strict=True)}


def _stake_text(stake: Stake) -> str:
    equity, voting = stake.percent("equity"), stake.percent("voting")
    return equity if equity == voting else f"{equity} (votes {voting})"


def _node_text(facts: Facts, party: str) -> str:
    if party in facts.known_adversaries:
        return "(A)-person"
    low, high = facts.best.fa_stake(party), facts.worst.fa_stake(party)
    if low == high:
        return f"FA stake {format_percent(low)}"
    return f"FA stake {format_percent(low).removesuffix(' %')}–{format_percent(high)}"


def _beside(
    ax: Axes, party: str, pos: Mapping[str, tuple[float, float]], network: Any, span: float
) -> dict[str, Any] | None:
    """Where to write a label beside a node alone on its side of the row: the free direction
    farthest from its edges, or None when no side has room."""
    x, y = pos[party]
    row = [ox for ox, oy in pos.values() if oy == y and ox != x]
    xs = [ox for ox, _ in pos.values()]
    sides = []
    if not any(ox > x for ox in row) and chars_across(ax, (max(xs) + 0.6 - x) / span) >= 16:
        sides.append(1)
    if not any(ox < x for ox in row) and chars_across(ax, (x - min(xs) + 0.6) / span) >= 16:
        sides.append(-1)
    if not sides:
        return None
    rows = max(oy for _, oy in pos.values()) - min(oy for _, oy in pos.values()) + 1.6
    scale = (ax.bbox.width / span) / (ax.bbox.height / rows)  # an x unit against a row, on screen
    edges = [
        math.atan2(pos[n][1] - y, (pos[n][0] - x) * scale)
        for n in {*network.predecessors(party), *network.successors(party)}
    ]
    candidates = [(side, tilt) for side in sides for tilt in (0.0, -0.6, 0.6)]

    def clearance(candidate: tuple[int, float]) -> float:
        side, tilt = candidate
        angle = tilt if side == 1 else math.pi - tilt
        gaps = [abs(math.remainder(angle - edge, math.tau)) for edge in edges]
        return min(gaps, default=math.pi)

    side, tilt = max(candidates, key=clearance)
    return {
        "xytext": (16 * side, 10 * tilt / 0.6),
        "ha": "left" if side == 1 else "right",
        "va": "center" if tilt == 0 else "bottom" if tilt > 0 else "top",
    }


def graph(
    deal: Deal | Report,
    *,
    interpretation: Interpretation | Mapping[str, str] | None = None,
    ax: Axes | None = None,
) -> Axes:
    """The ownership graph: holders above what they hold, the target at the bottom row.

    Edges carry the direct stakes; each node its foreign-adversary ("FA") stake, or "(A)-person".
    (A)-persons are vermillion diamonds, parties of unknown jurisdiction grey squares, others
    blue circles; a vermillion ring marks a party controlled by a foreign adversary and a black
    ring the target. Needs networkx.
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    facts = facts_of(deal, interpretation)
    the_deal = facts.deal
    ax = axes(ax)
    network = nx.DiGraph()
    network.add_nodes_from(the_deal.parties)
    for stake in the_deal.stakes:
        network.add_edge(stake.holder, stake.of, label=_stake_text(stake))
    pos = _positions(the_deal, facts, network)
    controlled = facts.best.controlled
    widest = max(sum(1 for p in pos.values() if p[1] == y) for y in {p[1] for p in pos.values()})
    depth = len({y for _, y in pos.values()})
    size = 700.0 if widest <= 5 and depth <= 3 else 450.0

    markers = {"adversary": "D", "unknown": "s", "other": "o"}
    for group, marker in markers.items():
        nodes = [p for p in the_deal.parties if group_of(facts, p) == group]
        if not nodes:
            continue
        edge = [
            palette.ADVERSARY if p in controlled and group != "adversary" else "white"
            for p in nodes
        ]
        collection = nx.draw_networkx_nodes(
            network, pos, nodelist=nodes, node_shape=marker, node_size=size, ax=ax,
            node_color=palette.GROUP_COLORS[group], edgecolors=edge, linewidths=2.5,
        )  # fmt: skip
        collection.set_gid(f"nodes:{group}")
        collection.set_zorder(2)
    ax.scatter(
        *pos[the_deal.target], s=size * 2.2, facecolors="none", edgecolors=palette.INK,
        linewidths=2.0, zorder=1, gid="target",
    )  # fmt: skip

    edge_colors = [
        palette.ADVERSARY if u in controlled else palette.UNKNOWN for u, _ in network.edges
    ]
    nx.draw_networkx_edges(
        network, pos, ax=ax, edge_color=edge_colors, width=1.4, arrowsize=14,
        node_size=size, min_target_margin=12, min_source_margin=8,
    )  # fmt: skip
    for holder, held, label in network.edges(data="label"):
        (x0, y0), (x1, y1) = pos[holder], pos[held]
        along = 0.5 if y0 == y1 else min(0.5, 0.4 / abs(y0 - y1))  # nearer the holder
        ax.text(
            x0 + along * (x1 - x0), y0 + along * (y1 - y0), label, ha="center", va="center",
            fontsize=FONT, color=palette.INK, zorder=5, gid=f"edge:{holder}->{held}",
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
        )  # fmt: skip

    ys = [y for _, y in pos.values()]
    xs = [x for x, _ in pos.values()]
    ax.set_ylim(min(ys) - 0.8, max(ys) + 0.8)
    ax.set_xlim(min(xs) - 0.6, max(xs) + 0.6)
    span = max(xs) - min(xs) + 1.2
    width = chars_across(ax, 1 / span) - 1
    for party, (x, y) in pos.items():
        weight = "bold" if party == the_deal.target else "normal"
        name = short_name(the_deal.label(party))
        place = _beside(ax, party, pos, network, span)
        if place is None:  # no room beside: above a holder, below the target's row
            below = y <= 0
            place = {"xytext": (0, -17 if below else 17), "ha": "center",
                     "va": "top" if below else "bottom"}  # fmt: skip
            text = wrap(name, width, lines=2 if y < max(ys) else 3)
        else:
            text = wrap(name, 24, lines=3)
        ax.annotate(
            f"{text}\n{_node_text(facts, party)}", (x, y), textcoords="offset points",
            fontsize=FONT, fontweight=weight, color=palette.INK, gid=f"node:{party}", zorder=4,
            bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none",
                  "alpha": 0.85},
            **place,
        )  # fmt: skip
    ax.set_axis_off()
    ax.set_title(
        f"Ownership of {short_name(the_deal.label(the_deal.target))}\n"
        "arrows: direct stakes · each name with its foreign-adversary (FA) stake",
        loc="left", fontsize=FONT + 2,
    )  # fmt: skip
    legend = [
        Line2D([], [], marker="D", linestyle="", color=palette.ADVERSARY, label="(A)-person"),
        Line2D([], [], marker="o", linestyle="", color=palette.OTHER, label="other party"),
        Line2D([], [], marker="o", linestyle="", markerfacecolor=palette.OTHER,
               markeredgecolor=palette.ADVERSARY, markeredgewidth=2,
               label="controlled by a foreign adversary"),
        Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
               markeredgecolor=palette.INK, markersize=11, label="target"),
    ]  # fmt: skip
    if facts.unknown:
        legend.insert(2, Line2D([], [], marker="s", linestyle="", color=palette.UNKNOWN,
                                label="jurisdiction unknown"))  # fmt: skip
    ax.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=len(legend),
              frameon=False, fontsize=FONT)  # fmt: skip
    return ax
