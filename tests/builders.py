"""Terse deal construction for tests: countries by party id, stakes as (holder, of, equity)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from tiktok_deal import Arrangement, ControlRight, Deal, Party, Seat, Stake


def deal(
    countries: Mapping[str, str | None],
    stakes: Iterable[tuple[Any, ...]] = (),
    *,
    target: str = "t",
    board: Iterable[tuple[str, str | None]] = (),
    rights: Iterable[tuple[str, str]] = (),
    arrangements: Iterable[tuple[str, str] | tuple[str, str, bool]] = (),
    kinds: Mapping[str, str] | None = None,
    **fields: Any,
) -> Deal:
    """``countries`` maps each party id to the country it is organized in (None: unknown).

    ``stakes`` are ``(holder, of, equity)`` or ``(holder, of, equity, voting)``; ``board`` is
    ``(appointed_by, nationality)`` seats of the target; ``rights`` ``(holder, kind)``;
    ``arrangements`` ``(kind, counterparty[, ongoing])``.
    """
    kinds = kinds or {}
    return Deal(
        name=fields.pop("name", "test deal"),
        target=target,
        parties=[
            Party(id=p, organized_in=c, kind=kinds.get(p, "company"))  # type: ignore[arg-type]
            for p, c in countries.items()
        ],
        stakes=[
            Stake(holder=s[0], of=s[1], equity=s[2], voting=s[3] if len(s) > 3 else None)
            for s in stakes
        ],
        board=[Seat(appointed_by=a, nationality=n) for a, n in board],
        control_rights=[ControlRight(holder=h, kind=k) for h, k in rights],
        arrangements=[
            Arrangement(kind=a[0], counterparty=a[1], ongoing=a[2] if len(a) > 2 else True)
            for a in arrangements
        ],
        **fields,
    )
