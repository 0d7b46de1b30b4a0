"""``tiktok-deal explain`` (a stake, route by route), ``diff`` (two deals, or one deal under two
readings, side by side), ``plan`` (the least changes that make a whole deal comply) and
``report`` (a memo for someone who does not code)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..compare import compare
from ..explanation import explain
from ..law import Interpretation
from ..output import output_path
from ..report import check
from .check import EXIT
from .parser import (
    add_deal_source,
    add_interpret,
    add_json,
    add_ruleset,
    deal_of,
    reading_of,
    source,
)

__all__ = ["register"]


def register(commands: Any) -> None:
    breakdown = commands.add_parser(
        "explain",
        help="the foreign-adversary stake, route by route: who holds it and through whom",
        description="The foreign-adversary stake in the target (or --party ID), PAFACA "
        "§2(g)(1)(B), broken down by route: the (A)-person each share traces to, the holdings it "
        "passes through, and the exact share, adding up to the stake. Rows are for the basis that "
        "gives the stake, and for the worst case when facts are unknown; past 50 routes the rest "
        "is one row.",
    )
    add_deal_source(breakdown)
    breakdown.add_argument("--party", metavar="ID", help="another entity than the target")
    add_interpret(breakdown)
    add_json(breakdown)
    breakdown.set_defaults(run=run_explain)

    diff = commands.add_parser(
        "diff",
        help="what differs between two deals, or one deal under two readings",
        description="Compare A and B (each a deal file or preset:NAME): each finding's status and "
        "figure, and the facts that differ. --interpret applies to both; --interpret-a and "
        "--interpret-b to one side (give the same deal twice to compare two readings).",
    )
    diff.add_argument("a", metavar="A", help="a deal file or preset:NAME")
    diff.add_argument("b", metavar="B", help="a deal file or preset:NAME")
    add_interpret(diff)
    for side in ("a", "b"):
        diff.add_argument(
            f"--interpret-{side}",
            action="append",
            default=[],
            metavar="K=V",
            help=f"an interpretation switch for {side.upper()} only (repeatable)",
        )
    add_ruleset(diff)
    add_json(diff)
    diff.set_defaults(run=run_diff)

    plan = commands.add_parser(
        "plan",
        help="the least changes that make the whole deal comply, each plan verified",
        description="Plans of changes — stake sales in whole basis points, seats and officers "
        "reassigned, arrangements ended or made one-time, operations moved — that make every "
        "rule of the rule set comply, under the reading given or (--robust) under every reading; "
        "cheapest first (fewest changes, then stake moved), ties listed. Exits as check does on "
        "the deal as given.",
    )
    add_deal_source(plan)
    add_ruleset(plan)
    add_interpret(plan)
    plan.add_argument("--robust", action="store_true",
                      help="plans that comply under every reading of the switches")  # fmt: skip
    plan.add_argument(
        "--buyer",
        metavar="ID",
        help="who takes sold stakes, seats and officers (default: the largest holder carrying "
        "no foreign-adversary stake, else a new U.S. buyer)",
    )
    add_json(plan)
    plan.set_defaults(run=run_plan)

    memo = commands.add_parser(
        "report",
        help="write a memo (HTML or Markdown): verdict, findings, charts, breakdown, plan",
        description="One self-contained document for a reader who does not code: the verdict, "
        "every finding with its citation and the statute's words, the reading used, the "
        "ownership chart and graph, the stake's breakdown, a plan that makes the deal comply, "
        "the sources. Exits as check does.",
    )
    add_deal_source(memo)
    memo.add_argument("--out", required=True, metavar="FILE", help="FILE.html or FILE.md")
    add_ruleset(memo)
    add_interpret(memo)
    memo.set_defaults(run=run_report)


def run_explain(args: argparse.Namespace) -> int:
    found = explain(deal_of(args), args.party, interpretation=reading_of(args))
    print(json.dumps(found.to_dict(), indent=2) if args.json else found.format())
    return 0


def run_diff(args: argparse.Namespace) -> int:
    both = args.interpret
    reading_a = Interpretation.parse([*both, *args.interpret_a])
    reading_b = Interpretation.parse([*both, *args.interpret_b])
    change = compare(
        source(args.a),
        source(args.b),
        ruleset=args.ruleset,
        interpretation=reading_a,
        interpretation_b=reading_b,
    )
    if args.json:
        print(json.dumps(change.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(change.format())
    return 0


def run_plan(args: argparse.Namespace) -> int:
    from ..scenarios import plan

    found = plan(
        deal_of(args),
        ruleset=args.ruleset,
        interpretation=reading_of(args),
        robust=args.robust,
        buyer=args.buyer,
    )
    if args.json:
        print(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(found.format())
    return EXIT[found.verdict_before]


def run_report(args: argparse.Namespace) -> int:
    from ..memos import write_memo

    output_path(args.out, suffixes=(".html", ".md"))  # before any work
    report = check(deal_of(args), ruleset=args.ruleset, interpretation=reading_of(args))
    out = write_memo(report, args.out)
    print(f"memo written to {out} ({report.verdict})")
    return EXIT[report.verdict]
