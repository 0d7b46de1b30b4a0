"""Robustness across interpretations: one deal under every combination of the switches,
summarised as compliant / violation under every reading, or "depends on …" naming
the switches that decide it."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import pandas as pd

from .. import html
from ..errors import InterpretationError
from ..law import SWITCHES, Interpretation, Status
from ..model import Deal
from ..report import check

__all__ = ["Robustness", "robustness"]


@attrs.frozen(kw_only=True)
class Robustness:
    """The verdict under each reading; ``outcome`` is a status when every reading agrees, else
    ``"depends"``, with ``deciding`` naming the switches whose change alone changes the verdict."""

    deal: str
    readings: tuple[tuple[Interpretation, Status], ...]
    outcome: str
    deciding: tuple[str, ...]
    summary: str
    rules: dict[str, str]

    def to_frame(self) -> pd.DataFrame:
        """One row per reading: a column per switch, then ``verdict``."""
        rows = [{**reading.to_dict(), "verdict": str(status)} for reading, status in self.readings]
        return pd.DataFrame(rows)

    def __str__(self) -> str:
        lines = [f"{self.deal}: {self.summary}", ""]
        lines += [f"  {rule}: {text}" for rule, text in self.rules.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        outcome = self.outcome if self.outcome != "depends" else "indeterminate"
        header = (
            f'<div style="margin-bottom: 6px;">{html.badge(outcome)} '
            f"<b>{html.escape(self.deal)}</b>: {html.escape(self.summary)}</div>"
        )
        rows = [[f"<code>{html.escape(rule)}</code>", html.escape(text)]
                for rule, text in self.rules.items()]  # fmt: skip
        return html.box(header, html.table(["rule", "across the readings"], rows))


def _outcome(
    statuses: dict[Interpretation, Status], keys: Sequence[str]
) -> tuple[str, tuple[str, ...], str]:
    seen = set(statuses.values())
    if len(seen) == 1:
        (only,) = seen
        return str(only), (), f"{only} under every reading"
    deciding = []
    for key in keys:
        for reading, status in statuses.items():
            if any(
                statuses.get(attrs.evolve(reading, **{key: value}), status) != status
                for value in SWITCHES[key]
            ):
                deciding.append(key)
                break
    parts = []
    for key in deciding:
        by_value = []
        for value in SWITCHES[key]:
            got = sorted({str(s) for r, s in statuses.items() if getattr(r, key) == value})
            if got:
                by_value.append(f"{value}: {' or '.join(got)}")
        parts.append(f"{key} ({'; '.join(by_value)})")
    counts = ", ".join(
        f"{status} under {sum(s == status for s in statuses.values())}"
        for status in Status
        if status in seen
    )
    return (
        "depends",
        tuple(deciding),
        (f"depends on {' and '.join(parts)} — {counts} of {len(statuses)} readings"),
    )


def robustness(
    deal: Deal,
    *,
    ruleset: str = "pafaca",
    switches: Sequence[str] | None = None,
    interpretation: Interpretation | None = None,
) -> Robustness:
    """Check ``deal`` under every combination of ``switches`` (default: every switch, 108
    readings), the other switches held at ``interpretation`` (default: their defaults)."""
    keys = tuple(switches or SWITCHES)
    for key in keys:
        if key not in SWITCHES:
            raise InterpretationError(
                f"unknown interpretation switch {key!r}; expected one of: {', '.join(SWITCHES)}"
            )
    base = interpretation or Interpretation()
    readings = sorted(
        {attrs.evolve(base, **{k: getattr(r, k) for k in keys}) for r in Interpretation.every()},
        key=str,
    )
    verdicts: dict[Interpretation, Status] = {}
    per_rule: dict[str, dict[Interpretation, Status]] = {}
    for reading in readings:
        report = check(deal, ruleset=ruleset, interpretation=reading)
        verdicts[reading] = report.verdict
        for finding in report.findings:
            per_rule.setdefault(finding.rule, {})[reading] = finding.status
    outcome, deciding, summary = _outcome(verdicts, keys)
    rules = {rule: _outcome(statuses, keys)[2] for rule, statuses in per_rule.items()}
    return Robustness(
        deal=deal.name,
        readings=tuple(verdicts.items()),
        outcome=outcome,
        deciding=deciding,
        summary=summary,
        rules=rules,
    )
