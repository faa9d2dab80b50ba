"""The warm re-solve engine: the LP's arrays kept in one highspy model, re-solved after bound changes.

Sweeps must not rebuild the model per scenario (DESIGN.md, "Optimisation"). The
:class:`~corridors.model.lp.LinearProgram` built once from the network (``build_problem(...).program``)
goes to highspy as it is; :class:`WarmSolver` keeps that model. Each scenario changes a few row
bounds (a link's capacity row scaled by its derate) or column bounds (a cut without a capacity
row) and re-solves from the previous basis (from the base case's after a re-solve that moved far
from it, see :data:`RESTART_AFTER`); bounds changed by the previous scenario are restored first.
The engine takes ids (``solve(links={"pipe-b": 0.0}, nodes={...})``) or a precomputed
:class:`~corridors.model.lp.Change` of row and column indices, never target strings.

highspy pitfalls handled here: ``run()``'s return and ``getModelStatus()`` are both checked; a warm
solve that ends "Unknown" is re-run, then solved cold after ``clearSolver()``. ``threads`` should be
set before the first HiGHS run in a process (the thread pool is global): pass ``threads=`` to the
first solver you create, in worker processes started with ``spawn``/``forkserver``; if a run fails
because the pool was started with another thread count, the pool is reset and the run repeated.
The HiGHS banner is kept off stdout.

Examples
--------
>>> from corridors.model.flow import build_problem
>>> from corridors.data.io import load_demo_network
>>> engine = WarmSolver(build_problem(load_demo_network()).program)
>>> base = engine.solve()
>>> cut = engine.solve(links={"pipe-b": 0.0})        # BTC's Georgia–Türkiye section cut
>>> base.status, round(cut.unmet["oil"], 1)
('optimal', 30.0)
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from corridors.errors import SolverError
from corridors.model.highs import SIMPLEX_THREADS
from corridors.model.lp import TARGET, UNMET, Change, LinearProgram

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["LinearProgram", "Change", "WarmResult", "WarmSolver", "WARM_OPTIONS", "RESTART_AFTER",
           "RESTART_MAX_ROWS"]

WARM_OPTIONS: dict[str, float] = {
    # a re-solve after bound changes starts dual feasible: HiGHS's cost perturbation (against stalling
    # from a cold start) only adds a primal clean-up pass at the end (14 % fewer iterations over the
    # bundled country sweep)
    "dual_simplex_cost_perturbation_multiplier": 0.0,
    # at optimality after a few updates, refactor without first measuring the factor's solve error
    "rebuild_refactor_solution_error_tolerance": -1.0,
}
"""HiGHS options of the warm engine's re-solves, set at the first bound change (the base case is
solved with HiGHS's defaults; a re-solve from its basis reaches the same optimum at less cost)."""

RESTART_AFTER = 12
"""A re-solve starts from the base case's optimal basis, not the last one, when the last re-solve took
at least this many simplex iterations: the dual simplex would pay about as many again to undo that
change, more than the fresh factorisation ``setBasis`` costs. On the bundled network: the country
sweep 8.56 → 8.18 ms, links 13.9 → 13.6, assets 12.3 → 12.1, nodes 23.0 → 22.8 (medians of 5 × 40
sweeps); 8 is worse on nodes and assets, 16 and above on countries. Only in models of at most
:data:`RESTART_MAX_ROWS` rows."""

RESTART_MAX_ROWS = 5000
"""Above this many rows a warm engine never restarts from the base basis: ``setBasis`` refactorises
and re-prices from scratch, which in a large block costs more than the pivots it saves (the 9k-link
synthetic sweep with 3 origins per commodity, whose 386 warm solves are in blocks of 11,960 and
24,509 rows: 18.5–18.8 s CPU without restarts, 20.8–21.3 s with them). At 1,428 rows (the 1k-link
synthetic's largest block) restarts save 4 %, at 2,273 rows (3k links) they change nothing."""


@dataclass(frozen=True, eq=False)
class WarmResult:
    """One warm re-solve: ``status``, ``objective``, ``unmet`` per commodity, ``flows`` per link.

    ``flows[i]`` is the total flow on ``lp.link_ids[i]`` (both directions, all commodities); ``x``
    holds every column value; ``throughput`` sums the max-throughput sink columns (0 in min-cost
    models); ``attempts`` is 1 for a plain warm solve, 2 after a re-run, 3 after a cold solve;
    ``iterations`` counts the simplex iterations HiGHS did for this answer; ``path`` says how it was
    found: ``warm`` (a warm re-solve), ``local`` / ``grown`` (an exact local re-solve, first
    neighbourhood or a grown one, see :mod:`corridors.model.local`) or ``base`` (nothing changed).
    ``changed``, where the engine knows it (:class:`~corridors.model.blocks.BlockSolver`), is
    ``(cols, dx)``: the only columns whose values differ from the engine's base solution, and by how
    much — so a caller can update totals in time proportional to the change, not to the model.
    """

    status: str
    objective: float
    unmet: dict[str, float]
    flows: np.ndarray
    x: np.ndarray = field(repr=False)
    throughput: float = 0.0
    attempts: int = 1
    iterations: int = 0
    path: str = "warm"
    changed: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)


def _rebuild(lp: LinearProgram, threads: int | None) -> WarmSolver:
    return WarmSolver(lp, threads=threads)


class WarmSolver:
    """A kept highspy model of ``lp``: change bounds, re-solve from the last basis.

    Parameters
    ----------
    lp
        The model's arrays (``build_problem(...).program``).
    threads
        HiGHS threads (None: :data:`~corridors.model.highs.SIMPLEX_THREADS`); set it in the first solver
        of a process (HiGHS's pool is global).

    Notes
    -----
    :meth:`solve` takes derates by id (``links={id: fraction}``, ``nodes={id: fraction}``, see
    :meth:`LinearProgram.derate`) or a :class:`Change`. Each call starts from the base bounds: what
    the previous call changed is restored. A pickled solver is rebuilt cold from ``lp``.

    Examples
    --------
    >>> from corridors.model.flow import build_problem
    >>> from corridors.data.io import load_demo_network
    >>> engine = WarmSolver(build_problem(load_demo_network()).program)
    >>> r = engine.solve(nodes={"alat": 0.2})      # Alat port at 20 % of 15 Mt/y
    >>> round(r.unmet["freight"], 6)
    0.0
    """

    def __init__(self, lp: LinearProgram, *, threads: int | None = None):
        import numpy as np

        try:
            import highspy
        except ImportError:  # pragma: no cover - highspy is a dependency
            raise SolverError("highspy is not installed; pip install highspy") from None
        from corridors.model.flow import quiet_stdout

        self.lp = lp
        self._threads = threads
        self._hs = highspy
        with quiet_stdout():
            h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", SIMPLEX_THREADS if threads is None else int(threads))
        model = highspy.HighsLp()
        model.num_col_ = lp.num_col
        model.num_row_ = lp.num_row
        model.col_cost_ = lp.col_cost
        model.col_lower_ = lp.col_lower
        model.col_upper_ = lp.col_upper
        model.row_lower_ = lp.row_lower
        model.row_upper_ = lp.row_upper
        model.offset_ = lp.offset
        model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        model.a_matrix_.num_col_ = lp.num_col
        model.a_matrix_.num_row_ = lp.num_row
        model.a_matrix_.start_ = lp.a_start
        model.a_matrix_.index_ = lp.a_index
        model.a_matrix_.value_ = lp.a_value
        status = h.passModel(model)
        if status == highspy.HighsStatus.kError:
            raise SolverError("highspy rejected the model (passModel failed); rebuild it with build_problem")
        self._h = h
        self._tuned = False  # WARM_OPTIONS set (after the first solve: the base case is solved as before)
        self._home = None  # the base case's optimal basis (HighsBasis), kept at its first solve
        self._restarts = lp.num_row <= RESTART_MAX_ROWS
        self._last_iterations = 0
        self._empty = np.zeros(0, dtype=np.int32)
        self._rows_changed = self._cols_changed = self._empty
        self._base_changed: tuple | None = None  # the base bounds of the rows and columns changed last
        self._base_bounds: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Change -> its base bounds
        self._flow_mask = lp.col_link >= 0
        self._flow_link = lp.col_link[self._flow_mask]
        self._unmet = {k: np.flatnonzero((lp.col_kind == UNMET) & (lp.col_commodity == i))
                       for i, k in enumerate(lp.commodities)}
        self._target = np.flatnonzero(lp.col_kind == TARGET)

    def __reduce__(self):
        return (_rebuild, (self.lp, self._threads))

    def __repr__(self) -> str:
        return f"<WarmSolver {self.lp!r}>"

    # -- bounds ---------------------------------------------------------------------------------
    def apply(self, change: Change | None = None) -> None:
        """Restore the base bounds, then set the upper bounds ``change`` gives (row and column indices)."""
        lp, h = self.lp, self._h
        if change is None:
            rows = cols = self._empty
            base = None
        else:
            rows, cols = change.rows, change.cols
            base = self._base_bounds.get(change)  # the base bounds of its rows and columns, once per change
            if base is None:
                base = self._base_bounds[change] = (lp.row_lower[rows], lp.row_upper[rows],
                                                    lp.col_lower[cols], lp.col_upper[cols])
        if not self._tuned and (len(rows) or len(cols)):
            for name, value in WARM_OPTIONS.items():
                h.setOptionValue(name, value)
            self._tuned = True
        # the previous change's base bounds back, then this change's (the last call on an index wins)
        old, old_base = self._rows_changed, self._base_changed
        if len(old):
            h.changeRowsBounds(len(old), old, old_base[0], old_base[1])
        if len(rows):
            h.changeRowsBounds(len(rows), rows, base[0], change.row_upper)
        old = self._cols_changed
        if len(old):
            h.changeColsBounds(len(old), old, old_base[2], old_base[3])
        if len(cols):
            h.changeColsBounds(len(cols), cols, base[2], change.col_upper)
        self._rows_changed, self._cols_changed, self._base_changed = rows, cols, base
        if self._last_iterations >= RESTART_AFTER and self._home is not None:
            h.setBasis(self._home)  # far from the base: start there (see RESTART_AFTER)
            self._last_iterations = 0

    # -- solving ------------------------------------------------------------------------------------
    def _run(self):
        """Re-solve from the current basis (re-run, then cold, if HiGHS says Unknown): ``(status, objective,
        x, attempts, iterations)``, ``status`` "optimal" or HiGHS's word for the failure (``x`` None then)."""
        import numpy as np

        hs, h = self._hs, self._h
        ok = hs.HighsModelStatus.kOptimal
        attempts = 0
        model_status = hs.HighsModelStatus.kNotset
        for attempt in ("warm", "again", "cold"):
            if attempt == "again" and model_status == hs.HighsModelStatus.kNotset:
                # nothing ran: the global thread pool was started with another ``threads``
                hs.Highs.resetGlobalScheduler(True)
            if attempt == "cold":
                h.clearSolver()
            attempts += 1
            run_status = h.run()
            model_status = h.getModelStatus()
            if run_status != hs.HighsStatus.kError and model_status == ok:
                break
            if run_status != hs.HighsStatus.kError and model_status in (
                    hs.HighsModelStatus.kInfeasible, hs.HighsModelStatus.kUnbounded,
                    hs.HighsModelStatus.kUnboundedOrInfeasible):
                break
        iterations = int(h.getInfoValue("simplex_iteration_count")[1])  # getInfo() copies every field (~25 µs)
        self._last_iterations = iterations
        if model_status == ok and self._restarts and self._home is None and not len(self._rows_changed) \
                and not len(self._cols_changed):
            self._home = h.getBasis()  # the base case: where a far re-solve restarts
        if model_status != ok:
            status = "error: " + h.modelStatusToString(model_status) if run_status == hs.HighsStatus.kError \
                else h.modelStatusToString(model_status).lower()
            return status, math.nan, None, attempts, iterations
        x = np.asarray(h.getSolution().col_value, dtype=float)
        return "optimal", float(h.getObjectiveValue()), x, attempts, iterations

    def run(self) -> WarmResult:
        """Re-solve from the current basis and read the result (re-run, then cold, if HiGHS says Unknown)."""
        import numpy as np

        status, objective, x, attempts, iterations = self._run()
        if x is None:
            n = self.lp.num_col
            return WarmResult(status=status, objective=math.nan, unmet={k: math.nan for k in self._unmet},
                              flows=np.full(len(self.lp.link_ids), math.nan), x=np.full(n, math.nan),
                              throughput=math.nan, attempts=attempts, iterations=iterations)
        flows = np.bincount(self._flow_link, weights=x[self._flow_mask], minlength=len(self.lp.link_ids))
        unmet = {k: float(x[idx].sum()) for k, idx in self._unmet.items()}
        return WarmResult(status="optimal", objective=objective, unmet=unmet, flows=flows, x=x,
                          throughput=float(x[self._target].sum()), attempts=attempts, iterations=iterations)

    def duals(self) -> tuple[np.ndarray, np.ndarray]:
        """Row duals and reduced costs of the last solve (HiGHS's signs: ``col_dual = cost − Aᵀ row_dual``)."""
        import numpy as np

        sol = self._h.getSolution()
        return np.asarray(sol.row_dual, dtype=float), np.asarray(sol.col_dual, dtype=float)

    def basis(self) -> tuple[np.ndarray, np.ndarray]:
        """Column and row basis statuses of the last solve (HiGHS's ``HighsBasisStatus`` codes)."""
        import numpy as np

        b = self._h.getBasis()
        return (np.fromiter((int(v) for v in b.col_status), dtype=np.int8, count=self.lp.num_col),
                np.fromiter((int(v) for v in b.row_status), dtype=np.int8, count=self.lp.num_row))

    def solve(self, change: Change | None = None, *, links: Mapping[str, float] | None = None,
              nodes: Mapping[str, float] | None = None) -> WarmResult:
        """Apply ``change`` or the derates ``links={id: fraction}``, ``nodes={id: fraction}`` to the
        base model (nothing: the base case) and re-solve warm."""
        if links or nodes:
            extra = self.lp.derate(links, nodes)
            change = extra if change is None else change.merge(extra)
        self.apply(change)
        return self.run()
