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
    # every number of the table, the crossing splits included (the workers ship each outcome's
    # deliveries as their changes from the base case: rebuilt to the bit)
    serial = sweep(synthetic, level="link", year=2024)
    parallel = sweep(synthetic, level="link", year=2024, jobs=2)
    np.testing.assert_allclose(_lost(serial.table), _lost(parallel.table), atol=1e-6)
    numbers = [c for c in serial.table.columns if serial.table[c].dtype == float]
    assert any(c.startswith("rerouted_") for c in numbers)
    np.testing.assert_allclose(parallel.table.loc[serial.table.index, numbers].to_numpy(),
                               serial.table[numbers].to_numpy(), atol=1e-6)


def test_a_workers_outcomes_are_shipped_to_the_bit(synthetic):
    import dataclasses
    import pickle

    from corridors.analysis import sweeps
    from corridors.model.cache import cached_problem

    lp = cached_problem(synthetic, year=2024).program
    changes = [lp.cut(links=[lid]) for lid in list(synthetic.links.index[:30])]
    outcomes = sweeps._solve_chunk(lp, changes, None, 1)
    failed = dataclasses.replace(outcomes[0], delivered=None)
    signed = dataclasses.replace(outcomes[1], delivered=np.where(outcomes[1].delivered == 0, -0.0, outcomes[1].delivered))
    sent = [*outcomes, failed, signed]
    back = sweeps._unpacked(pickle.loads(pickle.dumps(sweeps._packed(sent))))  # as a worker's result travels
    for a, b in zip(sent, back):
        assert (a.delivered is None) == (b.delivered is None)
        if a.delivered is not None:
            assert a.delivered.tobytes() == b.delivered.tobytes()
        assert (a.status, a.objective, a.transport, a.unmet, a.path) == (b.status, b.objective, b.transport, b.unmet, b.path)
        assert a.transport_by.tobytes() == b.transport_by.tobytes()
    assert sum(len(at) for _, at, _ in sweeps._packed(outcomes)[1]) < len(outcomes) * len(outcomes[0].delivered) / 10


def test_dask_local_cluster_matches_serial(synthetic):
    serial = sweep(synthetic, level="asset", year=2024)
    on_dask = sweep(synthetic, level="asset", year=2024, dask="local", jobs=2)
    np.testing.assert_allclose(_lost(serial.table), _lost(on_dask.table), atol=1e-6)


def test_a_running_dask_cluster_keeps_its_warm_engines_between_sweeps(synthetic):
    # a planner's long-lived cluster: the second sweep of the same model reuses each worker's engine
    # (built for the first) and answers as the serial sweep does, both times; another model builds anew
    from dask.distributed import Client, LocalCluster

    from corridors.analysis.sweeps import quiet_workers

    def engine_ids():
        from corridors.analysis import sweeps

        return id(sweeps._WORKER.get("engine"))

    serial = sweep(synthetic, level="link", year=2024)
    with quiet_workers():
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    try:
        first = sweep(synthetic, level="link", year=2024, dask=cluster.scheduler_address)
        engines = client.run(engine_ids)
        second = sweep(synthetic, level="link", year=2024, dask=cluster.scheduler_address)
        assert client.run(engine_ids) == engines
        other = synthetic.copy()
        other.links["capacity_value"] = other.links["capacity_value"] * 0.9
        sweep(other, level="link", year=2024, dask=cluster.scheduler_address, elements=list(other.links.index[:40]))
        assert any(client.run(engine_ids)[w] != engines[w] for w in engines)
    finally:
        client.close()
        cluster.close()
    for r in (first, second):
        np.testing.assert_allclose(_lost(serial.table), _lost(r.table.loc[serial.table.index]), atol=1e-6)


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


def _georgia_or_russia():
    """Azerbaijani oil (10 Mt/y at a) for a Turkish market m (9 Mt/y) through Georgia (cheap, cost 1 + 1)
    or Russia (cap 6, cost 3 + 3); Kazakh oil (2 Mt/y at k) reaches m directly at cost 4.

    Base: 9 via GE (transport 18). Without Georgia: 6 rerouted via RU (36), 2 Kazakh substitute (8),
    1 lost: of the 9 that crossed Georgia, rerouted 6, substituted 2, lost 1; extra cost 24 + 4 = 28.
    """
    from test_flow import make_network

    net = make_network({"a": (49.87, 40.41), "g": (44.79, 41.72), "r": (48.29, 42.06), "k": (51.2, 43.6),
                        "m": (43.1, 40.6)},
                       [("a-g", "a", "g", "10 Mt/y", 1.0), ("g-m", "g", "m", "10 Mt/y", 1.0),
                        ("a-r", "a", "r", "6 Mt/y", 3.0), ("r-m", "r", "m", "10 Mt/y", 3.0),
                        ("k-m", "k", "m", "5 Mt/y", 4.0)],
                       [("a", "oil", "10 Mt/y", None), ("k", "oil", "2 Mt/y", None), ("m", "oil", None, "9 Mt/y")],
                       countries={"a": "AZ", "g": "GE", "r": "RU", "k": "KZ", "m": "TR"})
    net.links["countries"] = [("AZ", "GE"), ("GE", "TR"), ("AZ", "RU"), ("RU", "TR"), ("KZ", "TR")]
    return net


def test_hand_drawn_shares_rerouted_substituted_lost_and_extra_cost():
    net = _georgia_or_russia()
    ge = sweep(net, level="country", year=2024).table.loc["GE"]
    assert (ge["crossed_oil"], ge["rerouted_oil"], ge["substituted_oil"], ge["lost_crossed_oil"]) == (
        pytest.approx(9.0), pytest.approx(6.0), pytest.approx(2.0), pytest.approx(1.0))
    assert ge["rerouted_share_oil"] == pytest.approx(6 / 9) and ge["bypass_share"] == pytest.approx(6 / 9)
    assert ge["lost_oil"] == pytest.approx(1.0)
    assert ge["extra_cost"] == pytest.approx(28.0, abs=1e-3)          # 6 × (6 − 2) + 2 × (4 − 2)
    assert ge["penalty_change"] == pytest.approx(1.0e4, rel=1e-6)      # the 1 Mt/y unmet, apart
    report = bypass(net, "country:GE", year=2024, projects=False)
    row = report.crossing.set_index("commodity").loc["oil"]
    assert (row["crossed"], row["rerouted"], row["substituted"], row["lost"]) == (
        pytest.approx(9.0), pytest.approx(6.0), pytest.approx(2.0), pytest.approx(1.0))
    assert report.bypassed["oil"] == pytest.approx(6.0) and report.extra_cost == pytest.approx(28.0, abs=1e-3)
    assert set(report.routes["stream"]) == {"AZ"}                      # the Kazakh oil is no bypass
    assert report.comparison.extra_cost == pytest.approx(28.0, abs=1e-3)   # whatif's Comparison says the same
    assert report.comparison.transport_cost_change == pytest.approx(26.0, abs=1e-3)  # 44 − 18: the 1 lost is 'saved'


def test_lost_flow_does_not_make_the_extra_cost_negative():
    tr = sweep(_georgia_or_russia(), level="country", year=2024).table.loc["TR"]
    assert tr["lost_oil"] == pytest.approx(9.0)                        # the market itself is gone
    assert tr["extra_cost"] == pytest.approx(0.0, abs=1e-3)            # not −18: nothing is carried dearer


def test_transit_ranking_leaves_out_own_demand():
    net = _georgia_or_russia()
    t = sweep(net, level="country", year=2024, transit=True).table
    assert t.loc["TR", "own_demand_oil"] == pytest.approx(9.0) and t.loc["TR", "lost_oil"] == pytest.approx(9.0)
    assert t.loc["TR", "lost_transit_oil"] == pytest.approx(0.0) and t.loc["TR", "loss_pct"] == pytest.approx(0.0)
    assert t.loc["AZ", "own_supply_oil"] == pytest.approx(9.0) and t.loc["AZ", "loss_pct"] == pytest.approx(0.0)
    assert t.index[0] == "GE" and t.loc["GE", "loss_pct"] == pytest.approx(100 / 9)
    assert "TR" in t.index and "AZ" in t.index                          # producers and markets stay, ranked low


def test_sweep_and_bypass_agree_on_the_rerouted_share_for_every_country(bundled_network):
    table = sweep(bundled_network, level="country", year=2024).table
    for country in table.index:
        report = bypass(bundled_network, f"country:{country}", year=2024, projects=False)
        for r in report.crossing.itertuples(index=False):
            row = table.loc[country]
            assert row[f"crossed_{r.commodity}"] == pytest.approx(r.crossed, abs=1e-6), (country, r.commodity)
            assert row[f"rerouted_{r.commodity}"] == pytest.approx(r.rerouted, abs=1e-6), (country, r.commodity)
            if r.crossed > 1e-6:
                assert row[f"rerouted_share_{r.commodity}"] == pytest.approx(r.rerouted_share, abs=1e-6), (country, r.commodity)
    assert table.loc["GE", "rerouted_oil"] == pytest.approx(5.2285, abs=1e-4)   # Azerbaijani crude by NREP


@pytest.mark.parametrize("level", ["country", "node"])
def test_cuts_in_similarity_order_answer_as_in_the_given_order_with_fewer_iterations(bundled_network, level, monkeypatch):
    """A country or node sweep solves each cut after the one most like it: the same losses as in
    the network's order, and for nodes fewer simplex iterations from the last cut's basis (counted,
    not timed; the country sweep's 15 cuts take about as many in either order, see solve_order)."""
    from corridors.analysis import solve_order, sweeps
    from corridors.model import cache
    from corridors.model.blocks import BlockSolver
    from corridors.model.flow import build_problem

    net = bundled_network.at(2024)
    cache.clear()
    ordered = sweep(net, level=level, year=2024)
    cache.clear()
    monkeypatch.setattr(sweeps, "similar_first", lambda changes, num_rows, groups=None: list(range(len(changes))))
    given = sweep(net, level=level, year=2024)
    cache.clear()
    np.testing.assert_allclose(_lost(ordered.table), _lost(given.table.loc[ordered.table.index]), atol=1e-6)

    problem = build_problem(net, year=2024)
    lp = problem.program
    members = sweeps.level_elements(problem.network, level)
    changes = [c for c in (sweeps._derates(lp, *m) for m in members.values()) if c]

    def iterations(order):
        engine = BlockSolver(lp, local=False)
        return sum(engine.solve(changes[j]).iterations for j in order)

    groups = [BlockSolver(lp, local=False).engine_key(c) for c in changes]
    if level == "node":  # a node's cut shares its links with its neighbours'
        assert iterations(solve_order.similar_first(changes, num_rows=lp.num_row, groups=groups)) \
            < iterations(range(len(changes)))


@pytest.mark.parametrize("level", ["link", "country"])
def test_a_second_sweep_of_the_same_network_answers_the_first_table(bundled_network, level):
    """The second sweep reuses the model, its base routes and each element's crossing routes: the
    same table to the last bit, and the first one's frame is not changed by it."""
    import pandas as pd

    from corridors.model import cache

    cache.clear()
    first = sweep(bundled_network, level=level, year=2024)
    kept = first.table.copy()
    second = sweep(bundled_network, level=level, year=2024, transit=True)
    third = sweep(bundled_network, level=level, year=2024)
    pd.testing.assert_frame_equal(first.table, kept)
    pd.testing.assert_frame_equal(third.table, kept)
    assert not second.table.equals(kept)  # ranked by the transit share: another table from the same routes


def test_a_batch_of_splits_is_each_split_to_the_bit(bundled_network):
    """The sweep splits its rows in one batch (BaseRoutes.split_many); bypass splits one element:
    the same numbers, to the bit, for real outcomes (each country cut's deliveries and supply)."""
    from corridors.analysis.crossing import BaseRoutes

    net = bundled_network.at(2024)
    base = solve(net)
    routes = BaseRoutes.from_result(base, net)
    elements, outcomes, supplies = [], [], []
    for country in ("GE", "TR", "AZ", "AM", "IR"):
        cut = solve(net, scenario=Scenario.cut(f"country:{country}", year=2024))
        links = sorted(net.links.index[(net.links["from"].map(net.nodes["country"]) == country)
                                       | (net.links["to"].map(net.nodes["country"]) == country)])
        nodes = sorted(net.nodes.index[net.nodes["country"] == country])
        elements.append((links, nodes))
        d, u = cut.deliveries_by_origin, cut.supplies
        outcomes.append(routes.outcome({(str(n), str(k), o if isinstance(o, str) else ""): float(v)
                                        for n, k, o, v in zip(d["node"], d["commodity"], d["origin"], d["delivered"])}))
        used: dict = {}
        for n, k, o, v in zip(u["node"], u["commodity"], u["origin"], u["used"]):
            key = (str(n), str(k), o if isinstance(o, str) else "")
            used[key] = used.get(key, 0.0) + float(v)
        supplies.append(routes.supplied(used))
    batch = routes.split_many(elements, np.stack(outcomes), np.stack(supplies))
    for (links, nodes), a, s, got in zip(elements, outcomes, supplies, batch):
        assert got == routes.split(links, nodes, a, s)
    assert batch[0]["oil"]["crossed"] > 0 and any(v["oil"]["rerouted"] != batch[0]["oil"]["rerouted"] for v in batch)
    # a row of NaN (an outcome without deliveries) stays its own: the others are unchanged
    mixed = routes.split_many(elements[:2], np.stack([np.full(len(routes.keys), np.nan), outcomes[1]]))
    assert mixed[1] == routes.split(*elements[1], outcomes[1])


def test_the_ranked_table_keeps_what_a_frame_of_row_dicts_would_infer():
    import pandas as pd

    from corridors.analysis.ranking import rank_order
    from corridors.analysis.sweep_table import ranked_table

    shared = [{"loss_pct": 10.0, "loss_pct_sum": 10.0, "carried_oil": 0.0, "bypass_commodity": "oil", "extra_cost": 1.0},
              {"loss_pct": 50.0, "loss_pct_sum": 60.0, "carried_oil": 0.0, "bypass_commodity": None, "extra_cost": float("nan")}]
    own = {"name": ["A", "B", "C"], "objective": [1.0, 2.0, 3.0], "status": ["optimal"] * 3, "solved": [True, False, True]}
    got = ranked_table(["a", "b", "c"], shared, [0, 1, 1], own, {"carried_oil": [1, 2, 3]}, rank="share")
    rows = [{"name": n, **shared[s], "carried_oil": k, "objective": o, "status": st, "solved": sv}
            for n, s, k, o, st, sv in zip(own["name"], [0, 1, 1], [1, 2, 3], own["objective"], own["status"], own["solved"])]
    want = pd.DataFrame(rows, index=pd.Index(["a", "b", "c"], name="element"))
    want = want.iloc[rank_order(want)]
    pd.testing.assert_frame_equal(got, want)
    assert list(got.index) == ["b", "c", "a"] and str(got["carried_oil"].dtype) == "int64"
    assert ranked_table([], [], [], {}, {}, rank="share").shape == (0, 0)


def test_splits_in_small_batches_answer_as_in_one(bundled_network, monkeypatch):
    """The sweep splits its rows in chunks of bounded size (large networks); a chunk of one row and
    one chunk of all of them give the same table, to the bit."""
    import pandas as pd

    from corridors.analysis import sweeps
    from corridors.model import cache

    cache.clear()  # each sweep from a new model: the same warm solves from the same base basis
    whole = sweep(bundled_network, level="country", year=2024).table
    monkeypatch.setattr(sweeps, "_BATCH_VALUES", 1)
    cache.clear()
    pd.testing.assert_frame_equal(sweep(bundled_network, level="country", year=2024).table, whole, check_exact=True)


@pytest.mark.parametrize("which", ["bundled", "synthetic", "synthetic-origins"])
def test_carried_flow_of_links_from_the_arrays_is_the_sparse_products(which, bundled_network, synthetic):
    """Link-only elements (a link sweep's) get their carried flow from the arrays, other elements from
    sparse products: the same floats for the same elements, whichever path a call takes (an element
    with a node sends the whole call the sparse way); repeated links count once."""
    import random

    from corridors.analysis.sweep_rows import carried_flow
    from corridors.analysis.sweeps import level_elements
    from corridors.model.flow import build_problem
    from corridors.model.warm import WarmSolver
    from test_local import _with_origins

    net = {"bundled": bundled_network, "synthetic": synthetic}.get(which) or _with_origins(synthetic, 3)
    problem = build_problem(net, year=2024)
    lp = problem.program
    x = WarmSolver(lp).solve().x
    rng = random.Random(5)
    members = list(level_elements(problem.network, "link").values())
    members += [(tuple(rng.sample(lp.link_ids, 3)) * 2, ()) for _ in range(20)] + [((), ()), (("no-such-link",), ())]
    by_arrays = carried_flow(lp, x, members)
    by_products = carried_flow(lp, x, members + [((), (lp.node_ids[0],))])[:-1]
    assert by_arrays == by_products
    assert all(type(v) is float for row in by_arrays for v in row.values())
    flows = lp.link_flows(x)
    for (links, _), row in zip(members[:len(lp.link_ids)], by_arrays):
        [i] = [lp.link_index[lid] for lid in links]
        assert np.allclose([row[c] for c in lp.commodities], flows[i], atol=1e-9)


def test_demand_per_commodity_is_what_the_pandas_masks_add_to_the_bit(bundled_network):
    """The sweep's total demand per commodity (the denominator of every share a planner reads) is
    the pandas sum of each commodity's rows: on the bundled balances, and on rows with missing
    demand, a missing commodity, an infinite value and enough rows for numpy's pairwise summation."""
    import pandas as pd

    from corridors.analysis.sweep_rows import demand_totals

    def pandas_totals(bal, commodities):
        return {c: float(bal.loc[bal["commodity"] == c, "demand"].sum()) for c in commodities}

    bal = bundled_network.at(2024).balances
    kinds = sorted(set(bal["commodity"].dropna()))
    assert demand_totals(bal, kinds) == pandas_totals(bal, kinds)
    rng = np.random.default_rng(3)
    values = rng.lognormal(0.0, 3.0, 600)
    values[[5, 17, 400]] = np.nan
    kind = pd.array(rng.choice(["gas", "oil", "freight"], 600).astype(object), dtype="string")
    kind[[8, 9]] = pd.NA
    odd = pd.DataFrame({"commodity": kind, "demand": values})
    assert demand_totals(odd, ["gas", "oil", "freight", "power"]) == pandas_totals(odd, ["gas", "oil", "freight", "power"])
    odd.loc[3, "demand"] = np.inf
    assert demand_totals(odd, ["gas", "oil", "freight"]) == pandas_totals(odd, ["gas", "oil", "freight"])
    whole = odd.assign(demand=pd.array(np.arange(600), dtype="Int64"))  # not float64: the pandas path
    assert demand_totals(whole, ["gas"]) == pandas_totals(whole, ["gas"])
