"""The PuLP model of a :class:`~corridors.model.lp.LinearProgram` (:func:`to_pulp`), generated from its
arrays on first use of :attr:`corridors.model.lp.Problem.lp`; ``corridors.model.lp`` re-exports both
functions (their home was there).
"""

from __future__ import annotations

import math
from typing import Any

__all__ = ["to_pulp"]


def to_pulp(program: Any) -> tuple[Any, list, list]:
    """The PuLP problem of ``program`` (variables and constraints in column and row order).

    Uses forms PuLP 3.3 and 4 both accept without warnings: ``prob.add_variable``, a linear
    expression per row (:func:`_linear`) and ``addConstraint`` by name.
    """
    import pulp

    prob = pulp.LpProblem("corridors", pulp.LpMinimize)
    upper = [None if math.isinf(u) else u for u in program.col_upper.tolist()]
    variables = [prob.add_variable(name, lo, up)
                 for name, lo, up in zip(program.col_names, program.col_lower.tolist(), upper)]
    start, index, value = (a.tolist() for a in program.by_rows())
    constraints = []
    for j, (name, lo, up) in enumerate(zip(program.row_names, program.row_lower.tolist(), program.row_upper.tolist())):
        s, e = start[j], start[j + 1]
        expr = _linear(pulp, [(variables[i], a) for i, a in zip(index[s:e], value[s:e])])
        con = expr == lo if lo == up else expr <= up if math.isinf(lo) else expr >= lo
        stored = prob.addConstraint(con, name)  # PuLP 4 returns the stored constraint, PuLP 3 None
        constraints.append(stored if stored is not None else prob.get_constraint_by_name(name))
    costs = program.col_cost.tolist()
    prob.setObjective(_linear(pulp, [(v, c) for c, v in zip(costs, variables) if c != 0.0]))
    return prob, variables, constraints


def _linear(pulp: Any, pairs: list[tuple[Any, float]]) -> Any:
    """``Σ coefficient · variable`` in the fastest form each PuLP offers (each variable once).

    PuLP 4 has ``lpSum_vars_coefs`` (a batch call into its Rust core); PuLP 3 builds an
    ``LpAffineExpression`` from a dict without a warning. ``lpSum([a * v ...])``, which both accept,
    is three times slower.
    """
    batch = getattr(pulp, "lpSum_vars_coefs", None)
    if batch is not None:
        return batch(pairs)
    return pulp.LpAffineExpression(dict(pairs))
