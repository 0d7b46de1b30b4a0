"""What every rule shares: statuses, findings, the rule interface, the verdict (contract §3.3)."""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

if TYPE_CHECKING:
    from .facts import Facts

__all__ = ["Finding", "Rule", "Status", "combine"]


class Status(enum.StrEnum):
    """The outcome of one rule; ``indeterminate`` when the facts given do not settle it."""

    COMPLIANT = "compliant"
    VIOLATION = "violation"
    INDETERMINATE = "indeterminate"

    @classmethod
    def between(cls, best: Status, worst: Status) -> Status:
        """The status over every resolution of the unknown facts, from its two extremes."""
        return best if best == worst else cls.INDETERMINATE


def combine(statuses: Iterable[Status]) -> Status:
    """Contract §3.3: violation if any is, else indeterminate if any is, else compliant."""
    seen = set(statuses)
    for status in (Status.VIOLATION, Status.INDETERMINATE):
        if status in seen:
            return status
    return Status.COMPLIANT


@attrs.frozen(kw_only=True)
class Finding:
    """One rule's answer: its status and a sentence saying why, naming parties and figures.

    ``value`` and ``bounds`` are set where the rule measures a quantity (``bounds`` = best and
    worst case over unknown jurisdictions, equal when everything is known).
    """

    rule: str
    status: Status
    citation: str
    explanation: str
    value: Fraction | None = None
    bounds: tuple[Fraction, Fraction] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The finding as contract §5's JSON (fractions as exact ``"p/q"`` strings)."""
        return {
            "rule": self.rule,
            "status": str(self.status),
            "citation": self.citation,
            "explanation": self.explanation,
            "value": None if self.value is None else str(self.value),
            "bounds": None if self.bounds is None else [str(b) for b in self.bounds],
        }


class Rule(ABC):
    """One clause of the law (or one reported deal term) as an object.

    Subclasses set ``id`` (stable, contract §3.3), ``citation``, ``title`` and ``leaves_out``
    (what the encoding deliberately does not decide); the docstring paraphrases the clause.
    """

    id: ClassVar[str]
    citation: ClassVar[str]
    title: ClassVar[str]
    text: ClassVar[str] = ""
    leaves_out: ClassVar[str] = ""

    @abstractmethod
    def evaluate(self, facts: Facts) -> Finding:
        """Decide this rule on ``facts``."""

    def finding(self, status: Status, explanation: str, **measure: Any) -> Finding:
        return Finding(
            rule=self.id, status=status, citation=self.citation, explanation=explanation, **measure
        )

    def to_dict(self) -> dict[str, str]:
        """``{"id", "citation", "title", "text", "leaves_out"}``: ``text`` is the clause's words."""
        return {
            "id": self.id,
            "citation": self.citation,
            "title": self.title,
            "text": self.text,
            "leaves_out": self.leaves_out,
        }

    def __repr__(self) -> str:
        return f"<Rule {self.id} ({self.citation})>"
