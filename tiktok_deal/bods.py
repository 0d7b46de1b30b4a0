"""Beneficial Ownership Data Standard 0.4: read statements into a Deal, write a Deal back.

Reading (``read_bods``): entity and person records become parties, relationship records become
stakes. Only *direct* interests count (BODS ``indirect`` interests summarise chains the
look-through traces itself). ``shareholding`` gives equity, ``votingRights`` voting; a share
published as ``minimum``/``maximum`` becomes a range (so the rules give bounds). An owner the
publisher could not identify becomes a party of unknown jurisdiction holding 0–100 % of what is
left: the check is then honest about not knowing. Board-appointment and other control interests
become ``management`` control rights. Records with ``recordStatus = "closed"`` and interests with
a past ``endDate`` are dropped. Any malformed statement raises one ``InvalidDealError`` naming the
statement and field; nothing is half-loaded.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from .countries import is_country
from .errors import InvalidDealError
from .model import ControlRight, Deal, Party, Stake

__all__ = ["load_bods", "read_bods", "write_bods"]

BODS_VERSION = "0.4"
CONTROL_INTERESTS = {
    "appointmentOfBoard",
    "otherInfluenceOrControl",
    "controlViaCompanyRulesOrArticles",
    "controlByLegalFramework",
}
ENTITY_KINDS = {"state": "government", "stateBody": "government", "arrangement": "other"}
HUNDRED = Fraction(100)


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
    try:
        statements = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InvalidDealError(f"invalid JSON: {error}", source=source) from None
    return read_bods(
        statements, target=target, source=source, nationality_as_domicile=nationality_as_domicile
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
            kind = _string(statement, "recordType", where)
            if kind not in ("entity", "person", "relationship"):
                raise InvalidDealError(
                    f"unknown recordType {kind!r} (expected entity, person or relationship)",
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
            raise InvalidDealError(
                f"no entity or person record {target!r} (records: {', '.join(sorted(known))})",
                field="target",
            )
        stakes: dict[tuple[str, str], dict[str, Any]] = {}
        rights: list[ControlRight] = []
        for record_id, (i, statement) in live.items():
            if statement["recordType"] == "relationship":
                self.relationship(record_id, i, statement, known, parties, stakes, rights)
        name = next(p.name for p in parties if p.id == target)
        return Deal(
            name=f"{name} (from BODS)",
            target=target,
            parties=parties,
            stakes=[Stake(**values) for values in stakes.values()],
            control_rights=rights,
        )

    def party(self, record_id: str, i: int, statement: Mapping[str, Any]) -> Party:
        where = f"statements[{i}].recordDetails"
        details = statement["recordDetails"]
        if statement["recordType"] == "entity":
            kind = ENTITY_KINDS.get(_type(details.get("entityType")), "company")
            links = {
                "organized_in": _country(details.get("jurisdiction"), f"{where}.jurisdiction"),
                "headquartered_in": _address(details, "business", where),
            }
            name = details.get("name") or record_id
            return Party(id=record_id, name=str(name), kind=kind, **links)  # type: ignore[arg-type]
        domicile = _address(details, "residence", where) or _first_country(
            details.get("taxResidencies"), f"{where}.taxResidencies"
        )
        note = None
        nationality = _first_country(details.get("nationalities"), f"{where}.nationalities")
        if domicile is None and nationality and self.nationality_as_domicile:
            domicile, note = nationality, f"domicile taken from nationality {nationality}"
        return Party(
            id=record_id, name=_person_name(details, record_id), kind="individual",
            domiciled_in=domicile, note=note,
        )  # fmt: skip

    def relationship(
        self,
        record_id: str,
        i: int,
        statement: Mapping[str, Any],
        known: set[str],
        parties: list[Party],
        stakes: dict[tuple[str, str], dict[str, Any]],
        rights: list[ControlRight],
    ) -> None:
        where = f"statements[{i}].recordDetails"
        details = statement["recordDetails"]
        subject = details.get("subject")
        if subject not in known:
            raise InvalidDealError(
                f"refers to no entity record: {subject!r}", field=f"{where}.subject"
            )
        holder = details.get("interestedParty")
        if isinstance(holder, Mapping):  # an owner the publisher could not identify
            reason = holder.get("reason", "unknown")
            holder_id = f"{record_id}-unidentified"
            parties.append(Party(id=holder_id, name=f"Unidentified owner ({reason})", kind="other"))
            known.add(holder_id)
            stakes[(holder_id, subject)] = {
                "holder": holder_id, "of": subject, "equity": 0, "equity_max": 1,
                "note": f"BODS: {reason}; anything from 0 to 100 %",
            }  # fmt: skip
            return
        if holder not in known:
            raise InvalidDealError(
                f"refers to no entity or person record: {holder!r}",
                field=f"{where}.interestedParty",
            )
        interests = details.get("interests", [])
        if not isinstance(interests, list):
            raise InvalidDealError("expected a list", field=f"{where}.interests")
        for j, interest in enumerate(interests):
            field = f"{where}.interests[{j}]"
            if not isinstance(interest, Mapping):
                raise InvalidDealError("expected an object", field=field)
            if interest.get("directOrIndirect") == "indirect" or _ended(interest, field):
                continue
            kind = interest.get("type")
            if kind in CONTROL_INTERESTS:
                rights.append(ControlRight(holder=holder, kind="management", of=subject,
                                           note=f"BODS interest {kind}"))  # fmt: skip
            elif kind in ("shareholding", "votingRights") and "share" in interest:
                low, high = _share(interest["share"], f"{field}.share")
                entry = stakes.setdefault(
                    (holder, subject), {"holder": holder, "of": subject, "equity": Fraction(0)}
                )
                if kind == "shareholding":
                    entry["equity"], entry["equity_max"] = low, high if high != low else None
                else:
                    entry["voting"], entry["voting_max"] = low, high if high != low else None


def _string(mapping: Mapping[str, Any], key: str, where: str) -> str:
    value = mapping.get(key)
    if not isinstance(value, str) or not value:
        raise InvalidDealError("is missing or not a string", field=f"{where}.{key}")
    return value


def _type(value: object) -> str:
    return str(value.get("type", "")) if isinstance(value, Mapping) else ""


def _country(value: object, field: str) -> str | None:
    if value is None:
        return None
    code = value.get("code") if isinstance(value, Mapping) else None
    if not isinstance(code, str):
        raise InvalidDealError("expected an object with a country code", field=field)
    country = code[:2].upper()  # "US-DE" (a subdivision) is in "US"
    if not is_country(country):
        raise InvalidDealError(f"unknown country code {code!r}", field=f"{field}.code")
    return country


def _first_country(values: object, field: str) -> str | None:
    if not values:
        return None
    if not isinstance(values, list):
        raise InvalidDealError("expected a list of countries", field=field)
    return _country(values[0], f"{field}[0]")


def _address(details: Mapping[str, Any], kind: str, where: str) -> str | None:
    for k, address in enumerate(details.get("addresses") or []):
        if isinstance(address, Mapping) and address.get("type") == kind and address.get("country"):
            return _country(address["country"], f"{where}.addresses[{k}].country")
    return None


def _person_name(details: Mapping[str, Any], fallback: str) -> str:
    for name in details.get("names") or []:
        if isinstance(name, Mapping):
            full = name.get("fullName") or " ".join(
                str(name[k]) for k in ("givenName", "familyName") if name.get(k)
            )
            if full:
                return str(full)
    return f"{details.get('personType', 'person')} {fallback}"


def _ended(interest: Mapping[str, Any], field: str) -> bool:
    end = interest.get("endDate")
    if end is None:
        return False
    try:
        return date.fromisoformat(str(end)) <= date.today()
    except ValueError:
        raise InvalidDealError(f"expected a date, got {end!r}", field=f"{field}.endDate") from None


def _share(share: object, field: str) -> tuple[Fraction, Fraction]:
    """A BODS share (percentages) as an exact range of fractions."""
    if not isinstance(share, Mapping):
        raise InvalidDealError("expected an object with exact or minimum/maximum", field=field)
    if "exact" in share:
        exact = _percent(share["exact"], f"{field}.exact")
        return exact, exact
    low = _percent(share.get("minimum", share.get("exclusiveMinimum", 0)), f"{field}.minimum")
    high = _percent(share.get("maximum", share.get("exclusiveMaximum", 100)), f"{field}.maximum")
    if high < low:
        raise InvalidDealError("maximum is below minimum", field=field)
    return low, high


def _percent(value: object, field: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidDealError(f"expected a percentage from 0 to 100, got {value!r}", field=field)
    fraction = Fraction(Decimal(str(value))) / HUNDRED
    if not 0 <= fraction <= 1:
        raise InvalidDealError(f"expected a percentage from 0 to 100, got {value}", field=field)
    return fraction


# ----------------------------------------------------------------------------- Deal → BODS
def write_bods(deal: Deal, *, statement_date: date | None = None) -> list[dict[str, Any]]:
    """The deal's parties and stakes as BODS 0.4 statements (JSON-ready; shares as numbers).

    Party kinds other than individual and government have no BODS equivalent and are written
    as registered entities; boards and arrangements are not part of BODS.
    """
    day = (statement_date or deal.as_of or date.today()).isoformat()
    envelope = {
        "statementDate": day,
        "publicationDetails": {
            "publicationDate": day,
            "bodsVersion": BODS_VERSION,
            "publisher": {"name": "tiktok_deal"},
        },
    }

    def statement(record_id: str, kind: str, details: dict[str, Any]) -> dict[str, Any]:
        key = f"{deal.name}/{record_id}"
        return {
            "statementId": str(uuid.uuid5(uuid.NAMESPACE_URL, key)),
            "declarationSubject": deal.target,
            **envelope,
            "recordId": record_id,
            "recordStatus": "new",
            "recordType": kind,
            "recordDetails": {"isComponent": False, **details},
        }

    out = [statement(p.id, *_party_details(p)) for p in deal.parties.values()]
    for s in deal.stakes:
        interests = [_interest("shareholding", s.equity, s.equity_max)]
        if s.voting is not None:
            interests.append(_interest("votingRights", s.voting, s.voting_max))
        details = {"subject": s.of, "interestedParty": s.holder, "interests": interests}
        out.append(statement(f"rel-{s.holder}-{s.of}", "relationship", details))
    return out


def _party_details(party: Party) -> tuple[str, dict[str, Any]]:
    def country(code: str) -> dict[str, str]:
        return {"code": code}

    if party.kind == "individual":
        details: dict[str, Any] = {"personType": "knownPerson", "names": [{"fullName": party.name}]}
        if party.domiciled_in:
            details["addresses"] = [{"type": "residence", "country": country(party.domiciled_in)}]
        return "person", details
    entity_type = "state" if party.kind == "government" else "registeredEntity"
    details = {"entityType": {"type": entity_type}, "name": party.name}
    if party.organized_in:
        details["jurisdiction"] = country(party.organized_in)
    if party.headquartered_in:
        details["addresses"] = [{"type": "business", "country": country(party.headquartered_in)}]
    return "entity", details


def _interest(kind: str, low: Fraction, high: Fraction | None) -> dict[str, Any]:
    def percent(value: Fraction) -> float | int:
        number = value * 100
        return int(number) if number.denominator == 1 else float(number)

    share = {"exact": percent(low)} if high is None else {
        "minimum": percent(low), "maximum": percent(high)
    }  # fmt: skip
    return {"type": kind, "directOrIndirect": "direct", "share": share}
