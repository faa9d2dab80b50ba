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
import weakref
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from corridors.model.lp import TARGET, UNMET, Change, LinearProgram, _change
from corridors.model.warm import WarmResult, WarmSolver

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["split_blocks", "BlockSolver", "LOCAL_MIN_COLS"]

LOCAL_MIN_COLS: int = 4000
"""Blocks with at least this many columns try an exact local re-solve first (:mod:`corridors.model.local`);
below it a warm re-solve of the whole block is cheaper than building a sub-LP (measured on the synthetic
networks: a local answer costs ~4–7 ms whatever the size, a warm one grows with the block)."""


_ORIGIN_FREE = {"hops": 4, "grow_hops": 2, "basic_hops": 12, "grow_basic_hops": 8}


def local_options(lp: LinearProgram) -> dict:
    """The neighbourhood sizes of :class:`~corridors.model.local.LocalSolver` for ``lp``.

    The first neighbourhood is 4 hops around the cut plus 12 steps along the base's basis (the part
    of the basis tree the cut reprices), and a failed round grows 2 hops around its failing columns
    plus 8 basis steps from their neighbours. Measured on the 10,000-link synthetic N-1 sweep, its
    local solves replayed on the same cuts (process CPU, min of 3): about 5.2 s against 6.6 s with
    6 hops, 3 to grow and no basis steps, and 7.9 s before the column–column walk. Screened again
    with the row-wise sub-LPs (the same replay, min of 2, about 5.0 s here): 3 hops, 8–20 first
    basis steps, 1–3 hops and 4–12 basis steps to grow all land within ±5 % (30 first steps +10 %).

    With several origins per commodity every link has a column per origin, tied by its shared
    capacity: a hop reaches about as many columns more, each grown round costs more pivots (every
    origin's flow reroutes), and a warm re-solve of the whole block is the cheaper answer sooner, so
    the local solve gives up above 10 % of the block (not 30 %). The 9,000-link synthetic network
    with 3 origins per commodity (every third link): 29.6 s CPU against 34.7 s with its former
    sizes (5 hops, no basis steps).
    """
    import numpy as np

    flow = lp.col_origin >= 0
    if not flow.any():
        return dict(_ORIGIN_FREE)
    pairs = np.unique(lp.col_commodity[flow] * (int(lp.col_origin.max()) + 1) + lp.col_origin[flow])
    per_commodity = len(pairs) / max(1, len(np.unique(lp.col_commodity[flow])))
    return {**_ORIGIN_FREE, "max_share": 0.1} if per_commodity >= 2 else dict(_ORIGIN_FREE)


def _labels(lp: LinearProgram) -> tuple[int, np.ndarray, np.ndarray]:
    """Connected components of the LP's row–column graph: ``(count, row labels, column labels)``."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    n, m = lp.num_col, lp.num_row
    a = lp.matrix
    # bipartite graph: nodes 0..m-1 are rows, m..m+n-1 columns; column m+j links to the rows of its
    # entries: the CSC arrays are the graph's CSR arrays (no COO round trips; the same components)
    indptr = np.concatenate([np.zeros(m, dtype=a.indptr.dtype), a.indptr])
    graph = csr_matrix((np.ones(len(a.indices)), a.indices, indptr), shape=(m + n, m + n))
    count, label = connected_components(graph, directed=False)
    return count, label[:m], label[m:]


def split_blocks(lp: LinearProgram, *, merge_below: int = 64) -> list[tuple[LinearProgram, np.ndarray]]:
    """The LP's independent blocks: ``[(sub_lp, global column indices), ...]``, largest first.

    Components smaller than ``merge_below`` columns are merged (per set of commodities, so that gas
    never shares a block with oil): a merged block is still separable, and one solver for many
    single-column islands is cheaper than one each. Each ``sub_lp`` keeps ``lp.link_ids`` and
    ``lp.node_ids`` (so ``col_link``, ``row_ref`` … still index them); the objective offset goes
    to the first block. The matrix is permuted once, so every block is a contiguous slice.
    """
    return [(sub, cols) for sub, cols, _ in _split(lp, merge_below)]


def _split(lp: LinearProgram, merge_below: int):
    import numpy as np

    from corridors.model.sparse import CSC

    count, row_label, col_label = _labels(lp)
    sizes = np.bincount(col_label, minlength=count)
    # small components join one block per commodity set
    group = np.arange(count)
    small = np.flatnonzero(sizes < merge_below)
    if len(small):
        in_small = sizes[col_label] < merge_below
        # (component, commodity) pairs of the small components' columns, sorted: each one's commodity set
        width = int(lp.col_commodity.max(initial=0)) + 2
        pairs = np.unique(col_label[in_small].astype(np.int64) * width + (lp.col_commodity[in_small].astype(np.int64) + 1))
        commodity_sets: dict[int, list] = {}
        for lab, c in zip((pairs // width).tolist(), (pairs % width - 1).tolist()):
            commodity_sets.setdefault(lab, []).append(c)
        keys: dict[tuple, int] = {}
        for lab in small.tolist():
            group[lab] = keys.setdefault(tuple(commodity_sets.get(lab, ())), int(lab))
    col_group, row_group = group[col_label], group[row_label]
    gsizes = np.bincount(col_group, minlength=count)
    order = sorted(np.flatnonzero(gsizes).tolist(), key=lambda g: (-int(gsizes[g]), g))
    rank = np.full(count, len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    col_rank, row_rank = rank[col_group], rank[row_group]
    col_perm = np.argsort(col_rank, kind="stable")
    row_perm = np.argsort(row_rank, kind="stable")
    col_start = np.r_[0, np.cumsum(np.bincount(col_rank, minlength=len(order) + 1))]
    row_start = np.r_[0, np.cumsum(np.bincount(row_rank, minlength=len(order) + 1))]
    a = lp.matrix
    if isinstance(a, CSC):
        # the entries column by column in the permuted order, rows numbered within their block: each
        # block's matrix is a slice (a column's entries keep their order: rows ascending, as before)
        ptr, entry = _column_entries(a, col_perm)
        row_pos = np.empty(len(row_perm), dtype=np.int64)
        row_pos[row_perm] = np.arange(len(row_perm))
        local_row = (row_pos - row_start[row_rank]).astype(a.indices.dtype)
        index, value = local_row[a.indices[entry]], a.data[entry]
    else:  # a scipy matrix: permuted once by scipy, then sliced
        permuted = a[row_perm][:, col_perm].tocsc()
    blocks = []
    for b in range(len(order)):
        cs, ce, rs, re = col_start[b], col_start[b + 1], row_start[b], row_start[b + 1]
        cols, rows = col_perm[cs:ce], row_perm[rs:re]
        if isinstance(a, CSC):
            es, ee = ptr[cs], ptr[ce]
            matrix = CSC(value[es:ee], index[es:ee], (ptr[cs:ce + 1] - es).astype(a.indptr.dtype), (re - rs, ce - cs))
        else:
            matrix = permuted[:, cs:ce][rs:re].tocsc()
            matrix.sort_indices()
        blocks.append((_sub_lp(lp, cols, rows, matrix, offset=lp.offset if b == 0 else 0.0), cols, rows))
    return blocks


def _column_entries(a, cols) -> tuple[np.ndarray, np.ndarray]:
    """The entries of CSC matrix ``a``'s columns ``cols``, column by column in that order (each
    column's in their order): ``(ptr, entry)``, the new column pointers and each entry's position in ``a``."""
    import numpy as np

    counts = np.diff(a.indptr)[cols]
    ptr = np.zeros(len(cols) + 1, dtype=np.int64)
    np.cumsum(counts, out=ptr[1:])
    return ptr, np.repeat(a.indptr[:-1][cols].astype(np.int64) - ptr[:-1], counts) + np.arange(ptr[-1])


def _union_lp(lp: LinearProgram, cols, rows, *, offset: float) -> LinearProgram:
    """The sub-LP of whole blocks: columns ``cols`` and rows ``rows`` of ``lp`` (every entry of those
    columns lies in those rows), numbered in that order."""
    import numpy as np

    from corridors.model.sparse import CSC

    a = lp.matrix
    if isinstance(a, CSC):
        ptr, entry = _column_entries(a, cols)
        at = np.full(lp.num_row, -1, dtype=np.int64)
        at[rows] = np.arange(len(rows))
        matrix = CSC(a.data[entry], at[a.indices[entry]].astype(a.indices.dtype), ptr.astype(a.indptr.dtype),
                     (len(rows), len(cols)))
    else:  # a scipy matrix
        matrix = a[rows][:, cols].tocsc()
        matrix.sort_indices()
    return _sub_lp(lp, cols, rows, matrix, offset=offset)


def _sub_lp(lp: LinearProgram, cols, rows, matrix, *, offset: float) -> LinearProgram:
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
    local, local_min_cols
        Try an exact local re-solve first in blocks of at least ``local_min_cols`` columns (see
        :mod:`corridors.model.local`); ``paths`` counts how each answer was found (``base``,
        ``local``, ``grown``, ``warm``).
    neighbourhood
        The :class:`~corridors.model.local.LocalSolver` sizes (``hops``, ``max_share``, …); None: the
        ones :func:`local_options` picks for each block.
    """

    def __init__(self, lp: LinearProgram, *, threads: int | None = None, local: bool = True,
                 local_min_cols: int = LOCAL_MIN_COLS, neighbourhood: dict | None = None):
        import numpy as np

        from corridors.model.local import LocalSolver

        self.lp = lp
        self._threads = threads
        self._local_on = local
        self._local_min = local_min_cols
        self._neighbourhood = neighbourhood
        split = _split(lp, 64)
        self.blocks = [(sub, cols) for sub, cols, _ in split]
        self._block_rows = [rows for _, _, rows in split]
        self.engines = [WarmSolver(sub, threads=threads) for sub, _ in self.blocks]
        self.base = []
        self.local = []
        for engine in self.engines:
            base = engine.solve()
            self.base.append(base)
            ok = local and base.status == "optimal" and engine.lp.num_col >= local_min_cols
            self.local.append(LocalSolver(engine.lp, base.x, *engine.duals(), basis=engine.basis(),
                                           **(local_options(engine.lp) if neighbourhood is None else neighbourhood))
                              if ok else None)
        # global row/column → (block, local index), in one pass
        self._col_block = np.full(lp.num_col, -1, dtype=np.int64)
        self._col_local = np.full(lp.num_col, -1, dtype=np.int32)  # int32: a Change's index type
        self._row_block = np.full(lp.num_row, -1, dtype=np.int64)
        self._row_local = np.full(lp.num_row, -1, dtype=np.int32)
        for b, (_, cols, rows) in enumerate(split):
            self._col_block[cols] = b
            self._col_local[cols] = np.arange(len(cols))
            self._row_block[rows] = b
            self._row_local[rows] = np.arange(len(rows))
        self._x_base = np.empty(lp.num_col)
        for (_, cols), r in zip(self.blocks, self.base):
            self._x_base[cols] = r.x
        n_links = len(lp.link_ids)
        self._flows_base = np.bincount(lp.col_link[lp.col_link >= 0], weights=self._x_base[lp.col_link >= 0],
                                       minlength=n_links) if n_links else np.zeros(0)
        self._objective_base = float(sum(r.objective for r in self.base))
        self._unmet_base = {k: float(sum(r.unmet.get(k, 0.0) for r in self.base)) for k in lp.commodities}
        self._throughput_base = float(sum(r.throughput for r in self.base))
        self._unmet_commodity = np.where(lp.col_kind == UNMET, lp.col_commodity, -1)
        self._is_target = lp.col_kind == TARGET
        self._sums = [self._sums_of(cols) for _, cols in self.blocks]  # a warm answer's totals, per block
        self._splits: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Change -> {block: its part}
        self._merged: dict[tuple, tuple | None] = {}  # blocks -> one engine for a change touching them all
        self._merged_changes: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Change -> its merged form
        self.paths = {"base": 0, "local": 0, "grown": 0, "warm": 0}

    def __reduce__(self):
        return (_rebuild, (self.lp, self._threads, self._local_on, self._local_min, self._neighbourhood))

    @property
    def base_x(self) -> np.ndarray:
        """The base case's column values (what :attr:`WarmResult.changed` is relative to; read-only)."""
        view = self._x_base.view()
        view.flags.writeable = False
        return view

    def __repr__(self) -> str:
        return f"<BlockSolver {len(self.blocks)} blocks of {self.lp!r}>"

    def _sums_of(self, cols: np.ndarray) -> tuple:
        """How ``dx`` over ``cols`` changes the totals: the positions on links and their links, the
        unmet-demand positions per commodity and the target positions."""
        import numpy as np

        link = self.lp.col_link[cols]
        on_link = np.flatnonzero(link >= 0)
        kind = self._unmet_commodity[cols]
        at = np.flatnonzero(kind >= 0)
        # the commodities present, ascending (a bincount: np.unique sorts, ~3x the time on a local answer's columns)
        present = np.flatnonzero(np.bincount(kind[at])).tolist() if len(at) else []
        unmet = [(self.lp.commodities[k], at[kind[at] == k]) for k in present]
        return on_link, link[on_link], unmet, np.flatnonzero(self._is_target[cols])

    def _split(self, change: Change) -> dict[int, Change]:
        import numpy as np

        rb, cb = self._row_block[change.rows], self._col_block[change.cols]
        found = set(rb.tolist())
        found.update(cb.tolist())
        if len(found) == 1 and min(found) >= 0:  # one block (a sweep's usual cut): no masks
            return {found.pop(): Change(self._row_local[change.rows], change.row_upper.astype(float),
                                        self._col_local[change.cols], change.col_upper.astype(float))}
        out = {}
        for b in np.unique(np.concatenate([rb[rb >= 0], cb[cb >= 0]])).tolist():
            r, c = rb == b, cb == b
            out[b] = _change((self._row_local[change.rows[r]], change.row_upper[r]),
                             (self._col_local[change.cols[c]], change.col_upper[c]))
        return out

    def engine_key(self, change: Change) -> tuple[int, ...]:
        """The blocks ``change`` touches, ascending: changes with the same key are solved by the same
        engines (one block's, or the merged engine of several small ones), each from the last one's basis."""
        touched = self._splits.get(change)
        if touched is None:
            touched = self._splits[change] = self._split(change)
        return tuple(sorted(touched))

    def _merged_engine(self, key: tuple[int, ...]) -> tuple | None:
        """One warm engine for the blocks ``key`` together, made at the first change that touches them
        all: ``(engine, global columns, base objective, totals, each block's first column and row in
        it)``, or None where a block is solved locally or keeps no base basis (one of more than
        :data:`~corridors.model.warm.RESTART_MAX_ROWS` rows).

        Why: a country cut reaches both the gas block and the oil and freight block, and HiGHS's
        fixed work per run (about half of a few-pivot re-solve of the bundled network's blocks)
        is then paid once, not per block. The engine starts from the blocks' base bases put side by
        side, an optimal basis of the merged model (the blocks are independent), so its base case is
        theirs without a pivot. Bundled country sweep: 8.3 → 7.8 ms median in an A/B run, 23 HiGHS
        runs → 15 (``benchmarks/sweep.py --bundled``: 51–52× → 57–65× rebuild + CBC).
        """
        import numpy as np

        if key in self._merged:
            return self._merged[key]
        homes = [self.engines[b]._home for b in key]
        if any(self.local[b] is not None for b in key) or any(h is None for h in homes):
            self._merged[key] = None
            return None
        cols = np.concatenate([self.blocks[b][1] for b in key])
        rows = np.concatenate([self._block_rows[b] for b in key])
        engine = WarmSolver(_union_lp(self.lp, cols, rows, offset=sum(self.blocks[b][0].offset for b in key)),
                            threads=self._threads)
        start = engine._hs.HighsBasis()
        start.col_status = [s for h in homes for s in h.col_status]
        start.row_status = [s for h in homes for s in h.row_status]
        start.valid = True
        engine._h.setBasis(start)
        base = engine.solve()
        if base.status != "optimal":  # pragma: no cover - the blocks' optimal bases side by side
            self._merged[key] = None
            return None
        col_at = np.zeros(len(self.blocks), dtype=np.int64)  # each block's first position in the merged model
        row_at = np.zeros(len(self.blocks), dtype=np.int64)
        col_at[list(key)] = np.r_[0, np.cumsum([len(self.blocks[b][1]) for b in key])[:-1]]
        row_at[list(key)] = np.r_[0, np.cumsum([len(self._block_rows[b]) for b in key])[:-1]]
        self._merged[key] = got = (engine, cols, float(sum(self.base[b].objective for b in key)),
                                   self._sums_of(cols), col_at, row_at)
        return got

    def _merged_part(self, change: Change, touched: dict) -> tuple | None:
        """``((engine, columns, base objective, totals), change in the merged model's indices)`` for a
        change touching several blocks, or None where they are solved one by one."""
        import numpy as np

        key = tuple(sorted(touched))
        merged = self._merged_engine(key)
        if merged is None:
            return None
        engine, cols, base_objective, sums, col_at, row_at = merged
        local = self._merged_changes.get(change)
        if local is None:
            row_block, col_block = self._row_block[change.rows], self._col_block[change.cols]
            if (row_block < 0).any() or (col_block < 0).any():  # pragma: no cover - every row and column has a block
                return None
            rows_at = row_at[row_block] + self._row_local[change.rows]
            cols_at = col_at[col_block] + self._col_local[change.cols]
            local = self._merged_changes[change] = Change(rows_at.astype(np.int32), change.row_upper.astype(float),
                                                          cols_at.astype(np.int32), change.col_upper.astype(float))
        return (engine, cols, base_objective, sums), local

    def solve(self, change: Change | None = None, *, links: Mapping[str, float] | None = None,
              nodes: Mapping[str, float] | None = None) -> WarmResult:
        """Re-solve only the blocks the change touches — locally where that is proven optimal, else
        warm — and combine them with the others' base case (only the touched blocks' values and
        totals change)."""
        import numpy as np

        if links or nodes:
            extra = self.lp.derate(links, nodes)
            change = extra if change is None else change.merge(extra)
        touched = {}
        if change is not None:  # a change's part in each block, once per change (sweeps re-use theirs)
            touched = self._splits.get(change)
            if touched is None:
                touched = self._splits[change] = self._split(change)
        lp = self.lp
        x = self._x_base.copy()
        flows = self._flows_base.copy()
        objective = self._objective_base
        unmet = dict(self._unmet_base)
        throughput = self._throughput_base
        iterations, attempts, paths = 0, 1, []
        changed_cols, changed_dx = [], []
        parts = list(touched.items())
        if len(parts) > 1:  # several small blocks: one run of a model of them all (see _merged_engine)
            merged = self._merged_part(change, touched)
            if merged is not None:
                parts = [merged]
        for b, sub_change in parts:
            if isinstance(b, tuple):  # the merged blocks' engine, columns, base objective and totals
                engine, block_cols, block_base, block_sums = b
                answer = None
            else:
                engine, block_cols = self.engines[b], self.blocks[b][1]
                block_base, block_sums = self.base[b].objective, self._sums[b]
                answer = self.local[b].solve(sub_change) if self.local[b] is not None else None
            if answer is not None:
                cols = block_cols[answer.cols]
                dx = answer.x - self._x_base[cols]
                objective += answer.objective_change
                iterations += answer.iterations
                paths.append("local" if answer.rounds == 1 else "grown")
                sums = self._sums_of(cols)
            else:
                engine.apply(sub_change)
                status, block_objective, block_x, block_attempts, block_iterations = engine._run()
                if block_x is None:
                    n = lp.num_col
                    return WarmResult(status=status, objective=math.nan, unmet={k: math.nan for k in lp.commodities},
                                      flows=np.full(len(lp.link_ids), math.nan), x=np.full(n, math.nan),
                                      throughput=math.nan, attempts=block_attempts,
                                      iterations=iterations + block_iterations, path="warm")
                cols = block_cols
                dx = block_x - self._x_base[cols]
                objective += block_objective - block_base
                iterations += block_iterations
                attempts = max(attempts, block_attempts)
                paths.append("warm")
                sums = block_sums
            x[cols] += dx
            changed_cols.append(cols)
            changed_dx.append(dx)
            on_link, link, unmet_at, target_at = sums
            if len(on_link):
                flows += np.bincount(link, weights=dx[on_link], minlength=len(flows))
            for k, at in unmet_at:
                unmet[k] += float(dx[at].sum())
            throughput += float(dx[target_at].sum())
        path = "base" if not paths else ("warm" if "warm" in paths else ("grown" if "grown" in paths else "local"))
        self.paths[path] += 1
        changed = ((np.concatenate(changed_cols), np.concatenate(changed_dx)) if changed_cols
                   else (np.zeros(0, dtype=np.int64), np.zeros(0)))
        return WarmResult(status="optimal", objective=objective, unmet=unmet, flows=flows, x=x,
                          throughput=throughput, attempts=attempts, iterations=iterations, path=path,
                          changed=changed)


def _rebuild(lp: LinearProgram, threads: int | None, local: bool = True,
             local_min_cols: int = LOCAL_MIN_COLS, neighbourhood: dict | None = None) -> BlockSolver:
    return BlockSolver(lp, threads=threads, local=local, local_min_cols=local_min_cols, neighbourhood=neighbourhood)
