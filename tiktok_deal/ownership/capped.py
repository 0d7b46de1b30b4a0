"""The least fixed point of x = min(1, c + W x) on one component, exactly.

Why a fixed point found is the least one: F(x) = min(1, c + W x) is monotone and concave, and
every member of the component is reached (F^n(0) > 0 for n large enough). For such a map any two
fixed points x <= y are equal — with t the largest number such that t·y <= x, if t < 1 then
x = F^n(x) >= F^n(t·y) >= t·F^n(y) + (1 - t)·F^n(0) = t·y + (1 - t)·F^n(0), so x >= (t + d)·y for
some d > 0, against the choice of t — and the least fixed point is below every fixed point. So
*any* fixed point, checked exactly, is the least one. No search over saturated sets is needed.

A numeric strategy iteration proposes the saturated set S (the members held at 1); the linear
system on the others, with S at 1, is solved exactly and the fixed-point conditions checked
(0 <= x <= 1 off S; inflow >= 1 on S). If the proposal fails, the exact strategy iteration from
above finds the fixed point: start from S0, the members that could reach 1 at all (inflow plus
all their holdings >= 1), whose system is a post-fixed point (F(x) <= x); each round drops the
members of S whose inflow falls below 1 and solves again, staying a post-fixed point above the
least fixed point, until nothing drops: at most |S0| exact solves.
"""

from __future__ import annotations

import flint

from .lu import Budget, SparseLU

__all__ = ["saturate"]

fmpq = flint.fmpq
ZERO, ONE = fmpq(0), fmpq(1)
Inner = dict[int, dict[int, flint.fmpq]]


def saturate(
    members: list[int], inner: Inner, inflow: dict[int, flint.fmpq], budget: Budget
) -> tuple[dict[int, flint.fmpq], frozenset[int], SparseLU | None, list[int]]:
    """(values, saturated, LU of the linear part, its members) for one component.

    ``saturated`` holds the members whose inflow is strictly over 1 (capped); the linear part is
    the others, with the saturated members passing on 1.
    """
    proposal = _float_proposal(members, inner, inflow, budget)
    solved = _check(members, inner, inflow, proposal, budget) if proposal is not None else None
    if solved is None:
        pinned = frozenset(v for v in members if inflow[v] + sum(inner[v].values()) >= ONE)
        while True:
            values, lu, free = _solve_with(members, inner, inflow, pinned, budget)
            keep = frozenset(v for v in pinned if _inflow(v, inner, inflow, values) >= ONE)
            if keep == pinned:
                break
            pinned = keep
        solved = values, pinned, lu, free
    values, pinned, lu, free = solved
    strict = frozenset(v for v in pinned if _inflow(v, inner, inflow, values) > ONE)
    if strict != pinned:  # members exactly at 1 belong to the linear part: solve it again
        _, lu, free = _solve_with(members, inner, inflow, strict, budget)
    return values, strict, lu, free


def _inflow(
    v: int, inner: Inner, inflow: dict[int, flint.fmpq], x: dict[int, flint.fmpq]
) -> flint.fmpq:
    total = inflow[v]
    for h, w in inner[v].items():
        total += w * x[h]
    return total


def _solve_with(
    members: list[int],
    inner: Inner,
    inflow: dict[int, flint.fmpq],
    pinned: frozenset[int],
    budget: Budget,
) -> tuple[dict[int, flint.fmpq], SparseLU | None, list[int]]:
    """Values with ``pinned`` at 1 and the rest solving the linear system exactly."""
    free = [v for v in members if v not in pinned]
    values = dict.fromkeys(pinned, ONE)
    if not free:
        return values, None, free
    where = {v: i for i, v in enumerate(free)}
    rows, rhs = [], []
    for v in free:
        row: dict[int, flint.fmpq] = {where[v]: ONE}
        c = inflow[v]
        for h, w in inner[v].items():
            if h in pinned:
                c += w
            else:
                row[where[h]] = row.get(where[h], ZERO) - w
        rows.append(row)
        rhs.append(c)
    lu = SparseLU(rows, budget)
    values.update(zip(free, lu.solve(rhs), strict=True))
    return values, lu, free


def _check(
    members: list[int],
    inner: Inner,
    inflow: dict[int, flint.fmpq],
    pinned: frozenset[int],
    budget: Budget,
) -> tuple[dict[int, flint.fmpq], frozenset[int], SparseLU | None, list[int]] | None:
    """The exact solution with ``pinned`` at 1, if it is a fixed point (else None)."""
    try:
        values, lu, free = _solve_with(members, inner, inflow, pinned, budget)
    except ArithmeticError:  # the proposal left a singular system: it was wrong
        return None
    if any(not ZERO <= values[v] <= ONE for v in free):
        return None
    if any(_inflow(v, inner, inflow, values) < ONE for v in pinned):
        return None
    return values, pinned, lu, free


def _float_proposal(
    members: list[int], inner: Inner, inflow: dict[int, flint.fmpq], budget: Budget
) -> frozenset[int] | None:
    """Members over 1 at the end of a float iteration x <- min(1, c + W x) from 0, which rises
    to the least fixed point (the exact check judges the proposal; slow loops may be missed)."""
    where = {v: i for i, v in enumerate(members)}
    c = [float(inflow[v]) for v in members]
    links = [(where[v], where[h], float(w)) for v in members for h, w in inner[v].items()]
    if len(links) > 500:
        import numpy as np

        rows = np.array([r for r, _, _ in links])
        cols = np.array([h for _, h, _ in links])
        vals = np.array([w for _, _, w in links])
        base = np.array(c)
        x = np.zeros(len(members))
        for _ in range(ITERATIONS):
            budget.spend(0.01 * (len(links) + len(members)) + 20)
            t = base + np.bincount(rows, vals * x[cols], len(members))
            new = np.minimum(t, 1.0)
            done = bool(np.max(np.abs(new - x)) <= 1e-15)
            x = new
            if done:
                break
        over = (t > 1.0 + 1e-12).tolist()
    else:
        xs = [0.0] * len(members)
        for _ in range(ITERATIONS):
            budget.spend(0.15 * len(links) + 0.1 * len(members) + 5)
            ts = list(c)
            for r, h, w in links:
                ts[r] += w * xs[h]
            news = [min(t, 1.0) for t in ts]
            done = max((abs(a - b) for a, b in zip(news, xs, strict=True)), default=0.0) <= 1e-15
            xs = news
            if done:
                break
        over = [t > 1.0 + 1e-12 for t in ts]
    return frozenset(v for v, o in zip(members, over, strict=True) if o)


ITERATIONS = 300  # float iterations behind a proposal
