"""A deal's HTML (``Deal._repr_html_``) shows every fact it has, table by table, and nothing of the
law. Read back as text — captions, headers and cells — so styling may change and facts may not."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import tiktok_deal as td
from tiktok_deal.model import Officer, Operation
from tiktok_deal.model.html import deal_html


class Tables(HTMLParser):
    """The text before the first table, and each table as (caption, headers, rows)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.head: list[str] = []
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self.details: list[str] = []
        self.loose: list[str] = []  # text outside any cell after the first table
        self._cell: list[str] | None = None
        self._where = ""
        self._body = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(("", [], []))
        elif tag == "tbody":
            self._body = True
        elif tag == "tr" and self.tables and self._body:
            self.tables[-1][2].append([])
        elif tag in ("caption", "th", "td") or tag in ("summary", "li"):
            self._where, self._cell = tag, []
        elif tag == "span" and self._cell is not None:
            title = dict(attrs).get("title")
            if title:
                self._cell.append(f"[{title}]")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._body = False
        if self._cell is None or tag != self._where:
            return
        text = "".join(self._cell).strip()
        if tag == "caption":
            self.tables[-1] = (text, *self.tables[-1][1:])
        elif tag == "th":
            self.tables[-1][1].append(text)
        elif tag == "td":
            self.tables[-1][2][-1].append(text)
        else:
            self.details.append(text)
        self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif not self.tables and data.strip():
            self.head.append(data.strip())
        elif data.strip():
            self.loose.append(data.strip())


def rich_deal() -> td.Deal:
    parties = [
        td.Party(id="t", name="Target Co", organized_in="US"),
        td.Party(id="bd", name="ByteDance Ltd.", organized_in="KY", headquartered_in="CN"),
        td.Party(id="o", name="Oracle (Austin)", organized_in="US",
                 principal_place_of_business="US", domiciled_in="US"),
        td.Party(id="u", name="Unknown Holdings", kind="pool"),
    ]  # fmt: skip
    return td.Deal(
        name="A <rich> deal",
        description="every table",
        target="t",
        as_of=date(2026, 1, 22),
        export_licence="not_sought",
        parties=parties,
        stakes=[
            td.Stake(holder="bd", of="t", equity="19.9%"),
            td.Stake(holder="o", of="t", equity="15%", voting="20%"),
            td.Stake(holder="u", of="bd", equity="10%", equity_max="30%"),
        ],
        board=[
            td.Seat(appointed_by="o", nationality="US", committees=("security", "audit"),
                    director="Jane Roe"),
            td.Seat(appointed_by="bd"),
            td.Seat(appointed_by="u", of="bd", nationality="SG"),
        ],
        officers=[
            Officer(role="security_officer", appointed_by="o", name="Sam Poe", nationality="US"),
            Officer(role="ceo", appointed_by="bd", of="bd"),
        ],
        control_rights=[
            td.ControlRight(holder="bd", kind="golden_share"),
            td.ControlRight(holder="o", kind="negative_control", of="bd"),
        ],
        arrangements=[
            td.Arrangement(kind="algorithm_license", counterparty="bd"),
            td.Arrangement(kind="data_sharing", counterparty="o", ongoing=False),
        ],
        operations=[Operation(function="trust_and_safety", operator="o")],
        sources=["https://example.org/a", "a <b>second</b> source"],
    )


def test_every_table_and_cell() -> None:
    page = Tables(deal_html(rich_deal()))
    assert page.head == ["A <rich> deal", "target", "Target Co",
                         "· as of 2026-01-22 · China export licence: not sought", "every table"]  # fmt: skip
    names = {"t": "[Target Co]Target Co", "bd": "[ByteDance Ltd.]ByteDance Ltd.",
             "o": "[Oracle (Austin)]Oracle", "u": "[Unknown Holdings]Unknown Holdings"}  # fmt: skip
    assert page.tables == [
        ("Parties", ["id", "name", "kind", "country links"], [
            ["t", "Target Co (target)", "company", "organized in US"],
            ["bd", "ByteDance Ltd.", "company", "organized in KY, headquartered in CN"],
            ["o", "Oracle (Austin)", "company",
             "organized in US, principal place of business US, domiciled in US"],
            ["u", "Unknown Holdings", "pool", "none given"],
        ]),
        ("Stakes", ["holder", "of", "equity", "voting"], [
            [names["bd"], names["t"], "19.9 %", "same"],
            [names["o"], names["t"], "15 %", "20 %"],
            [names["u"], names["bd"], "10–30 %", "same"],
        ]),
        ("Board (3 seats)", ["appointed by", "director", "nationality", "committees", "board of"], [
            [names["o"], "Jane Roe", "US", "security, audit", "the target"],
            [names["bd"], "—", "not given", "—", "the target"],
            [names["u"], "—", "SG", "—", names["bd"]],
        ]),
        ("Officers", ["role", "name", "appointed by", "nationality", "of"], [
            ["security officer", "Sam Poe", names["o"], "US", "the target"],
            ["ceo", "—", names["bd"], "not given", names["bd"]],
        ]),
        ("Control rights", ["holder", "right", "over"], [
            [names["bd"], "golden share", "the target"],
            [names["o"], "negative control", names["bd"]],
        ]),
        ("Arrangements", ["kind", "counterparty", ""], [
            ["algorithm licence", names["bd"], "ongoing"],
            ["data sharing", names["o"], "one-time"],
        ]),
        ("Operations of the app", ["function", "operated by"], [
            ["trust and safety", names["o"]],
        ]),
    ]  # fmt: skip
    assert page.details == ["Sources (2)", "https://example.org/a", "a <b>second</b> source"]
    assert page.loose == []


def test_a_bare_deal_shows_only_its_parties() -> None:
    deal = td.Deal(name="bare", target="t", parties=[td.Party(id="t")])
    page = Tables(deal_html(deal))
    assert page.head == ["bare", "target", "t"]
    assert [caption for caption, _, _ in page.tables] == ["Parties"]
    assert page.details == []
    one_board = td.Deal(name="b", target="t", parties=[td.Party(id="t")],
                        board=[td.Seat(appointed_by="t")])  # fmt: skip
    (_, (caption, headers, rows)) = Tables(deal_html(one_board)).tables
    assert (caption, headers, rows) == (
        "Board (1 seat)", ["appointed by", "director", "nationality", "committees"],
        [["[t]t", "—", "not given", "—"]],
    )  # fmt: skip
