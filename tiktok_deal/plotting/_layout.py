"""Where the ownership graph puts each party: rows by who holds or directs what, the target a bar
along the bottom, each row ordered to keep edges short and spaced for the labels (networkx)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from itertools import pairwise
from typing import Any, NamedTuple

from ..law import Facts

__all__ = ["Arrangement", "Room", "arrange", "height"]

_APART = 0.7  # inches at least between two parties of a row


class Room(NamedTuple):
    """What the labels need, in inches: ``across``, each party's column (the wider of its own
    label and the label of its edges down to the target); ``tall``, each party's label's
    height; ``edges``, the height of the label of the edges from one party to another;
    ``gaps``, between two parties of a row with a labelled edge between them."""

    across: Mapping[str, float]
    tall: Mapping[str, float]
    edges: Mapping[tuple[str, str], float]
    gaps: Mapping[frozenset[str], float]


class Arrangement(NamedTuple):
    """Each party's place (inches across, and up from the target's row), the Axes' limits, and
    the ends of the target's bar."""

    pos: dict[str, tuple[float, float]]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    bar: tuple[float, float]


def arrange(
    facts: Facts, network: Any, pulls: Mapping[str, set[str]], ties: set[str], room: Room,
    size: tuple[float, float],
) -> Arrangement:  # fmt: skip
    """The graph laid out on an Axes of ``size`` (inches): ``across`` (each row ordered and
    spaced, the target's bar, the x limits), then the rows ``stretch``-ed to the height."""
    width, height = size
    pos, xlim, bar = across(facts, network, pulls, ties, room, width)
    pos, ylim = stretch(pos, room.edges, room.tall, height, facts.deal.target)
    return Arrangement(pos, xlim, ylim, bar)


def height(
    facts: Facts, network: Any, pulls: Mapping[str, set[str]], ties: set[str], room: Room,
    width: float,
) -> float:  # fmt: skip
    """How tall (inches) an Axes ``width`` inches wide should be for the graph's labels."""
    pos, _, _ = across(facts, network, pulls, ties, room, width)
    return stretch(pos, room.edges, room.tall, 0.0, facts.deal.target)[1][1]


def across(
    facts: Facts, network: Any, pulls: Mapping[str, set[str]], ties: set[str], room: Room,
    width: float,
) -> tuple[dict[str, tuple[float, float]], tuple[float, float], tuple[float, float]]:  # fmt: skip
    """Each party's x in inches (y: its row), the x limits and the target's bar: ``positions``
    with the columns as wide as the labels need, the parties with edges down to the target
    clear of the rows between, the bar under the parties linked to the target, and limits with
    room for half the outermost labels. ``width`` is the Axes' width: a layout wider than it
    is drawn narrower, all in proportion."""
    target = facts.deal.target
    linked = pulls[target] | {p for p in ties if p != target}
    pos = positions(facts, network, pulls, ties, room.gaps, room.across, least=_APART)
    pos = clear_drops(pos, target, linked)
    pos, (left, right) = make_room(pos, target, linked, room.gaps)
    reach = [(x - room.across[p] / 2, x + room.across[p] / 2)
             for p, (x, _) in pos.items() if p != target]  # fmt: skip
    xlim = (min([left - 0.25, *(a - 0.1 for a, _ in reach)]),
            max([right + 0.25, *(b + 0.1 for _, b in reach)]))  # fmt: skip
    spare = width - (xlim[1] - xlim[0])
    if spare > 0:  # narrower than the Axes: in the middle
        xlim = (xlim[0] - spare / 2, xlim[1] + spare / 2)
    return pos, xlim, (left, right)


def _layers(target: str, parties: Iterable[str], network: Any, ties: set[str]) -> dict[str, int]:
    """Each party's row: the target 0, a party above it one above the highest thing it holds,
    appoints to or has a right over on the way to the target (cross-holdings share a row); a
    party held or directed but not towards the target in its lowest holder's row (it is drawn
    beside it); a party linked to the target only by an arrangement or operation beside the
    target (0); a party with no link at all in the holders' row (1)."""
    import networkx as nx

    condensed = nx.condensation(network)
    component = condensed.graph["mapping"]
    root = component[target]
    upstream = nx.ancestors(condensed, root) | {root}
    rank = {root: 0}
    for node in reversed(list(nx.topological_sort(condensed))):  # what is held before holders
        if node in upstream and node != root:
            rank[node] = 1 + max(rank[h] for h in condensed.successors(node) if h in upstream)
    layer = {p: rank[component[p]] for p in parties if component[p] in rank}
    for node in nx.topological_sort(condensed):  # holders before what they hold
        members = condensed.nodes[node]["members"]
        if node in rank:
            continue
        holders = [layer[h] for m in members for h in network.predecessors(m) if h in layer]
        for member in members:
            if holders:  # beside its holder: below would be in the target's bar's way
                layer[member] = min(holders)
            else:
                layer[member] = 0 if member in ties else 1
    return layer


def positions(
    facts: Facts,
    network: Any,
    neighbours: Mapping[str, set[str]],
    ties: set[str],
    gaps: Mapping[frozenset[str], float] | None = None,
    widths: Mapping[str, float] | None = None,
    *,
    least: float = 1.0,
) -> dict[str, tuple[float, float]]:
    """A layered layout of the nodes of ``network`` (stakes, appointments and rights, holder to
    held): rows from ``_layers``, each node drawn towards its ``neighbours`` (every edge drawn).

    A few sweeps of the barycentre heuristic (each node's wanted x is the mean x of its
    neighbours in other rows), rows packed ``least`` apart, ``gaps`` apart for two neighbours
    in a row with a long label on the edge between them, or as far as half their ``widths``
    together; the target's holders start in the order adversary /
    unknown / other, largest stake first, and parties without any link come last in their row.
    """
    deal = facts.deal
    nodes = list(network.nodes)
    target = deal.target
    layer = _layers(target, nodes, network, ties)
    held = {s.holder: s.equity for s in deal.holdings_in(deal.target)}
    order = {"adversary": 0, "unknown": 1, "other": 2}

    def group(party: str) -> int:
        if party in facts.known_adversaries:
            return order["adversary"]
        return order["unknown"] if party in facts.unknown else order["other"]

    first = sorted(
        nodes,
        key=lambda p: (
            not neighbours[p],
            p not in held,
            group(p),
            -held.get(p, Fraction(0)),
            p,
        ),
    )
    rows: dict[int, list[str]] = {}
    for party in first:
        rows.setdefault(layer[party], []).append(party)
    x = {p: i - (len(row) - 1) / 2 for row in rows.values() for i, p in enumerate(row)}
    x[deal.target] = 0.0

    def beside(party: str) -> str | None:
        """The one neighbour of a party whose only neighbours are in its own row (two such
        would chase each other: it goes beside it instead)."""
        near = sorted(neighbours[party])
        if near and all(layer[n] == layer[party] for n in near):
            return near[0]
        return None

    def in_order(row: list[str]) -> tuple[list[str], dict[str, float]]:
        """The row in order of each party's wanted x (the mean x of its neighbours in other
        rows but the target, or its own), each party that goes beside another put next to it,
        by turns on the side of the row's nearer end and on the other (a tied one first)."""
        anchors = {p: beside(p) for p in row}
        wanted = {}
        for party in row:  # the target's bar reaches under them all: it pulls no one
            others = [n for n in neighbours[party] if layer[n] != layer[party] and n != target]
            wanted[party] = sum(x[n] for n in others) / len(others) if others else x[party]
        main = sorted((p for p in row if anchors[p] is None),
                      key=lambda p: (not neighbours[p], wanted[p], x[p]))  # fmt: skip
        placed = list(main)
        for anchor in main:
            followers = sorted((p for p in row if anchors[p] == anchor),
                               key=lambda p: (p not in ties, p))  # fmt: skip
            outward = placed.index(anchor) < len(placed) / 2
            for k, party in enumerate(followers):
                at = placed.index(anchor)
                left = outward if k % 2 == 0 else not outward
                placed.insert(at if left else at + 1, party)
                wanted[party] = wanted[anchor]
        placed += [p for p in row if p not in placed]  # beside a party that goes beside
        return placed, wanted

    for _ in range(6):
        for key in list(rows):
            rows[key], wanted = in_order(rows[key])
            row = rows[key]
            x.update(_pack(row, wanted, gaps or {}, widths or {}, least))
    return {p: (x[p], float(layer[p])) for p in nodes}


def _pack(
    row: list[str], wanted: Mapping[str, float], gaps: Mapping[frozenset[str], float],
    widths: Mapping[str, float], least: float,
) -> dict[str, float]:  # fmt: skip
    """Positions at least ``least`` apart (``gaps`` for the pairs it names, half the sum of
    two neighbours' ``widths`` where that is more), in ``row``'s order, as near ``wanted`` as
    a shift of the whole row allows."""
    placed: list[float] = []
    for i, party in enumerate(row):
        if not placed:
            placed.append(wanted[party])
            continue
        gap = max(least, gaps.get(frozenset((row[i - 1], party)), least),
                  (widths.get(row[i - 1], 0.0) + widths.get(party, 0.0)) / 2)  # fmt: skip
        placed.append(max(wanted[party], placed[-1] + gap))
    shift = sum(wanted[p] - x for p, x in zip(row, placed, strict=True)) / len(row)
    return {p: x + shift for p, x in zip(row, placed, strict=True)}


def stretch(
    pos: Mapping[str, tuple[float, float]],
    edges: Mapping[tuple[str, str], float],
    tall: Mapping[str, float],
    height: float,
    target: str,
) -> tuple[dict[str, tuple[float, float]], tuple[float, float]]:
    """The rows' heights in inches on an Axes ``height`` inches tall, and the y limits: each
    row far enough above the one below for the tallest label (``tall``, inches) of a party
    there to sit above its node, and for the labels of the edges between them (``edges``,
    their heights in inches; more room where more edges cross), and room below the bottom row
    for the labels of the parties beside the target; the room left over shared out in
    proportion. With ``height`` 0, no rows: the height the Axes needs, as the upper limit."""
    rows = sorted({y for _, y in pos.values()})
    crossing = dict.fromkeys(rows, 0)
    labels = dict.fromkeys(rows, 0.0)
    for (source, entity), label in edges.items():
        low, high = sorted((pos[source][1], pos[entity][1]))
        for below, row in pairwise(rows):
            crossing[row] += low < row <= high
            if (low, high) == (below, row):
                labels[row] = max(labels[row], label)

    def tallest(row: float, *, skip: str | None = None) -> float:
        return max((tall[p] for p, (_, y) in pos.items() if y == row and p != skip), default=0.0)

    needs = [
        max(0.75 + 0.05 * crossing[row], tallest(below) + 0.35, labels[row] + 0.4)
        for below, row in pairwise(rows)
    ]
    top = tallest(rows[-1]) + 0.3
    bottom = max(0.3 + tall[target] / 2, 0.35 + tallest(rows[0], skip=target))
    if height <= 0:  # asked how tall the Axes should be
        return {}, (0.0, sum(needs) + top + bottom)
    scale = height / (sum(needs) + top + bottom)
    level, y = {rows[0]: 0.0}, 0.0
    for row, need in zip(rows[1:], needs, strict=True):
        y += need * scale
        level[row] = y
    return {p: (x, level[y]) for p, (x, y) in pos.items()}, (-bottom * scale, y + top * scale)


def clear_drops(
    pos: Mapping[str, tuple[float, float]], target: str, linked: Iterable[str]
) -> dict[str, tuple[float, float]]:
    """Each party linked to the target from two or more rows up moved sideways to the middle
    of the nearest gap between the parties of the rows between (or beyond their ends):
    its edges down to the target run straight, in its column, as far from them as they can."""
    out = dict(pos)
    base = pos[target][1]
    for party in linked:
        x, y = out[party]
        xs = sorted(ox for p, (ox, oy) in out.items() if p != party and base < oy < y)
        if xs:
            spots = [xs[0] - _APART, xs[-1] + _APART] + [(a + b) / 2 for a, b in pairwise(xs)]
            clear = [s for s in spots if min(abs(s - o) for o in xs) >= _APART / 2]
            out[party] = (min(clear, key=lambda s: abs(s - x)), y)
    return out


def make_room(
    pos: Mapping[str, tuple[float, float]],
    target: str,
    linked: Iterable[str],
    gaps: Mapping[frozenset[str], float],
    *,
    least: float = 1.4,
) -> tuple[dict[str, tuple[float, float]], tuple[float, float]]:
    """The target drawn as a bar under (or over) every party linked to it from another row:
    the bar's left and right ends (at least ``least`` inches apart), the target at its middle,
    and the other parties of the target's row moved out beyond its ends (by their ``gaps``,
    inches, or a little more)."""
    out = dict(pos)
    base = pos[target][1]
    xs = [out[p][0] for p in linked if out[p][1] != base] or [out[target][0]]
    left, right = min(xs) - 0.3, max(xs) + 0.3
    if right - left < least:
        middle = (left + right) / 2
        left, right = middle - least / 2, middle + least / 2
    centre = (left + right) / 2
    here = out[target][0]
    row = [p for p, (_, y) in out.items() if y == base and p != target]
    for side, end in ((-1, left), (1, right)):
        beside = sorted((p for p in row if (out[p][0] < here) == (side == -1)),
                        key=lambda p: out[p][0] * side)  # fmt: skip
        previous = None
        for party in beside:
            if previous is None:  # room for the label of the edge to the bar's end
                least_x = end + side * max(0.8, gaps.get(frozenset((party, target)), 0.0))
            else:
                least_x = out[previous][0] + side * gaps.get(frozenset((party, previous)), _APART)
            x = out[party][0]
            out[party] = (min(x, least_x) if side == -1 else max(x, least_x), base)
            previous = party
    out[target] = (centre, base)
    return out, (left, right)
