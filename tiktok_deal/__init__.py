"""tiktok_deal: deal structures checked against PAFACA and China's algorithm export control.

>>> import tiktok_deal
>>> report = tiktok_deal.check(tiktok_deal.preset("joint-venture-2026"))
>>> report["pafaca.fa_ownership"].value
Fraction(199, 1000)
"""

import importlib
from typing import Any

from .bods import load_bods, read_bods, write_bods
from .compare import Comparison, compare
from .errors import (
    DealError,
    InterpretationError,
    InvalidArgumentError,
    InvalidDealError,
    LookthroughConvergenceError,
    LookthroughError,
    LookthroughLimitError,
    OutputError,
    PlotError,
    SpaceError,
    UnknownPartyError,
    UnknownPresetError,
)
from .explanation import Explanation, explain
from .frames import from_frames, load_sheets, to_frames
from .io import deal_from_dict, deal_to_dict, dumps, load, loads, save
from .law import RULESETS, Finding, Interpretation, Rule, Status
from .model import Arrangement, ControlRight, Deal, Officer, Operation, Party, Seat, Stake
from .ownership import traced_stakes
from .presets import PRESETS, preset
from .report import Report, check, entity_report
from .shares import format_percent, parse_stake

__version__ = "0.2.0"

__all__ = [
    "PRESETS",
    "RULESETS",
    "Arrangement",
    "Comparison",
    "ControlRight",
    "Deal",
    "DealError",
    "Explanation",
    "Finding",
    "Interpretation",
    "InterpretationError",
    "InvalidArgumentError",
    "InvalidDealError",
    "LookthroughConvergenceError",
    "LookthroughError",
    "LookthroughLimitError",
    "Officer",
    "Operation",
    "OutputError",
    "Party",
    "PlotError",
    "Report",
    "Rule",
    "Seat",
    "SpaceError",
    "Stake",
    "Status",
    "UnknownPartyError",
    "UnknownPresetError",
    "__version__",
    "check",
    "compare",
    "deal_from_dict",
    "deal_to_dict",
    "dumps",
    "entity_report",
    "explain",
    "explore",
    "format_percent",
    "from_frames",
    "load",
    "load_bods",
    "load_sheets",
    "loads",
    "memo",
    "parse_stake",
    "plan",
    "plotting",
    "preset",
    "read_bods",
    "save",
    "scenarios",
    "strategies",
    "to_frames",
    "traced_stakes",
    "write_bods",
    "write_memo",
]

#: Subpackages loaded on first use (``td.scenarios.sweep``…): numpy and pandas for the scenario
#: engine, hypothesis for the strategies; matplotlib only when a plot is drawn.
_LAZY = ("plotting", "scenarios", "strategies")
#: Functions of those subpackages offered at the top, loaded on first use too; ``explore``, the
#: what-if panel, loads ipywidgets and matplotlib only when a panel is made.
_LAZY_NAMES = {"plan": "scenarios", "memo": "memos", "write_memo": "memos", "explore": "explorer"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f".{name}", __name__)
        globals()[name] = module
        return module
    if name in _LAZY_NAMES:
        value = getattr(importlib.import_module(f".{_LAZY_NAMES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tiktok_deal' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
