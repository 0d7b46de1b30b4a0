"""Numeric look-through with certified error bounds, for graphs of any size.

Every entity gets a float figure and a bound such that the exact figure (from the exact weights
the floats were rounded from) lies within the bound of it. The bound is a proof, not an
estimate. For the variables (entities other than stops that a source reaches):

* multiply: with r = b + W x - x the residual of the computed x (rounding of its evaluation and
  of the weights included, G its largest size) and y > 0 with (I - W) y >= c > 0 (computed, then
  checked), |x* - x| <= (I - W)^-1 |r| <= G y / c, because (I - W)^-1 >= 0.
* control, and ``upper``: x* is the least fixed point of F(x) = min(1, b + W x), which is also
  its only fixed point over the reached entities (see ``capped``). With S the entities held at 1
  and e = G y / c on the rest (y for their system), hi = min(1, x + e) satisfies F(hi) <= hi, so
  x* <= hi; lo = max(0, x - e) (1 on S) satisfies F(lo) >= lo — checked for S, where it needs
  b + W lo >= 1 — so the iteration from lo rises to a fixed point, x*, and x* >= lo.

The linear systems are solved by ``solvers``; saturation under control by strategy iteration
from above (S starts as every entity that could reach 1; each round drops those of S whose
inflow falls below 1), which needs the reached set first: a breadth-first search from the
sources. Entities no source reaches are exactly 0.
"""

from __future__ import annotations

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sps
from scipy.sparse.csgraph import breadth_first_order

from ..errors import LookthroughConvergenceError
from .figure import Basis, Method
from .graph import Graph
from .solvers import TOL, Ordered, Stalled, Sweeps

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

__all__ = ["NumericResult", "in_large_components", "numeric_shares", "solve_numeric"]

U = 2.0**-53  # unit roundoff
FAST_MIN = 50_000  # variables from this many: try the sweeps in the given order first
ROUNDS_MAX = 200  # strategy iteration rounds
BOUND = 1e-12  # a certificate giving bounds this tight needs no more work
Y_ACCURACY = 2.0  # first (absolute) accuracy asked of the certificate's y


@attrs.frozen(eq=False)
class NumericResult:
    """Each entity's figure ``x`` and certified bound ``err``; ``saturated`` (capped systems)
    marks the entities held at 1; ``variables`` those solved for. ``w_all`` holds every link's
    weight as it counts (rows: entity held), ``w`` the matrix solved with (rows and columns of
    the stops are never used from it)."""

    x: Floats
    err: Floats
    saturated: Bools
    variables: Bools
    w_all: sps.csr_array
    w: sps.csr_array
    capped: bool


def _gamma(k: npt.ArrayLike) -> Floats:
    """An upper bound on Higham's gamma_k = k u / (1 - k u), the relative error bound of a
    k-term float sum: 1.01 k u, valid while k u <= 0.0099 (k up to 4·10^13)."""
    return np.asarray(k, dtype=np.float64) * (1.01 * U)


def link_weights(graph: Graph, method: Method, basis: Basis, upper: bool) -> Floats:
    """Each link's float weight as it counts: under control 1 for more than half the votes
    (decided exactly for votes within rounding of one half)."""
    w = graph.floats(basis, upper)
    if method != "control":
        return w
    v = graph.floats("voting", upper)
    control = v > 0.5
    near = np.flatnonzero(np.abs(v - 0.5) <= 4 * U)
    if near.size:
        exact = graph.exact("voting", upper, near.tolist())
        control[near] = [f > 0.5 for f in exact]
    return np.where(control, 1.0, w)


def solve_numeric(
    graph: Graph, sources: Bools, stops: Bools, method: Method, basis: Basis, upper: bool
) -> NumericResult:
    """Figures of every entity of ``graph`` traced to ``sources`` (tracing stops at ``stops``,
    which include the sources), with certified bounds."""
    n = graph.n
    capped = method == "control" or upper
    indptr, holder, link = graph.in_csr()
    data = link_weights(graph, method, basis, upper)[link]
    w_all = sps.csr_array((data, holder, indptr), shape=(n, n))
    deg = np.diff(indptr)
    b = np.asarray(w_all @ sources.astype(np.float64), dtype=np.float64)
    if method == "direct":
        err = (_gamma(deg + 2) + 2 * U) * b * 1.01
        fig = np.minimum(b, 1.0) if capped else b
        none = np.zeros(n, bool)
        return NumericResult(fig, err, b > 1.0, none, w_all, w_all, capped)
    free = ~stops
    rhs = np.where(free, b, 0.0)
    swept: Floats | None = None
    if int(free.sum()) >= FAST_MIN:  # sweeps over every link, the stops held at 0
        w, solver = w_all, _Solver(w_all, "sweeps")
        sweeps = solver.impl
        assert isinstance(sweeps, Sweeps)
        try:  # from 0: unreached entities stay 0; under a cap, monotone sweeps to the least
            swept = sweeps.solve(stops, rhs, cap=capped)  # fixed point
        except Stalled:
            swept = None
    if swept is not None:
        x = swept
        variables = _closed(w, free, x > 0)
        pinned = variables & (x >= 1.0) & (b + w @ x > 1.0) if capped else np.zeros(n, bool)
    else:  # the links among entities that are not stops: the graph searches need them alone
        keep = np.repeat(free, deg) & free[holder] & (data > 0)
        w = sps.csr_array((np.where(keep, data, 0.0), holder, indptr), shape=(n, n))
        solver = _Solver(w, "ordered")
        variables = free & _reached(_pruned(w), b)
        x, pinned = _strategy(solver, w, b, variables, capped)
    t_all = np.asarray(b + w_all @ x, dtype=np.float64)  # x is 0 off the variables
    err, pinned = _certify(solver, w, b, x, t_all, variables, pinned, deg, capped)
    round_t = (_gamma(deg + 3) + 2 * U) * t_all * 1.01
    outside = ~variables
    fig = np.where(variables, x, np.minimum(t_all, 1.0) if capped else t_all)
    e_out = round_t.copy()
    rows_out = np.flatnonzero(outside & (deg > 0))
    if rows_out.size:
        e_out[rows_out] += np.asarray(w_all[rows_out] @ err, dtype=np.float64) * (1 + 4 * U)
    bound = np.where(variables, err, e_out)
    if capped:
        over = outside & (t_all - e_out >= 1.0)  # surely over 1 before the cap: exactly 1
        bound = np.where(over, 0.0, bound)
    return NumericResult(fig, bound, pinned & variables, variables, w_all, w, capped)


def in_large_components(r: NumericResult, size: int) -> Bools:
    """The variables in strongly connected components (of the links of positive weight among
    the variables) of more than ``size`` members."""
    from scipy.sparse.csgraph import connected_components

    v, w = r.variables, r.w_all
    n = v.size
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(w.indptr))
    keep = v[rows] & v[w.indices] & (w.data > 0)
    sub = sps.csr_array((np.ones(int(keep.sum())), (rows[keep], w.indices[keep])), shape=(n, n))
    _, label = connected_components(sub, directed=True, connection="strong")
    members = np.bincount(label, weights=v, minlength=n)
    return np.asarray(v & (members[label] > size), dtype=np.bool_)


def _reached(w: sps.csr_array, b: Floats) -> Bools:
    """Entities reached from the sources' direct holdings along links of ``w`` (a search from
    an added node holding every entity with b > 0)."""
    n = int(w.shape[0])
    out = w.T.tocsr()
    start = np.flatnonzero(b > 0)
    indptr = np.concatenate([out.indptr, [out.indptr[-1] + start.size]]).astype(np.int64)
    indices = np.concatenate([out.indices, start]).astype(np.int64)
    aug = sps.csr_array((np.ones(indices.size), indices, indptr), shape=(n + 1, n + 1))
    order = breadth_first_order(aug, n, directed=True, return_predecessors=False)
    seen = np.zeros(n + 1, dtype=np.bool_)
    seen[order] = True
    return seen[:n]


def _closed(w: sps.csr_array, free: Bools, positive: Bools) -> Bools:
    """The entities with a positive value, and any entity a link from them reaches (a value
    that underflowed to 0): the reached set. Every other entity is exactly 0. (Links from stops
    in ``w`` count for nothing: the stops are not in ``free``.)"""
    reached = free & positive
    while True:
        zero = np.flatnonzero(free & ~reached & (np.diff(w.indptr) > 0))
        if not zero.size:
            return reached
        sub = w[zero]
        fed = np.asarray(sub @ reached.astype(np.float64), dtype=np.float64) > 0
        if not fed.any():
            return reached
        reached[zero[fed]] = True


class _Solver:
    """The linear solver for one system: sweeps (large graphs) or the ordered path, which also
    takes over when the sweeps stall."""

    def __init__(self, w: sps.csr_array, kind: str) -> None:
        self.w = w
        self.impl: Sweeps | Ordered = Sweeps(w) if kind == "sweeps" else Ordered(_pruned(w))

    def solve(self, pinned: Bools, rhs: Floats, x0: Floats | None, tol: float = TOL) -> Floats:
        try:
            return self.impl.solve(pinned, rhs, x0, tol)
        except Stalled:
            self.impl = Ordered(_pruned(self.w))
            return self.impl.solve(pinned, rhs, x0, tol)


def _pruned(w: sps.csr_array) -> sps.csr_array:
    """``w`` without its explicit zeros (for the graph searches, which count them as links)."""
    out = w.copy()
    out.eliminate_zeros()
    return out


def _strategy(
    solver: _Solver, w: sps.csr_array, b: Floats, variables: Bools, capped: bool
) -> tuple[Floats, Bools]:
    """x (0 off the variables) and the pinned (saturated) set, by strategy iteration."""
    rhs = np.where(variables, b, 0.0)
    if not capped:
        pinned = ~variables
        return solver.solve(pinned, rhs, None), np.zeros_like(variables)
    rowsum = np.asarray(w @ np.ones(w.shape[0]), dtype=np.float64)
    sat = variables & (b + rowsum >= 1.0 - 1e-9)
    x = None
    for _ in range(ROUNDS_MAX):
        x = solver.solve(sat | ~variables, np.where(sat, 1.0, rhs), x)
        x = np.clip(x, 0.0, 1.0)
        t = b + w @ x
        new = sat & (t >= 1.0 - 1e-12)
        if (new == sat).all():
            return x, sat
        sat = new
    raise LookthroughConvergenceError(  # pragma: no cover - at most one round per entity
        "the saturated entities could not be settled"
    )


def _certify(
    solver: _Solver,
    w: sps.csr_array,
    b: Floats,
    x: Floats,
    t: Floats,
    variables: Bools,
    pinned: Bools,
    deg: Ints,
    capped: bool,
) -> tuple[Floats, Bools]:
    """Certified bounds e (0 off the variables and on the saturated entities), and the set of
    entities proved saturated."""
    sat = pinned & variables
    gam = _gamma(deg + 3) + 3 * U
    for _ in range(ROUNDS_MAX):
        free = variables & ~sat
        e = np.zeros_like(x)
        if free.any():
            fx = np.minimum(t, 1.0) if capped else t
            g = np.where(free, np.abs(fx - x) + gam * (t + x) * 1.01, 0.0)
            ones = free.astype(np.float64)
            big_g = float(np.max(g))
            y, c, tol = None, 0.0, -Y_ACCURACY  # absolute: only the residual of y matters
            while tol <= -1e-15:  # y needs (I - W) y >= c > 0: a loose solve, tightened if need be
                y = solver.solve(~free, ones, y, tol)
                wy = np.asarray(w @ y, dtype=np.float64)
                s = y - wy - gam * (y + wy) * 1.01
                c = float(np.min(s[free]))
                if c > 0.2 or (c > 0 and big_g * float(np.max(y)) / c <= BOUND):
                    break
                tol *= 0.25
            assert y is not None
            if not (c > 0 and np.all(y[free] > 0)):
                raise LookthroughConvergenceError(
                    "no error bound could be certified for the numeric look-through (the "
                    "cross-holdings are too close to a closed cycle)"
                )
            e = np.where(free, (big_g / c) * y * (1 + 8 * U), 0.0)
        if not capped or not sat.any():
            return e, sat
        lo = np.where(sat, 1.0, np.maximum(x - e, 0.0))
        t_lo = np.asarray(b + w @ lo, dtype=np.float64) * (1 - gam * 1.01)
        proved = sat & (t_lo >= 1.0)
        if (proved == sat).all():
            return e, sat
        sat = proved
    raise LookthroughConvergenceError(  # pragma: no cover - at most one round per entity
        "the saturated entities could not be certified"
    )


def numeric_shares(r: NumericResult, target: int, sources: Bools) -> dict[int, tuple[float, float]]:
    """Each terminal's share of ``target``'s figure as (value, certified bound): the transposed
    system over the free variables, y = d + Wᵀ y (d: what of the target each free variable
    passes on directly), solved and certified as the forward one is, then share_u = Σ w_ku y_k
    over u's links (see ``shares``). Under a cap the saturated entities are terminals too, and a
    capped target's shares are scaled by one over its inflow (its bounds widened to match)."""
    n = r.x.size
    free = r.variables & ~r.saturated
    terminal = sources | r.saturated
    w_all, indptr = r.w_all, r.w_all.indptr
    lo, hi = int(indptr[target]), int(indptr[target + 1])
    cols, vals = w_all.indices[lo:hi], np.asarray(w_all.data[lo:hi], dtype=np.float64)
    value, bound = np.zeros(n), np.zeros(n)
    d = np.zeros(n)
    if free[target]:
        d[target] = 1.0
    else:
        np.add.at(d, cols[free[cols]], vals[free[cols]])
        np.add.at(value, cols[terminal[cols]], vals[terminal[cols]])
    if d.any():
        keep = sps.diags_array(free.astype(np.float64))
        wt = (keep @ r.w.T @ keep).tocsr()
        solver = _Solver(wt, "sweeps" if int(free.sum()) >= FAST_MIN else "ordered")
        y = solver.solve(~free, d, None)
        t = np.asarray(d + wt @ y, dtype=np.float64)
        e, _ = _certify(solver, wt, d, y, t, free, np.zeros(n, bool), np.diff(wt.indptr), False)
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(indptr))
        pick = free[rows] & terminal[w_all.indices] & (y + e > 0)[rows]
        us, ks = w_all.indices[pick], rows[pick]
        ws = np.asarray(w_all.data[pick], dtype=np.float64)
        value += np.bincount(us, ws * y[ks], n)
        bound += np.bincount(us, ws * e[ks], n)
    count = np.bincount(w_all.indices[w_all.indices >= 0], minlength=n)
    bound += _gamma(count + 3) * (value + bound) * 1.01 + 4 * U * value
    scale_lo = scale_hi = 1.0
    if r.capped and not free[target]:  # a capped figure, 1, split in proportion to its inflow
        raw = float(vals @ np.where(terminal[cols], 1.0, r.x[cols]))
        raw_err = float(vals @ np.where(terminal[cols], 0.0, r.err[cols])) + 8 * U * raw
        if raw - raw_err > 1.0:
            scale_lo, scale_hi = 1.0 / (raw + raw_err), 1.0 / (raw - raw_err)
        elif raw + raw_err > 1.0:  # perhaps capped: the split is anywhere between
            scale_lo = 1.0 / (raw + raw_err)
    out: dict[int, tuple[float, float]] = {}
    for u in np.flatnonzero((value > 0) | (bound > 0)).tolist():
        low = max(float(value[u] - bound[u]), 0.0) * scale_lo
        high = float(value[u] + bound[u]) * scale_hi
        mid = min(max(float(value[u]) * (scale_lo + scale_hi) / 2, low), high)
        out[u] = (mid, max(mid - low, high - mid) * (1 + 4 * U))
    return out
