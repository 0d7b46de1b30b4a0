"""``tiktok-deal presets``, ``rules`` and ``schema``: what the library knows, for people and
scripts."""

from __future__ import annotations

import argparse
import json
import shutil
import textwrap
from typing import Any

from ..law import RULESETS, rules
from ..presets import PRESETS, preset
from ..schema import deal_schema
from .parser import add_json

__all__ = ["register"]


def register(commands: Any) -> None:
    presets = commands.add_parser(
        "presets",
        help="list the built-in presets (--sources: with the public sources of each)",
        description="The reported deal structures, 2020 to 2026, one per line: name and "
        "description. --sources adds the public sources of each preset's figures; --json "
        "gives both.",
    )
    presets.add_argument("--sources", action="store_true",
                         help="list each preset's sources under it")  # fmt: skip
    add_json(presets)
    presets.set_defaults(run=run_presets)

    listing = commands.add_parser(
        "rules",
        help="list the rules: id, citation, title, the statute's words, what each leaves out",
        description="Every rule of a rule set with its citation and the words of the clause.",
    )
    listing.add_argument("--ruleset", choices=list(RULESETS), default="all",
                         help="which rules to list (default: all)")  # fmt: skip
    add_json(listing)
    listing.set_defaults(run=run_rules)

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of the deal file (for editors)",
        description="Print the JSON Schema (draft 2020-12) of a deal file, TOML or JSON, for "
        "editors: tiktok-deal schema > deal.schema.json",
    )
    schema.set_defaults(run=run_schema)


def run_presets(args: argparse.Namespace) -> int:
    deals = {name: preset(name) for name in PRESETS}
    if args.json:
        data = [
            {"name": name, "description": deal.description, "deal": deal.name,
             "as_of": deal.as_of.isoformat() if deal.as_of else None,
             "sources": list(deal.sources)}
            for name, deal in deals.items()
        ]  # fmt: skip
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    width = max(map(len, PRESETS))
    for name, deal in deals.items():
        print(f"{name:<{width}}  {deal.description or deal.name}")
        for item in deal.sources if args.sources else ():
            print(f"{'':<{width}}    - {item}")
    return 0


def run_rules(args: argparse.Namespace) -> int:
    chosen = rules(args.ruleset)
    if args.json:
        print(json.dumps([rule.to_dict() for rule in chosen], indent=2, ensure_ascii=False))
        return 0
    width = max(60, shutil.get_terminal_size((100, 24)).columns)
    for rule in chosen:
        print(f"{rule.id}  [{rule.citation}]\n  {rule.title}")
        for label, text in (("Words", rule.text), ("Quoted from", rule.source),
                            ("Leaves out", rule.leaves_out)):  # fmt: skip
            if text:
                print(textwrap.fill(f"{label}: {text}", width, initial_indent="  ",
                                    subsequent_indent="    "))  # fmt: skip
        print()
    return 0


def run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(deal_schema(), indent=2, ensure_ascii=False))
    return 0
