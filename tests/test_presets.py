"""Each preset's findings are what its reported structure implies (deals.md), worked by hand."""

import datetime
import json
from fractions import Fraction as F

import pytest

from tiktok_deal import PRESETS, Status, UnknownPresetError, check, dumps, loads, preset
from tiktok_deal.cli import main

C, V = Status.COMPLIANT, Status.VIOLATION


@pytest.mark.parametrize(
    ("name", "stake", "status"),
    [
        # ByteDance (Beijing HQ) → 100 % TikTok Ltd. → 100 % TikTok Inc.: 1 × 1.
        ("status-quo", F(1), V),
        # ByteDance → TikTok Ltd. → TikTok Inc. → 100 % of USDS: 1 × 1 × 1.
        ("project-texas", F(1), V),
        # ByteDance 80 % directly (its own account).
        ("tiktok-global-2020", F(4, 5), V),
        # "Chinese investors would own the remaining 20 %": exactly on the inclusive line.
        ("framework-2025-as-first-reported", F(1, 5), V),
        # ByteDance and affiliates below 20 %: 19.9 %.
        ("framework-2025", F(199, 1000), C),
        ("joint-venture-2026", F(199, 1000), C),
    ],
)
def test_foreign_adversary_stake_of_each_preset(name: str, stake: F, status: Status) -> None:
    finding = check(preset(name))["pafaca.fa_ownership"]
    assert finding.value == stake
    assert finding.bounds == (stake, stake)  # every jurisdiction in the presets is given
    assert finding.status == status


@pytest.mark.parametrize("name", PRESETS)
def test_each_preset_has_sources_a_date_notes_and_survives_a_round_trip(name: str) -> None:
    deal = preset(name)
    assert deal.sources
    assert deal.as_of
    assert deal.description
    assert all(s.note for s in deal.stakes), "every stake says reported, inferred or placeholder"
    assert "bytedance" in deal.parties
    assert loads(dumps(deal)) == deal


def test_the_two_2025_presets_differ_where_the_reports_did() -> None:
    # Read on 2025-09-20, while the reported government-seat term stood (2025-09-19 to 21).
    stood = datetime.date(2025, 9, 20)
    first = check(preset("framework-2025-as-first-reported"), ruleset="all", as_of=stood)
    ordered = check(preset("framework-2025"), ruleset="all", as_of=stood)
    # 20 % on the line vs 19.9 % under it …
    assert first["pafaca.fa_ownership"].status == V
    assert ordered["pafaca.fa_ownership"].status == C
    # … and a government-appointed director vs none.
    assert first["terms.government_seat"].status == C
    assert ordered["terms.government_seat"].status == V
    # Both have a U.S. majority and keep the ByteDance director off the security committee.
    for report in (first, ordered):
        assert report["terms.board_us_majority"].status == C


def test_the_joint_venture_report_names_what_stands_in_the_way() -> None:
    report = check(preset("joint-venture-2026"))
    assert report["pafaca.fa_direction"].status == C  # 1 of 7 seats is ByteDance's
    cooperation = report["pafaca.algorithm_cooperation"]
    assert cooperation.status == V
    assert "ByteDance" in cooperation.explanation
    assert report["pafaca.operational_relationship"].status == V
    assert check(preset("joint-venture-2026"), ruleset="china").verdict == C  # licence granted


def test_unknown_preset() -> None:
    with pytest.raises(UnknownPresetError, match="presets are: status-quo"):
        preset("tiktok-2030")


def test_check_preset_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--preset", "framework-2025-as-first-reported", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    ownership = next(f for f in data["findings"] if f["rule"] == "pafaca.fa_ownership")
    assert ownership["value"] == "1/5"
