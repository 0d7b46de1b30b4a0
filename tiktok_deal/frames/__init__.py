"""Deals as tables: one pandas DataFrame per table of a deal file, for deals kept in spreadsheets.

Each frame is named like a table of the deal file (``parties``, ``stakes``, ``board``,
``officers``, ``control_rights``, ``arrangements``, ``operations``) and its columns like that
table's keys; the ``parties`` frame has an ``id`` column. The ``deal`` frame holds the top-level
keys in two columns, ``key`` and ``value``, one row per value: a list (``formerly_affiliated``,
``sources``, ``notes``) takes a row per item, and a ``formerly_affiliated`` row with no value says
that no party is formerly affiliated. A seat's ``committees`` share one cell, separated by commas.

Empty cells are absent keys, and a row with every cell empty is skipped. Cells are read as text
where they can be: a stake is read by its decimal text, as the loader reads it (``0.199`` is
exactly 199/1000); ``true`` and ``false`` in ``ongoing`` are booleans; a number where text is
expected is its text. The deal is built by the loader itself (``deal_from_dict``), so every check
it makes applies here too, and its errors are placed where a spreadsheet's user looks: by sheet,
row (the header is row 1) and column, as in
``deal.xlsx: stakes, row 4, column equity: a stake cannot exceed 100 %…``.

``import tiktok_deal`` imports neither pandas nor openpyxl: this module imports pandas when a
frame is made or read, and openpyxl when a workbook is.
"""

from .convert import INSTALL, SHEETS, TABLES, from_frames, to_frames
from .sheets import load_sheets

__all__ = ["INSTALL", "SHEETS", "TABLES", "from_frames", "load_sheets", "to_frames"]
