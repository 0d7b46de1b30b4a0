"""A deal's facts as HTML, for Jupyter (``Deal._repr_html_``): parties and their country links,
stakes, board, officers, control rights, arrangements, operations, the export licence, sources.
Facts only: what the law makes of them is a report's to show."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..html import MUTED, box, escape, short_name, table
from .entries import words

if TYPE_CHECKING:
    from .deal import Deal

__all__ = ["deal_html"]


def deal_html(deal: Deal) -> str:
    """The deal as HTML tables."""

    def label(party_id: str) -> str:  # the short name, the full one on hover; escaped
        name = deal.label(party_id)
        return f'<span title="{escape(name)}">{escape(short_name(name))}</span>'

    def of(entity: str | None) -> str:
        return label(entity) if entity else "the target"

    meta = [f"target <b>{escape(deal.label(deal.target))}</b>"]
    if deal.as_of is not None:
        meta.append(f"as of {escape(deal.as_of.isoformat())}")
    if deal.export_licence is not None:
        meta.append(f"China export licence: {escape(words(deal.export_licence))}")
    parts = [
        f'<div style="font-size: 15px; font-weight: 700;">{escape(deal.name)}</div>',
        f"<div>{' · '.join(meta)}</div>",
    ]
    if deal.description:
        parts.append(f'<div style="{MUTED}">{escape(deal.description)}</div>')
    parties = [
        [
            f'<code style="white-space: nowrap;">{escape(pid)}</code>',
            escape(party.name) + (" <b>(target)</b>" if pid == deal.target else ""),
            escape(party.kind),
            ", ".join(f"{escape(link.replace('_', ' '))} {escape(c)}" for link, c in party.links)
            or f'<span style="{MUTED}">none given</span>',
        ]
        for pid, party in deal.parties.items()
    ]
    parts.append(table(["id", "name", "kind", "country links"], parties, caption="Parties"))
    if deal.stakes:
        stakes = [
            [label(s.holder), label(s.of), escape(s.percent("equity")),
             escape(s.percent("voting")) if s.voting is not None else "same"]
            for s in deal.stakes
        ]  # fmt: skip
        parts.append(table(["holder", "of", "equity", "voting"], stakes, caption="Stakes"))
    if deal.board:
        other_boards = any(seat.of for seat in deal.board)
        seats = [
            [label(seat.appointed_by), escape(seat.director or "—"),
             escape(seat.nationality or "not given"), escape(", ".join(seat.committees) or "—")]
            + ([of(seat.of)] if other_boards else [])
            for seat in deal.board
        ]  # fmt: skip
        headers = ["appointed by", "director", "nationality", "committees"]
        parts.append(
            table(headers + (["board of"] if other_boards else []), seats,
                  caption=f"Board ({len(deal.board)} seat{'' if len(deal.board) == 1 else 's'})")
        )  # fmt: skip
    if deal.officers:
        officers = [
            [escape(words(o.role)), escape(o.name or "—"), label(o.appointed_by),
             escape(o.nationality or "not given"), of(o.of)]
            for o in deal.officers
        ]  # fmt: skip
        parts.append(
            table(["role", "name", "appointed by", "nationality", "of"], officers,
                  caption="Officers")
        )  # fmt: skip
    if deal.control_rights:
        rights = [[label(r.holder), escape(words(r.kind)), of(r.of)] for r in deal.control_rights]
        parts.append(table(["holder", "right", "over"], rights, caption="Control rights"))
    if deal.arrangements:
        arrangements = [
            [escape(words(a.kind)), label(a.counterparty),
             "ongoing" if a.ongoing else "one-time"]
            for a in deal.arrangements
        ]  # fmt: skip
        parts.append(table(["kind", "counterparty", ""], arrangements, caption="Arrangements"))
    if deal.operations:
        operations = [[escape(words(o.function)), label(o.operator)] for o in deal.operations]
        parts.append(
            table(["function", "operated by"], operations, caption="Operations of the app")
        )
    if deal.sources:
        items = "".join(f"<li>{escape(source)}</li>" for source in deal.sources)
        parts.append(
            f"<details><summary>Sources ({len(deal.sources)})</summary><ul>{items}</ul></details>"
        )
    return box(*parts)
