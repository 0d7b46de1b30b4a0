"""What the rules need to know about a deal under one interpretation, computed once.

Unknown facts are never guessed: the deal is resolved twice, in the *best* world (no party of
unknown jurisdiction is a foreign-adversary person; stakes known as ranges at their bottom) and
the *worst* (all of them are; ranges at their top). Every rule is monotone in both choices, so
the two worlds bound every other resolution.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from functools import cached_property

from ..model import Deal
from ..ownership import Basis, Method, traced_stakes
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
    def _stakes(self, basis: Basis, only: str | None = None) -> dict[str, Fraction]:
        """Stakes traced to every adversary person, or to ``only`` one of them (the others still
        stop the tracing)."""
        method: Method = self.facts.interpretation.lookthrough  # type: ignore[assignment]
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
    def _by_basis(self) -> dict[Basis, dict[str, Fraction]]:
        stake = self.facts.interpretation.stake
        bases: tuple[Basis, ...] = ("equity", "voting") if stake == "max" else (stake,)  # type: ignore[assignment]
        return {basis: self._stakes(basis) for basis in bases}

    def basis_for(self, entity: str) -> Basis:
        """The basis that gives ``entity``'s stake (under ``stake=max``, the larger)."""
        results = self._by_basis
        return max(results, key=lambda b: results[b].get(entity, Fraction(0)))

    def fa_stake(self, entity: str, *, basis: Basis | None = None) -> Fraction:
        """The foreign-adversary stake in ``entity`` (contract §3.2)."""
        results = self._by_basis
        if basis is not None and basis not in results:
            return self._stakes(basis).get(entity, Fraction(0))
        return results[basis or self.basis_for(entity)].get(entity, Fraction(0))

    def contributions(self, entity: str) -> list[tuple[str, Fraction]]:
        """Each foreign-adversary person's own share of the stake in ``entity``, largest first."""
        basis = self.basis_for(entity)
        shares = []
        for person in sorted(self.adversary_persons):
            share = self._stakes(basis, only=person).get(entity, Fraction(0))
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
        for entity in sorted(self.deal.parties):
            stake = self.fa_stake(entity)
            if entity not in reasons and stake >= facts.threshold:
                reasons[entity] = (
                    f"its foreign-adversary stake is {format_percent(stake)}, at least "
                    f"{format_percent(facts.threshold)}"
                )
        changed = True
        while changed:
            changed = False
            for entity in sorted(self.deal.parties):
                if entity in reasons:
                    continue
                why = self.directed(entity, reasons)
                if why:
                    reasons[entity] = "directed by " + why
                    changed = True
        return reasons

    def directed(self, entity: str, controlled: dict[str, str] | None = None) -> str | None:
        """How controlled parties direct ``entity`` (board majority, a control right or a vote
        majority held directly), or None."""
        controlled = self.controlled if controlled is None else controlled
        deal, names = self.deal, self.facts.names
        seats = deal.seats_of(entity)
        appointed = [s.appointed_by for s in seats if s.appointed_by in controlled]
        if 2 * len(appointed) > len(seats):
            return f"{names(appointed)}, appointing {len(appointed)} of {len(seats)} board seats"
        rights = [r for r in deal.rights_over(entity) if r.holder in controlled]
        if rights:
            return "; ".join(
                f"{deal.label(r.holder)}, holding a {r.kind.replace('_', ' ')} right"
                for r in rights
            )
        holders = [s for s in deal.holdings_in(entity) if s.holder in controlled]
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
        return frozenset(
            p.id for p in self.deal.parties.values() if p.countries & self.adversary_countries
        )

    @cached_property
    def unknown(self) -> frozenset[str]:
        """Parties with no jurisdiction given."""
        return frozenset(p.id for p in self.deal.parties.values() if not p.jurisdiction_known)

    @cached_property
    def ranged(self) -> tuple[int, ...]:
        """Indices of the stakes known only as ranges."""
        return tuple(i for i, stake in enumerate(self.deal.stakes) if stake.is_range)

    @cached_property
    def best(self) -> World:
        return World(self, self.known_adversaries, upper=False)

    @cached_property
    def worst(self) -> World:
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
