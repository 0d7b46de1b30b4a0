"""Every change to a deal as a function ``Deal → Deal``; each result a new, validated deal."""

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs

from ..model import Arrangement, Deal, Officer, Operation, Party, Seat, Stake
from ..model.entries import LINKS

ZERO, ONE = Fraction(0), Fraction(1)
#: A new non-adversary buyer, for remedies when the deal names none that carries no adversary
#: stake.
NEW_BUYER = Party(
    id="new-us-buyer",
    name="a new U.S. buyer",
    kind="company",
    organized_in="US",
    headquartered_in="US",
)
#: ``balance=UNNAMED``: the unnamed, dispersed part of the entity absorbs a stake change.
UNNAMED = "(unnamed)"
#: A jurisdiction value: no country link at all (unknown jurisdiction).
UNKNOWN = "unknown"
ArrangementState: TypeAlias = Literal["absent", "ongoing", "one_time"]
_BASES: tuple[tuple[int, Literal["equity", "voting"]], ...] = ((0, "equity"), (1, "voting"))
#: Stake moves in remedies and plans are whole basis points.
BASIS_POINT = Fraction(1, 10_000)


# ----------------------------------------------------------------------------- parties
def with_party(deal: Deal, party: Party) -> Deal:
    """``deal`` with ``party`` added (unchanged when a party with its id exists)."""
    if party.id in deal.parties:
        return deal
    return attrs.evolve(deal, parties={**deal.parties, party.id: party})


def set_jurisdiction(deal: Deal, party_id: str, country: str) -> Deal:
    """``party_id`` linked to ``country`` only (each link it had now names it;
    ``headquartered_in`` if it had none), or to nothing at all with ``UNKNOWN``."""
    party = deal.parties[party_id]
    if country == UNKNOWN:
        links: dict[str, str | None] = dict.fromkeys(LINKS)
    else:
        had = [link for link in LINKS if getattr(party, link)] or ["headquartered_in"]
        links = {link: (country if link in had else None) for link in LINKS}
    parties = {**deal.parties, party_id: attrs.evolve(party, **links)}  # type: ignore[arg-type]
    return attrs.evolve(deal, parties=parties)


# ----------------------------------------------------------------------------- stakes
def rescaled(
    held: Mapping[str, Any], new: Mapping[str, Any], balance: str | None
) -> dict[str, Any]:
    """Every holder's figure on one basis after the holders in ``new`` take their new figures.

    ``held`` maps each holder to its figure now; figures are ``Fraction``s for one deal or numpy
    arrays for a batch (one formula for both). The others give way:

    * ``balance=None`` — pro rata: every other holder, and the unnamed dispersed part, is
      multiplied by ``k = (1 − Σ new) / (1 − Σ old)`` over the changed holders;
    * ``balance=UNNAMED`` — no named holder moves: the unnamed part absorbs the change;
    * ``balance="<holder>"`` — that holder alone absorbs ``Σ old − Σ new``.
    """
    old = sum((held.get(h, 0) for h in new), 0)  # ints, not Fractions: they mix with arrays
    total = sum(new.values(), 0)
    out = {h: v for h, v in held.items() if h not in new}
    if balance is None:
        factor = (1 - total) / (1 - old) if old != 1 else 0 * total
        out = {h: v * factor for h, v in out.items()}
    elif balance != UNNAMED:
        out[balance] = out.get(balance, 0) + old - total
    return {**out, **new}


def set_stakes(
    deal: Deal,
    entity: str,
    new: Mapping[str, tuple[Fraction | None, Fraction | None]],
    *,
    balance: str | None = None,
) -> Deal:
    """The holders in ``new`` hold ``(equity, voting)`` of ``entity`` (None: that basis
    unchanged); the others give way per ``balance`` (see ``rescaled``), basis by basis. A range
    of a holder that is not changed moves with it (scaled, or shifted with the balancing holder),
    capped at 100 %; a changed holder's stake becomes definite."""
    held = {s.holder: s for s in deal.holdings_in(entity)}
    holders = list(held) + [h for h in (*new, balance) if h and h not in held and h != UNNAMED]
    figures: dict[str, list[Fraction]] = {h: [ZERO, ZERO] for h in holders}
    tops: dict[str, list[Fraction | None]] = {h: [None, None] for h in holders}
    for index, basis in _BASES:
        changed: dict[str, Fraction] = {}
        for holder, values in new.items():
            if (value := values[index]) is not None:
                changed[holder] = value
        before = {h: s.share(basis) for h, s in held.items()}
        after = rescaled(before, changed, balance) if changed else before
        sold = sum((before.get(h, ZERO) for h in changed), ZERO)
        total = sum(changed.values(), ZERO)
        for holder in holders:
            figures[holder][index] = after.get(holder, ZERO)
            stake = held.get(holder)
            if not changed or stake is None or holder in changed or not stake.is_range:
                continue
            top = stake.share(basis, upper=True)
            if top == stake.share(basis):
                continue
            if balance is None:
                top *= (ONE - total) / (ONE - sold) if sold != ONE else ZERO
            elif balance == holder:
                top += sold - total
            tops[holder][index] = min(top, ONE)

    def figure(holder: str) -> Stake:
        (equity, voting), previous = figures[holder], held.get(holder)
        explicit = voting != equity or tops[holder][1] is not None
        return Stake(
            holder=holder,
            of=entity,
            equity=equity,
            voting=voting if explicit else None,
            equity_max=tops[holder][0],
            voting_max=tops[holder][1],
            note=previous.note if previous else None,
        )

    stakes = [figure(s.holder) if s.of == entity else s for s in deal.stakes]
    stakes += [figure(h) for h in holders if h not in held and any(figures[h])]
    return attrs.evolve(deal, stakes=stakes)


def transfer(
    deal: Deal, seller: str, buyer: str, amount: Fraction, *, entity: str | None = None
) -> Deal:
    """``seller`` sells ``amount`` of its equity in ``entity`` (the target) to ``buyer``, with
    the same fraction of its votes; ``NEW_BUYER`` is added to the deal when named."""
    entity = entity or deal.target
    if buyer == NEW_BUYER.id:
        deal = with_party(deal, NEW_BUYER)
    held = {s.holder: s for s in deal.holdings_in(entity)}
    sold = held[seller]
    votes = sold.votes * amount / sold.equity if sold.equity else ZERO
    stakes = []
    for stake in deal.stakes:
        if stake.of == entity and stake.holder == seller:
            stake = _with(stake, stake.equity - amount, stake.votes - votes)
        elif stake.of == entity and stake.holder == buyer:
            stake = _with(stake, stake.equity + amount, stake.votes + votes)
        stakes.append(stake)
    if buyer not in held:
        stakes.append(_with(Stake(holder=buyer, of=entity, equity=0), amount, votes))
    return attrs.evolve(deal, stakes=stakes)


def _with(stake: Stake, equity: Fraction, votes: Fraction) -> Stake:
    return attrs.evolve(stake, equity=equity, voting=None if votes == equity else votes)


# ----------------------------------------------------------------------------- seats, officers
def set_seats(
    deal: Deal, party: str, count: int, *, of: str | None = None, balance: str | None = None
) -> Deal:
    """``party`` appoints ``count`` seats of the board of ``of`` (the target). Without
    ``balance`` seats are added or removed (the board changes size); with it they move from or
    to that appointer (the size stays). A new seat copies the nationality of the party's first
    seat (none if it has none) and sits on no committee."""
    entity = of or deal.target
    seats = deal.board
    board: list[Seat | None] = list(seats)
    on = [i for i, s in enumerate(seats) if (s.of or deal.target) == entity]
    mine = [i for i in on if seats[i].appointed_by == party]

    def template(appointer: str) -> Seat:
        first = next((seats[i] for i in on if seats[i].appointed_by == appointer), None)
        return Seat(appointed_by=appointer, nationality=first.nationality if first else None,
                    of=of)  # fmt: skip

    if count < len(mine):
        for i in mine[count:]:
            board[i] = template(balance) if balance else None
    elif count > len(mine):
        need = count - len(mine)
        if balance is None:
            board.extend([template(party)] * need)
        else:
            theirs = [i for i in on if seats[i].appointed_by == balance]
            for i in theirs[len(theirs) - need :]:
                board[i] = template(party)
    return attrs.evolve(deal, board=[s for s in board if s is not None])


# ----------------------------------------------------------------------------- arrangements
def set_arrangement(deal: Deal, kind: str, counterparty: str, state: ArrangementState) -> Deal:
    """The arrangement of ``kind`` with ``counterparty``: ``absent``, ``ongoing`` or
    ``one_time`` (made at closing, nothing after)."""
    match = [a for a in deal.arrangements if (a.kind, a.counterparty) == (kind, counterparty)]
    kept = [a for a in deal.arrangements if a not in match]
    if state != "absent":
        note = match[0].note if match else None
        kept.append(Arrangement(kind=kind, counterparty=counterparty,
                                ongoing=state == "ongoing", note=note))  # fmt: skip
    return attrs.evolve(deal, arrangements=kept)


def set_operation(deal: Deal, function: str, operator: str | None) -> Deal:
    """``function`` of the target's application run by ``operator`` alone (None: by no one
    recorded)."""
    kept = [o for o in deal.operations if o.function != function]
    note = next((o.note for o in deal.operations if o.function == function), None)
    if operator is not None:
        kept.append(Operation(function=function, operator=operator, note=note))
    return attrs.evolve(deal, operations=kept)


def set_officer(deal: Deal, role: str, appointer: str | None, *, of: str | None = None) -> Deal:
    """The officer of ``role`` at ``of`` (the target) appointed by ``appointer`` (None: no such
    officer recorded)."""
    entity = of or deal.target
    mine = [o for o in deal.officers if o.role == role and (o.of or deal.target) == entity]
    kept = [o for o in deal.officers if o not in mine]
    if appointer is not None:
        base = mine[0] if mine else Officer(role=role, appointed_by=appointer, of=of)
        kept.append(attrs.evolve(base, appointed_by=appointer))
    return attrs.evolve(deal, officers=kept)


def set_licence(deal: Deal, status: str | None) -> Deal:
    """China's export-licence status (None: not stated)."""
    return attrs.evolve(deal, export_licence=status)
