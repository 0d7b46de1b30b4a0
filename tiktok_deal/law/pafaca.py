"""PAFACA (Pub. L. 118-50, Div. H): one rule object per clause of §2(g)(1), §2(g)(3)(A) and
§2(g)(6)(B).

A divestiture qualifies only if the divested business is no longer "controlled by a foreign
adversary" (§2(g)(6)(A), tested by the three §2(g)(1) prongs on the target), is not operated by
ByteDance or an entity it controls (§2(g)(3)(A)), and no operational relationship remains with
formerly affiliated entities controlled by a foreign adversary (§2(g)(6)(B)). The President's
determination itself is a fact no rule can compute.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any, ClassVar

from ..edits import (
    BASIS_POINT,
    DropControlRight,
    Edit,
    EndArrangement,
    MakeOneTime,
    MoveOperation,
    MoveSeats,
    Option,
    ReassignOfficer,
    TransferStake,
)
from ..model import Arrangement, Operation, words
from ..shares import format_percent
from .base import CONTROL, Rule, Status
from .facts import ExactWorld, Facts
from .flags import Flag, any_of
from .parameters import CORE_FUNCTIONS, DIRECTING_OFFICERS, MORE_THAN_HALF
from .world import World

__all__ = [
    "AlgorithmCooperation",
    "DataSharing",
    "ForeignAdversaryDirection",
    "ForeignAdversaryOwnership",
    "ForeignAdversaryPerson",
    "OperatedBy",
    "OperationalRelationship",
    "RelationshipRule",
]

#: §2(g)(1), whose three prongs the first three rules encode.
G1 = (
    "The term 'controlled by a foreign adversary' means, with respect to a covered company or "
    "other entity, that such company or other entity is— "
)
G1_SOURCE = (
    "H.R. 7521 as passed by the House (2024-03-13), whose definition the enacted Division H of "
    "H.R. 815 (Pub. L. 118-50) carries; the enrolled text was not at hand"
)


def _points(value: Fraction) -> str:
    return format_percent(abs(value)).replace(" %", " points")


def _listed(items: Sequence[str]) -> str:
    """``"a, b and c"``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _whole_points(amount: Fraction, limit: Fraction) -> Fraction:
    """``amount`` rounded up to a whole basis point, at most ``limit``."""
    return min(limit, Fraction(math.ceil(amount / BASIS_POINT)) * BASIS_POINT)


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
        target = facts.deal.target
        low, high = facts.best.fa_stake(target), facts.worst.fa_stake(target)
        return {"value": low, "bounds": (low, high)}

    def explain(self, facts: Facts, status: Status) -> str:
        target, line = facts.deal.target, facts.threshold
        low, high = facts.best.fa_stake(target), facts.worst.fa_stake(target)
        basis = self._basis(facts)
        if status == Status.COMPLIANT:
            verdict = (
                f"foreign-adversary stake {format_percent(low)} < {format_percent(line)} "
                f"(margin {_points(line - low)}){basis}."
            )
        elif status == Status.VIOLATION:
            verdict = (
                f"foreign-adversary stake {format_percent(low)} ≥ {format_percent(line)}: at "
                f"least 20 percent{basis}."
            )
        else:
            verdict = (
                f"the known facts give {format_percent(low)}, but {facts.worst_case} it would "
                f"be {format_percent(high)}: the facts do not settle whether it reaches "
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
        for person, share in shares:
            stake = direct.get(person)
            held = stake.share(basis) if stake else Fraction(0)
            if held == share:
                how = "directly"
            elif not held:
                how = "indirectly"
            else:
                how = f"({format_percent(held)} directly, the rest indirectly)"
            parts.append(f"{facts.describe(person)} holds {format_percent(share)} {how}")
        rest = world.fa_stake(target) - sum((share for _, share in shares), Fraction(0))
        if facts.large and rest > 0:
            parts.append(f"{format_percent(rest)} more traces to them through other holders")
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
            equity = _whole_points(stake.equity * take / stake.votes, stake.equity)
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


class RelationshipRule(Rule):
    """What the §2(g)(6)(B) rules share: which arrangements with covered counterparties
    (controlled by a foreign adversary and formerly affiliated) fall under the rule."""

    kinds: ClassVar[tuple[str, ...]]
    what: ClassVar[str]
    reads = CONTROL | {"arrangements", "formerly_affiliated", "lookthrough", "stake", "hong_kong"}

    def applies(self, arrangement: Arrangement, facts: Facts) -> str | None:
        """Why ``arrangement`` falls under this rule (a phrase), or None."""
        return words(arrangement.kind) if arrangement.kind in self.kinds else None

    def relevant(self, facts: Facts) -> list[tuple[Arrangement, str]]:
        return [(a, why) for a in facts.deal.arrangements if (why := self.applies(a, facts))]

    def violated(self, world: World) -> Flag:
        return any_of(world.covered(a.counterparty) for a, _ in self.relevant(world.facts))

    def barred(self, world: ExactWorld) -> list[tuple[Arrangement, str]]:
        """The relevant arrangements whose counterparty is covered in ``world``."""
        return [(a, why) for a, why in self.relevant(world.facts) if world.covered(a.counterparty)]

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """End the barred arrangements."""
        barred = [a for a, _ in self.barred(facts.worst)]
        if not barred:
            return []
        return [Option(edits=tuple(EndArrangement(a.kind, a.counterparty) for a in barred))]

    def explain(self, facts: Facts, status: Status) -> str:
        deal = facts.deal
        if status == Status.VIOLATION:
            return self._describe(facts, self.barred(facts.best), facts.best)
        if status == Status.INDETERMINATE:
            worst = facts.worst
            return self._describe(facts, self.barred(worst), worst) + f" — {facts.worst_case}."
        relevant = self.relevant(facts)
        if not relevant:
            return f"{deal.label(deal.target)} has no {self.what}."
        names = facts.names(a.counterparty for a, _ in relevant)
        return (
            f"The {self.what} is with {names}, not a formerly affiliated party controlled by a "
            f"foreign adversary."
        )

    def _describe(
        self, facts: Facts, items: Sequence[tuple[Arrangement, str]], world: ExactWorld
    ) -> str:
        deal = facts.deal
        parts = [
            f"{why} with {deal.label(a.counterparty)} (controlled by a foreign adversary: "
            f"{world.reasons[a.counterparty]}; formerly affiliated)"
            for a, why in items
        ]
        article = "an" if self.what[0] in "aeiou" else "a"
        return (
            f"{deal.label(deal.target)} keeps {article} {self.what} barred by §2(g)(6)(B): "
            + "; ".join(parts)
            + "."
        )


G6 = (
    'A qualified divestiture is one the President determines … (B) "precludes the establishment '
    "or maintenance of any operational relationship between the United States operations of the "
    "[application] and any formerly affiliated entities that are controlled by a foreign "
    "adversary, including any cooperation with respect to the operation of a content "
    'recommendation algorithm or an agreement with respect to data sharing."'
)
G6_SOURCE = (
    "§2(g)(6)(B) as quoted by the Supreme Court, TikTok Inc. v. Garland, 604 U.S. ___ (2025), "
    "per curiam, slip op. pp. 5–6 ('[application]': the relevant foreign adversary controlled "
    "application); the enrolled text was not at hand"
)


class AlgorithmCooperation(RelationshipRule):
    """§2(g)(6)(B): a qualified divestiture precludes "the establishment or maintenance of any
    operational relationship … including any cooperation with respect to the operation of a
    content recommendation algorithm" with formerly affiliated entities controlled by a foreign
    adversary. A licence counts per ``license_is_cooperation``; by default (``if_ongoing``) a
    licence that continues after closing — royalties, updates, support — is cooperation, a
    one-time transfer of a copy is not (it is *established* at closing, but no cooperation on
    the algorithm's operation follows it)."""

    id = "pafaca.algorithm_cooperation"
    citation = "PAFACA §2(g)(6)(B)"
    title = "No cooperation on the recommendation algorithm with a covered party"
    text = G6
    source = G6_SOURCE
    leaves_out = (
        "Whether a licensed copy retrained independently is 'cooperation' is the "
        "'license_is_cooperation' interpretation; the code's actual provenance is not a fact here."
    )
    kinds = ("algorithm_cooperation", "algorithm_license")
    what = "cooperation on the content recommendation algorithm"
    reads = RelationshipRule.reads | {"license_is_cooperation"}

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """End the barred arrangements, or — where only an ongoing licence is cooperation — make
        the licences one-time and end the rest."""
        options = list(super().remedies(facts, buyer=buyer))
        barred = [a for a, _ in self.barred(facts.worst)]
        licences = [a for a in barred if a.kind == "algorithm_license" and a.ongoing]
        if licences and facts.interpretation.license_is_cooperation == "if_ongoing":
            edits: list[Edit] = [MakeOneTime(a.kind, a.counterparty) for a in licences]
            edits += [EndArrangement(a.kind, a.counterparty) for a in barred if a not in licences]
            options.append(Option(edits=tuple(edits)))
        return options

    def applies(self, arrangement: Arrangement, facts: Facts) -> str | None:
        if arrangement.kind == "algorithm_cooperation":
            return words("algorithm_cooperation")
        if arrangement.kind != "algorithm_license":
            return None
        reading = facts.interpretation.license_is_cooperation
        if reading == "always" or (reading == "if_ongoing" and arrangement.ongoing):
            timing = "an ongoing" if arrangement.ongoing else "a one-time"
            return f"{timing} {words(arrangement.kind)} (license_is_cooperation={reading})"
        return None


class DataSharing(RelationshipRule):
    """§2(g)(6)(B): a qualified divestiture precludes "an agreement with respect to data
    sharing" with formerly affiliated entities controlled by a foreign adversary."""

    id = "pafaca.data_sharing"
    citation = "PAFACA §2(g)(6)(B)"
    title = "No data-sharing agreement with a covered party"
    text = G6
    source = G6_SOURCE
    leaves_out = "What data flows in practice; only recorded arrangements are facts here."
    kinds = ("data_sharing",)
    what = "data-sharing agreement"


class OperationalRelationship(RelationshipRule):
    """§2(g)(6)(B): a qualified divestiture precludes "the establishment or maintenance of any
    operational relationship" between the U.S. operations and formerly affiliated entities
    controlled by a foreign adversary."""

    id = "pafaca.operational_relationship"
    citation = "PAFACA §2(g)(6)(B)"
    title = "No other operational relationship with a covered party"
    text = G6
    source = G6_SOURCE
    leaves_out = (
        "Whether arm's-length commercial dealings are an 'operational relationship' is "
        "untested: every recorded arrangement counts."
    )
    kinds = ("commercial_services", "interoperability", "hosting", "security_partner", "other")
    what = "operational relationship"


class OperatedBy(Rule):
    """§2(g)(3)(A): an application "operated, directly or indirectly (including through a parent
    company, subsidiary, or affiliate)" by ByteDance, TikTok, a subsidiary or successor of either
    controlled by a foreign adversary, or an entity they own or control, is a foreign adversary
    controlled application — whatever the target's own ownership: there is no 20 % floor.

    Encoded on the recorded operations: violated when a function that counts (``operation``)
    is run by a covered party (controlled by a foreign adversary and formerly affiliated) or by an
    entity covered parties own or control (more than half of its votes, or direction as
    §2(g)(1)(C) defines it)."""

    id = "pafaca.operated_by"
    citation = "PAFACA §2(g)(3)(A)"
    title = "The application is not operated by ByteDance or an entity it controls"
    text = (
        "The term 'foreign adversary controlled application' means a website, desktop "
        "application, mobile application, or augmented or immersive technology application that "
        "is operated, directly or indirectly (including through a parent company, subsidiary, or "
        "affiliate), by— (A) any of— (i) ByteDance, Ltd.; (ii) TikTok; (iii) a subsidiary of or "
        "a successor to an entity identified in clause (i) or (ii) that is controlled by a "
        "foreign adversary; or (iv) an entity owned or controlled, directly or indirectly, by an "
        "entity identified in clause (i), (ii), or (iii)"
    )
    source = (
        "The lead-in as quoted from the enacted Act by Thompson Hine (April 2024); clauses "
        "(i)–(iv) as the Supreme Court (TikTok Inc. v. Garland, slip op. p. 5) and the "
        "Congressional Research Service's summary of H.R. 815, Div. H, give them — their "
        "enrolled wording was not at hand"
    )
    leaves_out = (
        "Who runs the app in practice beyond the operations recorded; ByteDance and TikTok are "
        "read as the covered parties (controlled by a foreign adversary and formerly "
        "affiliated); several covered parties' holdings are combined."
    )
    reads = CONTROL | {"operations", "formerly_affiliated", "operation", "lookthrough", "stake",
                       "hong_kong"}  # fmt: skip

    def counted(self, facts: Facts) -> list[Operation]:
        """The operations that count under the ``operation`` reading."""
        core = facts.interpretation.operation == "core_functions"
        return [o for o in facts.deal.operations if not core or o.function in CORE_FUNCTIONS]

    def violated(self, world: World) -> Flag:
        operated = world.operated
        return any_of(operated.get(o.operator, False) for o in self.counted(world.facts))

    def explain(self, facts: Facts, status: Status) -> str:
        deal = facts.deal
        app = f"{deal.label(deal.target)}'s application"
        reading = f"operation={facts.interpretation.operation}"
        counted = self.counted(facts)
        if status != Status.COMPLIANT:
            world = facts.best if status == Status.VIOLATION else facts.worst
            runs: dict[str, list[str]] = {}
            for o in counted:
                if world.operated.get(o.operator, False):
                    runs.setdefault(o.operator, []).append(words(o.function))
            parts = [
                f"{self._how(world, operator)} runs {_listed(functions)}"
                for operator, functions in runs.items()
            ]
            text = f"{app} is operated in part by ByteDance or an entity it controls: " + "; ".join(
                parts
            )
            if status == Status.INDETERMINATE:
                return text + f" — {facts.worst_case} ({reading})."
            return text + f" ({reading})."
        if not deal.operations:
            return f"No operation of {app} is recorded, so none is run by a covered party."
        skipped = len(deal.operations) - len(counted)
        note = f"; {skipped} other function(s) do not count under {reading}" if skipped else ""
        names = facts.names(o.operator for o in counted)
        return (
            f"The functions of {app} that count are run by {names}, none a covered party or an "
            f"entity one owns or controls{note}."
            if counted
            else f"No recorded function of {app} counts under {reading}{note[1:]}."
        )

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Bring the functions a covered party runs in-house, to the target itself (what the
        target runs is fixed by its owners' changes, not by moving it)."""
        world, target = facts.worst, facts.deal.target
        moved = [
            o
            for o in self.counted(facts)
            if o.operator != target and world.operated.get(o.operator, False)
        ]
        if not moved:
            return []
        return [Option(edits=tuple(MoveOperation(o.function, o.operator, target) for o in moved))]

    @staticmethod
    def _how(world: ExactWorld, operator: str) -> str:
        name = world.deal.label(operator)
        if world.covered(operator):
            return f"{name} (controlled by a foreign adversary: {world.reasons[operator]})"
        before = dict(itertools.takewhile(lambda item: item[0] != operator, world.operated.items()))
        return f"{name} (owned or controlled by {world.describe_direction(operator, before)})"
