"""Deal files: exact round trips, and every problem named by file and field (contract §1)."""

import json
import os
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

from tiktok_deal import (
    InvalidDealError,
    Stake,
    UnknownPartyError,
    deal_from_dict,
    deal_to_dict,
    dumps,
    load,
    loads,
    save,
)

EXAMPLE = Path(__file__).parent / "data" / "example.toml"


def test_the_contract_example_loads() -> None:
    deal = load(EXAMPLE)
    assert deal.name == "Example consortium"
    assert deal.as_of == date(2026, 1, 22)
    assert deal.us_users == 170_000_000
    assert [s.equity for s in deal.stakes] == [Fraction(3, 20), Fraction(199, 1000)]
    assert deal.stakes[1].votes == Fraction(199, 1000)  # voting defaults to equity
    assert deal.export_licence == "granted"
    assert deal.formerly_affiliated == ("bytedance",)


def test_json_with_the_same_structure_loads_the_same_deal(tmp_path: Path) -> None:
    deal = load(EXAMPLE)
    path = tmp_path / "deal.json"
    path.write_text(dumps(deal, format="json"))
    assert load(path) == deal


def test_toml_numbers_are_read_by_their_decimal_text() -> None:
    text = EXAMPLE.read_text().replace('equity = "19.9%"', "equity = 0.199")
    assert loads(text).stakes[1].equity == Fraction(199, 1000)


def test_json_numbers_are_read_by_their_decimal_text() -> None:
    data = json.loads(dumps(load(EXAMPLE), format="json"))
    data["stakes"][0]["equity"] = 0.18
    text = json.dumps(data).replace("0.18", "0.18")
    assert loads(text, format="json").stakes[0].equity == Fraction(18, 100)


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_save_and_load_round_trip_exactly(tmp_path: Path, suffix: str) -> None:
    deal = load(EXAMPLE)
    odd = attrs.evolve(
        deal,
        stakes=[*deal.stakes, Stake(holder="oracle", of="bytedance", equity="1/3", voting="1/7")],
    )
    path = tmp_path / f"deal{suffix}"
    save(odd, path)
    assert load(path) == odd
    assert load(path).stakes[-1].voting == Fraction(1, 7)


def test_save_writes_nothing_half_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # If the final rename fails, the old file is untouched and no temporary file is left.
    path = tmp_path / "deal.toml"
    path.write_text("old content")

    def fail(*_: object) -> None:
        raise PermissionError("read-only")

    monkeypatch.setattr("os.replace", fail)
    with pytest.raises(PermissionError, match="read-only"):
        save(load(EXAMPLE), path)
    assert path.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.toml"]


def _broken(old: str, new: str) -> str:
    text = EXAMPLE.read_text()
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        ('equity = "19.9%"', 'equity = "abc"', "stakes[1].equity", "expected a stake"),
        ('equity = "19.9%"', 'equity = "-5%"', "stakes[1].equity", "negative"),
        ('equity = "19.9%"', 'equity = "90%"', "stakes[1].equity", "more than 100 %"),
        ('holder = "oracle"', 'holder = "orcl"', "stakes[0].holder", "unknown party 'orcl'"),
        (
            'organized_in = "KY"',
            'organized_in = "XX"',
            "parties.bytedance.organized_in",
            "country code",
        ),
        ('kind = "veto"', 'kind = "vetoo"', "control_rights[0].kind", "expected one of"),
        ("ongoing = true", 'ongoing = "yes"', "arrangements[0].ongoing", ""),
        ('target = "newco"', 'target = "nobody"', "target", "unknown party"),
        (
            'export_licence = "granted"',
            'export_licence = "maybe"',
            "export_licence",
            "expected one of",
        ),
        ("ongoing = true", "ongoin = true", "arrangements[0].ongoin", "did you mean 'ongoing'"),
        ("us_users = 170_000_000", "us_users = -1", "us_users", "whole number"),
        ("as_of = 2026-01-22", 'as_of = "soon"', "as_of", "date"),
        ("schema = 1", "schema = 2", "schema", "unsupported schema"),
        ('committees = ["security"]', 'committees = "security"', "board[0].committees", "list"),
    ],
)
def test_bad_fields_are_named(old: str, new: str, field: str, problem: str) -> None:
    with pytest.raises(InvalidDealError) as caught:
        loads(_broken(old, new), source="deal.toml")
    message = str(caught.value)
    assert message.startswith(f"deal.toml: {field}: "), message
    assert problem in message


def test_unknown_party_error_is_also_a_key_error() -> None:
    with pytest.raises(KeyError):
        loads(_broken('holder = "oracle"', 'holder = "orcl"'))
    with pytest.raises(UnknownPartyError):
        loads(_broken('holder = "oracle"', 'holder = "orcl"'))


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("name = ", "invalid TOML"),
        ('name = "x"\ntarget = "t"', "parties: is missing"),
        (
            'name = "x"\ntarget = "t"\n[parties.t]\norganized_in = "US"\n[extra]\n',
            "unknown key 'extra'",
        ),
        ('target = "t"\n[parties.t]\n', "name: is missing"),
    ],
)
def test_document_level_problems(text: str, problem: str) -> None:
    with pytest.raises(InvalidDealError, match=problem):
        loads(text, source="deal.toml")


def test_invalid_json_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidDealError, match="invalid JSON"):
        loads("{", format="json")
    with pytest.raises(InvalidDealError, match="no such file"):
        load(tmp_path / "nope.toml")
    with pytest.raises(InvalidDealError, match="not a number"):
        loads('{"x": NaN}', format="json")


def test_evolve_revalidates() -> None:
    deal = load(EXAMPLE)
    with pytest.raises(InvalidDealError, match="more than 100 %"):
        attrs.evolve(deal, stakes=[attrs.evolve(s, equity="60%") for s in deal.stakes])
    with pytest.raises(InvalidDealError, match="cannot hold a stake in itself"):
        Stake(holder="a", of="a", equity="1%")


def test_an_empty_formerly_affiliated_list_survives_a_round_trip() -> None:
    # [] means "no party is formerly affiliated"; absent means "every party" (contract §3.4).
    deal = attrs.evolve(load(EXAMPLE), formerly_affiliated=[])
    assert loads(dumps(deal)).formerly_affiliated == ()
    assert loads(dumps(deal, format="json"), format="json").formerly_affiliated == ()


def test_deals_pickle() -> None:
    import pickle

    deal = load(EXAMPLE)
    assert pickle.loads(pickle.dumps(deal)) == deal


# ----------------------------------------------------------------------------- exact messages
def _latin(folder: Path) -> Path:
    (folder / "latin.toml").write_bytes(b"name = '\xe9'")
    return folder / "latin.toml"


def _under_a_file(folder: Path) -> Path:
    (folder / "f").write_text("")
    return folder / "f" / "deal.toml"


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda folder: folder / "none.toml", "no such file"),
        (lambda folder: folder, "is a directory, not a deal file"),
        (_latin, "is not UTF-8 text"),
        (_under_a_file, "cannot be read (Not a directory)"),
    ],
)
def test_files_that_cannot_be_read(tmp_path: Path, make: Any, problem: str) -> None:
    path = make(tmp_path)
    with pytest.raises(InvalidDealError) as caught:
        load(path)
    assert str(caught.value) == f"{path}: {problem}"
    assert caught.value.source == str(path)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ([1], "a list ([1])"),
        ("x", "a string ('x')"),
        (True, "a boolean (True)"),
        (5, "an integer (5)"),
        (1.5, "float (1.5)"),
        (None, "NoneType (None)"),
        ({"a": 1}, "a table ({'a': 1})"),
    ],
)
def test_a_wrong_type_is_named_in_words(value: object, shown: str) -> None:
    with pytest.raises(InvalidDealError) as caught:
        deal_from_dict({"name": "x", "target": "t", "parties": {"t": {}}, "china": value})
    if not isinstance(value, dict):
        assert str(caught.value) == f"<dict>: china: expected a table, got {shown}"
    if not isinstance(value, list):
        with pytest.raises(InvalidDealError) as caught:
            deal_from_dict({"name": "x", "target": "t", "parties": {"t": {}}, "stakes": value})
        assert str(caught.value) == f"<dict>: stakes: expected a list, got {shown}"


def test_unknown_keys_get_the_closest_or_the_list() -> None:
    with pytest.raises(InvalidDealError) as caught:
        deal_from_dict({"name": "x", "target": "t", "parties": {"t": {}}, "chinaa": {}})
    assert str(caught.value) == "<dict>: chinaa: unknown key 'chinaa' (did you mean 'china'?)"
    with pytest.raises(InvalidDealError) as caught:
        deal_from_dict({"name": "x", "target": "t", "parties": {"t": {}}, "china": {"zz": 1}})
    assert str(caught.value) == "<dict>: china.zz: unknown key 'zz' (allowed: export_licence)"


@pytest.mark.parametrize(
    ("as_of", "problem"),
    [
        ("soon", "expected a date such as 2026-01-22, got 'soon'"),
        (5, "expected a date such as 2026-01-22, got 5"),
        (datetime(2026, 1, 22, 10), "expected a date without a time, got 2026-01-22 10:00:00"),
    ],
)
def test_dates_are_dates(as_of: object, problem: str) -> None:
    with pytest.raises(InvalidDealError) as caught:
        deal_from_dict({"name": "x", "target": "t", "parties": {"t": {}}, "as_of": as_of})
    assert str(caught.value) == f"<dict>: as_of: {problem}"
    document = {"name": "x", "target": "t", "parties": {"t": {}}, "as_of": "2026-01-22"}
    assert deal_from_dict(document).as_of == date(2026, 1, 22)


def test_json_documents_name_their_source_and_the_key_given_twice() -> None:
    from tiktok_deal.io import json_document

    assert json_document('{"a": [1, 1.5]}') == {"a": [1, Decimal("1.5")]}
    with pytest.raises(InvalidDealError) as caught:
        json_document('{"a": 1, "a": 2}')
    assert str(caught.value) == "<string>: a: is given twice (JSON readers would silently keep one of the two)"
    with pytest.raises(InvalidDealError, match=r"^f\.json: is nested too deeply to read$"):
        json_document("[" * 100_000 + "]" * 100_000, source="f.json")
    # The field is found even when a number the second reading could not take follows it.
    text = '{"parties": {"t": {}, "t": {}}, "n": 1' + "0" * 5000 + ', "f": 1e999, "c": NaN}'
    with pytest.raises(InvalidDealError) as caught:
        json_document(text)
    assert caught.value.field == "parties.t"
    text = '{"list": [0, {"x": 1}, {"y": 1, "y": 2}]}'
    with pytest.raises(InvalidDealError) as caught:
        json_document(text)
    assert caught.value.field == "list[2].y"


def test_save_writes_through_a_hidden_temporary_file_beside_the_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []
    replace = os.replace

    def spy(source: str, target: Any) -> None:
        assert Path(source).parent == Path(target).parent
        seen.append((Path(source).name, Path(source).read_text(encoding="utf-8")))
        replace(source, target)

    monkeypatch.setattr("os.replace", spy)
    path = tmp_path / "deal.json"
    deal = load(EXAMPLE)
    save(deal, path)
    ((name, text),) = seen
    assert name.startswith(".deal.json.")
    assert name.endswith(".tmp")
    assert text == dumps(deal, format="json") == path.read_text(encoding="utf-8")
    assert json.loads(text)["name"] == "Example consortium"


def test_dumps_refuses_an_unknown_format() -> None:
    with pytest.raises(ValueError, match="unknown format 'yaml'; expected 'toml' or 'json'"):
        dumps(load(EXAMPLE), format="yaml")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown format 'yaml'; expected 'toml' or 'json'"):
        loads("", format="yaml")  # type: ignore[arg-type]


def test_deal_to_dict_writes_every_fact_in_the_files_order() -> None:
    from tiktok_deal.model import Officer, Operation

    deal = attrs.evolve(
        load(EXAMPLE),
        description="d",
        notes=["n"],
        sources=["s"],
        officers=[Officer(role="ceo", appointed_by="oracle", name="A", nationality="US")],
        operations=[Operation(function="hosting", operator="oracle", note="o")],
        stakes=[Stake(holder="oracle", of="newco", equity="1/3", voting="10%", equity_max="1/2",
                      voting_max="20%", note="band")],
    )  # fmt: skip
    data = deal_to_dict(deal)
    assert list(data) == ["schema", "name", "description", "target", "formerly_affiliated",
                          "as_of", "us_users", "sources", "notes", "parties", "stakes", "board",
                          "officers", "control_rights", "arrangements", "operations", "china"]  # fmt: skip
    assert data["stakes"] == [{"holder": "oracle", "of": "newco", "equity": "1/3", "voting": "10%",
                               "equity_max": "50%", "voting_max": "20%", "note": "band"}]  # fmt: skip
    assert data["officers"] == [{"role": "ceo", "name": "A", "appointed_by": "oracle",
                                 "nationality": "US"}]  # fmt: skip
    assert data["operations"] == [{"function": "hosting", "operator": "oracle", "note": "o"}]
    assert data["parties"]["bytedance"] == {"name": "ByteDance Ltd.", "kind": "company",
                                            "headquartered_in": "CN", "organized_in": "KY"}  # fmt: skip
    assert data["as_of"] == date(2026, 1, 22)
    assert deal_to_dict(deal, dates_as_text=True)["as_of"] == "2026-01-22"
    assert data["board"][0] == {"appointed_by": "oracle", "nationality": "US",
                                "committees": ["security"]}  # fmt: skip
    bare = deal_to_dict(td_deal())
    assert bare == {"schema": 1, "name": "bare", "target": "t", "parties": {"t": {"name": "t",
                    "kind": "company"}}}  # fmt: skip


def td_deal() -> Any:
    from tiktok_deal import Deal, Party

    return Deal(name="bare", target="t", parties=[Party(id="t")])


def test_json_is_written_indented_and_in_plain_unicode() -> None:
    deal = attrs.evolve(load(EXAMPLE), name="Société Générale — 𝔡𝔢𝔞𝔩")
    text = dumps(deal, format="json")
    assert text.startswith('{\n  "schema": 1,\n  "name": "Société Générale — 𝔡𝔢𝔞𝔩",\n')
    assert text.endswith("}\n")
    assert loads(text, format="json") == deal


def test_toml_numbers_keep_every_digit() -> None:
    text = EXAMPLE.read_text().replace('equity = "19.9%"', "equity = 0.1234567890123456789012345")
    assert loads(text).stakes[1].equity == Fraction(1234567890123456789012345, 10**25)


@pytest.mark.parametrize(("size", "paused"), [(1 << 20, False), ((1 << 20) + 1, True)])
def test_the_garbage_collector_rests_while_a_large_document_loads(
    monkeypatch: pytest.MonkeyPatch, size: int, paused: bool
) -> None:
    import gc

    calls: list[str] = []
    monkeypatch.setattr(gc, "disable", lambda: calls.append("disable"))
    monkeypatch.setattr(gc, "enable", lambda: calls.append("enable"))
    text = EXAMPLE.read_text()
    text += "#" * (size - len(text))
    assert len(loads(text).stakes) == 2
    assert calls == (["disable", "enable"] if paused else [])
    monkeypatch.setattr(gc, "isenabled", lambda: False)  # the caller paused it: leave it so
    calls.clear()
    loads(text)
    assert calls == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"schema": True}, "<dict>: schema: unsupported schema True; this version reads 1"),
        ({"schema": Decimal("2.0")}, "<dict>: schema: unsupported schema 2.0; this version reads 1"),
        ({"schema": Decimal("NaN")}, "<dict>: schema: unsupported schema NaN; this version reads 1"),
        ({"parties": ["t"]}, "<dict>: parties: expected a table of parties, [parties.ID]"),
        ({"parties": {"t": {"zz": 1}}}, "<dict>: parties.t.zz: unknown key 'zz' (allowed: "
         "domiciled_in, headquartered_in, kind, name, note, organized_in, "
         "principal_place_of_business)"),
        ({"stakes": [{"holder": "t"}]}, "<dict>: stakes[0].of: is missing"),
        ({"board": [{"appointed_by": "t", "seat": 1}]},
         "<dict>: board[0].seat: unknown key 'seat' (allowed: appointed_by, committees, director, "
         "nationality, note, of)"),
    ],
)  # fmt: skip
def test_document_messages(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidDealError) as caught:
        deal_from_dict({"name": "x", "target": "t", "parties": {"t": {}}, **changes})
    assert str(caught.value) == message


def test_deep_toml_is_one_error_naming_the_source() -> None:
    with pytest.raises(InvalidDealError) as caught:
        loads("notes = " + "[" * 5000 + "]" * 5000 + '\nname = "x"\n')
    assert str(caught.value) == "<string>: is nested too deeply to be a deal file"
    with pytest.raises(InvalidDealError) as caught:
        loads("{", format="json")
    assert str(caught.value).startswith("<string>: invalid JSON: ")
    with pytest.raises(InvalidDealError) as caught:
        loads("name = ")
    assert str(caught.value).startswith("<string>: invalid TOML: ")
