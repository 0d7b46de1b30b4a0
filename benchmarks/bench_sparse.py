"""Benchmark of the sparse look-through (``tiktok_deal.sparse``) against its baselines, in one run.

    python benchmarks/bench_sparse.py [--quick]

Measures, on seeded random ownership graphs with cycles (``random_ownership``):

1. 10^6 entities and 2·10^6 stakes: every entity's foreign-adversary stake with its error bound,
   under ``multiply`` and ``control``; time and peak memory (tracemalloc: what the call allocates);
2. the same graph with a tight 98 %/98 % cross-holding added, checked against its exact value;
3. a graph where 40 % of the entities form one strongly connected component;
4. scipy's ``spsolve`` on the whole system (I - W·D) x = W·s at 10^5 entities (in a child process
   with a time limit; if it runs out, timed at smaller sizes and extrapolated, said so);
5. path enumeration with networkx (``all_simple_paths``, products along each path) at 10^3
   entities, the naive baseline, and where it is wrong: simple paths never go round a cycle twice;
6. a 10^5-deep chain, the worst case for the level-by-level pass (depth costs ~15 µs a level).

Targets: (1) ≤ 1 s and ≤ 1 GiB; (2), (3) ≤ 2 s; (4) ≥ 1000× faster than spsolve.
``--quick`` (CI smoke, < 30 s) uses 10^5 entities for (1)-(3) and extrapolates (4).
Wall and CPU (process) time are both given, the best of a few runs: on a shared machine the wall
clock also counts other work. Timings, not tests: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import multiprocessing as mp
import os
import platform
import resource
import time
import tracemalloc
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy
import scipy.sparse as sps
from scipy.sparse.csgraph import connected_components
from scipy.sparse.linalg import spsolve

from tiktok_deal.sparse import Method, SparseLookthrough, lookthrough, near_threshold

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Graph = tuple[int, Ints, Ints, Floats, Floats, npt.NDArray[np.bool_]]


def random_ownership(
    n: int,
    m: int,
    *,
    seed: int,
    group: int = 20,
    back_frac: float = 0.03,
    scc_frac: float = 0.0,
    source_frac: float = 0.01,
) -> Graph:
    """A seeded random ownership graph: ``n`` entities, ``m`` stakes, cycles.

    Entities sit in corporate groups of ``group``. Half the stakes come from an earlier member
    of the same group, half from an entity of an earlier group; ``back_frac`` of them go back up
    inside a group (cross-holdings: cycles of up to ``group`` entities). With ``scc_frac``, a ring
    through the first groups makes that fraction of all entities one strongly connected
    component. The named holders of an entity own Uniform(0.2, 1) of it between them (the rest
    is dispersed); in 10 % of entities the largest holder has 60 % of the votes (dual class);
    ``source_frac`` of the entities are foreign-adversary persons.
    """
    rng = np.random.default_rng(seed)
    node = rng.permutation(n)  # entity at each slot; slot s is in group s // group
    n_back, n_ring = int(m * back_frac), int(n * scc_frac)
    n_fwd = int((m - n_back - n_ring) * 1.06)  # some draws are dropped below
    n_cross = n_fwd // 2
    he = rng.integers(0, n, n_fwd - n_cross)
    off = he % group
    he, off = he[off > 0], off[off > 0]
    hh = he - 1 - (rng.random(he.size) * off).astype(np.int64)
    ce = rng.integers(group, n, n_cross)
    ch = (rng.random(n_cross) * (ce // group * group)).astype(np.int64)
    be = rng.integers(0, n, n_back)
    boff, gsz = be % group, np.minimum(group, n - be // group * group)
    ok = boff < gsz - 1
    be, boff, gsz = be[ok], boff[ok], gsz[ok]
    bh = be + 1 + (rng.random(be.size) * (gsz - 1 - boff)).astype(np.int64)
    hr, er = np.concatenate([hh, ch, bh]), np.concatenate([he, ce, be])
    pick = np.sort(rng.permutation(hr.size)[: m - n_ring])
    ring = np.arange(n_ring)
    hr = np.concatenate([hr[pick], ring])
    er = np.concatenate([er[pick], np.roll(ring, -1)])
    holder, held = node[hr], node[er]
    raw = rng.exponential(size=holder.size)
    share = rng.uniform(0.2, 1.0, n)
    weight = raw / np.bincount(held, raw, n)[held] * share[held]
    votes = weight.copy()
    dual = rng.random(n) < 0.1
    order = np.lexsort((-weight, held))
    top = order[np.diff(held[order], prepend=-1) != 0]  # each entity's largest holder
    top = top[dual[held[top]]]
    scale = np.where(dual, 0.4 / np.maximum(np.bincount(held, votes, n), 1e-300), 1.0)
    votes = np.minimum(votes * scale[held], votes)
    votes[top] = 0.6
    sources = rng.random(n) < source_frac
    return n, holder, held, weight, votes, sources


def with_tight_pair(g: Graph) -> tuple[Graph, int]:
    """Add a source S, A and B holding 98 % of each other, S holding the other 2 % of A, and A
    holding 15 % of a new entity T. Exactly: x_A = 0.02 / (1 - 0.98²) = 50/99."""
    n, holder, held, weight, votes, sources = g
    s, a, b, t = n, n + 1, n + 2, n + 3
    extra_h, extra_e = np.array([s, a, b, a]), np.array([a, b, a, t])
    extra_w = np.array([0.02, 0.98, 0.98, 0.15])
    return (
        n + 4,
        np.concatenate([holder, extra_h]),
        np.concatenate([held, extra_e]),
        np.concatenate([weight, extra_w]),
        np.concatenate([votes, extra_w]),
        np.concatenate([sources, [True, False, False, False]]),
    ), a


def run(g: Graph, method: Method = "multiply") -> SparseLookthrough:
    n, holder, held, weight, votes, sources = g
    return lookthrough(n, holder, held, weight, votes=votes, sources=sources, method=method)


def best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Best wall and CPU time of ``repeat`` calls, and the last result."""
    walls, cpus, out = [], [], None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return min(walls), min(cpus), out


def traced_peak(fn: Callable[[], Any]) -> int:
    """Peak bytes allocated while ``fn`` runs (numpy and scipy arrays included)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak - base


def structure(g: Graph) -> str:
    n, holder, held, weight, _, sources = g
    keep = ~sources[holder]
    graph = sps.csr_array((weight[keep], (held[keep], holder[keep])), shape=(n, n))
    _, label = connected_components(graph, directed=True, connection="strong")
    size = np.bincount(label)
    cyc = size[size > 1]
    return f"{cyc.size} cycles, {cyc.sum()} entities in them, largest {size.max()}"


def linear_system(g: Graph) -> tuple[Any, Floats]:
    """(I - W·D), W·s for multiply: the whole system, as spsolve would be given it."""
    n, holder, held, weight, _, sources = g
    w = sps.csr_array((weight, (held, holder)), shape=(n, n))
    b = w @ sources.astype(np.float64)
    a = sps.eye_array(n, format="csc") - (w @ sps.diags_array((~sources).astype(np.float64)))
    return a.tocsc(), b


def _spsolve_child(n: int, seed: int, conn: Any) -> None:
    a, b = linear_system(random_ownership(n, 2 * n, seed=seed))
    t0 = time.perf_counter()
    x = spsolve(a, b)
    conn.send((time.perf_counter() - t0, x))


def time_spsolve(n: int, seed: int, limit: float) -> tuple[float, Floats] | None:
    """spsolve's time on the whole system in a child process, or None past ``limit`` seconds."""
    ctx = mp.get_context("fork")
    here, there = ctx.Pipe()
    child = ctx.Process(target=_spsolve_child, args=(n, seed, there))
    child.start()
    got = here.poll(limit + 60)  # generation time on top of the limit
    if not got:
        child.kill()
        child.join()
        return None
    out: tuple[float, Floats] = here.recv()
    child.join()
    return out


def path_enumeration(g: Graph, limit: float) -> tuple[Floats, int, bool]:
    """Stakes as the sum over simple paths from each source of the products of the weights."""
    import networkx as nx

    n, holder, held, weight, _, sources = g
    graph = nx.DiGraph()
    for h, e, w in zip(holder.tolist(), held.tolist(), weight.tolist(), strict=True):
        old = graph.get_edge_data(h, e, {"w": 0.0})["w"]
        graph.add_edge(h, e, w=old + w)
    x = np.zeros(n)
    paths, deadline = 0, time.perf_counter() + limit
    srcs = [s for s in np.flatnonzero(sources).tolist() if s in graph]
    for s in srcs:
        sub = graph.copy()  # tracing stops at the other sources: nothing passes through them
        sub.remove_edges_from([edge for o in srcs if o != s for edge in list(sub.out_edges(o))])
        for path in nx.all_simple_paths(sub, s, [u for u in sub.nodes if u != s]):
            x[path[-1]] += float(np.prod([sub[u][v]["w"] for u, v in itertools.pairwise(path)]))
            paths += 1
            if paths % 1000 == 0 and time.perf_counter() > deadline:
                return x, paths, False
    return x, paths, True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a CI smoke run")
    args = parser.parse_args()
    quick = args.quick
    big = 10**5 if quick else 10**6
    repeat = 2 if quick else 3
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    started = time.perf_counter()
    load = os.getloadavg()[0]

    def row(case: str, wall: float, cpu: float, target: str, other: str = "") -> None:
        rows.append((case, f"{wall:.3f}", f"{cpu:.3f}", target, other))

    # 1. The large graph.
    g = random_ownership(big, 2 * big, seed=1)
    notes.append(f"(1) graph: {big:,} entities, {2 * big:,} stakes; {structure(g)}")
    methods: tuple[Method, ...] = ("multiply", "control")
    for method in methods:
        wall, cpu, r = best_of(functools.partial(run, g, method), repeat)
        flagged = int(near_threshold(r).sum())
        ok = "≤ 1 s" if method == "multiply" else "(no target)"
        row(
            f"{big:,} entities, {method}",
            wall,
            cpu,
            ok,
            f"max bound {r.error_bound.max():.1e}; {flagged} near 20 %",
        )
    peak = traced_peak(lambda: run(g))
    mib = f"{peak / 2**20:,.0f} MiB"
    rows.append((f"  peak memory, {big:,}, multiply", "", "", "≤ 1 GiB", mib))

    # 2. A tight cross-holding inside it.
    tight, a = with_tight_pair(g)
    wall, cpu, r = best_of(lambda: run(tight), repeat)
    exact = Fraction(50, 99)
    err = abs(Fraction(float(r.stake[a])) - exact)
    inside = err <= Fraction(float(r.error_bound[a]))
    row(
        f"{big:,} + 98 %/98 % pair",
        wall,
        cpu,
        "≤ 2 s",
        f"x_A error {float(err):.1e} ≤ bound {r.error_bound[a]:.1e}: {inside}",
    )

    # 3. One big strongly connected component.
    g40 = random_ownership(big, 2 * big, seed=2, scc_frac=0.4)
    notes.append(f"(3) graph: {structure(g40)}")
    for method in methods:
        wall, cpu, r = best_of(functools.partial(run, g40, method), repeat)
        row(
            f"{big:,}, 40 % in one SCC, {method}",
            wall,
            cpu,
            "≤ 2 s" if method == "multiply" else "(no target)",
            f"max bound {r.error_bound.max():.1e}",
        )

    # 4. spsolve on the whole system.
    ns = 10**5
    gs = g if big == ns else random_ownership(ns, 2 * ns, seed=1)
    wall_l, cpu_l, r = best_of(lambda: run(gs), repeat)
    row(f"{ns:,} entities, multiply", wall_l, cpu_l, "", "(the spsolve comparison)")
    limit = 0.0 if quick else 1200.0
    full = time_spsolve(ns, 1, limit) if limit else None
    if full is not None:
        t_sp, x = full
        diff = float(np.max(np.abs(x - r.stake)))
        rows.append((f"  spsolve, {ns:,}", f"{t_sp:.1f}", "", "≥ 1000×", f"{t_sp / wall_l:,.0f}×"))
        notes.append(f"(4) spsolve and lookthrough differ by at most {diff:.1e}")
    else:
        sizes = [2_500, 5_000, 10_000] if quick else [10_000, 20_000, 40_000]
        times = []
        for k in sizes:
            got = time_spsolve(k, 1, 600.0)
            if got is None:
                break
            times.append(got[0])
            gk = random_ownership(k, 2 * k, seed=1)
            wl, _, rk = best_of(functools.partial(run, gk), repeat)
            diff = float(np.max(np.abs(got[1] - rk.stake)))
            rows.append(
                (f"  spsolve, {k:,}", f"{got[0]:.2f}", "", "", f"{got[0] / wl:,.0f}× ({diff:.0e})")
            )
        # The slope between the two largest sizes: fill-in makes the growth steepen with n.
        slope, icpt = np.polyfit(np.log(sizes[: len(times)][-2:]), np.log(times[-2:]), 1)
        t_sp = float(np.exp(icpt + slope * np.log(ns)))
        why = "not run (--quick)" if quick else f"over {limit:.0f} s"
        rows.append(
            (
                f"  spsolve, {ns:,} (extrapolated)",
                f"~{t_sp:,.0f}",
                "",
                "≥ 1000×",
                f"~{t_sp / wall_l:,.0f}× (∝ n^{slope:.1f}, from the last two)",
            )
        )
        notes.append(f"(4) spsolve at {ns:,}: {why}; time extrapolated from {sizes[: len(times)]}")

    # 5. Path enumeration with networkx.
    small = random_ownership(1_000, 2_000, seed=5)
    wall_l, cpu_l, r = best_of(lambda: run(small), 5)
    t0 = time.perf_counter()
    x, paths, done = path_enumeration(small, 20.0 if quick else 120.0)
    t_nx = time.perf_counter() - t0
    wrong = np.abs(x - r.stake) > r.error_bound + 1e-12
    row("1,000 entities, multiply", wall_l, cpu_l, "", "(the path-enumeration comparison)")
    rows.append(
        (
            "  networkx simple paths, 1,000",
            f"{t_nx:.2f}",
            "",
            "",
            f"{t_nx / wall_l:,.0f}×; {paths:,} paths{'' if done else ' (cut off)'}",
        )
    )
    cyclic = structure(small)
    notes.append(
        f"(5) 1,000 entities ({cyclic}): path enumeration is wrong on {int(wrong.sum())} of "
        f"them, by up to {float(np.max(np.abs(x - r.stake))):.2e}: every path round a cycle "
        "more than once is missing"
    )
    tiny = (
        3,
        np.array([0, 1, 2]),
        np.array([1, 2, 1]),
        np.array([0.5, 0.3, 0.1]),
        np.array([0.5, 0.3, 0.1]),
        np.array([True, False, False]),
    )
    xs, _, _ = path_enumeration(tiny, 5.0)
    notes.append(
        "(5) e.g. a source holds 50 % of A, A 30 % of B, B 10 % of A: simple paths give "
        f"x_A = {xs[1]:.6f}; exactly x_A = 0.5/0.97 = {50 / 97:.6f} (lookthrough: "
        f"{run(tiny).stake[1]:.6f})"
    )

    # 6. Depth: a long chain.
    depth = 10**4 if quick else 10**5
    chain = (
        depth,
        np.arange(depth - 1),
        np.arange(1, depth),
        np.full(depth - 1, 0.999),
        np.full(depth - 1, 0.999),
        np.arange(depth) == 0,
    )
    wall, cpu, _ = best_of(lambda: run(chain), 1)
    per = f"{cpu / depth * 1e6:.0f} µs CPU a level"
    row(f"chain {depth:,} deep (worst case)", wall, cpu, "(no target)", per)

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    head = ("case", "wall s", "CPU s", "target", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(5)]
    print(
        f"tiktok_deal.sparse benchmark{' (--quick)' if quick else ''} — Python "
        f"{platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}, "
        f"{os.cpu_count()} CPUs, load average {load:.1f} at start"
    )
    for r_ in [head, *rows]:
        print("  ".join(c.ljust(w) for c, w in zip(r_, widths, strict=True)).rstrip())
    for note in notes:
        print(note)
    total = time.perf_counter() - started
    print(f"process max RSS {rss:,.0f} MiB (graphs, baselines and all); total {total:.0f} s")


if __name__ == "__main__":
    main()
