"""``tiktok-deal plot``: a chart of a deal, the law's clock or a sweep, to a file.

``tiktok-deal plot KIND [FILE | --preset NAME] [--vary SPEC]... --out FILE.png|.svg|.pdf``

Kinds: ``ownership`` and ``graph`` (of the deal), ``timeline`` (the law's clock), ``sweep`` (one
or two levers: a margin curve or a compliance map) and ``montecarlo`` (sampled levers: the
probability of compliance, optionally ``--by`` a column). Drawn with matplotlib's Agg backend;
bad input, or matplotlib missing, gives one message on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DealError, PlotError
from ..law import Interpretation
from ..law import timeline as clock
from ..model import Deal
from .parser import add_deal_source, deal_of, iso_date, natural, positive

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["KINDS", "register"]

KINDS: tuple[str, ...] = ("ownership", "graph", "timeline", "sweep", "montecarlo")
FORMATS: tuple[str, ...] = (".png", ".svg", ".pdf")
INSTALL = "pip install 'tiktok-deal[plot]'"


def register(commands: Any) -> None:
    plot = commands.add_parser(
        "plot",
        help="draw a deal's ownership, its graph, the law's timeline or a sweep (PNG, SVG or PDF)",
        description="Draw a chart to --out (.png, .svg or .pdf). ownership, graph: the deal "
        "(default: the 2026 joint venture). timeline: PAFACA's clock. sweep: one or two --vary "
        "levers (a margin curve or a compliance map). montecarlo: sampled --vary levers, the "
        f"share of scenarios that comply, optionally --by a column. Needs matplotlib: {INSTALL}.",
    )
    plot.add_argument("kind", choices=KINDS, metavar="KIND", help=", ".join(KINDS))
    add_deal_source(plot)
    plot.add_argument(
        "--out", required=True, metavar="FILE", help="the image: FILE.png, .svg or .pdf"
    )
    plot.add_argument("--interpret", action="append", default=[], metavar="KEY=VALUE",
                      help="set an interpretation switch (repeatable)")  # fmt: skip
    plot.add_argument("--vary", action="append", default=[], metavar="SPEC",
                      help="sweep, montecarlo: a lever as for the sweep command, e.g. "
                      "stake:bytedance=0%%:40%%:41 or interpret:lookthrough=all")  # fmt: skip
    plot.add_argument("--samples", type=positive, default=1000, metavar="N",
                      help="montecarlo: scenarios to sample (default 1000)")  # fmt: skip
    plot.add_argument("--seed", type=natural, default=0, metavar="S",
                      help="montecarlo: random seed (default 0)")  # fmt: skip
    plot.add_argument("--status", metavar="COLUMN",
                      help="sweep, montecarlo: the status to show: verdict or a rule id, e.g. "
                      "pafaca.fa_ownership (default: the verdict, or the rule that changes when "
                      "the verdict does not)")  # fmt: skip
    plot.add_argument("--by", metavar="COLUMN",
                      help="montecarlo: group by this column, e.g. lookthrough")  # fmt: skip
    plot.add_argument("--as-of", type=iso_date, metavar="DATE",
                      help="timeline: mark this date (YYYY-MM-DD; default: the deal's as_of "
                      "when FILE or --preset is given, else today)")  # fmt: skip
    plot.set_defaults(run=run)


def _require(*modules: str) -> None:
    for module in modules:
        if importlib.util.find_spec(module) is None:
            raise PlotError(f"plotting needs {module}, which is not installed: {INSTALL}")


def _check_arguments(args: argparse.Namespace) -> Path:
    out = Path(args.out)
    if out.suffix.lower() not in FORMATS:
        raise PlotError(f"--out {args.out!r}: the image must end in .png, .svg or .pdf")
    if not out.parent.is_dir():
        raise PlotError(f"--out {args.out!r}: the folder {str(out.parent)!r} does not exist")
    scenario = args.kind in ("sweep", "montecarlo")
    if args.vary and not scenario:
        raise PlotError(f"--vary goes with the sweep and montecarlo plots, not {args.kind}")
    if scenario and not args.vary:
        raise PlotError(f"the {args.kind} plot needs at least one --vary SPEC, e.g. "
                        "stake:bytedance=0%:40%:41")  # fmt: skip
    if args.status is not None and not scenario:
        raise PlotError(f"--status goes with the sweep and montecarlo plots, not {args.kind}")
    if args.by and args.kind != "montecarlo":
        raise PlotError(f"--by goes with the montecarlo plot, not {args.kind}")
    if args.as_of and args.kind != "timeline":
        raise PlotError(f"--as-of goes with the timeline plot, not {args.kind}")
    return out


def run(args: argparse.Namespace) -> int:
    """Draw ``args.kind`` to ``args.out``. Problems raise ``DealError`` (exit 2)."""
    out = _check_arguments(args)
    _require("matplotlib", *(["networkx"] if args.kind == "graph" else []))
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..plotting._common import FIGSIZE

    before = set(plt.get_fignums())
    try:
        # The graph makes its own figure: taller than the others when its labels need it.
        ax = (
            None if args.kind == "graph" else plt.subplots(figsize=FIGSIZE, layout="constrained")[1]
        )
        _save(_draw(args, ax).figure.canvas.figure, out, args.out)
    finally:
        for number in set(plt.get_fignums()) - before:  # the figures made here
            plt.close(number)
    print(f"{args.kind} plot written to {out}")
    return 0


def _save(figure: Figure, out: Path, given: str) -> None:
    try:
        figure.savefig(out, dpi=150)
    except OSError as error:
        raise PlotError(f"--out {given!r}: cannot write the image ({error.strerror})") from None


def _draw(args: argparse.Namespace, ax: Axes | None) -> Axes:
    from ..plotting import graph, montecarlo, ownership, sweep, timeline

    reading = Interpretation.parse(args.interpret)
    if args.kind == "ownership":
        return ownership(deal_of(args), interpretation=reading, ax=ax)
    if args.kind == "graph":
        return graph(deal_of(args), interpretation=reading, ax=ax)
    if args.kind == "timeline":
        as_of = args.as_of
        if as_of is None and (args.file or args.preset):
            as_of = deal_of(args).as_of  # the deal's date, if it has one
            if as_of is not None and as_of < clock.ENACTED:
                raise PlotError(
                    f"the deal is dated {as_of.isoformat()}, before PAFACA was enacted "
                    f"({clock.ENACTED.isoformat()}): the timeline has nothing to mark for it; "
                    "give --as-of a later date"
                )
        return timeline(None if as_of is None else clock.status(as_of), ax=ax)
    deal = deal_of(args)
    frame, columns = _scenarios(args, deal, reading)
    try:
        if args.kind == "sweep":
            if len(columns) > 2:
                raise PlotError(
                    f"the sweep plot shows one or two varied columns; these levers give "
                    f"{len(columns)} ({', '.join(columns)}): use montecarlo, or fewer --vary"
                )
            y = columns[1] if len(columns) == 2 else None
            return sweep(frame, x=columns[0], y=y, status=args.status, deal=deal, ax=ax)
        return montecarlo(frame, by=args.by, status=args.status, deal=deal, ax=ax)
    except ValueError as error:
        if isinstance(error, DealError):
            raise
        raise PlotError(str(error)) from None


def _scenarios(
    args: argparse.Namespace, deal: Deal, reading: Interpretation
) -> tuple[Any, tuple[str, ...]]:
    """The sweep (a grid) or the sample (montecarlo) of the ``--vary`` levers, and their columns."""
    from ..scenarios import Space
    from ..scenarios import sweep as run_sweep
    from ..scenarios.spec import parse_vary

    space = Space(deal, [parse_vary(spec, deal) for spec in args.vary], interpretation=reading)
    if args.kind == "sweep":
        frame = run_sweep(space, progress=False)
    else:
        frame = run_sweep(space, samples=args.samples, seed=args.seed, progress=False)
    return frame, tuple(space.columns)
