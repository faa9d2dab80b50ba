"""The claims section's solves without preparing scenario networks: ``cache._direct_change`` (a
derate-only scenario's bound changes read off the base model's network) against the prepared path
(``prepare_network`` + ``cache._derate_only``), and ``readouts.balance_problem`` (a scenario of demand
and supply changes made from the base model's arrays) against ``build_problem``, array by array, and
both solved against cold solves — on the bundled network and the demo network."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import corridors.model.cache as model_cache
from corridors.errors import ScenarioError
from corridors.model import delivered
from corridors.model.delivered import Readout
from corridors.model.flow import build_problem, prepare_network, solve
from corridors.model.readouts import balance_problem, shared_readout
from corridors.model.reuse import reusing
from corridors.model.scenario import Scenario, list_scenarios, load_bundled


def _prepared_change(problem, network, year, scenario):
    """What the prepared path finds: the Change, or None (another model)."""
    other = prepare_network(network, year=year, scenario=scenario)
    derates = model_cache._derate_only(problem.network, other)
    if derates is None:
        return None
    try:
        return problem.program.derate(*derates)
    except ScenarioError:
        return None


def _same_change(a, b) -> bool:
    return all(np.array_equal(getattr(a, f), getattr(b, f)) and getattr(a, f).dtype == getattr(b, f).dtype
               for f in ("rows", "row_upper", "cols", "col_upper"))


DEMO_SCENARIOS = [
    Scenario.cut("country:GE", year=2024),
    Scenario.cut("link:pipe-b", year=2024),
    Scenario.cut("node:sangachal", year=2024),        # a cut node with supply: its supply is scaled
    Scenario.cut("node:ceyhan", year=2024),            # a cut node without supply: a derate only
    Scenario(name="ferry half", year=2024, disruptions=[{"target": "mode:ferry", "remaining": 0.5},
                                                        {"target": "link:ferry-east-west", "remaining": 0.8}]),
    Scenario(name="TRIPP", year=2024, projects=["rail-new"]),
    Scenario(name="built already", year=2024, projects=["pipe-a"], disruptions=[{"target": "link:pipe-b"}]),
    Scenario(name="more oil", year=2024, demand_changes=[{"node": "ceyhan", "commodity": "oil", "factor": 1.5}]),
]


def _scenarios(network):
    return DEMO_SCENARIOS if "rail-new" in network.links.index else [load_bundled(n) for n in list_scenarios()]


@pytest.mark.parametrize("which", ["demo_network", "bundled_network"])
def test_a_direct_change_is_the_prepared_one(which, request):
    network = request.getfixturevalue(which)
    found = set()
    for scen in _scenarios(network):
        year = scen.year or 2024
        problem = model_cache.cached_problem(network, year=year)
        direct = model_cache._direct_change(problem, network, year, scen)
        prepared = _prepared_change(problem, network, year, scen)
        if direct is False:
            assert prepared is None, scen.name
        elif direct is not None:
            assert prepared is not None and _same_change(direct, prepared), scen.name
        found.add("warm" if direct is not None and direct is not False else str(direct))
        found_change = model_cache.warm_bounds(problem, network, year, scen)
        assert (found_change is None) == (prepared is None), scen.name
    assert {"warm", "False"} <= found


def _same_problem(made, built) -> None:
    for f in ("col_cost", "col_lower", "col_upper", "row_lower", "row_upper", "col_kind", "row_kind", "row_ref",
              "row_nominal", "col_link", "col_commodity", "col_origin", "col_node"):
        a, b = getattr(made.program, f), getattr(built.program, f)
        assert a.dtype == b.dtype and np.array_equal(a, b, equal_nan=True), f
    for f in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(made.program.matrix, f), getattr(built.program.matrix, f)), f
    assert made.program.col_names == built.program.col_names and made.program.origins == built.program.origins
    assert np.array_equal(made.col_balance, built.col_balance) and made.commodities == built.commodities
    pd.testing.assert_frame_equal(made.balances, built.balances, check_exact=True)


DEMO_BALANCES = [
    Scenario(name="more oil", year=2024, demand_changes=[{"node": "ceyhan", "commodity": "oil", "factor": 1.5}]),
    Scenario(name="set", year=2024, demand_changes=[{"node": "supsa", "commodity": "oil", "value": "4 Mt/y"}],
             supply_changes=[{"node": "sangachal", "commodity": "oil", "factor": 0.5},
                             {"node": "aktau", "commodity": "freight", "value": "1 Mt/y"}]),
    Scenario(name="twice", year=2024, demand_changes=[{"node": "kars", "commodity": "freight", "factor": 2.0},
                                                      {"node": "kars", "commodity": "freight", "factor": 0.7}]),
]
DEMO_OTHERS = [  # changes the build makes another model of, or refuses: not made from the base
    Scenario(name="gone", year=2024, demand_changes=[{"node": "supsa", "commodity": "oil", "value": "0 Mt/y"}]),
    Scenario(name="new row", year=2024, demand_changes=[{"node": "alat", "commodity": "freight", "value": "1 Mt/y"}]),
    Scenario(name="no supply", year=2024, supply_changes=[{"node": "sangachal", "commodity": "oil", "value": "0 Mt/y"}]),
    Scenario(name="nothing to scale", year=2024, demand_changes=[{"node": "aktau", "commodity": "freight", "factor": 2}]),
    Scenario(name="and a cut", year=2024, disruptions=[{"target": "link:pipe-b"}],
             demand_changes=[{"node": "ceyhan", "commodity": "oil", "factor": 1.5}]),
]


def test_a_balance_problem_is_the_built_one_on_the_demo_network(demo_network):
    base = model_cache.cached_problem(demo_network, year=2024)
    for scen in DEMO_BALANCES:
        made = balance_problem(base, demo_network, 2024, scen)
        assert made is not None, scen.name
        built = build_problem(demo_network, scenario=scen, year=2024)
        _same_problem(made, built)
        shared, own = delivered._ROWS[made], delivered._rows(built)  # the rows read off the base's: the built ones
        assert all(np.array_equal(a, b) if isinstance(a, np.ndarray) else a == b for a, b in zip(shared, own))
    assert all(balance_problem(base, demo_network, 2024, s) is None for s in DEMO_OTHERS)
    assert base.balances["demand"].tolist() == build_problem(demo_network, year=2024).balances["demand"].tolist()


def test_a_balance_problem_is_the_built_one_on_the_bundled_network(bundled_network):
    made_some = 0
    for name in list_scenarios():
        scen = load_bundled(name)
        year = scen.year or 2024
        made = balance_problem(model_cache.cached_problem(bundled_network, year=year), bundled_network, year, scen)
        if made is None:
            assert scen.disruptions or scen.projects or not (scen.demand_changes or scen.supply_changes), name
            continue
        made_some += 1
        _same_problem(made, build_problem(bundled_network, scenario=scen, year=year))
    assert made_some >= 3  # the year packs and the demand scenarios


@pytest.mark.parametrize("which", ["demo_network", "bundled_network"])
def test_shared_readouts_are_cold_solves(which, request):
    """Every scenario through shared_readout (a warm re-solve from a direct change, a balance problem,
    or a build): the deliveries of a cold solve to the last bit; the flows too off the warm path
    (a warm re-solve may pick another of equally cheap flow patterns)."""
    network = request.getfixturevalue(which)
    scenarios = _scenarios(network) + (DEMO_BALANCES if which == "demo_network" else [])
    model_cache.clear()
    with reusing():
        for scen in scenarios:
            year = scen.year or 2024
            fast = shared_readout(network, year=year, scenario=scen)
            cold = Readout.of(solve(network, year=year, scenario=scen))
            problem = model_cache.cached_problem(network, year=year)
            warm = model_cache.warm_bounds(problem, network, year, scen) is not None
            assert fast.status == cold.status == "optimal", scen.name
            assert (fast.node, fast.commodity, fast.demand) == (cold.node, cold.commodity, cold.demand), scen.name
            if warm:
                np.testing.assert_allclose(fast.served, cold.served, rtol=1e-9, atol=1e-7)
            else:
                assert (fast.served, fast.unmet) == (cold.served, cold.unmet), scen.name
                assert list(fast.flows.items()) == list(cold.flows.items()), scen.name
