"""Exact look-through: each strongly connected component (cross-holding) upstream of what is
asked, solved in topological order with ``SparseLU``; capped systems by ``saturate``.

Variables are the entities, other than stops, that a source reaches along links of positive
weight; the value of a variable is what traces to the sources in it. A component whose exact
solution would overdraw the budget is marked *failed*, and so is every component downstream of
it: their figures come from the numeric path.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from fractions import Fraction

import flint

from .capped import saturate
from .figure import Basis, Method
from .graph import Graph
from .lu import Budget, OverBudget, SparseLU

__all__ = ["ExactTrace", "components"]

fmpq = flint.fmpq
ZERO, ONE = fmpq(0), fmpq(1)
HALF_FRACTION = Fraction(1, 2)


def components(nodes: Iterable[int], depends_on: dict[int, list[int]]) -> Iterator[list[int]]:
    """Strongly connected components of ``nodes``, each after those it depends on (Tarjan,
    iterative). ``depends_on[v]`` lists v's holders among ``nodes``."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    for root in nodes:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(depends_on.get(root, ())))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(depends_on.get(successor, ()))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], index[successor])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    yield component


class Component:
    """One component: its members, and (once solved) its LU for the linear part."""

    __slots__ = ("free", "lu", "members", "position", "rank", "saturated")

    def __init__(self, members: list[int], rank: int) -> None:
        self.members = members
        self.rank = rank  # position in the topological order of solving
        self.saturated: frozenset[int] = frozenset()  # members capped at 1 (strictly over)
        self.free: list[int] = members  # the others: the linear system
        self.position: dict[int, int] = {}
        self.lu: SparseLU | None = None


class ExactTrace:
    """Exact values of the variables of one trace, solved on demand, component by component."""

    def __init__(
        self,
        graph: Graph,
        sources: frozenset[int],
        stops: frozenset[int],
        method: Method,
        basis: Basis,
        upper: bool,
        variables: Container[int] | None = None,
        oversized: Container[int] = (),
    ) -> None:
        self.graph, self.sources, self.stops = graph, sources, stops
        #: Variables in components too large to try: no exact value for them or downstream.
        self.oversized = oversized
        self.method, self.basis, self.upper = method, basis, upper
        self.capped = method == "control" or upper
        self._weights: dict[int, flint.fmpq] = {}
        self._controlling: set[int] = set()
        self._holders: dict[int, list[tuple[int, int, flint.fmpq]]] = {}
        self._holdings: dict[int, list[tuple[int, int, flint.fmpq]]] = {}
        # Every variable to be solved, in a small graph: every link's weight at once (cheaper
        # than one by one); else only the links walked.
        self._all = self._convert(None) if graph.small and variables is None else None
        self.variables: Container[int] = self._reach() if variables is None else variables
        self.values: dict[int, flint.fmpq] = {}
        self.solved: list[Component] = []  # in the order solved: topological
        self.component_of: dict[int, Component] = {}
        self.failed: set[int] = set()  # variables without an exact value (over budget)

    # -- links -----------------------------------------------------------------------------------
    def weights(self, links: Sequence[int]) -> list[flint.fmpq]:
        """Exact weights of ``links`` as they count (1 for a controlling link under control)."""
        if self._all is not None:
            every = self._all
            return [every[k] for k in links]
        missing = [k for k in links if k not in self._weights]
        if missing:
            self._weights.update(zip(missing, self._convert(missing), strict=True))
        return [self._weights[k] for k in links]

    def _convert(self, links: Sequence[int] | None) -> list[flint.fmpq]:
        share = self.graph.exact(self.basis, self.upper, links)
        if self.method != "control":
            return [fmpq(w.numerator, w.denominator) for w in share]
        votes = self.graph.exact("voting", self.upper, links)
        out = []
        for i, (w, v) in enumerate(zip(share, votes, strict=True)):
            if v > HALF_FRACTION:
                out.append(ONE)
                self._controlling.add(i if links is None else links[i])
            else:
                out.append(fmpq(w.numerator, w.denominator))
        return out

    def holders(self, entity: int) -> list[tuple[int, int, flint.fmpq]]:
        """(link, holder, weight) of the links of positive weight held in ``entity``."""
        got = self._holders.get(entity)
        if got is None:
            links, holders = self.graph.holders_of(entity)
            got = [
                (k, h, w) for k, h, w in zip(links, holders, self.weights(links), strict=True) if w
            ]
            self._holders[entity] = got
        return got

    def holdings(self, entity: int) -> list[tuple[int, int, flint.fmpq]]:
        """(link, entity held, weight) of the links of positive weight ``entity`` holds."""
        got = self._holdings.get(entity)
        if got is None:
            links, held = self.graph.holdings_of(entity)
            got = [(k, e, w) for k, e, w in zip(links, held, self.weights(links), strict=True) if w]
            self._holdings[entity] = got
        return got

    def controlling(self, link: int) -> bool:
        """Whether ``link`` counts as 100 % (a holding of more than half the votes, control)."""
        self.weights([link])
        return link in self._controlling

    def _reach(self) -> frozenset[int]:
        """Entities other than stops that a source reaches along links of positive weight."""
        reached: set[int] = set()
        frontier = list(self.sources)
        while frontier:
            nxt = []
            for e in frontier:
                for _, held, _ in self.holdings(e):
                    if held not in reached and held not in self.stops:
                        reached.add(held)
                        nxt.append(held)
            frontier = nxt
        return frozenset(reached)

    def passed(self, entity: int) -> flint.fmpq | None:
        """What ``entity`` passes on: 1 for a source, its value for a variable (None if it has
        none), 0 for any other entity."""
        if entity in self.sources:
            return ONE
        if entity in self.variables:
            return self.values.get(entity)
        return ZERO

    # -- solving ---------------------------------------------------------------------------------
    def upstream(
        self, entities: Iterable[int], limit: int | None = None, *, unsolved: bool = False
    ) -> list[int] | None:
        """Variables upstream of ``entities`` (those that are variables included), or None past
        ``limit`` of them or at an ``oversized`` one; with ``unsolved``, the walk stops at solved
        variables."""
        seen = {e for e in entities if e in self.variables}
        if any(e in self.oversized for e in seen):
            return None
        frontier = list(entities)
        while frontier:
            nxt = []
            for e in frontier:
                for _, h, _ in self.holders(e):
                    if h in self.variables and h not in seen:
                        if h in self.oversized:
                            return None
                        seen.add(h)
                        if not (unsolved and h in self.component_of):
                            nxt.append(h)
            if limit is not None and len(seen) > limit:
                return None
            frontier = nxt
        return sorted(seen)

    def solve(self, targets: Iterable[int], budget: Budget) -> None:
        """Solve every component of ``targets`` (variables, closed upstream) not yet solved, in
        topological order; those over budget, and all downstream of them, end up ``failed``."""
        todo = [v for v in targets if v not in self.component_of]
        depends = {
            v: [
                h
                for _, h, _ in self.holders(v)
                if h in self.variables and h not in self.component_of
            ]
            for v in todo
        }
        for members in components(todo, depends):
            comp = Component(members, len(self.solved))
            self.solved.append(comp)
            self._solve_component(comp, budget)

    def _solve_component(self, comp: Component, budget: Budget) -> None:
        members = comp.members
        for v in members:
            self.component_of[v] = comp
        inside = set(members)
        inflow: dict[int, flint.fmpq] = {}
        inner: dict[int, dict[int, flint.fmpq]] = {}
        for v in members:
            total, mine = ZERO, dict[int, flint.fmpq]()
            for _, h, w in self.holders(v):
                if h in inside:
                    mine[h] = mine.get(h, ZERO) + w
                    continue
                passed = self.passed(h)
                if passed is None:  # a failed holder: no exact value here either
                    self.failed.update(members)
                    return
                total += w * passed
            inflow[v], inner[v] = total, mine
        try:
            if len(members) == 1 and not inner[members[0]]:
                (v,) = members
                if self.capped and inflow[v] > ONE:
                    comp.saturated, comp.free = frozenset(members), []
                    self.values[v] = ONE
                else:
                    self.values[v] = inflow[v]
                comp.position = dict.fromkeys(comp.free, 0)
                return
            if self.capped:
                values, saturated, lu, free = saturate(members, inner, inflow, budget)
            else:
                free, saturated = members, frozenset()
                lu = SparseLU(_rows(members, inner), budget)
                values = dict(zip(members, lu.solve([inflow[v] for v in members]), strict=True))
        except OverBudget:
            self.failed.update(members)
            return
        comp.saturated, comp.free, comp.lu = saturated, free, lu
        comp.position = {v: i for i, v in enumerate(free)}
        self.values.update(values)

    def solve_all(self, budget: Budget) -> None:
        """Solve every variable (in topological order); only for a reach computed here."""
        assert isinstance(self.variables, frozenset)
        self.solve(sorted(self.variables), budget)

    # -- figures ---------------------------------------------------------------------------------
    def inflow(self, entity: int) -> flint.fmpq | None:
        """What flows into ``entity`` from sources and variables (None if not exact)."""
        total = ZERO
        for _, h, w in self.holders(entity):
            passed = self.passed(h)
            if passed is None:
                return None
            total += w * passed
        return total

    def value(self, entity: int, budget: Budget, limit: int | None = None) -> flint.fmpq | None:
        """The exact figure of ``entity`` (any entity), or None when over budget (or when more
        than ``limit`` unsolved variables, or an ``oversized`` one, are upstream of it)."""
        holders = [entity] if entity in self.variables else [h for _, h, _ in self.holders(entity)]
        if any(h in self.variables and h not in self.component_of for h in holders):
            up = self.upstream(holders, limit, unsolved=True)
            if up is None:
                return None
            self.solve(up, budget)
        if entity in self.variables:
            return None if entity in self.failed else self.values[entity]
        total = self.inflow(entity)
        if total is None:
            return None
        return min(total, ONE) if self.capped else total


def _rows(
    members: list[int], inner: dict[int, dict[int, flint.fmpq]]
) -> list[dict[int, flint.fmpq]]:
    """Rows of I - W for ``members`` (positions in ``members``)."""
    where = {v: i for i, v in enumerate(members)}
    rows = []
    for v in members:
        row = {where[h]: -w for h, w in inner[v].items()}
        row[where[v]] = row.get(where[v], ZERO) + ONE
        rows.append(row)
    return rows
