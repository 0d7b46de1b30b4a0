"""The vectorized path: one *structure* (every non-stake lever fixed) evaluated on arrays of stakes.

Within a structure only stakes move, so the work is split once (``Compiled``) and then done on
float64 arrays:

* Each levered entity's holdings are a row whose weights are affine in the stake columns (the
  rescaling rule of ``levers``). What each holder *carries* (1 for a foreign-adversary person, its
  own traced stake otherwise) is exact and fixed unless the holder lies downstream of a lever.
  Entities downstream of levers are evaluated in topological order; if they form a cycle,
  ``multiply`` solves the batch of linear systems (``numpy.linalg.solve``) and ``control`` defers
  to the exact path.
* Who is "controlled by a foreign adversary" (contract §3.3) is a monotone closure. Its bounds over
  every scenario are found exactly once; only the parties between them are decided per scenario,
  as boolean arrays.
* Rules that no stake can move (``fa_person``, ``china.export_licence``, board terms) take their
  status from the exact path on the structure's deal.

Every comparison of a float with a line (20 % stake, half the votes) that lands within ``TOL`` of
it marks the scenario *near*; near scenarios are re-decided exactly by the caller.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

from ..law import Facts, Interpretation, Status, rules
from ..law.facts import World
from ..law.pafaca import _RelationshipRule
from ..model import Deal
from ..report import check
from .changes import BASIS, Group
from .numeric import Row, WorldModel, is_zero

__all__ = ["CODES", "STATUSES", "TOL", "Compiled"]

Floats: TypeAlias = npt.NDArray[np.float64]
Bools: TypeAlias = npt.NDArray[np.bool_]
Value: TypeAlias = "float | Floats"
Flag: TypeAlias = "bool | Bools"

#: Status codes, ordered so that the verdict (contract §3.3) is the maximum.
STATUSES: tuple[str, ...] = ("compliant", "indeterminate", "violation")
CODES = {Status(s): i for i, s in enumerate(STATUSES)}
#: Float results closer than this to a line are re-decided exactly.
TOL = 1e-9
HALF = Fraction(1, 2)
STAKE_FREE = {
    "pafaca.fa_person",
    "china.export_licence",
    "terms.board_us_majority",
    "terms.government_seat",
}
VECTOR = {
    "pafaca.fa_ownership",
    "pafaca.fa_direction",
    "pafaca.algorithm_cooperation",
    "pafaca.data_sharing",
    "pafaca.operational_relationship",
    "terms.security_committee",
}


class Compiled:
    """The fast evaluator of one structure: ``deal`` (stakes at base values) read under
    ``interpretation``, the stake columns moving the entities of ``groups``."""

    def __init__(
        self, deal: Deal, interpretation: Interpretation, groups: Sequence[Group], ruleset: str
    ) -> None:
        self.deal, self.interpretation = deal, interpretation
        self.rules = rules(ruleset)
        self.report = check(deal, ruleset=ruleset, interpretation=interpretation)
        self.constant = np.array([CODES[f.status] for f in self.report.findings], dtype=np.int8)
        target = deal.target
        # Stakes known only as ranges (and rules this module does not know) go the exact way.
        self.supported = all(r.id in STAKE_FREE | VECTOR for r in self.rules) and not any(
            s.is_range for s in deal.stakes
        )
        self.facts = facts = Facts(deal, interpretation)
        self.target_fa = float(facts.best.fa_stake(target))  # the finding's value (§3.2)
        self.threshold = facts.threshold
        self.method = interpretation.lookthrough
        stake = interpretation.stake
        self.bases = BASIS if stake == "max" else (stake,)
        self.links: dict[str, dict[str, dict[str, Fraction]]] = {
            b: defaultdict(dict) for b in BASIS
        }
        self.holds: dict[str, set[str]] = defaultdict(set)
        for s in deal.stakes:
            for b in BASIS:
                w = s.equity if b == "equity" else s.votes
                self.links[b][s.of][s.holder] = (
                    Fraction(1) if self.method == "control" and s.votes > HALF else w
                )
            self.holds[s.holder].add(s.of)
        for g in groups:
            for m in g.members:
                self.holds[m.holder].add(g.entity)
        self.rows: dict[str, dict[str, Row]] = {
            g.entity: {b: Row(deal, g, b) for b in BASIS} for g in groups
        }
        self.same_bases = all(
            s.voting is None or s.voting == s.equity for s in deal.stakes
        ) and all(m.equity and m.voting for g in groups for m in g.members)
        if self.same_bases:
            self.bases = ("equity",)
        self.best = WorldModel(self, facts.best) if groups else None
        self.worst = WorldModel(self, facts.worst) if groups and facts.unknown else self.best
        self.target = target

    # -- exact closure bounds -----------------------------------------------------------------
    def closure(self, start: set[str], *, assume: set[str]) -> set[str]:
        """The controlled parties from ``start`` (contract §3.3), with ``assume`` taken as
        directed; the direct votes of levered entities are ignored unless assumed."""
        deal, controlled = self.deal, set(start)
        changed = True
        while changed:
            changed = False
            for entity in sorted(deal.parties):
                if entity in controlled:
                    continue
                if entity in assume or self._directed_exact(entity, controlled):
                    controlled.add(entity)
                    changed = True
        return controlled

    def _directed_exact(self, entity: str, controlled: set[str]) -> bool:
        deal = self.deal
        seats = deal.seats_of(entity)
        if 2 * sum(s.appointed_by in controlled for s in seats) > len(seats):
            return True
        if any(r.holder in controlled for r in deal.rights_over(entity)):
            return True
        if entity in self.rows:
            return False
        votes = sum(
            (s.votes for s in deal.holdings_in(entity) if s.holder in controlled), Fraction(0)
        )
        return votes > HALF

    # -- per-scenario pieces ------------------------------------------------------------------
    def control_weights(
        self,
        entity: str,
        basis: str,
        cols: Sequence[Floats],
        near: Bools,
        carried: Callable[[str], Value],
    ) -> list[tuple[str, Value]]:
        """``control`` look-through: a holder with more than half the votes passes on all (only
        holders that carry something matter)."""
        row = self.rows.get(entity)
        if row is None:
            return [(h, float(w)) for h, w in self.links[basis][entity].items()]

        def carries(holder: str) -> bool:
            return not is_zero(carried(holder))

        votes = {h: (w, e) for h, w, e in row["voting"].weights(cols, carries)}
        pairs: list[tuple[str, Value]] = []
        for holder, w, _ in row[basis].weights(cols, carries):
            vote, exact = votes[holder]
            if exact is not None:
                pairs.append((holder, 1.0 if exact > HALF else w))
            elif isinstance(vote, float):
                pairs.append((holder, 1.0 if vote > 0.5 else w))
            elif vote.max() < 0.5 - TOL:  # no majority anywhere in this batch
                pairs.append((holder, w))
            else:
                near |= np.abs(vote - 0.5) < TOL
                pairs.append((holder, np.where(vote > 0.5, 1.0, w)))
        return pairs

    def _indicator(
        self, model: WorldModel, state: dict[str, Flag], exclude: str | None
    ) -> Callable[[str], Flag]:
        def controlled(party: str) -> Flag:
            if party == exclude:
                return False
            if party in model.low:
                return True
            return state.get(party, False)

        return controlled

    def _directed(
        self,
        entity: str,
        model: WorldModel,
        state: dict[str, Flag],
        cols: Sequence[Floats],
        near: Bools,
        exclude: str | None = None,
    ) -> Flag:
        """Per scenario: parties controlled in ``state`` direct ``entity`` (contract §3.3)."""
        deal, ind = self.deal, self._indicator(model, state, exclude)
        seats = deal.seats_of(entity)
        count: int | npt.NDArray[np.int_] = 0
        for seat in seats:
            count = count + ind(seat.appointed_by)
        result: Flag = (
            bool(2 * count > len(seats)) if isinstance(count, int) else 2 * count > len(seats)
        )
        for right in deal.rights_over(entity):
            result = result | ind(right.holder)
        row = self.rows.get(entity)
        if row is not None:
            votes: Value = row["voting"].dot(cols, lambda h: ind(h))  # type: ignore[arg-type,return-value]
        else:
            held = [(s.votes, ind(s.holder)) for s in deal.holdings_in(entity)]
            if all(isinstance(f, bool) for _, f in held):
                return result | (sum((w for w, f in held if f), Fraction(0)) > HALF)
            votes = sum((float(w) * f for w, f in held if not is_zero(f)), 0.0)  # type: ignore[assignment]
        if isinstance(votes, float):
            return result | (votes > 0.5)
        near |= np.abs(votes - 0.5) < TOL
        return result | (votes > 0.5)

    def _controlled(
        self, model: WorldModel, fa: Callable[[str], Value], cols: Sequence[Floats], near: Bools
    ) -> dict[str, Flag]:
        state: dict[str, Flag] = {}
        line = float(self.threshold)
        for party in model.open:
            if party in model.varying and party not in model.sources:
                value = fa(party)
                if not isinstance(value, float):
                    near |= np.abs(value - line) < TOL
                state[party] = value >= line
            else:
                state[party] = False
        for _ in range(len(model.open)):
            changed = False
            for party in model.open:
                directed = self._directed(party, model, state, cols, near)
                if isinstance(directed, bool) and not directed:
                    continue
                new = state[party] | directed
                if not isinstance(new, bool) or new is not state[party]:
                    changed = changed or not np.array_equal(new, state[party])
                state[party] = new
            if not changed:
                break
        return state

    def evaluate(
        self, cols: Sequence[Floats], n: int
    ) -> tuple[npt.NDArray[np.int8], Floats, Bools]:
        """Status codes (one row per rule), the target's foreign-adversary stake and the *near*
        flags of ``n`` scenarios whose stake columns are ``cols``."""
        codes = np.empty((len(self.rules), n), dtype=np.int8)
        codes[:] = self.constant[:, None]
        near = np.zeros(n, dtype=bool)
        fa_out = np.full(n, self.target_fa)
        if self.best is None:
            return codes, fa_out, near
        best, worst = self.best, self.worst
        assert worst is not None
        worlds = [best] if worst is best else [best, worst]
        fas, states = [], []
        for model in worlds:
            assert model is not None
            xs = [model.values(b, cols, near) for b in self.bases]
            fa = _max_of(xs, model.world)
            fas.append(fa)
            states.append(self._controlled(model, fa, cols, near))
        if len(worlds) == 1:
            fas.append(fas[0])
            states.append(states[0])
        target, line = self.target, float(self.threshold)
        ids = [r.id for r in self.rules]
        if target in best.varying | worst.varying:
            low, high = fas[0](target), fas[1](target)
            for value in (low, high):
                if not isinstance(value, float):
                    near |= np.abs(value - line) < TOL
            fa_out[:] = low
            if "pafaca.fa_ownership" in ids:
                codes[ids.index("pafaca.fa_ownership")] = _status(low >= line, high >= line)
        direction = [
            self._directed(target, m, s, cols, near, exclude=target)
            for m, s in zip((best, worst), states, strict=True)
        ]
        if "pafaca.fa_direction" in ids and not all(isinstance(d, bool) for d in direction):
            codes[ids.index("pafaca.fa_direction")] = _status(*direction)
        for i, rule in enumerate(self.rules):
            parties = self._watched(rule)
            if parties is None:
                continue
            flags = []
            for model, state in zip((best, worst), states, strict=True):
                ind = self._indicator(model, state, None)
                flag: Flag = False
                for party in parties:
                    flag = flag | ind(party)
                flags.append(flag)
            if not all(isinstance(f, bool) for f in flags):
                codes[i] = _status(*flags)
        return codes, fa_out, near

    def _watched(self, rule: object) -> list[str] | None:
        """The parties whose control decides a relationship or committee rule."""
        deal, facts = self.deal, self.facts
        if isinstance(rule, _RelationshipRule):
            return [
                a.counterparty
                for a in deal.arrangements
                if rule.applies(a, facts) and facts.formerly_affiliated(a.counterparty)
            ]
        if getattr(rule, "id", "") == "terms.security_committee":
            return [
                s.appointed_by for s in deal.seats_of(deal.target) if "security" in s.committees
            ]
        return None


def _max_of(xs: list[dict[str, Value]], world: World) -> Callable[[str], Value]:
    """The foreign-adversary stake of an entity: the larger basis (``stake=max``), from the
    arrays where it varies, else exact."""

    def fa(entity: str) -> Value:
        if entity not in xs[0]:
            return float(world.fa_stake(entity))
        values = [x[entity] for x in xs]
        if len(values) == 1:
            return values[0]
        if all(isinstance(v, float) for v in values):
            return max(values)
        return np.maximum(values[0], values[1])

    return fa


def _status(certain: Flag, possible: Flag) -> npt.NDArray[np.int8] | int:
    """Violation where ``certain``, indeterminate where only ``possible``, else compliant."""
    code = np.asarray(possible, dtype=np.int8) + np.asarray(certain, dtype=np.int8)
    return code
