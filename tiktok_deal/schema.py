"""The JSON Schema of a deal file, for editors: ``tiktok-deal schema > deal.schema.json``.

Built from the loader's own key sets (``tiktok_deal.io``) and the model's enumerations, so the two
cannot drift apart: a key the loader accepts has a description here or ``deal_schema()`` fails.
Every table is closed (``additionalProperties: false``), so a misspelt key is flagged in the editor
as the loader would reject it. What a schema cannot check — that every id names a party, that the
stakes in one entity add up to 100 % or less, a fraction such as ``"3/2"`` — the loader still does.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from .countries import ISO_3166_ALPHA2
from .io import ARRANGEMENT, CHINA, OFFICER, OPERATION, PARTY, RIGHT, SCHEMA, SEAT, STAKE, TOP
from .model import (
    ARRANGEMENT_KINDS,
    CONTROL_RIGHT_KINDS,
    FUNCTIONS,
    LICENCE_STATUSES,
    OFFICER_ROLES,
    PARTY_KINDS,
)
from .model.fields import MAX_US_USERS

__all__ = ["deal_schema"]

JsonSchema = dict[str, Any]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: Stake text the loader reads: "19.9%", "20 %", "199/1000", "0.199", each within
#: the limit of 100 digits in the numerator and 100 in the denominator (``shares.MAX_DIGITS``).
PERCENT = (
    r"^\s*(100(\.0{0,97})?|[0-9](\.[0-9]{0,99})?|[0-9]{2}(\.[0-9]{0,98})?|\.[0-9]{1,99})"
    r"\s*%\s*$"
)
FRACTION = r"^\s*[0-9]{1,100}\s*/\s*(?=[0-9]{1,100}\s*$)[0-9]*[1-9][0-9]*\s*$"
DECIMAL = (
    r"^\s*(?=\.?(?:[0-9]\.?){1,100}\s*$)(?![0-9]*\.[0-9]{100})"
    r"(0*\.[0-9]+|0+(\.[0-9]*)?|0*1(\.0*)?)\s*$"
)

TEXT: JsonSchema = {"type": "string", "pattern": r"\S"}


def _text(description: str) -> JsonSchema:
    return {**TEXT, "description": description}


def _texts(description: str) -> JsonSchema:
    return {"type": "array", "items": TEXT, "description": description}


def _ref(name: str, description: str) -> JsonSchema:
    return {"$ref": f"#/$defs/{name}", "description": description}


def _enum(values: tuple[str, ...], description: str, default: str | None = None) -> JsonSchema:
    schema: JsonSchema = {"enum": list(values), "description": description}
    if default is not None:
        schema["default"] = default
    return schema


_COUNTRY_LINK = "the party is linked to this country (ISO 3166-1 alpha-2, upper case)"
_NOTE = "free text: where a figure comes from, whether it is reported or inferred"

_TOP: Mapping[str, JsonSchema] = {
    "schema": {
        "const": SCHEMA,
        "description": f"the deal-file format version; this version reads {SCHEMA}",
    },
    "name": _text("the deal's name, shown at the head of every report"),
    "description": _text("one line on the deal, shown by `tiktok-deal presets`"),
    "target": _text(
        "id of the party whose control is tested: the divested U.S. operator (a key of [parties])"
    ),
    "formerly_affiliated": {
        "type": "array",
        "items": TEXT,
        "description": (
            "ids of the parties formerly affiliated with the target, for §2(g)(6)(B); "
            "without this key every party counts as formerly affiliated"
        ),
    },
    "as_of": {
        "type": "string",
        "format": "date",
        "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": (
            "the date the facts describe (a TOML date, 2026-01-22); picks the law's dated "
            "parameters"
        ),
    },
    "us_users": {
        "type": "integer",
        "minimum": 0,
        "maximum": MAX_US_USERS,
        "description": "U.S. users, for the §2(d)(1) penalty caps",
    },
    "sources": _texts("where the facts come from"),
    "notes": _texts("remarks on the facts: which figures are reported, inferred or placeholders"),
    "parties": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": TEXT,
        "additionalProperties": {"$ref": "#/$defs/party"},
        "description": "every person and entity, one table each: [parties.ID]",
    },
    "stakes": {
        "type": "array",
        "items": {"$ref": "#/$defs/stake"},
        "description": "who holds what: one [[stakes]] table per holder and entity",
    },
    "board": {
        "type": "array",
        "items": {"$ref": "#/$defs/seat"},
        "description": "the target's board, one [[board]] table per seat",
    },
    "officers": {
        "type": "array",
        "items": {"$ref": "#/$defs/officer"},
        "description": "officers (CEO, security officer) and who appoints them (§2(g)(1)(C))",
    },
    "control_rights": {
        "type": "array",
        "items": {"$ref": "#/$defs/control_right"},
        "description": "vetoes, golden shares, management contracts and other rights over an "
        "entity (§2(g)(1)(C))",
    },
    "operations": {
        "type": "array",
        "items": {"$ref": "#/$defs/operation"},
        "description": "who performs which function of the target's application (§2(g)(3)(A))",
    },
    "arrangements": {
        "type": "array",
        "items": {"$ref": "#/$defs/arrangement"},
        "description": "relationships between the target and another party (§2(g)(6)(B))",
    },
    "china": {"$ref": "#/$defs/china", "description": "facts on China's side"},
}

_PARTY: Mapping[str, JsonSchema] = {
    "name": _text("the party's display name (default: its id)"),
    "kind": _enum(PARTY_KINDS, "what sort of party it is", default="company"),
    "organized_in": _ref("country", "organized under the laws of: " + _COUNTRY_LINK),
    "headquartered_in": _ref("country", "headquartered in: " + _COUNTRY_LINK),
    "principal_place_of_business": _ref(
        "country", "principal place of business in: " + _COUNTRY_LINK
    ),
    "domiciled_in": _ref(
        "country", "domiciled in (the usual link for individuals): " + _COUNTRY_LINK
    ),
    "note": _text(_NOTE),
}

_STAKE: Mapping[str, JsonSchema] = {
    "holder": _text("id of the party that holds the stake"),
    "of": _text("id of the entity the stake is held in"),
    "equity": _ref("fraction", "the fraction of the entity's equity held"),
    "voting": _ref("fraction", "the fraction of the entity's votes held (default: equity)"),
    "equity_max": _ref(
        "fraction",
        "for a stake known only as a range (as ownership registers publish them): the top of "
        "the range, equity being its bottom",
    ),
    "voting_max": _ref(
        "fraction", "the top of a voting range, voting being its bottom (needs voting)"
    ),
    "note": _text(_NOTE),
}

_SEAT: Mapping[str, JsonSchema] = {
    "appointed_by": _text("id of the party that appoints the seat"),
    "nationality": _ref("country", "the director's nationality (ISO 3166-1 alpha-2)"),
    "committees": _texts('committees the seat sits on, e.g. ["security"]'),
    "director": _text("the director's name"),
    "of": _text("id of the entity whose board this is (default: the target)"),
    "note": _text(_NOTE),
}

_OFFICER: Mapping[str, JsonSchema] = {
    "role": _enum(
        OFFICER_ROLES, "the office: the CEO and the security officer count for direction"
    ),
    "appointed_by": _text("id of the party that appoints the officer"),
    "of": _text("id of the entity the officer serves (default: the target)"),
    "name": _text("the officer's name"),
    "nationality": _ref("country", "the officer's nationality (ISO 3166-1 alpha-2)"),
    "note": _text(_NOTE),
}

_OPERATION: Mapping[str, JsonSchema] = {
    "function": _enum(FUNCTIONS, "the function of the application operated"),
    "operator": _text("id of the party that performs it"),
    "note": _text(_NOTE),
}

_RIGHT: Mapping[str, JsonSchema] = {
    "holder": _text("id of the party holding the right"),
    "kind": _enum(CONTROL_RIGHT_KINDS, "the kind of control right"),
    "of": _text("id of the entity the right is held over (default: the target)"),
    "note": _text(_NOTE),
}

_ARRANGEMENT: Mapping[str, JsonSchema] = {
    "kind": _enum(ARRANGEMENT_KINDS, "the kind of relationship (§2(g)(6)(B))"),
    "counterparty": _text("id of the party on the other side"),
    "ongoing": {
        "type": "boolean",
        "default": True,
        "description": (
            "whether it continues after closing (default true, the conservative reading)"
        ),
    },
    "note": _text(_NOTE),
}

_CHINA: Mapping[str, JsonSchema] = {
    "export_licence": _enum(
        LICENCE_STATUSES, "China's technology export licence for the algorithm, if known"
    ),
}

#: The keys each table must have, as the loader requires them.
REQUIRED: Mapping[str, tuple[str, ...]] = {
    "deal": ("name", "target", "parties"),
    "party": (),
    "stake": ("holder", "of", "equity"),
    "seat": ("appointed_by",),
    "officer": ("role", "appointed_by"),
    "control_right": ("holder", "kind"),
    "operation": ("function", "operator"),
    "arrangement": ("kind", "counterparty"),
    "china": (),
}


def _table(
    name: str, keys: Set[str], specs: Mapping[str, JsonSchema], description: str
) -> JsonSchema:
    missing = sorted(set(keys) - set(specs))
    extra = sorted(set(specs) - set(keys))
    if missing or extra:
        raise RuntimeError(
            f"the schema of {name!r} disagrees with the loader: "
            f"no schema for {missing}, schema for unknown keys {extra}"
        )
    schema: JsonSchema = {
        "type": "object",
        "description": description,
        "properties": {key: specs[key] for key in sorted(keys)},
        "additionalProperties": False,
    }
    if REQUIRED[name]:
        schema["required"] = list(REQUIRED[name])
    return schema


def deal_schema() -> JsonSchema:
    """The JSON Schema (draft 2020-12) of a deal file, TOML or JSON.

    A TOML date (``as_of``) is a ``"YYYY-MM-DD"`` string here, as it is in a JSON deal file.
    """
    return {
        "$schema": DIALECT,
        "title": "tiktok_deal deal file",
        **_table(
            "deal",
            TOP,
            _TOP,
            "A deal structure to check against PAFACA and China's algorithm export control.",
        ),
        "$defs": {
            "party": _table("party", PARTY, _PARTY, "a person or entity: [parties.ID]"),
            "stake": _table("stake", STAKE, _STAKE, "holder owns equity (and voting) of of"),
            "seat": _table("seat", SEAT, _SEAT, "one board seat"),
            "officer": _table("officer", OFFICER, _OFFICER, "one officer and who appoints them"),
            "control_right": _table(
                "control_right", RIGHT, _RIGHT, "a right of control held over an entity"
            ),
            "operation": _table(
                "operation",
                OPERATION,
                _OPERATION,
                "one function of the application and who runs it",
            ),
            "arrangement": _table(
                "arrangement", ARRANGEMENT, _ARRANGEMENT, "a relationship of the target"
            ),
            "china": _table("china", CHINA, _CHINA, "facts on China's side"),
            "country": {
                "enum": sorted(ISO_3166_ALPHA2),
                "description": "an ISO 3166-1 alpha-2 country code, upper case",
            },
            "fraction": {
                "description": (
                    'an exact stake: "19.9%", "20 %", "199/1000", "0.199", or a number from 0 '
                    "to 1 (read by its decimal text)"
                ),
                "oneOf": [
                    {"type": "number", "minimum": 0, "maximum": 1},
                    {"type": "string", "pattern": PERCENT},
                    {"type": "string", "pattern": FRACTION},
                    {"type": "string", "pattern": DECIMAL},
                ],
            },
        },
    }
