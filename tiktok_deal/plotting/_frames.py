"""What the plots of many scenarios share: checking the frame, a column's values and its name in
words, the rules' names, the line the margins are measured to, and which status to colour by."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from ..html import short_name
from ..law import SWITCHES, Rule, Status, rules
from ..model import Deal, words
from ..shares import format_percent
from ._common import wrap

if TYPE_CHECKING:
    import pandas as pd

Floats: TypeAlias = "np.ndarray[Any, np.dtype[np.float64]]"

__all__ = [
    "ORDER",
    "axis",
    "choose_status",
    "describe",
    "edges",
    "is_share",
    "line_of",
    "line_words",
    "numeric",
    "require",
    "rule_of",
    "status_title",
    "value_names",
]

ORDER = tuple(str(s) for s in (Status.COMPLIANT, Status.INDETERMINATE, Status.VIOLATION))
_SHARE_WORDS = ("stake", "equity", "voting", "share")


def require(frame: pd.DataFrame, *columns: str | None) -> None:
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c is not None and c not in frame.columns]
    if missing:
        raise ValueError(
            f"the frame has no column {', '.join(map(repr, missing))}; "
            f"its columns are: {', '.join(map(str, frame.columns))}"
        )


def numeric(values: Sequence[Any]) -> Floats | None:
    """The values as floats (exact fractions included), or None when they are categories."""
    try:
        return np.array([float(v) for v in values], dtype=float)
    except (TypeError, ValueError):
        return None


def edges(centres: Floats) -> Floats:
    """Cell edges around sorted centres: midway between neighbours, half a step beyond the ends."""
    if len(centres) == 1:
        return np.array([centres[0] - 0.5, centres[0] + 0.5])
    middle = (centres[:-1] + centres[1:]) / 2
    first = centres[0] - (middle[0] - centres[0])
    last = centres[-1] + (centres[-1] - middle[-1])
    return np.concatenate([[first], middle, [last]])


def axis(frame: pd.DataFrame, column: str) -> tuple[list[Any], Floats, list[str] | None]:
    """The distinct values of a column in order, their positions, and tick labels if categories."""
    import pandas as pd

    series = frame[column]
    values = list(pd.unique(series))
    if isinstance(series.dtype, pd.CategoricalDtype):  # the categories' order, not the rows'
        values = [c for c in series.cat.categories if c in set(values)]
    numbers = numeric(values)
    if numbers is not None:
        order = np.argsort(numbers, kind="stable")
        return [values[i] for i in order], numbers[order], None
    return values, np.arange(len(values), dtype=float), [str(v) for v in values]


def is_share(frame: pd.DataFrame, column: str) -> bool:
    """Is the column a share (a stake), to be written as a percentage?"""
    values = frame[column]
    named = any(word in column.lower() for word in _SHARE_WORDS)
    exact = len(values) > 0 and all(isinstance(v, Fraction) for v in values)
    numbers = numeric(list(values))
    if not (named or exact) or numbers is None:
        return False
    return bool(((numbers >= 0) & (numbers <= 1)).all())


def rule_of(column: str) -> Rule | None:
    """The rule whose id is ``column``, or None."""
    return next((rule for rule in rules("all") if rule.id == column), None)


def status_title(column: str, width: int = 28) -> str:
    """A status column for a legend's title: ``verdict``, or a rule's title (wrapped) and its
    citation."""
    rule = rule_of(column)
    if rule is None:
        return words(column)
    return f"{wrap(rule.title, width, lines=3)}\n({rule.citation})"


def describe(column: str, deal: Deal | None) -> str:
    """A sweep column in words, with the deal's names when it is given: ``stake:bytedance`` →
    ``ByteDance Ltd.'s stake in TikTok USDS Joint Venture LLC``."""

    def name(party: str) -> str:
        if deal is not None and party in deal.parties:
            return short_name(deal.label(party))
        return party

    target = name(deal.target) if deal is not None else "the target"
    kind, _, rest = column.partition(":")
    parts = rest.split(":") if rest else []
    entity = name(parts[1]) if len(parts) > 1 else target
    if kind in ("stake", "equity", "voting") and parts:
        what = {"stake": "stake", "equity": "equity stake", "voting": "share of the votes"}[kind]
        return f"{name(parts[0])}'s {what} in {entity}"
    if kind == "seats" and parts:
        return f"seats {name(parts[0])} appoints to {entity}'s board"
    if kind == "arrangement" and len(parts) == 2:
        return f"{words(parts[0])} with {name(parts[1])}"
    if kind == "operation" and len(parts) == 1:
        return f"the operator of {words(parts[0])} for {target}"
    if kind == "officer" and parts:
        role = "CEO" if parts[0] == "ceo" else words(parts[0])
        return f"the appointer of {entity}'s {role}"
    if kind == "jurisdiction" and parts:
        return f"{name(parts[0])}'s country"
    if column == "licence":
        return "China's export licence"
    if column in SWITCHES:
        return f"{column} (interpretation)"
    if column == "fa_stake":
        return "foreign-adversary stake"
    return words(column)


def value_names(values: Sequence[str], deal: Deal | None) -> list[str]:
    """Category values as a reader reads them: a party's id as its name (the deal's), a
    deal-file key in words."""

    def name(value: str) -> str:
        if deal is not None and value in deal.parties:
            return short_name(deal.label(value))
        return words(value)

    return [name(v) for v in values]


def line_of(frame: pd.DataFrame) -> Fraction | None:
    """The line the margins are measured to (the foreign-adversary stake plus its margin), or
    None when the frame does not say."""
    if not {"fa_stake", "margin"} <= set(frame.columns) or frame.empty:
        return None
    first = frame.iloc[0]
    return Fraction(float(first["fa_stake"]) + float(first["margin"])).limit_denominator(10**6)


def line_words(frame: pd.DataFrame) -> str:
    """``"20 %"``, or ``"ownership"`` when the frame does not give the line."""
    line = line_of(frame)
    return "ownership" if line is None else format_percent(line)


def choose_status(frame: pd.DataFrame, status: str | None) -> tuple[str, str | None]:
    """The status column to show, and a sentence saying why when it was not asked for.

    ``status`` given: that column. Otherwise the verdict, unless the verdict is the same in every
    scenario while a rule's status changes: then the first such rule, and the sentence says
    which rules hold the verdict where it is.
    """
    if status is not None:
        return status, None
    if "verdict" not in frame.columns or frame.empty:
        return "verdict", None
    verdicts = frame["verdict"].astype(str)
    if verdicts.nunique() > 1:
        return "verdict", None
    rule_columns = [c for c in frame.columns if rule_of(c) is not None]
    varying = [c for c in rule_columns if frame[c].astype(str).nunique() > 1]
    if not varying:
        return "verdict", None
    verdict = verdicts.iloc[0]
    holding = [c for c in rule_columns if (frame[c].astype(str) == verdict).all()]
    citations = sorted({rule.citation for c in holding if (rule := rule_of(c)) is not None})
    why = f" ({', '.join(citations)})" if citations else ""
    chosen = varying[0]
    rule = rule_of(chosen)
    name = chosen if rule is None else rule.citation
    return chosen, (
        f"The verdict is {verdict} everywhere{why}; shown instead: {name}, the rule that changes."
    )
