"""Large deal files, loaded and checked, against Python just parsing their JSON.

    python benchmarks/bench_loading.py [--entities N ...] [--texts percent mixed] [--runs R]
                                       [--quick]

Each measure is a whole process, started cold (its imports paid, nothing warmed in it):

* ``json.load`` — ``python -c "import json; json.load(open(F))"``, the baseline;
* ``load`` — ``tiktok_deal.load(F)``: parsing, validation, the columns;
* ``load + check`` — ``tiktok_deal.check(tiktok_deal.load(F))``, end to end.

The three run in turn, round after round (after one round that is not counted, which also brings
the file into the page cache), so a machine whose speed drifts slows all of them alike. Printed:
the median wall time and the median peak memory (the process's own, from ``wait4``) of each, and
the median of the per-round ratios to ``json.load`` — medians, not best-of runs. Targets: load and
check within 8× the parse's time, and at 10^6 entities a peak at most 1.5× the parse's.

Deal files come from ``random_deal.py``: ``percent`` writes every stake as a whole percentage;
``mixed`` writes them as percentages, ``p/q`` fractions (many distinct denominators) and decimal
texts. Defaults: 10^5 and 10^6 entities, both kinds of text, 5 rounds; ``--quick``: 10^4 entities,
percentages, 3 rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from random_deal import write

TIME_TARGET = 8.0
MEMORY_TARGET = 1.5
MEMORY_AT = 1_000_000  # the peak-memory target is set for this size

COMMANDS = {
    "json.load": "import json; json.load(open({path!r}, encoding='utf-8'))",
    "load": "import tiktok_deal as td; td.load({path!r})",
    "load + check": (
        "import tiktok_deal as td; r = td.check(td.load({path!r}));"
        "f = r['pafaca.fa_ownership']; print(r.verdict, f.status, float(f.value))"
    ),
}


def measure(
    path: Path, runs: int, timeout: float, commands: dict[str, str]
) -> dict[str, dict[str, list[float]]]:
    figures: dict[str, dict[str, list[float]]] = {
        name: {"seconds": [], "peak": [], "ratio": [], "peak_ratio": []} for name in commands
    }
    outputs = set()
    for round_ in range(runs + 1):
        this_round = {name: timed(code.format(path=str(path)), timeout)
                      for name, code in commands.items()}  # fmt: skip
        outputs.add(this_round.get("load + check", (0, 0, "not run"))[2])
        if round_ == 0:
            continue  # the warm-up round: page cache, nothing counted
        base_seconds, base_peak, _ = this_round["json.load"]
        for name, (seconds, peak, _) in this_round.items():
            figures[name]["seconds"].append(seconds)
            figures[name]["peak"].append(peak)
            figures[name]["ratio"].append(seconds / base_seconds)
            figures[name]["peak_ratio"].append(peak / base_peak)
    if len(outputs) != 1:
        raise SystemExit(f"the check gave different results in different runs: {outputs}")
    print(f"  check: {outputs.pop()}")
    return figures


def timed(code: str, timeout: float) -> tuple[float, float, str]:
    """Wall seconds, peak MiB and output of one fresh process (``wait4`` gives its own peak)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=err)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.kill()
                raise SystemExit(f"timed out after {timeout:.0f} s: {code}")
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"failed ({child.returncode}): {code}\n{err.read()}")
        return seconds, usage.ru_maxrss / 1024, out.read().strip()


def report(n: int, texts: str, stakes: int, figures: dict[str, dict[str, list[float]]]) -> None:
    rounds = len(figures["load"]["seconds"])
    print(f"{n:,} entities, {stakes:,} stakes as {texts} texts, {rounds} rounds")
    print(f"{'measure':<16}{'median s':>10}{'× json.load':>13}{'peak MiB':>10}{'× json.load':>13}")
    for name, values in figures.items():
        print(
            f"{name:<16}{statistics.median(values['seconds']):>10.2f}"
            f"{statistics.median(values['ratio']):>12.2f}×"
            f"{statistics.median(values['peak']):>10.0f}"
            f"{statistics.median(values['peak_ratio']):>12.2f}×"
        )
    for name in [name for name in ("load", "load + check") if name in figures]:
        ratio = statistics.median(figures[name]["ratio"])
        verdict = "met" if ratio <= TIME_TARGET else "NOT met"
        line = f"{name}: {ratio:.2f}× the parse's time, target ≤ {TIME_TARGET:g}×: {verdict}"
        if n >= MEMORY_AT:
            peak = statistics.median(figures[name]["peak_ratio"])
            met = "met" if peak <= MEMORY_TARGET else "NOT met"
            line += f"; peak {peak:.2f}× the parse's, target ≤ {MEMORY_TARGET:g}×: {met}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entities", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--texts", nargs="+", choices=["percent", "mixed"],
                        default=["percent", "mixed"])  # fmt: skip
    parser.add_argument("--runs", type=int, default=5, help="counted rounds (default 5)")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for one process")
    parser.add_argument("--quick", action="store_true", help="10^4 entities, percentages, 3 rounds")
    parser.add_argument("--load-only", action="store_true", help="leave out load + check")
    args = parser.parse_args()
    if args.quick:
        args.entities, args.texts, args.runs = [10_000], ["percent"], 3
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {args.runs} rounds")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.entities:
            for texts in args.texts:
                path = write(Path(folder) / f"deal-{n}-{texts}.json", n, texts=texts)
                stakes = len(json.loads(path.read_text())["stakes"])
                print(f"\n{path.name}: {path.stat().st_size / 2**20:.0f} MiB", flush=True)
                commands = {k: v for k, v in COMMANDS.items()
                            if not (args.load_only and k == "load + check")}  # fmt: skip
                report(n, texts, stakes, measure(path, args.runs, args.timeout, commands))
                path.unlink()


if __name__ == "__main__":
    main()
