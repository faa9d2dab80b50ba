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
>>> from corridors.model.warm import export_linear_program
>>> lp = export_linear_program(build_problem(load_network(), year=2024))
>>> solver = BlockSolver(lp)
>>> len(solver.blocks) >= 2
True
>>> r = solver.solve({"link:btc-ge": 0.0})
>>> r.status, round(r.unmet["gas"], 6)
('optimal', 0.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from corridors.model.warm import LinearProgram, WarmResult, WarmSolver

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["split_blocks", "BlockSolver"]


def split_blocks(lp: LinearProgram) -> list[tuple[LinearProgram, np.ndarray]]:
    """The LP's independent blocks: ``[(sub_lp, global column indices), ...]``, largest first.

    Each ``sub_lp`` keeps ``lp.link_ids`` (so ``col_link`` still indexes it) and the maps from
    link and node ids to *its own* rows and columns; the objective offset goes to the first block.
    """
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n, m = lp.num_col, lp.num_row
    cols_of_entries = np.repeat(np.arange(n), np.diff(lp.a_start))
    # bipartite graph: nodes 0..m-1 are rows, m..m+n-1 columns
    graph = coo_matrix((np.ones(len(lp.a_index)), (lp.a_index.astype(np.int64), m + cols_of_entries)),
                       shape=(m + n, m + n))
    count, label = connected_components(graph, directed=False)
    row_label, col_label = label[:m], label[m:]
    order = sorted(range(count), key=lambda b: -int((col_label == b).sum()))
    blocks = []
    for position, b in enumerate(order):
        cols = np.flatnonzero(col_label == b)
        rows = np.flatnonzero(row_label == b)
        if not len(cols):
            continue  # an empty row (no column): nothing to solve
        blocks.append((_sub_lp(lp, cols, rows, offset=lp.offset if position == 0 else 0.0), cols))
    return blocks


def _sub_lp(lp: LinearProgram, cols, rows, *, offset: float) -> LinearProgram:
    import numpy as np

    row_pos = np.full(lp.num_row, -1, dtype=np.int64)
    row_pos[rows] = np.arange(len(rows))
    col_pos = np.full(lp.num_col, -1, dtype=np.int64)
    col_pos[cols] = np.arange(len(cols))
    starts, index, value = [0], [], []
    for j in cols:
        lo, hi = lp.a_start[j], lp.a_start[j + 1]
        index.append(row_pos[lp.a_index[lo:hi]])
        value.append(lp.a_value[lo:hi])
        starts.append(starts[-1] + (hi - lo))
    a_index = np.concatenate(index).astype(np.int32) if index else np.zeros(0, dtype=np.int32)
    a_value = np.concatenate(value) if value else np.zeros(0)

    def local(mapping: Mapping[str, tuple[int, ...]], pos) -> dict[str, tuple[int, ...]]:
        out = {}
        for key, idx in mapping.items():
            mine = tuple(int(pos[i]) for i in idx if pos[i] >= 0)
            if mine:
                out[key] = mine
        return out

    return replace(
        lp,
        col_names=tuple(lp.col_names[j] for j in cols), col_cost=lp.col_cost[cols], col_lower=lp.col_lower[cols],
        col_upper=lp.col_upper[cols], row_names=tuple(lp.row_names[i] for i in rows), row_lower=lp.row_lower[rows],
        row_upper=lp.row_upper[rows], a_start=np.asarray(starts, dtype=np.int32), a_index=a_index, a_value=a_value,
        col_kind=lp.col_kind[cols], col_commodity=lp.col_commodity[cols], col_link=lp.col_link[cols],
        row_kind=lp.row_kind[rows], row_ref=lp.row_ref[rows], row_nominal=lp.row_nominal[rows],
        link_rows=local(lp.link_rows, row_pos), node_rows=local(lp.node_rows, row_pos),
        link_cols=local(lp.link_cols, col_pos), node_cols=local(lp.node_cols, col_pos), offset=offset,
    )


class BlockSolver:
    """Warm-start solvers for each independent block of ``lp``; same interface as
    :class:`~corridors.model.warm.WarmSolver` for :meth:`solve` (``{"link:ID" | "node:ID": fraction}``).

    Parameters
    ----------
    lp
        The whole exported model.
    threads
        HiGHS threads for every block's solver.
    """

    def __init__(self, lp: LinearProgram, *, threads: int | None = None):
        self.lp = lp
        self._threads = threads
        self.blocks = split_blocks(lp)
        self.engines = [WarmSolver(sub, threads=threads) for sub, _ in self.blocks]
        self.base = [engine.solve({}) for engine in self.engines]
        # which blocks a derate reaches: an element with capacity rows is derated there (as
        # WarmSolver does: a row, not the columns); one without rows can only be cut, in every
        # block that holds its columns
        self._where: dict[str, list[int]] = {}
        for kind, rows, cols in (("link", "link_rows", "link_cols"), ("node", "node_rows", "node_cols")):
            for ident in set(getattr(lp, rows)) | set(getattr(lp, cols)):
                with_rows = [b for b, (sub, _) in enumerate(self.blocks) if ident in getattr(sub, rows)]
                with_cols = [b for b, (sub, _) in enumerate(self.blocks) if ident in getattr(sub, cols)]
                self._where[f"{kind}:{ident}"] = with_rows or with_cols

    def __reduce__(self):
        return (_rebuild, (self.lp, self._threads))

    def __repr__(self) -> str:
        return f"<BlockSolver {len(self.blocks)} blocks of {self.lp!r}>"

    def solve(self, derates: Mapping[str, float] | None = None) -> WarmResult:
        """Re-solve the blocks ``derates`` touch (warm) and combine them with the others' base case."""
        import numpy as np

        touched: dict[int, dict[str, float]] = {}
        for key, fraction in (derates or {}).items():
            kind, ident = self.lp._element(key)  # raises ScenarioError for an unknown id
            key = f"{kind}:{ident}"
            if not 0.0 <= float(fraction) <= 1.0:
                from corridors.errors import ScenarioError

                raise ScenarioError(f"{key!r}: derate {fraction!r} is not a fraction; give 0 (cut) to 1 (intact)")
            for b in self._where.get(key, ()):
                touched.setdefault(b, {})[key] = fraction
        results = [self.engines[b].solve(touched[b]) if b in touched else self.base[b] for b in range(len(self.blocks))]
        bad = next((r for r in results if r.status != "optimal"), None)
        lp = self.lp
        x = np.empty(lp.num_col)
        for (_, cols), r in zip(self.blocks, results):
            x[cols] = r.x
        if bad is not None:
            x[:] = math.nan
        unmet = {k: float(sum(r.unmet.get(k, 0.0) for r in results)) for k in lp.commodities}
        flows = np.bincount(lp.col_link[lp.col_link >= 0], weights=x[lp.col_link >= 0], minlength=len(lp.link_ids))
        return WarmResult(status=bad.status if bad is not None else "optimal",
                          objective=math.nan if bad is not None else float(sum(r.objective for r in results)),
                          unmet=unmet, flows=flows, x=x, throughput=float(sum(r.throughput for r in results)),
                          attempts=max(r.attempts for r in results), iterations=sum(r.iterations for r in results))


def _rebuild(lp: LinearProgram, threads: int | None) -> BlockSolver:
    return BlockSolver(lp, threads=threads)
