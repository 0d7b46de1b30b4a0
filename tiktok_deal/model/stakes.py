"""The stakes of a deal, kept as columns.

A deal file of a million stakes must not become a million Python objects. ``StakeTable`` keeps
each stake as three integers — its holder, the entity held, and which of the deal's distinct sets
of figures it has — and makes a ``Stake`` only when one is asked for. It is a read-only
``Sequence[Stake]``: ``deal.stakes[3]``, ``len(deal.stakes)`` and ``for stake in deal.stakes``
work as on a tuple (the first full iteration keeps the stakes it made).

``StakeColumns`` (``Deal.stake_columns()``) is the view the look-through reads: numpy arrays of
holder and entity indices and of each stake's share as a float, with the exact fraction of any
stake a lookup away. numpy is imported only when columns are asked for, or when a deal is large
enough for its checks to run vectorised: a small deal never pays for it.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from itertools import repeat
from typing import TYPE_CHECKING, Any, overload

from ..errors import InvalidArgumentError, InvalidDealError
from . import fields
from .entries import Basis, Stake, share_of, trusted_stake

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["VECTORISED", "StakeBuilder", "StakeColumns", "StakeTable"]

#: A stake's four figures: equity, voting, and the tops of their ranges (None when not given).
Row = tuple[Fraction, Fraction | None, Fraction | None, Fraction | None]
#: From this many stakes on, the checks of the whole deal run vectorised (numpy).
VECTORISED = 5_000
_BASES: tuple[Basis, ...] = ("equity", "voting")
_EXACT_SUMS = 2.0**53  # integers below this add up exactly in float64
#: The keys of a plain stake table, the shape a large file's stakes take.
PLAIN = frozenset({"holder", "of", "equity"})


class StakeTable(Sequence[Stake]):
    """A deal's stakes as columns: a read-only ``Sequence[Stake]``.

    Build one with ``StakeTable.of(stakes)`` or, from the tables of a deal file, with
    ``StakeBuilder``; a ``Deal`` converts whatever sequence of stakes it is given.
    """

    __slots__ = ("_held", "_holder", "_ids", "_made", "_notes", "_row", "_rows")

    def __init__(
        self,
        ids: tuple[str, ...],
        holder: array[int],
        held: array[int],
        row: array[int],
        rows: tuple[Row, ...],
        notes: Mapping[int, str],
        made: list[Stake] | None = None,
    ) -> None:
        self._ids = ids  # the party ids the holder and held codes index
        self._holder = holder
        self._held = held
        self._row = row  # each stake's index into rows
        self._rows = rows  # the distinct sets of figures
        self._notes = dict(notes)  # stake index → note, for the few stakes that have one
        self._made = made  # the Stake objects, once made (or as given)

    @classmethod
    def of(cls, stakes: Sequence[Stake]) -> StakeTable:
        """The table of ``stakes`` (``Stake`` objects, kept as they are)."""
        builder = StakeBuilder()
        for stake in stakes:
            builder.add(stake)
        return builder.build(made=list(stakes))

    # -- the sequence ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._row)

    @overload
    def __getitem__(self, index: int) -> Stake: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Stake, ...]: ...

    def __getitem__(self, index: int | slice) -> Stake | tuple[Stake, ...]:
        if isinstance(index, slice):
            return tuple(self[k] for k in range(*index.indices(len(self))))
        if self._made is not None:
            return self._made[index]
        size = len(self._row)
        k = index + size if index < 0 else index
        if not 0 <= k < size:
            raise IndexError("stake index out of range")
        return self._make(k)

    def __iter__(self) -> Iterator[Stake]:
        if self._made is None:
            self._made = [self._make(k) for k in range(len(self._row))]
        return iter(self._made)

    def _make(self, k: int) -> Stake:
        equity, voting, equity_max, voting_max = self._rows[self._row[k]]
        ids = self._ids
        return trusted_stake(
            ids[self._holder[k]], ids[self._held[k]], equity, voting, equity_max, voting_max,
            self._notes.get(k),
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        """Equal to a table, tuple or list of the same stakes in the same order."""
        if not isinstance(other, StakeTable | tuple | list):
            return NotImplemented
        return tuple(self) == tuple(other)

    __hash__ = None  # type: ignore[assignment]  # equal to a list of the same stakes: unhashable

    def __repr__(self) -> str:
        if len(self) <= 10:
            return repr(tuple(self))
        return f"({self[0]!r}, …, {self[-1]!r}: {len(self):,} stakes)"

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        state = (self._ids, self._holder, self._held, self._row, self._rows, self._notes)
        return StakeTable, state

    # -- checks of the whole (for Deal) ---------------------------------------------------------
    def first_unknown(self, known: Iterable[str]) -> tuple[int, str, str] | None:
        """The first stake naming an id not in ``known``: (index, "holder" or "of", id)."""
        ids, head = self._ids, tuple(known)
        # The loader's codes list the parties first, then any id no party has.
        loaded = ids[: len(head)] == head
        missing = set(ids[len(head) :]) if loaded else set(ids).difference(head)
        if not missing:
            return None
        unknown = {code for code, party in enumerate(self._ids) if party in missing}
        for k, (holder, held) in enumerate(zip(self._holder, self._held, strict=True)):
            if holder in unknown:
                return k, "holder", self._ids[holder]
            if held in unknown:
                return k, "of", self._ids[held]
        return None  # an id no stake names (not from a deal file)

    def first_repeat(self) -> tuple[int, int] | None:
        """The first stake whose holder already holds a stake in the same entity, and the index
        of that earlier stake."""
        if len(self) >= VECTORISED:
            return self._first_repeat_vectorised()
        seen: dict[tuple[int, int], int] = {}
        for k, pair in enumerate(zip(self._holder, self._held, strict=True)):
            first = seen.setdefault(pair, k)
            if first != k:
                return k, first
        return None

    def _first_repeat_vectorised(self) -> tuple[int, int] | None:
        import numpy as np

        key = _ints(self._holder) * len(self._ids) + _ints(self._held)
        order = np.lexsort((key,))  # a stable sort: the first of equal keys comes first
        ordered = key[order]
        repeats = np.flatnonzero(ordered[1:] == ordered[:-1])
        if not repeats.size:
            return None
        k = int(order[repeats + 1].min())
        first = int(order[np.searchsorted(ordered, key[k])])  # a stable sort puts it first
        return k, first

    def first_excess(self) -> tuple[int, Basis, str, Fraction] | None:
        """The first stake at which the stakes held in one entity add up to more than 100 %
        (equity, then votes): (index, basis, entity, the total so far); None if there is none.

        Summed in floats first, with a margin that bounds the rounding; only the entities with
        two stakes or more that come within it of 100 % are then summed exactly, so a total is
        never decided by floating-point noise. Large tables whose figures share a small
        denominator are summed exactly at once, in whole multiples of it.
        """
        large = len(self) >= VECTORISED
        candidates = self._near_full_vectorised() if large else self._near_full()
        return self._locate_excess(candidates) if candidates else None

    def _row_figures(self) -> tuple[list[Fraction], list[Fraction]]:
        """Each distinct set of figures' equity and votes (votes default to equity)."""
        equity = [row[0] for row in self._rows]
        votes = [row[0] if row[1] is None else row[1] for row in self._rows]
        return equity, votes

    def _near_full(self) -> set[int]:
        equity, votes = ([_float(f) for f in figures] for figures in self._row_figures())
        sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for held, row in zip(self._held, self._row, strict=True):
            total = sums[held]
            total[0] += equity[row]
            total[1] += votes[row]
            total[2] += 1
        return {
            entity
            for entity, (e, v, count) in sums.items()
            if count >= 2 and max(e, v) > 1 - _margin(int(count))
        }

    def _near_full_vectorised(self) -> set[int]:
        import numpy as np

        held, row, size = _ints(self._held), _ints(self._row), len(self._ids)
        count = np.bincount(held, minlength=size)
        figures = self._row_figures()
        most = max(int(count.max(initial=0)), 1)
        common = _common_denominator(figures, bound=_EXACT_SUMS / most)
        near = np.zeros(size, dtype=bool)
        for values in figures:
            if common is not None:  # whole multiples of 1/common add up exactly: an exact test
                units = np.asarray([float(f * common) for f in values])[row]
                near |= np.bincount(held, weights=units, minlength=size) > common
            else:  # floats, with a margin no rounding can cross
                shares = np.asarray([_float(f) for f in values])[row]
                near |= np.bincount(held, weights=shares, minlength=size) > 1 - _margin(count)
        return set(np.flatnonzero(near & (count >= 2)).tolist())

    def _locate_excess(self, entities: set[int]) -> tuple[int, Basis, str, Fraction] | None:
        totals: dict[int, list[Fraction]] = defaultdict(lambda: [Fraction(0), Fraction(0)])
        for k, (held, row) in enumerate(zip(self._held, self._row, strict=True)):
            if held not in entities:
                continue
            equity, voting = self._rows[row][:2]
            total = totals[held]
            total[0] += equity
            total[1] += equity if voting is None else voting
            for basis, value in zip(_BASES, total, strict=True):
                if value > 1:
                    return k, basis, self._ids[held], value
        return None


def _margin(count: Any) -> Any:
    """A bound on the rounding of a float sum of ``count`` stakes that totals about 1 (each
    share rounded once, each addition once): a total over 1 is never summed below 1 - margin."""
    return 1e-9 + 4.0 * count * 2.0**-53


def _common_denominator(figures: tuple[list[Fraction], ...], *, bound: float) -> int | None:
    """The least common denominator of every figure, or None once it reaches ``bound``."""
    common = 1
    for values in figures:
        for value in values:
            common = math.lcm(common, value.denominator)
            if common >= bound:
                return None
    return common


def _float(value: Fraction) -> float:
    return value.numerator / value.denominator


def _ints(values: array[int]) -> npt.NDArray[np.int64]:
    import numpy as np

    return np.frombuffer(values, dtype=np.int64)


class StakeBuilder:
    """Builds a ``StakeTable`` one stake at a time.

    ``ids`` are the deal's party ids in order (the codes of the table follow them).
    ``add_records`` takes the stakes' tables from a deal file and validates each exactly as
    ``Stake(**record)`` does: it parses each distinct set of figures once, through ``Stake``, and
    reuses it for every stake that writes the same texts between known parties; anything not
    plainly valid goes through ``Stake`` too, which raises the error that names the field.
    """

    def __init__(self, ids: Sequence[str] = ()) -> None:
        self._ids: list[str] = list(ids)
        self._index: dict[str, int] = {party: i for i, party in enumerate(self._ids)}
        self._holder: array[int] = array("q")
        self._held: array[int] = array("q")
        self._row: array[int] = array("q")
        self._rows: list[Row] = []
        self._row_of_figures: dict[Row, int] = {}
        self._row_of_text: dict[object, int] = {}
        self._notes: dict[int, str] = {}

    def _code(self, party: str) -> int:
        code = self._index.get(party)
        if code is None:
            code = self._index[party] = len(self._ids)
            self._ids.append(party)
        return code

    def _row_of(self, figures: Row) -> int:
        """The index of a stake's figures among the distinct ones (added if new)."""
        row = self._row_of_figures.get(figures)
        if row is None:
            row = self._row_of_figures[figures] = len(self._rows)
            self._rows.append(figures)
        return row

    def add(self, stake: Stake) -> int:
        """Append ``stake``; returns the index of its figures among the distinct ones."""
        row = self._row_of((stake.equity, stake.voting, stake.equity_max, stake.voting_max))
        if stake.note is not None:
            self._notes[len(self._row)] = stake.note
        self._holder.append(self._code(stake.holder))
        self._held.append(self._code(stake.of))
        self._row.append(row)
        return row

    def add_records(
        self,
        records: Iterable[object],
        *,
        check: Callable[[object], Mapping[str, Any]],
        field: str = "stakes",
    ) -> None:
        """Append the stakes a deal file's tables describe. ``check`` takes each table and gives
        it back if its keys are right (raising, naming the key, if not); every error is placed
        inside ``field[i]``."""
        if isinstance(records, list) and self._add_plain(records):
            return
        index, rows, notes = self._index.get, self._row_of_text.get, self._notes
        holders, helds, row_of = self._holder.append, self._held.append, self._row.append
        k = len(self._row)
        for i, given in enumerate(records):
            try:
                record = check(given)
                note, key = record.get("note"), _text_key(record)
                plain = note is None or (type(note) is str and bool(note.strip()))
                row = rows(key) if plain else None  # no row is kept under None
                holder, of = record["holder"], record["of"]
                h = index(holder) if type(holder) is str else None
                o = index(of) if type(of) is str else None
                if row is None or h is None or o is None or h == o:
                    row = self.add(Stake(**record))  # validates, and names what is wrong
                    if key is not None:
                        self._row_of_text[key] = row
                else:
                    if note is not None:
                        notes[k] = note
                    holders(h)
                    helds(o)
                    row_of(row)
            except InvalidDealError as error:
                raise error.within(field=f"{field}[{i}]") from None
            k += 1

    def _add_plain(self, records: list[Any]) -> bool:
        """All at once, in passes that run in C, when every record is a table of just holder,
        of and equity that names known parties and gives its equity as a text that parses: the
        common shape of a large file. Adds nothing and returns False otherwise (the
        record-by-record loop then finds and names the problem)."""
        try:
            if not all(map(operator.eq, map(dict.keys, records), repeat(PLAIN))):
                return False
            equities = list(map(operator.itemgetter("equity"), records))
            for text in set(equities):
                if type(text) is not str:
                    return False
                if text not in self._row_of_text:  # parsed and checked once
                    figures: Row = (fields.stake(text, "equity"), None, None, None)
                    self._row_of_text[text] = self._row_of(figures)
            code = self._index.__getitem__
            holder = array("q", map(code, map(operator.itemgetter("holder"), records)))
            held = array("q", map(code, map(operator.itemgetter("of"), records)))
        except (TypeError, KeyError, InvalidDealError):  # not a table, unhashable, unknown id…
            return False
        if any(map(operator.eq, holder, held)):
            return False
        self._holder.extend(holder)
        self._held.extend(held)
        self._row.extend(map(self._row_of_text.__getitem__, equities))
        return True

    def build(self, *, made: list[Stake] | None = None) -> StakeTable:
        return StakeTable(
            tuple(self._ids), self._holder, self._held, self._row, tuple(self._rows),
            self._notes, made,
        )  # fmt: skip


def _text_key(record: Mapping[str, Any]) -> object:
    """The stake's figures as written, when all are text (the parse of text can be reused):
    the equity text alone when it is the only figure, else the four texts; else None."""
    equity = record.get("equity")
    if type(equity) is not str:
        return None
    others = (record.get("voting"), record.get("equity_max"), record.get("voting_max"))
    if others == (None, None, None):
        return equity
    if all(value is None or type(value) is str for value in others):
        return (equity, *others)
    return None


class StakeColumns:
    """A deal's stakes as arrays, for the look-through (``Deal.stake_columns()``).

    ``ids`` are every party id in the deal's order; ``holder`` and ``held`` index into them.
    ``floats(basis, upper=False)`` gives each stake's share on ``"equity"`` or ``"voting"``
    (votes default to equity; ``upper`` takes the top of a range); ``exact(k, basis, upper=False)``
    the exact fraction of stake ``k`` (what ``Stake.share`` gives); ``ranged`` marks the stakes
    known only as ranges; ``voting_given`` tells whether any stake gives its votes apart from
    its equity. Every array is read-only.
    """

    __slots__ = ("_floats", "_row", "_rows", "held", "holder", "ids", "ranged", "voting_given")

    def __init__(self, table: StakeTable, ids: tuple[str, ...]) -> None:
        import numpy as np

        holder, held = _ints(table._holder), _ints(table._held)
        if table._ids != ids:  # the table's codes follow another order: map them onto the deal's
            position = {party: i for i, party in enumerate(ids)}
            remap = np.fromiter(map(position.__getitem__, table._ids), np.int64)
            holder, held = remap[holder], remap[held]
        self.ids = ids
        self.holder = _frozen(holder)
        self.held = _frozen(held)
        self._row = _ints(table._row)
        self._rows = table._rows
        is_range = [row[2] is not None or row[3] is not None for row in self._rows]
        self.ranged = _frozen(np.asarray(is_range)[self._row])
        used = np.unique(self._row).tolist()
        self.voting_given = any(self._rows[r][1] is not None for r in used)
        self._floats: dict[tuple[Basis, bool], npt.NDArray[np.float64]] = {}

    def __len__(self) -> int:
        return len(self._row)

    def floats(self, basis: Basis, upper: bool = False) -> npt.NDArray[np.float64]:
        """Each stake's share on ``basis`` as a float (the top of a range with ``upper``)."""
        import numpy as np

        key = (_basis(basis), bool(upper))
        found = self._floats.get(key)
        if found is None:
            shares = [
                _float(share_of(e, v, e_max, v_max, *key)) for e, v, e_max, v_max in self._rows
            ]
            found = self._floats[key] = _frozen(np.asarray(shares)[self._row])
        return found

    def exact(self, k: int, basis: Basis, upper: bool = False) -> Fraction:
        """The exact share of stake ``k`` on ``basis``, as ``Stake.share`` gives it."""
        equity, voting, equity_max, voting_max = self._rows[self._row[k]]
        return share_of(equity, voting, equity_max, voting_max, _basis(basis), upper)


def _basis(basis: Basis) -> Basis:
    if basis not in _BASES:
        raise InvalidArgumentError(f"basis={basis!r}; expected 'equity' or 'voting'")
    return basis


def _frozen(values: Any) -> Any:
    values.setflags(write=False)
    return values
