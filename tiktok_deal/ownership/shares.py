"""Each source's own share of one entity's figure, from one transposed solve.

The figure of a (linear) target t is x_t = eᵀ (I - W)^-1 B 1, where B holds the links from the
sources: one solve of the transposed system, y = (I - W)^-T e, gives y_v, how much of t each
variable v passes on, and the share of source s is the sum over its links s -> v of w·y_v —
exact, and adding up exactly to x_t. Tracing of one source stops at the other sources too,
because sources are not variables.

Under a capped method (control, or ranges at their top) the system left once the saturated
entities are fixed at 1 is linear: the saturated entities are then terminals like the sources,
each with its share, and the parts add up to the figure. A saturated target's figure, 1, is split
in proportion to what flows into it (which then adds up to more than 1): it may name itself,
when what flows into it comes back round a cycle through it.
"""

from __future__ import annotations

from collections import defaultdict

import attrs
import flint

from .exact import ExactTrace
from .lu import Budget

__all__ = ["Influence", "influence"]

fmpq = flint.fmpq
ZERO, ONE = fmpq(0), fmpq(1)


@attrs.frozen(eq=False)
class Influence:
    """``y[v]``: how much of the target's figure each free variable upstream passes on per unit
    of its own value; ``direct``: (link, terminal, share) of the terminals' links straight into
    a target that is not a free variable; ``target_free``: the target is a free variable."""

    y: dict[int, flint.fmpq]
    direct: list[tuple[int, int, flint.fmpq]]
    target_free: bool
    scale: flint.fmpq

    def shares(self, ex: ExactTrace) -> dict[int, flint.fmpq]:
        """Each terminal's share (sources, and saturated entities under a capped method)."""
        out: dict[int, flint.fmpq] = defaultdict(lambda: ZERO)
        for _, h, s in self.direct:
            out[h] += s
        for v, yv in self.y.items():
            if yv:
                for _, h, w in ex.holders(v):
                    if terminal(ex, h):
                        out[h] += w * yv
        return {h: s for h, s in out.items() if s}


def terminal(ex: ExactTrace, entity: int) -> bool:
    """A source, or (capped) a saturated variable: passes on 1, not looked through further."""
    if entity in ex.sources:
        return True
    comp = ex.component_of.get(entity)
    return comp is not None and entity in comp.saturated


def free(ex: ExactTrace, entity: int) -> bool:
    """A variable of the linear system (not saturated)."""
    comp = ex.component_of.get(entity)
    return comp is not None and entity not in comp.saturated


def influence(ex: ExactTrace, target: int, budget: Budget) -> Influence | None:
    """The transposed solve for ``target``, or None when its figure is not exact in budget."""
    value = ex.value(target, budget)
    if value is None:
        return None
    seeds: dict[int, flint.fmpq] = defaultdict(lambda: ZERO)
    direct: list[tuple[int, int, flint.fmpq]] = []
    target_free = target in ex.variables and free(ex, target)
    scale = ONE
    if target_free:
        seeds[target] = ONE
    else:
        inflow = ex.inflow(target)
        assert inflow is not None  # the value is exact, so is what flows in
        if ex.capped and inflow > ONE:
            scale = ONE / inflow
        for k, h, w in ex.holders(target):
            if terminal(ex, h):
                direct.append((k, h, w * scale))
            elif free(ex, h):
                seeds[h] += w * scale
    up = ex.upstream(list(seeds)) or []
    comps = sorted({id(c): c for c in (ex.component_of[v] for v in up)}.values(),
                   key=lambda c: -c.rank)  # fmt: skip
    y: dict[int, flint.fmpq] = {}
    for comp in comps:
        if not comp.free:
            continue
        inside = set(comp.members)
        d = []
        for v in comp.free:
            total = seeds.get(v, ZERO)
            for _, k, w in ex.holdings(v):
                yk = y.get(k)
                if yk and k not in inside:
                    total += w * yk
            d.append(total)
        if comp.lu is None:
            y[comp.free[0]] = d[0]
        else:
            y.update(zip(comp.free, comp.lu.solve_transposed(d, budget), strict=True))
    return Influence(y, direct, target_free, scale)
