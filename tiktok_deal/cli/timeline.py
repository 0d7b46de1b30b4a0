"""``tiktok-deal timeline``: where the law's clock stands on a date."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from ..law import timeline
from .parser import add_deal_source, add_json, deal_of, iso_date, natural

__all__ = ["register"]


def register(commands: Any) -> None:
    command = commands.add_parser(
        "timeline",
        help="where the law's clock stands: deadline, non-enforcement orders, penalty caps",
        description="A briefing on PAFACA's clock as of a date. Penalty caps use --users, else "
        f"the deal's us_users, else {timeline.US_USERS:,}.",
    )
    add_deal_source(command)
    command.add_argument("--as-of", metavar="DATE", type=iso_date,
                         help="the date to brief on (YYYY-MM-DD; default: today)")  # fmt: skip
    command.add_argument("--users", metavar="N", type=natural,
                         help="U.S. users for the penalty caps")  # fmt: skip
    add_json(command)
    command.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    users = args.users
    if users is None and (args.file or args.preset or args.bods):
        users = deal_of(args).us_users
    users = timeline.US_USERS if users is None else users
    clock = timeline.status(args.as_of or date.today())
    if args.json:
        print(json.dumps(clock.to_dict(us_users=users), indent=2, ensure_ascii=False))
    else:
        print(clock.briefing(us_users=users))
    return 0
