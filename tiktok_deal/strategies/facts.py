"""The entries of a deal: parties, stakes and ownership graphs, boards, officers, control rights,
arrangements and operations."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..model import (
    ARRANGEMENT_KINDS,
    FUNCTIONS,
    Arrangement,
    ControlRight,
    Officer,
    Operation,
    Party,
    Seat,
    Stake,
)
from .values import (
    BOOLEANS,
    COUNTRIES,
    LINK_FIELDS,
    MAYBE_TEXT,
    NATIONALITIES,
    ONE,
    PARTY_KIND,
    RIGHT_KINDS,
    ROLES,
    SEAT_COMMITTEES,
    Jurisdiction,
    _check_choice,
    _fraction,
    _ids,
    _strategy,
)

__all__ = [
    "arrangements",
    "boards",
    "control_rights",
    "officers",
    "operations",
    "ownership_graphs",
    "parties",
    "stakes",
]


def _links(draw: st.DrawFn, jurisdiction: Jurisdiction) -> dict[str, str]:
    if jurisdiction == "unknown":
        return {}
    fields = draw(LINK_FIELDS)
    others = COUNTRIES["clean" if jurisdiction in ("clean", "hong_kong") else "any"]
    links = {field: draw(others) for field in fields}
    if jurisdiction in ("adversary", "hong_kong"):
        links[draw(st.sampled_from(fields))] = draw(COUNTRIES[jurisdiction])
    return links


def _party(draw: st.DrawFn, party_id: str, jurisdiction: Jurisdiction) -> Party:
    links = _links(draw, jurisdiction)
    name = draw(MAYBE_TEXT)
    return Party(
        id=party_id,
        **({} if name is None else {"name": name}),
        kind=draw(PARTY_KIND),
        organized_in=links.get("organized_in"),
        headquartered_in=links.get("headquartered_in"),
        principal_place_of_business=links.get("principal_place_of_business"),
        domiciled_in=links.get("domiciled_in"),
        note=draw(MAYBE_TEXT),
    )


def parties(
    *, id: str | st.SearchStrategy[str] | None = None, jurisdiction: Jurisdiction = "any"
) -> st.SearchStrategy[Party]:
    """A party whose country links are of the given kind (see the module docstring)."""
    _check_choice("jurisdiction", jurisdiction, (*COUNTRIES, "unknown"))
    ids = _strategy(id)

    @st.composite
    def one(draw: st.DrawFn) -> Party:
        return _party(draw, draw(ids), jurisdiction)

    return one()


class _Room:
    """What is left of each entity's equity and votes as stakes are drawn (no entity over 100 %)."""

    def __init__(self, *, ranges: bool = False) -> None:
        self.ranges = ranges
        self.equity: dict[str, Fraction] = {}
        self.voting: dict[str, Fraction] = {}
        self.stakes: dict[tuple[str, str], Stake] = {}

    def left(self, entity: str) -> tuple[Fraction, Fraction]:
        return self.equity.get(entity, ONE), self.voting.get(entity, ONE)

    def free(self, holder: str, of: str) -> bool:
        return holder != of and (holder, of) not in self.stakes

    def add(self, stake: Stake) -> Stake:
        equity, voting = self.left(stake.of)
        if stake.equity > equity or stake.votes > voting or not self.free(stake.holder, stake.of):
            raise AssertionError(f"no room for {stake}")  # pragma: no cover - a bug here
        self.equity[stake.of] = equity - stake.equity
        self.voting[stake.of] = voting - stake.votes
        self.stakes[stake.holder, stake.of] = stake
        return stake

    def draw(self, draw: st.DrawFn, holder: str, of: str, *, limit: Fraction = ONE) -> Stake:
        """A stake of ``holder`` in ``of`` that fits, every figure (range tops too) at most
        ``limit``."""
        equity_left, voting_left = self.left(of)
        if draw(BOOLEANS):
            equity = _fraction(draw, min(limit, equity_left))
            voting: Fraction | None = _fraction(draw, min(limit, voting_left))
        else:
            equity, voting = _fraction(draw, min(limit, equity_left, voting_left)), None
        equity_max = voting_max = None
        if self.ranges and draw(BOOLEANS):
            equity_max = _fraction(draw, limit, equity)
            if voting is not None and draw(BOOLEANS):
                voting_max = _fraction(draw, limit, voting)
        stake = Stake(
            holder=holder,
            of=of,
            equity=equity,
            voting=voting,
            equity_max=equity_max,
            voting_max=voting_max,
        )
        return self.add(stake)


def stakes(
    *,
    holder: str | st.SearchStrategy[str] | None = None,
    of: str | st.SearchStrategy[str] | None = None,
    ranges: bool = False,
) -> st.SearchStrategy[Stake]:
    """One stake (equity, and voting or not) between two different parties; with ``ranges``,
    sometimes known only as a range (``equity_max``, ``voting_max``)."""
    holders, entities = _strategy(holder), _strategy(of)

    @st.composite
    def one(draw: st.DrawFn) -> Stake:
        who, what = draw(holders), draw(entities)
        if who == what:
            what = draw(entities.filter(lambda entity: entity != who))
        return _Room(ranges=ranges).draw(draw, who, what)

    return one()


def ownership_graphs(
    party_ids: Sequence[str],
    *,
    allow_cycles: bool = True,
    max_depth: int | None = None,
    max_stakes: int | None = None,
    ranges: bool = False,
) -> st.SearchStrategy[list[Stake]]:
    """Valid lists of stakes among ``party_ids``: one stake per holder and entity, and no entity's
    equity or voting total over 100 %.

    ``allow_cycles=False`` draws no cross-holdings; ``max_depth`` (which needs it) bounds the
    longest chain of holdings, in links; ``max_stakes`` defaults to twice the number of parties;
    ``ranges`` lets some stakes be known only as ranges.
    """
    ids = _ids(party_ids, "party_ids")
    if max_depth is not None:
        if allow_cycles:
            raise InvalidArgument(
                "max_depth bounds chains, which cycles make endless; pass allow_cycles=False too"
            )
        if max_depth < 0:
            raise InvalidArgument(f"max_depth={max_depth}; expected at least 0")
    if max_stakes is not None and max_stakes < 0:
        raise InvalidArgument(f"max_stakes={max_stakes}; expected at least 0")
    count = 2 * len(ids) if max_stakes is None else max_stakes

    @st.composite
    def graph(draw: st.DrawFn) -> list[Stake]:
        if max_depth is not None:
            level = {party: draw(st.integers(0, max_depth)) for party in ids}
        else:
            order = ids if allow_cycles else draw(st.permutations(ids))
            level = {party: i for i, party in enumerate(order)}
        pairs = tuple(
            (holder, of)
            for of in ids
            for holder in ids
            if holder != of and ((allow_cycles and max_depth is None) or level[holder] > level[of])
        )
        if not pairs:
            return []
        chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=count))
        room = _Room(ranges=ranges)
        return [room.draw(draw, holder, of) for holder, of in chosen]

    return graph()


def _seats(
    draw: st.DrawFn, appointers: Sequence[str], of: str | None, low: int, high: int
) -> list[Seat]:
    who = st.sampled_from(tuple(appointers))
    return [
        Seat(
            appointed_by=draw(who),
            nationality=draw(NATIONALITIES),
            committees=draw(SEAT_COMMITTEES),
            of=of,
        )
        for _ in range(draw(st.integers(low, high)))
    ]


def boards(
    appointers: Sequence[str], *, of: str | None = None, min_seats: int = 0, max_seats: int = 7
) -> st.SearchStrategy[list[Seat]]:
    """The seats of one board (the target's unless ``of`` names another entity)."""
    ids = _ids(appointers, "appointers")
    if not 0 <= min_seats <= max_seats:
        raise InvalidArgument(f"expected 0 <= min_seats <= max_seats, got {min_seats}, {max_seats}")

    @st.composite
    def board(draw: st.DrawFn) -> list[Seat]:
        return _seats(draw, ids, of, min_seats, max_seats)

    return board()


def _right(draw: st.DrawFn, holders: Sequence[str], of: str | None) -> ControlRight:
    return ControlRight(holder=draw(st.sampled_from(tuple(holders))), kind=draw(RIGHT_KINDS), of=of)


def control_rights(
    holders: Sequence[str], *, of: str | None = None
) -> st.SearchStrategy[ControlRight]:
    """A veto, golden share or management right held by one of ``holders`` (over the target
    unless ``of`` names another entity)."""
    ids = _ids(holders, "holders")

    @st.composite
    def right(draw: st.DrawFn) -> ControlRight:
        return _right(draw, ids, of)

    return right()


def _arrangement(
    draw: st.DrawFn, counterparties: Sequence[str], kinds: Sequence[str] = ARRANGEMENT_KINDS
) -> Arrangement:
    return Arrangement(
        kind=draw(st.sampled_from(tuple(kinds))),
        counterparty=draw(st.sampled_from(tuple(counterparties))),
        ongoing=draw(BOOLEANS),
    )


def arrangements(
    counterparties: Sequence[str], *, kinds: Sequence[str] = ARRANGEMENT_KINDS
) -> st.SearchStrategy[Arrangement]:
    """An arrangement of the target with one of ``counterparties``."""
    ids = _ids(counterparties, "counterparties")
    if not kinds or isinstance(kinds, str):
        raise InvalidArgument("kinds must be a non-empty sequence of arrangement kinds")
    for kind in kinds:
        _check_choice("kinds", kind, ARRANGEMENT_KINDS)

    @st.composite
    def arrangement(draw: st.DrawFn) -> Arrangement:
        return _arrangement(draw, ids, kinds)

    return arrangement()


def _officer(draw: st.DrawFn, appointers: Sequence[str], of: str | None) -> Officer:
    return Officer(
        role=draw(ROLES),
        appointed_by=draw(st.sampled_from(tuple(appointers))),
        of=of,
        nationality=draw(NATIONALITIES),
    )


def officers(appointers: Sequence[str], *, of: str | None = None) -> st.SearchStrategy[Officer]:
    """An officer (CEO, security officer or other) appointed by one of ``appointers``, of the
    target unless ``of`` names another entity."""
    ids = _ids(appointers, "appointers")

    @st.composite
    def officer(draw: st.DrawFn) -> Officer:
        return _officer(draw, ids, of)

    return officer()


def _operation(
    draw: st.DrawFn, operators: Sequence[str], functions: Sequence[str] = FUNCTIONS
) -> Operation:
    return Operation(
        function=draw(st.sampled_from(tuple(functions))),
        operator=draw(st.sampled_from(tuple(operators))),
    )


def operations(
    operators: Sequence[str], *, functions: Sequence[str] = FUNCTIONS
) -> st.SearchStrategy[Operation]:
    """One function of the target's application run by one of ``operators``."""
    ids = _ids(operators, "operators")
    if not functions or isinstance(functions, str):
        raise InvalidArgument("functions must be a non-empty sequence of functions")
    for function in functions:
        _check_choice("functions", function, FUNCTIONS)

    @st.composite
    def operation(draw: st.DrawFn) -> Operation:
        return _operation(draw, ids, functions)

    return operation()
