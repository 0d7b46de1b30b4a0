"""The ``tiktok-deal`` command. Thin: everything it shows comes from the Python API.

Exit status: 0 compliant, 1 violation, 3 indeterminate, 2 bad input or usage, 4 internal error
(a bug: one line on stderr, never a traceback unless ``TIKTOK_DEAL_DEBUG`` is set).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence

from .. import __version__
from ..errors import DealError
from . import analysis, check, imports, info, plot, scenarios, timeline
from .parser import BAD_INPUT, Parser

__all__ = ["INTERNAL_ERROR", "build", "main"]

INTERNAL_ERROR = 4


def build() -> Parser:
    """The one parser: each command module adds its subcommands (``register``) and sets ``run``,
    the function that carries the command out; ``main`` dispatches through it."""
    parser = Parser(
        prog="tiktok-deal",
        description="Check deal structures against PAFACA (the TikTok divest-or-ban law) and "
        "China's export control of the recommendation algorithm. Exit status: 0 compliant, "
        "1 violation, 3 indeterminate, 2 bad input, 4 internal error.",
    )
    parser.add_argument("--version", action="version", version=f"tiktok-deal {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    for module in (check, info, timeline, analysis, scenarios, plot, imports):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status (the console script exits with it)."""
    args = build().parse_args(argv)
    try:
        status: int = args.run(args)
        return status
    except DealError as error:
        print(f"tiktok-deal: error: {error}", file=sys.stderr)
        return BAD_INPUT
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("tiktok-deal: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not the input's fault: never read as a verdict
        if os.environ.get("TIKTOK_DEAL_DEBUG"):
            traceback.print_exc()
        print(
            f"tiktok-deal: internal error ({type(error).__name__}: {error}). This is a bug, not "
            "a verdict: please report it with the command and the input that caused it "
            "(TIKTOK_DEAL_DEBUG=1 shows the traceback).",
            file=sys.stderr,
        )
        return INTERNAL_ERROR


if __name__ == "__main__":
    sys.exit(main())
