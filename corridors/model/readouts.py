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

from corridors.model.delivered import Readout, readout

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

    from corridors.errors import ScenarioError
    from corridors.model import cache
    from corridors.model.flow import prepare_network
    from corridors.model.reuse import reading
    from corridors.model.years import resolve_year

    y = resolve_year(year, scenario=scenario, network=network)
    problem = cache.cached_problem(network, year=y)
    base = _base_readout(problem)
    if scenario is None:
        return base
    with reading():  # read here, never changed: inside reusing(), the scenario's network itself
        other = prepare_network(network, year=y, scenario=scenario)
    derates = _derate_only(problem.network, other)
    lp = problem.program
    try:
        change = lp.derate(*derates) if derates is not None else None
    except ScenarioError:  # a fraction on an element the base model has no row for: build it
        change = None
    if change is None:
        return _cold_readout(network, y, scenario)
    run = _shared_engine(lp).solve(change)
    if run.status != "optimal":
        return _cold_readout(network, y, scenario)
    x = np.array(run.x, dtype=float)
    x[np.abs(x) < _TOL] = 0.0
    return readout(problem, x, "optimal")


def _derate_only(base: Any, other: Any) -> tuple[dict, dict] | None:
    """``cache._derate_only(base, other)``, ruling out first what it rules out last: other elements,
    or other balances (a scenario of projects, or of demand and supply; half of a report's claims) —
    the same answer, without comparing every column of the links and nodes first."""
    from corridors.model import cache

    if not (base.links.index.equals(other.links.index) and base.nodes.index.equals(other.nodes.index)
            and cache._same(base.balances, other.balances)):
        return None
    return cache._derate_only(base, other)


def _shared_engine(lp: Any) -> Any:
    """The warm engine :func:`corridors.model.cache.cached_solve` keeps for ``lp`` (made here when it
    has none yet, and kept there): a re-solve starts from the basis of the one before, whoever asked."""
    from corridors.model import cache
    from corridors.model.warm import WarmSolver

    held = cache._ENGINES.get(id(lp))
    if held is None or held[0] is not lp:
        held = cache._ENGINES[id(lp)] = (lp, WarmSolver(lp))
        while len(cache._ENGINES) > cache.SIZE:
            cache._ENGINES.popitem(last=False)
    cache._ENGINES.move_to_end(id(lp))
    return held[1]


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
            hit = _solved_readout(solve_problem(own))
        _BASES[problem] = hit
    return hit


def _solved_readout(problem: Problem) -> Readout:
    """The readout of a solved problem, as :func:`corridors.model.flow.read_solution` reads it."""
    from corridors.model.flow import read_solution

    if problem.status == "optimal" and problem.solution is None:  # solved through PuLP: read it back from there
        return Readout.of(read_solution(problem))
    x = None
    if problem.status == "optimal":
        import numpy as np

        x = problem.solution[0].copy()
        x[np.abs(x) < _TOL] = 0.0
    return readout(problem, x, problem.status)


def _cold_readout(network: Any, year: int, scenario: Any) -> Readout:
    """What ``cache._delivered_cold`` delivers: the scenario's model built and solved on its own."""
    from corridors.model.flow import build_problem, solve_problem
    from corridors.model.reuse import reading

    with reading():  # the model reads the scenario's network, and goes once it is read
        problem = build_problem(network, scenario=scenario, year=year)
    return _solved_readout(solve_problem(problem))
