"""Tests of corridors.model.flow (the LP) and corridors.model.warm (the warm re-solve engine).

Most tests use tiny hand-drawn networks with known optimal flows; the ASCII diagram in each
docstring shows them (capacity in Mt/y, cost per Mt).
"""

from __future__ import annotations

import json
import math
import os
import pickle
import random
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point

import corridors
from corridors.model import flow
from corridors.errors import DataError, ScenarioError, SolverError
from corridors.model.flow import build_problem, read_solution, solve, solve_problem
from corridors.settings import DEFAULT_YEAR
from corridors.data.files import bundled_path
from corridors.data.io import load_demo_network
from corridors.model.lp import COL_KINDS, LinearProgram
from corridors.model.warm import WarmSolver
from corridors.data.network import network_from_frames
from corridors.settings import UNMET_PENALTY

SOLVERS = ["highs", "cbc"]
HYPOTHESIS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- helpers -----------------------------------------------------------------------------------------

def make_network(nodes: dict, links: list, balances: list = (), *, countries: dict | None = None):
    """Build a validated network from compact specs.

    ``nodes``: ``{id: (lon, lat)}`` or ``{id: (lon, lat, "capacity")}``; ``links``: tuples
    ``(id, from, to, "capacity", cost[, "commodities"[, bidirectional]])``; ``balances``: tuples
    ``(node, commodity, supply, demand[, priority])`` for 2024.
    """
    ids = list(nodes)
    pts = {n: Point(*nodes[n][:2]) for n in ids}
    ndf = gpd.GeoDataFrame({"id": ids, "name": ids, "kind": ["junction"] * len(ids), "source": ["test"] * len(ids),
                            "country": [(countries or {}).get(n, "AZ") for n in ids],
                            "capacity": [nodes[n][2] if len(nodes[n]) > 2 else None for n in ids]},
                           geometry=[pts[n] for n in ids], crs="EPSG:4326")
    rows = []
    for lid, a, b, cap, cost, *rest in links:
        rows.append({"id": lid, "name": lid, "corridor": "T", "mode": "pipeline",
                     "commodities": rest[0] if rest else "oil", "from": a, "to": b,
                     "bidirectional": rest[1] if len(rest) > 1 else False, "capacity": cap, "cost": cost,
                     "status": "operating", "source": "test", "route_accuracy": "straight"})
    ldf = gpd.GeoDataFrame(rows, geometry=[LineString([pts[r["from"]], pts[r["to"]]]) for r in rows], crs="EPSG:4326")
    bdf = pd.DataFrame([{"node": b[0], "commodity": b[1], "year": 2024, "supply": b[2], "demand": b[3],
                         "priority": b[4] if len(b) > 4 else 1, "source": "test"} for b in balances],
                       columns=["node", "commodity", "year", "supply", "demand", "priority", "source"])
    return network_from_frames(ndf, ldf, bdf)


def two_routes():
    """Two routes from s to t; the direct one is dear.

    ::

        s ──sa: 10, cost 1──▶ a ──at: 5, cost 1──▶ t     supply s 20, demand t 7
        └──────────st: 3, cost 5────────────────────▶┘

    Optimum: 5 via a (cost 2 each), 2 direct (cost 5 each) = 20; one more unit on ``at`` saves 3.
    """
    return make_network({"s": (49.0, 40.0), "a": (48.5, 40.5), "t": (48.0, 40.0)},
                        [("sa", "s", "a", "10 Mt/y", 1.0), ("at", "a", "t", "5 Mt/y", 1.0),
                         ("st", "s", "t", "3 Mt/y", 5.0)],
                        [("s", "oil", "20 Mt/y", None), ("t", "oil", None, "7 Mt/y")])


def grid_network(rows: int = 4, cols: int = 5, *, seed: int = 0):
    """A synthetic grid: oil+freight links and gas links, bidirectional verticals, supplies left, demand right."""
    rng = random.Random(seed)
    nodes = {}
    for r in range(rows):
        for c in range(cols):
            cap = "9 Mt/y" if (r, c) == (1, 2) else None
            nodes[f"n{r}-{c}"] = (45.0 + 0.2 * c, 40.0 + 0.2 * r) + ((cap,) if cap else ())
    links = []
    for r in range(rows):
        for c in range(cols):
            here = f"n{r}-{c}"
            if c + 1 < cols:
                links.append((f"h{r}-{c}-o", here, f"n{r}-{c + 1}", f"{rng.randint(3, 12)} Mt/y", rng.uniform(0.5, 2),
                              "oil;freight"))
                links.append((f"h{r}-{c}-g", here, f"n{r}-{c + 1}", f"{rng.randint(2, 8)} bcm/y", rng.uniform(0.5, 2), "gas"))
            if r + 1 < rows:
                links.append((f"v{r}-{c}-o", here, f"n{r + 1}-{c}", f"{rng.randint(2, 6)} Mt/y", rng.uniform(0.5, 2),
                              "oil;freight", True))
    bal = []
    for r in range(rows):
        bal.append((f"n{r}-0", "oil", f"{rng.randint(5, 10)} Mt/y", None))
        bal.append((f"n{r}-0", "freight", f"{rng.randint(2, 5)} Mt/y", None))
        bal.append((f"n{r}-0", "gas", f"{rng.randint(3, 6)} bcm/y", None))
        bal.append((f"n{r}-{cols - 1}", "oil", None, f"{rng.randint(3, 8)} Mt/y", rng.choice([1, 2])))
        bal.append((f"n{r}-{cols - 1}", "freight", None, f"{rng.randint(1, 4)} Mt/y"))
        bal.append((f"n{r}-{cols - 1}", "gas", None, f"{rng.randint(2, 5)} bcm/y"))
    return make_network(nodes, links, bal, countries={n: ("GE" if n.endswith("-0") else "TR") for n in nodes})


def by_link(result, column="flow"):
    return {k: round(float(v), 6) for k, v in result.flows[column].items()}


# -- hand-drawn networks -----------------------------------------------------------------------------

@pytest.mark.parametrize("solver", SOLVERS)
def test_two_routes_cheapest_first(solver):
    r = solve(two_routes(), solver=solver)
    assert r.status == "optimal" and r.solver == solver
    assert by_link(r) == {"sa": 5.0, "at": 5.0, "st": 2.0}
    assert r.objective == pytest.approx(20.0, rel=1e-7)
    assert r.cost == pytest.approx(20.0, rel=1e-7)
    assert r.flows.loc["at", "dual"] == pytest.approx(3.0, abs=1e-6)
    assert r.flows.loc["st", "dual"] == pytest.approx(0.0, abs=1e-6)
    assert list(r.bottlenecks["id"]) == ["at"]
    assert r.flows.loc["at", "utilisation"] == pytest.approx(1.0)
    assert r.deliveries.set_index("node").loc["t", ["demand", "served", "unmet"]].tolist() == pytest.approx([7, 7, 0])
    assert r.supplies.set_index("node").loc["s", "used"] == pytest.approx(7.0)


def test_unmet_demand_is_priced_not_infeasible():
    """Too little capacity: the rest is unmet, at the penalty.

    ::

        s ──st: 3, cost 2──▶ t       supply s 10, demand t 5
    """
    net = make_network({"s": (49.0, 40.0), "t": (48.0, 40.0)}, [("st", "s", "t", "3 Mt/y", 2.0)],
                       [("s", "oil", "10 Mt/y", None), ("t", "oil", None, "5 Mt/y")])
    r = solve(net)
    assert r.status == "optimal"
    assert r.deliveries.loc[0, "unmet"] == pytest.approx(2.0)
    assert r.objective == pytest.approx(3 * 2.0 + 2 * UNMET_PENALTY)
    # one more unit on st serves one more unit: saves the penalty less the transport cost
    assert r.flows.loc["st", "dual"] == pytest.approx(UNMET_PENALTY - 2.0, rel=1e-6)
    assert r.totals.set_index(["commodity", "country"]).loc[("oil", "AZ"), "unmet"] == pytest.approx(2.0)


def test_priority_decides_who_goes_short():
    """Two markets share 6 units of supply; the priority-2 one is served in full.

    ::

        a ◀──ma: 10, cost 1── m ──mb: 10, cost 1──▶ b     supply m 6; demand a 5 (priority 1), b 5 (priority 2)
    """
    net = make_network({"m": (49.0, 40.0), "a": (48.0, 40.0), "b": (50.0, 40.0)},
                       [("ma", "m", "a", "10 Mt/y", 1.0), ("mb", "m", "b", "10 Mt/y", 1.0)],
                       [("m", "oil", "6 Mt/y", None), ("a", "oil", None, "5 Mt/y", 1), ("b", "oil", None, "5 Mt/y", 2)])
    d = solve(net).deliveries.set_index("node")
    assert d.loc["b", "served"] == pytest.approx(5.0)
    assert d.loc["a", "served"] == pytest.approx(1.0)
    assert d.loc["a", "unmet"] == pytest.approx(4.0)


def test_bidirectional_link_shares_capacity_between_directions_and_commodities():
    """Oil goes east, freight goes west, over one bidirectional 5 Mt/y link.

    ::

        w ◀══ab: 5, oil+freight, both ways══▶ e     oil: supply w 4, demand e 4; freight: supply e 3, demand w 3
    """
    net = make_network({"w": (48.0, 40.0), "e": (49.0, 40.0)},
                       [("ab", "w", "e", "5 Mt/y", 1.0, "oil;freight", True)],
                       [("w", "oil", "4 Mt/y", None), ("e", "oil", None, "4 Mt/y"),
                        ("e", "freight", "3 Mt/y", None), ("w", "freight", None, "3 Mt/y")])
    r = solve(net)
    assert r.flows.loc["ab", "flow"] == pytest.approx(5.0)
    assert r.flows.loc["ab", "direction"] == "both"
    assert float(r.deliveries["unmet"].sum()) == pytest.approx(2.0)
    arcs = r.arcs.set_index(["commodity", "direction"])
    assert set(arcs.index) <= {("oil", "forward"), ("freight", "reverse")}


def test_node_throughput_limits_flow_and_has_a_dual():
    """A port with 4 Mt/y throughput in the middle.

    ::

        s ──sm: 10──▶ m [4 Mt/y] ──mt: 10──▶ t      supply s 10, demand t 6
    """
    net = make_network({"s": (48.0, 40.0), "m": (48.5, 40.0, "4 Mt/y"), "t": (49.0, 40.0)},
                       [("sm", "s", "m", "10 Mt/y", 1.0), ("mt", "m", "t", "10 Mt/y", 1.0)],
                       [("s", "oil", "10 Mt/y", None), ("t", "oil", None, "6 Mt/y")])
    r = solve(net)
    assert r.deliveries.loc[0, "served"] == pytest.approx(4.0)
    b = r.bottlenecks.set_index(["kind", "id"])
    assert b.loc[("node", "m"), "dual"] == pytest.approx(UNMET_PENALTY - 2.0, rel=1e-6)
    assert b.loc[("node", "m"), "utilisation"] == pytest.approx(1.0)


def test_node_capacity_counts_only_its_unit():
    """Gas does not use an oil port's throughput.

    ::

        s ──oil 10──▶ m [2 Mt/y] ──oil 10──▶ t
        s ──gas 10──▶ m          ──gas 10──▶ t     supply s: oil 5, gas 5 bcm; demand t: oil 5, gas 5 bcm
    """
    net = make_network({"s": (48.0, 40.0), "m": (48.5, 40.0, "2 Mt/y"), "t": (49.0, 40.0)},
                       [("so", "s", "m", "10 Mt/y", 1.0), ("mo", "m", "t", "10 Mt/y", 1.0),
                        ("sg", "s", "m", "10 bcm/y", 1.0, "gas"), ("mg", "m", "t", "10 bcm/y", 1.0, "gas")],
                       [("s", "oil", "5 Mt/y", None), ("t", "oil", None, "5 Mt/y"),
                        ("s", "gas", "5 bcm/y", None), ("t", "gas", None, "5 bcm/y")])
    d = solve(net).deliveries.set_index("commodity")
    assert d.loc["oil", "served"] == pytest.approx(2.0)
    assert d.loc["gas", "served"] == pytest.approx(5.0)


def test_demo_network_2024_serves_everything():
    r = solve(load_demo_network(), year=2024)
    assert r.status == "optimal" and r.year == 2024
    assert float(r.deliveries["unmet"].sum()) == 0.0
    assert r.delivered("oil", "TR") == pytest.approx(30.0)
    assert r.flows.loc["pipe-a", "flow_oil"] == pytest.approx(31.0)
    assert "rail-new" not in r.flows.index  # planned for 2030


def test_default_year_and_explicit_year():
    net = load_demo_network()
    assert solve(net).year == DEFAULT_YEAR
    r2030 = solve(net, year=2030)
    assert r2030.deliveries.set_index(["node", "commodity"]).loc[("kars", "freight"), "demand"] == pytest.approx(6.0)
    assert "rail-new" in r2030.flows.index
    assert solve(net.at(2030)).year == 2030
    assert solve(net.at(2030), year=2030).year == 2030
    with pytest.raises(DataError, match="already at 2024"):
        solve(net.at(2024), year=2030)


def test_derates_scale_capacity_and_zero_cuts_a_node():
    net = two_routes()
    cut = net.copy()
    cut.links["derate"] = [1.0, 0.4, 1.0]  # at: 5 -> 2
    r = solve(cut)
    assert by_link(r) == {"sa": 2.0, "at": 2.0, "st": 3.0}
    assert r.deliveries.loc[0, "unmet"] == pytest.approx(2.0)
    assert r.flows.loc["at", "capacity"] == pytest.approx(2.0)
    dead = net.copy()
    dead.nodes["derate"] = [1.0, 0.0, 1.0]  # node a (no capacity given) is cut
    r = solve(dead)
    assert by_link(r) == {"sa": 0.0, "at": 0.0, "st": 3.0}
    half = net.copy()
    half.nodes["derate"] = [1.0, 0.5, 1.0]  # a can pass half of what can enter it (10 Mt/y)
    assert solve(half).flows.loc["at", "flow"] == pytest.approx(5.0)


def test_bad_derate_names_the_link():
    net = two_routes().copy()
    net.links["derate"] = [1.0, 1.5, 1.0]
    with pytest.raises(DataError, match=r"link 'at'.*'derate'"):
        build_problem(net)


def test_inputs_are_not_mutated():
    net = two_routes()
    before = (net.nodes.copy(), net.links.copy(), net.balances.copy(), net.year)
    solve(net, max_to="t", commodity="oil")
    pd.testing.assert_frame_equal(net.links, before[1])
    pd.testing.assert_frame_equal(net.nodes, before[0])
    pd.testing.assert_frame_equal(net.balances, before[2])
    assert net.year is before[3] and "derate" not in net.links


def test_scenario_is_duck_typed_and_applied_first():
    class HalfBTC:
        name = "half BTC"

        def apply(self, network):
            out = network.copy()
            out.links["derate"] = [0.5 if i == "pipe-b" else 1.0 for i in out.links.index]
            return out

    r = solve(load_demo_network(), scenario=HalfBTC())
    assert r.scenario == "half BTC"
    assert r.flows.loc["pipe-b", "capacity"] == pytest.approx(59.754434 / 2, rel=1e-6)
    with pytest.raises(ScenarioError, match="apply"):
        solve(load_demo_network(), scenario=object())


def test_with_a_real_scenario():
    from corridors.model.scenario import Scenario

    net = load_demo_network()
    r = solve(net, scenario=Scenario.cut("link:pipe-b"))
    assert r.deliveries.set_index("node").loc["ceyhan", "unmet"] == pytest.approx(30.0)
    assert r.year == DEFAULT_YEAR


def test_commodity_only_models_that_commodity():
    r = solve(load_demo_network(), commodity="freight")
    assert set(r.deliveries["commodity"]) == {"freight"}
    assert [c for c in r.flows.columns if c.startswith("flow_")] == ["flow_freight"]
    with pytest.raises(DataError, match="did you mean 'oil'"):
        solve(load_demo_network(), commodity="oill")


# -- max-throughput -----------------------------------------------------------------------------------

def hold_network():
    """Max oil to t, with a market at a on the way.

    ::

        s ──sa: 10──▶ a ──at: 8──▶ t        supply s 10, demand a 4 (held or released)
    """
    return make_network({"s": (48.0, 40.0), "a": (48.5, 40.0), "t": (49.0, 40.0)},
                        [("sa", "s", "a", "10 Mt/y", 1.0), ("at", "a", "t", "8 Mt/y", 1.0)],
                        [("s", "oil", "10 Mt/y", None), ("a", "oil", None, "4 Mt/y")],
                        countries={"t": "GE"})


@pytest.mark.parametrize("solver", SOLVERS)
def test_max_throughput_hold_and_release(solver):
    held = solve(hold_network(), commodity="oil", max_to="t", solver=solver)
    assert held.mode == "max-throughput" and held.hold_other_demand
    assert held.throughput == pytest.approx(6.0)
    assert held.deliveries.set_index("node").loc["a", "unmet"] == pytest.approx(0.0, abs=1e-7)
    released = solve(hold_network(), commodity="oil", max_to="t", hold_other_demand=False, solver=solver)
    assert released.throughput == pytest.approx(8.0)
    d = released.deliveries.set_index("node")
    assert d["role"].to_dict() == {"a": "released", "t": "target"}
    assert d.loc["t", "served"] == pytest.approx(8.0)
    assert d["unmet"].isna().all() and d.loc["a", "served"] == 0.0


def test_max_throughput_to_a_country():
    r = solve(hold_network(), commodity="oil", max_to="country:ge", hold_other_demand=False)
    assert r.target_nodes == ("t",) and r.throughput == pytest.approx(8.0)


def test_max_throughput_bad_targets():
    net = hold_network()
    with pytest.raises(ScenarioError, match="did you mean 't', 'a'"):
        solve(net, commodity="oil", max_to="node:at")
    with pytest.raises(ScenarioError, match="no link or node lies in country 'IR'"):
        solve(net, commodity="oil", max_to="country:IR")
    with pytest.raises(DataError, match="needs a commodity"):
        solve(net, max_to="t")


# -- solvers --------------------------------------------------------------------------------------------

def test_unknown_and_missing_solver(monkeypatch):
    with pytest.raises(SolverError, match="did you mean 'cbc'"):
        solve(two_routes(), solver="cbd")
    monkeypatch.setattr(flow, "_make_solver", lambda name, **kw: None)
    with pytest.raises(SolverError, match="not installed"):
        solve(two_routes(), solver="highs")


def test_default_solver_falls_back(monkeypatch):
    real = flow._make_solver
    monkeypatch.setattr(flow, "_make_solver", lambda name, **kw: None if name == "highs" else real(name, **kw))
    assert solve(two_routes()).solver == "cbc"


def test_solver_failure_is_a_status():
    problem = build_problem(two_routes())

    def boom(*args, **kwargs):
        raise RuntimeError("solver crashed")

    problem.lp.solve = boom
    result = read_solution(solve_problem(problem))
    assert result.status == "error: RuntimeError: solver crashed"
    assert math.isnan(result.objective) and result.flows["flow"].isna().all()
    json.loads(result.to_json())


def test_highs_banner_stays_off_stdout():
    code = ("from corridors.model.flow import solve; from corridors.data.io import load_demo_network; "
            "print(solve(load_demo_network(), solver='highs').to_json(indent=None))")
    root = str(Path(corridors.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": root + os.pathsep + os.environ.get("PYTHONPATH", "")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert json.loads(out.stdout)["status"] == "optimal"
    assert "HiGHS" not in out.stdout


# -- properties ------------------------------------------------------------------------------------------

@st.composite
def digraphs(draw):
    n = draw(st.integers(3, 7))
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    chosen = draw(st.lists(st.sampled_from(pairs), min_size=1, max_size=14, unique=True))
    caps = draw(st.lists(st.integers(1, 20), min_size=len(chosen), max_size=len(chosen)))
    costs = draw(st.lists(st.integers(0, 5), min_size=len(chosen), max_size=len(chosen)))
    return n, [(i, j, c, k) for (i, j), c, k in zip(chosen, caps, costs)]


def graph_network(n, edges, balances):
    nodes = {f"v{i}": (45.0 + math.cos(i) * 0.5, 41.0 + math.sin(i) * 0.5) for i in range(n)}
    links = [(f"e{i}-{j}", f"v{i}", f"v{j}", f"{cap} Mt/y", float(cost)) for i, j, cap, cost in edges]
    return make_network(nodes, links, balances, countries=dict.fromkeys(nodes, "GE"))


@HYPOTHESIS
@given(digraphs())
def test_max_throughput_equals_networkx_max_flow(graph):
    n, edges = graph
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    for i, j, cap, _ in edges:
        g.add_edge(i, j, capacity=cap)
    expected = nx.maximum_flow_value(g, 0, n - 1)
    big = sum(e[2] for e in edges) + 1
    net = graph_network(n, edges, [("v0", "oil", f"{big} Mt/y", None)])
    r = solve(net, commodity="oil", max_to=f"v{n - 1}", hold_other_demand=False)
    assert r.status == "optimal"
    assert r.throughput == pytest.approx(expected, abs=1e-6)


@HYPOTHESIS
@given(digraphs(), st.lists(st.tuples(st.integers(0, 6), st.integers(0, 15), st.integers(0, 15)), min_size=1, max_size=5))
def test_flows_conserve_and_respect_capacity(graph, balance_specs):
    n, edges = graph
    bal = {}
    for node, s, d in balance_specs:
        bal[f"v{node % n}"] = (s, d)
    balances = [(v, "oil", f"{s} Mt/y" if s else None, f"{d} Mt/y" if d else None) for v, (s, d) in bal.items()]
    r = solve(graph_network(n, edges, balances))
    assert r.status == "optimal"
    assert (r.arcs["flow"] >= 0).all()
    assert (r.flows["flow"] <= r.flows["capacity"] + 1e-6).all()
    net_in = r.arcs.groupby("to")["flow"].sum().sub(r.arcs.groupby("from")["flow"].sum(), fill_value=0.0)
    used = r.supplies.set_index("node")["used"]
    served = r.deliveries.set_index("node")["served"]
    for v in (f"v{i}" for i in range(n)):
        assert net_in.get(v, 0.0) + used.get(v, 0.0) - served.get(v, 0.0) == pytest.approx(0.0, abs=1e-6)
    d = r.deliveries
    assert np.allclose(d["served"] + d["unmet"], d["demand"], atol=1e-6)
    assert (r.supplies["used"] <= r.supplies["supply"] + 1e-9).all()


@HYPOTHESIS
@given(digraphs(), st.integers(1, 30), st.integers(1, 30))
def test_highs_and_cbc_agree_on_the_objective(graph, supply, demand):
    n, edges = graph
    net = graph_network(n, edges, [("v0", "oil", f"{supply} Mt/y", None), (f"v{n - 1}", "oil", None, f"{demand} Mt/y")])
    a, b = solve(net, solver="highs"), solve(net, solver="cbc")
    assert a.status == b.status == "optimal"
    assert a.objective == pytest.approx(b.objective, rel=1e-6, abs=1e-6)


# -- the warm re-solve engine ------------------------------------------------------------------------

def test_pulp_model_is_generated_from_the_arrays():
    problem = build_problem(grid_network())
    lp = problem.program
    assert isinstance(pickle.loads(pickle.dumps(lp)), LinearProgram)
    assert lp.num_col == len(problem.columns) == len(problem.variables)
    assert lp.num_row == len(problem.rows) == len(problem.constraints)
    assert np.allclose(lp.col_cost, problem.columns["cost"])
    # the PuLP model holds the same coefficients as the matrix, row by row
    csr = lp.matrix.tocsr()
    for j in random.Random(3).sample(range(lp.num_row), 20):
        items = {int(v.name[1:]): a for v, a in problem.constraints[j].items()}
        cols = csr.indices[csr.indptr[j]:csr.indptr[j + 1]]
        assert items == dict(zip(cols.tolist(), csr.data[csr.indptr[j]:csr.indptr[j + 1]].tolist()))
    base = WarmSolver(lp).solve()
    pulp_result = read_solution(solve_problem(problem))
    assert base.objective == pytest.approx(pulp_result.objective, rel=1e-9)
    assert base.flows.shape == (len(problem.network.links),)
    row = lp.capacity_rows(links=["h0-0-o"])[0]
    assert lp.row_nominal[row] == pytest.approx(problem.network.links.loc["h0-0-o", "capacity_value"])
    # the read-back's link flows are the warm engine's: one sparse product of the same x
    assert np.allclose(pulp_result.flows["flow"].to_numpy(), base.flows, atol=1e-6)


def _random_derates(net, rng, lp):
    links, nodes = {}, {}
    for lid in rng.sample(list(net.links.index), k=min(4, len(net.links))):
        links[lid] = rng.choice([0.0, 0.25, 0.5, 0.9])
    for nid in rng.sample(list(net.nodes.index), k=min(2, len(net.nodes))):
        nodes[nid] = rng.choice([0.0, 0.3]) if len(lp.capacity_rows(nodes=[nid])) else 0.0
    return links, nodes


def bundled_2024():
    return corridors.load_network().at(2024)


@pytest.mark.parametrize("make", [lambda: load_demo_network().at(2024), grid_network, bundled_2024],
                         ids=["demo", "grid", "bundled"])
def test_warm_resolve_equals_pulp_resolve(make):
    base = make()
    lp = build_problem(base).program
    engine = WarmSolver(lp)
    rng = random.Random(7)
    for _ in range(6):
        links, nodes = _random_derates(base, rng, lp)
        warm = engine.solve(links=links, nodes=nodes)
        net = base.copy()
        net.links["derate"] = [links.get(i, 1.0) for i in net.links.index]
        net.nodes["derate"] = [nodes.get(i, 1.0) for i in net.nodes.index]
        cold = solve(net, solver="highs")
        assert warm.status == cold.status == "optimal"
        assert warm.objective == pytest.approx(cold.objective, rel=1e-7, abs=1e-7)
        # unmet per commodity can have ties (oil and freight share links at equal penalty);
        # the priority-weighted penalty cannot
        is_unmet = lp.col_kind == COL_KINDS.index("unmet")
        warm_penalty = float(warm.x[is_unmet] @ lp.col_cost[is_unmet])
        d = cold.deliveries
        assert warm_penalty == pytest.approx(float((d["unmet"] * d["priority"]).sum()) * UNMET_PENALTY, rel=1e-7, abs=1e-6)
        assert sum(warm.unmet.values()) == pytest.approx(float(d["unmet"].sum()), abs=1e-6)
    again = engine.solve()  # back to the base case: bounds restored
    assert again.objective == pytest.approx(solve(base).objective, rel=1e-9)


def test_warm_max_throughput_matches_pulp():
    net = hold_network()
    problem = build_problem(net, commodity="oil", max_to="t")
    engine = WarmSolver(problem.program)
    assert engine.solve().throughput == pytest.approx(6.0)
    assert engine.solve(links={"at": 0.5}).throughput == pytest.approx(4.0)


def test_warm_engine_rejects_bad_elements():
    lp = build_problem(two_routes()).program
    engine = WarmSolver(lp)
    with pytest.raises(ScenarioError, match="did you mean 'at'"):
        engine.solve(links={"att": 0.0})
    with pytest.raises(ScenarioError, match="no capacity row"):
        engine.solve(nodes={"a": 0.5})
    with pytest.raises(ScenarioError, match="not a fraction"):
        engine.solve(links={"at": 2.0})
    [row] = lp.capacity_rows(links=["at"])
    assert lp.link_ids[lp.row_ref[row]] == "at"
    assert engine.solve(nodes={"a": 0.0}).flows.tolist() == pytest.approx([0.0, 0.0, 3.0])
    # a precomputed change of row and column indices gives the same answer as ids
    assert engine.solve(lp.cut(nodes=["a"])).flows.tolist() == pytest.approx([0.0, 0.0, 3.0])
    clone = pickle.loads(pickle.dumps(engine))
    assert clone.solve(links={"at": 0.0}).objective == pytest.approx(engine.solve(links={"at": 0.0}).objective)


# -- the bundled network ------------------------------------------------------------------------------

EU = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
      "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}


def test_bundled_network_2024_serves_all_demand_and_eu_gas():
    r = solve(corridors.load_network(), year=2024)
    assert r.status == "optimal"
    assert float(r.deliveries["unmet"].sum()) == pytest.approx(0.0, abs=1e-6)
    assert r.delivered("gas", EU) == pytest.approx(12.9, abs=0.3)
