"""Independent blocks of a corridor LP, each re-solved on its own.

Commodities that share no capacity never meet in one constraint: gas (pipelines) and oil+freight
(rail, tankers) and power form separate blocks of the LP (connected components of its row–column
graph). A disruption re-solves only the blocks it touches; the others keep their base solution.
The answer is the same as for the whole model (the LP is separable), and a sweep pays HiGHS's
per-run work only on the part of the model that changed.

Examples
--------
>>> from corridors.model.flow import build_problem
>>> from corridors.data.io import load_network
>>> lp = build_problem(load_network(), year=2024).program
>>> solver = BlockSolver(lp)
>>> len(solver.blocks) >= 2
True
>>> r = solver.solve(links={"btc-ge": 0.0})
>>> r.status, round(r.unmet["gas"], 6)
('optimal', 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from corridors.model.lp import Change, LinearProgram, _change
from corridors.model.warm import WarmResult, WarmSolver

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["split_blocks", "BlockSolver"]


def _labels(lp: LinearProgram) -> tuple[int, np.ndarray, np.ndarray]:
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n, m = lp.num_col, lp.num_row
    a = lp.matrix.tocoo()
    # bipartite graph: nodes 0..m-1 are rows, m..m+n-1 columns
    graph = coo_matrix((np.ones(a.nnz), (a.row.astype(np.int64), m + a.col.astype(np.int64))), shape=(m + n, m + n))
    count, label = connected_components(graph, directed=False)
    return count, label[:m], label[m:]


def split_blocks(lp: LinearProgram) -> list[tuple[LinearProgram, np.ndarray]]:
    """The LP's independent blocks: ``[(sub_lp, global column indices), ...]``, largest first.

    Each ``sub_lp`` keeps ``lp.link_ids`` and ``lp.node_ids`` (so ``col_link``, ``row_ref`` … still
    index them); the objective offset goes to the first block.
    """
    import numpy as np

    count, row_label, col_label = _labels(lp)
    sizes = np.bincount(col_label, minlength=count)
    order = sorted(range(count), key=lambda b: -int(sizes[b]))
    col_order = np.argsort(col_label, kind="stable")
    col_start = np.r_[0, np.cumsum(sizes)]
    row_sizes = np.bincount(row_label, minlength=count)
    row_order = np.argsort(row_label, kind="stable")
    row_start = np.r_[0, np.cumsum(row_sizes)]
    blocks = []
    for position, b in enumerate(order):
        cols = col_order[col_start[b]:col_start[b + 1]]
        rows = row_order[row_start[b]:row_start[b + 1]]
        if not len(cols):
            continue  # an empty row (no column): nothing to solve
        blocks.append((_sub_lp(lp, cols, rows, offset=lp.offset if position == 0 else 0.0), cols))
    return blocks


def _sub_lp(lp: LinearProgram, cols, rows, *, offset: float) -> LinearProgram:
    matrix = lp.matrix[rows][:, cols].tocsc()
    matrix.sort_indices()
    return replace(
        lp, col_cost=lp.col_cost[cols], col_lower=lp.col_lower[cols], col_upper=lp.col_upper[cols], matrix=matrix,
        row_lower=lp.row_lower[rows], row_upper=lp.row_upper[rows],
        **{name: getattr(lp, name)[cols] for name in ("col_kind", "col_link", "col_direction", "col_commodity",
                                                        "col_origin", "col_node", "col_tail", "col_head")},
        **{name: getattr(lp, name)[rows] for name in ("row_kind", "row_ref", "row_commodity", "row_unit",
                                                        "row_nominal")},
        offset=offset)


class BlockSolver:
    """Warm-start solvers for each independent block of ``lp``; the same :meth:`solve` as
    :class:`~corridors.model.warm.WarmSolver` (a :class:`~corridors.model.lp.Change`, or
    ``links={id: fraction}``, ``nodes={id: fraction}``).

    Parameters
    ----------
    lp
        The whole model's arrays (``build_problem(...).program``).
    threads
        HiGHS threads for every block's solver.
    """

    def __init__(self, lp: LinearProgram, *, threads: int | None = None):
        import numpy as np

        self.lp = lp
        self._threads = threads
        self.blocks = split_blocks(lp)
        self.engines = [WarmSolver(sub, threads=threads) for sub, _ in self.blocks]
        self.base = [engine.solve() for engine in self.engines]
        # global row/column → (block, local index), in one pass over the blocks
        self._col_block = np.full(lp.num_col, -1, dtype=np.int64)
        self._col_local = np.full(lp.num_col, -1, dtype=np.int64)
        self._row_block = np.full(lp.num_row, -1, dtype=np.int64)
        self._row_local = np.full(lp.num_row, -1, dtype=np.int64)
        count, row_label, col_label = _labels(lp)
        for b, (sub, cols) in enumerate(self.blocks):
            self._col_block[cols] = b
            self._col_local[cols] = np.arange(len(cols))
        label_block = np.full(count, -1, dtype=np.int64)
        label_block[col_label[[cols[0] for _, cols in self.blocks]]] = np.arange(len(self.blocks))
        self._row_block = label_block[row_label]
        for b in range(len(self.blocks)):
            rows = np.flatnonzero(self._row_block == b)
            self._row_local[rows] = np.arange(len(rows))
        self._x_base = np.empty(lp.num_col)
        for (_, cols), r in zip(self.blocks, self.base):
            self._x_base[cols] = r.x
        self._flow_mask = lp.col_link >= 0

    def __reduce__(self):
        return (_rebuild, (self.lp, self._threads))

    def __repr__(self) -> str:
        return f"<BlockSolver {len(self.blocks)} blocks of {self.lp!r}>"

    def _split(self, change: Change) -> dict[int, Change]:
        import numpy as np

        rb, cb = self._row_block[change.rows], self._col_block[change.cols]
        out = {}
        for b in np.unique(np.concatenate([rb[rb >= 0], cb[cb >= 0]])).tolist():
            r, c = rb == b, cb == b
            out[b] = _change((self._row_local[change.rows[r]], change.row_upper[r]),
                             (self._col_local[change.cols[c]], change.col_upper[c]))
        return out

    def solve(self, change: Change | None = None, *, links: Mapping[str, float] | None = None,
              nodes: Mapping[str, float] | None = None) -> WarmResult:
        """Re-solve the blocks the change touches (warm) and combine them with the others' base case."""
        import numpy as np

        if links or nodes:
            extra = self.lp.derate(links, nodes)
            change = extra if change is None else change.merge(extra)
        touched = self._split(change) if change is not None else {}
        results = [self.engines[b].solve(touched[b]) if b in touched else self.base[b] for b in range(len(self.blocks))]
        bad = next((r for r in results if r.status != "optimal"), None)
        lp = self.lp
        x = self._x_base.copy()
        for b in touched:
            x[self.blocks[b][1]] = results[b].x
        if bad is not None:
            x[:] = math.nan
        unmet = {k: float(sum(r.unmet.get(k, 0.0) for r in results)) for k in lp.commodities}
        flows = np.bincount(lp.col_link[self._flow_mask], weights=x[self._flow_mask], minlength=len(lp.link_ids))
        return WarmResult(status=bad.status if bad is not None else "optimal",
                          objective=math.nan if bad is not None else float(sum(r.objective for r in results)),
                          unmet=unmet, flows=flows, x=x, throughput=float(sum(r.throughput for r in results)),
                          attempts=max(r.attempts for r in results),
                          iterations=sum(results[b].iterations for b in touched))


def _rebuild(lp: LinearProgram, threads: int | None) -> BlockSolver:
    return BlockSolver(lp, threads=threads)
