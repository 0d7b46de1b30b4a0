"""Benchmark of the scenario engine (issue 4) against the per-deal exact loop, in one run.

    python benchmarks/bench_scenarios.py [--quick]

Measures, on a 10-party deal under the full ``pafaca`` rule set:

1. evaluation only: the vectorized path (batches of pre-drawn scenarios) against the exact path
   (``check`` on each scenario's deal, the per-deal loop), scenarios per second and their ratio;
   once with stake levers only (one structure), once with non-stake levers too (6 structures);
2. Monte Carlo end to end (sampling, evaluation, DataFrame) for 10^7 scenarios;
3. a streamed sweep to Parquet (10^8 scenarios; 10^7 with ``--quick``) in a child process, its
   peak memory (max RSS) and time.

Targets: ≥ 20 million scenarios/s and ≥ 100× the loop; 10^7 end to end ≤ 10 s; the 10^8 stream
under 2 GiB. Timings, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
from tiktok_deal.scenarios.evaluate import Evaluator
from tiktok_deal.scenarios.sampling import Plan, draw

CHUNK = 1 << 20


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


def stake_space() -> Space:
    return Space(
        ten_party_deal(),
        [
            StakeLever(holder="bytedance", values=Uniform(low="0%", high="40%")),
            DirichletStakes(holders=("oracle", "silver-lake", "mgx")),
        ],
    )


def mixed_space() -> Space:
    return Space(
        ten_party_deal(),
        [
            StakeLever(holder="bytedance", values=Uniform(low="0%", high="40%")),
            DirichletStakes(holders=("oracle", "silver-lake", "mgx")),
            ArrangementLever(kind="algorithm_license", counterparty="bytedance"),
            SwitchLever(key="lookthrough", values=("multiply", "control")),
        ],
    )


def evaluation_rate(space: Space, rows: int) -> tuple[float, int]:
    """Scenarios/s of the vectorized path on pre-drawn batches (output buffers reused)."""
    plan = Plan(method="random", samples=rows, seed=1)
    batches = [draw(space, plan, lo, min(lo + CHUNK, rows)) for lo in range(0, rows, CHUNK)]
    evaluator = Evaluator(space)
    out = (np.empty((6, CHUNK), dtype=np.int8), np.empty(CHUNK))
    evaluator.evaluate(batches[0], out=out)  # compile the structures once, outside the timing
    best = 0.0
    for _ in range(3):
        started = time.perf_counter()
        for batch in batches:
            evaluator.evaluate(batch, out=out)
        best = max(best, rows / (time.perf_counter() - started))
    return best, evaluator.exact_rows


def loop_rate(space: Space, rows: int) -> float:
    """Scenarios/s of the per-deal exact loop: the scenario's deal, then ``check``."""
    plan = Plan(method="random", samples=rows, seed=2)
    batch = draw(space, plan, 0, rows)
    evaluator = Evaluator(space, exact=True)
    started = time.perf_counter()
    evaluator.evaluate(batch)
    return rows / (time.perf_counter() - started)


def end_to_end(space: Space, rows: int) -> tuple[float, int]:
    started = time.perf_counter()
    frame = sweep(space, samples=rows, seed=3, progress=False)
    seconds = time.perf_counter() - started
    assert len(frame) == rows
    return seconds, int(frame.memory_usage(deep=False).sum())


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
    loop_rows = 300 if quick else 2000
    mc_rows = 10**6 if quick else 10**7
    stream_rows = 10**7 if quick else 10**8

    print(
        f"Scenario engine benchmark ({'quick' if quick else 'full'}), Python "
        f"{platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs"
    )
    print("10-party deal, rule set pafaca (6 rules), default interpretation unless varied\n")
    rows = []
    loop = loop_rate(stake_space(), loop_rows)
    for label, space in (
        ("stake levers (1 structure)", stake_space()),
        ("stake + arrangement + lookthrough (6 structures)", mixed_space()),
    ):
        rate, _exact = evaluation_rate(space, eval_rows)
        rows.append(
            (
                f"vectorized eval, {label}",
                f"{rate / 1e6:,.1f} M scenarios/s",
                f"{rate / loop:,.0f}× the loop",
                "≥ 20 M/s, ≥ 100×",
                "met" if rate >= 20e6 and rate / loop >= 100 else "NOT met",
            )
        )
    rows.insert(0, ("per-deal exact loop (baseline)", f"{loop:,.0f} scenarios/s", "1×", "", ""))
    seconds, memory = end_to_end(mixed_space(), mc_rows)
    rows.append(
        (
            f"Monte Carlo end to end, {mc_rows:,} scenarios",
            f"{seconds:.2f} s",
            f"{mc_rows / seconds / 1e6:,.1f} M/s; frame {memory / 2**20:,.0f} MiB",
            "10^7 in ≤ 10 s",
            "met" if mc_rows < 10**7 or seconds <= 10 else "NOT met",
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
        print("\n(--quick: smaller sizes; the 10^7 / 10^8 targets are measured without it)")


if __name__ == "__main__":
    main()
