"""Plans: the smallest sets of changes that make the *whole* verdict compliant — under one
reading, or under every reading (``robust``) — each verified by a full check.

Every rule that is not compliant names the changes that could fix it (``Rule.remedies``); a plan
takes one of them for each such rule, makes stake sales the least whole number of basis points
that works on the deal as the other changes leave it, and keeps the combination only when every
rule then complies. Plans are ranked by the number of changes, then the stake moved; plans of
equal cost are all listed.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from .. import html
from ..edits import BASIS_POINT, Edit, Option, TransferStake
from ..errors import InvalidArgumentError
from ..law import Facts, Interpretation, Rule, Status, combine, rules
from ..law.flags import code
from ..model import Deal
from ..report import Reading, check
from ..shares import format_percent
from .remedies import default_buyer, describe, realise

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["ChangePlan", "Plans", "plan"]

#: Combinations of the rules' options tried before giving up (cheapest first).
MAX_COMBINATIONS = 400


@attrs.frozen(kw_only=True)
class ChangePlan:
    """One verified plan: its ``edits``, the changed ``deal`` and the verdict after it (under
    every reading checked)."""

    edits: tuple[Edit, ...]
    deal: Deal = attrs.field(repr=False)
    verdict_after: Status
    explanation: str

    @property
    def changes(self) -> int:
        return len(self.edits)

    @property
    def points_moved(self) -> Fraction:
        """Stake moved, as a fraction of the entity (1 basis point is 1/10000)."""
        return sum((edit.points for edit in self.edits), Fraction(0))

    @property
    def cost(self) -> tuple[int, Fraction]:
        return self.changes, self.points_moved

    def to_dict(self, base: Deal) -> dict[str, Any]:
        return {
            "changes": [edit.to_dict(base) for edit in self.edits],
            "cost": {"changes": self.changes, "points_moved": str(self.points_moved)},
            "verdict_after": str(self.verdict_after),
            "explanation": self.explanation,
        }


@attrs.frozen(kw_only=True)
class Plans:
    """The plans found for ``deal``, cheapest first; when none is found, ``unfixable`` names the
    rules that stayed in the way."""

    deal: Deal = attrs.field(repr=False)
    ruleset: str
    interpretation: Interpretation
    robust: bool
    verdict_before: Status
    plans: tuple[ChangePlan, ...]
    unfixable: tuple[str, ...] = ()

    def __iter__(self) -> Iterator[ChangePlan]:
        return iter(self.plans)

    def __len__(self) -> int:
        return len(self.plans)

    def to_dict(self) -> dict[str, Any]:
        return {
            "deal": self.deal.name,
            "ruleset": self.ruleset,
            "interpretation": "every reading" if self.robust else self.interpretation.to_dict(),
            "verdict_before": str(self.verdict_before),
            "plans": [p.to_dict(self.deal) for p in self.plans],
            "unfixable": list(self.unfixable),
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per change of each plan: plan number, kind, description, points moved."""
        import pandas as pd

        rows = [
            {"plan": i, "kind": e.kind, "change": e.describe(self.deal),
             "points": float(e.points), "verdict_after": str(p.verdict_after)}
            for i, p in enumerate(self.plans, 1)
            for e in p.edits
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=["plan", "kind", "change", "points", "verdict_after"])

    def format(self) -> str:
        reading = "every reading" if self.robust else str(self.interpretation)
        lines = [
            f"{str(self.verdict_before).upper()}: {self.deal.name} (rule set {self.ruleset}; "
            f"{reading})",
            "",
        ]
        if self.verdict_before == Status.COMPLIANT:
            return "\n".join([*lines, "Already compliant: nothing to change."])
        if not self.plans:
            why = f" ({', '.join(self.unfixable)} cannot be fixed by a known change)"
            return "\n".join([*lines, "No plan found" + (why if self.unfixable else "") + "."])
        for i, p in enumerate(self.plans, 1):
            points = f", {format_percent(p.points_moved)} moved" if p.points_moved else ""
            lines.append(f"Plan {i}: {p.changes} change(s){points}; verdict after: "
                         f"{p.verdict_after}")  # fmt: skip
            lines += [f"  - {e.describe(self.deal)}" for e in p.edits]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        header = (
            f"<div>{html.badge(self.verdict_before)} <b>{html.escape(self.deal.name)}</b> "
            f'<span style="{html.MUTED}">before any change</span></div>'
        )
        tables = []
        for i, p in enumerate(self.plans, 1):
            rows = [[html.escape(e.kind.replace("_", " ")), html.escape(e.describe(self.deal))]
                    for e in p.edits]  # fmt: skip
            caption = f"Plan {i}: {p.changes} change(s); verdict after: {p.verdict_after}"
            tables.append(html.table(["change", "what"], rows, caption=caption))
        if not tables:
            tables.append(f'<div style="{html.MUTED}">{html.escape(self.format())}</div>')
        return html.box(header, *tables)


def plan(
    deal: Deal,
    *,
    ruleset: str = "pafaca",
    interpretation: Reading = None,
    robust: bool = False,
    buyer: str | None = None,
    limit: int = 5,
) -> Plans:
    """The cheapest plans that make ``deal`` compliant on every rule of ``ruleset`` — under
    ``interpretation``, or with ``robust`` under every reading of the switches — each verified by
    a full check. ``buyer`` takes sold stakes, moved seats and officers (default: the largest
    holder carrying no foreign-adversary stake, else a new U.S. buyer)."""
    reading = Interpretation.coerce(interpretation)
    if buyer is not None and (buyer not in deal.parties or buyer == deal.target):
        raise InvalidArgumentError(
            f"buyer: {buyer!r} is {'the target itself' if buyer == deal.target else 'no party'}"
            f"; name a party to take stakes, seats and officers"
        )
    readings = tuple(Interpretation.every()) if robust else (reading,)
    as_of = check(deal, ruleset=ruleset, interpretation=reading).as_of
    chosen = rules(ruleset)

    def failing(candidate: Deal) -> dict[str, Status]:
        """The worst status of each rule not compliant, over the readings."""
        worst: dict[str, Status] = {}
        for r in readings:
            facts = Facts(candidate, r, as_of=as_of)
            for rule in chosen:
                status = Status.of(int(code(rule.violated(facts.best), rule.violated(facts.worst))))
                if status != Status.COMPLIANT:
                    worst[rule.id] = combine([status, worst.get(rule.id, Status.COMPLIANT)])
        return worst

    before = failing(deal)
    verdict_before = combine(before.values())
    if not before:
        return Plans(deal=deal, ruleset=ruleset, interpretation=reading, robust=robust,
                     verdict_before=verdict_before, plans=())  # fmt: skip
    facts = Facts(deal, reading, as_of=as_of)
    buyer = buyer or default_buyer(deal, facts)
    # A rule with no change of its own may still comply once the others' changes are made (what
    # the target itself runs is fixed by fixing who owns it): it takes "no change".
    options = [
        _options(rule, deal, readings, buyer, as_of) or [Option()]
        for rule in chosen
        if rule.id in before
    ]
    found_plans: dict[tuple[Any, ...], ChangePlan] = {}
    for combination in itertools.islice(_cheapest(options), MAX_COMBINATIONS):
        edits = _realise(combination, deal, lambda d: not failing(d))
        if edits is None or not edits:
            continue
        key = tuple(sorted(repr(e) for e in edits))
        if key in found_plans:
            continue
        changed = _apply(deal, edits)
        after = combine(failing(changed).values())
        found_plans[key] = ChangePlan(edits=edits, deal=changed, verdict_after=after,
                                      explanation=describe(deal, edits))  # fmt: skip
    ranked = sorted(found_plans.values(), key=lambda p: (p.cost, max(e.rank for e in p.edits)))
    best = [p for p in ranked if p.verdict_after == Status.COMPLIANT]
    if best:  # every plan as cheap as the cheapest, then the next ones up to the limit
        cheapest = best[0].cost
        ties = [p for p in best if p.cost == cheapest]
        best = ties + [p for p in best if p.cost != cheapest][: max(0, limit - len(ties))]
    unfixable = () if best else tuple(before)
    return Plans(deal=deal, ruleset=ruleset, interpretation=reading, robust=robust,
                 verdict_before=verdict_before, plans=tuple(best),
                 unfixable=unfixable)  # fmt: skip


def _options(
    rule: Rule, deal: Deal, readings: Sequence[Interpretation], buyer: str, as_of: Any
) -> list[Option]:
    """The rule's options under each reading, once each."""
    seen: dict[str, Option] = {}
    for reading in readings:
        for option in rule.remedies(Facts(deal, reading, as_of=as_of), buyer=buyer):
            key = repr(option.edits) + repr(option.at(BASIS_POINT) if option.search else ())
            seen.setdefault(key, option)
    return sorted(seen.values(), key=_size)


def _size(option: Option) -> tuple[int, int]:
    edits = option.edits + (option.at(BASIS_POINT)[len(option.edits) :] if option.search else ())
    return len(edits), max((e.rank for e in edits), default=0)


def _cheapest(options: list[list[Option]]) -> Iterator[tuple[Option, ...]]:
    """Combinations of one option per rule, fewest changes first (each rule's options cut to
    its cheapest while the combinations would pass ``MAX_COMBINATIONS`` squared)."""
    kept = [list(found) for found in options]
    while _count(kept) > MAX_COMBINATIONS**2:
        longest = max(kept, key=len)
        del longest[-1]
    combinations = itertools.product(*kept)
    return iter(
        sorted(combinations, key=lambda c: tuple(map(sum, zip(*map(_size, c), strict=True))))
    )


def _count(options: list[list[Option]]) -> int:
    total = 1
    for found in options:
        total *= len(found)
    return total


def _realise(combination: Sequence[Option], deal: Deal, works: Any) -> tuple[Edit, ...] | None:
    """The combination's edits, its stake sales at the least whole basis points that make the
    whole deal comply (searched one after the other, the others' changes made)."""
    fixed = [e for option in combination for e in option.edits]
    searches = [option for option in combination if option.search is not None]
    edits: list[Edit] = list(fixed)
    for i, search in enumerate(searches):
        base = _apply(deal, edits)
        rest = [s.at(s.high) for s in searches[i + 1 :]]  # the later sales at their most

        def complies(candidate: Deal, rest: list[tuple[Edit, ...]] = rest) -> bool:
            for later in rest:
                candidate = _apply(candidate, later)
            return bool(works(candidate))

        found = realise(Option(search=search.search, high=search.high), base, complies)
        if found is None:
            return None
        edits += found
    return _merged(edits)


def _merged(edits: Sequence[Edit]) -> tuple[Edit, ...]:
    """One sale per seller, buyer and entity: several options selling the same stake are one
    change of their total."""
    out: list[Edit] = []
    sales: dict[tuple[str, str, str | None], int] = {}
    for edit in edits:
        if isinstance(edit, TransferStake):
            key = (edit.seller, edit.buyer, edit.entity)
            if key in sales:
                first = out[sales[key]]
                assert isinstance(first, TransferStake)
                out[sales[key]] = attrs.evolve(first, amount=first.amount + edit.amount)
                continue
            sales[key] = len(out)
        out.append(edit)
    return tuple(out)


def _apply(deal: Deal, edits: Sequence[Edit]) -> Deal:
    for edit in edits:
        deal = edit.apply(deal)
    return deal
