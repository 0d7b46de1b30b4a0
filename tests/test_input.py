"""Hostile input: every field's type is checked, a repeated JSON key is an error, a boolean is never
a number, and every stake form has the same digit limit. Each case names file, field and problem."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

import tiktok_deal as td
from tiktok_deal import InvalidDealError, Party, Stake, deal_from_dict, dumps, loads

BASE: dict[str, Any] = {
    "name": "x",
    "target": "t",
    "parties": {"t": {"organized_in": "US"}, "c": {"organized_in": "CN"}},
}


def with_(**changes: Any) -> dict[str, Any]:
    return {**json.loads(json.dumps(BASE)), **changes}


def error(document: Any, *, format: str = "json") -> InvalidDealError:
    text = document if isinstance(document, str) else json.dumps(document)
    with pytest.raises(InvalidDealError) as caught:
        loads(text, format=format, source="deal.json")  # type: ignore[arg-type]
    return caught.value


# ----------------------------------------------------------------------------- party names
@pytest.mark.parametrize("name", [5, 5.5, None, [], ["a"], {}, {"a": 1}, True, "", "  "])
def test_a_party_name_must_be_text(name: object) -> None:
    document = with_()
    document["parties"]["c"]["name"] = name
    caught = error(document)
    assert caught.field == "parties.c.name"
    assert "expected a non-empty string" in caught.problem


def test_a_float_name_in_toml_is_refused_not_saved_as_a_decimal() -> None:
    # It once loaded as Decimal('5.5') and only failed when the deal was saved.
    text = 'name = "x"\ntarget = "t"\n[parties.t]\nname = 5.5\n'
    caught = error(text, format="toml")
    assert (caught.field, caught.source) == ("parties.t.name", "deal.json")
    with pytest.raises(InvalidDealError, match="name"):
        Party(id="p", name=Decimal("5.5"))  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- repeated keys
def test_a_repeated_party_is_an_error_not_a_silent_flip() -> None:
    # Kept silently, the second copy made "t" a Chinese party and flipped the verdict.
    text = (
        '{"name": "x", "target": "t", "parties": {"t": {"organized_in": "US"}, '
        '"t": {"organized_in": "CN"}}}'
    )
    caught = error(text)
    assert caught.field == "parties.t"
    assert "given twice" in caught.problem
    assert str(caught).startswith("deal.json: parties.t: ")


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('{"name": "x", "name": "y", "target": "t", "parties": {"t": {}}}', "name"),
        ('{"name": "x", "target": "t", "parties": {"t": {"kind": "fund", "kind": "pool"}}}',
         "parties.t.kind"),
        ('{"name": "x", "target": "t", "parties": {"t": {}, "c": {}}, "stakes": '
         '[{"holder": "c", "of": "t", "equity": "10%", "equity": "30%"}]}', "stakes[0].equity"),
        ('{"name": "x", "target": "t", "parties": {"t": {}}, "china": '
         '{"export_licence": "denied", "export_licence": "granted"}}', "china.export_licence"),
        ('{"name": "x", "target": "t", "parties": {"t": {}}, "notes": [{"a": 1, "a": 2}]}',
         "notes[0].a"),
    ],
)  # fmt: skip
def test_a_repeated_key_anywhere_is_named(text: str, field: str) -> None:
    caught = error(text)
    assert caught.field == field
    assert "given twice" in caught.problem


def test_a_repeated_key_is_reported_even_when_the_rest_does_not_parse() -> None:
    caught = error('{"name": "x", "name": "y"} trailing')
    assert caught.field == "name"
    assert "given twice" in caught.problem


def test_the_same_key_in_different_objects_is_fine() -> None:
    document = with_(stakes=[{"holder": "c", "of": "t", "equity": "10%"}])
    assert loads(json.dumps(document), format="json").stakes[0].equity == Fraction(1, 10)


def test_bods_files_refuse_repeated_keys_too(tmp_path: Any) -> None:
    path = tmp_path / "owners.json"
    path.write_text('[{"recordId": "t", "recordId": "u"}]')
    with pytest.raises(InvalidDealError, match="given twice"):
        td.load_bods(path, target="t")


# ----------------------------------------------------------------------------- booleans
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"schema": True}, "schema"),
        ({"schema": False}, "schema"),
        ({"schema": "1"}, "schema"),
        ({"us_users": True}, "us_users"),
        ({"stakes": [{"holder": "c", "of": "t", "equity": True}]}, "stakes[0].equity"),
        ({"stakes": [{"holder": "c", "of": "t", "equity": "1%", "voting": False}]},
         "stakes[0].voting"),
        ({"stakes": [{"holder": "c", "of": "t", "equity": "1%", "equity_max": True}]},
         "stakes[0].equity_max"),
        ({"arrangements": [{"kind": "other", "counterparty": "c", "ongoing": 1}]},
         "arrangements[0].ongoing"),
        ({"as_of": True}, "as_of"),
        ({"name": True}, "name"),
        ({"target": False}, "target"),
    ],
)  # fmt: skip
def test_a_boolean_is_never_a_number_or_a_schema_version(changes: Any, field: str) -> None:
    assert error(with_(**changes)).field == field


def test_schema_1_as_a_decimal_number_is_still_1() -> None:
    # JSON has one kind of number: 1.0 is the integer 1 (a JSON Schema says so too).
    assert loads('{"schema": 1.0, "name": "x", "target": "t", "parties": {"t": {}}}', format="json")


# ----------------------------------------------------------------------------- types
@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"formerly_affiliated": {"t": 1}}, "formerly_affiliated", "list of strings"),
        ({"sources": {"a": "b"}}, "sources", "list of strings"),
        ({"notes": "one note"}, "notes", "list of strings"),
        ({"board": [{"appointed_by": "t", "committees": {"security": True}}]},
         "board[0].committees", "list of strings"),
        ({"parties": {"t": {"kind": ["company"]}}}, "parties.t.kind", "expected one of"),
        ({"parties": {"t": {"organized_in": ["US"]}}}, "parties.t.organized_in", "country code"),
        ({"parties": {"t": {"organized_in": 1e5}}}, "parties.t.organized_in", "country code"),
        ({"parties": {"t": {"note": 7}}}, "parties.t.note", "non-empty string"),
        ({"parties": {"t": []}}, "parties.t", "expected a table"),
        ({"parties": []}, "parties", "table of parties"),
        ({"stakes": [["c", "t", "10%"]]}, "stakes[0]", "expected a table"),
        ({"stakes": [{"holder": ["c"], "of": "t", "equity": "10%"}]}, "stakes[0].holder",
         "non-empty string"),
        ({"stakes": [{"holder": "c", "of": "t", "equity": "10%", "note": 3}]},
         "stakes[0].note", "non-empty string"),
        ({"china": []}, "china", "expected a table"),
        ({"china": {"export_licence": ["granted"]}}, "export_licence", "expected one of"),
        ({"description": ["a"]}, "description", "non-empty string"),
        ({"as_of": 20260122}, "as_of", "date"),
        ({"control_rights": [{"holder": "c", "kind": {"veto": 1}}]}, "control_rights[0].kind",
         "expected one of"),
    ],
)  # fmt: skip
def test_every_field_has_its_type_checked(changes: Any, field: str, problem: str) -> None:
    caught = error(with_(**changes))
    assert caught.field == field
    assert problem in caught.problem


def test_loading_does_not_change_the_data_given() -> None:
    document = with_(schema=1)
    deal_from_dict(document)
    assert document["schema"] == 1  # it was once popped out of the caller's dict


# ----------------------------------------------------------------------------- officers, operations
@pytest.mark.parametrize(
    ("changes", "field", "problem"),
    [
        ({"officers": [{"role": "cfo", "appointed_by": "t"}]}, "officers[0].role", "expected one of"),
        ({"officers": [{"role": True, "appointed_by": "t"}]}, "officers[0].role", "expected one of"),
        ({"officers": [{"role": "ceo", "appointed_by": "nobody"}]}, "officers[0].appointed_by",
         "unknown party"),
        ({"officers": [{"role": "ceo", "appointed_by": "c", "of": "nobody"}]}, "officers[0].of",
         "unknown party"),
        ({"officers": [{"role": "ceo"}]}, "officers[0].appointed_by", "is missing"),
        ({"officers": [{"role": "ceo", "appointed_by": "c", "nationality": "cn"}]},
         "officers[0].nationality", "upper case"),
        ({"officers": [{"role": "ceo", "appointed_by": "c", "salary": 1}]}, "officers[0].salary",
         "unknown key"),
        ({"operations": [{"function": "mining", "operator": "c"}]}, "operations[0].function",
         "expected one of"),
        ({"operations": [{"function": "hosting", "operator": "nobody"}]},
         "operations[0].operator", "unknown party"),
        ({"operations": [{"function": "hosting"}]}, "operations[0].operator", "is missing"),
        ({"operations": {"function": "hosting", "operator": "c"}}, "operations", "expected a list"),
        ({"control_rights": [{"holder": "c", "kind": "officer_appointment", "of": "nobody"}]},
         "control_rights[0].of", "unknown party"),
        ({"control_rights": [{"holder": "c", "kind": "poison_pill"}]}, "control_rights[0].kind",
         "expected one of"),
    ],
)  # fmt: skip
def test_officers_operations_and_rights_are_checked(changes: Any, field: str, problem: str) -> None:
    caught = error(with_(**changes))
    assert caught.field == field
    assert problem in caught.problem


def test_the_new_tables_and_right_kinds_load_and_round_trip() -> None:
    document = with_(
        officers=[{"role": "security_officer", "appointed_by": "c", "nationality": "CN"}],
        operations=[{"function": "advertising", "operator": "c", "note": "sells ads"}],
        control_rights=[
            {"holder": "c", "kind": kind}
            for kind in ("officer_appointment", "negative_control", "contractual_control")
        ],
    )
    deal = loads(json.dumps(document), format="json")
    assert [r.kind for r in deal.control_rights][-1] == "contractual_control"
    assert loads(dumps(deal)) == deal
    assert loads(dumps(deal, format="json"), format="json") == deal


# ----------------------------------------------------------------------------- the digit limit
def stake_document(equity: object) -> dict[str, Any]:
    return with_(stakes=[{"holder": "c", "of": "t", "equity": equity}])


@pytest.mark.parametrize(
    "equity",
    [
        "0." + "1" * 4000 + "%",  # the percent form once skipped the limit
        "0." + "0" * 99 + "1",
        "1/" + "3" * 101,
        "1" * 101 + "/" + "3" * 101,
        "0" * 101 + "1/3",  # leading zeros count
        "1e-100",
        "1e-999999999",
        "0." + "0" * 200 + "1%",
    ],
)
def test_more_than_100_digits_is_bad_input_in_every_form(equity: str) -> None:
    caught = error(stake_document(equity))
    assert caught.field == "stakes[0].equity"
    assert "at most 100 digits" in caught.problem
    assert len(str(caught)) < 300  # the message quotes the text cut short


def test_more_than_100_digits_as_a_json_or_toml_number_is_bad_input() -> None:
    text = json.dumps(stake_document(0)).replace('"equity": 0', '"equity": 0.' + "1" * 100)
    assert error(text).field == "stakes[0].equity"
    toml = 'name = "x"\ntarget = "t"\n[parties.t]\n[parties.c]\n[[stakes]]\nholder = "c"\n'
    assert error(toml + 'of = "t"\nequity = 1e-100\n', format="toml").field == "stakes[0].equity"


def test_an_exact_42_decimal_stake_that_decides_the_line_is_accepted() -> None:
    # 20 % minus 10^-42: just under the line, and only an exact reading can tell.
    just_under = "0." + "1" + "9" * 41
    assert len(just_under) - 2 == 42
    deal = loads(json.dumps(stake_document(just_under)), format="json")
    assert deal.stakes[0].equity == Fraction(1, 5) - Fraction(1, 10**42)
    finding = td.check(deal)["pafaca.fa_ownership"]
    assert finding.status == td.Status.COMPLIANT
    at_the_line = loads(json.dumps(stake_document("0." + "2" + "0" * 41)), format="json")
    assert td.check(at_the_line)["pafaca.fa_ownership"].status == td.Status.VIOLATION


@pytest.mark.parametrize(
    "equity",
    ["0." + "1" * 99, "1/" + "3" * 100, "9" * 100 + "/" + "9" * 100, "0." + "0" * 97 + "1%",
     Decimal("0." + "1" * 99)],
)  # fmt: skip
def test_100_digits_is_within_the_limit(equity: object) -> None:
    assert Stake(holder="c", of="t", equity=equity).equity > 0


def test_a_saved_deal_always_loads_back() -> None:
    # A terminating fraction with a long decimal expansion is saved as p/q, not cut to 28 digits.
    for fraction in (Fraction(1, 2**100), Fraction(3, 2**60), Fraction(1, 5**90)):
        stake = Stake(holder="c", of="t", equity=fraction)
        deal = td.Deal(name="x", target="t", parties=[Party(id="t"), Party(id="c")],
                       stakes=[stake])  # fmt: skip
        assert loads(dumps(deal)).stakes[0].equity == fraction


# ----------------------------------------------------------------------------- exact messages
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"parties": {"t": {"kind": "trust"}}},
         "deal.json: parties.t.kind: expected one of company, fund, government, individual, "
         "pool, other; got 'trust'"),
        ({"parties": {"t": {"kind": 7}}},
         "deal.json: parties.t.kind: expected one of company, fund, government, individual, "
         "pool, other; got 7"),
        ({"officers": [{"role": "cfo", "appointed_by": "t"}]},
         "deal.json: officers[0].role: expected one of ceo, security_officer, other; got 'cfo'"),
        ({"parties": {"t": {"organized_in": "us"}}},
         "deal.json: parties.t.organized_in: unknown ISO 3166-1 alpha-2 country code 'us' "
         "(codes are upper case)"),
        ({"parties": {"t": {"organized_in": "XX"}}},
         "deal.json: parties.t.organized_in: unknown ISO 3166-1 alpha-2 country code 'XX'"),
        ({"parties": {"t": {"organized_in": ["US"]}}},
         "deal.json: parties.t.organized_in: unknown ISO 3166-1 alpha-2 country code ['US']"),
        ({"us_users": -5}, "deal.json: us_users: expected a whole number of users from 0 to "
                           "10,000,000,000 (more than people on Earth), got -5"),
        ({"notes": ["", "x"]}, "deal.json: notes: expected non-empty strings, got ''"),
        ({"sources": {"a": 1}}, "deal.json: sources: expected a list of strings, got {'a': 1}"),
        ({"arrangements": [{"kind": "other", "counterparty": "c", "ongoing": "no"}]},
         "deal.json: arrangements[0].ongoing: expected true or false, got 'no'"),
        ({"stakes": [{"holder": "c", "of": "t", "equity": "1%", "note": " "}]},
         "deal.json: stakes[0].note: expected a non-empty string, got ' '"),
        ({"name": "n" * 1000}, None),
    ],
)  # fmt: skip
def test_messages_say_what_was_expected_and_what_arrived(changes: Any, message: str | None) -> None:
    if message is None:
        assert loads(json.dumps(with_(**changes)), format="json").name == "n" * 1000
        return
    assert str(error(with_(**changes))) == message


def test_a_choice_is_text_even_when_a_value_would_compare_equal() -> None:
    class Word(str):
        pass

    assert td.Arrangement(kind="other", counterparty="c").kind == "other"
    with pytest.raises(InvalidDealError, match="expected one of"):
        td.Arrangement(kind=Word("other"), counterparty="c")


def test_bods_files_that_cannot_be_read(tmp_path: Any) -> None:
    with pytest.raises(InvalidDealError) as caught:
        td.load_bods(tmp_path / "none.json", target="t")
    assert str(caught.value) == f"{tmp_path / 'none.json'}: no such file"
    (tmp_path / "latin.json").write_bytes(b'["\xe9"]')
    with pytest.raises(InvalidDealError) as caught:
        td.load_bods(tmp_path / "latin.json", target="t")
    assert str(caught.value).startswith(f"{tmp_path / 'latin.json'}: cannot be read (")
    with pytest.raises(InvalidDealError) as caught:
        td.load_bods(tmp_path, target="t")
    assert caught.value.source == str(tmp_path)
    (tmp_path / "owners.json").write_text('[{"recordId": "t", "recordType": "person", '
                                          '"recordDetails": {"nationalities": [{"code": "CN"}]}}]')  # fmt: skip
    assert td.load_bods(tmp_path / "owners.json", target="t").parties["t"].domiciled_in == "CN"
    unknown = td.load_bods(tmp_path / "owners.json", target="t", nationality_as_domicile=False)
    assert unknown.parties["t"].domiciled_in is None
    (tmp_path / "broken.json").write_text("[")
    with pytest.raises(InvalidDealError) as caught:
        td.load_bods(tmp_path / "broken.json", target="t")
    assert str(caught.value).startswith(f"{tmp_path / 'broken.json'}: invalid JSON: ")
    (tmp_path / "bad.json").write_text('[{"recordId": 5}]')
    with pytest.raises(InvalidDealError) as caught:
        td.load_bods(tmp_path / "bad.json", target="t")
    assert str(caught.value) == f"{tmp_path / 'bad.json'}: statements[0].recordId: is missing or not a string"
