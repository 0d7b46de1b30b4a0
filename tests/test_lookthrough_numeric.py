"""The numeric look-through (certified bounds) and graphs built from columns, checked by hand and
against exact figures. ``budget=0`` asks for numeric figures only."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction as F
from unittest import mock

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference_ownership import traced_stakes as reference

from tiktok_deal import Stake
from tiktok_deal.errors import InvalidDealError, LookthroughConvergenceError
from tiktok_deal.ownership import Graph, Traced, numeric, solvers, trace

Link = tuple[int, int, F, F]  # holder, held, equity, votes


def columns(n: int, links: list[Link]) -> Graph:
    """A graph from columns whose floats are the nearest to the exact fractions given."""
    weights = {("equity", u): [e for _, _, e, _ in links] for u in (False, True)}
    weights |= {("voting", u): [v for _, _, _, v in links] for u in (False, True)}
    return Graph.from_columns(
        [f"e{i}" for i in range(n)],
        [h for h, _, _, _ in links],
        [e for _, e, _, _ in links],
        equity=[float(e) for _, _, e, _ in links],
        voting=[float(v) for _, _, _, v in links],
        exact=lambda basis, upper, which: [weights[basis, upper][k] for k in which.tolist()],
    )


def run(n: int, links: list[Link], sources: set[int], method: str = "multiply") -> Traced:
    graph = columns(n, links)
    return trace(graph, {f"e{i}" for i in sources}, method=method, budget=0)  # type: ignore[arg-type]


def within(traced: Traced, i: int, exact: F) -> bool:
    figure = traced.figure(f"e{i}")
    return figure.low <= exact <= figure.high


def same(w: F) -> tuple[F, F]:
    return (w, w)


# Hand-checked cases. Entity 0 is the source unless said otherwise.


def test_a_chain_multiplies_to_exactly_one_fifth() -> None:
    # 0 holds 60 % of 1, 1 holds 1/3 of 2: x_2 = 3/5 × 1/3 = 1/5, exactly on the 20 % line.
    links = [(0, 1, *same(F(3, 5))), (1, 2, *same(F(1, 3)))]
    r = run(3, links, {0})
    assert float(r.figure("e2").value) == pytest.approx(0.2, abs=1e-16)
    assert within(r, 1, F(3, 5))
    assert within(r, 2, F(1, 5))
    assert r.at_least("e2", F(1, 5)) is None  # too close to call in floats, and no budget
    assert r.at_least("e1", F(1, 5)) is True
    exact = trace(columns(3, links), {"e0"})
    assert exact.at_least("e2", F(1, 5)) is True  # with a budget: decided exactly
    assert exact.figure("e2").value == F(1, 5)


def test_a_cross_holding_is_solved() -> None:
    # 0 holds 50 % of A=1; A holds 30 % of B=2; B holds 10 % of A.
    #   x_A = 1/2 + 1/10 x_B,  x_B = 3/10 x_A  →  x_A (1 − 3/100) = 1/2  →  x_A = 50/97, x_B = 15/97.
    r = run(3, [(0, 1, *same(F(1, 2))), (1, 2, *same(F(3, 10))), (2, 1, *same(F(1, 10)))], {0})
    assert float(r.figure("e1").value) == pytest.approx(50 / 97, abs=1e-15)
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
    assert r.figure("e1").high - r.figure("e1").low < 2 * F(1, 10**13)  # a bound under 1e-13


def test_a_closed_cycle_with_no_source_is_zero_not_singular() -> None:
    # 1 and 2 own each other entirely, 3 → 4 → 5 → 3 too; no part traces to source 0.
    full = same(F(1))
    links = [(1, 2, *full), (2, 1, *full), (3, 4, *full), (4, 5, *full), (5, 3, *full)]
    for method in ("multiply", "control"):
        r = run(6, links, {0}, method)
        for i in range(6):
            assert r.figure(f"e{i}").exact
            assert r.figure(f"e{i}").value == 0


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
    assert r.figure("e2").value == 1
    assert within(run(3, links, {0, 1}, "multiply"), 2, F(1))  # 1/10 + 9/10


def test_a_cycle_of_controlling_links_with_any_input_saturates() -> None:
    # 1 and 2 hold 60 % of each other (control both ways); source 0 holds 10 % of 1.
    #   x_1 = min(1, 1·x_2 + 1/10), x_2 = min(1, 1·x_1): the least fixed point is x_1 = x_2 = 1.
    #   Multiply: x_1 = 1/10 + 3/5 x_2, x_2 = 3/5 x_1 → x_1 (1 − 9/25) = 1/10 → x_1 = 5/32.
    links = [(1, 2, *same(F(3, 5))), (2, 1, *same(F(3, 5))), (0, 1, *same(F(1, 10)))]
    controlled = run(3, links, {0}, "control")
    assert within(controlled, 1, F(1))
    assert within(controlled, 2, F(1))
    assert controlled.saturated == {"e1"}  # 1 gets 11/10 before the cap; 2 gets exactly 1
    assert within(run(3, links, {0}, "multiply"), 1, F(5, 32))


def test_a_controlling_cycle_with_a_tiny_input_saturates_with_a_small_bound() -> None:
    # As above with 1/10^11 instead of 1/10: still x_1 = x_2 = 1, and provably so (1 gets
    # 1 + 10^-11 before the cap, so it is 1 exactly; then 2 = min(1, 1·x_1) = 1).
    tiny = F(1, 10**11)
    links = [(1, 2, *same(F(3, 5))), (2, 1, *same(F(3, 5))), (0, 1, *same(tiny))]
    controlled = run(3, links, {0}, "control")
    for i in (1, 2):
        figure = controlled.figure(f"e{i}")
        assert figure.low <= 1 <= figure.high
        assert figure.high - figure.low < F(1, 10**14)


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


def test_a_vote_of_exactly_one_half_is_not_control_decided_exactly() -> None:
    # 0 holds 50 % of 1's votes on 20 % of its equity. Exactly 1/2 is not more than half: 1/5.
    # The float 0.5 could be the rounding of a little more than one half: the exact weight says.
    half = run(2, [(0, 1, F(1, 5), F(1, 2))], {0}, "control")
    assert within(half, 1, F(1, 5))
    assert half.figure("e1").high < F(1, 4)
    more = F(1, 2) + F(1, 10**30)  # rounds to the float 0.5 too, but is control
    controlled = run(2, [(0, 1, F(1, 5), more)], {0}, "control")
    assert within(controlled, 1, F(1))
    assert controlled.figure("e1").low > F(3, 4)


def test_empty_graphs() -> None:
    assert Graph.from_columns([], [], [], equity=[]).n == 0
    r = run(3, [], {0})
    assert [r.figure(f"e{i}").value for i in range(3)] == [0, 0, 0]


def test_over_100_percent_is_rejected_naming_the_entity_and_its_total() -> None:
    # 2 is held 75 % + 50 % = 125 %.
    with pytest.raises(InvalidDealError, match=r"'e2' is owned more than 100 %.* 1\.25 > 1"):
        columns(3, [(0, 2, *same(F(3, 4))), (1, 2, *same(F(1, 2)))])
    # Votes are checked separately: 75 % + 50 % of 2's votes on 10 % + 10 % of its equity.
    with pytest.raises(InvalidDealError, match=r"'e2' .*votes adds up to 1\.25"):
        columns(3, [(0, 2, F(1, 10), F(3, 4)), (1, 2, F(1, 10), F(1, 2))])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"holder": [0, 5]}, r"holder\[1\] = 5 is not an entity index"),
        ({"held": [0.5, 1]}, "held must be a 1-D integer array"),
        ({"equity": [0.5, 1.5]}, r"equity\[1\] = 1.5 is not a fraction"),
        ({"equity": [0.5, float("nan")]}, r"equity\[1\] = nan is not a fraction"),
        ({"equity": [0.5]}, "equity must have shape"),
        ({"voting": [0.5, -0.1]}, r"voting\[1\] = -0.1 is not a fraction"),
        ({"held": [1]}, "holder and held differ in length"),
        ({"holder": [1, 1]}, "'b' cannot hold a stake in itself"),
        ({"held": [2, 2], "holder": [0, 0]}, "'a' holds more than one stake in 'c'"),
    ],
)
def test_bad_columns(kwargs: dict[str, object], message: str) -> None:
    args: dict[str, object] = {"holder": [0, 1], "held": [1, 2], "equity": [0.5, 0.5]}
    args.update(kwargs)
    with pytest.raises(InvalidDealError, match=message):
        Graph.from_columns(["a", "b", "c"], **args)  # type: ignore[arg-type]


def test_duplicate_stakes_are_refused() -> None:
    stakes = [Stake(holder="a", of="b", equity="10%"), Stake(holder="a", of="b", equity="5%")]
    with pytest.raises(InvalidDealError, match="already holds a stake in 'b'"):
        Graph.from_stakes(stakes)


def test_a_stuck_solve_fails_loudly() -> None:
    # A ring of 2,000 at 99.99 % (the iterative path) that cannot finish when allowed two outer
    # iterations and a GMRES that gives up: a clear error, not a silent cut-off.
    k = 2000
    links = [(i, (i + 1) % k, *same(F(9999, 10000))) for i in range(k)]
    links[-1] = (k - 1, 0, *same(F(9998, 10000)))
    links.append((k, 0, *same(F(1, 10000))))
    give_up = mock.patch("scipy.sparse.linalg.gmres", lambda a, r, **kw: (np.zeros_like(r), 1))
    with (
        mock.patch.object(solvers, "OUTER_MAX", 2),
        give_up,
        pytest.raises(LookthroughConvergenceError, match="did not converge"),
    ):
        run(k + 1, links, {k}).figure("e0")
    ok = run(k + 1, links, {k})  # and it is solved without the handicap
    # Round the ring: x_0 = 1/10^4 + 9998/10^4 · (9999/10^4)^1999 · x_0.
    x0 = F(1, 10**4) / (1 - F(9998, 10**4) * F(9999, 10**4) ** 1999)
    assert within(ok, 0, x0)


# Against exact figures, through each of the three solvers.


@contextmanager
def path(name: str) -> Iterator[None]:
    """Force the ordered or the sweeps path on small graphs."""
    with mock.patch.object(numeric, "FAST_MIN", 0 if name == "sweeps" else 10**9):
        yield


@st.composite
def small_graphs(draw: st.DrawFn) -> tuple[int, list[Link], set[int]]:
    """Up to 7 entities, links in any direction (cycles), each entity held at most 100 % on
    both bases, some votes near and above one half."""
    n = draw(st.integers(1, 7))
    raw = draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.integers(0, 100),
                st.sampled_from([0, 10, 30, 49, 50, 51, 60, 90, 100]),
            ),
            max_size=14,
            unique_by=lambda r: (r[0], r[1]),
        )
    )
    raw = [r for r in raw if r[0] != r[1]]
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


@pytest.mark.parametrize("solver", ["ordered", "sweeps"])
@pytest.mark.parametrize("method", ["multiply", "control", "direct"])
@given(graph=small_graphs())
def test_bounds_contain_the_exact_figures(
    graph: tuple[int, list[Link], set[int]], method: str, solver: str
) -> None:
    n, links, sources = graph
    stakes = [Stake(holder=f"e{h}", of=f"e{e}", equity=w, voting=v) for h, e, w, v in links]
    exact = reference(stakes, {f"e{i}" for i in sources}, method=method)  # type: ignore[arg-type]
    with path(solver):
        r = run(n, links, sources, method)
        for i in range(n):
            value = exact.get(f"e{i}", F(0))
            figure = r.figure(f"e{i}")
            assert figure.low <= value <= figure.high, (i, figure, value)
            assert abs(float(figure.value) - float(value)) <= 1e-12


def test_a_large_graph_with_a_big_cycle_matches_a_dense_solve() -> None:
    # 3000 entities: a ring through the first 600 (one component of 600), random links,
    # dual-class votes; against numpy's dense solve (multiply) and the monotone iteration
    # x <- min(1, b + Cx) from 0 (control), through the ordered and the sweeps paths.
    rng = np.random.default_rng(7)
    n, m, ring = 3000, 6000, 600
    holder = np.concatenate([np.arange(ring), rng.integers(0, n, m)])
    held = np.concatenate([np.roll(np.arange(ring), -1), rng.integers(0, n, m)])
    pairs = np.unique(np.stack([holder, held], 1)[holder != held], axis=0)
    holder, held = pairs[:, 0], pairs[:, 1]
    raw = rng.exponential(size=holder.size)
    share = rng.uniform(0.3, 1.0, n)
    w = raw / np.bincount(held, raw, n)[held] * share[held] * (1 - 1e-12)
    v = w.copy()
    v[rng.random(w.size) < 0.05] = 0.0
    v[rng.random(w.size) < 0.02] = 0.0
    src = rng.random(n) < 0.02
    ids = [f"e{i}" for i in range(n)]
    graph = Graph.from_columns(ids, holder, held, equity=w, voting=v)
    sources = {ids[i] for i in np.flatnonzero(src)}
    for method in ("multiply", "control"):
        c = np.zeros((n, n))
        weight = np.where(v > 0.5, 1.0, w) if method == "control" else w
        np.add.at(c, (held, holder), weight)
        b = c @ src.astype(float)
        c = c * (~src)[None, :]  # sources pass on 1 (in b), not what they hold
        inner = c * (~src)[:, None]  # tracing stops at the sources
        if method == "multiply":
            ref = np.linalg.solve(np.eye(n) - inner, b * ~src)
        else:
            ref = np.zeros(n)
            for _ in range(20_000):
                new = np.where(src, 0.0, np.minimum(1.0, b + inner @ ref))
                if np.max(np.abs(new - ref)) == 0.0:
                    break
                ref = new
        own = b + c @ ref  # a source's own figure: what flows into it
        ref = np.where(src, np.minimum(own, 1.0) if method == "control" else own, ref)
        for solver in ("ordered", "sweeps"):
            with path(solver):
                r = trace(graph, sources, method=method, budget=0)  # type: ignore[arg-type]
                x = np.array([float(r.figure(e).value) for e in ids])
                lo = np.array([float(r.figure(e).low) for e in ids])
                hi = np.array([float(r.figure(e).high) for e in ids])
            assert np.max(np.abs(x - ref)) < 1e-12
            assert np.all(lo - 1e-15 <= ref)
            assert np.all(ref <= hi + 1e-15)
            assert np.max(hi - lo) < 1e-11
