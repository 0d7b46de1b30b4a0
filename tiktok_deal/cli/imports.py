"""``tiktok-deal import``: a deal file from a spreadsheet, a workbook or CSV files.

``tiktok-deal import BOOK.xlsx | FILE.csv... [--target ID] [--name NAME] --out DEAL.toml|DEAL.json``

The workbook's sheets, or the CSV files, are named like the deal file's tables (``deal``,
``parties``, ``stakes``, …; see ``tiktok_deal.frames``). ``--out`` is checked before anything is
read, and written whole or not at all. Bad input gives one line naming the file, the sheet, the
row and the column, and exit status 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..frames import INSTALL, SHEETS, load_sheets
from ..io import save
from ..output import output_path

__all__ = ["register"]


def register(commands: Any) -> None:
    command = commands.add_parser(
        "import",
        help="write a deal file from a spreadsheet: a workbook (.xlsx) or CSV files",
        usage="%(prog)s BOOK.xlsx | FILE.csv... [--target ID] [--name NAME] "
        "--out DEAL.toml|DEAL.json",
        description="Read a deal kept in a spreadsheet and write it as a deal file. Give a "
        "workbook whose sheets are named like the deal file's tables, or CSV files named like "
        f"them: {', '.join(SHEETS)} (parties.csv, stakes.csv, …). Each sheet's first row names "
        "its columns, as the deal file names its keys; the parties sheet has an id column; the "
        "deal sheet has two columns, key and value. Empty cells are keys left out. Reading a "
        f"workbook needs openpyxl: {INSTALL}.",
    )
    command.add_argument("files", nargs="+", metavar="FILE",
                         help="BOOK.xlsx, or CSV files named like the tables")  # fmt: skip
    command.add_argument("--target", metavar="ID",
                         help="the id of the party whose control is tested, when no deal sheet "
                         "gives it")  # fmt: skip
    command.add_argument("--name", metavar="NAME",
                         help="the deal's name, when no deal sheet gives it (default: the "
                         "workbook's file name, or the CSV files' folder's)")  # fmt: skip
    command.add_argument("--out", required=True, metavar="DEAL",
                         help="the deal file to write: DEAL.toml or DEAL.json")  # fmt: skip
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Read ``args.files`` and write the deal to ``args.out``. Problems raise ``DealError``."""
    out = output_path(args.out, suffixes=(".toml", ".json"))
    deal = load_sheets(*args.files, target=args.target, name=args.name)
    save(deal, out)
    counts = [(len(deal.parties), "party", "parties"), (len(deal.stakes), "stake", "stakes"),
              (len(deal.board), "seat", "seats"), (len(deal.officers), "officer", "officers"),
              (len(deal.control_rights), "control right", "control rights"),
              (len(deal.arrangements), "arrangement", "arrangements"),
              (len(deal.operations), "operation", "operations")]  # fmt: skip
    held = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    print(f"{deal.name}: {held}; written to {out}")
    return 0
