"""PAFACA §2(g)(3)(A): an application operated, directly or indirectly, by ByteDance or an entity
it controls is a foreign adversary controlled application."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ...edits import (
    MoveOperation,
    Option,
)
from ...model import Operation, words
from ..base import CONTROL, Rule, Status
from ..facts import ExactWorld, Facts
from ..flags import Flag, any_of
from ..parameters import CORE_FUNCTIONS
from ..world import World
from ._common import listed


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
        "Congressional Research Service's summary of H.R. 815, Div. H, give them (their "
        "wording may differ from the enrolled text's)"
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
                f"{self._how(world, operator)} runs {listed(functions)}"
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
