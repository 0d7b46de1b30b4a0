"""Choosing one place for each label among its options, so that the labels together cover as
little as they can: of each other, and of what each option's fixed cost says it covers (nodes,
edges, the Axes' edge). Greedy passes in several orders, then moves of one label and of two at
once while they help, then a label still covering something put in each of its free places
with the others placed again round it. Plain numpy over boxes; knows nothing of matplotlib."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["COVER", "choose", "overlaps"]

Array = np.ndarray[Any, Any]

COVER = 1000.0
"""What covering another label costs (plus the area covered, in lines²)."""
_ROUNDS = 3  # greedy passes over every label in one order
_ORDERS = 48  # shuffled orders tried after the first when it leaves something covered
_MOVES = 6  # rounds of moving one label, then two at once
_IMPROVED = 8  # the best greedy results improved by moves
_EJECTED = 4  # labels still covering something given other places, one after another
_TRIED = 40  # the cheapest places of such a label tried
_LITTLE = 10.0  # less than covering an edge costs: what a label's lines and place cost at most


def overlaps(grown: Array, others: Array, line: float) -> Array:
    """For each of ``grown`` (n × 4 boxes: x0, y0, x1, y1) against each of ``others`` (m × 4):
    ``COVER`` plus the area they share in lines² where they overlap, else 0 (n × m)."""
    if not len(others) or not len(grown):
        return np.zeros((len(grown), len(others)))
    w = np.minimum(grown[:, None, 2], others[None, :, 2]) - np.maximum(
        grown[:, None, 0], others[None, :, 0]
    )
    h = np.minimum(grown[:, None, 3], others[None, :, 3]) - np.maximum(
        grown[:, None, 1], others[None, :, 1]
    )
    return np.where((w > 0) & (h > 0), COVER + w * h / line**2, 0.0)


def choose(
    boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
    order: Sequence[str], line: float,
) -> dict[str, int]:  # fmt: skip
    """The option chosen for each label: ``boxes[label]`` are its options (n × 4), ``grown``
    the same boxes grown by the room to keep round a label, ``costs`` what each option costs
    on its own; ``order`` the labels, most constrained first."""
    random = np.random.default_rng(0)
    orders = [list(order)] + [
        [order[i] for i in random.permutation(len(order))] for _ in range(_ORDERS)
    ]
    found: list[tuple[float, int, dict[str, int]]] = []
    for k, attempt in enumerate(orders):
        chosen = _greedy(boxes, grown, costs, attempt, line)
        found.append((_total(boxes, grown, costs, chosen, line), k, chosen))
        if _clear(boxes, grown, costs, chosen, line):
            return chosen
    best: tuple[float, dict[str, int]] | None = None
    for _, _, chosen in sorted(found)[:_IMPROVED]:
        chosen = _improve(boxes, grown, costs, chosen, line)
        total = _total(boxes, grown, costs, chosen, line)
        if best is None or total < best[0]:
            best = (total, chosen)
    assert best is not None
    return _eject(boxes, grown, costs, order, best[1], line)


def _eject(
    boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
    order: Sequence[str], chosen: dict[str, int], line: float,
) -> dict[str, int]:  # fmt: skip
    """For a label that still covers something: each of its cheapest places on its own tried
    in turn, the others placed again round it; the best arrangement found."""
    best = (_total(boxes, grown, costs, chosen, line), chosen)
    bad = [label for label in order if _own(boxes, grown, costs, chosen, label, line) >= _LITTLE]
    for label in bad[:_EJECTED]:
        for option in np.argsort(costs[label], kind="stable")[:_TRIED]:
            if costs[label][option] >= _LITTLE:
                break
            for sequence in (order, order[::-1]):
                trial = dict(best[1])
                trial[label] = int(option)
                for _ in range(_ROUNDS):
                    for other in sequence:
                        if other != label:
                            covered = overlaps(grown[other], _others(boxes, trial, other), line)
                            trial[other] = int(np.argmin(costs[other] + covered.sum(axis=1)))
                total = _total(boxes, grown, costs, trial, line)
                if total < best[0] - 1e-9:
                    best = (total, trial)
    return best[1]


def _others(boxes: Mapping[str, Array], chosen: Mapping[str, int], *skip: str) -> Array:
    return np.array(
        [boxes[label][i] for label, i in chosen.items() if label not in skip], dtype=float
    ).reshape(-1, 4)


def _greedy(boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
            order: Sequence[str], line: float) -> dict[str, int]:  # fmt: skip
    chosen: dict[str, int] = {}
    for _ in range(_ROUNDS):
        for label in order:
            covered = overlaps(grown[label], _others(boxes, chosen, label), line).sum(axis=1)
            chosen[label] = int(np.argmin(costs[label] + covered))
    return chosen


def _total(boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
           chosen: Mapping[str, int], line: float) -> float:  # fmt: skip
    total = sum(float(costs[label][i]) for label, i in chosen.items())
    picked = list(chosen.items())
    for k, (label, i) in enumerate(picked):
        rest = np.array([boxes[o][j] for o, j in picked[k + 1 :]], dtype=float).reshape(-1, 4)
        total += float(overlaps(grown[label][i : i + 1], rest, line).sum())
    return total


def _clear(boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
           chosen: Mapping[str, int], line: float) -> bool:  # fmt: skip
    """Does no label cover anything (the little an option costs for its lines and where it is
    aside)?"""
    return all(_own(boxes, grown, costs, chosen, label, line) < _LITTLE for label in chosen)


def _own(boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
         chosen: Mapping[str, int], label: str, line: float) -> float:  # fmt: skip
    i = chosen[label]
    covered = overlaps(grown[label][i : i + 1], _others(boxes, chosen, label), line).sum()
    return float(costs[label][i] + covered)


def _improve(boxes: Mapping[str, Array], grown: Mapping[str, Array], costs: Mapping[str, Array],
             chosen: dict[str, int], line: float) -> dict[str, int]:  # fmt: skip
    """Move one label, then two at once (a label that covers something, with any other), to
    where the two together cost least, while that helps."""
    chosen = dict(chosen)
    for _ in range(_MOVES):
        moved = False
        for label in chosen:  # one at a time
            covered = overlaps(grown[label], _others(boxes, chosen, label), line).sum(axis=1)
            options = costs[label] + covered
            if options.min() < options[chosen[label]] - 1e-9:
                chosen[label] = int(np.argmin(options))
                moved = True
        bad = [
            label for label in chosen if _own(boxes, grown, costs, chosen, label, line) >= _LITTLE
        ]
        for label in bad:
            for other in chosen:
                if other == label:
                    continue
                rest = _others(boxes, chosen, label, other)
                mine = costs[label] + overlaps(grown[label], rest, line).sum(axis=1)
                theirs = costs[other] + overlaps(grown[other], rest, line).sum(axis=1)
                both = mine[:, None] + theirs[None, :] + overlaps(grown[label], boxes[other], line)
                now = both[chosen[label], chosen[other]]
                i, j = np.unravel_index(int(np.argmin(both)), both.shape)
                if both[i, j] < now - 1e-9:
                    chosen[label], chosen[other] = int(i), int(j)
                    moved = True
        if not moved:
            break
    return chosen
