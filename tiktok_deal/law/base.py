"""What every rule shares: statuses, findings, the rule interface and the verdict.

A rule is one clause. It decides whether the clause is violated in a *world* — one resolution of
the facts nobody knows — with code that serves one deal (exact ``Fraction``s and ``bool``s) and a
batch of scenarios (numpy arrays) alike; a finding takes the best and the worst world, and says
why in a sentence.
"""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from .flags import Flag, code

if TYPE_CHECKING:
    from ..edits import Option
    from .facts import Facts
    from .world import World

__all__ = [
    "CONTROL",
    "MAX_DIGITS",
    "Contribution",
    "Finding",
    "Rule",
    "Status",
    "combine",
    "decimal_text",
    "figure_text",
]

#: The facts that decide who is controlled by a foreign adversary (§2(g)(1)): a rule that asks
#: that question reads all of them.
CONTROL: frozenset[str] = frozenset({"parties", "stakes", "board", "officers", "control_rights"})
#: A computed fraction longer than this (digits of numerator and denominator) is shown as a
#: decimal: Python's ``Fraction`` cannot read it back.
MAX_DIGITS = 4000


class Status(enum.StrEnum):
    """The outcome of one rule; ``indeterminate`` when the facts given do not settle it."""

    COMPLIANT = "compliant"
    VIOLATION = "violation"
    INDETERMINATE = "indeterminate"

    @classmethod
    def between(cls, best: Status, worst: Status) -> Status:
        """The status over every resolution of the unknown facts, from its two extremes."""
        return best if best == worst else cls.INDETERMINATE

    @classmethod
    def of(cls, code: int) -> Status:
        """The status of a code: 0 compliant, 1 indeterminate, 2 violation."""
        return _BY_CODE[int(code)]


_BY_CODE = (Status.COMPLIANT, Status.INDETERMINATE, Status.VIOLATION)


def combine(statuses: Iterable[Status]) -> Status:
    """The verdict: violation if any finding is, else indeterminate if any is, else compliant."""
    seen = set(statuses)
    for status in (Status.VIOLATION, Status.INDETERMINATE):
        if status in seen:
            return status
    return Status.COMPLIANT


def figure_text(value: Fraction) -> tuple[str, bool]:
    """A figure for JSON: ``("p/q", True)``, or a decimal of 40 places and False when the exact
    fraction has more than ``MAX_DIGITS`` digits (Python's ``Fraction`` could not read it back)."""
    bits = max(value.numerator.bit_length(), value.denominator.bit_length())
    if bits * 0.30103 <= MAX_DIGITS:
        return str(value), True
    return decimal_text(value), False


def decimal_text(value: Fraction, places: int = 40) -> str:
    """``value`` as a decimal string, truncated to ``places`` places (no float, no big-int
    printing: fine for fractions of any length)."""
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value.numerator), value.denominator)
    digits = str(rest * 10**places // value.denominator).rjust(places, "0")
    return f"{sign}{whole}.{digits}".rstrip("0").rstrip(".") or "0"


@attrs.frozen(kw_only=True)
class Contribution:
    """One row of a stake's breakdown: the (A)-person it traces to, the route (holder → … →
    entity; None for the remainder row) and its exact share. ``controlled``: the entities of the
    route held through a link that counts as 100 % (``lookthrough=control``)."""

    person: str | None
    route: tuple[str, ...] | None
    share: Fraction
    controlled: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "route": None if self.route is None else list(self.route),
            "share": figure_text(self.share)[0],
        }


@attrs.frozen(kw_only=True)
class Finding:
    """One rule's answer: its status and a sentence saying why, naming parties and figures.

    ``value`` and ``bounds`` are set where the rule measures a quantity (``bounds``: an interval
    that certainly contains the figure — the best and worst case over unknown facts, widened by
    any numeric error). ``exact`` is False when ``value`` is a decimal approximation; the status
    is decided exactly either way. ``contributions`` breaks a stake down by person and route.
    """

    rule: str
    status: Status
    citation: str
    explanation: str
    value: Fraction | None = None
    bounds: tuple[Fraction, Fraction] | None = None
    exact: bool = True
    contributions: tuple[Contribution, ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as JSON: figures as exact ``"p/q"`` strings where ``exact`` is true."""
        out: dict[str, Any] = {
            "rule": self.rule,
            "status": str(self.status),
            "citation": self.citation,
            "explanation": self.explanation,
            "value": None,
            "bounds": None,
        }
        if self.value is not None:
            value, fits = figure_text(self.value)
            out["value"] = value if self.exact else decimal_text(self.value)
            out["exact"] = self.exact and fits
        if self.bounds is not None:
            out["bounds"] = [figure_text(b)[0] for b in self.bounds]
        if self.contributions is not None:
            out["contributions"] = [c.to_dict() for c in self.contributions]
        return out


class Rule(ABC):
    """One clause of the law (or one reported deal term) as an object.

    Subclasses set ``id`` (stable), ``citation``, ``title``, ``text`` (the clause's words),
    ``source`` (where those words are quoted from), ``leaves_out`` (what the encoding
    deliberately does not decide) and ``reads`` (the facts the decision depends on: deal fields
    and interpretation switches). ``violated`` is the clause, for one deal or a batch;
    ``explain`` says why; ``remedies`` names the changes that could make the rule comply.
    """

    id: ClassVar[str]
    citation: ClassVar[str]
    title: ClassVar[str]
    text: ClassVar[str] = ""
    source: ClassVar[str] = ""
    leaves_out: ClassVar[str] = ""
    reads: ClassVar[frozenset[str]] = frozenset()

    @abstractmethod
    def violated(self, world: World) -> Flag:
        """Whether the clause is violated in ``world`` (per scenario for a batch)."""

    @abstractmethod
    def explain(self, facts: Facts, status: Status) -> str:
        """A sentence saying why the rule has ``status`` on ``facts``."""

    def evaluate(self, facts: Facts) -> Finding:
        """Decide this rule on one deal: violated in the best world, the worst, or in between."""
        status = Status.of(int(code(self.violated(facts.best), self.violated(facts.worst))))
        return self.finding(status, self.explain(facts, status), **self.measure(facts))

    def measure(self, facts: Facts) -> dict[str, Any]:
        """``value``, ``bounds``, ``exact`` and ``contributions`` of a rule that measures a
        quantity; nothing for the others."""
        return {}

    def remedies(self, facts: Facts, *, buyer: str) -> Sequence[Option]:
        """Changes that could make this rule comply (``buyer`` takes what is sold or moved);
        the caller verifies each with a full check."""
        return ()

    def finding(self, status: Status, explanation: str, **measure: Any) -> Finding:
        return Finding(
            rule=self.id, status=status, citation=self.citation, explanation=explanation, **measure
        )

    def to_dict(self) -> dict[str, str]:
        """``{"id", "citation", "title", "text", "source", "leaves_out"}``: ``text`` is the
        clause's words, ``source`` where they are quoted from."""
        return {
            "id": self.id,
            "citation": self.citation,
            "title": self.title,
            "text": self.text,
            "source": self.source,
            "leaves_out": self.leaves_out,
        }

    def __repr__(self) -> str:
        return f"<Rule {self.id} ({self.citation})>"
