"""The numeric half of the fast path: stake rows as functions of the stake columns, and the
traced foreign-adversary stake of every entity downstream of a lever, per world (see ``fast``)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import numpy.typing as npt

from ..law.facts import World
from ..model import Deal
from ..ownership import traced_stakes
from .changes import Group
from .levers import UNNAMED

if TYPE_CHECKING:
    from .fast import Compiled

__all__ = ["Row", "WorldModel", "is_zero"]

Floats: TypeAlias = npt.NDArray[np.float64]
Bools: TypeAlias = npt.NDArray[np.bool_]
Value: TypeAlias = "float | Floats"
Flag: TypeAlias = "bool | Bools"


class Row:
    """The holdings of one levered entity on one basis, as functions of the stake columns."""

    def __init__(self, deal: Deal, group: Group, basis: str) -> None:
        held = {s.holder: s for s in deal.holdings_in(group.entity)}
        weight = {h: (s.equity if basis == "equity" else s.votes) for h, s in held.items()}
        self.levered = [(m.holder, m.column) for m in group.members if m.sets(basis)]
        names = {h for h, _ in self.levered}
        self.old = sum((weight.get(h, Fraction(0)) for h in names), Fraction(0))
        self.mode = "scale" if group.balance is None else "fixed"
        self.balance = group.balance if group.balance not in (None, UNNAMED) else None
        extra = [m.holder for m in group.members] + ([self.balance] if self.balance else [])
        for holder in extra:
            weight.setdefault(holder, Fraction(0))
        self.rest = [(h, w) for h, w in weight.items() if h not in names]

    def _factor(self, x: Sequence[Floats]) -> Value:
        if self.old == 1:
            return 0.0
        new = sum((x[c] for _, c in self.levered), np.zeros_like(x[0]))
        return (1.0 - new) / float(1 - self.old)

    def _shift(self, x: Sequence[Floats]) -> Floats:
        new = sum((x[c] for _, c in self.levered), np.zeros_like(x[0]))
        return float(self.old) - new

    def weights(
        self, x: Sequence[Floats], only: Callable[[str], bool] | None = None
    ) -> list[tuple[str, Value, Fraction | None]]:
        """``(holder, weight, exact weight or None when it varies)`` for every holder (or for
        those that ``only`` accepts)."""
        out: list[tuple[str, Value, Fraction | None]] = [
            (h, x[c], None) for h, c in self.levered if only is None or only(h)
        ]
        rest = [(h, w) for h, w in self.rest if only is None or only(h)]
        factor = self._factor(x) if self.mode == "scale" and rest else None
        for holder, w in rest:
            if factor is not None and w:
                out.append((holder, factor * float(w), None))
            elif holder == self.balance:
                out.append((holder, float(w) + self._shift(x), None))
            else:
                out.append((holder, float(w), w))
        return out

    def dot(self, x: Sequence[Floats], carried: Callable[[str], Value]) -> Value:
        """Σ weight·carried over the holders, with the rescaling factored out."""
        total: Value = 0.0
        for holder, column in self.levered:
            c = carried(holder)
            if not is_zero(c):
                total = total + x[column] * c
        rest: Value = 0.0
        for holder, w in self.rest:
            c = carried(holder)
            if w and not is_zero(c):
                rest = rest + float(w) * c
        if self.mode == "scale" and not is_zero(rest):
            rest = rest * self._factor(x)
        if self.balance is not None:
            c = carried(self.balance)
            if not is_zero(c):
                rest = rest + self._shift(x) * c
        return total + rest


def is_zero(value: Value | Flag) -> bool:
    return isinstance(value, float | bool | int) and not value


def _topological(nodes: set[str], edges: dict[str, set[str]]) -> list[str] | None:
    """Kahn's order of ``nodes`` under ``edges`` (holder → held), or None on a cycle."""
    indegree = dict.fromkeys(nodes, 0)
    for n in nodes:
        for m in edges.get(n, ()):
            if m in nodes:
                indegree[m] += 1
    queue = deque(sorted(n for n, d in indegree.items() if not d))
    order = []
    while queue:
        n = queue.popleft()
        order.append(n)
        for m in sorted(edges.get(n, ())):
            if m in nodes:
                indegree[m] -= 1
                if not indegree[m]:
                    queue.append(m)
    return order if len(order) == len(nodes) else None


class WorldModel:
    """One resolution of unknown jurisdictions (``World``) of one structure, compiled."""

    def __init__(self, compiled: Compiled, world: World) -> None:
        self.c = compiled
        deal, method = compiled.deal, compiled.method
        self.sources = world.adversary_persons
        self.world = world
        levered = set(compiled.rows)
        self.exact: dict[str, dict[str, Fraction]] = {
            b: traced_stakes(deal.stakes, self.sources, method=method, basis=b)  # type: ignore[arg-type]
            for b in compiled.bases
        }
        varying = set(levered)
        if method != "direct":
            frontier = [e for e in levered if e not in self.sources]
            while frontier:
                for held in compiled.holds.get(frontier.pop(), ()):
                    if held not in varying:
                        varying.add(held)
                        if held not in self.sources:
                            frontier.append(held)
        self.varying = varying
        inner = {n for n in varying if n not in self.sources}
        if method == "direct":  # only direct holdings count: nothing propagates
            self.order: list[str] | None = sorted(varying)
        else:
            self.order = _topological(varying, {n: compiled.holds.get(n, set()) for n in inner})
        if self.order is None and method == "control":
            compiled.supported = False
        threshold = compiled.threshold
        fixed = set(self.sources) | {
            p for p in deal.parties if p not in varying and world.fa_stake(p) >= threshold
        }
        self.low = compiled.closure(fixed, assume=set())
        self.high = compiled.closure(fixed | (varying - self.sources), assume=levered)
        self.open = sorted(self.high - self.low)

    def carried(self, basis: str, x: dict[str, Value]) -> Callable[[str], Value]:
        if self.c.method == "direct":
            return lambda h: 1.0 if h in self.sources else 0.0
        exact = self.exact[basis]

        def carried(holder: str) -> Value:
            if holder in self.sources:
                return 1.0
            if holder in x:
                return x[holder]
            return float(exact.get(holder, 0))

        return carried

    def values(self, basis: str, cols: Sequence[Floats], near: Bools) -> dict[str, Value]:
        """Every varying entity's traced stake on ``basis``."""
        c = self.c
        x: dict[str, Value] = {}
        carried = self.carried(basis, x)
        if self.order is None:
            return self._solve(basis, cols, carried)
        for entity in self.order:
            row = c.rows.get(entity)
            if c.method == "control":
                pairs = c.control_weights(entity, basis, cols, near, carried)
                total: Value = sum((w * carried(h) for h, w in pairs), 0.0)
                x[entity] = np.minimum(total, 1.0)
            elif row is not None:
                x[entity] = row[basis].dot(cols, carried)
            else:
                x[entity] = sum(
                    (float(w) * carried(h) for h, w in c.links[basis][entity].items()), 0.0
                )
        return x

    def _solve(
        self, basis: str, cols: Sequence[Floats], carried: Callable[[str], Value]
    ) -> dict[str, Value]:
        """``multiply`` with cross-holdings downstream of a lever: x = a + W x, per scenario."""
        c, n = self.c, len(cols[0])
        inner = sorted(e for e in self.varying if e not in self.sources)
        index = {e: i for i, e in enumerate(inner)}
        m = len(inner)
        matrix = np.broadcast_to(np.eye(m), (n, m, m)).copy()
        rhs = np.zeros((n, m))
        for e in inner:
            row = c.rows.get(e)
            pairs = (
                [(h, w) for h, w, _ in row[basis].weights(cols)]
                if row is not None
                else [(h, float(w)) for h, w in c.links[basis][e].items()]
            )
            for holder, w in pairs:
                if holder in index:
                    matrix[:, index[e], index[holder]] -= w
                else:
                    rhs[:, index[e]] += w * carried(holder)
        solved = np.asarray(np.linalg.solve(matrix, rhs[..., None])[..., 0], dtype=np.float64)
        x: dict[str, Value] = {e: solved[:, index[e]] for e in inner}
        carried2 = self.carried(basis, x)
        for e in sorted(self.varying & self.sources):
            row = c.rows.get(e)
            x[e] = (
                row[basis].dot(cols, carried2)
                if row is not None
                else sum((float(w) * carried2(h) for h, w in c.links[basis][e].items()), 0.0)
            )
        return x
