"""Routes: how each share reaches an entity, for an explanation.

A route runs from a terminal (a source; under a capped method also a saturated entity) to the
entity: links, and for each cross-holding passed, one step naming the whole strongly connected
component with the share of it that goes from where the route enters to where it leaves — the
(exit, entry) entry of (I - W)^-1 over the component's linear part, which counts every way
round its cycles. A route's share is the product of its links times those factors; all routes
together add up exactly to the figure. They are listed largest first (a best-first search,
guided by the transposed solve: a route's prefix times y at its end is what all its completions
carry together, so routes come out in order); past ``limit`` rows one remainder row (no route)
carries the rest.
"""

from __future__ import annotations

import heapq
import itertools
from fractions import Fraction

import attrs
import flint

from .exact import Component, ExactTrace
from .figure import Figure, exact_figure
from .lu import Budget, OverBudget
from .shares import Influence, terminal

__all__ = ["Cycle", "Link", "Route", "find_routes"]

fmpq = flint.fmpq
ONE = fmpq(1)
EXPANSIONS_PER_ROW = 200  # search steps allowed per row asked for (the rest: the remainder)


@attrs.frozen
class Link:
    """``holder`` holds ``weight`` of ``held``; ``controlling``: counted as 100 % (control)."""

    holder: str
    held: str
    weight: Fraction
    controlling: bool = False


@attrs.frozen
class Cycle:
    """A cross-holding passed as one step: entered at ``entry``, left from ``exit``; ``factor``
    is the share of what enters at ``entry`` that ``exit`` carries, every way round."""

    members: tuple[str, ...]
    entry: str
    exit: str
    factor: Fraction


@attrs.frozen
class Route:
    """One row: ``source`` → ``path`` → the entity, carrying ``share``. The remainder row (past
    the limit) has ``source`` and ``path`` None."""

    source: str | None
    path: tuple[Link | Cycle, ...] | None
    share: Figure


def _fraction(q: flint.fmpq) -> Fraction:
    return Fraction(int(q.p), int(q.q))


class _Search:
    def __init__(self, ex: ExactTrace, target: int, inf: Influence, budget: Budget) -> None:
        self.ex, self.target, self.inf, self.budget = ex, target, inf, budget
        self.ids = ex.graph.ids
        self.rows: dict[tuple[int, int], dict[int, flint.fmpq]] = {}
        self._exits: dict[int, list[int]] = {}

    def link(self, k: int, h: int, e: int, w: flint.fmpq) -> Link:
        return Link(self.ids[h], self.ids[e], _fraction(w), self.ex.controlling(k))

    def exits(self, comp: Component) -> list[int]:
        """Members through which what flows in the component goes on towards the target."""
        key = comp.rank
        if key not in self._exits:
            ex, y, inside = self.ex, self.inf.y, set(comp.members)
            out = []
            for e in comp.free:
                if e == self.target or any(
                    j not in inside and (y.get(j) or j == self.target) for _, j, _ in ex.holdings(e)
                ):
                    out.append(e)
            self._exits[key] = out
        return self._exits[key]

    def row(self, comp: Component, exit_: int) -> dict[int, flint.fmpq]:
        """Row ``exit_`` of (I - W)^-1 over the component's linear part (a transposed solve):
        what of each member's inflow reaches ``exit_``."""
        key = (comp.rank, exit_)
        if key not in self.rows:
            assert comp.lu is not None
            rhs = [ONE if v == exit_ else fmpq(0) for v in comp.free]
            solved = comp.lu.solve_transposed(rhs, self.budget)
            self.rows[key] = dict(zip(comp.free, solved, strict=True))
        return self.rows[key]

    def steps(self, at: int) -> list[tuple[flint.fmpq, tuple[Link | Cycle, ...], int | None]]:
        """Ways on from variable ``at`` (just entered): (factor, hops, next variable or None for
        the end at the target)."""
        ex, y = self.ex, self.inf.y
        comp = ex.component_of[at]
        exits: list[tuple[flint.fmpq, tuple[Link | Cycle, ...], int]] = []
        if comp.lu is None:
            exits.append((ONE, (), at))
        else:
            members = tuple(self.ids[v] for v in comp.members)
            for e in self.exits(comp):
                f = self.row(comp, e)[at]
                if f:
                    cycle = Cycle(members, self.ids[at], self.ids[e], _fraction(f))
                    exits.append((f, (cycle,), e))
        out: list[tuple[flint.fmpq, tuple[Link | Cycle, ...], int | None]] = []
        inside = set(comp.members)
        for f, hops, e in exits:
            if e == self.target and self.inf.target_free:
                out.append((f, hops, None))
                continue
            for k, j, w in ex.holdings(e):
                if j in inside:
                    continue
                if j == self.target and not self.inf.target_free:
                    out.append((f * w * self.inf.scale, (*hops, self.link(k, e, j, w)), None))
                elif y.get(j):
                    out.append((f * w, (*hops, self.link(k, e, j, w)), j))
        return out


def find_routes(
    ex: ExactTrace, target: int, inf: Influence, figure: flint.fmpq, limit: int, budget: Budget
) -> list[Route]:
    """The largest ``limit`` routes into ``target`` and, if anything is left, a remainder row."""
    search = _Search(ex, target, inf, budget)
    y, ids = inf.y, ex.graph.ids
    count = itertools.count()
    heap: list[tuple[float, int, flint.fmpq, int, tuple[Link | Cycle, ...], int | None]] = []

    def push(
        share: flint.fmpq, source: int, path: tuple[Link | Cycle, ...], at: int | None
    ) -> None:
        potential = share if at is None else share * y[at]
        if potential:
            heapq.heappush(heap, (-float(potential), next(count), share, source, path, at))

    for k, h, s in inf.direct:
        push(s, h, (search.link(k, h, target, s / inf.scale),), None)
    for v, yv in y.items():
        if yv:
            for k, h, w in ex.holders(v):
                if terminal(ex, h):
                    push(w, h, (search.link(k, h, v, w),), v)
    rows: list[Route] = []
    total = fmpq(0)
    work = EXPANSIONS_PER_ROW * max(limit, 1)
    while heap and len(rows) < limit and work > 0:
        _, _, share, source, path, at = heapq.heappop(heap)
        if at is None:
            rows.append(Route(ids[source], path, exact_figure(int(share.p), int(share.q))))
            total += share
            continue
        work -= 1
        try:
            steps = search.steps(at)
        except OverBudget:  # the rest of the figure goes to the remainder row
            break
        for f, hops, nxt in steps:
            push(share * f, source, (*path, *hops), nxt)
    rest = figure - total
    if rest:
        rows.append(Route(None, None, exact_figure(int(rest.p), int(rest.q))))
    return rows
