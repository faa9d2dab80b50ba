"""Exact local re-solve: answer a disruption from a neighbourhood of the element, proven optimal for the whole LP.

A cut changes a few bounds; the flow it displaces usually reroutes nearby. :class:`LocalSolver`
re-solves a sub-LP around the change, starting from the base's basis:

* the *neighbourhood* ``C``: columns within ``hops`` column–row–column steps of the changed rows and
  columns and, with ``basic_hops``, the columns next to those within ``basic_hops`` steps along the
  base's basis (steps only through columns basic in the base): a cut reprices the part of the basis
  tree that hangs from it, which reaches further along the flow's paths than around them, and a
  first neighbourhood that follows it is proven optimal more often at fewer columns;
* its rows ``R``: every row holding a column of ``C`` (the changed rows among them), full bounds;
* the *boundary* ``B``: the other columns of the rows ``R``, fixed at their base values and priced
  at ``cost − Σ_{r∉R} a_r·y_r`` (the rows left out relaxed at the base duals ``y``). Only those basic
  in the base's basis are HiGHS columns (fixed: they tie the sub-LP's duals to the base's prices as
  in the whole LP); the others, nonbasic, only move the rows' bounds by their activity, and their
  reduced costs are computed from the sub-LP's row duals. On the 9,000-link synthetic network with
  3 origins per commodity this takes a fifth of the columns out of each sub-LP and 11 % of the
  sweep's CPU, with the same answers.

The answer (``C`` re-solved, everything else at the base) is primal feasible for the whole LP: rows
outside ``R`` hold no column of ``C``. It is accepted when it is provably optimal:

1. *dual check*: with the sub-LP's duals on ``R`` and the base's elsewhere, the reduced cost of every
   column must have the sign its value allows (≥ 0 at its lower bound, ≤ 0 at its upper, 0 in
   between). Columns of ``C`` pass by the sub-LP's optimality, columns touching no row of ``R``
   keep the base's reduced cost, and the boundary's reduced costs are the sub-LP's (its prices
   carry the base duals of the rows left out) — so only those are checked.
2. before giving up, when duals are degenerate, the *Lagrangian bound* decides: the same sub-LP
   with the boundary free is a lower bound on the whole LP; a fixed-boundary answer that reaches
   it is optimal.

Otherwise the failing boundary columns, with ``grow_hops`` steps around them (and ``grow_basic_hops``
along the basis), join ``C`` and the round repeats; after ``max_rounds`` rounds, or once the sub-LP
would hold more than ``max_share`` of the columns, :meth:`LocalSolver.solve` returns None and the
caller solves the whole model warm.
``LocalSolver.paths`` counts each outcome.

The Lagrangian bound costs a second HiGHS run and, on the synthetic networks, accepts about one
failed check in thirty: it is tried once, on the last round, not on every failed check (growing
from the failing columns is cheaper than proving a degenerate answer optimal).

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

from corridors.model.highs import SIMPLEX_THREADS
from corridors.model.lp import Change, LinearProgram
from corridors.model.warm import WARM_OPTIONS

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["LocalAnswer", "LocalSolver"]

_MOVE_TOL = 1e-9   # a boundary column "moved" beyond this (relative to 1 + |base value|)
_DUAL_TOL = 1e-7   # reduced-cost sign tolerance (relative to 1 + |cost|)
_BOUND_TOL = 1e-9  # a value "at" its bound
_OBJ_TOL = 1e-9    # the fixed-boundary optimum reaches the Lagrangian bound within this (relative)
_BASIC = 1         # HighsBasisStatus.kBasic
_FEW = 8           # slices gathered one by one below this many (see _entries)

#: HiGHS options of the sub-LPs: the warm engine's (a sub-LP starts from the base's dual feasible
#: basis, as a warm re-solve does) and Dantzig pricing. Each sub-LP is a new model, so HiGHS's default
#: dual steepest edge first computes a weight per row, a solve each, for the ~11 pivots a first
#: neighbourhood takes: on the 10k-link sweep Dantzig (or Devex) is 5 % faster in all (CPU 5.02–5.17 s
#: → 4.76–4.94 s, 3 runs × 2), with 7 % more grown rounds (the optimal duals of a degenerate sub-LP
#: differ) and answers equal to 2e-16.
LOCAL_OPTIONS: dict[str, float] = {**WARM_OPTIONS, "simplex_dual_edge_weight_strategy": 0}


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
        Radius of the first neighbourhood (column–row–column steps from the change).
    grow_hops
        Steps around the failing boundary columns that join the neighbourhood of the next round.
    basic_hops
        With ``basis``, the first neighbourhood also holds the columns next to those within this
        many steps of the change through columns basic in the base (0: none).
    grow_basic_hops
        Likewise for a grown round: the columns next to those within this many basis steps of the
        failing columns' neighbours join too.
    max_rounds, max_share
        When to give up and let the caller solve the whole model.
    """

    def __init__(self, lp: LinearProgram, x, row_dual, col_dual, *, basis=None, hops: int = 6, grow_hops: int = 3,
                 max_rounds: int = 6, max_share: float = 0.3, max_cols: int | None = None, basic_hops: int = 0,
                 grow_basic_hops: int = 0):
        import highspy
        import numpy as np

        from corridors.model.flow import quiet_stdout

        self.lp = lp
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(row_dual, dtype=float)
        self.d = np.asarray(col_dual, dtype=float)
        self._basis = basis
        self.grow_hops = grow_hops
        self.hops, self.max_rounds, self.max_share, self.max_cols = hops, max_rounds, max_share, max_cols
        self._csc = lp.matrix.tocsc()
        self._csc.sort_indices()
        self._csr = lp.matrix.tocsr()
        self._csr.sort_indices()
        # steps along the basis need one: without it, none
        self.basic_hops, self.grow_basic_hops = (basic_hops, grow_basic_hops) if basis is not None else (0, 0)
        self._near = _adjacency(self._csc)
        # the same slices as rectangles where they are of much the same length (one gather a step)
        self._near_pad = _padded(self._near, own=True)
        self._csc_pad = _padded(self._csc)
        if basis is not None and (basic_hops or grow_basic_hops):
            # the basis's graph is a forest whose steps reach a few columns each: Python lists walk it
            # faster than numpy calls (see _tree)
            along = _adjacency(self._csc, np.asarray(basis[0]) == _BASIC)
            self._near_basic = along
            bounds = along.indptr.tolist()
            flat = along.indices.tolist()
            self._basic_lists = [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:])]
        self._tol = _DUAL_TOL * (1.0 + np.abs(lp.col_cost))
        at_lower = self.x <= lp.col_lower + _BOUND_TOL * (1.0 + np.abs(lp.col_lower))
        finite_upper = np.where(np.isfinite(lp.col_upper), lp.col_upper, 0.0)
        at_upper = np.isfinite(lp.col_upper) & (self.x >= finite_upper - _BOUND_TOL * (1.0 + np.abs(finite_upper)))
        # a boundary column fails the dual check when its reduced cost d < -tol and it can rise
        # (not at its upper bound), or d > tol and it can fall (not at its lower bound)
        self._rise_ok, self._fall_ok = ~at_upper, ~at_lower
        # the same test as two thresholds per column: fails when d < lowest or d > highest
        self._lowest = np.where(self._rise_ok, -self._tol, -np.inf)
        self._highest = np.where(self._fall_ok, self._tol, np.inf)
        self._col_mark = np.zeros(lp.num_col, dtype=bool)
        self._row_pos = np.full(lp.num_row, -1, dtype=np.int64)
        self._row_stamp = np.zeros(lp.num_row, dtype=np.int64)
        self._col_stamp = np.zeros(lp.num_col, dtype=np.int64)
        self._iota = np.arange(max(lp.num_col, lp.num_row, len(self._csc.indices)))  # positions, sliced (no arange a call)
        self._integrality = np.zeros(lp.num_col, dtype=np.int32)
        self._hs = highspy
        codes = {int(v): v for v in highspy.HighsBasisStatus.__members__.values()}
        status_of = np.array([codes.get(i, codes[0]) for i in range(max(codes) + 1)], dtype=object)
        # the base's statuses as HighsBasisStatus objects, once: each sub-LP takes its slice
        self._status = None if basis is None else (status_of[basis[0]], status_of[basis[1]])
        self._nonbasic = None if basis is None else np.asarray(basis[0]) != _BASIC
        self._start = highspy.HighsBasis()
        self._start.alien = True
        self._col_count = np.diff(self._csc.indptr)
        self._row_count = np.diff(self._csr.indptr)
        # per entry of the CSR arrays: a·y (a boundary column's price) and a·x (a folded column's activity)
        self._ay = self._csr.data * self.y[np.repeat(np.arange(lp.num_row), self._row_count)]
        self._ax = self._csr.data * self.x[self._csr.indices]
        self._col_pos = np.zeros(lp.num_col, dtype=np.int64)
        self._direct = True  # passModel from arrays (no per-element conversion); off if this highspy lacks it
        with quiet_stdout():
            self._h = highspy.Highs()
        self._h.setOptionValue("output_flag", False)
        self._h.setOptionValue("threads", SIMPLEX_THREADS)
        self._h.setOptionValue("presolve", "off")  # small sub-LPs: presolve costs more than it saves
        # the warm engine's options (on the 10k-link sweep: 7 % fewer grown rounds, ~8 % less CPU,
        # answers equal to 4e-15) and Dantzig pricing (see LOCAL_OPTIONS)
        for name, value in LOCAL_OPTIONS.items():
            self._h.setOptionValue(name, value)
        self.paths = {"local": 0, "grown": 0, "fallback": 0}

    # -- graph steps --------------------------------------------------------------------------------
    def _rows_of(self, cols):
        """Rows holding any of ``cols`` (sorted)."""
        return _sorted(_unique(_entries(self._csc, cols, self._csc_pad), self._row_stamp, self._iota))

    def _cols_of(self, rows):
        """Columns in any of ``rows`` (sorted)."""
        return _sorted(_unique(_entries(self._csr, rows), self._col_stamp, self._iota))

    def _ball(self, seed, hops: int, near=None, then=None):
        """``seed`` and the columns within ``hops`` column–row–column steps of it (sorted); with
        ``then`` (columns without repeats), also those and their neighbours (in the same walk: the
        union of two balls without a second walk and a merge).

        A breadth-first search over the column–column graph (two columns meet when they share a
        row; ``near``, the whole matrix's by default): each step expands only the columns reached
        for the first time by the last one, so each column's neighbours are read once.
        """
        import numpy as np

        near, pad = (self._near, self._near_pad) if near is None else (near, None)
        seen = self._col_mark
        frontier = _unique(np.asarray(seed, dtype=np.int64), self._col_stamp, self._iota)
        seen[frontier] = True
        cols = [frontier]
        for _ in range(hops):
            frontier = _entries(near, frontier, pad)
            frontier = _unique(frontier[~seen[frontier]], self._col_stamp, self._iota)
            if not len(frontier):
                break
            seen[frontier] = True
            cols.append(frontier)
        if then is not None:
            new = then[~seen[then]]
            seen[new] = True
            step = _entries(near, then, pad)
            step = _unique(step[~seen[step]], self._col_stamp, self._iota)
            seen[step] = True
            cols += [new, step]
        ball = np.concatenate(cols)
        seen[ball] = False
        return _sorted(ball)

    def _tree(self, seed, hops: int):
        """``seed`` and the columns within ``hops`` steps of it through columns basic in the base (unsorted):
        :meth:`_ball` on the basis's graph, walked in Python (its steps reach ~10 columns each)."""
        import numpy as np

        near = self._basic_lists
        frontier = seed.tolist()
        seen = set(frontier)
        for _ in range(hops):
            reached = [j for c in frontier for j in near[c] if j not in seen]
            if not reached:
                break
            frontier = list(dict.fromkeys(reached))
            seen.update(frontier)
        return np.fromiter(seen, dtype=np.int64, count=len(seen))

    # -- solving ------------------------------------------------------------------------------------
    def solve(self, change: Change) -> LocalAnswer | None:
        """The optimum of the whole LP with ``change`` applied, found locally; None when not proven."""
        import numpy as np

        lp = self.lp
        seed = np.concatenate([change.cols, self._cols_of(change.rows)])
        # the ball around the change and the basis tree's steps with their neighbours, in one walk
        cols = self._ball(seed, self.hops, then=self._tree(seed, self.basic_hops) if self.basic_hops else None)
        limit = self.max_share * lp.num_col
        if self.max_cols is not None:
            limit = min(limit, self.max_cols)
        iterations = 0
        for round_ in range(1, self.max_rounds + 1):
            rows = self._rows_of(cols)
            entries = self._gather(rows)
            every = entries[0]  # C ∪ B, sorted
            if len(every) > limit:
                break
            mark = self._col_mark
            mark[cols] = True
            boundary = ~mark[every]
            mark[cols] = False
            solved = self._solve_sub(rows, entries, boundary, change)
            if solved is None:  # infeasible with the boundary fixed: widen
                cols = every
                continue
            x_new, col_dual, its = solved
            iterations += its
            # dual check: each boundary column's reduced cost (the whole LP's, with the sub-LP's duals
            # on R and the base's elsewhere) must have the sign its fixed value allows
            at = every[boundary]
            d = col_dual[boundary]
            bad = (d < self._lowest[at]) | (d > self._highest[at])
            proven = not bad.any()
            if not proven:
                failing = at[bad]
                if self.grow_basic_hops and self.grow_hops:
                    # the failing columns' basis tree (they are nonbasic: from their neighbours), with
                    # those neighbours the seed of the ball around them: one walk
                    around = self._ball(failing, 1)
                    part = self._ball(around, self.grow_hops - 1, then=self._tree(around, self.grow_basic_hops))
                elif self.grow_basic_hops:
                    part = np.concatenate([failing, self._ball(self._tree(self._ball(failing, 1), self.grow_basic_hops), 1)])
                else:
                    part = self._ball(failing, self.grow_hops)
                grown = _sorted(_unique(np.concatenate([cols, part]), self._col_stamp, self._iota))
                if round_ < self.max_rounds and len(grown) <= limit:
                    cols = grown
                    continue
                # the last round: the duals may be one of many; the Lagrangian bound decides
                proven, its = self._lagrangian(x_new)
                iterations += its
            if proven:
                self.paths["local" if round_ == 1 else "grown"] += 1
                base = self.x[every]
                change_obj = float((lp.col_cost[every] * (x_new - base)).sum())  # no BLAS ddot: it threads above 10k entries
                return LocalAnswer(cols=every, x=x_new, objective_change=change_obj, iterations=iterations,
                                   rounds=round_)
            break
        self.paths["fallback"] += 1
        return None

    def _gather(self, rows):
        """The entries of ``rows`` in CSR order: (the columns holding them, sorted; each entry's position
        among those columns, its position among ``rows``, its position in the CSR arrays, the rows' ends).

        These are exactly the sub-LP's matrix entries (its columns are those in ``rows``), read once:
        the columns' set and the matrix come from the same gather.
        """
        import numpy as np

        csr = self._csr
        counts = self._row_count[rows]
        ends = np.cumsum(counts)
        entry = np.repeat(csr.indptr[rows] - (ends - counts), counts) + np.arange(ends[-1] if len(ends) else 0)
        col = csr.indices[entry]
        every = _sorted(_unique(col, self._col_stamp, self._iota))
        pos = self._col_pos
        pos[every] = np.arange(len(every))
        return every, pos[col], np.repeat(np.arange(len(rows)), counts), entry, ends

    def _solve_sub(self, rows, entries, boundary, change: Change):
        """Solve the sub-LP on ``rows`` (``entries``: :meth:`_gather`'s) of the neighbourhood (the columns
        of ``every`` not on the ``boundary``); the boundary stays at the base, folded into the rows' bounds:
        (values and reduced costs over ``every``, iterations).

        Work and allocations are proportional to the sub-LP, not to the whole model: its matrix is
        the rows' slices of the CSR arrays, passed to HiGHS row-wise as arrays (HiGHS holds it by
        columns in the same order: the same model, the same answer as passing it column-wise). The
        boundary columns are not HiGHS columns (fixed, they would only be priced at every pivot): their
        activity moves the rows' bounds, and their reduced costs come from the sub-LP's row duals.
        """
        import numpy as np

        hs, h, lp = self._hs, self._h, self.lp
        every, col_in, row_in, entry, ends = entries
        n, m = len(every), len(rows)
        value_in = self._csr.data[entry]
        # boundary columns: their rows outside R priced at the base duals
        cost = self.d[every] + np.bincount(col_in, weights=self._ay[entry], minlength=n)
        local = ~boundary
        cost[local] = lp.col_cost[every[local]]
        row_lo, row_up = lp.row_lower[rows], lp.row_upper[rows]
        if len(change.rows):
            row_up[np.searchsorted(rows, change.rows)] = change.row_upper
        c_up = lp.col_upper[every]
        if len(change.cols):
            c_up[np.searchsorted(every, change.cols)] = change.col_upper
        c_lo = lp.col_lower[every]
        x_fixed = self.x[every]
        self._last = (n, m, cost, c_lo, c_up, row_lo, row_up, col_in, value_in, ends, every, rows)
        # the boundary columns that are basic in the base stay (fixed): they tie the sub-LP's duals to
        # the base's prices, as in the whole LP; the nonbasic ones only shift the rows' bounds
        folded = boundary & self._nonbasic[every] if self._nonbasic is not None else boundary.copy()
        kept = ~folded
        on_b = folded[col_in]
        shift = np.bincount(row_in[on_b], weights=self._ax[entry[on_b]], minlength=m)
        inside = np.flatnonzero(kept)
        k = len(inside)
        renumber = np.cumsum(kept) - 1
        own = ~on_b
        start = np.zeros(m + 1, dtype=np.int32)
        start[1:] = np.cumsum(own)[ends - 1]  # every row of R holds a column of the neighbourhood
        h.clearModel()
        lo_in, up_in = c_lo[inside], c_up[inside]
        fixed = boundary[inside]
        lo_in[fixed] = up_in[fixed] = x_fixed[inside[fixed]]
        if not self._pass(k, m, cost[inside], lo_in, up_in, row_lo - shift, row_up - shift, start,
                          renumber[col_in[own]].astype(np.int32), value_in[own]):
            return None
        self._set_basis(every[inside], rows)
        if h.run() == hs.HighsStatus.kError or h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        sol = h.getSolution()  # each field read converts a C++ vector to a list: only the two needed
        x_new = x_fixed.copy()
        x_new[inside] = sol.col_value
        row_dual = np.asarray(sol.row_dual, dtype=float)
        # every column's reduced cost from the sub-LP's row duals (HiGHS's own for its columns, to rounding)
        col_dual = cost - np.bincount(col_in, weights=value_in * row_dual[row_in], minlength=n)
        return x_new, col_dual, int(h.getInfoValue("simplex_iteration_count")[1])

    def _set_basis(self, cols, rows) -> None:
        """Start HiGHS from the base's basis statuses of ``cols`` and ``rows`` (it repairs an "alien" one)."""
        if self._status is None:
            return
        b = self._start  # one HighsBasis, refilled each time
        b.col_status = self._status[0][cols].tolist()
        b.row_status = self._status[1][rows].tolist()
        self._h.setBasis(b)

    def _pass(self, n, m, cost, lower, upper, row_lower, row_upper, start, index, value) -> bool:
        """Hand the sub-LP to HiGHS as row-wise arrays (a ``HighsLp`` built field by field where this highspy needs it)."""
        hs, h = self._hs, self._h
        if self._direct:
            try:
                status = h.passModel(n, m, len(value), int(hs.MatrixFormat.kRowwise), int(hs.ObjSense.kMinimize),
                                     0.0, cost, lower, upper, row_lower, row_upper, start, index, value,
                                     self._integrality[:n])
                return status != hs.HighsStatus.kError
            except TypeError:  # an older highspy without the array overload
                self._direct = False
        model = hs.HighsLp()
        model.num_col_, model.num_row_ = n, m
        model.col_cost_, model.col_lower_, model.col_upper_ = cost, lower, upper
        model.row_lower_, model.row_upper_ = row_lower, row_upper
        model.a_matrix_.format_ = hs.MatrixFormat.kRowwise
        model.a_matrix_.num_col_, model.a_matrix_.num_row_ = n, m
        model.a_matrix_.start_, model.a_matrix_.index_, model.a_matrix_.value_ = start, index, value
        return h.passModel(model) != hs.HighsStatus.kError

    def _lagrangian(self, x_fixed) -> tuple[bool, int]:
        """Whether the last sub-LP's fixed-boundary answer ``x_fixed`` reaches the Lagrangian bound: (proven, iterations).

        The same sub-LP with the boundary columns free (priced at the base duals) is solved; its
        objective is a Lagrangian lower bound on the whole LP (the rows left out relaxed at the base
        duals). A fixed-boundary solution — feasible for the whole LP — that reaches it is optimal
        (complementary slackness holds on the rows left out, whose activity is the base's).
        """
        import numpy as np

        hs, h = self._hs, self._h
        n, m, cost, c_lo, c_up, row_lo, row_up, col_in, value_in, ends, every, rows = self._last
        start = np.zeros(m + 1, dtype=np.int32)
        start[1:] = ends
        h.clearModel()
        if not self._pass(n, m, cost, c_lo, c_up, row_lo, row_up, start, col_in.astype(np.int32), value_in):
            return False, 0
        self._set_basis(every, rows)
        if h.run() == hs.HighsStatus.kError or h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return False, 0
        bound = float(h.getInfoValue("objective_function_value")[1])  # getInfo() copies every field
        proven = float((cost * x_fixed).sum()) <= bound + _OBJ_TOL * (1.0 + abs(bound))
        return proven, int(h.getInfoValue("simplex_iteration_count")[1])


def _adjacency(csc, keep=None):
    """Column–column adjacency of a CSC matrix (columns sharing a row; each column its own neighbour),
    as CSR ``indptr``/``indices``; with ``keep``, only through the kept columns (the others have none)."""
    import numpy as np
    import scipy.sparse as sp

    n = csc.shape[1]
    pattern = sp.csc_matrix((np.ones(len(csc.indices)), csc.indices, csc.indptr), shape=csc.shape)
    if keep is not None:
        pattern = pattern @ sp.diags(keep.astype(float))
    both = (pattern.T @ pattern).tocsr()
    both.sort_indices()
    return sp.csr_matrix((np.ones(len(both.indices), dtype=bool), both.indices.astype(np.int64), both.indptr.astype(np.int64)), shape=(n, n))


def _spans(starts, counts):
    """The positions ``starts[i] .. starts[i] + counts[i] - 1``, concatenated (vectorised)."""
    import numpy as np

    ends = np.cumsum(counts)
    return np.repeat(starts - (ends - counts), counts) + np.arange(ends[-1] if len(ends) else 0)


def _padded(matrix, waste: float = 3.0, own: bool = False):
    """The slices of a CSC/CSR ``matrix`` as the rows of a rectangle, each padded with its first index
    (``own``: with the slice's own position, which an adjacency's slice holds); None when that would
    hold more than ``waste`` times the entries (or a slice is empty).

    A gather of its rows is one numpy call where :func:`_spans` takes half a dozen; the padding only
    repeats an index a slice already holds (callers drop repeats; a breadth-first step drops the
    columns it expands first, so ``own`` padding costs it nothing more). On the synthetic networks a
    column holds at most 3 entries and meets at most 26 columns (10.6 on average).
    """
    import numpy as np

    counts = np.diff(matrix.indptr)
    width = int(counts.max()) if len(counts) else 0
    if not len(counts) or counts.min() < 1 or width * len(counts) > waste * len(matrix.indices):
        return None
    slot = np.arange(width)
    at = np.minimum(slot, counts[:, None] - 1) + matrix.indptr[:-1, None]
    out = matrix.indices[at]
    if own:
        out[slot >= counts[:, None]] = np.broadcast_to(np.arange(len(counts))[:, None], out.shape)[slot >= counts[:, None]]
    return out


def _entries(matrix, major, pad=None):
    """The minor indices of the ``major`` slices of a CSC/CSR matrix, with repeats (more with ``pad``,
    :func:`_padded`'s rectangle of the same slices).

    Below ``_FEW`` slices they are concatenated one by one: cheaper than the vectorised spans'
    half-dozen numpy calls (breadth-first steps along the base's basis reach a few columns at a time).
    """
    import numpy as np

    if pad is not None:
        return pad[major].ravel()
    indptr, indices = matrix.indptr, matrix.indices
    if len(major) <= _FEW:
        starts = indptr[major].tolist()
        ends = indptr[major + 1].tolist()
        return np.concatenate([indices[a:b] for a, b in zip(starts, ends)]) if starts else indices[:0]
    starts = indptr[major]
    return indices[_spans(starts, indptr[major + 1] - starts)]


def _unique(values, stamp, iota=None):
    """``values`` without repeats, in no particular order, using the scratch array ``stamp``.

    ``stamp`` is an int array over the values' range: each entry writes its position there and the
    entries that read their own back are kept (no hash or sort). ``iota``: ``arange`` of some length,
    sliced for the positions when long enough.
    """
    import numpy as np

    order = iota[:len(values)] if iota is not None and len(values) <= len(iota) else np.arange(len(values))
    stamp[values] = order
    return values[stamp[values] == order]


def _sorted(values):
    values.sort()
    return values
