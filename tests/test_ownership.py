"""The exact look-through (contract §3.2, §4), each figure worked by hand in the test."""

from fractions import Fraction as F

import pytest

from tiktok_deal import Stake
from tiktok_deal.ownership import traced_stakes


def stakes(*rows: tuple[str, str, str] | tuple[str, str, str, str]) -> list[Stake]:
    return [
        Stake(holder=r[0], of=r[1], equity=r[2], voting=r[3] if len(r) > 3 else None) for r in rows
    ]


def test_two_adversary_holdings_combine_exactly_to_one_fifth() -> None:
    # 0.18 + 0.02 = 0.20 exactly (with floats it would be 0.19999999999999998).
    result = traced_stakes(stakes(("cn1", "t", "0.18"), ("cn2", "t", "0.02")), {"cn1", "cn2"})
    assert result["t"] == F(1, 5)


def test_a_chain_multiplies_link_by_link() -> None:
    # cn holds 1/3 of a U.S. holding company that holds 60 % of t: 3/5 × 1/3 = 1/5.
    result = traced_stakes(stakes(("h", "t", "60%"), ("cn", "h", "1/3")), {"cn"})
    assert result["h"] == F(1, 3)
    assert result["t"] == F(1, 5)


def test_tracing_stops_at_the_first_source() -> None:
    # ByteDance's founders (also sources) hold 20 % of ByteDance; ByteDance holds 19.9 % of t.
    # Counting both would give 19.9 % + 20 % × 19.9 % = 23.88 %; the stake is 19.9 %.
    rows = stakes(("bytedance", "t", "19.9%"), ("founders", "bytedance", "20%"))
    assert traced_stakes(rows, {"bytedance", "founders"})["t"] == F(199, 1000)


def test_a_cross_holding_is_solved_as_a_linear_system() -> None:
    # cn holds 50 % of a; b holds 10 % of a; a holds 30 % of b.
    #   x_a = 1/2 + 1/10 · x_b,  x_b = 3/10 · x_a
    #   x_a = 1/2 + 3/100 · x_a  →  x_a = (1/2) / (97/100) = 50/97;  x_b = 15/97.
    # a holds 40 % of t: x_t = 2/5 · 50/97 = 20/97.
    rows = stakes(("cn", "a", "50%"), ("b", "a", "10%"), ("a", "b", "30%"), ("a", "t", "40%"))
    result = traced_stakes(rows, {"cn"})
    assert result["a"] == F(50, 97)
    assert result["b"] == F(15, 97)
    assert result["t"] == F(20, 97)


def test_a_tight_cycle_is_exact() -> None:
    # a and b hold 98 % of each other; cn holds the other 2 % of a.
    #   x_a = 2/100 + 98/100 · x_b,  x_b = 98/100 · x_a
    #   x_a (1 − 9604/10000) = 2/100  →  x_a = 200/396 = 50/99.
    rows = stakes(("b", "a", "98%"), ("a", "b", "98%"), ("cn", "a", "2%"))
    assert traced_stakes(rows, {"cn"})["a"] == F(50, 99)


def test_a_closed_cycle_with_no_source_traces_nothing() -> None:
    # a and b own each other entirely: no part of them traces to cn.
    rows = stakes(("b", "a", "100%"), ("a", "b", "100%"), ("a", "t", "10%"))
    result = traced_stakes(rows, {"cn"})
    assert result.get("t", F(0)) == 0


def test_control_counts_a_majority_link_as_the_whole() -> None:
    # A fund 55 % owned by a Chinese state investor holds 30 % of t.
    # multiply: 3/10 × 55/100 = 33/200 (16.5 %);  control: 55 % > 50 %, so 3/10 × 1 = 3/10.
    rows = stakes(("cn", "fund", "55%"), ("fund", "t", "30%"))
    assert traced_stakes(rows, {"cn"}, method="multiply")["t"] == F(33, 200)
    assert traced_stakes(rows, {"cn"}, method="control")["t"] == F(3, 10)


def test_control_caps_at_one_hundred_percent() -> None:
    # cn controls f (60 % of votes, 10 % of equity) and holds the rest of the equity too:
    # equity basis under control: the controlling link counts 1, plus 90 % equity = 190 % → 100 %.
    rows = stakes(("cn", "f", "10%", "60%"), ("cn2", "f", "90%", "40%"))
    result = traced_stakes(rows, {"cn", "cn2"}, method="control", basis="equity")
    assert result["f"] == 1


def test_control_saturates_a_loop_of_controlling_links() -> None:
    # a and b each hold 60 % of the other (both controlling); cn holds 40 % of a.
    # Under control each passes all of itself to the other: x_a = 2/5 + x_b, x_b = x_a,
    # which has no finite solution below the cap, so both saturate at 1; t gets 10 % × 1.
    # Under multiply: x_a = 2/5 + 3/5 · x_b, x_b = 3/5 · x_a → x_a = (2/5)/(16/25) = 5/8.
    rows = stakes(("b", "a", "60%"), ("a", "b", "60%"), ("cn", "a", "40%"), ("a", "t", "10%"))
    control = traced_stakes(rows, {"cn"}, method="control")
    assert (control["a"], control["b"], control["t"]) == (1, 1, F(1, 10))
    multiply = traced_stakes(rows, {"cn"}, method="multiply")
    assert (multiply["a"], multiply["t"]) == (F(5, 8), F(1, 16))


def test_direct_counts_only_stakes_held_by_sources() -> None:
    # Direct: only cn's own 10 %; the 50 % through h is not counted (multiply: 10 % + 60 % × 50 %).
    rows = stakes(("cn", "t", "10%"), ("h", "t", "60%"), ("cn", "h", "50%"))
    assert traced_stakes(rows, {"cn"}, method="direct")["t"] == F(1, 10)
    assert traced_stakes(rows, {"cn"}, method="multiply")["t"] == F(1, 10) + F(3, 5) * F(1, 2)


def test_voting_basis_uses_votes_and_defaults_to_equity() -> None:
    # Dual-class: cn holds 10 % of equity but 30 % of votes; other holder has no voting given.
    rows = stakes(("cn", "t", "10%", "30%"), ("us", "t", "5%"))
    assert traced_stakes(rows, {"cn"}, basis="equity")["t"] == F(1, 10)
    assert traced_stakes(rows, {"cn"}, basis="voting")["t"] == F(3, 10)


@pytest.mark.parametrize("bad", [{"method": "sum"}, {"basis": "shares"}])
def test_unknown_method_or_basis(bad: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="unknown"):
        traced_stakes([], {"cn"}, **bad)  # type: ignore[arg-type]


def test_stop_at_measures_one_source_while_the_others_still_stop_tracing() -> None:
    # ByteDance (source) holds 100 % of t; its founders (also sources) hold 20 % of ByteDance.
    # The founders' own share of t is 0: tracing stops at ByteDance, which is counted as a whole.
    # The chain runs through TikTok Ltd., listed before ByteDance's own holders on purpose.
    rows = stakes(
        ("ltd", "t", "100%"), ("bytedance", "ltd", "100%"), ("founders", "bytedance", "20%")
    )
    both = {"bytedance", "founders"}
    founders = traced_stakes(rows, {"founders"}, stop_at=both)
    assert founders.get("t", 0) == 0
    assert founders["bytedance"] == F(1, 5)  # the stake *in* a stop is still measured
    assert traced_stakes(rows, {"bytedance"}, stop_at=both)["t"] == 1
