"""Two deals, or one deal under two readings, side by side: only what differs is listed."""

from __future__ import annotations

import json

import attrs
import pytest
from builders import deal

from tiktok_deal import Status, compare, preset
from tiktok_deal.cli import main

C, V = Status.COMPLIANT, Status.VIOLATION


def test_a_stake_raised_to_the_line_changes_one_finding_and_one_fact() -> None:
    # ByteDance 19.9 % → 20 %, the fund's 50 % giving way: only §2(g)(1)(B) turns (the line is
    # inclusive), and only two stakes differ.
    a = deal({"t": "US", "bd": "CN", "fund": "US"}, [("bd", "t", "19.9%"), ("fund", "t", "50%")])
    b = deal({"t": "US", "bd": "CN", "fund": "US"}, [("bd", "t", "20%"), ("fund", "t", "49.9%")])
    change = compare(a, b)
    assert [(f.rule, f.a.status, f.b.status) for f in change.findings] == [  # type: ignore[union-attr]
        ("pafaca.fa_ownership", C, V)
    ]
    assert [(f.table, f.key, f.a, f.b) for f in change.facts] == [
        ("stakes", "bd → t", {"equity": "19.9%"}, {"equity": "20%"}),
        ("stakes", "fund → t", {"equity": "50%"}, {"equity": "49.9%"}),
    ]


def test_one_deal_under_two_readings_differs_in_findings_only() -> None:
    jv = preset("joint-venture-2026")
    change = compare(jv, jv, interpretation_b={"license_is_cooperation": "never"})
    assert change.facts == ()
    assert [f.rule for f in change.findings] == ["pafaca.algorithm_cooperation"]
    assert change.to_dict()["b"]["interpretation"]["license_is_cooperation"] == "never"


def test_unkeyed_entries_are_compared_as_collections() -> None:
    # Seats have no key: one seat more for the fund is one entry in B only.
    a = deal({"t": "US", "fund": "US"}, board=[("fund", "US")])
    b = deal({"t": "US", "fund": "US"}, board=[("fund", "US"), ("fund", "US")])
    (seat,) = compare(a, b).facts
    assert (seat.table, seat.a, seat.b) == ("board", None, {"appointed_by": "fund", "nationality": "US"})


def test_the_same_deal_differs_in_nothing() -> None:
    d = preset("framework-2025")
    change = compare(d, attrs.evolve(d))
    assert (change.findings, change.facts) == ((), ())
    assert "No finding and no fact differ" in change.format()


def test_diff_command_names_the_findings_and_facts_that_differ(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["diff", "preset:framework-2025", "preset:joint-venture-2026", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert set(data) >= {"a", "b", "findings", "facts"}
    rules = {f["rule"] for f in data["findings"]}
    # The joint venture adds ByteDance's U.S. company, which runs functions of the app and keeps
    # commercial ties: §2(g)(3)(A) and §2(g)(6)(B) turn; §2(g)(1)(B) stays at 19.9 % in both.
    assert {"pafaca.operated_by", "pafaca.operational_relationship"} <= rules
    assert "pafaca.fa_ownership" not in rules
    tables = {f["table"] for f in data["facts"]}
    assert {"deal", "parties", "stakes", "board", "operations"} <= tables
    for f in data["facts"]:
        assert f["a"] != f["b"]


def test_diff_two_readings_of_one_file(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", "preset:joint-venture-2026", "preset:joint-venture-2026",
                 "--interpret-b", "operation=core_functions"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "pafaca.operated_by" in out
    assert "Facts that differ" not in out
