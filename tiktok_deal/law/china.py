"""China's export control of recommendation technology (law.md §3).

The 2020-08-28 revision of the Catalogue of Technologies Prohibited or Restricted from Export put
"personalized information push service technology based on data analysis" on the restricted list
(item 056101X); exporting it needs a technology export licence (Export Control Law, in force
2020-12-01). PAFACA bars *cooperation* on the algorithm while China requires a licence to *export*
it: a licence-and-retrain structure needs both, a rebuild from scratch neither.
"""

from __future__ import annotations

from ..model import Arrangement
from .base import Finding, Rule, Status
from .facts import Facts

__all__ = ["ExportLicence"]

EXPORTS = ("algorithm_license", "algorithm_cooperation")


class ExportLicence(Rule):
    """An algorithm licence or cooperation with a party linked to China exports restricted
    technology: it needs China's export licence. Denied or not sought is a violation; pending or
    unknown is indeterminate."""

    id = "china.export_licence"
    citation = "PRC export-restricted technology catalogue (2020) item 056101X; Export Control Law"
    title = "China's export licence for the recommendation algorithm"
    leaves_out = (
        "Which provincial authority decides, and whether a rebuilt algorithm still embodies the "
        "restricted technology."
    )

    def evaluate(self, facts: Facts) -> Finding:
        deal = facts.deal
        exports = [a for a in deal.arrangements if a.kind in EXPORTS]
        linked = [a for a in exports if deal.parties[a.counterparty].countries & facts.china]
        maybe = [a for a in exports if a.counterparty in facts.unknown]
        if not linked and not maybe:
            return self.finding(
                Status.COMPLIANT,
                "No algorithm licence or cooperation with a party linked to China: nothing "
                "restricted is exported.",
            )
        subject = self._subject(facts, linked or maybe)
        licence = deal.export_licence
        if licence == "granted":
            return self.finding(Status.COMPLIANT, f"{subject}; China's export licence is granted.")
        if licence in ("denied", "not_sought") and linked:
            said = "denied" if licence == "denied" else "not sought"
            return self.finding(
                Status.VIOLATION, f"{subject}, but China's export licence is {said}."
            )
        state = "pending" if licence == "pending" else "not stated"
        if not linked:
            state += ", and the counterparty's link to China is unknown"
        return self.finding(Status.INDETERMINATE, f"{subject}; China's export licence is {state}.")

    def _subject(self, facts: Facts, arrangements: list[Arrangement]) -> str:
        parts = [
            f"{a.kind.replace('_', ' ')} with {facts.describe(a.counterparty)}"
            for a in arrangements
        ]
        return (
            "Exporting the recommendation technology needs China's licence ("
            + "; ".join(parts)
            + ")"
        )
