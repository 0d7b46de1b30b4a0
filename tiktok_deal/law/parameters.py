"""The law's constants, each in one place with its citation: thresholds, countries, dates and
penalties. The rules, the timeline, the scenario engine and the strategies read them from here.

Values that can change are dated (OpenFisca-style): ``Dated.at(day)`` gives the value in force on a
day; a day before the first entry takes the first value, so the library asks how the law as enacted
would treat an earlier structure.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Final, Generic, TypeVar

import attrs

__all__ = [
    "ADVERSARY_COUNTRIES",
    "CHINA",
    "CHINA_SARS",
    "CORE_FUNCTIONS",
    "DATA_PORTABILITY_PENALTY_PER_USER",
    "DIRECTING_OFFICERS",
    "DISTRIBUTION_PENALTY_PER_USER",
    "ENACTED",
    "FA_THRESHOLD",
    "MAX_EXTENSIONS",
    "MAX_EXTENSION_DAYS",
    "MORE_THAN_HALF",
    "PROHIBITION_DELAY_DAYS",
    "US_USERS",
    "Dated",
]

T = TypeVar("T")

ENACTED: Final = date(2024, 4, 24)
"""PAFACA signed into law: Division H of H.R. 815, Pub. L. 118-50, 138 Stat. 955."""


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


# ----------------------------------------------------------------------------- §2(g)
FA_THRESHOLD: Final[Dated[Fraction]] = Dated(
    name="foreign-adversary stake threshold ('at least a 20 percent stake')",
    citation="PAFACA §2(g)(1)(B)",
    entries=((ENACTED, Fraction(1, 5)),),
)

MORE_THAN_HALF: Final = Fraction(1, 2)
"""The control line: more than half of a board's seats or of an entity's votes directs it
(§2(g)(1)(C), "subject to the direction or control"; for the ``control`` look-through, the parent
test of 31 CFR 850.206, more than 50 %). Exactly half is not more than half."""

ADVERSARY_COUNTRIES: Final[Dated[frozenset[str]]] = Dated(
    name="foreign adversary countries",
    citation="PAFACA §2(g)(4); 10 U.S.C. 4872(d)(2)",
    entries=((ENACTED, frozenset({"CN", "RU", "IR", "KP"})),),
)

CHINA: Final = "CN"
"""The People's Republic of China, whose export control governs the recommendation algorithm."""

CHINA_SARS: Final = frozenset({"HK", "MO"})
"""Hong Kong and Macau: part of "China" or not is the ``hong_kong`` interpretation (the statute
does not say; Commerce's rules at 15 CFR 791.4 name Hong Kong)."""

DIRECTING_OFFICERS: Final = ("ceo", "security_officer")
"""Officers whose appointment directs an entity (§2(g)(1)(C)): the chief executive and the officer
in charge of security."""

CORE_FUNCTIONS: Final = ("hosting", "algorithm", "content_moderation", "trust_and_safety",
                         "user_data")  # fmt: skip
"""The functions that operate an application under ``operation=core_functions`` (§2(g)(3)(A)
says "operated" without qualification; the narrower reading counts only these)."""

# ----------------------------------------------------------------------------- §2(a), §2(d)
PROHIBITION_DELAY_DAYS: Final = 270
"""PAFACA §2(a)(2)(A): the prohibition applies 270 days after enactment (ByteDance and TikTok)."""

MAX_EXTENSION_DAYS: Final = 90
"""PAFACA §2(a)(3): an extension of not more than 90 days."""

MAX_EXTENSIONS: Final = 1
"""PAFACA §2(a)(3): "a one-time extension"."""

DISTRIBUTION_PENALTY_PER_USER: Final = 5_000
"""PAFACA §2(d)(1)(A): up to $5,000 for each U.S. user who accessed, maintained or updated it."""

DATA_PORTABILITY_PENALTY_PER_USER: Final = 500
"""PAFACA §2(d)(1)(B): up to $500 for each U.S. user affected by a §2(b) violation."""

US_USERS: Final = 170_000_000
"""U.S. users in EO 14166 and the Supreme Court's opinion (TikTok claims more than 200 million)."""
