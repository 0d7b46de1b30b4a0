"""The documentation's examples run: every ```python block of each page, in order, in one namespace
per page (as markdown-exec runs them when the site builds), every executed console example with its
exit status, and every deal file the pages show loads."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import tiktok_deal as td

ROOT = Path(__file__).parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
FENCE = re.compile(
    r"^(?P<indent> *)```(?P<lang>[\w-]+)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S
)
OPTION = re.compile(r'(\w+)="([^"]*)"')
SNIPPET = re.compile(r'^\s*--8<-- "([^"]+)"\s*$', re.M)


def blocks(page: Path, *languages: str) -> list[tuple[dict[str, str], str]]:
    """The fenced blocks of ``page`` in those languages: (options, body), in page order."""
    found = []
    for match in FENCE.finditer(page.read_text(encoding="utf-8")):
        if match["lang"] in languages:
            indent = len(match["indent"])
            body = "\n".join(line[indent:] for line in match["body"].splitlines())
            found.append((dict(OPTION.findall(match["info"])), body))
    return found


def session(page: Path) -> str:
    return page.relative_to(DOCS).with_suffix("").as_posix()


def name(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def included(body: str) -> str:
    """A block's text with its snippet lines (``--8<-- "path"``) replaced by the files."""

    def read(match: re.Match[str]) -> str:
        path, _, section = match[1].partition(":")
        text = (ROOT / path).read_text(encoding="utf-8")
        if section:
            start, end = f"--8<-- [start:{section}]", f"--8<-- [end:{section}]"
            text = text.split(start, 1)[1].split("\n", 1)[1].split(end, 1)[0]
            text = text.rsplit("\n", 1)[0]
        return "\n".join(line for line in text.splitlines() if "--8<-- [" not in line)

    return SNIPPET.sub(read, body)


PYTHON_PAGES = [page for page in PAGES if blocks(page, "python")]


def test_the_docs_have_examples() -> None:
    assert len(PYTHON_PAGES) >= 5


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=name)
def test_every_python_block_runs_when_the_site_builds(page: Path) -> None:
    for options, body in blocks(page, "python"):
        assert options.get("exec") == "on", f"a block on {name(page)} is not executed:\n{body}"
        assert options.get("session") == session(page), (
            f'blocks on {name(page)} share one namespace: session="{session(page)}"'
        )


@pytest.mark.parametrize("page", PYTHON_PAGES, ids=name)
def test_every_python_block_of_a_page_runs_in_order(
    page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    namespace: dict[str, object] = {"__name__": f"docs_{session(page).replace('/', '_')}"}
    try:
        for number, (_, body) in enumerate(blocks(page, "python"), 1):
            code = compile(body, f"{name(page)}, python block {number}", "exec")
            with contextlib.redirect_stdout(io.StringIO()):
                exec(code, namespace)
    finally:
        plt.close("all")


CONSOLE = [
    pytest.param(options, body, id=f"{name(page)}: {body.splitlines()[0]}")
    for page in PAGES
    for options, body in blocks(page, "console")
    if options.get("exec") == "on"
]


@pytest.mark.parametrize(("options", "body"), CONSOLE)
def test_every_console_example_exits_as_the_page_says(options: dict[str, str], body: str) -> None:
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ["PATH"], "NO_COLOR": "1"}
    for line in body.splitlines():
        if line.startswith("$ "):
            command = line[2:]
            if command.split()[0] == "tiktok-deal":  # the module, in case the script is elsewhere
                command = f"{shlex.quote(sys.executable)} -m tiktok_deal {command[12:]}"
            result = subprocess.run(
                command, shell=True, cwd=ROOT, env=env, capture_output=True, text=True, check=False
            )
            assert result.returncode == int(options.get("returncode", "0")), result.stderr


DEAL_BLOCKS = [
    pytest.param(body, id=f"{name(page)}: block {number}")
    for page in PAGES
    for number, (_, body) in enumerate(blocks(page, "toml"), 1)
]


@pytest.mark.parametrize("body", DEAL_BLOCKS)
def test_every_deal_file_shown_loads(body: str) -> None:
    paths = [match.split(":")[0] for match in SNIPPET.findall(body)]
    if paths:  # a file (or part of one) shown from docs/deals: the whole file must load
        for path in paths:
            assert path.startswith("docs/deals/"), path
            td.load(ROOT / path)
    else:
        td.loads(body, source="a deal file on a page")


@pytest.mark.parametrize("path", sorted((DOCS / "deals").glob("*.toml")), ids=lambda p: p.name)
def test_every_deal_file_in_docs_deals_loads(path: Path) -> None:
    td.load(path)


def test_the_rule_reference_cites_every_rule() -> None:
    page = DOCS / "reference" / "rules.md"
    namespace: dict[str, object] = {}
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        for _, body in blocks(page, "python"):
            exec(body, namespace)
    text = output.getvalue()
    assert "§2(g)(1)(B)" in text
    for rule in td.RULESETS["all"]:
        assert f"`{rule.id}`" in text
        assert rule.citation in text
        if rule.leaves_out:
            assert rule.leaves_out in text


def test_the_readme_link_to_the_deal_file_reference_holds() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)#]+)", readme):
        assert (ROOT / link).is_file(), link
