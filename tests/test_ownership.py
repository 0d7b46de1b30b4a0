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
    assert founders.get("ltd", 0) == 0  # held only by ByteDance, a stop that passes on nothing
    assert founders["bytedance"] == F(1, 5)  # the stake *in* a stop is still measured
    assert traced_stakes(rows, {"bytedance"}, stop_at=both)["t"] == 1


# ---------------------------------------------------------------------------- ids against order
# The components are found depth-first from the ids in sorted order; these chains and cycles run
# against that order, so a result cannot come out right merely because "a" sorts before "b".
def test_a_chain_whose_ids_sort_against_the_dependency_order() -> None:
    # cn → z → a: z is solved before a although "a" sorts first.
    # x_z = 1/2; x_a = 2/5 · 1/2 = 1/5.
    result = traced_stakes(stakes(("cn", "z", "50%"), ("z", "a", "40%")), {"cn"})
    assert (result["z"], result["a"]) == (F(1, 2), F(1, 5))


def test_a_later_root_is_still_solved_after_an_earlier_one_was_visited() -> None:
    # Two chains: cn → b → a and cn → c → d. Starting from "a" reaches "b"; "c" and "d",
    # sorted after "b", must still be solved: x_c = 1/2, x_d = 1/2 · 1/2 = 1/4.
    rows = stakes(("b", "a", "50%"), ("cn", "b", "50%"), ("cn", "c", "50%"), ("c", "d", "50%"))
    result = traced_stakes(rows, {"cn"})
    assert result == {"a": F(1, 4), "b": F(1, 2), "c": F(1, 2), "d": F(1, 4)}


def test_a_three_cycle_found_from_its_alphabetically_first_member() -> None:
    # y holds 30 % of b, b holds 40 % of m, m holds 50 % of y; cn holds 50 % of b.
    #   x_b = 1/2 + 3/10 · x_y,  x_m = 2/5 · x_b,  x_y = 1/2 · x_m = 1/5 · x_b
    #   x_b = 1/2 + 3/50 · x_b  →  x_b = (1/2) / (47/50) = 25/47;  x_m = 10/47;  x_y = 5/47.
    rows = stakes(("cn", "b", "50%"), ("y", "b", "30%"), ("b", "m", "40%"), ("m", "y", "50%"))
    assert traced_stakes(rows, {"cn"}) == {"b": F(25, 47), "m": F(10, 47), "y": F(5, 47)}


def test_a_cycle_entered_from_an_entity_outside_it() -> None:
    # m and y hold each other (y 30 % of m, m 20 % of y); cn holds 50 % of y; m holds 40 % of a.
    # "a" sorts first, so the cycle is entered from outside it, at m.
    #   x_y = 1/2 + 1/5 · x_m,  x_m = 3/10 · x_y  →  x_y = 1/2 + 3/50 · x_y = 25/47;
    #   x_m = 3/10 · 25/47 = 15/94;  x_a = 2/5 · 15/94 = 3/47.
    rows = stakes(("m", "a", "40%"), ("y", "m", "30%"), ("m", "y", "20%"), ("cn", "y", "50%"))
    assert traced_stakes(rows, {"cn"}) == {"a": F(3, 47), "m": F(15, 94), "y": F(25, 47)}


# ---------------------------------------------------------------------------- controlling links
def test_control_follows_the_votes_not_the_equity() -> None:
    # cn holds 10 % of a fund's equity but 60 % of its votes; the fund holds 30 % of t.
    # control, equity basis: the controlling link counts as 1, so x_t = 3/10 · 1 = 3/10
    # (not 3/10 · 1/10 = 3/100); multiply: 3/100.
    rows = stakes(("cn", "fund", "10%", "60%"), ("fund", "t", "30%"))
    assert traced_stakes(rows, {"cn"}, method="control")["t"] == F(3, 10)
    assert traced_stakes(rows, {"cn"}, method="multiply")["t"] == F(3, 100)


def test_exactly_half_the_votes_is_not_control() -> None:
    # cn holds 50 % of the fund: "more than half" is not met, so 3/10 · 1/2 = 3/20 (not 3/10).
    rows = stakes(("cn", "fund", "50%"), ("fund", "t", "30%"))
    assert traced_stakes(rows, {"cn"}, method="control")["t"] == F(3, 20)


def test_a_voting_range_controls_only_at_its_top() -> None:
    # cn holds 40 % of the fund's equity and 40 %–60 % of its votes; the fund holds 30 % of t.
    # Bottom: 40 % of votes, no control: 3/10 · 2/5 = 3/25. Top: 60 % > 50 %: 3/10 · 1 = 3/10.
    rows = [
        Stake(holder="cn", of="fund", equity="40%", voting="40%", voting_max="60%"),
        Stake(holder="fund", of="t", equity="30%"),
    ]
    assert traced_stakes(rows, {"cn"}, method="control")["t"] == F(3, 25)
    assert traced_stakes(rows, {"cn"}, method="control", upper=True)["t"] == F(3, 10)


def test_ranges_count_at_their_bottom_unless_upper_is_asked_for() -> None:
    # cn holds 15 %–25 % of t.
    rows = [Stake(holder="cn", of="t", equity="15%", equity_max="25%")]
    assert traced_stakes(rows, {"cn"})["t"] == F(3, 20)
    assert traced_stakes(rows, {"cn"}, upper=True)["t"] == F(1, 4)


def test_direct_stakes_at_the_top_of_their_ranges_are_capped() -> None:
    # cn holds 50 %–70 % of t and cn2 40 %–50 %: bottoms 90 %, tops 120 %, capped at 100 %.
    rows = [
        Stake(holder="cn", of="t", equity="50%", equity_max="70%"),
        Stake(holder="cn2", of="t", equity="40%", equity_max="50%"),
    ]
    assert traced_stakes(rows, {"cn", "cn2"}, method="direct")["t"] == F(9, 10)
    assert traced_stakes(rows, {"cn", "cn2"}, method="direct", upper=True)["t"] == 1


def test_a_source_held_by_other_sources_is_measured_and_capped_under_control() -> None:
    # cn2 holds 10 % of cn's equity and 60 % of its votes, cn3 the other 90 % of the equity.
    # Under control, equity basis: 1 (controlling) + 9/10 = 19/10, capped at 1. Tracing still
    # stops at cn: t, held 30 % by cn, gets 3/10 · 1 = 3/10.
    rows = stakes(("cn2", "cn", "10%", "60%"), ("cn3", "cn", "90%", "40%"), ("cn", "t", "30%"))
    result = traced_stakes(rows, {"cn", "cn2", "cn3"}, method="control")
    assert result["cn"] == 1
    assert result["t"] == F(3, 10)


def test_results_are_exact_fractions_even_when_nothing_traces() -> None:
    # h holds t, but h is no source: t traces 0 under every method, as a Fraction.
    rows = stakes(("h", "t", "50%"))
    for method in ("multiply", "control", "direct"):
        value = traced_stakes(rows, {"cn"}, method=method)["t"]  # type: ignore[arg-type]
        assert value == 0
        assert isinstance(value, F)


# ---------------------------------------------------------------------------- capped systems
def test_a_free_entity_in_a_saturated_loop() -> None:
    # a and b control each other: b holds 50 % of a's equity but 60 % of its votes, a holds 60 %
    # of b. cn holds 40 % of a (30 % of its votes); c holds the other 10 % of a; a holds 30 % of
    # c and cn 5 % of c, so c sits in the same cycle as a and b.
    # Under control a and b saturate at 1 (x_a = 2/5 + x_b + …, x_b = x_a); c does not:
    #   x_c = 5/100 (from cn) + 3/10 · x_a = 1/20 + 3/10 = 7/20.
    rows = stakes(
        ("b", "a", "50%", "60%"),
        ("cn", "a", "40%", "30%"),
        ("c", "a", "10%"),
        ("a", "b", "60%"),
        ("a", "c", "30%"),
        ("cn", "c", "5%"),
    )
    assert traced_stakes(rows, {"cn"}, method="control") == {"a": 1, "b": 1, "c": F(7, 20)}


def test_a_saturated_loop_entered_only_through_a_free_member() -> None:
    # As above but cn holds nothing of a: only its 5 % of c enters the loop.
    #   x_c = 1/20 + 3/10 · x_a,  x_a = min(1, x_b + 1/10 · x_c),  x_b = min(1, x_a).
    # Any x_c > 0 makes x_a = x_a + x_c/10 impossible below the cap, so a and b saturate and
    # x_c = 1/20 + 3/10 = 7/20.
    rows = stakes(
        ("b", "a", "50%", "60%"),
        ("c", "a", "10%"),
        ("a", "b", "60%"),
        ("a", "c", "30%"),
        ("cn", "c", "5%"),
    )
    assert traced_stakes(rows, {"cn"}, method="control") == {"a": 1, "b": 1, "c": F(7, 20)}


def test_a_loop_of_three_controlling_links_saturates() -> None:
    # a ← b ← c ← a, each holding 60 % of the next; cn holds 40 % of a.
    # Under control x_a = 2/5 + x_b, x_b = x_c, x_c = x_a: no solution below the cap, all three
    # saturate at 1. Under multiply: x_a = 2/5 + (3/5)³ · x_a → x_a = (2/5)/(98/125) = 25/49.
    rows = stakes(("b", "a", "60%"), ("c", "b", "60%"), ("a", "c", "60%"), ("cn", "a", "40%"))
    assert traced_stakes(rows, {"cn"}, method="control") == {"a": 1, "b": 1, "c": 1}
    assert traced_stakes(rows, {"cn"})["a"] == F(25, 49)


def test_a_loop_just_short_of_saturation_is_exact() -> None:
    # b holds 10 % of a; a holds 60 % of b (controlling: weight 1); cn holds
    # 9/10 · (1 − 10⁻¹²) of a's equity but only 40 % of its votes.
    #   x_a = 9/10 · (1 − 10⁻¹²) + 1/10 · x_b,  x_b = x_a  →  x_a = 1 − 10⁻¹² (not 1).
    # In floats x_a is 1 within rounding; the exact answer must still fall short of the cap.
    eps = F(1, 10**12)
    rows = [
        Stake(holder="cn", of="a", equity=F(9, 10) * (1 - eps), voting="40%"),
        Stake(holder="b", of="a", equity="10%"),
        Stake(holder="a", of="b", equity="60%"),
    ]
    assert traced_stakes(rows, {"cn"}, method="control") == {"a": 1 - eps, "b": 1 - eps}


def test_a_loop_that_saturates_too_slowly_for_the_float_guess() -> None:
    # b controls a (60 % of its votes, so weight 1); a holds 99.99 % of b's equity but only 50 %
    # of its votes (weight 9999/10000); cn holds 0.02 % of a.
    # Uncapped: x_a = 2/10000 + x_b, x_b = 9999/10000 · x_a → x_a = (2/10000)/(1/10000) = 2 > 1,
    # so a saturates at 1 and x_b = 9999/10000 · 1 (check: 2/10000 + 9999/10000 ≥ 1).
    # The float iteration creeps up by a factor 0.9999 a step and is still far below 1 when it
    # stops; the exact verification has to find the saturation itself.
    rows = stakes(
        ("b", "a", "60%"), ("cn", "a", "0.02%"), ("a", "b", "99.99%", "50%"), ("a", "t", "10%")
    )
    result = traced_stakes(rows, {"cn"}, method="control")
    assert (result["a"], result["b"]) == (1, F(9999, 10000))
    assert result["t"] == F(1, 10)


def test_a_tiny_stake_in_a_loop_of_controlling_links_saturates_it() -> None:
    # a and b each hold 60 % of the other (both controlling); cn holds 0.01 % of a; a holds 10 %
    # of t. Under control x_a = 1/10000 + x_b, x_b = x_a: no solution below the cap, so both
    # saturate at 1 however small cn's stake, and t gets 1/10 · 1 = 1/10 (as with cn at 40 %).
    rows = stakes(("b", "a", "60%"), ("a", "b", "60%"), ("cn", "a", "0.01%"), ("a", "t", "10%"))
    result = traced_stakes(rows, {"cn"}, method="control")
    assert (result["a"], result["b"], result["t"]) == (1, 1, F(1, 10))


def test_a_singular_system_is_an_error_not_a_figure() -> None:
    # traced_stakes does not check totals (the Deal does): here a is held 100 % by b and 50 % by
    # cn, and a holds 100 % of b, so x_a = 1/2 + x_a has no solution.
    rows = stakes(("b", "a", "100%"), ("cn", "a", "50%"), ("a", "b", "100%"))
    with pytest.raises(ArithmeticError, match=r"^the cross-holdings form a singular system"):
        traced_stakes(rows, {"cn"})


# ---------------------------------------------------------------------------- no certificate
# With dual-class stakes a component can carry more than it receives (spectral radius ≥ 1)
# without any loop of controlling links; the solver then falls back to a guess, verified exactly.
def _dual_class_loop(*, c_share: F | str = "99%") -> list[Stake]:
    # b controls a with 1 % of its equity (51 % of the votes); c holds 99 % of a's equity
    # (49 % of the votes); a holds 99 % of b's equity and c_share of c's, 49 % of the votes of
    # each, so neither link is controlling; cn holds 1 % of b.
    # Equity basis under control: x_a = x_b + 99/100 x_c, x_b = 1/100 + 99/100 x_a,
    # x_c = c_share · x_a. W's spectral radius: λ² = 1 · 99/100 + 99/100 · 99/100 > 1.
    return [
        Stake(holder="b", of="a", equity="1%", voting="51%"),
        Stake(holder="c", of="a", equity="99%", voting="49%"),
        Stake(holder="a", of="b", equity="99%", voting="49%"),
        Stake(holder="cn", of="b", equity="1%", voting="1%"),
        Stake(holder="a", of="c", equity=c_share, voting="49%"),
    ]


def test_a_component_that_carries_more_than_it_receives_saturates() -> None:
    # a = 1 (uncapped it would grow without bound), b = 1/100 + 99/100 · 1 = 1, c = 99/100 · 1.
    result = traced_stakes(_dual_class_loop(), {"cn"}, method="control")
    assert result == {"a": 1, "b": 1, "c": F(99, 100)}


def test_without_a_certificate_a_figure_just_under_the_cap_stays_under_it() -> None:
    # As above with a holding 1 − 10⁻¹² of c: c = (1 − 10⁻¹²) · 1, which floats call 1.
    eps = F(1, 10**12)
    result = traced_stakes(_dual_class_loop(c_share=1 - eps), {"cn"}, method="control")
    assert result == {"a": 1, "b": 1, "c": 1 - eps}


def test_without_a_certificate_a_loop_of_controlling_links_still_saturates() -> None:
    # The dual-class component again, with c holding 89 % of a, plus p and q controlling each
    # other (60 % each); p holds 10 % of a's equity (no votes) and a 30 % of p: all one component.
    # a, b saturate as above; p, q are on a loop of controlling links: 1; c = 99/100 · 1.
    rows = _dual_class_loop()
    rows[1] = Stake(holder="c", of="a", equity="89%", voting="49%")
    rows += [
        Stake(holder="p", of="a", equity="10%", voting="0%"),
        Stake(holder="q", of="p", equity="60%"),
        Stake(holder="p", of="q", equity="60%"),
        Stake(holder="a", of="p", equity="30%"),
    ]
    result = traced_stakes(rows, {"cn"}, method="control")
    assert result == {"a": 1, "b": 1, "c": F(99, 100), "p": 1, "q": 1}


def test_a_component_with_spectral_radius_one_and_a_tiny_stake_saturates() -> None:
    # b controls a (51 % of the votes, 1 % of the equity); a and c hold 50 % of b each (no
    # control); a controls c (60 %); cn holds 0.01 % of a. Under control:
    #   x_a = 1/10000 + x_b,  x_b = 1/2 x_a + 1/2 x_c,  x_c = x_a.
    # Then x_b = x_a and x_a = 1/10000 + x_a: no solution below the cap, so all three are 1.
    rows = [
        Stake(holder="b", of="a", equity="1%", voting="51%"),
        Stake(holder="cn", of="a", equity="0.01%", voting="0%"),
        Stake(holder="a", of="b", equity="50%"),
        Stake(holder="c", of="b", equity="50%"),
        Stake(holder="a", of="c", equity="60%"),
    ]
    assert traced_stakes(rows, {"cn"}, method="control") == {"a": 1, "b": 1, "c": 1}


def test_saturation_found_in_two_rounds() -> None:
    # q controls p and r controls q (51 % of the votes, 10 % of the equity each); p holds 85 % of
    # r's equity (50 % of the votes); cn holds 10 % of each of p, q and r. Under control:
    #   x_p = 1/10 + x_q,  x_q = 1/10 + x_r,  x_r = 1/10 + 85/100 · x_p.
    # Uncapped x_p = (3/10)/(15/100) = 2: p saturates. Then x_r = 1/10 + 85/100 = 95/100 and
    # x_q = 1/10 + 95/100 = 105/100 > 1: q saturates too, and r stays at 19/20.
    rows = [
        Stake(holder="q", of="p", equity="10%", voting="51%"),
        Stake(holder="cn", of="p", equity="10%", voting="10%"),
        Stake(holder="r", of="q", equity="10%", voting="51%"),
        Stake(holder="cn", of="q", equity="10%", voting="10%"),
        Stake(holder="p", of="r", equity="85%", voting="50%"),
        Stake(holder="cn", of="r", equity="10%", voting="10%"),
    ]
    assert traced_stakes(rows, {"cn"}, method="control") == {"p": 1, "q": 1, "r": F(19, 20)}


def test_without_a_certificate_figures_just_under_the_cap_are_found_one_after_another() -> None:
    # b controls a (51 % of the votes, 1 % of the equity), c holds 98 % of a's equity and cn 1 %;
    # a holds 1 − 10⁻¹² of b's equity (50 % of the votes); a and b hold 50 % of c each.
    #   x_a = 1/100 + x_b + 98/100 · x_c,  x_b = (1 − 10⁻¹²) · x_a,  x_c = 1/2 · x_a + 1/2 · x_b.
    # a saturates (no bounded solution); b = 1 − 10⁻¹²; c = 1/2 + 1/2 · (1 − 10⁻¹²) = 1 − 10⁻¹²/2.
    # In floats all three are 1; only once b is seen to fall short does c.
    eps = F(1, 10**12)
    rows = [
        Stake(holder="b", of="a", equity="1%", voting="51%"),
        Stake(holder="c", of="a", equity="98%", voting="49%"),
        Stake(holder="cn", of="a", equity="1%", voting="0%"),
        Stake(holder="a", of="b", equity=1 - eps, voting="50%"),
        Stake(holder="a", of="c", equity="50%"),
        Stake(holder="b", of="c", equity="50%"),
    ]
    result = traced_stakes(rows, {"cn"}, method="control")
    assert result == {"a": 1, "b": 1 - eps, "c": 1 - eps / 2}


def _barely_supercritical() -> list[Stake]:
    # b controls a (51 % of the votes, 1 % of the equity); cn and c hold 0.01 % of a each (no
    # votes); a and c hold 50 % of b each; a controls c (60 %); a holds 30 % of t. Under control:
    #   x_a = 1/10000 + x_b + 1/10000 · x_c,  x_b = 1/2 · x_a + 1/2 · x_c,  x_c = x_a.
    # So x_b = x_a and x_a = 1/10000 + x_a + x_a/10000: no solution below the cap, a, b and c
    # saturate at 1, and t gets 3/10 · 1 = 3/10.
    return [
        Stake(holder="b", of="a", equity="1%", voting="51%"),
        Stake(holder="cn", of="a", equity="0.01%", voting="0%"),
        Stake(holder="c", of="a", equity="0.01%", voting="0%"),
        Stake(holder="a", of="b", equity="50%"),
        Stake(holder="c", of="b", equity="50%"),
        Stake(holder="a", of="c", equity="60%"),
        Stake(holder="a", of="t", equity="30%"),
    ]


def test_a_barely_supercritical_component_saturates() -> None:
    result = traced_stakes(_barely_supercritical(), {"cn"}, method="control")
    assert result == {"a": 1, "b": 1, "c": 1, "t": F(3, 10)}


# ---------------------------------------------------------------------------- larger components
def _supercritical_core(a: str, b: str, c: str, *, inflow: bool = True) -> list[Stake]:
    # As _dual_class_loop with c holding 89 % of a: b controls a with 1 % of its equity, c holds
    # 89 % of it, a holds 99 % of b and of c without control; cn holds 1 % of b (if inflow).
    rows = [
        Stake(holder=b, of=a, equity="1%", voting="51%"),
        Stake(holder=c, of=a, equity="89%", voting="49%"),
        Stake(holder=a, of=b, equity="99%", voting="49%"),
        Stake(holder=a, of=c, equity="99%", voting="49%"),
    ]
    return [*rows, Stake(holder="cn", of=b, equity="1%", voting="1%")] if inflow else rows


def test_a_loop_of_controlling_links_inside_a_long_ring() -> None:
    # a and b control each other (60 % each); cn holds 30 % of a; a ring a → x01 → … → x12 → a,
    # each holding 10 % of the next: 14 entities in one component. The loop saturates, and the
    # ring is solved exactly: x01 = 1/10 · 1, x_k = (1/10)^k, x12 = 10⁻¹².
    rows = stakes(("b", "a", "60%"), ("a", "b", "60%"), ("cn", "a", "30%"))
    ring = [f"x{k:02d}" for k in range(1, 13)]
    for holder, held in zip(["a", *ring[:-1]], ring, strict=True):
        rows.append(Stake(holder=holder, of=held, equity="10%"))
    rows.append(Stake(holder="x12", of="a", equity="10%"))
    result = traced_stakes(rows, {"cn"}, method="control")
    assert result == {"a": 1, "b": 1, **{x: F(1, 10**k) for k, x in enumerate(ring, start=1)}}


def test_two_supercritical_cores_in_one_component() -> None:
    # Core a, b, c fed by cn as above; a second core d, e, f fed only through a (1 % of d's
    # equity, no votes), which feeds back through d's 1 % of c. Both saturate in turn:
    # a = b = 1; d = x_e + 89/100 x_f + 1/100 x_a → 1; e = f = 99/100 · 1;
    # c = 99/100 · 1 + 1/100 · 1 = 1.
    rows = _supercritical_core("a", "b", "c") + _supercritical_core("d", "e", "f", inflow=False)
    rows += [
        Stake(holder="a", of="d", equity="1%", voting="0%"),
        Stake(holder="d", of="c", equity="1%", voting="1%"),
    ]
    result = traced_stakes(rows, {"cn"}, method="control")
    assert result == {"a": 1, "b": 1, "c": 1, "d": 1, "e": F(99, 100), "f": F(99, 100)}


def _core_and_ring(length: int) -> list[Stake]:
    # The core a, b, c with a ring a → r01 → … → r<length> → a, each holding 1 % of the next and
    # the last 10 % of a (no votes).
    ring = [f"r{k:02d}" for k in range(1, length + 1)]
    rows = _supercritical_core("a", "b", "c")
    for holder, held in zip(["a", *ring[:-1]], ring, strict=True):
        rows.append(Stake(holder=holder, of=held, equity="1%"))
    return [*rows, Stake(holder=ring[-1], of="a", equity="10%", voting="0%")]


@pytest.mark.parametrize("ring", [9, 10, 27])
def test_entangled_entities_are_settled_exactly(ring: int) -> None:
    # 3 + ring entities without a spectral-radius certificate: 12, 13 (which the old branching
    # search refused as "too entangled") and 30. a = b = 1 (the core saturates), c = 99/100 · 1,
    # and round the ring r_k = (1/100)^k · 1 (a holds 1 % of r01, each r 1 % of the next); the
    # last holds 10 % of a without votes, which adds nothing to a already at 1.
    result = traced_stakes(_core_and_ring(ring), {"cn"}, method="control")
    ring_values = {f"r{k:02d}": F(1, 100**k) for k in range(1, ring + 1)}
    assert result == {"a": 1, "b": 1, "c": F(99, 100), **ring_values}
