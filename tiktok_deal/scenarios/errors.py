"""The scenario engine's one exception (part of the library's tree: a ``DealError``)."""

from __future__ import annotations

from ..errors import DealError

__all__ = ["SpaceError"]


class SpaceError(DealError, ValueError):
    """A lever or scenario space that does not fit its deal, or a malformed value."""
