"""The exact local re-solve answers what the whole-model warm solve answers, on random networks."""

from __future__ import annotations

import random

import pytest

from corridors.data.synthetic import synthetic_network
from corridors.model.blocks import BlockSolver
from corridors.model.flow import build_problem
from corridors.model.warm import WarmSolver


def _with_origins(net, per_commodity: int):
    """``net`` with its supplies spread over ``per_commodity`` named origins per commodity."""
    out = net.copy()
    bal = out.balances
    rank = bal[bal["supply"] > 0].groupby("commodity").cumcount()
    bal["origin"] = None
    bal.loc[rank.index, "origin"] = [f"O{r % per_commodity}" for r in rank]
    return out


@pytest.mark.parametrize("seed,origins", [(0, 0), (1, 0), (2, 0), (3, 0), (4, 3), (5, 3)])
def test_local_answers_equal_the_full_solve(seed, origins):
    net = synthetic_network(n_nodes=120 + 40 * (seed % 4), n_links=360 + 120 * (seed % 4), seed=seed)
    if origins:  # origin-aware flows: a column per origin on every link, the smaller neighbourhoods
        net = _with_origins(net, origins)
    lp = build_problem(net, year=2024).program
    assert (len(set(lp.col_origin[lp.col_origin >= 0].tolist())) >= origins)
    whole = WarmSolver(lp)
    base = whole.solve()
    # every block tries the local re-solve first; with origins, the origin-aware sizes on a bigger share
    fast = BlockSolver(lp, local_min_cols=0, neighbourhood={"hops": 5, "max_share": 0.5} if origins else None)
    carrying = sorted(set(lp.col_link[(lp.col_link >= 0) & (base.x > 1e-7)].tolist()))
    rng = random.Random(seed)
    cases = [{lp.link_ids[i]: 0.0} for i in carrying]
    cases += [{lp.link_ids[i]: rng.choice([0.0, 0.3]) for i in rng.sample(carrying, 2)} for _ in range(10)]
    for links in cases:
        a, b = whole.solve(links=links), fast.solve(links=links)
        assert a.status == b.status == "optimal"
        assert b.objective == pytest.approx(a.objective, rel=1e-9, abs=1e-6), links
        for k in lp.commodities:
            assert b.unmet[k] == pytest.approx(a.unmet[k], abs=1e-6), (links, k)
    local = fast.paths["local"] + fast.paths["grown"]
    assert local > 0 and local + fast.paths["warm"] == len(cases)   # some answered locally, each counted once


def test_local_answer_is_feasible_for_the_whole_model():
    net = synthetic_network(n_nodes=150, n_links=450, seed=7)
    lp = build_problem(net, year=2024).program
    fast = BlockSolver(lp, local_min_cols=0)
    csr = lp.matrix.tocsr()
    for lid in lp.link_ids[:60]:
        change = lp.cut(links=[lid])
        r = fast.solve(change)
        upper = lp.row_upper.copy()
        upper[change.rows] = change.row_upper
        activity = csr @ r.x
        assert (activity >= lp.row_lower - 1e-6).all() and (activity <= upper + 1e-6).all()
        assert (r.x >= lp.col_lower - 1e-7).all() and (r.x <= lp.col_upper + 1e-7).all()


def test_sweeps_share_one_model_until_the_network_changes(demo_network):
    from corridors.analysis.sweeps import sweep
    from corridors.model.cache import cached_problem

    first = cached_problem(demo_network, year=2024)
    assert cached_problem(demo_network.copy(), year=2024) is first          # same content, same model
    edited = demo_network.copy()
    edited.links.loc["pipe-b", "capacity_value"] = 1.0
    assert cached_problem(edited, year=2024) is not first                   # edited content, new model
    cut_before = sweep(demo_network, level="link", year=2024).table.loc["pipe-a", "lost_oil"]
    cut_edited = sweep(edited, level="link", year=2024).table
    assert sweep(demo_network, level="link", year=2024).table.loc["pipe-a", "lost_oil"] == cut_before
    assert cut_edited.loc["pipe-b", "carried_oil"] <= 1.0 + 1e-9            # the edit reached the sweep
