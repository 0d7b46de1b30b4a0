"""Check a deal against PAFACA: the report, the headroom to the 20 % line, the remedies, and a
picture of who owns what.

    python examples/check_a_deal.py                          # the 2026 joint venture
    python examples/check_a_deal.py my-deal.toml             # a deal file (TOML or JSON)
    python examples/check_a_deal.py framework-2025 --interpret license_is_cooperation=never

The ownership chart is saved next to the deal file (``my-deal-ownership.png``), or for a preset
in the current directory; ``--out`` chooses another place. The exit status is the command line's:
0 compliant, 1 violation, 3 indeterminate, 2 bad input.

A starting point: copy it and change what it prints. It uses only the public API —
``tiktok_deal.check``, ``tiktok_deal.scenarios.headroom`` and ``remedies``,
``tiktok_deal.plotting.ownership`` — and needs ``pip install "tiktok-deal[plot]"``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

import tiktok_deal as td
from tiktok_deal import plotting
from tiktok_deal.scenarios import headroom, remedies

matplotlib.use("Agg")  # draw to a file, never a window
EXIT = {"compliant": 0, "violation": 1, "indeterminate": 3}


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Check a deal against PAFACA: print the report, the headroom to the 20 % "
        "line and the remedies, and save a chart of who owns the target.",
        epilog=f"Presets: {', '.join(td.PRESETS)}.",
    )
    parser.add_argument(
        "deal",
        nargs="?",
        default="joint-venture-2026",
        help="a deal file (.toml or .json) or the name of a preset (default: joint-venture-2026)",
    )
    parser.add_argument(
        "--interpret",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a reading of the statute, e.g. lookthrough=control (repeatable)",
    )
    parser.add_argument("--out", type=Path, help="where to save the ownership chart (.png or .svg)")
    return parser.parse_args(argv)


def load(name: str) -> tuple[td.Deal, Path]:
    """The deal, and the chart's default path: next to the file, or here for a preset."""
    path = Path(name)
    if path.is_file():
        return td.load(path), path.with_name(f"{path.stem}-ownership.png")
    if name in td.PRESETS:
        return td.preset(name), Path(f"{name}-ownership.png")
    raise td.DealError(f"{name}: no such file, and not a preset ({', '.join(td.PRESETS)})")


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    try:
        deal, chart = load(args.deal)
        reading = td.Interpretation.parse(args.interpret)
    except td.DealError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2

    # 1. The report: one finding per clause, each with its citation and a sentence saying why.
    report = td.check(deal, interpretation=reading)
    print(report)

    # 2. How far the foreign-adversary stake is from the 20 % line (PAFACA §2(g)(1)(B)).
    room = headroom(deal, interpretation=reading)
    print(f"\nHeadroom: {room.explanation}")
    for holder in room.holders:
        print(f"  - {holder.explanation}")

    # 3. The smallest changes that fix each violation, each verified by checking again.
    fixes = remedies(deal, interpretation=reading)
    if fixes:
        print("\nRemedies, smallest first within each rule:")
        for fix in fixes:
            print(f"  {fix.rule}: {fix.explanation} [verdict after: {fix.report.verdict}]")
    elif report.verdict == "violation":
        print("\nNo single change found that fixes a violation.")

    # 4. Who owns what, as a picture.
    out = args.out or chart
    ax = plotting.ownership(report)
    ax.figure.savefig(out, dpi=150, bbox_inches="tight")
    plt.close(ax.figure)
    print(f"\nOwnership chart: {out}")
    return EXIT[str(report.verdict)]


if __name__ == "__main__":
    sys.exit(main())
