"""The command line's lever language: one ``--vary SPEC`` as a lever. The grammar is written
once, in ``tiktok-deal sweep --help`` (``tiktok_deal.cli.scenarios.VARY``); party ids are checked
by ``Space``.
"""

from __future__ import annotations

import re

from ..law import SWITCHES
from ..model import Deal
from ..shares import parse_stake
from .levers import (
    ARRANGEMENT_STATES,
    UNNAMED,
    ArrangementLever,
    DirichletStakes,
    JurisdictionLever,
    Lever,
    LicenceLever,
    OfficerLever,
    OperationLever,
    SeatLever,
    SpaceError,
    StakeLever,
    SwitchLever,
    Triangular,
    Uniform,
    linspace,
)

__all__ = ["parse_interpret", "parse_vary"]

_CALL = re.compile(r"^\s*([A-Za-z_]\w*)\s*\((.*)\)\s*$")
DISTRIBUTIONS = "uniform(LOW,HIGH) or triangular(LOW,MODE,HIGH)"


def _fail(spec: str, problem: str) -> SpaceError:
    return SpaceError(f"--vary {spec!r}: {problem}")


def _split(spec: str) -> tuple[list[str], str, str | None]:
    key, sep, values = spec.partition("=")
    if not sep or not key.strip() or not values.strip():
        raise _fail(spec, "expected KIND:…=VALUES, e.g. stake:bytedance=0%:40%:41")
    balance = None
    if "@" in values:
        values, _, balance = values.rpartition("@")
        balance = balance.strip() or None
    return [part.strip() for part in key.split(":")], values.strip(), balance


def _stake_values(spec: str, text: str) -> tuple[object, ...] | Uniform | Triangular:
    call = _CALL.match(text)
    try:
        if call:
            name, args = call.group(1).lower(), [a.strip() for a in call.group(2).split(",")]
            if name == "uniform" and len(args) == 2:
                return Uniform(low=args[0], high=args[1])
            if name == "triangular" and len(args) == 3:
                return Triangular(low=args[0], mode=args[1], high=args[2])
            if name in ("uniform", "triangular"):
                raise _fail(spec, f"{name} takes {2 if name == 'uniform' else 3} values: "
                            f"write {DISTRIBUTIONS}")  # fmt: skip
            raise _fail(spec, f"unknown distribution {call.group(1)!r}: write {DISTRIBUTIONS}")
        parts = text.split(":")
        if len(parts) == 3:
            try:
                num = int(parts[2])
            except ValueError:
                raise _fail(
                    spec, f"the number of points {parts[2]!r} is not a whole number"
                ) from None
            return linspace(parts[0], parts[1], num)
        if len(parts) != 1:
            raise _fail(spec, f"write START:STOP:NUM, a list A,B,C, or {DISTRIBUTIONS}")
        return tuple(parse_stake(v.strip()) for v in text.split(","))
    except SpaceError as error:
        if str(error).startswith("--vary"):
            raise
        raise _fail(spec, str(error)) from None
    except ValueError as error:
        raise _fail(spec, str(error)) from None


def _counts(spec: str, text: str) -> tuple[int, ...]:
    try:
        if ".." in text:
            low, high = (int(v) for v in text.split("..", 1))
            return tuple(range(low, high + 1))
        return tuple(int(v) for v in text.split(","))
    except ValueError:
        raise _fail(
            spec, f"seat counts must be whole numbers (0,1,2 or 0..4), got {text!r}"
        ) from None


def _words(text: str, every: tuple[str, ...]) -> tuple[str, ...]:
    return every if text.strip() == "all" else tuple(v.strip() for v in text.split(","))


def parse_vary(spec: str, deal: Deal) -> Lever:
    """One ``--vary SPEC`` as a lever (party ids are checked later, by ``Space``)."""
    try:
        return _lever(spec, deal)
    except SpaceError as error:
        if str(error).startswith("--vary"):
            raise
        raise _fail(spec, str(error)) from None


def _lever(spec: str, deal: Deal) -> Lever:
    key, values, balance = _split(spec)
    kind, args = key[0].lower(), key[1:]
    if balance is not None and kind not in ("stake", "equity", "voting", "dirichlet", "seats"):
        raise _fail(spec, "@BALANCE applies to stake, dirichlet and seats levers only")
    if kind in ("stake", "equity", "voting"):
        if len(args) not in (1, 2):
            raise _fail(spec, f"expected {kind}:HOLDER=… or {kind}:HOLDER:ENTITY=…")
        bal = UNNAMED if balance == "unnamed" and "unnamed" not in deal.parties else balance
        basis = "both" if kind == "stake" else kind
        return StakeLever(
            holder=args[0],
            of=args[1] if len(args) == 2 else None,
            basis=basis,
            values=_stake_values(spec, values),
            balance=bal,
        )
    if kind == "dirichlet":
        if len(args) not in (1, 2):
            raise _fail(spec, "expected dirichlet:H1,H2,…=ALPHA or dirichlet:H1,H2,…:ENTITY=ALPHA")
        try:
            alpha = tuple(float(a) for a in values.split(","))
        except ValueError:
            raise _fail(spec, f"concentrations must be numbers, got {values!r}") from None
        bal = UNNAMED if balance == "unnamed" and "unnamed" not in deal.parties else balance
        return DirichletStakes(
            holders=tuple(h.strip() for h in args[0].split(",")),
            alpha=alpha,
            of=args[1] if len(args) == 2 else None,
            balance=bal,
        )
    if kind == "seats":
        if len(args) not in (1, 2):
            raise _fail(spec, "expected seats:PARTY=COUNTS or seats:PARTY:ENTITY=COUNTS")
        return SeatLever(
            party=args[0],
            of=args[1] if len(args) == 2 else None,
            counts=_counts(spec, values),
            balance=balance,
        )
    if kind == "arrangement":
        if len(args) != 2:
            raise _fail(spec, "expected arrangement:KIND:COUNTERPARTY=STATES")
        return ArrangementLever(
            kind=args[0], counterparty=args[1], states=_words(values, ARRANGEMENT_STATES)
        )
    if kind in ("licence", "license"):
        if args:
            raise _fail(spec, "expected licence=STATES")
        return LicenceLever(states=_words(values, LicenceLever().states))
    if kind == "operation":
        if len(args) != 1:
            raise _fail(spec, "expected operation:FUNCTION=OPERATORS")
        return OperationLever(function=args[0], operators=_words(values, ()))
    if kind == "officer":
        if len(args) not in (1, 2):
            raise _fail(spec, "expected officer:ROLE=APPOINTERS or officer:ROLE:ENTITY=APPOINTERS")
        return OfficerLever(
            role=args[0], of=args[1] if len(args) == 2 else None, appointers=_words(values, ())
        )
    if kind == "jurisdiction":
        if len(args) != 1:
            raise _fail(spec, "expected jurisdiction:PARTY=COUNTRIES")
        return JurisdictionLever(party=args[0], countries=_words(values, ()))
    if kind == "interpret":
        if len(args) != 1:
            raise _fail(spec, "expected interpret:KEY=VALUES")
        return parse_interpret(f"{args[0]}={values}")
    raise _fail(
        spec,
        f"unknown lever {kind!r}; expected stake, equity, voting, dirichlet, seats, "
        "arrangement, licence, jurisdiction, operation, officer or interpret",
    )


def parse_interpret(item: str) -> SwitchLever:
    """``KEY=V1,V2`` (or ``KEY=all``) as a switch lever."""
    key, sep, values = item.partition("=")
    key = key.strip()
    if not sep or not key or not values.strip():
        raise SpaceError(
            f"--interpret {item!r}: expected KEY=VALUE[,VALUE…], e.g. lookthrough=multiply,control"
        )
    if key not in SWITCHES:
        raise SpaceError(
            f"--interpret {item!r}: unknown switch {key!r}; expected one of: {', '.join(SWITCHES)}"
        )
    return SwitchLever(key=key, values=_words(values, SWITCHES[key]))
