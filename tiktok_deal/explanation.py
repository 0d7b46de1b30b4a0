"""``explain(deal)`` → ``Explanation``: the foreign-adversary stake in an entity (PAFACA
§2(g)(1)(B)), route by route — which (A)-person it traces to, through which holdings, and how
much each route carries. The shares are exact and add up to the stake.

Example: ``print(td.explain(td.load("deal.toml")))``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from . import html
from .errors import LookthroughLimitError, UnknownPartyError
from .law import Contribution, Facts, Interpretation
from .law.base import figure_text
from .law.breakdown import ROUTES
from .model import Deal
from .report import Reading
from .shares import format_percent

__all__ = ["Explanation", "explain", "route_words"]


def explain(
    deal: Deal,
    party: str | None = None,
    *,
    interpretation: Reading = None,
    as_of: date | None = None,
    limit: int = ROUTES,
) -> Explanation:
    """The foreign-adversary stake in ``party`` (default: the target), broken down by route.

    Rows are for the basis (equity or voting) that gives the stake under the ``stake`` reading,
    and for the worst case when facts are unknown (parties of unknown jurisdiction taken as
    (A)-persons, ranges at their top). Past ``limit`` routes the rest is one row with no route.
    """
    entity = deal.target if party is None else party
    if entity not in deal.parties:
        raise UnknownPartyError(f"--party: unknown party {entity!r}")
    reading = Interpretation.coerce(interpretation)
    facts = Facts(deal, reading, as_of=as_of)
    world = facts.worst
    basis = world.basis_for(entity)
    if entity in world.persons:  # an (A)-person is all foreign adversary: nothing to trace
        one = Fraction(1)
        rows: tuple[Contribution, ...] = (Contribution(person=entity, route=(entity,), share=one),)
        return Explanation(deal, entity, one, True, rows, basis, reading, facts.worst_case)
    figure = world.figure(entity)
    try:
        rows = tuple(world.routes(entity, limit))
    except LookthroughLimitError:  # past the exact budget: each person's share, no routes
        rows = tuple(
            Contribution(person=person, route=None, share=share)
            for person, share in world.contributions(entity)
        )
    return Explanation(
        deal, entity, world.fa_stake(entity), figure.exact, rows, basis, reading, facts.worst_case
    )


@attrs.frozen
class Explanation:
    """The stake in ``entity`` and the ``rows`` that carry it (``Contribution``: the (A)-person,
    the ids from it to ``entity``, the exact share). ``exact`` is False for a numeric figure
    (beyond the exact work budget); ``unknowns`` names what the worst case assumed."""

    deal: Deal = attrs.field(repr=False)
    entity: str
    stake: Fraction
    exact: bool
    rows: tuple[Contribution, ...]
    basis: str
    interpretation: Interpretation = attrs.field(repr=False)
    unknowns: str = ""

    def __iter__(self) -> Iterator[Contribution]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def to_dict(self) -> dict[str, Any]:
        """``{"entity", "stake", "exact", "rows": [{"person", "route", "share"}]}``; figures as
        exact ``"p/q"`` strings."""
        stake, fits = figure_text(self.stake)
        return {
            "entity": self.entity,
            "stake": stake,
            "exact": self.exact and fits,
            "basis": self.basis,
            "interpretation": self.interpretation.to_dict(),
            "rows": [row.to_dict() for row in self.rows],
        }

    def headline(self) -> str:
        deal = self.deal
        approx = "" if self.exact else "≈ "
        worst = f", {self.unknowns}" if self.unknowns else ""
        return (
            f"{deal.label(self.entity)}: foreign-adversary stake {approx}"
            f"{format_percent(self.stake)} ({self.basis}{worst}; "
            f"lookthrough={self.interpretation.lookthrough}, stake={self.interpretation.stake})"
        )

    def format(self) -> str:
        """The breakdown as text: one line per route, then the sum."""
        lines = [self.headline(), ""]
        if not self.rows:
            lines.append("  No holding traces to a foreign-adversary person.")
            return "\n".join(lines)
        for row in self.rows:
            lines.append(f"  {format_percent(row.share):>9}  {self._route(row)}")
        lines.append(f"  {'—' * 9}")
        total = " + ".join(format_percent(row.share) for row in self.rows[:6])
        more = " + …" if len(self.rows) > 6 else ""
        added = f"  ({total}{more} = {format_percent(self.stake)})" if len(self.rows) > 1 else ""
        lines.append(f"  {format_percent(self.stake):>9}  in all{added}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def _route(self, row: Contribution) -> str:
        return route_words(self.deal, row)

    def _repr_html_(self) -> str:
        rows = [
            [html.escape(format_percent(row.share)), html.escape(self._route(row))]
            for row in self.rows
        ]
        return html.box(
            f"<div><b>{html.escape(self.headline())}</b></div>",
            html.table(["share", "route"], rows),
        )


def route_words(deal: Deal, row: Contribution) -> str:
    """A row's route in names: ``ByteDance Ltd. → A U.S. fund → NewCo U.S. LLC``; a cross-holding
    passed is ``cross-holding of A, B, entered at A``; an entity whose foreign-adversary holders
    control it is marked as counted as 100 % (``lookthrough=control``)."""
    if row.route is None:
        return f"{deal.label(row.person)} (routes not listed)" if row.person else "other routes"
    return " → ".join(
        _step(deal, step) + (" (controlled: counted as 100 %)" if step in row.controlled else "")
        for step in row.route
    )


def _step(deal: Deal, step: str) -> str:
    if step in deal.parties:
        return deal.label(step)
    members = step.split("+")
    named = ", ".join(deal.label(m) for m in members[:3])
    entered = f", entered at {deal.label(members[0])}"
    if len(members) <= 3:
        return f"cross-holding of {named}{entered}"
    return f"cross-holding of {len(members):,} entities ({named} …){entered}"
