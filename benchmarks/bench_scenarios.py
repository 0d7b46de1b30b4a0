"""Benchmark of the scenario engine against the object loop, in one run.

    python benchmarks/bench_scenarios.py [--quick]

A scenario counts when its values are drawn, every rule of the rule set is decided for it (each
rule by its own clause, on arrays) and the results sit in arrays; building a DataFrame is timed
apart. Each figure is the median of several runs (wall clock), on a 10-party deal shaped like the
2026 joint venture under the full ``pafaca`` rule set (7 rules), against the object loop — the
scenario's deal built and ``check`` run on it — in the same run:

1. one stake lever drawn uniformly (one structure): target ≥ 50 M scenarios/s;
2. the six-structure mixed space — that stake lever, an arrangement lever (absent / ongoing /
   one-time) and the look-through (multiply / control): target ≥ 15 M/s;
3. the stake lever on a deal where another stake is known only as a range (MGX 15–30 %, so the
   worst world differs from the best): target ≥ 5 M/s;
4. Dirichlet draws of three holders with the stake lever (informative: gamma variates cost);
5. ``sweep`` into a DataFrame end to end (sampling, deciding, the frame), 10^7 scenarios;
6. a streamed sweep to Parquet (10^8; 10^7 with ``--quick``) in a child process: its peak memory.

Timings, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import attrs
import numpy as np

from tiktok_deal import Arrangement, Deal, Party, Seat, Stake
from tiktok_deal.scenarios import (
    ArrangementLever,
    DirichletStakes,
    Space,
    StakeLever,
    SwitchLever,
    Uniform,
    sweep,
)
from tiktok_deal.scenarios.batch import Evaluator
from tiktok_deal.scenarios.sampling import Plan, draw

CHUNK = 1 << 18


def ten_party_deal() -> Deal:
    """The 2026 joint venture's shape with ten parties: ByteDance 19.9 %, TikTok Ltd. (100 %
    ByteDance), and eight non-adversary holders; seven seats; five arrangements."""
    us = {"organized_in": "US", "headquartered_in": "US"}
    parties = [
        Party(id="jv", name="Joint venture", **us),
        Party(id="bytedance", name="ByteDance", organized_in="KY", headquartered_in="CN"),
        Party(id="tiktok-ltd", name="TikTok Ltd.", organized_in="KY", headquartered_in="SG"),
        Party(id="oracle", name="Oracle", **us),
        Party(id="silver-lake", name="Silver Lake", **us),
        Party(id="mgx", name="MGX", organized_in="AE", headquartered_in="AE"),
        Party(id="dell", name="Dell Family Office", **us),
        Party(id="njj", name="NJJ Capital", organized_in="FR", headquartered_in="FR"),
        Party(id="existing", name="Existing investors", **us),
        Party(id="tpg", name="TPG", **us),
    ]
    held = {
        "oracle": "15%",
        "silver-lake": "15%",
        "mgx": "15%",
        "dell": "3%",
        "njj": "2%",
        "existing": "30.1%",
        "bytedance": "19.9%",
    }
    stakes = [Stake(holder=h, of="jv", equity=e) for h, e in held.items()]
    stakes.append(Stake(holder="bytedance", of="tiktok-ltd", equity="100%"))
    board = [
        Seat(appointed_by=p)
        for p in ("bytedance", "tpg", "existing", "silver-lake", "jv", "oracle", "mgx")
    ]
    arrangements = [
        Arrangement(kind="algorithm_license", counterparty="bytedance"),
        Arrangement(kind="commercial_services", counterparty="tiktok-ltd"),
        Arrangement(kind="interoperability", counterparty="tiktok-ltd"),
        Arrangement(kind="hosting", counterparty="oracle"),
        Arrangement(kind="security_partner", counterparty="oracle"),
    ]
    return Deal(
        name="ten parties",
        target="jv",
        parties=parties,
        stakes=stakes,
        board=board,
        arrangements=arrangements,
        formerly_affiliated=("bytedance", "tiktok-ltd"),
        export_licence="granted",
    )


BYTEDANCE = StakeLever(holder="bytedance", values=Uniform(low="0%", high="40%"))


def one_lever() -> Space:
    return Space(ten_party_deal(), [BYTEDANCE])


def mixed_space() -> Space:
    return Space(
        ten_party_deal(),
        [
            BYTEDANCE,
            ArrangementLever(kind="algorithm_license", counterparty="bytedance"),
            SwitchLever(key="lookthrough", values=("multiply", "control")),
        ],
    )


def ranged_space() -> Space:
    deal = ten_party_deal()
    stakes = [
        attrs.evolve(s, equity_max=Fraction(3, 10)) if s.holder == "mgx" else s
        for s in deal.stakes
    ]
    return Space(attrs.evolve(deal, stakes=stakes), [BYTEDANCE])


def dirichlet_space() -> Space:
    return Space(
        ten_party_deal(), [BYTEDANCE, DirichletStakes(holders=("oracle", "silver-lake", "mgx"))]
    )


def median(values: list[float]) -> float:
    return float(np.median(values))


def evaluation_rate(space: Space, rows: int, runs: int) -> tuple[float, int]:
    """Median scenarios/s: every row drawn, every rule decided, into reused arrays."""
    plan = Plan(method="random", samples=rows, seed=1)
    evaluator = Evaluator(space)
    n_rules = len(evaluator.rule_ids)
    out = (np.empty((n_rules, CHUNK), dtype=np.int8), np.empty(CHUNK))
    evaluator.evaluate(draw(space, plan, 0, CHUNK), out=out)  # compile the structures once
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for lo in range(0, rows, CHUNK):
            evaluator.evaluate(draw(space, plan, lo, min(lo + CHUNK, rows)), out=out)
        rates.append(rows / (time.perf_counter() - started))
    return median(rates), evaluator.exact_rows


def loop_rate(space: Space, rows: int, runs: int) -> float:
    """Median scenarios/s of the object loop: each scenario's deal built, then the rules run on
    it exactly (what ``check`` does), no cache."""
    plan = Plan(method="random", samples=rows, seed=2)
    rates = []
    for _ in range(runs):
        evaluator = Evaluator(space, exact=True)
        started = time.perf_counter()
        evaluator.evaluate(draw(space, plan, 0, rows))
        rates.append(rows / (time.perf_counter() - started))
    return median(rates)


def end_to_end(space: Space, rows: int, runs: int) -> tuple[float, int]:
    """Median seconds of ``sweep`` into one DataFrame, and the frame's size."""
    times, size = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        frame = sweep(space, samples=rows, seed=3, progress=False, chunk_size=CHUNK)
        times.append(time.perf_counter() - started)
        assert len(frame) == rows
        size = int(frame.memory_usage(deep=False).sum())
        del frame
    return median(times), size


CHILD = """
import resource, sys
sys.path.insert(0, sys.argv[3])
from bench_scenarios import mixed_space
from tiktok_deal.scenarios import sweep_to_file
summary = sweep_to_file(mixed_space(), sys.argv[2], samples=int(sys.argv[1]), seed=5,
                        progress=False)
try:  # the new image's own high-water mark (ru_maxrss would include the parent's, from fork)
    status = open("/proc/self/status").read()
    peak = int(status.split("VmHWM:")[1].split()[0])
except (OSError, IndexError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(summary.seconds, peak)
"""


def stream(rows: int) -> tuple[float, float, int]:
    """Seconds, peak RSS (GiB, the child's VmHWM) and file size of a streamed Parquet sweep, in a
    child process of its own."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "sweep.parquet"
        here = str(Path(__file__).resolve().parent)
        result = subprocess.run(
            [sys.executable, "-c", CHILD, str(rows), str(out), here],
            capture_output=True,
            text=True,
            check=True,
        )
        size = out.stat().st_size
    seconds, peak_kib = result.stdout.split()
    return float(seconds), int(peak_kib) / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, under a minute")
    quick = parser.parse_args().quick
    eval_rows = 4 * CHUNK if quick else 16 * CHUNK
    runs = 3 if quick else 5
    loop_rows = 200 if quick else 1000
    mc_rows = 10**6 if quick else 10**7
    stream_rows = 10**7 if quick else 10**8

    print(
        f"Scenario engine benchmark ({'quick' if quick else 'full'}), Python "
        f"{platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs; medians "
        f"of {runs} runs, wall clock"
    )
    print("10-party deal, rule set pafaca (7 rules, each decided per scenario)\n")
    loop = loop_rate(mixed_space(), loop_rows, runs)
    rows = [("object loop (baseline): deal + exact rules", f"{loop:,.0f} scenarios/s", "1×", "",
             "")]  # fmt: skip
    for label, space, target in (
        ("one stake lever, uniform (1 structure)", one_lever(), 50e6),
        ("six structures: stake, arrangement, look-through", mixed_space(), 15e6),
        ("a stake known as a range, and the stake lever", ranged_space(), 5e6),
        ("Dirichlet of three holders, and the stake lever", dirichlet_space(), None),
    ):
        rate, exact = evaluation_rate(space, eval_rows, runs)
        rows.append(
            (
                label,
                f"{rate / 1e6:,.1f} M scenarios/s",
                f"{rate / loop:,.0f}× the loop; {exact} rows exact",
                "" if target is None else f"≥ {target / 1e6:.0f} M/s",
                "" if target is None else ("met" if rate >= target else "NOT met"),
            )
        )
    seconds, memory = end_to_end(mixed_space(), mc_rows, 1 if quick else 3)
    rows.append(
        (
            f"sweep into a DataFrame, {mc_rows:,} scenarios",
            f"{seconds:.2f} s",
            f"{mc_rows / seconds / 1e6:,.1f} M/s with the frame; {memory / 2**20:,.0f} MiB",
            "",
            "",
        )
    )
    seconds, peak, size = stream(stream_rows)
    rows.append(
        (
            f"streamed to Parquet, {stream_rows:,} scenarios",
            f"{seconds:.1f} s",
            f"peak RSS {peak:.2f} GiB; file {size / 2**20:,.0f} MiB",
            "10^8 < 2 GiB",
            "met" if peak < 2 else "NOT met",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    header = ("measure", "figure", "ratio / detail", "target", "")
    widths = [max(w, len(h)) for w, h in zip(widths, header, strict=True)]
    for row in (header, tuple("-" * w for w in widths), *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if quick:
        print("\n(--quick: smaller sizes; the 10^7 / 10^8 figures are measured without it)")


if __name__ == "__main__":
    main()
