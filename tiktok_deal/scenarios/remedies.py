"""Margins and remedies for one deal (issue 4).

``headroom`` measures the distance to the 20 % line of §2(g)(1)(B) (contract §3.3): in points, and
in how much each holder that carries a foreign-adversary stake could add before reaching it.
``remedies`` proposes the smallest changes that turn each violated rule compliant — sell part of a
stake to a non-adversary buyer, move board seats, give up a control right, end an arrangement or
make it one-time, obtain China's licence — each verified by re-running the rules on the changed
deal, each explained in one sentence, ranked by size within its rule.

Stake figures are exact: where the traced stake is affine in the amount moved (``multiply`` and
``direct`` look-through), the crossing point is solved exactly and checked on both sides; where it
is not (``control``), it is found by exact bisection and marked approximate (``≈``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction

import attrs

from .. import html
from ..law import Facts, Interpretation, Status
from ..model import Deal, Party, Stake
from ..report import Report, check
from ..shares import format_percent

__all__ = ["Headroom", "HolderRoom", "Remedy", "headroom", "remedies"]

ZERO, ONE = Fraction(0), Fraction(1)
#: A new non-adversary buyer, used when the deal names none that carries no adversary stake.
NEW_BUYER = Party(
    id="new-us-buyer",
    name="a new U.S. buyer",
    kind="company",
    organized_in="US",
    headquartered_in="US",
)
STEP = Fraction(1, 10**6)


def _points(value: Fraction) -> str:
    return format_percent(value).replace(" %", " points")


def _fa(deal: Deal, interpretation: Interpretation) -> Fraction:
    value = check(deal, interpretation=interpretation)["pafaca.fa_ownership"].value
    return value if value is not None else ZERO


def transfer(
    deal: Deal, seller: str, buyer: str, amount: Fraction, *, entity: str | None = None
) -> Deal:
    """``seller`` sells ``amount`` of its equity in ``entity`` (the target) to ``buyer``, with the
    same fraction of its votes; the buyer is added to the deal if it is ``NEW_BUYER``."""
    entity = entity or deal.target
    parties = dict(deal.parties)
    if buyer not in parties and buyer == NEW_BUYER.id:
        parties[buyer] = NEW_BUYER
    held = {s.holder: s for s in deal.holdings_in(entity)}
    sold = held[seller]
    votes = sold.votes * amount / sold.equity if sold.equity else ZERO
    stakes = []
    for stake in deal.stakes:
        if stake.of == entity and stake.holder == seller:
            stake = _with(stake, stake.equity - amount, stake.votes - votes)
        elif stake.of == entity and stake.holder == buyer:
            stake = _with(stake, stake.equity + amount, stake.votes + votes)
        stakes.append(stake)
    if buyer not in held:
        stakes.append(_with(Stake(holder=buyer, of=entity, equity=0), amount, votes))
    return attrs.evolve(deal, parties=parties, stakes=stakes)


def _with(stake: Stake, equity: Fraction, votes: Fraction) -> Stake:
    return attrs.evolve(stake, equity=equity, voting=None if votes == equity else votes)


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

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(h.explanation)}</li>" for h in self.holders)
        listed = f'<ul style="margin: 2px 0 8px 0;">{items}</ul>' if items else ""
        return html.box(f"<div><b>Headroom:</b> {html.escape(self.explanation)}</div>", listed)


def headroom(
    deal: Deal, *, interpretation: Interpretation | Mapping[str, str] | None = None
) -> Headroom:
    """The headroom to the 20 % line, and what each holder carrying a foreign-adversary stake
    (an (A)-person, or an entity traced to them) could add, the others diluted pro rata."""
    from .levers import StakeLever
    from .space import Space

    reading = Interpretation.coerce(interpretation)
    facts = Facts(deal, reading)
    line, stake = facts.threshold, _fa(deal, reading)
    margin = line - stake
    held = {s.holder: s.equity for s in deal.holdings_in(deal.target)}
    world = facts.best
    carriers = sorted(
        p
        for p in deal.parties
        if p != deal.target and (p in world.adversary_persons or world.fa_stake(p) > 0)
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
            space = Space(
                deal, [StakeLever(holder=holder, values=(value,))], interpretation=reading
            )
            return _fa(space.apply((value,))[0], reading)

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


@attrs.frozen(kw_only=True)
class Remedy:
    """One verified change that makes ``rule`` compliant: ``action``, its ``size`` (stake points
    as a fraction, seats, arrangements…), the changed ``deal`` and its ``report``."""

    rule: str
    action: str
    size: Fraction
    explanation: str
    deal: Deal = attrs.field(repr=False)
    report: Report = attrs.field(repr=False)

    @property
    def resolves_all(self) -> bool:
        """True when the changed deal is compliant on every rule checked."""
        return self.report.verdict == Status.COMPLIANT

    def _repr_html_(self) -> str:
        row = [
            f"<code>{html.escape(self.rule)}</code>",
            html.escape(self.action.replace("_", " ")),
            html.escape(self.explanation),
            html.status_cell(self.report.verdict),
        ]
        return html.box(html.table(["fixes", "change", "what", "verdict after"], [row]))

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "action": self.action,
            "size": str(self.size),
            "explanation": self.explanation,
            "verdict_after": str(self.report.verdict),
        }


ACTIONS = (
    "sell_stake",
    "move_seats",
    "drop_control_right",
    "several",
    "make_one_time",
    "end_arrangement",
    "obtain_licence",
)


def remedies(
    deal: Deal,
    *,
    ruleset: str = "pafaca",
    interpretation: Interpretation | Mapping[str, str] | None = None,
    buyer: str | None = None,
) -> list[Remedy]:
    """The smallest verified changes that turn each violated rule compliant, rule by rule (in
    the report's order), smallest first. ``buyer``: who takes stakes and seats (default: the
    largest holder of the target carrying no foreign-adversary stake, else a new U.S. buyer)."""
    from . import fixes

    reading = Interpretation.coerce(interpretation)
    report = check(deal, ruleset=ruleset, interpretation=reading)
    found: list[Remedy] = []
    for finding in report.findings:
        if finding.status != Status.VIOLATION:
            continue
        candidates = fixes.candidates(deal, finding.rule, reading, buyer)
        verified = []
        for action, size, explanation, changed in candidates:
            after = check(changed, ruleset=ruleset, interpretation=reading)
            if after[finding.rule].status == Status.COMPLIANT:
                verified.append(
                    Remedy(
                        rule=finding.rule,
                        action=action,
                        size=size,
                        explanation=explanation,
                        deal=changed,
                        report=after,
                    )
                )
        verified.sort(key=lambda r: (r.size, ACTIONS.index(r.action)))
        found.extend(verified)
    return found
