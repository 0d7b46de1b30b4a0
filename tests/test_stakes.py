"""Stakes kept as columns: ``Deal.stakes`` behaves as a tuple of ``Stake`` and
``Deal.stake_columns()`` gives the look-through the same figures as arrays."""

from __future__ import annotations

import json
import pickle
from fractions import Fraction
from typing import Any

import attrs
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tiktok_deal as td
from tiktok_deal import Deal, InvalidDealError, Party, Stake, loads
from tiktok_deal.model import stakes as columns
from tiktok_deal.model.stakes import StakeTable
from tiktok_deal.strategies import deals

PARTIES = [Party(id=p, organized_in="US") for p in ("t", "a", "b", "c")]
STAKES = [
    Stake(holder="a", of="t", equity="10%"),
    Stake(holder="b", of="t", equity="1/3", voting="40%", note="dual class"),
    Stake(holder="c", of="a", equity="5%", equity_max="25%"),
]


def a_deal(**changes: Any) -> Deal:
    return Deal(name="d", target="t", parties=PARTIES, **{"stakes": STAKES, **changes})


def as_json(deal: Deal) -> str:
    return td.dumps(deal, format="json")


# ----------------------------------------------------------------------------- the sequence
def test_stakes_behave_as_a_read_only_sequence() -> None:
    stakes = a_deal().stakes
    assert len(stakes) == 3
    assert stakes[0] is STAKES[0]  # stakes given as objects are kept as they are
    assert stakes[-1] == STAKES[2]
    assert stakes[1:] == tuple(STAKES[1:])
    assert list(stakes) == STAKES
    assert stakes == tuple(STAKES)
    assert stakes == STAKES
    assert STAKES[1] in stakes
    assert stakes.index(STAKES[2]) == 2
    with pytest.raises(IndexError):
        stakes[3]
    with pytest.raises(TypeError):
        hash(stakes)
    with pytest.raises(TypeError):
        stakes[0] = STAKES[0]  # type: ignore[index]


def test_loaded_stakes_are_made_on_demand_and_equal_to_the_originals() -> None:
    loaded = loads(as_json(a_deal()), format="json").stakes
    assert loaded._made is None  # type: ignore[attr-defined]  # nothing made yet
    assert loaded[1] == STAKES[1]
    assert loaded[1].note == "dual class"
    assert loaded[-3] == STAKES[0]
    with pytest.raises(IndexError):
        loaded[-4]
    assert loaded == a_deal().stakes
    assert a_deal().stakes == loaded
    assert loaded != STAKES[:2]
    assert loaded != "not stakes"


def test_deals_with_columns_compare_evolve_and_pickle() -> None:
    deal = loads(as_json(a_deal()), format="json")
    assert deal == attrs.evolve(a_deal(), name=deal.name)
    moved = attrs.evolve(deal, stakes=[*deal.stakes[:2], attrs.evolve(deal.stakes[2], equity="6%")])
    assert moved.stakes[2].equity == Fraction(6, 100)
    assert moved != deal
    assert pickle.loads(pickle.dumps(deal)) == deal
    assert pickle.loads(pickle.dumps(deal.stakes)) == deal.stakes
    assert repr(deal.stakes).startswith("(Stake(holder='a'")
    many = StakeTable.of([Stake(holder=f"p{i}", of="t", equity="0.1%") for i in range(20)])
    assert "20 stakes" in repr(many)


# ----------------------------------------------------------------------------- the columns
def test_the_columnar_view() -> None:
    deal = a_deal()
    cols = deal.stake_columns()
    assert cols is deal.stake_columns()  # made once
    assert cols.ids == ("t", "a", "b", "c")
    assert cols.holder.tolist() == [1, 2, 3]
    assert cols.held.tolist() == [0, 0, 1]
    assert cols.holder.dtype == np.int64
    assert cols.held.dtype == np.int64
    assert cols.floats("equity").tolist() == [0.1, 1 / 3, 0.05]
    assert cols.floats("voting").tolist() == [0.1, 0.4, 0.05]  # votes default to equity
    assert cols.floats("equity", upper=True).tolist() == [0.1, 1 / 3, 0.25]
    assert cols.floats("voting", True).tolist() == [0.1, 0.4, 0.25]
    assert cols.ranged.tolist() == [False, False, True]
    assert cols.exact(1, "equity") == Fraction(1, 3)
    assert cols.exact(2, "voting", upper=True) == Fraction(1, 4)
    assert len(cols) == 3
    for array in (cols.holder, cols.held, cols.ranged, cols.floats("equity")):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0
    with pytest.raises(td.InvalidArgumentError, match="basis"):
        cols.floats("votes")  # type: ignore[arg-type]


def test_columns_follow_the_deals_party_order_whatever_the_stakes_order() -> None:
    deal = Deal(name="d", target="t", parties=PARTIES[::-1], stakes=STAKES)
    cols = deal.stake_columns()
    assert cols.ids == ("c", "b", "a", "t")
    assert [cols.ids[h] for h in cols.holder] == [s.holder for s in STAKES]
    assert [cols.ids[h] for h in cols.held] == [s.of for s in STAKES]
    empty = Deal(name="d", target="t", parties=PARTIES).stake_columns()
    assert len(empty.holder) == 0
    assert empty.floats("equity").size == 0


@given(deals(unknown_jurisdictions=True, stake_ranges=True, max_parties=6))
def test_columns_agree_with_every_stake(deal: Deal) -> None:
    for source in (deal, loads(as_json(deal), format="json")):
        cols = source.stake_columns()
        assert cols.ids == tuple(deal.parties)
        for k, stake in enumerate(deal.stakes):
            assert (cols.ids[cols.holder[k]], cols.ids[cols.held[k]]) == (stake.holder, stake.of)
            assert cols.ranged[k] == stake.is_range
            for basis in ("equity", "voting"):
                for upper in (False, True):
                    exact = stake.share(basis, upper=upper)  # type: ignore[arg-type]
                    assert cols.exact(k, basis, upper) == exact  # type: ignore[arg-type]
                    assert cols.floats(basis, upper)[k] == float(exact)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- whole-deal checks
def vectorised(monkeypatch: pytest.MonkeyPatch, on: bool) -> None:
    monkeypatch.setattr(columns, "VECTORISED", 0 if on else 10**9)


def stakes_in_t(*figures: str | tuple[str, str]) -> list[Stake]:
    return [
        Stake(holder=f"h{i}", of="t", equity=f if isinstance(f, str) else f[0],
              voting=None if isinstance(f, str) else f[1])
        for i, f in enumerate(figures)
    ]  # fmt: skip


def many_party_deal(stakes: list[Stake]) -> Deal:
    ids = {"t"} | {s.holder for s in stakes} | {s.of for s in stakes}
    return Deal(name="d", target="t", parties=[Party(id=p) for p in sorted(ids)], stakes=stakes)


@pytest.mark.parametrize("on", [False, True], ids=["loops", "vectorised"])
@pytest.mark.parametrize(
    ("figures", "field", "total"),
    [
        (["60%", "40%", "1e-30"], "stakes[2].equity", "100." + "0" * 27 + "1 %"),
        (["1/3", "1/3", "1/3", "1/1000"], "stakes[3].equity", "100.1 %"),
        ([("10%", "60%"), ("10%", "41%")], "stakes[1].voting", "101 %"),
        (["0.7", "0.2", "0.2", "0.1"], "stakes[2].equity", "110 %"),
    ],
)
def test_totals_over_100_percent_name_the_stake_both_ways(
    monkeypatch: pytest.MonkeyPatch, on: bool, figures: list[Any], field: str, total: str
) -> None:
    vectorised(monkeypatch, on)
    with pytest.raises(InvalidDealError) as caught:
        many_party_deal(stakes_in_t(*figures))
    assert caught.value.field == field
    assert f"add up to {total}, more than 100 %" in caught.value.problem


@pytest.mark.parametrize("on", [False, True], ids=["loops", "vectorised"])
@pytest.mark.parametrize(
    "figures",
    [["1/3", "1/3", "1/3"], ["60%", "40%"], ["0.1"] * 10, ["100%"], [("1/7", "99%"), ("6/7", "1%")]],
)
def test_totals_of_exactly_100_percent_are_fine_both_ways(
    monkeypatch: pytest.MonkeyPatch, on: bool, figures: list[Any]
) -> None:
    vectorised(monkeypatch, on)
    assert len(many_party_deal(stakes_in_t(*figures)).stakes) == len(figures)


@pytest.mark.parametrize("on", [False, True], ids=["loops", "vectorised"])
def test_a_second_stake_in_the_same_entity_is_named_both_ways(
    monkeypatch: pytest.MonkeyPatch, on: bool
) -> None:
    vectorised(monkeypatch, on)
    stakes = stakes_in_t("1%", "2%", "3%")
    stakes.append(Stake(holder="h1", of="t", equity="4%"))
    with pytest.raises(InvalidDealError, match=r"'h1' already holds a stake in 't' \(stakes\[1\]\)"):
        many_party_deal(stakes)


figures = st.one_of(
    st.fractions(0, 1, max_denominator=12),
    st.sampled_from([Fraction(1, 3), Fraction(2, 3), Fraction(1, 10**30), Fraction(1, 2)]),
)


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 3), figures, st.none() | figures),
        max_size=25,
    )
)
def test_the_vectorised_checks_agree_with_the_loops(rows: list[Any]) -> None:
    stakes = [
        Stake(holder=f"h{h}", of=f"e{e}", equity=equity, voting=voting)
        for h, e, equity, voting in rows
    ]
    table = StakeTable.of(stakes)
    original = columns.VECTORISED
    try:
        columns.VECTORISED = 10**9
        expected = (table.first_repeat(), table.first_excess())
        columns.VECTORISED = 0
        assert (table.first_repeat(), table.first_excess()) == expected
    finally:
        columns.VECTORISED = original


# ----------------------------------------------------------------------------- large files
def big_document(n: int) -> dict[str, Any]:
    parties = {f"e{i}": {"organized_in": "US"} for i in range(n)}
    stakes = [
        {"holder": f"e{(i * 7 + 1) % n}", "of": f"e{i}", "equity": f"{1 + i % 30}/{100 + i % 7}"}
        for i in range(n)
    ]
    return {"name": "big", "target": "e0", "parties": parties, "stakes": stakes}


def test_a_large_file_loads_in_columns_and_equals_the_slow_way() -> None:
    document = big_document(6000)
    fast = loads(json.dumps(document), format="json")
    document["stakes"][-1]["note"] = "one note sends the file down the record-by-record path"
    slow = loads(json.dumps(document), format="json")
    assert len(fast.stakes._rows) <= 30 * 7  # type: ignore[attr-defined]  # texts parsed once
    assert list(fast.stakes)[:-1] == list(slow.stakes)[:-1]
    assert fast.stakes[5999].note is None
    assert slow.stakes[5999].note is not None
    assert fast.stakes[1].equity == Fraction(2, 101)


@pytest.mark.parametrize(
    ("index", "key", "value", "field", "problem"),
    [
        (4321, "equity", "3/0", "stakes[4321].equity", "zero denominator"),
        (4321, "holder", "nobody", "stakes[4321].holder", "unknown party 'nobody'"),
        (4321, "holder", "e4321", "stakes[4321].of", "cannot hold a stake in itself"),
        (4321, "holder", 5, "stakes[4321].holder", "non-empty string"),
        (4321, "of", ["e1"], "stakes[4321].of", "non-empty string"),
        (4321, "note", 5, "stakes[4321].note", "non-empty string"),
        (4321, "voting", True, "stakes[4321].voting", "expected a stake"),
        (4321, "extra", 1, "stakes[4321].extra", "unknown key"),
        (5999, "equity", "101%", "stakes[5999].equity", "cannot exceed 100 %"),
    ],
)
def test_a_bad_stake_in_a_large_file_is_named(
    index: int, key: str, value: Any, field: str, problem: str
) -> None:
    document = big_document(6000)
    document["stakes"][index][key] = value
    with pytest.raises(InvalidDealError) as caught:
        loads(json.dumps(document), format="json", source="big.json")
    assert caught.value.field == field
    assert problem in caught.value.problem


def test_a_repeated_holder_in_a_large_file_is_named() -> None:
    document = big_document(6000)
    document["stakes"].append(dict(document["stakes"][10], equity="1%"))
    with pytest.raises(InvalidDealError, match=r"already holds a stake in 'e10' \(stakes\[10\]\)"):
        loads(json.dumps(document), format="json")


# ----------------------------------------------------------------------------- the fast paths
def test_a_plain_file_is_validated_once_per_distinct_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from tiktok_deal.model import fields

    parsed: list[object] = []
    stake = fields.stake

    def counting(value: object, field: str) -> Fraction:
        parsed.append(value)
        return stake(value, field)

    monkeypatch.setattr(fields, "stake", counting)
    deal = loads(json.dumps(big_document(6000)), format="json")
    assert len(deal.stakes) == 6000
    assert sorted(parsed) == sorted({s["equity"] for s in big_document(6000)["stakes"]})


def test_plain_party_tables_skip_the_validators_and_odd_ones_do_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    document = big_document(50)
    document["parties"]["e3"] = {"name": "Three", "kind": "fund", "organized_in": "KY",
                                 "headquartered_in": "CN", "principal_place_of_business": "HK",
                                 "domiciled_in": "SG", "note": "every field"}  # fmt: skip
    expected = {pid: Party(id=pid, **values) for pid, values in document["parties"].items()}

    def refuse(self: Party, **values: Any) -> None:
        raise AssertionError("went through the validators")

    monkeypatch.setattr(Party, "__init__", refuse)
    assert dict(loads(json.dumps(document), format="json").parties) == expected
    monkeypatch.undo()
    for key, odd in [("name", " "), ("name", 5), ("kind", "trust"), ("organized_in", "us"),
                     ("headquartered_in", ["CN"]), ("principal_place_of_business", 1),
                     ("domiciled_in", "XX"), ("note", ""), ("note", 3)]:  # fmt: skip
        changed = json.loads(json.dumps(document))
        changed["parties"]["e3"][key] = odd
        with pytest.raises(InvalidDealError) as caught:
            loads(json.dumps(changed), format="json")
        assert caught.value.field == f"parties.e3.{key}"
    with pytest.raises(InvalidDealError, match="non-empty string"):
        td.deal_from_dict({"name": "x", "target": " ", "parties": {" ": {}}})


# ----------------------------------------------------------------------------- details
def test_percent_shows_a_range_or_a_figure() -> None:
    ranged = Stake(holder="a", of="t", equity="10%", equity_max="25%", voting="5%")
    assert ranged.percent() == "10–25 %"
    assert ranged.percent("voting") == "5 %"
    assert Stake(holder="a", of="t", equity="1/3").percent() == "≈ 33.33 %"
    voting = Stake(holder="a", of="t", equity="1%", voting="2%", voting_max="1/3")
    assert voting.percent("voting") == "2–≈ 33.33 %"


def test_tables_compare_by_their_stakes_not_their_layout() -> None:
    one = StakeTable.of(STAKES)
    same = loads(as_json(a_deal()), format="json").stakes
    assert one == same
    assert same == one
    assert one == StakeTable.of(list(STAKES))
    other_order = StakeTable.of([STAKES[1], STAKES[0], STAKES[2]])
    assert one != other_order
    for changed in (
        [*STAKES[:2], attrs.evolve(STAKES[2], note="x")],
        [*STAKES[:2], attrs.evolve(STAKES[2], of="b")],
        [*STAKES[:2], attrs.evolve(STAKES[2], holder="b")],
        [*STAKES[:2], attrs.evolve(STAKES[2], equity="6%")],
        STAKES[:2],
    ):
        assert one != StakeTable.of(changed)
        assert StakeTable.of(changed) != one
    assert (one == 5) is False
    assert one.__eq__(5) is NotImplemented


def test_a_long_table_is_shown_by_its_ends() -> None:
    stakes = [Stake(holder=f"p{i}", of="t", equity="0.1%") for i in range(11)]
    shown = repr(StakeTable.of(stakes))
    assert shown == f"({stakes[0]!r}, …, {stakes[-1]!r}: 11 stakes)"
    assert repr(StakeTable.of(stakes[:10])) == repr(tuple(stakes[:10]))


def test_columns_details() -> None:
    cols = a_deal().stake_columns()
    assert cols.ranged.dtype == bool
    assert cols.floats("equity").dtype == np.float64
    assert cols.floats("equity") is cols.floats("equity")  # made once
    assert cols.floats("equity", True) is not cols.floats("equity")
    assert cols.exact(2, "equity") == Fraction(5, 100)  # the bottom unless asked
    deal = Deal(name="d", target="t", parties=PARTIES[::-1], stakes=STAKES)
    assert deal.stake_columns().holder.tolist() == [2, 1, 0]


def test_the_common_denominator_stops_at_its_bound() -> None:
    from tiktok_deal.model.stakes import _common_denominator

    thirds = ([Fraction(1, 3), Fraction(1, 4)], [Fraction(1, 5)])
    assert _common_denominator(thirds, bound=61) == 60
    assert _common_denominator(thirds, bound=60) is None
    assert _common_denominator(([Fraction(1, 7)],), bound=100) == 7
    assert _common_denominator(([], []), bound=2) == 1


def test_a_plain_file_takes_the_bulk_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from tiktok_deal.model.stakes import StakeBuilder

    document = big_document(6000)
    expected = [Stake(**stake) for stake in document["stakes"]]  # made one by one, validated

    def refuse(*_: object) -> int:
        raise AssertionError("a plain file went record by record")

    monkeypatch.setattr(StakeBuilder, "add", refuse)
    assert list(loads(json.dumps(document), format="json").stakes) == expected
    for odd in ({"holder": "e1", "of": "e2", "equity": 0.5},  # a number: not plain text
                {"holder": "e1", "of": "e2", "equity": "5%", "note": "n"}):  # fmt: skip
        irregular = json.loads(json.dumps(document))
        irregular["stakes"][-1] = odd
        with pytest.raises(AssertionError, match="record by record"):
            loads(json.dumps(irregular), format="json")


def test_irregular_files_parse_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from tiktok_deal.model.stakes import StakeBuilder

    document = big_document(3000)
    for i, stake in enumerate(document["stakes"]):
        if i % 2:
            stake["note"] = f"note {i}"
        if i % 3 == 0:
            stake["voting"] = "1%"
    texts = {(s["equity"], s.get("voting")) for s in document["stakes"]}
    added: list[object] = []
    add = StakeBuilder.add

    def counting(self: StakeBuilder, stake: Stake) -> int:
        added.append(stake)
        return add(self, stake)

    monkeypatch.setattr(StakeBuilder, "add", counting)
    deal = loads(json.dumps(document), format="json")
    assert len(added) == len(texts)
    assert list(deal.stakes) == [Stake(**stake) for stake in document["stakes"]]
    assert deal.stakes[2999].note == "note 2999"
    assert deal.stakes[3].voting == Fraction(1, 100)
    assert deal.stakes[4].voting is None


@pytest.mark.parametrize(
    ("record", "key"),
    [
        ({"equity": "5%"}, "5%"),
        ({"equity": "5%", "note": "n"}, "5%"),
        ({"equity": "5%", "voting": "1%"}, ("5%", "1%", None, None)),
        ({"equity": "5%", "equity_max": "6%"}, ("5%", None, "6%", None)),
        ({"equity": "5%", "voting": "1%", "voting_max": "2%"}, ("5%", "1%", None, "2%")),
        ({"equity": 0.05}, None),
        ({"equity": "5%", "voting": 0.01}, None),
        ({"equity": "5%", "voting_max": 1}, None),
        ({}, None),
    ],
)
def test_the_text_key_of_a_record(record: dict[str, Any], key: object) -> None:
    from tiktok_deal.model.stakes import _text_key

    assert _text_key(record) == key


def test_every_figure_and_note_comes_back_from_the_columns() -> None:
    stakes = [Stake(holder="a", of="t", equity="1%", voting="2%", equity_max="3%",
                    voting_max="4%", note="all four")]  # fmt: skip
    loaded = loads(as_json(a_deal(stakes=stakes)), format="json").stakes
    assert loaded[0] == stakes[0]
    assert (loaded[0].voting_max, loaded[0].note) == (Fraction(4, 100), "all four")
    with pytest.raises(IndexError, match=r"^stake index out of range$"):
        loaded[1]
    assert loaded == loaded


def test_numbers_as_figures_are_never_taken_for_one_another() -> None:
    document = big_document(10)
    document["stakes"][0]["equity"] = 0.05
    document["stakes"][1]["equity"] = 0.07  # a number each: no text to reuse a parse under
    deal = loads(json.dumps(document), format="json")
    assert (deal.stakes[0].equity, deal.stakes[1].equity) == (Fraction(5, 100), Fraction(7, 100))


def near(figures: list[tuple[str, str, str]]) -> tuple[set[str], set[str]]:
    """The entities each way of summing sends to the exact check: (loops, vectorised)."""
    table = StakeTable.of([Stake(holder=h, of=o, equity=e) for h, o, e in figures])
    names = table._ids
    return ({names[e] for e in table._near_full()},
            {names[e] for e in table._near_full_vectorised()})  # fmt: skip


def test_which_totals_are_summed_exactly() -> None:
    figures = [("a", "full", "60%"), ("b", "full", "40%"), ("a", "over", "50%"),
               ("b", "over", "51%"), ("a", "half", "25%"), ("b", "half", "25%"),
               ("a", "alone", "100%")]  # fmt: skip
    loops, vectorised = near(figures)
    assert loops == {"full", "over"}  # within the float margin of 100 %, two stakes or more
    assert vectorised == {"over"}  # a small common denominator: every total is settled at once
    tiny = [*figures, ("c", "full2", "1e-30"), ("d", "full2", "1/2"), ("e", "full2", "1/2")]
    loops, vectorised = near(tiny)
    assert loops == vectorised == {"full", "over", "full2"}  # no small denominator: floats


def test_an_unknown_basis_is_an_error() -> None:
    with pytest.raises(td.InvalidArgumentError, match="basis='votes'"):
        STAKES[0].share("votes")  # type: ignore[arg-type]
    assert STAKES[1].share("voting") == Fraction(40, 100)
    assert STAKES[0].share("voting") == STAKES[0].share("equity")
