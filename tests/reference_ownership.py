"""The reference for the look-through engine's tests: the library's former exact look-through.

Dense Gauss–Jordan over Python fractions, one strongly connected component at a time, and, for
control without a spectral-radius certificate, an exhaustive branching search over saturated
entities (refused beyond 12 of them). Slow but straightforward, and correct where it answers;
the engine's figures are checked against it on small graphs. Kept verbatim but for this
docstring and the large-graph function it no longer needs.

Exact look-through: what share of each entity traces up the ownership graph to a set of holders.

Knows nothing of law. The caller names the *sources* (for PAFACA, the foreign-adversary persons);
tracing stops at the first source reached, so a source's own holders are never counted again
(contract §3.2). Cross-holdings are solved as exact linear systems over fractions, one strongly
connected component at a time, never by looping until a cut-off.

Methods (contract §4, ``lookthrough``):

* ``multiply`` — a link of fraction f passes on f of what the holder carries (47 CFR 1.5002(b)(1)).
* ``control`` — as ``multiply``, but a holding of more than half of an entity's votes passes on
  all of it (the CFIUS / FCC controlling-link rule); results are capped at 1.
* ``direct`` — only stakes held directly by sources count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from fractions import Fraction
from typing import Literal, TypeAlias

from tiktok_deal.model import Stake

__all__ = ["BASES", "METHODS", "Basis", "Method", "traced_stakes"]

Method: TypeAlias = Literal["multiply", "control", "direct"]
Basis: TypeAlias = Literal["equity", "voting"]
METHODS: tuple[Method, ...] = ("multiply", "control", "direct")
BASES: tuple[Basis, ...] = ("equity", "voting")

ONE = Fraction(1)
HALF = Fraction(1, 2)
Links: TypeAlias = Mapping[str, Mapping[str, Fraction]]  # entity -> holder -> weight


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

    An entity absent from the result has nothing tracing to the sources (0). A source passes on
    all of itself; its own holders are not looked through. Tracing also stops, passing on
    nothing, at the entities in ``stop_at`` (so one source's own share can be measured while the
    others still stop the tracing). With ``upper``, stakes known as ranges count at the top of
    their range (then totals can pass 100 %, so results are capped at 1 as under ``control``).
    """
    if method not in METHODS:
        raise ValueError(f"unknown look-through method {method!r}; expected one of {METHODS}")
    if basis not in BASES:
        raise ValueError(f"unknown stake basis {basis!r}; expected one of {BASES}")
    sources = frozenset(sources)
    stops = frozenset(stop_at) | sources
    links = _links(stakes, method=method, basis=basis, upper=upper)
    if method == "direct":
        direct = {
            entity: sum((w for h, w in holders.items() if h in sources), Fraction(0))
            for entity, holders in links.items()
        }
        return {entity: min(v, ONE) for entity, v in direct.items()} if upper else direct
    capped = method == "control" or upper
    passed = {stop: ONE if stop in sources else Fraction(0) for stop in stops}
    for component in _components(_reaching(links, sources, stops), links):
        passed.update(_solve_component(component, links, passed, capped=capped))
    values = {}
    for entity, holders in links.items():
        if entity in stops or entity not in passed:  # a stop's own stake is never passed on
            total = _inflow(holders, passed, within=frozenset())
            values[entity] = min(total, ONE) if capped else total
        else:
            values[entity] = passed[entity]
    return values


def _links(stakes: Iterable[Stake], *, method: Method, basis: Basis, upper: bool) -> Links:
    links: dict[str, dict[str, Fraction]] = defaultdict(dict)
    for stake in stakes:
        weight = stake.share(basis, upper=upper)
        if method == "control" and stake.share("voting", upper=upper) > HALF:
            weight = ONE
        links[stake.of][stake.holder] = weight
    return links


def _reaching(links: Links, sources: frozenset[str], stops: frozenset[str]) -> set[str]:
    """Entities, other than stops, that some source reaches without passing a stop."""
    held_by: dict[str, list[str]] = defaultdict(list)
    for entity, holders in links.items():
        for holder, weight in holders.items():
            if weight:
                held_by[holder].append(entity)
    reached: set[str] = set()
    frontier = [entity for source in sources for entity in held_by[source]]
    while frontier:
        entity = frontier.pop()
        if entity in reached or entity in stops:
            continue
        reached.add(entity)
        frontier.extend(held_by[entity])
    return reached


def _components(variables: set[str], links: Links) -> Iterator[list[str]]:
    """Strongly connected components of the variables, each after those it depends on (Tarjan)."""

    def depends_on(entity: str) -> list[str]:
        return [h for h, w in links.get(entity, {}).items() if w and h in variables]

    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(variables):
        if root in index:
            continue
        work = [(root, iter(depends_on(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in index:
                    index[successor] = low[successor] = len(index)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(depends_on(successor))))
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


def _inflow(
    holders: Mapping[str, Fraction],
    values: Mapping[str, Fraction],
    *,
    within: frozenset[str],
) -> Fraction:
    """What flows into an entity from holders outside ``within``; ``values`` gives what each
    holder passes on (1 for sources, 0 for other stops and for holders no source reaches)."""
    total = Fraction(0)
    for holder, weight in holders.items():
        if holder not in within:
            total += weight * values.get(holder, Fraction(0))
    return total


def _solve_component(
    component: list[str],
    links: Links,
    passed: Mapping[str, Fraction],
    *,
    capped: bool,
) -> dict[str, Fraction]:
    members = frozenset(component)
    inflow = {e: _inflow(links[e], passed, within=members) for e in component}
    inner = {e: {h: w for h, w in links[e].items() if h in members and w} for e in component}
    if len(component) == 1 and not inner[component[0]]:
        (entity,) = component
        return {entity: min(inflow[entity], ONE) if capped else inflow[entity]}
    if not capped:
        return _solve_linear(component, inner, inflow, clamped=frozenset())[0]
    return _solve_capped(component, inner, inflow)


def _solve_linear(
    free: list[str],
    inner: Mapping[str, Mapping[str, Fraction]],
    inflow: Mapping[str, Fraction],
    *,
    clamped: frozenset[str],
) -> tuple[dict[str, Fraction], bool]:
    """Solve x = inflow + W x exactly for the ``free`` entities, ``clamped`` ones held at 1.

    Also says whether (I - W) y = 1 has a solution y > 0, which certifies that the spectral
    radius of W (among the free entities) is below 1 (I - W is then a nonsingular M-matrix).
    """
    position = {entity: i for i, entity in enumerate(free)}
    size = len(free)
    rows: list[list[Fraction]] = []
    for entity in free:
        row = [Fraction(0)] * (size + 2)
        row[position[entity]] += 1
        row[size] = inflow[entity]
        row[size + 1] = ONE
        for holder, weight in inner[entity].items():
            if holder in clamped:
                row[size] += weight
            else:
                row[position[holder]] -= weight
        rows.append(row)
    solution = _gauss(rows)
    values = {entity: x for entity, (x, _) in zip(free, solution, strict=True)}
    values.update(dict.fromkeys(clamped, ONE))
    return values, all(y > 0 for _, y in solution)


def _gauss(rows: list[list[Fraction]]) -> list[list[Fraction]]:
    """Gauss–Jordan elimination on a matrix of fractions augmented with right-hand sides."""
    size = len(rows)
    for column in range(size):
        pivot = next((r for r in range(column, size) if rows[r][column]), None)
        if pivot is None:
            raise ArithmeticError("the cross-holdings form a singular system")
        rows[column], rows[pivot] = rows[pivot], rows[column]
        lead = rows[column][column]
        rows[column] = [value / lead for value in rows[column]]
        for r in range(size):
            factor = rows[r][column]
            if r != column and factor:
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return [row[size:] for row in rows]


def _solve_capped(
    component: list[str],
    inner: Mapping[str, Mapping[str, Fraction]],
    inflow: Mapping[str, Fraction],
) -> dict[str, Fraction]:
    """Least fixed point of x = min(1, inflow + W x), exactly (every entity here is reached).

    Entities on a cycle of controlling links (weight 1) saturate: what enters such a loop goes
    round it undiminished. For the others, when the spectral radius of W is below 1 (certified by
    ``_solve_linear``) the capped map is a contraction with one fixed point, and the entity with
    the largest uncapped figure, if above 1, is at 1 in it: it is clamped and the rest solved
    again. Without that certificate (possible with dual-class stakes) some entity must saturate:
    see ``_branch``.
    """
    unit = {e: {h: w for h, w in inner[e].items() if w == ONE} for e in component}
    loops = frozenset(
        e for loop in _components(set(component), unit) if len(loop) > 1 for e in loop
    )
    return _capped_from(component, inner, inflow, loops, {})


def _capped_from(
    component: list[str],
    inner: Mapping[str, Mapping[str, Fraction]],
    inflow: Mapping[str, Fraction],
    clamped: frozenset[str],
    memo: dict[frozenset[str], dict[str, Fraction] | None],
) -> dict[str, Fraction]:
    """The least fixed point given that the ``clamped`` entities are at 1."""
    while len(clamped) < len(component):
        free = [e for e in component if e not in clamped]
        try:
            values, certified = _solve_linear(free, inner, inflow, clamped=clamped)
        except ArithmeticError:
            certified = False
        if not certified:
            return _branch(component, inner, inflow, clamped, memo)
        top = max(values[e] for e in free)
        if top <= 1:
            return values
        clamped |= {e for e in free if values[e] == top}
    return dict.fromkeys(component, ONE)


MAX_BRANCHING = 12


def _branch(
    component: list[str],
    inner: Mapping[str, Mapping[str, Fraction]],
    inflow: Mapping[str, Fraction],
    clamped: frozenset[str],
    memo: dict[frozenset[str], dict[str, Fraction] | None],
) -> dict[str, Fraction]:
    """Without a certificate some free entity saturates. Clamping a candidate ``c`` and solving
    the rest gives a fixed point when ``c`` is consistent (its inflow reaches 1); the least fixed
    point is below every such fixed point and is the one from a truly saturated entity, so it is
    their componentwise minimum."""
    free = [e for e in component if e not in clamped]
    if len(free) > MAX_BRANCHING:
        raise ArithmeticError(
            f"the controlling cross-holdings among {len(free)} entities are too entangled to "
            "settle exactly"
        )
    fixed_points = []
    for candidate in free:
        key = clamped | {candidate}
        if key not in memo:
            values = _capped_from(component, inner, inflow, key, memo)
            total = inflow[candidate] + sum(w * values[h] for h, w in inner[candidate].items())
            memo[key] = values if total >= 1 else None
        found = memo[key]
        if found is not None:
            fixed_points.append(found)
    least = [
        v for v in fixed_points if all(all(v[e] <= u[e] for e in component) for u in fixed_points)
    ]
    if not least:
        raise ArithmeticError("the controlling cross-holdings have no stable solution")
    return least[0]
