"""Remedies: for each violated rule, the changes the rule itself names (``Rule.remedies``), each
made concrete — a stake sale at the least whole number of basis points that works — verified by
re-running the rules on the changed deal, explained in one sentence, ranked by size."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

import attrs

from .. import html
from ..edits import BASIS_POINT, NEW_BUYER, Edit, Option
from ..errors import InvalidArgumentError, InvalidDealError
from ..law import Facts, Interpretation, Rule, Status, rules
from ..model import Deal, words
from ..report import Reading, Report, check
from ..shares import format_percent

__all__ = ["Remedy", "default_buyer", "realise", "remedies"]


@attrs.frozen(kw_only=True)
class Remedy:
    """Verified changes that make ``rule`` compliant: the ``edits``, a sentence, the changed
    ``deal`` and its ``report``."""

    rule: str
    edits: tuple[Edit, ...]
    explanation: str
    deal: Deal = attrs.field(repr=False)
    report: Report = attrs.field(repr=False)

    @property
    def action(self) -> str:
        """The kind of change (``sell_stake``, ``move_seats``…, or ``several`` kinds)."""
        kinds = {edit.kind for edit in self.edits}
        return kinds.pop() if len(kinds) == 1 else "several"

    @property
    def points(self) -> Fraction:
        """Stake moved, as a fraction (0.01 points is 1/10000)."""
        return sum((e.points for e in self.edits), Fraction(0))

    @property
    def size(self) -> Fraction:
        """The stake moved when the remedy sells stakes, else the number of changes."""
        return self.points or Fraction(len(self.edits))

    @property
    def resolves_all(self) -> bool:
        """True when the changed deal is compliant on every rule checked."""
        return self.report.verdict == Status.COMPLIANT

    def to_dict(self, base: Deal | None = None) -> dict[str, object]:
        return {
            "rule": self.rule,
            "action": self.action,
            "size": str(self.size),
            "explanation": self.explanation,
            "changes": [e.to_dict(base) for e in self.edits] if base is not None else None,
            "verdict_after": str(self.report.verdict),
        }

    def _repr_html_(self) -> str:
        row = [
            f"<code>{html.escape(self.rule)}</code>",
            html.escape(words(self.action)),
            html.escape(self.explanation),
            html.status_cell(self.report.verdict),
        ]
        return html.box(html.table(["fixes", "change", "what", "verdict after"], [row]))


def default_buyer(deal: Deal, facts: Facts) -> str:
    """The largest holder of the target that carries no foreign-adversary stake and is not
    controlled by a foreign adversary in any resolution of the unknowns, else ``NEW_BUYER``."""
    world = facts.worst
    clean = [
        s
        for s in facts.holdings.get(deal.target, ())
        if not world.is_controlled(s.holder)
        and s.holder not in world.persons
        and not world.fa_stake(s.holder)
    ]
    clean.sort(key=lambda s: (-s.equity, s.holder))
    return clean[0].holder if clean else NEW_BUYER.id


def realise(option: Option, deal: Deal, works: Callable[[Deal], bool]) -> tuple[Edit, ...] | None:
    """The option's edits, its stake sale (if any) at the least whole number of basis points
    for which ``works`` holds on the changed deal; None when even the most does not work."""
    if option.search is None:
        return option.edits if works(_apply(deal, option.edits)) else None
    steps = int(option.high / BASIS_POINT)
    amounts = [BASIS_POINT * k for k in range(1, steps + 1)]
    if not amounts or amounts[-1] != option.high:
        amounts.append(option.high)
    # Other changes may already have sold part of the stake: only what is left can be sold.
    if _applied(deal, option.at(amounts[-1])) is None:
        amounts = amounts[: _last_valid(deal, option, amounts) + 1]

    def tries(index: int) -> bool:
        changed = _applied(deal, option.at(amounts[index]))
        return changed is not None and works(changed)

    if not amounts or not tries(len(amounts) - 1):
        return None
    low, high = 0, len(amounts) - 1  # the least index that works lies in [low, high]
    while low < high:
        middle = (low + high) // 2
        if tries(middle):
            high = middle
        else:
            low = middle + 1
    return option.at(amounts[low])


def _applied(deal: Deal, edits: Sequence[Edit]) -> Deal | None:
    """The deal after ``edits``, or None when they cannot be made (more sold than held)."""
    try:
        return _apply(deal, edits)
    except InvalidDealError:
        return None


def _last_valid(deal: Deal, option: Option, amounts: list[Fraction]) -> int:
    """The index of the largest amount whose sale can be made (-1: none can)."""
    low, high = -1, len(amounts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if _applied(deal, option.at(amounts[middle])) is not None:
            low = middle
        else:
            high = middle - 1
    return low


def _apply(deal: Deal, edits: Sequence[Edit]) -> Deal:
    for edit in edits:
        deal = edit.apply(deal)
    return deal


def describe(deal: Deal, edits: Sequence[Edit]) -> str:
    """The changes in one sentence."""
    text = "; ".join(edit.describe(deal) for edit in edits)
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def remedies(
    deal: Deal,
    *,
    ruleset: str = "pafaca",
    interpretation: Reading = None,
    buyer: str | None = None,
) -> list[Remedy]:
    """For each violated rule (in the report's order), the changes that make it compliant,
    smallest first: each verified by a full check. ``buyer`` takes sold stakes, moved seats and
    officers (default: ``default_buyer``)."""
    reading = Interpretation.coerce(interpretation)
    if buyer is not None and buyer not in deal.parties:
        raise InvalidArgumentError(
            f"buyer: unknown party {buyer!r} (parties: {', '.join(sorted(deal.parties))})"
        )
    if buyer == deal.target:
        raise InvalidArgumentError(
            f"buyer: {buyer!r} is the target itself; name another party to take stakes and seats"
        )
    report = check(deal, ruleset=ruleset, interpretation=reading)
    facts = Facts(deal, reading, as_of=report.as_of)
    buyer = buyer or default_buyer(deal, facts)
    by_id: dict[str, Rule] = {rule.id: rule for rule in rules(ruleset)}
    found: list[Remedy] = []
    for finding in report:
        if finding.status != Status.VIOLATION:
            continue
        rule = by_id[finding.rule]

        def complies(changed: Deal, rule: Rule = rule) -> bool:
            after = Facts(changed, reading, as_of=report.as_of)
            return not (rule.violated(after.best) or rule.violated(after.worst))

        verified = []
        for option in rule.remedies(facts, buyer=buyer):
            edits = realise(option, deal, complies)
            if edits is None:
                continue
            changed = _apply(deal, edits)
            after = check(changed, ruleset=ruleset, interpretation=reading, as_of=report.as_of)
            text = describe(deal, edits)
            value = after[rule.id].value
            if value is not None and finding.value is not None and value != finding.value:
                text = text.removesuffix(".") + (
                    f": {format_percent(finding.value)} becomes {format_percent(value)} "
                    f"({finding.citation})."
                )
            verified.append(
                Remedy(rule=rule.id, edits=edits, explanation=text, deal=changed, report=after)
            )
        verified.sort(key=lambda r: (len(r.edits), r.points, max(e.rank for e in r.edits)))
        found.extend(verified)
    return found
