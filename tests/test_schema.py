"""The deal file's JSON Schema: it accepts every preset and agrees with the loader on broken files."""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tiktok_deal import InvalidDealError, deal_from_dict
from tiktok_deal.cli import main
from tiktok_deal.io import ARRANGEMENT, CHINA, PARTY, RIGHT, SEAT, STAKE, TOP
from tiktok_deal.presets import PRESETS
from tiktok_deal.schema import deal_schema

DOCS_DEALS = Path(__file__).parents[1] / "docs" / "deals"
SCHEMA = deal_schema()
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)


def as_json(value: Any) -> Any:
    """TOML data as it would be in a JSON deal file: dates become ISO strings."""
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def problems(document: Any) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(as_json(document))]


def loader_accepts(document: Any) -> bool:
    try:
        deal_from_dict(document)
    except InvalidDealError:
        return False
    return True


BASE: dict[str, Any] = {
    "schema": 1,
    "name": "Example consortium",
    "target": "newco",
    "formerly_affiliated": ["bytedance"],
    "as_of": date(2026, 1, 22),
    "us_users": 170_000_000,
    "parties": {
        "newco": {"name": "NewCo U.S. LLC", "organized_in": "US"},
        "bytedance": {"name": "ByteDance Ltd.", "organized_in": "KY", "headquartered_in": "CN"},
        "oracle": {"kind": "company", "organized_in": "US"},
    },
    "stakes": [
        {"holder": "oracle", "of": "newco", "equity": "15%"},
        {"holder": "bytedance", "of": "newco", "equity": "19.9%", "voting": "0.199"},
    ],
    "board": [{"appointed_by": "oracle", "nationality": "US", "committees": ["security"]}],
    "control_rights": [{"holder": "oracle", "kind": "veto"}],
    "arrangements": [{"kind": "algorithm_license", "counterparty": "bytedance", "ongoing": False}],
    "china": {"export_licence": "granted"},
}


def changed(path: tuple[str | int, ...], value: Any = None, *, delete: bool = False) -> Any:
    """BASE with the entry at ``path`` set to ``value`` (or deleted)."""
    document = copy.deepcopy(BASE)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if delete:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


def renamed(path: tuple[str | int, ...], new: str) -> Any:
    """BASE with the key at ``path`` renamed to ``new`` (a misspelling)."""
    document = copy.deepcopy(BASE)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[new] = parent.pop(path[-1])
    return document


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_names_exactly_the_keys_the_loader_reads() -> None:
    definitions = SCHEMA["$defs"]
    assert set(SCHEMA["properties"]) == TOP
    for name, keys in [
        ("party", PARTY),
        ("stake", STAKE),
        ("seat", SEAT),
        ("control_right", RIGHT),
        ("arrangement", ARRANGEMENT),
        ("china", CHINA),
    ]:
        assert set(definitions[name]["properties"]) == keys, name
        assert definitions[name]["additionalProperties"] is False


def test_every_table_is_closed() -> None:
    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                assert node["additionalProperties"] is False, node.get("description")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(SCHEMA)


@pytest.mark.parametrize("name", PRESETS)
def test_every_preset_is_valid(name: str) -> None:
    text = resources.files("tiktok_deal.presets").joinpath(f"{name}.toml").read_text("utf-8")
    assert problems(tomllib.loads(text)) == []


@pytest.mark.parametrize("path", sorted(DOCS_DEALS.glob("*.toml")), ids=lambda p: p.name)
def test_every_deal_file_in_the_docs_is_valid(path: Path) -> None:
    assert problems(tomllib.loads(path.read_text("utf-8"))) == []


def test_the_base_document_is_valid_for_both() -> None:
    assert problems(BASE) == []
    assert loader_accepts(BASE)


@pytest.mark.parametrize(
    ("path", "misspelt"),
    [
        (("target",), "targte"),
        (("parties", "bytedance", "headquartered_in"), "headquarterd_in"),
        (("stakes", 0, "equity"), "equtiy"),
        (("board", 0, "appointed_by"), "appointed"),
        (("arrangements", 0, "counterparty"), "counter_party"),
        (("china", "export_licence"), "export_license"),
    ],
)
def test_a_misspelt_key_is_rejected_by_both(path: tuple[str | int, ...], misspelt: str) -> None:
    document = renamed(path, misspelt)
    assert any(misspelt in problem for problem in problems(document)), problems(document)
    with pytest.raises(InvalidDealError, match=misspelt):
        deal_from_dict(document)


BROKEN = {
    "schema 2": changed(("schema",), 2),
    "empty name": changed(("name",), " "),
    "no target": changed(("target",), delete=True),
    "no parties": changed(("parties",), delete=True),
    "no parties given": changed(("parties",), {}),
    "lower-case country": changed(("parties", "newco", "organized_in"), "us"),
    "unknown country": changed(("parties", "newco", "organized_in"), "XX"),
    "unknown party kind": changed(("parties", "oracle", "kind"), "corporation"),
    "stake over 100 %": changed(("stakes", 0, "equity"), "120%"),
    "negative stake": changed(("stakes", 0, "equity"), "-5%"),
    "unparseable stake": changed(("stakes", 0, "equity"), "fifteen percent"),
    "number over 1": changed(("stakes", 0, "equity"), 15),
    "boolean stake": changed(("stakes", 0, "equity"), True),
    "stake without holder": changed(("stakes", 0, "holder"), delete=True),
    "stake without equity": changed(("stakes", 0, "equity"), delete=True),
    "seat without appointer": changed(("board", 0, "appointed_by"), delete=True),
    "committees not a list": changed(("board", 0, "committees"), "security"),
    "unknown right": changed(("control_rights", 0, "kind"), "poison_pill"),
    "unknown arrangement": changed(("arrangements", 0, "kind"), "algorithm_sale"),
    "ongoing as text": changed(("arrangements", 0, "ongoing"), "yes"),
    "unknown licence status": changed(("china", "export_licence"), "approved"),
    "negative users": changed(("us_users",), -1),
    "date with a time": changed(("as_of",), "2026-01-22T10:00:00"),
    "stakes not a list": changed(("stakes",), {"holder": "oracle"}),
    "schema true": changed(("schema",), True),
    "a number as the name": changed(("parties", "oracle", "name"), 5),
    "a table as formerly_affiliated": changed(("formerly_affiliated",), {"bytedance": 1}),
    "101 digits over": changed(("stakes", 0, "equity"), "1/" + "3" * 101),
    "101 digits under": changed(("stakes", 0, "equity"), "1" * 101 + "/" + "3" * 101),
    "100 decimal places": changed(("stakes", 0, "equity"), "0." + "1" * 100),
    "100 decimal places in a percentage": changed(("stakes", 0, "equity"), "1." + "1" * 100 + "%"),
    "an unknown officer role": changed(("officers",), [{"role": "cfo", "appointed_by": "oracle"}]),
    "an unknown function": changed(("operations",), [{"function": "x", "operator": "oracle"}]),
}


@pytest.mark.parametrize("document", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_document_is_rejected_by_both(document: Any) -> None:
    assert problems(document), "the schema accepts it"
    assert not loader_accepts(document), "the loader accepts it"


ACCEPTED = {
    "a stake as a number": changed(("stakes", 0, "equity"), 0.15),
    "a stake as a fraction": changed(("stakes", 0, "equity"), "3/20"),
    "a stake with a space": changed(("stakes", 0, "equity"), "15 %"),
    "a stake of 80.1 %": changed(("stakes", 0, "equity"), "80.1%"),
    "a stake of 0": changed(("stakes", 0, "equity"), 0),
    "a stake as a decimal": changed(("stakes", 0, "equity"), ".15"),
    "a stake as a range": changed(("stakes", 0, "equity_max"), "20%"),
    "no optional keys": {"name": "n", "target": "t", "parties": {"t": {}}},
    "a JSON date": changed(("as_of",), "2026-01-22"),
    "99 decimal places": changed(("stakes", 0, "equity"), "0." + "1" * 99),
    "98 decimal places in a percentage": changed(("stakes", 0, "equity"), "10." + "1" * 98 + "%"),
    "100 digits over 100": changed(("stakes", 0, "equity"), "1" * 99 + "/" + "3" * 100),
    "officers and operations": {**changed(("officers",), [{"role": "ceo", "appointed_by": "oracle"}]),
                                "operations": [{"function": "hosting", "operator": "oracle"}]},
}


@pytest.mark.parametrize("document", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_a_valid_variant_is_accepted_by_both(document: Any) -> None:
    assert problems(document) == []
    assert loader_accepts(document)


@pytest.mark.parametrize("required", SCHEMA["required"])
def test_the_keys_the_schema_requires_are_the_ones_the_loader_requires(required: str) -> None:
    document = changed((required,), delete=True)
    assert problems(document)
    with pytest.raises(InvalidDealError, match=required):
        deal_from_dict(document)


def test_the_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA
