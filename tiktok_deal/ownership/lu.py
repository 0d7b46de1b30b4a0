"""Exact sparse LU of one cross-holding's system ``(I - W) x = c``, within a work budget.

Markowitz elimination over exact rationals (python-flint ``fmpq``): chains and entities with
few links are eliminated first, each at the cost of the fill it creates, while that cost stays
below ``CORE_COST``; what is left, the densely tied core, is solved with FLINT's p-adic (Dixon)
dense solver. Nothing here is ever a dense Gauss–Jordan over Python fractions.

Work is counted in estimated microseconds (``Budget``), before it is done: an elimination step
by the fill it makes and the size of the numbers, a dense solve by ``dense_cost``. When the
budget would be overdrawn, ``OverBudget`` is raised and the caller falls back to floats.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import flint

__all__ = ["CORE_COST", "EXACT_BUDGET", "Budget", "OverBudget", "SparseLU", "dense_cost"]

fmpq = flint.fmpq
ZERO = fmpq(0)

#: The exact work one question (a figure, contributions, routes, the re-decisions of one
#: ``reaching``) may do, in estimated microseconds: about 1.5 s on the project's 2-core machine.
#: Measured (random deals of ``benchmarks/random_deal.py``, one figure, estimate / actual):
#: 3,000 entities 0.05 / 0.2 s, 7,000 (a 1 MB file) 0.5 / 1.0 s, 10,000 1.3 / 1.9 s — exact;
#: 15,000 (3.9 s estimated) and a tangle of 30 entities whose every stake has a 30-digit
#: denominator (1.6 s) go to the numeric path. So every deal of a few thousand entities is
#: exact, and a deal file of 1 MB needs a few seconds for the handful of questions a check asks.
EXACT_BUDGET = 1_500_000.0

#: Eliminate while the cheapest pivot's Markowitz cost (rows × columns it fills) is at most this.
CORE_COST = 32


class OverBudget(Exception):
    """The exact work would exceed the budget (internal: the caller falls back to floats)."""


class Budget:
    """Estimated microseconds of exact work left."""

    def __init__(self, units: float) -> None:
        self.left = units

    def spend(self, units: float) -> None:
        self.left -= units
        if self.left < 0:
            raise OverBudget


def _bits(q: flint.fmpq) -> int:
    return int(q.p.bit_length()) + int(q.q.bit_length())


def _op_cost(bits: float) -> float:
    """Estimated microseconds of one multiply-and-add of rationals of ``bits`` bits (with the
    gcd that keeps them in lowest terms), measured with python-flint."""
    return 0.5 + 0.3 * (bits / 1000) ** 2


def _row_bits(row: dict[int, flint.fmpq]) -> int:
    """Bits of the largest entry of ``row`` once its denominators are cleared (as the dense
    solver clears them), plus a little for the sum: the row's share of the solution's size."""
    lcm = flint.fmpz(1)
    top = 0
    for v in row.values():
        lcm = lcm.lcm(v.q)
        top = max(top, int(v.p.bit_length()) - int(v.q.bit_length()))
    return int(lcm.bit_length()) + top + max(len(row), 1).bit_length()


def dense_cost(k: int, solution_bits: float) -> float:
    """Estimated microseconds of FLINT's Dixon solve of a k × k system whose solution needs
    ``solution_bits`` bits, its rows cleared of denominators about ``solution_bits / k`` bits
    each (fitted to measurements from k = 30 to 400 and rows of 10 to 6,000 bits, within a
    factor 2)."""
    row = solution_bits / max(k, 1)
    return float(2.5e-3 * k**1.5 * max(solution_bits, 64.0) ** 1.2 * max(1.0, row / 200) ** 0.7)


class SparseLU:
    """LU factors of A (k × k, rows ``{column: value}``), for solves with A and its transpose.

    ``A`` must have nonzero pivots along the elimination (true for I - W with W's spectral
    radius below 1, an M-matrix); a zero pivot raises ``ArithmeticError`` (singular system).
    """

    def __init__(self, rows: list[dict[int, flint.fmpq]], budget: Budget) -> None:
        self.k = k = len(rows)
        self.budget = budget
        rows = [dict(r) for r in rows]
        cols: list[set[int]] = [set() for _ in range(k)]
        for i, row in enumerate(rows):
            for j in row:
                cols[j].add(i)
        alive = [True] * k
        heap = [((len(cols[p]) - 1) * (len(row) - 1), p) for p, row in enumerate(rows)]
        heapq.heapify(heap)
        self.order: list[int] = []
        self.pivot: dict[int, flint.fmpq] = {}
        self.upper: dict[int, dict[int, flint.fmpq]] = {}  # row p after its pivot, at its turn
        self.lower: dict[int, dict[int, flint.fmpq]] = {}  # multipliers l_ip of column p
        while heap:
            cost, p = heapq.heappop(heap)
            if not alive[p]:
                continue
            real = (len(cols[p]) - 1) * (len(rows[p]) - 1)
            if real != cost:
                heapq.heappush(heap, (real, p))
                continue
            if cost > CORE_COST:
                break
            alive[p] = False
            row_p = rows[p]
            piv = row_p.pop(p, ZERO)
            if piv == 0:
                raise ArithmeticError("the cross-holdings form a singular system")
            cols[p].discard(p)
            for j in row_p:
                cols[j].discard(p)
            targets = cols[p]
            budget.spend(len(targets) * (len(row_p) + 1) * _op_cost(_bits(piv)))
            lower: dict[int, flint.fmpq] = {}
            for i in targets:
                row_i = rows[i]
                f = row_i.pop(p) / piv
                lower[i] = f
                for j, a in row_p.items():
                    v = row_i.get(j)
                    if v is None:
                        row_i[j] = -f * a
                        cols[j].add(i)
                    else:
                        v = v - f * a
                        if v == 0:
                            del row_i[j]
                            cols[j].discard(i)
                        else:
                            row_i[j] = v
            cols[p] = set()
            self.order.append(p)
            self.pivot[p] = piv
            self.upper[p] = row_p
            self.lower[p] = lower
            for i in (*targets, *row_p):
                if alive[i]:
                    heapq.heappush(heap, ((len(cols[i]) - 1) * (len(rows[i]) - 1), i))
        self.core = [i for i in range(k) if alive[i]]
        self.core_rows = {i: rows[i] for i in self.core}
        self._core_matrix: flint.fmpq_mat | None = None
        bits = sum(_row_bits(rows[i]) for i in self.core)  # about the bits of the solution
        self.core_cost = dense_cost(len(self.core), bits) if len(self.core) > 1 else 1.0
        entries = sum(len(u) + len(self.lower[p]) for p, u in self.upper.items())
        # The triangular sweeps of one solve, on numbers about the size of the solution.
        self.sweep_cost = entries * _op_cost(bits)

    def _core_solve(
        self, rhs: list[flint.fmpq], transpose: bool, budget: Budget
    ) -> list[flint.fmpq]:
        core = self.core
        if not core:
            return []
        budget.spend(self.core_cost)
        if len(core) == 1:
            (i,) = core
            piv = self.core_rows[i].get(i, ZERO)
            if piv == 0:
                raise ArithmeticError("the cross-holdings form a singular system")
            return [rhs[0] / piv]
        if self._core_matrix is None:
            where = {c: a for a, c in enumerate(core)}
            mat = flint.fmpq_mat(len(core), len(core))
            for a, c in enumerate(core):
                for j, v in self.core_rows[c].items():
                    mat[a, where[j]] = v
            self._core_matrix = mat
        mat = self._core_matrix.transpose() if transpose else self._core_matrix
        try:
            rhs_mat = flint.fmpq_mat(len(core), 1, rhs)
            sol = mat.solve(rhs_mat, algorithm="dixon")  # type: ignore[call-arg]  # stub lacks it
        except ZeroDivisionError:
            raise ArithmeticError("the cross-holdings form a singular system") from None
        return [sol[a, 0] for a in range(len(core))]

    def solve(self, rhs: Sequence[flint.fmpq], budget: Budget | None = None) -> list[flint.fmpq]:
        """x with A x = rhs (work counted against ``budget``, default the factorization's)."""
        budget = budget or self.budget
        c = list(rhs)
        budget.spend(self.sweep_cost)
        for p in self.order:
            cp = c[p]
            if cp:
                for i, f in self.lower[p].items():
                    c[i] -= f * cp
        x: list[flint.fmpq] = [ZERO] * self.k
        for i, v in zip(
            self.core, self._core_solve([c[i] for i in self.core], False, budget), strict=True
        ):
            x[i] = v
        for p in reversed(self.order):
            s = c[p]
            for j, a in self.upper[p].items():
                s -= a * x[j]
            x[p] = s / self.pivot[p]
        return x

    def solve_transposed(
        self, rhs: Sequence[flint.fmpq], budget: Budget | None = None
    ) -> list[flint.fmpq]:
        """y with Aᵀ y = rhs."""
        budget = budget or self.budget
        d = list(rhs)
        budget.spend(self.sweep_cost)
        w: dict[int, flint.fmpq] = {}
        for p in self.order:
            wp = d[p] / self.pivot[p]
            w[p] = wp
            if wp:
                for j, a in self.upper[p].items():
                    d[j] -= a * wp
        y: list[flint.fmpq] = [ZERO] * self.k
        for i, v in zip(
            self.core, self._core_solve([d[i] for i in self.core], True, budget), strict=True
        ):
            y[i] = v
        for p in reversed(self.order):
            s = w[p]
            for i, f in self.lower[p].items():
                s -= f * y[i]
            y[p] = s
        return y
