"""Tests of corridors.analysis.worst: the interdiction MILP against exhaustive search."""

from __future__ import annotations

import itertools
import json

import pytest

from corridors.analysis.sweeps import sweep
from corridors.analysis.worst import interdiction_elements, worst_case
from corridors.data.synthetic import synthetic_network
from corridors.model.blocks import BlockSolver
from corridors.model.flow import build_problem


def _brute_force(network, k, level, *, transit=False):
    """Every k-set of the level re-solved with the warm engine: the largest objective."""
    problem = build_problem(network)
    lp = problem.program
    engine = BlockSolver(lp)
    base = engine.solve()
    changes = interdiction_elements(problem.network, lp, base.x, level, transit=transit)
    best, best_set = -1.0, None
    for combo in itertools.combinations(sorted(changes), k):
        change = changes[combo[0]]
        for e in combo[1:]:
            change = change.merge(changes[e])
        value = engine.solve(change).objective
        if value > best + 1e-6:
            best, best_set = value, combo
    return best, best_set


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_k3_equals_brute_force_on_small_networks(seed):
    net = synthetic_network(n_nodes=10, n_links=16, seed=seed)
    best, _ = _brute_force(net, 3, "link")
    r = worst_case(net, k=3, level="link")
    assert r.gap == 0.0
    assert r.objective == pytest.approx(best, rel=1e-7)
    assert r.bound == pytest.approx(best, rel=1e-6)
    assert len(r.elements) == 3


def test_k3_nodes_equals_brute_force():
    net = synthetic_network(n_nodes=9, n_links=16, seed=5)
    best, _ = _brute_force(net, 3, "node")
    r = worst_case(net, k=3, level="node")
    assert r.objective == pytest.approx(best, rel=1e-7) and r.gap == 0.0


def test_worst_pair_is_the_top_row_of_the_exhaustive_n2_sweep_ranked_by_loss(bundled_network):
    exhaustive = sweep(bundled_network, level="link", k=2, year=2024, prune=False, rank="loss")
    table = exhaustive.table
    r = worst_case(bundled_network, k=2, level="link", year=2024)
    assert r.gap == 0.0
    top = table.iloc[0]
    assert set(table.index[0].split(" + ")) == set(r.elements)
    assert r.objective == pytest.approx(top["objective"], rel=1e-9)
    assert top["objective"] == pytest.approx(table["objective"].max(), rel=1e-12)
    for c in r.unmet:  # the same losses, commodity by commodity
        assert r.unmet[c] == pytest.approx(top[f"unmet_{c}"], abs=1e-6)
    # the default ranking (largest lost share of one commodity) leads with another pair
    assert sweep(bundled_network, level="link", k=2, year=2024).table.index[0] != table.index[0]


@pytest.mark.parametrize("seed", [0, 2, 4])
def test_ties_go_to_the_alphabetically_first_set(seed):
    """Many pairs tie for the worst on these networks: worst_case answers with the sweep's top row."""
    net = synthetic_network(n_nodes=10, n_links=16, seed=seed)
    table = sweep(net, level="link", k=2, prune=False, rank="loss").table
    top = table["objective"].round(6)
    tied = [tuple(sorted(e.split(" + "))) for e in table.index[top == top.iloc[0]]]
    assert len(tied) > 1  # a real tie
    r = worst_case(net, k=2, level="link")
    assert r.elements == min(tied) == tuple(sorted(table.index[0].split(" + ")))


@pytest.mark.parametrize("seed", [0, 3])
def test_cbc_gives_the_same_worst_set_as_highs(seed):
    net = synthetic_network(n_nodes=10, n_links=16, seed=seed)
    highs = worst_case(net, k=2, level="link", solver="highs")
    cbc = worst_case(net, k=2, level="link", solver="cbc")
    assert (highs.solver, cbc.solver) == ("highs", "cbc")
    assert cbc.elements == highs.elements and cbc.gap == 0.0
    assert cbc.objective == pytest.approx(highs.objective, rel=1e-9)


def test_settings_solver_cbc_is_used_and_a_missing_highs_falls_back(monkeypatch, demo_network):
    from corridors import settings
    from corridors.analysis import milp

    monkeypatch.setattr(settings, "SOLVER", "cbc")
    assert worst_case(demo_network, k=1, level="link", year=2024).solver == "cbc"
    monkeypatch.setattr(settings, "SOLVER", "highs")
    monkeypatch.setattr(milp, "_highs_available", lambda: False)
    r = worst_case(demo_network, k=1, level="link", year=2024)
    assert r.solver == "cbc" and r.elements == ("pipe-a",)
    from corridors.errors import SolverError

    with pytest.raises(SolverError, match="'highs' is not installed"):
        worst_case(demo_network, k=1, level="link", year=2024, solver="highs")


def test_transit_countries_leave_out_producers(bundled_network):
    r = worst_case(bundled_network, k=2, level="country", transit=True, year=2024)
    assert "AZ" not in r.elements and "KZ" not in r.elements
    pairs = sweep(bundled_network, level="country", k=2, year=2024, prune=False).table
    pairs = pairs[~pairs["origin"].astype(bool)]  # the sweep's transit ranking keeps producers; worst_case leaves them out
    assert r.objective == pytest.approx(pairs["objective"].max(), rel=1e-7)
    assert " + ".join(r.elements) == pairs["objective"].idxmax()
    data = json.loads(r.to_json())
    assert {"elements", "loss", "bound", "gap", "units"} <= set(data)
    assert data["units"]["gas"] == "bcm/y"
    assert all(v >= 0 for v in data["loss"].values())


def test_asset_k3_is_proven(bundled_network):
    r = worst_case(bundled_network, k=3, level="asset", year=2024)
    assert r.gap == 0.0 and len(r.elements) == 3
    assert r.objective > r.base_objective
    assert r.bound == pytest.approx(r.objective, rel=1e-9)
    # no single swap of one asset for another does worse than the proven set
    problem = build_problem(bundled_network, year=2024)
    engine = BlockSolver(problem.program)
    changes = interdiction_elements(problem.network, problem.program, engine.solve().x, "asset", transit=False)
    for i in range(3):
        for alt in sorted(changes)[::7]:
            if alt in r.elements:
                continue
            trial = [*r.elements[:i], alt, *r.elements[i + 1:]]
            change = changes[trial[0]].merge(changes[trial[1]]).merge(changes[trial[2]])
            assert engine.solve(change).objective <= r.objective + 1e-6


def test_bad_k_is_one_clear_error(demo_network):
    from corridors.errors import ScenarioError

    with pytest.raises(ScenarioError, match="k=0"):
        worst_case(demo_network, k=0)
    with pytest.raises(ScenarioError, match="unknown link"):
        worst_case(demo_network, k=1, elements=["nope"])


def test_cli_worst_json_fields(capsys):
    from corridors.cli.app import main

    from corridors.data.files import bundled_path

    assert main(["worst", "--k", "1", "--level", "link", "--year", "2024", "--format", "json",
                 "--network", str(bundled_path("demo"))]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gap"] == 0.0 and len(data["elements"]) == 1
    assert main(["worst", "--k", "0"]) == 2
    assert "k=0" in capsys.readouterr().err


def test_api_is_exported():
    import corridors as cx

    assert cx.worst_case is worst_case
