"""PAFACA §2(g)(6)(B): a qualified divestiture precludes "any operational relationship" with
formerly affiliated entities controlled by a foreign adversary, "including any cooperation with
respect to the operation of a content recommendation algorithm or an agreement with respect to
data sharing"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from ...edits import (
    Edit,
    EndArrangement,
    MakeOneTime,
    Option,
)
from ...model import Arrangement, words
from ..base import CONTROL, Rule, Status
from ..facts import ExactWorld, Facts
from ..flags import Flag, any_of
from ..world import World


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
    "application)"
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
