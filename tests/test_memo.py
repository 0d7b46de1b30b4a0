"""The memo: one self-contained document a reader who does not code can open — and a real browser
shows it (verdict, every rule, the charts as pictures that load)."""

from __future__ import annotations

import base64
import json
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

import tiktok_deal as td
from tiktok_deal.cli import main

JV = "joint-venture-2026"


@pytest.fixture(scope="module")
def jv_report() -> td.Report:
    return td.check(td.preset(JV))


def test_html_memo_has_verdict_every_rule_and_inline_charts(jv_report: td.Report) -> None:
    pytest.importorskip("matplotlib")
    page = td.memo(jv_report, plan=False, today=__import__("datetime").date(2026, 12, 1))
    assert page.startswith("<!DOCTYPE html>")
    assert "VIOLATION" in page
    for finding in jv_report:
        assert finding.rule in page
        assert finding.citation in page
    images = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(images) >= 1
    for data in images:  # each is a whole PNG
        assert base64.b64decode(data).startswith(b"\x89PNG\r\n\x1a\n")
    assert "memo made on 2026-12-01" in page
    assert "as of 2026-01-22" in page  # the joint venture's closing date
    assert "src=\"http" not in page  # self-contained: nothing fetched from elsewhere


def test_markdown_memo_lists_the_statute_reading_and_sources(jv_report: td.Report) -> None:
    text = td.memo(jv_report, format="md", charts=False, plan=False)
    assert text.splitlines()[0] == f"# {jv_report.deal.name}"
    assert "lookthrough=multiply" in text
    for source in jv_report.deal.sources:
        assert f"- {source}" in text
    # the foreign-adversary stake: ByteDance's 19.9 % is below 20 % by 0.1 points
    assert "19.9 %" in text


def test_memo_plan_section_names_a_change_that_works(jv_report: td.Report) -> None:
    text = td.memo(jv_report, format="md", charts=False)
    section = text.split("## What would make it comply", 1)[1].split("## ", 1)[0]
    assert "verified by a full check (verdict after: compliant)" in section
    assert re.search(r"^1\. ", section, flags=re.MULTILINE)


def test_compliant_deal_says_nothing_to_change(jv_report: td.Report) -> None:
    fixed = td.plan(jv_report.deal).plans[0].deal  # the joint venture once the plan is made
    report = td.check(fixed)
    assert report.verdict == "compliant"
    text = td.memo(report, format="md", charts=False)
    assert "**COMPLIANT**" in text
    assert "Every rule is met." in text
    assert "The deal complies: nothing to change." in text


def test_report_command_writes_the_file_and_exits_as_check(tmp_path: Path) -> None:
    out = tmp_path / "memo.md"
    code = main(["report", f"preset:{JV}", "--out", str(out)])
    assert code == 1  # the joint venture is a violation under the defaults
    assert out.read_text(encoding="utf-8").startswith("# TikTok USDS Joint Venture")
    assert out.stat().st_mode & 0o044  # readable as any new file is, not private to its writer


def test_report_command_refuses_a_bad_out_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", f"preset:{JV}", "--out", str(tmp_path / "memo.pdf")])
    assert code == 2
    assert "must end in .html or .md" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# ----------------------------------------------------------------------------- a real browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _call(base: str, method: str, path: str, body: object = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base + path, data=data, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


@pytest.mark.browser
@pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="needs Chromium and ChromeDriver (Debian: apt-get install chromium chromium-driver)",
)
def test_memo_opens_in_a_browser(jv_report: td.Report, tmp_path: Path) -> None:
    """Headless Chromium opens the memo: the verdict and every rule id are visible text, and
    every chart is a picture that decoded (natural width > 0). The screenshot is kept."""
    pytest.importorskip("matplotlib")
    page = td.write_memo(jv_report, tmp_path / "memo.html", plan=False)
    port = _free_port()
    driver = subprocess.Popen(
        [str(CHROMEDRIVER), f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                _call(base, "GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
                "--window-size=1280,2400"]  # fmt: skip
        options = {"binary": str(CHROMIUM), "args": args}
        session = _call(
            base,
            "POST",
            "/session",
            {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}},
        )["value"]["sessionId"]
        try:
            _call(base, "POST", f"/session/{session}/url", {"url": page.as_uri()})
            script = (
                "return {text: document.body.innerText, images: Array.from(document.images)"
                ".map(i => [i.alt, i.complete, i.naturalWidth, i.getBoundingClientRect().width])};"
            )
            seen = _call(base, "POST", f"/session/{session}/execute/sync",
                         {"script": script, "args": []})["value"]  # fmt: skip
            shot = _call(base, "GET", f"/session/{session}/screenshot")["value"]
            (tmp_path / "memo.png").write_bytes(base64.b64decode(shot))
        finally:
            _call(base, "DELETE", f"/session/{session}")
    finally:
        driver.terminate()
        driver.wait(timeout=10)
    assert "VIOLATION" in seen["text"]
    for finding in jv_report:
        assert finding.rule in seen["text"]
    assert seen["images"], "the memo shows no chart"
    for alt, complete, natural, shown in seen["images"]:
        assert complete, f"{alt} did not load"
        assert natural > 0, f"{alt} did not decode"
        assert shown > 0, f"{alt} takes no room on the page"


def test_td_memo_stays_the_function_after_the_command_imports_its_module() -> None:
    import importlib

    importlib.import_module("tiktok_deal.memos")
    assert callable(td.memo)
    assert callable(td.write_memo)


def test_the_breakdown_lists_each_route_with_its_share() -> None:
    # 12 % directly and 40 % × 20 % = 8 % through the fund
    deal = td.load(Path(__file__).parents[1] / "docs" / "deals" / "first-deal.toml")
    text = td.memo(td.check(deal), format="md", charts=False, plan=False)
    section = text.split("## The foreign-adversary stake, by route", 1)[1].split("## ", 1)[0]
    assert "| ByteDance Ltd. | ByteDance Ltd. → NewCo U.S. LLC | 12 % |" in section
    assert "| ByteDance Ltd. | ByteDance Ltd. → A U.S. fund → NewCo U.S. LLC | 8 % |" in section
    assert "In all 20 %" in section
