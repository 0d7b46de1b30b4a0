"""A random deal file of N entities with cross-holdings, for the large-graph test and benchmark."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any, Literal

Texts = Literal["percent", "mixed"]


def random_deal(
    n: int,
    *,
    seed: int = 1,
    dual_class: float = 0.0,
    ranges: float = 0.0,
    texts: Texts = "percent",
) -> dict[str, Any]:
    """N parties (5 % Chinese), each held by up to three others; the random links make a giant
    cycle. The target ``e0`` (U.S.) is held by five entities of the cycle.

    ``dual_class``: that share of the entities give their first holder 60 % of the votes (the
    others share what is left in proportion); ``ranges``: that share of the stakes are known
    only as a range, from the figure to up to twice it (within what is left of the entity).
    ``texts="percent"`` writes every stake as a whole percentage (``"12%"``); ``"mixed"`` writes
    the same stakes as percentages, ``p/q`` fractions (``"12/100"``, and ``"84/701"``-style ones
    a little below, with many distinct denominators) and decimal texts (``"0.12"``)."""
    rng = random.Random(seed)
    places = ["US", "GB", "DE", "KY", "SG"]
    parties = {
        f"e{i}": {
            "name": f"Entity {i}",
            "organized_in": "CN" if rng.random() < 0.05 else rng.choice(places),
        }
        for i in range(n)
    }
    parties["e0"]["organized_in"] = "US"
    stakes = []
    for i in range(n):
        holders = [h for h in rng.sample(range(1, n), 5 if i == 0 else rng.randint(0, 3)) if h != i]
        left = 100
        mine = []
        for h in holders:
            pct = rng.randint(1, max(1, left // 2))
            left -= pct
            mine.append({"holder": f"e{h}", "of": f"e{i}", "equity": f"{pct}%"})
        if mine and rng.random() < dual_class:
            rest = sum(int(s["equity"][:-1]) for s in mine[1:])
            mine[0]["voting"] = "60%"
            for s in mine[1:]:
                s["voting"] = f"{40 * int(s['equity'][:-1])}/{100 * max(rest, 1)}"
        for s in mine:
            top = min(2 * int(s["equity"][:-1]), int(s["equity"][:-1]) + left)
            if rng.random() < ranges and top > int(s["equity"][:-1]):
                s["equity_max"] = f"{top}%"
                left -= top - int(s["equity"][:-1])
        if texts != "percent":
            for s in mine:
                s["equity"] = _text(rng, int(s["equity"][:-1]), texts)
        stakes.extend(mine)
    return {
        "schema": 1,
        "name": f"random {n}",
        "target": "e0",
        "parties": parties,
        "stakes": stakes,
    }


def _text(rng: random.Random, pct: int, texts: Texts) -> str:
    if texts == "percent":
        return f"{pct}%"
    form = rng.randrange(4)
    if form == 0:
        return f"{pct}%"
    if form == 1:
        return f"{pct}/100"
    if form == 2:
        return f"0.{pct:02d}" if pct < 100 else "1"
    return f"{pct * 7}/{700 + rng.randrange(1, 60)}"  # a little under pct %


def write(
    path: Path,
    n: int,
    *,
    seed: int = 1,
    dual_class: float = 0.0,
    ranges: float = 0.0,
    texts: Texts = "percent",
) -> Path:
    data = random_deal(n, seed=seed, dual_class=dual_class, ranges=ranges, texts=texts)
    path.write_text(json.dumps(data))
    return path
