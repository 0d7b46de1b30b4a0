"""Levers and uncertainties: the facts of a base deal that a scenario space varies.

Each lever names one fact of the deal and the values it may take: a finite tuple of exact values
(griddable) or, for stakes, a distribution (sampled only). ``Space`` checks levers against the deal.

**Stakes stay valid.** When levers move stakes held in one entity, the other stakes in that entity
are rescaled so that no total ever passes 100 %, each basis (equity, voting) alike:

* ``balance=None`` (proportional, the default): every other stake in the entity, and the unnamed
  dispersed part, is multiplied by ``k = (1 − Σ new) / (1 − Σ base)`` (sums over the levered
  holders) — as if the levered holders bought from, or sold to, everyone else pro rata. The total
  becomes ``Σ new + k·(total − Σ base) ≤ 1``. A levered range whose sum can pass 100 % is refused.
* ``balance="<holder>"``: that holder alone absorbs the change, ``Σ (base − new)``; the total is
  unchanged. A range that would take the balancing holder below 0 is refused.
* ``balance=UNNAMED``: no named holder changes; the unnamed part absorbs it. A range that would
  take the total over 100 % is refused.

A stake lever sets both bases (``basis="both"``) or one (``"equity"`` / ``"voting"``); on the
basis it does not set, its holder is treated like every other holder of the entity.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Any, TypeAlias

import attrs
import numpy as np
import numpy.typing as npt
from scipy import special

from .. import edits
from ..edits import UNKNOWN, UNNAMED
from ..errors import SpaceError
from ..law.interpretation import SWITCHES, Interpretation
from ..model import ARRANGEMENT_KINDS, FUNCTIONS, LICENCE_STATUSES, OFFICER_ROLES, Deal
from ..shares import format_fraction, parse_stake
from .distributions import Distribution, Triangular, Uniform, linspace

__all__ = [
    "ARRANGEMENT_STATES",
    "UNKNOWN",
    "UNNAMED",
    "ArrangementLever",
    "DirichletStakes",
    "JurisdictionLever",
    "Lever",
    "LicenceLever",
    "OfficerLever",
    "OperationLever",
    "SeatLever",
    "SpaceError",
    "StakeLever",
    "SwitchLever",
    "Triangular",
    "Uniform",
    "linspace",
    "switches",
]

Floats: TypeAlias = npt.NDArray[np.float64]

#: The states of an arrangement lever.
ARRANGEMENT_STATES: tuple[str, ...] = ("absent", "ongoing", "one_time")
#: The licence lever's value for "no ``[china]`` export_licence given"; an operation or officer
#: lever's for "no one recorded".
ABSENT = "absent"
BASES: tuple[str, ...] = ("both", "equity", "voting")


def _stakes(values: object) -> tuple[Fraction, ...]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        values = (values,)
    try:
        parsed = tuple(parse_stake(v) for v in values)
    except ValueError as error:
        raise SpaceError(str(error)) from None
    if not parsed:
        raise SpaceError("a lever needs at least one value")
    return parsed


class Lever:
    """Base of every lever: ``columns`` are its DataFrame column names; ``apply`` sets its fact
    on a scenario's deal (stake levers are applied together, entity by entity, by ``Space``)."""

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        """The scenario's deal and interpretation with this lever at ``value``."""
        return deal, interpretation

    @property
    def name(self) -> str:
        """The lever as messages name it: its column, as the command line writes it."""
        return ", ".join(self.columns)

    @property
    def columns(self) -> tuple[str, ...]:
        raise NotImplementedError

    @property
    def domain(self) -> tuple[Any, ...] | None:
        """The finite values (for grids), or None for a distribution."""
        raise NotImplementedError

    @property
    def numeric(self) -> bool:
        """True for stake levers (evaluated as numbers, not as separate structures)."""
        return False

    def label(self, value: object) -> str:
        """A value as the command line writes it."""
        return str(value)


def _stake_domain(value: object) -> tuple[Fraction, ...] | Distribution:
    if isinstance(value, Uniform | Triangular):
        return value
    return _stakes(value)


def _basis(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in BASES:
        raise SpaceError(f"basis must be one of {', '.join(BASES)}, got {value!r}")


@attrs.frozen(kw_only=True)
class StakeLever(Lever):
    """``holder``'s stake in ``of`` (the target when None) takes ``values``: exact stakes in any
    form that ``parse_stake`` reads, or a ``Uniform``/``Triangular`` distribution. Other stakes in
    the entity are rescaled as the module docstring says (``balance``)."""

    holder: str
    values: tuple[Fraction, ...] | Distribution = attrs.field(converter=_stake_domain)
    of: str | None = None
    basis: str = attrs.field(default="both", validator=_basis)
    balance: str | None = None

    @property
    def columns(self) -> tuple[str, ...]:
        prefix = "stake" if self.basis == "both" else self.basis
        return (f"{prefix}:{self.holder}" + (f":{self.of}" if self.of else ""),)

    @property
    def domain(self) -> tuple[Any, ...] | None:
        return self.values if isinstance(self.values, tuple) else None

    @property
    def numeric(self) -> bool:
        return True

    @property
    def bounds(self) -> tuple[Fraction, Fraction]:
        if isinstance(self.values, tuple):
            return min(self.values), max(self.values)
        return self.values.bounds

    def label(self, value: object) -> str:
        return format_fraction(value) if isinstance(value, Fraction) else str(value)


def _alpha(value: object) -> tuple[float, ...]:
    items = (value,) if isinstance(value, int | float) else tuple(value)  # type: ignore[arg-type]
    alphas = tuple(float(a) for a in items)
    if not alphas or any(not math.isfinite(a) or a <= 0 for a in alphas):
        raise SpaceError(f"Dirichlet concentrations must be positive numbers, got {value!r}")
    return alphas


def _holders(value: Iterable[str]) -> tuple[str, ...]:
    holders = tuple(value)
    if len(holders) < 2 or len(set(holders)) != len(holders):
        raise SpaceError(f"a Dirichlet lever needs two or more distinct holders, got {holders}")
    return holders


def _optional_stake(value: object) -> Fraction | None:
    return None if value is None else parse_stake(value)


@attrs.frozen(kw_only=True)
class DirichletStakes(Lever):
    """The stakes of ``holders`` in ``of`` drawn jointly from a Dirichlet distribution and scaled to
    ``total`` (default: their base total, so nobody else moves). Sampled only, never gridded.

    Exactness: the first holders' stakes are the sampled floats read exactly; the last holder gets
    exactly ``total`` minus them, so the holders always add up to ``total``.
    """

    holders: tuple[str, ...] = attrs.field(converter=_holders)
    alpha: tuple[float, ...] = attrs.field(default=(1.0,), converter=_alpha)
    of: str | None = None
    total: Fraction | None = attrs.field(default=None, converter=_optional_stake)
    basis: str = attrs.field(default="both", validator=_basis)
    balance: str | None = None

    def __attrs_post_init__(self) -> None:
        if len(self.alpha) not in (1, len(self.holders)):
            raise SpaceError(
                f"give one concentration or one per holder ({len(self.holders)}), "
                f"got {len(self.alpha)}"
            )

    @property
    def name(self) -> str:
        return "dirichlet:" + ",".join(self.holders) + (f":{self.of}" if self.of else "")

    @property
    def alphas(self) -> tuple[float, ...]:
        return self.alpha * len(self.holders) if len(self.alpha) == 1 else self.alpha

    @property
    def columns(self) -> tuple[str, ...]:
        prefix = "stake" if self.basis == "both" else self.basis
        suffix = f":{self.of}" if self.of else ""
        return tuple(f"{prefix}:{h}{suffix}" for h in self.holders)

    @property
    def domain(self) -> tuple[Any, ...] | None:
        return None

    @property
    def numeric(self) -> bool:
        return True

    def shares(self, u: Floats | None, rng: np.random.Generator | None, n: int) -> Floats:
        """Dirichlet draws, shape (holders, n): from quantiles ``u`` (LHS, same shape) or from
        ``rng`` (normalised gamma variates)."""
        alphas = np.array(self.alphas)[:, None]
        if u is not None:
            gammas = special.gammaincinv(alphas, np.clip(u, 1e-300, 1 - 1e-16))
        else:
            assert rng is not None
            gammas = rng.standard_gamma(alphas, size=(len(self.alphas), n))
        gammas = np.maximum(gammas, 1e-300)
        return gammas / gammas.sum(axis=0, keepdims=True)  # type: ignore[no-any-return]


def _tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(value)


def _strings(value: object) -> tuple[Any, ...]:
    items = (value,) if isinstance(value, str) or value is None else tuple(value)  # type: ignore[arg-type]
    if not items:
        raise SpaceError("a lever needs at least one value")
    return items


@attrs.frozen(kw_only=True)
class SeatLever(Lever):
    """``party`` appoints each number in ``counts`` of the board seats of ``of`` (the target).

    With ``balance=None`` seats are added or removed (the board changes size); with
    ``balance="<party>"`` they move from or to that party (the size stays). A new seat copies the
    nationality of the party's first seat (none if it has none) and sits on no committee.
    """

    party: str
    counts: tuple[int, ...] = attrs.field(converter=_tuple)
    of: str | None = None
    balance: str | None = None

    def __attrs_post_init__(self) -> None:
        if not self.counts or any(
            not isinstance(c, int) or isinstance(c, bool) or c < 0 for c in self.counts
        ):
            raise SpaceError(f"seat counts must be whole numbers ≥ 0, got {self.counts}")

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"seats:{self.party}" + (f":{self.of}" if self.of else ""),)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.counts

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        return edits.set_seats(deal, self.party, value, of=self.of, balance=self.balance), (
            interpretation
        )


@attrs.frozen(kw_only=True)
class ArrangementLever(Lever):
    """The arrangement of ``kind`` with ``counterparty``: ``absent``, ``ongoing`` or
    ``one-time``."""

    kind: str
    counterparty: str
    states: tuple[str, ...] = attrs.field(default=ARRANGEMENT_STATES, converter=_strings)

    def __attrs_post_init__(self) -> None:
        if self.kind not in ARRANGEMENT_KINDS:
            raise SpaceError(
                f"unknown arrangement kind {self.kind!r}; expected one of "
                f"{', '.join(ARRANGEMENT_KINDS)}"
            )
        for state in self.states:
            if state not in ARRANGEMENT_STATES:
                raise SpaceError(
                    f"arrangement state must be one of {', '.join(ARRANGEMENT_STATES)}, "
                    f"got {state!r}"
                )

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"arrangement:{self.kind}:{self.counterparty}",)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.states

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        return edits.set_arrangement(deal, self.kind, self.counterparty, value), interpretation


@attrs.frozen(kw_only=True)
class LicenceLever(Lever):
    """China's export-licence status (the ``china.export_licence`` rule); ``absent`` = not
    stated."""

    states: tuple[str, ...] = attrs.field(default=(*LICENCE_STATUSES, ABSENT), converter=_strings)

    def __attrs_post_init__(self) -> None:
        for state in self.states:
            if state not in (*LICENCE_STATUSES, ABSENT):
                raise SpaceError(
                    f"licence status must be one of {', '.join((*LICENCE_STATUSES, ABSENT))}, "
                    f"got {state!r}"
                )

    @property
    def columns(self) -> tuple[str, ...]:
        return ("licence",)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.states

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        return edits.set_licence(deal, None if value == ABSENT else value), interpretation


@attrs.frozen(kw_only=True)
class OperationLever(Lever):
    """Who runs ``function`` of the target's application (PAFACA §2(g)(3)(A)): each of
    ``operators`` in turn, or ``absent`` (no one recorded)."""

    function: str
    operators: tuple[str, ...] = attrs.field(converter=_strings)

    def __attrs_post_init__(self) -> None:
        if self.function not in FUNCTIONS:
            raise SpaceError(
                f"unknown function {self.function!r}; expected one of {', '.join(FUNCTIONS)}"
            )

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"operation:{self.function}",)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.operators

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        operator = None if value == ABSENT else value
        return edits.set_operation(deal, self.function, operator), interpretation


@attrs.frozen(kw_only=True)
class OfficerLever(Lever):
    """Who appoints the officer of ``role`` of ``of`` (the target) (PAFACA §2(g)(1)(C)): each of
    ``appointers`` in turn, or ``absent`` (no such officer recorded)."""

    role: str
    appointers: tuple[str, ...] = attrs.field(converter=_strings)
    of: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.role not in OFFICER_ROLES:
            raise SpaceError(
                f"unknown officer role {self.role!r}; expected one of {', '.join(OFFICER_ROLES)}"
            )

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"officer:{self.role}" + (f":{self.of}" if self.of else ""),)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.appointers

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        appointer = None if value == ABSENT else value
        return edits.set_officer(deal, self.role, appointer, of=self.of), interpretation


@attrs.frozen(kw_only=True)
class JurisdictionLever(Lever):
    """``party`` linked to exactly one country in ``countries`` (each link it had now names that
    country; ``headquartered_in`` if it had none), or ``UNKNOWN``: no link at all."""

    party: str
    countries: tuple[str, ...] = attrs.field(converter=_strings)

    @property
    def columns(self) -> tuple[str, ...]:
        return (f"jurisdiction:{self.party}",)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.countries

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        return edits.set_jurisdiction(deal, self.party, value), interpretation


@attrs.frozen(kw_only=True)
class SwitchLever(Lever):
    """An interpretation switch taking each of ``values`` (default: all)."""

    key: str
    values: tuple[str, ...] = attrs.field(default=(), converter=_tuple)

    def __attrs_post_init__(self) -> None:
        if self.key not in SWITCHES:
            raise SpaceError(
                f"unknown interpretation switch {self.key!r}; expected one of {', '.join(SWITCHES)}"
            )
        if not self.values:
            object.__setattr__(self, "values", SWITCHES[self.key])
        for value in self.values:
            if value not in SWITCHES[self.key]:
                raise SpaceError(
                    f"interpretation {self.key}={value!r} is not known; expected one of: "
                    f"{', '.join(SWITCHES[self.key])}"
                )

    @property
    def columns(self) -> tuple[str, ...]:
        return (self.key,)

    @property
    def domain(self) -> tuple[Any, ...]:
        return self.values

    def apply(
        self, deal: Deal, interpretation: Interpretation, value: Any
    ) -> tuple[Deal, Interpretation]:
        return deal, attrs.evolve(interpretation, **{self.key: value})


def switches(keys: Sequence[str] | None = None) -> list[SwitchLever]:
    """One ``SwitchLever`` over every value of each switch (all switches when ``keys`` is None)."""
    return [SwitchLever(key=key) for key in (keys or SWITCHES)]
