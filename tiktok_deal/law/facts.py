"""What the rules need to know about a deal under one interpretation, on one date, computed once.

Unknown facts are never guessed: the deal is resolved twice, in the *best* world (no party of
unknown jurisdiction is a foreign-adversary person; stakes known as ranges at their bottom; a
pending licence granted; a seat without nationality American) and the *worst* (the opposite).
Every rule is monotone in those choices, so the two worlds bound every other resolution.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from fractions import Fraction
from functools import cached_property
from typing import Any, TypeVar

from ..model import ControlRight, Deal, Officer, Seat, Stake, words
from ..model.stakes import VECTORISED
from ..ownership import Basis, Figure, Graph, Method, Traced, trace
from ..shares import format_percent
from .base import Contribution
from .breakdown import ROUTES, by_person, routes
from .flags import Flag
from .indexes import ByEntity, StakeIndex
from .interpretation import Interpretation
from .parameters import ADVERSARY_COUNTRIES, CHINA, CHINA_SARS, FA_THRESHOLD
from .world import MECHANISMS, World

__all__ = ["ExactWorld", "Facts"]


class ExactWorld(World):
    """One deal with every unknown resolved one way, decided exactly."""

    def __init__(
        self, facts: Facts, *, optimistic: bool, shared: dict[str, Any] | None = None
    ) -> None:
        worst = () if optimistic else facts.unknown
        super().__init__(
            facts,
            facts.known_adversaries | frozenset(worst),
            facts.china_linked | frozenset(worst),
            optimistic=optimistic,
            shared=shared,
        )
        self.upper = not optimistic and bool(facts.ranged)
        #: Entities whose reaching the line the exact work budget could not settle.
        self.undecided: set[str] = set()

    # -- primitives ------------------------------------------------------------------------------
    def reaching(self, *, china: bool = False) -> dict[str, Flag]:
        return self._once(f"reaching {china}", lambda: self._reaching(china))

    def _reaching(self, china: bool) -> dict[str, Flag]:
        """Every entity whose stake reaches the line on some basis, decided exactly; one the
        exact work budget cannot settle counts as reaching it in the worst world only."""
        found: set[str] = set()
        undecided: set[str] = set()
        for basis in self.facts.bases:
            reached = self.traced(basis, china=china).reaching(self.facts.threshold)
            found |= reached
            undecided |= reached.undecided
        self.undecided |= undecided - found
        unsettled = () if self.optimistic else undecided - found
        return dict.fromkeys([*sorted(found), *sorted(unsettled)], True)

    @property
    def settled(self) -> bool:
        """Whether every comparison of a stake with the line was decided exactly."""
        self.reaching()
        self.reaching(china=True)
        return not self.undecided

    def votes_held(self, entity: str, by: Mapping[str, Flag]) -> Fraction:
        if self.facts.index is not None:
            return self.facts.index.votes_held(entity, by, self.upper)
        return sum(
            (
                s.share("voting", upper=self.upper)
                for s in self.facts.holdings.get(entity, ())
                if by.get(s.holder, False)
            ),
            Fraction(0),
        )

    def at_least(self, value: object, line: Fraction) -> bool:
        return bool(value >= line)  # type: ignore[operator]

    def more_than(self, value: object, line: Fraction) -> bool:
        return bool(value > line)  # type: ignore[operator]

    # -- §2(g)(1)(B): stakes ----------------------------------------------------------------------
    def traced(self, basis: Basis, *, china: bool = False) -> Traced:
        """The look-through to the (A)-persons (to those linked to China, with ``china``) on one
        basis, under the ``lookthrough`` reading; ranges at their top in the worst world."""
        persons = self.china_persons if china else self.persons
        key = f"traced {basis} {china and persons != self.persons}"
        method: Method = self.facts.interpretation.lookthrough  # type: ignore[assignment]
        return self._once(
            key,
            lambda: trace(self.facts.graph, persons, method=method, basis=basis, upper=self.upper),
        )

    def figure(self, entity: str, *, basis: Basis | None = None) -> Figure:
        """The foreign-adversary stake in ``entity`` with its bounds (exact where the work budget
        allows); under ``stake=max`` the larger of the two bases unless ``basis`` is given."""
        return self.traced(basis or self.basis_for(entity)).figure(entity)

    def basis_for(self, entity: str) -> Basis:
        """The basis that gives ``entity``'s stake (under ``stake=max``, the larger)."""
        bases = self.facts.bases
        if len(bases) == 1:
            return bases[0]
        figures = {b: self.traced(b).figure(entity) for b in bases}
        return max(bases, key=lambda b: figures[b].high)

    def fa_stake(self, entity: str, *, basis: Basis | None = None) -> Fraction:
        """The foreign-adversary stake in ``entity`` (§2(g)(1)(B)) as a fraction: exact, or the
        numeric figure's own binary value beyond the exact budget (see ``figure``)."""
        value = self.figure(entity, basis=basis).value
        return value if isinstance(value, Fraction) else Fraction(value)

    def contributions(self, entity: str) -> list[tuple[str, Fraction]]:
        """Each (A)-person's own share of the stake in ``entity``, largest first, adding up to
        it."""
        shares = by_person(self.traced(self.basis_for(entity)), entity, self.persons)
        return sorted(((p, s) for p, s in shares.items() if s), key=lambda item: -item[1])

    def routes(self, entity: str, limit: int = ROUTES) -> list[Contribution]:
        """The routes that carry the stake in ``entity``, largest first (``breakdown.routes``)."""
        return routes(self.traced(self.basis_for(entity)), entity, self.persons, limit)

    # -- why -----------------------------------------------------------------------------------
    @property
    def reasons(self) -> dict[str, str]:
        """Why each controlled party is controlled by a foreign adversary, in a phrase."""
        return self._once("reasons", self._reasons)

    def _reasons(self) -> dict[str, str]:
        """A party directed by others is explained by those controlled before it."""
        facts, reasons = self.facts, {}
        seeded = self.reaching()
        before: dict[str, Flag] = {}
        for party in self.controlled:
            if party in self.persons:
                reasons[party] = facts.why_adversary(party)
            elif party in seeded:
                stake = self.fa_stake(party)
                reasons[party] = (
                    f"its foreign-adversary stake is {format_percent(stake)}, at least "
                    f"{format_percent(facts.threshold)}"
                )
            else:
                reasons[party] = "directed by " + (self.describe_direction(party, before) or "?")
            before[party] = True
        return reasons

    def describe_direction(self, entity: str, by: Mapping[str, Flag]) -> str | None:
        """How the parties in ``by`` direct ``entity``, in words, or None when they do not."""
        facts, deal = self.facts, self.deal
        found = self.direction(entity, by)
        parts = []
        for mechanism in MECHANISMS:
            if not found[mechanism]:
                continue
            if mechanism == "board":
                seats = facts.seats.get(entity, [])
                mine = [s.appointed_by for s in seats if by.get(s.appointed_by, False)]
                parts.append(
                    f"{facts.names(mine)}, appointing {len(mine)} of {len(seats)} board seats"
                )
            elif mechanism == "right":
                parts += [
                    f"{deal.label(r.holder)}, holding a {words(r.kind)} right"
                    for r in facts.rights.get(entity, ())
                    if by.get(r.holder, False)
                ]
            elif mechanism == "officer":
                parts += [
                    f"{deal.label(o.appointed_by)}, appointing its {_OFFICES[o.role]}"
                    for o in facts.officers.get(entity, ())
                    if o.role in _OFFICES and by.get(o.appointed_by, False)
                ]
            else:
                holders = [
                    s.holder for s in facts.holdings.get(entity, ()) if by.get(s.holder, False)
                ]
                votes = self.votes_held(entity, by)
                parts.append(
                    f"{facts.names(holders)}, holding {format_percent(votes)} of the votes"
                )
        return "; ".join(parts) or None


_OFFICES = {"ceo": "CEO", "security_officer": "security officer"}


class Facts:
    """A deal read under one interpretation on one date: the law's parameters in force, the
    (A)-persons, the indexes the rules use, and the best and worst worlds."""

    def __init__(
        self, deal: Deal, interpretation: Interpretation, *, as_of: date | None = None
    ) -> None:
        self.deal = deal
        self.interpretation = interpretation
        self.as_of: date = as_of or deal.as_of or date.today()
        self.threshold: Fraction = FA_THRESHOLD.at(self.as_of)
        sars = CHINA_SARS if interpretation.hong_kong == "included" else frozenset()
        self.adversary_countries: frozenset[str] = ADVERSARY_COUNTRIES.at(self.as_of) | sars
        self.china: frozenset[str] = frozenset({CHINA}) | sars

    @cached_property
    def known_adversaries(self) -> frozenset[str]:
        """Parties linked to a foreign adversary country: (A)-persons, §2(g)(1)(A)."""
        return self._linked(self.adversary_countries)

    @cached_property
    def china_linked(self) -> frozenset[str]:
        """Parties linked to China (Hong Kong and Macau too under ``hong_kong=included``)."""
        return self._linked(self.china)

    def _linked(self, countries: frozenset[str]) -> frozenset[str]:
        return frozenset(
            p.id
            for p in self.deal.parties.values()
            if p.organized_in in countries
            or p.headquartered_in in countries
            or p.principal_place_of_business in countries
            or p.domiciled_in in countries
        )

    @cached_property
    def unknown(self) -> frozenset[str]:
        """Parties with no jurisdiction given."""
        return frozenset(
            p.id
            for p in self.deal.parties.values()
            if p.organized_in is None
            and p.headquartered_in is None
            and p.principal_place_of_business is None
            and p.domiciled_in is None
        )

    @cached_property
    def bases(self) -> tuple[Basis, ...]:
        """The stake bases the ``stake`` switch asks for (one when no stake gives separate
        votes: both give the same figures)."""
        stake = self.interpretation.stake
        bases: tuple[Basis, ...] = ("equity", "voting") if stake == "max" else (stake,)  # type: ignore[assignment]
        if self.index is not None:
            voting = self.index.voting_given
        else:
            voting = any(s.voting is not None for s in self.deal.stakes)
        return bases if stake != "max" or voting else ("equity",)

    @cached_property
    def index(self) -> StakeIndex | None:
        """The stakes by entity, from the columns, for a large deal (None for a small one: it
        never imports numpy, and its ``Stake`` objects are few)."""
        return StakeIndex(self.deal) if len(self.deal.stakes) >= VECTORISED else None

    @cached_property
    def holdings(self) -> Mapping[str, list[Stake]]:
        """The stakes held in each entity."""
        if self.index is not None:
            index = self.index
            return ByEntity(index.is_held, index.held_entities, index.stakes_in)
        return _index(self.deal.stakes, lambda s: s.of)

    @cached_property
    def seats(self) -> dict[str, list[Seat]]:
        """The board seats of each entity."""
        return _index(self.deal.board, lambda s: s.of or self.deal.target)

    @cached_property
    def officers(self) -> dict[str, list[Officer]]:
        """The officers of each entity."""
        return _index(self.deal.officers, lambda o: o.of or self.deal.target)

    @cached_property
    def rights(self) -> dict[str, list[ControlRight]]:
        """The control rights held over each entity."""
        return _index(self.deal.control_rights, lambda r: r.of or self.deal.target)

    @cached_property
    def influence(self) -> Mapping[str, set[str]]:
        """For each party, the entities it holds a stake in, appoints a seat or an officer of,
        or has a right over: where direction by it can reach (§2(g)(1)(C))."""
        controls = self._controls
        if self.index is not None:
            index = self.index
            return ByEntity(
                lambda party: index.holds(party) or party in controls,
                lambda: {*index.holding_parties(), *controls},
                lambda party: set(index.held_by(party)) | controls.get(party, set()),
            )
        reach = defaultdict(set, {party: set(found) for party, found in controls.items()})
        for entity, stakes in self.holdings.items():
            for stake in stakes:
                reach[stake.holder].add(entity)
        return reach

    @cached_property
    def _controls(self) -> dict[str, set[str]]:
        """For each party, the entities it appoints a seat or an officer of, or has a right
        over."""
        reach: dict[str, set[str]] = defaultdict(set)
        for index, key in ((self.seats, "appointed_by"), (self.officers, "appointed_by"),
                           (self.rights, "holder")):  # fmt: skip
            for entity, items in index.items():
                for item in items:
                    reach[getattr(item, key)].add(entity)
        return reach

    @cached_property
    def directors(self) -> Mapping[str, tuple[str, ...]]:
        """For each entity, the parties whose control decides whether it is directed: who
        appoints its seats and officers, holds rights over it or holds its votes."""
        found: dict[str, set[str]] = defaultdict(set)
        if self.index is not None:
            for party, entities in self._controls.items():
                for entity in entities:
                    found[entity].add(party)
            index = self.index
            return ByEntity(
                lambda entity: index.is_held(entity) or entity in found,
                lambda: {*index.held_entities(), *found},
                lambda entity: tuple(sorted({*index.holders_of(entity), *found.get(entity, ())})),
            )
        for party, entities in self.influence.items():
            for entity in entities:
                found[entity].add(party)
        return {entity: tuple(sorted(parties)) for entity, parties in found.items()}

    @cached_property
    def graph(self) -> Graph:
        """The ownership graph, built once for every world and reading of this deal."""
        if self.index is not None:
            return self.index.graph
        return Graph.from_stakes(self.deal.stakes)

    @cached_property
    def ranged(self) -> tuple[int, ...]:
        """Indices of the stakes known only as ranges."""
        if self.index is not None:
            return self.index.ranged()
        return tuple(i for i, stake in enumerate(self.deal.stakes) if stake.is_range)

    @cached_property
    def best(self) -> ExactWorld:
        return ExactWorld(self, optimistic=True)

    @cached_property
    def worst(self) -> ExactWorld:
        """The worst world; it shares the best world's stakes and closures when no jurisdiction
        or stake is unknown (only ``optimistic`` differs)."""
        same = not self.unknown and not self.ranged and self.best.settled
        return ExactWorld(self, optimistic=False, shared=self.best.shared if same else None)

    @property
    def worst_case(self) -> str:
        """The unknowns, as a condition: ``"if X (jurisdiction unknown) were a foreign-adversary
        person and the 2 stakes given as ranges were at their top"``."""
        parts = []
        if self.unknown:
            many = len(self.unknown) > 1
            parts.append(
                f"{self.names(sorted(self.unknown))} (jurisdiction unknown) "
                f"{'were foreign-adversary persons' if many else 'were a foreign-adversary person'}"
            )
        if self.ranged:
            count = len(self.ranged)
            parts.append(
                f"the {count} stake{'s' if count > 1 else ''} given as a range "
                f"{'were' if count > 1 else 'was'} at the top"
            )
        return "if " + " and ".join(parts) if parts else ""

    def why_adversary(self, party: str) -> str:
        link = self.deal.parties[party].links_to(sorted(self.adversary_countries))
        return link or "of unknown jurisdiction (taken as a foreign-adversary person)"

    def formerly_affiliated(self, party: str) -> bool:
        """§2(g)(6)(B): listed in ``formerly_affiliated``, or any party when the deal gives no
        such list (the conservative reading)."""
        listed = self.deal.formerly_affiliated
        return listed is None or party in listed

    def describe(self, party: str) -> str:
        """``"ByteDance Ltd. (headquartered in CN)"``: the name and any adversary link."""
        name = self.deal.label(party)
        link = self.deal.parties[party].links_to(sorted(self.adversary_countries))
        if link:
            return f"{name} ({link})"
        if party in self.unknown:
            return f"{name} (jurisdiction unknown)"
        return name

    def names(self, parties: Iterable[str]) -> str:
        """Display names joined in prose: ``"A, B and C"``."""
        labels = list(dict.fromkeys(self.deal.label(p) for p in parties))
        if not labels:
            return "no party"
        return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


T = TypeVar("T")


def _index(items: Iterable[T], key: Callable[[T], str]) -> dict[str, list[T]]:
    index: dict[str, list[T]] = defaultdict(list)
    for item in items:
        index[key(item)].append(item)
    return index
