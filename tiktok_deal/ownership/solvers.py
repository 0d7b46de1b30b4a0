"""Float solvers of x = r + W x (rows of ``pinned`` entities held at r instead), several
right-hand sides at once.

* ``Sweeps``: block Gauss–Seidel sweeps in the entities' own order — blocks of rows updated in
  turn, each with the newest values of the blocks before it — the fast path for large graphs
  (about half the links then carry values already updated in the same sweep, which roughly
  halves the sweeps plain Jacobi iteration needs). It gives up (``Stalled``) when the sweeps
  contract too slowly: deep chains against the order, or tight cycles.
* ``Ordered``: the robust path. The components of the graph in topological order; one sparse LU
  (natural order, so its only fill is inside small components) of I - L, where L is every link
  but those going backwards inside large components; outer iterations x <- (I - L)^-1 (r + U x)
  over those backward links, and GMRES preconditioned by the same LU when they are slow. Chains
  of any depth and tight small cross-holdings are solved directly.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..errors import LookthroughConvergenceError

if TYPE_CHECKING:
    import scipy.sparse as sps

Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]

__all__ = ["Ordered", "Stalled", "Sweeps"]

BLOCKS = 32  # row blocks of a Gauss–Seidel sweep (fewer on smaller graphs: ≥ 10,000 rows each)
SWEEPS_MAX = 120  # sweeps before the fast path gives up
OUTER_MAX = 300  # outer iterations of the robust path before GMRES
SMALL_COMPONENT = 256  # components up to this size are inside the LU (solved directly)
TOL = 2e-13  # accuracy sought (relative to the largest value, at least 1)


class Stalled(Exception):
    """The sweeps contract too slowly (internal: the caller takes the robust path)."""


class Sweeps:
    """Block Gauss–Seidel sweeps in the given order; GMRES over the sweep when it is slow."""

    def __init__(self, w: sps.csr_array) -> None:
        self.w = w
        self.n = n = int(w.shape[0])
        edges = np.linspace(0, n, min(BLOCKS, max(n // 10_000, 4)) + 1).astype(np.int64)
        self.blocks = [(int(a), int(c), _rows(w, int(a), int(c))) for a, c in
                       itertools.pairwise(edges) if c > a]  # fmt: skip

    def _sweep(self, rhs: Floats, x: Floats, pins: list[Ints], cap: bool = False) -> None:
        """One sweep in place (pinned rows keep their right-hand side; ``cap``: min(1, ·))."""
        for (a, c, block), pin in zip(self.blocks, pins, strict=True):
            new = rhs[a:c] + block @ x
            if cap:
                np.minimum(new, 1.0, out=new)
            if pin.size:
                new[pin] = rhs[a:c][pin]
            x[a:c] = new

    def solve(
        self,
        pinned: Bools,
        rhs: Floats,
        x0: Floats | None = None,
        tol: float = TOL,
        cap: bool = False,
    ) -> Floats:
        """x = rhs + W x off ``pinned``; with ``cap`` the least fixed point of
        x = min(1, rhs + W x) by monotone sweeps from 0 (no GMRES: ``Stalled`` when slow).
        Accuracy ``tol`` relative to the largest value (at least 1); a negative ``tol`` is an
        absolute accuracy."""
        x = np.zeros_like(rhs) if x0 is None else x0.copy()
        pins = [np.flatnonzero(pinned[a:c]) for a, c, _ in self.blocks]
        steps: list[tuple[int, float]] = []  # (sweep, largest change in it), when measured
        skip = 0  # sweeps to run before measuring again (predicted from the rate)
        for sweep in range(SWEEPS_MAX):
            if skip > 0:
                skip -= 1
                self._sweep(rhs, x, pins, cap)
                continue
            before = x.copy()
            self._sweep(rhs, x, pins, cap)
            step = float(np.max(np.abs(x - before), initial=0.0))
            steps.append((sweep, step))
            scale = max(1.0, float(np.max(np.abs(x), initial=0.0))) if tol > 0 else -1.0
            if step <= tol * scale:
                return x
            if len(steps) >= 4 and sweep >= 4:
                (s0, first), (s1, last) = steps[-4], steps[-1]
                rate = (last / first) ** (1 / (s1 - s0)) if first > 0 else 0.0
                if rate < 1.0 and step * rate / (1.0 - rate) <= tol * scale:
                    return x
                if sweep >= 8 and (rate > 0.9 or (sweep >= 40 and rate > 0.75)):
                    break
                if 0.0 < rate < 0.9:  # sweeps left by the rate, less one to check
                    need = np.log(tol * scale * (1 - rate) / (step * rate)) / np.log(rate)
                    skip = max(0, min(int(need) - 1, 8))
        if cap:
            raise Stalled
        return self._gmres(pinned, rhs, x)

    def _gmres(self, pinned: Bools, rhs: Floats, x0: Floats) -> Floats:
        """GMRES on the system preconditioned by one sweep from zero (a linear map)."""
        from scipy.sparse.linalg import LinearOperator, gmres

        n, w = self.n, self.w
        cols = rhs if rhs.ndim == 2 else rhs[:, None]
        guess = x0 if x0.ndim == 2 else x0[:, None]
        free = ~pinned

        pins = [np.flatnonzero(pinned[a:c]) for a, c, _ in self.blocks]

        def sweep(v: Floats) -> Floats:
            z = np.zeros(n)
            self._sweep(v, z, pins)
            return z

        def apply(v: Floats) -> Floats:  # M^-1 A v, A = I - W on free rows, I on pinned ones
            av = v - np.where(free, w @ v, 0.0)
            return sweep(av)

        op = LinearOperator((n, n), matvec=apply, dtype=np.float64)
        out = np.empty_like(cols)
        for j in range(cols.shape[1]):
            target = sweep(cols[:, j])
            z, _ = gmres(op, target, x0=guess[:, j], rtol=1e-15, atol=0.0, restart=40, maxiter=40)
            res = float(np.max(np.abs(apply(z) - target), initial=0.0))
            if not res <= 1e-13 * max(1.0, float(np.max(np.abs(z), initial=0.0))):
                raise Stalled
            out[:, j] = z
        return out if rhs.ndim == 2 else out[:, 0]


class Ordered:
    """Components in topological order, one sparse LU, outer iterations over big components."""

    def __init__(self, w: sps.csr_array) -> None:
        import scipy.sparse as sps
        from scipy.sparse.csgraph import connected_components

        self.n = n = int(w.shape[0])
        _, label = connected_components(w, directed=True, connection="strong")
        label = label.astype(np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), np.diff(w.indptr))
        cols = w.indices.astype(np.int64)
        vals = np.asarray(w.data, dtype=np.float64)
        order = _topological(n, label, rows, cols)
        pos = np.empty(n, dtype=np.int64)
        pos[order] = np.arange(n)
        self.order, self.pos = order, pos
        size = np.bincount(label)
        big = size[label] > SMALL_COMPONENT
        r, c = pos[rows], pos[cols]
        back = (c >= r) & big[rows] & (label[rows] == label[cols])
        self.lower = sps.csr_array((vals[~back], (r[~back], c[~back])), shape=(n, n))
        self.upper = sps.csr_array((vals[back], (r[back], c[back])), shape=(n, n))
        self.w = sps.csr_array((vals, (r, c)), shape=(n, n))
        self._lu_pins: Bools | None = None
        self._lu: object = None

    def _factor(self, pinned: Bools) -> object:
        import scipy.sparse as sps
        from scipy.sparse.linalg import splu

        if self._lu_pins is None or not np.array_equal(self._lu_pins, pinned):
            keep = sps.diags_array((~pinned).astype(np.float64))
            a = sps.eye_array(self.n, format="csc") - (keep @ self.lower).tocsc()
            try:
                self._lu = splu(
                    a, permc_spec="NATURAL", diag_pivot_thresh=0.0, options={"SymmetricMode": True}
                )
            except RuntimeError:
                raise LookthroughConvergenceError(
                    "the cross-holdings form a singular system (numeric path)"
                ) from None
            self._lu_pins = pinned.copy()
        return self._lu

    def solve(
        self, pinned: Bools, rhs: Floats, x0: Floats | None = None, tol: float = TOL
    ) -> Floats:
        """Solve in the original entity order (permuted inside)."""
        p = self.order
        pin, r = pinned[p], rhs[p]
        lu = self._factor(pin)
        up = self.upper.multiply((~pin)[:, None]).tocsr() if pin.any() else self.upper
        x = np.zeros_like(r) if x0 is None else x0[p].copy()
        steps: list[float] = []
        for it in range(OUTER_MAX):
            new = lu.solve(r + up @ x)  # type: ignore[attr-defined]
            step = float(np.max(np.abs(new - x), initial=0.0))
            x = new
            steps.append(step)
            scale = max(1.0, float(np.max(np.abs(x), initial=0.0))) if tol > 0 else -1.0
            if up.nnz == 0 or step <= tol * scale:
                break
            if it >= 4:
                rate = (step / steps[-4]) ** (1 / 3) if steps[-4] > 0 else 0.0
                if rate < 1.0 and step * rate / (1.0 - rate) <= tol * scale:
                    break
                if rate > 0.9:
                    x = self._gmres(lu, up, r, x)
                    break
        else:
            x = self._gmres(lu, up, r, x)
        out = np.empty_like(x)
        out[p] = x
        return out

    def _gmres(self, lu: object, up: sps.csr_array, r: Floats, x0: Floats) -> Floats:
        from scipy.sparse.linalg import LinearOperator, gmres

        n = self.n

        def apply(v: Floats) -> Floats:  # (I - M^-1 U) v, the preconditioned operator
            return np.asarray(v - lu.solve(up @ v), dtype=np.float64)  # type: ignore[attr-defined]

        op = LinearOperator((n, n), matvec=apply, dtype=np.float64)
        cols = r if r.ndim == 2 else r[:, None]
        guess = x0 if x0.ndim == 2 else x0[:, None]
        out = np.empty_like(cols)
        for j in range(cols.shape[1]):
            rhs = np.asarray(lu.solve(cols[:, j]), dtype=np.float64)  # type: ignore[attr-defined]
            z, _ = gmres(op, rhs, x0=guess[:, j], rtol=1e-15, atol=0.0, restart=60, maxiter=50)
            res = float(np.max(np.abs(apply(z) - rhs), initial=0.0))
            if not res <= 1e-12 * max(1.0, float(np.max(np.abs(z), initial=0.0))):
                raise LookthroughConvergenceError(
                    f"cross-holdings among {n:,} entities did not converge (residual {res:.3g}): "
                    "the holdings form a nearly closed cycle"
                )
            out[:, j] = z
        return out if r.ndim == 2 else out[:, 0]


def _rows(w: sps.csr_array, a: int, c: int) -> sps.csr_array:
    """Rows a:c of ``w`` as a matrix sharing its arrays (no copy)."""
    import scipy.sparse as sps

    p0, p1 = int(w.indptr[a]), int(w.indptr[c])
    indptr = w.indptr[a : c + 1] - p0
    return sps.csr_array((w.data[p0:p1], w.indices[p0:p1], indptr), shape=(c - a, w.shape[1]))


def _topological(n: int, label: Ints, rows: Ints, cols: Ints) -> Ints:
    """Entities ordered so that every link between components goes forwards (holder first),
    members of a component together. scipy numbers the components of this graph (edges from
    held to holder) as it completes them, which is such an order; checked, else Kahn's."""
    cross = label[rows] != label[cols]
    if not np.all(label[cols[cross]] < label[rows[cross]]):  # pragma: no cover - scipy's order
        label = _kahn(int(label.max()) + 1, label[cols[cross]], label[rows[cross]])[label]
    return np.argsort(label, kind="stable").astype(np.int64)


def _kahn(k: int, before: Ints, after: Ints) -> Ints:  # pragma: no cover - fallback
    """A topological number of each of k components (Kahn's algorithm, by waves)."""
    import scipy.sparse as sps

    cond = sps.csr_array((np.ones(before.size), (before, after)), shape=(k, k))
    indeg = np.bincount(after, minlength=k)
    rank = np.full(k, -1, dtype=np.int64)
    front, done = np.flatnonzero(indeg == 0), 0
    while front.size:
        rank[front] = np.arange(done, done + front.size)
        done += front.size
        succ = np.concatenate([cond.indices[cond.indptr[f] : cond.indptr[f + 1]] for f in front])
        np.subtract.at(indeg, succ, 1)
        front = np.unique(succ[indeg[succ] == 0])
    return rank
