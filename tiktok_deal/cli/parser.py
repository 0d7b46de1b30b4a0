"""The arguments the commands of ``tiktok-deal`` share, their types, and reading a deal source."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import NoReturn

from ..bods import load_bods
from ..errors import InvalidArgumentError
from ..io import load
from ..law import RULESETS, Interpretation
from ..law.parameters import ENACTED
from ..model import Deal
from ..presets import DEFAULT_PRESET, PRESETS, preset

__all__ = [
    "Parser",
    "add_deal_source",
    "add_interpret",
    "add_json",
    "add_ruleset",
    "deal_of",
    "iso_date",
    "natural",
    "positive",
    "reading_of",
]

BAD_INPUT = 2


class Parser(argparse.ArgumentParser):
    """Usage errors exit with status 2 and one line naming the problem."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: error: {message}\n")


# ----------------------------------------------------------------------------- argument types
def iso_date(text: str) -> date:
    """An argument type: a date from 2024-04-24 (PAFACA's enactment) on, as YYYY-MM-DD."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2025-10-01, got {text!r}"
        ) from None
    if day < ENACTED:
        raise argparse.ArgumentTypeError(
            f"{text} is before PAFACA was enacted ({ENACTED.isoformat()}); the law says nothing "
            "of earlier dates"
        )
    return day


def natural(text: str) -> int:
    """An argument type: a whole number ≥ 0."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 0, got {text!r}")
    return int(text)


def positive(text: str) -> int:
    """An argument type: a whole number ≥ 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number ≥ 1, got {text!r}")
    return int(text)


# ----------------------------------------------------------------------------- shared arguments
def add_deal_source(command: argparse.ArgumentParser) -> None:
    """FILE, ``--preset NAME`` or ``--bods FILE --target ID`` (default: the 2026 joint venture).
    FILE may also be written ``preset:NAME``."""
    command.add_argument(
        "file", nargs="?", metavar="FILE", help="a deal file (.toml or .json), or preset:NAME"
    )
    command.add_argument(
        "--preset", metavar="NAME", help=f"a built-in preset: {', '.join(PRESETS)}"
    )
    command.add_argument(
        "--bods", metavar="FILE", help="read the deal from BODS 0.4 statements; needs --target"
    )
    command.add_argument("--target", metavar="ID", help="with --bods: the recordId of the target")


def add_interpret(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--interpret",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set an interpretation switch, e.g. lookthrough=control (repeatable)",
    )


def add_ruleset(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--ruleset",
        choices=list(RULESETS),
        default="pafaca",
        help="which rules to apply (default: pafaca)",
    )


def add_json(command: argparse.ArgumentParser) -> None:
    command.add_argument("--json", action="store_true", help="print JSON")


def deal_of(args: argparse.Namespace) -> Deal:
    """The deal named by the deal-source arguments (default: the 2026 joint venture)."""
    given = [x for x in (args.file, args.preset, args.bods) if x is not None]
    if len(given) > 1:
        raise InvalidArgumentError("give one of FILE, --preset NAME or --bods FILE --target ID")
    if args.bods is not None:
        if not args.target:
            raise InvalidArgumentError(
                "--bods needs --target ID (the recordId of the entity to test)"
            )
        return load_bods(args.bods, target=args.target)
    if args.target is not None:
        raise InvalidArgumentError("--target goes with --bods")
    if args.preset is not None:
        return preset(args.preset)
    if args.file is not None:
        return source(args.file)
    return preset(DEFAULT_PRESET)


def source(text: str) -> Deal:
    """A deal named on the command line: a file, or ``preset:NAME``."""
    if text.startswith("preset:"):
        return preset(text.removeprefix("preset:"))
    return load(text)


def reading_of(args: argparse.Namespace) -> Interpretation:
    return Interpretation.parse(args.interpret)
