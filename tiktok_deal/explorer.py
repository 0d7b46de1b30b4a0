"""What-if in a notebook: ``explore(deal)`` opens a panel of widgets over a deal and its report.

A slider for each stake held in the target, a dropdown for each interpretation switch, a checkbox
and an ongoing/one-time toggle for each arrangement; the verdict, what changed against the deal as
given, the report and the ownership chart follow the widgets. Every change is an edit of
``tiktok_deal.edits`` on a copy of the deal (validated like any other), so the scenario on screen
is always a deal the rest of the library takes: ``panel.deal``, with ``panel.report``.

Needs ipywidgets and matplotlib (``pip install 'tiktok-deal[explore]'``); both are imported when
a panel is made, never when this module is.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from typing import Any, Literal

import attrs

from . import edits, html, palette
from .errors import DealError
from .law import SWITCHES, Interpretation, Status, rules
from .model import LICENCE_STATUSES, Arrangement, Deal, Stake, words
from .report import Reading, Report, check

__all__ = ["INSTALL", "Explorer", "explore"]

INSTALL = "pip install 'tiktok-deal[explore]'"
#: A slider moves a stake in steps of 0.1 points (1/1000 of the entity), exactly.
STEP = Fraction(1, 1000)
#: The chart's size in inches and its resolution, to sit beside the controls.
_CHART_SIZE, _CHART_DPI = (6.4, 3.6), 90
_ENDED = "ended"
_STATE_WORDS = {"ongoing": "ongoing", "one_time": "one-time", _ENDED: "ended"}
#: China's export-licence statuses as the dropdown offers them; "" stands for not stated (None).
_LICENCES = [(words(s), s) for s in LICENCE_STATUSES] + [("not stated", "")]

Key = tuple[str, str]
"""An arrangement by its kind and counterparty."""


def explore(deal: Deal, *, ruleset: str = "pafaca", interpretation: Reading = None) -> Explorer:
    """A panel of widgets to ask "what if?" of ``deal`` in a notebook; show it as a cell's value.

    Sliders move each stake held in the target in exact steps of 0.1 points, the other holders
    giving way pro rata (``tiktok_deal.edits.set_stakes``, as the scenario engine does), so the
    total never passes 100 %; a slider sets the holder's equity and votes alike. Dropdowns set
    the interpretation switches; a checkbox keeps or ends each arrangement, and a toggle makes it
    ongoing or one-time; a dropdown sets China's export-licence status. The verdict, the changes
    against the deal as given, the report (``ruleset``, as for ``check``) and the ownership chart
    follow: one check per change (a slider reports where it is released, not every step of its
    travel). "Reset" goes back to the deal and ``interpretation`` as given.

    ``panel.deal`` and ``panel.report`` are the scenario on screen, to keep; ``panel.changes``
    says in words what differs from the deal as given. The widgets can be driven from Python
    (``panel.sliders["bytedance"].value = 20``). Raises ``ModuleNotFoundError`` naming the
    extra to install when ipywidgets or matplotlib is missing.
    """
    return Explorer(deal, ruleset=ruleset, interpretation=interpretation)


def _require(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ModuleNotFoundError(
            f"tiktok_deal.explore needs {name}, which is not installed: {INSTALL}", name=name
        ) from None


def _exact(percent: float) -> Fraction:
    """A slider's value (percent) as an exact stake on the 0.1-point grid."""
    return Fraction(round(percent * 10)) * STEP


def _percent(share: Fraction) -> float:
    """A stake as a slider value: percent, on the 0.1-point grid."""
    return round(float(share * 100), 1)


def _state(arrangement: Arrangement | None) -> str:
    if arrangement is None:
        return _ENDED
    return "ongoing" if arrangement.ongoing else "one_time"


class Explorer:
    """The what-if panel over one deal (made by ``explore``). In a notebook it shows as its
    ``widget``; its parts are attributes, to drive from Python:

    * ``sliders`` — holder id → slider (percent, 0.1-point steps) of its stake in the target;
      ``figures`` — holder id → the stake as it stands, exactly;
    * ``dropdowns`` — switch → dropdown of its values;
    * ``checkboxes`` and ``toggles`` — ``(kind, counterparty)`` → the arrangement kept or ended,
      ongoing or one-time;
    * ``licence`` — China's export-licence status (``""``: not stated);
    * ``reset_button``; ``banner`` (the verdict and the changes), ``findings`` (the report as
      HTML) and ``chart`` (the ownership chart, PNG).
    """

    def __init__(
        self, deal: Deal, *, ruleset: str = "pafaca", interpretation: Reading = None
    ) -> None:
        widgets = _require("ipywidgets")
        _require("matplotlib")
        reading = Interpretation.coerce(interpretation)
        self.given, self.given_interpretation, self.ruleset = deal, reading, ruleset
        self.given_report = check(deal, ruleset=ruleset, interpretation=reading)  # checks input
        self._deal, self._interpretation, self._report = deal, reading, self.given_report
        self._quiet = 0
        self._moved: list[str] = []  # holders whose sliders were moved, first move first
        self._drawn: object = None  # what the chart on show was drawn from
        self._order = {(a.kind, a.counterparty): i for i, a in enumerate(deal.arrangements)}
        self._build(widgets)
        self._refresh()

    # -- the scenario --------------------------------------------------------------------------
    @property
    def deal(self) -> Deal:
        """The deal on screen: the deal as given with the widgets' changes."""
        return self._deal

    @property
    def interpretation(self) -> Interpretation:
        """The reading of the statute on screen."""
        return self._interpretation

    @property
    def report(self) -> Report:
        """The report on ``deal`` under ``interpretation``."""
        return self._report

    @property
    def changes(self) -> tuple[str, ...]:
        """What differs from the deal and the reading as given, in words."""
        given, deal, target = self.given, self._deal, self.given.target
        found: list[str] = []
        before = {s.holder: s for s in given.holdings_in(target)}
        now = {s.holder: s for s in deal.holdings_in(target)}
        if before != now:
            moved = [f"{deal.label(h)} {_figure(before[h])} → {_figure(now[h])}"
                     for h in self._moved if now[h] != before[h]]  # fmt: skip
            if any(now[h] != before[h] for h in now if h not in self._moved):
                moved.append("the other holders pro rata")
            found.append(f"stakes in {deal.label(target)}: " + "; ".join(moved))
        for key in self._order:
            old, new = _state(self._arrangement(given, key)), _state(self._arrangement(deal, key))
            if old != new:
                kind, counterparty = key
                found.append(f"{words(kind)} with {deal.label(counterparty)}: "
                             f"{_STATE_WORDS[old]} → {_STATE_WORDS[new]}")  # fmt: skip
        if deal.export_licence != given.export_licence:
            found.append(f"China's export licence: {_licence_words(given.export_licence)} → "
                         f"{_licence_words(deal.export_licence)}")  # fmt: skip
        was, is_ = self.given_interpretation.to_dict(), self._interpretation.to_dict()
        found += [
            f"{name}: {was[name]} → {is_[name]}" for name in SWITCHES if was[name] != is_[name]
        ]
        return tuple(found)

    def reset(self) -> None:
        """Back to the deal and the reading as given."""
        self._deal, self._interpretation, self._moved = self.given, self.given_interpretation, []
        with self._holding():
            for name, dropdown in self.dropdowns.items():
                dropdown.value = getattr(self.given_interpretation, name)
            for key, checkbox in self.checkboxes.items():
                arrangement = self._arrangement(self.given, key)
                checkbox.value = True
                self.toggles[key].value = _state(arrangement)
                self.toggles[key].disabled = False
            self.licence.value = self.given.export_licence or ""
        self._refresh()

    # -- notebook display ----------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self) -> str:
        return (
            f"<Explorer {self._deal.name!r}: {self._report.verdict}, {len(self.changes)} changes>"
        )

    # -- the widgets ---------------------------------------------------------------------------
    def _build(self, w: Any) -> None:
        deal, target = self.given, self.given.target
        wide = {"description_width": "13em"}
        self.sliders: dict[str, Any] = {}
        self.figures: dict[str, Any] = {}
        stake_rows = []
        for stake in deal.holdings_in(target):
            name = deal.label(stake.holder)
            slider = w.FloatSlider(
                value=_percent(stake.equity), min=0.0, max=100.0, step=0.1,
                description=html.short_name(name), tooltip=name, readout=False,
                continuous_update=False, style=wide, layout=w.Layout(width="24em"),
            )  # fmt: skip
            slider.observe(self._on_slider(stake.holder), names="value")
            self.sliders[stake.holder] = slider
            self.figures[stake.holder] = w.HTML(layout=w.Layout(width="9em"))
            stake_rows.append(w.HBox([slider, self.figures[stake.holder]]))
        self.dropdowns: dict[str, Any] = {}
        for name, values in SWITCHES.items():
            dropdown = w.Dropdown(options=values, value=getattr(self.given_interpretation, name),
                                  description=name, style=wide)  # fmt: skip
            dropdown.observe(self._on_switch(name), names="value")
            self.dropdowns[name] = dropdown
        self.checkboxes: dict[Key, Any] = {}
        self.toggles: dict[Key, Any] = {}
        arrangement_rows = []
        for key in self._order:
            kind, counterparty = key
            checkbox = w.Checkbox(
                value=True, indent=False, layout=w.Layout(width="20em"),
                description=f"{words(kind)} with {html.short_name(deal.label(counterparty))}",
            )  # fmt: skip
            toggle = w.ToggleButtons(
                options=[("ongoing", "ongoing"), ("one-time", "one_time")],
                value=_state(self._arrangement(deal, key)), style={"button_width": "5.5em"},
            )  # fmt: skip
            checkbox.observe(self._on_arrangement(key), names="value")
            toggle.observe(self._on_arrangement(key), names="value")
            self.checkboxes[key], self.toggles[key] = checkbox, toggle
            arrangement_rows.append(w.HBox([checkbox, toggle]))
        self.licence = w.Dropdown(options=_LICENCES, value=deal.export_licence or "",
                                  description="status", style=wide)  # fmt: skip
        self.licence.observe(self._on_licence, names="value")
        self.reset_button = w.Button(description="Reset", icon="undo",
                                     tooltip="back to the deal as given")  # fmt: skip
        self.reset_button.on_click(lambda _: self.reset())
        self.banner = w.HTML()
        self.findings = w.HTML()
        self.chart = w.Image(
            format="png",
            layout=w.Layout(
                max_width="100%", height="auto", align_self="flex-start", object_fit="contain"
            ),
        )

        def section(title: str, rows: list[Any], empty: str, note: str = "") -> list[Any]:
            muted = f'<span style="{html.MUTED}">{html.escape(empty)}</span>'
            aside = f' <span style="{html.MUTED}">{html.escape(note)}</span>' if note else ""
            heading = html.box(f"<b>{html.escape(title)}</b>{aside}")
            return [w.HTML(heading), *(rows or [w.HTML(html.box(muted))])]

        unread = not any("export_licence" in rule.reads for rule in rules(self.ruleset))
        licence_note = f"(no rule of the {self.ruleset} rule set reads it)" if unread else ""

        controls = w.VBox(
            [
                *section(f"Stakes in {deal.label(target)}", stake_rows,
                         "No stake is recorded in the target."),
                *section("Reading of the statute", list(self.dropdowns.values()), ""),
                *section("Arrangements (kept or ended; ongoing or one-time)", arrangement_rows,
                         "The deal records no arrangement."),
                *section("China's export licence", [self.licence], "", licence_note),
            ],
            layout=w.Layout(margin="0 16px 0 0"),
        )  # fmt: skip
        self.widget = w.VBox(
            [
                w.HBox([self.banner, self.reset_button],
                       layout=w.Layout(justify_content="space-between", align_items="flex-start")),
                w.HBox([controls, self.chart], layout=w.Layout(flex_flow="row wrap")),
                self.findings,
            ]
        )  # fmt: skip

    @contextmanager
    def _holding(self) -> Iterator[None]:
        """Widgets set in here by the panel itself do not count as changes."""
        self._quiet += 1
        try:
            yield
        finally:
            self._quiet -= 1

    def _sync_sliders(self) -> None:
        now = {s.holder: s for s in self._deal.holdings_in(self.given.target)}
        with self._holding():
            for holder, slider in self.sliders.items():
                slider.value = _percent(now[holder].equity)
                self.figures[holder].value = _figure_html(now[holder])

    # -- changes -------------------------------------------------------------------------------
    def _on_slider(self, holder: str) -> Any:
        def changed(change: dict[str, Any]) -> None:
            if self._quiet:
                return
            value = _exact(change["new"])
            stake = next(s for s in self._deal.holdings_in(self.given.target) if s.holder == holder)
            if (stake.equity, stake.votes) == (value, value) and not stake.is_range:
                self._sync_sliders()  # a value between two steps goes back to the grid
                return
            target = self.given.target
            previous = self._moved
            self._moved = previous if holder in previous else [*previous, holder]
            if not self._apply(lambda d: edits.set_stakes(d, target, {holder: (value, value)})):
                self._moved = previous

        return changed

    def _on_switch(self, name: str) -> Any:
        def changed(change: dict[str, Any]) -> None:
            if self._quiet:
                return
            self._interpretation = attrs.evolve(self._interpretation, **{name: change["new"]})
            self._refresh()

        return changed

    def _on_arrangement(self, key: Key) -> Any:
        kind, counterparty = key

        def changed(_: dict[str, Any]) -> None:
            if self._quiet:
                return
            kept = self.checkboxes[key].value
            self.toggles[key].disabled = not kept
            state: edits.ArrangementState = self.toggles[key].value if kept else "absent"
            order, given = self._order, self._arrangement(self.given, key)

            def edit(deal: Deal) -> Deal:
                deal = edits.set_arrangement(deal, kind, counterparty, state)
                kept = [
                    attrs.evolve(a, note=given.note)
                    if given and (a.kind, a.counterparty) == key
                    else a
                    for a in sorted(deal.arrangements, key=lambda a: order[a.kind, a.counterparty])
                ]  # in the order given, an arrangement ended and kept again with its note
                return attrs.evolve(deal, arrangements=kept)

            self._apply(edit)

        return changed

    def _on_licence(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        self._apply(lambda deal: edits.set_licence(deal, change["new"] or None))

    def _apply(self, edit: Any) -> bool:
        """``edit`` the deal on screen and refresh; a change the model refuses is shown in the
        banner and the deal stays as it was."""
        try:
            deal = edit(self._deal)
        except DealError as error:
            self._refresh(problem=str(error))
            return False
        self._deal = deal
        self._refresh()
        return True

    # -- the views -----------------------------------------------------------------------------
    def _refresh(self, problem: str = "") -> None:
        """One check of the deal on screen; the sliders, the banner, the report and, when the
        stakes or the reading moved, the chart."""
        if not problem:
            self._report = check(self._deal, ruleset=self.ruleset,
                                 interpretation=self._interpretation)  # fmt: skip
        self.banner.value = self._banner(problem)
        self.findings.value = self._report._repr_html_()
        self._sync_sliders()
        drawn = (self._deal.stakes, self._interpretation)
        if drawn != self._drawn:
            self.chart.value = _chart(self._report)
            self._drawn = drawn

    def _banner(self, problem: str) -> str:
        report, given = self._report, self.given_report
        counts = {s: sum(f.status == s for f in report) for s in Status}
        tally = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
        big = html.badge(report.verdict).replace('style="', 'style="font-size: 20px; ', 1)
        lines = [
            f'<div style="margin-bottom: 4px;">{big} <b>{html.escape(self._deal.name)}</b> '
            f'<span style="{html.MUTED}">({html.escape(report.ruleset)}: '
            f"{html.escape(tally)})</span></div>"
        ]
        if problem:
            lines.append(f'<div style="color: {palette.status_color(Status.VIOLATION)};">'
                         f"Not applied: {html.escape(problem)}</div>")  # fmt: skip
        changes = self.changes
        if not changes:
            lines.append(f'<div style="{html.MUTED}">The deal as given. Move a control to ask '
                         "what if.</div>")  # fmt: skip
        else:
            items = "".join(f"<li>{html.escape(c)}</li>" for c in changes)
            lines.append(f"<div>What if, against the deal as given "
                         f"({html.badge(given.verdict)}):"
                         f'<ul style="margin: 2px 0;">{items}</ul></div>')  # fmt: skip
            moved = [
                f"<code>{html.escape(f.rule)}</code> {html.escape(str(given[f.rule].status))} "
                f"→ <b>{html.escape(str(f.status))}</b>"
                for f in report
                if f.status != given[f.rule].status
            ]
            if moved:
                lines.append(f"<div>Findings that moved: {'; '.join(moved)}</div>")
        return html.box(*lines)

    @staticmethod
    def _arrangement(deal: Deal, key: Key) -> Arrangement | None:
        return next((a for a in deal.arrangements if (a.kind, a.counterparty) == key), None)


def _licence_words(status: str | None) -> str:
    return "not stated" if status is None else words(status)


def _figure(stake: Stake) -> str:
    """A stake as it stands: ``19.9 %``, ``0–100 %`` for a range, or ``equity 10 %, votes 25 %``."""
    if stake.percent("voting") == stake.percent():
        return stake.percent()
    return f"equity {stake.percent()}, votes {stake.percent('voting')}"


def _figure_html(stake: Stake) -> str:
    """The stake as it stands, its exact fractions on hover (``exactly 40/267``)."""

    def exact(basis: Literal["equity", "voting"]) -> str:
        low, high = stake.share(basis), stake.share(basis, upper=True)
        return str(low) if low == high else f"{low} to {high}"

    equity, votes = exact("equity"), exact("voting")
    title = equity if votes == equity else f"equity {equity}, votes {votes}"
    return (
        f'<span style="{html.BOX} font-variant-numeric: tabular-nums;" '
        f'title="exactly {html.escape(title)}">{html.escape(_figure(stake))}</span>'
    )


def _chart(report: Report) -> bytes:
    """The ownership chart of ``report`` as PNG bytes (a figure of its own, no pyplot state)."""
    from matplotlib.figure import Figure

    from .plotting import ownership

    figure = Figure(figsize=_CHART_SIZE, dpi=_CHART_DPI, layout="constrained")
    ownership(report, ax=figure.subplots())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
