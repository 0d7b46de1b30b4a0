"""``trace``: what of each entity traces to a set of sources, exact wherever the budget allows."""

from __future__ import annotations

from collections.abc import Collection, Container, Iterable
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any

import flint

from ..errors import LookthroughLimitError
from .exact import ExactTrace
from .figure import ZERO, Basis, Figure, Method, check_method, exact_figure
from .graph import Graph
from .lu import EXACT_BUDGET, Budget, OverBudget
from .routes import Route, find_routes
from .shares import Influence, influence

if TYPE_CHECKING:
    import numpy.typing as npt

    from .numeric import NumericResult

__all__ = ["COMPONENT_MAX", "EXACT_ALL_LINKS", "UPSTREAM_MAX", "Reaching", "Traced", "trace"]

fmpq = flint.fmpq
ONE = fmpq(1)

#: Graphs with at most this many links have every figure solved exactly up front (within the
#: budget); larger ones get numeric figures, and exact ones entity by entity when asked.
EXACT_ALL_LINKS = 10_000
#: An exact figure asked of a large graph is attempted only with at most this many unsolved
#: entities upstream of it (walking them is itself work).
UPSTREAM_MAX = 50_000
#: In a large graph, a cross-holding (strongly connected component of the variables) of more
#: members than this is not tried exactly, nor anything downstream of it: in random deals none
#: over about 3,000 members fits the budget (a plain ring would), and a failed try costs about a
#: second per 25,000 members.
COMPONENT_MAX = 10_000


def trace(
    graph: Graph,
    sources: Iterable[str] | npt.NDArray[Any],
    *,
    method: Method = "multiply",
    basis: Basis = "equity",
    upper: bool = False,
    stop_at: Iterable[str] = (),
    budget: float = EXACT_BUDGET,
) -> Traced:
    """What of each entity of ``graph`` traces to ``sources`` (ids, unknown ones ignored; or,
    for a graph from columns, a numpy boolean mask over the entities or their indices).

    Tracing stops at the sources (their own holders are never looked through) and, passing on
    nothing, at ``stop_at``. ``method``: ``multiply`` (link by link), ``control`` (a holding of
    more than half the votes passes on everything; figures capped at 1) or ``direct`` (only
    links held by sources). ``basis``: equity or voting. ``upper``: ranges at their top, figures
    capped at 1. ``budget``: exact work allowed per question, in estimated microseconds
    (``EXACT_BUDGET``; 0 for numeric figures only).
    """
    check_method(method, basis)
    src = frozenset(graph.indices(sources))
    return Traced(graph, src, method, basis, upper, frozenset(graph.indices(stop_at)), budget)


class Reaching(frozenset[str]):
    """Ids of the entities whose figure is at least the line; ``undecided`` those that could not
    be decided within the budget (in neither set)."""

    undecided: frozenset[str]

    def __new__(cls, ids: Iterable[str], undecided: Iterable[str] = ()) -> Reaching:
        self = super().__new__(cls, ids)
        self.undecided = frozenset(undecided)
        return self


class Traced:
    """The result of ``trace``: figures, decisions, contributions and routes, computed lazily."""

    def __init__(
        self,
        graph: Graph,
        sources: frozenset[int],
        method: Method,
        basis: Basis,
        upper: bool,
        stop_at: frozenset[int],
        budget: float,
    ) -> None:
        self.graph = graph
        self.method, self.basis, self.upper, self.budget = method, basis, upper, budget
        self.capped = method == "control" or upper
        self._src = sources
        self._stops = stop_at | sources
        self._all = graph.m <= EXACT_ALL_LINKS and budget > 0

    @property
    def sources(self) -> frozenset[str]:
        """The ids of the sources (those in the graph)."""
        return frozenset(self.graph.ids[i] for i in self._src)

    # -- the two computations --------------------------------------------------------------------
    @cached_property
    def _exact(self) -> ExactTrace:
        variables: Container[int] | None = None
        oversized: Container[int] = ()
        if self.method == "direct":
            variables = frozenset()
        elif not self._all:
            from .numeric import in_large_components

            variables = _Mask(self._numeric.variables)
            oversized = _Mask(in_large_components(self._numeric, COMPONENT_MAX))
        return ExactTrace(
            self.graph,
            self._src,
            self._stops,
            self.method,
            self.basis,
            self.upper,
            variables,
            oversized,
        )

    @cached_property
    def _numeric(self) -> NumericResult:
        import numpy as np

        from .numeric import solve_numeric

        n = self.graph.n
        src = np.zeros(n, dtype=np.bool_)
        src[list(self._src)] = True
        stops = np.zeros(n, dtype=np.bool_)
        stops[list(self._stops)] = True
        return solve_numeric(self.graph, src, stops, self.method, self.basis, self.upper)

    def _exact_value(self, i: int, budget: Budget | None = None) -> flint.fmpq | None:
        if self.budget <= 0:
            return None
        try:
            return self._exact.value(i, budget or Budget(self.budget), UPSTREAM_MAX)
        except OverBudget:  # pragma: no cover - components catch their own
            return None

    def _numeric_figure(self, i: int) -> Figure:
        r = self._numeric
        return Figure.bounded(float(r.x[i]), float(r.err[i]), cap=self.capped)

    # -- figures and decisions -------------------------------------------------------------------
    def figure(self, entity: str) -> Figure:
        """The figure of ``entity``: exact when it fits the budget, else numeric with certified
        bounds. Exactly 0 for an entity nothing traces to or unknown to the graph."""
        i = self.graph.index.get(entity)
        if i is None:
            return ZERO
        value = self._exact_value(i)
        if value is not None:
            return exact_figure(int(value.p), int(value.q))
        return self._numeric_figure(i)

    def at_least(self, entity: str, line: Fraction) -> bool | None:
        """Whether the figure of ``entity`` is at least ``line``, decided exactly; None only when
        the bounds straddle the line and an exact figure does not fit the budget."""
        i = self.graph.index.get(entity)
        if i is None:
            return line <= 0
        if not self._all:
            fig = self._numeric_figure(i)
            if fig.low >= line or fig.high < line:
                return fig.low >= line
        value = self._exact_value(i)
        if value is not None:
            return bool(value >= fmpq(line.numerator, line.denominator))
        fig = self._numeric_figure(i)
        if fig.low >= line or fig.high < line:
            return fig.low >= line
        return None

    def reaching(self, line: Fraction) -> Reaching:
        """Every entity whose figure is at least ``line``, decided exactly (``undecided``: those
        the budget could not settle)."""
        ids = self.graph.ids
        if line <= 0:
            return Reaching(ids)
        if self._all:
            ex = self._exact
            assert isinstance(ex.variables, frozenset)
            ex.solve(sorted(ex.variables), Budget(self.budget))  # all at once, in order
            found, unsure = [], []
            for i in self._positive_candidates(ex):
                value = ex.value(i, Budget(self.budget))
                if value is None:
                    unsure.append(i)
                elif value >= fmpq(line.numerator, line.denominator):
                    found.append(ids[i])
            return self._settle(found, unsure, line)
        import numpy as np

        r = self._numeric
        u = 2.0**-52
        low = r.x - r.err * (1 + u) - u * np.abs(r.x)
        high = r.x + r.err * (1 + u) + u * np.abs(r.x)
        up, down = np.nextafter(float(line), np.inf), np.nextafter(float(line), -np.inf)
        sure = np.flatnonzero(low >= up).tolist()
        near = np.flatnonzero((low < up) & (high >= down)).tolist()
        return self._settle([ids[i] for i in sure], near, line)

    def _settle(self, found: list[str], unsure: list[int], line: Fraction) -> Reaching:
        """Decide the ``unsure`` entities exactly, within one budget for all of them."""
        budget = Budget(self.budget)
        undecided = []
        for i in unsure:
            value = self._exact_value(i, budget) if budget.left > 0 else None
            if value is None:
                fig = self._numeric_figure(i)
                if fig.low >= line or fig.high < line:
                    if fig.low >= line:
                        found.append(self.graph.ids[i])
                    continue
                undecided.append(self.graph.ids[i])
            elif value >= fmpq(line.numerator, line.denominator):
                found.append(self.graph.ids[i])
        return Reaching(found, undecided)

    def _positive_candidates(self, ex: ExactTrace) -> list[int]:
        """Entities that can have a positive figure: the variables, and what sources and
        variables hold."""
        out = set(ex.variables) if isinstance(ex.variables, frozenset) else set()
        for h in (*self._src, *out):
            out.update(e for _, e, _ in ex.holdings(h))
        return sorted(out)

    # -- explanation -----------------------------------------------------------------------------
    def contributions(self, entity: str) -> dict[str, Figure]:
        """Each source's own share of the figure of ``entity`` (tracing of one source stops at
        the others too), adding up exactly to it; see ``shares`` for the capped methods, where
        saturated entities (``saturated``) are named alongside the sources. Beyond the budget,
        numeric shares with certified bounds (their values add up to the figure only up to
        those bounds)."""
        i = self.graph.index.get(entity)
        if i is None:
            return {}
        ex = self._exact
        if self.method == "direct":
            parts = [(h, w) for _, h, w in ex.holders(i) if h in self._src]
            total = sum((w for _, w in parts), fmpq(0))
            scale = ONE / total if self.capped and total > ONE else ONE
            shares = {h: w * scale for h, w in parts}
        else:
            inf = self._try_influence(i)
            if inf is None:
                return self._numeric_contributions(i)
            shares = inf.shares(ex)
        return {self.graph.ids[h]: exact_figure(int(s.p), int(s.q)) for h, s in shares.items()}

    def _numeric_contributions(self, i: int) -> dict[str, Figure]:
        """Contributions with certified bounds (beyond the budget), from a transposed solve."""
        import numpy as np

        from .numeric import numeric_shares

        src = np.zeros(self.graph.n, dtype=np.bool_)
        src[list(self._src)] = True
        shares = numeric_shares(self._numeric, i, src)
        return {self.graph.ids[u]: Figure.bounded(v, e) for u, (v, e) in shares.items()}

    def _try_influence(self, i: int) -> Influence | None:
        if self.budget <= 0:
            return None
        try:
            return influence(self._exact, i, Budget(self.budget))
        except OverBudget:
            return None

    def _influence(self, i: int) -> Influence:
        inf = self._try_influence(i)
        if inf is not None:
            return inf
        raise LookthroughLimitError(
            f"the exact figure of {self.graph.ids[i]!r} does not fit the exact work budget "
            f"({self.budget:,.0f} estimated µs): no exact contributions or routes"
        )

    def routes(self, entity: str, limit: int = 50) -> list[Route]:
        """The routes that carry the figure of ``entity``, largest first (see ``routes``)."""
        i = self.graph.index.get(entity)
        if i is None:
            return []
        ex = self._exact
        if self.method == "direct":
            from .routes import Link

            parts = self.contributions(entity)
            rows = []
            for _, h, w in ex.holders(i):
                if h in self._src:
                    link = Link(self.graph.ids[h], entity, Fraction(int(w.p), int(w.q)))
                    rows.append(Route(self.graph.ids[h], (link,), parts[self.graph.ids[h]]))
            rows.sort(key=lambda r: -r.share.high)
            if len(rows) > limit:
                rest = sum((r.share.high for r in rows[limit:]), Fraction(0))
                rows = [*rows[:limit], Route(None, None, Figure.of(rest))]
            return rows
        inf = self._influence(i)
        value = self._exact_value(i)
        assert value is not None
        return find_routes(ex, i, inf, value, limit, Budget(self.budget))

    @property
    def saturated(self) -> frozenset[str]:
        """The entities capped at 100 % (their inflow is over 1): under ``control`` or ``upper``."""
        if not self.capped or self.method == "direct":
            return frozenset()
        ids = self.graph.ids
        if self._all:
            ex = self._exact
            assert isinstance(ex.variables, frozenset)
            ex.solve(sorted(ex.variables), Budget(self.budget))
            out = {ids[v] for c in ex.solved for v in c.saturated}
            if ex.failed:
                import numpy as np

                sat = self._numeric.saturated
                out |= {ids[v] for v in ex.failed if sat[v]}
            return frozenset(out)
        import numpy as np

        return frozenset(ids[i] for i in np.flatnonzero(self._numeric.saturated).tolist())

    # -- all at once -----------------------------------------------------------------------------
    def exact_values(self, entities: Collection[str] | None = None) -> dict[str, Fraction]:
        """Exact figures of ``entities`` (default: every entity with holders), as fractions;
        ``LookthroughLimitError`` if one does not fit the budget."""
        if entities is None:
            held = set(self.graph.held_list)
            entities = [e for i, e in enumerate(self.graph.ids) if i in held]
        out = {}
        for entity in entities:
            i = self.graph.index.get(entity)
            value = fmpq(0) if i is None else self._exact_value(i)
            if value is None:
                raise LookthroughLimitError(
                    f"the exact figure of {entity!r} does not fit the exact work budget "
                    f"({self.budget:,.0f} estimated µs)"
                )
            out[entity] = Fraction(int(value.p), int(value.q))
        return out


class _Mask:
    """Membership in a boolean numpy array, for ``in`` tests from Python."""

    def __init__(self, mask: object) -> None:
        self.mask = mask

    def __contains__(self, i: object) -> bool:
        return bool(self.mask[i])  # type: ignore[index]
