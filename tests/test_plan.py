"""Plans that make a whole deal comply: cheapest first, every plan verified by a full check."""

from __future__ import annotations

import json
from fractions import Fraction as F

import pytest
from builders import deal

from tiktok_deal import Status, check, plan, preset
from tiktok_deal.cli import main

C, V = Status.COMPLIANT, Status.VIOLATION


def test_the_joint_venture_can_be_made_compliant_and_the_plan_is_verified() -> None:
    found = plan(preset("joint-venture-2026"))
    assert found.verdict_before == V
    first = found.plans[0]
    # §2(g)(6)(B): the ongoing licence made one-time (or ended) and the two ties with ByteDance's
    # U.S. company ended; §2(g)(3)(A): the four functions it runs brought in-house. 1 + 2 + 4.
    assert first.changes == 7
    assert first.points_moved == 0
    assert check(first.deal).verdict == C
    # Ties are listed: ending the licence is as cheap as making it one-time.
    assert [p.changes for p in found.plans] == [7, 7]
    assert {p.edits[0].kind for p in found.plans} == {"make_one_time", "end_arrangement"}


def test_stake_sales_come_in_whole_basis_points_and_merge_per_seller() -> None:
    # b (CN) holds 60 % of t, appoints nothing: §2(g)(1)(B) needs b below 20 % (sell 40.01
    # points); §2(g)(1)(C) (more than half the votes) needs b at 50 % or less (sell 10). One
    # sale of 40.01 points to the largest clean holder, c, does both.
    d = deal({"t": "US", "b": "CN", "c": "US"}, [("b", "t", "60%"), ("c", "t", "40%")])
    (only,) = plan(d).plans
    (sale,) = only.edits
    assert (sale.kind, sale.points) == ("sell_stake", F(4001, 10_000))
    held = {s.holder: s.equity for s in only.deal.holdings_in("t")}
    assert held == {"b": F(1999, 10_000), "c": F(8001, 10_000)}  # 40 % + 40.01
    assert check(only.deal).verdict == C


def test_a_compliant_deal_needs_no_plan() -> None:
    found = plan(deal({"t": "US", "c": "US"}, [("c", "t", "100%")]))
    assert (found.verdict_before, found.plans) == (C, ())
    assert "nothing to change" in found.format()


def test_robust_plans_comply_under_every_reading() -> None:
    # A one-time licence is cooperation under license_is_cooperation=always: only ending it
    # complies under every reading.
    d = deal({"t": "US", "bd": "CN"}, arrangements=[("algorithm_license", "bd", False)])
    assert check(d).verdict == C  # one-time: not cooperation under the default reading
    robust = plan(d, robust=True)
    assert robust.verdict_before == V
    (only,) = robust.plans
    assert [e.kind for e in only.edits] == ["end_arrangement"]


def test_plan_command_json_has_the_contract_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["plan", "--preset", "joint-venture-2026", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1  # the deal as given is a violation
    assert set(data) >= {"ruleset", "interpretation", "verdict_before", "plans"}
    first = data["plans"][0]
    assert first["verdict_after"] == "compliant"
    assert first["cost"] == {"changes": 7, "points_moved": "0"}
    assert {c["kind"] for c in first["changes"]} >= {"end_arrangement", "move_operation"}
    for change in first["changes"]:
        assert change["description"]


def test_a_buyer_that_is_the_target_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan", "--preset", "status-quo", "--buyer", "tiktok-inc"]) == 2
    assert "the target itself" in capsys.readouterr().err
