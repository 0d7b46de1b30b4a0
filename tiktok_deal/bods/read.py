"""BODS 0.4 statements → Deal (``read_bods``, ``load_bods``)."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from ..countries import is_country
from ..errors import InvalidDealError
from ..io import json_document
from ..model import CONTROL_RIGHT_KINDS, LINKS, PARTY_KINDS, ControlRight, Deal, Party, Stake
from ..shares import exact_number, parse_stake, shown
from .codes import (
    CONTROL_INTERESTS,
    CUSTOM,
    ENTITY_ADDRESSES,
    ENTITY_KINDS,
    HUNDRED,
    PERSON_ADDRESSES,
    PERSON_TYPES,
)

__all__ = ["load_bods", "read_bods"]


def load_bods(
    path: str | os.PathLike[str], *, target: str, nationality_as_domicile: bool = True
) -> Deal:
    """Read a BODS 0.4 JSON file (a list of statements) into a Deal whose target is ``target``."""
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidDealError("no such file", source=source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidDealError(f"cannot be read ({error})", source=source) from None
    return read_bods(
        json_document(text, source=source),
        target=target,
        source=source,
        nationality_as_domicile=nationality_as_domicile,
    )


def read_bods(
    statements: object,
    *,
    target: str,
    source: str = "<bods>",
    nationality_as_domicile: bool = True,
) -> Deal:
    """Statements (parsed JSON) → Deal. With ``nationality_as_domicile`` a person with no
    residence or tax residence is taken as domiciled in their first nationality, and a note on
    the party says so."""
    try:
        return _Reader(nationality_as_domicile).read(statements, target)
    except InvalidDealError as error:
        raise error.within(source=source) from None


class _Reader:
    def __init__(self, nationality_as_domicile: bool) -> None:
        self.nationality_as_domicile = nationality_as_domicile

    def read(self, statements: object, target: str) -> Deal:
        if not isinstance(statements, list):
            raise InvalidDealError("expected a JSON list of BODS statements")
        records: dict[str, tuple[int, Mapping[str, Any]]] = {}
        for i, statement in enumerate(statements):
            where = f"statements[{i}]"
            if not isinstance(statement, Mapping):
                raise InvalidDealError("expected a statement object", field=where)
            record_id = _string(statement, "recordId", where)
            kind = statement.get("recordType")
            if kind not in ("entity", "person", "relationship"):
                raise InvalidDealError(
                    f"unknown recordType {shown(kind)} (expected entity, person or relationship)",
                    field=f"{where}.recordType",
                )
            if not isinstance(statement.get("recordDetails"), Mapping):
                raise InvalidDealError(
                    "is missing or not an object", field=f"{where}.recordDetails"
                )
            records[record_id] = (i, statement)  # a later statement updates the record
        live = {r: v for r, v in records.items() if v[1].get("recordStatus") != "closed"}
        parties = [
            self.party(record_id, i, statement)
            for record_id, (i, statement) in live.items()
            if statement["recordType"] != "relationship"
        ]
        known = {party.id for party in parties}
        if target not in known:
            listed = ", ".join(sorted(known)) or "none"
            raise InvalidDealError(
                f"no entity or person record {shown(target)} (records: {shown(listed)})",
                field="target",
            )
        stakes: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
        rights: list[ControlRight] = []
        for record_id, (i, statement) in live.items():
            if statement["recordType"] == "relationship":
                self.relationship(record_id, i, statement, target, known, parties, stakes, rights)
        name = next(p.name for p in parties if p.id == target)
        try:
            return Deal(
                name=f"{name} (from BODS)",
                target=target,
                parties=parties,
                stakes=[_stake(values, where) for where, values in stakes.values()],
                control_rights=rights,
            )
        except InvalidDealError as error:  # totals: name the statement, not the deal's stake
            found = re.match(r"stakes\[(\d+)\]", error.field)
            if not found:
                raise
            where = list(stakes.values())[int(found[1])][0]
            raise InvalidDealError(error.problem, field=f"{where}.interests") from None

    def party(self, record_id: str, i: int, statement: Mapping[str, Any]) -> Party:
        where = f"statements[{i}].recordDetails"
        details: Mapping[str, Any] = statement["recordDetails"]
        notes = _Annotations(statement, f"statements[{i}]")
        links: dict[str, str] = {}
        extra: list[str] = []
        person = statement["recordType"] == "person"
        if not person and details.get("jurisdiction") is not None:
            links["organized_in"] = _country(details["jurisdiction"], f"{where}.jurisdiction")
        by_type = PERSON_ADDRESSES if person else ENTITY_ADDRESSES
        plain: list[tuple[str, object, str]] = []  # unannotated: (type, country, field)
        for k, address in enumerate(_list(details.get("addresses"), f"{where}.addresses")):
            if not isinstance(address, Mapping) or address.get("country") is None:
                continue
            field = f"{where}.addresses[{k}].country"
            link = notes.value(f"/recordDetails/addresses/{k}", "link", LINKS)
            if link is not None and link not in links:
                links[link] = _country(address["country"], field)
            else:
                plain.append((str(address.get("type")), address["country"], field))
        for kind, country, field in plain:
            link = next((ln for ln, t in by_type.items() if t == kind and ln not in links), None)
            if link is None and not person and kind == "business":
                code = _code(country)
                if "principal_place_of_business" not in links and code != links.get(
                    "headquartered_in"
                ):
                    link = "principal_place_of_business"
            if link is not None:
                links[link] = _country(country, field)
            elif (code := _code(country)) not in links.values():
                extra.append(
                    f"{kind} address in {shown(code) if code else 'a country with no code'}"
                )
        note = notes.comment()
        if person:
            return self.person(record_id, details, where, links, extra, note)
        kind = notes.value("/recordDetails/entityType", "partyKind", PARTY_KINDS) or (
            ENTITY_KINDS.get(_type(details.get("entityType")), "company")
        )
        name = details.get("name")
        return Party(
            id=record_id,
            name=name if isinstance(name, str) and name.strip() else record_id,
            kind=kind,  # type: ignore[arg-type]  # checked by the Party it makes
            note=_joined(note, extra),
            **links,
        )

    def person(
        self,
        record_id: str,
        details: Mapping[str, Any],
        where: str,
        links: dict[str, str],
        extra: list[str],
        note: str | None,
    ) -> Party:
        for key, how in (("taxResidencies", "tax resident in"), ("nationalities", "nationality")):
            given = _list(details.get(key), f"{where}.{key}")
            use = "domiciled_in" not in links and bool(given)
            if use and key == "nationalities" and not self.nationality_as_domicile:
                use = False
            if use:
                links["domiciled_in"] = _country(given[0], f"{where}.{key}[0]")
                if key == "nationalities":
                    extra.insert(0, f"domicile taken from nationality {links['domiciled_in']}")
                given = given[1:]
            extra += [
                f"{how} {shown(code)}"
                for code in dict.fromkeys(_code(value) for value in given)
                if code not in links.values()
            ]
        return Party(
            id=record_id,
            name=_person_name(details, record_id),
            kind="individual",
            note=_joined(note, extra),
            **links,
        )

    def relationship(
        self,
        record_id: str,
        i: int,
        statement: Mapping[str, Any],
        target: str,
        known: set[str],
        parties: list[Party],
        stakes: dict[tuple[str, str], tuple[str, dict[str, Any]]],
        rights: list[ControlRight],
    ) -> None:
        where = f"statements[{i}].recordDetails"
        details: Mapping[str, Any] = statement["recordDetails"]
        notes = _Annotations(statement, f"statements[{i}]")
        subject = details.get("subject")
        if not isinstance(subject, str) or subject not in known:
            raise InvalidDealError(
                f"refers to no entity record: {shown(subject)}", field=f"{where}.subject"
            )
        holder = details.get("interestedParty")
        if isinstance(holder, Mapping):  # an owner the publisher could not identify
            reason = str(holder.get("reason", "unknown"))
            holder_id = f"{record_id}-unidentified"
            parties.append(Party(id=holder_id, name=f"Unidentified owner ({reason})", kind="other"))
            known.add(holder_id)
            stakes[(holder_id, subject)] = (where, {
                "holder": holder_id, "of": subject, "equity": 0, "equity_max": 1,
                "note": f"BODS: {reason}; anything from 0 to 100 %",
            })  # fmt: skip
            return
        if not isinstance(holder, str) or holder not in known:
            raise InvalidDealError(
                f"refers to no entity or person record: {shown(holder)}",
                field=f"{where}.interestedParty",
            )
        note = notes.comment()
        for j, interest in enumerate(_list(details.get("interests"), f"{where}.interests")):
            field = f"{where}.interests[{j}]"
            if not isinstance(interest, Mapping):
                raise InvalidDealError("expected an object", field=field)
            if interest.get("directOrIndirect") == "indirect" or _ended(interest, field):
                continue
            kind, pointer = _text(interest.get("type")), f"/recordDetails/interests/{j}"
            right = notes.value(pointer, "controlRight", CONTROL_RIGHT_KINDS)
            if right is None and kind in CONTROL_INTERESTS:
                right = "management"
            elif right is None and kind == "rightsGrantedByContract":
                right = "contractual_control"
            if right is not None:
                right_note = notes.comment(pointer)
                rights.append(ControlRight(
                    holder=holder, kind=right, of=None if subject == target else subject,
                    note=right_note if notes.ours else f"BODS interest {kind}",
                ))  # fmt: skip
            elif kind in ("shareholding", "votingRights") and "share" in interest:
                share = f"{pointer}/share"
                low, high = _share(interest["share"], f"{field}.share", notes, share)
                entry = stakes.setdefault(
                    (holder, subject),
                    (where, {"holder": holder, "of": subject, "equity": Fraction(0)}),
                )[1]
                if note is not None:
                    entry["note"] = note
                prefix = "equity" if kind == "shareholding" else "voting"
                entry[prefix], entry[f"{prefix}_max"] = low, high


def _stake(values: dict[str, Any], where: str) -> Stake:
    try:
        return Stake(**values)
    except InvalidDealError as error:
        raise error.within(field=where) from None


class _Annotations:
    """A statement's annotations: free-text comments, and this library's custom properties."""

    def __init__(self, statement: Mapping[str, Any], where: str) -> None:
        self.by_pointer: dict[str, list[Mapping[str, Any]]] = {}
        found = _list(statement.get("annotations"), f"{where}.annotations")
        for annotation in found:
            if isinstance(annotation, Mapping):
                pointer = annotation.get("statementPointerTarget")
                if isinstance(pointer, str):
                    self.by_pointer.setdefault(pointer, []).append(annotation)
        #: True when the statement carries annotations at all (then they say all there is).
        self.ours = bool(found)
        self.where = where

    def value(self, pointer: str, key: str, choices: Sequence[str]) -> str | None:
        """The custom property ``key`` annotated at ``pointer``, one of ``choices``."""
        for annotation in self.by_pointer.get(pointer, ()):
            if key in annotation:
                value = annotation[key]
                if value not in choices:
                    raise InvalidDealError(
                        f"expected one of {', '.join(choices)}, got {shown(value)}",
                        field=f"{self.where}.annotations.{key}",
                    )
                return str(value)
        return None

    def text(self, pointer: str, key: str) -> str | None:
        """The custom text property ``key`` annotated at ``pointer``."""
        for annotation in self.by_pointer.get(pointer, ()):
            if key in annotation:
                return str(annotation[key])
        return None

    def comment(self, pointer: str = "") -> str | None:
        """The descriptions of plain comments on ``pointer`` (the whole statement by default)."""
        texts = [
            a["description"]
            for a in self.by_pointer.get(pointer, ())
            if a.get("motivation") == "commenting"
            and isinstance(a.get("description"), str)
            and a["description"].strip()
            and not (CUSTOM & a.keys())
        ]
        return "\n".join(texts) or None


def _string(mapping: Mapping[str, Any], key: str, where: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value.strip():
        raise InvalidDealError("is missing or not a string", field=f"{where}.{key}")
    return value


def _list(value: object, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidDealError(f"expected a list, got {shown(value)}", field=field)
    return value


def _text(value: object) -> str:
    """A code as text ("" for anything else: a list is no interest type)."""
    return value if isinstance(value, str) else ""


def _type(value: object) -> str:
    return str(value.get("type", "")) if isinstance(value, Mapping) else ""


def _country(value: object, field: str) -> str:
    """A country that becomes a link: it must be a known code."""
    code = value.get("code") if isinstance(value, Mapping) else None
    if not isinstance(code, str):
        raise InvalidDealError("expected an object with a country code", field=field)
    country = code[:2].upper()  # "US-DE" (a subdivision) is in "US"
    if not is_country(country):
        raise InvalidDealError(f"unknown country code {shown(code)}", field=f"{field}.code")
    return country


def _code(value: object) -> str | None:
    """A country as given, for a note (valid or not): its code's first two letters."""
    code = value.get("code") if isinstance(value, Mapping) else None
    return code[:2].upper() if isinstance(code, str) else None


def _joined(note: str | None, extra: list[str]) -> str | None:
    parts = ([note] if note else []) + (["BODS also gives: " + "; ".join(extra)] if extra else [])
    return "\n".join(parts) or None


def _person_name(details: Mapping[str, Any], fallback: str) -> str:
    names = details.get("names")
    for name in names if isinstance(names, list) else []:
        if isinstance(name, Mapping):
            full = name.get("fullName") or " ".join(
                str(name[k]) for k in ("givenName", "familyName") if name.get(k)
            )
            if isinstance(full, str) and full.strip():
                return full
    kind = details.get("personType")
    return f"{kind if kind in PERSON_TYPES else 'person'} {fallback}"


def _ended(interest: Mapping[str, Any], field: str) -> bool:
    end = interest.get("endDate")
    if end is None:
        return False
    try:
        return date.fromisoformat(str(end)) <= date.today()
    except ValueError:
        raise InvalidDealError(
            f"expected a date, got {shown(end)}", field=f"{field}.endDate"
        ) from None


def _share(
    share: object, field: str, notes: _Annotations, pointer: str
) -> tuple[Fraction, Fraction | None]:
    """A BODS share (percentages) as an exact fraction and, for a range, its top."""
    if not isinstance(share, Mapping):
        raise InvalidDealError("expected an object with exact or minimum/maximum", field=field)
    if "exact" in share:
        return _percent(share["exact"], f"{field}.exact", notes, f"{pointer}/exact"), None
    low_key = "minimum" if "minimum" in share else "exclusiveMinimum"
    high_key = "maximum" if "maximum" in share else "exclusiveMaximum"
    low = _percent(share.get(low_key, 0), f"{field}.{low_key}", notes, f"{pointer}/{low_key}")
    high = _percent(share.get(high_key, 100), f"{field}.{high_key}", notes, f"{pointer}/{high_key}")
    if high < low:
        raise InvalidDealError("maximum is below minimum", field=field)
    return low, high


def _percent(value: object, field: str, notes: _Annotations, pointer: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidDealError(
            f"expected a percentage from 0 to 100, got {shown(value)}", field=field
        )
    try:
        fraction = exact_number(value) / HUNDRED
    except ValueError as error:
        raise InvalidDealError(str(error), field=field) from None
    if not 0 <= fraction <= 1:
        raise InvalidDealError(
            f"expected a percentage from 0 to 100, got {shown(value)}", field=field
        )
    exact = notes.text(pointer, "exactFraction")
    if exact is None:
        return fraction
    try:
        precise = parse_stake(exact)
    except ValueError as error:
        raise InvalidDealError(str(error), field=f"{field} (exactFraction)") from None
    if abs(float(precise * HUNDRED) - float(value)) > 1e-9 * max(1.0, float(value)):
        raise InvalidDealError(
            f"the annotated exact fraction {shown(exact)} disagrees with the number",
            field=field,
        )
    return precise
