"""The model built from Python: each collection and field names itself in its errors, and the
lookups a deal offers return what they say."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import pytest

import tiktok_deal as td
from tiktok_deal import InvalidDealError, Party, Stake, UnknownPartyError
from tiktok_deal.model import Officer, Operation

PARTIES = [Party(id="t"), Party(id="a"), Party(id="b")]


def deal(**fields: Any) -> td.Deal:
    return td.Deal(name="d", target="t", **{"parties": PARTIES, **fields})


def message(**fields: Any) -> str:
    with pytest.raises(InvalidDealError) as caught:
        deal(**fields)
    return str(caught.value)


@pytest.mark.parametrize(
    ("field", "kind"),
    [("stakes", "Stake"), ("board", "Seat"), ("officers", "Officer"),
     ("control_rights", "ControlRight"), ("arrangements", "Arrangement"),
     ("operations", "Operation"), ("parties", "Party")],
)  # fmt: skip
def test_every_collection_names_itself(field: str, kind: str) -> None:
    assert message(**{field: "x"}) == f"{field}: expected a list of {kind}, got 'x'"
    assert message(**{field: [5]}) == f"{field}[0]: expected {kind}, got int"


def test_parties_are_one_per_id() -> None:
    assert message(parties=[Party(id="t"), Party(id="t")]) == "parties.t: party id is used twice"
    assert message(parties={"x": Party(id="t")}) == "parties.x: key differs from the party's id 't'"
    assert list(deal(parties={"t": Party(id="t"), "a": Party(id="a")}).parties) == ["t", "a"]


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"parties": []}, "target: unknown party 't' (parties defined: none)"),
        ({"board": [td.Seat(appointed_by="z")]},
         "board[0].appointed_by: unknown party 'z' (parties defined: a, b, t)"),
        ({"board": [td.Seat(appointed_by="a", of="z")]}, "board[0].of: unknown party 'z'"),
        ({"officers": [Officer(role="ceo", appointed_by="z")]}, "officers[0].appointed_by: unknown"),
        ({"officers": [Officer(role="ceo", appointed_by="a", of="z")]}, "officers[0].of: unknown"),
        ({"control_rights": [td.ControlRight(holder="z", kind="veto")]},
         "control_rights[0].holder: unknown party 'z'"),
        ({"control_rights": [td.ControlRight(holder="a", kind="veto", of="z")]},
         "control_rights[0].of: unknown party 'z'"),
        ({"arrangements": [td.Arrangement(kind="other", counterparty="z")]},
         "arrangements[0].counterparty: unknown party 'z'"),
        ({"operations": [Operation(function="hosting", operator="z")]},
         "operations[0].operator: unknown party 'z'"),
        ({"formerly_affiliated": ["a", "z"]}, "formerly_affiliated[1]: unknown party 'z'"),
        ({"stakes": [Stake(holder="z", of="t", equity="1%")]}, "stakes[0].holder: unknown party"),
        ({"stakes": [Stake(holder="a", of="z", equity="1%")]}, "stakes[0].of: unknown party 'z'"),
    ],
)  # fmt: skip
def test_every_id_is_checked_where_it_is_used(fields: dict[str, Any], text: str) -> None:
    with pytest.raises(UnknownPartyError) as caught:
        deal(**fields)
    assert str(caught.value).startswith(text)


def test_a_second_stake_of_a_holder_in_an_entity() -> None:
    stakes = [Stake(holder="a", of="t", equity="1%"), Stake(holder="a", of="t", equity="2%")]
    with pytest.raises(InvalidDealError) as caught:
        deal(stakes=stakes)
    assert caught.value.field == "stakes[1]"
    assert caught.value.problem == (
        "'a' already holds a stake in 't' (stakes[0]); give one entry per holder and entity"
    )


def test_lookups() -> None:
    seats = [td.Seat(appointed_by="a"), td.Seat(appointed_by="b", of="a")]
    officers = [Officer(role="ceo", appointed_by="a"), Officer(role="other", appointed_by="b", of="a")]
    rights = [td.ControlRight(holder="a", kind="veto"), td.ControlRight(holder="b", kind="veto", of="a")]
    stakes = [Stake(holder="a", of="t", equity="1%"), Stake(holder="b", of="a", equity="2%")]
    d = deal(board=seats, officers=officers, control_rights=rights, stakes=stakes)
    assert d.seats_of("t") == (seats[0],)
    assert d.seats_of("a") == (seats[1],)
    assert d.officers_of("t") == (officers[0],)
    assert d.officers_of("a") == (officers[1],)
    assert d.rights_over("t") == (rights[0],)
    assert d.rights_over("a") == (rights[1],)
    assert d.holdings_in("t") == (stakes[0],)
    assert d.holdings_in("b") == ()
    assert d.party("a") is PARTIES[1]
    assert d.label("a") == "a"
    with pytest.raises(UnknownPartyError) as caught:
        d.party("z")
    assert str(caught.value) == "party: unknown party 'z' (parties defined: a, b, t)"


@pytest.mark.parametrize(
    ("make", "text"),
    [
        (lambda: Stake(holder="a", of="t", equity="1%", voting_max="x"),
         "voting_max: expected a stake such as"),
        (lambda: Stake(holder="a", of="t", equity="1%", voting_max="5%"),
         "voting_max: a voting range needs its bottom in voting"),
        (lambda: Stake(holder="a", of="t", equity="10%", equity_max="5%"),
         "equity_max: the top of the range (5 %) is below its bottom (10 %)"),
        (lambda: Stake(holder="a", of="t", equity="1%", voting="10%", voting_max="1/3"),
         None),
        (lambda: Stake(holder="a", of="t", equity="1%", voting="1/2", voting_max="1/3"),
         "voting_max: the top of the range (≈ 33.33 %) is below its bottom (50 %)"),
        (lambda: Stake(holder="a", of="a", equity="1%"), "of: 'a' cannot hold a stake in itself"),
        (lambda: td.Deal(name="d", target="t", parties=PARTIES, as_of="2026-01-22"),
         "as_of: expected a date such as 2026-01-22, got '2026-01-22'"),
        (lambda: td.Arrangement(kind="licence", counterparty="a"),
         "kind: expected one of algorithm_license, algorithm_cooperation, data_sharing, "
         "commercial_services, interoperability, hosting, security_partner, other; got 'licence'"),
        (lambda: Party(id="p", kind=["company"]),
         "kind: expected one of company, fund, government, individual, pool, other; got "
         "['company']"),
    ],
)  # fmt: skip
def test_entries_say_what_is_wrong(make: Any, text: str | None) -> None:
    if text is None:
        assert make().share("voting", upper=True) == Fraction(1, 3)
        return
    with pytest.raises(InvalidDealError) as caught:
        make()
    assert str(caught.value).startswith(text), str(caught.value)


def test_links_and_their_words() -> None:
    party = Party(id="p", organized_in="KY", headquartered_in="CN", domiciled_in="CN")
    assert party.links_to({"CN", "HK"}) == "headquartered in CN, domiciled in CN"
    assert party.links_to({"US"}) is None
    assert party.countries == frozenset({"KY", "CN"})
    assert party.jurisdiction_known
    assert not Party(id="q").jurisdiction_known


def test_a_deal_dated_and_valid() -> None:
    assert deal(as_of=date(2026, 1, 22)).as_of == date(2026, 1, 22)


@pytest.mark.parametrize(
    ("users", "got"),
    [(-1, "got -1"), (10**10 + 1, "got 10000000001"), (True, "got True"),
     (10**4000, "got a number of about 4001 digits")],  # 10^4000: a 1 and 4,000 zeros
    ids=["negative", "over 10^10", "a bool", "4,001 digits"],
)  # fmt: skip
def test_us_users_is_a_count_of_people(users: object, got: str) -> None:
    """A count of U.S. users runs from none to more than people on Earth (10^10), no further."""
    assert message(us_users=users) == (
        "us_users: expected a whole number of users from 0 to 10,000,000,000 (more than people "
        f"on Earth), {got}"
    )
    assert deal(us_users=10**10).us_users == 10**10
