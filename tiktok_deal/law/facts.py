"""What the rules need to know about a deal under one interpretation, computed once.

Unknown facts are never guessed: the deal is resolved twice, in the *best* world (no party of
unknown jurisdiction is a foreign-adversary person; stakes known as ranges at their bottom) and
the *worst* (all of them are; ranges at their top). Every rule is monotone in both choices, so
the two worlds bound every other resolution.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TypeVar

from ..model import ControlRight, Deal, Seat, Stake
from ..ownership import LARGE, Basis, Method, traced_stakes, traced_stakes_large
from ..shares import format_percent
from .interpretation import Interpretation
from .parameters import ADVERSARY_COUNTRIES, CHINA_SARS, FA_THRESHOLD

__all__ = ["Facts", "World"]

HALF = Fraction(1, 2)


class World:
    """The deal with every unknown jurisdiction resolved one way."""

    def __init__(self, facts: Facts, adversary_persons: Iterable[str], *, upper: bool) -> None:
        self.facts = facts
        self.deal = facts.deal
        self.adversary_persons = frozenset(adversary_persons)
        self.upper = upper

    # -- §2(g)(1)(B): stakes ----------------------------------------------------------------------
    def _stakes(self, basis: Basis, only: str | None = None) -> Mapping[str, Fraction | float]:
        """Stakes traced to every adversary person, or to ``only`` one of them (the others still
        stop the tracing). Large deals go the numeric way, exact wherever a figure is near the
        threshold (``traced_stakes_large``)."""
        method: Method = self.facts.interpretation.lookthrough  # type: ignore[assignment]
        if only is None and self.facts.large:
            return traced_stakes_large(
                self.deal.stakes,
                self.adversary_persons,
                method=method,
                basis=basis,
                threshold=self.facts.threshold,
            )
        sources = self.adversary_persons if only is None else frozenset({only})
        return traced_stakes(
            self.deal.stakes,
            sources,
            method=method,
            basis=basis,
            stop_at=self.adversary_persons,
            upper=self.upper,
        )

    @cached_property
    def _by_basis(self) -> dict[Basis, Mapping[str, Fraction | float]]:
        stake = self.facts.interpretation.stake
        bases: tuple[Basis, ...] = ("equity", "voting") if stake == "max" else (stake,)  # type: ignore[assignment]
        if self.facts.votes_as_equity:
            bases = bases[:1]  # no stake gives separate votes: both bases give the same figures
        return {basis: self._stakes(basis) for basis in bases}

    def _results(self, basis: Basis) -> Mapping[str, Fraction | float]:
        results = self._by_basis
        if basis in results:
            return results[basis]
        if self.facts.votes_as_equity:
            return next(iter(results.values()))
        return self._stakes(basis)

    def basis_for(self, entity: str) -> Basis:
        """The basis that gives ``entity``'s stake (under ``stake=max``, the larger)."""
        results = self._by_basis
        return max(results, key=lambda b: results[b].get(entity, 0))

    def raw_stake(self, entity: str) -> Fraction | float:
        """The stake in ``entity`` as computed: exact, or for large deals a float that is on the
        same side of the threshold as the exact figure."""
        results = self._by_basis
        return max(results[basis].get(entity, 0) for basis in results)

    def fa_stake(self, entity: str, *, basis: Basis | None = None) -> Fraction:
        """The foreign-adversary stake in ``entity`` (contract §3.2)."""
        if basis is None:
            return _exact(self.raw_stake(entity))
        return _exact(self._results(basis).get(entity, 0))

    def contributions(self, entity: str) -> list[tuple[str, Fraction]]:
        """Each foreign-adversary person's own share of the stake in ``entity``, largest first
        (for large deals, only the persons holding ``entity`` directly)."""
        basis = self.basis_for(entity)
        if self.facts.large:
            direct = self.facts.holdings.get(entity, ())
            held = [
                (s.holder, s.share(basis)) for s in direct if s.holder in self.adversary_persons
            ]
            return sorted(held, key=lambda item: -item[1])
        shares = []
        for person in sorted(self.adversary_persons):
            share = _exact(self._stakes(basis, only=person).get(entity, 0))
            if share:
                shares.append((person, share))
        return sorted(shares, key=lambda item: -item[1])

    # -- §2(g)(1)(C): who is controlled by a foreign adversary -----------------------------------
    @cached_property
    def controlled(self) -> dict[str, str]:
        """Every party controlled by a foreign adversary, with the reason (contract §3.3):
        (A)-persons, entities with a foreign-adversary stake ≥ the threshold, and entities
        directed by such a party, applied until nothing changes."""
        facts = self.facts
        reasons: dict[str, str] = {}
        for person in sorted(self.adversary_persons):
            reasons[person] = facts.why_adversary(person)
        # A float figure is never within rounding of the line (those are exact), so it may be
        # compared with the line in floats.
        line, rough_line = facts.threshold, float(facts.threshold)
        for entity in sorted(self.deal.parties):
            stake = self.raw_stake(entity)
            over = stake >= rough_line if isinstance(stake, float) else stake >= line
            if entity not in reasons and over:
                stake = _exact(stake)
                reasons[entity] = (
                    f"its foreign-adversary stake is {format_percent(stake)}, at least "
                    f"{format_percent(facts.threshold)}"
                )
        # Direction spreads from each newly controlled party to what it holds, appoints to or has
        # rights over, until nothing changes.
        work = sorted({e for p in reasons for e in facts.influence.get(p, ())} - set(reasons))
        while work:
            entity = work.pop()
            if entity in reasons:
                continue
            why = self.directed(entity, reasons)
            if why:
                reasons[entity] = "directed by " + why
                work.extend(e for e in facts.influence.get(entity, ()) if e not in reasons)
        return reasons

    def directed(self, entity: str, controlled: dict[str, str] | None = None) -> str | None:
        """How controlled parties direct ``entity`` (board majority, a control right or a vote
        majority held directly), or None."""
        controlled = self.controlled if controlled is None else controlled
        deal, facts, names = self.deal, self.facts, self.facts.names
        seats = facts.seats.get(entity, ())
        appointed = [s.appointed_by for s in seats if s.appointed_by in controlled]
        if 2 * len(appointed) > len(seats):
            return f"{names(appointed)}, appointing {len(appointed)} of {len(seats)} board seats"
        rights = [r for r in facts.rights.get(entity, ()) if r.holder in controlled]
        if rights:
            return "; ".join(
                f"{deal.label(r.holder)}, holding a {r.kind.replace('_', ' ')} right"
                for r in rights
            )
        holders = [s for s in facts.holdings.get(entity, ()) if s.holder in controlled]
        votes = sum((s.share("voting", upper=self.upper) for s in holders), Fraction(0))
        if votes > HALF:
            return (
                f"{names(s.holder for s in holders)}, holding {format_percent(votes)} of the votes"
            )
        return None

    def is_controlled(self, party: str) -> bool:
        return party in self.controlled

    def covered(self, party: str) -> bool:
        """§2(g)(6)(B): foreign-adversary controlled and formerly affiliated (contract §3.4)."""
        return self.is_controlled(party) and self.facts.formerly_affiliated(party)


class Facts:
    """A deal read under one interpretation: thresholds, adversary persons and the two worlds."""

    def __init__(self, deal: Deal, interpretation: Interpretation) -> None:
        self.deal = deal
        self.interpretation = interpretation
        self.threshold: Fraction = FA_THRESHOLD.at(deal.as_of)
        sars = CHINA_SARS if interpretation.hong_kong == "included" else frozenset()
        self.adversary_countries: frozenset[str] = ADVERSARY_COUNTRIES.at(deal.as_of) | sars
        self.china: frozenset[str] = frozenset({"CN"}) | sars

    @cached_property
    def known_adversaries(self) -> frozenset[str]:
        """Parties linked to a foreign adversary country: (A)-persons, §2(g)(1)(A)."""
        adversary = self.adversary_countries
        return frozenset(
            p.id
            for p in self.deal.parties.values()
            if p.organized_in in adversary
            or p.headquartered_in in adversary
            or p.principal_place_of_business in adversary
            or p.domiciled_in in adversary
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
    def holdings(self) -> dict[str, list[Stake]]:
        """The stakes held in each entity."""
        return _index(self.deal.stakes, lambda s: s.of)

    @cached_property
    def seats(self) -> dict[str, list[Seat]]:
        """The board seats of each entity."""
        return _index(self.deal.board, lambda s: s.of or self.deal.target)

    @cached_property
    def rights(self) -> dict[str, list[ControlRight]]:
        """The control rights held over each entity."""
        return _index(self.deal.control_rights, lambda r: r.of or self.deal.target)

    @cached_property
    def influence(self) -> dict[str, set[str]]:
        """For each party, the entities it holds a stake in, appoints a seat of or has a right
        over: where direction by it can reach (§2(g)(1)(C))."""
        reach: dict[str, set[str]] = defaultdict(set)
        for entity, stakes in self.holdings.items():
            for stake in stakes:
                reach[stake.holder].add(entity)
        for entity, seats in self.seats.items():
            for seat in seats:
                reach[seat.appointed_by].add(entity)
        for entity, rights in self.rights.items():
            for right in rights:
                reach[right.holder].add(entity)
        return reach

    @cached_property
    def votes_as_equity(self) -> bool:
        """No stake gives its votes apart from its equity."""
        return all(s.voting is None and s.voting_max is None for s in self.deal.stakes)

    @cached_property
    def large(self) -> bool:
        """Too many stakes for exact elimination everywhere (``ownership.LARGE``), and no ranges."""
        return len(self.deal.stakes) > LARGE and not self.ranged

    @cached_property
    def ranged(self) -> tuple[int, ...]:
        """Indices of the stakes known only as ranges."""
        return tuple(i for i, stake in enumerate(self.deal.stakes) if stake.is_range)

    @cached_property
    def best(self) -> World:
        return World(self, self.known_adversaries, upper=False)

    @cached_property
    def worst(self) -> World:
        if not self.unknown and not self.ranged:
            return self.best  # nothing unknown: the same world
        return World(self, self.known_adversaries | self.unknown, upper=True)

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
