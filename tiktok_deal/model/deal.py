"""A whole deal: the target whose control is tested and every fact about it.

An invalid deal cannot exist: construction raises ``InvalidDealError`` naming the field
(``stakes[3].equity``), and ``attrs.evolve`` validates every copy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from ..errors import InvalidDealError, UnknownPartyError
from ..shares import format_percent
from . import fields
from .entries import (
    LICENCE_STATUSES,
    Arrangement,
    ControlRight,
    Officer,
    Operation,
    Party,
    Seat,
    Stake,
)

__all__ = ["Deal"]


def _parties(value: object) -> Mapping[str, Party]:
    items = value.values() if isinstance(value, Mapping) else value
    parties: dict[str, Party] = {}
    for party in fields.tuple_of(items, Party, "parties"):
        if party.id in parties:
            raise InvalidDealError("party id is used twice", field=f"parties.{party.id}")
        parties[party.id] = party
    if isinstance(value, Mapping):
        for key, party in value.items():
            if key != party.id:
                raise InvalidDealError(
                    f"key differs from the party's id {party.id!r}", field=f"parties.{key}"
                )
    return MappingProxyType(parties)


def _stakes(value: object) -> tuple[Stake, ...]:
    return fields.tuple_of(value, Stake, "stakes")


def _board(value: object) -> tuple[Seat, ...]:
    return fields.tuple_of(value, Seat, "board")


def _officers(value: object) -> tuple[Officer, ...]:
    return fields.tuple_of(value, Officer, "officers")


def _control_rights(value: object) -> tuple[ControlRight, ...]:
    return fields.tuple_of(value, ControlRight, "control_rights")


def _arrangements(value: object) -> tuple[Arrangement, ...]:
    return fields.tuple_of(value, Arrangement, "arrangements")


def _operations(value: object) -> tuple[Operation, ...]:
    return fields.tuple_of(value, Operation, "operations")


def _formerly_affiliated(value: object) -> tuple[str, ...] | None:
    return fields.optional_strings(value, "formerly_affiliated")


def _sources(value: object) -> tuple[str, ...]:
    return fields.strings(value, "sources")


def _notes(value: object) -> tuple[str, ...]:
    return fields.strings(value, "notes")


@attrs.frozen(kw_only=True, eq=True)
class Deal:
    """A whole deal: the target whose control is tested and every fact about it.

    ``formerly_affiliated`` is None when the file does not say; then every party counts as
    formerly affiliated for PAFACA §2(g)(6)(B), the conservative reading.
    """

    name: str = attrs.field(validator=fields.text)
    target: str = attrs.field(validator=fields.text)
    parties: Mapping[str, Party] = attrs.field(converter=_parties)
    stakes: tuple[Stake, ...] = attrs.field(default=(), converter=_stakes)
    board: tuple[Seat, ...] = attrs.field(default=(), converter=_board)
    officers: tuple[Officer, ...] = attrs.field(default=(), converter=_officers)
    control_rights: tuple[ControlRight, ...] = attrs.field(default=(), converter=_control_rights)
    arrangements: tuple[Arrangement, ...] = attrs.field(default=(), converter=_arrangements)
    operations: tuple[Operation, ...] = attrs.field(default=(), converter=_operations)
    export_licence: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(fields.one_of(LICENCE_STATUSES))
    )
    formerly_affiliated: tuple[str, ...] | None = attrs.field(
        default=None, converter=_formerly_affiliated
    )
    as_of: date | None = attrs.field(default=None, validator=fields.optional_date)
    us_users: int | None = attrs.field(default=None, validator=fields.users)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_sources)
    description: str | None = attrs.field(default=None, validator=fields.optional_text)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_notes)

    def __attrs_post_init__(self) -> None:
        self._check_ids()
        self._check_totals()

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle by fields (the read-only parties mapping itself cannot be pickled)."""
        fields = {field.name: getattr(self, field.name) for field in attrs.fields(Deal)}
        fields["parties"] = dict(self.parties)
        return _deal_from_fields, (fields,)

    # -- validation of the whole ---------------------------------------------------------------
    def _known(self, party_id: str, field: str) -> None:
        if party_id not in self.parties:
            known = ", ".join(sorted(self.parties)) or "none"
            raise UnknownPartyError(
                f"unknown party {party_id!r} (parties defined: {known})", field=field
            )

    def _check_ids(self) -> None:
        parties = self.parties  # membership first: a field's name is spelled out only on failure
        self._known(self.target, "target")
        for i, stake in enumerate(self.stakes):
            if stake.holder not in parties or stake.of not in parties:
                self._known(stake.holder, f"stakes[{i}].holder")
                self._known(stake.of, f"stakes[{i}].of")
        for i, seat in enumerate(self.board):
            self._known(seat.appointed_by, f"board[{i}].appointed_by")
            if seat.of is not None:
                self._known(seat.of, f"board[{i}].of")
        for i, officer in enumerate(self.officers):
            self._known(officer.appointed_by, f"officers[{i}].appointed_by")
            if officer.of is not None:
                self._known(officer.of, f"officers[{i}].of")
        for i, right in enumerate(self.control_rights):
            self._known(right.holder, f"control_rights[{i}].holder")
            if right.of is not None:
                self._known(right.of, f"control_rights[{i}].of")
        for i, arrangement in enumerate(self.arrangements):
            self._known(arrangement.counterparty, f"arrangements[{i}].counterparty")
        for i, operation in enumerate(self.operations):
            self._known(operation.operator, f"operations[{i}].operator")
        for i, party_id in enumerate(self.formerly_affiliated or ()):
            self._known(party_id, f"formerly_affiliated[{i}]")

    def _check_totals(self) -> None:
        """Stakes held in one entity add up to 100 % at most, equity and voting apart.

        Summed in floats first; any entity within rounding of 100 % is then summed exactly, so
        large deals load fast and no total is ever decided by floating-point noise.
        """
        seen: dict[tuple[str, str], int] = {}
        rough: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for i, stake in enumerate(self.stakes):
            first = seen.setdefault((stake.holder, stake.of), i)
            if first != i:
                raise InvalidDealError(
                    f"{stake.holder!r} already holds a stake in {stake.of!r} "
                    f"(stakes[{first}]); give one entry per holder and entity",
                    field=f"stakes[{i}]",
                )
            sums = rough[stake.of]
            equity, votes = stake.equity, stake.votes
            sums[0] += equity.numerator / equity.denominator
            sums[1] += votes.numerator / votes.denominator
        close = {entity for entity, (e, v) in rough.items() if max(e, v) > 1 - 1e-9}
        exact: dict[str, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
        for i, stake in enumerate(self.stakes):
            if stake.of not in close:
                continue
            total = exact[stake.of]
            total[0] += stake.equity
            total[1] += stake.votes
            for basis, value in zip(("equity", "voting"), total, strict=True):
                if value > 1:
                    raise InvalidDealError(
                        f"the {basis} stakes held in {stake.of!r} add up to "
                        f"{format_percent(value)}, more than 100 %",
                        field=f"stakes[{i}].{basis}",
                    )

    # -- lookups -------------------------------------------------------------------------------
    def party(self, party_id: str) -> Party:
        """The party with that id; ``UnknownPartyError`` names the ids that exist."""
        self._known(party_id, "party")
        return self.parties[party_id]

    def label(self, party_id: str) -> str:
        """The party's display name."""
        return self.parties[party_id].name

    def holdings_in(self, entity: str) -> tuple[Stake, ...]:
        """The stakes held directly in ``entity``."""
        return tuple(stake for stake in self.stakes if stake.of == entity)

    def seats_of(self, entity: str) -> tuple[Seat, ...]:
        """The board seats of ``entity`` (seats with no ``of`` belong to the target)."""
        return tuple(seat for seat in self.board if (seat.of or self.target) == entity)

    def officers_of(self, entity: str) -> tuple[Officer, ...]:
        """The officers of ``entity`` (officers with no ``of`` are the target's)."""
        return tuple(officer for officer in self.officers if (officer.of or self.target) == entity)

    def rights_over(self, entity: str) -> tuple[ControlRight, ...]:
        """The control rights held over ``entity`` (rights with no ``of`` are over the target)."""
        return tuple(right for right in self.control_rights if (right.of or self.target) == entity)

    def _repr_html_(self) -> str:
        """The deal's facts as HTML tables, for Jupyter."""
        from .html import deal_html

        return deal_html(self)


def _deal_from_fields(fields: dict[str, Any]) -> Deal:
    return Deal(**fields)
