"""Worst case N-k: which ``k`` elements of a level, failing together, cost the most — proven.

An interdiction model. The attacker cuts ``k`` elements of a level (links, nodes, assets,
countries, corridors; ``transit=True`` leaves out elements that supply the network, as
``spof --transit`` does); the follower is the min-cost flow LP of
:class:`corridors.model.lp.LinearProgram`, which reroutes. The attacker maximises the follower's
optimal objective (priority-weighted unmet-demand penalty plus transport cost).

Single level by LP duality: for the follower ``min c·x, l ≤ A x ≤ u, 0 ≤ x ≤ x̄`` the dual is
``max Σ_eq b·y + Σ_≤ u·y + Σ x̄·w  s.t.  Aᵀy + w ≤ c, y_≤ ≤ 0, w ≤ 0``. A cut sets the upper bound
``u_r`` of the element's capacity rows (or ``x̄_j`` of its columns) to 0, so the dual objective
holds the products ``u_r · y_r · (1 − ζ_r)`` (``ζ_r`` = "row ``r`` is cut" ≤ Σ of the ``z_e`` of
the elements holding it). With ``p_r = y_r · ζ_r`` linearised as ``p_r ≥ y_r``, ``p_r ≥ −M_r ζ_r``
(the attacker pushes ``p_r`` down, so these two lower bounds make ``p_r = y_r ζ_r`` at binary
``ζ``) the model is a MILP, solved with HiGHS (highspy).

The big-M bounds come from the cost data. Let ``U`` be the largest unmet-demand cost (penalty ×
priority) of any column. Freeing one unit of capacity on row ``r`` (coefficients ≥ ``a_r``) needs
at most ``1 / a_r`` units of flow taken off the paths through it, each ending in unmet demand at
cost ≤ ``U`` (supply and every other cost are ≥ 0): so the follower's value changes by at most
``U / a_r`` per unit of ``u_r`` — the duals obey ``−U / a_r ≤ y_r ≤ 0`` — and for a cut row
(capacity 0) the same figure is an exact penalty: allowing flow over it at ``U / a_r`` per unit
does not change the optimum. ``M_r = U / a_r`` (columns: ``M_j = U``). The bound assumes the
follower has no negative costs (min-cost mode; max-throughput rewards are refused). The chosen set
is re-solved with the warm engine; if the MILP's value ever disagreed with it, ``M`` would be
doubled and the MILP solved again (``big_m_rounds`` says how often; 1 means never).

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> r = worst_case(load_demo_network(), k=1, level="link", year=2024)
>>> r.elements, r.gap
(('pipe-a',), 0.0)
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridors.analysis.milp import solve_milp
from corridors.errors import ScenarioError, SolverError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from corridors.data.network import Network
    from corridors.model.lp import Change, LinearProgram

__all__ = ["WorstCase", "worst_case", "weighted_unmet"]

_TOL = 1e-6
RANKING = ("loss: the follower's objective (priority-weighted unmet demand x UNMET_PENALTY + transport cost), "
           "as sweep(rank='loss'); ties to the alphabetically first set")


@dataclass(frozen=True, eq=False)
class WorstCase:
    """The worst ``k`` elements of a level and what losing them together costs.

    ``elements`` (ids), ``targets`` (``level:id`` strings); ``objective`` is the follower's optimum
    with them cut (re-solved with the warm engine), ``bound`` the MILP's proven upper bound on any
    ``k`` set's objective, ``gap`` = (bound − objective) / objective (0 when proven). ``loss`` is
    the priority-weighted unmet demand beyond the base case per commodity, in ``units``;
    ``unmet`` the plain unmet demand, ``lost_share`` the share of each commodity's demand lost.
    The sets are ranked as ``sweep(rank="loss")`` ranks them (``RANKING``); ``solver`` says which
    MILP solver proved it.
    """

    level: str
    k: int
    year: int | None
    elements: tuple[str, ...]
    objective: float
    base_objective: float
    bound: float
    gap: float
    loss: dict[str, float]
    unmet: dict[str, float]
    lost_share: dict[str, float]
    units: dict[str, str]
    candidates: int
    status: str
    seconds: float
    big_m_rounds: int = 1
    solver: str = "highs"
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def targets(self) -> list[str]:
        """The chosen elements as target strings (``country:GE``)."""
        return [f"{self.level}:{e}" for e in self.elements]

    def __repr__(self) -> str:
        return (f"<WorstCase N-{self.k} {self.level}: {' + '.join(self.elements)}, objective {self.objective:.6g}, "
                f"gap {self.gap:.3g}>")

    def to_dict(self) -> dict[str, Any]:
        """Plain data (the JSON fields)."""
        return {"level": self.level, "k": self.k, "year": self.year, "elements": list(self.elements),
                "targets": self.targets, "objective": self.objective, "base_objective": self.base_objective,
                "bound": self.bound, "gap": self.gap, "loss": self.loss, "unmet": self.unmet,
                "lost_share": self.lost_share, "units": self.units, "candidates": self.candidates,
                "status": self.status, "seconds": self.seconds, "solver": self.solver,
                "ranking": RANKING}

    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON (sorted keys, 6 significant digits)."""
        from corridors.data.formats import to_stable_json

        return to_stable_json(self.to_dict(), indent=indent)

    def to_frame(self) -> pd.DataFrame:
        """One row per commodity: ``commodity, loss, unmet, lost_share, unit``."""
        import pandas as pd

        return pd.DataFrame([{"commodity": c, "loss": self.loss[c], "unmet": self.unmet[c],
                              "lost_share": self.lost_share[c], "unit": self.units[c]} for c in self.loss])


def weighted_unmet(lp: LinearProgram, x: np.ndarray) -> dict[str, float]:
    """Priority-weighted unmet demand per commodity (canonical units): Σ priority × unmet.

    Read from the unmet columns' costs (penalty × priority) in min-cost models.
    """
    import numpy as np

    from corridors import settings
    from corridors.model.lp import UNMET

    u = np.flatnonzero(lp.col_kind == UNMET)
    w = np.bincount(lp.col_commodity[u], weights=lp.col_cost[u] * x[u] / float(settings.UNMET_PENALTY),
                    minlength=len(lp.commodities))
    return {c: float(w[i]) for i, c in enumerate(lp.commodities)}


def interdiction_elements(network: Network, lp: LinearProgram, x, level: str, *, transit: bool,
                          elements: Iterable[str] | None = None) -> dict[str, Change]:
    """The elements an attacker may cut: ``{id: Change}`` (elements that change nothing left out)."""
    from corridors.analysis.sweep_rows import supplying_nodes as _supplying_nodes
    from corridors.analysis.sweeps import _derates, level_elements, pick

    members = pick(level_elements(network, level), elements, level)
    supplying = _supplying_nodes(lp, x) if transit else set()
    out = {}
    for ident, (lids, nids) in members.items():
        if transit and any(n in supplying for n in nids):
            continue
        change = _derates(lp, lids, nids)
        if change:
            out[ident] = change
    return out


def _big_m(lp: LinearProgram) -> tuple[np.ndarray, float]:
    """``M_r`` per row (``U / smallest coefficient``) and ``M`` for columns (``U``); see the module docstring."""
    import numpy as np

    from corridors.model.lp import UNMET

    unmet = lp.col_kind == UNMET
    if (lp.col_cost[~unmet] < -1e-12).any():
        raise ScenarioError("worst case needs a min-cost model without negative costs (no max-throughput target)")
    if (lp.col_lower != 0).any():
        raise ScenarioError("worst case needs every column's lower bound at 0")
    U = float(lp.col_cost[unmet].max()) if unmet.any() else 1.0
    csr = abs(lp.matrix.tocsr())
    csr.data[csr.data < 1e-12] = np.inf
    smallest = np.full(lp.num_row, 1.0)
    for r in range(lp.num_row):  # rows are few; a loop keeps it readable
        s, e = csr.indptr[r], csr.indptr[r + 1]
        if e > s:
            smallest[r] = min(1.0, float(csr.data[s:e].min()))
    return U / smallest, U


def _milp(lp: LinearProgram, changes: list[Change], k: int, scale: float, time_limit: float | None,
          solver: str | None = None):
    """Build and solve the single-level MILP; returns (chosen element positions, objective, bound, status)."""
    import numpy as np
    import scipy.sparse as sp

    m, n = lp.num_row, lp.num_col
    M_row, M_col = _big_m(lp)
    M_row, M_col = M_row * scale, M_col * scale
    eq = np.isfinite(lp.row_lower) & np.isfinite(lp.row_upper) & (lp.row_lower == lp.row_upper)
    le = ~eq & np.isinf(lp.row_lower) & np.isfinite(lp.row_upper)
    ge = ~eq & np.isfinite(lp.row_lower) & np.isinf(lp.row_upper)
    if not (eq | le | ge).all():
        raise ScenarioError("worst case: rows with two different finite bounds are not supported")
    # cut rows / columns and which elements hold them
    cut_rows = sorted({int(r) for c in changes for r in c.rows})
    cut_cols = sorted({int(j) for c in changes for j in c.cols})
    rpos = {r: i for i, r in enumerate(cut_rows)}
    cpos = {j: i for i, j in enumerate(cut_cols)}
    finite_u = np.isfinite(lp.col_upper)
    w_cols = sorted(set(np.flatnonzero(finite_u).tolist()) | set(cut_cols))
    wpos = {j: i for i, j in enumerate(w_cols)}
    pc_cols = [j for j in cut_cols if finite_u[j]]  # cut columns with a finite bound need p_j
    pcpos = {j: i for i, j in enumerate(pc_cols)}
    E, R, C, W, PC = len(changes), len(cut_rows), len(cut_cols), len(w_cols), len(pc_cols)
    # variable blocks: y (m) | w (W) | p_r (R) | p_j (PC) | zeta_r (R) | zeta_j (C) | z (E)
    oy, ow, opr, opc, ozr, ozc, oz = 0, m, m + W, m + W + R, m + W + R + PC, m + W + 2 * R + PC, m + W + 2 * R + PC + C
    nv = oz + E
    cost = np.zeros(nv)
    h = np.where(eq | le, lp.row_upper, lp.row_lower)
    cost[oy:oy + m] = np.nan_to_num(h, posinf=0.0, neginf=0.0)
    wc = np.asarray(w_cols, dtype=np.int64)
    cost[ow:ow + W] = np.where(finite_u[wc], np.nan_to_num(lp.col_upper[wc], posinf=0.0), 0.0) if W else 0.0
    cr = np.asarray(cut_rows, dtype=np.int64)
    cost[opr:opr + R] = -h[cr] if R else 0.0
    cost[opc:opc + PC] = -lp.col_upper[np.asarray(pc_cols, dtype=np.int64)] if PC else 0.0
    lower = np.full(nv, -math.inf)
    upper = np.full(nv, math.inf)
    lower[oy:oy + m] = np.where(le, -M_row, np.where(ge, 0.0, -math.inf))
    upper[oy:oy + m] = np.where(le, 0.0, np.where(ge, M_row, math.inf))
    lower[ow:ow + W], upper[ow:ow + W] = -M_col, 0.0
    lower[opr:opr + R], upper[opr:opr + R] = -M_row[cr] if R else 0.0, 0.0
    lower[opc:opc + PC], upper[opc:opc + PC] = -M_col, 0.0
    lower[ozr:oz + E], upper[ozr:oz + E] = 0.0, 1.0
    rows, cols, vals, rlo, rup = [], [], [], [], []
    nrow = 0

    def add(entries, lo, up):
        nonlocal nrow
        for c_, v_ in entries:
            rows.append(nrow)
            cols.append(c_)
            vals.append(v_)
        rlo.append(lo)
        rup.append(up)
        nrow += 1

    # dual feasibility, one row per primal column: A_jᵀ y + w_j ≤ c_j (as a block)
    AT = lp.matrix.T.tocoo()
    d_rows, d_cols, d_vals = [AT.row], [AT.col + oy], [AT.data]
    wj = np.asarray([wpos[j] for j in w_cols], dtype=np.int64)
    d_rows.append(wc)
    d_cols.append(ow + wj)
    d_vals.append(np.ones(W))
    nrow = n
    rlo, rup = [-math.inf] * n, lp.col_cost.tolist()
    rows, cols, vals = [np.concatenate(d_rows).tolist(), np.concatenate(d_cols).tolist(), np.concatenate(d_vals).tolist()]
    rows, cols, vals = list(rows), list(cols), list(vals)
    # zeta ≤ Σ z of the elements holding it
    holders_r: dict[int, list[int]] = {}
    holders_c: dict[int, list[int]] = {}
    for e, c in enumerate(changes):
        for r in c.rows.tolist():
            holders_r.setdefault(r, []).append(e)
        for j in c.cols.tolist():
            holders_c.setdefault(j, []).append(e)
    for r, es in holders_r.items():
        add([(ozr + rpos[r], 1.0)] + [(oz + e, -1.0) for e in es], -math.inf, 0.0)
        add([(opr + rpos[r], 1.0), (oy + r, -1.0)], 0.0, math.inf)          # p_r ≥ y_r
        add([(opr + rpos[r], 1.0), (ozr + rpos[r], float(M_row[r]))], 0.0, math.inf)  # p_r ≥ −M ζ_r
    for j, es in holders_c.items():
        add([(ozc + cpos[j], 1.0)] + [(oz + e, -1.0) for e in es], -math.inf, 0.0)
        if j in pcpos:
            add([(opc + pcpos[j], 1.0), (ow + wpos[j], -1.0)], 0.0, math.inf)
            add([(opc + pcpos[j], 1.0), (ozc + cpos[j], M_col)], 0.0, math.inf)
        else:  # x_j ≤ ∞ unless cut: w_j ≥ −M ζ_j
            add([(ow + wpos[j], 1.0), (ozc + cpos[j], M_col)], 0.0, math.inf)
    kk = min(k, E)
    add([(oz + e, 1.0) for e in range(E)], kk, kk)
    A = sp.csc_matrix((vals, (rows, cols)), shape=(nrow, nv))
    A.sum_duplicates()
    r = solve_milp(cost, lower, upper, A, np.asarray(rlo, dtype=float), np.asarray(rup, dtype=float),
                   integer=range(oz, nv), maximize=True, offset=float(lp.offset), gap=1e-9,
                   time_limit=time_limit, what="worst-case MILP", solver=solver)
    if r.status not in ("optimal", "time limit"):
        raise SolverError(f"the worst-case MILP did not solve ({r.status})")
    chosen = [e for e in range(E) if r.x[oz + e] > 0.5]
    return chosen, r.objective, r.bound, r.status, r.solver


def worst_case(network: Network, *, k: int = 2, level: str = "link", year: int | None = None, scenario: Any = None,
               transit: bool = False, elements: Iterable[str] | None = None,
               time_limit: float | None = None, solver: str | None = None) -> WorstCase:
    """The ``k`` elements of ``level`` whose joint loss costs the most, with a proof (MILP bound).

    Parameters
    ----------
    network
        The network (filtered to ``year`` as :func:`corridors.solve` does).
    k
        How many elements fail together (1 or more).
    level
        ``link``, ``node``, ``asset``, ``country``, ``corridor`` or ``mode``.
    year, scenario
        As for :func:`corridors.solve`: the base case the failures start from.
    transit
        Leave out elements that supply the network in the base case (as ``spof --transit``).
    elements
        Only these element ids may fail (default: every element of the level).
    time_limit
        Seconds for the MILP (default none); a stop before the proof gives ``gap > 0``.
    solver
        ``highs`` or ``cbc`` for the MILP (default :data:`corridors.settings.SOLVER`, falling back
        to the other when it is not installed; see :mod:`corridors.analysis.milp`).

    Sets of equal objective (to 1e-6) are a tie: the answer is the alphabetically first set of
    element ids reachable from the MILP's by swapping one element at a time for an earlier one
    (re-solved with the warm engine), the tie rule of ``sweep(rank="loss")``, whose top row is
    therefore this set for ``k = 2``.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> r = worst_case(load_demo_network(), k=2, level="asset", year=2024)
    >>> sorted(r.elements), r.units["oil"]
    (['DEMO-FERRY', 'DEMO-OIL'], 'Mt/y')
    """

    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.blocks import BlockSolver
    from corridors.model.flow import build_problem

    if not isinstance(k, int) or k < 1:
        raise ScenarioError(f"k={k!r}: give how many elements fail together (1 or more)")
    t0 = time.perf_counter()
    problem = build_problem(network, scenario=scenario, year=year)
    if problem.mode != "min-cost":  # pragma: no cover - build_problem without max_to is min-cost
        raise ScenarioError("worst case needs a min-cost model")
    lp = problem.program
    engine = BlockSolver(lp)
    base = engine.solve()
    if base.status != "optimal":
        raise ScenarioError(f"the base case did not solve ({base.status}); check the network with `corridors solve`")
    changes = interdiction_elements(problem.network, lp, base.x, level, transit=transit, elements=elements)
    if not changes:
        raise ScenarioError(f"no {level} element can fail here{' (transit only)' if transit else ''}; try another level")
    ids = list(changes)
    t1 = time.perf_counter()
    scale, rounds = 1.0, 0
    while True:
        rounds += 1
        chosen, value, bound, status, used = _milp(lp, [changes[e] for e in ids], k, scale, time_limit, solver)
        check = engine.solve(_merged(changes, [ids[e] for e in chosen]))
        if check.status != "optimal":
            raise SolverError(f"re-solving the worst set failed ({check.status})")
        if abs(check.objective - value) <= 1e-6 * max(1.0, abs(value)) or rounds >= 4:
            break
        scale *= 2.0  # the MILP's value disagrees with the primal: widen M and solve again
    chosen_ids = [ids[e] for e in chosen]
    if status == "optimal":
        chosen_ids, check = _first_of_ties(engine, changes, chosen_ids, check)
    t2 = time.perf_counter()
    base_w, cut_w = weighted_unmet(lp, base.x), weighted_unmet(lp, check.x)
    demand = problem.balances.groupby("commodity")["demand"].sum()
    loss = {c: max(0.0, cut_w[c] - base_w[c]) for c in lp.commodities}
    lost = {c: check.unmet[c] - base.unmet[c] for c in lp.commodities}
    share = {c: (lost[c] / float(demand.get(c, 0.0)) if float(demand.get(c, 0.0)) > 0 else 0.0) for c in lp.commodities}
    objective = float(check.objective)
    bound = max(bound, objective)
    gap = 0.0 if status == "optimal" else (bound - objective) / max(abs(objective), 1e-9)
    loss = {c: (0.0 if abs(v) < _TOL else v) for c, v in loss.items()}
    return WorstCase(level=level, k=k, year=problem.year, elements=tuple(sorted(chosen_ids)),
                     objective=objective, base_objective=float(base.objective), bound=float(bound),
                     gap=float(gap), loss=loss, unmet={c: float(check.unmet[c]) for c in lp.commodities},
                     lost_share={c: float(0.0 if abs(v) < _TOL else v) for c, v in share.items()},
                     units={c: CANONICAL_UNITS[c] for c in lp.commodities}, candidates=len(ids), status=status,
                     seconds=time.perf_counter() - t0, big_m_rounds=rounds, solver=used,
                     timings={"build": t1 - t0, "milp": t2 - t1})


def _merged(changes: dict[str, Change], chosen: Iterable[str]) -> Change:
    chosen = list(chosen)
    change = changes[chosen[0]]
    for e in chosen[1:]:
        change = change.merge(changes[e])
    return change


def _first_of_ties(engine, changes: dict[str, Change], chosen: list[str], check):
    """Swap elements of the worst set for alphabetically earlier ones of equal objective (ties), until none is left.

    Returns the set (sorted) and its warm re-solve.
    """
    current = sorted(chosen)
    value = check.objective
    tol = 1e-6
    improved = True
    while improved:
        improved = False
        for pos, e in enumerate(current):
            for alt in sorted(changes):
                if alt >= e:
                    break
                if alt in current:
                    continue
                trial = sorted([*current[:pos], alt, *current[pos + 1:]])
                r = engine.solve(_merged(changes, trial))
                if r.status == "optimal" and abs(r.objective - value) <= tol:
                    current, check, improved = trial, r, True
                    break
            if improved:
                break
    return current, check
