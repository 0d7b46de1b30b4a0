"""The ownership graph as columns: one row per link (a stake), entities by index.

A link ``k`` says that entity ``holder[k]`` holds a stake in entity ``held[k]``. Its weight on a
basis (equity or voting), at the bottom or the top of a range, is available exactly (as a
``Fraction``, only for the links that need it) and as a float (for the numeric path). Building a
graph costs O(stakes); the index structures each path needs are built on first use and kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import InvalidDealError
from ..model import Stake
from .figure import Basis
from .weights import ColumnWeights, ExactWeights, StakeWeights

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

__all__ = ["PYTHON_LINKS", "ExactWeights", "Graph"]

#: Graphs with at most this many links are walked with Python lists by the exact path (built
#: for every link at once: worth it where every figure is solved exactly); larger ones from
#: columns with their numpy index, entity by entity (a check asks about a few of them).
PYTHON_LINKS = 20_000


class _Weights(Protocol):
    def exact(self, basis: Basis, upper: bool, links: Sequence[int] | None) -> list[Fraction]: ...
    def floats(self, basis: Basis, upper: bool) -> Floats: ...


class Graph:
    """Entities ``ids`` (each entity's index is its position) and the links between them.

    Build one with ``Graph.from_stakes`` or ``Graph.from_columns``; trace it with
    ``tiktok_deal.ownership.trace``. There is at most one link per holder and entity, and none
    from an entity to itself. Read-only once built.
    """

    def __init__(
        self, ids: Sequence[str], holder: Any, held: Any, weights: _Weights, *, csr: Any = None
    ) -> None:
        self.ids: tuple[str, ...] = tuple(ids)
        self._holder = holder  # list[int] or a numpy int64 array
        self._held = held
        self._weights = weights
        if csr is not None:
            self.__dict__["_in_csr"] = csr

    # -- construction ----------------------------------------------------------------------------
    @classmethod
    def from_stakes(cls, stakes: Iterable[Stake]) -> Graph:
        """The graph of a sequence of ``Stake`` (one per holder and entity, as a ``Deal`` has)."""
        stakes = tuple(stakes)
        index: dict[str, int] = {}
        holder: list[int] = []
        held: list[int] = []
        for stake in stakes:
            holder.append(index.setdefault(stake.holder, len(index)))
            held.append(index.setdefault(stake.of, len(index)))
        if len(set(zip(holder, held, strict=True))) != len(stakes):
            seen: set[tuple[str, str]] = set()
            for i, stake in enumerate(stakes):
                if (stake.holder, stake.of) in seen:
                    raise InvalidDealError(
                        f"{stake.holder!r} already holds a stake in {stake.of!r}; give one "
                        "entry per holder and entity",
                        field=f"stakes[{i}]",
                    )
                seen.add((stake.holder, stake.of))
        graph = cls(list(index), holder, held, StakeWeights(stakes))
        graph.__dict__["index"] = index
        return graph

    @classmethod
    def from_columns(
        cls,
        ids: Sequence[str],
        holder: npt.ArrayLike,
        held: npt.ArrayLike,
        *,
        equity: npt.ArrayLike,
        voting: npt.ArrayLike | None = None,
        equity_max: npt.ArrayLike | None = None,
        voting_max: npt.ArrayLike | None = None,
        exact: ExactWeights | None = None,
    ) -> Graph:
        """A graph from columns: link ``k`` is ``holder[k]`` holding ``equity[k]`` of ``held[k]``.

        ``holder``/``held`` index into ``ids``. The weight columns are floats in [0, 1] (the
        float nearest each exact weight); NaN where a value is not given: ``voting`` then falls
        back to ``equity``, ``equity_max`` to ``equity`` and ``voting_max`` to ``voting`` (as
        ``Stake.share`` does); a missing column is all NaN. ``exact(basis, upper, links)`` gives
        the exact ``Fraction`` weights of the links asked for, on a basis, at the bottom or top of
        their ranges; without it the floats are taken as exact. Costs O(stakes): two index
        checks, one counting sort (held-major), totals per entity (``InvalidDealError`` names
        the first entity whose holders' equity or votes add up to more than 100 %).
        """
        import numpy as np

        n = len(ids)
        h, e = _index_column("holder", holder, n), _index_column("held", held, n)
        if h.shape != e.shape:
            raise InvalidDealError(f"holder and held differ in length: {h.size} and {e.size}")
        loops = np.flatnonzero(h == e)
        if loops.size:
            k = int(loops[0])
            raise InvalidDealError(f"link {k}: {ids[int(h[k])]!r} cannot hold a stake in itself")
        given = {"equity": equity, "voting": voting, "equity_max": equity_max}
        given["voting_max"] = voting_max
        cols = [_weight_column(name, c, h.size, name == "equity") for name, c in given.items()]
        assert cols[0] is not None
        weights = ColumnWeights(cols[0], cols[1], cols[2], cols[3], exact)
        graph = cls(ids, h, e, weights)
        graph._in_csr  # noqa: B018 - builds the index, and finds duplicate links
        _check_totals(graph, weights.floats("equity", False), "equity")
        if voting is not None:
            _check_totals(graph, weights.floats("voting", False), "voting")
        return graph

    # -- size and names --------------------------------------------------------------------------
    @property
    def n(self) -> int:
        """Number of entities."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of links."""
        return len(self._holder)

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Each entity's index."""
        return {entity: i for i, entity in enumerate(self.ids)}

    def indices(self, entities: Iterable[str] | npt.NDArray[Any]) -> list[int]:
        """The indices of those of ``entities`` in the graph (unknown ones left out). Without
        building ``index`` if it is not built yet (a scan is cheaper than a dict of every id).
        A numpy array is taken as a boolean mask over the entities, or as their indices."""
        if hasattr(entities, "dtype"):
            import numpy as np

            arr = np.asarray(entities)
            if arr.dtype == np.bool_:
                if arr.shape != (self.n,):
                    raise ValueError(f"a mask of entities needs shape ({self.n},), not {arr.shape}")
                return np.flatnonzero(arr).tolist()
            return sorted({int(i) for i in arr.tolist() if 0 <= i < self.n})
        if "index" in self.__dict__:
            index = self.index
            return sorted({index[e] for e in entities if e in index})
        wanted = set(entities)
        return [i for i, e in enumerate(self.ids) if e in wanted] if wanted else []

    # -- columns ---------------------------------------------------------------------------------
    @cached_property
    def holder(self) -> Ints:
        """Holder of each link (numpy, read-only)."""
        return _array(self._holder)

    @cached_property
    def held(self) -> Ints:
        """Entity held by each link (numpy, read-only)."""
        return _array(self._held)

    @cached_property
    def holder_list(self) -> list[int]:
        return self._holder if isinstance(self._holder, list) else self._holder.tolist()

    @cached_property
    def held_list(self) -> list[int]:
        return self._held if isinstance(self._held, list) else self._held.tolist()

    def exact(
        self, basis: Basis, upper: bool, links: Sequence[int] | None = None
    ) -> list[Fraction]:
        """Exact weights of ``links`` (all links if None) on ``basis``, top of ranges if
        ``upper``."""
        return self._weights.exact(basis, upper, links)

    def floats(self, basis: Basis, upper: bool) -> Floats:
        """Float weights of all links on ``basis`` (read-only numpy array)."""
        return self._weights.floats(basis, upper)

    # -- adjacency -------------------------------------------------------------------------------
    @property
    def small(self) -> bool:
        """Small enough for Python adjacency lists (the exact path's way of walking links)."""
        return self.m <= PYTHON_LINKS or isinstance(self._holder, list)

    def holders_of(self, entity: int) -> tuple[list[int], list[int]]:
        """(links, holders) of the links held in ``entity``."""
        if self.small:
            links = self._in_lists[entity]
            holder = self.holder_list
            return links, [holder[k] for k in links]
        indptr, holders, link = self._in_csr
        a, b = int(indptr[entity]), int(indptr[entity + 1])
        return link[a:b].tolist(), holders[a:b].tolist()

    def holdings_of(self, entity: int) -> tuple[list[int], list[int]]:
        """(links, entities held) of the links ``entity`` holds."""
        if self.small:
            links = self._out_lists[entity]
            held = self.held_list
            return links, [held[k] for k in links]
        indptr, helds, link = self._out_csr
        a, b = int(indptr[entity]), int(indptr[entity + 1])
        return link[a:b].tolist(), helds[a:b].tolist()

    @cached_property
    def _in_lists(self) -> list[list[int]]:
        lists: list[list[int]] = [[] for _ in self.ids]
        for k, e in enumerate(self.held_list):
            lists[e].append(k)
        return lists

    @cached_property
    def _out_lists(self) -> list[list[int]]:
        lists: list[list[int]] = [[] for _ in self.ids]
        for k, h in enumerate(self.holder_list):
            lists[h].append(k)
        return lists

    @cached_property
    def _in_csr(self) -> tuple[Ints, Ints, Ints]:
        """(indptr, holder, link): the links held in entity i at indptr[i]:indptr[i + 1]."""
        return _csr(self.ids, self.held, self.holder, "held")

    @cached_property
    def _out_csr(self) -> tuple[Ints, Ints, Ints]:
        """(indptr, held, link): the links held by entity i at indptr[i]:indptr[i + 1]."""
        return _csr(self.ids, self.holder, self.held, "holder")

    def in_csr(self) -> tuple[Ints, Ints, Ints]:
        """(indptr, holder, link), links grouped by the entity held (numpy, read-only)."""
        return self._in_csr

    def out_csr(self) -> tuple[Ints, Ints, Ints]:
        """(indptr, held, link), links grouped by holder (numpy, read-only)."""
        return self._out_csr


def _array(values: Any) -> Ints:
    import numpy as np

    out = np.asarray(values, dtype=np.int64)
    out.setflags(write=False)
    return out


def _csr(ids: Sequence[str], rows: Ints, cols: Ints, what: str) -> tuple[Ints, Ints, Ints]:
    """A counting sort of the links by ``rows``; duplicates (same row and column) are an error."""
    import numpy as np
    import scipy.sparse as sps

    n, m = len(ids), rows.size
    a = sps.csr_array((np.arange(1, m + 1, dtype=np.int64), (rows, cols)), shape=(n, n))
    if a.nnz != m:
        counts = sps.csr_array((np.ones(m, dtype=np.int64), (rows, cols)), shape=(n, n))
        r = int(np.repeat(np.arange(n), np.diff(counts.indptr))[np.argmax(counts.data > 1)])
        c = int(counts.indices[np.argmax(counts.data > 1)])
        held, holder = (r, c) if what == "held" else (c, r)
        raise InvalidDealError(
            f"{ids[holder]!r} holds more than one stake in {ids[held]!r}; give one entry per "
            "holder and entity"
        )
    out = (a.indptr, a.indices, a.data - 1)
    for arr in out:
        arr.setflags(write=False)
    return out


def _index_column(name: str, values: npt.ArrayLike, n: int) -> Ints:
    import numpy as np

    arr = np.asarray(values)
    if arr.ndim != 1 or not (arr.size == 0 or np.issubdtype(arr.dtype, np.integer)):
        raise InvalidDealError(
            f"{name} must be a 1-D integer array, got shape {arr.shape} {arr.dtype}"
        )
    out = arr.astype(np.int64)
    if out.size and (int(out.min()) < 0 or int(out.max()) >= n):
        bad = int(np.flatnonzero((out < 0) | (out >= n))[0])
        raise InvalidDealError(f"{name}[{bad}] = {out[bad]} is not an entity index in [0, {n})")
    return out


def _weight_column(
    name: str, values: npt.ArrayLike | None, m: int, required: bool
) -> Floats | None:
    import numpy as np

    if values is None:
        return None
    arr = np.asarray(values, dtype=np.float64)
    if arr.shape != (m,):
        raise InvalidDealError(
            f"{name} must have shape ({m},) like holder and held, got {arr.shape}"
        )
    if m == 0:
        return arr
    low, high = (np.min(arr), np.max(arr)) if required else (np.nanmin(arr), np.nanmax(arr))
    if not (low >= 0.0 and high <= 1.0):
        ok = (arr >= 0.0) & (arr <= 1.0)
        if not required:
            ok |= np.isnan(arr)
        bad = int(np.flatnonzero(~ok)[0])
        raise InvalidDealError(f"{name}[{bad}] = {float(arr[bad])!r} is not a fraction in [0, 1]")
    return arr


def _check_totals(graph: Graph, w: Floats, basis: str) -> None:
    """Holdings in one entity add up to 100 % at most (up to the rounding of the floats)."""
    import numpy as np

    n, held = graph.n, graph.held
    total = np.bincount(held, weights=w, minlength=n)
    deg = np.bincount(held, minlength=n)
    over = np.flatnonzero(total > 1.0 + 4.0 * (deg + 1) * 2.0**-53)
    if over.size:
        i = int(over[0])
        more = f" (and {over.size - 1} more entities)" if over.size > 1 else ""
        what = "equity" if basis == "equity" else "votes"
        raise InvalidDealError(
            f"entity {graph.ids[i]!r} is owned more than 100 %: its holders' {what} adds up to "
            f"{float(total[i])!r} > 1{more}"
        )
