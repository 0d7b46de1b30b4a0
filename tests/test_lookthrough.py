"""The look-through API (``trace`` on a ``Graph``): figures, decisions, contributions, routes and
saturation, each figure worked by hand in the test."""

from __future__ import annotations

import sys
import time
from fractions import Fraction as F
from pathlib import Path

import numpy as np
import pytest

from tiktok_deal import Stake, deal_from_dict
from tiktok_deal.errors import LookthroughLimitError
from tiktok_deal.ownership import Cycle, Figure, Graph, Link, Route, trace


def stakes(*rows: tuple[str, str, str] | tuple[str, str, str, str]) -> list[Stake]:
    return [
        Stake(holder=r[0], of=r[1], equity=r[2], voting=r[3] if len(r) > 3 else None) for r in rows
    ]


def graph(*rows: tuple[str, str, str] | tuple[str, str, str, str]) -> Graph:
    return Graph.from_stakes(stakes(*rows))


# The cross-holding of the module docstring: cn holds 50 % of a; b holds 10 % of a; a holds 30 %
# of b and 40 % of t.  x_a = 1/2 + 1/10 · x_b, x_b = 3/10 · x_a  →  x_a = (1/2)/(97/100) = 50/97,
# x_b = 15/97, x_t = 2/5 · 50/97 = 20/97.
CROSS = (("cn", "a", "50%"), ("b", "a", "10%"), ("a", "b", "30%"), ("a", "t", "40%"))


def test_figures_are_exact_fractions_and_zero_for_the_unknown() -> None:
    traced = trace(graph(*CROSS), {"cn"})
    assert traced.figure("t") == Figure.of(F(20, 97))
    assert traced.figure("b") == Figure(F(15, 97), F(15, 97), F(15, 97), True)
    assert traced.figure("nobody") == Figure.of(F(0))
    assert traced.figure("cn") == Figure.of(F(0))  # nothing of the source traces to itself


def test_at_least_and_reaching_decide_exactly() -> None:
    # 20/97 ≈ 20.6 % ≥ 20 %; 15/97 ≈ 15.5 %; 50/97 ≈ 51.5 %.
    traced = trace(graph(*CROSS), {"cn"})
    assert traced.at_least("t", F(1, 5)) is True
    assert traced.at_least("t", F(20, 97)) is True
    assert traced.at_least("t", F(20, 97) + F(1, 10**30)) is False
    assert traced.at_least("nobody", F(0)) is True
    assert traced.reaching(F(1, 5)) == {"a", "t"}
    assert traced.reaching(F(1, 2)) == {"a"}
    assert traced.reaching(F(0)) == {"cn", "a", "b", "t"}  # every entity's figure is ≥ 0
    assert not traced.reaching(F(1, 5)).undecided


def test_two_holdings_combine_exactly_to_one_fifth() -> None:
    # 0.18 + 0.02 = 0.20 exactly (floats would say 0.19999999999999998).
    traced = trace(graph(("cn1", "t", "0.18"), ("cn2", "t", "0.02")), {"cn1", "cn2"})
    assert traced.figure("t") == Figure.of(F(1, 5))
    assert traced.at_least("t", F(1, 5)) is True


def test_contributions_split_the_figure_source_by_source() -> None:
    # cn1 holds 50 % of a, cn2 holds 20 % of b; a and b hold 30 % of each other; a holds 40 %
    # of t. With y the share of t each passes on: y_a = 2/5 + 3/10 · y_b, y_b = 3/10 · y_a
    # → y_a = (2/5)/(91/100) = 40/91, y_b = 12/91. cn1: 1/2 · 40/91 = 20/91; cn2: 1/5 · 12/91
    # = 12/455. Together 100/455 + 12/455 = 112/455 = 16/65, the figure:
    # x_a = 1/2 + 3/10 x_b, x_b = 1/5 + 3/10 x_a → x_a = (1/2 + 3/50)/(91/100) = 8/13; 2/5 · 8/13.
    g = graph(
        ("cn1", "a", "50%"), ("cn2", "b", "20%"), ("b", "a", "30%"), ("a", "b", "30%"),
        ("a", "t", "40%"),
    )  # fmt: skip
    traced = trace(g, {"cn1", "cn2"})
    assert traced.figure("t").value == F(16, 65)
    parts = traced.contributions("t")
    assert parts == {"cn1": Figure.of(F(20, 91)), "cn2": Figure.of(F(12, 455))}
    # Each is what traces to that source alone, the other stopping the tracing.
    alone = trace(g, {"cn2"}, stop_at={"cn1"})
    assert alone.figure("t").value == F(12, 455)
    assert trace(g, {"cn1", "cn2"}).contributions("nobody") == {}


def test_contributions_under_direct_count_only_direct_holdings() -> None:
    # cn 10 % of t directly, 50 % of h which holds 60 % of t: direct counts 10 % only.
    g = graph(("cn", "t", "10%"), ("h", "t", "60%"), ("cn", "h", "50%"))
    traced = trace(g, {"cn"}, method="direct")
    assert traced.contributions("t") == {"cn": Figure.of(F(1, 10))}
    assert trace(g, {"cn"}).contributions("t") == {"cn": Figure.of(F(1, 10) + F(3, 10))}


def test_control_names_the_saturated_entities_in_the_contributions() -> None:
    # a and b each hold 60 % of the other (control both ways); cn holds 40 % of a; a holds 10 %
    # of t; cn2 holds 5 % of t. Under control a gets 2/5 + 1 (from b) > 1: capped, saturated;
    # b gets exactly 1 from a (not over 1). t = 1/10 · 1 + 1/20 = 3/20: 1/10 comes through a
    # (saturated, named), 1/20 from cn2.
    g = graph(
        ("b", "a", "60%"), ("a", "b", "60%"), ("cn", "a", "40%"), ("a", "t", "10%"),
        ("cn2", "t", "5%"),
    )  # fmt: skip
    traced = trace(g, {"cn", "cn2"}, method="control")
    assert traced.saturated == {"a"}
    assert traced.figure("t").value == F(3, 20)
    assert traced.contributions("t") == {"a": Figure.of(F(1, 10)), "cn2": Figure.of(F(1, 20))}
    # b's figure, 1, comes whole from a; a's own 1 is split in proportion to its inflow of
    # 2/5 + 1 = 7/5: cn 2/7, and a itself (round the loop through b) 5/7.
    assert traced.contributions("b") == {"a": Figure.of(F(1))}
    assert traced.contributions("a") == {"cn": Figure.of(F(2, 7)), "a": Figure.of(F(5, 7))}
    assert trace(g, {"cn"}).saturated == frozenset()  # multiply saturates nothing


def test_a_route_through_a_cross_holding_carries_the_cycles_factor() -> None:
    # CROSS: the only route is cn → [a, b entered and left at a] → t. Everything that enters a
    # comes back round the cycle a → b → a (3/10 · 1/10 = 3/100) again and again: the factor
    # is 1/(1 − 3/100) = 100/97, and the share 1/2 · 100/97 · 2/5 = 20/97, the whole figure.
    traced = trace(graph(*CROSS), {"cn"})
    (row,) = traced.routes("t")
    assert row.source == "cn"
    assert row.path == (
        Link("cn", "a", F(1, 2)),
        Cycle(("a", "b"), "a", "a", F(100, 97)),
        Link("a", "t", F(2, 5)),
    ) or row.path == (
        Link("cn", "a", F(1, 2)),
        Cycle(("b", "a"), "a", "a", F(100, 97)),
        Link("a", "t", F(2, 5)),
    )
    assert row.share == Figure.of(F(20, 97))


def test_routes_are_listed_largest_first_with_a_remainder_past_the_limit() -> None:
    # t is held 30 % by cn directly, 40 % by h (which cn holds 50 % of: 1/5), 10 % by k (cn
    # 10 %: 1/100): 3/10 + 1/5 + 1/100 = 51/100.
    g = graph(
        ("cn", "t", "30%"), ("h", "t", "40%"), ("cn", "h", "50%"), ("k", "t", "10%"),
        ("cn", "k", "10%"),
    )  # fmt: skip
    traced = trace(g, {"cn"})
    rows = traced.routes("t")
    assert [r.share.value for r in rows] == [F(3, 10), F(1, 5), F(1, 100)]
    assert rows[1].path == (Link("cn", "h", F(1, 2)), Link("h", "t", F(2, 5)))
    short = traced.routes("t", limit=1)
    assert short == [
        Route("cn", (Link("cn", "t", F(3, 10)),), Figure.of(F(3, 10))),
        Route(None, None, Figure.of(F(21, 100))),
    ]


def test_routes_under_control_mark_the_links_counted_whole() -> None:
    # cn holds 10 % of a fund's equity but 60 % of its votes; the fund holds 30 % of t.
    # Under control the link counts as 100 %: t = 3/10.
    g = graph(("cn", "fund", "10%", "60%"), ("fund", "t", "30%"))
    (row,) = trace(g, {"cn"}, method="control").routes("t")
    assert row.path == (Link("cn", "fund", F(1), controlling=True), Link("fund", "t", F(3, 10)))
    assert row.share.value == F(3, 10)


def test_thirty_entangled_entities_under_control_are_decided() -> None:
    # The dual-class core of test_ownership (b controls a with 1 % of its equity; c holds 89 %
    # of a; a holds 99 % of b and c without control; cn 1 % of b) saturates a and b; a ring of
    # 27 round from a back to a, each holding 1 % of the next: r_k = (1/100)^k.
    rows = [
        Stake(holder="b", of="a", equity="1%", voting="51%"),
        Stake(holder="c", of="a", equity="89%", voting="49%"),
        Stake(holder="a", of="b", equity="99%", voting="49%"),
        Stake(holder="a", of="c", equity="99%", voting="49%"),
        Stake(holder="cn", of="b", equity="1%", voting="1%"),
    ]
    ring = [f"r{k:02d}" for k in range(1, 28)]
    for holder, held in zip(["a", *ring[:-1]], ring, strict=True):
        rows.append(Stake(holder=holder, of=held, equity="1%"))
    rows.append(Stake(holder=ring[-1], of="a", equity="10%", voting="0%"))
    traced = trace(Graph.from_stakes(rows), {"cn"}, method="control")
    assert traced.figure("r27").value == F(1, 100**27)
    assert traced.figure("c").value == F(99, 100)
    assert traced.figure("b").value == 1
    # a gets x_b + 89/100 · 99/100 + … > 1 and is capped; b gets 1/100 + 99/100 · 1, exactly 1:
    # at 100 % without a cap, so not saturated.
    assert traced.saturated == {"a"}


def test_a_figure_too_long_to_print_is_a_bracketed_decimal_but_decided_exactly() -> None:
    # Ten links, each of 1/(10^450 + 7): the figure has a denominator of about 4,500 digits.
    q = F(1, 10**450 + 7)
    rows = [Stake(holder="cn", of="x0", equity=q)]
    rows += [Stake(holder=f"x{i}", of=f"x{i + 1}", equity=q) for i in range(9)]
    traced = trace(Graph.from_stakes(rows), {"cn"})
    figure = traced.figure("x9")
    exact = q**10
    assert not figure.exact
    assert figure.value == 0.0  # about 10^-4500: a float says 0
    assert figure.low <= exact <= figure.high
    assert figure.high - figure.low == F(1, 10**40)
    assert traced.at_least("x9", exact) is True
    assert traced.at_least("x9", exact * (1 + F(1, 10**5000))) is False


def test_beyond_the_budget_figures_are_numeric_and_decisions_may_be_none() -> None:
    # CROSS without any exact work allowed: bounds around 20/97, and a comparison with the
    # figure itself cannot be settled (the bounds straddle it).
    traced = trace(graph(*CROSS), {"cn"}, budget=0)
    figure = traced.figure("t")
    assert not figure.exact
    assert figure.low <= F(20, 97) <= figure.high
    assert figure.high - figure.low < F(1, 10**14)
    assert traced.at_least("t", F(1, 5)) is True  # far from the line: the bounds decide
    assert traced.at_least("t", F(20, 97)) is None
    reaching = traced.reaching(F(20, 97))
    assert reaching == {"a"}
    assert reaching.undecided == {"t"}
    (share,) = traced.contributions("t").values()  # numeric, bounded
    assert not share.exact
    assert share.low <= F(20, 97) <= share.high
    with pytest.raises(LookthroughLimitError, match="budget"):
        traced.routes("t")


def test_a_cycle_of_two_thousand_stakes_is_exact() -> None:
    # c0 ← c1 ← … ← c1999 ← c0, each holding 50 % of the next; cn holds 50 % of c0 and c0 10 %
    # of t. Round the cycle: x_0 = 1/2 + (1/2)^2000 · x_0 → x_0 = (1/2)/(1 − 2^-2000).
    rows = [Stake(holder=f"c{(i + 1) % 2000}", of=f"c{i}", equity="50%") for i in range(2000)]
    rows += [Stake(holder="cn", of="c0", equity="50%"), Stake(holder="c0", of="t", equity="10%")]
    traced = trace(Graph.from_stakes(rows), {"cn"})
    x0 = F(1, 2) / (1 - F(1, 2**2000))
    assert traced.figure("c0").value == x0
    assert traced.figure("t").value == x0 / 10


def test_three_thousand_stakes_landing_exactly_on_one_fifth() -> None:
    # A cycle of 2,997 entities at 50 % that no source reaches, feeding t 10 %; cn1 18 % and
    # cn2 2 % of t directly: exactly 1/5, decided as at least 1/5.
    n = 2997
    rows = [Stake(holder=f"c{(i + 1) % n}", of=f"c{i}", equity="50%") for i in range(n)]
    rows += [
        Stake(holder="cn1", of="t", equity="18%"),
        Stake(holder="cn2", of="t", equity="2%"),
        Stake(holder="c0", of="t", equity="10%"),
    ]
    assert len(rows) == 3000
    traced = trace(Graph.from_stakes(rows), {"cn1", "cn2"})
    assert traced.figure("t") == Figure.of(F(1, 5))
    assert traced.at_least("t", F(1, 5)) is True


def test_a_graph_from_columns_takes_exact_weights_from_a_callback() -> None:
    # Links 0: cn → h, 1/3; 1: h → t, 3/5. The floats are the roundings; the callback gives the
    # exact fractions, so the figure is exactly 1/5 (the floats alone would not be).
    exact = {0: F(1, 3), 1: F(3, 5)}
    asked: list[tuple[str, bool, list[int]]] = []

    def weights(basis: str, upper: bool, links: np.ndarray) -> list[F]:
        asked.append((basis, upper, links.tolist()))
        return [exact[k] for k in links.tolist()]

    g = Graph.from_columns(["cn", "h", "t"], [0, 1], [1, 2], equity=[1 / 3, 3 / 5], exact=weights)
    assert trace(g, {"cn"}).figure("t") == Figure.of(F(1, 5))
    assert asked
    assert asked[0][:2] == ("equity", False)
    floats = Graph.from_columns(["cn", "h", "t"], [0, 1], [1, 2], equity=[1 / 3, 3 / 5])
    assert trace(floats, {"cn"}).figure("t").value == F(1 / 3) * F(3 / 5)  # floats as exact


def test_columns_fall_back_like_a_stake() -> None:
    # Link 0: equity 10 %–30 %, voting 60 % (no top: 60 % at the top too); link 1: equity 50 %,
    # no voting (votes = equity, both ends).
    g = Graph.from_columns(
        ["a", "b", "c"], [0, 1], [1, 2],
        equity=[0.1, 0.5], equity_max=[0.3, np.nan], voting=[0.6, np.nan],
    )  # fmt: skip
    assert g.floats("equity", True).tolist() == [0.3, 0.5]
    assert g.floats("voting", False).tolist() == [0.6, 0.5]
    assert g.floats("voting", True).tolist() == [0.6, 0.5]


def test_a_tangle_of_long_fractions_is_left_to_bounds_not_run_for_ever() -> None:
    # 30 entities holding one another, each stake with a 30-digit denominator of its own: the
    # exact solution would run to some 100,000 digits, past the budget (estimated before it is
    # tried), so figures come with certified bounds and decisions from them; nothing hangs.
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from hard_deals import long_fractions

    deal = deal_from_dict(long_fractions(30))
    traced = trace(Graph.from_stakes(deal.stakes), {"cn"})
    started = time.perf_counter()
    figure = traced.figure("t")
    assert not figure.exact
    assert figure.high - figure.low < F(1, 10**12)
    assert traced.at_least("t", F(1, 5)) == (figure.low >= F(1, 5))
    parts = traced.contributions("t")
    assert set(parts) == {"cn"}
    assert parts["cn"].low <= figure.high
    assert figure.low <= parts["cn"].high
    assert time.perf_counter() - started < 60
