"""Small values: country codes, party ids, exact stakes and interpretations."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from fractions import Fraction
from typing import Literal, TypeAlias, cast

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from ..countries import ISO_3166_ALPHA2
from ..law.interpretation import SWITCHES, Interpretation
from ..law.parameters import ADVERSARY_COUNTRIES as ADVERSARY
from ..law.parameters import CHINA_SARS, FA_THRESHOLD, MORE_THAN_HALF
from ..model import (
    ARRANGEMENT_KINDS,
    CONTROL_RIGHT_KINDS,
    FUNCTIONS,
    LICENCE_STATUSES,
    LINKS,
    OFFICER_ROLES,
    PARTY_KINDS,
    PartyKind,
)

__all__ = [
    "ADVERSARY_COUNTRIES",
    "NEAR_THRESHOLD",
    "SARS",
    "countries",
    "interpretations",
    "party_ids",
    "stake_values",
]

CountryKind: TypeAlias = Literal["any", "clean", "adversary", "hong_kong"]
Jurisdiction: TypeAlias = Literal["any", "clean", "adversary", "hong_kong", "unknown"]
Verdict: TypeAlias = Literal["compliant", "violation", "indeterminate"]

#: Foreign adversary countries under every interpretation (PAFACA §2(g)(4)).
ADVERSARY_COUNTRIES: tuple[str, ...] = tuple(sorted(ADVERSARY.at()))
#: Hong Kong and Macau: foreign adversary countries only under ``hong_kong=included``.
SARS: tuple[str, ...] = tuple(sorted(CHINA_SARS))
ONE = Fraction(1)
HALF = MORE_THAN_HALF
FIFTH = FA_THRESHOLD.at()
#: Totals of foreign-adversary stakes on and around the 20 % line (PAFACA §2(g)(1)(B)).
NEAR_THRESHOLD: tuple[Fraction, ...] = (
    FIFTH,
    FIFTH - Fraction(1, 1000),
    FIFTH + Fraction(1, 1000),
    FIFTH - Fraction(1, 10_000),
    FIFTH + Fraction(1, 10_000),
)
NEAR_BELOW = tuple(value for value in NEAR_THRESHOLD if value < FIFTH)
NEAR_AT_OR_ABOVE = tuple(value for value in NEAR_THRESHOLD if value >= FIFTH)
_COMMON = ("US", "SG", "KY", "GB", "JP", "DE", "CA", "FR", "VG", "IE", "AE")
_OTHER = tuple(sorted(ISO_3166_ALPHA2 - {*ADVERSARY_COUNTRIES, *SARS, *_COMMON}))
COMMITTEES = ("security", "audit", "compensation")

# Strategies built once: building them inside every draw costs more than drawing from them.
_CLEAN_COUNTRIES = st.sampled_from(_COMMON) | st.sampled_from(_OTHER)
COUNTRIES: dict[str, st.SearchStrategy[str]] = {
    "clean": _CLEAN_COUNTRIES,
    "adversary": st.sampled_from(ADVERSARY_COUNTRIES),
    "hong_kong": st.sampled_from(SARS),
    "any": _CLEAN_COUNTRIES | st.sampled_from(ADVERSARY_COUNTRIES + SARS),
}
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12
).filter(lambda text: bool(text.strip()))
MAYBE_TEXT = st.none() | TEXT
BOOLEANS = st.booleans()
LINK_FIELDS = st.lists(st.sampled_from(LINKS), min_size=1, max_size=4, unique=True)
PARTY_KIND = cast("st.SearchStrategy[PartyKind]", st.sampled_from(PARTY_KINDS))
_GRIDS = st.sampled_from((100, 1000, 0, -1))
_DENOMINATORS = st.sampled_from((3, 8, 6, 7, 9, 12, 2, 4, 5))
NATIONALITIES = st.none() | COUNTRIES["any"]
SEAT_COMMITTEES = st.lists(st.sampled_from(COMMITTEES), unique=True, max_size=2)
RIGHT_KINDS = st.sampled_from(CONTROL_RIGHT_KINDS)
ROLES = st.sampled_from(OFFICER_ROLES)
FUNCTION = st.sampled_from(FUNCTIONS)
LICENCES = st.none() | st.sampled_from(LICENCE_STATUSES)
DATES = st.none() | st.dates(date(2020, 1, 1), date(2030, 12, 31))
USERS = st.none() | st.integers(0, 400_000_000)
NAMES = st.sampled_from(("deal", "Example consortium")) | TEXT
ARRANGEMENT_KIND = ARRANGEMENT_KINDS


def _check_choice(name: str, value: object, choices: Sequence[object]) -> None:
    if value not in choices:
        raise InvalidArgument(f"{name}={value!r}; expected one of {', '.join(map(str, choices))}")


def _ids(value: Sequence[str], name: str) -> tuple[str, ...]:
    if isinstance(value, str) or not value:
        raise InvalidArgument(f"{name} must be a non-empty sequence of party ids, got {value!r}")
    return tuple(dict.fromkeys(value))


def _strategy(value: str | st.SearchStrategy[str] | None) -> st.SearchStrategy[str]:
    if value is None:
        return party_ids()
    return st.just(value) if isinstance(value, str) else value


# ----------------------------------------------------------------------------- small values
def countries(*, kind: CountryKind = "any") -> st.SearchStrategy[str]:
    """ISO 3166-1 alpha-2 codes of one kind (see the module docstring); shrinks to US or CN."""
    _check_choice("kind", kind, tuple(COUNTRIES))
    return COUNTRIES[kind]


def party_ids(*, max_parties: int = 8) -> st.SearchStrategy[str]:
    """Short readable ids ``"p0"`` … ``"p{max_parties - 1}"``."""
    if max_parties < 1:
        raise InvalidArgument(f"max_parties={max_parties}; expected at least 1")
    return st.sampled_from(tuple(f"p{i}" for i in range(max_parties)))


def _fraction(draw: st.DrawFn, limit: Fraction, minimum: Fraction = Fraction(0)) -> Fraction:
    """A fraction in [minimum, limit] on a readable grid (percent, per mille, small
    denominators), or one of the two ends exactly; shrinks towards ``minimum``."""
    if limit <= minimum:
        return limit
    grid = draw(_GRIDS)
    if grid == -1:
        return draw(st.sampled_from((minimum, limit)))
    denominator = grid or draw(_DENOMINATORS)
    low, high = math.ceil(minimum * denominator), math.floor(limit * denominator)
    if low > high:
        return limit
    return Fraction(draw(st.integers(low, high)), denominator)


def stake_values(
    *, min_value: Fraction | int = 0, max_value: Fraction | int = 1, near_threshold: bool = False
) -> st.SearchStrategy[Fraction]:
    """Exact stakes in [min_value, max_value]: percentages, per mille, thirds, sevenths, … and
    the bounds themselves; with ``near_threshold``, also the values on and around 20 %."""
    low, high = Fraction(min_value), Fraction(max_value)
    if not 0 <= low <= high <= 1:
        raise InvalidArgument(f"expected 0 <= min_value <= max_value <= 1, got {low}, {high}")

    @st.composite
    def values(draw: st.DrawFn) -> Fraction:
        return _fraction(draw, high, low)

    near = [value for value in NEAR_THRESHOLD if low <= value <= high]
    if near_threshold and near:
        return st.sampled_from(near) | values()
    return values()


def interpretations(
    *,
    lookthrough: str | None = None,
    stake: str | None = None,
    license_is_cooperation: str | None = None,
    hong_kong: str | None = None,
) -> st.SearchStrategy[Interpretation]:
    """Interpretations, every switch drawn unless fixed here; shrinks to the defaults."""
    fixed = {
        "lookthrough": lookthrough,
        "stake": stake,
        "license_is_cooperation": license_is_cooperation,
        "hong_kong": hong_kong,
    }
    switches: dict[str, st.SearchStrategy[str]] = {}
    for key, value in fixed.items():
        if value is not None:
            _check_choice(key, value, SWITCHES[key])
        switches[key] = st.sampled_from(SWITCHES[key]) if value is None else st.just(value)
    return st.fixed_dictionaries(switches).map(lambda values: Interpretation(**values))
