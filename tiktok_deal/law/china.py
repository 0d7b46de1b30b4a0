"""China's export control of recommendation technology.

The 2020-08-28 revision of the Catalogue of Technologies Prohibited or Restricted from Export put
"personalized information push service technology based on data analysis" on the restricted list
(item 056101X); exporting it needs a technology export licence (Export Control Law, in force
2020-12-01). PAFACA bars *cooperation* on the algorithm while China requires a licence to *export*
it: a licence-and-retrain structure needs both, a rebuild from scratch neither.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..edits import EndArrangement, Option, SetLicence
from ..model import Arrangement, words
from .base import CONTROL, Rule, Status
from .facts import ExactWorld, Facts
from .flags import Flag, any_of
from .world import World

__all__ = ["EXPORTS", "ExportLicence"]

#: The arrangements that take the recommendation technology out of its owner's hands.
EXPORTS = ("algorithm_license", "algorithm_cooperation")
_STATE = {"pending": "pending", None: "not stated", "denied": "denied",
          "not_sought": "not sought", "granted": "granted"}  # fmt: skip


class ExportLicence(Rule):
    """An algorithm licence or cooperation with a party under Chinese control — linked to China,
    or controlled by parties that are, as §2(g)(1) defines control — exports technology of
    Chinese origin: it needs China's export licence. Denied or not sought is a violation; pending
    or not stated is indeterminate (the export may yet be licensed)."""

    id = "china.export_licence"
    citation = "PRC export-restricted technology catalogue (2020) item 056101X; Export Control Law"
    title = "China's export licence for the recommendation algorithm"
    text = (
        "Catalogue of Technologies Prohibited or Restricted from Export (revised 2020-08-28), "
        "restricted item 056101X: personalized information push service technology based on "
        "data analysis; exporting a restricted technology requires a technology export licence."
    )
    source = (
        "Ministry of Commerce and Ministry of Science and Technology, revision of the catalogue, "
        "2020-08-28 (English name of the item as reported by Xinhua, 2020-08-31); CSET's "
        "translation of the revision"
    )
    leaves_out = (
        "Which provincial authority decides, and whether a rebuilt algorithm still embodies the "
        "restricted technology; a licensor not under Chinese control is taken to export nothing "
        "of Chinese origin. The catalogue's 2023-12-21 revision is reported to list the item "
        "under code 086501X; the citation keeps the 2020 code."
    )
    reads = CONTROL | {"arrangements", "export_licence", "hong_kong", "lookthrough", "stake"}

    def exports(self, facts: Facts) -> list[Arrangement]:
        return [a for a in facts.deal.arrangements if a.kind in EXPORTS]

    def violated(self, world: World) -> Flag:
        chinese = any_of(
            world.china_controlled.get(a.counterparty, False) for a in self.exports(world.facts)
        )
        licence = world.deal.export_licence
        unlicensed = licence in ("denied", "not_sought") or (
            licence in (None, "pending") and not world.optimistic
        )
        return chinese & unlicensed

    def explain(self, facts: Facts, status: Status) -> str:
        exports = self.exports(facts)
        if not exports:
            return (
                "No algorithm licence or cooperation is recorded: nothing of the recommendation "
                "technology is exported."
            )
        best, worst = facts.best, facts.worst
        sure = [a for a in exports if best.china_controlled.get(a.counterparty, False)]
        maybe = [a for a in exports if worst.china_controlled.get(a.counterparty, False)]
        state = _STATE[facts.deal.export_licence]
        if not maybe:
            names = facts.names(a.counterparty for a in exports)
            return (
                f"The recommendation technology comes from {names}, not under Chinese control: "
                f"nothing of Chinese origin is exported (China's licence: {state})."
            )
        subject = self._subject(facts, sure or maybe, best if sure else worst)
        if status == Status.VIOLATION:
            return f"{subject}, but China's export licence is {state}."
        if status == Status.COMPLIANT:
            return f"{subject}; China's export licence is granted."
        if not sure:
            return (
                f"{subject}, {facts.worst_case}; China's export licence is {state}: the facts "
                f"do not settle whether a licence is needed and held."
            )
        return (
            f"{subject}; China's export licence is {state}: the facts do not settle whether the "
            f"export is licensed."
        )

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Obtain China's licence, or end the arrangements that export Chinese technology."""
        worst = facts.worst
        chinese = [a for a in self.exports(facts) if worst.china_controlled.get(a.counterparty)]
        options = [Option(edits=(SetLicence("granted"),))]
        if chinese:
            options.append(
                Option(edits=tuple(EndArrangement(a.kind, a.counterparty) for a in chinese))
            )
        return options

    @staticmethod
    def _subject(facts: Facts, arrangements: list[Arrangement], world: ExactWorld) -> str:
        parts = []
        for a in arrangements:
            party = a.counterparty
            if party in facts.china_linked or party in facts.unknown:
                who = facts.describe(party)
            elif party in world.reasons and world.china_persons == world.persons:
                who = f"{facts.deal.label(party)} (under Chinese control: {world.reasons[party]})"
            else:
                who = f"{facts.deal.label(party)} (under Chinese control)"
            parts.append(f"{words(a.kind)} with {who}")
        return (
            "The recommendation technology is of Chinese origin and its export needs China's "
            "licence (" + "; ".join(parts) + ")"
        )
