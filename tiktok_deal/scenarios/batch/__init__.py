"""The batch engine: scenarios grouped by structure, every rule decided on arrays, and the
scenarios whose figures land within ``TOL`` of a line settled exactly.

Rows are grouped by the values of their non-stake levers (a *structure*); each structure is
compiled once (``Structure``) and decides its rows as arrays, each rule by its own clause. A row
flagged *near* is decided by the exact path — ``check`` on the scenario's deal — with a cache
keyed by the lever values.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import Any

import numpy as np
import numpy.typing as npt

from ...law import Facts, Status, rules
from ...law.flags import code
from ...law.parameters import FA_THRESHOLD
from ..levers import DirichletStakes, StakeLever
from ..sampling import Batch
from ..space import Space
from .stakes import TOL
from .structure import Structure

__all__ = ["CODES", "STATUSES", "TOL", "Evaluator", "Structure"]

#: Status codes, ordered so that the verdict is the maximum.
STATUSES: tuple[str, ...] = ("compliant", "indeterminate", "violation")
CODES = {Status(s): i for i, s in enumerate(STATUSES)}

Floats = npt.NDArray[np.float64]
#: Rows evaluated together: small enough to stay in cache, large enough to amortise numpy calls.
SUBCHUNK = 1 << 16


class _Bounded(OrderedDict[Any, Any]):
    """A small LRU mapping."""

    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key: Any, value: Any) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


class Evaluator:
    """Decides batches of one space under one rule set (fast path, or ``exact=True`` for the
    per-deal loop used as the baseline and the reference)."""

    def __init__(self, space: Space, *, ruleset: str = "pafaca", exact: bool = False) -> None:
        self.space, self.ruleset, self.exact_only = space, ruleset, exact
        self.rules = rules(ruleset)
        self.rule_ids = tuple(r.id for r in self.rules)
        self.threshold = FA_THRESHOLD.at(space.deal.as_of)
        self._compiled: _Bounded = _Bounded(4096)
        self._exact: _Bounded = _Bounded(1 << 16)
        levers = space.levers
        self._structural = [i for i, lv in enumerate(levers) if not lv.numeric]
        self._sizes = [len(levers[i].domain or ()) for i in self._structural]
        self.exact_rows = 0
        self._tables: dict[StakeLever, Floats] = {}
        self._buffers: (
            tuple[npt.NDArray[np.int8], Floats, npt.NDArray[np.intp], npt.NDArray[np.intp]] | None
        ) = None

    # -- batch pieces ------------------------------------------------------------------------------
    def structure_keys(self, batch: Batch) -> npt.NDArray[np.int64]:
        keys = np.zeros(batch.size, dtype=np.int64)
        for i, size in zip(self._structural, self._sizes, strict=True):
            keys *= size
            keys += batch.arrays[i].astype(np.int64)
        return keys

    def _decode(self, key: int) -> list[Any]:
        values: list[Any] = [None] * len(self.space.levers)
        for i, size in reversed(list(zip(self._structural, self._sizes, strict=True))):
            key, index = divmod(key, size)
            values[i] = (self.space.levers[i].domain or ())[index]
        return values

    def stake_columns_of(self, lever: StakeLever, array: npt.NDArray[Any]) -> Floats:
        """A stake lever's column as floats (finite levers store indices into their values)."""
        if lever.domain is None:
            return np.asarray(array, dtype=np.float64)
        table = self._tables.get(lever)
        if table is None:
            table = self._tables[lever] = np.array([float(v) for v in lever.domain])
        return table[array]  # type: ignore[no-any-return]

    def stake_columns(self, batch: Batch) -> list[Floats]:
        """One float array per stake column."""
        cols: list[Floats] = []
        for lever, array in zip(self.space.levers, batch.arrays, strict=True):
            if isinstance(lever, StakeLever):
                cols.append(self.stake_columns_of(lever, array))
            elif isinstance(lever, DirichletStakes):
                cols.extend(array)
        return cols

    def assignment(self, batch: Batch, row: int) -> tuple[Any, ...]:
        """The exact lever values of one row (hashable; see ``Space.apply``)."""
        values: list[Any] = []
        for lever, array in zip(self.space.levers, batch.arrays, strict=True):
            if isinstance(lever, DirichletStakes):
                values.append(tuple(float(v) for v in array[:, row]))
            elif lever.domain is not None:
                values.append(lever.domain[int(array[row])])
            else:
                values.append(float(array[row]))
        return tuple(values)

    # -- deciding ----------------------------------------------------------------------------------
    def compiled(self, key: int) -> Structure:
        found = self._compiled.get(key)
        if found is None:
            deal, interpretation = self.space.apply(self._decode(key), stakes=False)
            found = Structure(deal, interpretation, self.space.groups, self.ruleset)
            self._compiled.put(key, found)
        return found

    def exact(self, assignment: tuple[Any, ...]) -> tuple[tuple[int, ...], float]:
        """Codes and target stake of one scenario, by the exact path (cached)."""
        found = self._exact.get(assignment)
        if found is None:
            self.exact_rows += 1
            deal, interpretation = self.space.apply(assignment)
            facts = Facts(deal, interpretation)
            statuses = tuple(
                int(code(rule.violated(facts.best), rule.violated(facts.worst)))
                for rule in self.rules
            )
            found = (statuses, float(facts.best.fa_stake(deal.target)))
            self._exact.put(assignment, found)
        return found

    def evaluate(
        self, batch: Batch, *, out: tuple[npt.NDArray[np.int8], Floats] | None = None
    ) -> tuple[npt.NDArray[np.int8], Floats]:
        """Status codes, shape (rules, rows), and the target's foreign-adversary stake (into
        ``out`` when given: reusing buffers spares the page faults of fresh memory)."""
        n = batch.size
        if out is None:
            codes, fa = np.empty((len(self.rule_ids), n), dtype=np.int8), np.empty(n)
        else:
            codes, fa = out[0][:, :n], out[1][:n]
        if self.exact_only:
            self._exact_rows(batch, np.arange(n), codes, fa)
            return codes, fa
        cols = self.stake_columns(batch)
        order, groups = self._groups(batch)
        if order is not None:  # rows sorted by structure: one gather in, one gather back
            cols = [c[..., order] for c in cols]
            into_codes, into_fa, inverse, rows = self._scratch(n)
        else:
            into_codes, into_fa = codes, fa
        near_rows: list[npt.NDArray[np.int64]] = []
        for key, start, stop in groups:
            compiled = self.compiled(key)
            for lo in range(start, stop, SUBCHUNK):
                hi = min(lo + SUBCHUNK, stop)
                got, value, near = compiled.evaluate([c[lo:hi] for c in cols], hi - lo)
                into_codes[:, lo:hi] = got
                into_fa[lo:hi] = value
                if near.any():
                    near_rows.append(lo + np.flatnonzero(near))
        if order is not None:  # a gather through the inverse order is faster than a scatter
            inverse[order] = rows
            np.take(into_codes, inverse, axis=1, out=codes)
            np.take(into_fa, inverse, out=fa)
        if near_rows:
            index = np.concatenate(near_rows)
            self._exact_rows(batch, index if order is None else order[index], codes, fa)
        return codes, fa

    def _scratch(
        self, n: int
    ) -> tuple[npt.NDArray[np.int8], Floats, npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """Buffers reused from chunk to chunk (fresh memory costs its page faults every time):
        codes and stakes in sorted order, the inverse order, and ``0 … n-1``."""
        if self._buffers is None or self._buffers[3].size != n:
            self._buffers = (
                np.empty((len(self.rule_ids), n), dtype=np.int8),
                np.empty(n),
                np.empty(n, dtype=np.intp),
                np.arange(n, dtype=np.intp),
            )
        return self._buffers

    def _groups(
        self, batch: Batch
    ) -> tuple[npt.NDArray[np.intp] | None, list[tuple[int, int, int]]]:
        """The order that sorts the rows by structure (None when they are sorted already), and
        ``(structure key, start, stop)`` of each structure's rows in that order."""
        n = batch.size
        if not self._structural:
            return None, [(0, 0, n)]
        keys = self.structure_keys(batch)
        first = int(keys[0]) if n else 0
        if n == 0 or (keys == first).all():
            return None, [(first, 0, n)]
        total = int(np.prod(self._sizes))
        if total <= 1 << 16:  # few structures: a radix sort, and the counts give the cuts
            small = keys.astype(np.uint16)
            order = np.argsort(small, kind="stable")
            counts = np.bincount(small, minlength=total)
            stops = np.cumsum(counts).tolist()
            groups = [
                (k, stop - int(c), stop)
                for k, (c, stop) in enumerate(zip(counts.tolist(), stops, strict=True))
                if c
            ]
            return order, groups
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        cuts = [0, *(np.flatnonzero(np.diff(sorted_keys)) + 1).tolist(), n]
        return order, [(int(sorted_keys[a]), a, b) for a, b in itertools.pairwise(cuts)]

    def _exact_rows(
        self, batch: Batch, rows: npt.NDArray[np.int64], codes: npt.NDArray[np.int8], fa: Floats
    ) -> None:
        for row in rows.tolist():
            got, value = self.exact(self.assignment(batch, row))
            codes[:, row] = got
            fa[row] = value
