"""The facts of a deal: frozen attrs classes whose validators run on every copy (``attrs.evolve``).

A ``Deal`` is parties, exact stakes (equity and voting), board seats, officers, control rights,
arrangements and operations, plus China's export-licence status.
"""

from __future__ import annotations

from .deal import Deal
from .entries import (
    ARRANGEMENT_KINDS,
    CONTROL_RIGHT_KINDS,
    FUNCTIONS,
    LICENCE_STATUSES,
    LINKS,
    OFFICER_ROLES,
    PARTY_KINDS,
    Arrangement,
    ControlRight,
    Officer,
    Operation,
    Party,
    PartyKind,
    Seat,
    Stake,
    words,
)

__all__ = [
    "ARRANGEMENT_KINDS",
    "CONTROL_RIGHT_KINDS",
    "FUNCTIONS",
    "LICENCE_STATUSES",
    "LINKS",
    "OFFICER_ROLES",
    "PARTY_KINDS",
    "Arrangement",
    "ControlRight",
    "Deal",
    "Officer",
    "Operation",
    "Party",
    "PartyKind",
    "Seat",
    "Stake",
    "words",
]
