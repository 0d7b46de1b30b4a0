"""The README's examples run and say what the README says they say."""

import re
from fractions import Fraction
from pathlib import Path

import tiktok_deal as td

README = (Path(__file__).parents[1] / "README.md").read_text()


def block(language: str) -> str:
    match = re.search(rf"```{language}\n(.*?)```", README, re.S)
    assert match, f"no {language} block in the README"
    return match.group(1)


def test_python_example_runs_and_its_comments_are_true() -> None:
    namespace: dict[str, object] = {}
    exec(block("python"), namespace)
    report = namespace["report"]
    assert isinstance(report, td.Report)
    assert report.verdict == td.Status.VIOLATION
    assert report["pafaca.fa_ownership"].value == Fraction(199, 1000)
    assert td.check(namespace["separated"]).verdict == td.Status.COMPLIANT  # type: ignore[arg-type]


def test_deal_file_example_is_exactly_on_the_line() -> None:
    # ByteDance 12 % directly + 40 % of a fund that is 20 % ByteDance: 12 % + 8 % = 20 %.
    deal = td.loads(block("toml"), source="README.md")
    finding = td.check(deal)["pafaca.fa_ownership"]
    assert finding.value == Fraction(12, 100) + Fraction(40, 100) * Fraction(20, 100)
    assert finding.value == Fraction(1, 5)
    assert finding.status == td.Status.VIOLATION


def test_report_block_is_what_check_prints(capsys) -> None:  # type: ignore[no-untyped-def]
    from tiktok_deal.cli import main

    assert main(["check"]) == 1
    printed = capsys.readouterr().out.splitlines()
    shown = block("text").splitlines()
    assert shown[0] == printed[0]  # the verdict line
    assert shown[-1] == printed[-1]  # the reading
    for line in shown[2:-2]:  # each finding: status, rule and citation as printed
        head, _, tail = line.partition("]  ")
        match = next(p for p in printed if p.startswith(head + "]"))
        for piece in tail.split("…"):
            assert piece.strip() in match, f"{piece.strip()!r} is not in {match!r}"


def test_changing_the_licence_reading_clears_one_finding_only() -> None:
    deal = td.preset("joint-venture-2026")
    diff = td.compare(deal, deal, interpretation_b={"license_is_cooperation": "never"})
    changed = [(f.rule, f.a.status, f.b.status) for f in diff.findings]
    assert changed == [("pafaca.algorithm_cooperation", "violation", "compliant")]
    assert td.check(deal, interpretation={"license_is_cooperation": "never"}).verdict == "violation"


def test_explain_block_is_what_explain_prints(tmp_path: Path) -> None:
    path = tmp_path / "deal.toml"
    path.write_text(block("toml"))
    shown = block("console").rstrip("\n")
    assert str(td.explain(td.load(path))) == shown
