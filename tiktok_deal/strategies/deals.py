"""Whole deals, optionally with a verdict that holds under every interpretation by construction."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..law.parameters import CORE_FUNCTIONS, DIRECTING_OFFICERS
from ..model import (
    ARRANGEMENT_KINDS,
    Arrangement,
    ControlRight,
    Deal,
    Officer,
    Operation,
    Seat,
    Stake,
)
from .facts import _arrangement, _officer, _operation, _party, _right, _Room, _seats
from .values import (
    BOOLEANS,
    DATES,
    FIFTH,
    HALF,
    LICENCES,
    MAYBE_TEXT,
    NAMES,
    NEAR_AT_OR_ABOVE,
    NEAR_BELOW,
    NEAR_THRESHOLD,
    ONE,
    TEXT,
    USERS,
    Jurisdiction,
    Verdict,
    _check_choice,
    _fraction,
)

__all__ = ["deals"]

_ROBUST_KINDS = tuple(kind for kind in ARRANGEMENT_KINDS if kind != "algorithm_license")


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
        self.officers: list[Officer] = []
        self.rights: list[ControlRight] = []
        self.arrangements: list[Arrangement] = []
        self.operations: list[Operation] = []
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
            name=draw(NAMES),
            target=self.target,
            parties=[_party(draw, party, self.roles[party]) for party in self.ids],
            stakes=list(self.room.stakes.values()),
            board=self.board,
            officers=self.officers,
            control_rights=self.rights,
            arrangements=self.arrangements,
            operations=self.operations,
            export_licence=draw(LICENCES),
            formerly_affiliated=self.formerly_affiliated,
            as_of=draw(DATES),
            us_users=draw(USERS),
            sources=draw(st.lists(TEXT, max_size=2)),
            description=draw(MAYBE_TEXT),
            notes=draw(st.lists(TEXT, max_size=1)),
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
    if len(ids) > 1 and draw(BOOLEANS):
        plan.board += _seats(draw, ids, draw(st.sampled_from(tuple(ids[1:]))), 0, 3)
    for _ in range(draw(st.integers(0, 2))):
        plan.rights.append(_right(draw, ids, draw(st.none() | st.sampled_from(tuple(ids)))))
    counterparties = ids[1:] or ids
    plan.arrangements += [
        _arrangement(draw, counterparties) for _ in range(draw(st.integers(0, 3)))
    ]
    plan.officers += [_officer(draw, ids, None) for _ in range(draw(st.integers(0, 2)))]
    plan.operations += [_operation(draw, ids) for _ in range(draw(st.integers(0, 2)))]
    if draw(BOOLEANS):
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
        if party != shield and draw(BOOLEANS):
            caps[party] = _fraction(draw, FIFTH - Fraction(1, 1000))
    used = dict.fromkeys(ids, Fraction(0))
    if near and dirty:
        caps[target] = draw(st.sampled_from(NEAR_BELOW))
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
    if draw(BOOLEANS):
        plan.rights.append(_right(draw, clean, None))
    if draw(BOOLEANS) and dirty:
        plan.rights.append(_right(draw, ids, draw(st.sampled_from(tuple(dirty)))))
    if draw(BOOLEANS):
        plan.formerly_affiliated = plan.some(ids, max_size=len(ids))
    listed = plan.formerly_affiliated
    safe = [p for p in clean if p != target]
    safe += [p for p in dirty if listed is not None and p not in listed]
    if safe:
        plan.arrangements += [_arrangement(draw, safe) for _ in range(draw(st.integers(0, 3)))]
    # Officers: the CEO and security officer of a clean entity are appointed by clean parties
    # (§2(g)(1)(C)); operations are run by clean parties only (a dirty party owned by a covered
    # one would operate the application for it, §2(g)(3)(A)(iv)).
    appointers = [p for p in clean if p != shield]
    if appointers:
        plan.officers += [_officer(draw, appointers, None) for _ in range(draw(st.integers(0, 2)))]
        plan.operations += [_operation(draw, appointers) for _ in range(draw(st.integers(0, 2)))]
    if dirty:
        plan.officers += [
            Officer(role="other", appointed_by=draw(st.sampled_from(tuple(dirty))))
            for _ in range(draw(st.integers(0, 1)))
        ]


def _plant_violation(plan: _Plan, near: bool) -> str:
    """One violation of PAFACA that holds under every interpretation, whatever else is drawn;
    returns how."""
    draw, target = plan.draw, plan.target
    adversaries = [p for p in plan.of_role("adversary") if p != target]
    ways = ("ownership", "board", "control_right", "votes", "arrangement", "person", "officer",
            "operation")  # fmt: skip
    mechanism = draw(st.sampled_from(ways if adversaries else ("person",)))
    if mechanism == "person":
        plan.roles[target] = "adversary"
    elif mechanism == "ownership":
        total = draw(st.sampled_from(NEAR_AT_OR_ABOVE)) if near else _fraction(draw, ONE, FIFTH)
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
    elif mechanism == "officer":
        role = draw(st.sampled_from(DIRECTING_OFFICERS))
        plan.officers.append(Officer(role=role, appointed_by=draw(st.sampled_from(adversaries))))
    elif mechanism == "operation":  # a core function: it counts under every reading
        plan.operations.append(_operation(draw, adversaries, CORE_FUNCTIONS))
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
        if near or (flavour == "violation" and count > 1 and draw(BOOLEANS)):
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
        if mechanism in ("arrangement", "operation") and plan.formerly_affiliated is not None:
            planted = (
                plan.arrangements[0].counterparty
                if mechanism == "arrangement"
                else plan.operations[0].operator
            )
            if planted not in plan.formerly_affiliated:
                plan.formerly_affiliated.append(planted)
        return plan.deal()

    return deal()
