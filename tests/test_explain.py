"""The stake, route by route: ``td.explain`` and ``tiktok-deal explain`` — shares worked by hand,
and the law that the rows always add up exactly to the stake."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from builders import deal
from hypothesis import given
from hypothesis import strategies as st

import tiktok_deal as td
from tiktok_deal.cli import main
from tiktok_deal.explanation import route_words
from tiktok_deal.strategies import deals, interpretations

F = Fraction
DEALS = Path(__file__).parents[1] / "docs" / "deals"


def rows(found: td.Explanation) -> list[tuple[str | None, tuple[str, ...] | None, Fraction]]:
    return [(r.person, r.route, r.share) for r in found]


def test_twelve_percent_directly_and_eight_through_the_fund() -> None:
    # ByteDance 12 % of newco, and 20 % of a fund that holds 40 %: 40 % × 20 % = 8 %.
    found = td.explain(td.load(DEALS / "first-deal.toml"))
    assert found.entity == "newco"
    assert found.stake == F(12, 100) + F(40, 100) * F(20, 100) == F(1, 5)
    assert rows(found) == [
        ("bytedance", ("bytedance", "newco"), F(12, 100)),
        ("bytedance", ("bytedance", "fund", "newco"), F(8, 100)),
    ]
    assert "(12 % + 8 % = 20 %)" in found.format()


def test_a_cross_holding_is_one_step_of_the_route() -> None:
    # cn 50 % of a; b 10 % of a; a 30 % of b; a 39 % of newco.
    # x_a = 1/2 + 1/10 · x_b and x_b = 3/10 · x_a, so x_a = (1/2) / (1 - 3/100) = 50/97;
    # newco: 39/100 × 50/97 = 39/194.
    found = td.explain(td.load(DEALS / "cross-holding.toml"))
    assert found.stake == F(39, 100) * F(50, 97) == F(39, 194)
    [(person, route, share)] = rows(found)
    assert person == "cn"
    assert share == F(39, 194)
    assert route is not None
    assert route[0] == "cn"
    assert route[-1] == "newco"
    assert route[1] == "a+b"  # the group {a, b}, one step, entered at a
    assert len(route) == 3


def test_a_controlling_link_passes_on_all_of_the_holding_under_control() -> None:
    # cn holds 51 % of holdco, which holds 30 % of newco.
    d = td.load(DEALS / "controlling-link.toml")
    multiply = td.explain(d)
    assert rows(multiply) == [("cn", ("cn", "holdco", "newco"), F(51, 100) * F(30, 100))]
    # control: 51 % of holdco's votes is more than half, so holdco counts as 100 % of itself:
    # 100 % × 30 % = 30 %, and the row still names the (A)-person behind holdco.
    control = td.explain(d, interpretation={"lookthrough": "control"})
    assert rows(control) == [("cn", ("cn", "holdco", "newco"), F(30, 100))]
    assert [r.controlled for r in control] == [("holdco",)]
    assert [r.controlled for r in multiply] == [()]
    assert route_words(d, control.rows[0]) == (
        "A Chinese conglomerate → U.S. Holdings Inc. (controlled: counted as 100 %) → NewCo U.S. LLC"
    )


def test_unknown_facts_give_the_worst_case_and_say_so() -> None:
    # cn 16 % and a nominee of unknown jurisdiction 5 %: the worst case counts the nominee.
    found = td.explain(td.load(DEALS / "unknown-holder.toml"))
    assert found.stake == F(16, 100) + F(5, 100)
    assert {r.person for r in found} == {"cn", "nominee"}
    assert "jurisdiction unknown" in found.format()


def test_an_adversary_person_is_its_own_stake() -> None:
    found = td.explain(td.preset("joint-venture-2026"), "bytedance")
    assert found.stake == 1
    assert rows(found) == [("bytedance", ("bytedance",), F(1))]


def test_nothing_traced_is_zero_with_no_rows() -> None:
    d = deal({"t": "US", "a": "US"}, [("a", "t", "50%")])
    found = td.explain(d)
    assert found.stake == 0
    assert len(found) == 0
    assert "No holding traces" in found.format()


def test_past_fifty_routes_the_rest_is_one_row() -> None:
    # 60 Chinese holders of 1 % each: 60 routes, the 50 listed and one row of 10 × 1 % = 10 %.
    holders = {f"cn{i:02}": "CN" for i in range(60)}
    d = deal({"t": "US", **holders}, [(h, "t", "1%") for h in holders])
    found = td.explain(d)
    assert found.stake == F(60, 100)
    assert len(found) == 51
    assert found.rows[-1].route is None
    assert found.rows[-1].share == F(10, 100)
    assert sum(r.share for r in found) == found.stake


def test_the_ownership_finding_carries_the_same_rows() -> None:
    d = td.load(DEALS / "first-deal.toml")
    finding = td.check(d).to_dict()["findings"][1]
    assert finding["rule"] == "pafaca.fa_ownership"
    assert finding["contributions"] == td.explain(d).to_dict()["rows"]


def test_routes_into_a_cross_holding_at_different_members_read_differently() -> None:
    # bd 10 % of t and 40 % of p; p 50 % of t; t 30 % of p (the target in a cross-holding).
    # x_t = 1/10 + 1/2 · x_p and x_p = 2/5 + 3/10 · x_t, so x_t · (1 - 3/20) = 1/10 + 1/5 and
    # x_t = (3/10) / (17/20) = 6/17: through p 2/5 · 1/2 / (17/20) = 4/17, straight in
    # 1/10 / (17/20) = 2/17.
    d = td.deal_from_dict({
        "name": "target in a cross-holding", "target": "t",
        "parties": {"t": {"organized_in": "US"}, "p": {"organized_in": "US"},
                    "bd": {"organized_in": "CN"}},
        "stakes": [{"holder": "bd", "of": "t", "equity": "10%"},
                   {"holder": "bd", "of": "p", "equity": "40%"},
                   {"holder": "p", "of": "t", "equity": "50%"},
                   {"holder": "t", "of": "p", "equity": "30%"}],
    })  # fmt: skip
    found = td.explain(d)
    assert found.stake == F(6, 17)
    assert rows(found) == [("bd", ("bd", "p+t"), F(4, 17)), ("bd", ("bd", "t+p"), F(2, 17))]
    assert [route_words(d, r) for r in found] == [
        "bd → cross-holding of p, t, entered at p",
        "bd → cross-holding of t, p, entered at t",
    ]


@given(deals(max_parties=6, unknown_jurisdictions=True), interpretations())
def test_the_rows_always_add_up_to_the_stake(d: td.Deal, reading: td.Interpretation) -> None:
    """Whatever the graph and the reading, the routes of the breakdown add up exactly to the
    stake the breakdown reports, and that stake is the ownership finding's worst case."""
    found = td.explain(d, interpretation=reading)
    assert sum((r.share for r in found), F(0)) == found.stake
    assert all(r.share > 0 for r in found)
    for r in found:
        if r.route is not None and d.target not in r.route[:1]:  # it ends at the target, or
            assert d.target in r.route[-1].split("+")  # at the cross-holding the target is in
    target_is_a_person = [r.route for r in found] == [(d.target,)]
    if found.exact and not target_is_a_person:  # (A)-persons' own holders are not traced
        bounds = td.check(d, interpretation=reading)["pafaca.fa_ownership"].bounds
        assert bounds is not None
        assert found.stake == bounds[1]


@given(st.sampled_from(["multiply", "control", "direct"]))
def test_every_reading_of_the_lookthrough_is_explained(method: str) -> None:
    found = td.explain(td.load(DEALS / "cross-holding.toml"), interpretation={"lookthrough": method})
    assert sum((r.share for r in found), F(0)) == found.stake


def test_the_command_prints_the_breakdown_and_its_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(DEALS / "first-deal.toml")]) == 0
    text = capsys.readouterr().out
    assert "ByteDance Ltd. → A U.S. fund → NewCo U.S. LLC" in text
    assert main(["explain", str(DEALS / "first-deal.toml"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["entity"] == "newco"
    assert data["stake"] == "1/5"
    assert data["exact"] is True
    assert [row["share"] for row in data["rows"]] == ["3/25", "2/25"]  # 12 % and 8 %
    assert sum(F(row["share"]) for row in data["rows"]) == F(data["stake"])


def test_the_command_refuses_an_unknown_party(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "--party", "nobody"]) == 2
    err = capsys.readouterr().err
    assert "unknown party 'nobody'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("method", ["multiply", "control", "direct"])
def test_a_random_200_entity_deal_with_cycles_adds_up_exactly(seed: int, method: str) -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from random_deal import random_deal

    d = td.deal_from_dict(random_deal(200, seed=seed, dual_class=0.1))
    found = td.explain(d, interpretation={"lookthrough": method})
    assert found.exact
    assert sum((r.share for r in found), F(0)) == found.stake
    assert found.stake == td.check(d, interpretation={"lookthrough": method})[
        "pafaca.fa_ownership"
    ].value
