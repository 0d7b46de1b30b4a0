"""Scenario spaces, sampling and sweeps (issue 4), with the arithmetic written out."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from builders import deal

from tiktok_deal import Interpretation, check, preset
from tiktok_deal.scenarios import (
    UNNAMED,
    ArrangementLever,
    DirichletStakes,
    JurisdictionLever,
    LicenceLever,
    SeatLever,
    Space,
    SpaceError,
    StakeLever,
    SwitchLever,
    Triangular,
    Uniform,
    iter_sweep,
    linspace,
    sweep,
    sweep_to_file,
    switches,
)
from tiktok_deal.scenarios.sampling import Plan, _permute, draw

F = Fraction
JV = "joint-venture-2026"


def holdings(d: object, entity: str = "t") -> dict[str, tuple[Fraction, Fraction]]:
    return {s.holder: (s.equity, s.votes) for s in d.holdings_in(entity)}  # type: ignore[attr-defined]


def same(a: pd.DataFrame, b: pd.DataFrame, **_: object) -> None:
    """Frames equal column by column (categoricals by codes and categories: fast)."""
    assert list(a.columns) == list(b.columns)
    assert a.index.equals(b.index)
    for name in a.columns:
        x, y = a[name], b[name]
        if isinstance(x.dtype, pd.CategoricalDtype):
            assert list(x.cat.categories) == list(y.cat.categories), name
            x, y = x.cat.codes, y.cat.codes
        assert np.array_equal(x.to_numpy(), y.to_numpy()), name


@pytest.fixture
def small():  # type: ignore[no-untyped-def]
    """t: a (CN) 10 %, b (US) 30 %, c (US) 40 %; 20 % unnamed."""
    return deal(
        {"t": "US", "a": "CN", "b": "US", "c": "US"},
        [("a", "t", "10%"), ("b", "t", "30%"), ("c", "t", "40%")],
    )


# -- rescaling ---------------------------------------------------------------------------------
def test_proportional_rescaling_dilutes_everyone_else_pro_rata(small) -> None:  # type: ignore[no-untyped-def]
    # a goes 10 % → 55 %: the others keep (1 − 0.55) / (1 − 0.10) = 0.45 / 0.9 = 1/2 of their
    # stakes: b 30 → 15 %, c 40 → 20 %, the unnamed 20 → 10 %; total 55 + 15 + 20 = 90 %.
    space = Space(small, [StakeLever(holder="a", values=("55%",))])
    scenario, _ = space.apply((F(55, 100),))
    assert holdings(scenario) == {
        "a": (F(55, 100),) * 2,
        "b": (F(15, 100),) * 2,
        "c": (F(20, 100),) * 2,
    }


def test_a_balancing_holder_absorbs_the_change(small) -> None:  # type: ignore[no-untyped-def]
    # a 10 → 35 %: c gives up the 25 points, 40 → 15 %; b stays at 30 %.
    space = Space(small, [StakeLever(holder="a", values=("35%",), balance="c")])
    scenario, _ = space.apply((F(35, 100),))
    assert holdings(scenario)["c"] == (F(15, 100), F(15, 100))
    assert holdings(scenario)["b"] == (F(30, 100), F(30, 100))


def test_the_unnamed_part_can_absorb_the_change(small) -> None:  # type: ignore[no-untyped-def]
    # a 10 → 30 %: nobody named moves; the unnamed part shrinks from 20 % to 0 %.
    space = Space(small, [StakeLever(holder="a", values=("30%",), balance=UNNAMED)])
    scenario, _ = space.apply((F(3, 10),))
    assert sum(e for e, _ in holdings(scenario).values()) == 1


@pytest.mark.parametrize(
    ("lever", "problem"),
    [
        # a may rise 10 → 41 %, 31 points; the balancing holder b has only 30 %.
        (StakeLever(holder="a", values=("41%",), balance="b"), "rise by 31 %, more than the 30 %"),
        # 31 % + b 30 % + c 40 % = 101 % with nobody giving way.
        (StakeLever(holder="a", values=("31%",), balance=UNNAMED), "101 %"),
        (StakeLever(holder="zz", values=("1%",)), "unknown party 'zz'"),
        (StakeLever(holder="t", values=("1%",)), "cannot hold a stake in itself"),
        (SeatLever(party="a", counts=(3,), balance="b"), "appoints only 0 seat"),
        (JurisdictionLever(party="a", countries=("XX",)), "unknown ISO"),
    ],
)
def test_spaces_that_could_break_the_deal_are_refused(small, lever, problem) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SpaceError, match=problem):
        Space(small, [lever])


def test_two_proportional_levers_may_not_pass_100_percent(small) -> None:  # type: ignore[no-untyped-def]
    # 60 % + 50 % = 110 %.
    with pytest.raises(SpaceError, match="110 %"):
        Space(
            small,
            [StakeLever(holder="a", values=("60%",)), StakeLever(holder="b", values=("50%",))],
        )


def test_two_levers_in_one_entity_rescale_the_rest_together(small) -> None:  # type: ignore[no-untyped-def]
    # a 10 → 30 %, b 30 → 50 %: levered 40 → 80 %; c and the unnamed part keep
    # (1 − 0.8) / (1 − 0.4) = 1/3: c 40 → 40/3 %.
    space = Space(
        small, [StakeLever(holder="a", values=("30%",)), StakeLever(holder="b", values=("50%",))]
    )
    scenario, _ = space.apply((F(3, 10), F(1, 2)))
    assert holdings(scenario)["c"] == (F(2, 15), F(2, 15))


def test_an_equity_lever_leaves_votes_to_the_rescaling(small) -> None:  # type: ignore[no-untyped-def]
    # Equity only: a's equity 10 → 55 %; a's votes are "another holder's" on the voting basis,
    # where nothing is levered, so they stay 10 %.
    space = Space(small, [StakeLever(holder="a", values=("55%",), basis="equity")])
    scenario, _ = space.apply((F(55, 100),))
    assert holdings(scenario)["a"] == (F(55, 100), F(1, 10))
    assert holdings(scenario)["b"] == (F(15, 100), F(3, 10))


def test_other_levers_change_seats_arrangements_licence_jurisdiction_and_readings(small) -> None:  # type: ignore[no-untyped-def]
    space = Space(
        small,
        [
            SeatLever(party="a", counts=(2,)),
            ArrangementLever(kind="algorithm_license", counterparty="a"),
            LicenceLever(states=("denied",)),
            JurisdictionLever(party="b", countries=("CN",)),
            SwitchLever(key="lookthrough", values=("direct",)),
        ],
    )
    scenario, reading = space.apply((2, "one-time", "denied", "CN", "direct"))
    assert [s.appointed_by for s in scenario.board] == ["a", "a"]
    (licence,) = scenario.arrangements
    assert licence.ongoing is False
    assert scenario.export_licence == "denied"
    assert scenario.parties["b"].countries == {"CN"}
    assert reading == Interpretation(lookthrough="direct")
    # a 10 % + b 30 % (now CN) = 40 % ≥ 20 %.
    assert check(scenario, interpretation=reading)["pafaca.fa_ownership"].value == F(2, 5)


def test_seats_move_from_a_balancing_appointer() -> None:
    d = deal({"t": "US", "a": "CN", "b": "US"}, board=[("a", "CN"), ("b", "US"), ("b", "US")])
    space = Space(d, [SeatLever(party="a", counts=(0, 3), balance="b")])
    none, _ = space.apply((0,))
    three, _ = space.apply((3,))
    assert [s.appointed_by for s in none.board] == ["b", "b", "b"]
    assert [s.appointed_by for s in three.board] == ["a", "a", "a"]


# -- sampling ----------------------------------------------------------------------------------
def test_linspace_is_exact() -> None:
    points = linspace("0%", "40%", 41)
    assert points[20] == F(1, 5)
    assert points[1] == F(1, 100)
    assert len(points) == 41


def test_the_grid_is_the_cartesian_product_first_lever_slowest(small) -> None:  # type: ignore[no-untyped-def]
    space = Space(
        small, [StakeLever(holder="a", values=("0%", "10%")), SwitchLever(key="hong_kong")]
    )
    frame = sweep(space)
    assert list(zip(frame["stake:a"], frame["hong_kong"].astype(str), strict=True)) == [
        (0.0, "included"),
        (0.0, "excluded"),
        (0.1, "included"),
        (0.1, "excluded"),
    ]


def test_random_sampling_is_deterministic_and_independent_of_chunking(small) -> None:  # type: ignore[no-untyped-def]
    # a up to 30 % plus b and c drawn to their base total 70 %: at most 100 %.
    space = Space(
        small,
        [
            StakeLever(holder="a", values=Uniform(low="0%", high="30%")),
            DirichletStakes(holders=("b", "c"), alpha=(2.0, 1.0)),
            *switches(["stake"]),
        ],
    )
    one = sweep(space, samples=70_000, seed=3)  # two random blocks of 65,536 rows
    again = sweep(space, samples=70_000, seed=3, chunk_size=30_000)
    same(one, again)
    other = sweep(space, samples=1000, seed=4)
    assert not np.array_equal(one["stake:a"].to_numpy()[:1000], other["stake:a"].to_numpy())
    # The first rows do not depend on how many follow.
    same(one.iloc[:1000], sweep(space, samples=1000, seed=3))
    assert one["stake:a"].between(0, 0.3).all()
    # b and c always add up to their base total, 30 + 40 = 70 %.
    assert ((one["stake:b"] + one["stake:c"] - 0.7).abs() < 1e-12).all()


def test_the_feistel_permutation_is_a_permutation() -> None:
    for n in (1, 2, 7, 1000, 4097):
        image = _permute(np.arange(n, dtype=np.uint64), n, key=(5, 1))
        assert sorted(image.tolist()) == list(range(n))


def test_latin_hypercube_puts_one_sample_in_each_stratum(small) -> None:  # type: ignore[no-untyped-def]
    space = Space(
        small,
        [
            StakeLever(holder="a", values=Uniform(low="0%", high="50%")),
            StakeLever(holder="b", values=Triangular(low="0%", mode="10%", high="30%")),
        ],
    )
    n = 500
    batch = draw(space, Plan(method="lhs", samples=n, seed=1), 0, n)
    strata = np.floor(batch.arrays[0] / 0.5 * n).astype(int)  # uniform: stratum = value / width
    assert sorted(strata.tolist()) == list(range(n))


def test_a_grid_refuses_distributions_and_samples(small) -> None:  # type: ignore[no-untyped-def]
    space = Space(small, [StakeLever(holder="a", values=Uniform(low="0%", high="40%"))])
    with pytest.raises(SpaceError, match="distribution"):
        sweep(space)
    with pytest.raises(SpaceError, match="fixed size"):
        sweep(space, method="grid", samples=10)


# -- the sweep ---------------------------------------------------------------------------------
def test_the_bar_41_rows_and_the_violation_starts_exactly_at_20_percent() -> None:
    space = Space(preset(JV), [StakeLever(holder="bytedance", values=linspace("0%", "40%", 41))])
    frame = sweep(space)
    assert len(frame) == 41
    violation = (frame["pafaca.fa_ownership"] == "violation").to_numpy()
    # Rows 0…19 are 0 %…19 %, compliant; rows 20…40 are 20 %…40 %, violations.
    assert not violation[:20].any()
    assert violation[20:].all()
    assert frame["fa_stake"].iloc[20] == 0.2
    assert frame["margin"].iloc[20] == 0.0
    # Margin is the line minus the stake: at 19 %, 20 − 19 = 1 point.
    assert frame["margin"].iloc[19] == pytest.approx(0.01)
    assert list(frame.columns[:3]) == ["stake:bytedance", "fa_stake", "margin"]
    assert frame.index.name == "scenario"


def test_status_columns_hold_exactly_what_check_says() -> None:
    d = preset(JV)
    space = Space(
        d, [StakeLever(holder="bytedance", values=("19.9%", "20%", "51%")), switches(["stake"])[0]]
    )
    frame = sweep(space, ruleset="all")
    for row in range(len(frame)):
        scenario, reading = space.apply(
            (F(str(frame["stake:bytedance"].iloc[row])), str(frame["stake"].iloc[row]))
        )
        report = check(scenario, ruleset="all", interpretation=reading)
        for finding in report.findings:
            assert frame[finding.rule].iloc[row] == str(finding.status)
        assert frame["verdict"].iloc[row] == str(report.verdict)
    # At 51 % ByteDance holds more than half the votes: §2(g)(1)(C) direction too.
    assert (frame.loc[frame["stake:bytedance"] == 0.51, "pafaca.fa_direction"] == "violation").all()


def test_streaming_to_csv_and_parquet_gives_the_same_rows(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pyarrow")
    space = Space(
        preset(JV),
        [
            StakeLever(holder="bytedance", values=Uniform(low="0%", high="40%")),
            ArrangementLever(kind="algorithm_license", counterparty="bytedance"),
        ],
    )
    expected = sweep(space, samples=5000, seed=2)
    csv = sweep_to_file(space, tmp_path / "s.csv", samples=5000, seed=2, chunk_size=1500)
    parquet = sweep_to_file(space, tmp_path / "s.parquet", samples=5000, seed=2, chunk_size=1500)
    assert csv.rows == parquet.rows == 5000
    assert sum(csv.verdicts.values()) == 5000
    read_csv = pd.read_csv(tmp_path / "s.csv", index_col="scenario")
    assert (read_csv["verdict"].to_numpy() == expected["verdict"].astype(str).to_numpy()).all()
    assert np.allclose(read_csv["fa_stake"], expected["fa_stake"], rtol=0, atol=1e-15)
    read_parquet = pd.read_parquet(tmp_path / "s.parquet")
    same(read_parquet, expected, check_categorical=False)
    assert not list(tmp_path.glob("*.partial"))


def test_iter_sweep_yields_chunks_in_order(small) -> None:  # type: ignore[no-untyped-def]
    space = Space(small, [StakeLever(holder="a", values=linspace("0%", "50%", 11))])
    starts = [chunk.index[0] for chunk in iter_sweep(space, chunk_size=4)]
    assert starts == [0, 4, 8]


def test_a_space_pickles_for_other_processes() -> None:
    import pickle

    import attrs

    # An empty formerly_affiliated list (no party formerly affiliated) must survive too.
    deal_ = attrs.evolve(preset(JV), formerly_affiliated=())
    space = Space(deal_, [StakeLever(holder="bytedance", values=("20%",))])
    copy = pickle.loads(pickle.dumps(space))
    assert copy.deal == space.deal
    assert copy.deal.formerly_affiliated == ()
    assert copy.levers == space.levers


def test_dask_gives_identical_results() -> None:
    distributed = pytest.importorskip("distributed")
    space = Space(
        preset(JV),
        [
            StakeLever(holder="bytedance", values=Uniform(low="10%", high="30%")),
            *switches(["license_is_cooperation"]),
        ],
    )
    local = sweep(space, samples=3000, seed=11, chunk_size=1000)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = sweep(space, samples=3000, seed=11, chunk_size=1000, client=client)
    same(local, remote)


def test_progress_moves_chunk_by_chunk_to_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    sweep_module = importlib.import_module("tiktok_deal.scenarios.sweep")
    seen: list[int] = []

    class Bar:
        def update(self, n: int) -> None:
            seen.append(n)

        def close(self) -> None:
            seen.append(-1)

    monkeypatch.setattr(sweep_module, "_progress", lambda total, wanted: Bar())
    space = Space(preset(JV), [StakeLever(holder="bytedance", values=linspace("0%", "40%", 41))])
    chunks = list(iter_sweep(space, chunk_size=10))
    assert [len(c) for c in chunks] == [10, 10, 10, 10, 1]
    assert seen == [10, 10, 10, 10, 1, -1]  # one update per chunk, then closed


def test_a_notebook_gets_a_progress_bar_without_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import importlib
    import sys
    import types

    sweep_module = importlib.import_module("tiktok_deal.scenarios.sweep")

    kernel = types.SimpleNamespace(kernel=object())
    monkeypatch.setitem(sys.modules, "IPython", types.SimpleNamespace(get_ipython=lambda: kernel))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    bar = sweep_module._progress(10, None)
    assert bar is not None
    assert type(bar).__module__.startswith("tqdm")
    bar.close()
    monkeypatch.delitem(sys.modules, "IPython")
    assert sweep_module._progress(10, None) is None  # no terminal, no notebook: no bar
