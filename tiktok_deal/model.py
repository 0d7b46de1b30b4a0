"""The facts of a deal: frozen attrs classes whose validators run on every copy (``attrs.evolve``).

A ``Deal`` is parties, exact stakes (equity and voting), board seats, control rights and
arrangements, plus China's export-licence status (contract §1). An invalid deal cannot exist:
construction raises ``InvalidDealError`` naming the field (``stakes[3].equity``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import Any, Literal, TypeAlias

import attrs

from .countries import is_country
from .errors import InvalidDealError, UnknownPartyError
from .shares import format_percent, parse_stake

__all__ = [
    "ARRANGEMENT_KINDS",
    "CONTROL_RIGHT_KINDS",
    "LICENCE_STATUSES",
    "PARTY_KINDS",
    "Arrangement",
    "ControlRight",
    "Deal",
    "Party",
    "Seat",
    "Stake",
]

PartyKind: TypeAlias = Literal["company", "fund", "government", "individual", "pool", "other"]
PARTY_KINDS: tuple[str, ...] = ("company", "fund", "government", "individual", "pool", "other")
CONTROL_RIGHT_KINDS: tuple[str, ...] = ("veto", "golden_share", "management")
ARRANGEMENT_KINDS: tuple[str, ...] = (
    "algorithm_license",
    "algorithm_cooperation",
    "data_sharing",
    "commercial_services",
    "interoperability",
    "hosting",
    "security_partner",
    "other",
)
LICENCE_STATUSES: tuple[str, ...] = ("granted", "denied", "pending", "not_sought")
LINKS: tuple[str, ...] = (
    "organized_in",
    "headquartered_in",
    "principal_place_of_business",
    "domiciled_in",
)


# ----------------------------------------------------------------------------- field validators
def _fail(attribute: attrs.Attribute[Any], problem: str) -> InvalidDealError:
    return InvalidDealError(problem, field=attribute.name)


def _one_of(choices: tuple[str, ...]) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in choices:
            raise _fail(attribute, f"expected one of {', '.join(choices)}; got {value!r}")

    return check


def _text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise _fail(attribute, f"expected a non-empty string, got {value!r}")


def _boolean(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise _fail(attribute, f"expected true or false, got {value!r}")


def _optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(instance, attribute, value)


def _country(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_country(value):
        hint = " (codes are upper case)" if is_country(str(value).upper()) else ""
        raise _fail(attribute, f"unknown ISO 3166-1 alpha-2 country code {value!r}{hint}")


# Converters take the field's name so their errors can name it (attrs runs them before validators).
def _stake(value: object, field: str) -> Fraction:
    try:
        return parse_stake(value)
    except ValueError as error:
        raise InvalidDealError(str(error), field=field) from None


def _optional_stake(value: object, field: str) -> Fraction | None:
    return None if value is None else _stake(value, field)


def _strings(value: object, field: str) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise InvalidDealError(f"expected a list of strings, got {value!r}", field=field)
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidDealError(f"expected non-empty strings, got {item!r}", field=field)
    return items


def _optional_strings(value: object, field: str) -> tuple[str, ...] | None:
    return None if value is None else _strings(value, field)


def _tuple_of(value: object, kind: type, field: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise InvalidDealError(f"expected a list of {kind.__name__}, got {value!r}", field=field)
    items = tuple(value)
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidDealError(
                f"expected {kind.__name__}, got {type(item).__name__}", field=f"{field}[{index}]"
            )
    return items


def _equity(value: object) -> Fraction:
    return _stake(value, "equity")


def _voting(value: object) -> Fraction | None:
    return _optional_stake(value, "voting")


def _equity_max(value: object) -> Fraction | None:
    return _optional_stake(value, "equity_max")


def _voting_max(value: object) -> Fraction | None:
    return _optional_stake(value, "voting_max")


def _committees(value: object) -> tuple[str, ...]:
    return _strings(value, "committees")


# ----------------------------------------------------------------------------- facts
@attrs.frozen(kw_only=True)
class Party:
    """A person or entity, linked to every country in its four jurisdiction fields (contract §1).

    A party with none of them has *unknown* jurisdiction: rules give bounds, never a guess.
    """

    id: str = attrs.field(validator=_text)
    name: str = attrs.field(default=attrs.Factory(lambda self: self.id, takes_self=True))
    kind: PartyKind = attrs.field(default="company", validator=_one_of(PARTY_KINDS))
    organized_in: str | None = attrs.field(default=None, validator=_country)
    headquartered_in: str | None = attrs.field(default=None, validator=_country)
    principal_place_of_business: str | None = attrs.field(default=None, validator=_country)
    domiciled_in: str | None = attrs.field(default=None, validator=_country)
    note: str | None = attrs.field(default=None, validator=_optional_text)

    @property
    def links(self) -> tuple[tuple[str, str], ...]:
        """``(field, country)`` for each jurisdiction given, e.g. ``("headquartered_in", "CN")``."""
        return tuple((link, getattr(self, link)) for link in LINKS if getattr(self, link))

    @property
    def countries(self) -> frozenset[str]:
        """Every country the party is linked to; empty when its jurisdiction is unknown."""
        return frozenset(country for _, country in self.links)

    @property
    def jurisdiction_known(self) -> bool:
        return bool(self.links)

    def links_to(self, countries: Iterable[str]) -> str | None:
        """How the party is linked to any of ``countries`` (``"headquartered in CN"``), or None."""
        wanted = set(countries)
        found = [f"{link.replace('_', ' ')} {c}" for link, c in self.links if c in wanted]
        return ", ".join(found) or None


@attrs.frozen(kw_only=True)
class Stake:
    """``holder`` owns ``equity`` (and ``voting``, defaulting to ``equity``) of entity ``of``.

    A stake known only as a range (as ownership registers publish them) gives its bottom in
    ``equity``/``voting`` and its top in ``equity_max``/``voting_max``; rules then give bounds.
    """

    holder: str = attrs.field(validator=_text)
    of: str = attrs.field(validator=_text)
    equity: Fraction = attrs.field(converter=_equity)
    voting: Fraction | None = attrs.field(default=None, converter=_voting)
    equity_max: Fraction | None = attrs.field(default=None, converter=_equity_max)
    voting_max: Fraction | None = attrs.field(default=None, converter=_voting_max)
    note: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.holder == self.of:
            raise InvalidDealError(f"{self.holder!r} cannot hold a stake in itself", field="of")
        if self.voting_max is not None and self.voting is None:
            raise InvalidDealError("a voting range needs its bottom in voting", field="voting_max")
        for top, bottom in (("equity_max", self.equity), ("voting_max", self.voting)):
            value = getattr(self, top)
            if value is not None and bottom is not None and value < bottom:
                raise InvalidDealError(
                    f"the top of the range ({format_percent(value)}) is below its bottom "
                    f"({format_percent(bottom)})",
                    field=top,
                )

    @property
    def votes(self) -> Fraction:
        """The voting fraction: ``voting`` when given, else ``equity``."""
        return self.equity if self.voting is None else self.voting

    @property
    def is_range(self) -> bool:
        """True when the stake is known only as a range."""
        return self.equity_max is not None or self.voting_max is not None

    def share(self, basis: Literal["equity", "voting"], *, upper: bool = False) -> Fraction:
        """The stake on ``basis``: the bottom of its range, or with ``upper`` the top."""
        if basis == "voting" and self.voting is not None:
            return self.voting_max if upper and self.voting_max is not None else self.voting
        return self.equity_max if upper and self.equity_max is not None else self.equity


@attrs.frozen(kw_only=True)
class Seat:
    """One seat on a board (the target's, unless ``of`` names another entity)."""

    appointed_by: str = attrs.field(validator=_text)
    nationality: str | None = attrs.field(default=None, validator=_country)
    committees: tuple[str, ...] = attrs.field(default=(), converter=_committees)
    director: str | None = attrs.field(default=None, validator=_optional_text)
    of: str | None = attrs.field(default=None, validator=_optional_text)
    note: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class ControlRight:
    """A veto, golden share or management contract held over an entity (the target by default)."""

    holder: str = attrs.field(validator=_text)
    kind: str = attrs.field(validator=_one_of(CONTROL_RIGHT_KINDS))
    of: str | None = attrs.field(default=None, validator=_optional_text)
    note: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Arrangement:
    """A relationship between the target and ``counterparty`` (contract §3.4).

    ``ongoing`` defaults to True, the conservative reading: a licence that continues after closing.
    """

    kind: str = attrs.field(validator=_one_of(ARRANGEMENT_KINDS))
    counterparty: str = attrs.field(validator=_text)
    ongoing: bool = attrs.field(default=True, validator=_boolean)
    note: str | None = attrs.field(default=None, validator=_optional_text)


def _parties(value: object) -> Mapping[str, Party]:
    items = value.values() if isinstance(value, Mapping) else value
    parties: dict[str, Party] = {}
    for party in _tuple_of(items, Party, "parties"):
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
    return _tuple_of(value, Stake, "stakes")


def _board(value: object) -> tuple[Seat, ...]:
    return _tuple_of(value, Seat, "board")


def _control_rights(value: object) -> tuple[ControlRight, ...]:
    return _tuple_of(value, ControlRight, "control_rights")


def _arrangements(value: object) -> tuple[Arrangement, ...]:
    return _tuple_of(value, Arrangement, "arrangements")


def _formerly_affiliated(value: object) -> tuple[str, ...] | None:
    return _optional_strings(value, "formerly_affiliated")


def _sources(value: object) -> tuple[str, ...]:
    return _strings(value, "sources")


def _notes(value: object) -> tuple[str, ...]:
    return _strings(value, "notes")


def _us_users(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise _fail(attribute, f"expected a whole number of users ≥ 0, got {value!r}")


def _optional_date(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, date):
        raise _fail(attribute, f"expected a date such as 2026-01-22, got {value!r}")


@attrs.frozen(kw_only=True, eq=True)
class Deal:
    """A whole deal: the target whose control is tested and every fact about it (contract §1).

    ``formerly_affiliated`` is None when the file does not say; then every party counts as
    formerly affiliated for §2(g)(6)(B), the conservative reading (contract §3.4).
    """

    name: str = attrs.field(validator=_text)
    target: str = attrs.field(validator=_text)
    parties: Mapping[str, Party] = attrs.field(converter=_parties)
    stakes: tuple[Stake, ...] = attrs.field(default=(), converter=_stakes)
    board: tuple[Seat, ...] = attrs.field(default=(), converter=_board)
    control_rights: tuple[ControlRight, ...] = attrs.field(default=(), converter=_control_rights)
    arrangements: tuple[Arrangement, ...] = attrs.field(default=(), converter=_arrangements)
    export_licence: str | None = attrs.field(
        default=None, validator=attrs.validators.optional(_one_of(LICENCE_STATUSES))
    )
    formerly_affiliated: tuple[str, ...] | None = attrs.field(
        default=None, converter=_formerly_affiliated
    )
    as_of: date | None = attrs.field(default=None, validator=_optional_date)
    us_users: int | None = attrs.field(default=None, validator=_us_users)
    sources: tuple[str, ...] = attrs.field(default=(), converter=_sources)
    description: str | None = attrs.field(default=None, validator=_optional_text)
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
        for i, right in enumerate(self.control_rights):
            self._known(right.holder, f"control_rights[{i}].holder")
            if right.of is not None:
                self._known(right.of, f"control_rights[{i}].of")
        for i, arrangement in enumerate(self.arrangements):
            self._known(arrangement.counterparty, f"arrangements[{i}].counterparty")
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

    def rights_over(self, entity: str) -> tuple[ControlRight, ...]:
        """The control rights held over ``entity`` (rights with no ``of`` are over the target)."""
        return tuple(right for right in self.control_rights if (right.of or self.target) == entity)

    def _repr_html_(self) -> str:
        """The deal as HTML tables, for Jupyter (``tiktok_deal.html.deal_html``)."""
        from .html import deal_html

        return deal_html(self)


def _deal_from_fields(fields: dict[str, Any]) -> Deal:
    return Deal(**fields)
