"""The indexes of a large deal's stakes, read from its columns entity by entity.

``Facts`` of a deal of many stakes asks only about the entities the rules reach: these make the
``Stake`` objects, and the sets of holders and holdings, of just those entities, on first ask,
and the ownership graph straight from the columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from ..model import Deal, Stake
from ..ownership import Basis, Graph

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from ..model.stakes import StakeColumns

__all__ = ["ByEntity", "StakeIndex"]

V = TypeVar("V")


class ByEntity(Mapping[str, V]):
    """``{entity: value}`` over the keys ``has`` accepts (``keys`` lists them), each value
    computed on first ask and kept."""

    def __init__(
        self,
        has: Callable[[str], bool],
        keys: Callable[[], Iterable[str]],
        compute: Callable[[str], V],
    ) -> None:
        self._has, self._keys, self._compute = has, keys, compute
        self._done: dict[str, V] = {}

    def __getitem__(self, key: str) -> V:
        found: V | None = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def get(self, key: str, default: Any = None) -> Any:
        found = self._done.get(key)
        if found is None:
            if not self._has(key):
                return default
            found = self._done[key] = self._compute(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._has(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return sum(1 for _ in self._keys())


class StakeIndex:
    """A deal's stakes grouped by the entity held and by the holder, in the deal's order, and
    its ownership graph: the same entities, in the same order, and the same links as
    ``Graph.from_stakes(deal.stakes)`` gives, built from the columns."""

    def __init__(self, deal: Deal) -> None:
        import numpy as np

        self.deal = deal
        self.columns: StakeColumns = deal.stake_columns()
        cols = self.columns
        ends = np.stack([cols.holder, cols.held], axis=1).ravel()  # as from_stakes meets them
        seen, first = np.unique(ends, return_index=True)
        order = seen[np.argsort(first)]
        code = np.empty(len(cols.ids), dtype=np.int64)
        code[order] = np.arange(order.size)
        self.ids = [cols.ids[i] for i in order.tolist()]
        self._holder, self._held = code[cols.holder], code[cols.held]
        self.position = self.graph.index  # entity → its code, in the graph as here
        n = len(self.ids)
        self._in = _groups(self._held, n)
        self._out = _groups(self._holder, n)
        self._in_count: list[int] = np.diff(self._in[0]).tolist()
        self._out_count: list[int] = np.diff(self._out[0]).tolist()

    @cached_property
    def graph(self) -> Graph:
        """The ownership graph."""
        cols = self.columns

        def exact(basis: Basis, upper: bool, links: npt.NDArray[np.int64]) -> Sequence[Fraction]:
            return [cols.exact(k, basis, upper) for k in links.tolist()]

        return Graph.from_columns(
            self.ids,
            self._holder,
            self._held,
            equity=cols.floats("equity"),
            voting=cols.floats("voting") if cols.voting_given else None,
            equity_max=cols.floats("equity", True),
            voting_max=cols.floats("voting", True),
            exact=exact,
        )

    def is_held(self, entity: str) -> bool:
        """Whether a stake is held in ``entity``."""
        i = self.position.get(entity)
        return i is not None and self._in_count[i] > 0

    def holds(self, party: str) -> bool:
        """Whether ``party`` holds a stake."""
        i = self.position.get(party)
        return i is not None and self._out_count[i] > 0

    def held_entities(self) -> list[str]:
        """Every entity a stake is held in."""
        return [e for e, count in zip(self.ids, self._in_count, strict=True) if count]

    def holding_parties(self) -> list[str]:
        """Every party that holds a stake."""
        return [p for p, count in zip(self.ids, self._out_count, strict=True) if count]

    def _links(self, groups: tuple[Any, Any], party: str) -> list[int]:
        """The stakes of ``party`` in ``groups``, in order (none for a party without stakes)."""
        indptr, order = groups
        i = self.position.get(party)
        if i is None:
            return []
        return order[int(indptr[i]) : int(indptr[i + 1])].tolist()  # type: ignore[no-any-return]

    def stakes_in(self, entity: str) -> list[Stake]:
        """The stakes held in ``entity``, in the deal's order (made now)."""
        stakes = self.deal.stakes
        return [stakes[k] for k in self._links(self._in, entity)]

    def votes_held(self, entity: str, by: Mapping[str, object], upper: bool) -> Fraction:
        """The votes of ``entity`` held by the parties flagged in ``by`` (tops of ranges with
        ``upper``), as ``Stake.share`` gives them."""
        cols, ids = self.columns, self.ids
        links = self._links(self._in, entity)
        return sum(
            (
                cols.exact(k, "voting", upper)
                for k, h in zip(links, self._holder[links].tolist(), strict=True)
                if by.get(ids[h], False)
            ),
            Fraction(0),
        )

    def holders_of(self, entity: str) -> list[str]:
        """Who holds a stake in ``entity``."""
        ids = self.ids
        return [ids[h] for h in self._holder[self._links(self._in, entity)].tolist()]

    def held_by(self, party: str) -> list[str]:
        """The entities ``party`` holds a stake in."""
        ids = self.ids
        return [ids[e] for e in self._held[self._links(self._out, party)].tolist()]

    @property
    def voting_given(self) -> bool:
        """Whether any stake gives its votes apart from its equity."""
        return self.columns.voting_given

    def ranged(self) -> tuple[int, ...]:
        """Indices of the stakes known only as ranges."""
        import numpy as np

        return tuple(np.flatnonzero(self.columns.ranged).tolist())


def _groups(keys: Any, n: int) -> tuple[Any, Any]:
    """(indptr, order): the stakes whose key is i are order[indptr[i]:indptr[i + 1]], in order."""
    import numpy as np

    order = np.argsort(keys, kind="stable")
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n), out=indptr[1:])
    return indptr, order
