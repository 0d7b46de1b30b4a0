"""Candidate fixes for one violated rule, each a changed deal and a sentence (verified by
``remedies``, which keeps only those that make the rule compliant)."""

from __future__ import annotations

from fractions import Fraction
from typing import TypeAlias

import attrs

from ..law import Facts, Interpretation, rules
from ..law.china import EXPORTS
from ..law.pafaca import _RelationshipRule
from ..model import Arrangement, Deal, Stake
from ..shares import format_percent
from .remedies import NEW_BUYER, STEP, _fa, _points, crossing, transfer

__all__ = ["candidates"]

ZERO, HALF = Fraction(0), Fraction(1, 2)
Candidate: TypeAlias = tuple[str, Fraction, str, Deal]


def default_buyer(deal: Deal, facts: Facts) -> str:
    """The largest holder of the target that carries no foreign-adversary stake and is not
    controlled by a foreign adversary (jurisdiction known), else ``NEW_BUYER``."""
    world = facts.worst
    clean = [
        s
        for s in deal.holdings_in(deal.target)
        if not world.is_controlled(s.holder)
        and not world.fa_stake(s.holder)
        and s.holder not in world.adversary_persons
    ]
    clean.sort(key=lambda s: (-s.equity, s.holder))
    return clean[0].holder if clean else NEW_BUYER.id


def _name(deal: Deal, party: str) -> str:
    return (
        NEW_BUYER.name if party == NEW_BUYER.id and party not in deal.parties else deal.label(party)
    )


def candidates(
    deal: Deal, rule: str, reading: Interpretation, buyer: str | None
) -> list[Candidate]:
    """Changes that may make ``rule`` compliant on ``deal``."""
    facts = Facts(deal, reading)
    buyer = buyer or default_buyer(deal, facts)
    if rule == "pafaca.fa_ownership":
        return _sell(deal, facts, reading, buyer)
    if rule == "pafaca.fa_direction":
        return _direction(deal, facts, buyer)
    if rule == "china.export_licence":
        return _licence(deal, facts)
    chosen = next((r for r in rules("all") if r.id == rule), None)
    if isinstance(chosen, _RelationshipRule):
        return _relationships(deal, facts, chosen, reading)
    return []


def _sell(deal: Deal, facts: Facts, reading: Interpretation, buyer: str) -> list[Candidate]:
    line, target = facts.threshold, deal.target
    out: list[Candidate] = []
    for stake in deal.holdings_in(target):
        seller = stake.holder
        if seller == buyer or not stake.equity:
            continue

        def f(amount: Fraction, seller: str = seller) -> Fraction:
            return _fa(transfer(deal, seller, buyer, amount), reading)

        found = crossing(f, ZERO, stake.equity, line)
        if found is None or found[0] >= stake.equity:
            continue
        amount, exact = found
        sold = amount + min(STEP, (stake.equity - amount) / 2)
        who = (
            f"{deal.label(seller)}'s {format_percent(stake.equity)} stake in "
            f"{deal.label(target)} to {_name(deal, buyer)}"
        )
        if amount == 0:
            text = (
                f"Sell any part of {who}: any amount > 0 will do, since the stake sits exactly "
                f"on the {format_percent(line)} line and the line is inclusive."
            )
        else:
            about = "" if exact else "≈ "
            text = (
                f"Sell more than {about}{_points(amount)} of {who}: selling exactly that much "
                f"leaves the foreign-adversary stake at {format_percent(line)}, still a "
                f"violation since the line is inclusive."
            )
        out.append(("sell_stake", amount, text, transfer(deal, seller, buyer, sold)))
    return out


def _direction(deal: Deal, facts: Facts, buyer: str) -> list[Candidate]:
    target, world = deal.target, facts.best
    controlled = {p for p in world.controlled if p != target}
    out: list[Candidate] = []
    changes: list[Candidate] = []
    seats = deal.seats_of(target)
    theirs = [
        i
        for i, s in enumerate(deal.board)
        if (s.of or target) == target and s.appointed_by in controlled
    ]
    excess = len(theirs) - len(seats) // 2
    if excess > 0:
        board = list(deal.board)
        moved = theirs[-excess:]
        for i in moved:
            board[i] = attrs.evolve(
                board[i],
                appointed_by=buyer,
                committees=(),
                director=None,
                nationality=None,
                note=None,
            )
        names = ", ".join(sorted({deal.label(deal.board[i].appointed_by) for i in moved}))
        text = (
            f"move {excess} board seat(s) from {names} to {_name(deal, buyer)}, leaving "
            f"controlled parties {len(theirs) - excess} of {len(seats)} seats"
        )
        changes.append(
            (
                "move_seats",
                Fraction(excess),
                text,
                attrs.evolve(_with_buyer(deal, buyer), board=board),
            )
        )
    rights = [r for r in deal.rights_over(target) if r.holder in controlled]
    if rights:
        kept = [r for r in deal.control_rights if r not in rights]
        text = "give up the " + ", ".join(
            f"{r.kind.replace('_', ' ')} right of {deal.label(r.holder)}" for r in rights
        )
        changes.append(
            (
                "drop_control_right",
                Fraction(len(rights)),
                text,
                attrs.evolve(deal, control_rights=kept),
            )
        )
    holders = sorted(
        (s for s in deal.holdings_in(target) if s.holder in controlled),
        key=lambda s: (-s.votes, s.holder),
    )
    votes = sum((s.votes for s in holders), ZERO)
    if votes > HALF and holders:
        changed, left, sellers = deal, votes - HALF, []
        for stake in holders:
            if left <= 0:
                break
            take = min(left, stake.votes)
            equity = stake.equity * take / stake.votes
            changed = transfer(changed, stake.holder, buyer, equity)
            sellers.append(deal.label(stake.holder))
            left -= take
        text = (
            f"sell {_points(votes - HALF)} of the votes of {', '.join(sellers)} to "
            f"{_name(deal, buyer)}, leaving controlled parties exactly half the votes, "
            f"not more"
        )
        changes.append(("sell_stake", votes - HALF, text, changed))
    for action, size, text, changed in changes:
        out.append((action, Fraction(size), text[0].upper() + text[1:] + ".", changed))
    if len(changes) > 1:
        combined = deal
        for action, _, _, changed in changes:
            combined = _merge(combined, changed, action)
        text = "; ".join(t for _, _, t, _ in changes)
        out.append(("several", Fraction(len(changes)), text[0].upper() + text[1:] + ".", combined))
    return out


def _with_buyer(deal: Deal, buyer: str) -> Deal:
    if buyer in deal.parties:
        return deal
    return attrs.evolve(deal, parties={**deal.parties, buyer: NEW_BUYER})


def _merge(base: Deal, changed: Deal, action: str) -> Deal:
    """Carry one change (by its field) over to ``base``."""
    if action == "move_seats":
        return attrs.evolve(base, parties={**base.parties, **changed.parties}, board=changed.board)
    if action == "drop_control_right":
        return attrs.evolve(base, control_rights=changed.control_rights)
    stakes: list[Stake] = [s for s in base.stakes if s.of != base.target]
    stakes += changed.holdings_in(base.target)
    return attrs.evolve(base, parties={**base.parties, **changed.parties}, stakes=stakes)


def _relationships(
    deal: Deal, facts: Facts, rule: _RelationshipRule, reading: Interpretation
) -> list[Candidate]:
    barred = [
        a
        for a in deal.arrangements
        if rule.applies(a, facts) and facts.best.covered(a.counterparty)
    ]
    if not barred:
        return []
    listed = "; ".join(
        f"the {a.kind.replace('_', ' ')} with {deal.label(a.counterparty)}" for a in barred
    )
    kept = [a for a in deal.arrangements if a not in barred]
    out: list[Candidate] = [
        (
            "end_arrangement",
            Fraction(len(barred)),
            f"End {listed}: {'it stands' if len(barred) == 1 else 'they stand'} in the way of "
            f"§2(g)(6)(B), the counterparty being controlled by a foreign adversary and formerly "
            f"affiliated.",
            attrs.evolve(deal, arrangements=kept),
        )
    ]
    licences = [a for a in barred if a.kind == "algorithm_license" and a.ongoing]
    if licences and reading.license_is_cooperation == "if_ongoing":
        changed = [
            attrs.evolve(a, ongoing=False) if a in licences else a
            for a in deal.arrangements
            if a in licences or a not in barred
        ]
        rest = [a for a in barred if a not in licences]
        extra = (
            (
                " and end "
                + "; ".join(
                    f"the {a.kind.replace('_', ' ')} with {deal.label(a.counterparty)}"
                    for a in rest
                )
            )
            if rest
            else ""
        )
        out.append(
            (
                "make_one_time",
                Fraction(len(barred)),
                f"Make the algorithm licence with {_names(deal, licences)} "
                f"one-time rather than ongoing{extra}: under license_is_cooperation=if_ongoing "
                f"only an ongoing licence is cooperation.",
                attrs.evolve(deal, arrangements=changed),
            )
        )
    return out


def _names(deal: Deal, arrangements: list[Arrangement]) -> str:
    return ", ".join(deal.label(a.counterparty) for a in arrangements)


def _licence(deal: Deal, facts: Facts) -> list[Candidate]:
    exports = [
        a
        for a in deal.arrangements
        if a.kind in EXPORTS and deal.parties[a.counterparty].countries & facts.china
    ]
    out: list[Candidate] = [
        (
            "obtain_licence",
            Fraction(1),
            "Obtain China's technology export licence for the recommendation algorithm.",
            attrs.evolve(deal, export_licence="granted"),
        )
    ]
    if exports:
        listed = "; ".join(
            f"the {a.kind.replace('_', ' ')} with {deal.label(a.counterparty)}" for a in exports
        )
        out.append(
            (
                "end_arrangement",
                Fraction(len(exports)),
                f"End {listed}, so that no restricted technology is exported from China.",
                attrs.evolve(deal, arrangements=[a for a in deal.arrangements if a not in exports]),
            )
        )
    return out
