"""Exact local re-solve: answer a disruption from a neighbourhood of the element, proven optimal for the whole LP.

A cut changes a few bounds; the flow it displaces usually reroutes nearby. :class:`LocalSolver`
re-solves a sub-LP around the change, starting from the base's basis:

* the *neighbourhood* ``C``: columns within ``hops`` row–column steps of the changed rows and columns;
* its rows ``R``: every row holding a column of ``C`` (the changed rows among them), full bounds;
* the *boundary* ``B``: the other columns of the rows ``R``, fixed at their base values and priced
  at ``cost − Σ_{r∉R} a_r·y_r`` (the rows left out relaxed at the base duals ``y``).

The answer (``C`` re-solved, everything else at the base) is primal feasible for the whole LP: rows
outside ``R`` hold no column of ``C``. It is accepted when it is provably optimal:

1. *dual check*: with the sub-LP's duals on ``R`` and the base's elsewhere, the reduced cost of every
   column must have the sign its value allows (≥ 0 at its lower bound, ≤ 0 at its upper, 0 in
   between). Columns of ``C`` pass by the sub-LP's optimality, columns touching no row of ``R``
   keep the base's reduced cost, and the boundary's reduced costs are the sub-LP's (its prices
   carry the base duals of the rows left out) — so only those are checked.
2. when duals are degenerate and the check fails, the *Lagrangian bound* decides: the same sub-LP
   with the boundary free is a lower bound on the whole LP; a fixed-boundary answer that reaches
   it is optimal.

Otherwise the failing boundary columns (and the ones the free solve moved), with ``grow_hops`` steps
around them, join ``C`` and the round repeats; after ``max_rounds`` rounds, or once the sub-LP would
hold more than ``max_share`` of the columns, :meth:`LocalSolver.solve` returns None and the caller
solves the whole model warm. ``LocalSolver.paths`` counts each outcome.

Examples
--------
>>> from corridors.model.flow import build_problem
>>> from corridors.model.warm import WarmSolver
>>> from corridors.data.io import load_demo_network
>>> lp = build_problem(load_demo_network()).program
>>> whole = WarmSolver(lp)
>>> base = whole.solve()
>>> local = LocalSolver(lp, base.x, *whole.duals())
>>> answer = local.solve(lp.cut(links=["pipe-b"]))
>>> cut = whole.solve(links={"pipe-b": 0.0})
>>> answer is None or abs(base.objective + answer.objective_change - cut.objective) < 1e-6
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from corridors.model.lp import Change, LinearProgram

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["LocalAnswer", "LocalSolver"]

_MOVE_TOL = 1e-9   # a boundary column "moved" beyond this (relative to 1 + |base value|)
_DUAL_TOL = 1e-7   # reduced-cost sign tolerance (relative to 1 + |cost|)
_BOUND_TOL = 1e-9  # a value "at" its bound
_OBJ_TOL = 1e-9    # the fixed-boundary optimum reaches the Lagrangian bound within this (relative)


@dataclass(frozen=True, eq=False)
class LocalAnswer:
    """A proven-optimal local answer: new values ``x`` of columns ``cols``; the rest keep the base's."""

    cols: np.ndarray
    x: np.ndarray
    objective_change: float
    iterations: int
    rounds: int


class LocalSolver:
    """Neighbourhood re-solves of ``lp`` around a base solution ``x`` with duals ``row_dual``, ``col_dual``.

    Parameters
    ----------
    lp
        The model's arrays.
    x, row_dual, col_dual
        The base solution and its duals in HiGHS's convention (``col_dual = cost − Aᵀ row_dual``).
    basis
        The base's (column, row) basis statuses (:meth:`WarmSolver.basis`): each sub-LP starts
        from them, so a cut costs a few dual simplex pivots instead of a cold solve.
    hops
        Radius of the first neighbourhood (row–column–row steps from the change).
    max_rounds, max_share
        When to give up and let the caller solve the whole model.
    """

    def __init__(self, lp: LinearProgram, x, row_dual, col_dual, *, basis=None, hops: int = 6, grow_hops: int = 3,
                 max_rounds: int = 6, max_share: float = 0.3):
        import highspy
        import numpy as np

        from corridors.model.flow import quiet_stdout

        self.lp = lp
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(row_dual, dtype=float)
        self.d = np.asarray(col_dual, dtype=float)
        self._basis = basis
        self.grow_hops = grow_hops
        self.hops, self.max_rounds, self.max_share = hops, max_rounds, max_share
        self._csc = lp.matrix.tocsc()
        self._csc.sort_indices()
        self._csr = lp.matrix.tocsr()
        # column–column adjacency (columns sharing a row, themselves included): one hop is one gather
        pattern = self._csc.copy()
        pattern.data = np.ones(pattern.nnz)
        self._adj = (pattern.T @ pattern).tocsr()
        self._tol = _DUAL_TOL * (1.0 + np.abs(lp.col_cost))
        self._at_lower = self.x <= lp.col_lower + _BOUND_TOL * (1.0 + np.abs(lp.col_lower))
        finite_upper = np.where(np.isfinite(lp.col_upper), lp.col_upper, 0.0)
        self._at_upper = np.isfinite(lp.col_upper) & (self.x >= finite_upper - _BOUND_TOL * (1.0 + np.abs(finite_upper)))
        self._col_mark = np.zeros(lp.num_col, dtype=bool)
        self._row_pos = np.full(lp.num_row, -1, dtype=np.int64)
        self._row_stamp = np.zeros(lp.num_row, dtype=np.int64)
        self._col_stamp = np.zeros(lp.num_col, dtype=np.int64)
        self._integrality = np.zeros(lp.num_col, dtype=np.int32)
        self._hs = highspy
        codes = {int(v): v for v in highspy.HighsBasisStatus.__members__.values()}
        self._status_of = np.array([codes.get(i, codes[0]) for i in range(max(codes) + 1)], dtype=object)
        self._direct = True  # passModel from arrays (no per-element conversion); off if this highspy lacks it
        with quiet_stdout():
            self._h = highspy.Highs()
        self._h.setOptionValue("output_flag", False)
        self._h.setOptionValue("presolve", "off")  # small sub-LPs: presolve costs more than it saves
        self.paths = {"local": 0, "grown": 0, "fallback": 0}

    # -- graph steps --------------------------------------------------------------------------------
    def _rows_of(self, cols):
        """Rows holding any of ``cols`` (sorted)."""
        return _gather(self._csc, cols, self._row_stamp)

    def _cols_of(self, rows):
        """Columns in any of ``rows`` (sorted)."""
        return _gather(self._csr, rows, self._col_stamp)

    def _ball(self, seed, hops: int):
        """``seed`` and the columns within ``hops`` column–row–column steps of it (sorted).

        A breadth-first search over the column adjacency: each step gathers the neighbours of the
        columns added by the last one only, so the work is that of the ball, not ``hops`` times it.
        """
        import numpy as np

        seen = self._col_mark
        frontier = _dedupe(seed, self._col_stamp)
        parts = [frontier]
        seen[frontier] = True
        for _ in range(hops):
            near = _gather(self._adj, frontier, self._col_stamp)
            frontier = near[~seen[near]]
            if not len(frontier):
                break
            seen[frontier] = True
            parts.append(frontier)
        ball = np.concatenate(parts)
        seen[ball] = False
        ball.sort()
        return ball

    # -- solving ------------------------------------------------------------------------------------
    def solve(self, change: Change) -> LocalAnswer | None:
        """The optimum of the whole LP with ``change`` applied, found locally; None when not proven."""
        import numpy as np

        lp = self.lp
        stamp = self._col_stamp
        cols = self._ball(np.concatenate([change.cols, self._cols_of(change.rows.astype(np.int64))]), self.hops)
        limit = self.max_share * lp.num_col
        iterations = 0
        for round_ in range(1, self.max_rounds + 1):
            rows = self._rows_of(cols)
            every = self._cols_of(rows)  # C ∪ B, sorted
            if len(every) > limit:
                break
            mark = self._col_mark
            mark[cols] = True
            boundary = ~mark[every]
            mark[cols] = False
            base = self.x[every]
            solved = self._solve_sub(cols, rows, every, boundary, change)
            if solved is None:  # infeasible with the boundary fixed: widen
                cols = every
                continue
            x_new, col_dual, its = solved
            iterations += its
            # dual check: each boundary column's reduced cost (the whole LP's, with the sub-LP's duals
            # on R and the base's elsewhere) must have the sign its fixed value allows
            bad = boundary & (((col_dual < -self._tol[every]) & ~self._at_upper[every])
                              | ((col_dual > self._tol[every]) & ~self._at_lower[every]))
            if bad.any():
                # the duals may be one of many; the Lagrangian bound with the boundary free decides
                freed = self._free_boundary(boundary, base)
                if freed is None:
                    grow = every[bad]
                else:
                    x_free, bound, its = freed
                    iterations += its
                    objective = float(self._sub_cost @ x_new)
                    if objective <= bound + _OBJ_TOL * (1.0 + abs(bound)):
                        bad[:] = False
                    else:
                        moved = boundary & (np.abs(x_free - base) > _MOVE_TOL * (1.0 + np.abs(base)))
                        grow = every[moved | bad]
            if not bad.any():
                self.paths["local" if round_ == 1 else "grown"] += 1
                change_obj = float(lp.col_cost[every] @ (x_new - base))
                return LocalAnswer(cols=every, x=x_new, objective_change=change_obj, iterations=iterations,
                                   rounds=round_)
            grow = self._ball(grow, self.grow_hops)
            cols = _dedupe(np.concatenate([cols, grow]), stamp)
        self.paths["fallback"] += 1
        return None

    def _solve_sub(self, cols, rows, every, boundary, change: Change):
        """Solve the sub-LP on the columns ``every`` (= neighbourhood ``cols`` ∪ boundary) and ``rows``.

        Work and allocations are proportional to the sub-LP, not to the whole model: its matrix is
        gathered from the CSC arrays directly and passed to HiGHS as arrays.
        """
        import numpy as np

        hs, h, lp, csc = self._hs, self._h, self.lp, self._csc
        n, m = len(every), len(rows)
        starts = csc.indptr[every]
        counts = csc.indptr[every + 1] - starts
        col_of = np.repeat(np.arange(n), counts)
        entry = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(len(col_of))
        row_of, value = csc.indices[entry], csc.data[entry]
        pos = self._row_pos
        pos[rows] = np.arange(m)
        index = pos[row_of]
        pos[rows] = -1
        keep = index >= 0
        inside_col, inside_value = col_of[keep], value[keep]
        start = np.r_[0, np.cumsum(np.bincount(inside_col, minlength=n))].astype(np.int32)
        # boundary columns: their rows outside R priced at the base duals
        cost = self.d[every] + np.bincount(inside_col, weights=inside_value * self.y[row_of[keep]], minlength=n)
        mark = self._col_mark
        mark[cols] = True
        local = mark[every]
        mark[cols] = False
        cost[local] = lp.col_cost[every[local]]
        up = lp.row_upper[rows].copy()
        if len(change.rows):
            up[np.searchsorted(rows, change.rows)] = change.row_upper
        c_up = lp.col_upper[every].copy()
        if len(change.cols):
            c_up[np.searchsorted(every, change.cols)] = change.col_upper
        c_lo = lp.col_lower[every].copy()
        self._free_bounds = (c_lo.copy(), c_up.copy())
        c_lo[boundary] = c_up[boundary] = self.x[every][boundary]
        self._sub_cost = cost
        h.clearModel()
        if not self._pass(n, m, cost, c_lo, c_up, lp.row_lower[rows], up, start, index[keep].astype(np.int32),
                          inside_value):
            return None
        if self._basis is not None:  # start from the base's basis (HiGHS repairs an "alien" one)
            b = hs.HighsBasis()
            b.alien = True
            b.col_status = self._status_of[self._basis[0][every]].tolist()
            b.row_status = self._status_of[self._basis[1][rows]].tolist()
            h.setBasis(b)
        if h.run() == hs.HighsStatus.kError or h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        sol = h.getSolution()
        return (np.asarray(sol.col_value, dtype=float), np.asarray(sol.col_dual, dtype=float),
                int(h.getInfo().simplex_iteration_count))

    def _pass(self, n, m, cost, lower, upper, row_lower, row_upper, start, index, value) -> bool:
        """Hand the sub-LP to HiGHS as arrays (a ``HighsLp`` built field by field where this highspy needs it)."""
        hs, h = self._hs, self._h
        if self._direct:
            try:
                status = h.passModel(n, m, len(value), int(hs.MatrixFormat.kColwise), int(hs.ObjSense.kMinimize),
                                     0.0, cost, lower, upper, row_lower, row_upper, start, index, value,
                                     self._integrality[:n])
                return status != hs.HighsStatus.kError
            except TypeError:  # an older highspy without the array overload
                self._direct = False
        model = hs.HighsLp()
        model.num_col_, model.num_row_ = n, m
        model.col_cost_, model.col_lower_, model.col_upper_ = cost, lower, upper
        model.row_lower_, model.row_upper_ = row_lower, row_upper
        model.a_matrix_.format_ = hs.MatrixFormat.kColwise
        model.a_matrix_.num_col_, model.a_matrix_.num_row_ = n, m
        model.a_matrix_.start_, model.a_matrix_.index_, model.a_matrix_.value_ = start, index, value
        return h.passModel(model) != hs.HighsStatus.kError

    def _free_boundary(self, boundary, base):
        """Re-solve the last sub-LP with the boundary free (priced at the base duals): (x, objective, iterations).

        Its objective is a Lagrangian lower bound on the whole LP (the rows left out relaxed at the
        base duals); a fixed-boundary solution — feasible for the whole LP — that reaches it is
        optimal (complementary slackness holds on the rows left out, whose activity is the base's).
        """
        import numpy as np

        hs, h = self._hs, self._h
        idx = np.flatnonzero(boundary).astype(np.int32)
        lo, up = self._free_bounds
        h.changeColsBounds(len(idx), idx, lo[idx], up[idx])
        if h.run() == hs.HighsStatus.kError or h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        info = h.getInfo()
        return (np.asarray(h.getSolution().col_value, dtype=float), float(info.objective_function_value),
                int(info.simplex_iteration_count))


def _gather(matrix, major, stamp):
    """The minor indices of the ``major`` slices of a CSC/CSR matrix, unique and sorted (vectorised).

    ``stamp`` is a scratch int array over the minor dimension: duplicates are dropped by writing each
    entry's position there and keeping the entries that read their own back (no hash or full sort).
    """
    import numpy as np

    if not len(major):
        return np.zeros(0, dtype=np.int64)
    starts = matrix.indptr[major]
    counts = matrix.indptr[np.asarray(major) + 1] - starts
    total = int(counts.sum())
    offsets = np.repeat(starts - np.r_[0, np.cumsum(counts)[:-1]], counts)
    return _dedupe(matrix.indices[offsets + np.arange(total)], stamp)


def _dedupe(values, stamp):
    """``values`` unique and sorted, using the scratch array ``stamp`` (see :func:`_gather`)."""
    import numpy as np

    values = np.asarray(values, dtype=np.int64)
    order = np.arange(len(values))
    stamp[values] = order
    values = values[stamp[values] == order]
    values.sort()
    return values
