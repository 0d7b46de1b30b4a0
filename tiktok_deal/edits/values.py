"""``Edit`` values: changes that apply and describe themselves, for remedies and plans; and
``Option``, the changes that together may make a rule comply."""

from abc import ABC, abstractmethod
from collections.abc import Callable
from fractions import Fraction
from typing import Any, ClassVar

import attrs

from ..model import Deal, Operation, Party, Seat, words
from ..shares import format_percent
from .changes import (
    NEW_BUYER,
    ZERO,
    set_arrangement,
    set_licence,
    transfer,
    with_party,
)


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
