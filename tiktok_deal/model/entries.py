"""The entries of a deal: parties, stakes, board seats, officers, control rights, arrangements and
operations. Frozen attrs classes whose validators run on every copy (``attrs.evolve``)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from typing import Any, Literal, TypeAlias

import attrs

from ..countries import ISO_3166_ALPHA2
from ..errors import InvalidArgumentError, InvalidDealError
from ..shares import format_percent
from . import fields

__all__ = [
    "ARRANGEMENT_KINDS",
    "CONTROL_RIGHT_KINDS",
    "FUNCTIONS",
    "LICENCE_STATUSES",
    "LINKS",
    "OFFICER_ROLES",
    "PARTY_KINDS",
    "Arrangement",
    "Basis",
    "ControlRight",
    "Officer",
    "Operation",
    "Party",
    "PartyKind",
    "Seat",
    "Stake",
    "party_from_table",
    "share_of",
    "trusted_stake",
    "words",
]

_new = object.__new__
_set = object.__setattr__

PartyKind: TypeAlias = Literal["company", "fund", "government", "individual", "pool", "other"]
Basis: TypeAlias = Literal["equity", "voting"]
PARTY_KINDS: tuple[str, ...] = ("company", "fund", "government", "individual", "pool", "other")
#: A veto, a golden share, a management contract; an officer-appointment right, a veto over
#: named decisions (negative control), control of operations by contract.
CONTROL_RIGHT_KINDS: tuple[str, ...] = (
    "veto",
    "golden_share",
    "management",
    "officer_appointment",
    "negative_control",
    "contractual_control",
)
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
OFFICER_ROLES: tuple[str, ...] = ("ceo", "security_officer", "other")
#: The functions of the target's application that someone operates (PAFACA §2(g)(3)(A)).
FUNCTIONS: tuple[str, ...] = (
    "hosting",
    "algorithm",
    "content_moderation",
    "trust_and_safety",
    "user_data",
    "advertising",
    "e_commerce",
    "marketing",
    "interoperability",
    "other",
)


def words(key: str) -> str:
    """A key of the deal file in prose: ``"algorithm_license"`` → ``"algorithm licence"`` (the
    file's keys keep their spelling; the prose says "licence" throughout)."""
    return key.replace("e_commerce", "e-commerce").replace("_", " ").replace("license", "licence")


LINKS: tuple[str, ...] = (
    "organized_in",
    "headquartered_in",
    "principal_place_of_business",
    "domiciled_in",
)


@attrs.frozen(kw_only=True)
class Party:
    """A person or entity, linked to every country in its four jurisdiction fields.

    A party with none of them has *unknown* jurisdiction: rules give bounds, never a guess.
    """

    id: str = attrs.field(validator=fields.text)
    name: str = attrs.field(
        default=attrs.Factory(lambda self: self.id, takes_self=True), validator=fields.text
    )
    kind: PartyKind = attrs.field(default="company", validator=fields.one_of(PARTY_KINDS))
    organized_in: str | None = attrs.field(default=None, validator=fields.country)
    headquartered_in: str | None = attrs.field(default=None, validator=fields.country)
    principal_place_of_business: str | None = attrs.field(default=None, validator=fields.country)
    domiciled_in: str | None = attrs.field(default=None, validator=fields.country)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)

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


_KINDS = frozenset(PARTY_KINDS)
_PLACES = frozenset({*ISO_3166_ALPHA2, None})


def party_from_table(party_id: str, values: Mapping[str, Any]) -> Party:
    """``Party(id=party_id, **values)`` for a deal file's ``[parties.ID]`` table (keys already
    checked), made without the validators when every value is plainly what they accept — a
    million parties load in half the time — and through them otherwise, so every error is the
    one they give."""
    get = values.get
    name, kind, note = get("name", party_id), get("kind", "company"), get("note")
    links = (
        get("organized_in"),
        get("headquartered_in"),
        get("principal_place_of_business"),
        (get("domiciled_in")),
    )
    try:
        plain = (
            type(party_id) is str
            and type(name) is str
            and type(kind) is str
            and (note is None or (type(note) is str and bool(note.strip())))
            and kind in _KINDS
            and links[0] in _PLACES
            and links[1] in _PLACES
            and links[2] in _PLACES
            and links[3] in _PLACES
            and bool(party_id.strip())
            and bool(name.strip())
        )
    except TypeError:  # an unhashable value where a country goes
        plain = False
    if not plain:
        return Party(id=party_id, **values)
    party: Party = _new(Party)
    _set(party, "id", party_id)
    _set(party, "name", name)
    _set(party, "kind", kind)
    _set(party, "organized_in", links[0])
    _set(party, "headquartered_in", links[1])
    _set(party, "principal_place_of_business", links[2])
    _set(party, "domiciled_in", links[3])
    _set(party, "note", note)
    return party


def _equity(value: object) -> Fraction:
    return fields.stake(value, "equity")


def _voting(value: object) -> Fraction | None:
    return fields.optional_stake(value, "voting")


def _equity_max(value: object) -> Fraction | None:
    return fields.optional_stake(value, "equity_max")


def _voting_max(value: object) -> Fraction | None:
    return fields.optional_stake(value, "voting_max")


@attrs.frozen(kw_only=True)
class Stake:
    """``holder`` owns ``equity`` (and ``voting``, defaulting to ``equity``) of entity ``of``.

    A stake known only as a range (as ownership registers publish them) gives its bottom in
    ``equity``/``voting`` and its top in ``equity_max``/``voting_max``; rules then give bounds.
    """

    holder: str = attrs.field(validator=fields.text)
    of: str = attrs.field(validator=fields.text)
    equity: Fraction = attrs.field(converter=_equity)
    voting: Fraction | None = attrs.field(default=None, converter=_voting)
    equity_max: Fraction | None = attrs.field(default=None, converter=_equity_max)
    voting_max: Fraction | None = attrs.field(default=None, converter=_voting_max)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)

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

    def share(self, basis: Basis, *, upper: bool = False) -> Fraction:
        """The stake on ``basis``: the bottom of its range, or with ``upper`` the top."""
        return share_of(self.equity, self.voting, self.equity_max, self.voting_max, basis, upper)

    def percent(self, basis: Basis = "equity") -> str:
        """``"19.9 %"``, or ``"10–25 %"`` for a stake known only as a range."""
        low, high = self.share(basis), self.share(basis, upper=True)
        if low == high:
            return format_percent(low)
        return f"{format_percent(low).removesuffix(' %')}–{format_percent(high)}"


def _committees(value: object) -> tuple[str, ...]:
    return fields.strings(value, "committees")


def share_of(
    equity: Fraction,
    voting: Fraction | None,
    equity_max: Fraction | None,
    voting_max: Fraction | None,
    basis: Basis,
    upper: bool,
) -> Fraction:
    """A stake's share on ``basis`` from its four figures (``Stake.share``, and the columns of
    ``Deal.stake_columns``): votes default to equity, ``upper`` takes the top of a range."""
    if basis == "voting":
        if voting is not None:
            return voting_max if upper and voting_max is not None else voting
    elif basis != "equity":
        raise InvalidArgumentError(f"basis={basis!r}; expected 'equity' or 'voting'")
    return equity_max if upper and equity_max is not None else equity


def trusted_stake(
    holder: str,
    of: str,
    equity: Fraction,
    voting: Fraction | None,
    equity_max: Fraction | None,
    voting_max: Fraction | None,
    note: str | None,
) -> Stake:
    """A ``Stake`` from figures that were validated when they were read (a deal's columns),
    made without validating them again."""
    stake: Stake = _new(Stake)
    _set(stake, "holder", holder)
    _set(stake, "of", of)
    _set(stake, "equity", equity)
    _set(stake, "voting", voting)
    _set(stake, "equity_max", equity_max)
    _set(stake, "voting_max", voting_max)
    _set(stake, "note", note)
    return stake


@attrs.frozen(kw_only=True)
class Seat:
    """One seat on a board (the target's, unless ``of`` names another entity)."""

    appointed_by: str = attrs.field(validator=fields.text)
    nationality: str | None = attrs.field(default=None, validator=fields.country)
    committees: tuple[str, ...] = attrs.field(default=(), converter=_committees)
    director: str | None = attrs.field(default=None, validator=fields.optional_text)
    of: str | None = attrs.field(default=None, validator=fields.optional_text)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)


@attrs.frozen(kw_only=True)
class Officer:
    """An officer of an entity (the target's, unless ``of`` names another), and who appoints
    them: the CEO and the security officer count towards direction (PAFACA §2(g)(1)(C))."""

    role: str = attrs.field(validator=fields.one_of(OFFICER_ROLES))
    appointed_by: str = attrs.field(validator=fields.text)
    of: str | None = attrs.field(default=None, validator=fields.optional_text)
    name: str | None = attrs.field(default=None, validator=fields.optional_text)
    nationality: str | None = attrs.field(default=None, validator=fields.country)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)


@attrs.frozen(kw_only=True)
class ControlRight:
    """A right held over an entity (the target by default): a veto, a golden share, a management
    contract, the right to appoint officers, a veto over named decisions (negative control), or
    control of operations by contract."""

    holder: str = attrs.field(validator=fields.text)
    kind: str = attrs.field(validator=fields.one_of(CONTROL_RIGHT_KINDS))
    of: str | None = attrs.field(default=None, validator=fields.optional_text)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)


@attrs.frozen(kw_only=True)
class Arrangement:
    """A relationship between the target and ``counterparty`` (PAFACA §2(g)(6)(B)).

    ``ongoing`` defaults to True, the conservative reading: a licence that continues after closing.
    """

    kind: str = attrs.field(validator=fields.one_of(ARRANGEMENT_KINDS))
    counterparty: str = attrs.field(validator=fields.text)
    ongoing: bool = attrs.field(default=True, validator=fields.boolean)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)


@attrs.frozen(kw_only=True)
class Operation:
    """``operator`` performs ``function`` of the target's application (PAFACA §2(g)(3)(A):
    an application "operated, directly or indirectly" by ByteDance or an entity it controls)."""

    function: str = attrs.field(validator=fields.one_of(FUNCTIONS))
    operator: str = attrs.field(validator=fields.text)
    note: str | None = attrs.field(default=None, validator=fields.optional_text)
