"""Hypothesis strategies for the library's own types, as ``hypothesis.extra.pandas`` is for pandas.

>>> from hypothesis import given
>>> from tiktok_deal import check
>>> from tiktok_deal.strategies import deals
>>> @given(deals(verdict="compliant"))
... def test_a_compliant_deal_is_compliant(deal):
...     assert check(deal).verdict == "compliant"

Stakes are exact fractions; party ids are short (``"p0"``, ``"p1"``, …; the target of a drawn deal
is ``"p0"``) so that counterexamples shrink small and readable. Needs hypothesis
(``pip install tiktok-deal[test]``); ``import tiktok_deal`` never imports this module.

Country kinds (``countries(kind=…)``, ``parties(jurisdiction=…)``):

* ``"clean"`` — no link to CN, RU, IR, KP, HK or MO: never an (A)-person;
* ``"adversary"`` — a link to CN, RU, IR or KP: an (A)-person under every interpretation;
* ``"hong_kong"`` — a link to HK or MO and none to the four: an (A)-person only under
  ``hong_kong=included``;
* ``"any"`` — any of the three; ``"unknown"`` (parties only) — no jurisdiction given.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Literal, TypeAlias, cast

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from .countries import ISO_3166_ALPHA2
from .law.interpretation import SWITCHES, Interpretation
from .model import (
    ARRANGEMENT_KINDS,
    CONTROL_RIGHT_KINDS,
    LICENCE_STATUSES,
    LINKS,
    PARTY_KINDS,
    Arrangement,
    ControlRight,
    Deal,
    Party,
    PartyKind,
    Seat,
    Stake,
)

__all__ = [
    "ADVERSARY_COUNTRIES",
    "NEAR_THRESHOLD",
    "SARS",
    "arrangements",
    "boards",
    "control_rights",
    "countries",
    "deals",
    "interpretations",
    "ownership_graphs",
    "parties",
    "party_ids",
    "stake_values",
    "stakes",
]

CountryKind: TypeAlias = Literal["any", "clean", "adversary", "hong_kong"]
Jurisdiction: TypeAlias = Literal["any", "clean", "adversary", "hong_kong", "unknown"]
Verdict: TypeAlias = Literal["compliant", "violation", "indeterminate"]

#: Foreign adversary countries under every interpretation (PAFACA §2(g)(4)).
ADVERSARY_COUNTRIES: tuple[str, ...] = ("CN", "RU", "IR", "KP")
#: Hong Kong and Macau: foreign adversary countries only under ``hong_kong=included``.
SARS: tuple[str, ...] = ("HK", "MO")
ONE = Fraction(1)
HALF = Fraction(1, 2)
FIFTH = Fraction(1, 5)
#: Totals of foreign-adversary stakes on and around the 20 % line (PAFACA §2(g)(1)(B)).
NEAR_THRESHOLD: tuple[Fraction, ...] = (
    FIFTH,
    FIFTH - Fraction(1, 1000),
    FIFTH + Fraction(1, 1000),
    FIFTH - Fraction(1, 10_000),
    FIFTH + Fraction(1, 10_000),
)
_NEAR_BELOW = tuple(value for value in NEAR_THRESHOLD if value < FIFTH)
_NEAR_AT_OR_ABOVE = tuple(value for value in NEAR_THRESHOLD if value >= FIFTH)
_COMMON = ("US", "SG", "KY", "GB", "JP", "DE", "CA", "FR", "VG", "IE", "AE")
_OTHER = tuple(sorted(ISO_3166_ALPHA2 - {*ADVERSARY_COUNTRIES, *SARS, *_COMMON}))
_COMMITTEES = ("security", "audit", "compensation")
_ROBUST_KINDS = tuple(kind for kind in ARRANGEMENT_KINDS if kind != "algorithm_license")

# Strategies built once: building them inside every draw costs more than drawing from them.
_CLEAN_COUNTRIES = st.sampled_from(_COMMON) | st.sampled_from(_OTHER)
_COUNTRIES: dict[str, st.SearchStrategy[str]] = {
    "clean": _CLEAN_COUNTRIES,
    "adversary": st.sampled_from(ADVERSARY_COUNTRIES),
    "hong_kong": st.sampled_from(SARS),
    "any": _CLEAN_COUNTRIES | st.sampled_from(ADVERSARY_COUNTRIES + SARS),
}
_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12
).filter(lambda text: bool(text.strip()))
_MAYBE_TEXT = st.none() | _TEXT
_BOOLEANS = st.booleans()
_LINK_FIELDS = st.lists(st.sampled_from(LINKS), min_size=1, max_size=4, unique=True)
_PARTY_KINDS = cast("st.SearchStrategy[PartyKind]", st.sampled_from(PARTY_KINDS))
_GRIDS = st.sampled_from((100, 1000, 0, -1))
_DENOMINATORS = st.sampled_from((3, 8, 6, 7, 9, 12, 2, 4, 5))
_NATIONALITIES = st.none() | _COUNTRIES["any"]
_SEAT_COMMITTEES = st.lists(st.sampled_from(_COMMITTEES), unique=True, max_size=2)
_RIGHT_KINDS = st.sampled_from(CONTROL_RIGHT_KINDS)
_LICENCES = st.none() | st.sampled_from(LICENCE_STATUSES)
_DATES = st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))
_USERS = st.none() | st.integers(0, 400_000_000)
_NAMES = st.sampled_from(("deal", "Example consortium")) | _TEXT


def _check_choice(name: str, value: object, choices: Sequence[object]) -> None:
    if value not in choices:
        raise InvalidArgument(f"{name}={value!r}; expected one of {', '.join(map(str, choices))}")


def _ids(value: Sequence[str], name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not value:
        raise InvalidArgument(f"{name} must be a non-empty sequence of party ids, got {value!r}")
    return tuple(dict.fromkeys(value))


def _strategy(value: str | st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    if value is None:
        return party_ids()
    return st.just(value) if isinstance(value, str) else value


# ----------------------------------------------------------------------------- small values
def countries(*, kind: CountryKind = "any") -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes of one kind (see the module docstring); shrinks to US or CN."""
    _check_choice("kind", kind, tuple(_COUNTRIES))
    return _COUNTRIES[kind]


def party_ids(*, max_parties: int = 8) -> st.SearchStrategy[str]:
    """Short readable ids ``"p0"`` … ``"p{max_parties - 1}"``."""
    if max_parties < 1:
        raise InvalidArgument(f"max_parties={max_parties}; expected at least 1")
    return st.sampled_from(tuple(f"p{i}" for i in range(max_parties)))


def _fraction(draw: st.DrawFn, limit: Fraction, minimum: Fraction = Fraction(0)) -> Fraction:
    """A fraction in [minimum, limit] on a readable grid (percent, per mille, small
    denominators), or one of the two ends exactly; shrinks towards ``minimum``."""
    if limit <= minimum:
        return limit
    grid = draw(_GRIDS)
    if grid == -1:
        return draw(st.sampled_from((minimum, limit)))
    denominator = grid or draw(_DENOMINATORS)
    low, high = math.ceil(minimum * denominator), math.floor(limit * denominator)
    if low > high:
        return limit
    return Fraction(draw(st.integers(low, high)), denominator)


def stake_values(
    *, min_value: Fraction | int = 0, max_value: Fraction | int = 1, near_threshold: bool = False
) -> st.SearchStrategy[Fraction]:
    """Exact stakes in [min_value, max_value]: percentages, per mille, thirds, sevenths, … and
    the bounds themselves; with ``near_threshold``, also the values on and around 20 %."""
    low, high = Fraction(min_value), Fraction(max_value)
    if not 0 <= low <= high <= 1:
        raise InvalidArgument(f"expected 0 <= min_value <= max_value <= 1, got {low}, {high}")

    @st.composite
    def values(draw: st.DrawFn) -> Fraction:
        return _fraction(draw, high, low)

    near = [value for value in NEAR_THRESHOLD if low <= value <= high]
    if near_threshold and near:
        return st.sampled_from(near) | values()
    return values()


# ----------------------------------------------------------------------------- facts
def _links(draw: st.DrawFn, jurisdiction: Jurisdiction) -> dict[str, str]:
    if jurisdiction == "unknown":
        return {}
    fields = draw(_LINK_FIELDS)
    others = _COUNTRIES["clean" if jurisdiction in ("clean", "hong_kong") else "any"]
    links = {field: draw(others) for field in fields}
    if jurisdiction in ("adversary", "hong_kong"):
        links[draw(st.sampled_from(fields))] = draw(_COUNTRIES[jurisdiction])
    return links


def _party(draw: st.DrawFn, party_id: str, jurisdiction: Jurisdiction) -> Party:
    links = _links(draw, jurisdiction)
    name = draw(_MAYBE_TEXT)
    return Party(
        id=party_id,
        **({} if name is None else {"name": name}),
        kind=draw(_PARTY_KINDS),
        organized_in=links.get("organized_in"),
        headquartered_in=links.get("headquartered_in"),
        principal_place_of_business=links.get("principal_place_of_business"),
        domiciled_in=links.get("domiciled_in"),
        note=draw(_MAYBE_TEXT),
    )


def parties(
    *, id: str | st.SearchStrategy[str] | None = None, jurisdiction: Jurisdiction = "any"
) -> st.SearchStrategy[Party]:
    """A party whose country links are of the given kind (see the module docstring)."""
    _check_choice("jurisdiction", jurisdiction, (*_COUNTRIES, "unknown"))
    ids = _strategy(id)

    @st.composite
    def one(draw: st.DrawFn) -> Party:
        return _party(draw, draw(ids), jurisdiction)

    return one()


class _Room:
    """What is left of each entity's equity and votes as stakes are drawn (contract §1)."""

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
        if draw(_BOOLEANS):
            equity = _fraction(draw, min(limit, equity_left))
            voting: Fraction | None = _fraction(draw, min(limit, voting_left))
        else:
            equity, voting = _fraction(draw, min(limit, equity_left, voting_left)), None
        equity_max = voting_max = None
        if self.ranges and draw(_BOOLEANS):
            equity_max = _fraction(draw, limit, equity)
            if voting is not None and draw(_BOOLEANS):
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
            nationality=draw(_NATIONALITIES),
            committees=draw(_SEAT_COMMITTEES),
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
    return ControlRight(
        holder=draw(st.sampled_from(tuple(holders))), kind=draw(_RIGHT_KINDS), of=of
    )


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
        ongoing=draw(_BOOLEANS),
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


def interpretations(
    *,
    lookthrough: str | None = None,
    stake: str | None = None,
    license_is_cooperation: str | None = None,
    hong_kong: str | None = None,
) -> st.SearchStrategy[Interpretation]:
    """Interpretations, every switch drawn unless fixed here; shrinks to the defaults."""
    fixed = {
        "lookthrough": lookthrough,
        "stake": stake,
        "license_is_cooperation": license_is_cooperation,
        "hong_kong": hong_kong,
    }
    switches: dict[str, st.SearchStrategy[str]] = {}
    for key, value in fixed.items():
        if value is not None:
            _check_choice(key, value, SWITCHES[key])
        switches[key] = st.sampled_from(SWITCHES[key]) if value is None else st.just(value)
    return st.fixed_dictionaries(switches).map(lambda values: Interpretation(**values))


# ----------------------------------------------------------------------------- whole deals
def _split(draw: st.DrawFn, total: Fraction, parts: int) -> list[Fraction]:
    """``total`` as ``parts`` positive pieces on a readable grid (0.18 + 0.02 = 1/5 exactly)."""
    denominator = math.lcm(100, total.denominator)
    units = int(total * denominator)
    parts = max(1, min(parts, units))
    cuts: list[int] = []
    if parts > 1:
        cut = st.integers(1, units - 1)
        cuts = sorted(draw(st.lists(cut, min_size=parts - 1, max_size=parts - 1, unique=True)))
    edges = [0, *cuts, units]
    return [Fraction(b - a, denominator) for a, b in itertools.pairwise(edges)]


class _Plan:
    """A deal being drawn: parties by role, stakes within room, seats, rights, arrangements."""

    def __init__(
        self,
        draw: st.DrawFn,
        ids: list[str],
        roles: dict[str, Jurisdiction],
        *,
        allow_cycles: bool,
        ranges: bool,
    ) -> None:
        self.draw = draw
        self.ids = ids
        self.target = ids[0]
        self.roles = roles
        self.room = _Room(ranges=ranges)
        self.board: list[Seat] = []
        self.rights: list[ControlRight] = []
        self.arrangements: list[Arrangement] = []
        self.formerly_affiliated: list[str] | None = None
        # Without cycles, a holder must outrank what it holds (the target ranks lowest).
        rest = ids[1:] if allow_cycles else draw(st.permutations(ids[1:]))
        self.rank = {party: i for i, party in enumerate([ids[0], *rest])}
        self.allow_cycles = allow_cycles

    def of_role(self, *roles: str) -> list[str]:
        return [party for party in self.ids if self.roles[party] in roles]

    def may_hold(self, holder: str, of: str) -> bool:
        if not self.room.free(holder, of):
            return False
        return self.allow_cycles or self.rank[holder] > self.rank[of]

    def some(self, items: Sequence[str], *, max_size: int) -> list[str]:
        if not items:
            return []
        return self.draw(st.lists(st.sampled_from(tuple(items)), unique=True, max_size=max_size))

    def deal(self) -> Deal:
        draw = self.draw
        return Deal(
            name=draw(_NAMES),
            target=self.target,
            parties=[_party(draw, party, self.roles[party]) for party in self.ids],
            stakes=list(self.room.stakes.values()),
            board=self.board,
            control_rights=self.rights,
            arrangements=self.arrangements,
            export_licence=draw(_LICENCES),
            formerly_affiliated=self.formerly_affiliated,
            as_of=draw(_DATES),
            us_users=draw(_USERS),
            sources=draw(st.lists(_TEXT, max_size=2)),
            description=draw(_MAYBE_TEXT),
            notes=draw(st.lists(_TEXT, max_size=1)),
        )


def _plant_near(plan: _Plan, total: Fraction, holders: list[str]) -> None:
    """``holders`` hold ``total`` of the target directly, in one to three parts (when there is
    room for it)."""
    draw = plan.draw
    holders = [holder for holder in holders if plan.room.free(holder, plan.target)]
    if not holders or total > min(plan.room.left(plan.target)):
        return
    parts = _split(draw, total, draw(st.integers(1, min(3, len(holders)))))
    chosen = draw(st.permutations(holders))[: len(parts)]
    for holder, part in zip(chosen, parts, strict=True):
        plan.room.add(Stake(holder=holder, of=plan.target, equity=part))


def _fill_any(plan: _Plan, *, target_board: bool, near: bool) -> None:
    """Stakes, seats, rights and arrangements with no constraint beyond validity (but with
    ``near``, no more direct stakes in the target from parties that may be (A)-persons)."""
    draw, ids = plan.draw, plan.ids
    pairs = [
        (h, o)
        for o in ids
        for h in ids
        if plan.may_hold(h, o) and not (near and o == plan.target and plan.roles[h] != "clean")
    ]
    if pairs:
        chosen = draw(st.lists(st.sampled_from(tuple(pairs)), unique=True, max_size=2 * len(ids)))
        for holder, of in chosen:
            if plan.room.free(holder, of):
                plan.room.draw(draw, holder, of)
    if target_board:
        plan.board += _seats(draw, ids, None, 0, 5)
    if len(ids) > 1 and draw(_BOOLEANS):
        plan.board += _seats(draw, ids, draw(st.sampled_from(tuple(ids[1:]))), 0, 3)
    for _ in range(draw(st.integers(0, 2))):
        plan.rights.append(_right(draw, ids, draw(st.none() | st.sampled_from(tuple(ids)))))
    counterparties = ids[1:] or ids
    plan.arrangements += [
        _arrangement(draw, counterparties) for _ in range(draw(st.integers(0, 3)))
    ]
    if draw(_BOOLEANS):
        plan.formerly_affiliated = plan.some(ids, max_size=len(ids))


def _fill_compliant(plan: _Plan, *, near: bool, shield: str | None) -> None:
    """Stakes and control within budgets that keep every rule of §2(g)(1) and §2(g)(6)(B)
    compliant under every interpretation and in every resolution of the unknown facts.

    Every party not ``clean`` is *dirty* (counted as an (A)-person). Each clean entity X gets a
    cap c(X) < 1/5, and its holders satisfy sum(w(h, X) · c(h)) <= c(X), with c = 1 for dirty
    holders and w the largest of the stake's figures (range tops included; 1 above half the
    votes, the controlling-link rule). The caps are then an upper fixed point of every
    look-through, so no clean entity reaches 20 %. Dirty parties appoint at most half of a clean
    board and hold no right over it, and arrangements are with clean parties or with dirty ones
    not formerly affiliated. ``shield`` (of unknown jurisdiction) counts as clean with cap 0 and
    is held by no one.
    """
    draw, ids, target = plan.draw, plan.ids, plan.target
    clean = [p for p in ids if plan.roles[p] == "clean" or p == shield]
    dirty = [p for p in ids if p not in clean]
    caps = dict.fromkeys(dirty, ONE)
    for party in clean:
        caps[party] = Fraction(0)
        if party != shield and draw(_BOOLEANS):
            caps[party] = _fraction(draw, FIFTH - Fraction(1, 1000))
    used = dict.fromkeys(ids, Fraction(0))
    if near and dirty:
        caps[target] = draw(st.sampled_from(_NEAR_BELOW))
        _plant_near(plan, caps[target], dirty)
        planted = [s.equity for s in plan.room.stakes.values() if s.holder in dirty]
        used[target] = sum(planted, Fraction(0))
    for of in ids:
        if of == shield:
            continue
        candidates = [h for h in ids if plan.may_hold(h, of)]
        if near and of == target:
            candidates = [h for h in candidates if caps[h] == 0]
        for holder in plan.some(candidates, max_size=3):
            if of in dirty or caps[holder] == 0:
                plan.room.draw(draw, holder, of)
                continue
            limit = min(HALF, (caps[of] - used[of]) / caps[holder])
            stake = plan.room.draw(draw, holder, of, limit=limit)
            figures = (stake.equity, stake.votes, stake.equity_max or 0, stake.voting_max or 0)
            used[of] += max(figures) * caps[holder]
    if any(used[p] > caps[p] for p in clean):  # pragma: no cover - a bug in the budgets
        raise AssertionError(f"budget exceeded: {used} > {caps}")
    for entity in [target, *plan.some(clean, max_size=1)]:
        seats = draw(st.integers(0, 5))
        dirty_seats = draw(st.integers(0, seats // 2)) if dirty else 0
        board_of = None if entity == target else entity
        if dirty_seats:
            plan.board += _seats(draw, dirty, board_of, dirty_seats, dirty_seats)
        plan.board += _seats(draw, clean, board_of, seats - dirty_seats, seats - dirty_seats)
    if draw(_BOOLEANS):
        plan.rights.append(_right(draw, clean, None))
    if draw(_BOOLEANS) and dirty:
        plan.rights.append(_right(draw, ids, draw(st.sampled_from(tuple(dirty)))))
    if draw(_BOOLEANS):
        plan.formerly_affiliated = plan.some(ids, max_size=len(ids))
    listed = plan.formerly_affiliated
    safe = [p for p in clean if p != target]
    safe += [p for p in dirty if listed is not None and p not in listed]
    if safe:
        plan.arrangements += [_arrangement(draw, safe) for _ in range(draw(st.integers(0, 3)))]


def _plant_violation(plan: _Plan, near: bool) -> str:
    """One violation of PAFACA that holds under every interpretation, whatever else is drawn;
    returns how."""
    draw, target = plan.draw, plan.target
    adversaries = [p for p in plan.of_role("adversary") if p != target]
    ways = ("ownership", "board", "control_right", "votes", "arrangement", "person")
    mechanism = draw(st.sampled_from(ways if adversaries else ("person",)))
    if mechanism == "person":
        plan.roles[target] = "adversary"
    elif mechanism == "ownership":
        total = draw(st.sampled_from(_NEAR_AT_OR_ABOVE)) if near else _fraction(draw, ONE, FIFTH)
        _plant_near(plan, total, adversaries)
    elif mechanism == "votes":
        votes = _fraction(draw, ONE, Fraction(501, 1000))
        holder = draw(st.sampled_from(tuple(adversaries)))
        plan.room.add(Stake(holder=holder, of=target, equity=_fraction(draw, ONE), voting=votes))
    elif mechanism == "board":
        others = draw(st.integers(0, 3))
        ours = others + 1 + draw(st.integers(0, 1))
        plan.board += _seats(draw, adversaries, None, ours, ours)
        plan.board += _seats(draw, plan.ids, None, others, others)
    elif mechanism == "control_right":
        plan.rights.append(_right(draw, adversaries, None))
    else:
        plan.arrangements.append(_arrangement(draw, adversaries, _ROBUST_KINDS))
    return mechanism


def deals(
    *,
    max_parties: int = 8,
    allow_cycles: bool = True,
    unknown_jurisdictions: bool = False,
    near_threshold: bool = False,
    verdict: Verdict | None = None,
    stake_ranges: bool = False,
) -> st.SearchStrategy[Deal]:
    """Valid deals of up to ``max_parties`` parties (ids ``"p0"``…, the target ``"p0"``).

    * ``allow_cycles`` — cross-holdings may occur (otherwise the ownership graph is acyclic);
    * ``unknown_jurisdictions`` — some parties may have no jurisdiction given;
    * ``near_threshold`` — (A)-persons hold stakes in the target on and around the 20 % line
      (exactly 1/5, 1/5 ± 1/1000, 1/5 ± 1/10000, in parts such as 0.18 + 0.02);
    * ``verdict`` — ``"compliant"``, ``"violation"`` or ``"indeterminate"``: every deal drawn has
      that ``pafaca`` verdict under *every* interpretation, by construction (not by filtering).
      ``"indeterminate"`` deals contain a party of unknown jurisdiction even when
      ``unknown_jurisdictions`` is False;
    * ``stake_ranges`` — some stakes may be known only as ranges (``equity_max``, ``voting_max``).
    """
    if max_parties < 1:
        raise InvalidArgument(f"max_parties={max_parties}; expected at least 1")
    if verdict is not None:
        _check_choice("verdict", verdict, ("compliant", "violation", "indeterminate"))
    least = {"indeterminate": 3 if near_threshold else 2}
    if verdict is not None and max_parties < least.get(verdict, 2 if near_threshold else 1):
        raise InvalidArgument(
            f"max_parties={max_parties} is too few for near_threshold={near_threshold} and "
            f"verdict={verdict!r}"
        )
    if near_threshold and max_parties < 2:
        raise InvalidArgument("near_threshold needs max_parties >= 2")
    flavours: tuple[str, ...] = ("any", "compliant", "violation")
    if unknown_jurisdictions and max_parties >= least["indeterminate"]:
        flavours += ("indeterminate",)
    kinds: tuple[Jurisdiction, ...] = ("clean", "adversary", "hong_kong")
    if unknown_jurisdictions:
        kinds += ("unknown",)
    roles_of = st.sampled_from(kinds)

    @st.composite
    def deal(draw: st.DrawFn) -> Deal:
        flavour = verdict or draw(st.sampled_from(flavours))
        near = near_threshold
        fewest = (flavour == "indeterminate") + near + 1
        count = draw(st.integers(fewest, max_parties))
        ids = [f"p{i}" for i in range(count)]
        roles: dict[str, Jurisdiction] = {p: draw(roles_of) for p in ids}
        if near or (flavour == "violation" and count > 1 and draw(_BOOLEANS)):
            roles[ids[1]] = "adversary"
        shield = None
        if flavour in ("compliant", "indeterminate"):
            roles[ids[0]] = "clean"
        if flavour == "indeterminate":
            shield = ids[-1]
            roles[shield] = "unknown"
        plan = _Plan(draw, ids, roles, allow_cycles=allow_cycles, ranges=stake_ranges)
        if shield is not None:
            share = _fraction(draw, Fraction(4, 5), FIFTH)
            plan.room.add(Stake(holder=shield, of=plan.target, equity=share))
        if flavour in ("compliant", "indeterminate"):
            _fill_compliant(plan, near=near, shield=shield)
            return plan.deal()
        mechanism = _plant_violation(plan, near) if flavour == "violation" else None
        if near and mechanism != "ownership":
            adversaries = [p for p in plan.of_role("adversary") if p != plan.target]
            _plant_near(plan, draw(st.sampled_from(NEAR_THRESHOLD)), adversaries)
        _fill_any(plan, target_board=mechanism != "board", near=near)
        if mechanism == "arrangement" and plan.formerly_affiliated is not None:
            planted = plan.arrangements[0].counterparty
            if planted not in plan.formerly_affiliated:
                plan.formerly_affiliated.append(planted)
        return plan.deal()

    return deal()
