"""PAFACA §2(g)(1): the three prongs of "controlled by a foreign adversary", applied to the
target — a foreign-adversary person (A), a foreign-adversary stake of at least 20 percent (B),
direction or control by such a person (C)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ...edits import (
    DropControlRight,
    Edit,
    MoveSeats,
    Option,
    ReassignOfficer,
    TransferStake,
)
from ...errors import LookthroughLimitError
from ...ownership import Figure
from ...shares import format_percent
from ..base import CONTROL, Contribution, Rule, Status
from ..facts import ExactWorld, Facts
from ..flags import Flag
from ..parameters import DIRECTING_OFFICERS, MORE_THAN_HALF
from ..world import World
from ._common import G1, G1_SOURCE, points, whole_points

#: The (A)-persons an explanation names one by one, largest share first.
NAMED = 5


class ForeignAdversaryPerson(Rule):
    """§2(g)(1)(A): a foreign person domiciled in, headquartered in, having its principal place
    of business in, or organized under the laws of a foreign adversary country is controlled by a
    foreign adversary. Applied to the target itself."""

    id = "pafaca.fa_person"
    citation = "PAFACA §2(g)(1)(A)"
    title = "The target is not itself a foreign-adversary person"
    text = (
        G1 + "(A) a foreign person that is domiciled in, is headquartered in, has its principal "
        "place of business in, or is organized under the laws of a foreign adversary country"
    )
    source = G1_SOURCE
    leaves_out = (
        "Citizenship of individuals beyond domicile, and 'foreign person' status: any party with "
        "a link to a foreign adversary country is treated as an (A)-person (the stricter "
        "reading), a U.S. entity headquartered in China included."
    )
    reads = frozenset({"parties", "hong_kong"})

    def violated(self, world: World) -> Flag:
        return world.deal.target in world.persons

    def explain(self, facts: Facts, status: Status) -> str:
        target = facts.deal.target
        name = facts.deal.label(target)
        countries = ", ".join(sorted(facts.adversary_countries))
        if status == Status.VIOLATION:
            return f"{facts.describe(target)} is itself linked to a foreign adversary country."
        if status == Status.INDETERMINATE:
            return (
                f"No jurisdiction is given for {name}, so whether it is linked to a foreign "
                f"adversary country ({countries}) is unknown."
            )
        links = ", ".join(
            f"{link.replace('_', ' ')} {c}" for link, c in facts.deal.parties[target].links
        )
        return (
            f"{name} is {links}; none of its links is to a foreign adversary country ({countries})."
        )


class ForeignAdversaryOwnership(Rule):
    """§2(g)(1)(B): an entity in which a foreign person or combination of foreign persons
    described in (A) directly or indirectly own at least a 20 percent stake. Holdings of all
    (A)-persons are added together; the line is inclusive (20.0 % is over it)."""

    id = "pafaca.fa_ownership"
    citation = "PAFACA §2(g)(1)(B)"
    title = "Foreign-adversary persons own less than 20 %, directly or indirectly"
    text = (
        G1 + "(B) an entity with respect to which a foreign person or combination of foreign "
        "persons described in subparagraph (A) directly or indirectly own at least a 20 percent "
        "stake"
    )
    source = G1_SOURCE
    leaves_out = (
        "The Act gives no formula for indirect stakes: the 'lookthrough' and 'stake' "
        "interpretations choose one. Options, warrants and debt are not stakes here."
    )
    reads = frozenset({"parties", "stakes", "lookthrough", "stake", "hong_kong"})

    def violated(self, world: World) -> Flag:
        return world.reaching().get(world.deal.target, False)

    def measure(self, facts: Facts) -> dict[str, Any]:
        """The stake in the best world, bounds from the best to the worst (widened by any
        numeric error), and its breakdown by route in the worst world."""
        target = facts.deal.target
        low, high = facts.best.figure(target), facts.worst.figure(target)
        try:
            rows: tuple[Contribution, ...] | None = tuple(facts.worst.routes(target))
        except LookthroughLimitError:
            rows = None  # past the exact budget: the figure, but no routes
        return {
            "value": facts.best.fa_stake(target),
            "bounds": (low.low, high.high),
            "exact": low.exact and high.exact,
            "contributions": rows,
        }

    def explain(self, facts: Facts, status: Status) -> str:
        target, line = facts.deal.target, facts.threshold
        low, high = facts.best.figure(target), facts.worst.figure(target)
        basis = self._basis(facts)
        shown = _approximately(low)
        if status == Status.COMPLIANT:
            verdict = (
                f"foreign-adversary stake {shown} < {format_percent(line)} "
                f"(margin {points(line - facts.best.fa_stake(target))}){basis}."
            )
        elif status == Status.VIOLATION:
            verdict = (
                f"foreign-adversary stake {shown} ≥ {format_percent(line)}: at "
                f"least 20 percent{basis}."
            )
        elif target in facts.best.undecided | facts.worst.undecided:
            verdict = (
                f"foreign-adversary stake {shown}, between {format_percent(low.low)} and "
                f"{format_percent(high.high)}: too close to {format_percent(line)} to decide "
                f"within the exact work budget of the look-through{basis}."
            )
        else:
            verdict = (
                f"the known facts give {shown}, but {facts.worst_case} it would "
                f"be {_approximately(high)}: the facts do not settle whether it reaches "
                f"{format_percent(line)}{basis}."
            )
        return self._holders(facts, facts.best) + verdict

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Sell part of a stake that carries the foreign-adversary stake — of an (A)-person, or
        of an entity that traces to one — to ``buyer``: the least amount is sought."""
        world, target = facts.worst, facts.deal.target
        options = []
        for stake in facts.holdings.get(target, ()):
            seller = stake.holder
            carries = seller in world.persons or world.fa_stake(seller) > 0
            if carries and seller != buyer and stake.equity:

                def sale(amount: Fraction, seller: str = seller) -> tuple[Edit, ...]:
                    return (TransferStake(seller, buyer, amount),)

                options.append(Option(search=sale, high=stake.equity))
        return options

    def _basis(self, facts: Facts) -> str:
        interpretation = facts.interpretation
        world, target = facts.best, facts.deal.target
        note = f"; lookthrough={interpretation.lookthrough}, stake={interpretation.stake}"
        if interpretation.stake == "max" and len(facts.bases) == 2:
            used = world.basis_for(target)
            other = "voting" if used == "equity" else "equity"
            theirs = world.fa_stake(target, basis=other)  # type: ignore[arg-type]
            if theirs != world.fa_stake(target):
                note += f", the {used} figure ({other}: {format_percent(theirs)})"
        return note

    def _holders(self, facts: Facts, world: ExactWorld) -> str:
        target = facts.deal.target
        direct = {s.holder: s for s in facts.holdings.get(target, ())}
        basis = world.basis_for(target)
        parts = []
        shares = world.contributions(target)
        for person, share in shares[:NAMED]:
            stake = direct.get(person)
            held = stake.share(basis) if stake else Fraction(0)
            if held == share:
                how = "directly"
            elif not held:
                how = "indirectly"
            else:
                how = f"({format_percent(held)} directly, the rest indirectly)"
            parts.append(f"{facts.describe(person)} holds {format_percent(share)} {how}")
        if len(shares) > NAMED:
            rest = sum((share for _, share in shares[NAMED:]), Fraction(0))
            parts.append(
                f"{len(shares) - NAMED} other foreign-adversary persons hold "
                f"{format_percent(rest)} together"
            )
        if not parts:
            return "No holder of the target traces to a known foreign-adversary person; "
        return "; ".join(parts) + "; "


class ForeignAdversaryDirection(Rule):
    """§2(g)(1)(C): a person subject to the direction or control of a person or entity described
    in (A) or (B). Applied to the target: parties controlled by a foreign adversary appoint more
    than half of its board, hold any control right over it, appoint its CEO or security officer,
    or hold more than half of its votes directly."""

    id = "pafaca.fa_direction"
    citation = "PAFACA §2(g)(1)(C)"
    title = "No foreign-adversary-controlled party directs or controls the target"
    text = (
        G1 + "(C) a person subject to the direction or control of a foreign person or entity "
        "described in subparagraph (A) or (B)"
    )
    source = G1_SOURCE
    leaves_out = (
        "Informal influence and management practice: only board seats, officers (CEO and "
        "security officer), recorded control rights (vetoes, golden shares, management or "
        "operating contracts, officer appointment, negative control) and direct votes are "
        "facts here."
    )
    reads = CONTROL | {"lookthrough", "stake", "hong_kong"}

    def violated(self, world: World) -> Flag:
        return world.directed(world.deal.target, self._by(world))

    @staticmethod
    def _by(world: World) -> dict[str, Flag]:
        target = world.deal.target  # the target is never its own director
        return {p: flag for p, flag in world.controlled.items() if p != target}

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Every way of direction found must go, together: seats moved to ``buyer`` until
        controlled parties appoint half or fewer, their control rights given up, the CEO and
        security officer appointed by ``buyer``, and votes sold until they hold half or fewer."""
        world, target = facts.worst, facts.deal.target
        by = self._by(world)
        edits: list[Edit] = []
        seats = facts.seats.get(target, [])
        theirs = Counter(s.appointed_by for s in seats if by.get(s.appointed_by, False))
        excess = sum(theirs.values()) - len(seats) // 2
        for appointer, count in theirs.most_common():
            if excess <= 0:
                break
            edits.append(MoveSeats(appointer, buyer, min(count, excess)))
            excess -= count
        edits += [
            DropControlRight(r.holder, r.kind)
            for r in facts.rights.get(target, ())
            if by.get(r.holder, False)
        ]
        edits += [
            ReassignOfficer(o.role, buyer)
            for o in facts.officers.get(target, ())
            if o.role in DIRECTING_OFFICERS and by.get(o.appointed_by, False)
        ]
        left = world.votes_held(target, by) - MORE_THAN_HALF
        holders = sorted(
            (s for s in facts.holdings.get(target, ()) if by.get(s.holder, False) and s.votes),
            key=lambda s: (-s.votes, s.holder),
        )
        for stake in holders:
            if left <= 0:
                break
            take = min(left, stake.votes)
            equity = whole_points(stake.equity * take / stake.votes, stake.equity)
            edits.append(TransferStake(stake.holder, buyer, equity))
            left -= take
        return [Option(edits=tuple(edits))] if edits else []

    def explain(self, facts: Facts, status: Status) -> str:
        deal = facts.deal
        name = deal.label(deal.target)
        if status == Status.VIOLATION:
            world = facts.best
            how = world.describe_direction(deal.target, self._by(world))
            return f"{name} is directed by {how}."
        if status == Status.INDETERMINATE:
            world = facts.worst
            how = world.describe_direction(deal.target, self._by(world))
            worst = facts.worst_case or "if the unknown facts went against it"
            return f"{worst[:1].upper()}{worst[1:]}, {name} would be directed by {how}."
        return self._summary(facts)

    def _summary(self, facts: Facts) -> str:
        deal, world = facts.deal, facts.best
        target = deal.target
        by = self._by(world)
        seats = facts.seats.get(target, [])
        appointers = [s.appointed_by for s in seats if by.get(s.appointed_by, False)]
        seat_text = f"{len(appointers)} of {len(seats)} board seats"
        if appointers:
            seat_text += f" ({facts.names(appointers)})"
        offices = [o for o in facts.officers.get(target, ()) if o.role != "other"]
        officer_text = (
            "neither the CEO nor the security officer"
            if offices
            else "no CEO or security officer (none is recorded)"
        )
        votes = world.votes_held(target, by)
        return (
            f"No direction or control by a foreign adversary is found among the facts "
            f"recorded: parties controlled by one appoint {seat_text}, {officer_text}, hold "
            f"no control right over {deal.label(target)} and {format_percent(votes)} of its "
            f"votes directly, not more than half."
        )


def _approximately(figure: Figure) -> str:
    """A figure in percent, marked ``≈`` when it is a numeric approximation."""
    value = figure.value if isinstance(figure.value, Fraction) else Fraction(figure.value)
    return ("" if figure.exact else "≈ ") + format_percent(value)
