"""A *world*: the deal with every unknown fact resolved one way, and who in it is controlled by a
foreign adversary. The direction test and the closures of §2(g)(1) are written here once, for one
deal (``ExactWorld``, exact) and for a batch of scenarios (the scenario engine's world, arrays).

A world gives four primitives — the traced stakes that reach the 20 % line, the votes a set of
parties holds directly in an entity, and the two comparisons with a line — and everything else
is derived from them, the same way in both paths.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeVar

from .flags import Flag, Value, any_of, is_false, is_true, majority, same
from .parameters import DIRECTING_OFFICERS, MORE_THAN_HALF

if TYPE_CHECKING:
    from .facts import Facts

__all__ = ["MECHANISMS", "World"]

T = TypeVar("T")

#: The ways one party directs another (§2(g)(1)(C)), in the order explanations give them.
MECHANISMS = ("board", "right", "officer", "votes")


class World(ABC):
    """One resolution of the unknowns: ``persons`` are the (A)-persons, §2(g)(1)(A) (parties of
    unknown jurisdiction among them in the worst world); ``optimistic`` resolves the other
    unknown facts (a pending licence, a seat without nationality) in the deal's favour."""

    def __init__(
        self,
        facts: Facts,
        persons: Iterable[str],
        china_persons: Iterable[str],
        *,
        optimistic: bool,
        shared: dict[str, Any] | None = None,
    ) -> None:
        self.facts = facts
        self.deal = facts.deal
        self.persons = frozenset(persons)
        self.china_persons = frozenset(china_persons)
        self.optimistic = optimistic
        #: What two worlds that differ only in ``optimistic`` can share: stakes and closures.
        self.shared: dict[str, Any] = {} if shared is None else shared

    def _once(self, key: str, compute: Callable[[], T]) -> T:
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]  # type: ignore[no-any-return]

    # -- primitives ------------------------------------------------------------------------------
    @abstractmethod
    def reaching(self, *, china: bool = False) -> Mapping[str, Flag]:
        """The entities whose stake traced to the (A)-persons (to those linked to China, with
        ``china``) may reach the 20 % line, and whether it does (§2(g)(1)(B))."""

    @abstractmethod
    def votes_held(self, entity: str, by: Mapping[str, Flag]) -> Value:
        """The votes of ``entity`` held directly by the parties flagged in ``by``."""

    @abstractmethod
    def at_least(self, value: Value, line: Fraction) -> Flag:
        """``value ≥ line``, decided exactly."""

    @abstractmethod
    def more_than(self, value: Value, line: Fraction) -> Flag:
        """``value > line``, decided exactly."""

    # -- §2(g)(1)(C): direction ----------------------------------------------------------------
    def direction(self, entity: str, by: Mapping[str, Flag]) -> dict[str, Flag]:
        """Each way the parties flagged in ``by`` direct ``entity`` (§2(g)(1)(C)): appointing more
        than half of its board, holding a control right over it, appointing its CEO or security
        officer, or holding more than half of its votes directly. (Remembered for the same flags
        of the same parties: the closures and the rules ask the same question many times.)"""
        flags = tuple(by.get(party, False) for party in self.facts.directors.get(entity, ()))
        cache = self.shared.setdefault("directions", {})
        key = (entity, tuple(map(id, flags)))
        found = cache.get(key)
        if found is None:  # the flags are kept with the answer, so their ids stay theirs
            found = cache[key] = (flags, self._direction(entity, by))
        return found[1]  # type: ignore[no-any-return]

    def _direction(self, entity: str, by: Mapping[str, Flag]) -> dict[str, Flag]:
        facts = self.facts
        seats = facts.seats.get(entity, ())
        officers = facts.officers.get(entity, ())
        return {
            "board": majority((by.get(seat.appointed_by, False) for seat in seats), len(seats)),
            "right": any_of(by.get(r.holder, False) for r in facts.rights.get(entity, ())),
            "officer": any_of(
                by.get(o.appointed_by, False) for o in officers if o.role in DIRECTING_OFFICERS
            ),
            "votes": self.more_than(self.votes_held(entity, by), MORE_THAN_HALF),
        }

    def directed(self, entity: str, by: Mapping[str, Flag]) -> Flag:
        """Whether the parties flagged in ``by`` direct ``entity`` in any of the four ways."""
        return any_of(self.direction(entity, by).values())

    def closure(self, seeds: Mapping[str, Flag]) -> dict[str, Flag]:
        """``seeds`` and every party they direct, directly or through parties so directed, until
        nothing changes (a monotone closure: the order of the work does not matter). Parties
        appear in the order they joined."""
        state = {party: flag for party, flag in seeds.items() if not is_false(flag)}
        work = list(state)
        influence = self.facts.influence
        while work:
            for entity in influence.get(work.pop(), ()):
                old = state.get(entity, False)
                if is_true(old):
                    continue
                directed = self.directed(entity, state)
                if is_false(directed):
                    continue
                new = directed if is_false(old) else old | directed
                if not same(old, new):
                    state[entity] = new
                    work.append(entity)
        return state

    # -- who is controlled by a foreign adversary ---------------------------------------------
    @property
    def controlled(self) -> dict[str, Flag]:
        """Every party controlled by a foreign adversary (§2(g)(1)): (A)-persons, entities whose
        foreign-adversary stake is at least 20 %, and entities they direct, until nothing
        changes."""
        return self._once(
            "controlled", lambda: self.closure(self._seeds(self.persons, self.reaching()))
        )

    @property
    def china_controlled(self) -> dict[str, Flag]:
        """The same closure with China as the foreign adversary: parties linked to China, those
        whose stake traced to them is at least 20 %, and those they direct."""
        if self.china_persons == self.persons:
            return self.controlled
        return self._once(
            "china_controlled",
            lambda: self.closure(self._seeds(self.china_persons, self.reaching(china=True))),
        )

    @property
    def operated(self) -> dict[str, Flag]:
        """Covered parties and every entity they own or control, directly or indirectly (more
        than half of its votes, held by them or through entities they own or control, or
        direction as §2(g)(1)(C) defines it): who may operate the application for them,
        §2(g)(3)(A)(iv)."""
        return self._once("operated", self._operated)

    def _operated(self) -> dict[str, Flag]:
        controlled = self.controlled
        seeds = {party: self.covered(party) for party in controlled}
        if all(same(seeds[party], flag) for party, flag in controlled.items()):
            return dict(controlled)  # every one covered: the closure is already closed
        return self.closure(seeds)

    def covered(self, party: str) -> Flag:
        """§2(g)(6)(B): controlled by a foreign adversary and formerly affiliated."""
        if not self.facts.formerly_affiliated(party):
            return False
        return self.controlled.get(party, False)

    def is_controlled(self, party: str) -> Flag:
        return self.controlled.get(party, False)

    @staticmethod
    def _seeds(persons: frozenset[str], reaching: Mapping[str, Flag]) -> dict[str, Flag]:
        seeds: dict[str, Flag] = dict.fromkeys(sorted(persons), True)
        for entity, flag in reaching.items():
            if entity not in seeds:
                seeds[entity] = flag
        return seeds
