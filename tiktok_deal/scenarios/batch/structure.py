"""One *structure*: the scenarios that share every lever's value but the stakes' — one deal at
base stakes, one interpretation — compiled once and then decided on arrays.

Every rule is decided per scenario by its own clause (``Rule.violated``) on the batch's best and
worst worlds; a rule that reads none of the facts stake levers move takes its status from the
exact check of the structure.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ...law import Facts, Interpretation, Rule, rules
from ...law.flags import Value, code
from ...model import Deal
from ...ownership import Basis
from ...report import check
from .rows import Row
from .stakes import Floats, Tracer
from .world import BatchWorld

if TYPE_CHECKING:
    from ..space import Group

__all__ = ["MOVED_BY_STAKES", "Structure"]

#: What stake levers change: rules that read none of it are constant within a structure.
MOVED_BY_STAKES = "stakes"


class Structure:
    """The fast evaluator of one structure: ``deal`` (stakes at base values) read under
    ``interpretation``, the stake columns moving the entities of ``groups``."""

    def __init__(
        self, deal: Deal, interpretation: Interpretation, groups: Sequence[Group], ruleset: str
    ) -> None:
        self.deal, self.interpretation = deal, interpretation
        self.rules: tuple[Rule, ...] = rules(ruleset)
        report = check(deal, ruleset=ruleset, interpretation=interpretation)
        self.constant = np.array([2 * (f.status == "violation") + (f.status == "indeterminate")
                                  for f in report.findings], dtype=np.int8)  # fmt: skip
        self.moving = [i for i, r in enumerate(self.rules) if MOVED_BY_STAKES in r.reads]
        self.facts = Facts(deal, interpretation)
        self.target = deal.target
        self.target_fa = float(self.facts.best.fa_stake(self.target))
        self.method = interpretation.lookthrough
        self.groups = {g.entity: g for g in groups}
        self.rows: dict[str, dict[tuple[str, bool], Row]] = {
            entity: {
                (basis, upper): Row(deal, group, basis, upper=upper)
                for basis in ("equity", "voting")
                for upper in (False, True)
            }
            for entity, group in self.groups.items()
        }
        self.holds: dict[str, set[str]] = defaultdict(set)
        for stake in deal.stakes:
            self.holds[stake.holder].add(stake.of)
        for entity, group in self.groups.items():
            for member in group.members:
                self.holds[member.holder].add(entity)
        self._tracers: dict[tuple[frozenset[str], str, bool], Tracer] = {}
        #: The bases the ``stake`` switch asks for; both under ``stake=max`` when a lever sets
        #: one basis only (the scenarios' votes then differ from their equity).
        one_basis = any(m.equity != m.voting for g in self.groups.values() for m in g.members)
        both: tuple[Basis, ...] = ("equity", "voting")
        self.bases = both if interpretation.stake == "max" and one_basis else self.facts.bases
        self.same_worlds = not self.facts.unknown and not self.facts.ranged

    def tracer(self, sources: frozenset[str], basis: Basis, *, upper: bool) -> Tracer:
        key = (sources, basis, upper)
        if key not in self._tracers:
            self._tracers[key] = Tracer(self, sources, basis, upper=upper)
        return self._tracers[key]

    def evaluate(
        self, cols: Sequence[Value], n: int
    ) -> tuple[npt.NDArray[np.int8], Floats, npt.NDArray[np.bool_]]:
        """Status codes (one row per rule), the target's foreign-adversary stake and the *near*
        flags of ``n`` scenarios whose stake columns are ``cols``."""
        codes = np.empty((len(self.rules), n), dtype=np.int8)
        codes[:] = self.constant[:, None]
        near = np.zeros(n, dtype=bool)
        if not self.groups:
            return codes, np.full(n, self.target_fa), near
        best = BatchWorld(self, cols, near, optimistic=True)
        shared = best.shared if self.same_worlds else None
        worst = BatchWorld(self, cols, near, optimistic=False, shared=shared)
        for i in self.moving:
            rule = self.rules[i]
            codes[i] = code(rule.violated(best), rule.violated(worst))
        fa = best.fa_stake(self.target)
        out = np.broadcast_to(np.asarray(fa, dtype=np.float64), (n,)).copy()
        return codes, out, near
