"""The traced stakes of a batch of scenarios: every entity downstream of a stake lever, per
scenario, in one world of one structure; every other entity keeps its exact figure.

The tracing is the look-through's (``tiktok_deal.ownership``): a link passes on its weight times
what the holder carries (1 for a source, its own traced stake otherwise); under ``control`` a
holding of more than half the votes passes on all; tracing stops at the sources; results are
capped at 1 under ``control`` and in the worst world when stakes are known as ranges. Entities
downstream of levers are evaluated in dependency order, or — when they hold each other in a
cycle — by one small linear system per scenario, solved as a batch. A scenario whose figures
cannot be trusted to ``TOL`` is flagged for the exact path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np
import numpy.typing as npt

from ...law.flags import Value
from ...law.parameters import MORE_THAN_HALF
from ...ownership import Basis, Method, traced_stakes

if TYPE_CHECKING:
    from .structure import Structure

__all__ = ["TOL", "Tracer"]

Floats: TypeAlias = npt.NDArray[np.float64]
Bools: TypeAlias = npt.NDArray[np.bool_]
#: Float figures closer than this to a line are re-decided exactly.
TOL = 1e-9
HALF = float(MORE_THAN_HALF)


class Tracer:
    """The stakes traced to ``sources`` on ``basis`` in one structure, ``upper`` (the worst
    world's reading of ranges) or not."""

    def __init__(
        self, structure: Structure, sources: frozenset[str], basis: Basis, *, upper: bool
    ) -> None:
        deal, method = structure.deal, structure.method
        self.structure, self.sources, self.basis, self.upper = structure, sources, basis, upper
        self.method: Method = method  # type: ignore[assignment]
        self.capped = method == "control" or upper
        self.exact: dict[str, Fraction] = traced_stakes(
            deal.stakes, sources, method=self.method, basis=basis, stop_at=sources, upper=upper
        )
        levered = set(structure.groups)
        varying = set(levered)
        if method != "direct":
            frontier = [e for e in levered if e not in sources]
            while frontier:
                for held in structure.holds.get(frontier.pop(), ()):
                    if held not in varying:
                        varying.add(held)
                        if held not in sources:
                            frontier.append(held)
        self.varying = varying
        self.inner = sorted(e for e in varying if e not in sources)
        inner = set(self.inner)
        edges = {e: [h for h in structure.holds.get(e, ()) if h in inner] for e in self.inner}
        # Under ``direct`` nothing passes on: no order is needed, cross-holdings or not.
        self.order = self.inner if method == "direct" else _topological(self.inner, edges)
        # Constant links into the entities that vary: (holder, weight, votes), exact figures.
        self.links: dict[str, list[tuple[str, Fraction, Fraction]]] = {}
        for e in varying:
            if e in levered:
                continue
            self.links[e] = [
                (s.holder, s.share(basis, upper=upper), s.share("voting", upper=upper))
                for s in structure.facts.holdings.get(e, ())
            ]

    # -- per batch ----------------------------------------------------------------------------
    def values(self, cols: Sequence[Value], near: Bools) -> dict[str, Value]:
        """Every varying entity's traced stake, per scenario (marks ``near`` where a float
        decision could go either way)."""
        x: dict[str, Value] = {}
        if self.order is None:
            return self._cyclic(cols, near)
        for entity in [*self.order, *sorted(self.varying & self.sources)]:
            x[entity] = self._inflow(entity, cols, near, x)
        return x

    def carried(self, holder: str, x: Mapping[str, Value]) -> Value | float:
        """What ``holder`` passes on: 1 for a source, its traced stake otherwise."""
        if holder in self.sources:
            return 1.0
        if holder in x:
            return x[holder]
        return float(self.exact.get(holder, 0))

    def pairs(
        self, entity: str, cols: Sequence[Value], near: Bools, holders: Sequence[str] | None = None
    ) -> list[tuple[str, Any]]:
        """``(holder, weight)`` of the holders of ``entity`` (all, or ``holders``), per scenario
        where they vary; under ``control`` a holding of more than half the votes weighs 1."""
        rows = self.structure.rows.get(entity)
        if rows is not None:
            wanted = rows[self.basis, self.upper].holders if holders is None else holders
            weights = rows[self.basis, self.upper].weights(cols, wanted)
            votes = (
                rows["voting", self.upper].weights(cols, wanted) if self.method == "control" else {}
            )
            out: list[tuple[str, Any]] = []
            for holder, w in weights.items():
                w = float(w) if isinstance(w, Fraction) else w
                if self.method == "control":
                    v = votes[holder]
                    if isinstance(v, np.ndarray):
                        near |= np.abs(v - HALF) < TOL
                    w = np.where(v > HALF, 1.0, w) if isinstance(v, np.ndarray) else (
                        1.0 if v > MORE_THAN_HALF else w
                    )  # fmt: skip
                out.append((holder, w))
            return out
        links = self.links.get(entity, [])
        if holders is not None:
            links = [link for link in links if link[0] in holders]
        control = self.method == "control"
        return [(h, 1.0 if control and v > MORE_THAN_HALF else float(w)) for h, w, v in links]

    def _inflow(
        self, entity: str, cols: Sequence[Value], near: Bools, x: Mapping[str, Value]
    ) -> Value:
        holders = self._carrying(entity, x)
        if self.method == "direct":
            holders = [h for h in holders if h in self.sources]
        total: Any = 0.0
        for holder, w in self.pairs(entity, cols, near, holders):
            total = total + w * self.carried(holder, x)
        if self.capped:
            total = np.minimum(total, 1.0)
        return total  # type: ignore[no-any-return]

    def _carrying(self, entity: str, x: Mapping[str, Value]) -> list[str]:
        """The holders of ``entity`` that carry something (or may, in some scenario)."""
        rows = self.structure.rows.get(entity)
        holders = (
            rows[self.basis, self.upper].holders
            if rows is not None
            else [h for h, _, _ in self.links.get(entity, [])]
        )
        return [h for h in holders if h in self.sources or h in x or self.exact.get(h, 0) != 0]

    def _cyclic(self, cols: Sequence[Value], near: Bools) -> dict[str, Value]:
        """Cross-holdings downstream of a lever: x = min(1, a + W x) or x = a + W x, one small
        system per scenario, solved as a batch."""
        n = len(near)
        inner = self.inner
        index = {e: i for i, e in enumerate(inner)}
        k = len(inner)
        w = np.zeros((n, k, k))
        a = np.zeros((n, k))
        for e in inner:
            for holder, weight in self.pairs(e, cols, near):
                if holder in index:
                    w[:, index[e], index[holder]] += weight
                else:
                    a[:, index[e]] += weight * self.carried(holder, {})
        solved, unsure = _solve(w, a, capped=self.capped)
        near |= unsure
        x: dict[str, Value] = {e: solved[:, index[e]] for e in inner}
        for e in sorted(self.varying & self.sources):
            x[e] = self._inflow(e, cols, near, x)
        return x


def _solve(w: Floats, a: Floats, *, capped: bool) -> tuple[Floats, Bools]:
    """x with x = a + W x (``capped``: the least x = min(1, a + W x)) for each scenario, and
    where the float answer cannot be trusted (saturation, a singular system, a residual too
    large for ``TOL``): those scenarios go the exact way."""
    n, k = a.shape
    eye = np.eye(k)
    # Entities no positive inflow reaches stay at 0 (the least fixed point).
    fed = a > 0
    linked = (w > 0).astype(np.float64)
    for _ in range(k):
        fed = fed | (np.einsum("nij,nj->ni", linked, fed.astype(np.float64)) > 0)
    pinned = ~fed
    sat = np.zeros((n, k), dtype=bool)
    if capped:
        sat = fed & (a + w.sum(axis=2) >= 1.0)
    for _ in range(k + 2):
        fixed = pinned | sat
        m = np.where(fixed[:, :, None], eye, eye - w)
        rhs = np.where(sat, 1.0, np.where(pinned, 0.0, a))
        try:
            x = np.linalg.solve(m, rhs[..., None])[..., 0]
        except np.linalg.LinAlgError:
            return np.zeros((n, k)), np.ones(n, dtype=bool)
        if not capped:
            break
        t = a + np.einsum("nij,nj->ni", w, x)
        new = sat & (t >= 1.0 - TOL)
        if (new == sat).all():
            break
        sat = new
    residual = np.abs(np.where(pinned | sat, 0.0, a + np.einsum("nij,nj->ni", w, x) - x))
    unsure = (
        ~np.isfinite(x).all(axis=1)
        | (x < -TOL).any(axis=1)
        | (residual > TOL / 100).any(axis=1)
        | (capped & ((x >= 1.0 - TOL) | sat).any(axis=1))
    )
    solved = np.clip(np.nan_to_num(x), 0.0, 1.0) if capped else np.nan_to_num(x)
    return solved, np.asarray(unsure, dtype=bool)


def _topological(nodes: list[str], edges: Mapping[str, list[str]]) -> list[str] | None:
    """Kahn's order of ``nodes`` (``edges``: holder → what it holds), or None on a cycle."""
    indegree = dict.fromkeys(nodes, 0)
    for n in nodes:
        for m in edges.get(n, ()):
            indegree[m] += 1
    queue = deque(n for n in nodes if not indegree[n])
    order = []
    while queue:
        n = queue.popleft()
        order.append(n)
        for m in edges.get(n, ()):
            indegree[m] -= 1
            if not indegree[m]:
                queue.append(m)
    return order if len(order) == len(nodes) else None
