"""Where the ownership graph puts each party: rows by who holds or directs what, the target at the
bottom, each row ordered to keep edges short (networkx)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any

from ..law import Facts

__all__ = ["positions"]


def _layers(target: str, parties: Iterable[str], network: Any, ties: set[str]) -> dict[str, int]:
    """Each party's row: the target 0, a party above it one above the highest thing it holds,
    appoints to or has a right over on the way to the target (cross-holdings share a row); a
    party held or directed but not towards the target one below its lowest holder; a party
    linked to the target only by an arrangement or operation beside the target (0); a party
    with no link at all in the holders' row (1)."""
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
            if holders:
                layer[member] = min(holders) - 1
            else:
                layer[member] = 0 if member in ties else 1
    return layer


def positions(
    facts: Facts,
    network: Any,
    neighbours: Mapping[str, set[str]],
    ties: set[str],
) -> dict[str, tuple[float, float]]:
    """A layered layout: rows from ``_layers`` over ``network`` (stakes, appointments and
    rights, holder to held), each node drawn towards its ``neighbours`` (every edge drawn).

    A few sweeps of the barycentre heuristic (each node's wanted x is the mean x of its
    neighbours), rows packed one unit apart; the target's holders start in the order adversary /
    unknown / other, largest stake first, and parties without any link come last in their row.
    """
    deal = facts.deal
    layer = _layers(deal.target, deal.parties, network, ties)
    held = {s.holder: s.equity for s in deal.holdings_in(deal.target)}
    order = {"adversary": 0, "unknown": 1, "other": 2}

    def group(party: str) -> int:
        if party in facts.known_adversaries:
            return order["adversary"]
        return order["unknown"] if party in facts.unknown else order["other"]

    first = sorted(
        deal.parties,
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
    for _ in range(6):
        for row in rows.values():
            wanted = {
                p: sum(x[n] for n in neighbours[p]) / len(neighbours[p]) if neighbours[p] else x[p]
                for p in row
            }
            row.sort(key=lambda p: (not neighbours[p], wanted[p], x[p]))
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
