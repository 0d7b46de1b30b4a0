"""Hypothesis strategies for the library's own types, as ``hypothesis.extra.pandas`` is for pandas.

>>> from hypothesis import given
>>> from tiktok_deal import check
>>> from tiktok_deal.strategies import deals
>>> @given(deals(verdict="compliant"))
... def test_a_compliant_deal_is_compliant(deal):
...     assert check(deal).verdict == "compliant"

Stakes are exact fractions; party ids are short (``"p0"``, ``"p1"``, …; the target of a drawn deal
is ``"p0"``) so that counterexamples shrink small and readable. Needs hypothesis
(``pip install tiktok-deal[test]``); ``import tiktok_deal`` never imports this module.

Country kinds (``countries(kind=…)``, ``parties(jurisdiction=…)``):

* ``"clean"`` — no link to CN, RU, IR, KP, HK or MO: never an (A)-person;
* ``"adversary"`` — a link to CN, RU, IR or KP: an (A)-person under every interpretation;
* ``"hong_kong"`` — a link to HK or MO and none to the four: an (A)-person only under
  ``hong_kong=included``;
* ``"any"`` — any of the three; ``"unknown"`` (parties only) — no jurisdiction given.
"""

from __future__ import annotations

from .deals import deals
from .facts import (
    arrangements,
    boards,
    control_rights,
    officers,
    operations,
    ownership_graphs,
    parties,
    stakes,
)
from .values import (
    ADVERSARY_COUNTRIES,
    NEAR_THRESHOLD,
    SARS,
    countries,
    interpretations,
    party_ids,
    stake_values,
)

__all__ = [
    "ADVERSARY_COUNTRIES",
    "NEAR_THRESHOLD",
    "SARS",
    "arrangements",
    "boards",
    "control_rights",
    "countries",
    "deals",
    "interpretations",
    "officers",
    "operations",
    "ownership_graphs",
    "parties",
    "party_ids",
    "stake_values",
    "stakes",
]
