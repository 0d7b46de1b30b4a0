"""Deals from files of tables: a workbook (openpyxl) or CSV files, every cell kept as text."""

from __future__ import annotations

import csv
import difflib
import io
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from ..errors import InvalidArgumentError, InvalidDealError
from ..model import Deal

if TYPE_CHECKING:
    import pandas as pd

    #: A frame: a DataFrame, or anything ``pd.DataFrame`` accepts (a dict of columns, records…).
    Frame: TypeAlias = pd.DataFrame | Mapping[str, Any] | Sequence[Mapping[str, Any]]

from .convert import INSTALL, SHEETS, Builder, python_value

__all__ = ["load_sheets"]


def load_sheets(
    *paths: str | os.PathLike[str],
    target: str | None = None,
    name: str | None = None,
    **top: Any,
) -> Deal:
    """Read a deal from a workbook (``BOOK.xlsx``) whose sheets are named like the tables, or from
    CSV files named like them (``parties.csv``, ``stakes.csv``, …), as ``tiktok-deal import`` does.

    Cells are read as text where they can be. ``target``, ``name`` and the other top-level keys
    are for what no ``deal`` sheet gives; ``name`` defaults to the workbook's file name (or the
    CSV files' folder's). A workbook needs openpyxl (``pip install 'tiktok-deal[xlsx]'``). Errors
    name the file, the sheet, the row and the column.
    """
    if not paths:
        raise InvalidArgumentError("give a workbook (BOOK.xlsx) or CSV files (parties.csv, …)")
    files = [Path(path) for path in paths]
    kinds = {path.suffix.lower() for path in files}
    for path in files:
        if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv"):
            old = (
                " (save it as .xlsx, or each sheet as CSV)" if path.suffix.lower() == ".xls" else ""
            )
            raise InvalidArgumentError(f"{path}: expected a workbook (.xlsx) or CSV files{old}")
    if ".csv" in kinds:
        if len(kinds) > 1:
            raise InvalidArgumentError("give one workbook, or CSV files, not both")
        builder = _read_csvs(files)
        default = Path(os.path.abspath(files[0])).parent.name
    else:
        if len(files) > 1:
            raise InvalidArgumentError("give one workbook at a time")
        builder, default = _read_workbook(files[0]), files[0].stem
    return builder.build({"target": target, "name": name, **top}, name=default)


# ----------------------------------------------------------------------------- the building


def _read_workbook(path: Path) -> Builder:
    try:
        import openpyxl
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise InvalidArgumentError(
            f"{path}: reading a workbook needs openpyxl, which is not installed: {INSTALL} (or "
            "save each sheet as a CSV file named after it)"
        ) from None
    if not path.is_file():
        problem = "is a directory, not a workbook" if path.is_dir() else "no such file"
        raise InvalidDealError(problem, source=str(path))
    try:  # not read-only: every row keeps the number the spreadsheet shows
        book = openpyxl.load_workbook(path, data_only=True)
        written = openpyxl.load_workbook(path)  # formulas: an unsaved result is not an empty cell
    except Exception as error:  # a damaged or foreign file: openpyxl has no one error for it
        raise InvalidDealError(
            f"cannot be read as a workbook ({type(error).__name__}: {error})", source=str(path)
        ) from None
    builder = Builder(str(path))
    for sheet in book.worksheets:
        table = _table(sheet.title, str(path), "sheet")
        rows = list(sheet.iter_rows(values_only=True))
        formulas = written[sheet.title].iter_rows(values_only=True)
        for number, (row, formula) in enumerate(zip(rows, formulas, strict=True), 1):
            for j, (value, typed) in enumerate(zip(row, formula, strict=True)):
                if value is None and typed is not None:
                    problem = (f"a formula whose result was never saved ({typed}): open the "
                               "workbook in a spreadsheet program and save it")  # fmt: skip
                    header = python_value(rows[0][j])
                    column = get_column_letter(j + 1) if header is None else str(header).strip()
                    raise builder.error(problem, table, number, column)
        _grid(builder, table, rows, get_column_letter)
    return builder


def _read_csvs(paths: list[Path]) -> Builder:
    builder = Builder("")
    for path in paths:
        table = _table(path.stem, str(path), "file")
        if table in builder.files:
            raise InvalidArgumentError(f"{path}: a second {table} table ({builder.files[table]})")
        builder.files[table] = str(path)
        try:
            with path.open(encoding="utf-8-sig", newline="") as file:
                text = file.read()
            rows: list[Sequence[Any]] = list(
                csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
            )
        except FileNotFoundError:
            raise InvalidDealError("no such file", source=str(path)) from None
        except IsADirectoryError:
            raise InvalidDealError("is a directory, not a CSV file", source=str(path)) from None
        except UnicodeDecodeError:
            raise InvalidDealError(
                "is not UTF-8 text (save it as CSV UTF-8)", source=str(path)
            ) from None
        except (OSError, csv.Error) as error:
            raise InvalidDealError(f"cannot be read ({error})", source=str(path)) from None
        _grid(builder, table, rows, str)
    files = builder.files  # errors about no one table name the deal's or the parties' file
    builder.source = files.get("deal") or files.get("parties") or str(paths[0])
    return builder


def _delimiter(text: str) -> str:
    """The header row's separator: a comma, or the semicolon or tab that spreadsheets in many
    locales write instead (whichever the header row has most of)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count) if header.strip() else ","


def _table(name: str, path: str, what: str) -> str:
    if name in SHEETS:
        return name
    near = difflib.get_close_matches(name.lower(), SHEETS, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]!r}?" if near else f"name it after its table: {', '.join(SHEETS)}"
    raise InvalidDealError(f"{what} {name!r} is not a table of a deal ({hint})", source=path)


def _grid(
    builder: Builder, table: str, rows: list[Sequence[Any]], letter: Callable[[int], str]
) -> None:
    """A sheet's rows of cells, the first the header, as ``table``'s frame: every row, blank
    ones too, so that a row's position gives its number. An empty sheet is no table."""
    import pandas as pd

    if not any(python_value(cell) is not None for row in rows for cell in row):
        return
    width = max(len(row) for row in rows)
    header = [python_value(cell) for cell in rows[0]] + [None] * (width - len(rows[0]))
    for number, row in enumerate(rows[1:], 2):
        for j, cell in enumerate(row):
            if header[j] is None and python_value(cell) is not None:
                problem = f"a value under no column name ({cell!r})"
                raise builder.error(problem, table, number, letter(j + 1))
    keep = [j for j, name in enumerate(header) if name is not None]
    body = [[row[j] if j < len(row) else None for j in keep] for row in rows[1:]]
    frame = pd.DataFrame(body, columns=[header[j] for j in keep], dtype=object)
    builder.frames[table] = builder.frame(frame, table)
