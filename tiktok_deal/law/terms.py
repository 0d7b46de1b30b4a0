"""The deal terms reported for the September 2025 framework. Not law: what the parties and the
White House said the structure would meet, each dated — when it was announced and, if so,
withdrawn — and checked only on dates when it stood."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from ..edits import AddSeat, LeaveCommittee, Option, SetNationality
from ..model import Party
from .base import CONTROL, Rule, Status
from .facts import Facts
from .flags import Flag, any_of
from .world import World

__all__ = ["BoardUSMajority", "GovernmentSeat", "SecurityCommittee", "Term"]

SOURCE = "2025 framework terms (White House, 2025-09-20/22)"


class Term(Rule):
    """A reported deal term, standing from ``announced`` until ``withdrawn`` (exclusive), as
    ``source`` reports."""

    announced: ClassVar[date]
    withdrawn: ClassVar[date | None] = None

    def to_dict(self) -> dict[str, str]:
        """As every rule's, with the dates the term stood."""
        withdrawn = None if self.withdrawn is None else self.withdrawn.isoformat()
        return {**super().to_dict(), "announced": self.announced.isoformat(),
                "withdrawn": withdrawn}  # type: ignore[dict-item]  # fmt: skip

    def standing(self, on: date) -> bool:
        """Whether the term stood on ``on``."""
        return self.announced <= on and (self.withdrawn is None or on < self.withdrawn)

    def violated(self, world: World) -> Flag:
        if not self.standing(world.facts.as_of):
            return False
        return self.breached(world)

    @abstractmethod
    def breached(self, world: World) -> Flag:
        """Whether the deal breaks the term in ``world``."""

    def explain(self, facts: Facts, status: Status) -> str:
        if not self.standing(facts.as_of):
            return self._not_standing(facts.as_of)
        return self.describe(facts, status)

    @abstractmethod
    def describe(self, facts: Facts, status: Status) -> str:
        """Why the term is met or not, on a date when it stood."""

    def _not_standing(self, on: date) -> str:
        if on < self.announced:
            return (
                f"Not a term on {on.isoformat()}: it was first reported on "
                f"{self.announced.isoformat()}."
            )
        assert self.withdrawn is not None
        return (
            f"Not a term on {on.isoformat()}: reported on {self.announced.isoformat()}, "
            f"withdrawn on {self.withdrawn.isoformat()} ({self.withdrawal})."
        )

    withdrawal: ClassVar[str] = ""


class BoardUSMajority(Term):
    """A majority-U.S. board: U.S. nationals hold more than half of the target's seats."""

    id = "terms.board_us_majority"
    citation = SOURCE + ": majority-U.S. board"
    title = "U.S. nationals hold a majority of the board"
    text = "A majority-American board (reported terms of the framework, 2025-09-19/20)."
    leaves_out = "Dual nationals count by the nationality given; independence is not assessed."
    reads = frozenset({"board", "as_of"})
    announced = date(2025, 9, 19)
    source = (
        "CNN and CNBC reports of the Trump–Xi call (2025-09-19); the White House (2025-09-20): "
        "a board with a majority of Americans; White House official (2025-09-22): seven seats, "
        "six Americans"
    )

    def breached(self, world: World) -> Flag:
        seats = world.facts.seats.get(world.deal.target, [])
        us = sum(s.nationality == "US" or (s.nationality is None and world.optimistic)
                 for s in seats)  # fmt: skip
        return not 2 * us > len(seats)

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Replace directors who are not U.S. nationals until U.S. nationals hold a majority."""
        target = facts.deal.target
        board = [(i, s) for i, s in enumerate(facts.deal.board) if (s.of or target) == target]
        us = sum(s.nationality == "US" for _, s in board)
        need = len(board) // 2 + 1 - us
        others = [i for i, s in board if s.nationality != "US"][:need]
        if need <= 0 or len(others) < need:
            return []
        return [Option(edits=tuple(SetNationality(i) for i in others))]

    def describe(self, facts: Facts, status: Status) -> str:
        seats = facts.seats.get(facts.deal.target, [])
        total, us = len(seats), sum(s.nationality == "US" for s in seats)
        unknown = sum(s.nationality is None for s in seats)
        counted = f"U.S. nationals hold {us} of {total} seats"
        if unknown:
            counted += f" ({unknown} without a nationality given)"
        if status == Status.COMPLIANT:
            return f"{counted}: a majority."
        if status == Status.INDETERMINATE:
            return f"{counted}: a majority only if enough of those are American."
        if not total:
            return "No board seats are given, so there is no U.S. majority."
        return f"{counted}: half or fewer."


class GovernmentSeat(Term):
    """A seat appointed by the U.S. government, as the first reports of the framework said. The
    White House disavowed it on 2025-09-22 (no government equity, golden share or director)."""

    id = "terms.government_seat"
    citation = SOURCE + ": a board member appointed by the U.S. administration"
    title = "A board seat appointed by the U.S. government"
    text = (
        "A board 'including a member appointed by the Trump administration' (reported "
        "2025-09-19); disavowed by the White House on 2025-09-22."
    )
    leaves_out = "Observer seats and golden shares are not seats."
    reads = frozenset({"board", "parties", "as_of"})
    announced = date(2025, 9, 19)
    withdrawn = date(2025, 9, 22)
    withdrawal = "the White House said there would be no government-selected director"
    source = (
        "Reports of the Trump–Xi call (2025-09-19): a member appointed by the administration; "
        "White House official (2025-09-22): no government equity, golden share or board seat"
    )

    def _government(self, facts: Facts, party: str) -> bool | None:
        """True for the U.S. government, None for a government of unknown jurisdiction."""
        p = facts.deal.parties[party]
        if p.kind != "government":
            return False
        return True if "US" in p.countries else (None if party in facts.unknown else False)

    def breached(self, world: World) -> Flag:
        seats = world.facts.seats.get(world.deal.target, [])
        found = [self._government(world.facts, s.appointed_by) for s in seats]
        return not any(f or (f is None and world.optimistic) for f in found)

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Give the U.S. government a seat."""
        government = Party(id="us-government", name="the U.S. government", kind="government",
                           organized_in="US")  # fmt: skip
        return [Option(edits=(AddSeat(party=government, nationality="US"),))]

    def describe(self, facts: Facts, status: Status) -> str:
        seats = facts.seats.get(facts.deal.target, [])
        if status == Status.COMPLIANT:
            ours = [s.appointed_by for s in seats if self._government(facts, s.appointed_by)]
            return f"{facts.names(ours)} appoints a seat on the board."
        if status == Status.INDETERMINATE:
            maybe = [
                s.appointed_by for s in seats if self._government(facts, s.appointed_by) is None
            ]
            return (
                f"{facts.names(maybe)}, a government of unknown jurisdiction, appoints a seat: it "
                f"is the U.S. government's seat only if that government is American."
            )
        return "No seat is appointed by the U.S. government."


class SecurityCommittee(Term):
    """No seat on the security committee is appointed by a party controlled by a foreign
    adversary (the ByteDance director is kept off it)."""

    id = "terms.security_committee"
    citation = SOURCE + ": ByteDance's director off the security committee"
    title = "The security committee is free of foreign-adversary appointees"
    text = (
        "The director chosen by ByteDance is kept off the board's security committee (White "
        "House, 2025-09-22)."
    )
    leaves_out = "The committee's powers; only its membership is a fact here."
    reads = CONTROL | {"as_of", "lookthrough", "stake", "hong_kong"}
    announced = date(2025, 9, 22)
    source = "White House official (2025-09-22): ByteDance's director off the security committee"

    def members(self, facts: Facts) -> list[str]:
        seats = facts.seats.get(facts.deal.target, [])
        return [s.appointed_by for s in seats if "security" in s.committees]

    def breached(self, world: World) -> Flag:
        return any_of(world.is_controlled(p) for p in self.members(world.facts))

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Take the members appointed by controlled parties off the committee."""
        target, world = facts.deal.target, facts.worst
        seats = [
            i
            for i, s in enumerate(facts.deal.board)
            if (s.of or target) == target
            and "security" in s.committees
            and world.is_controlled(s.appointed_by)
        ]
        return [Option(edits=tuple(LeaveCommittee(i, "security") for i in seats))] if seats else []

    def describe(self, facts: Facts, status: Status) -> str:
        members = self.members(facts)
        if status == Status.VIOLATION:
            certain = [p for p in members if facts.best.is_controlled(p)]
            return (
                f"{facts.names(certain)}, controlled by a foreign adversary, appoints a member "
                f"of the security committee."
            )
        if status == Status.INDETERMINATE:
            possible = [p for p in members if facts.worst.is_controlled(p)]
            return (
                f"{facts.names(possible)} appoints a member of the security committee and would "
                f"be controlled by a foreign adversary {facts.worst_case}."
            )
        if not members:
            return "No seat on a security committee is given."
        return (
            f"The {len(members)} security-committee seat(s) are appointed by "
            f"{facts.names(members)}, none controlled by a foreign adversary."
        )
