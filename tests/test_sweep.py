"""Sweeps: the warm path agrees with a PuLP re-solve, pruning is exact, executors agree."""

from __future__ import annotations

import numpy as np
import pytest

from corridors import solve
from corridors.errors import ScenarioError
from corridors.model.scenario import Scenario
from corridors.analysis.bypasses import bypass
from corridors.analysis.sweeps import sweep
from corridors.data.synthetic import synthetic_network

COLS = ["lost_oil", "lost_gas", "lost_freight"]


@pytest.fixture(scope="module")
def synthetic():
    return synthetic_network(n_nodes=40, n_links=110, seed=7)


def _lost(table):
    t = table.sort_index()
    return t[["lost_gas", "lost_oil", "lost_freight", "extra_cost"]].to_numpy()


def test_warm_sweep_matches_pulp_resolve(synthetic):
    result = sweep(synthetic, level="link", year=2024)
    worst = list(result.table.index[:6])
    base = solve(synthetic, year=2024)
    unmet = lambda r, ks: r.deliveries.loc[r.deliveries["commodity"].isin(ks), "unmet"].sum()  # noqa: E731
    for lid in worst:
        cut = solve(synthetic, scenario=Scenario.cut(f"link:{lid}", year=2024))
        row = result.table.loc[lid]
        for k in ("oil", "freight"):
            assert row[f"lost_{k}"] == pytest.approx(unmet(cut, [k]) - unmet(base, [k]), abs=1e-6)
        assert row["lost_gas"] == pytest.approx(unmet(cut, ["gas"]) - unmet(base, ["gas"]), abs=1e-6)
        # extra cost: the transport change plus the base cost of what is lost (bypass says the same)
        assert row["extra_cost"] == pytest.approx(bypass(synthetic, f"link:{lid}", year=2024, projects=False).extra_cost,
                                                  rel=1e-6, abs=1e-3)
        assert row["extra_cost"] >= cut.cost - base.cost - 1e-3


def test_pruned_n1_equals_exhaustive(synthetic):
    pruned = sweep(synthetic, level="link", year=2024)
    full = sweep(synthetic, level="link", year=2024, prune=False)
    assert pruned.solves < full.solves
    np.testing.assert_allclose(_lost(pruned.table), _lost(full.table), atol=1e-6)


def test_pruned_n2_equals_exhaustive():
    net = synthetic_network(n_nodes=14, n_links=30, seed=3)
    pruned = sweep(net, level="link", k=2, year=2024)
    full = sweep(net, level="link", k=2, year=2024, prune=False)
    assert len(pruned.table) == 30 * 29 // 2
    assert pruned.solves < full.solves
    np.testing.assert_allclose(_lost(pruned.table), _lost(full.table), atol=1e-6)


def test_demo_country_ranking_and_bypass_share(demo_network):
    r = sweep(demo_network, level="country", year=2024, commodity="oil")
    assert set(r.table.index[:2]) == {"AZ", "GE"}
    assert r.table.loc["GE", "lost_oil"] == pytest.approx(31.0)
    assert r.table.loc["KZ", "lost_oil"] == 0.0


def test_process_pool_matches_serial(synthetic):
    serial = sweep(synthetic, level="link", year=2024)
    parallel = sweep(synthetic, level="link", year=2024, jobs=2)
    np.testing.assert_allclose(_lost(serial.table), _lost(parallel.table), atol=1e-6)


def test_dask_local_cluster_matches_serial(synthetic):
    serial = sweep(synthetic, level="asset", year=2024)
    on_dask = sweep(synthetic, level="asset", year=2024, dask="local", jobs=2)
    np.testing.assert_allclose(_lost(serial.table), _lost(on_dask.table), atol=1e-6)


def test_bad_level_and_k(demo_network):
    with pytest.raises(ScenarioError, match="did you mean 'country'"):
        sweep(demo_network, level="contry")
    with pytest.raises(ScenarioError, match="k=3"):
        sweep(demo_network, k=3)
    with pytest.raises(ScenarioError, match="unknown link 'pipe-x'; did you mean 'pipe-c'"):
        sweep(demo_network, elements=["pipe-x"], year=2024)


def test_json_is_stable(demo_network):
    a = sweep(demo_network, level="link", year=2024).to_json()
    b = sweep(demo_network, level="link", year=2024).to_json()
    assert a == b and '"level": "link"' in a
