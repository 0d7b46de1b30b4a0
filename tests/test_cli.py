"""The tiktok-deal command: exit codes, JSON shape and bad input (contract §5)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tiktok_deal.cli import main

EXAMPLE = Path(__file__).parent / "data" / "example.toml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_without_arguments_reports_on_the_joint_venture(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "check")
    first = out.splitlines()[0]
    assert first.startswith("VIOLATION: TikTok USDS Joint Venture")
    assert "pafaca.fa_ownership" in out
    assert out.rstrip().splitlines()[-1].startswith("Interpretation: lookthrough=multiply")
    assert code == 1
    assert "\033[" not in out  # no colour when not on a terminal


def test_json_has_exactly_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE), "--json")
    data = json.loads(out)
    # The contract's keys, and those added since (keys may be added, never renamed).
    assert set(data) == {"deal", "verdict", "interpretation", "findings", "as_of"}
    assert set(data["interpretation"]) == {
        "lookthrough",
        "stake",
        "license_is_cooperation",
        "hong_kong",
        "operation",
    }
    for finding in data["findings"]:
        measured = {"exact", "contributions"} if finding["value"] is not None else set()
        assert set(finding) - measured == {
            "rule", "status", "citation", "explanation", "value", "bounds"
        }  # fmt: skip
    ownership = next(f for f in data["findings"] if f["rule"] == "pafaca.fa_ownership")
    assert ownership["value"] == "199/1000"
    assert ownership["bounds"] == ["199/1000", "199/1000"]
    assert data["verdict"] == "violation"  # the veto and the ongoing licence
    assert code == 1


@pytest.mark.parametrize(
    ("args", "verdict", "code"),
    [
        (["--ruleset", "china"], "compliant", 0),  # licence granted
        (["--ruleset", "all", "--interpret", "license_is_cooperation=never"], "violation", 1),
    ],
)
def test_exit_codes(
    capsys: pytest.CaptureFixture[str], args: list[str], verdict: str, code: int
) -> None:
    got, out, _ = run(capsys, "check", str(EXAMPLE), "--json", *args)
    assert (json.loads(out)["verdict"], got) == (verdict, code)


def test_indeterminate_exits_3(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "licence.toml"
    path.write_text(EXAMPLE.read_text().replace('"granted"', '"pending"'))
    assert run(capsys, "check", str(path), "--ruleset", "china")[0] == 3


def test_interpretation_changes_the_json(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(
        capsys,
        "check",
        str(EXAMPLE),
        "--json",
        "--interpret",
        "hong_kong=excluded",
        "--interpret",
        "stake=equity",
    )
    assert json.loads(out)["interpretation"]["hong_kong"] == "excluded"
    assert json.loads(out)["interpretation"]["stake"] == "equity"


def _variant(tmp_path: Path, old: str, new: str) -> str:
    text = EXAMPLE.read_text()
    assert old in text
    path = tmp_path / "bad.toml"
    path.write_text(text.replace(old, new, 1))
    return str(path)


@pytest.mark.parametrize(
    ("old", "new", "culprit"),
    [
        ("name = ", "name = = ", "invalid TOML"),
        ('holder = "oracle"', 'holder = "orcle"', "stakes[0].holder"),
        ('equity = "19.9%"', 'equity = "95%"', "stakes[1].equity"),
        ('equity = "19.9%"', 'equity = "-1%"', "stakes[1].equity"),
        ('equity = "19.9%"', 'equity = "lots"', "stakes[1].equity"),
        ('organized_in = "KY"', 'organized_in = "ZZ"', "parties.bytedance.organized_in"),
        ("us_users = ", "users = ", "unknown key 'users'"),
    ],
)
def test_bad_input_names_file_and_field(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, old: str, new: str, culprit: str
) -> None:
    path = _variant(tmp_path, old, new)
    code, out, err = run(capsys, "check", path)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err  # one message
    assert path in err
    assert culprit in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "culprit"),
    [
        (["check", "/nonexistent/deal.toml"], "no such file"),
        (["check", "--interpret", "stake=shares"], "stake='shares'"),
        (["check", "--interpret", "colour=blue"], "unknown interpretation switch 'colour'"),
        (["check", "--preset", "nope"], "unknown preset 'nope'"),
    ],
)
def test_bad_arguments(capsys: pytest.CaptureFixture[str], args: list[str], culprit: str) -> None:
    code, _, err = run(capsys, *args)
    assert (code, culprit in err, "Traceback" in err) == (2, True, False)


@pytest.mark.parametrize("args", [["check", "--ruleset", "eu"], ["frobnicate"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    assert "usage:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "a.toml", "--preset", "status-quo"], "give one of FILE, --preset"),
        (["check", "--preset", ""], "unknown preset ''"),
        (["check", "--interpret", "stake=equity", "--interpret", "stake=voting"], "given twice"),
        (["check", "--target", "x"], "--target goes with --bods"),
        (["timeline", "--as-of", "1900-01-01"], "before PAFACA was enacted"),
    ],
)
def test_conflicting_or_empty_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    try:
        code = main(args)
    except SystemExit as exit:  # argparse's own usage errors
        code = int(exit.code or 0)
    err = capsys.readouterr().err
    assert (code, message in err, "Traceback" in err) == (2, True, False)


def test_an_internal_error_exits_4_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug (here: any exception that is not the library's own) must never read as a verdict.
    import tiktok_deal.cli.check as command

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(command, "check", broken)
    code, out, err = run(capsys, "check")
    assert code == 4
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "internal error (ZeroDivisionError: a bug)" in err
    assert "Traceback" not in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    import tiktok_deal

    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"tiktok-deal {tiktok_deal.__version__}"


def test_presets_lists_every_preset_with_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "presets")
    names = [line.split()[0] for line in out.splitlines()]
    assert code == 0
    assert {
        "status-quo",
        "project-texas",
        "tiktok-global-2020",
        "framework-2025",
        "joint-venture-2026",
    } <= set(names)
    assert all(len(line.split(None, 1)) == 2 for line in out.splitlines())


def test_the_console_script_runs_and_import_stays_light() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tiktok_deal", "check", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert json.loads(done.stdout)["deal"].startswith("TikTok USDS Joint Venture")
    probe = "import sys, tiktok_deal; print('matplotlib' in sys.modules)"
    light = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert light.stdout.strip() == "False"


def test_a_closed_pipe_ends_quietly() -> None:
    # `tiktok-deal check | head -1`: the reader closes the pipe early; no traceback.
    done = subprocess.run(
        f"{sys.executable} -m tiktok_deal check | head -1",
        shell=True, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.stdout.startswith("VIOLATION: TikTok USDS Joint Venture")
    assert "Traceback" not in done.stderr


def test_on_a_terminal_the_report_wraps_to_its_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Explanations run to 500 characters: on a terminal each goes under its finding, wrapped to
    the terminal's columns, and says word for word what the one-line form says."""
    code, flat, _ = run(capsys, "check")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("COLUMNS", "72")
    monkeypatch.setenv("NO_COLOR", "1")
    again, wrapped, _ = run(capsys, "check")
    assert again == code == 1
    assert max(map(len, wrapped.splitlines())) <= 72 < max(map(len, flat.splitlines()))
    assert wrapped.split() == flat.split()
    assert "\n      TikTok USDS Joint Venture LLC keeps a cooperation" in wrapped
