"""Sampling a scenario space: full grid, seeded random (Monte Carlo) and Latin hypercube.

Any row range can be generated on its own, so a sweep can run in chunks, in any order, on any
machine, and give the same rows:

* ``grid`` — row ``r`` is the ``r``-th element of the Cartesian product of the levers' values, the
  first lever varying slowest (as ``itertools.product``).
* ``random`` — rows come in blocks of ``BLOCK``; block ``b`` draws from its own generator seeded
  with ``SeedSequence(seed, spawn_key=(b,))``, always a whole block, so the first rows of a
  sweep do not depend on how many samples follow. Each lever is drawn independently: a finite lever
  uniformly among its values, a distribution from its quantile function.
* ``lhs`` — Latin hypercube over ``samples`` rows: in each dimension, row ``i`` falls in stratum
  ``π(i)`` of ``samples`` equal strata, where ``π`` is a keyed pseudo-random permutation (a Feistel
  network with cycle walking, so no permutation array is ever held), jittered within the stratum by
  the block's generator. A finite lever maps stratum quantiles onto its values.
"""

from __future__ import annotations

import math
from typing import Literal, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt

from .distributions import floor_float
from .levers import DirichletStakes, SpaceError, StakeLever
from .space import Space

__all__ = ["BLOCK", "METHODS", "Batch", "Plan"]

Method: TypeAlias = Literal["grid", "random", "lhs"]
METHODS: tuple[str, ...] = ("grid", "random", "lhs")
#: Rows per random block; chunk boundaries are best placed on multiples of it.
BLOCK = 1 << 16
Array: TypeAlias = npt.NDArray[np.generic]


@attrs.frozen(kw_only=True)
class Plan:
    """How a space is sampled: ``method``, ``samples`` (ignored by ``grid``) and ``seed``."""

    method: str = "grid"
    samples: int = 0
    seed: int = 0

    def __attrs_post_init__(self) -> None:
        if self.method not in METHODS:
            raise SpaceError(f"unknown sampling method {self.method!r}; expected one of {METHODS}")
        if self.method != "grid" and self.samples < 1:
            raise SpaceError(f"{self.method} sampling needs samples ≥ 1, got {self.samples}")
        if self.seed < 0:
            raise SpaceError(f"the seed must be ≥ 0, got {self.seed}")

    def size(self, space: Space) -> int:
        """The number of scenarios (rows)."""
        if self.method != "grid":
            return self.samples
        size = 1
        for lever in space.levers:
            if lever.domain is None:
                raise SpaceError(
                    f"lever {lever.columns[0]} is a distribution, which a grid cannot list: "
                    "sample it (samples=N with method random or lhs; on the command line, "
                    "--samples N)"
                )
            size *= len(lever.domain)
        return size


@attrs.frozen
class Batch:
    """Rows ``start``…``stop`` of a sampled space: one array per lever — an index into its values
    (finite levers) or float stakes (distributions; Dirichlet levers: shape (holders, rows))."""

    start: int
    stop: int
    arrays: tuple[Array, ...]

    @property
    def size(self) -> int:
        return self.stop - self.start


def draw(space: Space, plan: Plan, start: int, stop: int) -> Batch:
    """Rows ``[start, stop)`` of ``space`` sampled by ``plan``."""
    if plan.method == "grid":
        return _grid(space, start, stop)
    if plan.method == "lhs":
        return _blocks(space, plan, start, stop, lhs=True)
    return _blocks(space, plan, start, stop, lhs=False)


def _grid(space: Space, start: int, stop: int) -> Batch:
    rows = np.arange(start, stop, dtype=np.int64)
    arrays = []
    stride = 1
    sizes = [len(lever.domain or ()) for lever in space.levers]
    strides = []
    for size in reversed(sizes):
        strides.append(stride)
        stride *= size
    for size, step in zip(sizes, reversed(strides), strict=True):
        arrays.append(((rows // step) % size).astype(np.int32))
    return Batch(start, stop, tuple(arrays))


def _blocks(space: Space, plan: Plan, start: int, stop: int, *, lhs: bool) -> Batch:
    out: list[Array] = []
    first, last = start // BLOCK, (stop - 1) // BLOCK
    for block in range(first, last + 1):
        lo, hi = block * BLOCK, (block + 1) * BLOCK
        if lhs:  # the permutation is defined on range(samples) only
            hi = min(hi, plan.samples)
        rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(block,)))
        arrays = _draw_block(space, plan, rng, lo, hi, lhs=lhs)
        cut = slice(max(start, lo) - lo, min(stop, hi) - lo)
        if first == last:
            return Batch(start, stop, tuple(a[..., cut] for a in arrays))
        if not out:  # one array per lever for the whole range, filled block by block
            out = [np.empty((*a.shape[:-1], stop - start), dtype=a.dtype) for a in arrays]
        where = slice(max(start, lo) - start, min(stop, hi) - start)
        for target, array in zip(out, arrays, strict=True):
            target[..., where] = array[..., cut]
    return Batch(start, stop, tuple(out))


def _draw_block(
    space: Space, plan: Plan, rng: np.random.Generator, lo: int, hi: int, *, lhs: bool
) -> list[Array]:
    n = hi - lo
    rows = np.arange(lo, hi, dtype=np.uint64)
    arrays: list[Array] = []
    dimension = 0

    def quantiles() -> npt.NDArray[np.float64]:
        nonlocal dimension
        jitter = rng.random(n)
        if not lhs:
            return jitter
        stratum = _permute(rows, plan.samples, key=(plan.seed, dimension))
        dimension += 1
        return (stratum.astype(np.float64) + jitter) / plan.samples

    for lever in space.levers:
        domain = lever.domain
        if domain is not None and not lhs:  # uniformly among the values
            arrays.append(rng.integers(len(domain), size=n, dtype=np.int32))
        elif domain is not None:
            u = quantiles()
            arrays.append(np.minimum((u * len(domain)).astype(np.int32), len(domain) - 1))
        elif isinstance(lever, StakeLever):
            assert not isinstance(lever.values, tuple)
            arrays.append(lever.values.ppf(quantiles()))
        else:
            assert isinstance(lever, DirichletStakes)
            assert lever.total is not None
            if lhs:
                u = np.stack([quantiles() for _ in lever.holders])
                shares = lever.shares(u, None, n)
            else:
                shares = lever.shares(None, rng, n)
            arrays.append(_scale(shares, lever.total))
    return arrays


def _scale(shares: npt.NDArray[np.float64], total: object) -> npt.NDArray[np.float64]:
    """Dirichlet shares → stakes adding up to ``total``: the first holders' floats are shrunk by
    2⁻⁴⁰ so that, read exactly, they never exceed ``total`` (the last holder gets the rest)."""
    top = floor_float(total)  # type: ignore[arg-type]
    stakes = shares * top
    stakes[:-1] *= 1 - 2.0**-40
    stakes[-1] = np.maximum(top - stakes[:-1].sum(axis=0), 0.0)
    return stakes


_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _mix(x: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser: a fast, well-mixed 64-bit hash (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _permute(
    index: npt.NDArray[np.uint64], n: int, *, key: tuple[int, int]
) -> npt.NDArray[np.uint64]:
    """A keyed pseudo-random permutation of ``range(n)`` evaluated at ``index``: a four-round
    balanced Feistel network on the smallest even number of bits covering ``n``, with cycle
    walking (re-applying it until the value falls below ``n``)."""
    if n <= 1:
        return np.zeros_like(index)
    half = max(1, math.ceil(math.log2(n) / 2))
    mask = np.uint64((1 << half) - 1)
    m64 = (1 << 64) - 1
    base = (key[0] * 0x9E3779B97F4A7C15 + (key[1] + 1) * 0xD1B54A32D192ED03) & m64
    with np.errstate(over="ignore"):
        seeds = _mix(
            np.array([(base + r * 0x632BE59BD9B4E019) & m64 for r in range(4)], dtype=np.uint64)
        )
        out = index.copy()
        todo = np.ones(out.shape, dtype=bool)
        while todo.any():
            x = out[todo]
            left, right = x >> np.uint64(half), x & mask
            for seed in seeds:
                left, right = right, left ^ (_mix(right ^ seed) & mask)
            x = (left << np.uint64(half)) | right
            out[todo] = x
            todo[todo] = x >= np.uint64(n)
    return out
