"""The order a sweep solves its cuts in: each after the one most like it.

A warm engine re-solves each cut from the last cut's optimal basis, with the last cut's bounds
restored first: the dual simplex pays to undo the last cut and to make this one. Two cuts that
change the same rows and columns undo and redo little of each other. On the bundled network the
country sweep's 15 cuts in alphabetical order take ~355 simplex iterations; taken from the largest
cut on, each followed by the remaining cut most like it (Jaccard similarity of the rows and columns
they change), ~236 (a third fewer); nodes ~485 → ~435. Cuts that share no row or column (assets,
corridors and modes partition the links) give the similarity nothing to go by and keep their
order, as do links (single rows, already listed next to their neighbours in network order: no gain).

The answers do not depend on the order (each solve is optimal for its own cut); only where an LP
has several optimal solutions may another one be returned, as for any other start.

Examples
--------
>>> from corridors.model.lp import Change
>>> import numpy as np
>>> def cut(*rows):
...     return Change(np.array(rows), np.zeros(len(rows)), np.zeros(0, dtype=np.int64), np.zeros(0))
>>> similar_first([cut(1), cut(5, 6, 7), cut(1, 2), cut(6, 7)], num_rows=10)
[1, 3, 2, 0]
>>> similar_first([cut(1), cut(5, 6, 7), cut(2)], num_rows=10)   # nothing shared: as given
[0, 1, 2]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from corridors.model.lp import Change

__all__ = ["similar_first", "MAX_ORDERED"]

MAX_ORDERED: int = 1024
"""Above this many cuts the given order is kept (the similarity matrix is dense, n × n); the large
synthetic sweeps answer most cuts by a local re-solve that does not start from the last cut's basis."""


def similar_first(changes: Sequence[Change], *, num_rows: int) -> list[int]:
    """Positions of ``changes`` in solve order: the cut changing the most rows and columns first,
    then always the remaining cut most like the last one (the larger on a tie, then the earlier).
    Where no two cuts share a row or column the given order is kept. ``num_rows``: the LP's row
    count (columns are numbered after the rows)."""
    import numpy as np
    from scipy.sparse import csr_matrix

    n = len(changes)
    if n <= 2 or n > MAX_ORDERED:
        return list(range(n))
    items = [np.unique(np.concatenate([np.asarray(c.rows, dtype=np.int64),
                                       num_rows + np.asarray(c.cols, dtype=np.int64)])) for c in changes]
    sizes = np.fromiter((len(i) for i in items), dtype=np.int64, count=n)
    width = int(max((int(i[-1]) for i in items if len(i)), default=-1)) + 1
    m = csr_matrix((np.ones(int(sizes.sum())), np.concatenate(items), np.r_[0, np.cumsum(sizes)]), shape=(n, max(width, 1)))
    shared = (m @ m.T).toarray()
    if not (shared - np.diag(np.diag(shared))).any():
        return list(range(n))  # no two cuts share a row or column (assets, corridors, modes): nothing to go by
    union = sizes[:, None] + sizes[None, :] - shared
    like = np.divide(shared, union, out=np.zeros((n, n)), where=union > 0)
    order = [int(np.argmax(sizes))]
    left = np.ones(n, dtype=bool)
    left[order[0]] = False
    for _ in range(n - 1):
        score = np.where(left, like[order[-1]], -1.0)
        best = np.flatnonzero(score == score.max())
        pick = int(best[np.argmax(sizes[best])])
        order.append(pick)
        left[pick] = False
    return order
