"""Solve a MILP given as arrays: HiGHS through highspy, or CBC through PuLP as the fallback.

The planning model (:mod:`corridors.analysis.planning`) and the worst-case interdiction model
(:mod:`corridors.analysis.worst`) are built as arrays (costs, bounds, a sparse matrix, row
bounds) and solved here. ``solver=None`` uses :data:`corridors.settings.SOLVER` and falls back to
the other solver when that one is not installed; ``solver="cbc"`` or ``"highs"`` insists on it.
CBC is the binary :func:`corridors.model.flow.cbc_path` finds (PuLP 3's bundled one, or the
``cbcbox`` wheel of ``pulp[cbc]`` on PuLP 4), driven by ``pulp.COIN_CMD``; PuLP does not read
CBC's best bound, so a CBC run stopped by its time limit reports the bound as unknown (``inf``).

Examples
--------
>>> import numpy as np, scipy.sparse as sp
>>> A = sp.csc_matrix(np.array([[1.0, 1.0]]))  # x + y <= 1.5, x and y binary, maximise 2x + 3y
>>> for name in ("highs", "cbc"):
...     r = solve_milp(np.array([2.0, 3.0]), np.zeros(2), np.ones(2), A, np.array([-np.inf]), np.array([1.5]),
...                    integer=[0, 1], maximize=True, solver=name)
...     print(r.solver, r.status, r.x.round().tolist(), r.objective)
highs optimal [0.0, 1.0] 3.0
cbc optimal [0.0, 1.0] 3.0
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corridors.errors import SolverError, suggest

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["MilpSolution", "solve_milp", "milp_solver"]

SOLVERS: tuple[str, ...] = ("highs", "cbc")


@dataclass(frozen=True, eq=False)
class MilpSolution:
    """A MILP's answer: ``status`` (``optimal``, ``time limit`` or ``infeasible``; ``x`` is None
    when infeasible), the ``objective`` (offset included), the proven ``bound`` (``inf`` or
    ``-inf`` when the solver gives none) and which ``solver`` answered."""

    status: str
    x: np.ndarray | None
    objective: float
    bound: float
    solver: str


def _highs_available() -> bool:
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def milp_solver(solver: str | None = None) -> str:
    """The solver a MILP will use: ``solver`` if given (an error if it is not installed), else
    :data:`corridors.settings.SOLVER`, falling back to the other one when it is not installed.

    Examples
    --------
    >>> milp_solver("cbc")
    'cbc'
    """
    from corridors import settings
    from corridors.model.flow import cbc_path

    name = (solver or settings.SOLVER or "highs").lower()
    if name not in SOLVERS:
        raise SolverError(f"unknown solver {name!r}{suggest(name, SOLVERS)}; use 'highs' or 'cbc'")
    order = [name] if solver is not None else [name, *[s for s in SOLVERS if s != name]]
    for candidate in order:
        if (_highs_available() if candidate == "highs" else cbc_path() is not None):
            return candidate
    hint = "pip install highspy" if order[0] == "highs" else "pip install 'pulp[cbc]'"
    raise SolverError(f"solver {order[0]!r} is not installed; {hint}, or choose the other solver")


def solve_milp(cost, lower, upper, matrix, row_lower, row_upper, *, integer: Iterable[int], maximize: bool = False,
               offset: float = 0.0, gap: float = 1e-6, time_limit: float | None = None, what: str = "MILP",
               solver: str | None = None) -> MilpSolution:
    """Solve ``min (max) cost·x + offset, row_lower ≤ matrix x ≤ row_upper, lower ≤ x ≤ upper``.

    ``matrix`` is a scipy CSC matrix, ``integer`` the columns that are integer, ``gap`` the
    relative MIP gap at which a solution counts as optimal; see the module docstring for ``solver``.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sp
    >>> r = solve_milp(np.array([1.0]), np.zeros(1), np.array([5.0]), sp.csc_matrix(np.ones((1, 1))),
    ...                np.array([2.5]), np.array([np.inf]), integer=[0])
    >>> r.status, r.x.tolist(), r.bound
    ('optimal', [3.0], 3.0)
    """
    name = milp_solver(solver)
    run = _highs if name == "highs" else _cbc
    return run(cost, lower, upper, matrix, row_lower, row_upper, integer=list(integer), maximize=maximize,
               offset=float(offset), gap=float(gap), time_limit=time_limit, what=what)


def _highs(cost, lower, upper, matrix, row_lower, row_upper, *, integer, maximize, offset, gap, time_limit, what):
    import highspy
    import numpy as np

    from corridors.model.flow import quiet_stdout

    nv, nrow = len(cost), len(row_lower)
    with quiet_stdout():
        hs = highspy.Highs()
    hs.setOptionValue("output_flag", False)
    hs.setOptionValue("mip_rel_gap", gap)
    if time_limit is not None:
        hs.setOptionValue("time_limit", float(time_limit))
    model = highspy.HighsLp()
    model.num_col_, model.num_row_ = nv, nrow
    if maximize:
        model.sense_ = highspy.ObjSense.kMaximize
    model.col_cost_, model.col_lower_, model.col_upper_ = cost, lower, upper
    model.row_lower_, model.row_upper_ = row_lower, row_upper
    model.offset_ = offset
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.num_col_, model.a_matrix_.num_row_ = nv, nrow
    model.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    model.a_matrix_.index_ = matrix.indices.astype(np.int32)
    model.a_matrix_.value_ = matrix.data
    integrality = [highspy.HighsVarType.kContinuous] * nv
    for i in integer:
        integrality[i] = highspy.HighsVarType.kInteger
    model.integrality_ = integrality
    if hs.passModel(model) == highspy.HighsStatus.kError:
        raise SolverError(f"highspy rejected the {what}")
    with quiet_stdout():
        ran = hs.run()
    status = hs.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return MilpSolution("infeasible", None, math.nan, math.nan, "highs")
    if ran == highspy.HighsStatus.kError or status not in (highspy.HighsModelStatus.kOptimal,
                                                          highspy.HighsModelStatus.kTimeLimit):
        raise SolverError(f"the {what} did not solve ({hs.modelStatusToString(status)})")
    label = "optimal" if status == highspy.HighsModelStatus.kOptimal else "time limit"
    info = hs.getInfo()
    return MilpSolution(label, np.asarray(hs.getSolution().col_value), float(info.objective_function_value),
                        float(info.mip_dual_bound), "highs")


def _cbc(cost, lower, upper, matrix, row_lower, row_upper, *, integer, maximize, offset, gap, time_limit, what):
    """The same MILP through PuLP's ``COIN_CMD`` (the forms PuLP 3.3 and 4 both accept, as ``to_pulp``)."""
    import numpy as np
    import pulp

    from corridors.model.flow import cbc_path, quiet_stdout
    from corridors.model.lp import _linear

    prob = pulp.LpProblem("milp", pulp.LpMaximize if maximize else pulp.LpMinimize)
    is_int = np.zeros(len(cost), dtype=bool)
    is_int[integer] = True
    variables = [prob.add_variable(f"x{j}", lowBound=None if math.isinf(lo) else lo,
                                   upBound=None if math.isinf(up) else up,
                                   cat=pulp.LpInteger if is_int[j] else pulp.LpContinuous)
                 for j, (lo, up) in enumerate(zip(np.asarray(lower, dtype=float).tolist(),
                                                  np.asarray(upper, dtype=float).tolist()))]
    csr = matrix.tocsr()
    start, index, value = csr.indptr.tolist(), csr.indices.tolist(), csr.data.tolist()
    for r, (lo, up) in enumerate(zip(np.asarray(row_lower, dtype=float).tolist(),
                                     np.asarray(row_upper, dtype=float).tolist())):
        s, e = start[r], start[r + 1]
        if s == e or (math.isinf(lo) and math.isinf(up)):
            continue  # an empty or free row constrains nothing
        terms = [(variables[i], a) for i, a in zip(index[s:e], value[s:e])]
        if lo == up:
            prob.addConstraint(_linear(pulp, terms) == lo, f"r{r}")
            continue
        if not math.isinf(up):
            prob.addConstraint(_linear(pulp, terms) <= up, f"r{r}")
        if not math.isinf(lo):
            prob.addConstraint(_linear(pulp, terms) >= lo, f"r{r}l")
    c = np.asarray(cost, dtype=float)
    prob.setObjective(_linear(pulp, [(variables[j], float(c[j])) for j in np.flatnonzero(c)]))
    cbc = pulp.COIN_CMD(path=cbc_path(), msg=False, timeLimit=time_limit, gapRel=gap)
    with quiet_stdout():
        code = prob.solve(cbc)
    # PuLP 3 returns a status code and sets prob.sol_status (1 optimal, 2 integer feasible, -1
    # infeasible); PuLP 4 returns LpSolveStats (status: 1 optimal, -1 infeasible, -4 time limit, -7 gap met …;
    # has_solution) and has no sol_status. Read both by their numbers, not by version-specific names.
    stats = code
    code = int(getattr(stats, "status", stats))
    sol = getattr(prob, "sol_status", None)
    has_solution = getattr(stats, "has_solution", None)
    if has_solution is None:
        has_solution = sol in (1, 2)
    if code == -1 or sol == -1:
        return MilpSolution("infeasible", None, math.nan, math.nan, "cbc")
    if not has_solution or any(v.varValue is None for v in variables):
        raise SolverError(f"the {what} did not solve with CBC (status {code})")
    x = np.asarray([v.varValue for v in variables], dtype=float)
    objective = float(c @ x) + offset
    if code in (1, -7) and sol in (None, 1):  # PuLP 4 says -7 (GapLimit) when the gap tolerance is met
        return MilpSolution("optimal", x, objective, objective, "cbc")
    return MilpSolution("time limit", x, objective, math.inf if maximize else -math.inf, "cbc")
