"""Link weights of a ``Graph``: exact (``Fraction``) and float, from stakes or from columns."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import InvalidDealError
from ..model import Stake
from .figure import Basis

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Floats = npt.NDArray[np.float64]
    Ints = npt.NDArray[np.int64]

__all__ = ["ColumnWeights", "ExactWeights", "StakeWeights"]

#: ``exact(basis, upper, links)``: the exact weight of each link in ``links`` on ``basis``, at
#: the top of its range when ``upper`` (as ``Stake.share`` gives it).
ExactWeights = Callable[[Basis, bool, "Ints"], Sequence[Fraction]]


class StakeWeights:
    """Weights read from ``Stake`` objects (``Stake.share``), floats derived on demand."""

    def __init__(self, stakes: tuple[Stake, ...]) -> None:
        self.stakes = stakes
        self._exact: dict[tuple[str, bool], list[Fraction]] = {}
        self._floats: dict[tuple[str, bool], Floats] = {}

    def exact(self, basis: Basis, upper: bool, links: Sequence[int] | None) -> list[Fraction]:
        key = (basis, upper)
        if key not in self._exact:
            self._exact[key] = [s.share(basis, upper=upper) for s in self.stakes]
        every = self._exact[key]
        return every if links is None else [every[k] for k in links]

    def floats(self, basis: Basis, upper: bool) -> Floats:
        import numpy as np

        key = (basis, upper)
        if key not in self._floats:
            every = self.exact(basis, upper, None)
            out = np.fromiter((f.numerator / f.denominator for f in every), np.float64, len(every))
            out.setflags(write=False)
            self._floats[key] = out
        return self._floats[key]


class ColumnWeights:
    """Weights given as float columns, exact ones from a callback (or the floats themselves)."""

    def __init__(
        self,
        equity: Floats,
        voting: Floats | None,
        equity_max: Floats | None,
        voting_max: Floats | None,
        exact: ExactWeights | None,
    ) -> None:
        self._columns = (equity, voting, equity_max, voting_max)
        self._floats: dict[tuple[str, bool], Floats] = {}
        self._callback = exact

    def floats(self, basis: Basis, upper: bool) -> Floats:
        import numpy as np

        key = (basis, upper)
        if key not in self._floats:
            equity, voting, equity_max, voting_max = self._columns
            out = equity
            if upper and equity_max is not None:
                out = np.where(np.isnan(equity_max), equity, equity_max)
            if basis == "voting" and voting is not None:
                vote = voting
                if upper and voting_max is not None:
                    vote = np.where(np.isnan(voting_max), voting, voting_max)
                out = np.where(np.isnan(voting), out, vote)
            out.setflags(write=False)
            self._floats[key] = out
        return self._floats[key]

    def exact(self, basis: Basis, upper: bool, links: Sequence[int] | None) -> list[Fraction]:
        import numpy as np

        m = len(self._columns[0])
        which = np.arange(m, dtype=np.int64) if links is None else np.asarray(links, dtype=np.int64)
        if self._callback is not None:
            got = list(self._callback(basis, upper, which))
            if len(got) != which.size:
                raise InvalidDealError(
                    f"the exact weights callback gave {len(got)} weights for {which.size} links"
                )
            return [g if isinstance(g, Fraction) else Fraction(g) for g in got]
        return [Fraction(v) for v in self.floats(basis, upper)[which].tolist()]
