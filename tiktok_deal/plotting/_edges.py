"""The edges of the ownership graph: stakes, appointments, control rights and the ties
(arrangements, operations) between a party and the target."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from ..model import Deal, Stake

__all__ = ["KINDS", "Edge", "edges"]

#: The kinds of edge, each in its own line style: a stake, the appointment of board seats or
#: officers, a control right, and an arrangement or operation tying a party to the target.
KINDS = ("stake", "appoints", "right", "tie")
_WORDS = {"algorithm_license": "algorithm licence", "ceo": "CEO", "other": "officer"}


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
