"""MkDocs hooks: the environment the pages' code runs in, and the JSON Schema beside the site.

Every ```python block with ``exec="on"`` runs while the site builds (markdown-exec), in one session
per page; ``tests/test_docs.py`` runs the same blocks under pytest. Plots are drawn then, with
matplotlib's Agg backend, and written into the page as SVG.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any


def on_config(config: Any) -> Any:
    os.environ["MPLBACKEND"] = "Agg"  # plots are drawn off-screen
    os.environ["NO_COLOR"] = "1"  # command output without terminal colours
    os.environ.setdefault("COLUMNS", "100")  # argparse help wraps at this width
    # The console examples run `tiktok-deal`: the one installed beside this Python.
    scripts = str(Path(sys.executable).parent)
    os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    return config


def on_files(files: Any, config: Any) -> Any:
    """Publish the deal file's JSON Schema as ``deal.schema.json`` for editors to point at."""
    from mkdocs.structure.files import File

    from tiktok_deal.schema import deal_schema

    text = json.dumps(deal_schema(), indent=2, ensure_ascii=False) + "\n"
    files.append(File.generated(config, "deal.schema.json", content=text))
    return files
