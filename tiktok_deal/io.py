"""Deal files: TOML or JSON in, TOML or JSON out, exactly.

Numbers are parsed as decimals (``0.199`` is 199/1000), unknown keys are errors, a key written
twice is an error (in JSON as in TOML), and every problem raises one ``InvalidDealError`` whose
message names the file, the field and what was wrong. Saving writes a temporary file and renames
it, so nothing is ever written half-way.

Large files load lean: the stakes go straight into columns (``StakeBuilder``), each distinct stake
text is parsed once, and the garbage collector is paused while the many acyclic objects of a big
document are made.
"""

from __future__ import annotations

import gc
import json
import os
import tempfile
import tomllib
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import tomli_w

from .errors import InvalidDealError
from .model import LINKS, Arrangement, ControlRight, Deal, Officer, Operation, Party, Seat
from .model.entries import party_from_table
from .model.stakes import StakeBuilder, StakeTable
from .shares import format_fraction, shown

__all__ = ["deal_from_dict", "deal_to_dict", "dumps", "json_document", "load", "loads", "save"]

Format = Literal["toml", "json"]
SCHEMA = 1

TOP = {
    "schema",
    "name",
    "description",
    "target",
    "formerly_affiliated",
    "as_of",
    "us_users",
    "sources",
    "notes",
    "parties",
    "stakes",
    "board",
    "officers",
    "control_rights",
    "arrangements",
    "operations",
    "china",
}
PARTY = {
    "name",
    "kind",
    "organized_in",
    "headquartered_in",
    "principal_place_of_business",
    "domiciled_in",
    "note",
}
STAKE = {"holder", "of", "equity", "voting", "equity_max", "voting_max", "note"}
STAKE_REQUIRED = ("holder", "of", "equity")
SEAT = {"appointed_by", "nationality", "committees", "director", "of", "note"}
OFFICER = {"role", "appointed_by", "of", "name", "nationality", "note"}
RIGHT = {"holder", "kind", "of", "note"}
ARRANGEMENT = {"kind", "counterparty", "ongoing", "note"}
OPERATION = {"function", "operator", "note"}
CHINA = {"export_licence"}
#: Documents longer than this (characters) are parsed and built with the garbage collector paused.
LARGE_TEXT = 1 << 20


def load(path: str | os.PathLike[str]) -> Deal:
    """Read a deal file (``.json`` as JSON, anything else as TOML)."""
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidDealError("no such file", source=source) from None
    except IsADirectoryError:
        raise InvalidDealError("is a directory, not a deal file", source=source) from None
    except UnicodeDecodeError:
        raise InvalidDealError("is not UTF-8 text", source=source) from None
    except OSError as error:
        raise InvalidDealError(f"cannot be read ({error.strerror})", source=source) from None
    return loads(text, format=_format(path), source=source)


def loads(text: str, *, format: Format = "toml", source: str = "<string>") -> Deal:
    """Parse deal text in ``format``; ``source`` names it in error messages."""
    paused = len(text) > LARGE_TEXT and gc.isenabled()
    if paused:  # a large document makes millions of objects and no cycles: nothing to collect
        gc.disable()
    try:
        return deal_from_dict(_parse(text, format, source), source=source)
    except RecursionError:
        raise InvalidDealError("is nested too deeply to be a deal file", source=source) from None
    finally:
        if paused:
            gc.enable()


def json_document(text: str, *, source: str = "<string>") -> object:
    """JSON text read as deal files are: numbers as exact decimals, no NaN or Infinity, and no
    key given twice in one object; any problem is one ``InvalidDealError`` naming ``source``."""
    try:
        return _parse(text, "json", source)
    except RecursionError:
        raise InvalidDealError("is nested too deeply to read", source=source) from None


def _parse(text: str, format: Format, source: str) -> object:
    if format == "json":
        try:
            data = json.loads(
                text, parse_float=Decimal, parse_constant=_no_constant, object_pairs_hook=_object
            )
        except _RepeatedKey as repeated:
            raise InvalidDealError(
                "is given twice (JSON readers would silently keep one of the two)",
                field=_repeated_key(text) or repeated.key,
                source=source,
            ) from None
        except (json.JSONDecodeError, ValueError) as error:
            raise InvalidDealError(f"invalid JSON: {error}", source=source) from None
    elif format == "toml":
        try:
            data = tomllib.loads(text, parse_float=Decimal)
        except (tomllib.TOMLDecodeError, ValueError) as error:  # ValueError: int digit limit
            raise InvalidDealError(f"invalid TOML: {error}", source=source) from None
    else:
        raise ValueError(f"unknown format {format!r}; expected 'toml' or 'json'")
    return data


class _RepeatedKey(Exception):
    """A JSON object gives ``key`` twice."""

    def __init__(self, key: str) -> None:
        self.key = key


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice (TOML refuses it too; JSON readers differ)."""
    table = dict(pairs)
    if len(table) != len(pairs):
        raise _RepeatedKey(_first_repeat(pairs))
    return table


def _first_repeat(pairs: list[tuple[str, Any]]) -> str:
    """The first key that a JSON object gives more than once."""
    counts = Counter(key for key, _ in pairs)
    return next(key for key, count in counts.items() if count > 1)


class _Repeats(dict[str, Any]):
    """A JSON object that gives ``key`` twice (found again to name it, after ``_RepeatedKey``)."""

    key = ""


def _repeated_key(text: str) -> str:
    """The field path of the first key a JSON document gives twice in one object."""

    def note(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        table = _Repeats(pairs)
        if len(table) != len(pairs):
            table.key = _first_repeat(pairs)
        return table

    try:  # what follows the repeat may not parse at all
        # Numbers do not matter here: an integer of 5,000 digits must not stop the search.
        document = json.loads(text, object_pairs_hook=note, parse_int=len)
    except ValueError:
        return ""
    stack: list[tuple[str, object]] = [("", document)]
    while stack:  # depth first, in the document's order
        path, value = stack.pop()
        if isinstance(value, _Repeats) and value.key:
            return _join(path, value.key)
        if isinstance(value, dict):
            stack.extend((_join(path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in reversed(list(enumerate(value))))
    return ""


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a stake can take")


def _format(path: Path) -> Format:
    return "json" if path.suffix.lower() == ".json" else "toml"


# ----------------------------------------------------------------------------- dict → Deal
def deal_from_dict(data: object, *, source: str = "<dict>") -> Deal:
    """Build a Deal from parsed TOML/JSON data, checking every key."""
    try:
        return _deal(data)
    except InvalidDealError as error:
        raise error.within(source=source) from None


def _table(
    data: object, allowed: set[str], required: tuple[str, ...] = (), *, field: str = ""
) -> Mapping[str, Any]:
    """``data`` if it is a table with no key outside ``allowed`` and every key in ``required``;
    else the error naming the first key that is wrong (inside ``field``)."""
    if not isinstance(data, Mapping):
        raise InvalidDealError(f"expected a table, got {_kind(data)}", field=field)
    if data.keys() - allowed:  # set operations: fast for the million tables of a large file
        key = next(key for key in data if key not in allowed)
        hint = _closest(str(key), allowed)
        raise InvalidDealError(f"unknown key {shown(key)}{hint}", field=_join(field, str(key)))
    for key in required:
        if key not in data:
            raise InvalidDealError("is missing", field=_join(field, key))
    return data


def _closest(key: str, allowed: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(key, sorted(allowed))
    return (
        f" (did you mean {match[0]!r}?)" if match else f" (allowed: {', '.join(sorted(allowed))})"
    )


def _kind(value: object) -> str:
    names = {dict: "a table", list: "a list", str: "a string", bool: "a boolean", int: "an integer"}
    return names.get(type(value), type(value).__name__) + f" ({shown(value)})"


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InvalidDealError(f"expected a list, got {_kind(value)}", field=key)
    return value


def _items(
    data: Mapping[str, Any],
    key: str,
    allowed: set[str],
    required: tuple[str, ...],
    factory: Callable[..., Any],
) -> list[Any]:
    built = []
    for i, item in enumerate(_list(data, key)):
        try:  # the field's name is spelled out only when something is wrong with it
            built.append(factory(**_table(item, allowed, required)))
        except InvalidDealError as error:
            raise error.within(field=f"{key}[{i}]") from None
    return built


def _deal(data: object) -> Deal:
    top = _table(data, TOP, ("name", "target", "parties"))
    schema = top.get("schema", SCHEMA)
    if not _is_schema(schema):
        raise InvalidDealError(
            f"unsupported schema {shown(schema)}; this version reads {SCHEMA}", field="schema"
        )
    parties = _parties(top["parties"])
    china = _table(top.get("china", {}), CHINA, field="china")
    fields: dict[str, Any] = {
        key: top[key]
        for key in (
            "name",
            "target",
            "formerly_affiliated",
            "us_users",
            "sources",
            "description",
            "notes",
        )
        if key in top
    }
    if "as_of" in top:
        fields["as_of"] = _date(top["as_of"])
    return Deal(
        **{
            **fields,
            "parties": parties,
            "stakes": _stakes(top, [party.id for party in parties]),
            "board": _items(top, "board", SEAT, ("appointed_by",), Seat),
            "officers": _items(top, "officers", OFFICER, ("role", "appointed_by"), Officer),
            "control_rights": _items(
                top, "control_rights", RIGHT, ("holder", "kind"), ControlRight
            ),
            "arrangements": _items(
                top, "arrangements", ARRANGEMENT, ("kind", "counterparty"), Arrangement
            ),
            "operations": _items(top, "operations", OPERATION, ("function", "operator"), Operation),
            "export_licence": china.get("export_licence"),
        }
    )


def _is_schema(value: object) -> bool:
    """The version this loader reads: the number 1 (``1.0`` in JSON is the same number), never
    ``true`` (which Python counts as 1) nor the text ``"1"``."""
    if isinstance(value, Decimal):
        return value.is_finite() and value == SCHEMA
    return type(value) is int and value == SCHEMA


def _parties(table: object) -> list[Party]:
    if not isinstance(table, Mapping) or not table:
        raise InvalidDealError("expected a table of parties, [parties.ID]", field="parties")
    parties = []
    for party_id, values in table.items():
        values = _table(values, PARTY, field=f"parties.{party_id}")
        try:
            parties.append(party_from_table(party_id, values))
        except InvalidDealError as error:
            raise error.within(field=f"parties.{party_id}") from None
    return parties


def _stakes(top: Mapping[str, Any], ids: list[str]) -> StakeTable:
    """The stakes, straight into columns: each distinct text is parsed once (``StakeBuilder``)."""
    builder = StakeBuilder(ids)
    builder.add_records(
        _list(top, "stakes"), check=lambda item: _table(item, STAKE, STAKE_REQUIRED)
    )
    return builder.build()


def _date(value: object) -> date:
    if isinstance(value, datetime):
        raise InvalidDealError(f"expected a date without a time, got {value}", field="as_of")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidDealError(f"expected a date such as 2026-01-22, got {shown(value)}", field="as_of")


# ----------------------------------------------------------------------------- Deal → dict
def deal_to_dict(deal: Deal, *, dates_as_text: bool = False) -> dict[str, Any]:
    """The deal as the data of a deal file; stakes as exact text (``"19.9%"`` or ``"p/q"``)."""
    out: dict[str, Any] = {"schema": SCHEMA, "name": deal.name}
    if deal.description is not None:
        out["description"] = deal.description
    out["target"] = deal.target
    if deal.formerly_affiliated is not None:
        out["formerly_affiliated"] = list(deal.formerly_affiliated)
    if deal.as_of is not None:
        out["as_of"] = deal.as_of.isoformat() if dates_as_text else deal.as_of
    for key in ("us_users",):
        if getattr(deal, key) is not None:
            out[key] = getattr(deal, key)
    for key in ("sources", "notes"):
        if getattr(deal, key):
            out[key] = list(getattr(deal, key))
    out["parties"] = {
        p.id: _present(p, ("name", "kind", *LINKS, "note")) for p in deal.parties.values()
    }
    out["stakes"] = [
        {
            "holder": s.holder,
            "of": s.of,
            "equity": format_fraction(s.equity),
            **{
                key: format_fraction(value)
                for key in ("voting", "equity_max", "voting_max")
                if (value := getattr(s, key)) is not None
            },
            **({"note": s.note} if s.note else {}),
        }
        for s in deal.stakes
    ]
    out["board"] = [
        _present(s, ("appointed_by", "director", "nationality", "committees", "of", "note"))
        for s in deal.board
    ]
    out["officers"] = [
        _present(o, ("role", "name", "appointed_by", "nationality", "of", "note"))
        for o in deal.officers
    ]
    out["control_rights"] = [
        _present(r, ("holder", "kind", "of", "note")) for r in deal.control_rights
    ]
    out["arrangements"] = [
        _present(a, ("kind", "counterparty", "ongoing", "note")) for a in deal.arrangements
    ]
    out["operations"] = [_present(o, ("function", "operator", "note")) for o in deal.operations]
    if deal.export_licence is not None:
        out["china"] = {"export_licence": deal.export_licence}
    lists = ("stakes", "board", "officers", "control_rights", "arrangements", "operations")
    return {k: v for k, v in out.items() if not (k in lists and v == [])}


def _present(obj: object, keys: tuple[str, ...]) -> dict[str, Any]:
    values = {key: getattr(obj, key) for key in keys}
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in values.items()
        if v is not None and v != ()
    }


def dumps(deal: Deal, *, format: Format = "toml") -> str:
    """The deal as TOML or JSON text; ``loads(dumps(deal)) == deal``."""
    if format == "json":
        return (
            json.dumps(deal_to_dict(deal, dates_as_text=True), indent=2, ensure_ascii=False) + "\n"
        )
    if format == "toml":
        return tomli_w.dumps(deal_to_dict(deal))
    raise ValueError(f"unknown format {format!r}; expected 'toml' or 'json'")


def save(deal: Deal, path: str | os.PathLike[str]) -> None:
    """Write ``deal`` to ``path`` (JSON for ``.json``, else TOML), atomically."""
    path = Path(path)
    text = dumps(deal, format=_format(path))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
