"""A foreign-adversary stake broken down: which (A)-person it traces to, and through whom.

The look-through names its *terminals*: the (A)-persons and, under ``lookthrough=control`` (or
with ranges at their top), the entities it caps at 100 % — an entity more than half of whose
votes a foreign adversary holds passes on all of itself. Such an entity's share is passed on
to the (A)-persons behind it, in proportion to what each carries into it, so that every row
names an (A)-person and the rows still add up exactly to the stake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from fractions import Fraction

from ..ownership import Link, Route, Traced
from .base import Contribution

__all__ = ["ROUTES", "by_person", "routes"]

#: Rows a breakdown lists before the rest is one remainder row.
ROUTES = 50


def by_person(traced: Traced, entity: str, persons: Collection[str]) -> dict[str, Fraction]:
    """Each (A)-person's own share of ``entity``'s stake, adding up exactly to it (numeric
    shares, beyond the exact budget, up to their bounds)."""
    shares: dict[str, Fraction] = defaultdict(Fraction)
    for terminal, share in _terminal_shares(traced, entity):
        for person, part in _behind(traced, terminal, persons, (entity,)):
            shares[person] += share * part
    return dict(shares)


def routes(
    traced: Traced, entity: str, persons: Collection[str], limit: int = ROUTES
) -> list[Contribution]:
    """The routes that carry ``entity``'s stake, largest first: each an (A)-person, the ids from
    it to ``entity`` (a cross-holding passed is one step, its members joined by ``+``) and the
    exact share; past ``limit`` rows, one remainder row with no person and no route."""
    found = _expand(traced, entity, persons, limit, (entity,))
    rows = sorted((row for row in found if row.route is not None), key=lambda row: -row.share)
    rest = sum((row.share for row in found if row.route is None), Fraction(0))
    rest += sum((row.share for row in rows[limit:]), Fraction(0))
    if not rest:
        return rows[:limit]
    return [*rows[:limit], Contribution(person=None, route=None, share=rest)]


def _expand(
    traced: Traced, entity: str, persons: Collection[str], limit: int, seen: tuple[str, ...]
) -> list[Contribution]:
    rows = []
    for route in traced.routes(entity, limit=limit):
        share = _share(route)
        if route.source is None or route.path is None:
            rows.append(Contribution(person=None, route=None, share=share))
        elif route.source in persons or route.source in seen:
            rows.append(
                Contribution(
                    person=route.source,
                    route=_ids(route),
                    share=share,
                    controlled=_controlled(route),
                )
            )
        else:  # a capped entity: its 100 % passed on to the persons behind it
            behind = _expand(traced, route.source, persons, limit, (*seen, route.source))
            total = sum((row.share for row in behind), Fraction(0))
            for row in behind:
                rows.append(
                    Contribution(
                        person=row.person,
                        route=None if row.route is None else (*row.route[:-1], *_ids(route)),
                        share=share * row.share / total if total else Fraction(0),
                        controlled=(*row.controlled, route.source, *_controlled(route)),
                    )
                )
    return rows


def _controlled(route: Route) -> tuple[str, ...]:
    return tuple(s.held for s in route.path or () if isinstance(s, Link) and s.controlling)


def _terminal_shares(traced: Traced, entity: str) -> list[tuple[str, Fraction]]:
    return [(t, _value(f)) for t, f in traced.contributions(entity).items()]


def _behind(
    traced: Traced, terminal: str, persons: Collection[str], seen: tuple[str, ...]
) -> list[tuple[str, Fraction]]:
    """How one terminal's share divides among (A)-persons: all its own when it is one."""
    if terminal in persons or terminal in seen:
        return [(terminal, Fraction(1))]
    inflow = _terminal_shares(traced, terminal)
    total = sum((share for _, share in inflow), Fraction(0))
    out = []
    for inner, share in inflow:
        for person, part in _behind(traced, inner, persons, (*seen, terminal)):
            out.append((person, share / total * part if total else Fraction(0)))
    return out


def _share(route: Route) -> Fraction:
    return _value(route.share)


def _value(figure: object) -> Fraction:
    value = figure.value  # type: ignore[attr-defined]
    return value if isinstance(value, Fraction) else Fraction(value)


def _ids(route: Route) -> tuple[str, ...]:
    """``source, …, entity``: the holder and each step's held entity; a cross-holding passed is
    one step, its members joined by ``+``, the member the route enters it at first."""
    ids: list[str] = [route.source or ""]
    for step in route.path or ():
        if isinstance(step, Link):
            ids.append(step.held)
        else:
            group = "+".join((step.entry, *(m for m in step.members if m != step.entry)))
            if ids[-1] == step.entry:
                ids[-1] = group
            else:
                ids.append(group)
    return tuple(ids)
