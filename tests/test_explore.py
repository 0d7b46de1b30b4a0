"""The what-if panel, driven from Python as a user drives it by hand: set a slider, a dropdown, a
checkbox or a toggle, then read the report, the changes, the HTML and the chart. Every figure is
worked by hand in the comments."""

from __future__ import annotations

import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

import tiktok_deal as td
from tiktok_deal import edits
from tiktok_deal.errors import InterpretationError, InvalidArgumentError, InvalidDealError
from tiktok_deal.law import SWITCHES

ROOT = Path(__file__).parents[1]
JV = "joint-venture-2026"
PNG = b"\x89PNG\r\n\x1a\n"
LICENCE = ("algorithm_license", "bytedance")
COMPLIANT, VIOLATION = td.Status.COMPLIANT, td.Status.VIOLATION


@pytest.fixture
def deal() -> td.Deal:
    return td.preset(JV)


@pytest.fixture
def panel(deal: td.Deal) -> Any:
    return td.explore(deal)


def stake(deal: td.Deal, holder: str) -> td.Stake:
    return next(s for s in deal.holdings_in(deal.target) if s.holder == holder)


def status(panel: Any, rule: str) -> td.Status:
    return panel.report[rule].status


def texts(widget: Any) -> str:
    """Every piece of HTML the panel shows, in order."""
    own = widget.value if isinstance(getattr(widget, "value", None), str) else ""
    return own + "".join(texts(child) for child in getattr(widget, "children", ()))


def module() -> Any:
    """The module itself (``td.explore`` is the function)."""
    return sys.modules["tiktok_deal.explorer"]


# ----------------------------------------------------------------------------- the deal as given
def test_the_panel_opens_on_the_deal_as_given(panel: Any, deal: td.Deal) -> None:
    assert panel.deal == deal
    assert panel.interpretation == td.Interpretation()
    assert panel.report.findings == td.check(deal).findings
    assert panel.report.verdict == VIOLATION
    assert panel.changes == ()
    # A slider per stake held in the joint venture, in percent, on a grid of 0.1 points.
    assert {h: s.value for h, s in panel.sliders.items()} == {
        "oracle": 15.0, "silver-lake": 15.0, "mgx": 15.0, "new-investors": 5.0,
        "existing-investors": 30.1, "bytedance": 19.9,
    }  # fmt: skip
    for slider in panel.sliders.values():
        assert (slider.min, slider.max, slider.step) == (0.0, 100.0, 0.1)
        assert slider.continuous_update is False  # one change when released, not per pixel
    assert "19.9 %" in panel.figures["bytedance"].value
    assert 'title="exactly 199/1000"' in panel.figures["bytedance"].value
    # A dropdown per switch, at its value; a checkbox and a toggle per arrangement.
    assert {n: d.value for n, d in panel.dropdowns.items()} == td.Interpretation().to_dict()
    assert {n: tuple(d.options) for n, d in panel.dropdowns.items()} == dict(SWITCHES)
    assert set(panel.checkboxes) == {(a.kind, a.counterparty) for a in deal.arrangements}
    assert all(box.value for box in panel.checkboxes.values())
    assert {t.value for t in panel.toggles.values()} == {"ongoing"}
    assert panel.findings.value == panel.report._repr_html_()
    assert "VIOLATION" in panel.banner.value
    assert "The deal as given" in panel.banner.value
    assert bytes(panel.chart.value).startswith(PNG)
    shown = texts(panel.widget)
    assert "Stakes in TikTok USDS Joint Venture LLC" in shown
    assert "(no rule of the pafaca rule set reads it)" in shown  # China's licence


def test_the_panel_shows_as_a_widget(panel: Any) -> None:
    bundle = panel._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert repr(panel).startswith("<Explorer 'TikTok USDS Joint Venture LLC")
    assert repr(panel).endswith(": violation, 0 changes>")


# ----------------------------------------------------------------------------- stakes
def test_bytedance_at_20_percent_fails_the_ownership_test(panel: Any, deal: td.Deal) -> None:
    panel.sliders["bytedance"].value = 20
    # "At least 20 percent" (§2(g)(1)(B)): 20 % is on the line, so over it.
    finding = panel.report["pafaca.fa_ownership"]
    assert finding.status == VIOLATION
    assert finding.value == Fraction(1, 5)
    # The others give way pro rata: each × (100 − 20) / (100 − 19.9) = 80 / 80.1 = 800/801.
    # Oracle: 15 % × 800/801 = 3/20 × 800/801 = 40/267 ≈ 14.98 %;
    # the existing investors' affiliates: 30.1 % × 800/801 = 1204/4005 ≈ 30.06 %.
    after = panel.deal
    assert stake(after, "oracle").equity == Fraction(40, 267)
    assert stake(after, "existing-investors").equity == Fraction(1204, 4005)
    assert stake(after, "new-investors").equity == Fraction(40, 801)
    # 3 × 40/267 + 40/801 + 1204/4005 + 1/5 = 2000/4005 + 1204/4005 + 1/5 = 4/5 + 1/5 = 100 %.
    assert sum(s.equity for s in after.holdings_in(after.target)) == 1
    assert after.stakes[6:] == deal.stakes[6:]  # the pools' own members are untouched
    assert panel.sliders["oracle"].value == 15.0  # the nearest step …
    assert "≈ 14.98 %" in panel.figures["oracle"].value  # … and the figure as it stands
    assert "20 %" in panel.figures["bytedance"].value
    assert panel.changes == (
        "stakes in TikTok USDS Joint Venture LLC: ByteDance Ltd. 19.9 % → 20 %; "
        "the other holders pro rata",
    )
    assert "holds 20 % directly" in panel.findings.value
    assert "pafaca.fa_ownership</code> compliant → <b>violation</b>" in panel.banner.value


def test_bytedance_back_at_19_9_percent_is_the_deal_as_given(panel: Any, deal: td.Deal) -> None:
    panel.sliders["bytedance"].value = 20
    panel.sliders["bytedance"].value = 19.9
    # 19.9 % < 20 %, by 0.1 points; the others × 800/801, then × 801/800: exactly as they were.
    assert status(panel, "pafaca.fa_ownership") == COMPLIANT
    assert "margin 0.1 points" in panel.report["pafaca.fa_ownership"].explanation
    assert panel.deal == deal
    assert panel.changes == ()
    assert "The deal as given" in panel.banner.value


def test_a_slider_moves_in_exact_steps_of_a_tenth_of_a_point(panel: Any) -> None:
    slider = panel.sliders["bytedance"]
    slider.value = 19.96  # between 19.9 and 20: the nearer step
    assert slider.value == 20.0
    assert stake(panel.deal, "bytedance").equity == Fraction(200, 1000)
    slider.value = 19.94
    assert slider.value == 19.9
    assert stake(panel.deal, "bytedance").equity == Fraction(199, 1000)
    slider.value = 0.1  # a float that is not 1/1000 in binary; the stake is
    assert stake(panel.deal, "bytedance").equity == Fraction(1, 1000)


def test_oracle_selling_out_pro_rata_lifts_bytedance_over_the_line(panel: Any) -> None:
    panel.sliders["oracle"].value = 0
    # Oracle's 15 % goes to the others pro rata: each × 100 / 85, so ByteDance holds
    # 19.9 % × 100/85 = 199/850 ≈ 23.41 % ≥ 20 %.
    assert stake(panel.deal, "bytedance").equity == Fraction(199, 850)
    assert status(panel, "pafaca.fa_ownership") == VIOLATION
    assert "≈ 23.41 %" in panel.figures["bytedance"].value
    assert panel.sliders["bytedance"].value == 23.4


def test_a_second_move_rescales_the_first(panel: Any) -> None:
    panel.sliders["bytedance"].value = 20
    panel.sliders["oracle"].value = 20
    # Oracle from 40/267 to 1/5: the others × (1 − 1/5) / (1 − 40/267) = (4/5) / (227/267)
    # = 1068/1135, ByteDance's 1/5 with them: 1068/5675 ≈ 18.82 %, under the line again.
    assert stake(panel.deal, "bytedance").equity == Fraction(1068, 5675)
    assert status(panel, "pafaca.fa_ownership") == COMPLIANT
    assert panel.changes == (
        "stakes in TikTok USDS Joint Venture LLC: ByteDance Ltd. 19.9 % → ≈ 18.82 %; "
        "Oracle Corporation 15 % → 20 %; the other holders pro rata",
    )


def test_a_slider_sets_equity_and_votes_alike() -> None:
    dual = td.load(ROOT / "docs" / "deals" / "dual-class.toml")
    panel = td.explore(dual)
    # 10 % of the equity, 25 % of the votes: stake=max counts 25 % ≥ 20 %.
    assert "equity 10 %, votes 25 %" in panel.figures["cn"].value
    assert status(panel, "pafaca.fa_ownership") == VIOLATION
    panel.sliders["cn"].value = 15
    # Both bases at 15 %: max(15 %, 15 %) = 15 % < 20 %.
    moved = stake(panel.deal, "cn")
    assert (moved.equity, moved.votes) == (Fraction(3, 20), Fraction(3, 20))
    assert status(panel, "pafaca.fa_ownership") == COMPLIANT
    assert panel.changes == (  # the only holder named: no others to give way
        "stakes in NewCo U.S. LLC: A Chinese conglomerate equity 10 %, votes 25 % → 15 %",
    )


RANGE = """
schema = 1
name = "A stake known only as a range"
target = "newco"

[parties.newco]
organized_in = "US"

[parties.cn]
organized_in = "CN"

[parties.us]
organized_in = "US"

[[stakes]]
holder = "cn"
of = "newco"
equity = "0%"
equity_max = "30%"

[[stakes]]
holder = "us"
of = "newco"
equity = "50%"
"""


def test_a_range_moves_with_the_others_until_its_own_slider_moves() -> None:
    panel = td.explore(td.loads(RANGE))
    # 0 % to 30 %: the facts do not settle whether the stake reaches 20 %.
    assert "0–30 %" in panel.figures["cn"].value
    assert status(panel, "pafaca.fa_ownership") == td.Status.INDETERMINATE
    panel.sliders["us"].value = 60
    # The others × (100 − 60) / (100 − 50) = 4/5: the range's top, 30 % × 4/5 = 24 %, too.
    assert "0–24 %" in panel.figures["cn"].value
    assert 'title="exactly 0 to 6/25"' in panel.figures["cn"].value
    assert status(panel, "pafaca.fa_ownership") == td.Status.INDETERMINATE
    panel.sliders["cn"].value = 10
    # Moved, the stake is definite: 10 % < 20 %; the U.S. holder × (90/100): 60 % → 54 %.
    assert not stake(panel.deal, "cn").is_range
    assert stake(panel.deal, "us").equity == Fraction(27, 50)
    assert status(panel, "pafaca.fa_ownership") == COMPLIANT
    assert panel.changes == ("stakes in newco: us 50 % → 54 %; cn 0–30 % → 10 %",)  # no others


def test_a_change_the_model_refuses_leaves_the_deal_and_says_why(
    panel: Any, deal: td.Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> td.Deal:
        raise InvalidDealError("more than 100 %", field="stakes[5].equity")

    monkeypatch.setattr(edits, "set_stakes", refuse)
    panel.sliders["bytedance"].value = 25
    assert panel.deal == deal
    assert panel.sliders["bytedance"].value == 19.9  # back where the deal is
    assert "Not applied: stakes[5].equity: more than 100 %" in panel.banner.value
    assert panel.changes == ()


# ----------------------------------------------------------------------------- the reading
def test_a_licence_is_never_cooperation_under_the_narrow_reading(panel: Any, deal: td.Deal) -> None:
    assert status(panel, "pafaca.algorithm_cooperation") == VIOLATION  # ongoing, if_ongoing
    panel.dropdowns["license_is_cooperation"].value = "never"
    assert status(panel, "pafaca.algorithm_cooperation") == COMPLIANT
    # ByteDance's U.S. company still runs e-commerce and advertising: §2(g)(6)(B) still fails.
    assert status(panel, "pafaca.operational_relationship") == VIOLATION
    assert panel.report.verdict == VIOLATION
    assert panel.interpretation.license_is_cooperation == "never"
    assert panel.deal == deal
    assert panel.changes == ("license_is_cooperation: if_ongoing → never",)
    assert "<b>license_is_cooperation=never</b>" in panel.findings.value


def test_the_panel_starts_from_the_reading_given(deal: td.Deal) -> None:
    panel = td.explore(deal, interpretation="license_is_cooperation=never")
    assert panel.dropdowns["license_is_cooperation"].value == "never"
    assert status(panel, "pafaca.algorithm_cooperation") == COMPLIANT
    panel.dropdowns["license_is_cooperation"].value = "if_ongoing"
    assert panel.changes == ("license_is_cooperation: never → if_ongoing",)
    panel.reset()
    assert panel.interpretation.license_is_cooperation == "never"  # as given, not the default
    assert panel.dropdowns["license_is_cooperation"].value == "never"


# ----------------------------------------------------------------------------- arrangements
def test_ending_the_algorithm_licence_ends_the_cooperation(panel: Any, deal: td.Deal) -> None:
    panel.checkboxes[LICENCE].value = False
    assert status(panel, "pafaca.algorithm_cooperation") == COMPLIANT
    assert LICENCE not in {(a.kind, a.counterparty) for a in panel.deal.arrangements}
    assert panel.toggles[LICENCE].disabled
    assert panel.changes == ("algorithm licence with ByteDance Ltd.: ongoing → ended",)
    panel.checkboxes[LICENCE].value = True
    assert status(panel, "pafaca.algorithm_cooperation") == VIOLATION
    assert not panel.toggles[LICENCE].disabled
    assert panel.deal == deal  # back in its place, with its note


def test_a_one_time_licence_is_cooperation_only_if_always(panel: Any) -> None:
    panel.toggles[LICENCE].value = "one_time"
    licence = next(a for a in panel.deal.arrangements if (a.kind, a.counterparty) == LICENCE)
    assert licence.ongoing is False
    assert status(panel, "pafaca.algorithm_cooperation") == COMPLIANT  # if_ongoing: not ongoing
    panel.dropdowns["license_is_cooperation"].value = "always"
    assert status(panel, "pafaca.algorithm_cooperation") == VIOLATION
    assert panel.changes == (
        "algorithm licence with ByteDance Ltd.: ongoing → one-time",
        "license_is_cooperation: if_ongoing → always",
    )


def test_china_s_licence_decides_the_export_finding(deal: td.Deal) -> None:
    panel = td.explore(deal, ruleset="all")
    # The licence to ByteDance exports Chinese technology; China's licence is pending (as
    # reported): it may yet be granted, so the finding is indeterminate.
    assert panel.licence.value == "pending"
    assert status(panel, "china.export_licence") == td.Status.INDETERMINATE
    assert "reads it" not in texts(panel.widget)
    panel.licence.value = "granted"
    assert status(panel, "china.export_licence") == COMPLIANT
    assert panel.deal.export_licence == "granted"
    panel.licence.value = "not_sought"
    assert status(panel, "china.export_licence") == VIOLATION
    assert panel.changes == ("China's export licence: pending → not sought",)
    panel.licence.value = ""  # not stated: indeterminate, like pending
    assert panel.deal.export_licence is None
    assert status(panel, "china.export_licence") == td.Status.INDETERMINATE
    panel.reset()
    assert panel.deal == deal
    assert panel.licence.value == "pending"


# ----------------------------------------------------------------------------- reset, rule sets
def test_reset_goes_back_to_the_deal_as_given(panel: Any, deal: td.Deal) -> None:
    panel.sliders["bytedance"].value = 30
    panel.dropdowns["lookthrough"].value = "direct"
    panel.checkboxes[LICENCE].value = False
    panel.toggles[("hosting", "oracle")].value = "one_time"
    panel.licence.value = "denied"
    assert len(panel.changes) == 5
    panel.reset_button.click()
    assert panel.deal == deal
    assert panel.interpretation == td.Interpretation()
    assert panel.changes == ()
    assert panel.report.findings == td.check(deal).findings
    assert panel.sliders["bytedance"].value == 19.9
    assert panel.sliders["oracle"].value == 15.0
    assert panel.dropdowns["lookthrough"].value == "multiply"
    assert panel.checkboxes[LICENCE].value
    assert not panel.toggles[LICENCE].disabled
    assert panel.toggles[("hosting", "oracle")].value == "ongoing"
    assert panel.licence.value == "pending"
    assert "The deal as given" in panel.banner.value


def test_the_rule_set_is_the_one_given(deal: td.Deal) -> None:
    panel = td.explore(deal, ruleset="all")
    rules = [f.rule for f in panel.report]
    assert "china.export_licence" in rules
    assert "terms.board_us_majority" in rules
    panel.sliders["bytedance"].value = 20
    assert panel.report.ruleset == "all"
    assert len(panel.report) == len(td.check(deal, ruleset="all"))


# ----------------------------------------------------------------------------- one check per change
def test_one_check_per_change(panel: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    checks: list[object] = []
    charts: list[object] = []
    real_check, real_chart = module().check, module()._chart
    monkeypatch.setattr(module(), "check", lambda *a, **k: checks.append(a) or real_check(*a, **k))
    monkeypatch.setattr(module(), "_chart", lambda report: charts.append(report) or real_chart(report))

    def counted(change: Any) -> tuple[int, int]:
        checks.clear()
        charts.clear()
        change()
        return len(checks), len(charts)

    before = bytes(panel.chart.value)
    # Six sliders move (ByteDance and, pro rata, the five others): one check, one chart.
    assert counted(lambda: setattr(panel.sliders["bytedance"], "value", 20)) == (1, 1)
    assert bytes(panel.chart.value) != before
    assert bytes(panel.chart.value).startswith(PNG)
    # A reading: one check, and the chart again (the look-through draws it).
    assert counted(lambda: setattr(panel.dropdowns["stake"], "value", "voting")) == (1, 1)
    # Arrangements and China's licence are not in the ownership chart: one check, no drawing.
    assert counted(lambda: setattr(panel.checkboxes[LICENCE], "value", False)) == (1, 0)
    assert counted(lambda: setattr(panel.licence, "value", "granted")) == (1, 0)
    # A value that rounds to the stake as it stands changes nothing.
    assert counted(lambda: setattr(panel.sliders["bytedance"], "value", 20.04)) == (0, 0)
    # Reset puts every widget back: one check, one chart.
    assert counted(panel.reset) == (1, 1)


# ----------------------------------------------------------------------------- input and installs
@pytest.mark.parametrize(
    ("given", "options", "error", "message"),
    [
        ("joint-venture-2026", {}, TypeError, "takes a Deal, got str"),
        (None, {"ruleset": "everything"}, InvalidArgumentError, "unknown rule set 'everything'"),
        (None, {"interpretation": {"lookthrough": "sideways"}}, InterpretationError, "sideways"),
        (None, {"interpretation": {"colour": "red"}}, InterpretationError, "unknown interpretation switch 'colour'"),
    ],
)
def test_bad_arguments_are_refused(
    given: object, options: dict[str, Any], error: type[Exception], message: str, deal: td.Deal
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        td.explore(deal if given is None else given, **options)  # type: ignore[arg-type]


@pytest.mark.parametrize("missing", ["ipywidgets", "matplotlib"])
def test_a_missing_extra_names_the_install_command(
    missing: str, deal: td.Deal, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # as if it were not installed
    with pytest.raises(ModuleNotFoundError) as raised:
        td.explore(deal)
    assert raised.value.name == missing
    assert str(raised.value) == (
        f"tiktok_deal.explore needs {missing}, which is not installed: "
        "pip install 'tiktok-deal[explore]'"
    )


def test_importing_the_library_loads_neither_ipywidgets_nor_matplotlib() -> None:
    program = (
        "import sys, tiktok_deal as td\n"
        "heavy = {'ipywidgets', 'matplotlib', 'tiktok_deal.explorer'}\n"
        "assert not heavy & set(sys.modules), heavy & set(sys.modules)\n"
        "assert 'explore' in td.__all__ and 'explore' in dir(td)\n"
        "assert td.explore.__name__ == 'explore'\n"
        "assert not {'ipywidgets', 'matplotlib'} & set(sys.modules)\n"  # not until a panel
    )
    subprocess.run([sys.executable, "-c", program], check=True)


def test_td_explore_opens_a_panel_after_the_module_is_imported_by_name() -> None:
    # The panel's module has a name of its own, so importing it never hides td.explore.
    program = (
        "from tiktok_deal.explorer import Explorer\n"
        "import tiktok_deal as td\n"
        "panel = td.explore(td.preset('joint-venture-2026'), ruleset='all')\n"
        "assert isinstance(panel, Explorer) and panel.ruleset == 'all'\n"
    )
    subprocess.run([sys.executable, "-c", program], check=True)
