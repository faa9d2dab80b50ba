"""Exact local re-solve: answer a disruption from a neighbourhood of the element, proven optimal for the whole LP.

A cut changes a few bounds; the flow it displaces usually reroutes nearby. :class:`LocalSolver`
re-solves a sub-LP around the change:

* the *neighbourhood* ``C``: columns within a few row–column hops of the changed rows and columns;
* its rows ``R``: every row holding a column of ``C`` (the changed rows among them), with their
  full bounds;
* the *boundary* ``B``: the other columns of the rows ``R``. They stay variables, but their other
  rows (outside ``R``) are left out, priced instead at the base's duals: a boundary column costs
  ``cost − Σ_{r∉R} a_r·y_r`` (the Lagrangian of the rows left out), i.e. what it is worth to move
  it given how the rest of the network valued it in the base case.

If the sub-LP's optimum leaves every boundary column at its base value, it is optimal for the whole
LP: the rows outside ``R`` see the base's columns (primal feasible), and with the sub-LP's row duals
on ``R`` and the base duals elsewhere every column's reduced cost has the sign its value needs —
the columns of ``C ∪ B`` by the sub-LP's optimality, all others because none of their rows changed
dual. A boundary column that moves is flow that wants to go further: it joins the neighbourhood
(with one hop around it) and the sub-LP is solved again; after ``max_rounds`` rounds, or once the
neighbourhood holds more than ``max_share`` of the columns, :meth:`LocalSolver.solve` returns None
and the caller solves the whole model warm. ``LocalSolver.paths`` counts each outcome.

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
    hops
        Radius of the first neighbourhood (row–column–row steps from the change).
    max_rounds, max_share
        When to give up and let the caller solve the whole model.
    """

    def __init__(self, lp: LinearProgram, x, row_dual, col_dual, *, hops: int = 2, max_rounds: int = 6,
                 max_share: float = 0.3):
        import highspy
        import numpy as np

        from corridors.model.flow import quiet_stdout

        self.lp = lp
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(row_dual, dtype=float)
        self.d = np.asarray(col_dual, dtype=float)
        self.hops, self.max_rounds, self.max_share = hops, max_rounds, max_share
        self._csc = lp.matrix.tocsc()
        self._csr = lp.matrix.tocsr()
        self._col_mark = np.zeros(lp.num_col, dtype=bool)
        self._row_pos = np.full(lp.num_row, -1, dtype=np.int64)
        self._hs = highspy
        with quiet_stdout():
            self._h = highspy.Highs()
        self._h.setOptionValue("output_flag", False)
        self.paths = {"local": 0, "grown": 0, "fallback": 0}

    # -- graph steps --------------------------------------------------------------------------------
    def _rows_of(self, cols):
        import numpy as np

        c = self._csc
        if not len(cols):
            return np.zeros(0, dtype=np.int64)
        parts = [c.indices[c.indptr[j]:c.indptr[j + 1]] for j in cols.tolist()]
        return np.unique(np.concatenate(parts))

    def _cols_of(self, rows):
        import numpy as np

        r = self._csr
        if not len(rows):
            return np.zeros(0, dtype=np.int64)
        parts = [r.indices[r.indptr[i]:r.indptr[i + 1]] for i in rows.tolist()]
        return np.unique(np.concatenate(parts))

    # -- solving ------------------------------------------------------------------------------------
    def solve(self, change: Change) -> LocalAnswer | None:
        """The optimum of the whole LP with ``change`` applied, found locally; None when not proven."""
        import numpy as np

        lp = self.lp
        cols = np.union1d(change.cols.astype(np.int64), self._cols_of(change.rows.astype(np.int64)))
        for _ in range(self.hops):
            cols = np.union1d(cols, self._cols_of(self._rows_of(cols)))
        limit = self.max_share * lp.num_col
        iterations = 0
        for round_ in range(1, self.max_rounds + 1):
            rows = self._rows_of(cols)
            every = self._cols_of(rows)  # C ∪ B, sorted
            if len(every) > limit:
                break
            solved = self._solve_sub(cols, rows, every, change)
            if solved is None:  # infeasible or unbounded with the rest left out: widen
                cols = every
                continue
            x_new, bound, its = solved
            iterations += its
            mark = self._col_mark
            mark[cols] = True
            boundary = ~mark[every]
            mark[cols] = False
            base = self.x[every]
            moved = boundary & (np.abs(x_new - base) > _MOVE_TOL * (1.0 + np.abs(base)))
            if moved.any():
                # the boundary moved; is there an optimum that leaves it where it was (ties)?
                fixed = self._fixed_boundary(every, boundary, base, bound)
                if fixed is not None:
                    x_new, its = fixed
                    iterations += its
                    moved[:] = False
            if not moved.any():
                self.paths["local" if round_ == 1 else "grown"] += 1
                change_obj = float(lp.col_cost[every] @ (x_new - base))
                return LocalAnswer(cols=every, x=x_new, objective_change=change_obj, iterations=iterations,
                                   rounds=round_)
            grow = every[moved]
            cols = np.union1d(cols, self._cols_of(self._rows_of(grow)))
        self.paths["fallback"] += 1
        return None

    def _solve_sub(self, cols, rows, every, change: Change):
        """Solve the sub-LP on the columns ``every`` (= neighbourhood ``cols`` ∪ boundary) and ``rows``."""
        import numpy as np

        hs, h, lp = self._hs, self._h, self.lp
        sub = self._csc[:, every]
        pos = self._row_pos
        pos[rows] = np.arange(len(rows))
        index = pos[sub.indices]
        pos[rows] = -1
        keep = index >= 0
        counts = np.add.reduceat(keep, sub.indptr[:-1]) if len(keep) else np.zeros(len(every), dtype=np.int64)
        counts[np.diff(sub.indptr) == 0] = 0
        start = np.r_[0, np.cumsum(counts)].astype(np.int32)
        # boundary columns: their rows outside R priced at the base duals
        col_of = np.repeat(np.arange(len(every)), np.diff(sub.indptr))
        inside = np.bincount(col_of[keep], weights=sub.data[keep] * self.y[rows][index[keep]], minlength=len(every))
        cost = self.d[every] + inside
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
        model = hs.HighsLp()
        model.num_col_ = len(every)
        model.num_row_ = len(rows)
        model.col_cost_ = cost
        model.col_lower_ = lp.col_lower[every]
        model.col_upper_ = c_up
        model.row_lower_ = lp.row_lower[rows]
        model.row_upper_ = up
        model.a_matrix_.format_ = hs.MatrixFormat.kColwise
        model.a_matrix_.num_col_ = len(every)
        model.a_matrix_.num_row_ = len(rows)
        model.a_matrix_.start_ = start
        model.a_matrix_.index_ = index[keep].astype(np.int32)
        model.a_matrix_.value_ = sub.data[keep]
        h.clearModel()
        if h.passModel(model) == hs.HighsStatus.kError:
            return None
        self._sub_upper = c_up
        if h.run() == hs.HighsStatus.kError or h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        return (np.asarray(h.getSolution().col_value, dtype=float), float(h.getInfo().objective_function_value),
                int(h.getInfo().simplex_iteration_count))

    def _fixed_boundary(self, every, boundary, base, bound: float):
        """Re-solve the last sub-LP with the boundary fixed at the base; its solution if it reaches ``bound``.

        ``bound`` (the sub-LP with the boundary free) is a Lagrangian lower bound on the whole LP;
        a solution with the boundary fixed is feasible for the whole LP and, when its sub-LP
        objective equals the bound, optimal (complementary slackness holds on the rows left out,
        whose activity is the base's).
        """
        import numpy as np

        hs, h = self._hs, self._h
        idx = np.flatnonzero(boundary).astype(np.int32)
        h.changeColsBounds(len(idx), idx, base[idx], base[idx])
        ok = h.run() != hs.HighsStatus.kError and h.getModelStatus() == hs.HighsModelStatus.kOptimal
        if not ok:
            return None
        value = float(h.getInfo().objective_function_value)
        if value > bound + _OBJ_TOL * (1.0 + abs(bound)):
            return None
        return np.asarray(h.getSolution().col_value, dtype=float), int(h.getInfo().simplex_iteration_count)
