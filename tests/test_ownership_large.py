"""Deals just over ``ownership.LARGE`` stakes take the numeric look-through, exact near the line.

Small enough to run in a fraction of a second (test_large.py has the 100,000-entity deal): each
deal here is a handful of real holdings plus ``LARGE`` filler stakes that reach no adversary.
Figures are worked by hand in the comments.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from tiktok_deal import Deal, Party, Stake, Status, check
from tiktok_deal.ownership import LARGE, traced_stakes_large

FILLER = [Stake(holder="pool", of=f"f{i}", equity="1%") for i in range(LARGE)]


def large(*stakes: Stake) -> list[Stake]:
    """``stakes`` first, then enough filler to make the list large."""
    return [*stakes, *FILLER]


# ---------------------------------------------------------------------------- traced_stakes_large
def test_figures_near_the_line_are_exact_the_others_floats() -> None:
    # cn holds 1/3 of h, h holds 60 % of t: 3/5 · 1/3 = 1/5, on the line, so decided exactly.
    # cn holds 10 % of u: 0.1, far from the line, left as the numeric figure.
    stakes = large(
        Stake(holder="h", of="t", equity="60%"),
        Stake(holder="cn", of="h", equity="1/3"),
        Stake(holder="cn", of="u", equity="10%"),
    )
    result = traced_stakes_large(stakes, {"cn", "absent"}, threshold=F(1, 5))
    assert result["t"] == F(1, 5)
    assert isinstance(result["t"], F)
    assert result["u"] == pytest.approx(0.1, abs=1e-12)
    assert isinstance(result["u"], float)
    assert result["h"] == pytest.approx(1 / 3, abs=1e-12)
    assert result["f0"] == 0
    assert result["f1999"] == 0


def test_the_exact_redecision_stops_at_sources_and_survives_cycles() -> None:
    # bytedance (a source) holds 20 % of t; the founders (also a source) hold 20 % of bytedance:
    # tracing stops at bytedance, so t is 1/5 exactly, not 1/5 + 1/5 · 1/5.
    # x and y hold 50 % of each other and y 10 % of t, x held by nobody else: nothing more.
    stakes = large(
        Stake(holder="bytedance", of="t", equity="20%"),
        Stake(holder="founders", of="bytedance", equity="20%"),
        Stake(holder="y", of="t", equity="10%"),
        Stake(holder="x", of="y", equity="50%"),
        Stake(holder="y", of="x", equity="50%"),
    )
    result = traced_stakes_large(stakes, {"bytedance", "founders"}, threshold=F(1, 5))
    assert result["t"] == F(1, 5)
    assert isinstance(result["t"], F)


def test_the_exact_redecision_follows_chains_upstream() -> None:
    # cn holds 50 % of a, a 50 % of b, b 80 % of t: 4/5 · 1/2 · 1/2 = 1/5, exactly. A U.S. fund
    # nobody holds has the other 50 % of b: followed upstream too, and found to carry nothing.
    stakes = large(
        Stake(holder="b", of="t", equity="80%"),
        Stake(holder="a", of="b", equity="50%"),
        Stake(holder="usfund", of="b", equity="50%"),
        Stake(holder="cn", of="a", equity="50%"),
    )
    assert traced_stakes_large(stakes, {"cn"}, threshold=F(1, 5))["t"] == F(1, 5)
    # A different line: 1/5 is now far from it and comes back as a float.
    far = traced_stakes_large(stakes, {"cn"}, threshold=F(1, 2))["t"]
    assert isinstance(far, float)
    assert far == pytest.approx(0.2, abs=1e-12)


def test_a_line_at_zero_decides_every_zero_exactly() -> None:
    # Every entity with nothing traced is then on the line, so re-decided exactly: 0, also for
    # holders that nobody holds (the pool, cn itself).
    stakes = large(Stake(holder="cn", of="u", equity="10%"))
    result = traced_stakes_large(stakes, {"cn"}, threshold=F(0))
    for entity in ("pool", "cn", "f0"):
        assert result[entity] == 0
        assert isinstance(result[entity], F)
    assert result["u"] == pytest.approx(0.1)


def test_methods_and_bases_on_the_numeric_path() -> None:
    # cn holds 10 % of the fund's equity and 60 % of its votes; the fund holds 30 % of t.
    # multiply: 3/10 · 1/10 = 3 %; control: the link counts as 1, 30 %; direct: 0.
    # cn also holds 10 % of v's equity and 30 % of its votes: equity 10 %, voting 30 %.
    stakes = large(
        Stake(holder="cn", of="fund", equity="10%", voting="60%"),
        Stake(holder="fund", of="t", equity="30%"),
        Stake(holder="cn", of="v", equity="10%", voting="30%"),
    )
    line = F(1, 5)
    assert traced_stakes_large(stakes, {"cn"}, threshold=line)["t"] == pytest.approx(0.03)
    control = traced_stakes_large(stakes, {"cn"}, method="control", threshold=line)
    assert control["t"] == pytest.approx(0.3)
    direct = traced_stakes_large(stakes, {"cn"}, method="direct", threshold=line)
    assert (direct["t"], direct["fund"]) == (0, pytest.approx(0.1))
    assert traced_stakes_large(stakes, {"cn"}, threshold=line)["v"] == pytest.approx(0.1)
    voting = traced_stakes_large(stakes, {"cn"}, basis="voting", threshold=line)
    assert voting["v"] == pytest.approx(0.3)
    assert voting["fund"] == pytest.approx(0.6)


def test_control_exactly_on_the_line_is_decided_exactly() -> None:
    # cn controls the fund (60 % of votes, 10 % of equity); the fund holds 20 % of t: under
    # control 1 · 1/5 = 1/5 exactly, decided by the exact path with the control reading.
    stakes = large(
        Stake(holder="cn", of="fund", equity="10%", voting="60%"),
        Stake(holder="fund", of="t", equity="20%"),
    )
    result = traced_stakes_large(stakes, {"cn"}, method="control", threshold=F(1, 5))
    assert result["t"] == F(1, 5)
    voting = traced_stakes_large(stakes, {"cn"}, basis="voting", threshold=F(3, 25))
    assert voting["t"] == F(3, 25)  # multiply on votes: 1/5 · 3/5 = 3/25, exactly on that line


# ---------------------------------------------------------------------------- the rules on a large deal
CAST = [
    Party(id="t", name="TikTok USDS", organized_in="US"),
    Party(id="bytedance", name="ByteDance Ltd.", organized_in="KY", headquartered_in="CN"),
    Party(id="alpha", name="Alpha Capital", organized_in="CN"),
    Party(id="hold", name="US Holdco", organized_in="US"),
    Party(id="pool", name="Pool LP", organized_in="US"),
    *(Party(id=f"f{i}", organized_in="US") for i in range(LARGE)),
]


def large_deal(*stakes: Stake) -> Deal:
    return Deal(name="large", target="t", parties=CAST, stakes=large(*stakes))


def test_a_large_deal_names_every_person_with_its_whole_share() -> None:
    # Alpha 3 % directly and 50 % of US Holdco, which holds 10 % of t (5 % more); ByteDance 12 %
    # directly: 12 % + 3 % + 5 % = 20 %, on the line, so a violation. A large deal is traced
    # exactly too: Alpha is named with its whole 8 % (3 % directly, the rest indirectly).
    d = large_deal(
        Stake(holder="alpha", of="t", equity="3%"),
        Stake(holder="bytedance", of="t", equity="12%"),
        Stake(holder="hold", of="t", equity="10%"),
        Stake(holder="alpha", of="hold", equity="50%"),
    )
    finding = check(d)["pafaca.fa_ownership"]
    assert (finding.status, finding.value, finding.exact) == (Status.VIOLATION, F(1, 5), True)
    clauses = finding.explanation.split("; ")
    assert clauses[0] == "ByteDance Ltd. (headquartered in CN) holds 12 % directly"
    assert clauses[1] == (
        "Alpha Capital (organized in CN) holds 8 % (3 % directly, the rest indirectly)"
    )
    assert clauses[2].startswith("foreign-adversary stake 20 % ≥ 20 %")
    routes = {(c.route, c.share) for c in finding.contributions or ()}
    assert (("alpha", "hold", "t"), F(5, 100)) in routes  # 50 % × 10 %


def test_a_large_deal_held_only_directly_has_nothing_more() -> None:
    # ByteDance 12 % and Alpha 3 % directly, nothing indirect: 15 %, no "more" clause.
    d = large_deal(
        Stake(holder="alpha", of="t", equity="3%"),
        Stake(holder="bytedance", of="t", equity="12%"),
    )
    finding = check(d)["pafaca.fa_ownership"]
    assert finding.status == Status.COMPLIANT
    assert "more traces" not in finding.explanation


def test_a_large_deal_under_the_control_reading() -> None:
    # Alpha holds 10 % of US Holdco's equity but 60 % of its votes; US Holdco holds 30 % of t.
    # multiply: 30 % × 10 % = 3 %; control: the controlling link counts whole, 30 % ≥ 20 %.
    d = large_deal(
        Stake(holder="alpha", of="hold", equity="10%", voting="60%"),
        Stake(holder="hold", of="t", equity="30%"),
    )
    assert check(d)["pafaca.fa_ownership"].status == Status.COMPLIANT
    control = check(d, interpretation={"lookthrough": "control"})["pafaca.fa_ownership"]
    assert control.status == Status.VIOLATION
    assert control.value == F(3, 10)


def test_a_large_deal_whose_target_nobody_holds() -> None:
    # One stake more than the filler (the pool's 1 % of US Holdco) makes it large.
    finding = check(large_deal(Stake(holder="pool", of="hold", equity="1%")))["pafaca.fa_ownership"]
    assert (finding.status, finding.value) == (Status.COMPLIANT, 0)
    assert finding.explanation.startswith("No holder of the target traces")


def test_a_large_deals_figure_is_exact() -> None:
    # ByteDance 12 %, Alpha 3 % directly and 1/3 of US Holdco's 10 %: 15 % + 10/3 % = 11/60
    # (18.33… %). A deal of a few thousand stakes fits the exact budget: the figure is 11/60.
    d = large_deal(
        Stake(holder="alpha", of="t", equity="3%"),
        Stake(holder="bytedance", of="t", equity="12%"),
        Stake(holder="hold", of="t", equity="10%"),
        Stake(holder="alpha", of="hold", equity="1/3"),
    )
    finding = check(d)["pafaca.fa_ownership"]
    assert finding.status == Status.COMPLIANT
    assert finding.value == F(12, 100) + F(3, 100) + F(1, 3) * F(10, 100) == F(11, 60)
    assert finding.exact


def test_a_large_deal_on_the_voting_figure() -> None:
    # ByteDance holds 12 % of the equity but 25 % of the votes directly: the voting figure,
    # 25 %, is the stake (stake=max), and the holding is named at 25 %.
    d = large_deal(Stake(holder="bytedance", of="t", equity="12%", voting="25%"))
    finding = check(d)["pafaca.fa_ownership"]
    assert (finding.status, finding.value) == (Status.VIOLATION, F(1, 4))
    assert finding.explanation.startswith(
        "ByteDance Ltd. (headquartered in CN) holds 25 % directly;"
    )
    assert "the voting figure (equity: 12 %)" in finding.explanation


def test_a_cross_holding_over_the_size_budget_is_not_tried_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A ring of 6 entities, each holding 1/2 of the next, fed 1/2 by cn; r3 holds 40 % of t. In
    # a graph taken as large, within the size budget t's figure is exact; with the budget at 5
    # members the ring and t get the numeric figure, whose certified bounds hold the exact one,
    # and t, on a line at its figure, is left undecided.
    from tiktok_deal.ownership import Graph, trace, traced

    ring = [Stake(holder=f"r{i}", of=f"r{(i + 1) % 6}", equity="1/2") for i in range(6)]
    graph = Graph.from_stakes(
        large(
            *ring,
            Stake(holder="cn", of="r0", equity="1/2"),
            Stake(holder="r3", of="t", equity="40%"),
        )
    )
    monkeypatch.setattr(traced, "EXACT_ALL_LINKS", 100)
    exact = trace(graph, {"cn"}).figure("t")
    assert exact.exact
    monkeypatch.setattr(traced, "COMPONENT_MAX", 5)
    numeric = trace(graph, {"cn"})
    figure = numeric.figure("t")
    assert not figure.exact
    assert figure.low <= exact.value <= figure.high
    assert "t" in numeric.reaching(exact.value).undecided
