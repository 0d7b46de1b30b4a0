"""HTML for Jupyter: compact tables of a deal (``deal_html``) and a report (``report_html``).

``Deal._repr_html_`` and ``Report._repr_html_`` call these, so a deal or report shown in a notebook
renders as a table. Styles are inline (notebook front ends drop ``<style>`` blocks from untrusted
output); colours are the plots' (``tiktok_deal.plotting.palette``); every piece of text is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING

from .law import Facts, Interpretation, Status
from .model import Deal
from .plotting._common import short_name, stake_percent
from .plotting.palette import ADVERSARY, INK, status_color
from .report import Report
from .shares import format_percent

if TYPE_CHECKING:
    from .scenarios.remedies import Headroom, Remedy

__all__ = ["deal_html", "remedies_html", "report_html"]

_BOX = "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 13px;"
_TABLE = "border-collapse: collapse; margin: 4px 0 10px 0;"
_CELL = "padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top;"
_HEAD = _CELL + " font-weight: 600; border-bottom: 2px solid #999;"
_MUTED = "color: #777;"


def _table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "") -> str:
    """A table of already escaped cells; a cell starting with ``<td`` is used as it is."""
    head = "".join(f'<th style="{_HEAD}">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(c if c.startswith("<td") else f'<td style="{_CELL}">{c}</td>' for c in row)
        + "</tr>"
        for row in rows
    )
    title = (
        f'<caption style="text-align: left; font-weight: 600; padding: 2px 0;">'
        f"{escape(caption)}</caption>"
        if caption
        else ""
    )
    return (
        f'<table style="{_TABLE}">{title}<thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _badge(status: Status | str) -> str:
    """A status as a coloured label, e.g. ``VIOLATION`` in white on vermillion."""
    return (
        f'<span style="background: {status_color(status)}; color: white; font-weight: 700; '
        f'padding: 2px 8px; border-radius: 3px; letter-spacing: 0.03em;">'
        f"{escape(str(status).upper())}</span>"
    )


def _status_cell(status: Status | str) -> str:
    return (
        f'<td style="{_CELL} background: {status_color(status, tint=True)}; color: {INK}; '
        f'border-left: 5px solid {status_color(status)}; font-weight: 600; white-space: nowrap;">'
        f"{escape(str(status))}</td>"
    )


def _interpretation(interpretation: Interpretation) -> str:
    """The switches, those set away from their defaults in bold."""
    changed = interpretation.differences()
    parts = [
        f"<b>{escape(k)}={escape(v)}</b>" if k in changed else f"{escape(k)}={escape(v)}"
        for k, v in interpretation.to_dict().items()
    ]
    note = " (bold: changed from the default)" if changed else " (the defaults)"
    return (
        f'<div style="{_MUTED}">Interpretation: {", ".join(parts)}<span>{escape(note)}</span></div>'
    )


def report_html(report: Report) -> str:
    """The report as HTML: the verdict first, one row per finding, then the interpretation."""
    counts = {s: sum(f.status == s for f in report.findings) for s in Status}
    tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    header = (
        f'<div style="margin-bottom: 6px;">{_badge(report.verdict)} '
        f"<b>{escape(report.deal.name)}</b> "
        f'<span style="{_MUTED}">(rule set {escape(report.ruleset)}: {escape(tally)})</span></div>'
    )
    rows = []
    for finding in report.findings:
        explanation = escape(finding.explanation)
        if finding.bounds and finding.bounds[0] != finding.bounds[1]:
            low, high = (format_percent(b) for b in finding.bounds)
            bounds = f"(bounds {low} to {high})"
            explanation += f' <span style="{_MUTED}">{escape(bounds)}</span>'
        rows.append(
            [
                _status_cell(finding.status),
                f"<code>{escape(finding.rule)}</code>",
                f'<td style="{_CELL} min-width: 8em; max-width: 16em;">'
                f"{escape(finding.citation)}</td>",
                f'<td style="{_CELL} min-width: 24em;">{explanation}</td>',
            ]
        )
    table = _table(["status", "rule", "citation", "why"], rows)
    return f'<div style="{_BOX}">{header}{table}{_interpretation(report.interpretation)}</div>'


def _links(deal: Deal, facts: Facts, party_id: str) -> str:
    party = deal.parties[party_id]
    if not party.links:
        return f'<span style="{_MUTED}">none given</span>'
    parts = []
    for link, country in party.links:
        code = escape(country)
        if country in facts.adversary_countries:
            code = f'<b style="color: {ADVERSARY};">{code}</b>'
        parts.append(f"{escape(link.replace('_', ' '))} {code}")
    return ", ".join(parts)


def _adversary(facts: Facts, party_id: str) -> str:
    if party_id in facts.known_adversaries:
        return f'<b style="color: {ADVERSARY};">yes</b>'
    if party_id in facts.unknown:
        return f'<span style="{_MUTED}">unknown</span>'
    return "no"


def deal_html(deal: Deal) -> str:
    """The deal as HTML: its parties (country links, (A)-person or not), stakes, board,
    control rights, arrangements and export licence. (A)-persons are read under the default
    interpretation, on the deal's ``as_of`` date."""
    facts = Facts(deal, Interpretation())

    def label(party_id: str) -> str:  # the short name, the full one on hover; escaped
        name = deal.label(party_id)
        return f'<span title="{escape(name)}">{escape(short_name(name))}</span>'

    meta = [f"target <b>{escape(deal.label(deal.target))}</b>"]
    if deal.as_of is not None:
        meta.append(f"as of {escape(deal.as_of.isoformat())}")
    if deal.export_licence is not None:
        meta.append(f"China export licence: {escape(deal.export_licence.replace('_', ' '))}")
    parts = [
        f'<div style="font-size: 15px; font-weight: 700;">{escape(deal.name)}</div>',
        f"<div>{' · '.join(meta)}</div>",
    ]
    if deal.description:
        parts.append(f'<div style="{_MUTED}">{escape(deal.description)}</div>')

    parties = [
        [
            f'<code style="white-space: nowrap;">{escape(pid)}</code>',
            escape(party.name) + (" <b>(target)</b>" if pid == deal.target else ""),
            escape(party.kind),
            _links(deal, facts, pid),
            _adversary(facts, pid),
        ]
        for pid, party in deal.parties.items()
    ]
    parts.append(
        _table(["id", "name", "kind", "country links", "(A)-person"], parties, caption="Parties")
    )
    if deal.stakes:
        stakes = [
            [
                label(s.holder),
                label(s.of),
                escape(stake_percent(s, "equity")),
                escape(stake_percent(s, "voting")) if s.voting is not None else "same",
            ]
            for s in deal.stakes
        ]
        parts.append(_table(["holder", "of", "equity", "voting"], stakes, caption="Stakes"))
    if deal.board:
        other_boards = any(seat.of for seat in deal.board)
        seats = [
            [
                label(seat.appointed_by),
                escape(seat.director or "—"),
                escape(seat.nationality or "not given"),
                escape(", ".join(seat.committees) or "—"),
            ]
            + ([label(seat.of) if seat.of else "the target"] if other_boards else [])
            for seat in deal.board
        ]
        headers = ["appointed by", "director", "nationality", "committees"]
        parts.append(
            _table(
                headers + (["board of"] if other_boards else []),
                seats,
                caption=f"Board ({len(deal.board)} seats)",
            )
        )
    if deal.control_rights:
        rights = [
            [
                label(r.holder),
                escape(r.kind.replace("_", " ")),
                label(r.of) if r.of else "the target",
            ]
            for r in deal.control_rights
        ]
        parts.append(_table(["holder", "right", "over"], rights, caption="Control rights"))
    if deal.arrangements:
        arrangements = [
            [
                escape(a.kind.replace("_", " ")),
                label(a.counterparty),
                "ongoing" if a.ongoing else "one-time",
            ]
            for a in deal.arrangements
        ]
        parts.append(_table(["kind", "counterparty", ""], arrangements, caption="Arrangements"))
    if deal.sources:
        items = "".join(f"<li>{escape(source)}</li>" for source in deal.sources)
        parts.append(
            f"<details><summary>Sources ({len(deal.sources)})</summary><ul>{items}</ul></details>"
        )
    return f'<div style="{_BOX}">{"".join(parts)}</div>'


def remedies_html(remedies: Iterable[Remedy], *, headroom: Headroom | None = None) -> str:
    """Remedies (``tiktok_deal.scenarios.remedies``) as HTML: the headroom to the 20 % line when
    given, then one row per remedy: the rule it fixes, the change and the verdict after it."""
    parts = []
    if headroom is not None:
        parts.append(f"<div><b>Headroom:</b> {escape(headroom.explanation)}</div>")
        if headroom.holders:
            items = "".join(f"<li>{escape(h.explanation)}</li>" for h in headroom.holders)
            parts.append(f'<ul style="margin: 2px 0 8px 0;">{items}</ul>')
    rows = [
        [
            f"<code>{escape(r.rule)}</code>",
            escape(r.action.replace("_", " ")),
            escape(r.explanation),
            _status_cell(r.report.verdict),
        ]
        for r in remedies
    ]
    if rows:
        parts.append(_table(["fixes", "change", "what", "verdict after"], rows, caption="Remedies"))
    else:
        parts.append(
            f'<div style="{_MUTED}">No remedy: no rule is violated, or none was found.</div>'
        )
    return f'<div style="{_BOX}">{"".join(parts)}</div>'
