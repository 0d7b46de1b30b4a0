"""``World.operated`` skips its closure when every controlled party is covered: on drawn deals it
is the closure of the covered parties all the same."""

from __future__ import annotations

from hypothesis import given, settings

from tiktok_deal import Deal
from tiktok_deal.law.facts import Facts
from tiktok_deal.law.interpretation import Interpretation
from tiktok_deal.strategies import deals


@settings(max_examples=80, deadline=None)
@given(deal=deals(unknown_jurisdictions=True))
def test_operated_is_the_closure_of_the_covered_parties(deal: Deal) -> None:
    facts = Facts(deal, Interpretation())
    for world in (facts.best, facts.worst):
        seeds = {party: world.covered(party) for party in world.controlled}
        assert world.operated == world.closure(seeds)
