"""Headroom, remedies and robustness across readings, figures worked by hand."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from builders import deal

from tiktok_deal import Status, check, preset
from tiktok_deal.cli import main
from tiktok_deal.scenarios.headroom import headroom
from tiktok_deal.scenarios.remedies import remedies
from tiktok_deal.scenarios.robustness import robustness

F = Fraction


def test_headroom_of_the_joint_venture() -> None:
    room = headroom(preset("joint-venture-2026"))
    # ByteDance 19.9 %: 20 − 19.9 = 0.1 points.
    assert room.stake == F(199, 1000)
    assert room.margin == F(1, 1000)
    bytedance = next(h for h in room.holders if h.holder == "bytedance")
    # ByteDance to v, the other 80.1 % (none adversary) diluted: stake = v; the line is v = 20 %,
    # so it could add anything less than 20 − 19.9 = 0.1 points.
    assert bytedance.room == F(1, 1000)
    assert bytedance.exact
    # TikTok Ltd. (100 % ByteDance) would enter from 0: v + 0.199·(1 − v) = 0.2 ⇒ v = 0.001/0.801.
    ltd = next(h for h in room.holders if h.holder == "tiktok-ltd")
    assert ltd.room == F(1, 801)


def test_remedy_on_the_line_sells_one_basis_point() -> None:
    deal_ = preset("framework-2025-as-first-reported")
    found = remedies(deal_)
    (sale,) = [r for r in found if r.rule == "pafaca.fa_ownership"]
    # Chinese investors hold exactly 20 %, on the inclusive line: the least sale in whole basis
    # points is one, 20 % − 0.01 = 19.99 %.
    assert sale.action == "sell_stake"
    assert sale.size == F(1, 10_000)
    assert "Sell 0.01 points of Chinese investors" in sale.explanation
    assert "20 % becomes 19.99 %" in sale.explanation
    assert sale.report["pafaca.fa_ownership"].status == Status.COMPLIANT
    assert sale.report["pafaca.fa_ownership"].value == F(1999, 10_000)


def test_remedy_sizes_are_the_least_whole_basis_points_that_work() -> None:
    # a (CN) 30 %, b (US) 50 %: a must fall below 20 %, so sell more than 10 points; in whole
    # basis points the least is 10.01 points (1,001), leaving a 19.99 %. Selling exactly 10
    # leaves 20 %, still a violation (the line is inclusive).
    d = deal({"t": "US", "a": "CN", "b": "US"}, [("a", "t", "30%"), ("b", "t", "50%")])
    (sale,) = remedies(d)
    assert sale.size == F(1001, 10_000)
    assert "Sell 10.01 points of a's 30 % stake in t to b" in sale.explanation
    held = {s.holder: s.equity for s in sale.deal.holdings_in("t")}
    assert held["a"] == F(1999, 10_000)
    assert held["b"] == F(1, 2) + F(1001, 10_000)


def test_remedies_name_the_arrangements_in_the_way() -> None:
    found = remedies(preset("joint-venture-2026"))
    rules = {r.rule for r in found}
    assert rules == {
        "pafaca.algorithm_cooperation",
        "pafaca.operational_relationship",
        "pafaca.operated_by",
    }
    (moved,) = [r for r in found if r.rule == "pafaca.operated_by"]
    # The four functions ByteDance's U.S. company runs, brought in-house: one change each.
    assert moved.action == "move_operation"
    assert moved.size == 4
    ops = [r for r in found if r.rule == "pafaca.operational_relationship"]
    assert ops[0].action == "end_arrangement"
    assert ops[0].size == 2  # two arrangements ended
    assert "commercial services" in ops[0].explanation
    assert "interoperability" in ops[0].explanation
    algo = [r.action for r in found if r.rule == "pafaca.algorithm_cooperation"]
    assert algo == ["make_one_time", "end_arrangement"]  # both one change; the milder first
    for remedy in found:
        assert remedy.report[remedy.rule].status == Status.COMPLIANT


def test_direction_remedies_move_seats() -> None:
    # a (CN) appoints 3 of 5 seats: moving 1 leaves 2 of 5, not more than half.
    d = deal(
        {"t": "US", "a": "CN", "b": "US"},
        [("b", "t", "50%")],
        board=[("a", None)] * 3 + [("b", "US")] * 2,
    )
    (move,) = [r for r in remedies(d) if r.rule == "pafaca.fa_direction"]
    assert move.action == "move_seats"
    assert move.size == 1
    assert check(move.deal)["pafaca.fa_direction"].status == Status.COMPLIANT


def test_robustness_names_the_deciding_switch() -> None:
    framework = robustness(preset("framework-2025"))
    # The one-time / ongoing licence question: only license_is_cooperation decides (3 × 3 × 3 ×
    # 2 × 2 = 108 readings: 'never' is 1 of 3 values, so 36 compliant and 72 violations).
    assert framework.outcome == "depends"
    assert framework.deciding == ("license_is_cooperation",)
    assert "compliant under 36" in framework.summary
    assert "violation under 72" in framework.summary
    assert robustness(preset("tiktok-global-2020")).summary == "violation under every reading"
    assert len(framework.to_frame()) == 108


def test_robustness_of_a_clean_deal() -> None:
    d = deal({"t": "US", "a": "CN", "b": "US"}, [("a", "t", "10%"), ("b", "t", "90%")])
    assert robustness(d).summary == "compliant under every reading"


def test_remedies_command(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["remedies", "--preset", "framework-2025-as-first-reported", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # the deal as given is a violation, as `check` says
    assert data["remedies"][0]["rule"] == "pafaca.fa_ownership"
    assert data["remedies"][0]["size"] == "1/10000"  # one basis point
    assert data["headroom"]["margin"] == "0"
    code = main(["remedies", "--preset", "joint-venture-2026"])
    text = capsys.readouterr().out
    assert code == 1
    assert "End the commercial services" in text
    assert "0.1 points" in text
