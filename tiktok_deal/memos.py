"""A memo for someone who does not code: one self-contained document (HTML or Markdown) with the
verdict, every finding with its citation and the statute's words, the reading used, the ownership
chart and graph, the stake's breakdown, a plan that makes the deal comply, the sources, the
library's version and the date.

>>> import tiktok_deal as td
>>> text = td.memo(td.check(td.preset("joint-venture-2026")), format="md", charts=False)
>>> text.splitlines()[0]
'# TikTok USDS Joint Venture LLC (signed 2025-12-18, closed 2026-01-22)'
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import io
import os
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any, Literal

import attrs

from . import __version__, html
from .explanation import route_words
from .law import rules
from .model import words
from .output import output_path, replacing
from .report import Report
from .shares import format_percent

__all__ = ["memo", "write_memo"]

Format = Literal["html", "md"]
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }} h2 {{ margin-top: 2rem; }}
img {{ max-width: 100%; height: auto; border: 1px solid #eee; }}
details summary {{ cursor: pointer; color: #555; }}
footer {{ margin-top: 3rem; color: #777; font-size: .85rem; }}
</style></head><body>
{body}
</body></html>
"""


@attrs.frozen
class _Section:
    title: str
    html: str
    md: str


def memo(
    report: Report,
    *,
    format: Format = "html",
    charts: bool = True,
    plan: bool = True,
    today: dt.date | None = None,
) -> str:
    """The memo of ``report`` as one self-contained document: ``format`` ``"html"`` (charts as
    inline images) or ``"md"`` (Markdown, charts as data-URI images). ``charts`` needs
    matplotlib (the ``plot`` extra); ``plan`` searches for the cheapest changes that make the
    deal comply (a few seconds on large deals)."""
    sections = [
        _verdict(report),
        _findings(report),
        _reading(report),
        *([_charts(report)] if charts else []),
        _breakdown(report),
        *([_plan(report)] if plan else []),
        _facts(report),
        _sources(report),
    ]
    made = (today or dt.date.today()).isoformat()
    footer = (
        f"tiktok_deal {__version__}; memo made on {made}, the law and the reported terms read "
        f"as of {report.as_of.isoformat()}. The findings apply the library's encoding of PAFACA "
        "and China's export rules to the facts recorded; they are not legal advice."
    )
    title = report.deal.name
    if format == "md":
        body = [f"# {title}", ""]
        for section in sections:
            body += [f"## {section.title}", "", section.md, ""]
        return "\n".join([*body, "---", "", footer, ""])
    parts = [f"<h1>{html.escape(title)}</h1>"]
    parts += [f"<h2>{html.escape(s.title)}</h2>{s.html}" for s in sections]
    parts.append(f"<footer>{html.escape(footer)}</footer>")
    return _PAGE.format(title=html.escape(title), body="\n".join(parts))


def write_memo(report: Report, path: str | os.PathLike[str], **options: Any) -> Path:
    """Write the memo to ``path`` (``.html`` or ``.md``): checked before any work, written
    whole or not at all."""
    out = output_path(path, suffixes=(".html", ".md"))
    text = memo(report, format="md" if out.suffix.lower() == ".md" else "html", **options)
    with replacing(out) as handle:
        handle.write(text.encode("utf-8"))
    return out


# ----------------------------------------------------------------------------- sections
def _verdict(report: Report) -> _Section:
    failing = [f for f in report if f.status != "compliant"]
    counts = ", ".join(
        f"{sum(f.status == s for f in report)} {s}"
        for s in ("compliant", "violation", "indeterminate")
        if any(f.status == s for f in report)
    )
    why = "; ".join(f"{f.rule} ({f.citation}) is {f.status}" for f in failing)
    text = f"under rule set {report.ruleset} ({counts})." + (
        f" {why}." if why else " Every rule is met."
    )
    return _Section(
        "Verdict",
        f"<p>{html.badge(report.verdict)} {html.escape(text)}</p>",
        f"**{str(report.verdict).upper()}** {text}",
    )


def _findings(report: Report) -> _Section:
    by_id = {rule.id: rule for rule in rules("all")}
    rows_html, rows_md = [], ["| status | rule | citation | why |", "|---|---|---|---|"]
    for f in report:
        rule = by_id.get(f.rule)
        words_ = ""
        if rule is not None and rule.text:
            source = f" (quoted from {rule.source})" if rule.source else ""
            words_ = (
                f"<details><summary>The words</summary>{html.escape(rule.text)}"
                f"<br><i>{html.escape(source)}</i></details>"
            )
        rows_html.append(
            [
                html.status_cell(f.status),
                f"<code>{html.escape(f.rule)}</code>",
                html.escape(f.citation),
                html.escape(f.explanation) + words_,
            ]
        )
        rows_md.append(
            f"| {f.status} | `{f.rule}` | {_cell(f.citation)} | {_cell(f.explanation)} |"
        )
    return _Section(
        "Findings",
        html.table(["status", "rule", "citation", "why"], rows_html),
        "\n".join(rows_md),
    )


def _reading(report: Report) -> _Section:
    reading = report.interpretation
    changed = reading.differences()
    text = ", ".join(f"{k}={v}" for k, v in reading.to_dict().items())
    note = "switches changed from the defaults: " + ", ".join(changed) if changed else "defaults"
    return _Section(
        "The reading of the law used",
        html.switches(reading.to_dict(), changed),
        f"{text} ({note}).",
    )


def _charts(report: Report) -> _Section:
    if importlib.util.find_spec("matplotlib") is None:
        note = "The charts need matplotlib: pip install 'tiktok-deal[plot]'."
        return _Section("Charts", f"<p>{html.escape(note)}</p>", note)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .plotting import graph, ownership

    images = []
    for name, draw in (("ownership", ownership), ("graph", graph)):
        if name == "graph" and importlib.util.find_spec("networkx") is None:
            continue
        figure, ax = plt.subplots(figsize=(9, 5), layout="constrained")
        try:
            draw(report, ax=ax)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=110)
        finally:
            plt.close(figure)
        images.append((name, base64.b64encode(buffer.getvalue()).decode("ascii")))
    html_part = "".join(
        f'<p><img alt="{name} chart" src="data:image/png;base64,{data}"></p>'
        for name, data in images
    )
    md_part = "\n\n".join(f"![{name} chart](data:image/png;base64,{data})" for name, data in images)
    return _Section("Charts", html_part, md_part)


def _breakdown(report: Report) -> _Section:
    finding = next((f for f in report if f.contributions is not None), None)
    deal = report.deal
    if finding is None or not finding.contributions:
        text = "No foreign-adversary stake traces to the target."
        return _Section("The foreign-adversary stake, by route", f"<p>{text}</p>", text)
    rows = [
        [
            html.escape(deal.label(c.person) if c.person else "others"),
            html.escape(route_words(deal, c)),
            html.escape(format_percent(c.share)),
        ]
        for c in finding.contributions
    ]
    total = f"In all {format_percent(finding.value or Fraction(0))} ({finding.citation})."
    md = ["| (A)-person | route | share |", "|---|---|---|"]
    md += [f"| {_cell(a)} | {_cell(b)} | {c} |" for a, b, c in rows]
    return _Section(
        "The foreign-adversary stake, by route",
        html.table(["(A)-person", "route", "share"], rows) + f"<p>{html.escape(total)}</p>",
        "\n".join([*md, "", total]),
    )


def _plan(report: Report) -> _Section:
    from .scenarios import plan

    if report.verdict == "compliant":
        text = "The deal complies: nothing to change."
        return _Section("What would make it comply", f"<p>{text}</p>", text)
    found = plan(report.deal, ruleset=report.ruleset, interpretation=report.interpretation)
    if not found.plans:
        text = "No set of changes found that makes every rule comply."
        return _Section("What would make it comply", f"<p>{text}</p>", text)
    first = found.plans[0]
    items = [words_first(e.describe(report.deal)) for e in first.edits]
    intro = (
        f"The least change found: {first.changes} change(s), verified by a full check "
        f"(verdict after: {first.verdict_after})"
        + (
            f"; {len(found.plans) - 1} other plan(s) of equal or next cost."
            if len(found) > 1
            else "."
        )
    )
    return _Section(
        "What would make it comply",
        f"<p>{html.escape(intro)}</p><ol>"
        + "".join(f"<li>{html.escape(i)}</li>" for i in items)
        + "</ol>",
        intro + "\n\n" + "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1)),
    )


def words_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _facts(report: Report) -> _Section:
    deal = report.deal
    md = [f"- {len(deal.parties)} parties, {len(deal.stakes)} stakes, {len(deal.board)} seats, "
          f"{len(deal.officers)} officers, {len(deal.arrangements)} arrangements, "
          f"{len(deal.operations)} operations"]  # fmt: skip
    md += [f"- {words(a.kind)} with {deal.label(a.counterparty)}"
           + ("" if a.ongoing else " (one-time)") for a in deal.arrangements]  # fmt: skip
    md += [f"- {words(o.function)} run by {deal.label(o.operator)}" for o in deal.operations]
    if deal.export_licence:
        md.append(f"- China's export licence: {words(deal.export_licence)}")
    return _Section("The facts recorded", deal._repr_html_(), "\n".join(md))


def _sources(report: Report) -> _Section:
    sources: Sequence[str] = report.deal.sources
    if not sources:
        text = "The deal file gives no sources."
        return _Section("Sources", f"<p>{text}</p>", text)
    return _Section(
        "Sources",
        "<ul>" + "".join(f"<li>{html.escape(s)}</li>" for s in sources) + "</ul>",
        "\n".join(f"- {s}" for s in sources),
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
