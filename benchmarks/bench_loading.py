"""A deal file of 10^5 entities checked end to end, against Python just parsing its JSON.

Target (issue 5): at most 20x the parse. Imports (scipy's included) are warmed first: they are
paid once per process, not per deal. Run: python benchmarks/bench_loading.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import scipy.sparse  # noqa: F401  (warm the import the numeric look-through uses)

import tiktok_deal as td

sys.path.insert(0, str(Path(__file__).parent))
from random_deal import write


def best_of(runs: int, work: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10^4 entities, one run")
    args = parser.parse_args()
    n, runs = (10_000, 1) if args.quick else (100_000, 3)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "deal.json", n)
        td.check(td.load(path))  # warm up
        parse = best_of(runs, lambda: json.loads(path.read_text()))
        load = best_of(runs, lambda: td.load(path))
        deal = td.load(path)
        check = best_of(runs, lambda: td.check(deal))
        total = best_of(runs, lambda: td.check(td.load(path)))
    stake = td.check(deal)["pafaca.fa_ownership"]
    print(f"{'measure':<44}{'seconds':>10}{'ratio to parse':>16}")
    rows = [
        ("json.loads (baseline)", parse),
        ("tiktok_deal.load", load),
        ("tiktok_deal.check", check),
        ("load + check, end to end", total),
    ]
    for name, seconds in rows:
        print(f"{name:<44}{seconds:>10.3f}{seconds / parse:>15.1f}x")
    verdict = "met" if total / parse <= 20 else "NOT met"
    print(f"\n{n:,} entities, {len(deal.stakes):,} stakes; target ≤ 20x the parse: {verdict}")
    print(f"foreign-adversary stake of the target: {float(stake.value):.12f} ({stake.status})")


if __name__ == "__main__":
    main()
