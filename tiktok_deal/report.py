"""``check(deal)`` → ``Report``: every rule of a rule set decided under one interpretation, on one
date."""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any

import attrs

from . import html
from .law import Facts, Finding, Interpretation, Status, combine, rules
from .model import Deal
from .shares import format_percent

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Report", "check", "entity_report"]


Reading = Interpretation | Mapping[str, str] | str | None


def check(
    deal: Deal,
    *,
    ruleset: str = "pafaca",
    interpretation: Reading = None,
    as_of: date | None = None,
) -> Report:
    """Decide every rule of ``ruleset`` (``pafaca``, ``china``, ``terms`` or ``all``) on ``deal``.

    ``interpretation`` is an ``Interpretation``, a mapping of switches or ``"KEY=VALUE,…"`` text;
    omitted switches take their defaults. ``as_of`` is the date the law and the reported terms
    are read on (default: the deal's ``as_of``, else today).
    """
    if not isinstance(deal, Deal):
        raise TypeError(
            f"check() takes a Deal, got {type(deal).__name__}; load one first with "
            "tiktok_deal.load(path) or tiktok_deal.preset(name)"
        )
    chosen = rules(ruleset)
    reading = Interpretation.coerce(interpretation)
    facts = Facts(deal, reading, as_of=as_of)
    with _collection_paused():
        findings = tuple(rule.evaluate(facts) for rule in chosen)
    return Report(
        deal=deal, ruleset=ruleset, interpretation=reading, findings=findings, as_of=facts.as_of
    )


@contextmanager
def _collection_paused() -> Iterator[None]:
    """The cyclic garbage collector paused, as it was after: a check makes many short-lived
    objects while a large deal's are alive, and the collections that scan them cost the check
    of a 10^5-entity deal a tenth of its time (reference counting still frees the rest)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def entity_report(deal: Deal, *, interpretation: Reading = None) -> pd.DataFrame:
    """One row per party: its foreign-adversary stake with bounds, and whether it is controlled
    by a foreign adversary (True, False, or None when the unknowns decide it) under which prong
    of PAFACA §2(g)(1) — ``A`` (adversary person), ``B`` (stake ≥ 20 %), ``C`` (directed)."""
    import pandas as pd

    facts = Facts(deal, Interpretation.coerce(interpretation))
    best, worst = facts.best, facts.worst
    rows = []
    for party in deal.parties:
        world = best if best.is_controlled(party) else worst
        reason = world.reasons.get(party)
        prong = None
        if reason is not None:
            prong = "A" if party in world.persons else (
                "B" if world.fa_stake(party) >= facts.threshold else "C"
            )  # fmt: skip
        rows.append(
            {
                "entity": party,
                "name": deal.label(party),
                "fa_stake": best.fa_stake(party),
                "low": best.fa_stake(party),
                "high": worst.fa_stake(party),
                "controlled": True if best.is_controlled(party) else (None if reason else False),
                "prong": prong,
                "reason": reason,
            }
        )
    return pd.DataFrame(rows)


@attrs.frozen(kw_only=True)
class Report:
    """The findings of one check, on ``as_of``; ``verdict`` combines them (violation if any
    finding is one, else indeterminate if any is, else compliant). Iterating gives the findings;
    ``report["pafaca.fa_ownership"]`` one of them."""

    deal: Deal = attrs.field(repr=False)
    ruleset: str
    interpretation: Interpretation
    findings: tuple[Finding, ...] = attrs.field(repr=False)
    as_of: date

    @property
    def verdict(self) -> Status:
        return combine(finding.status for finding in self.findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __repr__(self) -> str:
        return (
            f"<Report {self.deal.name!r}: {self.verdict} ({self.ruleset}, {len(self)} findings, "
            f"as of {self.as_of.isoformat()})>"
        )

    def __getitem__(self, rule_id: str) -> Finding:
        """The finding of one rule: ``report["pafaca.fa_ownership"]``."""
        for finding in self.findings:
            if finding.rule == rule_id:
                return finding
        known = ", ".join(f.rule for f in self.findings)
        raise KeyError(f"no finding for {rule_id!r} in this report (it has: {known})")

    def to_dict(self) -> dict[str, Any]:
        """The JSON report: deal, verdict, interpretation, the date used, every finding."""
        return {
            "deal": self.deal.name,
            "verdict": str(self.verdict),
            "interpretation": self.interpretation.to_dict(),
            "as_of": self.as_of.isoformat(),
            "findings": [finding.to_dict() for finding in self.findings],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per finding: rule, status, citation, explanation, then the figures as floats
        (``value``, ``low``, ``high``, for plotting) and exactly (``value_exact`` as ``"p/q"``
        text)."""
        import pandas as pd

        rows = [
            {
                "rule": f.rule,
                "status": str(f.status),
                "citation": f.citation,
                "explanation": f.explanation,
                "value": None if f.value is None else float(f.value),
                "low": float(f.bounds[0]) if f.bounds else None,
                "high": float(f.bounds[1]) if f.bounds else None,
                "value_exact": None if f.value is None else f.to_dict()["value"],
            }
            for f in self.findings
        ]
        columns = ["rule", "status", "citation", "explanation", "value", "low", "high",
                   "value_exact"]  # fmt: skip
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({"value": "float64", "low": "float64", "high": "float64"})

    def format(self, *, color: bool = False, width: int | None = None) -> str:
        """Human text: the verdict first, one line per finding, then the interpretation. With
        ``width`` (a terminal's columns), each explanation goes under its finding, wrapped."""
        columns = None if width is None else max(width, 40)
        counts = {s: sum(f.status == s for f in self.findings) for s in Status}
        tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        lines = [
            f"{_paint(self.verdict.upper(), self.verdict, color)}: {self.deal.name} "
            f"(rule set {self.ruleset}: {tally}; as of {self.as_of.isoformat()})",
            "",
        ]
        width = max(len(f.rule) for f in self.findings) if self.findings else 0
        for f in self.findings:
            status = _paint(f"{f.status:<13}", f.status, color)
            if columns is None:
                lines.append(f"  {status} {f.rule:<{width}}  [{f.citation}]  {f.explanation}")
            else:
                lines.append(f"  {status} {f.rule:<{width}}  [{f.citation}]")
                indent = " " * 6
                lines += textwrap.wrap(
                    f.explanation, columns, initial_indent=indent, subsequent_indent=indent
                )
        lines += ["", f"Interpretation: {self.interpretation}"]
        if columns is not None:
            lines[0] = "\n".join(textwrap.wrap(lines[0], columns, subsequent_indent="  "))
            lines[-1] = "\n".join(textwrap.wrap(lines[-1], columns, subsequent_indent="  "))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        """The report as HTML for Jupyter: the verdict first, one row per finding, then the
        interpretation."""
        counts = {s: sum(f.status == s for f in self.findings) for s in Status}
        tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        header = (
            f'<div style="margin-bottom: 6px;">{html.badge(self.verdict)} '
            f"<b>{html.escape(self.deal.name)}</b> "
            f'<span style="{html.MUTED}">(rule set {html.escape(self.ruleset)}: '
            f"{html.escape(tally)})</span></div>"
        )
        rows = []
        for finding in self.findings:
            explanation = html.escape(finding.explanation)
            if finding.bounds and finding.bounds[0] != finding.bounds[1]:
                low, high = (format_percent(b) for b in finding.bounds)
                explanation += f' <span style="{html.MUTED}">(bounds {low} to {high})</span>'
            rows.append(
                [
                    html.status_cell(finding.status),
                    f"<code>{html.escape(finding.rule)}</code>",
                    f'<td style="{html.CELL} min-width: 8em; max-width: 16em;">'
                    f"{html.escape(finding.citation)}</td>",
                    f'<td style="{html.CELL} min-width: 24em;">{explanation}</td>',
                ]
            )
        reading = self.interpretation
        return html.box(
            header,
            html.table(["status", "rule", "citation", "why"], rows),
            html.switches(reading.to_dict(), reading.differences()),
        )


_COLORS = {Status.COMPLIANT: "32", Status.VIOLATION: "31", Status.INDETERMINATE: "33"}


def _paint(text: str, status: Status, color: bool) -> str:
    return f"\033[1;{_COLORS[status]}m{text}\033[0m" if color else text
