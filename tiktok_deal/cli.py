"""The ``tiktok-deal`` command (contract §5). Thin: everything it shows comes from the Python API.

Exit status: 0 compliant, 1 violation, 3 indeterminate, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .errors import DealError
from .io import load
from .law import RULESETS, Interpretation, Status
from .model import Deal
from .presets import DEFAULT_PRESET, PRESETS, preset
from .report import check

__all__ = ["main"]

EXIT = {Status.COMPLIANT: 0, Status.VIOLATION: 1, Status.INDETERMINATE: 3}
BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="tiktok-deal",
        description="Check deal structures against PAFACA (the TikTok divest-or-ban law) and "
        "China's export control of the recommendation algorithm.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_Parser)  # fmt: skip

    check_cmd = commands.add_parser(
        "check",
        help="check a deal file or preset (default: the 2026 joint venture)",
        description="Check a deal. With neither FILE nor --preset, checks the "
        f"{DEFAULT_PRESET} preset.",
    )
    _add_deal_arguments(check_cmd)
    check_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    check_cmd.add_argument("--ruleset", choices=list(RULESETS), default="pafaca",
                           help="which rules to apply (default: pafaca)")  # fmt: skip
    check_cmd.add_argument(
        "--interpret",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="set an interpretation switch, e.g. lookthrough=control (repeatable)",
    )
    commands.add_parser("presets", help="list the built-in presets")
    return parser


def _add_deal_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", nargs="?", metavar="FILE", help="a deal file (.toml or .json)")
    command.add_argument(
        "--preset", metavar="NAME", help=f"a built-in preset: {', '.join(PRESETS)}"
    )


def _deal(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Deal:
    if args.file and args.preset:
        parser.error("give a FILE or --preset NAME, not both")
    if args.file:
        return load(args.file)
    return preset(args.preset or DEFAULT_PRESET)


def _color(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "NO_COLOR" not in os.environ


def _check(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    interpretation = Interpretation.parse(args.interpret)
    report = check(_deal(args, parser), ruleset=args.ruleset, interpretation=interpretation)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.format(color=_color(sys.stdout)))
    return EXIT[report.verdict]


def _presets() -> int:
    width = max(map(len, PRESETS))
    for name in PRESETS:
        print(f"{name:<{width}}  {preset(name).description or ''}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args, parser)
        return _presets()
    except DealError as error:
        print(f"tiktok-deal: error: {error}", file=sys.stderr)
        return BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
