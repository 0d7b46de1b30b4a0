"""HTML for Jupyter: what the tables say, the status colours, escaping; and import costs."""

from __future__ import annotations

import subprocess
import sys
from html import escape

import tiktok_deal as td
from tiktok_deal.model.html import deal_html
from tiktok_deal.palette import STATUS_COLORS

JV = "joint-venture-2026"


def test_report_html_gives_the_verdict_first_then_every_finding() -> None:
    report = td.check(td.preset(JV), ruleset="all")
    html = report._repr_html_()
    assert html.index("VIOLATION") < html.index("<table")
    for finding in report.findings:
        assert escape(finding.explanation) in html
        assert escape(finding.citation) in html
        assert f"<code>{finding.rule}</code>" in html
    assert STATUS_COLORS["compliant"] in html
    assert STATUS_COLORS["violation"] in html
    assert "lookthrough=multiply" in html
    assert "(the defaults)" in html


def test_report_html_colours_indeterminate_and_shows_changed_switches() -> None:
    parties = [
        td.Party(id="newco", name="NewCo", organized_in="US"),
        td.Party(id="mystery", name="Mystery Holdings"),
    ]
    deal = td.Deal(name="Unknown holder", target="newco", parties=parties,
                   stakes=[td.Stake(holder="mystery", of="newco", equity="25%")])  # fmt: skip
    report = td.check(deal, interpretation={"hong_kong": "excluded"})
    assert report.verdict == td.Status.INDETERMINATE
    html = report._repr_html_()
    assert STATUS_COLORS["indeterminate"] in html
    assert "<b>hong_kong=excluded</b>" in html
    assert "(bounds 0 % to 25 %)" in html


def test_script_in_a_party_name_is_escaped() -> None:
    deal = td.preset(JV)
    hostile = deal.parties["bytedance"].__class__(
        id="bytedance", name="<script>alert('x')</script>", organized_in="KY",
        headquartered_in="CN",
    )  # fmt: skip
    parties = {**deal.parties, "bytedance": hostile}
    deal = td.Deal(name="<b>deal</b>", target=deal.target, parties=parties, stakes=deal.stakes,
                   board=deal.board, arrangements=deal.arrangements)  # fmt: skip
    for html in (deal_html(deal), td.check(deal)._repr_html_()):
        assert "<script>" not in html
        assert "<b>deal</b>" not in html
        assert "&lt;script&gt;" in html


def test_deal_html_lists_parties_stakes_board_and_arrangements() -> None:
    deal = td.preset(JV)
    html = deal_html(deal)
    for party in deal.parties.values():
        assert escape(party.name) in html
    assert "headquartered in CN" in html  # facts only: what the law makes of them is a report's
    assert "(A)-person" not in html
    assert "19.9 %" in html
    assert "30.1 %" in html
    assert "Board (7 seats)" in html
    assert "Shou Zi Chew" in html
    assert "algorithm licence" in html  # the prose spells it licence; the key, algorithm_license
    assert "ongoing" in html
    assert "China export licence: pending" in html
    assert f"Sources ({len(deal.sources)})" in html
    assert "Operations of the app" in html
    assert "e-commerce" in html
    assert deal._repr_html_() == html


def test_remedies_and_headroom_render_themselves() -> None:
    deal = td.preset(JV)
    found = td.scenarios.remedies(deal)
    assert "Headroom:" in td.scenarios.headroom(deal)._repr_html_()
    for remedy in found:
        assert escape(remedy.explanation) in remedy._repr_html_()


def test_importing_the_package_loads_neither_matplotlib_nor_networkx() -> None:
    code = (
        "import sys, tiktok_deal, tiktok_deal.plotting; "
        "tiktok_deal.preset('joint-venture-2026')._repr_html_(); "
        "loaded = {'matplotlib', 'networkx'} & set(sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
