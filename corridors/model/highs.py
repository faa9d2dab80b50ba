"""HiGHS on the LP's arrays, without PuLP: the model PuLP 3's ``pulp.HiGHS`` would hand to highspy.

:func:`corridors.model.flow.solve_problem` solves with HiGHS through here: importing PuLP and
generating its model (one Python object per column and row) costs more than HiGHS's own solve on
the bundled network. To give the same answer to the last bit, HiGHS receives what
``pulp.HiGHS.buildSolverModel`` (PuLP 3.3) passes it, in the same order and form:

* the columns PuLP knows (those with a cost or a matrix entry), sorted by their PuLP name
  (``LpProblem.variables()`` sorts by name), added with their cost and bounds and no entries;
* then the rows in order, each with its non-zero coefficients in the order PuLP's expression holds
  them (the CSR row), a row ``lo == up`` as an equality, one with ``lo = -inf`` as ``≤ up``,
  any other as ``≥ lo`` (as :func:`corridors.model.lp.to_pulp` writes it), each bound as PuLP
  computes it (``-(0 - rhs)``: a zero bound is ``-0.0``);
* the options PuLP sets: no output, the time limit;

and its status reads as PuLP reads it (a time or iteration limit is "optimal" when a solution came
back, PuLP's own rule). Columns PuLP would not know get no value (NaN), as PuLP leaves them ``None``.
A test compares values and duals with PuLP's on the bundled network and random ones.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from corridors.model.lp import LinearProgram

__all__ = ["available", "solve_arrays", "SIMPLEX_THREADS"]

SIMPLEX_THREADS = 1
"""The ``threads`` option of the warm and local re-solvers (unless a caller asks for more). HiGHS's
dual simplex, the only method these LPs use, runs on one thread whatever the option says; left at
its default (0, "choose"), highspy 1.16 reads the CPU topology from sysfs twice in every ``run()``
(ten files: 12 µs of an unchanged 80 µs re-solve on the bundled network's largest block). The first
re-solver after a HiGHS run with the default resets HiGHS's global thread pool once (a run at 0
accepts any pool, so the two do not alternate). :func:`solve_arrays` keeps PuLP's default."""

# PuLP's LpStatus codes (1 optimal, 0 not solved, -1 infeasible, -2 unbounded) by HiGHS model status name
_CODES = {"kOptimal": 1, "kInfeasible": -1, "kUnboundedOrInfeasible": -1, "kUnbounded": -2,
          "kObjectiveBound": 1, "kObjectiveTarget": 1, "kInterrupt": 1, "kTimeLimit": 1, "kIterationLimit": 1}


def available() -> bool:
    """True when highspy can be imported."""
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def solve_arrays(program: LinearProgram, *, time_limit: float | None = None) -> tuple[int, np.ndarray, np.ndarray]:
    """Solve ``program`` with HiGHS: ``(code, x, row_dual)``, PuLP's status code, column values
    in column order and HiGHS's row duals in row order (PuLP's ``constraint.pi``).

    HiGHS may print its banner on C's stdout: the caller keeps it off (``flow.quiet_stdout``)."""
    import numpy as np

    h, order = build(program, time_limit=time_limit)
    n, m, k = program.num_col, program.num_row, len(order)
    h.run()
    status = h.getModelStatus()
    name = getattr(status, "name", str(status).rsplit(".", 1)[-1])
    code = _CODES.get(name, 0)
    if name in ("kTimeLimit", "kIterationLimit") and h.getObjectiveValue() == math.inf:
        code = 0
    solution = h.getSolution()
    x = np.full(n, math.nan)
    x[order] = np.asarray(solution.col_value, dtype=float)[:k]
    pi = np.asarray(solution.row_dual, dtype=float)[:m] if m else np.zeros(0)
    return code, x, pi


def build(program: LinearProgram, *, time_limit: float | None = None):
    """``(highs, order)``: a ``highspy.Highs`` holding the model PuLP would build, and the column
    (of ``program``) behind each of its columns."""
    import highspy
    import numpy as np

    n, m = program.num_col, program.num_row
    inf = highspy.kHighsInf
    csc = program.matrix
    cost = program.col_cost.astype(float)
    # the columns PuLP's LpProblem.variables() holds: in the objective (non-zero cost) or in a row
    known = cost != 0.0
    known[np.flatnonzero(np.diff(csc.indptr))] = True
    names = program.col_names
    order = sorted(np.flatnonzero(known).tolist(), key=names.__getitem__)
    position = np.full(n, -1, dtype=np.int64)
    position[order] = np.arange(len(order))
    upper = np.where(np.isinf(program.col_upper), inf, program.col_upper)
    lower = np.where(np.isneginf(program.col_lower), -inf, program.col_lower)

    r_start, r_index, r_value = program.by_rows()
    keep = r_value != 0
    row_of = np.repeat(np.arange(m), np.diff(r_start))[keep]
    index = position[r_index[keep]].astype(np.int32)
    value = r_value[keep].astype(float)
    starts = np.searchsorted(row_of, np.arange(m)).astype(np.int32)
    lo_rows, up_rows = [], []
    for lo, up in zip(program.row_lower.tolist(), program.row_upper.tolist()):
        # PuLP keeps a row's bound as the constant on its left (0 - rhs) and hands HiGHS minus that:
        # a bound of 0 arrives as -0.0
        lo, up = -(0.0 - lo), -(0.0 - up)
        if lo == up:
            lo_rows.append(lo)
            up_rows.append(up)
        elif math.isinf(lo):
            lo_rows.append(-inf)
            up_rows.append(inf if math.isinf(up) else up)
        else:
            lo_rows.append(lo)
            up_rows.append(inf)

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    k = len(order)
    if k:
        h.addCols(k, cost[order], lower[order], upper[order], 0, np.zeros(0, np.int32), np.zeros(0, np.int32),
                  np.zeros(0))
    if m:
        h.addRows(m, np.asarray(lo_rows, dtype=float), np.asarray(up_rows, dtype=float), len(value), starts, index,
                  value)
    return h, order
