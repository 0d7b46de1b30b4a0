"""Fuzzing the loader: whatever text arrives, ``loads`` returns a Deal or raises InvalidDealError.

Documents start as valid deals (``deal_to_dict`` of a drawn deal), are mutated as data (keys
misspelt or removed, values of the wrong type, numbers out of range, ids removed or unknown,
entries duplicated), written as TOML or JSON, then mutated as text (garbage inserted, slices cut
or repeated, the end truncated). The number of documents follows the hypothesis profile; the long
run is ``HYPOTHESIS_PROFILE=fuzz pytest -m fuzz`` (``nox -s fuzz``).

Inputs that once escaped the error tree (huge integers, deep nesting, huge exponents) are also
pinned as regression tests at the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tiktok_deal import Deal, InvalidDealError, deal_to_dict, loads
from tiktok_deal.strategies import deals

Path = tuple[str | int, ...]

NASTY_NUMBERS: tuple[object, ...] = (
    -1, -0.0, 0, 1, 2, 100, 1.5, -0.2, 10**30, -(10**30), 2**63, 1e300, 1e-300,
    float("inf"), float("-inf"), float("nan"), True, False,
)  # fmt: skip
NASTY_TEXT: tuple[str, ...] = (
    "", " ", "150%", "-5%", "1/0", "-1/3", "1/3%", "20 %%", "%", "nan", "inf", "-inf", "sNaN",
    "1e400", "1e-50", "0x10", "1_0%", "½", "٢٠%", "20％", "\x00", "p0\n", "US ", "us", "XX",
    "veto ", "granted\t", "2026-13-45", "2026-01-22T10:00:00", "P0", "1e-999999999",
    "1e999999999", "1e-999999999%",
)  # fmt: skip
#: Literals no Python number conversion takes lightly, written straight into the text (the
#: serialisers themselves refuse integers of more than 4,300 digits).
HUGE_LITERALS: tuple[str, ...] = (
    "1" + "0" * 5000, "-" + "9" * 4400, "1e999999999", "1e-999999999", "0." + "0" * 5000 + "1",
    "[" * 3000 + "]" * 3000,
)  # fmt: skip
VALUE = re.compile(r'(=\s*|:\s*)(-?\d[\d_.eE+-]*|"[^"\n]*")')


def _scalars(*, json_only: bool) -> st.SearchStrategy[Any]:
    base = (
        st.booleans()
        | st.integers()
        | st.floats(allow_nan=True, allow_infinity=True)
        | st.text(max_size=8)
        | st.sampled_from(NASTY_NUMBERS)
        | st.sampled_from(NASTY_TEXT)
    )
    return base | st.none() if json_only else base | st.dates()


def _values(*, json_only: bool) -> st.SearchStrategy[Any]:
    keys = st.text(max_size=6) | st.sampled_from(("holder", "of", "equity", "kind", "p0", ""))
    return st.recursive(
        _scalars(json_only=json_only),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=6,
    )


def _paths(document: Any, prefix: Path = ()) -> list[Path]:
    """Every place in the document: dict keys and list items, nested."""
    found: list[Path] = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, value in document.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _paths(value, (*prefix, index))
    return found


def _parent(document: Any, path: Path) -> Any:
    for step in path[:-1]:
        document = document[step]
    return document


def _misspell(draw: st.DrawFn, key: str) -> str:
    how = draw(st.sampled_from(("drop", "double", "case", "swap", "other", "append")))
    if how == "drop" and key:
        index = draw(st.integers(0, len(key) - 1))
        return key[:index] + key[index + 1 :]
    if how == "double" and key:
        index = draw(st.integers(0, len(key) - 1))
        return key[:index] + key[index] + key[index:]
    if how == "case":
        return key.upper() if key != key.upper() else key.lower() + "x"
    if how == "swap" and len(key) > 1:
        return key[1] + key[0] + key[2:]
    if how == "other":
        return draw(st.sampled_from(("equity_min", "voting%", "organised_in", "party", "Target")))
    return key + draw(st.sampled_from(("s", "_", " ", "2")))


@st.composite
def mutated(draw: st.DrawFn, document: Any, *, json_only: bool) -> Any:
    """The document with one data-level mutation (it is changed in place and returned)."""
    paths = _paths(document)
    if not paths:
        return draw(_values(json_only=json_only))
    path = draw(st.sampled_from(paths))
    parent, last = _parent(document, path), path[-1]
    how = draw(
        st.sampled_from(("misspell", "replace", "number", "remove", "unknown_id", "duplicate"))
    )
    if how == "misspell" and isinstance(parent, dict):
        parent[_misspell(draw, str(last))] = parent.pop(last)
    elif how == "remove":
        del parent[last]
    elif how == "number":
        parent[last] = draw(st.sampled_from(NASTY_NUMBERS + NASTY_TEXT))
    elif how == "unknown_id":
        parent[last] = draw(st.sampled_from(("nobody", "p99", "P0", "p0 ", "")))
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    elif how == "duplicate" and isinstance(parent, dict):
        parent[f"{last}x"] = parent[last]
    else:
        parent[last] = draw(_values(json_only=json_only))
    return document


@st.composite
def garbled(draw: st.DrawFn, text: str) -> str:
    """The text with one text-level mutation."""
    how = draw(st.sampled_from(("insert", "cut", "repeat", "truncate", "replace_char", "value")))
    if not text:
        return draw(st.text(max_size=20))
    values = list(VALUE.finditer(text))
    if how == "value" and values:
        found = draw(st.sampled_from(values))
        new = draw(st.sampled_from(HUGE_LITERALS))
        return text[: found.start(2)] + new + text[found.end(2) :]
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start, min(len(text), start + 40)))
    if how == "insert":
        noise = st.text(max_size=10) | st.sampled_from(("[", "]]", '"', "=", "{", "}", ",", "\\"))
        return text[:start] + draw(noise) + text[start:]
    if how == "cut":
        return text[:start] + text[end:]
    if how == "repeat":
        return text[:end] + text[start:end] + text[end:]
    if how == "truncate":
        return text[:start]
    return text[:start] + draw(st.characters()) + text[start + 1 :]


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """A (format, text) pair: a valid deal file damaged in one to three ways."""
    fmt = draw(st.sampled_from(("toml", "json")))
    deal = draw(deals(unknown_jurisdictions=True, stake_ranges=True, max_parties=5))
    document = deal_to_dict(deal, dates_as_text=fmt == "json")
    for _ in range(draw(st.integers(0, 3))):
        document = draw(mutated(document, json_only=fmt == "json"))
    if fmt == "json":
        text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    else:
        try:
            text = tomli_w.dumps(document) if isinstance(document, dict) else repr(document)
        except (TypeError, ValueError):  # a shape TOML cannot write: send it as garbage text
            text = repr(document)
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):  # mostly well-formed text
        text = draw(garbled(text))
    return fmt, text


@pytest.mark.fuzz
@given(documents())
def test_damaged_documents_raise_only_invalid_deal_error(document: tuple[str, str]) -> None:
    """Whatever a deal file says, the loader returns a deal or raises InvalidDealError (which
    the command line turns into one message naming file and field), never anything else."""
    fmt, text = document
    try:
        result = loads(text, format=fmt, source="fuzz")  # type: ignore[arg-type]
    except InvalidDealError as error:
        message = str(error)
    else:
        assert isinstance(result, Deal)
        return
    assert message.startswith("fuzz: "), message


@given(deals(unknown_jurisdictions=True, stake_ranges=True, max_parties=5))
def test_undamaged_documents_load(deal: Deal) -> None:
    """The generator's starting point is sound: the undamaged documents load, in both formats."""
    assert isinstance(
        loads(json.dumps(deal_to_dict(deal, dates_as_text=True)), format="json"), Deal
    )
    assert isinstance(loads(tomli_w.dumps(deal_to_dict(deal))), Deal)


# ----------------------------------------------------------------------------- former escapes
BASE = 'name = "x"\ntarget = "t"\n[parties.t]\norganized_in = "US"\n'


def test_a_huge_toml_integer_is_invalid_deal_error() -> None:
    with pytest.raises(InvalidDealError):
        loads("us_users = 1" + "0" * 5000 + "\n" + BASE)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("toml", "notes = " + "[" * 5000 + "]" * 5000 + "\n" + BASE),
        ("json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
    ],
)
def test_deep_nesting_is_invalid_deal_error(fmt: str, text: str) -> None:
    with pytest.raises(InvalidDealError):
        loads(text, format=fmt)  # type: ignore[arg-type]


def test_a_huge_decimal_exponent_is_handled_at_once() -> None:
    program = (
        "from tiktok_deal import loads\n"
        f"text = {BASE!r} + '[parties.c]\\norganized_in = \"CN\"\\n'\n"
        'text += \'[[stakes]]\\nholder = "c"\\nof = "t"\\nequity = "1e-999999999"\\n\'\n'
        "try:\n    loads(text)\nexcept Exception as error:\n    print(type(error).__name__)\n"
    )
    subprocess.run([sys.executable, "-c", program], timeout=5, check=True, capture_output=True)
