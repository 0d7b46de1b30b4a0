"""BODS 0.4 round trips as properties: drawn deals go out and back unchanged, findings and all,
and damaged statements give a deal or one InvalidDealError. (Kept apart from test_bods.py: they
take seconds, and the mutation run relies on the deterministic tests there.)"""

import json

import attrs
from hypothesis import given

import tiktok_deal as td
from tiktok_deal.strategies import deals


def round_trip(deal: td.Deal) -> td.Deal:
    return td.read_bods(json.loads(json.dumps(td.write_bods(deal))), target=deal.target)


def normalised(rights: tuple[td.ControlRight, ...], target: str) -> list[td.ControlRight]:
    return [attrs.evolve(r, of=None if r.of == target else r.of) for r in rights]


@given(deals(unknown_jurisdictions=True, stake_ranges=True, max_parties=6))
def test_bods_round_trip_keeps_parties_stakes_and_findings(deal: td.Deal) -> None:
    back = round_trip(deal)
    assert dict(back.parties) == dict(deal.parties)
    assert list(back.stakes) == list(deal.stakes)
    assert normalised(back.control_rights, deal.target) == normalised(
        deal.control_rights, deal.target
    )
    for interpretation in td.Interpretation.every():
        before, after = td.check(deal, interpretation=interpretation), td.check(
            back, interpretation=interpretation
        )
        for rule in ("pafaca.fa_person", "pafaca.fa_ownership"):
            assert (after[rule].status, after[rule].value, after[rule].bounds) == (
                before[rule].status, before[rule].value, before[rule].bounds
            ), (rule, interpretation)  # fmt: skip


def test_damaged_statements_give_a_deal_or_one_invalid_deal_error() -> None:
    from test_fuzz_loader import Mutator

    mutator = Mutator(seed=5)
    originals = [json.loads(json.dumps(td.write_bods(td.preset(name)))) for name in td.PRESETS]
    outcomes = set()
    for i in range(300):
        statements = mutator.data(json.loads(json.dumps(originals[i % len(originals)])))
        target = td.preset(list(td.PRESETS)[i % len(originals)]).target
        try:
            td.read_bods(statements, target=target, source="fuzz.json")
        except td.InvalidDealError as error:
            outcomes.add(str(error).split(": ")[0])
        else:
            outcomes.add("read")
    assert outcomes == {"read", "fuzz.json"}  # every refusal names the source
