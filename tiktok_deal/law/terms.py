"""The deal terms reported for the September 2025 framework (deals.md §D). Not law: the terms
the parties and the White House said the structure would meet, checked as stated."""

from __future__ import annotations

from .base import Finding, Rule, Status
from .facts import Facts

__all__ = ["BoardUSMajority", "GovernmentSeat", "SecurityCommittee"]

SOURCE = "2025 framework terms (White House, 2025-09-20/22)"


class BoardUSMajority(Rule):
    """A majority-U.S. board: U.S. nationals hold more than half of the target's seats."""

    id = "terms.board_us_majority"
    citation = SOURCE + ": majority-U.S. board"
    title = "U.S. nationals hold a majority of the board"
    leaves_out = "Dual nationals count by the nationality given; independence is not assessed."

    def evaluate(self, facts: Facts) -> Finding:
        seats = facts.deal.seats_of(facts.deal.target)
        total = len(seats)
        us = sum(seat.nationality == "US" for seat in seats)
        unknown = sum(seat.nationality is None for seat in seats)
        counted = f"U.S. nationals hold {us} of {total} seats"
        if unknown:
            counted += f" ({unknown} without a nationality given)"
        if 2 * us > total:
            return self.finding(Status.COMPLIANT, f"{counted}: a majority.")
        if 2 * (us + unknown) <= total:
            if not total:
                return self.finding(
                    Status.VIOLATION, "No board seats are given, so there is no U.S. majority."
                )
            return self.finding(Status.VIOLATION, f"{counted}: half or fewer.")
        return self.finding(
            Status.INDETERMINATE, f"{counted}: a majority only if enough of those are American."
        )


class GovernmentSeat(Rule):
    """A seat appointed by the U.S. government, as the first reports of the framework said (the
    White House later said there would be none)."""

    id = "terms.government_seat"
    citation = SOURCE + ": a board member appointed by the U.S. administration"
    title = "A board seat appointed by the U.S. government"
    leaves_out = "Observer seats and golden shares are not seats."

    def evaluate(self, facts: Facts) -> Finding:
        deal = facts.deal
        government = [
            s.appointed_by
            for s in deal.seats_of(deal.target)
            if deal.parties[s.appointed_by].kind == "government"
            and "US" in deal.parties[s.appointed_by].countries
        ]
        if government:
            return self.finding(
                Status.COMPLIANT, f"{facts.names(government)} appoints a seat on the board."
            )
        unknown = [
            s.appointed_by
            for s in deal.seats_of(deal.target)
            if deal.parties[s.appointed_by].kind == "government" and s.appointed_by in facts.unknown
        ]
        if unknown:
            return self.finding(
                Status.INDETERMINATE,
                f"{facts.names(unknown)}, a government of unknown jurisdiction, appoints a seat: "
                f"it is the U.S. government's seat only if that government is American.",
            )
        return self.finding(Status.VIOLATION, "No seat is appointed by the U.S. government.")


class SecurityCommittee(Rule):
    """No seat on the security committee is appointed by a party controlled by a foreign
    adversary (the ByteDance director is kept off it)."""

    id = "terms.security_committee"
    citation = SOURCE + ": ByteDance's director off the security committee"
    title = "The security committee is free of foreign-adversary appointees"
    leaves_out = "The committee's powers; only its membership is a fact here."

    def evaluate(self, facts: Facts) -> Finding:
        deal = facts.deal
        members = [s for s in deal.seats_of(deal.target) if "security" in s.committees]
        certain = [s.appointed_by for s in members if facts.best.is_controlled(s.appointed_by)]
        possible = [s.appointed_by for s in members if facts.worst.is_controlled(s.appointed_by)]
        if certain:
            return self.finding(
                Status.VIOLATION,
                f"{facts.names(certain)}, controlled by a foreign adversary, appoints a member "
                f"of the security committee.",
            )
        if possible:
            return self.finding(
                Status.INDETERMINATE,
                f"{facts.names(possible)} appoints a member of the security committee and would "
                f"be controlled by a foreign adversary {facts.worst_case}.",
            )
        if not members:
            return self.finding(Status.COMPLIANT, "No seat on a security committee is given.")
        return self.finding(
            Status.COMPLIANT,
            f"The {len(members)} security-committee seat(s) are appointed by "
            f"{facts.names(s.appointed_by for s in members)}, none controlled by a foreign "
            f"adversary.",
        )
