"""The library's exceptions: one small tree, each also a builtin so callers can catch either.

``DealError`` is the root. Input problems carry ``source`` (a file name) and ``field`` (a path such
as ``stakes[3].equity``) so the message can name both.
"""

from __future__ import annotations


class DealError(Exception):
    """Root of every error this library raises on purpose."""


class InvalidDealError(DealError, ValueError):
    """A deal, a deal file or one of its fields is invalid.

    The message reads ``source: field: problem``; ``source`` and ``field`` are kept as attributes.
    """

    def __init__(self, problem: str, *, field: str = "", source: str = "") -> None:
        self.problem = problem
        self.field = field
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        return ": ".join(part for part in (self.source, self.field, self.problem) if part)

    def within(self, *, field: str = "", source: str = "") -> InvalidDealError:
        """The same error placed inside ``field`` (prefixed) and ``source``."""
        if field and self.field:
            inner = self.field if self.field.startswith("[") else "." + self.field
            field = field + inner
        return type(self)(self.problem, field=field or self.field, source=source or self.source)

    def __str__(self) -> str:
        return self._message()


class UnknownPartyError(InvalidDealError, KeyError):
    """A party id is used (as holder, target, appointer, counterparty…) but not defined."""


class InterpretationError(DealError, ValueError):
    """An unknown interpretation switch or value."""


class UnknownPresetError(DealError, KeyError):
    """No built-in preset has that name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class LookthroughConvergenceError(DealError, ArithmeticError):
    """A large cross-holding could not be solved to working accuracy (contract §3.2): the numeric
    look-through found no certified error bound within its iteration limits."""


class LookthroughLimitError(DealError, ArithmeticError):
    """An exact look-through result was asked for that does not fit the exact work budget
    (``tiktok_deal.ownership.EXACT_BUDGET``); the message names the limit."""
