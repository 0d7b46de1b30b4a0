"""The fast path agrees with the exact path (``check`` on each scenario's deal) on every status.

Random deals and random spaces from hypothesis, including stakes placed exactly on the 20 % line
and votes exactly on one half; plus thousands of scenarios of the joint venture, 41 of them on
the line.
"""

from __future__ import annotations

import contextlib
from fractions import Fraction

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiktok_deal import Arrangement, ControlRight, Deal, Party, Seat, Stake, preset, strategies
from tiktok_deal.scenarios import (
    ArrangementLever,
    DirichletStakes,
    JurisdictionLever,
    LicenceLever,
    SeatLever,
    Space,
    SpaceError,
    StakeLever,
    SwitchLever,
    Uniform,
    linspace,
    sweep,
)

STATUS_COLUMNS = [
    "pafaca.fa_person",
    "pafaca.fa_ownership",
    "pafaca.fa_direction",
    "pafaca.algorithm_cooperation",
    "pafaca.data_sharing",
    "pafaca.operational_relationship",
    "verdict",
]
COUNTRIES = ["US", "US", "CN", "HK", "SG", "KY", None]
#: Stakes that put figures on the lines: 1/5 (and pieces of it), 1/2, and ordinary values.
ON_THE_LINE = [
    Fraction(1, 5),
    Fraction(1, 10),
    Fraction(1, 2),
    Fraction(1, 4),
    Fraction(2, 5),
    Fraction(0),
    Fraction(3, 10),
    Fraction(1, 20),
    Fraction(199, 1000),
    Fraction(201, 1000),
]


def agree(space: Space, *, ruleset: str = "pafaca", **options: object) -> pd.DataFrame:
    """Sweep both ways and assert identical statuses and (within rounding) identical stakes."""
    fast = sweep(space, ruleset=ruleset, **options)  # type: ignore[arg-type]
    exact = sweep(space, ruleset=ruleset, exact=True, **options)  # type: ignore[arg-type]
    statuses = [c for c in fast.columns if "." in c and not c.startswith("stake")] + ["verdict"]
    differ = (fast[statuses].astype(str) != exact[statuses].astype(str)).any(axis=1)
    assert not differ.any(), pd.concat([fast[differ].head(3), exact[differ].head(3)]).T
    assert (fast["fa_stake"] - exact["fa_stake"]).abs().max() < 1e-9
    return fast


@st.composite
def deals(draw: st.DrawFn) -> Deal:
    """A small deal: target ``t``, parties ``p0…``; stakes in the target and in some parties
    (cross-holdings allowed), seats, rights and arrangements at random."""
    n = draw(st.integers(3, 6))
    ids = ["t"] + [f"p{i}" for i in range(n)]
    parties = [Party(id="t", organized_in=draw(st.sampled_from(["US", "US", "US", None])))]
    parties += [Party(id=p, organized_in=draw(st.sampled_from(COUNTRIES))) for p in ids[1:]]
    stakes = []
    for entity in ["t", *draw(st.lists(st.sampled_from(ids[1:]), max_size=2, unique=True))]:
        holders = draw(
            st.lists(
                st.sampled_from([i for i in ids if i != entity]),
                min_size=1,
                max_size=4,
                unique=True,
            )
        )
        left = Fraction(1)
        for holder in holders:
            equity = min(left, draw(st.sampled_from(ON_THE_LINE)))
            left -= equity
            voting = draw(
                st.sampled_from([None, None, equity, Fraction(1, 2) * equity, Fraction(11, 20)])
            )
            stakes.append(
                Stake(
                    holder=holder,
                    of=entity,
                    equity=equity,
                    voting=None if voting is None or voting > 1 else voting,
                )
            )
    stakes = _fit_votes(stakes)
    board = [Seat(appointed_by=draw(st.sampled_from(ids))) for _ in range(draw(st.integers(0, 5)))]
    rights = [
        ControlRight(holder=draw(st.sampled_from(ids[1:])), kind="veto")
        for _ in range(draw(st.integers(0, 1)))
    ]
    kinds = ["algorithm_license", "algorithm_cooperation", "data_sharing", "hosting"]
    arrangements = [
        Arrangement(
            kind=draw(st.sampled_from(kinds)),
            counterparty=draw(st.sampled_from(ids[1:])),
            ongoing=draw(st.booleans()),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    affiliated = draw(st.sampled_from([None, tuple(ids[1:3])]))
    return Deal(
        name="random",
        target="t",
        parties=parties,
        stakes=stakes,
        board=board,
        control_rights=rights,
        arrangements=arrangements,
        formerly_affiliated=affiliated,
        export_licence=draw(st.sampled_from([None, "granted", "denied", "pending"])),
    )


def _fit_votes(stakes: list[Stake]) -> list[Stake]:
    """Drop explicit votes where an entity's votes would pass 100 %."""
    totals: dict[str, Fraction] = {}
    fitted = []
    for s in stakes:
        if totals.get(s.of, Fraction(0)) + s.votes > 1:
            s = Stake(holder=s.holder, of=s.of, equity=s.equity)
            if totals.get(s.of, Fraction(0)) + s.votes > 1:
                s = Stake(holder=s.holder, of=s.of, equity=s.equity, voting=0)
        totals[s.of] = totals.get(s.of, Fraction(0)) + s.votes
        fitted.append(s)
    return fitted


@st.composite
def spaces(draw: st.DrawFn, source: st.SearchStrategy[Deal] | None = None) -> Space:
    """Random levers over a random deal: one or two stake levers (values on and around the
    lines, any basis, proportional or unnamed balance, sometimes a balancing holder), plus one
    lever of another kind."""
    deal = draw(source if source is not None else deals())
    ids = sorted(deal.parties)
    levers: list[object] = []
    entities = sorted({s.of for s in deal.stakes})
    balance = draw(st.sampled_from([None, None, "(unnamed)", "holder"]))
    used: set[tuple[str, str]] = set()
    for _ in range(draw(st.integers(1, 2))):
        entity = draw(st.sampled_from(entities))
        holder = draw(st.sampled_from([i for i in ids if i != entity]))
        if (holder, entity) in used:
            continue
        used.add((holder, entity))
        values = draw(st.lists(st.sampled_from(ON_THE_LINE), min_size=1, max_size=4))
        basis = draw(st.sampled_from(["both", "both", "equity", "voting"]))
        bal = balance
        if balance == "holder":
            others = sorted(s.holder for s in deal.holdings_in(entity) if s.holder != holder)
            bal = draw(st.sampled_from(others)) if others else None
        levers.append(
            StakeLever(
                holder=holder,
                of=None if entity == deal.target else entity,
                values=tuple(values),
                basis=basis,
                balance=bal,
            )
        )
    extra = draw(
        st.sampled_from(
            ["switch", "jurisdiction", "arrangement", "seats", "moved-seats", "licence", None]
        )
    )
    if extra == "switch":
        levers.append(
            SwitchLever(
                key=draw(
                    st.sampled_from(["lookthrough", "stake", "hong_kong", "license_is_cooperation"])
                )
            )
        )
    elif extra == "jurisdiction":
        levers.append(
            JurisdictionLever(party=draw(st.sampled_from(ids)), countries=("US", "CN", "unknown"))
        )
    elif extra == "arrangement":
        levers.append(
            ArrangementLever(
                kind="algorithm_license", counterparty=draw(st.sampled_from(ids[:-1] or ids))
            )
        )
    elif extra == "seats":
        levers.append(SeatLever(party=draw(st.sampled_from(ids)), counts=(0, 2, 4)))
    elif extra == "moved-seats" and len(deal.seats_of(deal.target)) >= 2:
        # The first appointer takes seats from the second: counts 0 … its own + theirs.
        first, second = deal.seats_of(deal.target)[0].appointed_by, None
        others = [s.appointed_by for s in deal.seats_of(deal.target) if s.appointed_by != first]
        if others:
            second = others[0]
            room = sum(s.appointed_by in (first, second) for s in deal.seats_of(deal.target))
            levers.append(SeatLever(party=first, counts=tuple(range(room + 1)), balance=second))
    elif extra == "licence":
        levers.append(LicenceLever())
    if len({getattr(lv, "balance", None) for lv in levers if isinstance(lv, StakeLever)}) > 1:
        levers = [lv for lv in levers if not isinstance(lv, StakeLever) or lv is levers[0]]
    try:
        return Space(deal, levers)  # type: ignore[arg-type]
    except SpaceError:
        return Space(deal, [lv for lv in levers if not isinstance(lv, StakeLever)])  # type: ignore[arg-type]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spaces(), st.sampled_from(["multiply", "control", "direct"]))
def test_fast_path_agrees_with_exact_path_on_random_spaces(space: Space, lookthrough: str) -> None:
    space = Space(space.deal, space.levers, interpretation={"lookthrough": lookthrough})
    agree(space, ruleset="all")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    spaces(
        strategies.deals(
            max_parties=6, unknown_jurisdictions=True, near_threshold=True, stake_ranges=True
        )
    ),
    st.sampled_from(["multiply", "control", "direct"]),
    st.sampled_from(["max", "equity", "voting"]),
)
def test_fast_path_agrees_on_the_librarys_own_deals(
    space: Space, lookthrough: str, stake: str
) -> None:
    """``tiktok_deal.strategies.deals``: unknown jurisdictions (bounds), stakes on and around the
    line, stake ranges, cross-holdings."""
    space = Space(
        space.deal, space.levers, interpretation={"lookthrough": lookthrough, "stake": stake}
    )
    agree(space, ruleset="all")


@settings(max_examples=30, deadline=None)
@given(spaces(), st.integers(0, 2**16), st.sampled_from(["random", "lhs"]), st.booleans())
def test_fast_path_agrees_on_sampled_spaces(
    space: Space, seed: int, method: str, dirichlet: bool
) -> None:
    holders = sorted(s.holder for s in space.deal.holdings_in(space.deal.target))
    levered = {c.split(":")[1] for c in space.stake_columns}
    free = [h for h in holders if h not in levered]
    if dirichlet and len(free) >= 2:
        extra = DirichletStakes(holders=tuple(free[:3]), alpha=(0.5, 2.0, 1.0)[: len(free[:3])])
        with contextlib.suppress(SpaceError):
            space = Space(space.deal, [*space.levers, extra])
    agree(space, samples=40, seed=seed, method=method)


def test_thousands_of_joint_venture_scenarios_agree_including_41_on_the_line() -> None:
    """ByteDance's stake 0 %…40 % in 1/1000 steps (401 points, 20 % among them), crossed with
    every reading of lookthrough and stake (9) → 3,609 scenarios; then 41 exactly on the line."""
    deal = preset("joint-venture-2026")
    space = Space(
        deal,
        [
            StakeLever(holder="bytedance", values=linspace("0%", "40%", 401)),
            SwitchLever(key="lookthrough"),
            SwitchLever(key="stake"),
        ],
    )
    frame = agree(space)
    assert len(frame) == 401 * 3 * 3
    on_line = Space(
        deal,
        [
            StakeLever(holder="bytedance", values=(Fraction(1, 5),)),
            SwitchLever(key="lookthrough"),
            SwitchLever(key="stake"),
            ArrangementLever(kind="algorithm_license", counterparty="bytedance"),
        ],
    )
    frame = agree(on_line)
    assert (frame["pafaca.fa_ownership"] == "violation").all()  # 20 % is at least 20 %


def test_dirichlet_and_uniform_samples_agree_and_stay_within_100_percent() -> None:
    deal = preset("joint-venture-2026")
    space = Space(
        deal,
        [
            StakeLever(holder="bytedance", values=Uniform(low="15%", high="25%")),
            DirichletStakes(holders=("oracle", "silver-lake", "mgx")),
        ],
    )
    frame = agree(space, samples=500, seed=7, method="lhs")
    # The three Dirichlet holders always add up to their base total, 15 + 15 + 15 = 45 %.
    total = frame[["stake:oracle", "stake:silver-lake", "stake:mgx"]].sum(axis=1)
    assert ((total - 0.45).abs() < 1e-12).all()
