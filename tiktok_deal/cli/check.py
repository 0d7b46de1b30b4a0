"""``tiktok-deal check``: one deal's report, or one row for each of several deals."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..errors import DealError, InvalidArgumentError
from ..law import Status
from ..report import check
from ..shares import format_percent
from .parser import (
    BAD_INPUT,
    add_deal_source,
    add_interpret,
    add_json,
    add_ruleset,
    deal_of,
    reading_of,
    source,
)

__all__ = ["EXIT", "register", "severest"]

EXIT = {Status.COMPLIANT: 0, Status.VIOLATION: 1, Status.INDETERMINATE: 3}
#: Several deals exit with the most severe status, in this order (4 is an internal error).
SEVERITY = (4, BAD_INPUT, 1, 3, 0)


def register(commands: Any) -> None:
    command = commands.add_parser(
        "check",
        help="check a deal (default: the 2026 joint venture), or several: one row each",
        description="Check a deal file, a preset or BODS data; with several files or a folder "
        "(its *.toml and *.json), one row per deal. Exit status: 0 compliant, 1 violation, "
        "3 indeterminate, 2 bad input; with several deals the most severe.",
    )
    add_deal_source(command)
    command.add_argument("more", nargs="*", metavar="FILE", help=argparse.SUPPRESS)
    add_json(command)
    add_ruleset(command)
    add_interpret(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    reading = reading_of(args)
    paths = _paths([args.file, *args.more] if args.file else [])
    if len(paths) <= 1 and not (args.file and Path(args.file).is_dir()):
        if paths:
            args.file = paths[0]
        report = check(deal_of(args), ruleset=args.ruleset, interpretation=reading)
        if args.json:
            print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            print(report.format(color=color(sys.stdout), width=terminal_width(sys.stdout)))
        return EXIT[report.verdict]
    if args.preset is not None or args.bods is not None:
        raise InvalidArgumentError("several deals are given as files or a folder, not --preset")
    rows = [_check_one(path, args.ruleset, reading) for path in paths]
    if args.json:
        print(json.dumps([row for row, _ in rows], indent=2, ensure_ascii=False))
    else:
        print(_table([row for row, _ in rows]))
    return severest(code for _, code in rows)


def severest(codes: Any) -> int:
    """The most severe exit status of several deals (4, then 2, 1, 3, 0)."""
    seen = set(codes)
    return next((code for code in SEVERITY if code in seen), 0)


def _paths(given: list[str]) -> list[str]:
    """Files as given; a folder stands for its ``*.toml`` and ``*.json`` files, sorted."""
    paths: list[str] = []
    for item in given:
        folder = Path(item)
        if folder.is_dir():
            found = sorted(
                str(p) for p in folder.iterdir() if p.suffix.lower() in (".toml", ".json")
            )
            if not found:
                raise InvalidArgumentError(f"{item}: the folder holds no .toml or .json deal")
            paths += found
        else:
            paths.append(item)
    return paths


def _check_one(path: str, ruleset: str, reading: Any) -> tuple[dict[str, Any], int]:
    try:
        report = check(source(path), ruleset=ruleset, interpretation=reading)
    except DealError as error:
        return {"source": path, "error": str(error)}, BAD_INPUT
    except Exception as error:  # a bug: this row says so, the others still run
        return {"source": path, "internal_error": f"{type(error).__name__}: {error}"}, 4
    return {"source": path, **report.to_dict()}, EXIT[report.verdict]


def _table(rows: list[dict[str, Any]]) -> str:
    """One line per deal: source, verdict, foreign-adversary stake, each rule's status."""
    rules = list(dict.fromkeys(f["rule"] for row in rows for f in row.get("findings", ())))
    width = max(len(row["source"]) for row in rows)
    head = f"{'deal':<{width}}  {'verdict':<13} {'FA stake':>9}  " + "  ".join(
        r.split(".", 1)[1] for r in rules
    )
    lines = [head]
    for row in rows:
        if "findings" not in row:
            problem = row.get("error") or "internal error: " + row["internal_error"]
            lines.append(f"{row['source']:<{width}}  {problem}")
            continue
        status = {f["rule"]: f["status"] for f in row["findings"]}
        value = next((f for f in row["findings"] if f.get("value") is not None), None)
        stake = "" if value is None else _percent(value["value"])
        cells = "  ".join(f"{status.get(r, '-'):<{len(r.split('.', 1)[1])}}" for r in rules)
        lines.append(f"{row['source']:<{width}}  {row['verdict']:<13} {stake:>9}  {cells}")
    return "\n".join(lines)


def _percent(text: str) -> str:
    try:
        return format_percent(Fraction(text))
    except ValueError:
        return f"≈ {float(text) * 100:.4g} %"


def terminal_width(stream: object) -> int | None:
    """A terminal's columns, to wrap text to; None (no wrapping) when output goes elsewhere."""
    isatty = getattr(stream, "isatty", None)
    return shutil.get_terminal_size().columns if isatty and isatty() else None


def color(stream: object) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ
