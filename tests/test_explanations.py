"""Every finding explains itself (design principle 4): the parties by name, the figures, the
interpretation, the reason for control, the counterparty of a barred arrangement.

The assertions pin what a reader relies on — names, figures, key phrases and that each
explanation reads as a sentence — not whole sentences, so rewording keeps them passing.
Figures are worked by hand in the comments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from fractions import Fraction as F
from typing import Any

from tiktok_deal import (
    Arrangement,
    ControlRight,
    Deal,
    Finding,
    Interpretation,
    Party,
    Seat,
    Stake,
    Status,
    check,
)
from tiktok_deal.law import Facts

C, V, UNSURE = Status.COMPLIANT, Status.VIOLATION, Status.INDETERMINATE

# ---------------------------------------------------------------------------- the cast
PARTIES = {
    "t": Party(id="t", name="TikTok USDS", organized_in="US", headquartered_in="SG"),
    "bytedance": Party(
        id="bytedance", name="ByteDance Ltd.", organized_in="KY", headquartered_in="CN"
    ),
    "alpha": Party(id="alpha", name="Alpha Capital", organized_in="CN"),
    "beta": Party(id="beta", name="Beta Fund", organized_in="CN"),
    "founders": Party(id="founders", name="The Founders", kind="individual", domiciled_in="CN"),
    "hold": Party(id="hold", name="US Holdco", organized_in="US"),
    "oracle": Party(id="oracle", name="Oracle Corp.", organized_in="US"),
    "tiktok-ltd": Party(
        id="tiktok-ltd", name="TikTok Ltd.", organized_in="KY", headquartered_in="SG"
    ),
    "silver": Party(id="silver", name="Silver Lake", organized_in="US"),
    "mystery": Party(id="mystery", name="Mystery Holdings"),
    "usg": Party(id="usg", name="U.S. Treasury", kind="government", organized_in="US"),
    "gov": Party(id="gov", name="Some Government", kind="government"),
    "uk": Party(id="uk", name="HM Treasury", kind="government", organized_in="GB"),
}


def make(*ids: str, **fields: Any) -> Deal:
    """A deal whose target is TikTok USDS, with the named parties of the cast."""
    wanted = dict.fromkeys(("t", *ids))
    return Deal(name="test deal", target="t", parties=[PARTIES[p] for p in wanted], **fields)


def finding(deal: Deal, rule: str, **interpretation: str) -> Finding:
    return check(deal, ruleset="all", interpretation=interpretation)[rule]


def assert_sentence(text: str, *fragments: str) -> None:
    """A sentence a lawyer can read: a capital first, a full stop last, and the facts in it."""
    assert text[0].isupper(), text
    assert text.endswith("."), text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"


def stake(holder: str, of: str, equity: str, voting: str | None = None, **more: str) -> Stake:
    return Stake(holder=holder, of=of, equity=equity, voting=voting, **more)


# ---------------------------------------------------------------------------- §2(g)(1)(A)
def test_fa_person_names_the_target_and_its_link() -> None:
    d = Deal(name="d", target="bytedance", parties=[PARTIES["bytedance"]])
    f = finding(d, "pafaca.fa_person")
    assert f.status == V
    assert f.citation == "PAFACA §2(g)(1)(A)"
    assert_sentence(f.explanation, "ByteDance Ltd. (headquartered in CN)", "foreign adversary")


def test_fa_person_compliant_lists_the_targets_links_and_the_adversary_countries() -> None:
    # Under hong_kong=included Hong Kong and Macau count as China: CN, HK, IR, KP, MO, RU.
    f = finding(make(), "pafaca.fa_person")
    assert f.status == C
    assert_sentence(
        f.explanation,
        "TikTok USDS is organized in US, headquartered in SG;",
        "(CN, HK, IR, KP, MO, RU)",
    )
    excluded = finding(make(), "pafaca.fa_person", hong_kong="excluded")
    assert "(CN, IR, KP, RU)" in excluded.explanation


def test_fa_person_unknown_names_the_target_and_the_countries() -> None:
    d = Deal(name="d", target="mystery", parties=[PARTIES["mystery"]])
    f = finding(d, "pafaca.fa_person")
    assert f.status == UNSURE
    assert_sentence(f.explanation, "Mystery Holdings", "(CN, HK, IR, KP, MO, RU)", "unknown")


# ---------------------------------------------------------------------------- §2(g)(1)(B)
def test_ownership_just_under_the_line_names_holder_figure_margin_and_interpretation() -> None:
    # ByteDance 19.9 % directly: 20 % − 19.9 % = 0.1 points of margin.
    d = make(
        "bytedance",
        "oracle",
        stakes=[stake("bytedance", "t", "19.9%"), stake("oracle", "t", "15%")],
    )
    f = finding(d, "pafaca.fa_ownership")
    assert f.status == C
    assert f.citation == "PAFACA §2(g)(1)(B)"
    assert_sentence(
        f.explanation,
        "ByteDance Ltd. (headquartered in CN) holds 19.9 % directly;",
        "19.9 % < 20 %",
        "(margin 0.1 points)",
        "; lookthrough=multiply, stake=max.",  # the interpretation, and nothing after it
    )
    assert "Oracle" not in f.explanation  # a U.S. holder traces to no adversary person


def test_ownership_violation_names_the_line_and_the_reading() -> None:
    # 25 % ≥ 20 % under lookthrough=direct, stake=equity.
    d = make("bytedance", stakes=[stake("bytedance", "t", "25%")])
    f = finding(d, "pafaca.fa_ownership", lookthrough="direct", stake="equity")
    assert f.status == V
    assert_sentence(
        f.explanation,
        "holds 25 % directly;",
        "25 % ≥ 20 %",
        "at least 20 percent; lookthrough=direct, stake=equity.",
    )


def test_ownership_holders_each_in_a_clause_largest_first() -> None:
    # Beta 12 % and Alpha 8 % directly: 12 % + 8 % = 20 %. Beta comes first although "alpha"
    # sorts first: the larger share leads.
    d = make("alpha", "beta", stakes=[stake("alpha", "t", "8%"), stake("beta", "t", "12%")])
    f = finding(d, "pafaca.fa_ownership")
    assert f.status == V
    clauses = f.explanation.split("; ")
    assert clauses[0] == "Beta Fund (organized in CN) holds 12 % directly"
    assert clauses[1] == "Alpha Capital (organized in CN) holds 8 % directly"
    assert clauses[2].startswith("foreign-adversary stake 20 %")


def test_ownership_direct_indirect_and_mixed_holdings() -> None:
    # Alpha: 5 % of t directly and 50 % of US Holdco, which holds 20 % of t:
    #   5 % + 50 % × 20 % = 15 % (5 % directly, the rest indirectly).
    # Beta: 25 % of US Holdco only: 25 % × 20 % = 5 %, indirectly. Total 15 % + 5 % = 20 %.
    d = make(
        "alpha",
        "beta",
        "hold",
        stakes=[
            stake("alpha", "t", "5%"),
            stake("hold", "t", "20%"),
            stake("alpha", "hold", "50%"),
            stake("beta", "hold", "25%"),
        ],
    )
    f = finding(d, "pafaca.fa_ownership")
    assert f.value == F(1, 5)
    assert f.status == V
    assert (
        "Alpha Capital (organized in CN) holds 15 % (5 % directly, the rest indirectly)"
        in f.explanation
    )
    assert "Beta Fund (organized in CN) holds 5 % indirectly" in f.explanation


def test_ownership_does_not_count_the_founders_again() -> None:
    # The founders hold 20 % of ByteDance, itself an adversary person: tracing stops at
    # ByteDance, so the founders' own share of t is 0 and they are not named.
    d = make(
        "bytedance",
        "founders",
        stakes=[stake("bytedance", "t", "19.9%"), stake("founders", "bytedance", "20%")],
    )
    f = finding(d, "pafaca.fa_ownership")
    assert "ByteDance Ltd. (headquartered in CN) holds 19.9 % directly;" in f.explanation
    assert "Founders" not in f.explanation


def test_ownership_with_no_adversary_holder_says_so() -> None:
    # ByteDance is a party (it licenses the algorithm) but holds nothing: stake 0 %.
    d = make("bytedance", "oracle", stakes=[stake("oracle", "t", "50%")])
    f = finding(d, "pafaca.fa_ownership")
    assert (f.status, f.value) == (C, 0)
    assert f.explanation.startswith("No holder of the target traces to a known foreign-adversary")
    assert "person; foreign-adversary stake 0 % < 20 % (margin 20 points)" in f.explanation
    # Nothing held at all: the same, not a 100 % share for the adversary person (with a
    # dual-class stake elsewhere, so both the equity and the voting figures are computed).
    bare = finding(
        make("bytedance", "alpha", "oracle", stakes=[stake("alpha", "oracle", "10%", "30%")]),
        "pafaca.fa_ownership",
    )
    assert bare.explanation.startswith("No holder of the target")
    assert bare.value == 0


def test_ownership_dual_class_on_the_voting_figure() -> None:
    # Alpha holds 10 % of the equity but 30 % of the votes directly: stake=max takes the voting
    # figure, 30 %, and shows the other; the holding is direct on that basis.
    d = make(
        "alpha",
        "oracle",
        stakes=[stake("alpha", "t", "10%", "30%"), stake("oracle", "t", "90%", "70%")],
    )
    f = finding(d, "pafaca.fa_ownership")
    assert f.value == F(3, 10)
    assert "Alpha Capital (organized in CN) holds 30 % directly;" in f.explanation
    assert "lookthrough=multiply, stake=max, the voting figure (equity: 10 %)." in f.explanation


def test_ownership_dual_class_on_the_equity_figure() -> None:
    # The other way round: 30 % of the equity, 10 % of the votes → the equity figure, 30 %.
    d = make(
        "alpha",
        "oracle",
        stakes=[stake("alpha", "t", "30%", "10%"), stake("oracle", "t", "70%", "90%")],
    )
    f = finding(d, "pafaca.fa_ownership")
    assert f.value == F(3, 10)
    assert "Alpha Capital (organized in CN) holds 30 % directly;" in f.explanation
    assert "the equity figure (voting: 10 %)." in f.explanation
    # Read on the votes alone: 10 %, compliant, and no other figure is mentioned.
    votes = finding(d, "pafaca.fa_ownership", stake="voting")
    assert "Alpha Capital (organized in CN) holds 10 % directly;" in votes.explanation
    assert votes.explanation.endswith("; lookthrough=multiply, stake=voting.")


def test_ownership_indeterminate_names_the_unknown_and_both_figures() -> None:
    # Alpha 15 % known; Mystery (unknown) 10 %: 15 % now, 25 % in the worst case.
    d = make("alpha", "mystery", stakes=[stake("alpha", "t", "15%"), stake("mystery", "t", "10%")])
    f = finding(d, "pafaca.fa_ownership")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation,
        "the known facts give 15 %",
        "if Mystery Holdings (jurisdiction unknown) were a foreign-adversary person",
        "it would be 25 %",
        "reaches 20 %",
    )


# ---------------------------------------------------------------------------- §2(g)(1)(C)
def test_direction_summary_counts_seats_and_votes() -> None:
    # ByteDance appoints 3 of 7 seats and holds 15 % of the votes: not more than half.
    board = [Seat(appointed_by="bytedance")] * 3 + [Seat(appointed_by="oracle")] * 4
    d = make("bytedance", "oracle", stakes=[stake("bytedance", "t", "15%")], board=board)
    f = finding(d, "pafaca.fa_direction")
    assert f.status == C
    assert f.citation == "PAFACA §2(g)(1)(C)"
    assert_sentence(
        f.explanation,
        "appoint 3 of 7 board seats (ByteDance Ltd.)",
        "no control right over TikTok USDS",
        "and 15 % of its votes",
    )


def test_direction_summary_with_no_controlled_appointer() -> None:
    d = make("oracle", board=[Seat(appointed_by="oracle")] * 2)
    f = finding(d, "pafaca.fa_direction")
    assert_sentence(f.explanation, "appoint 0 of 2 board seats,", "and 0 % of its votes")


def test_direction_violation_names_the_controlling_party_and_how() -> None:
    # 4 of 7 seats > half.
    board = [Seat(appointed_by="bytedance")] * 4 + [Seat(appointed_by="oracle")] * 3
    f = finding(make("bytedance", "oracle", board=board), "pafaca.fa_direction")
    assert f.status == V
    assert_sentence(
        f.explanation, "TikTok USDS is directed by ByteDance Ltd., appointing 4 of 7 board seats"
    )


def test_direction_by_several_rights_lists_each_holder_and_right() -> None:
    rights = [
        ControlRight(holder="alpha", kind="veto"),
        ControlRight(holder="beta", kind="golden_share"),
    ]
    f = finding(make("alpha", "beta", control_rights=rights), "pafaca.fa_direction")
    assert f.status == V
    assert (
        "Alpha Capital, holding a veto right; Beta Fund, holding a golden share right"
        in f.explanation
    )


def test_exactly_half_the_votes_does_not_direct() -> None:
    # Alpha 30 % + Beta 20 % of the votes = 50 %: not "more than half" (stake 50 % is another
    # matter: §2(g)(1)(B) is violated).
    d = make(
        "alpha",
        "beta",
        "oracle",
        stakes=[
            stake("alpha", "t", "30%"),
            stake("beta", "t", "20%"),
            stake("oracle", "t", "50%"),
        ],
    )
    f = finding(d, "pafaca.fa_direction")
    assert f.status == C
    assert "and 50 % of its votes" in f.explanation


def test_a_vote_range_over_half_only_at_its_top_leaves_direction_open() -> None:
    # Alpha holds 40 %–60 % of the votes: directed only if the top holds.
    d = make(
        "alpha",
        "oracle",
        stakes=[
            stake("alpha", "t", "10%", "40%", voting_max="60%"),
            stake("oracle", "t", "90%", "40%"),
        ],
    )
    f = finding(d, "pafaca.fa_direction")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation,
        "If the 1 stake given as a range was at the top",
        "TikTok USDS would be directed by Alpha Capital, holding 60 % of the votes",
    )


def test_direction_indeterminate_on_an_unknown_appointer() -> None:
    # Mystery appoints 4 of 7 seats: directed if Mystery is a foreign-adversary person.
    board = [Seat(appointed_by="mystery")] * 4 + [Seat(appointed_by="oracle")] * 3
    f = finding(make("mystery", "oracle", board=board), "pafaca.fa_direction")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation,
        "(jurisdiction unknown) were a foreign-adversary person, TikTok USDS would be directed by "
        "Mystery Holdings, appointing 4 of 7 board seats",
    )
    assert f.explanation.startswith("If ")


def test_direction_indeterminate_keeps_the_unknown_partys_name() -> None:
    board = [Seat(appointed_by="mystery")] * 4 + [Seat(appointed_by="oracle")] * 3
    f = finding(make("mystery", "oracle", board=board), "pafaca.fa_direction")
    assert f.explanation.startswith("If Mystery Holdings (jurisdiction unknown) were")


def _self_appointed_board() -> Deal:
    # ByteDance holds 25 % of t, so t itself is controlled by a foreign adversary (§2(g)(1)(B));
    # t's own nominating committee appoints 4 of 7 seats, Oracle 3.
    board = [Seat(appointed_by="t")] * 4 + [Seat(appointed_by="oracle")] * 3
    return make("bytedance", "oracle", stakes=[stake("bytedance", "t", "25%")], board=board)


def test_a_controlled_target_appointing_its_own_board_is_not_directed_by_another() -> None:
    d = _self_appointed_board()
    assert finding(d, "pafaca.fa_ownership").status == V
    assert finding(d, "pafaca.fa_direction").status == C


def test_the_direction_summary_leaves_the_target_out_as_the_verdict_does() -> None:
    f = finding(_self_appointed_board(), "pafaca.fa_direction")
    assert "appoint 0 of 7 board seats" in f.explanation


# ---------------------------------------------------------------------------- §2(g)(6)(B)
def test_barred_arrangements_name_the_counterparty_and_why_it_is_covered() -> None:
    arrangements = [
        Arrangement(kind="data_sharing", counterparty="bytedance"),
        Arrangement(kind="hosting", counterparty="bytedance"),
        Arrangement(kind="commercial_services", counterparty="bytedance"),
    ]
    d = make("bytedance", arrangements=arrangements)
    data = finding(d, "pafaca.data_sharing")
    assert (data.status, data.citation) == (V, "PAFACA §2(g)(6)(B)")
    assert data.explanation.startswith("TikTok USDS keeps a data-sharing agreement barred")
    assert data.explanation.endswith(
        "data sharing with ByteDance Ltd. (controlled by a foreign adversary: headquartered in "
        "CN; formerly affiliated)."
    )
    assert "hosting" not in data.explanation  # hosting is an operational relationship
    operational = finding(d, "pafaca.operational_relationship")
    assert operational.explanation.startswith(
        "TikTok USDS keeps an operational relationship barred"
    )
    # One clause per arrangement, each naming the counterparty.
    _, listed = operational.explanation.split(": ", 1)
    clauses = listed.split("; formerly affiliated); ")
    assert clauses[0].startswith("hosting with ByteDance Ltd. (")
    assert clauses[1].startswith("commercial services with ByteDance Ltd. (")


def test_a_party_controlled_through_its_stake_is_covered_with_the_reason() -> None:
    # Silver Lake is 25 % owned by ByteDance, so controlled by a foreign adversary (25 % ≥ 20 %).
    d = make(
        "bytedance",
        "silver",
        stakes=[stake("bytedance", "silver", "25%")],
        arrangements=[Arrangement(kind="data_sharing", counterparty="silver")],
    )
    f = finding(d, "pafaca.data_sharing")
    assert f.status == V
    assert (
        "with Silver Lake (controlled by a foreign adversary: its foreign-adversary stake is "
        "25 %, at least 20 %; formerly affiliated)" in f.explanation
    )


def test_an_arrangement_with_an_unknown_party_is_indeterminate() -> None:
    d = make("mystery", arrangements=[Arrangement(kind="data_sharing", counterparty="mystery")])
    f = finding(d, "pafaca.data_sharing")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation,
        "data sharing with Mystery Holdings",
        "controlled by a foreign adversary: of unknown jurisdiction (taken as a foreign-adversary "
        "person); formerly affiliated",
        " — if Mystery Holdings (jurisdiction unknown) were a foreign-adversary person.",
    )


def test_relationships_that_are_not_barred_say_with_whom() -> None:
    d = make("oracle", arrangements=[Arrangement(kind="hosting", counterparty="oracle")])
    f = finding(d, "pafaca.operational_relationship")
    assert f.status == C
    assert_sentence(f.explanation, "with Oracle Corp., not a formerly affiliated party")
    none = finding(d, "pafaca.data_sharing")
    assert none.status == C
    assert_sentence(none.explanation, "TikTok USDS has no data-sharing agreement")


def test_algorithm_cooperation_names_the_kind_and_the_licence_reading() -> None:
    cooperation = make(
        "bytedance",
        arrangements=[Arrangement(kind="algorithm_cooperation", counterparty="bytedance")],
    )
    f = finding(cooperation, "pafaca.algorithm_cooperation")
    assert f.status == V
    assert f.explanation.startswith(
        "TikTok USDS keeps a cooperation on the content recommendation algorithm barred"
    )
    assert ": algorithm cooperation with ByteDance Ltd. (" in f.explanation
    ongoing = make(
        "bytedance", arrangements=[Arrangement(kind="algorithm_license", counterparty="bytedance")]
    )
    f = finding(ongoing, "pafaca.algorithm_cooperation")
    assert (
        ": an ongoing algorithm licence (license_is_cooperation=if_ongoing) with ByteDance"
        in f.explanation
    )
    once = make(
        "bytedance",
        arrangements=[
            Arrangement(kind="algorithm_license", counterparty="bytedance", ongoing=False)
        ],
    )
    f = finding(once, "pafaca.algorithm_cooperation", license_is_cooperation="always")
    assert (
        ": a one-time algorithm licence (license_is_cooperation=always) with ByteDance"
        in f.explanation
    )


def test_relationship_rules_only_take_their_own_kinds() -> None:
    # A data-sharing agreement alone is no operational relationship, and no algorithm cooperation.
    d = make("bytedance", arrangements=[Arrangement(kind="data_sharing", counterparty="bytedance")])
    assert finding(d, "pafaca.operational_relationship").status == C
    assert finding(d, "pafaca.algorithm_cooperation").status == C


# ---------------------------------------------------------------------------- China
def china(
    *arrangements: Arrangement,
    licence: str | None,
    parties: Iterable[str] = ("bytedance",),
    stakes: Iterable[Stake] = (),
) -> Finding:
    return finding(
        make(*parties, arrangements=list(arrangements), export_licence=licence,
             stakes=list(stakes)),
        "china.export_licence",
    )  # fmt: skip


LICENCE = Arrangement(kind="algorithm_license", counterparty="bytedance")


def test_export_licence_names_the_arrangement_and_the_licence_state() -> None:
    pending = china(LICENCE, licence="pending")
    assert pending.status == UNSURE
    assert pending.explanation.startswith(
        "The recommendation technology is of Chinese origin and its export needs China's licence"
    )
    assert "(algorithm licence with ByteDance Ltd. (headquartered in CN)); " in pending.explanation
    undecided = ": the facts do not settle whether the export is licensed."
    assert pending.explanation.endswith("China's export licence is pending" + undecided)
    assert china(LICENCE, licence=None).explanation.endswith(
        "China's export licence is not stated" + undecided
    )
    granted = china(LICENCE, licence="granted")
    assert (granted.status, granted.explanation[-8:]) == (C, "granted.")
    assert (
        "ByteDance Ltd. (headquartered in CN)); China's export licence is granted."
        in granted.explanation
    )
    denied = china(LICENCE, licence="denied")
    assert denied.status == V
    assert denied.explanation.endswith(
        "(headquartered in CN)), but China's export licence is denied."
    )
    assert china(LICENCE, licence="not_sought").explanation.endswith("licence is not sought.")


def test_a_licence_from_a_chinese_controlled_subsidiary_exports_chinese_technology() -> None:
    # TikTok Ltd. is organized in KY with offices in SG — no link to China of its own — but
    # ByteDance (headquartered in CN) holds all of it: the technology it licenses is Chinese in
    # origin, and China said its export needs approval.
    licence = Arrangement(kind="algorithm_license", counterparty="tiktok-ltd")
    parties = ("bytedance", "tiktok-ltd")
    owned = [stake("bytedance", "tiktok-ltd", "100%")]
    denied = china(licence, licence="denied", parties=parties, stakes=owned)
    assert denied.status == V
    assert_sentence(
        denied.explanation,
        "algorithm licence with TikTok Ltd. (under Chinese control: its foreign-adversary stake "
        "is 100 %, at least 20 %)",
        "but China's export licence is denied",
    )
    # Held by U.S. investors instead, the same subsidiary exports nothing of Chinese origin.
    free = china(licence, licence="denied", parties=(*parties, "oracle"),
                 stakes=[stake("oracle", "tiktok-ltd", "100%")])  # fmt: skip
    assert free.status == C
    assert_sentence(free.explanation, "not under Chinese control", "(China's licence: denied)")


def test_export_licence_lists_each_export() -> None:
    cooperation = Arrangement(kind="algorithm_cooperation", counterparty="alpha")
    f = china(LICENCE, cooperation, licence="pending", parties=("bytedance", "alpha"))
    assert (
        "(algorithm licence with ByteDance Ltd. (headquartered in CN); algorithm cooperation with "
        "Alpha Capital (organized in CN)); " in f.explanation
    )


def test_export_licence_with_a_counterparty_of_unknown_jurisdiction() -> None:
    licence = Arrangement(kind="algorithm_license", counterparty="mystery")
    for state in ("pending", "denied"):
        f = china(licence, licence=state, parties=("mystery",))
        assert f.status == UNSURE
        assert "(algorithm licence with Mystery Holdings (jurisdiction unknown))" in f.explanation
        assert_sentence(
            f.explanation,
            "if Mystery Holdings (jurisdiction unknown) were a foreign-adversary person",
            f"China's export licence is {state}",
            "the facts do not settle whether a licence is needed and held",
        )


def test_no_export_needs_no_licence() -> None:
    f = china(Arrangement(kind="hosting", counterparty="bytedance"), licence="denied")
    assert f.status == C
    assert f.explanation.startswith("No algorithm licence or cooperation is recorded")
    assert f.explanation.endswith("is exported.")


# ---------------------------------------------------------------------------- terms
def board_finding(*nationalities: str | None) -> Finding:
    board = [Seat(appointed_by="oracle", nationality=n) for n in nationalities]
    return finding(make("oracle", board=board), "terms.board_us_majority")


def test_board_majority_counts_the_seats() -> None:
    f = board_finding("US", "US", "US", "US", "SG", "SG", "SG")
    assert f.status == C
    assert_sentence(f.explanation, "U.S. nationals hold 4 of 7 seats: a majority")
    f = board_finding("US", "US", "US", "SG", "SG", "SG")
    assert f.status == V
    assert_sentence(f.explanation, "U.S. nationals hold 3 of 6 seats: half or fewer")
    f = board_finding("US", "US", "US", None, "SG", "SG", "SG")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation, "U.S. nationals hold 3 of 7 seats (1 without a nationality given)", "only if"
    )


def test_no_board_is_no_majority() -> None:
    f = board_finding()
    assert f.status == V
    assert f.explanation.startswith("No board seats")
    assert f.explanation.endswith("no U.S. majority.")


#: The government-seat term stood from its first report (2025-09-19) to the White House's
#: disavowal (2025-09-22).
STOOD = dt.date(2025, 9, 20)


def test_government_seat_names_the_appointer() -> None:
    d = make("usg", "oracle", board=[Seat(appointed_by="usg"), Seat(appointed_by="oracle")],
             as_of=STOOD)  # fmt: skip
    f = finding(d, "terms.government_seat")
    assert f.status == C
    assert_sentence(f.explanation, "U.S. Treasury appoints a seat")
    none = finding(make("oracle", board=[Seat(appointed_by="oracle")], as_of=STOOD),
                   "terms.government_seat")  # fmt: skip
    assert none.status == V
    assert none.explanation.startswith("No seat")
    assert none.explanation.endswith("by the U.S. government.")


def test_a_government_of_unknown_jurisdiction_may_be_the_us_governments_seat() -> None:
    # A government appointer with no jurisdiction given: the U.S. seat only if it is American.
    d = make("gov", "oracle", board=[Seat(appointed_by="gov"), Seat(appointed_by="oracle")],
             as_of=STOOD)  # fmt: skip
    f = finding(d, "terms.government_seat")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation, "Some Government, a government of unknown jurisdiction", "American"
    )
    # A company of unknown jurisdiction, or a government known to be foreign, is no U.S. seat.
    for appointer in ("mystery", "uk"):
        d = make(appointer, board=[Seat(appointed_by=appointer)], as_of=STOOD)
        assert finding(d, "terms.government_seat").status == V


def test_security_committee_explanations() -> None:
    member = Seat(appointed_by="bytedance", committees=["security"])
    f = finding(make("bytedance", board=[member]), "terms.security_committee")
    assert f.status == V
    assert_sentence(
        f.explanation, "ByteDance Ltd., controlled by a foreign adversary, appoints a member"
    )
    ok = [Seat(appointed_by="oracle", committees=["security"])] * 2
    f = finding(make("oracle", board=ok), "terms.security_committee")
    assert f.status == C
    assert_sentence(f.explanation, "The 2 security-committee seat(s) are appointed by Oracle Corp.")
    unknown = Seat(appointed_by="mystery", committees=["security"])
    f = finding(make("mystery", board=[unknown]), "terms.security_committee")
    assert f.status == UNSURE
    assert_sentence(
        f.explanation,
        "Mystery Holdings appoints a member of the security committee",
        "if Mystery Holdings (jurisdiction unknown) were a foreign-adversary person",
    )
    f = finding(make("oracle", board=[Seat(appointed_by="oracle")]), "terms.security_committee")
    assert f.status == C
    assert f.explanation.startswith("No seat on a security committee")
    assert f.explanation.endswith("is given.")


# ---------------------------------------------------------------------------- facts
def facts(deal: Deal, **interpretation: str) -> Facts:
    return Facts(deal, Interpretation(**interpretation))


def test_names_are_joined_in_prose() -> None:
    f = facts(make("alpha", "beta", "oracle"))
    assert f.names([]) == "no party"
    assert f.names(["alpha"]) == "Alpha Capital"
    assert f.names(["alpha", "alpha"]) == "Alpha Capital"
    assert f.names(["alpha", "beta"]) == "Alpha Capital and Beta Fund"
    assert f.names(["alpha", "beta", "oracle"]) == "Alpha Capital, Beta Fund and Oracle Corp."


def test_describe_gives_the_adversary_link_or_the_unknown() -> None:
    f = facts(make("bytedance", "oracle", "mystery"))
    assert f.describe("bytedance") == "ByteDance Ltd. (headquartered in CN)"
    assert f.describe("oracle") == "Oracle Corp."
    assert f.describe("mystery") == "Mystery Holdings (jurisdiction unknown)"


def test_a_figure_on_the_basis_the_interpretation_did_not_choose() -> None:
    # Read on equity, the voting figure is still available on request: Alpha 10 % / 30 %.
    d = make(
        "alpha",
        "oracle",
        stakes=[stake("alpha", "t", "10%", "30%"), stake("oracle", "t", "90%", "70%")],
    )
    world = facts(d, stake="equity").best
    assert world.fa_stake("t") == F(1, 10)
    assert world.fa_stake("t", basis="voting") == F(3, 10)
    assert world.fa_stake("oracle", basis="voting") == 0  # nothing held in Oracle
    assert world.basis_for("t") == "equity"


def test_directed_names_how() -> None:
    board = [Seat(appointed_by="bytedance")] * 2 + [Seat(appointed_by="oracle")]
    world = facts(make("bytedance", "oracle", board=board)).best
    how = world.describe_direction("t", world.controlled)
    assert how == "ByteDance Ltd., appointing 2 of 3 board seats"
    assert world.reasons["t"] == "directed by ByteDance Ltd., appointing 2 of 3 board seats"
    assert world.describe_direction("oracle", world.controlled) is None
