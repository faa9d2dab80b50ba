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

    from corridors.model import cache
    from corridors.model.years import resolve_year

    y = resolve_year(year, scenario=scenario, network=network)
    problem = cache.cached_problem(network, year=y)
    base = _base_readout(problem)
    if scenario is None:
        return base
    found = cache.warm_change(problem, network, y, scenario)
    if found is None:
        return _cold_readout(network, y, scenario)
    run = cache.shared_engine(problem.program).solve(found[1])
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
