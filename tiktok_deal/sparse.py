"""Numeric look-through for large ownership graphs (contract §3.2, §4).

The exact path decides single deals with fractions. This module gives every entity of a graph with
millions of stakes its foreign-adversary stake in floating point, with a per-entity bound on the
error, so that only the entities within that bound of a threshold need an exact re-decision.

Method: the strongly connected components (cross-holdings) are condensed and processed level by
level in topological order, so the acyclic part is one vectorised pass per level; components with
a cycle are solved as small dense systems (batched) or, when large, by block sweeps. Error bounds
come from the residual and a certified bound on the inverse of each component's system (a positive
y with (I - C)y >= c > 0), propagated downstream with rounding and input-rounding terms.
Cost: O(stakes) plus a few tens of microseconds per level of the condensation.
"""

from __future__ import annotations

import itertools
from typing import Literal

import attrs
import numpy as np
import numpy.typing as npt
import scipy.sparse as sps
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import LinearOperator, gmres

from .errors import DealError, InvalidDealError

__all__ = [
    "LookthroughConvergenceError",
    "Method",
    "SparseLookthrough",
    "lookthrough",
    "near_threshold",
]

Method = Literal["multiply", "control", "direct"]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

_U = 2.0**-53  # unit roundoff of float64
_DENSE_MAX = 256  # components up to this size are solved densely, larger ones by sweeps
_BATCH_CELLS = 1 << 22  # at most this many matrix cells per batched dense solve
_CLUSTER_MAX = 64  # largest cluster of strong links solved exactly inside a sweep
_STRONG = 0.25  # links at least this strong form those clusters
_CHAIN = 0.5  # links at least this strong are followed along chains inside a sweep
_SWEEPS_MAX = 3000
_SOLVE_TOL = 2.0**-50  # relative accuracy sought from sweeps
_SAT_SLACK = 1e-9  # saturation (control) this clear is kept when bounding the error


class LookthroughConvergenceError(DealError, ArithmeticError):
    """A large cross-holding could not be solved to working accuracy (contract §3.2)."""


@attrs.frozen(eq=False)
class SparseLookthrough:
    """Foreign-adversary stake of every entity (contract §3.2) and a bound on its error.

    ``stake[e]`` is in [0, 1]; the exact value (from the rationals the weights were rounded from)
    lies within ``error_bound[e]`` of it. Both arrays are read-only.
    """

    stake: Floats
    error_bound: Floats


def near_threshold(result: SparseLookthrough, threshold: float = 0.2) -> Bools:
    """Entities whose stake cannot be told apart from ``threshold`` numerically (§3.3).

    True where ``|stake - threshold| <= error_bound`` plus a few ulps: the caller re-decides those
    exactly. Every other entity is on the same side of the threshold as its exact stake.
    """
    slack = 8.0 * _U * np.maximum(np.abs(result.stake), abs(threshold))
    return np.asarray(np.abs(result.stake - threshold) <= result.error_bound + slack)


def lookthrough(
    n: int,
    holder: npt.ArrayLike,
    held: npt.ArrayLike,
    weight: npt.ArrayLike,
    *,
    votes: npt.ArrayLike | None = None,
    sources: npt.ArrayLike,
    method: Method = "multiply",
    weight_rel_error: float = _U,
) -> SparseLookthrough:
    """Foreign-adversary stake of each of ``n`` entities (contract §3.2, interpretations §4).

    Link ``k``: entity ``holder[k]`` holds ``weight[k]`` of entity ``held[k]`` (the stake on the
    chosen basis) and ``votes[k]`` of its votes (default: ``weight``). ``sources`` marks the
    (A)-persons, where tracing stops: a source passes on 1, whatever its own holders. Then
    ``x[e] = sum over links h -> e of weight(h, e) * (1 if sources[h] else x[h])`` with

    - ``"multiply"``: weight = w; cycles solved exactly, entities no source reaches get 0;
    - ``"control"``: weight = 1 where the holder has more than half of the votes (links between
      the same two entities summed first), else w; x capped at 1 (the least fixed point);
    - ``"direct"``: only links held by sources count.

    ``weight_rel_error`` is the relative error already in each weight and vote (default: one
    rounding of an exact fraction to float64), included in ``error_bound``; pass 0 for weights
    that are exact. A control decision that such rounding could flip (votes within rounding of
    1/2) widens the bound instead of being guessed. Raises ``ValueError`` for bad input, naming
    the first entity owned more than 100% and its total, and ``LookthroughConvergenceError`` when
    a large cross-holding cannot be solved.
    """
    if method not in ("multiply", "control", "direct"):
        raise InvalidDealError(f"method must be 'multiply', 'control' or 'direct', got {method!r}")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise InvalidDealError(f"n must be a non-negative integer, got {n!r}")
    n = int(n)
    h = _as_index("holder", holder, n)
    e = _as_index("held", held, n)
    if h.shape != e.shape:
        raise InvalidDealError(f"holder and held differ in length: {h.size} and {e.size}")
    w = _as_fraction("weight", weight, h.size)
    v = w if votes is None else _as_fraction("votes", votes, h.size)
    src = np.asarray(sources)
    if src.shape != (n,) or src.dtype != np.bool_:
        raise InvalidDealError(
            f"sources must be a boolean array of shape ({n},), got {src.shape} {src.dtype}"
        )
    eps = float(weight_rel_error)
    if not 0.0 <= eps < 1e-3:
        raise InvalidDealError(f"weight_rel_error must be in [0, 0.001), got {weight_rel_error!r}")
    deg = np.bincount(e, minlength=n)  # links into each entity: terms of its sum
    _check_totals("weight", n, e, w, deg, eps)
    if votes is not None:
        _check_totals("votes", n, e, v, deg, eps)

    if method == "direct" or n == 0:
        from_src = src[h]
        x = _sum_by(e[from_src], w[from_src], n)
        err = (_gamma(deg + 1) + eps) * x * (1.0 + 4.0 * _U)
        return SparseLookthrough(stake=_frozen(np.minimum(x, 1.0)), error_bound=_frozen(err))

    # Sum duplicate links (rows = held, columns = holder); votes ride along as imaginary part.
    control = method == "control"
    data: npt.NDArray[np.float64] | npt.NDArray[np.complex128] = w + 1j * v if control else w
    agg = sps.csr_array((data, (e, h)), shape=(n, n))
    rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(agg.indptr))
    cols = agg.indices.astype(np.int64)
    amb = np.zeros(n)
    if control:
        aw, av = agg.data.real.copy(), agg.data.imag.copy()
        dup = sps.csr_array((np.ones(e.size), (e, h)), shape=(n, n))
        if not np.array_equal(dup.indices, agg.indices):  # pragma: no cover - same coordinates
            raise AssertionError("duplicate counting disagrees with aggregation")
        cw = np.where(av > 0.5, 1.0, aw)
        # A control decision rounding could flip: the weight is 1 or w, so x moves by <= 1 - w.
        tol_v = (_gamma(dup.data - 1.0) + eps * (1.0 + _gamma(dup.data))) * av
        amb_link = (np.abs(av - 0.5) <= tol_v) & (tol_v > 0)
        amb = _sum_by(rows[amb_link], 1.0 - aw[amb_link], n)
    else:
        cw = np.asarray(agg.data, dtype=np.float64)
    from_src = src[cols]
    b = _sum_by(rows[from_src], cw[from_src], n)
    keep = ~from_src & (cw > 0)
    ext = np.bincount(rows[from_src & (cw > 0)], minlength=n)  # links from sources
    return _solve_graph(n, rows[keep], cols[keep], cw[keep], b, ext, deg, amb, control, eps)


def _sum_by(index: Ints, weights: Floats, n: int) -> Floats:
    """Sum of ``weights`` per value of ``index`` in [0, n) (a float ``bincount``)."""
    return np.asarray(np.bincount(index, weights=weights, minlength=n), dtype=np.float64)


def _gamma(k: npt.ArrayLike) -> Floats:
    """Higham's gamma_k = k u / (1 - k u): relative error bound of a k-term float sum."""
    k_arr = np.asarray(k, dtype=np.float64)
    return np.asarray(k_arr * _U / (1.0 - k_arr * _U), dtype=np.float64)


def _frozen(a: Floats) -> Floats:
    a.setflags(write=False)
    return a


def _as_index(name: str, a: npt.ArrayLike, n: int) -> Ints:
    arr = np.asarray(a)
    if arr.ndim != 1 or not (arr.size == 0 or np.issubdtype(arr.dtype, np.integer)):
        raise InvalidDealError(
            f"{name} must be a 1-D integer array, got shape {arr.shape} {arr.dtype}"
        )
    out = arr.astype(np.int64)
    bad = np.flatnonzero((out < 0) | (out >= n))
    if bad.size:
        raise InvalidDealError(
            f"{name}[{bad[0]}] = {out[bad[0]]} is not an entity index in [0, {n})"
        )
    return out


def _as_fraction(name: str, a: npt.ArrayLike, m: int) -> Floats:
    arr = np.asarray(a, dtype=np.float64)
    if arr.shape != (m,):
        raise InvalidDealError(
            f"{name} must have shape ({m},) like holder and held, got {arr.shape}"
        )
    bad = np.flatnonzero(~((arr >= 0.0) & (arr <= 1.0)))
    if bad.size:
        raise InvalidDealError(
            f"{name}[{bad[0]}] = {float(arr[bad[0]])!r} is not a fraction in [0, 1]"
        )
    return arr


def _check_totals(name: str, n: int, held: Ints, w: Floats, deg: Ints, rel: float) -> None:
    """Holdings in an entity may not add up to more than 100% (contract §1), up to rounding."""
    total = _sum_by(held, w, n)
    over = np.flatnonzero(total > 1.0 + 2.0 * (deg + 1) * (_U + rel))
    if over.size:
        i = int(over[0])
        more = f" (and {over.size - 1} more entities)" if over.size > 1 else ""
        raise InvalidDealError(
            f"entity {i} is owned more than 100%: its holders' {name} adds up to "
            f"{float(total[i])!r} > 1{more}"
        )


def _solve_graph(
    n: int,
    rows: Ints,
    cols: Ints,
    cw: Floats,
    b: Floats,
    ext: Ints,
    deg: Ints,
    amb: Floats,
    control: bool,
    eps: float,
) -> SparseLookthrough:
    """Condense the cycles, order the components by level and solve level by level (§3.2).

    ``rows``/``cols``/``cw``: links between non-sources (held, holder, weight); ``b``: what the
    sources pass in directly; ``ext``: number of such links; ``amb``: error from ambiguous control
    decisions. Positions (the level order) index everything below; x starts at 0, so the members
    of a cycle see only what comes from earlier levels when their right-hand side is formed.
    """
    # Graph with link ids as data, so that the order carries the links along.
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n))])
    ids = np.arange(1, rows.size + 1, dtype=np.int64)
    graph = sps.csr_array((ids, cols, indptr), shape=(n, n))
    ncomp, label = connected_components(graph, directed=True, connection="strong")
    label = label.astype(np.int64)
    csize = np.bincount(label, minlength=ncomp)
    lr, lc = label[rows], label[cols]
    internal = lr == lc
    nontriv = (csize > 1) | (np.bincount(lr[internal], minlength=ncomp) > 0)
    level = _levels(ncomp, lc[~internal], lr[~internal])
    # Position order: by level, trivial components first in a level, members of one together.
    key = (level * 2 + nontriv) * ncomp + np.arange(ncomp, dtype=np.int64)
    perm = np.argsort(key[label])
    pos = np.empty(n, dtype=np.int64)
    pos[perm] = np.arange(n, dtype=np.int64)
    mp = graph[perm]
    link = np.asarray(mp.data, dtype=np.int64) - 1
    pptr = mp.indptr.astype(np.int64)
    pcol = pos[mp.indices]
    pval = cw[link]
    prow = np.repeat(np.arange(n, dtype=np.int64), np.diff(pptr))
    lab_p = label[perm]
    b_p, amb_p = b[perm], amb[perm]
    loc_gam = _gamma(deg[perm] + 2) + eps  # rounding of one entity's sum, input rounding
    lvkey = (level * 2 + nontriv)[lab_p]
    bounds = np.concatenate([[0], np.flatnonzero(np.diff(lvkey)) + 1, [n]]).astype(np.int64)
    cyc = _Cycles(n, lab_p, csize, nontriv, pptr, prow, pcol, pval, internal[link], ext[perm])

    x = np.zeros(n)
    err = np.zeros(n)
    for a, c in itertools.pairwise(bounds.tolist()):
        p0, p1 = pptr[a], pptr[c]
        cc, vv, rel = pcol[p0:p1], pval[p0:p1], prow[p0:p1] - a
        rhs = b_p[a:c] + _sum_by(rel, vv * x[cc], c - a)
        es = _sum_by(rel, vv * err[cc], c - a)
        erhs = (es + loc_gam[a:c] * (rhs + es) + amb_p[a:c]) * (1.0 + 4.0 * _U)
        if nontriv[lab_p[a]]:
            cyc.solve(a, c, rhs, erhs, x, err, control, eps)
            continue
        xa = np.minimum(rhs, 1.0)
        if control:  # surely at least 1 before the cap: exactly 1
            erhs = np.where(rhs - erhs >= 1.0, 0.0, erhs)
        x[a:c] = xa
        err[a:c] = np.minimum(erhs, np.maximum(xa, 1.0 - xa))
    return SparseLookthrough(stake=_frozen(x[pos]), error_bound=_frozen(err[pos]))


def _levels(ncomp: int, cu: Ints, cv: Ints) -> Ints:
    """Longest-path level of each component in the condensation (Kahn's algorithm by waves)."""
    cond = sps.csr_array((np.ones(cu.size, dtype=np.int32), (cu, cv)), shape=(ncomp, ncomp))
    optr, succ_all = cond.indptr.astype(np.int64), cond.indices.astype(np.int64)
    indeg = np.bincount(succ_all, minlength=ncomp)
    level = np.full(ncomp, -1, dtype=np.int64)
    stamp = np.zeros(ncomp, dtype=np.int64)
    front = np.flatnonzero(indeg == 0)
    depth = 0
    while front.size:
        level[front] = depth
        st = optr[front]
        cnt = optr[front + 1] - st
        tot = int(cnt.sum())
        if tot == 0:
            break
        succ = succ_all[np.repeat(st - (np.cumsum(cnt) - cnt), cnt) + np.arange(tot)]
        np.subtract.at(indeg, succ, 1)
        cand = succ[indeg[succ] == 0]
        stamp[cand] = np.arange(cand.size)  # one copy of each, without sorting
        front = cand[stamp[cand] == np.arange(cand.size)]
        depth += 1
    if (level < 0).any():  # pragma: no cover - a condensation is acyclic
        raise AssertionError("condensation is not acyclic")
    return level


def _batches(qs: Ints, sizes: Ints, cap: int) -> list[Ints]:
    """Group components by padded size so batched dense solves stay small; big ones alone."""
    if qs.size == 0:
        return []
    sz = sizes[qs]
    bucket = np.where(sz > cap, -qs - 1, np.ceil(np.log2(sz)).astype(np.int64))
    out: list[Ints] = []
    for bk in np.unique(bucket):
        grp = qs[bucket == bk]
        if bk < 0:
            out.append(grp)
            continue
        per = max(1, _BATCH_CELLS // (1 << (2 * int(bk))))
        out.extend(grp[i : i + per] for i in range(0, grp.size, per))
    return out


class _Cycles:
    """The components with a cycle, by position range, and their internal links."""

    def __init__(
        self,
        n: int,
        lab_p: Ints,
        csize: Ints,
        nontriv: Bools,
        pptr: Ints,
        prow: Ints,
        pcol: Ints,
        pval: Floats,
        internal: Bools,
        ext: Ints,
    ) -> None:
        start = np.flatnonzero(np.diff(lab_p, prepend=-1) != 0)
        self.start = start[nontriv[lab_p[start]]]
        self.size = csize[lab_p[self.start]]
        self.int_idx = np.flatnonzero(internal)
        int_rows = prow[self.int_idx]
        self.ie0 = np.searchsorted(int_rows, self.start)
        self.ie1 = np.searchsorted(int_rows, self.start + self.size)
        # Open: some link comes from outside. A closed cycle has no input and stays at 0.
        outside = np.diff(pptr) - np.bincount(int_rows, minlength=n) + ext
        self.open = (
            np.add.reduceat(outside, self.start) > 0 if self.start.size else np.zeros(0, np.bool_)
        )
        self.prow, self.pcol, self.pval = prow, pcol, pval

    def solve(
        self,
        a: int,
        c: int,
        rhs: Floats,
        erhs: Floats,
        x: Floats,
        err: Floats,
        control: bool,
        eps: float,
    ) -> None:
        """Solve the cycles at positions [a, c) into ``x`` and ``err``, batch by batch."""
        q0, q1 = np.searchsorted(self.start, [a, c])
        for qs in _batches(np.arange(q0, q1, dtype=np.int64), self.size, _DENSE_MAX):
            st, sz = self.start[qs], self.size[qs]
            nb = np.repeat(np.arange(qs.size), sz)
            li = np.arange(sz.sum()) - np.repeat(np.cumsum(sz) - sz, sz)
            gp = st[nb] + li
            ec = self.ie1[qs] - self.ie0[qs]
            eb = np.repeat(np.arange(qs.size), ec)
            starts = self.ie0[qs] - (np.cumsum(ec) - ec)
            ei = self.int_idx[np.repeat(starts, ec) + np.arange(ec.sum())]
            er, ecl, ev = self.prow[ei] - st[eb], self.pcol[ei] - st[eb], self.pval[ei]
            big = int(sz.max())
            width = big if big > _DENSE_MAX else 1 << max(0, (big - 1).bit_length())
            r_b = np.zeros((qs.size, width))
            r_b[nb, li] = rhs[gp - a]
            e_b = np.zeros((qs.size, width))
            e_b[nb, li] = erhs[gp - a]
            valid = np.zeros((qs.size, width), dtype=np.bool_)
            valid[nb, li] = True
            active = self.open[qs] & ((r_b > 0) | (e_b > 0)).any(axis=1)
            ops: _Dense | _Sparse
            if big <= _DENSE_MAX:
                gam = float(_gamma(width + 2)) + eps
                cm = np.zeros((qs.size, width, width))
                cm[eb, er, ecl] = ev
                ops = _Dense(cm, gam)
            else:
                sm = sps.csr_array((ev, (er, ecl)), shape=(big, big))
                gam = float(_gamma(np.max(np.diff(sm.indptr)) + 2)) + eps
                ops = _Sparse(sm, int(gp[0]), gam, control)
            xb, eb_ = _solve_component(ops, r_b, e_b, valid, active, control, gam)
            x[gp] = xb[nb, li]
            err[gp] = eb_[nb, li]


class _Dense:
    """A batch of small components: matrices C stacked (B, P, P), padded with zero rows."""

    def __init__(self, cm: Floats, gam: float) -> None:
        self.cm = cm
        self.gam = gam
        self.eye = np.eye(cm.shape[1])
        self.a0 = self.eye - cm
        self.rowsum = cm.sum(axis=2)

    def apply(self, z: Floats) -> Floats:
        return np.asarray(np.matmul(self.cm, z[..., None])[..., 0], dtype=np.float64)

    def solve(self, pin: Bools, r: Floats, quiet: bool = False) -> tuple[Floats, Bools]:
        """Solve (I - C) z = r with the rows in ``pin`` replaced by z = r; ok per matrix.

        A singular matrix gets a least-squares z and ok False (``quiet``: all of them do).
        """
        a = np.where(pin[:, :, None], self.eye, self.a0)
        ok = np.ones(a.shape[0], dtype=np.bool_)
        try:
            return np.asarray(np.linalg.solve(a, r[..., None])[..., 0], dtype=np.float64), ok
        except np.linalg.LinAlgError:
            if quiet:
                return np.zeros_like(r), ~ok
            z = np.zeros_like(r)
            for i in range(a.shape[0]):
                try:
                    z[i] = np.linalg.solve(a[i], r[i])
                except np.linalg.LinAlgError:
                    z[i] = np.linalg.lstsq(a[i], r[i], rcond=None)[0]
                    ok[i] = False
            return z, ok

    def fixed_point(self, rhs: Floats, pin: Bools, control: bool) -> Floats:
        """Fixed point of x = rhs + Cx; under control of x = min(1, rhs + Cx) (§4).

        Control uses strategy iteration from above: U starts as every entity that could reach
        1; solving with U pinned at 1 gives an upper bound on the least fixed point, and the
        entities of U that stay below 1 leave it, until U is stable.
        """
        if not control:
            return self.solve(pin, rhs)[0]
        sat = ~pin & (rhs + self.rowsum >= 1.0)
        if sat.any():  # where the uncapped solution stays below 1, it is the fixed point
            z, solved = self.solve(pin, rhs, quiet=True)
            sat &= ~(solved[:, None] & np.all((z >= 0.0) & (z < 1.0), axis=1, keepdims=True))
            if not sat.any():
                return z
        for _ in range(rhs.shape[1] + 2):
            z = self.solve(pin | sat, np.where(sat, 1.0, rhs))[0]
            t = rhs + self.apply(z)
            new = sat & (t >= 1.0 - self.gam * t)
            if (new == sat).all():
                break
            sat = new
        return z

    def certify(self, free: Bools) -> tuple[Floats, Bools]:
        return self.solve(~free, free.astype(np.float64))


class _Sparse:
    """One large component, solved by block sweeps with a contraction-based stopping rule.

    Each sweep solves exactly, given the previous sweep's values elsewhere: the small strongly
    connected clusters of strong links (tight cross-holdings, which would make plain sweeps
    crawl), capped under control; and chains along each entity's heaviest holder (under control:
    its controlling holder, whose weight 1 passes the cap unchanged), by path sums. GMRES takes
    over when a linear solve still contracts slowly; if that fails too,
    ``LookthroughConvergenceError`` is raised: never a silent cut-off.
    """

    def __init__(self, sm: sps.csr_array, where: int, gam: float, control: bool) -> None:
        self.sm = sm
        self.k = k = int(sm.shape[0])
        self.where = where
        self.gam = gam
        self.rowsum = np.asarray(sm.sum(axis=1), dtype=np.float64)
        rows = np.repeat(np.arange(k, dtype=np.int64), np.diff(sm.indptr))
        cols = sm.indices.astype(np.int64)
        w = np.asarray(sm.data, dtype=np.float64)
        strong = w >= _STRONG
        g = sps.csr_array((w[strong], (rows[strong], cols[strong])), shape=(k, k))
        nc, lab = connected_components(g, directed=True, connection="strong")
        sz = np.bincount(lab, minlength=nc)
        loop = np.zeros(nc, dtype=np.bool_)
        loop[lab[rows[rows == cols]]] = True
        innode = (((sz > 1) | loop) & (sz <= _CLUSTER_MAX))[lab]
        intra = innode[rows] & (lab[rows] == lab[cols])
        self.blocks = _cluster_blocks(k, rows, cols, w, lab.astype(np.int64), innode, intra, gam)
        outside = ~innode[rows] & ~innode[cols] & (rows != cols)
        self.chains: dict[bool, tuple[Ints, Floats, sps.csr_array]] = {}
        for cap in (False, True) if control else (False,):
            eligible = outside & ((w == 1.0) if cap else (w >= _CHAIN))
            parent, chain_link = _forest(k, rows, cols, w, eligible)
            rest = ~intra
            rest[chain_link[chain_link >= 0]] = False
            mat = sps.csr_array((w[rest], (rows[rest], cols[rest])), shape=(k, k))
            wl = np.where(chain_link >= 0, w[np.maximum(chain_link, 0)], 0.0)
            self.chains[cap] = (parent, wl, mat)

    def apply(self, z: Floats) -> Floats:
        return np.asarray(self.sm @ z[0], dtype=np.float64)[None]

    def _fail(self, what: str, res: float) -> LookthroughConvergenceError:
        return LookthroughConvergenceError(
            f"cross-holdings among {self.k} entities (the component at position {self.where} "
            f"of the solve order) did not converge while {what}: residual {res:.3g}; the "
            "holdings form a nearly closed cycle"
        )

    def _lin(self, pin: Bools, r: Floats, tol: float, cap: bool = False) -> Floats:
        """Solve z = r on pinned rows and z = r + Cz elsewhere (z = min(1, ...) when ``cap``)."""
        parent, wl, rest0 = self.chains[cap]
        rest = sps.diags_array((~pin).astype(np.float64)) @ rest0
        rounds = _jumps(np.where(pin, -1, parent), wl)

        def sweep(rr: Floats, z: Floats) -> Floats:
            t = rr + rest @ z
            for act, tgt, mult in rounds:  # path sums along the chains
                t[act] = t[act] + mult * t[tgt]
            out = np.minimum(t, 1.0) if cap else t
            for dense, idx, valid in self.blocks:
                tb = np.where(valid, t[idx], 0.0)
                pb = ~valid | pin[idx]
                if cap:
                    unfed = ~np.any(tb > 0, axis=1, keepdims=True)  # no input: least fixed point 0
                    zb = np.clip(dense.fixed_point(tb, pb | unfed, True), 0.0, 1.0)
                else:
                    zb = dense.solve(pb, tb)[0]
                out[idx[valid]] = zb[valid]
            return np.asarray(out, dtype=np.float64)

        z = np.zeros(self.k)
        steps: list[float] = []
        for it in range(_SWEEPS_MAX):
            znew = sweep(r, z)
            step = float(np.max(np.abs(znew - z)))
            z = znew
            steps.append(step)
            if step == 0.0:
                return z
            if it >= 10:  # contraction rate over the last ten sweeps
                rate = (step / steps[-11]) ** 0.1 if steps[-11] > 0 else 0.0
                scale = max(1.0, float(np.max(np.abs(z))))
                if rate < 1.0 and step * rate / (1.0 - rate) <= tol * scale:
                    return z
                if it >= 50 and rate > 0.99:
                    break
        if cap:  # not linear: strategy iteration from above as in _Dense, linear solves inside
            sat = ~pin & (r + self.rowsum >= 1.0)
            for _ in range(self.k + 2):
                zz = self._lin(pin | sat, np.where(sat, 1.0, r), tol)
                t = r + self.sm @ zz
                new = sat & (t >= 1.0 - self.gam * t)
                if (new == sat).all():
                    return zz
                sat = new
            raise self._fail("finding the saturated entities", float("nan"))  # pragma: no cover
        free = sps.diags_array((~pin).astype(np.float64))
        a = sps.eye_array(self.k, format="csr") - free @ self.sm
        zero = np.zeros(self.k)

        def prec(v: Floats) -> Floats:
            return sweep(np.asarray(v, dtype=np.float64), zero)

        m_op = LinearOperator((self.k, self.k), matvec=prec, dtype=np.float64)
        z, _ = gmres(a, r, x0=z, M=m_op, rtol=max(tol, 1e-15), atol=0.0, restart=60, maxiter=300)
        res = float(np.max(np.abs(a @ z - r)))
        if not res <= max(tol, 1e-12) * max(1.0, float(np.max(np.abs(z)))):
            raise self._fail("solving", res)
        return np.asarray(z, dtype=np.float64)

    def fixed_point(self, rhs: Floats, pin: Bools, control: bool) -> Floats:
        return self._lin(pin[0], rhs[0], _SOLVE_TOL, cap=control)[None]

    def certify(self, free: Bools) -> tuple[Floats, Bools]:
        try:
            y = self._lin(~free[0], free[0].astype(np.float64), 1e-3)
        except LookthroughConvergenceError:  # (I - C_LL) singular: no certificate
            return np.zeros((1, self.k)), np.zeros(1, dtype=np.bool_)
        return y[None], np.ones(1, dtype=np.bool_)


def _cluster_blocks(
    k: int,
    rows: Ints,
    cols: Ints,
    w: Floats,
    lab: Ints,
    innode: Bools,
    intra: Bools,
    gam: float,
) -> list[tuple[_Dense, Ints, Bools]]:
    """Dense batches of the clusters: members ``innode`` grouped by ``lab``, links ``intra``."""
    members = np.flatnonzero(innode)
    members = members[np.argsort(lab[members], kind="stable")]
    first = np.diff(lab[members], prepend=-1) != 0
    clus = np.cumsum(first) - 1
    cstart = np.flatnonzero(first)
    csz = np.diff(np.append(cstart, members.size))
    local = np.arange(members.size) - cstart[clus]
    clus_of = np.zeros(k, dtype=np.int64)
    clus_of[members] = clus
    local_of = np.zeros(k, dtype=np.int64)
    local_of[members] = local
    blocks: list[tuple[_Dense, Ints, Bools]] = []
    for grp in _batches(np.arange(cstart.size, dtype=np.int64), csz, _CLUSTER_MAX):
        p = 1 << max(0, int(csz[grp].max() - 1).bit_length())
        bpos = np.full(cstart.size, -1, dtype=np.int64)
        bpos[grp] = np.arange(grp.size)
        idx = np.zeros((grp.size, p), dtype=np.int64)
        valid = np.zeros((grp.size, p), dtype=np.bool_)
        mb = bpos[clus] >= 0
        idx[bpos[clus[mb]], local[mb]] = members[mb]
        valid[bpos[clus[mb]], local[mb]] = True
        cm = np.zeros((grp.size, p, p))
        ein = intra & (bpos[clus_of[rows]] >= 0)
        cm[bpos[clus_of[rows[ein]]], local_of[rows[ein]], local_of[cols[ein]]] = w[ein]
        blocks.append((_Dense(cm, gam), idx, valid))
    return blocks


def _forest(k: int, rows: Ints, cols: Ints, w: Floats, eligible: Bools) -> tuple[Ints, Ints]:
    """Each entity's heaviest eligible holder (parent, -1 if none) and its link; cycles cut."""
    e = np.flatnonzero(eligible)
    parent = np.full(k + 1, k, dtype=np.int64)  # k: sentinel root
    link = np.full(k, -1, dtype=np.int64)
    if e.size:
        new_row = np.diff(rows[e], prepend=-1) != 0
        best = np.maximum.reduceat(w[e], np.flatnonzero(new_row))[np.cumsum(new_row) - 1]
        cand = e[w[e] == best]
        pick = cand[np.diff(rows[cand], prepend=-1) != 0]
        parent[rows[pick]] = cols[pick]
        link[rows[pick]] = pick
        ptr, low = parent.copy(), np.append(np.arange(k, dtype=np.int64), k)
        for _ in range(k.bit_length() + 1):  # pointer doubling: land on cycles, find minima
            low = np.minimum(low, low[ptr])
            ptr = ptr[ptr]
        cut = low[ptr[:k][ptr[:k] != k]]  # the smallest entity of each cycle
        parent[cut] = k
        link[cut] = -1
    return np.where(parent[:k] == k, -1, parent[:k]), link


def _jumps(parent: Ints, wl: Floats) -> list[tuple[Ints, Ints, Floats]]:
    """Pointer-jumping rounds turning t into x_i = t_i + w_i x_parent(i) along the chains."""
    ptr = parent.copy()
    mult = wl.copy()
    act = np.flatnonzero(ptr >= 0)
    rounds: list[tuple[Ints, Ints, Floats]] = []
    while act.size:
        tgt = ptr[act]
        rounds.append((act, tgt, mult[act]))
        nxt = ptr[tgt]
        mult[act] = mult[act] * np.where(nxt >= 0, mult[tgt], 0.0)
        ptr[act] = nxt
        act = act[nxt >= 0]
    return rounds


def _certified(
    ops: _Dense | _Sparse,
    rhs: Floats,
    erhs: Floats,
    cx: Floats,
    g: Floats,
    live: Bools,
    sat: Bools,
    gam: float,
) -> tuple[Floats, Bools]:
    """Error bound e (see ``_solve_component``) starting from the saturated set ``sat``, which
    loses the entities whose saturation the bound itself cannot guarantee; ok per block."""
    e = np.zeros_like(rhs)
    ok = np.ones(rhs.shape[0], dtype=np.bool_)
    for _ in range(rhs.shape[1] + 1):
        free = live & ~sat
        yhat, solved = ops.certify(free)
        cy = ops.apply(yhat)
        cmin = np.where(free, yhat - cy - (gam + 4 * _U) * (yhat + cy), np.inf).min(axis=1)
        ok = solved & (cmin > 0) & np.where(free, yhat > 0, True).all(axis=1)
        big_g = np.where(free, g, 0.0).max(axis=1)
        e = np.where(free, (big_g / np.where(ok, cmin, 1.0))[:, None] * yhat, 0.0)
        ce = ops.apply(e)
        low = rhs - erhs + cx - ce - gam * (rhs + cx + ce) - 4 * _U
        new = sat & (low >= 1.0)
        if (new == sat).all():
            break
        sat = new
    return e, ok


def _solve_component(
    ops: _Dense | _Sparse,
    rhs: Floats,
    erhs: Floats,
    valid: Bools,
    active: Bools,
    control: bool,
    gam: float,
) -> tuple[Floats, Floats]:
    """Solve cycles x = F(x), F(x) = rhs + Cx (capped at 1 under control), and bound the error.

    Let U be the entities surely saturated (control) and L the rest. If (I - C_LL) y >= c > 0
    with y > 0, and G bounds the residual |F(x) - x| plus the error in rhs on L, then with
    e = G y / c on L and 0 on U, F maps the box [x - e, x + e] into itself; so the box holds a
    fixed point, which is the only one when some input is positive (for multiply F is a
    contraction). Without a certificate the bound is the trivial max(x, 1 - x).
    """
    fed = active & (rhs > 0).any(axis=1)  # computed input positive: solve; else x = 0
    z = ops.fixed_point(rhs, ~valid | ~fed[:, None], control)
    x = np.where(valid & fed[:, None], np.clip(z, 0.0, 1.0), 0.0)

    cx = ops.apply(x)
    t = rhs + cx
    fx = np.minimum(t, 1.0) if control else t
    margin = gam * (rhs + cx + x)
    g = np.where(valid, np.abs(fx - x) + margin + erhs, 0.0)
    live = valid & active[:, None]
    if not control:
        e, ok = _certified(ops, rhs, erhs, cx, g, live, np.zeros_like(live), gam)
    else:  # saturated for sure: x = 1 exactly, if some input is surely positive (uniqueness)
        sure_input = np.any(rhs - erhs > 0, axis=1, keepdims=True)
        t_low = rhs - erhs + cx - gam * (rhs + cx) - 4 * _U
        can = live & (x >= 1.0) & sure_input
        # Clearly saturated ones first (then one certification usually suffices); else all.
        e, ok = _certified(ops, rhs, erhs, cx, g, live, can & (t_low >= 1.0 + _SAT_SLACK), gam)
        if not ok.all():
            e2, ok2 = _certified(ops, rhs, erhs, cx, g, live, can & (t_low >= 1.0), gam)
            e = np.where(ok[:, None], e, e2)
            ok |= ok2
    trivial = np.maximum(x, 1.0 - x)
    e = np.where(ok[:, None], e * (1.0 + gam), trivial)
    return x, np.where(active[:, None], np.minimum(e, trivial), 0.0)
