"""A world of a batch of scenarios: the law's ``World`` over arrays.

It gives the four primitives the rules and the closures of §2(g)(1) are written against — the
entities that reach the 20 % line, votes held, and the two comparisons with a line — per
scenario. Figures that no lever moves are the exact path's; figures that move are floats, and a
comparison that lands within ``TOL`` of its line marks the scenario *near*, for an exact
re-decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from ...law.flags import Flag, Value, is_false
from ...law.world import World
from .stakes import TOL, Bools

if TYPE_CHECKING:
    from .structure import Structure

__all__ = ["BatchWorld"]


def _float(value: Any) -> Any:
    return float(value) if isinstance(value, Fraction) else value


class BatchWorld(World):
    """``structure``'s deal in the best (``optimistic``) or worst world, for the scenarios whose
    stake columns are ``cols``; ``near`` collects the scenarios to re-decide exactly."""

    def __init__(
        self,
        structure: Structure,
        cols: Sequence[Value],
        near: Bools,
        *,
        optimistic: bool,
        shared: dict[str, Any] | None = None,
    ) -> None:
        exact = structure.facts.best if optimistic else structure.facts.worst
        super().__init__(
            structure.facts,
            exact.persons,
            exact.china_persons,
            optimistic=optimistic,
            shared=shared,
        )
        self.structure, self.cols, self.near = structure, cols, near
        self.exact = exact
        self.upper = exact.upper

    # -- primitives ------------------------------------------------------------------------------
    def reaching(self, *, china: bool = False) -> dict[str, Flag]:
        return self._once(f"reaching {china}", lambda: self._reaching(china))

    def _reaching(self, china: bool) -> dict[str, Flag]:
        sources = self.china_persons if china else self.persons
        varying = self.stakes(sources)
        found: dict[str, Flag] = {
            e: flag for e, flag in self.exact.reaching(china=china).items() if e not in varying
        }
        line = self.facts.threshold
        for entity, value in varying.items():
            flag = self.at_least(value, line)
            if not is_false(flag):
                found[entity] = flag
        return found

    def stakes(self, sources: frozenset[str]) -> dict[str, Value]:
        """The traced stake of every entity a lever moves (the larger basis under
        ``stake=max``), per scenario."""
        return self._once(f"stakes {sorted(sources)}", lambda: self._stakes(sources))

    def _stakes(self, sources: frozenset[str]) -> dict[str, Value]:
        per_basis = [
            self.structure.tracer(sources, basis, upper=self.upper).values(self.cols, self.near)
            for basis in self.structure.bases
        ]
        if len(per_basis) == 1:
            return per_basis[0]
        first, second = per_basis
        return {e: np.maximum(_float(first[e]), _float(second[e])) for e in first}

    def fa_stake(self, entity: str) -> Value:
        """The foreign-adversary stake in ``entity``, per scenario where a lever moves it."""
        varying = self.stakes(self.persons)
        if entity in varying:
            return varying[entity]
        return self.exact.fa_stake(entity)

    def weights(self, entity: str, basis: str, holders: Sequence[str]) -> dict[str, Value]:
        """The weights of ``holders`` in the levered ``entity``, per scenario (once a batch)."""
        key = (entity, basis, tuple(holders))
        cache = self.shared.setdefault("weights", {})
        if key not in cache:
            row = self.structure.rows[entity][basis, self.upper]
            cache[key] = row.weights(self.cols, holders)
        return cache[key]  # type: ignore[no-any-return]

    def votes_held(self, entity: str, by: Mapping[str, Flag]) -> Value:
        flagged = [h for h, f in by.items() if not is_false(f)]
        rows = self.structure.rows.get(entity)
        if rows is not None:
            weights = self.weights(entity, "voting", flagged)
        else:
            weights = {
                s.holder: s.share("voting", upper=self.upper)
                for s in self.facts.holdings.get(entity, ())
                if s.holder in flagged
            }
        held = [(w, by[h]) for h, w in weights.items()]
        if all(isinstance(w, Fraction) and isinstance(f, bool | np.bool_) for w, f in held):
            return sum((w for w, _ in held), Fraction(0))  # exact: nothing here varies
        return sum((_float(w) * f for w, f in held), 0.0)

    def at_least(self, value: Value, line: Fraction) -> Flag:
        if isinstance(value, Fraction | int):
            return bool(value >= line)
        return self._compare(value, float(line), strict=False)

    def more_than(self, value: Value, line: Fraction) -> Flag:
        if isinstance(value, Fraction | int):
            return bool(value > line)
        return self._compare(value, float(line), strict=True)

    def _compare(self, value: Any, line: float, *, strict: bool) -> Flag:
        """``value`` (floats) against ``line``: settled by the extremes when every scenario is
        clear of it; otherwise per scenario, the ones within ``TOL`` marked near."""
        values = np.asarray(value, dtype=np.float64)
        if values.size and values.min() > line + TOL:
            return True
        if values.size and values.max() < line - TOL:
            return False
        self.near |= (values > line - TOL) & (values < line + TOL)
        return np.asarray(values > line) if strict else np.asarray(values >= line)
