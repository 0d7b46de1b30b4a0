"""Plots: assertions on the artists they draw (positions, sizes, labels), never on pixels."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs
import pytest

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import tiktok_deal as td  # noqa: E402
from tiktok_deal import plotting  # noqa: E402
from tiktok_deal.cli import main  # noqa: E402
from tiktok_deal.law import timeline as clock  # noqa: E402
from tiktok_deal.plotting import palette  # noqa: E402

JV = "joint-venture-2026"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def by_gid(artists: Any, prefix: str) -> dict[str, Any]:
    return {a.get_gid(): a for a in artists if (a.get_gid() or "").startswith(prefix)}


def texts(ax: Axes) -> list[str]:
    return [t.get_text() for t in ax.texts]


DOCS_DEALS = Path(__file__).parent.parent / "docs" / "deals"


def drawn(ax: Axes) -> Any:
    """Draw ``ax``'s figure (layout included) and return its renderer."""
    ax.figure.canvas.draw()
    return ax.figure.canvas.get_renderer()


def title_of(ax: Axes) -> Text:
    """The Text of the Axes' title on the left (where every plot puts its title)."""
    return next(
        c for c in ax.get_children()
        if isinstance(c, Text) and c.get_text() == ax.get_title(loc="left")
    )


def overlaps(ax: Axes) -> list[tuple[str, str]]:
    """Pairs of the plot's visible texts (labels, annotations, title) whose boxes intersect once
    the figure is drawn."""
    renderer = drawn(ax)
    shown = [
        t for t in [*ax.texts, title_of(ax)]
        if t.get_visible() and t.get_text().strip()
    ]
    boxes = [(t.get_text(), Text.get_window_extent(t, renderer)) for t in shown]  # no arrows
    return [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]


def outside_figure(ax: Axes) -> list[str]:
    """The plot's texts and legend entries that reach beyond the figure's edges once drawn."""
    renderer = drawn(ax)
    figure = ax.figure.bbox
    shown = [t for t in [*ax.texts, title_of(ax)] if t.get_visible() and t.get_text()]
    legend = ax.get_legend()
    if legend is not None:
        shown += legend.get_texts()
    out = []
    for text in shown:
        box = Text.get_window_extent(text, renderer)
        if box.x0 < figure.x0 - 0.5 or box.x1 > figure.x1 + 0.5 or box.y0 < figure.y0 - 0.5 or box.y1 > figure.y1 + 0.5:
            out.append(text.get_text())
    return out


def fixture_deal(**changes: Any) -> td.Deal:
    """12 % ByteDance directly, 40 % a fund of which ByteDance holds 20 %, 9 % of unknown
    jurisdiction, 39 % unnamed: 20 % traced under multiply, 29 % at worst."""
    parties = [
        td.Party(id="newco", name="NewCo U.S. LLC", organized_in="US"),
        td.Party(id="bytedance", name="ByteDance Ltd.", organized_in="KY", headquartered_in="CN"),
        td.Party(id="fund", name="A U.S. fund", organized_in="US"),
        td.Party(id="mystery", name="Mystery Holdings"),
    ]
    stakes = [
        td.Stake(holder="bytedance", of="newco", equity="12%"),
        td.Stake(holder="fund", of="newco", equity="40%"),
        td.Stake(holder="mystery", of="newco", equity="9%"),
        td.Stake(holder="bytedance", of="fund", equity="20%"),
    ]
    return td.Deal(name="Fixture", target="newco", parties=parties, stakes=stakes, **changes)


# ----------------------------------------------------------------------------------- ownership
def test_ownership_draws_one_segment_per_direct_holder_and_the_20_percent_line() -> None:
    deal = td.preset(JV)
    ax = plotting.ownership(deal)
    holdings = deal.holdings_in(deal.target)
    segments = by_gid(ax.patches, "holder:")
    assert len(segments) == len(holdings) == 6
    for stake in holdings:
        assert segments[f"holder:{stake.holder}"].get_width() == pytest.approx(float(stake.equity))
    assert "unnamed" not in by_gid(ax.patches, "unnamed")  # the holdings add up to 100 %
    (line,) = [line for line in ax.get_lines() if line.get_gid() == "threshold"]
    assert list(line.get_xdata()) == [0.2, 0.2]
    assert line.get_label() == "20 % line (PAFACA §2(g)(1)(B))"
    traced = by_gid(ax.patches, "traced:")
    assert list(traced) == ["traced:bytedance"]
    assert traced["traced:bytedance"].get_width() == pytest.approx(0.199)
    (margin,) = [t for t in ax.texts if t.get_gid() == "margin"]
    assert "margin 0.1 points" in margin.get_text()
    assert ax.get_xlim() == (0.0, 1.0)


def test_ownership_groups_adversary_persons_first_in_vermillion() -> None:
    ax = plotting.ownership(td.preset(JV))
    segments = sorted(by_gid(ax.patches, "holder:").values(), key=lambda p: p.get_x())
    assert segments[0].get_gid() == "holder:bytedance"
    assert matplotlib.colors.to_hex(segments[0].get_facecolor()) == palette.ADVERSARY.lower()
    others = {matplotlib.colors.to_hex(p.get_facecolor()) for p in segments[1:]}
    assert others == {palette.OTHER.lower()}


@pytest.mark.parametrize(
    ("name", "note"),
    [
        ("framework-2025-as-first-reported", "20 %: on the line, so over it"),
        ("status-quo", "100 %: over by 80 points"),
        ("framework-2025", "19.9 %: margin 0.1 points"),
    ],
)
def test_ownership_margin_note(name: str, note: str) -> None:
    ax = plotting.ownership(td.preset(name))
    (margin,) = [t for t in ax.texts if t.get_gid() == "margin"]
    assert margin.get_text().startswith(note)


def test_ownership_margin_of_one_point_is_singular() -> None:
    ax = plotting.ownership(td.load(DOCS_DEALS / "unknown-holder.toml"))
    (margin,) = [t for t in ax.texts if t.get_gid() == "margin"]
    assert margin.get_text() == (
        "16 % to 21 %: margin 4 points at best, over by 1 point at worst"
    )


def test_ownership_leaves_out_a_holder_of_nothing() -> None:
    deal = td.preset(JV)
    deal = attrs.evolve(deal, stakes=[*deal.stakes, td.Stake(holder="tpg", of=deal.target, equity="0%")])
    ax = plotting.ownership(deal)
    assert "holder:tpg" not in by_gid(ax.patches, "holder:")
    assert not [t for t in texts(ax) if "TPG" in t]
    assert len(ax.texts) == len(plotting.ownership(td.preset(JV)).texts)  # no stray label


def some_deal(name: str) -> td.Deal:
    """A preset, a deal of docs/deals/ (``cross-holding.toml``) or ``fixture``."""
    if name == "fixture":
        return fixture_deal()
    if name.endswith(".toml"):
        return td.load(DOCS_DEALS / name)
    return td.preset(name)


@pytest.mark.parametrize("name", ["unknown-holder.toml", "cross-holding.toml", "fixture", JV])
def test_ownership_legend_and_labels_fit_and_keep_off_the_20_percent_line(name: str) -> None:
    ax = plotting.ownership(some_deal(name))
    assert outside_figure(ax) == []  # the legend's "…§2(g)(1)(B))" keeps its bracket
    assert overlaps(ax) == []
    renderer = drawn(ax)
    (line,) = [line for line in ax.get_lines() if line.get_gid() == "threshold"]
    x = ax.transData.transform((0.2, 0))[0]
    top = ax.transData.transform((0, max(line.get_ydata())))[1]
    for text in ax.texts:
        box = text.get_window_extent(renderer)
        masked = text.get_bbox_patch() is not None  # the line passes behind the label
        crossed = box.x0 < x < box.x1 and box.y0 < top
        assert masked or not crossed, f"the 20 % line runs through {text.get_text()!r}"


def test_ownership_in_a_panel_of_a_grid_has_smaller_fonts_and_no_overlaps() -> None:
    alone = plotting.ownership(td.preset(JV))
    _, grid = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
    ax = plotting.ownership(td.preset(JV), ax=grid[0, 0])
    assert max(t.get_fontsize() for t in ax.texts) < max(t.get_fontsize() for t in alone.texts)
    assert title_of(ax).get_fontsize() < title_of(alone).get_fontsize()
    assert overlaps(ax) == []
    assert outside_figure(ax) == []


def test_ownership_shows_unnamed_holders_and_the_worst_case() -> None:
    ax = plotting.ownership(fixture_deal())
    assert by_gid(ax.patches, "unnamed")["unnamed"].get_width() == pytest.approx(0.39)
    worst = by_gid(ax.patches, "traced:unknown")["traced:unknown"]
    assert worst.get_x() == pytest.approx(0.20)
    assert worst.get_width() == pytest.approx(0.09)
    (margin,) = [t for t in ax.texts if t.get_gid() == "margin"]
    assert margin.get_text() == (
        "20 %: on the line, so over it ('at least 20 percent') (at worst 29 %)"
    )


def test_ownership_takes_a_report_and_its_interpretation() -> None:
    report = td.check(fixture_deal(), interpretation={"lookthrough": "direct"})
    ax = plotting.ownership(report)
    assert by_gid(ax.patches, "traced:")["traced:bytedance"].get_width() == pytest.approx(0.12)
    (margin,) = [t for t in ax.texts if t.get_gid() == "margin"]
    assert margin.get_text().startswith("12 % to 21 %: margin 8 points at best")
    # An interpretation given explicitly wins over the report's.
    ax = plotting.ownership(report, interpretation={"lookthrough": "multiply"})
    assert by_gid(ax.patches, "traced:")["traced:bytedance"].get_width() == pytest.approx(0.2)


def test_plots_draw_on_the_axes_given_and_return_it() -> None:
    figure, given = plt.subplots()
    before = plt.get_fignums()
    assert plotting.ownership(td.preset(JV), ax=given) is given
    assert plotting.timeline(ax=given) is given
    assert plt.get_fignums() == before
    assert given.figure is figure


def test_four_plots_in_a_2x2_figure_scale_their_fonts_and_overlap_nothing() -> None:
    pytest.importorskip("networkx")
    deal = td.preset(JV)
    frame = one_lever().rename(columns={"bytedance_equity": "stake:bytedance"})
    draw = [
        lambda ax: plotting.ownership(deal, ax=ax),
        lambda ax: plotting.graph(deal, ax=ax),
        lambda ax: plotting.timeline(clock.status(date(2026, 1, 22)), ax=ax),
        lambda ax: plotting.sweep(frame, x="stake:bytedance", deal=deal, ax=ax),
    ]
    alone = [d(None) for d in draw]
    _, grid = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
    panels = [d(ax) for d, ax in zip(draw, grid.flat, strict=True)]
    drawn(panels[0])
    for one, panel in zip(alone, panels, strict=True):
        assert title_of(panel).get_fontsize() < title_of(one).get_fontsize()
        assert max(t.get_fontsize() for t in panel.texts) <= max(t.get_fontsize() for t in one.texts)
        assert outside_figure(panel) == []
    for panel in panels:
        assert overlaps(panel) == []


def test_ownership_rejects_what_is_not_a_deal() -> None:
    with pytest.raises(TypeError, match="expected a Deal or a Report"):
        plotting.ownership("joint-venture-2026")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- graph
needs_networkx = pytest.mark.skipif(
    importlib.util.find_spec("networkx") is None, reason="networkx is not installed"
)


def flat(text: str) -> str:
    """A label's text on one line, as a reader takes it (wrapped lines joined, no-break spaces
    read as spaces)."""
    return " ".join(text.splitlines()).replace("\N{NO-BREAK SPACE}", " ")


def edge_patches(ax: Axes) -> dict[str, Any]:
    return {p.get_gid(): p for p in ax.patches if ":" in (p.get_gid() or "")}


def covering(ax: Axes) -> list[tuple[str, str]]:
    """(label, what) pairs where a label of the graph, once drawn, covers a party's marker, the
    target's bar (all but the target's own label, written in it) or an edge it does not
    label."""
    from matplotlib.path import Path as MPath

    renderer = drawn(ax)
    found = []
    labels = [t for t in ax.texts if (t.get_gid() or "").startswith(("node:", "edge:"))]
    markers = []
    for collection in by_gid(ax.collections, "nodes:").values():
        radii = [(s**0.5) / 2 * ax.figure.dpi / 72 for s in collection.get_sizes()]
        for k, offset in enumerate(collection.get_offsets()):
            markers.append((ax.transData.transform(offset), radii[k % len(radii)]))
    bar = by_gid(ax.patches, "target")["target"]
    bar_box = bar.get_window_extent(renderer)
    def middle(text: Text) -> tuple[float, float]:
        box = Text.get_window_extent(text, renderer)
        return (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2

    target = next(t for t in labels
                  if t.get_gid().startswith("node:") and bar_box.contains(*middle(t)))  # fmt: skip
    for text in labels:
        box = Text.get_window_extent(text, renderer)
        words = text.get_text()[:24]
        for (x, y), radius in markers:
            nearest = (min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1))
            if ((nearest[0] - x) ** 2 + (nearest[1] - y) ** 2) ** 0.5 < radius:
                found.append((words, "a marker"))
        if text is not target and box.overlaps(bar_box):
            found.append((words, "the bar"))
        own = text.get_gid().removeprefix("edge:") if text.get_gid().startswith("edge:") else None
        for gid, patch in edge_patches(ax).items():
            if gid.split(":", 1)[1] == own:
                continue
            polygons = patch.get_path().to_polygons(ax.transData, closed_only=False)
            if any(MPath(p).intersects_bbox(box, filled=False) for p in polygons):
                found.append((words, gid))
    return found


POOLED = {"dell-family-office", "njj-capital", "alpha-wave", "revolution", "via-nova",
          "merritt-way", "virgo-li"}  # fmt: skip


@needs_networkx
def test_graph_has_a_node_per_party_drawn_and_labels_each_pair_of_parties_once() -> None:
    deal = td.preset(JV)
    ax = plotting.graph(deal)
    # The pools' members linked to nothing but their stake in the pool are listed under the
    # pool's name; Vastmere, which appoints a director, stays a node of its own.
    shown = set(deal.parties) - POOLED
    nodes = by_gid(ax.collections, "nodes:")
    assert all(isinstance(c, PathCollection) for c in nodes.values())
    assert sum(len(c.get_offsets()) for c in nodes.values()) + 1 == len(shown)  # + the bar
    assert len(nodes["nodes:adversary"].get_offsets()) == 1  # ByteDance, the one (A)-person
    assert "target" in by_gid(ax.patches, "target")  # the target is the bar
    labels = {gid: t.get_text() for gid, t in by_gid(ax.texts, "node:").items()}
    assert set(labels) == {f"node:{p}" for p in shown}
    assert flat(labels["node:new-investors"]).endswith(
        "members (0–100 % each): Dell Family Office · NJJ Capital · Alpha Wave Partners · "
        "Revolution"
    )
    assert flat(labels["node:existing-investors"]).endswith(
        "other members (0–100 % each): Via Nova · Merritt Way · Virgo LI"
    )  # "other": Vastmere is drawn; legal forms (", LLC") dropped in the list
    assert "FA stake 0 %" not in "".join(labels.values())  # nothing traced: nothing said
    assert labels["node:bytedance"].endswith("(A)-person")
    assert labels["node:tiktok-usds-jv"] == "TikTok USDS Joint Venture LLC\nFA stake 19.9 % · board of 7"
    assert flat(labels["node:tiktok-ltd"]).endswith("FA stake 100 %")
    assert flat(labels["node:oracle"]) == "Oracle Corporation"
    # One label for all the edges from one party to another: the stake and seats, then ties.
    edges = {gid: t.get_text() for gid, t in by_gid(ax.texts, "edge:").items()}
    pairs = {(e.source, e.entity) for e in plotting_edges(deal) if e.source not in POOLED}
    assert set(edges) == {f"edge:{s}->{e}" for s, e in pairs}
    assert edges["edge:bytedance->tiktok-usds-jv"].split("\n")[0] == "19.9 %, 1 seat"
    assert edges["edge:bytedance->tiktok-ltd"] == "100 %"
    assert edges["edge:vastmere->existing-investors"] == "0–100 %"
    # TikTok U.S. runs e-commerce, advertising, marketing and interoperability for the app:
    # §2(g)(3)(A) (operated by an entity ByteDance owns) fails as well as §2(g)(6)(B).
    title = ax.get_title(loc="left").replace("\n", " ")
    assert title.endswith("violation: PAFACA §2(g)(3)(A), PAFACA §2(g)(6)(B)")


def plotting_edges(deal: td.Deal) -> list[Any]:
    from tiktok_deal.plotting._edges import edges

    return edges(deal)


@needs_networkx
def test_graph_draws_both_edges_of_a_cross_holding() -> None:
    # A holds 30 % of B and B 10 % of A: two arrows, each with its own label, bent apart.
    ax = plotting.graph(td.load(DOCS_DEALS / "cross-holding.toml"))
    arrows = edge_patches(ax)
    assert {"stake:a->b", "stake:b->a"} <= set(arrows)
    labels = by_gid(ax.texts, "edge:")
    assert labels["edge:a->b"].get_text() == "30 %"
    assert labels["edge:b->a"].get_text() == "10 %"
    renderer = drawn(ax)
    there, back = (Text.get_window_extent(labels[g], renderer) for g in ("edge:a->b", "edge:b->a"))
    assert not there.overlaps(back)
    paths = [arrows[g].get_path().vertices for g in ("stake:a->b", "stake:b->a")]
    assert abs(paths[0][:, 1].mean() - paths[1][:, 1].mean()) > 0.01  # two curves, not one line


@needs_networkx
def test_graph_draws_seats_and_arrangements_so_the_joint_ventures_violations_show() -> None:
    ax = plotting.graph(td.preset(JV))
    arrows = edge_patches(ax)
    appoints = {g for g in arrows if g.startswith("appoints:")}
    # Mark Dooley (Susquehanna) is recorded as appointed by Vastmere, Susquehanna's affiliate
    # in the existing investors' pool, not by the pool, which is a grouping and appoints no one.
    assert appoints == {
        f"appoints:{p}->tiktok-usds-jv"
        for p in ("bytedance", "tpg", "vastmere", "silver-lake", "oracle", "mgx")
    }  # the independent seat and the officers the joint venture appoints itself draw no edge
    labels = {g: t.get_text() for g, t in by_gid(ax.texts, "edge:").items()}
    assert labels["edge:tpg->tiktok-usds-jv"] == "1 seat"
    assert set(labels["edge:oracle->tiktok-usds-jv"].split("\n", 1)[0:1]) == {"15 %, 1 seat"}
    assert flat(labels["edge:oracle->tiktok-usds-jv"].split("\n", 1)[1]) == (
        "hosting, security partner; operates hosting"
    )
    assert flat(labels["edge:bytedance->tiktok-usds-jv"]) == "19.9 %, 1 seat algorithm licence"
    assert flat(labels["edge:tiktok-us-commerce->tiktok-usds-jv"]) == (
        "commercial services, interoperability; operates e-commerce, advertising, marketing, "
        "interoperability"
    )  # the deal file's keys in words: "e-commerce", "licence"
    vermillion = matplotlib.colors.to_rgba(palette.ADVERSARY)
    for gid in ("tie:bytedance->tiktok-usds-jv", "tie:tiktok-us-commerce->tiktok-usds-jv"):
        assert arrows[gid].get_edgecolor() == pytest.approx(vermillion)  # controlled counterparty
    assert arrows["tie:oracle->tiktok-usds-jv"].get_edgecolor() != pytest.approx(vermillion)
    styles = {g.split(":")[0]: arrows[g].get_linestyle() for g in arrows}
    assert len(set(styles.values())) == 3  # stake, appointment, tie: three line styles
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert {"stake", "appoints seats or officers", "arrangement or operation"} <= set(legend)
    assert "control right" not in legend  # no control right in this deal
    node_labels = {gid: t.get_text() for gid, t in by_gid(ax.texts, "node:").items()}
    assert "no stake" not in node_labels["node:tpg"]  # TPG appoints a seat: it no longer floats
    # TikTok U.S. is a node of its own in the holders' row, its ties straight down to the bar.
    bar = by_gid(ax.patches, "target")["target"]
    us = ax.transData.transform(nodes_at(ax)["tiktok-us-commerce"])
    assert us[1] > bar.get_window_extent(drawn(ax)).y1
    assert covering(ax) == []


def nodes_at(ax: Axes) -> dict[str, tuple[float, float]]:
    """Each drawn party's marker, in data units, found from its label's anchor."""
    return {gid.removeprefix("node:"): t.xy for gid, t in by_gid(ax.texts, "node:").items()
            if hasattr(t, "xy")}  # fmt: skip


@needs_networkx
def test_graph_runs_the_edges_to_the_target_straight_down_to_its_bar() -> None:
    ax = plotting.graph(td.preset("framework-2025"))
    bar = by_gid(ax.patches, "target")["target"]
    top = bar.get_y() + bar.get_height()
    for gid, arrow in edge_patches(ax).items():
        line = arrow.get_path().vertices[:3]  # the line; the arrowhead follows
        assert line[:, 0] == pytest.approx([line[0, 0]] * 3), gid  # straight down
        assert max(line[:, 1]) > top > min(line[:, 1]) - 0.05, gid  # to the bar's top
        assert bar.get_x() <= line[0, 0] <= bar.get_x() + bar.get_width(), gid


def officers_and_operations() -> td.Deal:
    """The fixture with a CEO and a veto for ByteDance, Oracle running hosting, and a party
    nothing links to anyone."""
    deal = fixture_deal()
    parties = [*deal.parties.values(), td.Party(id="oracle", name="Oracle", organized_in="US"),
               td.Party(id="idle", name="Idle Holdings", organized_in="US")]  # fmt: skip
    return attrs.evolve(
        deal,
        parties=parties,
        officers=[td.model.Officer(role="ceo", appointed_by="bytedance")],
        control_rights=[td.model.ControlRight(holder="bytedance", kind="veto")],
        operations=[td.model.Operation(function="hosting", operator="oracle")],
    )


@needs_networkx
def test_graph_draws_officers_control_rights_and_operations_and_explains_a_lone_party() -> None:
    ax = plotting.graph(officers_and_operations())
    texts_by_gid = {g: t.get_text() for g, t in by_gid(ax.texts, "").items() if g}
    assert texts_by_gid["edge:bytedance->newco"] == "12 %, CEO\nveto"
    assert texts_by_gid["edge:oracle->newco"] == "operates hosting"
    assert texts_by_gid["node:idle"] == "Idle Holdings\nno stake, seat, right or tie"
    styles = {g.split(":")[0]: p.get_linestyle() for g, p in edge_patches(ax).items()}
    assert len(set(styles.values())) == 4
    arrows = edge_patches(ax)
    assert arrows["right:bytedance->newco"].get_edgecolor() == pytest.approx(
        matplotlib.colors.to_rgba(palette.ADVERSARY)
    )


def pool(members: dict[str, str | None]) -> td.Deal:
    """NewCo held 40 % by a pool whose members (id: country) each hold 0–100 % of it."""
    parties = [
        td.Party(id="newco", name="NewCo U.S. LLC", organized_in="US"),
        td.Party(id="pool", name="The pool", kind="pool", organized_in="US"),
        *(td.Party(id=m, name=f"Member {m.upper()}, Inc.", organized_in=c)
          for m, c in members.items()),
    ]  # fmt: skip
    stakes = [
        td.Stake(holder="pool", of="newco", equity="40%"),
        *(td.Stake(holder=m, of="pool", equity="0%", equity_max="100%") for m in members),
    ]
    return td.Deal(name="Pool", target="newco", parties=parties, stakes=stakes)


@needs_networkx
@pytest.mark.parametrize(
    ("members", "listed"),
    [
        ({"a": "US", "b": "FR"}, {"a", "b"}),
        ({"a": "US", "b": "FR", "c": "CN"}, {"a", "b"}),  # an (A)-person stays in sight
        ({"a": "US", "b": None}, set()),  # so does a party of unknown jurisdiction: one left
        ({"a": "US"}, set()),  # one member alone is simply drawn
    ],
)
def test_graph_lists_a_pools_members_linked_to_nothing_else(
    members: dict[str, str | None], listed: set[str]
) -> None:
    ax = plotting.graph(pool(members))
    labels = {gid.removeprefix("node:"): t.get_text() for gid, t in by_gid(ax.texts, "node:").items()}
    assert set(labels) == {"newco", "pool", *(set(members) - listed)}
    if listed:
        names = " · ".join(f"Member {m.upper()}" for m in sorted(listed))
        assert flat(labels["pool"]).endswith(f"(0–100 % each): {names}")
    else:
        assert "members" not in labels["pool"]


@needs_networkx
@pytest.mark.parametrize(
    ("name", "party"), [("unknown-holder.toml", "nominee"), ("status-quo", "employees")]
)
def test_graph_gives_a_party_of_unknown_jurisdiction_its_worst_case(name: str, party: str) -> None:
    # The bar chart hatches such a party's share as the worst case; the graph said "FA stake 0 %".
    ax = plotting.graph(some_deal(name))
    label = by_gid(ax.texts, f"node:{party}")[f"node:{party}"].get_text()
    assert label.endswith("(A)-person at worst")
    assert "FA stake 0 %" not in label


def column() -> td.Deal:
    """R holds Q, Q holds P, P holds the target, and R holds P as well: R, Q and P in one
    column, R's stake in P across Q."""
    parties = [td.Party(id=p, name=p.upper(), organized_in="US") for p in ("t", "p", "q", "r")]
    stakes = [td.Stake(holder="p", of="t", equity="50%"), td.Stake(holder="q", of="p", equity="50%"),
              td.Stake(holder="r", of="q", equity="50%"), td.Stake(holder="r", of="p", equity="10%")]  # fmt: skip
    return td.Deal(name="Column", target="t", parties=parties, stakes=stakes)


@needs_networkx
def test_graph_bends_an_edge_round_a_party_in_its_way() -> None:
    ax = plotting.graph(column())
    xs = edge_patches(ax)["stake:r->p"].get_path().vertices[:, 0]
    assert xs.max() - xs.min() > 0.1  # a curve round Q, not a vertical line (data units)
    assert covering(ax) == []


@needs_networkx
def test_graph_runs_an_edge_to_the_target_clear_of_a_party_between() -> None:
    # Status quo: ByteDance above TikTok Ltd., which holds TikTok Inc.; ByteDance's tie with
    # TikTok Inc. would run straight down through TikTok Ltd.: ByteDance moves aside.
    ax = plotting.graph(td.preset("status-quo"))
    tie = edge_patches(ax)["tie:bytedance->tiktok-inc"].get_path().vertices[:, 0]
    ltd = nodes_at(ax)["tiktok-ltd"][0]
    assert abs(tie[0] - ltd) > 0.3  # units of x: a column of its own


@needs_networkx
@pytest.mark.parametrize(
    "name",
    [JV, "framework-2025", "framework-2025-as-first-reported", "status-quo",
     "tiktok-global-2020", "project-texas", "unknown-holder.toml", "cross-holding.toml",
     "consortium.toml", "fund.toml"],
)  # fmt: skip
def test_graph_labels_overlap_nothing_alone_or_in_a_panel_of_a_grid(name: str) -> None:
    alone = plotting.graph(some_deal(name))
    assert overlaps(alone) == []
    assert covering(alone) == []  # no label on a marker, the bar or another pair's edge
    assert outside_figure(alone) == []
    _, grid = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
    panel = plotting.graph(some_deal(name), ax=grid[1, 1])  # the last panel, as a user fills it
    assert overlaps(panel) == []  # was "FA stake 0 %FA stake 0 %" in the joint venture's row
    assert covering(panel) == []
    assert outside_figure(panel) == []
    assert max(t.get_fontsize() for t in panel.texts) < max(t.get_fontsize() for t in alone.texts)


@needs_networkx
def test_graph_makes_its_own_figure_taller_when_its_labels_need_it_and_never_a_given_one() -> None:
    from tiktok_deal.plotting.network import TALLEST

    small = plotting.graph(td.load(DOCS_DEALS / "chain.toml")).figure.get_size_inches()
    assert tuple(small) == pytest.approx((8.0, 4.5))
    tall = plotting.graph(td.preset("status-quo")).figure.get_size_inches()
    assert 4.5 < tall[1] <= TALLEST
    figure, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    plotting.graph(td.preset("status-quo"), ax=ax)
    assert tuple(figure.get_size_inches()) == pytest.approx((8.0, 4.5))


@needs_networkx
def test_graph_shows_voting_stakes_ranges_and_survives_cross_holdings() -> None:
    deal = fixture_deal()
    parties = [*deal.parties.values(), td.Party(id="other", name="Other", organized_in="US")]
    stakes = [
        *deal.stakes,
        td.Stake(holder="other", of="fund", equity="30%", voting="60%"),
        td.Stake(holder="fund", of="other", equity="10%"),  # a cycle: fund ↔ other
    ]
    ax = plotting.graph(td.Deal(name="Cycle", target="newco", parties=parties, stakes=stakes))
    edges = by_gid(ax.texts, "edge:")
    assert flat(edges["edge:other->fund"].get_text()) == "30 % (votes 60 %)"
    labels = {gid: t.get_text() for gid, t in by_gid(ax.texts, "node:").items()}
    assert "FA stake" in labels["node:newco"]
    assert "–" in labels["node:newco"]


# ----------------------------------------------------------------------------------- timeline
def test_timeline_spans_match_the_non_enforcement_orders() -> None:
    ax = plotting.timeline()
    orders = by_gid(ax.patches, "order:")
    assert set(orders) == {f"order:EO {n}" for n in (14166, 14258, 14310, 14350, 14352)}
    eo = orders["order:EO 14166"]
    assert eo.get_x() == pytest.approx(mdates.date2num(date(2025, 1, 20)))
    assert eo.get_x() + eo.get_width() == pytest.approx(mdates.date2num(date(2025, 4, 5)))
    for event in clock.EVENTS:
        if event.until is not None:
            bar = orders[f"order:{' '.join(event.title.split()[:2]).rstrip(':')}"]
            assert bar.get_x() == pytest.approx(mdates.date2num(event.date))
            assert bar.get_x() + bar.get_width() == pytest.approx(mdates.date2num(event.until))
    (period,) = by_gid(ax.patches, "divest-period").values()
    assert period.get_x() == pytest.approx(mdates.date2num(date(2024, 4, 24)))
    assert period.get_x() + period.get_width() == pytest.approx(mdates.date2num(date(2025, 1, 19)))


def test_timeline_marks_enactment_deadline_framework_and_closing() -> None:
    ax = plotting.timeline(clock.status(date(2026, 3, 1)))
    lines = by_gid(ax.collections, "event:")
    for gid, day in [
        ("event:statute:2024-04-24", date(2024, 4, 24)),
        ("event:deadline:2025-01-19", date(2025, 1, 19)),
        ("event:diplomacy:2025-09-15", date(2025, 9, 15)),
        ("event:deal:2026-01-22", date(2026, 1, 22)),
    ]:
        (segment,) = lines[gid].get_segments()
        assert segment[0][0] == pytest.approx(mdates.date2num(day))
    labels = " ".join(texts(ax))
    assert "deadline: the ban takes effect, 2025-01-19" in labels
    assert "joint venture closes" in labels
    assert "framework" in labels
    assert "PAFACA enacted" in labels


def test_timeline_marks_the_status_date() -> None:
    ax = plotting.timeline(clock.status(date(2025, 10, 1)))
    (line,) = by_gid(ax.collections, "as-of").values()
    assert line.get_segments()[0][0][0] == pytest.approx(mdates.date2num(date(2025, 10, 1)))
    assert "as of 2025-10-01" in texts(ax)


def test_timeline_without_a_status_marks_today() -> None:
    ax = plotting.timeline()
    (line,) = by_gid(ax.collections, "as-of").values()
    today = date.today()
    assert line.get_segments()[0][0][0] == pytest.approx(mdates.date2num(today))
    assert f"today, {today.isoformat()}" in texts(ax)
    assert ax.get_xlim()[1] > mdates.date2num(today)


def crossings(ax: Axes) -> list[tuple[str, str]]:
    """(label, milestone) pairs where the milestone's line, from its label down to the bars,
    runs through another milestone's label."""
    renderer = drawn(ax)
    labels = {t.get_gid().removeprefix("label:"): t for t in ax.texts
              if (t.get_gid() or "").startswith("label:")}  # fmt: skip
    boxes = {gid: Text.get_window_extent(t, renderer) for gid, t in labels.items()}
    found = []
    for gid, text in labels.items():
        x = ax.transData.transform((text.xy[0], 0))[0]  # where the milestone's line runs
        for other, box in boxes.items():
            if other != gid and box.x0 + 1 < x < box.x1 - 1 and box.y0 < boxes[gid].y0:
                found.append((labels[other].get_text(), text.get_text()))
    return found


@pytest.mark.parametrize("as_of", [None, date(2025, 10, 1), date(2026, 1, 22)])
@pytest.mark.parametrize("panel", [False, True])
def test_timeline_labels_neither_collide_nor_are_crossed_and_fit(
    as_of: date | None, panel: bool
) -> None:
    # The labels round September 2025 ran into each other and into the lines of later events;
    # the last order's span ("25 Sep 2025 – 23 Jan 2026") touched the figure's edge.
    ax = None
    if panel:
        _, grid = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
        ax = grid[1, 0]
    ax = plotting.timeline(None if as_of is None else clock.status(as_of), ax=ax)
    assert overlaps(ax) == []
    assert crossings(ax) == []
    assert outside_figure(ax) == []
    renderer = drawn(ax)
    right = ax.bbox.x1
    for text in ax.texts:
        assert Text.get_window_extent(text, renderer).x1 <= right + 0.5, text.get_text()


# ----------------------------------------------------------------------------------- sweep
def one_lever() -> pd.DataFrame:
    """ByteDance's stake 15 % … 25 %: compliant below 20 %, a violation from 20 % on."""
    stakes = [Fraction(n, 100) for n in range(15, 26)]
    return pd.DataFrame(
        {
            "bytedance_equity": stakes,
            "fa_stake": [float(s) for s in stakes],
            "margin": [float(Fraction(1, 5) - s) for s in stakes],
            "pafaca.fa_ownership": [
                "compliant" if s < Fraction(1, 5) else "violation" for s in stakes
            ],
            "verdict": ["violation"] * len(stakes),
        }
    )


def test_sweep_1d_draws_the_margin_the_zero_line_and_the_boundary_at_the_crossing() -> None:
    frame = one_lever()
    ax = plotting.sweep(frame, x="bytedance_equity", status="pafaca.fa_ownership")
    (curve,) = [line for line in ax.get_lines() if line.get_gid() == "margin"]
    assert list(curve.get_xdata()) == pytest.approx([n / 100 for n in range(15, 26)])
    assert list(curve.get_ydata()) == pytest.approx(list(frame["margin"]))
    (zero,) = [line for line in ax.get_lines() if line.get_gid() == "zero"]
    assert list(zero.get_ydata()) == [0, 0]
    # The margin reaches 0 at exactly 20 %, not at the cells' edge, 19.5 %.
    (boundary,) = [line for line in ax.get_lines() if line.get_gid() == "boundary"]
    assert boundary.get_xdata()[0] == pytest.approx(0.2)
    (crossing,) = [t for t in ax.texts if t.get_gid() == "crossing"]
    assert crossing.get_text() == "at 20 %"
    bands = by_gid(ax.patches, "band:")
    assert set(bands) == {"band:compliant", "band:violation"}
    compliant = bands["band:compliant"]
    left, right = compliant.get_x(), compliant.get_x() + compliant.get_width()
    assert (left, right) == pytest.approx((0.145, 0.2))
    legend = ax.get_legend()
    assert legend is not None
    assert legend.get_title().get_text().replace("\n", " ") == (
        "Foreign-adversary persons own less than 20 %, directly or indirectly (PAFACA §2(g)(1)(B))"
    )  # the rule's title, not its id
    # At 0 the stake is on the line, which counts as over it ("at least 20 percent").
    assert "0 or less: at or over the line" in ax.get_ylabel()
    assert "below 0 is over" not in ax.get_ylabel()
    assert "pafaca.fa_ownership" not in ax.get_title(loc="left")


def test_sweep_1d_crossing_interpolated_between_grid_values() -> None:
    # Grid values 18 %, 21 %, 24 %: the margin reaches 0 between 18 % and 21 %, at 20 %.
    stakes = [Fraction(18, 100), Fraction(21, 100), Fraction(24, 100)]
    frame = pd.DataFrame({
        "stake:bytedance": [float(s) for s in stakes], "fa_stake": [float(s) for s in stakes],
        "margin": [float(Fraction(1, 5) - s) for s in stakes],
        "pafaca.fa_ownership": ["compliant", "violation", "violation"],
        "verdict": ["compliant", "violation", "violation"],
    })  # fmt: skip
    ax = plotting.sweep(frame, x="stake:bytedance")
    (boundary,) = [line for line in ax.get_lines() if line.get_gid() == "boundary"]
    assert boundary.get_xdata()[0] == pytest.approx(0.2)  # not 19.5 %, the cells' edge
    (crossing,) = [t for t in ax.texts if t.get_gid() == "crossing"]
    assert crossing.get_text() == "at 20 %"  # straight across three grid values: exact
    # Two grid values only: where a straight margin would cross, said to be approximate.
    ax = plotting.sweep(frame.iloc[:2], x="stake:bytedance")
    (crossing,) = [t for t in ax.texts if t.get_gid() == "crossing"]
    assert crossing.get_text() == "at ≈ 20 %"


def test_sweep_when_the_verdict_never_changes_shows_the_rule_that_does_and_says_so() -> None:
    # The joint venture fails §2(g)(6)(B) everywhere: the verdict is one colour.
    ax = plotting.sweep(one_lever(), x="bytedance_equity")
    assert set(by_gid(ax.patches, "band:")) == {"band:compliant", "band:violation"}
    title = ax.get_title(loc="left")
    assert "The verdict is violation everywhere" in title
    assert "PAFACA §2(g)(1)(B), the rule that changes" in title.replace("\n", " ")
    # Asked for explicitly, the verdict it is.
    ax = plotting.sweep(one_lever(), x="bytedance_equity", status="verdict")
    assert set(by_gid(ax.patches, "band:")) == {"band:violation"}
    assert not [line for line in ax.get_lines() if line.get_gid() == "boundary"]


def test_sweep_names_the_parameter_in_words() -> None:
    frame = one_lever().rename(columns={"bytedance_equity": "stake:bytedance"})
    ax = plotting.sweep(frame, x="stake:bytedance", deal=td.preset(JV))
    assert ax.get_xlabel() == "ByteDance Ltd.'s stake in TikTok USDS Joint Venture LLC"
    assert "stake:bytedance" not in ax.get_title(loc="left")
    ax = plotting.sweep(frame, x="stake:bytedance")  # without the deal: its ids
    assert ax.get_xlabel() == "bytedance's stake in the target"


def test_sweep_writes_shares_with_the_percent_sign_spaced_and_no_needless_decimals() -> None:
    frame = one_lever().rename(columns={"bytedance_equity": "stake:bytedance"})
    ax = plotting.sweep(frame, x="stake:bytedance")
    drawn(ax)
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert "20 %" in ticks  # was "20.0%"
    assert all(t.endswith(" %") and ".0 " not in t for t in ticks)


def test_sweep_names_an_operation_lever_and_its_operators_in_words() -> None:
    # The operator of a function of the app (PAFACA §2(g)(3)(A)): party ids on the axis were
    # "tiktok-us-commerce", the lever "operation:e commerce".
    frame = pd.DataFrame({
        "operation:e_commerce": ["tiktok-us-commerce", "tiktok-usds-jv", "absent"],
        "fa_stake": [0.199] * 3, "margin": [0.001] * 3,
        "pafaca.operated_by": ["violation", "compliant", "compliant"],
        "verdict": ["violation", "compliant", "compliant"],
    })  # fmt: skip
    ax = plotting.sweep(frame, x="operation:e_commerce", deal=td.preset(JV))
    assert ax.get_xlabel() == "the operator of e-commerce for TikTok USDS Joint Venture LLC"
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "TikTok U.S.", "TikTok USDS Joint Venture LLC", "absent"
    ]
    title = ax.get_title(loc="left").replace("\n", " ")
    assert "e_commerce" not in title
    assert "e commerce" not in title


def test_sweep_of_a_lever_that_cannot_move_the_margin_maps_every_rule() -> None:
    # Seats move the direction rule, never the foreign-adversary stake.
    counts = [0, 4, 8]
    frame = pd.DataFrame({
        "seats:bytedance": counts, "fa_stake": [0.199] * 3, "margin": [0.001] * 3,
        "pafaca.fa_ownership": ["compliant"] * 3,
        "pafaca.fa_direction": ["compliant", "compliant", "violation"],
        "verdict": ["compliant", "compliant", "violation"],
    })  # fmt: skip
    ax = plotting.sweep(frame, x="seats:bytedance", deal=td.preset(JV))
    assert not [line for line in ax.get_lines() if line.get_gid() == "margin"]
    title = ax.get_title(loc="left").replace("\n", " ")
    assert "stays at 19.9 % (margin 0.1 points) at every value" in title
    rows = [t.get_text().replace("\n", " ") for t in ax.get_yticklabels()]
    assert rows[0] == "verdict"
    assert rows[1].startswith("Foreign-adversary persons own")
    assert rows[2].startswith("No foreign-adversary-")
    cells = by_gid(ax.patches, "cell:")
    assert set(cells) == {"cell:compliant", "cell:violation"}
    (boundary,) = by_gid(ax.collections, "boundary").values()
    assert ((6.0, -0.5), (6.0, 0.5)) in {tuple(map(tuple, s)) for s in boundary.get_segments()}
    ax = plotting.sweep(frame.drop(columns="fa_stake"), x="seats:bytedance")
    assert "margin to the line is the same at every value" in ax.get_title(loc="left").replace("\n", " ")


def two_levers() -> pd.DataFrame:
    """A violation when x plus the reading's offset reaches 0.25."""
    offsets = {"direct": 0.0, "multiply": 0.05, "control": 0.1}
    rows = [
        {"x": x, "lookthrough": reading, "margin": 0.25 - x - offset,
         "verdict": "violation" if x + offset >= 0.25 else "compliant"}
        for reading, offset in offsets.items()
        for x in (0.1, 0.2, 0.3)
    ]  # fmt: skip
    return pd.DataFrame(rows)


def test_sweep_2d_draws_the_boundary_where_the_margin_reaches_0_in_each_row() -> None:
    ax = plotting.sweep(two_levers(), x="x", y="lookthrough")
    cells = [
        (p.get_gid(), round(p.get_x(), 9), round(p.get_x() + p.get_width(), 9), p.get_y())
        for p in ax.patches if (p.get_gid() or "").startswith("cell:")
    ]  # fmt: skip
    assert sorted(cells) == sorted([
        ("cell:compliant", 0.05, 0.25, -0.5), ("cell:violation", 0.25, 0.35, -0.5),  # direct
        ("cell:compliant", 0.05, 0.2, 0.5), ("cell:violation", 0.2, 0.35, 0.5),  # multiply
        ("cell:compliant", 0.05, 0.15, 1.5), ("cell:violation", 0.15, 0.35, 1.5),  # control
    ])  # fmt: skip
    (boundary,) = by_gid(ax.collections, "boundary").values()
    assert isinstance(boundary, LineCollection)
    segments = {tuple(tuple(round(v, 9) for v in point) for point in s)
                for s in boundary.get_segments()}  # fmt: skip
    assert segments == {
        ((0.25, -0.5), (0.25, 0.5)),  # direct: the margin reaches 0 at 0.25
        ((0.2, 0.5), (0.2, 1.5)),  # multiply: at 0.2
        ((0.15, 1.5), (0.15, 2.5)),  # control: at 0.15
        ((0.2, 0.5), (0.25, 0.5)),  # between direct and multiply
        ((0.15, 1.5), (0.2, 1.5)),  # between multiply and control
    }
    assert [t.get_text() for t in ax.get_yticklabels()] == ["direct", "multiply", "control"]


def test_sweep_2d_with_the_numeric_parameter_up_cuts_along_it() -> None:
    ax = plotting.sweep(two_levers(), x="lookthrough", y="x")
    cells = {
        (p.get_gid(), round(p.get_y(), 9), round(p.get_y() + p.get_height(), 9), p.get_x())
        for p in ax.patches if (p.get_gid() or "").startswith("cell:")
    }  # fmt: skip
    assert ("cell:compliant", 0.05, 0.25, -0.5) in cells
    assert ("cell:violation", 0.15, 0.35, 1.5) in cells


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda f: plotting.sweep(f, x="nope"), "no column 'nope'"),
        (lambda f: plotting.sweep(f, x="x"), "more than one row"),
        (lambda f: plotting.sweep(f.iloc[0:0], x="x", y="lookthrough"), "no rows"),
        (lambda f: plotting.montecarlo(f, by="nope"), "no column 'nope'"),
        (lambda f: plotting.sweep(f, x="x", y="lookthrough", status="nope"), "no column"),
    ],
)
def test_sweep_and_montecarlo_bad_frames(call: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(two_levers())


# ----------------------------------------------------------------------------------- montecarlo
def test_montecarlo_bars_stack_the_share_of_each_status() -> None:
    frame = pd.DataFrame(
        {
            "lookthrough": ["multiply"] * 4 + ["control"] * 2,
            "verdict": pd.Categorical(
                ["compliant", "compliant", "compliant", "violation", "compliant", "indeterminate"],
                categories=["compliant", "violation", "indeterminate"],
            ),
        }
    )
    ax = plotting.montecarlo(frame, by="lookthrough")
    bars = by_gid(ax.patches, "bar:")
    assert bars["bar:all scenarios:compliant"].get_height() == pytest.approx(4 / 6)
    assert bars["bar:multiply:compliant"].get_height() == pytest.approx(3 / 4)
    assert bars["bar:multiply:violation"].get_y() == pytest.approx(3 / 4)  # stacked above
    assert bars["bar:control:compliant"].get_height() == pytest.approx(1 / 2)
    assert bars["bar:control:indeterminate"].get_height() == pytest.approx(1 / 2)
    assert any("3 of 4" in t for t in texts(ax))
    assert any("4 of 6" in t for t in texts(ax))
    # A share of the scenarios drawn, not a probability of compliance.
    assert ax.get_ylabel() == "share of the sampled scenarios"
    assert "probability" not in ax.get_ylabel() + ax.get_title(loc="left")


def test_montecarlo_with_every_scenario_in_one_class_draws_a_full_bar() -> None:
    frame = pd.DataFrame({"verdict": ["violation"] * 50})
    ax = plotting.montecarlo(frame)
    bars = by_gid(ax.patches, "bar:")
    assert set(bars) == {"bar:all scenarios:violation"}
    assert bars["bar:all scenarios:violation"].get_height() == pytest.approx(1.0)  # was 0: unseen
    assert any("0 of 50" in t for t in texts(ax))
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["violation"]


def test_montecarlo_shows_the_rule_that_changes_when_the_verdict_does_not() -> None:
    frame = one_lever()
    ax = plotting.montecarlo(frame)
    assert "The verdict is violation everywhere" in ax.get_title(loc="left")
    assert set(by_gid(ax.patches, "bar:")) == {
        "bar:all scenarios:compliant", "bar:all scenarios:violation"
    }


@pytest.mark.parametrize("kind", ["sweep", "montecarlo"])
def test_sweep_and_montecarlo_in_a_panel_of_a_grid(kind: str) -> None:
    frame = one_lever().rename(columns={"bytedance_equity": "stake:bytedance"})
    draw = (lambda ax=None: plotting.sweep(frame, x="stake:bytedance", deal=td.preset(JV), ax=ax)
            ) if kind == "sweep" else (lambda ax=None: plotting.montecarlo(frame, ax=ax))  # fmt: skip
    alone = draw()
    _, grid = plt.subplots(2, 2, figsize=(12, 8), layout="constrained")
    panel = draw(grid[1, 1])
    assert title_of(panel).get_fontsize() < title_of(alone).get_fontsize()
    assert overlaps(panel) == []
    assert overlaps(alone) == []
    assert outside_figure(panel) == []
    assert outside_figure(alone) == []


# ----------------------------------------------------------------------------------- command
@pytest.mark.parametrize("kind", ["ownership", "graph", "timeline"])
def test_cli_writes_a_png_for_each_kind(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if kind == "graph" and importlib.util.find_spec("networkx") is None:
        pytest.skip("networkx is not installed")
    out = tmp_path / f"{kind}.png"
    assert main(["plot", kind, "--preset", JV, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
    assert out.stat().st_size > 10_000
    assert capsys.readouterr().out.strip() == f"{kind} plot written to {out}"


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")]
)
def test_cli_writes_each_format_matplotlib_writes(
    suffix: str, magic: bytes, tmp_path: Path
) -> None:
    out = tmp_path / f"ownership{suffix.upper()}"  # the suffix in any case
    assert main(["plot", "ownership", "--preset", JV, "--out", str(out)]) == 0
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("sweep", ["--vary", "stake:bytedance=15%:25%:11", "--status", "pafaca.fa_ownership"]),
        ("sweep", ["--vary", "stake:bytedance=15%:25%:3", "--vary", "interpret:lookthrough=all"]),
        (
            "montecarlo",
            [
                "--vary",
                "stake:bytedance=uniform(15%,25%)",
                "--vary",
                "interpret:lookthrough=all",
                "--by",
                "lookthrough",
                "--samples",
                "50",
            ],
        ),
    ],
)
def test_cli_plots_sweeps(kind: str, extra: list[str], tmp_path: Path) -> None:
    pytest.importorskip("tiktok_deal.scenarios")
    out = tmp_path / f"{kind}.svg"
    assert main(["plot", kind, "--preset", JV, *extra, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


@pytest.mark.parametrize("kind", ["sweep", "montecarlo"])
def test_cli_sweep_plots_name_the_deals_parties_and_choose_the_status(
    kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("tiktok_deal.scenarios")
    seen: dict[str, Any] = {}
    original = getattr(plotting, kind)

    def spy(frame: pd.DataFrame, **options: Any) -> Axes:
        seen.update(options)
        return original(frame, **options)

    monkeypatch.setattr(plotting, kind, spy)
    lever = "stake:bytedance=15%:25%:5" if kind == "sweep" else "stake:bytedance=uniform(15%,25%)"
    extra = [] if kind == "sweep" else ["--samples", "20"]
    out = tmp_path / "x.png"
    assert main(["plot", kind, "--preset", JV, "--vary", lever, *extra, "--out", str(out)]) == 0
    assert seen["deal"] == td.preset(JV)  # to name ByteDance Ltd. on the axis, not "bytedance"
    assert seen["status"] is None  # the verdict, or the rule that changes when it does not
    ax = seen.get("ax")
    assert ax is not None
    assert "The verdict is violation everywhere" in ax.get_title(loc="left")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ownership", "--out", "x.gif"], "must end in .png, .svg or .pdf"),
        (["ownership", "--out", "no/such/folder/x.png"], "does not exist"),
        (["ownership", "--vary", "stake:bytedance=1%", "--out", "x.png"], "--vary goes with"),
        (["sweep", "--out", "x.png"], "needs at least one --vary"),
        (["timeline", "--by", "x", "--out", "x.png"], "--by goes with"),
        (["ownership", "--as-of", "2025-01-01", "--out", "x.png"], "--as-of goes with"),
        (["ownership", "missing.toml", "--out", "x.png"], "missing.toml"),
        (["ownership", "--interpret", "lookthrough=sideways", "--out", "x.png"], "sideways"),
        (["graph", "--preset", "nope", "--out", "x.png"], "unknown preset"),
        (["timeline", "--preset", "tiktok-global-2020", "--out", "x.png"], "give --as-of"),
    ],
)
def test_cli_bad_input_is_one_message_and_exit_2(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["plot", *args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert err.count("\n") == 1


def test_cli_bad_sweep_levers_are_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("tiktok_deal.scenarios")
    out = str(tmp_path / "x.png")
    levers = ["--vary", "stake:bytedance=1%:2%:2", "--vary", "stake:oracle=1%:2%:2",
              "--vary", "interpret:hong_kong=all"]  # fmt: skip
    assert main(["plot", "sweep", *levers, "--out", out]) == 2
    assert "one or two varied columns" in capsys.readouterr().err
    assert main(["plot", "sweep", "--vary", "stake:nobody=1%", "--out", out]) == 2
    assert "nobody" in capsys.readouterr().err


@pytest.mark.parametrize(("kind", "missing"), [("ownership", "matplotlib"), ("graph", "networkx")])
def test_cli_without_the_plot_extra_says_what_to_install(
    kind: str, missing: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == missing else find_spec(name, *a),
    )
    assert main(["plot", kind, "--out", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert f"needs {missing}" in err
    assert "pip install 'tiktok-deal[plot]'" in err
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize("n", [6, 11, 100, 666, 667])
def test_wilson_interval_contains_the_share_even_when_every_scenario_complies(n: int) -> None:
    # For k = n the upper bound is 1 in exact arithmetic; in floats it came out 0.9999999999999999
    # for these n, below the share 1.0, and matplotlib refused the negative error bar.
    from tiktok_deal.plotting.montecarlo import wilson

    low, high = wilson(n, n)
    assert low <= 1.0 <= high
    low, high = wilson(0, n)
    assert low <= 0.0 <= high
