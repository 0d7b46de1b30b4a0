"""The law as rule objects, one per clause, grouped into rule sets."""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import InvalidArgumentError
from .base import Contribution, Finding, Rule, Status, combine
from .china import ExportLicence
from .facts import ExactWorld, Facts
from .interpretation import SWITCHES, Interpretation
from .pafaca import (
    AlgorithmCooperation,
    DataSharing,
    ForeignAdversaryDirection,
    ForeignAdversaryOwnership,
    ForeignAdversaryPerson,
    OperatedBy,
    OperationalRelationship,
)
from .terms import BoardUSMajority, GovernmentSeat, SecurityCommittee
from .world import World

__all__ = [
    "RULESETS",
    "SWITCHES",
    "Contribution",
    "ExactWorld",
    "Facts",
    "Finding",
    "Interpretation",
    "Rule",
    "Status",
    "World",
    "combine",
    "rules",
]

_PAFACA: tuple[Rule, ...] = (
    ForeignAdversaryPerson(),
    ForeignAdversaryOwnership(),
    ForeignAdversaryDirection(),
    AlgorithmCooperation(),
    DataSharing(),
    OperationalRelationship(),
    OperatedBy(),
)
_CHINA: tuple[Rule, ...] = (ExportLicence(),)
_TERMS: tuple[Rule, ...] = (BoardUSMajority(), GovernmentSeat(), SecurityCommittee())

#: The rule sets by name; ``all`` is every rule.
RULESETS: Mapping[str, tuple[Rule, ...]] = {
    "pafaca": _PAFACA,
    "china": _CHINA,
    "terms": _TERMS,
    "all": _PAFACA + _CHINA + _TERMS,
}


def rules(ruleset: str = "all") -> tuple[Rule, ...]:
    """The rules of a named rule set; ``InvalidArgumentError`` names the sets that exist."""
    try:
        return RULESETS[ruleset]
    except KeyError:
        raise InvalidArgumentError(
            f"unknown rule set {ruleset!r}; expected one of: {', '.join(RULESETS)}"
        ) from None
