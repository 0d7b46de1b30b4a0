"""Hypothesis profiles and the ``fuzz`` marker.

Profiles, chosen by the ``HYPOTHESIS_PROFILE`` environment variable:

* ``dev`` (default) — 50 examples per property, for a quick run while editing;
* ``ci`` — 200 examples, derandomized (the same examples every run) and no deadline;
* ``fuzz`` — 10,000 examples, for the dedicated loader-fuzzing session (``nox -s fuzz``).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile("ci", derandomize=True, max_examples=200, deadline=None)
settings.register_profile(
    "fuzz",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: the long loader-fuzzing run (nox -s fuzz, HYPOTHESIS_PROFILE=fuzz)"
    )
    config.addinivalue_line(
        "markers", "browser: opens a page in headless Chromium (skipped where it is not installed)"
    )
