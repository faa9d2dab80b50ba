"""The report's claims section's solves: :func:`shared_readout`, what
:func:`corridors.model.cache.cached_delivered` delivers, as a :class:`~corridors.model.delivered.Readout`.

The same model, warm engine and solves as the cache's (so the same numbers to the last bit), with
the base case of each year read light too (no :func:`~corridors.model.results.assemble_result`),
and a scenario that cannot be a warm re-solve (projects, balance changes) ruled out before its
links and nodes are compared column by column. It sits above :mod:`corridors.model.cache` (which
imports :mod:`corridors.model.delivered`), so that no import goes round in a cycle.

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> from corridors.model.cache import cached_delivered
>>> from corridors.model.scenario import Scenario
>>> net, cut = load_demo_network(), Scenario.cut("country:GE", year=2024)
>>> shared_readout(net, scenario=cut).served == cached_delivered(net, scenario=cut).deliveries["served"].tolist()
True
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from corridors.model.delivered import Readout, readout, share_rows

if TYPE_CHECKING:  # pragma: no cover
    from corridors.model.lp import Problem

__all__ = ["shared_readout"]

_TOL = 1e-9  # column values below it read as 0, as corridors.model.flow reads them
#: problem -> the Readout of its base solve (what ``cache._base_result`` reads, without the FlowResult)
_BASES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def shared_readout(network: Any, *, year: int | None = None, scenario: Any = None) -> Readout:
    """The :class:`Readout` of ``cached_delivered(network, year=, scenario=)``
    (:mod:`corridors.model.cache`): the same model, warm engine and solves, so the same numbers —
    with the base case of the year read the same light way rather than as a whole FlowResult
    (when no FlowResult of it is cached already).

    A scenario that only derates the base model's links and nodes is a warm re-solve of that model
    (the engine the cache keeps for it); anything else is built and solved on its own.
    """
    import numpy as np

    from corridors.model import cache
    from corridors.model.years import resolve_year

    y = resolve_year(year, scenario=scenario, network=network)
    problem = cache.cached_problem(network, year=y)
    base = _base_readout(problem)
    if scenario is None:
        return base
    change = cache.warm_bounds(problem, network, y, scenario)
    if change is None:
        return _cold_readout(network, y, scenario, problem)
    run = cache.shared_engine(problem.program).solve(change)
    if run.status != "optimal":
        return _cold_readout(network, y, scenario)
    x = np.array(run.x, dtype=float)
    x[np.abs(x) < _TOL] = 0.0
    return readout(problem, x, "optimal")


def _base_readout(problem: Problem) -> Readout:
    """The base case of a cached problem: its cached FlowResult's readout, else solved once (a copy of
    the problem, as ``cache._base_result`` solves it) and read light."""
    import dataclasses

    from corridors.model import cache
    from corridors.model.flow import solve_problem

    hit = _BASES.get(problem)
    if hit is None:
        full = cache._BASES.get(problem)
        if full is not None:
            hit = Readout.of(full)
        else:
            own = dataclasses.replace(problem, timings=dict(problem.timings), _pulp=None)  # the shared one stays unsolved
            hit = _solved_readout(solve_problem(own), problem)  # read as the shared one: its rows once
        _BASES[problem] = hit
    return hit


def _solved_readout(problem: Problem, same: Problem | None = None) -> Readout:
    """The readout of a solved problem, as :func:`corridors.model.flow.read_solution` reads it
    (``same``: a problem with the same arrays, balances and network, whose delivery rows are read)."""
    from corridors.model.flow import read_solution

    if problem.status == "optimal" and problem.solution is None:  # solved through PuLP: read it back from there
        return Readout.of(read_solution(problem))
    x = None
    if problem.status == "optimal":
        import numpy as np

        x = problem.solution[0].copy()
        x[np.abs(x) < _TOL] = 0.0
    return readout(problem if same is None else same, x, problem.status)


def _cold_readout(network: Any, year: int, scenario: Any, base: Problem | None = None) -> Readout:
    """What ``cache._delivered_cold`` delivers: the scenario's model built and solved on its own —
    for a scenario that only changes demand and supply, the very arrays that build gives, made from
    those of the cached ``base`` model of its year (:func:`balance_problem`), solved the same way."""
    from corridors.model.flow import build_problem, solve_problem
    from corridors.model.reuse import reading

    problem = balance_problem(base, network, year, scenario) if base is not None else None
    if problem is None:
        with reading():  # the model reads the scenario's network, and goes once it is read
            problem = build_problem(network, scenario=scenario, year=year)
    return _solved_readout(solve_problem(problem))


def balance_problem(base: Problem, network: Any, year: int, scenario: Any) -> Problem | None:
    """``build_problem(network, scenario=scenario, year=year)`` for a scenario that only sets or
    scales demand and supply on balance rows the year has, made from the cached ``base`` model of
    that year (``cache.cached_problem(network, year=year)``) rather than built: the same arrays
    with the new bounds of the supply and unmet columns and of the demand rows, and the new
    supply and demand in its balances. None where the build could give another model (the changes
    add a balance row, make a supply or demand appear or vanish, or anything else than such
    changes is asked), or where the scenario would fail (the build then says why).

    The new values are those :meth:`Scenario.apply <corridors.model.scenario.Scenario.apply>`
    sets (a factor times each row's value, or the value itself), summed per node and commodity
    in row order as ``build_problem`` sums them; every other array is the base's, as the build
    makes it from the same links, nodes and positive supplies and demands. Its ``network`` is the
    base's (the links and nodes the build reads; the scenario's demand and supply are in ``balances``).
    """
    import dataclasses

    import numpy as np

    from corridors.model.lp import DEMAND, SUPPLY, UNMET
    from corridors.model.scenario import Scenario

    if type(scenario) is not Scenario or scenario.disruptions or scenario.projects or scenario.exclude_origins \
            or not (scenario.demand_changes or scenario.supply_changes) or scenario.year not in (None, year):
        return None
    net = base.network
    if network.year is not None or network.projects or base.year != year or net.year != year or base.mode != "min-cost" \
            or base.commodity is not None or base.target_nodes or "derate" in net.links.columns \
            or "derate" in net.nodes.columns:
        return None
    raw = net.balances
    if not len(raw) or any(raw[c].dtype != np.float64 for c in ("supply", "demand")):
        return None
    node, kind = raw["node"].to_numpy(), raw["commodity"].to_numpy()
    values = {f: raw[f].to_numpy(dtype=float, copy=True) for f in ("supply", "demand")}
    for field, changes in (("demand", scenario.demand_changes), ("supply", scenario.supply_changes)):
        column = values[field]
        for change in changes:  # as Scenario._change on a float column
            mask = (node == change.node) & (kind == change.commodity)
            if change.node not in net.nodes.index or not mask.any():
                return None  # an unknown node, or a row of its own: the build says or makes it
            if change.factor is not None:
                if not (column[mask] > 0).any():
                    return None  # nothing to scale: the build's error
                column[mask] = column[mask] * change.factor
            else:
                column[mask] = change.canonical_value
    supply, demand = values["supply"], values["demand"]
    if not np.array_equal(supply > 0, raw["supply"].to_numpy(dtype=float) > 0):
        return None  # another row supplies: origins and slots may move
    # per node and commodity, summed in row order as build_problem sums them
    bal = base.balances
    at = {key: i for i, key in enumerate(zip(bal["node"].tolist(), bal["commodity"].tolist()))}
    total_s, total_d = [0.0] * len(at), [0.0] * len(at)
    wanted = set(base.commodities)
    for n, k, s, d in zip(node.tolist(), kind.tolist(), supply.tolist(), demand.tolist()):
        if k not in wanted:
            continue
        i = at[(n, k)]
        total_s[i] = total_s[i] + float(s or 0.0)
        total_d[i] = total_d[i] + float(d or 0.0)
    new_s, new_d = np.asarray(total_s, dtype=float), np.asarray(total_d, dtype=float)
    old_s, old_d = bal["supply"].to_numpy(dtype=float), bal["demand"].to_numpy(dtype=float)
    if not (np.array_equal(new_s > 0, old_s > 0) and np.array_equal(new_d > 0, old_d > 0)):
        return None  # a supply or demand appears or vanishes: other columns and rows
    p, of = base.program, base.col_balance
    s_cols, u_cols = np.flatnonzero(p.col_kind == SUPPLY), np.flatnonzero(p.col_kind == UNMET)
    d_rows = np.flatnonzero(p.row_kind == DEMAND)  # one per unmet column, in the same order
    if len(d_rows) != len(u_cols):
        return None
    col_upper, row_lower, row_upper = p.col_upper.copy(), p.row_lower.copy(), p.row_upper.copy()
    col_upper[s_cols] = new_s[of[s_cols]]
    col_upper[u_cols] = row_lower[d_rows] = row_upper[d_rows] = new_d[of[u_cols]]
    program = dataclasses.replace(p, col_upper=col_upper, row_lower=row_lower, row_upper=row_upper)
    for name in ("col_names", "row_names", "link_index", "node_index"):  # of the columns and rows, not bounds
        if name in vars(p):
            vars(program)[name] = vars(p)[name]
    made = dataclasses.replace(base, program=program, balances=bal.assign(supply=new_s, demand=new_d),
                               scenario=getattr(scenario, "name", None), status="not solved", solver=None,
                               timings={}, _pulp=None, solution=None)
    share_rows(made, base)
    return made
