"""The functions the look-through had before ``trace``: thin wrappers over it."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from fractions import Fraction

from ..model import Stake
from .figure import Basis, Method, check_method
from .graph import Graph
from .traced import trace

__all__ = ["LARGE", "traced_stakes", "traced_stakes_large"]

#: Above this many stakes, callers used to switch to ``traced_stakes_large`` (kept for them).
LARGE = 2_000


def traced_stakes(
    stakes: Iterable[Stake],
    sources: Collection[str],
    *,
    method: Method = "multiply",
    basis: Basis = "equity",
    stop_at: Collection[str] = (),
    upper: bool = False,
) -> dict[str, Fraction]:
    """For every entity with holders, the exact fraction of it that traces to ``sources``.

    A thin wrapper over ``trace`` (see there): tracing stops at the sources, and, passing on
    nothing, at ``stop_at`` (so one source's own share can be measured while the others still
    stop the tracing); ``upper`` takes ranges at their top and caps results at 1. Raises
    ``LookthroughLimitError`` when a figure does not fit the exact work budget, and
    ``ArithmeticError`` for holdings that leave the system singular (over 100 %).
    """
    check_method(method, basis)
    graph = Graph.from_stakes(stakes)
    traced = trace(graph, sources, method=method, basis=basis, stop_at=stop_at, upper=upper)
    return traced.exact_values()


def traced_stakes_large(
    stakes: Sequence[Stake],
    sources: Collection[str],
    *,
    method: Method = "multiply",
    basis: Basis = "equity",
    threshold: Fraction,
) -> dict[str, Fraction | float]:
    """Every entity's figure as a float, except those whose certified bound touches
    ``threshold``: those exactly (as ``Fraction``), so that every comparison with the threshold
    is decided as the exact figures would decide it."""
    check_method(method, basis)
    graph = Graph.from_stakes(stakes)
    numeric = trace(graph, sources, method=method, basis=basis, budget=0)
    exact = trace(graph, sources, method=method, basis=basis)
    values: dict[str, Fraction | float] = {}
    for entity in graph.ids:
        figure = numeric.figure(entity)
        if figure.low <= threshold <= figure.high:
            values[entity] = exact.figure(entity).value
        else:
            values[entity] = float(figure.value)
    return values
