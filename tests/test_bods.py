"""BODS 0.4: the published fixtures and hand-written statements load, check and round-trip."""

import json
from decimal import Decimal
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
    assert list(back.stakes) == list(deal.stakes)
    assert dict(back.parties) == dict(deal.parties)
    assert td.check(back)["pafaca.fa_ownership"].value == F(199, 1000)


def round_trip(deal: td.Deal) -> td.Deal:
    return td.read_bods(json.loads(json.dumps(td.write_bods(deal))), target=deal.target)


def test_three_thirds_survive_the_round_trip() -> None:
    # Written as floats, 3 x 33.333333333333336 % once added up to more than 100 % on reading.
    parties = [td.Party(id=p, organized_in="US") for p in ("t", "a", "b", "c")]
    stakes = [td.Stake(holder=h, of="t", equity="1/3") for h in "abc"]
    deal = td.Deal(name="thirds", target="t", parties=parties, stakes=stakes)
    assert [s.equity for s in round_trip(deal).stakes] == [F(1, 3)] * 3


def test_every_country_link_survives_the_round_trip() -> None:
    # Organized in KY, principal place of business in CN: an (A)-person either way.
    holder = td.Party(id="h", organized_in="KY", principal_place_of_business="CN")
    deal = td.Deal(name="ppob", target="t",
                   parties=[td.Party(id="t", organized_in="US"), holder],
                   stakes=[td.Stake(holder="h", of="t", equity="25%")])  # fmt: skip
    assert td.check(deal).verdict == td.Status.VIOLATION
    back = round_trip(deal)
    assert back.parties["h"] == holder
    assert td.check(back).verdict == td.Status.VIOLATION


def test_kinds_notes_ranges_and_rights_survive_the_round_trip() -> None:
    parties = [
        td.Party(id="t", organized_in="US", domiciled_in="US", note="the target"),
        td.Party(id="f", kind="fund", headquartered_in="SG"),
        td.Party(id="g", kind="government", organized_in="US"),
        td.Party(id="p", kind="pool"),
        td.Party(id="o", kind="other", principal_place_of_business="HK"),
        td.Party(id="i", kind="individual", name=" Ann Lee ", domiciled_in="CN",
                 organized_in="GB", headquartered_in="FR", principal_place_of_business="DE"),
    ]  # fmt: skip
    stakes = [
        td.Stake(holder="f", of="t", equity="10%", equity_max="1/3", note="a band"),
        td.Stake(holder="i", of="t", equity="5%", voting="2/7", voting_max="3/7"),
        td.Stake(holder="g", of="t", equity="0." + "1" * 40),
        td.Stake(holder="p", of="f", equity="25%", equity_max="25%"),
    ]
    rights = [td.ControlRight(holder=h, kind=k, of=o, note=n) for h, k, o, n in (
        ("g", "golden_share", None, None), ("o", "veto", "f", "over the fund"),
        ("i", "officer_appointment", None, None), ("f", "contractual_control", None, "ops"),
        ("p", "negative_control", None, None), ("o", "management", None, None),
    )]  # fmt: skip
    deal = td.Deal(name="all", target="t", parties=parties, stakes=stakes, control_rights=rights)
    back = round_trip(deal)
    assert dict(back.parties) == dict(deal.parties)
    assert list(back.stakes) == list(deal.stakes)
    assert list(back.control_rights) == rights


def test_other_publishers_countries_are_links_or_noted() -> None:
    entity = {"statementId": "s1", "recordId": "e", "recordType": "entity", "recordDetails": {
        "entityType": {"type": "registeredEntity"}, "name": "E",
        "jurisdiction": {"name": "Cayman Islands", "code": "KY"},
        "addresses": [{"type": "registered", "country": {"name": "Cayman Islands", "code": "KY"}},
                      {"type": "business", "country": {"name": "Hong Kong", "code": "HK"}},
                      {"type": "business", "country": {"name": "China", "code": "CN"}},
                      {"type": "business", "country": {"name": "Singapore", "code": "SG"}},
                      {"type": "alternative", "country": {"name": "Japan", "code": "JP"}}]}}
    person = {"statementId": "s2", "recordId": "p", "recordType": "person", "recordDetails": {
        "personType": "knownPerson", "names": [{"fullName": "P"}],
        "addresses": [{"type": "residence", "country": {"code": "US"}}],
        "taxResidencies": [{"code": "GB"}], "nationalities": [{"code": "CN"}, {"code": "XK"}]}}
    deal = td.read_bods([entity, person], target="e")
    e, p = deal.parties["e"], deal.parties["p"]
    assert (e.organized_in, e.domiciled_in, e.headquartered_in, e.principal_place_of_business) == (
        "KY", "KY", "HK", "CN")  # fmt: skip
    assert "business address in 'SG'" in (e.note or "")
    assert "alternative address in 'JP'" in (
        e.note or "")
    assert p.domiciled_in == "US"
    assert "tax resident in 'GB'" in (p.note or "")
    assert "nationality 'XK'" in (p.note or "")


def test_bods_output_keeps_to_the_standards_codes() -> None:
    # Every record is in BODS 0.4's shape; what BODS has no term for is in annotations.
    statements = td.write_bods(td.preset("joint-venture-2026"))
    for statement in statements:
        details = statement["recordDetails"]
        for address in details.get("addresses", []):
            allowed = ("residence", "service", "alternative") if statement["recordType"] == (
                "person") else ("registered", "business", "alternative")  # fmt: skip
            assert address["type"] in allowed
            assert address["country"]["name"]
        for annotation in statement.get("annotations", []):
            assert annotation["motivation"] == "commenting"
            assert isinstance(annotation["statementPointerTarget"], str)
        for interest in details.get("interests", []):
            for number in interest.get("share", {}).values():
                assert 0 <= number <= 100


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


def test_countries_given_oddly_are_noted_as_given() -> None:
    record = {"statementId": "s", "recordId": "e", "recordType": "entity", "recordDetails": {
        "name": "E", "jurisdiction": {"code": "US-DE"},
        "addresses": [{"type": "alternative", "country": "JP"},
                      {"type": "alternative", "country": {"code": "gb-sct"}},
                      {"type": "alternative", "country": {"name": "nowhere"}},
                      {"type": "alternative"}]}}  # fmt: skip
    party = td.read_bods([record], target="e").parties["e"]
    assert party.organized_in == "US"
    assert party.note == ("BODS also gives: alternative address in a country with no code; "
                          "alternative address in 'GB'; alternative address in a country with "
                          "no code")  # fmt: skip


def test_an_interest_type_that_is_not_text_is_no_interest() -> None:
    statements = [entity("t", "US"), entity("cn", "CN"), owns("cn", "t", {"exact": 30})]
    statements[2]["recordDetails"]["interests"][0]["type"] = ["shareholding"]
    deal = td.read_bods(statements, target="t")
    assert list(deal.stakes) == []
    assert list(deal.control_rights) == []


# ----------------------------------------------------------------------------- exact output
def test_the_statements_written_for_a_small_deal() -> None:
    import uuid
    from datetime import date

    parties = [td.Party(id="t", name="T Inc.", organized_in="US", domiciled_in="US"),
               td.Party(id="rel-h-t", name="H", kind="individual", domiciled_in="CN",
                        principal_place_of_business="HK", note="a person")]  # fmt: skip
    deal = td.Deal(name="small", target="t", parties=parties,
                   stakes=[td.Stake(holder="rel-h-t", of="t", equity="1/3", note="a third")],
                   control_rights=[td.ControlRight(holder="rel-h-t", kind="veto")])  # fmt: skip
    statements = td.write_bods(deal, statement_date=date(2026, 1, 22))

    def envelope(rid: str, kind: str) -> dict[str, Any]:
        return {"statementId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"small/{rid}")),
                "declarationSubject": "t", "statementDate": "2026-01-22",
                "publicationDetails": {"publicationDate": "2026-01-22", "bodsVersion": "0.4",
                                       "publisher": {"name": "tiktok_deal"}},
                "recordId": rid, "recordStatus": "new", "recordType": kind}  # fmt: skip

    def country(code: str) -> dict[str, str]:
        return {"name": code, "code": code}

    assert statements == [
        {**envelope("t", "entity"), "recordDetails": {
            "isComponent": False, "entityType": {"type": "registeredEntity"}, "name": "T Inc.",
            "jurisdiction": country("US"),
            "addresses": [{"type": "registered", "country": country("US")}]}},
        {**envelope("rel-h-t", "person"), "recordDetails": {
            "isComponent": False, "personType": "knownPerson", "names": [{"fullName": "H"}],
            "addresses": [{"type": "alternative", "country": country("HK")},
                          {"type": "residence", "country": country("CN")}]},
         "annotations": [
             {"statementPointerTarget": "", "motivation": "commenting", "description": "a person"},
             {"statementPointerTarget": "/recordDetails/addresses/0", "motivation": "commenting",
              "description": "principal place of business",
              "link": "principal_place_of_business"}]},
        {**envelope("rel-rel-h-t-t", "relationship"), "recordDetails": {
            "isComponent": False, "subject": "t", "interestedParty": "rel-h-t",
            "interests": [{"type": "shareholding", "directOrIndirect": "direct",
                           "share": {"exact": 33.333333333333336}}]},
         "annotations": [
             {"statementPointerTarget": "", "motivation": "commenting", "description": "a third"},
             {"statementPointerTarget": "/recordDetails/interests/0/share/exact",
              "motivation": "commenting", "description": "exactly 1/3", "exactFraction": "1/3"}]},
        {**envelope("right-rel-h-t-veto", "relationship"), "recordDetails": {
            "isComponent": False, "subject": "t", "interestedParty": "rel-h-t",
            "interests": [{"type": "otherInfluenceOrControl", "directOrIndirect": "direct"}]},
         "annotations": [{"statementPointerTarget": "/recordDetails/interests/0",
                          "motivation": "commenting", "description": "control right: veto",
                          "controlRight": "veto"}]},
    ]  # fmt: skip


def test_record_ids_never_collide() -> None:
    parties = [td.Party(id=p) for p in ("t", "a", "rel-a-t", "rel-a-t-2", "right-a-veto")]
    deal = td.Deal(name="ids", target="t", parties=parties,
                   stakes=[td.Stake(holder="a", of="t", equity="1%")],
                   control_rights=[td.ControlRight(holder="a", kind="veto"),
                                   td.ControlRight(holder="a", kind="veto", of="rel-a-t")])  # fmt: skip
    ids = [s["recordId"] for s in td.write_bods(deal)]
    assert ids == ["t", "a", "rel-a-t", "rel-a-t-2", "right-a-veto", "rel-a-t-3",
                   "right-a-veto-2", "right-a-veto-3"]  # fmt: skip
    assert len(td.read_bods(td.write_bods(deal), target="t").control_rights) == 2


def test_the_statement_date() -> None:
    from datetime import date

    deal = td.Deal(name="d", target="t", parties=[td.Party(id="t")], as_of=date(2025, 9, 19))
    assert td.write_bods(deal)[0]["statementDate"] == "2025-09-19"
    given = td.write_bods(deal, statement_date=date(2026, 1, 1))[0]
    assert (given["statementDate"], given["publicationDetails"]["publicationDate"]) == (
        "2026-01-01", "2026-01-01")  # fmt: skip
    undated = td.Deal(name="d", target="t", parties=[td.Party(id="t")])
    assert td.write_bods(undated)[0]["statementDate"] == date.today().isoformat()


def person(details: dict[str, Any]) -> dict[str, Any]:
    return {"statementId": "s", "recordId": "p", "recordType": "person", "recordDetails": details}


@pytest.mark.parametrize(
    ("details", "name", "domicile", "note"),
    [
        ({"names": [{"givenName": "Ann", "familyName": "Lee"}]}, "Ann Lee", None, None),
        ({"names": [{"familyName": "Lee"}, {"fullName": "Other"}]}, "Lee", None, None),
        ({"names": [{"fullName": " "}, {"fullName": "Second"}]}, "Second", None, None),
        ({"names": "Ann"}, "person p", None, None),
        ({"personType": "anonymousPerson"}, "anonymousPerson p", None, None),
        ({"personType": ["x"]}, "person p", None, None),
        ({"taxResidencies": [{"code": "GB"}, {"code": "FR"}]}, "person p", "GB",
         "BODS also gives: tax resident in 'FR'"),
        ({"nationalities": [{"code": "CN"}, {"code": "XK"}, {"code": "CN"}]}, "person p", "CN",
         "BODS also gives: domicile taken from nationality CN; nationality 'XK'"),
        ({"addresses": [{"type": "service", "country": {"code": "JP"}}],
          "nationalities": [{"code": "SG"}]}, "person p", "SG",
         "BODS also gives: domicile taken from nationality SG; service address in 'JP'"),
    ],
)  # fmt: skip
def test_people_as_other_publishers_give_them(
    details: dict[str, Any], name: str, domicile: str | None, note: str | None
) -> None:
    party = td.read_bods([person(details)], target="p").parties["p"]
    assert (party.name, party.domiciled_in, party.note) == (name, domicile, note)


@pytest.mark.parametrize(
    ("details", "field", "problem"),
    [
        ({"taxResidencies": {"code": "GB"}}, "statements[0].recordDetails.taxResidencies",
         "expected a list"),
        ({"nationalities": [{"code": "ZZ"}]}, "statements[0].recordDetails.nationalities[0].code",
         "unknown country code 'ZZ'"),
        ({"addresses": "here"}, "statements[0].recordDetails.addresses", "expected a list"),
    ],
)  # fmt: skip
def test_malformed_people_name_the_field(details: dict[str, Any], field: str, problem: str) -> None:
    with pytest.raises(td.InvalidDealError) as caught:
        td.read_bods([person(details)], target="p")
    assert caught.value.field == field
    assert problem in caught.value.problem


# ----------------------------------------------------------------------------- reading, in full
def rel(rid: str, holder: Any, subject: str, *interests: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"statementId": f"s-{rid}", "recordId": rid, "recordType": "relationship",
            "recordDetails": {"subject": subject, "interestedParty": holder,
                              "interests": list(interests)}, **extra}  # fmt: skip


def share(kind: str, **values: Any) -> dict[str, Any]:
    return {"type": kind, "directOrIndirect": "direct", "share": values}


def test_a_register_as_other_publishers_write_it() -> None:
    statements = [
        entity("t", "US"), entity("a", "GB"), entity("b", "US"), entity("c", "CN"),
        {**entity("gone", "CN"), "recordStatus": "closed"},
        entity("b2", "SG"), {**entity("b2", "CN"), "statementId": "s-b2-updated"},  # updated
        rel("r1", "a", "t", share("shareholding", exclusiveMinimum=10, exclusiveMaximum=20),
            share("votingRights", maximum=30)),
        rel("r2", "b", "t", share("shareholding", minimum=5),
            {**share("shareholding", exact=7), "endDate": "2000-01-01"},
            {"type": "shareholding", "directOrIndirect": "indirect", "share": {"exact": 50}},
            {**share("votingRights", exact=6), "endDate": "2999-01-01"}),
        rel("r3", {"reason": "subjectUnableToConfirmOrIdentifyBeneficialOwner"}, "t"),
        rel("r4", {}, "b"),
        rel("r5", "c", "t", {"type": "appointmentOfBoard"}, {"type": "otherInfluenceOrControl"},
            {"type": "controlViaCompanyRulesOrArticles"}, {"type": "controlByLegalFramework"},
            {"type": "rightsGrantedByContract"}, {"type": "seniorManagingOfficial"},
            {"type": "shareholding"}),
        rel("r6", "c", "b", {"type": "otherInfluenceOrControl"}),
        {**rel("r7", "a", "b", share("shareholding", exact=1)), "recordStatus": "closed"},
    ]  # fmt: skip
    deal = td.read_bods(statements, target="t")
    assert deal.name == "T (from BODS)"
    assert "gone" not in deal.parties
    assert deal.parties["b2"].organized_in == "CN"  # the later statement updates the record
    assert [(s.holder, s.of, s.equity, s.equity_max, s.voting, s.voting_max, s.note)
            for s in deal.stakes] == [
        ("a", "t", F(1, 10), F(1, 5), F(0), F(3, 10), None),
        ("b", "t", F(1, 20), F(1), F(6, 100), None, None),
        ("r3-unidentified", "t", F(0), F(1), None, None,
         "BODS: subjectUnableToConfirmOrIdentifyBeneficialOwner; anything from 0 to 100 %"),
        ("r4-unidentified", "b", F(0), F(1), None, None, "BODS: unknown; anything from 0 to 100 %"),
    ]  # fmt: skip
    unidentified = deal.parties["r3-unidentified"]
    assert (unidentified.name, unidentified.kind) == (
        "Unidentified owner (subjectUnableToConfirmOrIdentifyBeneficialOwner)", "other")
    assert deal.parties["r4-unidentified"].name == "Unidentified owner (unknown)"
    assert [(r.holder, r.kind, r.of, r.note) for r in deal.control_rights] == [
        ("c", "management", None, "BODS interest appointmentOfBoard"),
        ("c", "management", None, "BODS interest otherInfluenceOrControl"),
        ("c", "management", None, "BODS interest controlViaCompanyRulesOrArticles"),
        ("c", "management", None, "BODS interest controlByLegalFramework"),
        ("c", "contractual_control", None, "BODS interest rightsGrantedByContract"),
        ("c", "management", "b", "BODS interest otherInfluenceOrControl"),
    ]  # fmt: skip


NOT_LIST = "expected a JSON list of BODS statements"


@pytest.mark.parametrize(
    ("statements", "message"),
    [
        ({}, f"f.json: {NOT_LIST}"),
        (["x"], "f.json: statements[0]: expected a statement object"),
        ([{"recordId": " ", "recordType": "entity", "recordDetails": {}}],
         "f.json: statements[0].recordId: is missing or not a string"),
        ([{"recordId": "t", "recordType": ["entity"], "recordDetails": {}}],
         "f.json: statements[0].recordType: unknown recordType ['entity'] (expected entity, "
         "person or relationship)"),
        ([{"recordId": "t", "recordType": "entity"}],
         "f.json: statements[0].recordDetails: is missing or not an object"),
        ([entity("a", "US")], "f.json: target: no entity or person record 't' (records: 'a')"),
        ([], "f.json: target: no entity or person record 't' (records: 'none')"),
        ([entity("t", "US"), rel("r", "t", "zz")],
         "f.json: statements[1].recordDetails.subject: refers to no entity record: 'zz'"),
        ([entity("t", "US"), rel("r", ["t"], "t")],
         "f.json: statements[1].recordDetails.interestedParty: refers to no entity or person "
         "record: ['t']"),
        ([entity("t", "US"), entity("a", "US"), {**rel("r", "a", "t"), "recordDetails": {
            "subject": "t", "interestedParty": "a", "interests": {}}}],
         "f.json: statements[2].recordDetails.interests: expected a list, got {}"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", "x")],
         "f.json: statements[2].recordDetails.interests[0]: expected an object"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", {"type": "shareholding",
          "share": 5})],
         "f.json: statements[2].recordDetails.interests[0].share: expected an object with exact "
         "or minimum/maximum"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", share("shareholding",
          minimum=30, maximum=20))],
         "f.json: statements[2].recordDetails.interests[0].share: maximum is below minimum"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", share("shareholding",
          minimum=-1))],
         "f.json: statements[2].recordDetails.interests[0].share.minimum: expected a percentage "
         "from 0 to 100, got -1"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", share("shareholding",
          exclusiveMaximum="50"))],
         "f.json: statements[2].recordDetails.interests[0].share.exclusiveMaximum: expected a "
         "percentage from 0 to 100, got '50'"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", share("shareholding",
          exact=Decimal("1E-200")))],
         "f.json: statements[2].recordDetails.interests[0].share.exact: a stake may have at most "
         "100 digits in its numerator and 100 in its denominator as written, got 1E-200"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", {**share("shareholding",
          exact=5), "endDate": "soon"})],
         "f.json: statements[2].recordDetails.interests[0].endDate: expected a date, got 'soon'"),
        ([{**entity("t", "US"), "recordDetails": {"jurisdiction": "US"}}],
         "f.json: statements[0].recordDetails.jurisdiction: expected an object with a country "
         "code"),
        ([{**entity("t", "US"), "annotations": {}}],
         "f.json: statements[0].annotations: expected a list, got {}"),
        ([{**entity("t", "US"), "annotations": [{"statementPointerTarget":
          "/recordDetails/entityType", "partyKind": "trust"}]}],
         "f.json: statements[0].annotations.partyKind: expected one of company, fund, "
         "government, individual, pool, other, got 'trust'"),
        ([entity("t", "US"), entity("a", "US"), {**rel("r", "a", "t", share("shareholding",
          exact=33.333333333333336)), "annotations": [{"statementPointerTarget":
          "/recordDetails/interests/0/share/exact", "exactFraction": "1/4"}]}],
         "f.json: statements[2].recordDetails.interests[0].share.exact: the annotated exact "
         "fraction '1/4' disagrees with the number"),
        ([entity("t", "US"), entity("a", "US"), {**rel("r", "a", "t", share("shareholding",
          exact=10)), "annotations": [{"statementPointerTarget":
          "/recordDetails/interests/0/share/exact", "exactFraction": "one tenth"}]}],
         "f.json: statements[2].recordDetails.interests[0].share.exact (exactFraction): expected "
         "a stake such as \"19.9%\", \"199/1000\" or 0.199, got 'one tenth'"),
        ([entity("t", "US"), entity("a", "US"), rel("r", "a", "t", share("shareholding", exact=60)),
          rel("r2", "a", "t", share("votingRights", exact=10)), entity("b", "US"),
          rel("r3", "b", "t", share("shareholding", exact=50))],
         "f.json: statements[5].recordDetails.interests: the equity stakes held in 't' add up "
         "to 110 %, more than 100 %"),
    ],
)  # fmt: skip
def test_malformed_statements_say_exactly_what_is_wrong(statements: Any, message: str) -> None:
    with pytest.raises(td.InvalidDealError) as caught:
        td.read_bods(statements, target="t", source="f.json")
    assert str(caught.value) == message


def test_annotated_statements() -> None:
    noted = {**entity("t", "US"), "annotations": [
        {"statementPointerTarget": "", "motivation": "commenting", "description": "one"},
        {"statementPointerTarget": "", "motivation": "commenting", "description": "two"},
        {"statementPointerTarget": "", "motivation": "transformation", "description": "not a note"},
        {"statementPointerTarget": "", "motivation": "commenting", "description": " "},
        {"statementPointerTarget": 5, "motivation": "commenting", "description": "no pointer"},
        "not an annotation"]}  # fmt: skip
    party = td.read_bods([noted], target="t").parties["t"]
    assert party.note == "one\ntwo"
    second = {**entity("t", "US"), "recordDetails": {"name": " ", "addresses": [
        {"type": "business", "country": {"code": "US"}},
        {"type": "business", "country": {"code": "US"}},
        {"type": "business", "country": {"code": "CN"}},
        {"type": "business", "country": {"code": "HK"}}]},
        "annotations": [{"statementPointerTarget": "", "motivation": "commenting",
                         "description": "kept"}]}  # fmt: skip
    party = td.read_bods([second], target="t").parties["t"]
    assert party.name == "t"
    assert (party.headquartered_in, party.principal_place_of_business) == ("US", "CN")
    assert party.note == "kept\nBODS also gives: business address in 'HK'"


def test_an_entity_with_every_link_and_a_whole_percentage() -> None:
    fund = td.Party(id="f", name="F", kind="fund", organized_in="KY", headquartered_in="SG",
                    principal_place_of_business="HK", domiciled_in="KY")  # fmt: skip
    deal = td.Deal(name="d", target="t", parties=[td.Party(id="t"), fund],
                   stakes=[td.Stake(holder="f", of="t", equity="50%", voting="12.5%")])  # fmt: skip
    statements = td.write_bods(deal)
    details = statements[1]["recordDetails"]
    assert details["entityType"] == {"type": "registeredEntity"}
    assert details["jurisdiction"] == {"name": "KY", "code": "KY"}
    assert details["addresses"] == [
        {"type": "business", "country": {"name": "SG", "code": "SG"}},
        {"type": "business", "country": {"name": "HK", "code": "HK"}},
        {"type": "registered", "country": {"name": "KY", "code": "KY"}},
    ]
    assert statements[1]["annotations"] == [
        {"statementPointerTarget": "/recordDetails/entityType", "motivation": "commenting",
         "description": "a fund", "partyKind": "fund"},
        {"statementPointerTarget": "/recordDetails/addresses/1", "motivation": "commenting",
         "description": "principal place of business", "link": "principal_place_of_business"},
    ]  # fmt: skip
    interests = statements[2]["recordDetails"]["interests"]
    assert [i["share"] for i in interests] == [{"exact": 50}, {"exact": 12.5}]
    assert type(interests[0]["share"]["exact"]) is int
    assert "annotations" not in statements[2]
    assert td.read_bods(statements, target="t").parties["f"] == fund


def test_the_default_source_is_named() -> None:
    with pytest.raises(td.InvalidDealError) as caught:
        td.read_bods({}, target="t")
    assert str(caught.value) == f"<bods>: {NOT_LIST}"
