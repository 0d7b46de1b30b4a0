"""The mapping between a deal's facts and BODS 0.4's codes (see the package's docstring)."""

from __future__ import annotations

from fractions import Fraction

__all__ = [
    "BODS_VERSION",
    "CONTROL_INTERESTS",
    "CUSTOM",
    "ENTITY_ADDRESSES",
    "ENTITY_KINDS",
    "ENTITY_TYPES",
    "HUNDRED",
    "PERSON_ADDRESSES",
    "PERSON_TYPES",
    "RIGHT_INTERESTS",
]

BODS_VERSION = "0.4"
#: BODS interest types read as a ``management`` control right (unless annotated otherwise).
CONTROL_INTERESTS = {
    "appointmentOfBoard",
    "otherInfluenceOrControl",
    "controlViaCompanyRulesOrArticles",
    "controlByLegalFramework",
}
#: BODS entity types → party kinds (``registeredEntity`` and anything else: company).
ENTITY_KINDS = {
    "state": "government",
    "stateBody": "government",
    "arrangement": "pool",
    "legalEntity": "other",
    "anonymousEntity": "other",
    "unknownEntity": "other",
}
#: Party kinds → BODS entity types (a fund is a registered entity with a ``partyKind``).
ENTITY_TYPES = {
    "company": "registeredEntity",
    "fund": "registeredEntity",
    "government": "state",
    "pool": "arrangement",
    "other": "legalEntity",
}
#: Control-right kinds → the BODS interest type written for them (annotated with the kind).
RIGHT_INTERESTS = {
    "veto": "otherInfluenceOrControl",
    "golden_share": "controlViaCompanyRulesOrArticles",
    "management": "otherInfluenceOrControl",
    "officer_appointment": "otherInfluenceOrControl",
    "negative_control": "otherInfluenceOrControl",
    "contractual_control": "rightsGrantedByContract",
}
#: The address type that carries each link, for entities and for persons, unannotated.
ENTITY_ADDRESSES = {"headquartered_in": "business", "domiciled_in": "registered"}
#: BODS person types, named in the name of a person who has none.
PERSON_TYPES = ("knownPerson", "anonymousPerson", "unknownPerson")
PERSON_ADDRESSES = {"domiciled_in": "residence"}
HUNDRED = Fraction(100)
#: The custom properties this library writes in annotations (see the package's docstring).
CUSTOM = frozenset({"link", "partyKind", "controlRight", "exactFraction"})
