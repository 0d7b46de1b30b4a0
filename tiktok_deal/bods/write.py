"""Deal → BODS 0.4 statements (``write_bods``), lossless for what BODS can hold."""

from __future__ import annotations

import uuid
from datetime import date
from fractions import Fraction
from typing import Any

from ..model import Deal, Party
from .codes import (
    BODS_VERSION,
    ENTITY_ADDRESSES,
    ENTITY_TYPES,
    HUNDRED,
    PERSON_ADDRESSES,
    RIGHT_INTERESTS,
)

__all__ = ["write_bods"]


def write_bods(deal: Deal, *, statement_date: date | None = None) -> list[dict[str, Any]]:
    """The deal's parties, stakes and control rights as BODS 0.4 statements (JSON-ready).

    ``read_bods(write_bods(deal), target=deal.target)`` gives back the same parties (kinds,
    names, notes, every country link) and the same stakes, exactly: a share is a decimal number
    when one is exact, else annotated with its exact fraction. Boards, officers, arrangements,
    operations and the export licence are not part of BODS and are not written.
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
    used = set(deal.parties)

    def record_id(wanted: str) -> str:
        found, n = wanted, 1
        while found in used:  # a party may be called "rel-a-b" too
            n += 1
            found = f"{wanted}-{n}"
        used.add(found)
        return found

    def statement(
        rid: str, kind: str, details: dict[str, Any], notes: list[dict[str, Any]]
    ) -> dict[str, Any]:
        out: dict[str, Any] = {
            "statementId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{deal.name}/{rid}")),
            "declarationSubject": deal.target,
            **envelope,
            "recordId": rid,
            "recordStatus": "new",
            "recordType": kind,
            "recordDetails": {"isComponent": False, **details},
        }
        if notes:
            out["annotations"] = notes
        return out

    out = [statement(p.id, *_party_record(p)) for p in deal.parties.values()]
    for s in deal.stakes:
        notes = [_comment("", s.note)] if s.note else []
        interests = [_interest("shareholding", s.equity, s.equity_max, 0, notes)]
        if s.voting is not None:
            interests.append(_interest("votingRights", s.voting, s.voting_max, 1, notes))
        details = {"subject": s.of, "interestedParty": s.holder, "interests": interests}
        out.append(statement(record_id(f"rel-{s.holder}-{s.of}"), "relationship", details, notes))
    for r in deal.control_rights:
        interest = {"type": RIGHT_INTERESTS[r.kind], "directOrIndirect": "direct"}
        notes = [_comment("/recordDetails/interests/0", f"control right: {r.kind}",
                          controlRight=r.kind)]  # fmt: skip
        if r.note:
            notes.append(_comment("/recordDetails/interests/0", r.note))
        details = {"subject": r.of or deal.target, "interestedParty": r.holder,
                   "interests": [interest]}  # fmt: skip
        out.append(statement(record_id(f"right-{r.holder}-{r.kind}"), "relationship", details,
                             notes))  # fmt: skip
    return out


def _comment(pointer: str, text: str, **custom: str) -> dict[str, Any]:
    return {
        "statementPointerTarget": pointer,
        "motivation": "commenting",
        "description": text,
        **custom,
    }


def _party_record(party: Party) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    notes = [_comment("", party.note)] if party.note else []
    addresses: list[dict[str, Any]] = []

    def address(kind: str, link: str, country: str, annotate: bool) -> None:
        if annotate:
            pointer = f"/recordDetails/addresses/{len(addresses)}"
            notes.append(_comment(pointer, link.replace("_", " "), link=link))
        addresses.append({"type": kind, "country": {"name": country, "code": country}})

    if party.kind == "individual":
        details: dict[str, Any] = {"personType": "knownPerson", "names": [{"fullName": party.name}]}
        for link, country in party.links:
            kind = PERSON_ADDRESSES.get(link)
            address(kind or "alternative", link, country, annotate=kind is None)
        if addresses:
            details["addresses"] = addresses
        return "person", details, notes
    details = {"entityType": {"type": ENTITY_TYPES[party.kind]}, "name": party.name}
    if party.kind == "fund":
        notes.append(_comment("/recordDetails/entityType", "a fund", partyKind="fund"))
    for link, country in party.links:
        if link == "organized_in":
            details["jurisdiction"] = {"name": country, "code": country}
        elif link in ENTITY_ADDRESSES:
            address(ENTITY_ADDRESSES[link], link, country, annotate=False)
        else:
            address("business", link, country, annotate=True)
    if addresses:
        details["addresses"] = addresses
    return "entity", details, notes


def _interest(
    kind: str, low: Fraction, high: Fraction | None, index: int, notes: list[dict[str, Any]]
) -> dict[str, Any]:
    pointer = f"/recordDetails/interests/{index}/share"

    def percent(key: str, value: Fraction) -> int | float:
        number, exact = _number(value * HUNDRED)
        if not exact:
            text = f"{value.numerator}/{value.denominator}"
            notes.append(_comment(f"{pointer}/{key}", f"exactly {text}", exactFraction=text))
        return number

    if high is None:
        share = {"exact": percent("exact", low)}
    else:
        share = {"minimum": percent("minimum", low), "maximum": percent("maximum", high)}
    return {"type": kind, "directOrIndirect": "direct", "share": share}


def _number(percent: Fraction) -> tuple[int | float, bool]:
    """A percentage as a JSON number, and whether that number (read by its decimal text, as
    ``read_bods`` reads it) is exactly the percentage."""
    if percent.denominator == 1:
        return int(percent), True
    number = float(percent)
    return number, Fraction(repr(number)) == percent
