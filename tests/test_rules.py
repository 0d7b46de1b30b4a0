"""One test per rule and per interpretation switch, figures worked by hand (contract §3, §4)."""

import datetime as dt
from fractions import Fraction as F
from typing import Any

import attrs
import pytest
from builders import deal

from tiktok_deal import (
    ControlRight,
    Deal,
    Interpretation,
    InterpretationError,
    Officer,
    Operation,
    Seat,
    Stake,
    Status,
    check,
)

C, V, UNSURE = Status.COMPLIANT, Status.VIOLATION, Status.INDETERMINATE


def status(d, rule, ruleset="all", **interpretation):  # type: ignore[no-untyped-def]
    return check(d, ruleset=ruleset, interpretation=interpretation)[rule].status


def ownership(d, **interpretation):  # type: ignore[no-untyped-def]
    return check(d, interpretation=interpretation)["pafaca.fa_ownership"]


# ---------------------------------------------------------------------------- §2(g)(1)(A)
def test_fa_person_violates_when_the_target_is_linked_to_china() -> None:
    assert status(deal({"t": "CN"}), "pafaca.fa_person") == V
    assert status(deal({"t": "US"}), "pafaca.fa_person") == C
    assert status(deal({"t": None}), "pafaca.fa_person") == UNSURE


# ---------------------------------------------------------------------------- §2(g)(1)(B)
def test_two_chinese_holders_of_18_and_2_percent_are_exactly_on_the_line() -> None:
    # 0.18 + 0.02 = 0.20: "at least 20 percent" → violation.
    d = deal({"t": "US", "a": "CN", "b": "CN"}, [("a", "t", 0.18), ("b", "t", 0.02)])
    finding = ownership(d)
    assert finding.value == F(1, 5)
    assert finding.bounds == (F(1, 5), F(1, 5))
    assert finding.status == V


def test_just_under_the_line_is_compliant_with_its_margin() -> None:
    # 19.9 % < 20 %: margin 0.1 points.
    d = deal({"t": "US", "bytedance": "CN"}, [("bytedance", "t", "19.9%")])
    finding = ownership(d)
    assert finding.status == C
    assert finding.value == F(199, 1000)
    assert "margin 0.1 points" in finding.explanation


def test_sixty_percent_of_a_third_through_a_us_holding_company_is_one_fifth() -> None:
    # 3/5 × 1/3 = 1/5 → violation, though the Chinese holder owns nothing directly.
    d = deal({"t": "US", "h": "US", "cn": "CN"}, [("h", "t", "60%"), ("cn", "h", "1/3")])
    finding = ownership(d)
    assert (finding.value, finding.status) == (F(1, 5), V)
    assert "20 % indirectly" in finding.explanation


def test_bytedance_founders_are_not_counted_again() -> None:
    # 19.9 % stays 19.9 %, not 19.9 % + 20 % × 19.9 % = 23.88 %.
    d = deal(
        {"t": "US", "bytedance": "CN", "founders": "CN"},
        [("bytedance", "t", "19.9%"), ("founders", "bytedance", "20%")],
    )
    assert ownership(d).value == F(199, 1000)
    assert ownership(d).status == C


def test_cross_holding_30_10() -> None:
    # cn 50 % of a; b 10 % of a; a 30 % of b; a holds 40 % of t.
    # x_a = 1/2 + 1/10 · 3/10 · x_a → x_a = 50/97; x_t = 2/5 · 50/97 = 20/97 ≈ 20.6 % ≥ 20 %.
    d = deal(
        {"t": "US", "a": "US", "b": "US", "cn": "CN"},
        [("cn", "a", "50%"), ("b", "a", "10%"), ("a", "b", "30%"), ("a", "t", "40%")],
    )
    assert ownership(d).value == F(20, 97)
    assert ownership(d).status == V


def test_lookthrough_switch_on_a_fund_55_percent_chinese() -> None:
    # Fund holds 30 % of t. multiply: 30 % × 55 % = 16.5 % (compliant);
    # control: 55 % > 50 % counts as 100 % → 30 % (violation); direct: 0 % (compliant).
    d = deal({"t": "US", "fund": "US", "cn": "CN"}, [("cn", "fund", "55%"), ("fund", "t", "30%")])
    assert (ownership(d).value, ownership(d).status) == (F(33, 200), C)
    control = ownership(d, lookthrough="control")
    assert (control.value, control.status) == (F(3, 10), V)
    direct = ownership(d, lookthrough="direct")
    assert (direct.value, direct.status) == (0, C)


def test_hong_kong_switch() -> None:
    # A Hong Kong holder of 25 %: an (A)-person only when Hong Kong counts as China.
    d = deal({"t": "US", "hk": "HK"}, [("hk", "t", "25%")])
    assert ownership(d).status == V
    assert ownership(d, hong_kong="excluded").status == C
    assert ownership(d, hong_kong="excluded").value == 0


def test_stake_switch_on_dual_class_shares() -> None:
    # cn holds 10 % of the equity but 30 % of the votes.
    d = deal(
        {"t": "US", "cn": "CN", "us": "US"}, [("cn", "t", "10%", "30%"), ("us", "t", "90%", "70%")]
    )
    assert ownership(d, stake="equity").value == F(1, 10)
    assert ownership(d, stake="voting").value == F(3, 10)
    assert ownership(d, stake="max").value == F(3, 10)  # the larger of the two
    assert ownership(d, stake="equity").status == C
    assert ownership(d).status == V
    assert "equity: 10 %" in ownership(d).explanation


def test_unknown_jurisdiction_gives_bounds_and_indeterminate() -> None:
    # cn 15 % known; x (jurisdiction unknown) 10 %: best 15 %, worst 25 % → straddles 20 %.
    d = deal({"t": "US", "cn": "CN", "x": None}, [("cn", "t", "15%"), ("x", "t", "10%")])
    finding = ownership(d)
    assert finding.bounds == (F(3, 20), F(1, 4))
    assert finding.value == F(3, 20)
    assert finding.status == UNSURE
    # If even the worst case stays under the line, the unknown does not matter.
    small = deal({"t": "US", "cn": "CN", "x": None}, [("cn", "t", "15%"), ("x", "t", "4%")])
    assert ownership(small).status == C
    assert ownership(small).bounds == (F(3, 20), F(19, 100))


def test_a_stake_known_as_a_range_gives_bounds() -> None:
    # A register says cn holds "between 15 % and 25 %" of t: bounds 15 %–25 %, straddling 20 %.
    parties = {"t": "US", "cn": "CN"}
    ranged = attrs.evolve(
        deal(parties), stakes=[Stake(holder="cn", of="t", equity="15%", equity_max="25%")]
    )
    finding = ownership(ranged)
    assert finding.bounds == (F(3, 20), F(1, 4))
    assert finding.status == UNSURE
    assert "stake given as a range was at the top" in finding.explanation
    # Through a fund held 40 %–60 % by cn, which holds 30 % of t: 12 %–18 %, compliant throughout.
    fund = attrs.evolve(
        deal({**parties, "fund": "US"}),
        stakes=[
            Stake(holder="cn", of="fund", equity="40%", equity_max="60%"),
            Stake(holder="fund", of="t", equity="30%"),
        ],
    )
    assert ownership(fund).bounds == (F(3, 10) * F(2, 5), F(3, 10) * F(3, 5))
    assert ownership(fund).status == C


# ---------------------------------------------------------------------------- §2(g)(1)(C)
def test_bytedance_appointing_4_of_7_seats_directs_the_target() -> None:
    # 4 of 7 > half → violation; 3 of 7 is not.
    four = [("bytedance", "SG")] * 4 + [("us", "US")] * 3
    three = [("bytedance", "SG")] * 3 + [("us", "US")] * 4
    parties = {"t": "US", "bytedance": "CN", "us": "US"}
    assert status(deal(parties, board=four), "pafaca.fa_direction") == V
    assert status(deal(parties, board=three), "pafaca.fa_direction") == C


def test_any_control_right_of_a_controlled_party_directs_the_target() -> None:
    d = deal({"t": "US", "bytedance": "CN"}, rights=[("bytedance", "veto")])
    assert status(d, "pafaca.fa_direction") == V
    assert "veto" in check(d)["pafaca.fa_direction"].explanation


def test_direction_passes_through_an_entity_at_or_over_the_line() -> None:
    # h is 20 % Chinese-owned, so "controlled by a foreign adversary" (§2(g)(1)(B)); h holds
    # a golden share over t. A U.S. holder of a right is not a problem.
    d = deal(
        {"t": "US", "h": "US", "cn": "CN"}, [("cn", "h", "20%")], rights=[("h", "golden_share")]
    )
    assert status(d, "pafaca.fa_direction") == V
    us_only = deal({"t": "US", "h": "US", "cn": "CN"}, [("cn", "h", "19%")], rights=[("h", "veto")])
    assert status(us_only, "pafaca.fa_direction") == C


def test_more_than_half_the_votes_held_directly_directs_the_target() -> None:
    # Two Chinese holders: 30 % + 21 % = 51 % of the votes > 50 %.
    d = deal({"t": "US", "a": "CN", "b": "CN"}, [("a", "t", "5%", "30%"), ("b", "t", "5%", "21%")])
    assert status(d, "pafaca.fa_direction") == V


def test_direction_is_indeterminate_when_an_unknown_party_could_tip_the_board() -> None:
    board = [("x", None)] * 2 + [("cn", "CN")] * 2 + [("us", "US")] * 3  # 4 of 7 if x is Chinese
    d = deal({"t": "US", "cn": "CN", "x": None, "us": "US"}, board=board)
    assert status(d, "pafaca.fa_direction") == UNSURE


# ---------------------------------------------------------------------------- §2(g)(6)(B)
JV = {"t": "US", "bytedance": "CN", "oracle": "US"}


@pytest.mark.parametrize(
    ("ongoing", "reading", "expected"),
    [
        (True, "if_ongoing", V),  # royalties, updates: a continuing relationship
        (False, "if_ongoing", C),  # a one-time transfer of a copy
        (False, "always", V),
        (True, "never", C),
    ],
)
def test_algorithm_licence_is_cooperation_per_the_switch(
    ongoing: bool, reading: str, expected: Status
) -> None:
    d = deal(JV, arrangements=[("algorithm_license", "bytedance", ongoing)])
    assert status(d, "pafaca.algorithm_cooperation", license_is_cooperation=reading) == expected


def test_algorithm_cooperation_is_always_barred() -> None:
    d = deal(JV, arrangements=[("algorithm_cooperation", "bytedance")])
    assert status(d, "pafaca.algorithm_cooperation", license_is_cooperation="never") == V


def test_relationships_with_uncovered_parties_are_not_barred() -> None:
    # Oracle (U.S.) hosting and security: no foreign-adversary control, nothing barred.
    d = deal(
        JV,
        arrangements=[
            ("hosting", "oracle"),
            ("security_partner", "oracle"),
            ("data_sharing", "oracle"),
        ],
    )
    assert status(d, "pafaca.operational_relationship") == C
    assert status(d, "pafaca.data_sharing") == C


def test_data_sharing_and_commercial_services_with_bytedance_are_barred() -> None:
    d = deal(JV, arrangements=[("data_sharing", "bytedance"), ("commercial_services", "bytedance")])
    assert status(d, "pafaca.data_sharing") == V
    assert status(d, "pafaca.operational_relationship") == V


def test_only_formerly_affiliated_parties_are_covered_when_the_list_is_given() -> None:
    # A Chinese party never affiliated with the app: not covered by §2(g)(6)(B).
    parties = {**JV, "other": "CN"}
    listed = deal(
        parties, arrangements=[("data_sharing", "other")], formerly_affiliated=["bytedance"]
    )
    assert status(listed, "pafaca.data_sharing") == C
    # Without the list every party counts as formerly affiliated (contract §3.4).
    unlisted = deal(parties, arrangements=[("data_sharing", "other")])
    assert status(unlisted, "pafaca.data_sharing") == V


# ---------------------------------------------------------------------------- China
@pytest.mark.parametrize(
    ("licence", "expected"),
    [("granted", C), ("denied", V), ("not_sought", V), ("pending", UNSURE), (None, UNSURE)],
)
def test_export_licence(licence: str | None, expected: Status) -> None:
    d = deal(JV, arrangements=[("algorithm_license", "bytedance")], export_licence=licence)
    assert status(d, "china.export_licence") == expected


def test_no_algorithm_export_needs_no_licence() -> None:
    d = deal(JV, arrangements=[("hosting", "oracle")], export_licence="denied")
    assert status(d, "china.export_licence") == C


def test_hong_kong_licensor_needs_a_licence_only_under_included() -> None:
    d = deal(
        {"t": "US", "hk": "HK"}, arrangements=[("algorithm_license", "hk")], export_licence="denied"
    )
    assert status(d, "china.export_licence") == V
    assert status(d, "china.export_licence", hong_kong="excluded") == C


# ---------------------------------------------------------------------------- terms
def test_board_us_majority() -> None:
    parties = {"t": "US", "a": "US"}
    assert (
        status(
            deal(parties, board=[("a", "US")] * 4 + [("a", "SG")] * 3), "terms.board_us_majority"
        )
        == C
    )
    assert (
        status(
            deal(parties, board=[("a", "US")] * 3 + [("a", "SG")] * 3), "terms.board_us_majority"
        )
        == V
    )
    # 3 U.S. + 1 unknown of 7: a majority only if the unknown seat is American → indeterminate.
    mixed = [("a", "US")] * 3 + [("a", None)] + [("a", "SG")] * 3
    assert status(deal(parties, board=mixed), "terms.board_us_majority") == UNSURE


def test_government_seat_needs_a_us_government_appointer_while_the_term_stood() -> None:
    # Reported on 2025-09-19, disavowed on 2025-09-22: it stands on 19, 20 and 21 September.
    parties = {"t": "US", "usg": "US", "a": "US"}
    on = dt.date(2025, 9, 21)
    with_seat = deal(parties, board=[("usg", "US"), ("a", "US")], kinds={"usg": "government"},
                     as_of=on)  # fmt: skip
    without = deal(parties, board=[("a", "US")], as_of=on)
    assert status(with_seat, "terms.government_seat") == C
    assert status(without, "terms.government_seat") == V
    # The day of the disavowal and after, and the day before the first report: not a term.
    for day in (dt.date(2025, 9, 22), dt.date(2026, 1, 22), dt.date(2025, 9, 18)):
        finding = check(attrs.evolve(without, as_of=day), ruleset="terms")["terms.government_seat"]
        assert finding.status == C
        assert finding.explanation.startswith(f"Not a term on {day.isoformat()}")
    # check(as_of=…) overrides the deal's own date.
    assert check(without, ruleset="terms", as_of=dt.date(2025, 9, 20)).verdict == V


def test_the_security_committee_term_stands_from_the_22nd() -> None:
    bad = attrs.evolve(deal(JV), board=[Seat(appointed_by="bytedance", committees=["security"])])
    assert status(attrs.evolve(bad, as_of=dt.date(2025, 9, 21)), "terms.security_committee") == C
    assert status(attrs.evolve(bad, as_of=dt.date(2025, 9, 22)), "terms.security_committee") == V


def test_security_committee_must_exclude_foreign_adversary_appointees() -> None:
    base = deal(JV)
    ok = attrs.evolve(base, board=[Seat(appointed_by="oracle", committees=["security"])])
    bad = attrs.evolve(base, board=[Seat(appointed_by="bytedance", committees=["security"])])
    assert status(ok, "terms.security_committee") == C
    assert status(bad, "terms.security_committee") == V


# ---------------------------------------------------------------------------- verdicts
def test_verdict_combines_findings() -> None:
    # One violation anywhere makes the verdict a violation.
    d = deal({"t": "US", "cn": "CN"}, [("cn", "t", "25%")])
    assert check(d).verdict == V
    assert check(deal({"t": "US"})).verdict == C
    assert check(deal({"t": None})).verdict == UNSURE


def test_rulesets() -> None:
    d = deal({"t": "US"})
    assert [f.rule for f in check(d, ruleset="china").findings] == ["china.export_licence"]
    assert (
        len(check(d, ruleset="pafaca").findings) == 7
    )  # §2(g)(1)(A)-(C), 3 × §2(g)(6)(B), §2(g)(3)(A)
    assert len(check(d, ruleset="all").findings) == 11  # + china + 3 terms
    with pytest.raises(ValueError, match="unknown rule set"):
        check(d, ruleset="eu")


def test_interpretation_defaults_and_errors() -> None:
    assert Interpretation().to_dict() == {
        "lookthrough": "multiply",
        "stake": "max",
        "license_is_cooperation": "if_ongoing",
        "hong_kong": "included",
        "operation": "any_function",
    }
    assert len(list(Interpretation.every())) == 3 * 3 * 3 * 2 * 2
    with pytest.raises(InterpretationError, match="lookthrough='sum'"):
        Interpretation.parse(["lookthrough=sum"])
    with pytest.raises(InterpretationError, match="unknown interpretation switch"):
        Interpretation.parse(["lookthru=control"])
    with pytest.raises(InterpretationError, match="KEY=VALUE"):
        Interpretation.parse(["control"])


# ---------------------------------------------------------------------------- the law's plumbing
def test_status_between_two_worlds() -> None:
    # The same status in the best and worst world settles it; otherwise the facts do not.
    assert Status.between(C, C) == C
    assert Status.between(V, V) == V
    assert Status.between(C, V) == UNSURE


def test_finding_json_and_citation() -> None:
    d = deal({"t": "US", "cn": "CN"}, [("cn", "t", "25%")])
    ownership_finding = ownership(d)
    assert ownership_finding.citation == "PAFACA §2(g)(1)(B)"
    assert ownership_finding.to_dict() == {
        "rule": "pafaca.fa_ownership",
        "status": "violation",
        "citation": "PAFACA §2(g)(1)(B)",
        "explanation": ownership_finding.explanation,
        "value": "1/4",
        "bounds": ["1/4", "1/4"],
        "exact": True,
        "contributions": [{"person": "cn", "route": ["cn", "t"], "share": "1/4"}],
    }
    person = check(d)["pafaca.fa_person"].to_dict()
    assert (person["status"], person["value"], person["bounds"]) == ("compliant", None, None)


def test_rules_default_to_every_rule_and_name_the_sets_when_unknown() -> None:
    from tiktok_deal.law import RULESETS, rules

    assert rules() == RULESETS["all"]
    assert len(rules()) == 11
    with pytest.raises(ValueError, match="expected one of: pafaca, china, terms, all"):
        rules("eu")


def test_interpretation_errors_list_the_choices() -> None:
    with pytest.raises(InterpretationError, match="expected one of: multiply, control, direct"):
        Interpretation(lookthrough="sum")
    with pytest.raises(
        InterpretationError,
        match="expected one of: lookthrough, stake, license_is_cooperation, hong_kong, operation",
    ):
        Interpretation.from_mapping({"lookthru": "control"})


def test_interpretation_parse_splits_at_the_first_equals_sign() -> None:
    # "hong_kong=excluded=yes" is the switch hong_kong with the (unknown) value "excluded=yes".
    with pytest.raises(InterpretationError, match="hong_kong='excluded=yes'"):
        Interpretation.parse(["hong_kong=excluded=yes"])
    for bad in ("=control", "lookthrough=", " = "):
        with pytest.raises(InterpretationError, match="KEY=VALUE"):
            Interpretation.parse([bad])
    assert Interpretation.parse([" lookthrough = control "]).lookthrough == "control"


def test_interpretation_differences_and_text() -> None:
    assert Interpretation().differences() == {}
    assert Interpretation(lookthrough="control", hong_kong="excluded").differences() == {
        "lookthrough": "control",
        "hong_kong": "excluded",
    }
    assert str(Interpretation()) == (
        "lookthrough=multiply, stake=max, license_is_cooperation=if_ongoing, hong_kong=included, "
        "operation=any_function"
    )


def test_a_dated_parameter_changes_on_its_date() -> None:
    import datetime as dt

    from tiktok_deal.law.parameters import FA_THRESHOLD, Dated

    line = Dated(
        name="a line",
        citation="nowhere",
        entries=((dt.date(2024, 1, 1), F(1, 5)), (dt.date(2026, 1, 1), F(1, 10))),
    )
    assert line.at(dt.date(2023, 6, 1)) == F(1, 5)  # before the first entry: the first value
    assert line.at(dt.date(2025, 12, 31)) == F(1, 5)
    assert line.at(dt.date(2026, 1, 1)) == F(1, 10)  # in force from its own date
    assert line.at() == F(1, 10)
    assert FA_THRESHOLD.at(dt.date(2025, 1, 1)) == F(1, 5)


def test_control_reading_of_a_barely_supercritical_cross_holding() -> None:
    # b controls a (51 % of votes, 1 % of equity); cn and c hold 0.01 % of a each, without votes;
    # a and c hold 50 % of b each; a controls c (60 %); a holds 30 % of t. Under control a, b and
    # c saturate (x_a = 1/10000 + x_a + x_a/10000 has no solution below the cap): t = 30 % ≥ 20 %.
    d = deal(
        {"t": "US", "a": "US", "b": "US", "c": "US", "cn": "CN"},
        [
            ("b", "a", "1%", "51%"),
            ("cn", "a", "0.01%", "0%"),
            ("c", "a", "0.01%", "0%"),
            ("a", "b", "50%"),
            ("c", "b", "50%"),
            ("a", "c", "60%"),
            ("a", "t", "30%"),
        ],
    )
    finding = ownership(d, lookthrough="control")
    assert (finding.value, finding.status) == (F(3, 10), V)


# ---------------------------------------------------------------------------- §2(g)(1)(C) more
@pytest.mark.parametrize(
    ("role", "expected"),
    [("ceo", V), ("security_officer", V), ("other", C)],
)
def test_an_officer_appointed_by_an_adversary_person_directs_the_target(
    role: str, expected: Status
) -> None:
    # ByteDance holds nothing and appoints no seat; appointing the CEO or the security officer
    # is direction (§2(g)(1)(C)); another officer is not.
    d = attrs.evolve(deal(JV), officers=[Officer(role=role, appointed_by="bytedance")])
    assert status(d, "pafaca.fa_direction") == expected


@pytest.mark.parametrize("kind", ["officer_appointment", "negative_control", "contractual_control"])
def test_the_new_control_rights_are_direction(kind: str) -> None:
    d = attrs.evolve(deal(JV), control_rights=[ControlRight(holder="bytedance", kind=kind)])
    assert status(d, "pafaca.fa_direction") == V


def test_an_officer_of_a_holder_spreads_control_to_it() -> None:
    # ByteDance appoints the CEO of Fund, which holds 25 % of the target: Fund is directed by a
    # foreign-adversary person, so its 25 % votes… are not more than half; but Fund appoints 4 of
    # 7 seats of the target, so the target is directed by a controlled party.
    d = deal(
        {"t": "US", "bytedance": "CN", "fund": "US", "oracle": "US"},
        [("fund", "t", "25%")],
        board=[("fund", "US")] * 4 + [("oracle", "US")] * 3,
    )
    assert status(d, "pafaca.fa_direction") == C
    ceo = Officer(role="ceo", appointed_by="bytedance", of="fund")
    assert status(attrs.evolve(d, officers=[ceo]), "pafaca.fa_direction") == V


def test_when_nothing_directs_the_explanation_says_what_was_checked() -> None:
    text = check(deal(JV))["pafaca.fa_direction"].explanation
    assert text.startswith(
        "No direction or control by a foreign adversary is found among the facts"
    )


# ---------------------------------------------------------------------------- §2(g)(3)(A)
def operated(*operations: tuple[str, str], formerly: list[str] | None = None, **more: Any) -> Deal:
    """The JV cast plus ``us-entity`` (organized in the US), operations (function, operator)."""
    d = deal(
        {"t": "US", "bytedance": "CN", "oracle": "US", "us-entity": "US"},
        more.pop("stakes", [("bytedance", "us-entity", "100%")]),
        formerly_affiliated=formerly,
        **more,
    )
    return attrs.evolve(d, operations=[Operation(function=f, operator=o) for f, o in operations])


def test_an_app_run_by_bytedance_is_operated_by_it_whatever_the_target_s_ownership() -> None:
    # The target has no foreign-adversary holder at all (§2(g)(1) is met), but ByteDance's
    # wholly owned U.S. entity sells its ads: §2(g)(3)(A)(iv), an entity owned by ByteDance.
    d = operated(("advertising", "us-entity"), ("hosting", "oracle"), formerly=["bytedance"])
    assert status(d, "pafaca.fa_ownership") == C
    assert status(d, "pafaca.operated_by") == V
    # Advertising is not a core function: under operation=core_functions only Oracle's hosting
    # counts, and Oracle is no covered party.
    assert status(d, "pafaca.operated_by", operation="core_functions") == C
    hosting = operated(("hosting", "us-entity"), formerly=["bytedance"])
    assert status(hosting, "pafaca.operated_by", operation="core_functions") == V


def test_more_than_half_of_the_votes_is_ownership_or_control_and_half_is_not() -> None:
    # ByteDance (covered: listed as formerly affiliated) holds 60 % of the operator's votes: it
    # owns or controls it. At exactly 50 % it does not (not more than half) — and the operator,
    # though controlled by a foreign adversary (50 % ≥ 20 %), is not itself formerly affiliated.
    for share, expected in (("60%", V), ("50%", C)):
        d = operated(("marketing", "us-entity"), formerly=["bytedance"],
                     stakes=[("bytedance", "us-entity", share)])  # fmt: skip
        assert status(d, "pafaca.operated_by") == expected, share
    # With no formerly_affiliated list every party counts as formerly affiliated: the operator,
    # 50 % foreign-adversary owned, is a covered party itself.
    d = operated(("marketing", "us-entity"), stakes=[("bytedance", "us-entity", "50%")])
    assert status(d, "pafaca.operated_by") == V


def test_operated_by_explains_who_runs_what() -> None:
    d = operated(("advertising", "us-entity"), ("e_commerce", "us-entity"), formerly=["bytedance"])
    text = check(d)["pafaca.operated_by"].explanation
    assert "us-entity (owned or controlled by bytedance, holding 100 % of the votes)" in text
    assert "runs advertising and e-commerce (operation=any_function)" in text


def test_no_operation_recorded_is_compliant_and_says_so() -> None:
    finding = check(deal(JV))["pafaca.operated_by"]
    assert finding.status == C
    assert finding.explanation.startswith("No operation of t's application is recorded")


def test_check_pauses_the_garbage_collector_and_leaves_it_as_it_was(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    from tiktok_deal.law.base import Rule

    during = []
    evaluate = Rule.evaluate

    def spy(self: Rule, facts: Any) -> Any:
        during.append(gc.isenabled())
        return evaluate(self, facts)

    monkeypatch.setattr(Rule, "evaluate", spy)
    d = deal({"bytedance": "CN", "t": "US"}, [("bytedance", "t", "10%")])
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            check(d)
            assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
    assert during
    assert not any(during)
