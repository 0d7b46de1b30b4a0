"""The examples run: every notebook in examples/ executes top to bottom in a fresh kernel, the plain
script checks a preset and a deal file, and the notebooks are kept in git without outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import tiktok_deal as td

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
SCRIPT = EXAMPLES / "check_a_deal.py"
CELL_TIMEOUT = 120  # seconds; each notebook takes well under 30 s in all
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def quiet_environment(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment the kernel or the script inherits: matplotlib drawing off-screen (Agg),
    so no figure is rendered inline or opens a window."""
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return dict(os.environ)


def test_there_are_the_examples_the_readme_describes() -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert len(NOTEBOOKS) >= 3
    for example in [*NOTEBOOKS, SCRIPT]:
        assert f"]({example.name})" in readme, f"examples/README.md does not link {example.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        where = f"{path.name}, cell {index}"
        assert "execution" not in cell.metadata, f"{where}: execution timings stored"
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{where}: outputs stored (strip them before committing)"
            assert cell.execution_count is None, f"{where}: an execution count is stored"
    assert notebook.cells[0].cell_type == "markdown", f"{path.name}: begin with an introduction"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path, tmp_path: Path, quiet_environment: dict[str, str]) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},  # the kernel's working directory
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors
    # Hypothesis keeps a cache in .hypothesis/ (ignored by git); nothing else may be written.
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != ".hypothesis")
    assert left == [], f"{path.name} left files behind: {left}"


def run_script(*arguments: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )


def test_script_help(tmp_path: Path, quiet_environment: dict[str, str]) -> None:
    result = run_script("--help", cwd=tmp_path, env=quiet_environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: check_a_deal.py")
    assert "joint-venture-2026" in result.stdout


def test_script_checks_a_preset(tmp_path: Path, quiet_environment: dict[str, str]) -> None:
    result = run_script("joint-venture-2026", cwd=tmp_path, env=quiet_environment)
    assert result.returncode == 1, result.stderr  # a violation, as the command line says
    out = result.stdout
    assert out.startswith("VIOLATION: TikTok USDS Joint Venture LLC")
    assert "pafaca.operational_relationship  [PAFACA §2(g)(6)(B)]" in out
    assert "Headroom: The foreign-adversary stake is 19.9 %: 0.1 points below the 20 % line." in out
    assert "ByteDance Ltd. (holding 19.9 % directly) could add anything less than 0.1 points" in out
    assert "Remedies, smallest first within each rule:" in out
    assert "Make the algorithm licence with ByteDance Ltd. one-time" in out
    chart = tmp_path / "joint-venture-2026-ownership.png"
    assert f"Ownership chart: {chart.name}" in out
    assert chart.read_bytes().startswith(PNG)
    assert chart.stat().st_size > 10_000


def test_script_saves_the_chart_next_to_a_deal_file(
    tmp_path: Path, quiet_environment: dict[str, str]
) -> None:
    deals, elsewhere = tmp_path / "deals", tmp_path / "elsewhere"
    deals.mkdir()
    elsewhere.mkdir()
    td.save(td.load(ROOT / "docs" / "deals" / "fund.toml"), deals / "fund.toml")
    result = run_script(
        str(deals / "fund.toml"),
        "--interpret",
        "stake=voting",
        cwd=elsewhere,
        env=quiet_environment,
    )
    out = result.stdout
    # Measured by votes, the sovereign fund (a limited partner) counts for nothing, and the fund
    # it invests in is no longer controlled by a foreign adversary: 10 %, and compliant.
    assert result.returncode == 0, result.stderr
    assert out.startswith("COMPLIANT: ")
    assert "Interpretation: lookthrough=multiply, stake=voting" in out
    assert "Headroom: The foreign-adversary stake is 10 %: 10 points below the 20 % line." in out
    assert "Remedies" not in out
    chart = deals / "fund-ownership.png"
    assert f"Ownership chart: {chart}" in out
    assert chart.read_bytes().startswith(PNG)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["no-such-deal"], "no-such-deal: no such file, and not a preset"),
        (["--interpret", "lookthrough=sideways"], "lookthrough"),
    ],
)
def test_script_refuses_bad_input(
    arguments: list[str], message: str, tmp_path: Path, quiet_environment: dict[str, str]
) -> None:
    result = run_script(*arguments, cwd=tmp_path, env=quiet_environment)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []
