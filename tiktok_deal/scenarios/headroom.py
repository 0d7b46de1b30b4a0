"""The headroom to the 20 % line of PAFACA §2(g)(1)(B): in points, and in how much each holder
that carries a foreign-adversary stake could add before the stake reaches the line.

Figures are exact: where the traced stake is affine in the amount moved (``multiply`` and
``direct`` look-through) the crossing point is solved exactly and checked on the line; where it
is not (``control``) it is found by exact bisection and marked approximate (``≈``).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any

import attrs

from .. import html
from ..edits import set_stakes
from ..law import Facts, Interpretation
from ..model import Deal
from ..report import Reading
from ..shares import format_percent

__all__ = ["Headroom", "HolderRoom", "crossing", "headroom"]

ZERO, ONE = Fraction(0), Fraction(1)


def _points(value: Fraction) -> str:
    return format_percent(value).replace(" %", " points")


def crossing(
    f: Callable[[Fraction], Fraction], low: Fraction, high: Fraction, line: Fraction
) -> tuple[Fraction, bool] | None:
    """The amount in [low, high] at which the monotone ``f`` meets ``line`` (None if it does not):
    solved exactly when ``f`` is affine — found from the two ends and checked on the line — else
    by bisection (``False``: approximate)."""
    f_low, f_high = f(low), f(high)
    if f_low == f_high or (f_low - line) * (f_high - line) > 0:
        return None
    guess = low + (line - f_low) * (high - low) / (f_high - f_low)
    if low <= guess <= high and f(guess) == line:
        return guess, True
    side = f_low < line
    for _ in range(60):
        middle = (low + high) / 2
        if (f(middle) < line) == side:
            low = middle
        else:
            high = middle
    return high, False


@attrs.frozen(kw_only=True)
class HolderRoom:
    """How much more of the target ``holder`` could take before the 20 % line (None: it never
    reaches it alone); ``exact`` False when found by bisection."""

    holder: str
    held: Fraction
    room: Fraction | None
    exact: bool
    explanation: str


@attrs.frozen(kw_only=True)
class Headroom:
    """The distance to the §2(g)(1)(B) line: ``margin`` = line − stake, in exact fractions."""

    stake: Fraction
    line: Fraction
    margin: Fraction
    holders: tuple[HolderRoom, ...]
    explanation: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "stake": str(self.stake),
            "line": str(self.line),
            "margin": str(self.margin),
            "explanation": self.explanation,
            "holders": [
                {"holder": h.holder, "held": str(h.held),
                 "room": None if h.room is None else str(h.room), "exact": h.exact,
                 "explanation": h.explanation}
                for h in self.holders
            ],
        }  # fmt: skip

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(h.explanation)}</li>" for h in self.holders)
        listed = f'<ul style="margin: 2px 0 8px 0;">{items}</ul>' if items else ""
        return html.box(f"<div><b>Headroom:</b> {html.escape(self.explanation)}</div>", listed)


def headroom(deal: Deal, *, interpretation: Reading = None) -> Headroom:
    """The headroom to the 20 % line, and what each holder carrying a foreign-adversary stake
    (an (A)-person, or an entity traced to them) could add, the others diluted pro rata."""
    reading = Interpretation.coerce(interpretation)
    facts = Facts(deal, reading)
    line, stake = facts.threshold, facts.best.fa_stake(deal.target)
    margin = line - stake
    held = {s.holder: s.equity for s in deal.holdings_in(deal.target)}
    world = facts.best
    carriers = sorted(
        p
        for p in deal.parties
        if p != deal.target and (p in world.persons or world.fa_stake(p) > 0)
    )
    rooms = []
    for holder in carriers:
        mine = held.get(holder, ZERO)
        name = deal.label(holder)
        if margin <= 0:
            rooms.append(
                HolderRoom(
                    holder=holder,
                    held=mine,
                    room=ZERO,
                    exact=True,
                    explanation=f"{name} can add nothing: the line is reached.",
                )
            )
            continue

        def f(value: Fraction, holder: str = holder) -> Fraction:
            changed = set_stakes(deal, deal.target, {holder: (value, value)})
            return Facts(changed, reading).best.fa_stake(deal.target)

        found = crossing(f, mine, ONE, line)
        if found is None:
            rooms.append(
                HolderRoom(
                    holder=holder,
                    held=mine,
                    room=None,
                    exact=True,
                    explanation=(
                        f"{name} could not take the stake to the line alone, however much of "
                        f"{deal.label(deal.target)} it held."
                    ),
                )
            )
            continue
        at, exact = found
        room = at - mine
        sign = "" if exact else "≈ "
        rooms.append(
            HolderRoom(
                holder=holder,
                held=mine,
                room=room,
                exact=exact,
                explanation=(
                    f"{name} (holding {format_percent(mine)} directly) could add anything less "
                    f"than {sign}{_points(room)} before the stake reaches {format_percent(line)}, "
                    f"the other holders diluted pro rata."
                ),
            )
        )
    rooms.sort(key=lambda r: (r.room is None, r.room or ZERO))
    if margin > 0:
        text = (
            f"The foreign-adversary stake is {format_percent(stake)}: {_points(margin)} below the "
            f"{format_percent(line)} line."
        )
    else:
        text = (
            f"The foreign-adversary stake is {format_percent(stake)}: at or over the "
            f"{format_percent(line)} line by {_points(-margin)} (the line is inclusive)."
        )
    return Headroom(stake=stake, line=line, margin=margin, holders=tuple(rooms), explanation=text)
