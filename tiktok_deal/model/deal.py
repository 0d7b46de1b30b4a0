"""A whole deal: the target whose control is tested and every fact about it.

An invalid deal cannot exist: construction raises ``InvalidDealError`` naming the field
(``stakes[3].equity``), and ``attrs.evolve`` validates every copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from operator import attrgetter
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
from .stakes import StakeColumns, StakeTable

__all__ = ["Deal"]

_ID = attrgetter("id")


def _parties(value: object) -> Mapping[str, Party]:
    items = fields.tuple_of(
        value.values() if isinstance(value, Mapping) else value, Party, "parties"
    )
    parties = dict(zip(map(_ID, items), items, strict=True))  # in C: fast for a million
    if len(parties) != len(items):
        seen: set[str] = set()
        for party in items:
            if party.id in seen:
                raise InvalidDealError("party id is used twice", field=f"parties.{party.id}")
            seen.add(party.id)
    if isinstance(value, Mapping):
        for key, party in value.items():
            if key != party.id:
                raise InvalidDealError(
                    f"key differs from the party's id {party.id!r}", field=f"parties.{key}"
                )
    return MappingProxyType(parties)


def _stakes(value: object) -> StakeTable:
    if isinstance(value, StakeTable):
        return value  # read-only: shared between a deal and its evolved copies
    return StakeTable.of(fields.tuple_of(value, Stake, "stakes"))


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
    stakes: Sequence[Stake] = attrs.field(default=(), converter=_stakes)
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
    _columns: StakeColumns | None = attrs.field(init=False, default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        self._check_ids()
        self._check_totals()

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle by fields (the read-only parties mapping itself cannot be pickled)."""
        fields = {f.name: getattr(self, f.name) for f in attrs.fields(Deal) if f.init}
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
        unknown = self._table.first_unknown(parties)
        if unknown is not None:
            i, field, party_id = unknown
            self._known(party_id, f"stakes[{i}].{field}")
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
        """One stake per holder and entity; the stakes held in one entity add up to 100 % at
        most, equity and voting apart (summed in floats, and exactly near 100 %: see
        ``StakeTable.first_excess``)."""
        table = self._table
        repeat = table.first_repeat()
        if repeat is not None:
            i, first = repeat
            stake = table[i]
            raise InvalidDealError(
                f"{stake.holder!r} already holds a stake in {stake.of!r} "
                f"(stakes[{first}]); give one entry per holder and entity",
                field=f"stakes[{i}]",
            )
        excess = table.first_excess()
        if excess is not None:
            i, basis, entity, total = excess
            raise InvalidDealError(
                f"the {basis} stakes held in {entity!r} add up to "
                f"{format_percent(total)}, more than 100 %",
                field=f"stakes[{i}].{basis}",
            )

    @property
    def _table(self) -> StakeTable:
        return self.stakes  # type: ignore[return-value]  # the converter makes every one a table

    def stake_columns(self) -> StakeColumns:
        """The stakes as arrays, for the look-through; made once per deal, O(stakes).

        ``ids`` is every party id in the deal's order; ``holder`` and ``held`` (numpy int64)
        index into it; ``floats(basis, upper=False)`` is each stake's share on ``"equity"`` or
        ``"voting"`` (votes default to equity; ``upper``: the top of a range); ``exact(k, basis,
        upper=False)`` is stake ``k``'s exact fraction, as ``Stake.share`` gives it; ``ranged``
        (bool) marks the stakes known only as ranges. The arrays are read-only.
        """
        if self._columns is None:
            object.__setattr__(self, "_columns", StakeColumns(self._table, tuple(self.parties)))
        assert self._columns is not None
        return self._columns

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
