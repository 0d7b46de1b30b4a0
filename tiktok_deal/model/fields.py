"""Field validators and converters shared by the facts: each error names its field."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction
from itertools import repeat
from typing import Any, TypeGuard

import attrs

from ..countries import is_country
from ..errors import InvalidDealError
from ..shares import parse_stake, shown

__all__ = [
    "boolean",
    "country",
    "fail",
    "one_of",
    "optional_date",
    "optional_stake",
    "optional_strings",
    "optional_text",
    "stake",
    "strings",
    "text",
    "tuple_of",
    "users",
]


def fail(attribute: attrs.Attribute[Any], problem: str) -> InvalidDealError:
    return InvalidDealError(problem, field=attribute.name)


def one_of(choices: tuple[str, ...]) -> Any:
    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if type(value) is not str or value not in choices:
            raise fail(attribute, f"expected one of {', '.join(choices)}; got {shown(value)}")

    return check


def text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise fail(attribute, f"expected a non-empty string, got {shown(value)}")


def boolean(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, bool):
        raise fail(attribute, f"expected true or false, got {shown(value)}")


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        text(instance, attribute, value)


def country(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not is_country(value):
        upper = isinstance(value, str) and is_country(value.upper())
        hint = " (codes are upper case)" if upper else ""
        raise fail(attribute, f"unknown ISO 3166-1 alpha-2 country code {shown(value)}{hint}")


#: More U.S. users than people on Earth is not a figure: refused.
MAX_US_USERS = 10_000_000_000


def users(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_US_USERS:
        got = shown(value)
        if isinstance(value, int) and value.bit_length() > 64:
            got = f"a number of about {int(value.bit_length() * math.log10(2)) + 1} digits"
        raise fail(
            attribute,
            f"expected a whole number of users from 0 to {MAX_US_USERS:,} (more than people "
            f"on Earth), got {got}",
        )


def optional_date(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and not isinstance(value, date):
        raise fail(attribute, f"expected a date such as 2026-01-22, got {shown(value)}")


# Converters take the field's name so their errors can name it (attrs runs them before validators).
def stake(value: object, field: str) -> Fraction:
    try:
        return parse_stake(value)
    except ValueError as error:
        raise InvalidDealError(str(error), field=field) from None


def optional_stake(value: object, field: str) -> Fraction | None:
    return None if value is None else stake(value, field)


def _listed(value: object) -> TypeGuard[Iterable[Any]]:
    """A list of items: not a string, and not a table (whose keys alone would be iterated)."""
    return isinstance(value, Iterable) and not isinstance(value, str | bytes | Mapping)


def strings(value: object, field: str) -> tuple[str, ...]:
    if not _listed(value):
        raise InvalidDealError(f"expected a list of strings, got {shown(value)}", field=field)
    items = tuple(value)
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise InvalidDealError(f"expected non-empty strings, got {shown(item)}", field=field)
    return items


def optional_strings(value: object, field: str) -> tuple[str, ...] | None:
    return None if value is None else strings(value, field)


def tuple_of(value: object, kind: type, field: str) -> tuple[Any, ...]:
    if not _listed(value):
        raise InvalidDealError(
            f"expected a list of {kind.__name__}, got {shown(value)}", field=field
        )
    items = tuple(value)
    if all(map(isinstance, items, repeat(kind))):
        return items
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise InvalidDealError(
                f"expected {kind.__name__}, got {type(item).__name__}", field=f"{field}[{index}]"
            )
    return items
