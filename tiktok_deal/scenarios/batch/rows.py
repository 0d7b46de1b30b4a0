"""The holdings of a levered entity as functions of the stake columns, for a batch of scenarios.

A row gives each holder's weight (on one basis, at the bottom of the ranges or at their top) as
the exact scenario deal would have it: the levered holders take their column, the others give way
by ``tiktok_deal.edits.rescaled`` — the same formula, on arrays.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np

from ...edits import UNNAMED, rescaled
from ...law.flags import Value
from ...model import Deal

if TYPE_CHECKING:
    from ..space import Group

__all__ = ["Row"]


class Row:
    """One levered entity's holders on ``basis``; with ``upper`` the stakes known as ranges sit
    at the top of their range (capped at 100 %), as the worst world reads them."""

    def __init__(self, deal: Deal, group: Group, basis: str, *, upper: bool) -> None:
        held = {s.holder: s for s in deal.holdings_in(group.entity)}
        self.levered = [(m.holder, m.column) for m in group.members if m.sets(basis)]
        names = {h for h, _ in self.levered}
        self.before = {h: float(s.share(basis)) for h, s in held.items()}  # type: ignore[arg-type]
        #: The world's reading, exactly: tops for ranged holders that are not levered.
        self.exact: dict[str, Fraction] = {
            h: s.share(basis, upper=upper and h not in names)  # type: ignore[arg-type]
            for h, s in held.items()
        }
        self.reading = {h: float(v) for h, v in self.exact.items()}
        self.capped = upper and any(self.reading[h] != self.before[h] for h in self.reading)
        self.balance = group.balance
        extra = [m.holder for m in group.members]
        if self.balance not in (None, UNNAMED):
            extra.append(self.balance)
        self.holders = list(dict.fromkeys([*held, *extra]))

    def weights(self, cols: Sequence[Value], holders: Iterable[str]) -> dict[str, Value]:
        """The weight of each of ``holders`` in every scenario (a float where it cannot vary)."""
        wanted = [h for h in holders if h in self.holders]
        if not self.levered:  # nothing moves on this basis: the exact figures
            return {h: self.exact.get(h, Fraction(0)) for h in wanted}
        new = {h: cols[c] for h, c in self.levered}
        values = {h: self.before.get(h, 0.0) for h in new}
        values.update((h, self.reading.get(h, 0.0)) for h in wanted if h not in new)
        if self.balance not in (None, UNNAMED):
            values.setdefault(self.balance, self.reading.get(self.balance, 0.0))
        out = rescaled(values, new, self.balance)
        if self.capped:
            out = {h: np.minimum(v, 1.0) for h, v in out.items()}
        return {h: out[h] for h in wanted}
