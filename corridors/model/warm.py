"""The warm re-solve engine: a built model exported once to arrays, re-solved in highspy.

Sweeps must not rebuild the PuLP model per scenario (DESIGN.md, "Optimisation"). So:

1. :func:`export_linear_program` reads a built :class:`~corridors.model.flow.Problem` (the PuLP model,
   through PuLP's public API only) into a :class:`LinearProgram`: costs, bounds, a column-wise
   sparse matrix, row bounds and the maps from link and node ids to the rows and columns a
   disruption changes. It is plain numpy and dicts: picklable and independent of PuLP.
2. :class:`WarmSolver` keeps one ``highspy.Highs`` model of it. Each scenario changes a few row
   bounds (a link's capacity row scaled by its derate) or column bounds (a cut node) and re-solves
   from the previous basis; bounds changed by the previous scenario are restored first.

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
>>> lp = export_linear_program(build_problem(load_demo_network()))
>>> engine = WarmSolver(lp)
>>> base = engine.solve()
>>> cut = engine.solve({"link:pipe-b": 0.0})        # BTC's Georgia–Türkiye section cut
>>> base.status, round(cut.unmet["oil"], 1)
('optimal', 30.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corridors.errors import ScenarioError, SolverError, suggest

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from corridors.model.flow import Problem

__all__ = ["LinearProgram", "WarmResult", "WarmSolver", "export_linear_program"]


@dataclass(frozen=True, eq=False)
class LinearProgram:
    """A minimisation LP as arrays: ``min c·x  s.t.  row_lower ≤ A x ≤ row_upper, col_lower ≤ x ≤ col_upper``.

    ``A`` is column-wise (CSC): column ``j`` has entries ``a_index[a_start[j]:a_start[j+1]]`` with
    values ``a_value[...]``. Infinite bounds are ``±inf``. Besides the arrays:

    ``col_kind`` ("flow", "supply", "unmet", "target"), ``col_commodity``, ``col_link`` (position of
    the link in ``link_ids``, -1 for non-flow columns); ``row_kind`` ("balance", "link", "node"),
    ``row_ref`` (node or link id) and ``row_nominal`` (undamaged capacity of capacity rows, NaN
    otherwise); ``link_rows`` / ``node_rows`` map ids to their capacity rows and ``link_cols`` /
    ``node_cols`` to the columns that carry them (a node's: flows into it and its supply).
    """

    col_names: tuple[str, ...]
    col_cost: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    row_names: tuple[str, ...]
    row_lower: np.ndarray
    row_upper: np.ndarray
    a_start: np.ndarray
    a_index: np.ndarray
    a_value: np.ndarray
    col_kind: np.ndarray
    col_commodity: np.ndarray
    col_link: np.ndarray
    row_kind: np.ndarray
    row_ref: np.ndarray
    row_nominal: np.ndarray
    link_ids: tuple[str, ...]
    commodities: tuple[str, ...]
    link_rows: dict[str, tuple[int, ...]]
    node_rows: dict[str, tuple[int, ...]]
    link_cols: dict[str, tuple[int, ...]]
    node_cols: dict[str, tuple[int, ...]]
    offset: float = 0.0
    year: int | None = None

    @property
    def num_col(self) -> int:
        """Number of columns (variables)."""
        return len(self.col_cost)

    @property
    def num_row(self) -> int:
        """Number of rows (constraints)."""
        return len(self.row_lower)

    def __repr__(self) -> str:
        return f"<LinearProgram {self.num_col} columns, {self.num_row} rows, {len(self.a_value)} non-zeros>"

    def _element(self, element: str) -> tuple[str, str]:
        kind, _, ident = str(element).partition(":")
        if not ident:
            ident = kind
            in_links, in_nodes = ident in self.link_cols or ident in self.link_rows, ident in self.node_cols or ident in self.node_rows
            if in_links and in_nodes:
                raise ScenarioError(f"{ident!r} is both a link and a node id; write link:{ident} or node:{ident}")
            kind = "link" if in_links else "node" if in_nodes else ""
            if not kind:
                valid = sorted(set(self.link_cols) | set(self.node_cols))
                raise ScenarioError(f"unknown link or node {ident!r}{suggest(ident, valid)}")
        if kind not in ("link", "node"):
            raise ScenarioError(f"{element!r}: the engine changes links and nodes; write link:ID or node:ID")
        if kind == "link":
            found = ident in self.link_cols or ident in self.link_rows
        else:
            found = ident in self.node_cols or ident in self.node_rows
        if not found:
            known = set(self.link_cols) | set(self.link_rows) if kind == "link" else set(self.node_cols) | set(self.node_rows)
            raise ScenarioError(f"unknown {kind} {ident!r}{suggest(ident, sorted(known))} (or it carries nothing in this model)")
        return kind, ident

    def capacity_rows(self, element: str) -> tuple[int, ...]:
        """Capacity rows of a link or node: ``"link:ID"``, ``"node:ID"`` or a bare id.

        Examples
        --------
        >>> from corridors.model.flow import build_problem
        >>> from corridors.data.io import load_demo_network
        >>> lp = export_linear_program(build_problem(load_demo_network()))
        >>> [lp.row_ref[r] for r in lp.capacity_rows("node:alat")]
        ['alat']
        """
        kind, ident = self._element(element)
        return (self.link_rows if kind == "link" else self.node_rows).get(ident, ())

    def element_columns(self, element: str) -> tuple[int, ...]:
        """Columns a link (its flows) or node (flows into it, its supply) needs to carry anything."""
        kind, ident = self._element(element)
        return (self.link_cols if kind == "link" else self.node_cols).get(ident, ())


def _bound(value: Any, default: float) -> float:
    if value is None:
        return default
    value = float(value)
    return value


def export_linear_program(problem: Problem) -> LinearProgram:
    """Export a built :class:`~corridors.model.flow.Problem` to a :class:`LinearProgram` (once per base model).

    Reads the PuLP model through its public API (variables' bounds, the objective's and each
    constraint's ``items()``, ``constant`` and ``sense``), which PuLP 3.3 and 4 share.

    Examples
    --------
    >>> from corridors.model.flow import build_problem
    >>> from corridors.data.io import load_demo_network
    >>> lp = export_linear_program(build_problem(load_demo_network()))
    >>> lp.num_col, lp.num_row
    (12, 15)
    """
    import numpy as np

    variables = problem.variables
    index = {v.name: j for j, v in enumerate(variables)}
    n = len(variables)
    cost = np.zeros(n)
    objective = problem.lp.objective
    offset = 0.0
    if objective is not None:
        for var, coef in objective.items():
            cost[index[var.name]] += float(coef)
        offset = float(objective.constant or 0.0)
    lower = np.array([_bound(v.lowBound, -math.inf) for v in variables], dtype=float)
    upper = np.array([_bound(v.upBound, math.inf) for v in variables], dtype=float)
    m = len(problem.constraints)
    row_lower = np.empty(m)
    row_upper = np.empty(m)
    triplets_col, triplets_row, triplets_val = [], [], []
    for i, con in enumerate(problem.constraints):
        rhs = -float(con.constant)
        sense = int(con.sense)
        row_lower[i] = rhs if sense >= 0 else -math.inf
        row_upper[i] = rhs if sense <= 0 else math.inf
        for var, coef in con.items():
            if coef:
                triplets_col.append(index[var.name])
                triplets_row.append(i)
                triplets_val.append(float(coef))
    tc = np.asarray(triplets_col, dtype=np.int64)
    tr = np.asarray(triplets_row, dtype=np.int64)
    tv = np.asarray(triplets_val, dtype=float)
    order = np.lexsort((tr, tc))
    a_index = tr[order].astype(np.int32)
    a_value = tv[order]
    a_start = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.bincount(tc, minlength=n), out=a_start[1:])

    cols, rows = problem.columns, problem.rows
    link_ids = tuple(problem.network.links.index)
    link_pos = {lid: p for p, lid in enumerate(link_ids)}
    col_link = np.array([link_pos.get(lid, -1) if kind == "flow" else -1 for lid, kind in zip(cols["link"], cols["kind"])],
                        dtype=np.int64)
    link_rows: dict[str, list[int]] = {}
    node_rows: dict[str, list[int]] = {}
    for j, (kind, ref) in enumerate(zip(rows["kind"], rows["ref"])):
        if kind == "link":
            link_rows.setdefault(ref, []).append(j)
        elif kind == "node":
            node_rows.setdefault(ref, []).append(j)
    link_cols: dict[str, list[int]] = {}
    node_cols: dict[str, list[int]] = {}
    for j, (kind, lid, head, node) in enumerate(zip(cols["kind"], cols["link"], cols["head"], cols["node"])):
        if kind == "flow":
            link_cols.setdefault(lid, []).append(j)
            node_cols.setdefault(head, []).append(j)
        elif kind == "supply":
            node_cols.setdefault(node, []).append(j)
    freeze = lambda d: {k: tuple(v) for k, v in d.items()}  # noqa: E731
    return LinearProgram(
        col_names=tuple(v.name for v in variables), col_cost=cost, col_lower=lower, col_upper=upper,
        row_names=tuple(c.name for c in problem.constraints), row_lower=row_lower, row_upper=row_upper,
        a_start=a_start, a_index=a_index, a_value=a_value,
        col_kind=cols["kind"].to_numpy(dtype=object), col_commodity=cols["commodity"].to_numpy(dtype=object),
        col_link=col_link, row_kind=rows["kind"].to_numpy(dtype=object), row_ref=rows["ref"].to_numpy(dtype=object),
        row_nominal=rows["nominal"].to_numpy(dtype=float), link_ids=link_ids, commodities=tuple(problem.commodities),
        link_rows=freeze(link_rows), node_rows=freeze(node_rows), link_cols=freeze(link_cols),
        node_cols=freeze(node_cols), offset=offset, year=problem.year)


@dataclass(frozen=True, eq=False)
class WarmResult:
    """One warm re-solve: ``status``, ``objective``, ``unmet`` per commodity, ``flows`` per link.

    ``flows[i]`` is the total flow on ``lp.link_ids[i]`` (both directions, all commodities); ``x``
    holds every column value; ``throughput`` sums the max-throughput sink columns (0 in min-cost
    models); ``attempts`` is 1 for a plain warm solve, 2 after a re-run, 3 after a cold solve.
    """

    status: str
    objective: float
    unmet: dict[str, float]
    flows: np.ndarray
    x: np.ndarray = field(repr=False)
    throughput: float = 0.0
    attempts: int = 1
    iterations: int = 0


def _rebuild(lp: LinearProgram, threads: int | None) -> WarmSolver:
    return WarmSolver(lp, threads=threads)


class WarmSolver:
    """A kept highspy model of ``lp``: change bounds, re-solve from the last basis.

    Parameters
    ----------
    lp
        The exported model (:func:`export_linear_program`).
    threads
        HiGHS threads; set it in the first solver of a process (HiGHS's pool is global).

    Notes
    -----
    :meth:`solve` takes derates ``{"link:ID" | "node:ID" | id: fraction}``. A capacity row is set to
    ``nominal × fraction``; a link or node with no capacity row can only be cut (fraction 0: its
    columns get an upper bound of 0). Each call starts from the base bounds: what the previous call
    changed is restored. A pickled solver is rebuilt cold from ``lp``.

    Examples
    --------
    >>> from corridors.model.flow import build_problem
    >>> from corridors.data.io import load_demo_network
    >>> engine = WarmSolver(export_linear_program(build_problem(load_demo_network())))
    >>> r = engine.solve({"node:alat": 0.2})      # Alat port at 20 % of 15 Mt/y
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
        if threads is not None:
            h.setOptionValue("threads", int(threads))
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
            raise SolverError("highspy rejected the exported model (passModel failed); rebuild it with build_problem")
        self._h = h
        self._rows_changed = np.zeros(0, dtype=np.int32)
        self._cols_changed = np.zeros(0, dtype=np.int32)
        self._flow_mask = lp.col_link >= 0
        self._flow_link = lp.col_link[self._flow_mask]
        self._unmet = {k: np.flatnonzero((lp.col_kind == "unmet") & (lp.col_commodity == k)) for k in lp.commodities}
        self._target = np.flatnonzero(lp.col_kind == "target")

    def __reduce__(self):
        return (_rebuild, (self.lp, self._threads))

    def __repr__(self) -> str:
        return f"<WarmSolver {self.lp!r}>"

    # -- bounds ---------------------------------------------------------------------------------
    def set_bounds(self, *, rows: Iterable[int] = (), row_upper: Iterable[float] = (), cols: Iterable[int] = (),
                   col_upper: Iterable[float] = ()) -> None:
        """Restore the base bounds, then set the upper bounds of ``rows`` and ``cols``."""
        import numpy as np

        lp = self.lp
        rows = np.asarray(list(rows), dtype=np.int32)
        cols = np.asarray(list(cols), dtype=np.int32)
        r_up = np.asarray(list(row_upper), dtype=float)
        c_up = np.asarray(list(col_upper), dtype=float)
        if len(rows) != len(r_up) or len(cols) != len(c_up):
            raise ValueError("give one upper bound per row and per column")
        all_rows = np.union1d(self._rows_changed, rows).astype(np.int32)
        if len(all_rows):
            up = lp.row_upper[all_rows].copy()
            up[np.searchsorted(all_rows, rows)] = r_up
            self._h.changeRowsBounds(len(all_rows), all_rows, lp.row_lower[all_rows], up)
        all_cols = np.union1d(self._cols_changed, cols).astype(np.int32)
        if len(all_cols):
            up = lp.col_upper[all_cols].copy()
            up[np.searchsorted(all_cols, cols)] = c_up
            self._h.changeColsBounds(len(all_cols), all_cols, lp.col_lower[all_cols], up)
        self._rows_changed, self._cols_changed = rows, cols

    def set_derates(self, derates: Mapping[str, float] | None = None) -> None:
        """Restore the base model, then apply ``derates`` (``{"link:ID" | "node:ID": fraction}``)."""
        rows: dict[int, float] = {}
        cols: dict[int, float] = {}
        for element, fraction in (derates or {}).items():
            f = float(fraction)
            if not 0.0 <= f <= 1.0:
                raise ScenarioError(f"{element!r}: derate {fraction!r} is not a fraction; give 0 (cut) to 1 (intact)")
            found = self.lp.capacity_rows(element)
            if found:
                for r in found:
                    rows[r] = self.lp.row_nominal[r] * f
            elif f == 0.0:
                for c in self.lp.element_columns(element):
                    cols[c] = 0.0
            elif f < 1.0:
                raise ScenarioError(f"{element!r} has no capacity row, so it can only be cut (0) here; "
                                    "build the base problem with a derate below 1 on it to scale it")
        self.set_bounds(rows=sorted(rows), row_upper=[rows[r] for r in sorted(rows)],
                        cols=sorted(cols), col_upper=[cols[c] for c in sorted(cols)])

    # -- solving ------------------------------------------------------------------------------------
    def run(self) -> WarmResult:
        """Re-solve from the current basis and read the result (re-run, then cold, if HiGHS says Unknown)."""
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
        iterations = int(h.getInfo().simplex_iteration_count)
        if model_status != ok:
            status = "error: " + h.modelStatusToString(model_status) if run_status == hs.HighsStatus.kError \
                else h.modelStatusToString(model_status).lower()
            n = self.lp.num_col
            return WarmResult(status=status, objective=math.nan, unmet={k: math.nan for k in self._unmet},
                              flows=np.full(len(self.lp.link_ids), math.nan), x=np.full(n, math.nan),
                              throughput=math.nan, attempts=attempts, iterations=iterations)
        x = np.asarray(h.getSolution().col_value, dtype=float)
        flows = np.bincount(self._flow_link, weights=x[self._flow_mask], minlength=len(self.lp.link_ids))
        unmet = {k: float(x[idx].sum()) for k, idx in self._unmet.items()}
        return WarmResult(status="optimal", objective=float(h.getObjectiveValue()), unmet=unmet, flows=flows, x=x,
                          throughput=float(x[self._target].sum()), attempts=attempts, iterations=iterations)

    def solve(self, derates: Mapping[str, float] | None = None) -> WarmResult:
        """Apply ``derates`` to the base model (nothing: the base case) and re-solve warm."""
        self.set_derates(derates)
        return self.run()
