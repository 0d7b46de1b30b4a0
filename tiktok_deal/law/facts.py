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
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import Any, TypeVar

from ..model import ControlRight, Deal, Officer, Seat, Stake, words
from ..ownership import LARGE, Basis, Method, traced_stakes, traced_stakes_large
from ..shares import format_percent
from .flags import Flag
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

    # -- primitives ------------------------------------------------------------------------------
    def reaching(self, *, china: bool = False) -> dict[str, Flag]:
        return self._once(f"reaching {china}", lambda: self._reaching(china))

    def _reaching(self, china: bool) -> dict[str, Flag]:
        traced = self._traced(self.china_persons if china else self.persons)
        line, rough = self.facts.threshold, float(self.facts.threshold)
        found: dict[str, Flag] = {}
        for values in traced.values():
            for entity, value in values.items():
                # A float is never within rounding of the line: those are decided exactly.
                if value >= (rough if isinstance(value, float) else line):
                    found[entity] = True
        return found

    def votes_held(self, entity: str, by: Mapping[str, Flag]) -> Fraction:
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
    def _trace(
        self, basis: Basis, persons: frozenset[str], only: str | None = None
    ) -> Mapping[str, Fraction | float]:
        """Stakes traced to ``persons`` (or to ``only`` one of them, the others still stopping
        the tracing). Large deals go the numeric way, exact wherever a figure is near the line."""
        facts = self.facts
        method: Method = facts.interpretation.lookthrough  # type: ignore[assignment]
        if only is None and facts.large:
            return traced_stakes_large(
                self.deal.stakes, persons, method=method, basis=basis, threshold=facts.threshold
            )
        return traced_stakes(
            self.deal.stakes,
            persons if only is None else {only},
            method=method,
            basis=basis,
            stop_at=persons,
            upper=self.upper,
        )

    def _traced(self, persons: frozenset[str]) -> dict[Basis, Mapping[str, Fraction | float]]:
        key = "traced china" if persons != self.persons else "traced"
        return self._once(key, lambda: {b: self._trace(b, persons) for b in self.facts.bases})

    def basis_for(self, entity: str) -> Basis:
        """The basis that gives ``entity``'s stake (under ``stake=max``, the larger)."""
        traced = self._traced(self.persons)
        return max(traced, key=lambda b: traced[b].get(entity, 0))

    def fa_stake(self, entity: str, *, basis: Basis | None = None) -> Fraction:
        """The foreign-adversary stake in ``entity`` (§2(g)(1)(B)); under ``stake=max`` the
        larger of the equity and voting figures unless ``basis`` is given."""
        traced = self._traced(self.persons)
        if basis is None:
            return _exact(max(values.get(entity, 0) for values in traced.values()))
        if basis not in traced:
            return _exact(self._trace(basis, self.persons).get(entity, 0))
        return _exact(traced[basis].get(entity, 0))

    def contributions(self, entity: str) -> list[tuple[str, Fraction]]:
        """Each (A)-person's own share of the stake in ``entity``, largest first (for large
        deals, only the persons holding ``entity`` directly)."""
        basis = self.basis_for(entity)
        if self.facts.large:
            held = [
                (s.holder, s.share(basis))
                for s in self.facts.holdings.get(entity, ())
                if s.holder in self.persons
            ]
            return sorted(held, key=lambda item: -item[1])
        shares = []
        for person in sorted(self.persons):
            share = _exact(self._trace(basis, self.persons, only=person).get(entity, 0))
            if share:
                shares.append((person, share))
        return sorted(shares, key=lambda item: -item[1])

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
        if stake == "max" and all(s.voting is None for s in self.deal.stakes):
            return ("equity",)
        return bases

    @cached_property
    def holdings(self) -> dict[str, list[Stake]]:
        """The stakes held in each entity."""
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
    def influence(self) -> dict[str, set[str]]:
        """For each party, the entities it holds a stake in, appoints a seat or an officer of,
        or has a right over: where direction by it can reach (§2(g)(1)(C))."""
        reach: dict[str, set[str]] = defaultdict(set)
        for entity, stakes in self.holdings.items():
            for stake in stakes:
                reach[stake.holder].add(entity)
        for index, key in ((self.seats, "appointed_by"), (self.officers, "appointed_by"),
                           (self.rights, "holder")):  # fmt: skip
            for entity, items in index.items():
                for item in items:
                    reach[getattr(item, key)].add(entity)
        return reach

    @cached_property
    def directors(self) -> dict[str, tuple[str, ...]]:
        """For each entity, the parties whose control decides whether it is directed: who
        appoints its seats and officers, holds rights over it or holds its votes."""
        found: dict[str, set[str]] = defaultdict(set)
        for party, entities in self.influence.items():
            for entity in entities:
                found[entity].add(party)
        return {entity: tuple(sorted(parties)) for entity, parties in found.items()}

    @cached_property
    def large(self) -> bool:
        """Too many stakes for exact elimination everywhere (``ownership.LARGE``), no ranges."""
        return len(self.deal.stakes) > LARGE and not self.ranged

    @cached_property
    def ranged(self) -> tuple[int, ...]:
        """Indices of the stakes known only as ranges."""
        return tuple(i for i, stake in enumerate(self.deal.stakes) if stake.is_range)

    @cached_property
    def best(self) -> ExactWorld:
        return ExactWorld(self, optimistic=True)

    @cached_property
    def worst(self) -> ExactWorld:
        """The worst world; it shares the best world's stakes and closures when no jurisdiction
        or stake is unknown (only ``optimistic`` differs)."""
        same = not self.unknown and not self.ranged
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


def _exact(value: Fraction | float) -> Fraction:
    """A figure as a fraction; a float from the numeric path by its 15-digit decimal text."""
    return value if isinstance(value, Fraction) else Fraction(Decimal(f"{value:.15g}"))
