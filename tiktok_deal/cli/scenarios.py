"""``tiktok-deal sweep`` and ``remedies``: arguments and output. The scenario engine (numpy,
pandas) is imported only when one of them runs.

``tiktok-deal sweep [FILE | --preset NAME] --vary SPEC... [--samples N --seed S] [--method M]
[--interpret KEY=V1,V2]... [--ruleset R] [--out FILE.csv|.parquet]``: without ``--out`` the rows
go to stdout as CSV; with it, a one-line summary. Exit 0, or 2 on bad input.

``tiktok-deal remedies [FILE | --preset NAME] [--json] [--interpret KEY=VALUE]... [--ruleset R]``:
the headroom and the verified remedies; exits as ``check`` does (0 compliant, 1 violation,
3 indeterminate, 2 bad input).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import textwrap
import time
from typing import Any

from ..errors import SpaceError
from ..law import Interpretation, Status
from ..model import Deal
from ..output import output_path
from ..report import check
from ..shares import format_percent
from .check import EXIT
from .parser import (
    add_deal_source,
    add_interpret,
    add_json,
    add_ruleset,
    deal_of,
    natural,
    positive,
)

__all__ = ["VARY", "register"]

#: The ``--vary`` grammar: the one place it is written.
VARY = """\
SPEC (repeat --vary for several levers):
  stake:HOLDER[:ENTITY]=VALUES[@BALANCE]    HOLDER's stake in ENTITY (the target), both bases
  equity:… / voting:…                       the same, one basis only
  dirichlet:H1,H2,…[:ENTITY]=ALPHA[,ALPHA…][@BALANCE]
                                            the holders' stakes drawn jointly (sampled only)
  seats:PARTY[:ENTITY]=COUNTS[@BALANCE]     board seats PARTY appoints
  officer:ROLE[:ENTITY]=APPOINTERS          who appoints the ceo / security_officer / other
  operation:FUNCTION=OPERATORS              who runs a function of the app (e.g. advertising)
  arrangement:KIND:COUNTERPARTY=STATES      absent, ongoing, one_time (or all)
  licence=STATES                            granted, denied, pending, not_sought, absent
  jurisdiction:PARTY=COUNTRIES              ISO codes, or unknown
  interpret:KEY=VALUES                      an interpretation switch (or all)

Stake VALUES: START:STOP:NUM (NUM exact points, both ends included: 0%:40%:41), a list
0%,19.9%,20%, uniform(LOW,HIGH) or triangular(LOW,MODE,HIGH). COUNTS: 0,1,2 or
0..4. APPOINTERS, OPERATORS: party ids, or absent (none recorded). BALANCE: a holder (or
appointer) that absorbs the change, or unnamed (stakes only); without it the other holders give
way pro rata.
"""


def register(commands: Any) -> None:
    sweep = commands.add_parser(
        "sweep",
        help="decide every scenario of a space of variations of a deal (CSV or Parquet)",
        description="Vary a deal (default: the 2026 joint venture) and decide every scenario: "
        "one row each, a column per varied fact, the foreign-adversary stake, each rule's "
        "status and the verdict.",
        epilog=VARY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_deal_source(sweep)
    sweep.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="SPEC",
        required=True,
        help="a lever, e.g. stake:bytedance=0%%:40%%:41 (repeatable)",
    )
    sweep.add_argument(
        "--samples", type=positive, metavar="N", help="sample N scenarios instead of the full grid"
    )
    sweep.add_argument(
        "--seed", type=natural, default=0, metavar="S", help="random seed (default 0)"
    )
    sweep.add_argument(
        "--method", metavar="M", help="grid (default), random (default with --samples) or lhs"
    )
    sweep.add_argument(
        "--interpret",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="one value sets the switch; several (or 'all') vary it",
    )
    add_ruleset(sweep)
    sweep.add_argument("--out", metavar="FILE", help="write to FILE.csv or FILE.parquet")
    sweep.set_defaults(run=run_sweep)

    fix = commands.add_parser(
        "remedies",
        help="headroom to the 20 %% line and the smallest verified changes that fix violations",
        description="Margins and remedies for one deal (default: the 2026 joint venture). "
        "Exit status as for check.",
    )
    add_deal_source(fix)
    add_json(fix)
    add_ruleset(fix)
    add_interpret(fix)
    fix.add_argument(
        "--buyer",
        metavar="PARTY",
        help="who takes sold stakes and moved seats (default: the largest non-adversary holder)",
    )
    fix.set_defaults(run=run_remedies)


def run_sweep(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    if args.out:  # before any work: a bad path costs nothing
        output_path(args.out, suffixes=(".csv", ".parquet"))
    from ..scenarios import Space, iter_sweep, sweep_to_file
    from ..scenarios.spec import parse_interpret, parse_vary
    from ..scenarios.sweep import FLOAT_FORMAT

    deal = deal_of(args)
    levers = [parse_vary(spec, deal) for spec in args.vary]
    fixed: list[str] = []
    for item in args.interpret:
        lever = parse_interpret(item)
        if len(lever.values) == 1:
            fixed.append(f"{lever.key}={lever.values[0]}")
        else:
            levers.append(lever)
    space = Space(deal, levers, interpretation=Interpretation.parse(fixed))
    options: dict[str, Any] = {
        "ruleset": args.ruleset,
        "method": args.method,
        "samples": args.samples,
        "seed": args.seed,
    }
    if args.method == "grid" and args.samples is not None:
        raise SpaceError("--samples goes with --method random or lhs, not grid")
    if args.out:
        summary = sweep_to_file(space, args.out, **options)
        counts = ", ".join(f"{n:,} {status}" for status, n in summary.verdicts.items() if n)
        print(
            f"{summary.rows:,} scenarios written to {summary.path} ({counts}) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        return 0
    first = True
    for chunk in iter_sweep(space, **options):
        chunk.to_csv(sys.stdout, header=first, lineterminator="\n", float_format=FLOAT_FORMAT)
        first = False
    return 0


def run_remedies(args: argparse.Namespace) -> int:
    """The headroom and the verified remedies; exits as ``check`` does."""
    verdict, text = _remedies(args, deal_of(args))
    print(text)
    return EXIT[verdict]


def _remedies(args: argparse.Namespace, deal: Deal) -> tuple[Status, str]:
    from ..scenarios import headroom, remedies

    reading = Interpretation.parse(args.interpret)
    report = check(deal, ruleset=args.ruleset, interpretation=reading)
    found = remedies(deal, ruleset=args.ruleset, interpretation=reading, buyer=args.buyer)
    room = headroom(deal, interpretation=reading)
    if args.json:
        data = {
            "deal": deal.name,
            "verdict": str(report.verdict),
            "interpretation": reading.to_dict(),
            "as_of": report.as_of.isoformat(),
            "headroom": room.to_dict(),
            "remedies": [r.to_dict(deal) for r in found],
        }
        return report.verdict, json.dumps(data, indent=2, ensure_ascii=False)
    lines = [
        f"{str(report.verdict).upper()}: {deal.name} (rule set {args.ruleset})",
        "",
        *wrapped(f"Headroom: {room.explanation}"),
    ]
    for holder in room.holders:
        lines += wrapped(f"  - {holder.explanation}", indent="    ")
    violated = [f.rule for f in report if f.status == Status.VIOLATION]
    if not violated:
        lines += ["", "No rule is violated: nothing to remedy."]
    else:
        lines += ["", "Remedies, smallest first for each rule (each verified by a full check):"]
        for rule in violated:
            mine = [r for r in found if r.rule == rule]
            lines.append(f"  {rule}")
            if not mine:
                lines.append("    (no change found that makes it comply)")
            for i, r in enumerate(mine, 1):
                text = f"    {i}. {r.explanation} [verdict after: {r.report.verdict}]"
                lines += wrapped(text, indent="       ")
    lines += [
        "",
        f"Interpretation: {reading}",
        f"Foreign-adversary stake: {format_percent(room.stake)}",
    ]
    return report.verdict, "\n".join(lines)


def wrapped(text: str, *, indent: str = "  ") -> list[str]:
    """``text`` wrapped to the terminal's width (at least 60 columns)."""
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    return textwrap.wrap(text, width, subsequent_indent=indent, break_long_words=False) or [""]
