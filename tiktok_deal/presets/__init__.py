"""The reported deal structures, shipped as deal files, each with its public sources."""

from __future__ import annotations

from importlib import resources

from ..errors import UnknownPresetError
from ..io import loads
from ..model import Deal

__all__ = ["DEFAULT_PRESET", "PRESETS", "preset"]

#: Built-in presets, oldest structure first.
PRESETS: tuple[str, ...] = (
    "status-quo",
    "tiktok-global-2020",
    "project-texas",
    "framework-2025-as-first-reported",
    "framework-2025",
    "joint-venture-2026",
)
DEFAULT_PRESET = "joint-venture-2026"


def preset(name: str = DEFAULT_PRESET) -> Deal:
    """Load a built-in preset by name (``tiktok-deal presets`` lists them)."""
    if name not in PRESETS:
        raise UnknownPresetError(f"unknown preset {name!r}; presets are: {', '.join(PRESETS)}")
    text = resources.files(__name__).joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return loads(text, source=f"preset {name}")
