"""The library's exceptions: one small tree, each also a builtin so callers can catch either.

``DealError`` is the root of everything the library raises on purpose; anything else escaping it
is a bug. A user's mistake is never a bare ``ValueError``::

    DealError
    ├── InvalidDealError (ValueError)        a deal, deal file or one of its fields
    │   └── UnknownPartyError (KeyError)     an id used but not defined
    ├── InvalidArgumentError (ValueError)    an argument a function or command cannot use
    │   ├── InterpretationError              an unknown interpretation switch or value
    │   ├── UnknownPresetError (KeyError)    no built-in preset of that name
    │   ├── SpaceError                       a scenario space that does not fit its deal
    │   ├── PlotError                        a plot that cannot be drawn from what was given
    │   └── OutputError                      an output path that cannot be written
    └── LookthroughError (ArithmeticError)   a look-through that cannot be settled

Input problems carry ``source`` (a file name) and ``field`` (a path such as
``stakes[3].equity``) so the message can name both.
"""

from __future__ import annotations

__all__ = [
    "DealError",
    "InterpretationError",
    "InvalidArgumentError",
    "InvalidDealError",
    "LookthroughConvergenceError",
    "LookthroughError",
    "LookthroughLimitError",
    "OutputError",
    "PlotError",
    "SpaceError",
    "UnknownPartyError",
    "UnknownPresetError",
]


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


class InvalidArgumentError(DealError, ValueError):
    """A function or command was given an argument it cannot use (an unknown rule set or
    format, a negative count, a date before the law existed…)."""

    def __str__(self) -> str:  # KeyError subclasses would otherwise show their repr
        return str(self.args[0]) if self.args else ""


class InterpretationError(InvalidArgumentError):
    """An unknown interpretation switch or value, or a switch given twice."""


class UnknownPresetError(InvalidArgumentError, KeyError):
    """No built-in preset has that name."""


class SpaceError(InvalidArgumentError):
    """A lever or scenario space that does not fit its deal, or a malformed value."""


class PlotError(InvalidArgumentError):
    """A plot that cannot be drawn from the arguments given."""


class OutputError(InvalidArgumentError):
    """An output path that cannot be written: a missing folder, a directory, no permission."""


class LookthroughError(DealError, ArithmeticError):
    """A look-through that cannot be settled within the library's limits; the message says
    which limit."""


class LookthroughConvergenceError(LookthroughError):
    """A large cross-holding the numeric look-through could not bound: no certified error bound
    was found within its iteration limits."""


class LookthroughLimitError(LookthroughError):
    """An exact look-through result was asked for that does not fit the exact work budget
    (``tiktok_deal.ownership.EXACT_BUDGET``); the message names the limit."""
