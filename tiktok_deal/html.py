"""HTML building blocks for notebooks: tables, status badges, escaping, short names.

Every type renders its own ``_repr_html_`` from these (a deal its facts, a report its findings, a
remedy its change). Styles are inline (notebook front ends drop ``<style>`` blocks from untrusted
output); colours are the plots' (``tiktok_deal.palette``); every piece of text is escaped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from html import escape

from .palette import INK, status_color

__all__ = [
    "BOX",
    "CELL",
    "MUTED",
    "badge",
    "box",
    "escape",
    "short_name",
    "status_cell",
    "switches",
    "table",
]

BOX = "font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; font-size: 13px;"
TABLE = "border-collapse: collapse; margin: 4px 0 10px 0;"
CELL = "padding: 3px 8px; border-bottom: 1px solid #ddd; text-align: left; vertical-align: top;"
HEAD = CELL + " font-weight: 600; border-bottom: 2px solid #999;"
MUTED = "color: #777;"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, caption: str = "") -> str:
    """A table of already escaped cells; a cell starting with ``<td`` is used as it is."""
    head = "".join(f'<th style="{HEAD}">{escape(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(c if c.startswith("<td") else f'<td style="{CELL}">{c}</td>' for c in row)
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
        f'<table style="{TABLE}">{title}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    )


def badge(status: str) -> str:
    """A status as a coloured label, e.g. ``VIOLATION`` in white on vermillion."""
    return (
        f'<span style="background: {status_color(status)}; color: white; font-weight: 700; '
        f'padding: 2px 8px; border-radius: 3px; letter-spacing: 0.03em;">'
        f"{escape(str(status).upper())}</span>"
    )


def status_cell(status: str) -> str:
    """A table cell tinted with the status' colour."""
    return (
        f'<td style="{CELL} background: {status_color(status, tint=True)}; color: {INK}; '
        f'border-left: 5px solid {status_color(status)}; font-weight: 600; white-space: nowrap;">'
        f"{escape(str(status))}</td>"
    )


def switches(values: Mapping[str, str], changed: Mapping[str, str]) -> str:
    """Interpretation switches, those set away from their defaults (``changed``) in bold."""
    parts = [
        f"<b>{escape(k)}={escape(v)}</b>" if k in changed else f"{escape(k)}={escape(v)}"
        for k, v in values.items()
    ]
    note = " (bold: changed from the default)" if changed else " (the defaults)"
    return (
        f'<div style="{MUTED}">Interpretation: {", ".join(parts)}<span>{escape(note)}</span></div>'
    )


def box(*parts: str) -> str:
    """The outer block every HTML view is wrapped in."""
    return f'<div style="{BOX}">{"".join(parts)}</div>'


def short_name(name: str) -> str:
    """A party's name without its parenthesised detail: ``"MGX (Abu Dhabi)"`` → ``"MGX"``."""
    short = re.sub(r"\s*\([^)]*\)", "", name).strip()
    return short or name
