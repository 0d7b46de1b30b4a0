"""A large deal's facts are read from its stake columns (``law.indexes``): the graph, the stakes
of each entity, who directs whom. On drawn deals, forced down that path, every index and every
finding equals the one built from the ``Stake`` objects."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings

from tiktok_deal import Deal, check
from tiktok_deal.law import facts as facts_module
from tiktok_deal.law.facts import Facts
from tiktok_deal.law.indexes import StakeIndex
from tiktok_deal.law.interpretation import Interpretation
from tiktok_deal.ownership import Graph, trace
from tiktok_deal.strategies import deals


@settings(max_examples=60, deadline=None)
@given(deal=deals(stake_ranges=True, unknown_jurisdictions=True))
def test_the_columns_give_the_graph_the_stakes_give(deal: Deal) -> None:
    want = Graph.from_stakes(deal.stakes)
    got = StakeIndex(deal).graph
    assert got.ids == want.ids
    assert (got.holder_list, got.held_list) == (want.holder_list, want.held_list)
    for basis in ("equity", "voting"):
        for upper in (False, True):
            assert got.exact(basis, upper) == want.exact(basis, upper)
            assert got.floats(basis, upper).tolist() == want.floats(basis, upper).tolist()
            sources = [p for p in deal.parties if p != deal.target][:2]
            a = trace(got, sources, basis=basis, upper=upper)
            b = trace(want, sources, basis=basis, upper=upper)
            assert [a.figure(e) for e in got.ids] == [b.figure(e) for e in want.ids]


@settings(max_examples=60, deadline=None)
@given(deal=deals(stake_ranges=True, unknown_jurisdictions=True))
def test_the_indexes_and_findings_from_columns_are_those_from_stakes(deal: Deal) -> None:
    small = Facts(deal, Interpretation())
    with mock.patch.object(facts_module, "VECTORISED", 0):
        large = Facts(deal, Interpretation())
        assert large.index is not None
        assert {e: large.holdings.get(e) for e in deal.parties} == {
            e: small.holdings.get(e) for e in deal.parties
        }
        assert dict(large.influence) == dict(small.influence)
        assert dict(large.directors) == dict(small.directors)
        assert (large.ranged, large.bases) == (small.ranged, small.bases)
        everyone = dict.fromkeys(deal.parties, True)
        for world in ("best", "worst"):
            for entity in deal.parties:
                votes = getattr(large, world).votes_held(entity, everyone)
                assert votes == getattr(small, world).votes_held(entity, everyone)
        findings = check(deal).findings
    assert findings == check(deal).findings
