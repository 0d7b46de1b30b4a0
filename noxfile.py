"""Development sessions: ``nox -s tests lint typecheck`` (and ``fuzz``, ``bench``)."""

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.default_venv_backend = "venv"


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite, with the thorough derandomized hypothesis profile."""
    session.install("-e", ".[test]")
    session.run("pytest", "-q", *session.posargs, env={"HYPOTHESIS_PROFILE": "ci"})


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint and formatting) and the import layers (``lint-imports``, pyproject.toml)."""
    session.install("-e", ".", "ruff", "import-linter")
    session.run("ruff", "check", "tiktok_deal", "tests", "benchmarks", "examples", "noxfile.py")
    session.run("ruff", "format", "--check", "tiktok_deal")
    session.run("lint-imports")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package (with the extras it type-checks against)."""
    session.install("-e", ".[test]", "mypy", "pandas-stubs")
    session.run("mypy", "tiktok_deal")


@nox.session
def fuzz(session: nox.Session) -> None:
    """10,000 mutated and 10,000 generated deal documents through load, check, the report and
    the command line (tests/test_fuzz_loader.py): only InvalidDealError, never a traceback."""
    session.install("-e", ".[test]")
    session.run("pytest", "-q", "-m", "fuzz", env={"HYPOTHESIS_PROFILE": "fuzz"})


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks, each against its naive baseline in the same run."""
    session.install("-e", ".[test]", "networkx")
    for script in sorted(__import__("pathlib").Path("benchmarks").glob("bench_*.py")):
        session.run("python", str(script), *session.posargs)


@nox.session
def docs(session: nox.Session) -> None:
    """The documentation site, warnings as errors; every example on it runs while it builds."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing of ownership/, law/, io.py, model/, shares.py and bods/ ([tool.mutmut]
    in pyproject.toml): the surviving mutants, then the totals. tests/mutation-survivors.md says
    why each survivor left is equivalent. Takes a while; ``nox -s mutation -- --max-children 2``
    on a shared machine."""
    session.install("-e", ".[test]", "mutmut>=3.8")
    session.run("mutmut", "run", *session.posargs)
    session.run("mutmut", "results")
    session.run("mutmut", "export-cicd-stats")
    session.run(
        "python",
        "-c",
        "import json; s = json.load(open('mutants/mutmut-cicd-stats.json')); "
        "print(f\"killed {s['killed']} of {s['total']} mutants "
        "({100 * s['killed'] / s['total']:.1f} %), {s['timeout']} timed out, "
        "{s['survived']} survived, {s['no_tests']} reached by no test\")",
    )
