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
    """ruff: lint and formatting."""
    session.install("ruff")
    session.run("ruff", "check", "tiktok_deal", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "tiktok_deal")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install("-e", ".", "mypy", "pandas-stubs")
    session.run("mypy", "tiktok_deal")


@nox.session
def fuzz(session: nox.Session) -> None:
    """10,000 generated deal documents through the loader."""
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
