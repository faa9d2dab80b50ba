"""The exact local re-solve answers what the whole-model warm solve answers, on random networks."""

from __future__ import annotations

import random

import pytest

from corridors.data.synthetic import synthetic_network
from corridors.model.blocks import BlockSolver, local_options
from corridors.model.flow import build_problem
from corridors.model.local import LocalSolver
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
    fast = BlockSolver(lp, local_min_cols=0, neighbourhood={**local_options(lp), "max_share": 0.5} if origins else None)
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


def _reference_ball(pattern, seed, hops):
    """Columns within ``hops`` column–row–column steps of ``seed`` in the 0/1 matrix ``pattern`` (dense BFS)."""
    import numpy as np

    reach = np.zeros(pattern.shape[1], dtype=bool)
    reach[seed] = True
    for _ in range(hops):
        rows = (pattern @ reach.astype(float)) > 0
        reach |= (pattern.T @ rows.astype(float)) > 0
    return np.flatnonzero(reach)


@pytest.mark.parametrize("seed", [0, 1])
def test_neighbourhoods_are_the_row_column_balls(seed):
    """The breadth-first steps (column–column graph, few or many slices at a time) reach what the
    row–column graph does; the steps along the basis only through the base's basic columns."""
    import numpy as np
    import scipy.sparse as sp

    net = synthetic_network(n_nodes=150, n_links=450, seed=seed)
    lp = build_problem(net, year=2024).program
    whole = WarmSolver(lp)
    base = whole.solve()
    col_status, _ = whole.basis()
    local = LocalSolver(lp, base.x, *whole.duals(), basis=whole.basis(), basic_hops=5)
    a = lp.matrix.tocsc()
    pattern = sp.csc_matrix((np.ones(a.nnz), a.indices, a.indptr), shape=a.shape)
    basic = pattern @ sp.diags((np.asarray(col_status) == 1).astype(float))
    rng = np.random.default_rng(seed)
    for size in (1, 3, 8, 9, 30):
        start = rng.choice(lp.num_col, size=size, replace=False)
        for hops in (0, 1, 2, 5):
            assert local._ball(start, hops).tolist() == _reference_ball(pattern, start, hops).tolist()
            along = local._ball(start, hops, local._near_basic)
            assert along.tolist() == _reference_ball(basic, start, hops).tolist()
            assert sorted(local._tree(start, hops).tolist()) == along.tolist()   # the same walk in Python
        assert len(along) > size or not (np.asarray(col_status)[start] == 1).any()


@pytest.mark.parametrize("basic_hops,grow_basic_hops", [(0, 0), (3, 0), (12, 8), (0, 8)])
def test_basis_steps_keep_local_answers_exact(basic_hops, grow_basic_hops):
    """With and without steps along the base's basis (first and grown rounds), local answers equal the whole model's."""
    net = synthetic_network(n_nodes=160, n_links=480, seed=11)
    lp = build_problem(net, year=2024).program
    whole = WarmSolver(lp)
    whole.solve()
    fast = BlockSolver(lp, local_min_cols=0, neighbourhood={"hops": 2, "grow_hops": 1, "basic_hops": basic_hops,
                                                            "grow_basic_hops": grow_basic_hops})
    carrying = sorted(set(lp.col_link[(lp.col_link >= 0) & (whole.solve().x > 1e-7)].tolist()))
    for i in carrying:
        links = {lp.link_ids[i]: 0.0}
        a, b = whole.solve(links=links), fast.solve(links=links)
        assert b.objective == pytest.approx(a.objective, rel=1e-9, abs=1e-6), (basic_hops, links)
    assert fast.paths["local"] > 0 and fast.paths["grown"] > 0, fast.paths   # both paths taken


def test_basis_steps_without_a_basis_are_off():
    """Without the base's basis there is no basis to step along: the plain neighbourhood, same answers."""
    net = synthetic_network(n_nodes=150, n_links=450, seed=3)
    lp = build_problem(net, year=2024).program
    whole = WarmSolver(lp)
    base = whole.solve()
    local = LocalSolver(lp, base.x, *whole.duals(), basic_hops=12, grow_basic_hops=8)
    assert local.basic_hops == local.grow_basic_hops == 0
    carrying = sorted(set(lp.col_link[(lp.col_link >= 0) & (base.x > 1e-7)].tolist()))
    answered = 0
    for i in carrying[:40]:
        change = lp.cut(links=[lp.link_ids[i]])
        answer = local.solve(change)
        if answer is not None:
            answered += 1
            assert base.objective + answer.objective_change == pytest.approx(whole.solve(change).objective,
                                                                               rel=1e-9, abs=1e-6)
    assert answered > 0


def test_lagrangian_bound_on_the_last_round_keeps_answers_exact(monkeypatch):
    """One round only: every failed dual check goes to the Lagrangian bound (the sub-LP with its boundary
    free, passed row-wise like the fixed one); what it proves equals the whole model's answer."""
    # a network where the bound proves some answers (few do: 0-3 of the ~50 it is asked on each seed)
    net = synthetic_network(n_nodes=150, n_links=450, seed=8)
    lp = build_problem(net, year=2024).program
    whole = WarmSolver(lp)
    base = whole.solve()
    local = LocalSolver(lp, base.x, *whole.duals(), basis=whole.basis(), hops=2, basic_hops=4, max_rounds=1,
                        max_share=0.9)
    verdicts = []
    bound = LocalSolver._lagrangian

    def spy(self, x_fixed):
        out = bound(self, x_fixed)
        verdicts.append(out[0])
        return out

    monkeypatch.setattr(LocalSolver, "_lagrangian", spy)
    carrying = sorted(set(lp.col_link[(lp.col_link >= 0) & (base.x > 1e-7)].tolist()))
    for i in carrying:
        change = lp.cut(links=[lp.link_ids[i]])
        answer = local.solve(change)
        if answer is not None:
            assert base.objective + answer.objective_change == pytest.approx(whole.solve(change).objective,
                                                                               rel=1e-9, abs=1e-6)
    assert local.paths["local"] > 0 and local.paths["fallback"] > 0, local.paths
    assert len(verdicts) > 10 and any(verdicts), (verdicts, local.paths)   # failed checks asked it; it proved one


def test_padded_slices_hold_the_same_entries():
    """A padded rectangle's rows hold each slice's entries and nothing else (its first entry repeated);
    too uneven or with an empty slice, no rectangle. The neighbourhoods above use it on these networks."""
    import numpy as np
    import scipy.sparse as sp

    from corridors.model.local import _entries, _padded

    lp = build_problem(synthetic_network(n_nodes=120, n_links=360, seed=2), year=2024).program
    whole = WarmSolver(lp)
    base = whole.solve()
    local = LocalSolver(lp, base.x, *whole.duals(), basis=whole.basis())
    assert local._near_pad is not None and local._csc_pad is not None
    rng = np.random.default_rng(0)
    for matrix, pad in ((local._near, local._near_pad), (local._csc, local._csc_pad)):
        for size in (1, 5, 40):
            major = rng.choice(matrix.shape[1 if matrix is local._csc else 0], size, replace=False)
            got = _entries(matrix, major, pad)
            plain = _entries(matrix, major)
            assert set(got.tolist()) == set(plain.tolist()) and len(got) >= len(plain)
    uneven = sp.csr_matrix(np.vstack([np.ones((1, 7)), np.eye(7)[:6]]))   # 7 x 7 padded for 13 entries
    assert _padded(uneven) is None
    assert _padded(sp.csr_matrix(np.array([[1, 1], [0, 0]]))) is None   # an empty slice
    assert _padded(sp.csr_matrix(np.array([[1, 0, 1], [0, 1, 0]]))).tolist() == [[0, 2], [1, 1]]


def test_one_walk_with_then_is_the_union_of_two_balls():
    """``_ball(seed, hops, then=t)`` is ``_ball(seed, hops)`` ∪ ``_ball(t, 1)`` (sorted, no repeats)."""
    import numpy as np

    lp = build_problem(synthetic_network(n_nodes=120, n_links=360, seed=4), year=2024).program
    whole = WarmSolver(lp)
    base = whole.solve()
    local = LocalSolver(lp, base.x, *whole.duals(), basis=whole.basis(), basic_hops=6)
    rng = np.random.default_rng(1)
    for _ in range(30):
        seed = rng.choice(lp.num_col, int(rng.integers(1, 4)), replace=False)
        tree = local._tree(seed, int(rng.integers(1, 10)))
        for hops in (0, 1, 3):
            got = local._ball(seed, hops, then=tree)
            want = sorted(set(local._ball(seed, hops).tolist()) | set(local._ball(tree, 1).tolist()))
            assert got.tolist() == want
        assert not local._col_mark.any()   # the scratch marks are cleared


@pytest.mark.parametrize("grow_hops", [0, 1, 2])
def test_grown_rounds_with_and_without_hops_stay_exact(grow_hops):
    """Grown rounds that follow the basis from the failing columns, with 0, 1 or 2 hops around them."""
    net = synthetic_network(n_nodes=160, n_links=480, seed=11)
    lp = build_problem(net, year=2024).program
    whole = WarmSolver(lp)
    base = whole.solve()
    local = LocalSolver(lp, base.x, *whole.duals(), basis=whole.basis(), hops=2, basic_hops=3, grow_hops=grow_hops,
                        grow_basic_hops=4, max_share=0.6)
    carrying = sorted(set(lp.col_link[(lp.col_link >= 0) & (base.x > 1e-7)].tolist()))
    for i in carrying:
        change = lp.cut(links=[lp.link_ids[i]])
        answer = local.solve(change)
        if answer is not None:
            assert base.objective + answer.objective_change == pytest.approx(whole.solve(change).objective,
                                                                               rel=1e-9, abs=1e-6)
    assert local.paths["grown"] > 0, local.paths
