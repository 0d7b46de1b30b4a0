"""The numeric look-through for large graphs (contract §3.2, §4), checked by hand and exactly."""

from __future__ import annotations

from fractions import Fraction as F
from itertools import combinations
from unittest import mock

import numpy as np
import pytest
import scipy.sparse as sps
from hypothesis import given
from hypothesis import strategies as st

from tiktok_deal import Stake, sparse
from tiktok_deal.ownership import traced_stakes
from tiktok_deal.sparse import (
    LookthroughConvergenceError,
    SparseLookthrough,
    lookthrough,
    near_threshold,
)

Link = tuple[int, int, F, F]  # holder, held, weight, votes


def run(
    n: int, links: list[Link], sources: set[int], method: sparse.Method = "multiply", **kw: float
) -> SparseLookthrough:
    return lookthrough(
        n,
        [h for h, _, _, _ in links],
        [e for _, e, _, _ in links],
        [float(w) for _, _, w, _ in links],
        votes=[float(v) for _, _, _, v in links],
        sources=np.isin(np.arange(n), list(sources)),
        method=method,
        **kw,
    )


def within(result: SparseLookthrough, i: int, exact: F) -> bool:
    """The exact value lies within the error bound of the computed stake (compared exactly)."""
    return abs(F(float(result.stake[i])) - exact) <= F(float(result.error_bound[i]))


def same(w: F) -> tuple[F, F]:
    return (w, w)


# Hand-checked cases. Entity 0 is the source unless said otherwise.


def test_a_chain_multiplies_to_exactly_one_fifth() -> None:
    # 0 holds 60 % of 1, 1 holds 1/3 of 2: x_2 = 3/5 × 1/3 = 1/5, exactly on the 20 % line.
    r = run(3, [(0, 1, *same(F(3, 5))), (1, 2, *same(F(1, 3)))], {0})
    assert r.stake[2] == pytest.approx(0.2, abs=1e-16)
    assert within(r, 1, F(3, 5))
    assert within(r, 2, F(1, 5))
    assert near_threshold(r)[2]  # too close to call in floats: re-decided exactly
    assert not near_threshold(r)[1]


def test_a_cross_holding_is_solved() -> None:
    # 0 holds 50 % of A=1; A holds 30 % of B=2; B holds 10 % of A.
    #   x_A = 1/2 + 1/10 x_B,  x_B = 3/10 x_A  →  x_A (1 − 3/100) = 1/2  →  x_A = 50/97, x_B = 15/97.
    r = run(3, [(0, 1, *same(F(1, 2))), (1, 2, *same(F(3, 10))), (2, 1, *same(F(1, 10)))], {0})
    assert r.stake[1] == pytest.approx(50 / 97, abs=1e-15)
    assert r.stake[2] == pytest.approx(15 / 97, abs=1e-15)
    assert within(r, 1, F(50, 97))
    assert within(r, 2, F(15, 97))


def test_a_tight_cycle_is_solved_with_a_small_bound() -> None:
    # A=1 and B=2 hold 98 % of each other; 0 holds the other 2 % of A.
    #   x_A = 2/100 + 98/100 x_B,  x_B = 98/100 x_A  →  x_A (1 − 9604/10000) = 2/100
    #   →  x_A = 200/396 = 50/99,  x_B = 49/99. The cycle amplifies errors by 1/0.0396 ≈ 25.
    r = run(
        3, [(0, 1, *same(F(2, 100))), (1, 2, *same(F(98, 100))), (2, 1, *same(F(98, 100)))], {0}
    )
    assert within(r, 1, F(50, 99))
    assert within(r, 2, F(49, 99))
    assert r.error_bound.max() < 1e-13


def test_a_closed_cycle_with_no_source_is_zero_not_singular() -> None:
    # 1 and 2 own each other entirely, 3 → 4 → 5 → 3 too; no part traces to source 0.
    full = same(F(1))
    links = [(1, 2, *full), (2, 1, *full), (3, 4, *full), (4, 5, *full), (5, 3, *full)]
    for method in ("multiply", "control"):
        r = run(6, links, {0}, method)
        assert r.stake.tolist() == [0.0] * 6
        assert r.error_bound.tolist() == [0.0] * 6


def test_control_counts_a_controlling_link_as_all() -> None:
    # 0 holds 55 % of fund 1 (votes too); the fund holds 30 % of target 2.
    #   multiply: 55/100 × 30/100 = 0.165;  control: 55 % > 50 % counts as 100 %: 1 × 0.3 = 0.3.
    links = [(0, 1, *same(F(55, 100))), (1, 2, *same(F(30, 100)))]
    assert within(run(3, links, {0}, "multiply"), 2, F(165, 1000))
    controlled = run(3, links, {0}, "control")
    assert within(controlled, 1, F(1))
    assert within(controlled, 2, F(3, 10))


def test_control_caps_at_one() -> None:
    # Dual-class: source 0 has 60 % of 2's votes on 10 % of its equity, source 1 the other 90 %
    # of the equity without votes: 1 (controlling) + 9/10 = 19/10 before the cap, 1 after.
    links = [(0, 2, F(1, 10), F(3, 5)), (1, 2, F(9, 10), F(0))]
    r = run(3, links, {0, 1}, "control")
    assert r.stake[2] == 1.0
    assert within(r, 2, F(1))
    assert within(run(3, links, {0, 1}, "multiply"), 2, F(1))  # 1/10 + 9/10


def test_a_cycle_of_controlling_links_with_any_input_saturates() -> None:
    # 1 and 2 hold 60 % of each other (control both ways); source 0 holds 10 % of 1.
    #   x_1 = min(1, 1·x_2 + 1/10), x_2 = min(1, 1·x_1): the least fixed point is x_1 = x_2 = 1.
    #   Multiply: x_1 = 1/10 + 3/5 x_2, x_2 = 3/5 x_1 → x_1 (1 − 9/25) = 1/10 → x_1 = 5/32.
    links = [(1, 2, *same(F(3, 5))), (2, 1, *same(F(3, 5))), (0, 1, *same(F(1, 10)))]
    controlled = run(3, links, {0}, "control")
    assert within(controlled, 1, F(1))
    assert within(controlled, 2, F(1))
    assert within(run(3, links, {0}, "multiply"), 1, F(5, 32))


def test_a_controlling_cycle_with_a_tiny_input_saturates_with_a_small_bound() -> None:
    # As above with 1/10^11 instead of 1/10: still x_1 = x_2 = 1, and provably so (1 gets
    # 1 + 10^-11 before the cap, so it is 1 exactly; then 2 = min(1, 1·x_1) = 1).
    tiny = F(1, 10**11)
    links = [(1, 2, *same(F(3, 5))), (2, 1, *same(F(3, 5))), (0, 1, *same(tiny))]
    controlled = run(3, links, {0}, "control")
    assert controlled.stake.tolist() == [0.0, 1.0, 1.0]
    assert controlled.error_bound.max() < 1e-14


def test_direct_counts_only_the_sources_own_stakes() -> None:
    # 0 holds 30 % of 1 and 10 % of 2; 1 holds 50 % of 2. Direct: x_2 = 1/10 (not + 3/20).
    links = [(0, 1, *same(F(3, 10))), (0, 2, *same(F(1, 10))), (1, 2, *same(F(1, 2)))]
    r = run(3, links, {0}, "direct")
    assert within(r, 1, F(3, 10))
    assert within(r, 2, F(1, 10))
    assert within(run(3, links, {0}), 2, F(1, 10) + F(3, 20))


def test_tracing_stops_at_the_first_source() -> None:
    # Sources 0 and 1: 0 holds 20 % of 1, 1 holds 19.9 % of 2. x_2 = 199/1000, not more;
    # 1's own stake (20 %) is computed but never passed on.
    r = run(3, [(0, 1, *same(F(1, 5))), (1, 2, *same(F(199, 1000)))], {0, 1})
    assert within(r, 2, F(199, 1000))
    assert within(r, 1, F(1, 5))


def test_duplicate_links_add_up_before_the_control_test() -> None:
    # Two stakes of 30 % (votes too) by 0 in 1: 60 % of the votes, so 1 counts as 100 % under
    # control; multiply just adds them: 3/10 + 3/10.
    links = [(0, 1, *same(F(3, 10))), (0, 1, *same(F(3, 10)))]
    assert within(run(2, links, {0}, "control"), 1, F(1))
    assert within(run(2, links, {0}), 1, F(3, 5))


def test_a_vote_of_exactly_one_half_is_not_control_and_its_doubt_shows() -> None:
    # 0 holds 50 % of 1's votes on 20 % of its equity. Exactly 1/2 is not more than half: 1/5.
    # Read as the rounding of some fraction, the decision could flip (1/5 or 1): the bound says so.
    links = [(0, 1, F(1, 5), F(1, 2))]
    doubtful = run(2, links, {0}, "control")
    assert within(doubtful, 1, F(1, 5))
    assert doubtful.error_bound[1] >= 0.8
    exact = run(2, links, {0}, "control", weight_rel_error=0.0)  # weights are exact floats
    assert exact.error_bound[1] < 1e-15


def test_result_is_read_only() -> None:
    r = run(2, [(0, 1, *same(F(1, 2)))], {0})
    with pytest.raises(ValueError, match="read-only"):
        r.stake[0] = 1.0


def test_empty_graphs() -> None:
    assert run(0, [], set()).stake.shape == (0,)
    r = run(3, [], {0})
    assert r.stake.tolist() == [0.0, 0.0, 0.0]


def test_over_100_percent_is_rejected_naming_the_entity_and_its_total() -> None:
    # 2 is held 75 % + 50 % = 125 %.
    links = [(0, 2, *same(F(3, 4))), (1, 2, *same(F(1, 2)))]
    with pytest.raises(ValueError, match=r"entity 2 is owned more than 100%.* 1\.25 > 1"):
        run(3, links, {0})
    # Votes are checked separately: 75 % + 50 % of 2's votes on 10 % + 10 % of its equity.
    with pytest.raises(ValueError, match=r"entity 2 .*votes adds up to 1\.25"):
        run(3, [(0, 2, F(1, 10), F(3, 4)), (1, 2, F(1, 10), F(1, 2))], {0}, "control")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "sum"}, "method must be"),
        ({"n": -1}, "n must be a non-negative integer"),
        ({"holder": [0, 5]}, r"holder\[1\] = 5 is not an entity index"),
        ({"held": [0.5, 1]}, "held must be a 1-D integer array"),
        ({"weight": [0.5, 1.5]}, r"weight\[1\] = 1.5 is not a fraction"),
        ({"weight": [0.5, float("nan")]}, r"weight\[1\] = nan is not a fraction"),
        ({"weight": [0.5]}, "weight must have shape"),
        ({"votes": [0.5, -0.1]}, r"votes\[1\] = -0.1 is not a fraction"),
        ({"held": [1]}, "holder and held differ in length"),
        ({"sources": [1, 0, 0]}, "sources must be a boolean array"),
        ({"sources": np.zeros(2, dtype=bool)}, "sources must be a boolean array"),
        ({"weight_rel_error": 0.5}, "weight_rel_error must be in"),
    ],
)
def test_bad_arguments(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {
        "n": 3,
        "holder": [0, 1],
        "held": [1, 2],
        "weight": [0.5, 0.5],
        "sources": np.array([True, False, False]),
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        lookthrough(**args)  # type: ignore[arg-type]


def test_a_stuck_solve_fails_loudly() -> None:
    # A ring of 300 (larger than the dense limit) that sweeps cannot finish when allowed only
    # 5 sweeps and a GMRES that gives up: a clear error, not a silent cut-off.
    k = 300
    holder = np.arange(k)
    held = np.roll(holder, -1)
    w = np.full(k, 0.99)
    src = np.zeros(k + 1, dtype=bool)
    src[k] = True
    args = (k + 1, np.append(holder, k), np.append(held, 0), np.append(w, 0.01))
    give_up = mock.patch.object(sparse, "gmres", lambda a, r, **kw: (np.zeros_like(r), 1))
    stuck = pytest.raises(LookthroughConvergenceError, match="cross-holdings among 300")
    with mock.patch.object(sparse, "_SWEEPS_MAX", 5), give_up, stuck:
        lookthrough(*args, sources=src)
    ok = lookthrough(*args, sources=src)  # and it is solved without the handicap
    # x_0 = 1/100 + 99/100 x_{299}, and around the ring x_{i+1} = 99/100 x_i:
    #   x_0 = (1/100) / (1 − (99/100)^300).
    x0 = F(1, 100) / (1 - F(99, 100) ** 300)
    assert within(ok, 0, x0)
    assert ok.error_bound.max() < 1e-12


# Exact reference: fractions and Gaussian elimination.


def gauss(a: list[list[F]], b: list[F]) -> list[F] | None:
    m = [[*row, bb] for row, bb in zip(a, b, strict=True)]
    size = len(b)
    for c in range(size):
        p = next((r for r in range(c, size) if m[r][c] != 0), None)
        if p is None:
            return None
        m[c], m[p] = m[p], m[c]
        for r in range(size):
            if r != c and m[r][c] != 0:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c], strict=True)]
    return [m[i][size] / m[i][i] for i in range(size)]


def least_solution(n: int, c: list[list[F]], b: list[F], pinned: set[int]) -> list[F] | None:
    """Least x >= 0 with x_i = 1 on ``pinned`` and x_i = b_i + sum_j c_ij x_j elsewhere."""
    free = [i for i in range(n) if i not in pinned]
    inflow = {i: b[i] + sum(c[i][j] for j in pinned) for i in free}
    fed = {i for i in free if inflow[i] > 0}  # entities reached from some input
    grew = True
    while grew:
        more = {i for i in free if i not in fed and any(c[i][j] > 0 for j in fed)}
        fed |= more
        grew = bool(more)
    order = sorted(fed)
    a = [[F(i == j) - c[i][j] for j in order] for i in order]
    sol = gauss(a, [inflow[i] for i in order]) if order else []
    if sol is None or any(s < 0 for s in sol):
        return None  # no finite non-negative solution with this pinning
    x = [F(0)] * n
    for i in pinned:
        x[i] = F(1)
    for i, s in zip(order, sol, strict=True):
        x[i] = s
    return x


def exact_stakes(n: int, links: list[Link], sources: set[int], method: str) -> list[F]:
    agg: dict[tuple[int, int], tuple[F, F]] = {}
    for h, e, w, v in links:
        w0, v0 = agg.get((h, e), (F(0), F(0)))
        agg[h, e] = (w0 + w, v0 + v)
    c = [[F(0)] * n for _ in range(n)]
    b = [F(0)] * n
    for (h, e), (w, v) in agg.items():
        if method == "direct":
            b[e] += w if h in sources else 0
            continue
        weight = F(1) if method == "control" and v > F(1, 2) else w
        if h in sources:
            b[e] += weight
        else:
            c[e][h] += weight
    if method == "direct":
        return b
    if method == "multiply":
        x = least_solution(n, c, b, set())
        assert x is not None
        return x
    # Control: every fixed point of x = min(1, b + Cx) pins some set U at 1; try them all.
    # The least fixed point is the smallest of them, entity by entity.
    best: list[F] | None = None
    for size in range(n + 1):
        for pinned in map(set, combinations(range(n), size)):
            x = least_solution(n, c, b, pinned)
            if x is None:
                continue
            t = [b[i] + sum(c[i][j] * x[j] for j in range(n)) for i in range(n)]
            if all(t[i] >= 1 if i in pinned else t[i] == x[i] < 1 for i in range(n)):
                best = x if best is None else [min(p, q) for p, q in zip(best, x, strict=True)]
    assert best is not None
    return best


@st.composite
def small_graphs(draw: st.DrawFn) -> tuple[int, list[Link], set[int]]:
    """Up to 6 entities, links in any direction (cycles, self-holdings, duplicates), each
    entity held at most 100 % on both bases, some votes near and above one half."""
    n = draw(st.integers(1, 6))
    raw = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.integers(0, 100),
                st.sampled_from([0, 10, 30, 49, 50, 51, 60, 90, 100]),
            ),
            max_size=12,
        )
    )
    links: list[Link] = []
    for e in range(n):
        mine = [r for r in raw if r[1] == e]
        total = sum(r[2] for r in mine)
        vtotal = sum(r[3] for r in mine)
        share = F(draw(st.integers(1, 100)), 100)
        for h, _, w, v in mine:
            links.append((h, e, F(w, total) * share if total else F(0), F(v, max(vtotal, 100))))
    sources = set(draw(st.sets(st.integers(0, n - 1), max_size=2)))
    return n, links, sources


@pytest.mark.parametrize("path", ["dense", "sweeps"])
@pytest.mark.parametrize("method", ["multiply", "control", "direct"])
@given(graph=small_graphs())
def test_agrees_with_the_exact_solution(
    graph: tuple[int, list[Link], set[int]], method: sparse.Method, path: str
) -> None:
    n, links, sources = graph
    exact = exact_stakes(n, links, sources, method)
    with mock.patch.object(sparse, "_DENSE_MAX", 256 if path == "dense" else 0):
        r = run(n, links, sources, method)
    for i in range(n):
        assert abs(float(r.stake[i]) - float(exact[i])) <= 1e-12
        assert within(r, i, exact[i]), (i, exact[i], r.stake[i], r.error_bound[i])


@pytest.mark.parametrize("method", ["multiply", "control", "direct"])
@given(graph=small_graphs())
def test_agrees_with_the_exact_path_of_the_library(
    graph: tuple[int, list[Link], set[int]], method: sparse.Method
) -> None:
    # traced_stakes takes one stake per (holder, entity) pair and no self-holdings.
    n, links, sources = graph
    one_each = {(h, e): (h, e, w, v) for h, e, w, v in links if h != e}
    links = list(one_each.values())
    rows = [Stake(holder=f"e{h}", of=f"e{e}", equity=w, voting=v) for h, e, w, v in links]
    exact = traced_stakes(rows, {f"e{i}" for i in sources}, method=method)
    r = run(n, links, sources, method)
    for i in range(n):
        assert within(r, i, exact.get(f"e{i}", F(0)))


def test_a_large_graph_with_a_big_cycle_matches_a_dense_solve() -> None:
    # 3000 entities: a ring through the first 600 (one component of 600, beyond the dense
    # limit, so solved by sweeps), random links, dual-class votes; against numpy's dense solve
    # (multiply) and against the monotone iteration x <- min(1, b + Cx) from 0 (control).
    rng = np.random.default_rng(7)
    n, m, ring = 3000, 6000, 600
    holder = np.concatenate([np.arange(ring), rng.integers(0, n, m)])
    held = np.concatenate([np.roll(np.arange(ring), -1), rng.integers(0, n, m)])
    keep = holder != held
    holder, held = holder[keep], held[keep]
    raw = rng.exponential(size=holder.size)
    share = rng.uniform(0.3, 1.0, n)
    w = raw / np.bincount(held, raw, n)[held] * share[held]
    v = w.copy()
    v[rng.random(w.size) < 0.05] = 0.0  # some non-voting stakes ...
    v = v / np.maximum(np.bincount(held, v, n)[held], 1.0)
    v[rng.random(w.size) < 0.02] = 0.0
    src = rng.random(n) < 0.02
    for method in ("multiply", "control"):
        r = lookthrough(n, holder, held, w, votes=v, sources=src, method=method)
        aw = sps.csr_array((w, (held, holder)), shape=(n, n))
        av = sps.csr_array((v, (held, holder)), shape=(n, n))
        c = aw.copy()
        if method == "control":
            c.data = np.where(av.data > 0.5, 1.0, aw.data)
        b = c @ src.astype(float)
        c = c @ sps.diags_array((~src).astype(float))
        if method == "multiply":
            ref = np.linalg.solve(np.eye(n) - c.toarray(), b)
        else:
            ref = np.zeros(n)
            for _ in range(20_000):
                new = np.minimum(1.0, b + c @ ref)
                if np.max(np.abs(new - ref)) == 0.0:
                    break
                ref = new
        assert np.max(np.abs(r.stake - ref)) < 1e-12
        assert np.all(np.abs(r.stake - ref) <= r.error_bound + 1e-14)
        assert r.error_bound.max() < 1e-11
