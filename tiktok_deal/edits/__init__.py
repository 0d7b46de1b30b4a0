"""Every change to a deal, in one place: a function ``Deal → Deal`` for each, and ``Edit`` values
that apply and describe themselves, for remedies and plans.

Each result is a new, validated deal (``attrs.evolve``): an invalid scenario cannot exist. Stake
changes keep every entity's total at 100 % or less: ``rescaled`` says how the other holders give
way, and is written once for exact fractions and for arrays of scenarios alike.
"""

from __future__ import annotations

from .changes import (
    BASIS_POINT,
    NEW_BUYER,
    UNKNOWN,
    UNNAMED,
    ArrangementState,
    rescaled,
    set_arrangement,
    set_jurisdiction,
    set_licence,
    set_officer,
    set_operation,
    set_seats,
    set_stakes,
    transfer,
    with_party,
)
from .values import (
    AddSeat,
    DropControlRight,
    Edit,
    EndArrangement,
    LeaveCommittee,
    MakeOneTime,
    MoveOperation,
    MoveSeats,
    Option,
    ReassignOfficer,
    SetLicence,
    SetNationality,
    TransferStake,
)

__all__ = [
    "BASIS_POINT",
    "NEW_BUYER",
    "UNKNOWN",
    "UNNAMED",
    "AddSeat",
    "ArrangementState",
    "DropControlRight",
    "Edit",
    "EndArrangement",
    "LeaveCommittee",
    "MakeOneTime",
    "MoveOperation",
    "MoveSeats",
    "Option",
    "ReassignOfficer",
    "SetLicence",
    "SetNationality",
    "TransferStake",
    "rescaled",
    "set_arrangement",
    "set_jurisdiction",
    "set_licence",
    "set_officer",
    "set_operation",
    "set_seats",
    "set_stakes",
    "transfer",
    "with_party",
]
