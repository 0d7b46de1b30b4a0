"""Deals as DataFrames, workbooks and CSV files: ``to_frames``, ``from_frames``, ``load_sheets`` and
``tiktok-deal import``. Round trips for every preset and for drawn deals; hand-made sheets for
each kind of error, each placed by file, sheet, row and column."""

from __future__ import annotations

import builtins
import csv
import io
import subprocess
import sys
import tempfile
from datetime import date, datetime
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

import tiktok_deal as td
from tiktok_deal.cli import main
from tiktok_deal.strategies import deals

openpyxl = pytest.importorskip("openpyxl")

JV = "joint-venture-2026"

PARTIES = [
    ["id", "name", "kind", "organized_in", "headquartered_in"],
    ["newco", "NewCo U.S. LLC", "company", "US", "US"],
    ["bytedance", "ByteDance Ltd.", "company", "KY", "CN"],
    ["oracle", "Oracle Corporation", "company", "US", "US"],
]
STAKES = [
    ["holder", "of", "equity", "voting"],
    ["oracle", "newco", "15%", None],
    ["bytedance", "newco", "19.9%", None],
]


def frame(rows: list[list[Any]]) -> pd.DataFrame:
    """A sheet as a user types it: the first row names the columns."""
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def small(**tables: list[list[Any]]) -> dict[str, Any]:
    """The frames of a small consortium, with ``tables`` replacing or adding sheets."""
    sheets = {"parties": PARTIES, "stakes": STAKES, **tables}
    return {name: frame(rows) for name, rows in sheets.items()}


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def write_csvs(folder: Path, sheets: dict[str, list[list[Any]]]) -> list[Path]:
    folder.mkdir(exist_ok=True)
    paths = []
    for name, rows in sheets.items():
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as file:
            csv.writer(file).writerows(rows)
        paths.append(path)
    return paths


def export(deal: td.Deal, folder: Path) -> tuple[Path, list[Path]]:
    """The deal's frames written as a user would: a workbook with pandas, and CSV files."""
    frames = td.to_frames(deal)
    book = folder / "deal.xlsx"
    with pd.ExcelWriter(book) as writer:
        for name, table in frames.items():
            table.to_excel(writer, sheet_name=name, index=False)
    (folder / "csv").mkdir()
    csvs = [folder / "csv" / f"{name}.csv" for name in frames]
    for path, table in zip(csvs, frames.values(), strict=True):
        table.to_csv(path, index=False)
    return book, csvs


# ----------------------------------------------------------------------------- round trips
@pytest.mark.parametrize("name", td.PRESETS)
def test_every_preset_round_trips_through_frames(name: str) -> None:
    deal = td.preset(name)
    assert td.from_frames(**td.to_frames(deal)) == deal


@given(deals())
def test_drawn_deals_round_trip_through_frames(deal: td.Deal) -> None:
    assert td.from_frames(**td.to_frames(deal)) == deal


@pytest.mark.parametrize("name", td.PRESETS)
def test_every_preset_round_trips_through_csv_text(name: str) -> None:
    # No deal file, no JSON: each frame to CSV text and back, every cell read as text.
    deal = td.preset(name)
    frames = {}
    for table, cells in td.to_frames(deal).items():
        text = cells.to_csv(index=False)
        frames[table] = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    assert all(
        cells.map(lambda cell: isinstance(cell, str)).all().all() for cells in frames.values()
    )
    assert td.from_frames(**frames) == deal


@given(deals())
def test_drawn_deals_round_trip_through_csv_files(deal: td.Deal) -> None:
    # As a spreadsheet program writes CSV (the csv module's dialect), read back as text.
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for table, cells in td.to_frames(deal).items():
            paths.append(Path(folder) / f"{table}.csv")
            with paths[-1].open("w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow(cells.columns)
                writer.writerows([["" if v is None else v for v in row] for row in cells.values])
        assert td.load_sheets(*paths) == deal


def test_the_frames_hold_text_stakes_and_one_frame_per_table() -> None:
    frames = td.to_frames(td.preset(JV))
    assert list(frames) == ["deal", "parties", "stakes", "board", "officers", "arrangements",
                            "operations"]  # fmt: skip
    assert all(isinstance(table, pd.DataFrame) for table in frames.values())
    stakes = frames["stakes"]
    assert list(stakes.columns) == ["holder", "of", "equity", "equity_max", "note"]
    assert stakes.loc[stakes.holder == "bytedance", "equity"].tolist() == ["19.9%", "100%", "100%"]
    assert frames["parties"].columns[0] == "id"
    top = dict(zip(frames["deal"].key, frames["deal"].value, strict=True))
    assert top["target"] == "tiktok-usds-jv"
    assert top["as_of"] == date(2026, 1, 22)
    assert top["us_users"] == 170_000_000
    assert top["export_licence"] == "pending"
    assert frames["deal"].key.tolist().count("formerly_affiliated") == 3
    assert frames["board"].committees.dropna().tolist() == ["security", "security"]


def test_a_third_is_written_as_a_fraction_and_no_affiliates_as_an_empty_row() -> None:
    deal = td.Deal(name="thirds", target="t", formerly_affiliated=[],
                   parties=[td.Party(id="t"), td.Party(id="a", organized_in="CN")],
                   stakes=[td.Stake(holder="a", of="t", equity=F(1, 3))])  # fmt: skip
    frames = td.to_frames(deal)
    assert frames["stakes"].equity.tolist() == ["1/3"]
    rows = frames["deal"][frames["deal"].key == "formerly_affiliated"]
    assert rows.value.tolist() == [None]
    back = td.from_frames(**frames)
    assert back.formerly_affiliated == ()
    assert back == deal


def test_a_committee_that_cannot_share_a_cell_is_refused() -> None:
    deal = td.Deal(name="d", target="t", parties=[td.Party(id="t")],
                   board=[td.Seat(appointed_by="t", committees=["audit, risk"])])  # fmt: skip
    with pytest.raises(td.InvalidArgumentError, match=r"board\[0\].committees.*'audit, risk'"):
        td.to_frames(deal)


def test_the_joint_venture_imports_from_a_workbook_and_from_csv_files(tmp_path: Path) -> None:
    jv = td.preset(JV)
    book, csvs = export(jv, tmp_path)
    assert main(["import", str(book), "--out", str(tmp_path / "jv.toml")]) == 0
    assert td.load(tmp_path / "jv.toml") == jv
    assert main(["import", *map(str, csvs), "--out", str(tmp_path / "jv.json")]) == 0
    assert td.load(tmp_path / "jv.json") == jv
    assert td.load_sheets(book) == jv
    assert td.load_sheets(*csvs) == jv


def test_the_command_says_what_it_wrote(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = write_workbook(tmp_path / "consortium.xlsx", {"parties": PARTIES, "stakes": STAKES})
    out = tmp_path / "consortium.toml"
    assert main(["import", str(book), "--target", "newco", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"consortium: 3 parties, 2 stakes; written to {out}\n"
    deal = td.load(out)
    assert deal.name == "consortium"  # from the file's name
    assert td.check(deal)["pafaca.fa_ownership"].value == F(199, 1000)
    assert main(["import", str(book), "--target", "newco", "--name", "Example consortium",
                 "--out", str(out)]) == 0  # fmt: skip
    assert td.load(out).name == "Example consortium"


def test_csv_files_take_their_default_name_from_their_folder(tmp_path: Path) -> None:
    paths = write_csvs(tmp_path / "consortium", {"parties": PARTIES, "stakes": STAKES})
    deal = td.load_sheets(*paths, target="newco")
    assert (deal.name, deal.target) == ("consortium", "newco")


@pytest.mark.parametrize("separator", [";", "\t"])
def test_csv_files_with_semicolons_or_tabs_read_as_with_commas(
    tmp_path: Path, separator: str
) -> None:
    """Spreadsheets in many locales save CSV with semicolons; tab-separated text is common too."""
    sheets = {"parties": PARTIES, "stakes": STAKES}
    commas = td.load_sheets(*write_csvs(tmp_path / "d", sheets), target="newco")
    other = tmp_path / "other"
    other.mkdir()
    for name, rows in sheets.items():
        with (other / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
            csv.writer(file, delimiter=separator).writerows(rows)
    again = td.load_sheets(other / "parties.csv", other / "stakes.csv", target="newco", name="d")
    assert again == commas
    assert again.stakes[1].equity == F(199, 1000)


# ----------------------------------------------------------------------------- cells
def test_numbers_are_read_by_their_decimal_text() -> None:
    # 0.18 + 0.02 is exactly 1/5: over the line, never 0.19999999999999998.
    stakes = pd.DataFrame({"holder": ["bytedance", "tencent"], "of": ["newco", "newco"],
                           "equity": [0.18, 0.02]})  # fmt: skip
    parties = pd.DataFrame({"id": ["newco", "bytedance", "tencent"],
                            "organized_in": ["US", "CN", "CN"]})  # fmt: skip
    deal = td.from_frames(parties=parties, stakes=stakes, target="newco", name="d")
    assert [stake.equity for stake in deal.stakes] == [F(18, 100), F(2, 100)]
    assert td.check(deal)["pafaca.fa_ownership"].value == F(1, 5)
    as_float32 = stakes.assign(equity=np.array([0.18, 0.02], dtype=np.float32))
    again = td.from_frames(parties=parties, stakes=as_float32, target="newco", name="d")
    assert again == deal


def test_empty_cells_are_absent_keys_and_blank_rows_are_skipped() -> None:
    stakes = pd.DataFrame({
        "holder": ["oracle", None, "bytedance"], "of": ["newco", np.nan, "newco"],
        "equity": ["15%", "", "19.9%"], "voting": [pd.NA, "  ", np.nan],
    })  # fmt: skip
    deal = td.from_frames(parties=frame(PARTIES), stakes=stakes, target="newco", name="d")
    assert [(s.holder, s.voting) for s in deal.stakes] == [("oracle", None), ("bytedance", None)]
    assert deal.parties["oracle"].principal_place_of_business is None


def test_workbook_cells_are_read_as_a_user_means_them(tmp_path: Path) -> None:
    # A percent-formatted number, a date cell, a whole-number id, TRUE, a count with commas.
    parties = [["id", "organized_in"], ["newco", "US"], [7, "CN"]]
    stakes = [["holder", "of", "equity"], [7, "newco", 0.199]]
    top = [["key", "value"], ["name", "d"], ["target", "newco"],
           ["as_of", datetime(2026, 1, 22)], ["us_users", "170,000,000"]]  # fmt: skip
    arrangements = [["kind", "counterparty", "ongoing"], ["hosting", 7, True],
                    ["other", 7, "FALSE"]]  # fmt: skip
    book = write_workbook(tmp_path / "d.xlsx", {"deal": top, "parties": parties, "stakes": stakes,
                                                "arrangements": arrangements})  # fmt: skip
    sheet = openpyxl.load_workbook(book)["stakes"]
    sheet["C2"].number_format = "0.0%"
    sheet.parent.save(book)
    deal = td.load_sheets(book)
    assert deal.stakes[0] == td.Stake(holder="7", of="newco", equity=F(199, 1000))
    assert (deal.as_of, deal.us_users) == (date(2026, 1, 22), 170_000_000)
    assert [a.ongoing for a in deal.arrangements] == [True, False]


def test_a_named_index_is_a_column() -> None:
    deal = td.from_frames(parties=frame(PARTIES).set_index("id"), stakes=frame(STAKES),
                          target="newco", name="d")  # fmt: skip
    assert set(deal.parties) == {"newco", "bytedance", "oracle"}


def test_top_level_keys_may_be_arguments() -> None:
    deal = td.from_frames(**small(), target="newco", name="d", as_of="2026-01-22",
                          formerly_affiliated=["bytedance"], us_users=5, sources=["a report"],
                          export_licence="pending")  # fmt: skip
    assert deal.as_of == date(2026, 1, 22)
    assert (deal.formerly_affiliated, deal.us_users) == (("bytedance",), 5)
    assert (deal.sources, deal.export_licence) == (("a report",), "pending")


def test_the_same_value_in_the_deal_sheet_and_an_argument_is_no_conflict() -> None:
    top = [["key", "value"], ["name", "d"], ["target", "newco"]]
    deal = td.from_frames(**small(deal=top), target="newco", name="d")
    assert deal.target == "newco"


# ----------------------------------------------------------------------------- errors
BAD_FRAMES = [
    # (what, sheets replacing the small consortium's, place, problem)
    ("a stake over 100 %", {"stakes": [*STAKES, ["oracle", "bytedance", "150%", None]]},
     "stakes, row 4, column equity", "a stake cannot exceed 100 %, got '150%'"),
    ("a stake as a bare percentage", {"stakes": [*STAKES[:2], ["bytedance", "newco", 19.9, None]]},
     "stakes, row 3, column equity", 'write a percentage with a % sign'),
    ("a negative stake", {"stakes": [*STAKES[:2], ["bytedance", "newco", "-5%", None]]},
     "stakes, row 3, column equity", "a stake cannot be negative"),
    ("text that is no stake", {"stakes": [*STAKES[:2], ["bytedance", "newco", "a fifth", None]]},
     "stakes, row 3, column equity", "expected a stake such as"),
    ("a voting stake that is no stake", {"stakes": [*STAKES[:2], ["bytedance", "newco", "5%", "x"]]},
     "stakes, row 3, column voting", "expected a stake such as"),
    ("stakes that add up to more than 100 %", {"stakes": [*STAKES[:2], ["bytedance", "newco", "90%", None]]},
     "stakes, row 3, column equity", "add up to 105 %, more than 100 %"),
    ("an unknown holder", {"stakes": [*STAKES[:2], ["bytedanse", "newco", "19.9%", None]]},
     "stakes, row 3, column holder", "unknown party 'bytedanse'"),
    ("two stakes of one holder in one entity", {"stakes": [*STAKES, ["oracle", "newco", "1%", None]]},
     "stakes, row 4", "'oracle' already holds a stake in 'newco' (stakes[0])"),
    ("a misspelt column", {"stakes": [["holder", "of", "equity", "votes"], ["oracle", "newco", "15%", "1%"]]},
     "stakes, row 2, column votes", "unknown key 'votes'"),
    ("a missing column", {"stakes": [["holder", "of"], ["oracle", "newco"]]},
     "stakes, row 2, column equity", "is missing"),
    ("an empty required cell", {"stakes": [*STAKES[:2], [None, "newco", "19.9%", None]]},
     "stakes, row 3, column holder", "is missing"),
    ("a column given twice", {"stakes": [["holder", "of", "equity", "equity"], ["oracle", "newco", "1%", "2%"]]},
     "stakes, row 1, column equity", "the column is given twice"),
    ("a value under no column name", {"stakes": [["holder", "of", "equity", None], ["oracle", "newco", "1%", "x"]]},
     "stakes, row 2", "a value under no column name ('x')"),
    ("a lower-case country code", {"parties": [*PARTIES[:2], ["bytedance", "ByteDance", "company", "ky", "CN"], PARTIES[3]]},
     "parties, row 3, column organized_in", "unknown ISO 3166-1 alpha-2 country code 'ky' (codes are upper case)"),
    ("an unknown kind of party", {"parties": [*PARTIES[:3], ["oracle", "Oracle", "corporation", "US", "US"]]},
     "parties, row 4, column kind", "expected one of company, fund"),
    ("a party id used twice", {"parties": [*PARTIES, ["oracle", "Oracle again", "company", "US", "US"]]},
     "parties, row 5, column id", "party id 'oracle' is used twice (also row 4)"),
    ("a party without an id", {"parties": [*PARTIES, [None, "Someone", "company", "US", "US"]]},
     "parties, row 5, column id", "is missing"),
    ("no id column", {"parties": [["name"], ["NewCo"]]}, "parties, row 1", "no id column"),
    ("an unknown officer role", {"officers": [["role", "appointed_by"], ["chair", "oracle"]]},
     "officers, row 2, column role", "expected one of ceo, security_officer, other; got 'chair'"),
    ("an unknown seat appointer", {"board": [["appointed_by"], ["oracle"], ["orcl"]]},
     "board, row 3, column appointed_by", "unknown party 'orcl'"),
    ("an unknown control right", {"control_rights": [["holder", "kind"], ["bytedance", "vetoes"]]},
     "control_rights, row 2, column kind", "expected one of veto"),
    ("ongoing neither true nor false", {"arrangements": [["kind", "counterparty", "ongoing"], ["hosting", "oracle", "maybe"]]},
     "arrangements, row 2, column ongoing", "expected true or false, got 'maybe'"),
    ("an unknown function", {"operations": [["function", "operator"], ["ads", "bytedance"]]},
     "operations, row 2, column function", "expected one of hosting"),
    ("an unknown key in the deal sheet", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["us_user", "5"]]},
     "deal, row 4, column key", "unknown key 'us_user' (did you mean 'us_users'?)"),
    ("a key given twice", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["name", "e"]]},
     "deal, row 4, column key", "'name' is given twice (also row 2)"),
    ("a date that is no date", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["as_of", "22/01/2026"]]},
     "deal, row 4, column value", "expected a date such as 2026-01-22"),
    ("a count of users that is no count", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["us_users", "many"]]},
     "deal, row 4, column value", "expected a whole number of users"),
    ("an unknown target", {"deal": [["key", "value"], ["name", "d"], ["target", "nexco"]]},
     "deal, row 3, column value", "unknown party 'nexco'"),
    ("an unknown formerly affiliated party", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["formerly_affiliated", "bytedance"], ["formerly_affiliated", "tiktok"]]},
     "deal, row 5, column value", "unknown party 'tiktok'"),
    ("an unknown licence status", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["export_licence", "granted?"]]},
     "deal, row 4, column value", "expected one of granted, denied, pending, not_sought"),
    ("a table as a key", {"deal": [["key", "value"], ["name", "d"], ["target", "newco"], ["stakes", "15%"]]},
     "deal, row 4, column key", "'stakes' is a table, not a key: give it a sheet"),
    ("a third column in the deal sheet", {"deal": [["key", "value", "note"], ["name", "d", "x"]]},
     "deal, row 1, column note", "unknown column 'note'"),
    ("a key without a name", {"deal": [["key", "value"], ["name", "d"], [None, "newco"]]},
     "deal, row 3, column key", "is missing"),
]  # fmt: skip


@pytest.mark.parametrize(("sheets", "place", "problem"),
                         [pytest.param(*case[1:], id=case[0]) for case in BAD_FRAMES])  # fmt: skip
def test_bad_frames_name_the_sheet_row_and_column(
    sheets: dict[str, list[list[Any]]], place: str, problem: str
) -> None:
    target = {} if "deal" in sheets else {"target": "newco", "name": "d"}
    with pytest.raises(td.InvalidDealError) as raised:
        td.from_frames(**small(**sheets), **target, source="deal.xlsx")
    assert raised.value.source == "deal.xlsx"
    assert raised.value.field == place
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"deal.xlsx: {place}: ")


def test_the_problem_is_the_loaders_own() -> None:
    # Built by the loader, so the same mistake gives the same words in a deal file and a sheet.
    data = {"name": "d", "target": "newco", "parties": {"newco": {}, "oracle": {}},
            "stakes": [{"holder": "oracle", "of": "newco", "equity": "0.5%%"}]}  # fmt: skip
    with pytest.raises(td.InvalidDealError) as from_dict:
        td.deal_from_dict(data)
    stakes = pd.DataFrame(data["stakes"])
    with pytest.raises(td.InvalidDealError) as from_frames:
        td.from_frames(parties=pd.DataFrame({"id": ["newco", "oracle"]}), stakes=stakes,
                       target="newco", name="d")  # fmt: skip
    assert from_dict.value.field == "stakes[0].equity"
    assert from_frames.value.problem == from_dict.value.problem
    assert isinstance(from_frames.value, ValueError)


@pytest.mark.parametrize(
    ("arguments", "field", "problem"),
    [
        ({"name": "d"}, "target", "is missing: give the id of the party whose control is tested"),
        ({"target": "newco"}, "name", "is missing"),
        ({"target": "nope", "name": "d"}, "target", "unknown party 'nope'"),
        ({"target": "newco", "name": "d", "as_of": "soon"}, "as_of", "expected a date"),
        ({"target": "newco", "name": "d", "colour": "red"}, "colour", "unknown key 'colour'"),
    ],
)
def test_bad_arguments_are_named(arguments: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(td.InvalidDealError) as raised:
        td.from_frames(**small(), **arguments)
    assert (raised.value.field, raised.value.source) == (field, "<frames>")
    assert problem in raised.value.problem


def test_an_unknown_target_raises_an_unknown_party_error() -> None:
    with pytest.raises(td.UnknownPartyError):
        td.from_frames(**small(), target="nope", name="d")


def test_a_deal_sheet_and_an_argument_that_disagree() -> None:
    top = [["key", "value"], ["name", "d"], ["target", "newco"]]
    with pytest.raises(td.InvalidDealError, match="deal, row 3, column value: target is 'newco' "
                       "here, but 'oracle' was given"):  # fmt: skip
        td.from_frames(**small(deal=top), target="oracle")


@pytest.mark.parametrize(
    ("parties", "problem"),
    [(None, "parties: is missing"), ([["id", "name"]], "parties: no parties"),
     ("not a table", "parties: cannot be read as a table")],
)  # fmt: skip
def test_a_deal_needs_parties(parties: Any, problem: str) -> None:
    given = frame(parties) if isinstance(parties, list) else parties
    with pytest.raises(td.InvalidDealError, match=problem):
        td.from_frames(parties=given, target="newco", name="d")


def test_a_row_number_counts_blank_rows_as_the_spreadsheet_does(tmp_path: Path) -> None:
    stakes = [*STAKES, [None, None, None, None], [], ["oracle", "bytedance", "150%", None]]
    book = write_workbook(tmp_path / "d.xlsx", {"parties": PARTIES, "stakes": stakes})
    with pytest.raises(td.InvalidDealError) as raised:
        td.load_sheets(book, target="newco")
    assert str(raised.value).startswith(f"{book}: stakes, row 6, column equity: ")
    paths = write_csvs(tmp_path / "csv", {"parties": PARTIES, "stakes": stakes})
    with pytest.raises(td.InvalidDealError) as raised:
        td.load_sheets(*paths, target="newco")
    assert str(raised.value).startswith(f"{paths[1]}: row 6, column equity: ")


def test_a_workbook_error_is_one_line_naming_file_sheet_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stakes = [*STAKES, ["oracle", "bytedance", "150%", None]]
    book = write_workbook(tmp_path / "deal.xlsx", {"parties": PARTIES, "stakes": stakes})
    out = tmp_path / "deal.toml"
    assert main(["import", str(book), "--target", "newco", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == (f"tiktok-deal: error: {book}: stakes, row 4, column equity: a stake cannot "
                   "exceed 100 %, got '150%'\n")  # fmt: skip
    assert not out.exists()


def test_a_csv_error_names_the_file_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parties = [*PARTIES[:3], ["oracle", "Oracle", "company", "USA", "US"]]
    paths = write_csvs(tmp_path, {"parties": parties, "stakes": STAKES})
    out = tmp_path / "deal.toml"
    assert main(["import", *map(str, paths), "--target", "newco", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"tiktok-deal: error: {paths[0]}: row 4, column organized_in: unknown")
    assert err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "problem"),
    [("Stakes", "sheet 'Stakes' is not a table of a deal (did you mean 'stakes'?)"),
     ("holders", "sheet 'holders' is not a table of a deal (name it after its table: deal, ")],
)  # fmt: skip
def test_a_sheet_not_named_like_a_table_is_an_error(
    tmp_path: Path, name: str, problem: str
) -> None:
    # Never silently ignored: a sheet of stakes left unread would change the verdict.
    book = write_workbook(tmp_path / "d.xlsx", {"parties": PARTIES, name: STAKES})
    with pytest.raises(td.InvalidDealError) as raised:
        td.load_sheets(book, target="newco")
    assert str(raised.value).startswith(f"{book}: {problem}")


def test_a_csv_file_not_named_like_a_table_is_an_error(tmp_path: Path) -> None:
    paths = write_csvs(tmp_path, {"parties": PARTIES, "stake": STAKES})
    with pytest.raises(td.InvalidDealError, match=r"file 'stake' is not a table of a deal \(did "
                       r"you mean 'stakes'\?\)"):  # fmt: skip
        td.load_sheets(*paths, target="newco")


@pytest.mark.parametrize(
    ("files", "problem"),
    [(["a.xlsx", "b.csv"], "give one workbook, or CSV files, not both"),
     (["a.xlsx", "b.xlsx"], "give one workbook at a time"),
     (["deal.xls"], "deal.xls: expected a workbook (.xlsx) or CSV files (save it as .xlsx"),
     (["deal.ods"], "deal.ods: expected a workbook (.xlsx) or CSV files"),
     (["a/stakes.csv", "b/stakes.csv"], "b/stakes.csv: a second stakes table (a/stakes.csv)")],
)  # fmt: skip
def test_the_files_must_be_one_workbook_or_csv_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[str], problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    for folder in ("a", "b"):
        write_csvs(tmp_path / folder, {"stakes": STAKES})
    with pytest.raises(td.InvalidArgumentError) as raised:
        td.load_sheets(*files)
    assert str(raised.value) == problem or str(raised.value).startswith(problem)


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"not a zip", "cannot be read as a workbook"), (None, "no such file")],
)
def test_a_workbook_that_cannot_be_read(
    tmp_path: Path, content: bytes | None, problem: str
) -> None:
    book = tmp_path / "deal.xlsx"
    if content is not None:
        book.write_bytes(content)
    with pytest.raises(td.InvalidDealError, match=f"{book}: {problem}"):
        td.load_sheets(book, target="newco")


def test_a_formula_whose_result_was_never_saved_is_not_an_empty_cell(tmp_path: Path) -> None:
    # A workbook written by a program, never opened in a spreadsheet: the formula has no value,
    # and reading it as empty would quietly make the votes follow the equity.
    stakes = [*STAKES[:2], ["bytedance", "newco", "19.9%", "=5%*2"]]
    book = write_workbook(tmp_path / "d.xlsx", {"parties": PARTIES, "stakes": stakes})
    with pytest.raises(td.InvalidDealError) as raised:
        td.load_sheets(book, target="newco")
    assert str(raised.value).startswith(
        f"{book}: stakes, row 3, column voting: a formula whose result was never saved (=5%*2)"
    )


def test_a_csv_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_bytes("id,name\nnewco,Soci\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(td.InvalidDealError, match="is not UTF-8 text"):
        td.load_sheets(path, target="newco")


def test_without_openpyxl_the_command_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    book = write_workbook(tmp_path / "d.xlsx", {"parties": PARTIES})
    real_import = builtins.__import__

    def no_openpyxl(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("openpyxl"):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openpyxl)
    assert main(["import", str(book), "--target", "newco", "--out", str(tmp_path / "d.toml")]) == 2
    err = capsys.readouterr().err
    assert "reading a workbook needs openpyxl" in err
    assert "pip install 'tiktok-deal[xlsx]'" in err
    assert not (tmp_path / "d.toml").exists()


@pytest.mark.parametrize(
    ("out", "problem"),
    [("deal.yaml", "the file must end in .toml or .json"),
     ("missing/deal.toml", "does not exist")],
)  # fmt: skip
def test_the_output_is_checked_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    out: str, problem: str,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["import", "nowhere.xlsx", "--out", out]) == 2  # the input is never looked at
    err = capsys.readouterr().err
    assert problem in err
    assert "nowhere" not in err


def test_a_missing_target_says_how_to_give_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    book = write_workbook(tmp_path / "d.xlsx", {"parties": PARTIES})
    assert main(["import", str(book), "--out", str(tmp_path / "d.toml")]) == 2
    assert "target: is missing" in capsys.readouterr().err


def test_import_is_listed_with_the_other_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    out = capsys.readouterr().out
    assert "BOOK.xlsx | FILE.csv..." in out
    assert "--out DEAL.toml|DEAL.json" in out


def test_importing_the_package_loads_neither_pandas_nor_openpyxl() -> None:
    code = (
        "import sys, tiktok_deal; "
        "loaded = {'pandas', 'openpyxl'} & set(sys.modules); "
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
