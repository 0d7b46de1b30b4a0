"""Deal ⇄ frames: one DataFrame per table of a deal file, and back through the loader."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import InvalidArgumentError, InvalidDealError
from ..io import deal_from_dict, deal_to_dict
from ..model import LINKS, Deal

if TYPE_CHECKING:
    import pandas as pd

    #: A frame: a DataFrame, or anything ``pd.DataFrame`` accepts (a dict of columns, records…).
    Frame: TypeAlias = pd.DataFrame | Mapping[str, Any] | Sequence[Mapping[str, Any]]


__all__ = ["INSTALL", "SHEETS", "TABLES", "from_frames", "to_frames"]

#: The tables of a deal file that are frames of their own, in the order a workbook shows them.
TABLES: tuple[str, ...] = (
    "parties",
    "stakes",
    "board",
    "officers",
    "control_rights",
    "arrangements",
    "operations",
)
#: Every sheet a workbook may have: ``deal`` (the top-level keys), then the tables.
SHEETS: tuple[str, ...] = ("deal", *TABLES)
#: What to install to read workbooks.
INSTALL = "pip install 'tiktok-deal[xlsx]'"

_KEY, _VALUE = "key", "value"
_DEAL_KEYS = ("name", "description", "target", "formerly_affiliated", "as_of", "us_users",
              "sources", "notes", "export_licence", "schema")  # fmt: skip
_LIST_KEYS = ("formerly_affiliated", "sources", "notes")
_WHOLE_NUMBERS = ("us_users", "schema")
_STAKES = ("equity", "voting", "equity_max", "voting_max")
_BOOLEANS = {"true": True, "false": False}


# ----------------------------------------------------------------------------- Deal → frames
def to_frames(deal: Deal) -> dict[str, pd.DataFrame]:
    """The deal as one DataFrame per non-empty table, and ``deal`` for its top-level keys.

    Stakes are exact text (``"19.9%"``, ``"1/3"``) and every other cell text, a whole number, a
    date or a boolean, so ``from_frames(**to_frames(deal)) == deal``. Write them to a workbook with
    ``DataFrame.to_excel`` (a sheet each, ``index=False``) or to CSV files named after them.
    """
    import pandas as pd

    data = deal_to_dict(deal)
    tables: dict[str, list[dict[str, Any]]] = {"deal": []}
    for key, value in data.items():
        if key not in ("schema", "parties", "china", *TABLES):
            items = (value or [None]) if key in _LIST_KEYS else [value]
            tables["deal"] += [{_KEY: key, _VALUE: item} for item in items]
    if "china" in data:
        tables["deal"].append({_KEY: "export_licence", _VALUE: data["china"]["export_licence"]})
    tables["parties"] = [{"id": party, **values} for party, values in data["parties"].items()]
    for table in TABLES[1:]:
        tables[table] = [dict(entry) for entry in data.get(table, ())]
    for i, seat in enumerate(tables["board"]):
        if "committees" in seat:
            seat["committees"] = _joined(seat["committees"], f"board[{i}].committees")
    frames = {}
    for table, entries in tables.items():
        if entries:
            columns = _columns(entries)
            if table == "parties":  # the jurisdictions in the order the model lists them
                order = ("id", "name", "kind", *LINKS)
                columns.sort(key=lambda c: order.index(c) if c in order else len(order))
            cells = [[entry.get(column) for column in columns] for entry in entries]
            frames[table] = pd.DataFrame(cells, columns=columns, dtype=object)
    return frames


def _joined(names: list[str], field: str) -> str:
    for name in names:
        if "," in name or name != name.strip():
            raise InvalidArgumentError(
                f"{field}: the committee {name!r} cannot be written in one cell with the others, "
                "separated by commas"
            )
    return ", ".join(names)


def _columns(entries: list[dict[str, Any]]) -> list[str]:
    """Every key of the entries, in an order that keeps the order of the keys within each entry
    (ties go to the key seen first)."""
    seen: dict[str, int] = {}
    before: dict[str, set[str]] = {}
    for entry in entries:
        keys = list(entry)
        for i, key in enumerate(keys):
            seen.setdefault(key, len(seen))
            before.setdefault(key, set()).update(keys[:i])
    columns: list[str] = []
    waiting = sorted(seen, key=seen.__getitem__)
    while waiting:
        ready = next((key for key in waiting if before[key] <= set(columns)), waiting[0])
        columns.append(ready)
        waiting.remove(ready)
    return columns


# ----------------------------------------------------------------------------- frames → Deal
def from_frames(
    *,
    deal: Frame | None = None,
    parties: Frame | None = None,
    stakes: Frame | None = None,
    board: Frame | None = None,
    officers: Frame | None = None,
    control_rights: Frame | None = None,
    arrangements: Frame | None = None,
    operations: Frame | None = None,
    target: str | None = None,
    name: str | None = None,
    source: str = "<frames>",
    **top: Any,
) -> Deal:
    """Build a Deal from frames named like the deal file's tables (``from_frames(**to_frames(d))``).

    ``deal`` is the frame of top-level keys (columns ``key`` and ``value``, as ``to_frames``
    writes it); ``target``, ``name`` and the other top-level keys (``formerly_affiliated``,
    ``as_of``, ``us_users``, ``sources``, ``notes``, ``description``, ``export_licence``) may be
    given as arguments instead. ``source`` names the frames in error messages. Every problem
    raises one ``InvalidDealError`` naming the sheet, the row (the header is row 1) and the column.
    """
    given = {"deal": deal, "parties": parties, "stakes": stakes, "board": board,
             "officers": officers, "control_rights": control_rights,
             "arrangements": arrangements, "operations": operations}  # fmt: skip
    builder = Builder(source)
    for table, frame in given.items():
        if frame is not None:
            builder.frames[table] = builder.frame(frame, table)
    return builder.build({"target": target, "name": name, **top})


@dataclass
class Builder:
    """Turns frames into the data of a deal file, remembering the spreadsheet row of each entry so
    that the loader's errors (``stakes[2].equity``) can be placed (``stakes, row 4, column
    equity``). A table read from a file of its own (a CSV) is placed in that file."""

    source: str
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # table → its own file
    rows: dict[str, list[int]] = field(default_factory=dict)  # table → each entry's row
    party_rows: dict[str, int] = field(default_factory=dict)
    key_rows: dict[str, list[int]] = field(default_factory=dict)  # deal sheet: key → its rows

    def build(self, keywords: Mapping[str, Any], *, name: str | None = None) -> Deal:
        top = self._top(self.frames["deal"]) if "deal" in self.frames else {}
        for key, given in keywords.items():
            if given is None:
                continue
            value = _value(key, given)
            if key in top and top[key] != value:
                row = self.key_rows[key][0] if self.key_rows.get(key) else None
                raise self.error(f"{key} is {top[key]!r} here, but {given!r} was given",
                                 "deal", row, _VALUE)  # fmt: skip
            top[key] = value
        if "target" not in top:
            raise InvalidDealError(
                "is missing: give the id of the party whose control is tested (target=ID, or "
                "--target ID on the command line) or a target row in the deal sheet",
                field="target", source=self.source,
            )  # fmt: skip
        if "name" not in top and name is not None:
            top["name"] = name
        if "export_licence" in top:
            if "china" in top:
                raise InvalidArgumentError("give export_licence or china, not both")
            top["china"] = {"export_licence": top.pop("export_licence")}
        data = {**top, "parties": self._parties()}
        for table in TABLES[1:]:
            if table in self.frames:
                data[table] = self._entries(table)
        try:
            return deal_from_dict(data, source=self.source)
        except InvalidDealError as error:
            raise self._placed(error) from None

    # -- frames and rows -----------------------------------------------------------------------
    def frame(self, frame: object, table: str) -> pd.DataFrame:
        """``frame`` as a DataFrame with text column names (a named index becomes a column)."""
        import pandas as pd

        if not isinstance(frame, pd.DataFrame):
            try:
                frame = pd.DataFrame(frame)  # type: ignore[call-overload]  # any table-like
            except (ValueError, TypeError) as error:
                raise self.error(f"cannot be read as a table ({error})", table) from None
        assert isinstance(frame, pd.DataFrame)
        if any(level is not None for level in frame.index.names):
            frame = frame.reset_index()
        columns = ["" if python_value(c) is None else str(c).strip() for c in frame.columns]
        for i, column in enumerate(columns):
            if column and column in columns[:i]:
                raise self.error("the column is given twice", table, 1, column)
        return frame.set_axis(columns, axis="columns")

    def _rows(self, table: str) -> Iterator[tuple[int, dict[str, Any]]]:
        """Each row of ``table`` that has a value: its spreadsheet row and non-empty cells."""
        frame = self.frames[table]
        columns = list(frame.columns)
        arrays = [frame.iloc[:, j].to_numpy() for j in range(len(columns))]  # numpy scalars
        for position, values in enumerate(zip(*arrays, strict=True), 2):
            cells = {
                c: v
                for c, v in zip(columns, map(python_value, values), strict=True)
                if v is not None
            }
            if "" in cells:
                raise self.error(f"a value under no column name ({cells['']!r})", table, position)
            if cells:
                yield position, cells

    def _top(self, frame: pd.DataFrame) -> dict[str, Any]:
        """The deal sheet's keys and values."""
        for column in frame.columns:
            if column not in (_KEY, _VALUE):
                raise self.error(f"unknown column {column!r}: the deal sheet has two, key and "
                                 "value", "deal", 1, column)  # fmt: skip
        if len(frame.columns) < 2:
            raise self.error("the deal sheet needs two columns, key and value", "deal", 1)
        top: dict[str, Any] = {}
        for row, cells in self._rows("deal"):
            key, value = _text(cells.get(_KEY)), cells.get(_VALUE)
            if not isinstance(key, str):
                problem = "is missing" if key is None else f"expected a key, got {key!r}"
                raise self.error(problem, "deal", row, _KEY)
            if key in ("parties", "china", *TABLES):
                hint = "give export_licence a row" if key == "china" else "give it a sheet"
                raise self.error(f"{key!r} is a table, not a key: {hint}", "deal", row, _KEY)
            if key in _LIST_KEYS:
                items = top.setdefault(key, [])
                rows = self.key_rows.setdefault(key, [])
                for item in value if isinstance(value, list | tuple) else [value]:
                    if item is not None:
                        items.append(_text(item))
                        rows.append(row)
                continue
            if key in self.key_rows:
                first = self.key_rows[key][0]
                raise self.error(f"{key!r} is given twice (also row {first})", "deal", row, _KEY)
            self.key_rows[key] = [row]
            if value is not None:
                top[key] = _value(key, value)
        return top

    def _parties(self) -> dict[str, Any]:
        if "parties" not in self.frames:
            raise self.error("is missing: a deal needs a parties sheet, a row per party", "parties")
        if "id" not in self.frames["parties"].columns:
            raise self.error("no id column: each party's id goes in a column named id",
                             "parties", 1)  # fmt: skip
        parties: dict[str, Any] = {}
        for row, cells in self._rows("parties"):
            party = _text(cells.pop("id", None))
            if party is None:
                raise self.error("is missing", "parties", row, "id")
            if not isinstance(party, str):
                raise self.error(f"expected a party id, got {party!r}", "parties", row, "id")
            if party in parties:
                first = self.party_rows[party]
                raise self.error(f"party id {party!r} is used twice (also row {first})",
                                 "parties", row, "id")  # fmt: skip
            self.party_rows[party] = row
            parties[party] = {column: _cell(column, value) for column, value in cells.items()}
        if not parties:
            raise self.error("no parties: give a row per party, with its id", "parties")
        return parties

    def _entries(self, table: str) -> list[dict[str, Any]]:
        entries, self.rows[table] = [], []
        for row, cells in self._rows(table):
            entries.append({column: _cell(column, value) for column, value in cells.items()})
            self.rows[table].append(row)
        return entries

    # -- errors --------------------------------------------------------------------------------
    def error(
        self, problem: str, table: str, row: int | None = None, column: str | None = None
    ) -> InvalidDealError:
        """``problem`` placed in ``table`` (in its own file, if it has one), row and column."""
        own = self.files.get(table)
        parts = [] if own else [table]
        parts += [f"row {row}"] if row is not None else []
        parts += [f"column {column}"] if column is not None else []
        return InvalidDealError(problem, field=", ".join(parts), source=own or self.source)

    def _placed(self, error: InvalidDealError) -> InvalidDealError:
        """The loader's error, placed by sheet, row and column when its field is in one."""
        place = self._place(error.field)
        if place is None:
            return error
        placed = self.error(error.problem, *place)
        return type(error)(placed.problem, field=placed.field, source=placed.source)

    def _place(self, path: str) -> tuple[str, int, str | None] | None:
        item = re.fullmatch(r"(\w+)\[(\d+)\](?:\.([^.\[]+).*)?", path)
        if item:
            name, index, column = item[1], int(item[2]), item[3]
            if index < len(self.rows.get(name, ())):
                return name, self.rows[name][index], column
            if index < len(self.key_rows.get(name, ())):
                return "deal", self.key_rows[name][index], _VALUE
            return None
        if path.startswith("parties."):
            rest = path.removeprefix("parties.")
            for party in sorted(self.party_rows, key=len, reverse=True):
                if rest == party or rest.startswith(party + "."):
                    column = rest.removeprefix(party).removeprefix(".") or None
                    return "parties", self.party_rows[party], column
            return None
        key = "export_licence" if path in ("export_licence", "china.export_licence") else path
        if self.key_rows.get(key):
            return "deal", self.key_rows[key][0], _VALUE if key in _DEAL_KEYS else _KEY
        return None


# ----------------------------------------------------------------------------- cells
def python_value(value: object) -> Any:
    """A cell as a plain Python value; None when it is empty (blank, spaces only, NaN, NA)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if type(value) is float:  # exactly float: numpy's float64 is one too, but not its repr
        return None if math.isnan(value) else value
    if value is None or type(value) in (bool, int) or isinstance(value, list | tuple | Mapping):
        return value
    import numpy as np
    import pandas as pd

    if isinstance(value, np.generic):
        if isinstance(value, np.floating):  # by its shortest text: float32 0.199 is 0.199
            return python_value(float(str(value)))
        if isinstance(value, np.datetime64):
            return python_value(pd.Timestamp(value))
        return python_value(value.item())
    if value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime) and value.tzinfo is None and value.time() == time(0):
        return value.date()  # a workbook's date cell comes as midnight of that day
    return value


def _cell(column: str, value: Any) -> Any:
    """A cell of a table, as the loader takes it."""
    if column in _STAKES:
        return value  # text, or a number the loader reads by its decimal text
    if column == "ongoing" and isinstance(value, str):
        return _BOOLEANS.get(value.strip().lower(), value)
    if column == "committees":
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return [_text(item) for item in value] if isinstance(value, list | tuple) else value
    return _text(value)


def _value(key: str, value: Any) -> Any:
    """A top-level value (a cell of the deal sheet, or an argument), as the loader takes it."""
    value = python_value(value)
    if key in _WHOLE_NUMBERS:
        digits = value.strip().replace(",", "").replace("_", "") if isinstance(value, str) else ""
        if digits.isdigit():
            return int(digits)
        return int(value) if isinstance(value, float) and value.is_integer() else value
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    return value if key == "as_of" else _text(value)


def _text(value: Any) -> Any:
    """A number where text is expected, as its text (a workbook's party id 7 is ``"7"``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return str(int(value)) if value.is_integer() else repr(value)
    return value


# ----------------------------------------------------------------------------- files
