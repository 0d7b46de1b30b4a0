"""PAFACA (Pub. L. 118-50, Div. H): one rule object per clause of §2(g)(1) and §2(g)(6)(B).

A divestiture qualifies only if the divested business is no longer "controlled by a foreign
adversary" (§2(g)(6)(A), tested by the three §2(g)(1) prongs on the target) and no operational
relationship remains with formerly affiliated entities controlled by a foreign adversary
(§2(g)(6)(B)). The President's determination itself is a fact no rule can compute.
"""

from __future__ import annotations

from fractions import Fraction
from typing import ClassVar

from ..model import Arrangement
from ..ownership import Basis
from ..shares import format_percent
from .base import Finding, Rule, Status
from .facts import Facts, World

__all__ = [
    "AlgorithmCooperation",
    "DataSharing",
    "ForeignAdversaryDirection",
    "ForeignAdversaryOwnership",
    "ForeignAdversaryPerson",
    "OperationalRelationship",
]


def _points(value: Fraction) -> str:
    return format_percent(abs(value)).replace(" %", " points")


class ForeignAdversaryPerson(Rule):
    """§2(g)(1)(A): a foreign person domiciled in, headquartered in, having its principal place
    of business in, or organized under the laws of a foreign adversary country is controlled by a
    foreign adversary. Applied to the target itself."""

    id = "pafaca.fa_person"
    citation = "PAFACA §2(g)(1)(A)"
    title = "The target is not itself a foreign-adversary person"
    leaves_out = (
        "Citizenship of individuals beyond domicile, and 'foreign person' status: a U.S. entity "
        "headquartered in China is treated as an (A)-person."
    )

    def evaluate(self, facts: Facts) -> Finding:
        target = facts.deal.target
        name = facts.deal.label(target)
        countries = ", ".join(sorted(facts.adversary_countries))
        if target in facts.known_adversaries:
            return self.finding(
                Status.VIOLATION,
                f"{facts.describe(target)} is itself linked to a foreign adversary country.",
            )
        if target in facts.unknown:
            return self.finding(
                Status.INDETERMINATE,
                f"No jurisdiction is given for {name}, so whether it is linked to a foreign "
                f"adversary country ({countries}) is unknown.",
            )
        links = ", ".join(
            f"{link.replace('_', ' ')} {c}" for link, c in facts.deal.parties[target].links
        )
        return self.finding(
            Status.COMPLIANT,
            f"{name} is {links}; none of its links is to a foreign adversary country "
            f"({countries}).",
        )


class ForeignAdversaryOwnership(Rule):
    """§2(g)(1)(B): an entity in which a foreign person or combination of foreign persons
    described in (A) directly or indirectly own at least a 20 percent stake. Holdings of all
    (A)-persons are added together; the line is inclusive (20.0 % is over it)."""

    id = "pafaca.fa_ownership"
    citation = "PAFACA §2(g)(1)(B)"
    title = "Foreign-adversary persons own less than 20 %, directly or indirectly"
    leaves_out = (
        "The Act gives no formula for indirect stakes: the 'lookthrough' and 'stake' "
        "interpretations choose one. Options, warrants and debt are not stakes here."
    )

    def evaluate(self, facts: Facts) -> Finding:
        target = facts.deal.target
        line = facts.threshold
        low, high = facts.best.fa_stake(target), facts.worst.fa_stake(target)
        measure = {"value": low, "bounds": (low, high)}
        basis = self._basis(facts)
        if high < line:
            status, verdict = (
                Status.COMPLIANT,
                (
                    f"foreign-adversary stake {format_percent(low)} < {format_percent(line)} "
                    f"(margin {_points(line - low)}){basis}."
                ),
            )
        elif low >= line:
            status, verdict = (
                Status.VIOLATION,
                (
                    f"foreign-adversary stake {format_percent(low)} ≥ {format_percent(line)}: at "
                    f"least 20 percent{basis}."
                ),
            )
        else:
            status, verdict = (
                Status.INDETERMINATE,
                (
                    f"the known facts give {format_percent(low)}, but {facts.worst_case} it "
                    f"would be {format_percent(high)}: the facts do not settle whether it reaches "
                    f"{format_percent(line)}{basis}."
                ),
            )
        return self.finding(status, self._holders(facts, facts.best) + verdict, **measure)

    def _basis(self, facts: Facts) -> str:
        interpretation = facts.interpretation
        world, target = facts.best, facts.deal.target
        note = f"; lookthrough={interpretation.lookthrough}, stake={interpretation.stake}"
        if interpretation.stake == "max":
            used = world.basis_for(target)
            other: Basis = "voting" if used == "equity" else "equity"
            theirs = world.fa_stake(target, basis=other)
            if theirs != world.fa_stake(target):
                note += f", the {used} figure ({other}: {format_percent(theirs)})"
        return note

    def _holders(self, facts: Facts, world: World) -> str:
        target = facts.deal.target
        direct = {s.holder: s for s in facts.deal.holdings_in(target)}
        basis = world.basis_for(target)
        parts = []
        for person, share in world.contributions(target):
            stake = direct.get(person)
            held = (stake.equity if basis == "equity" else stake.votes) if stake else Fraction(0)
            if held == share:
                how = "directly"
            elif not held:
                how = "indirectly"
            else:
                how = f"({format_percent(held)} directly, the rest indirectly)"
            parts.append(f"{facts.describe(person)} holds {format_percent(share)} {how}")
        rest = world.fa_stake(target) - sum((share for _, share in world.contributions(target)),
                                            Fraction(0))  # fmt: skip
        if facts.large and rest > 0:
            parts.append(f"{format_percent(rest)} more traces to them through other holders")
        if not parts:
            return "No holder of the target traces to a known foreign-adversary person; "
        return "; ".join(parts) + "; "


class ForeignAdversaryDirection(Rule):
    """§2(g)(1)(C): a person subject to the direction or control of a person or entity described
    in (A) or (B). Applied to the target: parties controlled by a foreign adversary appoint more
    than half of its board, hold any control right over it, or more than half of its votes."""

    id = "pafaca.fa_direction"
    citation = "PAFACA §2(g)(1)(C)"
    title = "No foreign-adversary-controlled party directs or controls the target"
    leaves_out = (
        "Informal influence, officers and management practice: only board seats, recorded "
        "control rights and direct votes are facts here."
    )

    def evaluate(self, facts: Facts) -> Finding:
        target = facts.deal.target
        best, worst = (self._direction(facts, w) for w in (facts.best, facts.worst))
        if best:
            return self.finding(
                Status.VIOLATION, f"{facts.deal.label(target)} is directed by {best}."
            )
        if worst:
            return self.finding(
                Status.INDETERMINATE,
                f"{facts.worst_case[:1].upper()}{facts.worst_case[1:]}, "
                f"{facts.deal.label(target)} would be directed "
                f"by {worst}.",
            )
        return self.finding(Status.COMPLIANT, self._summary(facts))

    def _direction(self, facts: Facts, world: World) -> str | None:
        controlled = {p: r for p, r in world.controlled.items() if p != facts.deal.target}
        return world.directed(facts.deal.target, controlled)

    def _summary(self, facts: Facts) -> str:
        deal, world = facts.deal, facts.best
        seats = deal.seats_of(deal.target)

        def controls(party: str) -> bool:  # the target is never its own director
            return party != deal.target and world.is_controlled(party)

        appointers = [s.appointed_by for s in seats if controls(s.appointed_by)]
        votes = sum(
            (s.votes for s in deal.holdings_in(deal.target) if controls(s.holder)),
            Fraction(0),
        )
        seat_text = f"{len(appointers)} of {len(seats)} board seats"
        if appointers:
            seat_text += f" ({facts.names(appointers)})"
        return (
            f"Parties controlled by a foreign adversary appoint {seat_text}, hold no control "
            f"right over {deal.label(deal.target)} and {format_percent(votes)} of its votes "
            f"directly: not more than half."
        )


class _RelationshipRule(Rule):
    """Shared logic of the §2(g)(6)(B) rules: which arrangements with covered counterparties
    (controlled by a foreign adversary and formerly affiliated) fall under this rule."""

    kinds: ClassVar[tuple[str, ...]]
    what: ClassVar[str]

    def applies(self, arrangement: Arrangement, facts: Facts) -> str | None:
        """Why ``arrangement`` falls under this rule (a phrase), or None."""
        return arrangement.kind.replace("_", " ") if arrangement.kind in self.kinds else None

    def evaluate(self, facts: Facts) -> Finding:
        deal = facts.deal
        relevant = [(a, why) for a in deal.arrangements if (why := self.applies(a, facts))]
        certain = [(a, why) for a, why in relevant if facts.best.covered(a.counterparty)]
        possible = [(a, why) for a, why in relevant if facts.worst.covered(a.counterparty)]
        if certain:
            return self.finding(Status.VIOLATION, self._describe(facts, certain, facts.best))
        if possible:
            return self.finding(
                Status.INDETERMINATE,
                self._describe(facts, possible, facts.worst) + f" — {facts.worst_case}.",
            )
        if not relevant:
            return self.finding(Status.COMPLIANT, f"{deal.label(deal.target)} has no {self.what}.")
        names = facts.names(a.counterparty for a, _ in relevant)
        return self.finding(
            Status.COMPLIANT,
            f"The {self.what} is with {names}, not a formerly affiliated party controlled by a "
            f"foreign adversary.",
        )

    def _describe(self, facts: Facts, items: list[tuple[Arrangement, str]], world: World) -> str:
        deal = facts.deal
        parts = []
        for arrangement, why in items:
            party = arrangement.counterparty
            parts.append(
                f"{why} with {deal.label(party)} (controlled by a foreign adversary: "
                f"{world.controlled[party]}; formerly affiliated)"
            )
        article = "an" if self.what[0] in "aeiou" else "a"
        return (
            f"{deal.label(deal.target)} keeps {article} {self.what} barred by §2(g)(6)(B): "
            + "; ".join(parts)
            + "."
        )


class AlgorithmCooperation(_RelationshipRule):
    """§2(g)(6)(B): a qualified divestiture precludes "any cooperation with respect to the
    operation of a content recommendation algorithm" with formerly affiliated entities controlled
    by a foreign adversary. A licence counts per ``license_is_cooperation``."""

    id = "pafaca.algorithm_cooperation"
    citation = "PAFACA §2(g)(6)(B)"
    title = "No cooperation on the recommendation algorithm with a covered party"
    leaves_out = (
        "Whether a licensed copy retrained independently is 'cooperation' is the "
        "'license_is_cooperation' interpretation; the code's actual provenance is not a fact here."
    )
    kinds = ("algorithm_cooperation", "algorithm_license")
    what = "cooperation on the content recommendation algorithm"

    def applies(self, arrangement: Arrangement, facts: Facts) -> str | None:
        if arrangement.kind == "algorithm_cooperation":
            return "algorithm cooperation"
        if arrangement.kind != "algorithm_license":
            return None
        reading = facts.interpretation.license_is_cooperation
        if reading == "always" or (reading == "if_ongoing" and arrangement.ongoing):
            timing = "an ongoing" if arrangement.ongoing else "a one-time"
            return f"{timing} algorithm licence (license_is_cooperation={reading})"
        return None


class DataSharing(_RelationshipRule):
    """§2(g)(6)(B): a qualified divestiture precludes "any agreement with respect to data
    sharing" with formerly affiliated entities controlled by a foreign adversary."""

    id = "pafaca.data_sharing"
    citation = "PAFACA §2(g)(6)(B)"
    title = "No data-sharing agreement with a covered party"
    leaves_out = "What data flows in practice; only recorded arrangements are facts here."
    kinds = ("data_sharing",)
    what = "data-sharing agreement"


class OperationalRelationship(_RelationshipRule):
    """§2(g)(6)(B): a qualified divestiture precludes "any operational relationship" between the
    U.S. operations and formerly affiliated entities controlled by a foreign adversary."""

    id = "pafaca.operational_relationship"
    citation = "PAFACA §2(g)(6)(B)"
    title = "No other operational relationship with a covered party"
    leaves_out = (
        "Whether arm's-length commercial dealings are an 'operational relationship' is "
        "untested: every recorded arrangement counts."
    )
    kinds = ("commercial_services", "interoperability", "hosting", "security_partner", "other")
    what = "operational relationship"
