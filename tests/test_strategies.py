"""The public hypothesis strategies: what they draw is valid, and their knobs do what they say."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter, defaultdict
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from tiktok_deal import Deal, Interpretation, Party, Stake, Status, check
from tiktok_deal.law import SWITCHES
from tiktok_deal.strategies import (
    ADVERSARY_COUNTRIES,
    NEAR_THRESHOLD,
    SARS,
    arrangements,
    boards,
    control_rights,
    countries,
    deals,
    interpretations,
    ownership_graphs,
    parties,
    party_ids,
    stake_values,
    stakes,
)

IDS = [f"p{i}" for i in range(6)]
FOUR = set(ADVERSARY_COUNTRIES)


def totals_ok(items: list[Stake]) -> bool:
    equity: dict[str, Fraction] = defaultdict(Fraction)
    votes: dict[str, Fraction] = defaultdict(Fraction)
    for s in items:
        equity[s.of] += s.equity
        votes[s.of] += s.votes
    return all(v <= 1 for v in equity.values()) and all(v <= 1 for v in votes.values())


def longest_chain(items: list[Stake]) -> int | None:
    """The longest chain of holdings, in links; None if there is a cycle."""
    held: dict[str, list[str]] = defaultdict(list)
    for s in items:
        held[s.holder].append(s.of)
    state: dict[str, int] = {}
    depth: dict[str, int] = {}

    def visit(node: str) -> int | None:
        if state.get(node) == 1:
            return None
        if state.get(node) == 2:
            return depth[node]
        state[node] = 1
        best = 0
        for child in held[node]:
            below = visit(child)
            if below is None:
                return None
            best = max(best, below + 1)
        state[node], depth[node] = 2, best
        return best

    results = [visit(node) for node in list(held)]
    return None if None in results else max((r for r in results if r is not None), default=0)


# ----------------------------------------------------------------------------- the 300 deals
def test_three_hundred_deals_are_checked_and_show_both_verdicts() -> None:
    """300 drawn deals are all checked under every rule set without error, and the verdicts
    seen include both a compliant deal and a violation."""
    seen: Counter[Status] = Counter()

    @settings(max_examples=300, derandomize=True, database=None, deadline=None)
    @given(deals(unknown_jurisdictions=True))
    def check_one(deal: Deal) -> None:
        report = check(deal, ruleset="all")
        assert len(report.findings) == 11
        seen[check(deal).verdict] += 1

    check_one()
    assert sum(seen.values()) >= 300
    assert seen[Status.COMPLIANT]
    assert seen[Status.VIOLATION]


KNOBS = [
    {"near_threshold": near, "unknown_jurisdictions": unknown, "allow_cycles": cycles,
     "stake_ranges": ranges}
    for near in (False, True) for unknown in (False, True) for cycles in (False, True)
    for ranges in (False, True)
]  # fmt: skip
VERDICT_DEALS = st.one_of(
    [
        st.tuples(st.just(verdict), deals(verdict=verdict, **knobs))  # type: ignore[arg-type]
        for verdict in ("compliant", "violation", "indeterminate")
        for knobs in KNOBS
    ]
)


@given(VERDICT_DEALS, interpretations())
def test_the_verdict_knob_yields_that_verdict_under_every_interpretation(
    drawn: tuple[str, Deal], interpretation: Interpretation
) -> None:
    """deals(verdict=…) draws deals with that PAFACA verdict, whatever the other knobs and
    under every interpretation."""
    verdict, deal = drawn
    assert check(deal, interpretation=interpretation).verdict == verdict


def test_near_threshold_deals_put_adversary_holdings_on_the_line() -> None:
    """With near_threshold, every deal has a foreign-adversary person, and in most deals the
    target's direct holdings by parties that may be (A)-persons add up to a value on or next to
    the 20 % line (random stakes drawn afterwards may add to it)."""
    hits: Counter[bool] = Counter()

    @settings(max_examples=200, derandomize=True, database=None, deadline=None)
    @given(deals(near_threshold=True, unknown_jurisdictions=True))
    def count(deal: Deal) -> None:
        assert any(p.countries & FOUR for p in deal.parties.values())
        maybe = {
            p.id
            for p in deal.parties.values()
            if not p.jurisdiction_known or p.countries & (FOUR | set(SARS))
        }
        held = [s.equity for s in deal.holdings_in(deal.target) if s.holder in maybe]
        hits[sum(held, Fraction(0)) in NEAR_THRESHOLD] += 1

    count()
    assert hits[True] > hits[False], hits  # most deals


STRUCTURE = st.one_of(
    [st.tuples(st.just(knobs), deals(max_parties=4, **knobs)) for knobs in KNOBS]  # type: ignore[arg-type]
    + [st.tuples(st.just({"verdict": "indeterminate"}), deals(verdict="indeterminate"))]
)


@given(STRUCTURE)
def test_deals_follow_their_knobs(drawn: tuple[dict[str, Any], Deal]) -> None:
    """At most max_parties parties with ids p0…, the target p0; no cycle unless allowed; every
    jurisdiction known unless unknown ones are allowed (an indeterminate deal always has one);
    ranges only when asked for, each top at or above its bottom."""
    knobs, deal = drawn
    if "verdict" not in knobs:
        assert 1 <= len(deal.parties) <= 4
        assert set(deal.parties) <= {"p0", "p1", "p2", "p3"}
    assert deal.target == "p0"
    if not knobs.get("allow_cycles", True):
        assert longest_chain(list(deal.stakes)) is not None
    known = all(p.jurisdiction_known for p in deal.parties.values())
    if knobs.get("verdict") == "indeterminate":
        assert not known
    elif not knobs["unknown_jurisdictions"]:
        assert known
    if not knobs.get("stake_ranges"):
        assert not any(s.is_range for s in deal.stakes)
    for s in deal.stakes:
        assert s.equity_max is None or s.equity_max >= s.equity
        assert s.voting_max is None or (s.voting is not None and s.voting_max >= s.voting)
    assert totals_ok(list(deal.stakes))


# ----------------------------------------------------------------------------- the parts
@given(ownership_graphs(IDS))
def test_ownership_graphs_are_valid(graph: list[Stake]) -> None:
    pairs = [(s.holder, s.of) for s in graph]
    assert len(pairs) == len(set(pairs))
    assert all(h != o and {h, o} <= set(IDS) for h, o in pairs)
    assert totals_ok(graph)
    assert len(graph) <= 2 * len(IDS)


@given(ownership_graphs(IDS, allow_cycles=False, max_depth=2, max_stakes=8))
def test_ownership_graphs_respect_max_depth(graph: list[Stake]) -> None:
    chain = longest_chain(graph)
    assert chain is not None
    assert chain <= 2
    assert len(graph) <= 8


def test_ownership_graphs_do_draw_cycles_and_long_chains() -> None:
    """The knobs matter: with cycles allowed some graph has one; a chain of 3 links exists."""
    quick = settings(database=None, max_examples=2000, derandomize=True)
    cyclic = find(ownership_graphs(IDS), lambda g: longest_chain(g) is None, settings=quick)
    assert len(cyclic) >= 2
    deep = find(
        ownership_graphs(IDS, allow_cycles=False),
        lambda g: (longest_chain(g) or 0) >= 3,
        settings=quick,
    )
    assert longest_chain(deep) == 3


@given(stakes(ranges=True))
def test_stakes_are_valid(stake: Stake) -> None:
    assert stake.holder != stake.of
    assert 0 <= stake.equity <= 1
    assert 0 <= stake.votes <= 1
    assert isinstance(stake.equity, Fraction)


@given(stakes(holder="a", of=st.sampled_from(["a", "b"])))
def test_stakes_never_hold_themselves(stake: Stake) -> None:
    assert (stake.holder, stake.of) == ("a", "b")


@given(stake_values(min_value=Fraction(1, 10), max_value=Fraction(1, 4), near_threshold=True))
def test_stake_values_stay_in_their_range(value: Fraction) -> None:
    assert Fraction(1, 10) <= value <= Fraction(1, 4)


@given(st.sampled_from(("clean", "adversary", "hong_kong", "unknown", "any")), st.data())
def test_party_jurisdictions_are_of_their_kind(kind: str, data: st.DataObject) -> None:
    party: Party = data.draw(parties(jurisdiction=kind))  # type: ignore[arg-type]
    links = party.countries
    if kind == "unknown":
        assert not links
        return
    assert links
    if kind == "clean":
        assert not links & (FOUR | set(SARS))
    if kind == "adversary":
        assert links & FOUR
    if kind == "hong_kong":
        assert links & set(SARS)
        assert not links & FOUR


@given(st.sampled_from(("clean", "adversary", "hong_kong", "any")), st.data())
def test_countries_are_of_their_kind(kind: str, data: st.DataObject) -> None:
    code = data.draw(countries(kind=kind))  # type: ignore[arg-type]
    assert len(code) == 2
    assert code.isupper()
    if kind == "clean":
        assert code not in FOUR | set(SARS)
    elif kind == "adversary":
        assert code in FOUR
    elif kind == "hong_kong":
        assert code in SARS


@given(boards(["a", "b"], of="x", min_seats=1, max_seats=3))
def test_boards(board: list[Any]) -> None:
    assert 1 <= len(board) <= 3
    assert all(seat.of == "x" and seat.appointed_by in ("a", "b") for seat in board)


@given(control_rights(["a"]), arrangements(["b"], kinds=["hosting"]))
def test_rights_and_arrangements(right: Any, arrangement: Any) -> None:
    assert right.holder == "a"
    assert right.of is None
    assert (arrangement.counterparty, arrangement.kind) == ("b", "hosting")


@given(interpretations(hong_kong="excluded"))
def test_interpretations_fix_what_they_are_told(interpretation: Interpretation) -> None:
    assert interpretation.hong_kong == "excluded"
    for key, value in interpretation.to_dict().items():
        assert value in SWITCHES[key]


@given(party_ids(max_parties=3))
def test_party_ids_are_short(party_id: str) -> None:
    assert party_id in ("p0", "p1", "p2")


# ----------------------------------------------------------------------------- bad arguments
@pytest.mark.parametrize(
    ("factory", "kwargs"),
    [
        (deals, {"max_parties": 0}),
        (deals, {"verdict": "maybe"}),
        (deals, {"near_threshold": True, "max_parties": 1}),
        (deals, {"verdict": "indeterminate", "max_parties": 1}),
        (deals, {"verdict": "indeterminate", "near_threshold": True, "max_parties": 2}),
        (countries, {"kind": "evil"}),
        (parties, {"jurisdiction": "mars"}),
        (party_ids, {"max_parties": 0}),
        (stake_values, {"min_value": Fraction(1, 2), "max_value": Fraction(1, 3)}),
        (stake_values, {"max_value": 2}),
        (ownership_graphs, {"party_ids": []}),
        (ownership_graphs, {"party_ids": "abc"}),
        (ownership_graphs, {"party_ids": IDS, "max_depth": 2}),
        (ownership_graphs, {"party_ids": IDS, "allow_cycles": False, "max_depth": -1}),
        (ownership_graphs, {"party_ids": IDS, "max_stakes": -1}),
        (boards, {"appointers": []}),
        (boards, {"appointers": ["a"], "min_seats": 3, "max_seats": 2}),
        (control_rights, {"holders": []}),
        (arrangements, {"counterparties": ["a"], "kinds": ["gift"]}),
        (arrangements, {"counterparties": ["a"], "kinds": []}),
        (interpretations, {"lookthrough": "sideways"}),
    ],
)
def test_bad_arguments_raise_invalid_argument(factory: Any, kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        factory(**kwargs)


def test_importing_the_library_does_not_import_hypothesis() -> None:
    program = (
        "import sys, tiktok_deal\n"
        "assert 'tiktok_deal.strategies' not in sys.modules\n"
        "assert 'hypothesis' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True)
