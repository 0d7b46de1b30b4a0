"""``tiktok-deal sweep``: the bar, the SPEC forms, and bad input (exit 2, one line, no traceback)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tiktok_deal import preset
from tiktok_deal.cli import main
from tiktok_deal.scenarios import SeatLever, StakeLever, SwitchLever
from tiktok_deal.scenarios.spec import parse_vary

JV = preset("joint-venture-2026")


def test_the_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.csv"
    code = main(
        [
            "sweep",
            "--preset",
            "joint-venture-2026",
            "--vary",
            "stake:bytedance=0%:40%:41",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert "41 scenarios written" in capsys.readouterr().out
    frame = pd.read_csv(out)
    assert len(frame) == 41
    status = frame["pafaca.fa_ownership"].tolist()
    # 0 %, 1 %, …, 19 % compliant (20 rows); 20 %, …, 40 % violation (21 rows).
    assert status == ["compliant"] * 20 + ["violation"] * 21
    assert frame.loc[20, "stake:bytedance"] == 0.2


def test_csv_to_stdout_with_sampling_and_a_varied_reading(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(
        [
            "sweep",
            "--preset",
            "joint-venture-2026",
            "--vary",
            "stake:bytedance=uniform(0%,40%)",
            "--samples",
            "10",
            "--seed",
            "4",
            "--interpret",
            "lookthrough=multiply,direct",
            "--interpret",
            "hong_kong=excluded",
        ]
    )
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("scenario,stake:bytedance,lookthrough,fa_stake,margin,")
    assert len(lines) == 11


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            "stake:bytedance=0%:40%:5",
            StakeLever(holder="bytedance", values=("0%", "10%", "20%", "30%", "40%")),
        ),
        (
            "stake:oracle:tiktok-ltd=1/5,1/4",
            StakeLever(holder="oracle", of="tiktok-ltd", values=("20%", "25%")),
        ),
        (
            "voting:bytedance=51%@oracle",
            StakeLever(holder="bytedance", values=("51%",), basis="voting", balance="oracle"),
        ),
        (
            "seats:bytedance=1..3@oracle",
            SeatLever(party="bytedance", counts=(1, 2, 3), balance="oracle"),
        ),
        ("interpret:stake=all", SwitchLever(key="stake")),
    ],
)
def test_spec_forms(spec: str, expected: object) -> None:
    assert parse_vary(spec, JV) == expected


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        (["--vary", "stake:nobody=0%:40%:3"], "unknown party 'nobody'"),
        (["--vary", "stake:bytedance=0%:140%:3"], "cannot exceed 100 %"),
        (["--vary", "stake:bytedance=0%:40%:x"], "not a whole number"),
        (["--vary", "stake:bytedance=uniform(0%)"], "uniform(LOW,HIGH)"),
        (["--vary", "stakes:bytedance=1%"], "unknown lever 'stakes'"),
        (["--vary", "stake:bytedance"], "expected KIND"),
        (["--vary", "seats:bytedance=a,b"], "whole numbers"),
        (["--vary", "licence=maybe"], "licence status"),
        (["--vary", "jurisdiction:mgx=ZZ"], "unknown ISO"),
        (["--vary", "stake:bytedance=0%:90%:3"], "more than 100 %"),  # with oracle below
        (["--vary", "stake:bytedance=uniform(0%,40%)"], "distribution"),
        (["--vary", "stake:bytedance=1%", "--interpret", "lookthrough=sideways"], "sideways"),
        (["--vary", "stake:bytedance=1%", "--out", "x.txt"], ".csv or .parquet"),
        (["--vary", "stake:bytedance=1%", "--samples", "0"], "whole number ≥ 1"),
        (["nofile.toml", "--vary", "stake:bytedance=1%"], "nofile.toml"),
    ],
)
def test_bad_input_is_one_clear_message(
    argv: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = ["--vary", "stake:oracle=20%"] if "0%:90%:3" in " ".join(argv) else []
    try:
        code = main(["sweep", *argv, *extra])
    except SystemExit as usage:  # argparse's own usage errors
        code = usage.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2
    assert problem in err
    assert "Traceback" not in err


def test_an_unknown_sampling_method_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sweep", "--vary", "stake:bytedance=0%:40%:3", "--method", "sobol"])
    err = capsys.readouterr().err
    assert code == 2
    assert "unknown sampling method 'sobol'" in err


@pytest.mark.parametrize(
    ("argv", "problem"),
    [
        # a distribution's arguments are not split at the comma, and its name is the problem
        (["--vary", "stake:bytedance=normal(0.1,0.2)", "--samples", "3"], "unknown distribution 'normal'"),
        # a distribution without --samples says how to sample it
        (["--vary", "stake:bytedance=uniform(0%,40%)"], "--samples N"),
        # a dirichlet spec's error names the spec it is in
        (["--vary", "dirichlet:bytedance,oracle=1,x", "--samples", "3"], "--vary 'dirichlet:"),
        # one spelling for values: the underscores of the deal files
        (["--vary", "arrangement:algorithm_license:bytedance=one-time"], "one_time"),
        (["--vary", "operation:advertising=nobody"], "unknown party 'nobody'"),
        (["--vary", "officer:chairman=oracle"], "chairman"),
        # 20,000 × 20,000 = 4 × 10^8 rows: refused before any work, with the way out
        (["--vary", "stake:bytedance=0%:40%:20000", "--vary", "stake:oracle=0%:10%:20000"],
         "400,000,000 scenarios"),
        (["--vary", "stake:bytedance=1%", "--out", "no/such/folder/s.csv"], "does not exist"),
    ],
)  # fmt: skip
def test_what_used_to_mislead_is_now_one_clear_message(
    argv: list[str], problem: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["sweep", *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert problem in err
    assert len(err.strip().splitlines()) == 1


def test_officer_and_operation_levers_decide_the_rules_they_touch(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The joint venture's CEO is appointed by the joint venture itself; appointed by ByteDance,
    # §2(g)(1)(C) finds direction by a foreign adversary.
    assert main(["sweep", "--vary", "officer:ceo=oracle,bytedance"]) == 0
    rows = capsys.readouterr().out.splitlines()
    header = rows[0].split(",")
    direction = header.index("pafaca.fa_direction")
    assert [r.split(",")[direction] for r in rows[1:]] == ["compliant", "violation"]
    # Who runs advertising, once the joint venture runs e-commerce, marketing and interoperability
    # itself: the joint venture (nothing left to ByteDance's U.S. company) or that company
    # (§2(g)(3)(A): operated in part by an entity ByteDance controls).
    own = [f"operation:{f}=tiktok-usds-jv" for f in ("e_commerce", "marketing", "interoperability")]
    vary = [x for spec in own for x in ("--vary", spec)]
    lever = "operation:advertising=tiktok-usds-jv,tiktok-us-commerce"
    assert main(["sweep", *vary, "--vary", lever]) == 0
    rows = capsys.readouterr().out.splitlines()
    operated = rows[0].split(",").index("pafaca.operated_by")
    assert [r.split(",")[operated] for r in rows[1:]] == ["compliant", "violation"]


def test_csv_figures_have_no_float_noise(capsys: pytest.CaptureFixture[str]) -> None:
    # 0 %, 6 %, 12 %, 18 %: 0.18 in binary is 0.18000000000000002 when printed raw
    assert main(["sweep", "--vary", "stake:bytedance=0%:18%:4"]) == 0
    out = capsys.readouterr().out
    assert "0.18," in out
    assert "0000000" not in out
