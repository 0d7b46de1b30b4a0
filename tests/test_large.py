"""A random 100,000-entity deal file with cycles, checked end to end (issue: large graphs)."""

import json
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sps

import tiktok_deal as td
from tiktok_deal.ownership import LARGE

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from random_deal import write


def jacobi(data: dict, target: str) -> float:
    """An independent computation: x = W (s + (1 - s) x) iterated to a fixed point, with a plain
    scipy matrix-vector product (no code shared with the library's solver)."""
    ids = {p: i for i, p in enumerate(data["parties"])}
    source = np.array([p["organized_in"] == "CN" for p in data["parties"].values()], dtype=float)
    rows = [ids[s["of"]] for s in data["stakes"]]
    cols = [ids[s["holder"]] for s in data["stakes"]]
    weights = [float(s["equity"].rstrip("%")) / 100 for s in data["stakes"]]
    matrix = sps.csr_array((weights, (rows, cols)), shape=(len(ids), len(ids)))
    x = np.zeros(len(ids))
    for _ in range(10_000):
        new = matrix @ (source + (1 - source) * x)
        if np.max(np.abs(new - x)) < 1e-15:
            break
        x = new
    return float(new[ids[target]])


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("large") / "deal.json", 100_000)


def test_a_100k_entity_deal_with_cycles_matches_an_independent_computation(big: Path) -> None:
    data = json.loads(big.read_text())
    deal = td.load(big)
    finding = td.check(deal)["pafaca.fa_ownership"]
    expected = jacobi(data, "e0")
    assert expected > 0.01  # the target really is reached through the cycle
    assert abs(float(finding.value) - expected) < 1e-9
    assert finding.status == (td.Status.VIOLATION if expected >= 0.2 else td.Status.COMPLIANT)


def test_large_deals_settle_the_line_exactly() -> None:
    # A chain through a cycle of 3,000 entities plus a direct 0.18 + 0.02: exactly 1/5 is decided
    # exactly even though the deal is large enough for the numeric path.
    parties = [td.Party(id=f"c{i}", organized_in="US") for i in range(3000)]
    parties += [td.Party(id="t", organized_in="US"), td.Party(id="cn1", organized_in="CN"),
                td.Party(id="cn2", organized_in="CN")]  # fmt: skip
    stakes = [td.Stake(holder=f"c{(i + 1) % 3000}", of=f"c{i}", equity="50%") for i in range(3000)]
    stakes += [td.Stake(holder="cn1", of="t", equity="18%"), td.Stake(holder="cn2", of="t", equity="2%"),
               td.Stake(holder="c0", of="t", equity="10%")]  # fmt: skip
    deal = td.Deal(name="line", target="t", parties=parties, stakes=stakes)
    assert len(deal.stakes) > LARGE
    finding = td.check(deal)["pafaca.fa_ownership"]
    assert finding.value == Fraction(1, 5)  # the cycle carries nothing adversary: 18 % + 2 %
    assert finding.status == td.Status.VIOLATION
