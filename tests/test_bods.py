"""BODS 0.4: the published fixtures and hand-written statements load, check and round-trip."""

import json
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import pytest

import tiktok_deal as td

fixtures = pytest.importorskip("bods_fixtures")


def test_direct_ownership_fixture() -> None:
    # Jane Smith (GB) holds 75 % of the shares and votes of Acme Holdings (GB): nothing adversary.
    deal = td.read_bods(fixtures.load("core/01-direct-ownership").statements,
                        target="rec-acme-holdings-ltd")  # fmt: skip
    (stake,) = deal.stakes
    assert (stake.holder, stake.of) == ("rec-jane-smith-1975", "rec-acme-holdings-ltd")
    assert (stake.equity, stake.voting) == (F(3, 4), F(3, 4))
    assert deal.parties["rec-jane-smith-1975"].domiciled_in == "GB"  # from nationality, noted
    assert "nationality" in (deal.parties["rec-jane-smith-1975"].note or "")
    assert td.check(deal).verdict == td.Status.COMPLIANT


def test_circular_fixture_terminates_and_does_not_inflate() -> None:
    # Alpha and Beta own 100 % of each other: a closed cycle, nothing traces anywhere (not 200 %).
    deal = td.read_bods(fixtures.load("edge-cases/10-circular-ownership").statements,
                        target="rec-alpha-corp")  # fmt: skip
    assert len(deal.stakes) == 2  # both edges kept
    assert td.check(deal)["pafaca.fa_ownership"].value == 0


def test_anonymous_owner_fixture_is_indeterminate_not_compliant() -> None:
    # The owner could not be identified: anyone, anywhere, 0–100 %.
    deal = td.read_bods(fixtures.load("edge-cases/11-anonymous-person").statements,
                        target="rec-opaque-holdings-sa")  # fmt: skip
    finding = td.check(deal)["pafaca.fa_ownership"]
    assert finding.bounds == (0, 1)
    assert finding.status == td.Status.INDETERMINATE


def entity(rid: str, country: str) -> dict[str, Any]:
    details = {"entityType": {"type": "registeredEntity"}, "name": rid.title(),
               "jurisdiction": {"code": country}}  # fmt: skip
    return {"statementId": f"s-{rid}", "recordId": rid, "recordType": "entity",
            "recordDetails": details}  # fmt: skip


def owns(
    holder: str, subject: str, share: dict[str, Any], kind: str = "shareholding"
) -> dict[str, Any]:
    interest = {"type": kind, "directOrIndirect": "direct", "share": share}
    return {"statementId": f"s-{holder}-{subject}", "recordId": f"r-{holder}-{subject}",
            "recordType": "relationship",
            "recordDetails": {"subject": subject, "interestedParty": holder, "interests": [interest]}}  # fmt: skip


def test_chain_with_a_range_gives_bounds() -> None:
    # cn holds 30–50 % of a fund that holds 50 % of t: 15 %–25 % → straddles 20 %.
    statements = [entity("t", "US"), entity("fund", "US"), entity("cn", "CN"),
                  owns("fund", "t", {"exact": 50}), owns("cn", "fund", {"minimum": 30, "maximum": 50})]  # fmt: skip
    finding = td.check(td.read_bods(statements, target="t"))["pafaca.fa_ownership"]
    assert finding.bounds == (F(1, 2) * F(3, 10), F(1, 2) * F(1, 2))
    assert finding.status == td.Status.INDETERMINATE


def test_subdivision_jurisdictions_and_decimal_shares_are_exact() -> None:
    statements = [entity("t", "US-DE"), entity("cn", "CN"), owns("cn", "t", {"exact": 19.9})]
    deal = td.read_bods(json.loads(json.dumps(statements)), target="t")
    assert deal.parties["t"].organized_in == "US"
    assert deal.stakes[0].equity == F(199, 1000)


def test_write_then_read_round_trips_stakes_and_countries() -> None:
    deal = td.preset("joint-venture-2026")
    back = td.read_bods(json.loads(json.dumps(td.write_bods(deal))), target=deal.target)
    assert {(s.holder, s.of, s.equity) for s in back.stakes} == {
        (s.holder, s.of, s.equity) for s in deal.stakes
    }
    for party in deal.parties.values():
        assert back.parties[party.id].countries <= party.countries
    assert td.check(back)["pafaca.fa_ownership"].value == F(199, 1000)


@pytest.mark.parametrize(
    ("statements", "field", "problem"),
    [
        ({"not": "a list"}, "", "expected a JSON list"),
        ([{"recordType": "entity", "recordDetails": {}}], "statements[0].recordId", "missing"),
        ([{"recordId": "x", "recordType": "trust", "recordDetails": {}}], "statements[0].recordType", "unknown recordType"),
        ([entity("t", "ZZ")], "statements[0].recordDetails.jurisdiction.code", "unknown country"),
        ([entity("t", "US"), owns("ghost", "t", {"exact": 5})], "statements[1].recordDetails.interestedParty", "no entity or person"),
        ([entity("t", "US"), entity("a", "US"), owns("a", "t", {"exact": 150})], "statements[2].recordDetails.interests[0].share.exact", "0 to 100"),
        ([entity("t", "US"), entity("a", "US"), owns("a", "t", {"exact": "lots"})], "statements[2].recordDetails.interests[0].share.exact", "percentage"),
        ([entity("a", "US")], "target", "no entity or person record 't'"),
    ],
)  # fmt: skip
def test_malformed_statements_name_the_statement_and_field(
    statements: Any, field: str, problem: str
) -> None:
    with pytest.raises(td.InvalidDealError) as caught:
        td.read_bods(statements, target="t", source="owners.json")
    assert caught.value.field == field
    assert problem in str(caught.value)
    assert str(caught.value).startswith("owners.json: ")


def test_check_command_reads_bods(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tiktok_deal.cli import main

    path = tmp_path / "owners.json"
    path.write_text(
        json.dumps([entity("t", "US"), entity("cn", "CN"), owns("cn", "t", {"exact": 20})])
    )
    assert main(["check", "--bods", str(path), "--target", "t", "--json"]) == 1  # 20 % ≥ 20 %
    assert json.loads(capsys.readouterr().out)["verdict"] == "violation"
    assert main(["check", "--bods", str(tmp_path / "none.json"), "--target", "t"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_entity_report_names_the_prong() -> None:
    frame = td.entity_report(td.preset("joint-venture-2026")).set_index("entity")
    assert frame.loc["bytedance", "prong"] == "A"
    assert frame.loc["tiktok-ltd", "prong"] == "B"  # 100 % owned by ByteDance
    assert frame.loc["tiktok-usds-jv", "fa_stake"] == F(199, 1000)
    assert not frame.loc["tiktok-usds-jv", "controlled"]
