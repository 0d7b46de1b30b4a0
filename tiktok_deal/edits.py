"""Every change to a deal, in one place: a function ``Deal → Deal`` for each, and ``Edit`` values
that apply and describe themselves, for remedies and plans.

Each result is a new, validated deal (``attrs.evolve``): an invalid scenario cannot exist. Stake
changes keep every entity's total at 100 % or less: ``rescaled`` says how the other holders give
way, and is written once for exact fractions and for arrays of scenarios alike.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any, ClassVar, Literal, TypeAlias

import attrs

from .model import Arrangement, Deal, Officer, Operation, Party, Seat, Stake, words
from .model.entries import LINKS
from .shares import format_percent

__all__ = [
    "BASIS_POINT",
    "NEW_BUYER",
    "UNKNOWN",
    "UNNAMED",
    "AddSeat",
    "DropControlRight",
    "Edit",
    "EndArrangement",
    "LeaveCommittee",
    "MakeOneTime",
    "MoveOperation",
    "MoveSeats",
    "Option",
    "ReassignOfficer",
    "SetLicence",
    "SetNationality",
    "TransferStake",
    "rescaled",
    "set_arrangement",
    "set_jurisdiction",
    "set_licence",
    "set_officer",
    "set_operation",
    "set_seats",
    "set_stakes",
    "transfer",
    "with_party",
]

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


# ----------------------------------------------------------------------------- Edit values
def _name(deal: Deal, party: str) -> str:
    return NEW_BUYER.name if party == NEW_BUYER.id and party not in deal.parties else (
        deal.label(party)
    )  # fmt: skip


def _points(value: Fraction) -> str:
    return format_percent(value).replace(" %", " points")


class Edit(ABC):
    """One change to a deal: it applies itself and says what it does in a phrase. ``rank``
    orders kinds from the mildest (a licence made one-time) to the most drastic (an
    arrangement ended, a seat added), for ranking remedies of equal size."""

    kind: ClassVar[str]
    rank: ClassVar[int] = 5

    @abstractmethod
    def apply(self, deal: Deal) -> Deal:
        """The changed deal."""

    @abstractmethod
    def describe(self, deal: Deal) -> str:
        """The change in words, e.g. ``"sell 0.1 points of ByteDance Ltd.'s stake …"``."""

    @property
    def points(self) -> Fraction:
        """Stake moved, as a fraction of the entity (0 for changes that move none)."""
        return ZERO

    def to_dict(self, deal: Deal) -> dict[str, Any]:
        fields = {k: (str(v) if isinstance(v, Fraction) else v)
                  for k, v in attrs.asdict(self).items()}  # type: ignore[arg-type]  # fmt: skip
        return {"kind": self.kind, "description": self.describe(deal), **fields}


@attrs.frozen
class TransferStake(Edit):
    """``seller`` sells ``amount`` of its equity in ``entity`` (the target) to ``buyer``, with the
    same fraction of its votes."""

    kind: ClassVar[str] = "sell_stake"
    rank: ClassVar[int] = 8
    seller: str
    buyer: str
    amount: Fraction
    entity: str | None = None

    def apply(self, deal: Deal) -> Deal:
        return transfer(deal, self.seller, self.buyer, self.amount, entity=self.entity)

    def describe(self, deal: Deal) -> str:
        entity = self.entity or deal.target
        held = next(s.equity for s in deal.holdings_in(entity) if s.holder == self.seller)
        return (
            f"sell {_points(self.amount)} of {deal.label(self.seller)}'s "
            f"{format_percent(held)} stake in {deal.label(entity)} to {_name(deal, self.buyer)}"
        )

    @property
    def points(self) -> Fraction:
        return self.amount


@attrs.frozen
class MoveSeats(Edit):
    """``count`` seats of ``entity``'s board (the target's) move from ``source`` to ``to``."""

    kind: ClassVar[str] = "move_seats"
    rank: ClassVar[int] = 6
    source: str
    to: str
    count: int
    entity: str | None = None

    def apply(self, deal: Deal) -> Deal:
        if self.to == NEW_BUYER.id:
            deal = with_party(deal, NEW_BUYER)
        entity = self.entity or deal.target
        board, moved = list(deal.board), 0
        for i in reversed(range(len(board))):
            seat = board[i]
            if (
                moved < self.count
                and seat.appointed_by == self.source
                and ((seat.of or deal.target) == entity)
            ):
                board[i] = Seat(appointed_by=self.to, of=seat.of)
                moved += 1
        return attrs.evolve(deal, board=board)

    def describe(self, deal: Deal) -> str:
        return (
            f"move {self.count} board seat{'s' if self.count > 1 else ''} from "
            f"{deal.label(self.source)} to {_name(deal, self.to)}"
        )


@attrs.frozen
class ReassignOfficer(Edit):
    """The officer of ``role`` at ``entity`` (the target) is appointed by ``to`` instead."""

    kind: ClassVar[str] = "reassign_officer"
    rank: ClassVar[int] = 4
    role: str
    to: str
    entity: str | None = None

    def apply(self, deal: Deal) -> Deal:
        if self.to == NEW_BUYER.id:
            deal = with_party(deal, NEW_BUYER)
        entity = self.entity or deal.target
        officers = [
            attrs.evolve(o, appointed_by=self.to)
            if o.role == self.role and (o.of or deal.target) == entity
            else o
            for o in deal.officers
        ]
        return attrs.evolve(deal, officers=officers)

    def describe(self, deal: Deal) -> str:
        office = {"ceo": "CEO", "security_officer": "security officer"}.get(self.role, self.role)
        return f"have {_name(deal, self.to)} appoint the {office}"


@attrs.frozen
class DropControlRight(Edit):
    """``holder`` gives up its right of ``right`` over ``entity`` (the target)."""

    kind: ClassVar[str] = "drop_control_right"
    rank: ClassVar[int] = 7
    holder: str
    right: str
    entity: str | None = None

    def apply(self, deal: Deal) -> Deal:
        entity = self.entity or deal.target
        kept = [
            r
            for r in deal.control_rights
            if not (r.holder == self.holder and r.kind == self.right
                    and (r.of or deal.target) == entity)
        ]  # fmt: skip
        return attrs.evolve(deal, control_rights=kept)

    def describe(self, deal: Deal) -> str:
        return f"give up the {words(self.right)} right of {deal.label(self.holder)}"


@attrs.frozen
class EndArrangement(Edit):
    """The arrangement of ``arrangement`` kind with ``counterparty`` ends."""

    kind: ClassVar[str] = "end_arrangement"
    rank: ClassVar[int] = 9
    arrangement: str
    counterparty: str

    def apply(self, deal: Deal) -> Deal:
        return set_arrangement(deal, self.arrangement, self.counterparty, "absent")

    def describe(self, deal: Deal) -> str:
        return f"end the {words(self.arrangement)} with {deal.label(self.counterparty)}"


@attrs.frozen
class MakeOneTime(Edit):
    """The arrangement continues no further than closing (no royalties, updates or support)."""

    kind: ClassVar[str] = "make_one_time"
    rank: ClassVar[int] = 1
    arrangement: str
    counterparty: str

    def apply(self, deal: Deal) -> Deal:
        return set_arrangement(deal, self.arrangement, self.counterparty, "one_time")

    def describe(self, deal: Deal) -> str:
        return (
            f"make the {words(self.arrangement)} with "
            f"{deal.label(self.counterparty)} one-time rather than ongoing"
        )


@attrs.frozen
class SetLicence(Edit):
    """China's export licence takes ``status``."""

    kind: ClassVar[str] = "obtain_licence"
    rank: ClassVar[int] = 2
    status: str = "granted"

    def apply(self, deal: Deal) -> Deal:
        return set_licence(deal, self.status)

    def describe(self, deal: Deal) -> str:
        return "obtain China's technology export licence for the recommendation algorithm"


@attrs.frozen
class MoveOperation(Edit):
    """The ``function`` run by ``source`` is run by ``to`` instead."""

    kind: ClassVar[str] = "move_operation"
    rank: ClassVar[int] = 5
    function: str
    source: str
    to: str

    def apply(self, deal: Deal) -> Deal:
        if self.to == NEW_BUYER.id:
            deal = with_party(deal, NEW_BUYER)
        operations = [
            Operation(function=o.function, operator=self.to, note=o.note)
            if (o.function, o.operator) == (self.function, self.source)
            else o
            for o in deal.operations
        ]
        return attrs.evolve(deal, operations=operations)

    def describe(self, deal: Deal) -> str:
        return (
            f"move {words(self.function)} from {deal.label(self.source)} to {_name(deal, self.to)}"
        )


@attrs.frozen
class SetNationality(Edit):
    """The ``index``-th seat of the target's board goes to a director of ``nationality``."""

    kind: ClassVar[str] = "replace_director"
    rank: ClassVar[int] = 3
    index: int
    nationality: str = "US"

    def apply(self, deal: Deal) -> Deal:
        board = list(deal.board)
        board[self.index] = attrs.evolve(board[self.index], nationality=self.nationality,
                                         director=None)  # fmt: skip
        return attrs.evolve(deal, board=board)

    def describe(self, deal: Deal) -> str:
        seat = deal.board[self.index]
        who = seat.director or f"the director appointed by {deal.label(seat.appointed_by)}"
        return f"replace {who} with a director of nationality {self.nationality}"


@attrs.frozen
class LeaveCommittee(Edit):
    """The ``index``-th seat leaves ``committee``."""

    kind: ClassVar[str] = "leave_committee"
    rank: ClassVar[int] = 3
    index: int
    committee: str

    def apply(self, deal: Deal) -> Deal:
        board = list(deal.board)
        seat = board[self.index]
        board[self.index] = attrs.evolve(
            seat, committees=tuple(c for c in seat.committees if c != self.committee)
        )
        return attrs.evolve(deal, board=board)

    def describe(self, deal: Deal) -> str:
        seat = deal.board[self.index]
        who = seat.director or f"the director appointed by {deal.label(seat.appointed_by)}"
        return f"take {who} off the {self.committee} committee"


@attrs.frozen
class AddSeat(Edit):
    """A new seat on the target's board, appointed by ``party`` (added to the deal if new)."""

    kind: ClassVar[str] = "add_seat"
    rank: ClassVar[int] = 10
    party: Party
    nationality: str | None = None

    def apply(self, deal: Deal) -> Deal:
        deal = with_party(deal, self.party)
        seat = Seat(appointed_by=self.party.id, nationality=self.nationality)
        return attrs.evolve(deal, board=[*deal.board, seat])

    def describe(self, deal: Deal) -> str:
        return f"add a board seat appointed by {self.party.name}"

    def to_dict(self, deal: Deal) -> dict[str, Any]:
        return {"kind": self.kind, "description": self.describe(deal), "party": self.party.id,
                "nationality": self.nationality}  # fmt: skip


@attrs.frozen
class Option:
    """Changes that together may make a rule comply. A stake sale of unknown size is ``search``:
    the edits for a sale of ``amount`` (a fraction of the entity, at most ``high``); the least
    amount in whole basis points that complies is found by whoever verifies the option."""

    edits: tuple[Edit, ...] = ()
    search: Callable[[Fraction], tuple[Edit, ...]] | None = None
    high: Fraction = ZERO

    def at(self, amount: Fraction) -> tuple[Edit, ...]:
        """The edits with the searched sale at ``amount``."""
        return self.edits + (self.search(amount) if self.search else ())
