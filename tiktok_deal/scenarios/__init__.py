"""Scenario spaces over a deal, sweeps into tidy DataFrames, margins, remedies and robustness
across interpretations.

>>> from tiktok_deal import preset
>>> from tiktok_deal.scenarios import Space, StakeLever, linspace, sweep
>>> space = Space(preset("joint-venture-2026"), [StakeLever(holder="bytedance",
...                                                          values=linspace("0%", "40%", 41))])
>>> frame = sweep(space)
>>> float(frame.loc[frame["pafaca.fa_ownership"] == "violation", "stake:bytedance"].min())
0.2
>>> from tiktok_deal.scenarios import remedies, robustness
>>> robustness(preset("framework-2025")).deciding
('license_is_cooperation',)
"""

from __future__ import annotations

from .headroom import Headroom, HolderRoom, headroom
from .levers import (
    ARRANGEMENT_STATES,
    UNKNOWN,
    UNNAMED,
    ArrangementLever,
    DirichletStakes,
    JurisdictionLever,
    Lever,
    LicenceLever,
    OfficerLever,
    OperationLever,
    SeatLever,
    SpaceError,
    StakeLever,
    SwitchLever,
    Triangular,
    Uniform,
    linspace,
    switches,
)
from .plan import ChangePlan, Plans, plan
from .remedies import Remedy, remedies
from .robustness import Robustness, robustness
from .space import Space
from .sweep import SweepSummary, iter_sweep, sweep, sweep_to_file

__all__ = [
    "ARRANGEMENT_STATES",
    "UNKNOWN",
    "UNNAMED",
    "ArrangementLever",
    "ChangePlan",
    "DirichletStakes",
    "Headroom",
    "HolderRoom",
    "JurisdictionLever",
    "Lever",
    "LicenceLever",
    "OfficerLever",
    "OperationLever",
    "Plans",
    "Remedy",
    "Robustness",
    "SeatLever",
    "Space",
    "SpaceError",
    "StakeLever",
    "SweepSummary",
    "SwitchLever",
    "Triangular",
    "Uniform",
    "headroom",
    "iter_sweep",
    "linspace",
    "plan",
    "remedies",
    "robustness",
    "sweep",
    "sweep_to_file",
    "switches",
]
