"""Look-through: what share of each entity traces up the ownership graph to a set of holders.

Knows nothing of law. The caller names the *sources* (for PAFACA, the foreign-adversary persons);
tracing stops at the first source reached, so a source's own holders are never counted again
(contract §3.2). One engine for every size:

* **exact** wherever it fits a work budget (``EXACT_BUDGET``): the strongly connected components
  (cross-holdings) upstream of an entity, in topological order, each by a sparse exact LU
  (Markowitz elimination of chains and loosely tied entities over python-flint rationals, then
  FLINT's dense p-adic solver on the tightly tied core) — never by looping until a cut-off;
* **numeric** beyond it, with a certified error bound per entity (an interval of exact fractions
  that certainly contains the figure), and an exact re-decision of any comparison the bound
  cannot settle; ``None`` (indeterminate) when even that does not fit the budget.

Methods (contract §4, ``lookthrough``):

* ``multiply`` — a link of fraction f passes on f of what the holder carries (47 CFR 1.5002(b)(1)).
* ``control`` — as ``multiply``, but a holding of more than half of an entity's votes passes on
  all of it (the CFIUS / FCC controlling-link rule); results are capped at 1: the least fixed
  point of x = min(1, b + W x), always decided (``capped``).
* ``direct`` — only stakes held directly by sources count.

Use: ``graph = Graph.from_stakes(deal.stakes)`` (or ``Graph.from_columns``), then
``traced = trace(graph, sources, method=..., basis=..., upper=...)`` and ``traced.figure``,
``at_least``, ``reaching``, ``contributions``, ``routes``, ``saturated``.
"""

from __future__ import annotations

from .figure import BASES, DIGITS_MAX, METHODS, Basis, Figure, Method
from .graph import ExactWeights, Graph
from .legacy import LARGE, traced_stakes, traced_stakes_large
from .lu import EXACT_BUDGET
from .routes import Cycle, Link, Route
from .traced import EXACT_ALL_LINKS, Reaching, Traced, trace

__all__ = [
    "BASES",
    "DIGITS_MAX",
    "EXACT_ALL_LINKS",
    "EXACT_BUDGET",
    "LARGE",
    "METHODS",
    "Basis",
    "Cycle",
    "ExactWeights",
    "Figure",
    "Graph",
    "Link",
    "Method",
    "Reaching",
    "Route",
    "Traced",
    "trace",
    "traced_stakes",
    "traced_stakes_large",
]
