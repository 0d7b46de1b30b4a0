"""A scenario space: a base deal, the levers that vary it, and the exact deal of any scenario.

A scenario is the base deal with every lever set to one value, built with ``attrs.evolve`` so the
model's validators run on it (design principle 1). Stake levers rescale the other stakes of their
entity as ``levers`` documents; ``Space`` refuses, up front, any range that could leave a total
above 100 %.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from .. import edits
from ..countries import is_country
from ..edits import UNKNOWN, UNNAMED
from ..law import Interpretation
from ..model import Deal, Stake
from ..shares import format_percent
from .levers import (
    ABSENT,
    ArrangementLever,
    DirichletStakes,
    JurisdictionLever,
    Lever,
    LicenceLever,
    OfficerLever,
    OperationLever,
    SeatLever,
    SpaceError,
    StakeLever,
    SwitchLever,
)

__all__ = ["BASIS", "Group", "Member", "Space"]

ONE = Fraction(1)
ZERO = Fraction(0)
BASIS: tuple[str, str] = ("equity", "voting")


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
    """The stake levers on one entity and how the entity's other stakes give way."""

    entity: str
    balance: str | None
    members: tuple[Member, ...]


def base_share(stake: Stake | None, basis: str) -> Fraction:
    if stake is None:
        return ZERO
    return stake.equity if basis == "equity" else stake.votes


class Space:
    """A base deal and the levers that vary it (a scenario is the deal after ``attrs.evolve``).

    ``interpretation`` is the reading used where no ``SwitchLever`` varies a switch.
    """

    def __init__(
        self,
        deal: Deal,
        levers: Iterable[Lever],
        *,
        interpretation: Interpretation | Mapping[str, str] | str | None = None,
    ) -> None:
        if not isinstance(deal, Deal):
            raise TypeError(f"Space() takes a Deal, got {type(deal).__name__}")
        self.deal = deal
        self.interpretation = Interpretation.coerce(interpretation)
        self.levers: tuple[Lever, ...] = tuple(self._resolve(lever) for lever in levers)
        self.columns: tuple[str, ...] = tuple(c for lv in self.levers for c in lv.columns)
        dupes = {c for c in self.columns if self.columns.count(c) > 1}
        if dupes:
            raise SpaceError(f"two levers vary the same fact: {', '.join(sorted(dupes))}")
        self.categorical = tuple(lv for lv in self.levers if not lv.numeric)
        self.numeric = tuple(lv for lv in self.levers if lv.numeric)
        self.stake_columns: tuple[str, ...] = tuple(c for lv in self.numeric for c in lv.columns)
        self.groups: tuple[Group, ...] = self._groups()
        self._check_seats()
        self._check_ranges()

    def __reduce__(self) -> tuple[Any, ...]:
        # A Deal's parties are a read-only mapping, which pickle cannot take: pass its fields.
        fields = {f.alias: getattr(self.deal, f.name) for f in attrs.fields(Deal) if f.init}
        fields["parties"] = dict(self.deal.parties)
        return (_rebuild, (fields, self.levers, self.interpretation.to_dict()))

    def __repr__(self) -> str:
        return f"Space({self.deal.name!r}, columns={list(self.columns)})"

    # -- validation ------------------------------------------------------------------------------
    def _known(self, party: str | None, what: str) -> None:
        if party is not None and party not in self.deal.parties:
            known = ", ".join(sorted(self.deal.parties))
            raise SpaceError(f"{what}: unknown party {party!r} (parties defined: {known})")

    def _resolve(self, lever: Lever) -> Lever:
        if not isinstance(lever, Lever):
            raise TypeError(f"expected a lever, got {type(lever).__name__}")
        what = f"lever {lever.name}"
        if isinstance(lever, StakeLever | DirichletStakes):
            self._known(lever.of, what)
            holders = (lever.holder,) if isinstance(lever, StakeLever) else lever.holders
            for holder in holders:
                self._known(holder, what)
                if holder == (lever.of or self.deal.target):
                    raise SpaceError(f"{what}: a party cannot hold a stake in itself")
            if lever.balance not in (None, UNNAMED):
                self._known(lever.balance, what)
            if isinstance(lever, DirichletStakes) and lever.total is None:
                entity = lever.of or self.deal.target
                held = {s.holder: s for s in self.deal.holdings_in(entity)}
                basis = "voting" if lever.basis == "voting" else "equity"
                total = sum((base_share(held.get(h), basis) for h in lever.holders), ZERO)
                lever = attrs.evolve(lever, total=total)
        elif isinstance(lever, SeatLever):
            self._known(lever.party, what)
            self._known(lever.of, what)
            self._known(lever.balance, what)
        elif isinstance(lever, ArrangementLever | JurisdictionLever):
            self._known(getattr(lever, "counterparty", None) or getattr(lever, "party", None), what)
            for country in getattr(lever, "countries", ()):
                if country != UNKNOWN and not is_country(country):
                    raise SpaceError(
                        f"{what}: unknown ISO 3166-1 alpha-2 country code {country!r} "
                        f"(or {UNKNOWN!r})"
                    )
        elif isinstance(lever, OperationLever):
            for operator in lever.operators:
                if operator != ABSENT:
                    self._known(operator, what)
        elif isinstance(lever, OfficerLever):
            self._known(lever.of, what)
            for appointer in lever.appointers:
                if appointer != ABSENT:
                    self._known(appointer, what)
        elif not isinstance(lever, LicenceLever | SwitchLever):
            raise TypeError(f"unsupported lever {type(lever).__name__}")
        return lever

    def _groups(self) -> tuple[Group, ...]:
        members: dict[str, list[Member]] = defaultdict(list)
        balances: dict[str, set[str | None]] = defaultdict(set)
        column = 0
        for lever in self.numeric:
            assert isinstance(lever, StakeLever | DirichletStakes)
            entity = lever.of or self.deal.target
            holders = (lever.holder,) if isinstance(lever, StakeLever) else lever.holders
            for holder in holders:
                flags = (lever.basis in ("both", "equity"), lever.basis in ("both", "voting"))
                for other in members[entity]:
                    if other.holder == holder and (
                        (other.equity and flags[0]) or (other.voting and flags[1])
                    ):
                        raise SpaceError(f"two levers set {holder!r}'s stake in {entity!r}")
                members[entity].append(Member(column, holder, *flags))
                column += 1
            balances[entity].add(lever.balance)
        groups = []
        for entity, items in members.items():
            if len(balances[entity]) > 1:
                raise SpaceError(f"the stake levers on {entity!r} must share one balance rule")
            (balance,) = balances[entity]
            if balance in {m.holder for m in items}:
                raise SpaceError(f"the balancing holder {balance!r} cannot itself be levered")
            groups.append(Group(entity, balance, tuple(items)))
        return tuple(groups)

    def _bounds(self) -> list[tuple[Fraction, Fraction]]:
        bounds: list[tuple[Fraction, Fraction]] = []
        for lever in self.numeric:
            if isinstance(lever, StakeLever):
                bounds.append(lever.bounds)
            else:
                assert isinstance(lever, DirichletStakes)
                assert lever.total is not None
                bounds.extend([(ZERO, lever.total)] * len(lever.holders))
        return bounds

    def _check_ranges(self) -> None:
        bounds = self._bounds()
        dirichlet_totals = {}
        column = 0
        for lever in self.numeric:
            width = len(lever.columns)
            if isinstance(lever, DirichletStakes):
                dirichlet_totals[column] = (width, lever.total)
            column += width
        for group in self.groups:
            held = {s.holder: s for s in self.deal.holdings_in(group.entity)}
            for basis in BASIS:
                levered = [m for m in group.members if m.sets(basis)]
                if not levered:
                    continue
                old = sum((base_share(held.get(m.holder), basis) for m in levered), ZERO)
                high = sum((bounds[m.column][1] for m in levered), ZERO)
                for start, (width, total) in dirichlet_totals.items():
                    cols = {m.column for m in levered} & set(range(start, start + width))
                    if cols:  # a Dirichlet group adds up to its total, not to the sum of its maxima
                        high -= sum((bounds[c][1] for c in cols), ZERO) - (total or ZERO)
                total = sum((base_share(s, basis) for s in held.values()), ZERO)
                self._check_group(group, basis, old, high, total, held)

    def _check_group(
        self,
        group: Group,
        basis: str,
        old: Fraction,
        high: Fraction,
        total: Fraction,
        held: Mapping[str, Stake],
    ) -> None:
        where = f"the {basis} stake levers on {group.entity!r}"
        if group.balance is None and high > ONE:
            raise SpaceError(f"{where} can add up to {format_percent(high)}, more than 100 %")
        if group.balance == UNNAMED and high + total - old > ONE:
            raise SpaceError(
                f"{where} can take its total to {format_percent(high + total - old)}, more "
                f"than 100 %, with nobody else giving way"
            )
        if group.balance not in (None, UNNAMED):
            room = base_share(held.get(group.balance), basis)
            if high - old > room:
                raise SpaceError(
                    f"{where} can rise by {format_percent(high - old)}, more than the "
                    f"{format_percent(room)} that the balancing holder {group.balance!r} holds"
                )

    def _check_seats(self) -> None:
        levered = {
            (lv.party, lv.of or self.deal.target) for lv in self.levers if isinstance(lv, SeatLever)
        }
        for lever in self.levers:
            if not isinstance(lever, SeatLever) or lever.balance is None:
                continue
            entity = lever.of or self.deal.target
            if (lever.balance, entity) in levered:
                raise SpaceError(
                    f"the balancing appointer {lever.balance!r} cannot itself be levered"
                )
            seats = self.deal.seats_of(entity)
            mine = sum(s.appointed_by == lever.party for s in seats)
            room = sum(s.appointed_by == lever.balance for s in seats)
            if max(lever.counts) - mine > room:
                raise SpaceError(
                    f"lever {lever.columns[0]}: {lever.balance!r} appoints only {room} seat(s), "
                    f"so {lever.party!r} cannot reach {max(lever.counts)}"
                )

    # -- the exact scenario ------------------------------------------------------------------------
    def stake_values(self, assignment: Sequence[Any]) -> list[Fraction]:
        """The exact stake of every numeric column for an assignment (one value per lever)."""
        values: list[Fraction] = []
        for lever, value in zip(self.levers, assignment, strict=True):
            if isinstance(lever, StakeLever):
                values.append(value if isinstance(value, Fraction) else Fraction(value))
            elif isinstance(lever, DirichletStakes):
                assert lever.total is not None
                first = [Fraction(v) for v in value[:-1]]
                values.extend([*first, lever.total - sum(first, ZERO)])
        return values

    def apply(
        self, assignment: Sequence[Any], *, stakes: bool = True
    ) -> tuple[Deal, Interpretation]:
        """The exact deal and interpretation of one scenario: ``assignment`` holds one value per
        lever (a stake as a Fraction or float, a Dirichlet draw as a tuple of floats, a seat count,
        a state, a country, a switch value). With ``stakes=False`` stake levers keep base values."""
        deal, interpretation = self.deal, self.interpretation
        for lever, value in zip(self.levers, assignment, strict=True):
            deal, interpretation = lever.apply(deal, interpretation, value)
        if stakes:
            values = self.stake_values(assignment)
            for group in self.groups:
                new = {
                    m.holder: tuple(values[m.column] if m.sets(b) else None for b in BASIS)
                    for m in group.members
                }
                deal = edits.set_stakes(deal, group.entity, new, balance=group.balance)  # type: ignore[arg-type]
        return deal, interpretation


def _rebuild(
    fields: dict[str, Any], levers: tuple[Lever, ...], interpretation: dict[str, str]
) -> Space:
    return Space(Deal(**fields), levers, interpretation=interpretation)
