"""Origins in the LP (issue 13): flows per commodity and origin, deliveries by origin, excluded
origins, capacity-group rows, and the two node bugs (each test failed before the fix)."""

from __future__ import annotations

import pandas as pd
import pytest

from corridors.model.flow import build_problem, solve
from corridors.model.scenario import Scenario
from corridors.model.warm import WarmSolver
from corridors.analysis.sweeps import sweep
from test_flow import make_network


def _two_suppliers(exclude: str | None = None):
    """Two fields (AZ at a, KZ at k) feeding one market m through a shared junction j.

    KZ oil is cheaper (cost 1 + 1) than AZ oil (2 + 1); the market wants 8, each field has 5.
    """
    net = make_network({"a": (49.0, 40.0), "k": (51.0, 43.0), "j": (47.0, 41.0), "m": (44.0, 41.5)},
                       [("az-j", "a", "j", "10 Mt/y", 2.0), ("kz-j", "k", "j", "10 Mt/y", 1.0),
                        ("j-m", "j", "m", "10 Mt/y", 1.0)],
                       [("a", "oil", "5 Mt/y", None), ("k", "oil", "5 Mt/y", None), ("m", "oil", None, "8 Mt/y")],
                       countries={"a": "AZ", "k": "KZ", "j": "GE", "m": "TR"})
    if exclude is not None:
        net.balances.loc[net.balances["node"] == "m", "exclude_origins"] = exclude
    return net


def test_deliveries_and_flows_per_origin_default_to_the_supply_country():
    r = solve(_two_suppliers())
    got = r.deliveries_by_origin.set_index("origin")["delivered"].to_dict()
    assert got == pytest.approx({"KZ": 5.0, "AZ": 3.0})
    shared = r.flows_by_origin[r.flows_by_origin["link"] == "j-m"].set_index("origin")["flow"].to_dict()
    assert shared == pytest.approx({"KZ": 5.0, "AZ": 3.0})
    assert float(r.flows.loc["j-m", "flow"]) == pytest.approx(8.0)  # one shared capacity, whatever the origin


def test_excluded_origin_is_not_delivered_and_the_rest_is_unmet():
    r = solve(_two_suppliers(exclude="KZ"))
    got = r.deliveries_by_origin.set_index("origin")["delivered"].to_dict()
    assert got == pytest.approx({"AZ": 5.0})
    assert float(r.deliveries["unmet"].sum()) == pytest.approx(3.0)


def test_named_origin_column_overrides_the_country():
    net = _two_suppliers()
    net.balances.loc[net.balances["node"] == "k", "origin"] = "CPC"
    r = solve(net)
    assert set(r.deliveries_by_origin["origin"]) == {"AZ", "CPC"}


def test_warm_engine_agrees_with_pulp_with_origins():
    net = _two_suppliers()
    problem = build_problem(net)
    engine = WarmSolver(problem.program)
    base = engine.solve()
    cut = engine.solve(links={"kz-j": 0.0})
    pulp_cut = solve(net.copy().__class__(net.nodes, net.links.assign(derate=[1.0, 0.0, 1.0]), net.balances))
    assert base.objective == pytest.approx(solve(net).objective, rel=1e-9)
    assert cut.objective == pytest.approx(pulp_cut.objective, rel=1e-9)


def test_russia_closed_sends_no_more_across_the_caspian_than_the_ferry_fleet(bundled_network):
    from corridors.data.files import seeds_path

    scenario = Scenario.from_toml(seeds_path("scenarios/russia-closed.toml").read_text(encoding="utf-8"))
    r = solve(bundled_network, scenario=scenario)
    legs = bundled_network.links.index[bundled_network.links["capacity_group"] == "caspian-ferry-fleet"]
    across = float(r.flows.loc[[lid for lid in legs if lid in r.flows.index], "flow"].sum())
    assert 0.0 < across <= 4.5 + 1e-6
    assert ("group", "caspian-ferry-fleet") in set(zip(r.bottlenecks["kind"], r.bottlenecks["id"]))


def test_node_derate_on_a_shared_oil_and_freight_link_halves_what_it_serves():
    """Bug: the derated node's nominal counted the oil+freight link once per commodity (10, not 5)."""
    net = make_network({"s": (49.0, 40.0), "n": (47.0, 41.0), "m": (44.0, 41.5)},
                       [("s-n", "s", "n", "10 Mt/y", 1.0, "oil;freight"), ("n-m", "n", "m", "10 Mt/y", 1.0, "oil;freight")],
                       [("s", "oil", "10 Mt/y", None), ("m", "oil", None, "10 Mt/y")])
    net.nodes["derate"] = [1.0, 0.5, 1.0]
    assert solve(net).delivered("oil") == pytest.approx(5.0)


def test_a_node_cut_in_a_sweep_stops_its_own_supply_serving_its_own_demand():
    """Bug: a sweep cut only the node's capacity row, so local gas kept serving local demand."""
    net = make_network({"s": (49.0, 40.0, "5 Mt/y"), "m": (44.0, 41.5)},
                       [("s-m", "s", "m", "10 Mt/y", 1.0)],
                       [("s", "oil", "5 Mt/y", None), ("s", "gas", "2 bcm/y", "2 bcm/y"), ("m", "oil", None, "5 Mt/y")])
    scenario = Scenario(name="cut s", disruptions=[{"target": "node:s", "remaining": 0.0}])
    by_scenario = solve(net, scenario=scenario)
    lost_gas = float(by_scenario.deliveries.query("commodity == 'gas'")["unmet"].sum())
    row = sweep(net, level="node").to_frame().set_index("element").loc["s"]
    assert lost_gas == pytest.approx(2.0)
    assert float(row["lost_gas"]) == pytest.approx(lost_gas)


def test_carried_is_the_flow_through_the_element_so_it_is_never_below_what_is_lost(bundled_network):
    """Bug: carried_k was the largest flow on one link (Georgia: carried 21.15 bcm/y of gas, lost 23.55)."""
    table = sweep(bundled_network, level="country").table
    for k in ("oil", "gas", "freight"):
        assert (table[f"carried_{k}"] >= table[f"lost_{k}"] - 1e-6).all(), k
    assert table.loc["GE", "carried_gas"] == pytest.approx(table.loc["GE", "lost_gas"], abs=1e-6)


def test_bottlenecks_leave_out_cut_links(demo_network):
    """Cut links headed the bottleneck table with duals near the unmet penalty."""
    cut = demo_network.copy()
    cut.links["derate"] = [0.0 if i == "pipe-b" else 1.0 for i in cut.links.index]
    r = solve(cut, year=2024)
    assert float(r.deliveries["unmet"].sum()) > 0
    assert "pipe-b" not in set(r.bottlenecks["id"])


@pytest.mark.parametrize("which", ["bundled", "demo", "synthetic", "synthetic-origins"])
def test_a_sweep_decomposes_the_base_from_arrays_as_from_the_full_result(which, bundled_network, demo_network):
    """The sweep reads the base case's routes from the LP's arrays (``sweep_rows.base_view``), not
    from a FlowResult: the same routes by origin, volumes and deliveries as the full result gives."""
    import numpy as np

    from corridors.analysis.crossing import BaseRoutes
    from corridors.analysis.sweep_rows import base_view
    from corridors.data.synthetic import synthetic_network
    from corridors.model.origins import paths_by_origin
    from corridors.model.results import assemble_result
    from test_local import _with_origins

    net = {"bundled": bundled_network, "demo": demo_network}.get(which) or synthetic_network(n_nodes=60, n_links=180, seed=5)
    if which == "synthetic-origins":
        net = _with_origins(net, 3)
    problem = build_problem(net, year=2024)
    x = WarmSolver(problem.program).solve().x
    view = base_view(problem, x)
    problem.status = "optimal"
    full = assemble_result(problem, x, np.zeros(problem.program.num_row))  # what the sweep read before
    paths = paths_by_origin(full)
    assert paths and paths_by_origin(view).keys() == paths.keys()
    for key, routes in paths_by_origin(view).items():
        assert routes.keys() == paths[key].keys(), key
        assert np.allclose(list(routes.values()), list(paths[key].values()), rtol=1e-9, atol=1e-9), key
    a, b = BaseRoutes.from_result(view, problem.network), BaseRoutes.from_result(full, problem.network)
    assert a.keys == b.keys and a.sources == b.sources
    assert np.allclose(a.delivered, b.delivered, rtol=1e-9, atol=1e-9)
