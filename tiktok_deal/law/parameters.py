"""Dated parameters of the law: thresholds and country lists are data with a date and a source,
not literals in the rules (OpenFisca-style). A date before the first entry takes the first value:
the library then asks how the law, as enacted, would treat an earlier structure."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Generic, TypeVar

import attrs

__all__ = ["ADVERSARY_COUNTRIES", "CHINA_SARS", "ENACTED", "FA_THRESHOLD", "Dated"]

T = TypeVar("T")

#: PAFACA signed into law: Division H of H.R. 815, Pub. L. 118-50, 138 Stat. 955.
ENACTED = date(2024, 4, 24)


@attrs.frozen(kw_only=True)
class Dated(Generic[T]):
    """A value of the law that can change: ``(since, value)`` entries, oldest first."""

    name: str
    citation: str
    entries: tuple[tuple[date, T], ...]

    def at(self, as_of: date | None = None) -> T:
        """The value in force on ``as_of`` (the newest value when ``as_of`` is None)."""
        if as_of is None:
            return self.entries[-1][1]
        value = self.entries[0][1]
        for since, entry in self.entries:
            if since <= as_of:
                value = entry
        return value


FA_THRESHOLD: Dated[Fraction] = Dated(
    name="foreign-adversary stake threshold ('at least 20 percent')",
    citation="PAFACA §2(g)(1)(B)",
    entries=((ENACTED, Fraction(1, 5)),),
)

ADVERSARY_COUNTRIES: Dated[frozenset[str]] = Dated(
    name="foreign adversary countries",
    citation="PAFACA §2(g)(4); 10 U.S.C. 4872(d)(2)",
    entries=((ENACTED, frozenset({"CN", "RU", "IR", "KP"})),),
)

#: Hong Kong and Macau: "China" or not is the ``hong_kong`` interpretation (15 CFR 791.4).
CHINA_SARS: frozenset[str] = frozenset({"HK", "MO"})
