"""How each lever changes a deal, exactly: stake rescaling (the rule ``levers`` documents), seats,
arrangements and jurisdictions. ``Space.apply`` composes them into one scenario's deal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TypeAlias

import attrs

from ..model import Arrangement, Deal, Seat, Stake
from ..ownership import Basis
from .levers import UNKNOWN, UNNAMED, ArrangementLever, SeatLever

__all__ = [
    "BASIS",
    "Group",
    "Member",
    "base_share",
    "rescale",
    "set_arrangement",
    "set_jurisdiction",
    "set_seats",
    "with_figures",
]

ONE = Fraction(1)
ZERO = Fraction(0)


@attrs.frozen
class Member:
    """One levered stake column: ``holder`` in the group's entity, on the bases it sets."""

    column: int
    holder: str
    equity: bool
    voting: bool

    def sets(self, basis: str) -> bool:
        return self.equity if basis == "equity" else self.voting


@attrs.frozen
class Group:
    """The stake levers on one entity and how the entity's other stakes absorb them."""

    entity: str
    balance: str | None
    members: tuple[Member, ...]


def base_share(stake: Stake | None, basis: str) -> Fraction:
    if stake is None:
        return ZERO
    return stake.equity if basis == "equity" else stake.votes


Move: TypeAlias = tuple[str, Fraction, str | None]  # ("scale", k, None) or ("shift", Δ, holder)


def rescale(
    deal: Deal, group: Group, values: Sequence[Fraction]
) -> tuple[dict[str, tuple[Fraction, ...]], dict[str, Move]]:
    """The new ``(equity, voting)`` of every holder in ``group.entity`` when the levered columns
    take ``values`` (indexed by column), by the rule in ``levers``' docstring, and per basis how
    the others moved (to carry stake ranges along). Exact."""
    held = {s.holder: s for s in deal.holdings_in(group.entity)}
    extra = [m.holder for m in group.members] + [group.balance or UNNAMED]
    holders = list(held) + [h for h in dict.fromkeys(extra) if h not in held and h != UNNAMED]
    result: dict[str, list[Fraction]] = {
        h: [base_share(held.get(h), b) for b in BASIS] for h in holders
    }
    moves: dict[str, Move] = {}
    for index, basis in enumerate(BASIS):
        levered = [m for m in group.members if m.sets(basis)]
        if not levered:
            continue
        old = sum((base_share(held.get(m.holder), basis) for m in levered), ZERO)
        new = sum((values[m.column] for m in levered), ZERO)
        for m in levered:
            result[m.holder][index] = values[m.column]
        names = {m.holder for m in levered}
        if group.balance is None:
            factor = (ONE - new) / (ONE - old) if old != ONE else ZERO
            moves[basis] = ("scale", factor, None)
            for holder in holders:
                if holder not in names:
                    result[holder][index] *= factor
        elif group.balance != UNNAMED:
            result[group.balance][index] += old - new
            moves[basis] = ("shift", old - new, group.balance)
    return {h: tuple(v) for h, v in result.items()}, moves


BASIS: tuple[Basis, Basis] = ("equity", "voting")


def with_figures(
    holder: str,
    of: str,
    new: tuple[Fraction, ...],
    old: Stake | None,
    moves: Mapping[str, Move],
    levered: set[tuple[str, str, str]],
) -> Stake:
    """The stake with its new figures; a range (``equity_max``/``voting_max``) of a holder that is
    not levered moves with the others (scaled, or shifted with the balancing holder), capped at
    100 %; a levered holder's stake becomes definite."""
    equity, voting = new
    tops: list[Fraction | None] = [None, None]
    if old is not None and old.is_range:
        for index, basis in enumerate(BASIS):
            top = old.share(basis, upper=True)
            if (holder, of, basis) in levered or top == old.share(basis):
                continue
            kind, amount, who = moves.get(basis, ("scale", ONE, None))
            if kind == "scale":
                top *= amount
            elif who == holder:
                top += amount
            tops[index] = min(top, ONE)
    explicit = voting != equity or tops[1] is not None
    return Stake(
        holder=holder,
        of=of,
        equity=equity,
        voting=voting if explicit else None,
        equity_max=tops[0],
        voting_max=tops[1],
        note=old.note if old else None,
    )


def set_arrangement(deal: Deal, lever: ArrangementLever, state: str) -> Deal:
    match = [
        a for a in deal.arrangements if (a.kind, a.counterparty) == (lever.kind, lever.counterparty)
    ]
    kept = [a for a in deal.arrangements if a not in match]
    if state != "absent":
        note = match[0].note if match else None
        kept.append(
            Arrangement(
                kind=lever.kind,
                counterparty=lever.counterparty,
                ongoing=state == "ongoing",
                note=note,
            )
        )
    return attrs.evolve(deal, arrangements=kept)


LINKS = ("organized_in", "headquartered_in", "principal_place_of_business", "domiciled_in")


def set_jurisdiction(deal: Deal, party_id: str, country: str) -> Deal:
    party = deal.parties[party_id]
    if country == UNKNOWN:
        links: dict[str, str | None] = dict.fromkeys(LINKS)
    else:
        had = [link for link in LINKS if getattr(party, link)] or ["headquartered_in"]
        links = {link: (country if link in had else None) for link in LINKS}
    parties = dict(deal.parties)
    parties[party_id] = attrs.evolve(party, **links)  # type: ignore[arg-type]
    return attrs.evolve(deal, parties=parties)


def set_seats(deal: Deal, lever: SeatLever, count: int) -> Deal:
    entity = lever.of or deal.target
    seats = deal.board
    board: list[Seat | None] = list(seats)
    on = [i for i, s in enumerate(seats) if (s.of or deal.target) == entity]
    mine = [i for i in on if seats[i].appointed_by == lever.party]

    def template(party: str) -> Seat:
        first = next((seats[i] for i in on if seats[i].appointed_by == party), None)
        nationality = first.nationality if first else None
        return Seat(appointed_by=party, nationality=nationality, of=lever.of)

    if count < len(mine):
        for i in mine[count:]:
            board[i] = template(lever.balance) if lever.balance else None
    elif count > len(mine):
        need = count - len(mine)
        if lever.balance is None:
            board.extend([template(lever.party)] * need)
        else:
            theirs = [i for i in on if seats[i].appointed_by == lever.balance]
            new = template(lever.party)
            for i in theirs[len(theirs) - need :]:
                board[i] = new
    return attrs.evolve(deal, board=[s for s in board if s is not None])
