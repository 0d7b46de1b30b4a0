"""The edges of the ownership graph: stakes, appointments, control rights and the ties
(arrangements, operations) between a party and the target; one label for all the edges from one
party to another; the members of a pool that the graph lists under the pool instead of drawing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

from ..model import Deal, Stake, words

__all__ = ["KINDS", "Edge", "edges", "fold", "labels", "members_text", "stake_text"]

#: The kinds of edge, each in its own line style: a stake, the appointment of board seats or
#: officers, a control right, and an arrangement or operation tying a party to the target.
KINDS = ("stake", "appoints", "right", "tie")
_ROLES = {"ceo": "CEO", "other": "officer"}  # officers' roles where words() is not enough
_LEGAL_FORM = re.compile(r",? (LLC|L\.L\.C\.|Inc\.|Ltd\.|LP|L\.P\.|plc|GmbH|S\.A\.)$")


class Edge(NamedTuple):
    """One edge: ``source`` holds, appoints to, has a right over, or deals with ``entity``;
    ``label`` says what (a stake, "2 seats", "veto", "algorithm licence; operates hosting")."""

    kind: str
    source: str
    entity: str
    label: str


def stake_text(stake: Stake) -> str:
    """``"15 %"``, ``"0–100 %"`` (a range), ``"30 % (votes 60 %)"``."""
    equity, voting = stake.percent("equity"), stake.percent("voting")
    return equity if equity == voting else f"{equity} (votes {voting})"


def edges(deal: Deal) -> list[Edge]:
    """Every edge of the graph: one per stake; one per party and entity for the seats and
    officers it appoints, and for its control rights; one per party for its arrangements and
    operations with the target. A party appointing to itself (an independent seat) draws none."""
    out = [Edge("stake", s.holder, s.of, stake_text(s)) for s in deal.stakes]
    seats = Counter((s.appointed_by, s.of or deal.target) for s in deal.board)
    officers: dict[tuple[str, str], list[str]] = {}
    for officer in deal.officers:
        key = (officer.appointed_by, officer.of or deal.target)
        officers.setdefault(key, []).append(_ROLES.get(officer.role, words(officer.role)))
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
        rights.setdefault(key, []).append(words(right.kind))
    out += [Edge("right", s, e, ", ".join(k)) for (s, e), k in rights.items() if s != e]
    ties: dict[str, list[str]] = {}
    for arrangement in deal.arrangements:
        once = "" if arrangement.ongoing else " (one-time)"
        ties.setdefault(arrangement.counterparty, []).append(words(arrangement.kind) + once)
    operated: dict[str, list[str]] = {}
    for operation in deal.operations:
        operated.setdefault(operation.operator, []).append(words(operation.function))
    for party in dict.fromkeys([*ties, *operated]):
        if party == deal.target:
            continue
        parts = [", ".join(ties[party])] if party in ties else []
        if party in operated:
            parts.append("operates " + ", ".join(operated[party]))
        out.append(Edge("tie", party, deal.target, "; ".join(parts)))
    return out


def labels(drawn: Sequence[Edge]) -> dict[tuple[str, str], list[str]]:
    """One label for all the edges from one party to another, as lines in the order of
    ``KINDS``: the stake and the seats on the first line (``"15 %, 1 seat"``), then the control
    rights, then the ties (``"hosting, security partner; operates hosting"``)."""
    parts: dict[tuple[str, str], dict[str, str]] = {}
    for edge in drawn:
        parts.setdefault((edge.source, edge.entity), {})[edge.kind] = edge.label
    out = {}
    for pair, by_kind in parts.items():
        first = ", ".join(by_kind[k] for k in ("stake", "appoints") if k in by_kind)
        out[pair] = [line for line in (first, by_kind.get("right"), by_kind.get("tie")) if line]
    return out


def fold(
    deal: Deal, drawn: Sequence[Edge], listable: Callable[[str], bool]
) -> dict[str, list[str]]:
    """The members of each pool that the graph lists under the pool's name instead of drawing:
    each party whose only edge is its stake in a pool (``kind = "pool"``), nothing held in it,
    for which ``listable`` is true (the graph keeps (A)-persons and parties of unknown
    jurisdiction as nodes of their own), when a pool has two or more of them."""
    touching: Counter[str] = Counter()
    for edge in drawn:
        touching[edge.source] += 1
        touching[edge.entity] += 1
    members: dict[str, list[str]] = {}
    for edge in drawn:
        pool = deal.parties[edge.entity]
        if (
            edge.kind == "stake"
            and pool.kind == "pool"
            and touching[edge.source] == 1
            and edge.source != deal.target
            and listable(edge.source)
        ):
            members.setdefault(edge.entity, []).append(edge.source)
    return {pool: listed for pool, listed in members.items() if len(listed) >= 2}


def members_text(
    pool: str, listed: Sequence[str], drawn: Sequence[Edge], name: Callable[[str], str]
) -> str:
    """What the graph says of a pool's listed members: ``"members (0–100 % each): Dell Family
    Office · NJJ Capital"`` (``"other members"`` when some are drawn as nodes), or each member
    with its stake when the stakes differ. Names lose a trailing legal form (", LLC")."""
    stakes = {e.source: e.label for e in drawn if e.kind == "stake" and e.entity == pool}
    who = "other members" if set(stakes) - set(listed) else "members"

    def short(member: str) -> str:  # kept on one line when the text is wrapped
        return _LEGAL_FORM.sub("", name(member)).replace(" ", "\N{NO-BREAK SPACE}")

    texts = {stakes[m] for m in listed}
    if len(texts) == 1:
        return f"{who} ({texts.pop()} each): " + " · ".join(short(m) for m in listed)
    return f"{who}: " + " · ".join(f"{short(m)} {stakes[m]}" for m in listed)
