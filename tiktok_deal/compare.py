"""Two deals side by side — or one deal under two readings: each finding's status and figure
before and after, and the facts that differ.

>>> import tiktok_deal as td
>>> change = td.compare(td.preset("framework-2025"), td.preset("joint-venture-2026"))
>>> [f.rule for f in change.findings][:1]
['pafaca.operational_relationship']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from . import html
from .law import Finding
from .model import Deal
from .report import Reading, Report, check
from .shares import format_fraction, format_percent

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Comparison", "FactChange", "FindingChange", "compare"]


@attrs.frozen(kw_only=True)
class FindingChange:
    """One rule whose status or figure differs between ``a`` and ``b`` (None: not checked)."""

    rule: str
    a: Finding | None
    b: Finding | None

    def to_dict(self) -> dict[str, Any]:
        def side(finding: Finding | None) -> dict[str, Any] | None:
            if finding is None:
                return None
            data = finding.to_dict()
            return {"status": data["status"], "value": data["value"]}

        return {"rule": self.rule, "a": side(self.a), "b": side(self.b)}


@attrs.frozen(kw_only=True)
class FactChange:
    """One fact that differs: its ``table`` (``parties``, ``stakes``, ``board``…), a ``key``
    naming the entry, and its value in each deal (None where the entry is absent)."""

    table: str
    key: str
    a: Any
    b: Any

    def to_dict(self) -> dict[str, Any]:
        return {"table": self.table, "key": self.key, "a": self.a, "b": self.b}


@attrs.frozen(kw_only=True)
class Comparison:
    """What differs between two reports: ``findings`` (status or figure) and ``facts``."""

    a: Report = attrs.field(repr=False)
    b: Report = attrs.field(repr=False)
    findings: tuple[FindingChange, ...]
    facts: tuple[FactChange, ...]

    def to_dict(self) -> dict[str, Any]:
        """``{"a", "b", "findings", "facts"}``, listing only what differs."""
        return {
            "a": _side(self.a),
            "b": _side(self.b),
            "findings": [f.to_dict() for f in self.findings],
            "facts": [f.to_dict() for f in self.facts],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per difference: ``kind`` (finding or fact), where, ``a``, ``b``."""
        import pandas as pd

        rows = [
            {"kind": "finding", "where": f.rule, "a": _status(f.a), "b": _status(f.b)}
            for f in self.findings
        ] + [
            {"kind": "fact", "where": f"{f.table}: {f.key}", "a": _text(f.a), "b": _text(f.b)}
            for f in self.facts
        ]
        return pd.DataFrame(rows, columns=["kind", "where", "a", "b"])

    def format(self) -> str:
        """The differences as text: the verdicts, then the findings, then the facts."""
        lines = [
            f"A: {self.a.deal.name} — {self.a.verdict} ({self.a.interpretation})",
            f"B: {self.b.deal.name} — {self.b.verdict} ({self.b.interpretation})",
            "",
        ]
        if not self.findings and not self.facts:
            return "\n".join([*lines, "No finding and no fact differ."])
        if self.findings:
            lines.append("Findings that differ:")
            width = max(len(f.rule) for f in self.findings)
            lines += [
                f"  {f.rule:<{width}}  {_status(f.a):<28} → {_status(f.b)}" for f in self.findings
            ]
        if self.facts:
            lines += ["", "Facts that differ:"]
            lines += [f"  {f.table}: {f.key}: {_text(f.a)} → {_text(f.b)}" for f in self.facts]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format()

    def _repr_html_(self) -> str:
        header = (
            f"<div>A: {html.badge(self.a.verdict)} <b>{html.escape(self.a.deal.name)}</b></div>"
            f"<div>B: {html.badge(self.b.verdict)} <b>{html.escape(self.b.deal.name)}</b></div>"
        )
        findings = [
            [f"<code>{html.escape(f.rule)}</code>", html.escape(_status(f.a)),
             html.escape(_status(f.b))]
            for f in self.findings
        ]  # fmt: skip
        facts = [
            [html.escape(f"{f.table}: {f.key}"), html.escape(_text(f.a)), html.escape(_text(f.b))]
            for f in self.facts
        ]
        parts = [header]
        if findings:
            parts.append(html.table(["rule", "A", "B"], findings, caption="Findings that differ"))
        if facts:
            parts.append(html.table(["fact", "A", "B"], facts, caption="Facts that differ"))
        if not findings and not facts:
            parts.append(f'<div style="{html.MUTED}">No finding and no fact differ.</div>')
        return html.box(*parts)


def compare(
    a: Deal,
    b: Deal,
    *,
    ruleset: str = "pafaca",
    interpretation: Reading = None,
    interpretation_b: Reading = None,
) -> Comparison:
    """What differs between deal ``a`` and deal ``b`` (they may be the same deal), each checked
    under ``interpretation`` — ``b`` under ``interpretation_b`` when given: the findings whose
    status or figure differ, and the facts that differ."""
    report_a = check(a, ruleset=ruleset, interpretation=interpretation)
    reading_b = interpretation if interpretation_b is None else interpretation_b
    report_b = check(b, ruleset=ruleset, interpretation=reading_b)
    return Comparison(
        a=report_a, b=report_b, findings=_findings(report_a, report_b), facts=facts_changed(a, b)
    )


def _findings(a: Report, b: Report) -> tuple[FindingChange, ...]:
    found_a = {f.rule: f for f in a}
    found_b = {f.rule: f for f in b}
    rules = list(dict.fromkeys([*found_a, *found_b]))
    changes = []
    for rule in rules:
        fa, fb = found_a.get(rule), found_b.get(rule)
        same = fa is not None and fb is not None and (fa.status, fa.value) == (fb.status, fb.value)
        if not same:
            changes.append(FindingChange(rule=rule, a=fa, b=fb))
    return tuple(changes)


def facts_changed(a: Deal, b: Deal) -> tuple[FactChange, ...]:
    """Every fact that differs between two deals, table by table."""
    changes: list[FactChange] = []
    for key in ("name", "target", "formerly_affiliated", "as_of", "us_users", "export_licence"):
        va, vb = _plain(getattr(a, key)), _plain(getattr(b, key))
        if va != vb:
            changes.append(FactChange(table="deal", key=key, a=va, b=vb))
    changes += _keyed("parties", a.parties.values(), b.parties.values(), lambda p: p.id)
    changes += _keyed("stakes", a.stakes, b.stakes, lambda s: f"{s.holder} → {s.of}")
    changes += _keyed(
        "arrangements", a.arrangements, b.arrangements, lambda r: f"{r.kind} with {r.counterparty}"
    )
    for table in ("board", "officers", "control_rights", "operations"):
        changes += _unkeyed(table, getattr(a, table), getattr(b, table))
    return tuple(changes)


def _keyed(table: str, a: Iterable[Any], b: Iterable[Any], key: Any) -> list[FactChange]:
    """Entries with a key (a party's id, a stake's holder and entity…): those in one deal only,
    and for those in both, the fields that differ."""
    in_a = {key(item): _entry(item) for item in a}
    in_b = {key(item): _entry(item) for item in b}
    changes = []
    for k in dict.fromkeys([*in_a, *in_b]):
        ea, eb = in_a.get(k), in_b.get(k)
        if ea == eb:
            continue
        if ea is not None and eb is not None:
            fields = [f for f in dict.fromkeys([*ea, *eb]) if ea.get(f) != eb.get(f)]
            ea, eb = {f: ea.get(f) for f in fields}, {f: eb.get(f) for f in fields}
        changes.append(FactChange(table=table, key=k, a=ea, b=eb))
    return changes


def _unkeyed(table: str, a: Iterable[Any], b: Iterable[Any]) -> list[FactChange]:
    """Entries with no natural key (seats, officers…): those in one deal and not the other."""
    count_a = Counter(_frozen(_entry(item)) for item in a)
    count_b = Counter(_frozen(_entry(item)) for item in b)
    out = [FactChange(table=table, key=_label(_thawed(e)), a=_thawed(e), b=None)
           for e in (count_a - count_b).elements()]  # fmt: skip
    out += [FactChange(table=table, key=_label(_thawed(e)), a=None, b=_thawed(e))
            for e in (count_b - count_a).elements()]  # fmt: skip
    return out


def _thawed(entry: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in entry}


def _entry(item: Any) -> dict[str, Any]:
    """An entry's fields as JSON-ready values (stakes as exact text), notes left out."""
    return {
        k: _plain(v)
        for k, v in attrs.asdict(item, recurse=False).items()
        if v is not None and v != () and k != "note"
    }


def _plain(value: Any) -> Any:
    if isinstance(value, Fraction):
        return format_fraction(value)
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _frozen(entry: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in entry.items()))


def _label(entry: dict[str, Any]) -> str:
    for keys in (("appointed_by", "director"), ("role", "appointed_by"), ("holder", "kind"),
                 ("function", "operator")):  # fmt: skip
        if keys[0] in entry:
            return " ".join(str(entry.get(k, "")) for k in keys).strip()
    return str(entry)


def _side(report: Report) -> dict[str, Any]:
    return {
        "deal": report.deal.name,
        "verdict": str(report.verdict),
        "interpretation": report.interpretation.to_dict(),
    }


def _status(finding: Finding | None) -> str:
    if finding is None:
        return "not checked"
    if finding.value is None:
        return str(finding.status)
    return f"{finding.status} ({format_percent(finding.value)})"


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]"
    return str(value)
