"""Deal files of at most 1 MB built to be hard for the look-through (bounded-time checks)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from random_deal import random_deal


def _deal(
    name: str, parties: dict[str, dict[str, str]], stakes: list[dict[str, str]]
) -> dict[str, Any]:
    return {"schema": 1, "name": name, "target": "t", "parties": parties, "stakes": stakes}


def _party(i: int | str, country: str = "US") -> dict[str, str]:
    return {"organized_in": country}


def backward_chain(n: int = 11_500) -> dict[str, Any]:
    """A source atop a chain of n entities, each holding 99 % of the next, written from the
    bottom up (against any order a solver might take from the file), the last holding 30 % of
    t; a 97 %/97 % cross-holding halfway down."""
    parties = {"t": _party("t"), "cn": _party("cn", "CN")}
    parties |= {f"c{i}": _party(i) for i in range(n)}
    stakes = [
        {"holder": f"c{i}", "of": f"c{i + 1}", "equity": "99%"} for i in reversed(range(n - 1))
    ]
    stakes[n // 2]["equity"] = "97%"
    stakes.append({"holder": f"c{n // 2 + 1}", "of": f"c{n // 2}", "equity": "1%"})
    stakes += [{"holder": "cn", "of": "c0", "equity": "60%"},
               {"holder": f"c{n - 1}", "of": "t", "equity": "30%"}]  # fmt: skip
    return _deal("backward chain", parties, stakes)


def dense_tangle(k: int = 125) -> dict[str, Any]:
    """k entities each holding a slice of every other (one giant cross-holding, dense): the
    slices of each entity add up to 90 %; 3 sources hold the rest; each holds 1/k of t."""
    rng = random.Random(3)
    parties = {"t": _party("t")} | {f"s{j}": _party(j, "CN") for j in range(3)}
    parties |= {f"d{i}": _party(i) for i in range(k)}
    stakes = []
    for i in range(k):
        cuts = sorted(rng.sample(range(1, 900), k - 2))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, 900], strict=True)]
        others = [j for j in range(k) if j != i]
        stakes += [{"holder": f"d{j}", "of": f"d{i}", "equity": f"{p}/1000"}
                   for j, p in zip(others, parts, strict=True) if p]  # fmt: skip
        stakes.append({"holder": f"s{i % 3}", "of": f"d{i}", "equity": "10%"})
        stakes.append({"holder": f"d{i}", "of": "t", "equity": f"1/{k}"})
    return _deal("dense tangle", parties, stakes)


def long_fractions(k: int = 90) -> dict[str, Any]:
    """k entities holding one another, every stake a fraction with a 30-digit denominator of its
    own: an exact solution would run to hundreds of thousands of digits."""
    rng = random.Random(5)
    parties = {"t": _party("t"), "cn": _party("cn", "CN")}
    parties |= {f"f{i}": _party(i) for i in range(k)}
    stakes = []
    for i in range(k):
        for j in range(k):
            if i != j and rng.random() < 0.9:
                den = rng.randrange(10**29, 10**30)
                stakes.append(
                    {"holder": f"f{j}", "of": f"f{i}", "equity": f"{den // (2 * k)}/{den}"}
                )
        stakes.append({"holder": "cn", "of": f"f{i}", "equity": "1/7"})
        stakes.append({"holder": f"f{i}", "of": "t", "equity": f"1/{k + 1}"})
    return _deal("long fractions", parties, stakes)


def hard_deals() -> Iterator[tuple[str, dict[str, Any]]]:
    """(name, deal as a dict for JSON) of each hard case."""
    yield "random deal, 7,000 entities", random_deal(7000, dual_class=0.1, ranges=0.1)
    yield "backward chain", backward_chain()
    yield "dense tangle", dense_tangle()
    yield "long fractions", long_fractions()
