"""Look-through: what share of each entity traces up the ownership graph to a set of holders.

Knows nothing of law. The caller names the *sources* (for PAFACA, the foreign-adversary persons);
tracing stops at the first source reached, so a source's own holders are never counted again.
One engine for every size:

* **exact** wherever it fits a work budget (``EXACT_BUDGET``, per question): the strongly
  connected components (cross-holdings) upstream of an entity, in topological order, each by a
  sparse exact LU (Markowitz elimination of chains and loosely tied entities over python-flint
  rationals, then FLINT's dense p-adic solver on the tightly tied core) — never by looping
  until a cut-off, never a dense elimination over Python fractions;
* **numeric** beyond it, with a certified error bound per entity (an interval of exact fractions
  that certainly contains the figure), and an exact re-decision of any comparison the bound
  cannot settle; ``None`` (indeterminate) when even that does not fit the budget.

Methods (the ``lookthrough`` reading):

* ``multiply`` — a link of fraction f passes on f of what the holder carries (47 CFR 1.5002(b)(1)).
* ``control`` — as ``multiply``, but a holding of more than half of an entity's votes passes on
  all of it (the CFIUS / FCC controlling-link rule); results are capped at 1: the least fixed
  point of x = min(1, b + W x), decided on every input (``capped``).
* ``direct`` — only stakes held directly by sources count.

Use::

    graph = Graph.from_stakes(deal.stakes)          # or Graph.from_columns(...), once per deal
    traced = trace(graph, sources, method="multiply", basis="equity", upper=False)
    traced.figure("t")                  # Figure: value, low, high, exact
    traced.at_least("t", Fraction(1, 5))  # True / False, exactly; None past the budget
    traced.reaching(Fraction(1, 5))     # every entity at or over the line (.undecided: None's)
    traced.contributions("t")           # {terminal id: Figure}, adding up to the figure
    traced.routes("t", limit=50)        # [Route], adding up to the figure
    traced.saturated                    # capped methods: the entities capped at 100 %

Contributions and routes. Under ``multiply`` and ``direct`` the terminals are the sources: each
source's own share, tracing of one source stopping at the others too (as if it alone were
traced with the others in ``stop_at``); the shares add up exactly to the figure. Under the
capped readings (``control``, and ``upper``) the saturated entities — those whose inflow is over
1 — are terminals too, passing on 1: the shares are those of the linear system left once they
are fixed, and add up exactly to the figure; a saturated entity's own figure (1) is split in
proportion to what flows into it. A route is a terminal, the links from it, and one step per
cross-holding passed (``Cycle``: the whole component, where the route enters and leaves it, and
the share of the one that reaches the other, every way round); its share is the product of its
links (a controlling link, marked ``controlling``, counts 1) and cycle factors, and the routes
add up exactly to the figure (past ``limit`` a remainder row with no route). Beyond the budget
contributions are numeric (certified bounds) and routes raise ``LookthroughLimitError``.
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
