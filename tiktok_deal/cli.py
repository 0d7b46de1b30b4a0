"""The ``tiktok-deal`` command (contract §5). Thin: everything it shows comes from the Python API.

Exit status: 0 compliant, 1 violation, 3 indeterminate, 2 bad input or usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import date
from typing import Any, NoReturn

from .bods import load_bods
from .errors import DealError
from .io import load
from .law import RULESETS, Interpretation, Status, timeline
from .model import Deal
from .presets import DEFAULT_PRESET, PRESETS, preset
from .report import check

__all__ = ["main"]

US_USERS = timeline.US_USERS
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
    check_cmd.add_argument(
        "--bods",
        metavar="FILE",
        help="read the deal from BODS 0.4 statements (a JSON list); needs --target",
    )
    check_cmd.add_argument("--target", metavar="ID", help="with --bods: the recordId of the target")
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

    timeline_cmd = commands.add_parser(
        "timeline",
        help="where the law's clock stands: deadline, non-enforcement orders, penalty caps",
        description="A briefing on PAFACA's clock as of a date. Penalty caps use --users, else "
        f"the deal's us_users, else {US_USERS:,}.",
    )
    _add_deal_arguments(timeline_cmd)
    timeline_cmd.add_argument(
        "--as-of",
        metavar="DATE",
        type=_iso_date,
        help="the date to brief on (YYYY-MM-DD; default: today)",
    )
    timeline_cmd.add_argument(
        "--users", metavar="N", type=natural, help="U.S. users for the penalty caps"
    )
    timeline_cmd.add_argument("--json", action="store_true", help="print one JSON object")
    commands.add_parser(
        "schema",
        help="print the JSON Schema of the deal file (for editors)",
        description="Print the JSON Schema (draft 2020-12) of a deal file, TOML or JSON, for "
        "editors: tiktok-deal schema > deal.schema.json",
    )
    _add_scenario_commands(commands)
    _add_plot_command(commands)
    return parser


def _add_scenario_commands(commands: Any) -> None:
    from .scenario_commands import add_commands

    add_commands(commands, _add_deal_arguments)


def _add_plot_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    from .plotting.command import add_command

    add_command(commands, _add_deal_arguments, _iso_date)


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date such as 2025-10-01, got {text!r}"
        ) from None


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


def _add_deal_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("file", nargs="?", metavar="FILE", help="a deal file (.toml or .json)")
    command.add_argument(
        "--preset", metavar="NAME", help=f"a built-in preset: {', '.join(PRESETS)}"
    )


def _deal(args: argparse.Namespace, parser: argparse.ArgumentParser) -> Deal:
    if sum(bool(x) for x in (args.file, args.preset, getattr(args, "bods", None))) > 1:
        parser.error("give one of FILE, --preset NAME or --bods FILE")
    if getattr(args, "bods", None):
        if not args.target:
            parser.error("--bods needs --target ID (the recordId of the entity to test)")
        return load_bods(args.bods, target=args.target)
    if getattr(args, "target", None):
        parser.error("--target goes with --bods")
    if args.file:
        return load(args.file)
    return preset(args.preset or DEFAULT_PRESET)


def _timeline(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    users = args.users
    if users is None and (args.file or args.preset):
        users = _deal(args, parser).us_users
    users = US_USERS if users is None else users
    clock = timeline.status(args.as_of or date.today())
    if args.json:
        print(json.dumps(clock.to_dict(us_users=users), indent=2, ensure_ascii=False))
    else:
        print(clock.briefing(us_users=users))
    return 0


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


def _sweep(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .scenario_commands import run_sweep

    return run_sweep(args, _deal(args, parser))


def _remedies(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .scenario_commands import run_remedies

    verdict, text = run_remedies(args, _deal(args, parser))
    print(text)
    return EXIT[verdict]


def _presets() -> int:
    width = max(map(len, PRESETS))
    for name in PRESETS:
        print(f"{name:<{width}}  {preset(name).description or ''}")
    return 0


def _schema() -> int:
    from .schema import deal_schema

    print(json.dumps(deal_schema(), indent=2, ensure_ascii=False))
    return 0


def _plot(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .plotting.command import run_plot

    return run_plot(args, lambda: _deal(args, parser))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return _check(args, parser)
        if args.command == "timeline":
            return _timeline(args, parser)
        if args.command == "schema":
            return _schema()
        if args.command == "sweep":
            return _sweep(args, parser)
        if args.command == "remedies":
            return _remedies(args, parser)
        if args.command == "plot":
            return _plot(args, parser)
        return _presets()
    except DealError as error:
        print(f"tiktok-deal: error: {error}", file=sys.stderr)
        return BAD_INPUT
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
