"""Deal files: exact round trips, and every problem named by file and field (contract §1)."""

import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import attrs
import pytest

from tiktok_deal import InvalidDealError, Stake, UnknownPartyError, dumps, load, loads, save

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
