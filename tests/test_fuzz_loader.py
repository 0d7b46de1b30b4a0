"""Fuzzing the whole path: whatever a deal file says, the library gives a report or one
``InvalidDealError``, and the command line an exit status of 0, 1, 2 or 3 — never a traceback.

For each document: ``loads``, then ``check(deal, ruleset="all")``, ``report.to_dict()``,
``report.format()`` and ``json.dumps`` of the dictionary; any exception but ``InvalidDealError``
(from the loader, naming the source) fails, and so does any document that takes over 5 s.

Documents come two ways:

* mutated (``Mutator``, seeded): valid deal files — the presets, the documentation's deals, the
  test deal, and random deals with officers, operations and every right kind — changed as data
  (keys deleted, duplicated, misspelt or retyped; huge and tiny numbers, NaN and Infinity, deep
  nesting, odd Unicode, very long strings, unknown ids) and as text (a byte-order mark, a key
  repeated, garbage inserted, cuts and repeats, truncation, literals no parser takes lightly);
* generated (``documents()``, hypothesis): drawn deals damaged in one to three ways, shrunk to a
  minimal example when one fails.

The normal test run takes 1,000 mutated documents, 300 of them also through the command line;
``nox -s fuzz`` (``HYPOTHESIS_PROFILE=fuzz pytest -m fuzz``) takes 10,000 of each kind.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import random
import re
import signal
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from tiktok_deal import (
    Deal,
    InvalidDealError,
    check,
    deal_to_dict,
    dumps,
    loads,
    read_bods,
    write_bods,
)
from tiktok_deal.cli import main
from tiktok_deal.presets import PRESETS, preset
from tiktok_deal.strategies import deals

FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
MUTATED = 10_000 if FUZZ else 1_000
THROUGH_THE_COMMAND_LINE = 10_000 if FUZZ else 300
SECONDS = 5  # the most one document may take, load to JSON
ROOT = Path(__file__).parents[1]

Path_ = tuple[str | int, ...]

NASTY_NUMBERS: tuple[object, ...] = (
    -1, -0.0, 0, 1, 2, 100, 1.5, -0.2, 10**30, -(10**30), 2**63, 10**400, 1e300, 1e-300,
    float("inf"), float("-inf"), float("nan"), True, False, Decimal("1e-999999999"),
    Decimal("1E+999999999"), Decimal("0." + "0" * 120 + "1"), Decimal("-0"),
)  # fmt: skip
NASTY_TEXT: tuple[str, ...] = (
    "", " ", "150%", "-5%", "1/0", "-1/3", "1/3%", "20 %%", "%", "nan", "inf", "-inf", "sNaN",
    "1e400", "1e-50", "0x10", "1_0%", "½", "٢٠%", "２０%", "20％", "\x00", "p0\n", "US ", "us",
    "XX", "veto ", "granted\t", "2026-13-45", "2026-01-22T10:00:00", "P0", "1e-999999999",
    "1e999999999", "1e-999999999%", "0." + "1" * 4000 + "%", "1/" + "3" * 200, "\ufeff",
    "\u202e20%", "2\u200b0%", "e\u0301", "\U0001f600", "\udcff", "NaN", "Infinity", "-0%",
    "0" * 150 + "1%", "true", "null", "{}", "[]", "x" * 100_000,
)  # fmt: skip
#: Literals no Python number conversion takes lightly, written straight into the text.
HUGE_LITERALS: tuple[str, ...] = (
    "1" + "0" * 5000, "-" + "9" * 4400, "1e999999999", "1e-999999999", "0." + "0" * 5000 + "1",
    "NaN", "Infinity", "-Infinity", "[" * 3000 + "]" * 3000, '"' + "y" * 1_000_000 + '"',
)  # fmt: skip
VALUE = re.compile(r'(=\s*|:\s*)(-?\d[\d_.eE+-]*|"[^"\n]*"|true|false)')
KEY = re.compile(r'\n\s*("?[A-Za-z_]+"?\s*[:=][^\n]*)')


# ----------------------------------------------------------------------------- running one
class TookTooLong(Exception):
    pass


@contextlib.contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail a document that takes longer than ``seconds`` (a hang is a failure, not a wait)."""

    def expire(*_: object) -> None:
        raise TookTooLong(f"took over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_one(fmt: str, text: str) -> Deal | None:
    """The whole path for one document; returns the deal, or None when it is bad input.

    Besides "no other exception", three things must hold: a JSON document that gives a key twice
    is refused; a deal that loads saves and loads back the same, in both formats; and it goes
    to BODS and back with its parties and stakes unchanged.
    """
    with at_most(SECONDS):
        try:
            deal = loads(text, format=fmt, source="fuzz")  # type: ignore[arg-type]
        except InvalidDealError as error:
            message = str(error)
        else:
            message = ""
        if message:
            assert message.startswith("fuzz: "), message
            assert "Traceback" not in message
            return None
        assert not (fmt == "json" and repeats_a_key(text)), "a repeated key was accepted"
        report = check(deal, ruleset="all")
        json.dumps(report.to_dict(), ensure_ascii=False)
        assert report.format()
        for again in ("toml", "json"):
            assert loads(dumps(deal, format=again), format=again) == deal  # type: ignore[arg-type]
        back = read_bods(write_bods(deal), target=deal.target)
        assert (dict(back.parties), list(back.stakes)) == (dict(deal.parties), list(deal.stakes))
        return deal


def repeats_a_key(text: str) -> bool:
    repeated = False

    def note(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeated
        repeated = repeated or len({key for key, _ in pairs}) != len(pairs)
        return dict(pairs)

    json.loads(text, object_pairs_hook=note)
    return repeated


def describe(fmt: str, text: str) -> str:
    shown = text if len(text) < 2000 else text[:1000] + " … " + text[-500:]
    return f"{fmt} document:\n{shown}"


# ----------------------------------------------------------------------------- valid documents
def _valid_documents() -> list[dict[str, Any]]:
    documents = [deal_to_dict(preset(name)) for name in PRESETS]
    for path in [*sorted((ROOT / "docs" / "deals").glob("*.toml")), ROOT / "tests/data/example.toml"]:
        documents.append(tomllib.loads(path.read_text(encoding="utf-8")))
    rng = random.Random(7)
    for n in range(12):
        documents.append(_random_deal(rng, parties=2 + n))
    return documents


def _random_deal(rng: random.Random, *, parties: int) -> dict[str, Any]:
    """A valid deal with every kind of table in it, officers and operations included."""
    ids = [f"p{i}" for i in range(parties)]
    countries = ["US", "CN", "KY", "HK", "GB", "SG", "RU", None]
    links = ("organized_in", "headquartered_in", "principal_place_of_business", "domiciled_in")
    table: dict[str, Any] = {}
    for i in ids:
        party: dict[str, Any] = {"name": f"Party {i}", "kind": rng.choice(
            ["company", "fund", "government", "individual", "pool", "other"])}  # fmt: skip
        for link in rng.sample(links, rng.randint(0, 3)):
            if (country := rng.choice(countries)) is not None:
                party[link] = country
        table[i] = party
    stakes, left = [], dict.fromkeys(ids, 100)
    for holder in ids:
        for of in rng.sample(ids, min(3, parties)):
            if of != holder and left[of] > 1:
                share = rng.randint(1, left[of] // 2 or 1)
                left[of] -= share
                stake: dict[str, Any] = {"holder": holder, "of": of, "equity": rng.choice(
                    [f"{share}%", f"{share}/100", f"{share / 100}", share / 100])}  # fmt: skip
                if rng.random() < 0.3:
                    stake["voting"] = f"{rng.randint(0, share)}%"
                if rng.random() < 0.2:
                    stake["equity_max"] = f"{share}%"
                stakes.append(stake)
    return {
        "schema": 1, "name": f"random {parties}", "target": "p0", "as_of": date(2026, 1, 22),
        "formerly_affiliated": rng.sample(ids, rng.randint(0, parties)),
        "parties": table, "stakes": stakes,
        "board": [{"appointed_by": rng.choice(ids), "nationality": "US",
                   "committees": ["security"]} for _ in range(3)],
        "officers": [{"role": role, "appointed_by": rng.choice(ids)}
                     for role in ("ceo", "security_officer", "other")],
        "control_rights": [{"holder": rng.choice(ids), "kind": kind} for kind in (
            "veto", "officer_appointment", "negative_control", "contractual_control")],
        "arrangements": [{"kind": "algorithm_license", "counterparty": rng.choice(ids)}],
        "operations": [{"function": f, "operator": rng.choice(ids)}
                       for f in ("hosting", "advertising", "user_data")],
        "china": {"export_licence": rng.choice(["granted", "denied", "pending", "not_sought"])},
    }  # fmt: skip


VALID = _valid_documents()


# ----------------------------------------------------------------------------- mutation
def _places(document: Any, prefix: Path_ = ()) -> list[Path_]:
    """Every place in the document: dict keys and list items, nested (to a depth of 8: below
    that is a nesting a mutation put there)."""
    found: list[Path_] = [prefix] if prefix else []
    if len(prefix) >= 8:
        return found
    if isinstance(document, dict):
        for key, value in document.items():
            found += _places(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            found += _places(value, (*prefix, index))
    return found


def _copy(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except RecursionError:  # a deep nesting put there by an earlier mutation: share it
        return value


class Mutator:
    """Seeded mutations of valid documents, as data and then as text."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def value(self) -> Any:
        rng = self.rng
        pick = rng.random()
        if pick < 0.35:
            return rng.choice(NASTY_NUMBERS)
        if pick < 0.7:
            return rng.choice(NASTY_TEXT)
        if pick < 0.8:
            depth = rng.choice([5, 100, 5000])
            nested: Any = "x"
            for _ in range(depth):
                nested = [nested] if rng.random() < 0.5 else {"k": nested}
            return nested
        if pick < 0.9:
            return rng.choice([[], {}, None, [1, "a"], {"equity": "5%"}, date(2026, 1, 1)])
        return "".join(chr(rng.choice([rng.randint(0x20, 0x7E), rng.randint(0x80, 0x2FFFF)]))
                       for _ in range(rng.randint(1, 30)))  # fmt: skip

    def data(self, document: Any) -> Any:
        places = _places(document)
        if not places:
            return self.value()
        rng = self.rng
        place = rng.choice(places)
        parent: Any = document
        for step in place[:-1]:
            parent = parent[step]
        last = place[-1]
        how = rng.choice(["delete", "duplicate", "retype", "rename", "id", "empty", "value"])
        if how == "delete":
            del parent[last]
        elif how == "duplicate" and isinstance(parent, list):
            parent.insert(rng.randint(0, len(parent)), _copy(parent[last]))
        elif how == "duplicate":
            parent[f"{last}{rng.choice(['', '_', 's', 'X'])}"] = _copy(parent[last])
        elif how == "rename" and isinstance(parent, dict):
            key = str(last)
            new = rng.choice([key.upper(), key[:-1], key + "s", key.replace("_", ""), " " + key])
            parent[new] = parent.pop(last)
        elif how == "id":
            parent[last] = rng.choice(["nobody", "p99", "P0", "p0 ", "", "newco", "bytedance"])
        elif how == "empty":
            parent[last] = rng.choice([[], {}, ""])
        else:
            parent[last] = self.value()
        return document

    def text(self, fmt: str, text: str) -> str:
        rng = self.rng
        how = rng.choice(["bom", "repeat_key", "insert", "cut", "repeat", "truncate", "char",
                          "literal", "crlf"])  # fmt: skip
        if not text:
            return "".join(rng.choice("{}[]=:,\"'\\ \n\ufeffa1") for _ in range(20))
        start = rng.randrange(len(text))
        end = min(len(text), start + rng.randint(0, 40))
        if how == "bom":
            return "\ufeff" + text
        if how == "repeat_key" and (keys := list(KEY.finditer(text))):
            found = rng.choice(keys)
            return text[: found.end()] + ("," if fmt == "json" else "") + "\n" + (
                found.group(1).rstrip(",")) + text[found.end():]  # fmt: skip
        if how == "literal" and (values := list(VALUE.finditer(text))):
            found = rng.choice(values)
            return text[: found.start(2)] + rng.choice(HUGE_LITERALS) + text[found.end(2) :]
        if how == "insert":
            noise = rng.choice(["[", "]]", '"', "=", "{", "}", ",", "\\", "\x00", "\ud800", "é"])
            return text[:start] + noise + text[start:]
        if how == "cut":
            return text[:start] + text[end:]
        if how == "repeat":
            return text[:end] + text[start:end] + text[end:]
        if how == "truncate":
            return text[:start]
        if how == "crlf":
            return text.replace("\n", "\r\n")
        return text[:start] + chr(rng.randint(0, 0x10FFFF)) + text[start + 1 :]

    def document(self) -> tuple[str, str]:
        rng = self.rng
        fmt = rng.choice(["toml", "json"])
        document = _copy(rng.choice(VALID))
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            document = self.data(document)
        text = serialise(fmt, document, ascii_only=rng.random() < 0.3)
        for _ in range(rng.choice([0, 0, 0, 1, 2])):
            text = self.text(fmt, text)
        return fmt, text


def serialise(fmt: str, document: Any, *, ascii_only: bool = False) -> str:
    """The document as JSON (NaN and Infinity as JavaScript writes them) or TOML; what a format
    cannot write goes out as its Python text: garbage the loader must still name."""
    try:
        if fmt == "json":
            return json.dumps(document, default=str, ensure_ascii=ascii_only)
        if isinstance(document, dict):
            return tomli_w.dumps(document)
    except (TypeError, ValueError, RecursionError):
        pass
    with contextlib.suppress(ValueError, RecursionError):
        return repr(document)
    return "?"


# ----------------------------------------------------------------------------- the tests
@pytest.mark.fuzz
def test_mutated_documents_give_a_report_or_one_invalid_deal_error() -> None:
    mutator = Mutator(seed=20_260_122)
    loaded = 0
    for _ in range(MUTATED):
        fmt, text = mutator.document()
        try:
            loaded += run_one(fmt, text) is not None
        except Exception as error:  # the document is the counterexample: show it
            raise AssertionError(f"{type(error).__name__}: {error}\n{describe(fmt, text)}") from error
    assert MUTATED / 10 < loaded < MUTATED  # some survive their damage, most do not


@pytest.mark.fuzz
def test_the_command_line_never_shows_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutator = Mutator(seed=1_000)
    seen = set()
    for i in range(THROUGH_THE_COMMAND_LINE):
        fmt, text = mutator.document()
        path = tmp_path / f"deal-{i}.{fmt}"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        args = ["check", str(path), "--ruleset", "all", *(["--json"] if i % 2 else [])]
        with at_most(SECONDS):
            status = main(args)
        out, err = capsys.readouterr()
        context = f"exit {status}\n{err}\n{describe(fmt, text)}"
        assert status in (0, 1, 2, 3), context
        assert "Traceback" not in err, context
        assert "internal error" not in err, context
        assert (status == 2) == bool(err.strip()), context
        if status != 2 and i % 2:
            json.loads(out)
        path.unlink()
        seen.add(status)
    assert {1, 2} <= seen  # deals that load and deals that do not both went through


# -- generated, with hypothesis (shrinks a failure to a minimal document) ------------------------
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


@st.composite
def mutated(draw: st.DrawFn, document: Any, *, json_only: bool) -> Any:
    """The document with one data-level mutation (it is changed in place and returned)."""
    places = _places(document)
    if not places:
        return draw(_values(json_only=json_only))
    place = draw(st.sampled_from(places))
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    last = place[-1]
    how = draw(st.sampled_from(("rename", "replace", "number", "remove", "unknown_id", "twice")))
    if how == "rename" and isinstance(parent, dict):
        parent[str(last).upper() + draw(st.sampled_from(("", "s", "_")))] = parent.pop(last)
    elif how == "remove":
        del parent[last]
    elif how == "number":
        parent[last] = draw(st.sampled_from(NASTY_NUMBERS + NASTY_TEXT))
    elif how == "unknown_id":
        parent[last] = draw(st.sampled_from(("nobody", "p99", "P0", "p0 ", "")))
    elif how == "twice" and isinstance(parent, list):
        parent.append(parent[last])
    elif how == "twice" and isinstance(parent, dict):
        parent[f"{last}x"] = parent[last]
    else:
        parent[last] = draw(_values(json_only=json_only))
    return document


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, str]:
    """A (format, text) pair: a drawn deal damaged in one to three ways, as data and text."""
    fmt = draw(st.sampled_from(("toml", "json")))
    deal = draw(deals(unknown_jurisdictions=True, stake_ranges=True, max_parties=5))
    document = deal_to_dict(deal, dates_as_text=fmt == "json")
    for _ in range(draw(st.integers(0, 3))):
        document = draw(mutated(document, json_only=fmt == "json"))
    text = serialise(fmt, document, ascii_only=draw(st.booleans()))
    mutator = Mutator(seed=draw(st.integers(0, 2**32)))
    for _ in range(draw(st.sampled_from((0, 0, 0, 1, 2)))):  # mostly well-formed text
        text = mutator.text(fmt, text)
    return fmt, text


@pytest.mark.fuzz
@given(documents())
def test_damaged_documents_give_a_report_or_one_invalid_deal_error(
    document: tuple[str, str],
) -> None:
    run_one(*document)


@given(deals(unknown_jurisdictions=True, stake_ranges=True, max_parties=5))
def test_undamaged_documents_load(deal: Deal) -> None:
    """The generator's starting point is sound: the undamaged documents load, in both formats."""
    assert loads(json.dumps(deal_to_dict(deal, dates_as_text=True)), format="json") == deal
    assert loads(tomli_w.dumps(deal_to_dict(deal))) == deal


def test_the_valid_documents_are_valid() -> None:
    for document in VALID:
        assert run_one("json", serialise("json", document)) is not None
        assert run_one("toml", serialise("toml", document)) is not None


# ----------------------------------------------------------------------------- former escapes
BASE = 'name = "x"\ntarget = "t"\n[parties.t]\norganized_in = "US"\n'
STAKE = '[parties.c]\norganized_in = "CN"\n[[stakes]]\nholder = "c"\nof = "t"\nequity = '


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("toml", "us_users = 1" + "0" * 5000 + "\n" + BASE),
        ("toml", "notes = " + "[" * 5000 + "]" * 5000 + "\n" + BASE),
        ("json", '{"name": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("toml", BASE + STAKE + '"1e-999999999"\n'),
        ("toml", BASE + STAKE + "1e-999999999\n"),
        ("json", '{"name": "x", "target": "t", "parties": {"t": {}, "c": {}}, "stakes": '
                 '[{"holder": "c", "of": "t", "equity": 1e-999999999}]}'),
        ("json", "\ufeff" + '{"name": "x", "target": "t", "parties": {"t": {}}}'),
        ("json", '{"name": "x", "target": "t", "parties": {"t": {"name": NaN}}}'),
        ("json", '{"name": "x", "target": "t", "us_users": Infinity, "parties": {"t": {}}}'),
        ("toml", "us_users = nan\n" + BASE),
        ("toml", 'name = "' + "n" * 1_000_000 + '"\ntarget = "t"\n[parties.t]\n'),
        ("json", '{"name": "x", "target": "t", "parties": {"t": {"name": 5.5}}}'),
        ("json", '{"name": "x", "target": "t", "parties": {"' + "k" * 100_000 + '": {}}}'),
    ],
)  # fmt: skip
def test_former_escapes_are_handled(fmt: str, text: str) -> None:
    run_one(fmt, text)


def test_a_huge_decimal_exponent_is_refused_at_once() -> None:
    program = (
        "from tiktok_deal import loads\n"
        f"text = {BASE + STAKE!r} + '\"1e-999999999\"\\n'\n"
        "try:\n    loads(text)\nexcept Exception as error:\n    print(type(error).__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], timeout=5, check=True, capture_output=True, text=True
    )
    assert done.stdout.strip() == "InvalidDealError"


def test_a_stuck_document_would_fail_the_fuzzer() -> None:
    def hang() -> Callable[[], None]:
        while True:
            pass

    with pytest.raises(TookTooLong), at_most(1):
        hang()
