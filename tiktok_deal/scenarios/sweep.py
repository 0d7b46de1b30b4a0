"""``sweep``: every scenario of a space decided, as a tidy DataFrame or streamed to a file.

One row per scenario (the index, ``scenario``, is its row number), a column per varied fact, then
``fa_stake`` (the target's foreign-adversary stake, §2(g)(1)(B), as float64), ``margin`` (the
20 % line minus that stake: positive is headroom), one column per rule id holding its status
exactly as ``check`` would give it, and ``verdict`` (violation if any rule is, else
indeterminate if any is, else compliant). Rows are generated, decided and written in chunks, so
memory stays bounded whatever the number of scenarios; the same seed gives the same rows in any
chunking, locally or on Dask.
"""

from __future__ import annotations

import importlib
import os
import sys
import time
import weakref
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import numpy as np
import pandas as pd

from ..errors import SpaceError
from ..output import output_path, replacing
from .batch import STATUSES, Evaluator
from .levers import DirichletStakes, StakeLever
from .sampling import BLOCK, Plan, draw
from .space import Space

__all__ = ["SweepSummary", "iter_sweep", "sweep", "sweep_to_file"]

#: Default rows per chunk (a multiple of the random block size): small enough that a progress
#: bar moves, large enough that per-chunk costs vanish.
CHUNK = 1 << 16
#: A grid larger than this is refused before any work: sample it instead.
MAX_GRID = 10**8
#: Floats in CSV: enough digits to read a stake back, none of binary noise (0.18, not
#: 0.18000000000000002).
FLOAT_FORMAT = "%.15g"
STATUS_TYPE = pd.CategoricalDtype(list(STATUSES), ordered=True)


@attrs.frozen(kw_only=True)
class SweepSummary:
    """What ``sweep_to_file`` wrote: row count, path, verdict counts and timing."""

    path: Path
    rows: int
    verdicts: dict[str, int]
    exact_rows: int
    seconds: float


def _plan(space: Space, method: str | None, samples: int | None, seed: int) -> Plan:
    if method is None:
        method = "grid" if samples is None else "random"
    if method == "grid" and samples is not None:
        raise SpaceError("a grid has a fixed size: give samples only with method random or lhs")
    plan = Plan(method=method, samples=samples or 0, seed=seed)
    size = plan.size(space)
    if method == "grid" and size > MAX_GRID:
        raise SpaceError(
            f"the grid has {size:,} scenarios, more than the {MAX_GRID:,} a sweep runs: sample "
            "it instead (samples=N; on the command line --samples N), or give the levers fewer "
            "values"
        )
    return plan


_EVALUATORS: weakref.WeakKeyDictionary[Space, dict[tuple[str, bool], Evaluator]] = (
    weakref.WeakKeyDictionary()
)


def _evaluator(space: Space, ruleset: str, exact: bool) -> Evaluator:
    """One evaluator (and compiled-structure cache) per space, rule set and path, per process."""
    mine = _EVALUATORS.setdefault(space, {})
    if (ruleset, exact) not in mine:
        mine[(ruleset, exact)] = Evaluator(space, ruleset=ruleset, exact=exact)
    return mine[(ruleset, exact)]


def frame(
    space: Space, plan: Plan, start: int, stop: int, *, ruleset: str = "pafaca", exact: bool = False
) -> pd.DataFrame:
    """Rows ``[start, stop)`` of the sweep (a pure function of its arguments)."""
    evaluator = _evaluator(space, ruleset, exact)
    batch = draw(space, plan, start, stop)
    codes, fa = evaluator.evaluate(batch)
    columns: dict[str, Any] = {}
    for lever, array in zip(space.levers, batch.arrays, strict=True):
        if isinstance(lever, DirichletStakes):
            for j, name in enumerate(lever.columns):
                columns[name] = array[j]
        elif isinstance(lever, StakeLever):
            columns[lever.columns[0]] = evaluator.stake_columns_of(lever, array)
        elif isinstance(lever.domain[0] if lever.domain else None, int):
            columns[lever.columns[0]] = np.asarray(lever.domain, dtype=np.int64)[array]
        else:
            labels = pd.Index([str(v) for v in lever.domain or ()])
            index = np.asarray(array, dtype=np.int32)
            columns[lever.columns[0]] = pd.Categorical.from_codes(index, categories=labels)
    columns["fa_stake"] = fa
    columns["margin"] = float(evaluator.threshold) - fa
    for i, rule in enumerate(evaluator.rule_ids):
        columns[rule] = pd.Categorical.from_codes(codes[i], dtype=STATUS_TYPE)
    columns["verdict"] = pd.Categorical.from_codes(codes.max(axis=0, initial=0), dtype=STATUS_TYPE)
    return pd.DataFrame(columns, index=pd.RangeIndex(start, stop, name="scenario"))


def _ranges(size: int, chunk_size: int) -> list[tuple[int, int]]:
    if chunk_size < 1:
        raise SpaceError(f"chunk_size must be ≥ 1, got {chunk_size}")
    step = max(BLOCK, chunk_size // BLOCK * BLOCK) if chunk_size >= BLOCK else chunk_size
    return [(lo, min(lo + step, size)) for lo in range(0, size, step)]


def iter_sweep(
    space: Space,
    *,
    ruleset: str = "pafaca",
    method: str | None = None,
    samples: int | None = None,
    seed: int = 0,
    chunk_size: int = CHUNK,
    progress: bool | None = None,
    client: Any = None,
    exact: bool = False,
) -> Iterator[pd.DataFrame]:
    """The sweep's rows chunk by chunk, in order (see ``sweep`` for the options)."""
    plan = _plan(space, method, samples, seed)
    ranges = _ranges(plan.size(space), chunk_size)
    bar = _progress(plan.size(space), progress)
    try:
        chunks = (
            _dask(client, space, plan, ranges, ruleset, exact)
            if client is not None
            else (frame(space, plan, lo, hi, ruleset=ruleset, exact=exact) for lo, hi in ranges)
        )
        for chunk in chunks:
            if bar is not None:
                bar.update(len(chunk))
            yield chunk
    finally:
        if bar is not None:
            bar.close()


def sweep(
    space: Space,
    *,
    ruleset: str = "pafaca",
    method: str | None = None,
    samples: int | None = None,
    seed: int = 0,
    chunk_size: int = CHUNK,
    progress: bool | None = None,
    client: Any = None,
    exact: bool = False,
) -> pd.DataFrame:
    """Decide every scenario of ``space``: a tidy DataFrame, one row per scenario.

    ``method``: ``grid`` (default without ``samples``), ``random`` (default with ``samples``) or
    ``lhs``; ``seed`` makes sampling deterministic. ``client``: a ``dask.distributed.Client`` to
    run the chunks on (same rows). ``exact=True`` decides every row with ``check`` (slow; the
    reference). ``progress``: a bar (None: on a terminal or in a notebook). A grid of more than
    10^8 scenarios is refused before any work: sample it.
    """
    chunks = list(
        iter_sweep(
            space,
            ruleset=ruleset,
            method=method,
            samples=samples,
            seed=seed,
            chunk_size=chunk_size,
            progress=progress,
            client=client,
            exact=exact,
        )
    )
    if not chunks:
        return frame(space, _plan(space, method, samples, seed), 0, 0, ruleset=ruleset)
    return chunks[0] if len(chunks) == 1 else pd.concat(chunks)


def sweep_to_file(
    space: Space,
    path: str | os.PathLike[str],
    *,
    ruleset: str = "pafaca",
    method: str | None = None,
    samples: int | None = None,
    seed: int = 0,
    chunk_size: int = CHUNK,
    progress: bool | None = None,
    client: Any = None,
) -> SweepSummary:
    """Stream the sweep to ``path`` (``.csv`` or ``.parquet``) chunk by chunk; memory stays bounded.
    The path is checked before any work; the file appears only when complete (written beside it,
    then renamed), so a failed sweep never replaces a good file."""
    started = time.perf_counter()
    path = output_path(path, suffixes=(".csv", ".parquet"))
    suffix = path.suffix.lower()
    counts = dict.fromkeys(STATUSES, 0)
    rows = 0
    writer: Any = None
    chunks = iter_sweep(
        space,
        ruleset=ruleset,
        method=method,
        samples=samples,
        seed=seed,
        chunk_size=chunk_size,
        progress=progress,
        client=client,
    )
    with replacing(path) as handle:
        for chunk in chunks:
            if suffix == ".csv":
                chunk.to_csv(handle, header=rows == 0, index=True, lineterminator="\n",
                             float_format=FLOAT_FORMAT)  # fmt: skip
            else:
                writer = _write_parquet(writer, handle, chunk)
            rows += len(chunk)
            for status, n in chunk["verdict"].value_counts().items():
                counts[str(status)] += int(n)
        if writer is not None:
            writer.close()
    evaluator = _evaluator(space, ruleset, False)
    return SweepSummary(
        path=path,
        rows=rows,
        verdicts=counts,
        exact_rows=evaluator.exact_rows,
        seconds=time.perf_counter() - started,
    )


def _write_parquet(writer: Any, handle: Any, chunk: pd.DataFrame) -> Any:
    try:  # optional; imported by name so that no stubs are needed
        pa = importlib.import_module("pyarrow")
        pq = importlib.import_module("pyarrow.parquet")
    except ImportError:  # pragma: no cover - depends on the environment
        raise SpaceError(
            "writing Parquet needs pyarrow: pip install pyarrow (or write .csv)"
        ) from None
    table = pa.Table.from_pandas(chunk, preserve_index=True)
    if writer is None:
        writer = pq.ParquetWriter(handle, table.schema)
    writer.write_table(table.cast(writer.schema))
    return writer


def _dask(
    client: Any, space: Space, plan: Plan, ranges: list[tuple[int, int]], ruleset: str, exact: bool
) -> Iterator[pd.DataFrame]:
    """Chunks computed on a ``dask.distributed`` client, a bounded window in flight, in order."""
    try:
        importlib.import_module("distributed")
    except ImportError:  # pragma: no cover - depends on the environment
        raise SpaceError(
            "running on Dask needs dask[distributed]: pip install 'dask[distributed]'"
        ) from None
    remote = client.scatter(space, broadcast=True)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque[Any] = deque()
    for lo, hi in ranges:
        pending.append(
            client.submit(frame, remote, plan, lo, hi, ruleset=ruleset, exact=exact, pure=False)
        )
        if len(pending) >= 2 * workers:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _progress(total: int, wanted: bool | None) -> Any:
    """A progress bar (tqdm's, which draws a widget in a notebook and text on a terminal)."""
    if wanted is None:
        wanted = total > 0 and (sys.stderr.isatty() or _in_notebook())
    if not wanted:
        return None
    tqdm = importlib.import_module("tqdm.auto").tqdm
    big = total >= 10_000  # 1.05M, not 1048576; but 41, not 41.0
    return tqdm(total=total, unit="scenario", unit_scale=big, file=sys.stderr, leave=False)


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    get = getattr(shell, "get_ipython", None)
    return get is not None and get() is not None and hasattr(get(), "kernel")
