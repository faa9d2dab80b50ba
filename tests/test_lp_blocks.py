"""The block solver answers exactly what the whole-model warm solver answers."""

from __future__ import annotations

import random

import numpy as np
import pytest

from corridors.errors import ScenarioError
from corridors.model.flow import build_problem
from corridors.model.warm import WarmSolver
from corridors.model.blocks import BlockSolver, split_blocks
from corridors.data.synthetic import synthetic_network


@pytest.fixture(scope="module")
def lp(bundled_network):
    return build_problem(bundled_network, year=2024).program


def test_bundled_model_splits_by_commodity_group(lp):
    blocks = split_blocks(lp)
    assert len(blocks) >= 2
    assert sum(len(cols) for _, cols in blocks) == lp.num_col
    groups = [{lp.commodities[k] for k in sub.col_commodity} for sub, _ in blocks]
    gas = [g for g in groups if "gas" in g]
    assert gas and all(g == {"gas"} for g in gas)          # gas never shares a block with oil


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_blocks_match_whole_model(lp, seed):
    rng = random.Random(seed)
    whole, blocks = WarmSolver(lp), BlockSolver(lp)
    carrying = set(lp.col_link[lp.col_link >= 0].tolist())
    elements = [("link", lid) for i, lid in enumerate(lp.link_ids) if i in carrying]
    elements += [("node", lp.node_ids[n]) for n in sorted(set(lp.row_ref[lp.row_kind == 2].tolist()))]
    for _ in range(8):
        links, nodes = {}, {}
        for kind, ident in rng.sample(elements, 3):
            f = rng.choice([0.0, 0.5, 1.0])
            if f == 0.0 or len(lp.capacity_rows(**{f"{kind}s": [ident]})):
                (links if kind == "link" else nodes)[ident] = f
        a, b = whole.solve(links=links, nodes=nodes), blocks.solve(links=links, nodes=nodes)
        assert a.status == b.status == "optimal"
        assert b.objective == pytest.approx(a.objective, rel=1e-9, abs=1e-6)
        np.testing.assert_allclose(sorted(b.unmet.values()), sorted(a.unmet.values()), atol=1e-6)


def test_synthetic_blocks_and_unknown_element():
    net = synthetic_network(n_nodes=30, n_links=80, seed=4)
    lp = build_problem(net, year=2024).program
    solver = BlockSolver(lp)
    groups = [{lp.commodities[k] for k in sub.col_commodity} for sub, _ in solver.blocks]
    assert len(groups) >= 2 and all(g == {"gas"} or "gas" not in g for g in groups)  # rail apart from pipelines
    with pytest.raises(ScenarioError, match="unknown link 'l999'"):
        solver.solve(links={"l999": 0.0})


def test_changed_columns_are_all_that_differ_from_the_base():
    """``WarmResult.changed`` (what the sweep's totals are updated from) lists every column that moved."""
    net = synthetic_network(n_nodes=150, n_links=450, seed=3)
    lp = build_problem(net, year=2024).program
    solver = BlockSolver(lp, local_min_cols=0)
    base = solver.solve()
    assert len(base.changed[0]) == 0 and np.array_equal(solver.base_x, base.x)
    carrying = sorted(set(lp.col_link[(lp.col_link >= 0) & (base.x > 1e-7)].tolist()))[:40]
    moved = 0
    for i in carrying:
        r = solver.solve(links={lp.link_ids[i]: 0.0})
        cols, dx = r.changed
        rebuilt = solver.base_x.copy()
        rebuilt[cols] += dx
        np.testing.assert_allclose(rebuilt, r.x, atol=1e-12)
        transport = np.where(lp.col_link >= 0, lp.col_cost, 0.0)
        assert float(transport @ r.x) == pytest.approx(float(transport @ base.x) + float(transport[cols] @ dx), abs=1e-6)
        moved += bool(np.abs(dx).max(initial=0.0) > 1e-9)
    assert moved > 0                                           # the cuts did reroute flow


def test_a_change_solved_again_answers_as_a_fresh_copy_of_it(lp):
    """Engines keep each change's base bounds and block split by the Change object: solving the same
    object again, after others, answers what a new object with the same bounds does."""
    from corridors.model.lp import Change

    changes = [lp.cut(links=[lid]) for lid in ("btc-ge", "scp-ge", "tap-sea", "baku-novo")
               if lid in lp.link_index]
    assert len(changes) >= 3
    kept = BlockSolver(lp)
    first = [kept.solve(c) for c in changes]
    again = [kept.solve(c) for c in reversed(changes)][::-1]
    copies = [BlockSolver(lp).solve(Change(c.rows.copy(), c.row_upper.copy(), c.cols.copy(), c.col_upper.copy()))
              for c in changes]  # each on a new engine: nothing kept from another change
    for a, b, c in zip(first, again, copies):
        assert a.objective == pytest.approx(c.objective, rel=1e-12, abs=1e-9)
        assert b.objective == pytest.approx(c.objective, rel=1e-12, abs=1e-9)
        assert {k: round(v, 9) for k, v in b.unmet.items()} == {k: round(v, 9) for k, v in c.unmet.items()}
    assert kept.solve(changes[0]).objective == pytest.approx(first[0].objective, rel=1e-12)   # the base bounds restored


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_each_block_is_the_whole_matrix_on_its_rows_and_columns(lp, which):
    """The split gathers the CSC arrays itself (no scipy slicing): each block's matrix is the whole
    matrix restricted to its rows and columns, in their order, with its row indices sorted in each
    column; a scipy matrix (the other path) splits into the same arrays."""
    import dataclasses

    import scipy.sparse as sp

    from corridors.model.blocks import _split

    model = lp if which == "bundled" else build_problem(synthetic_network(n_nodes=120, n_links=360, seed=4)).program
    dense = model.matrix.toarray()
    got = _split(model, 64)
    assert sorted(np.concatenate([c for _, c, _ in got]).tolist()) == list(range(model.num_col))
    assert sorted(np.concatenate([r for _, _, r in got]).tolist()) == list(range(model.num_row))
    for sub, cols, rows in got:
        assert np.array_equal(sub.matrix.toarray(), dense[np.ix_(rows, cols)])
        for j in range(sub.num_col):
            column = sub.matrix.indices[sub.matrix.indptr[j]:sub.matrix.indptr[j + 1]]
            assert np.all(np.diff(column) > 0)
        assert sub.matrix.indices.dtype == np.int32 and sub.matrix.indptr.dtype == np.int32
    via_scipy = _split(dataclasses.replace(model, matrix=sp.csc_matrix(dense)), 64)
    for (a, ca, ra), (b, cb, rb) in zip(got, via_scipy):
        assert np.array_equal(ca, cb) and np.array_equal(ra, rb)
        for part in ("indptr", "indices", "data"):
            assert np.array_equal(getattr(a.matrix, part), getattr(b.matrix, part)), part


def test_a_change_is_split_into_its_blocks(lp):
    """One block or several: each block gets its own rows and columns (local indices) and bounds."""
    solver = BlockSolver(lp)
    gas = next(lid for i, lid in enumerate(lp.link_ids)
               if lp.commodities[int(lp.col_commodity[np.flatnonzero(lp.col_link == i)[0]])] == "gas"
               and len(lp.capacity_rows(links=[lid])))
    oil = next(lid for i, lid in enumerate(lp.link_ids)
               if lp.commodities[int(lp.col_commodity[np.flatnonzero(lp.col_link == i)[0]])] == "oil"
               and len(lp.capacity_rows(links=[lid])))
    for links in ([gas], [oil], [gas, oil]):
        change = lp.cut(links=links)
        parts = solver._split(change)
        assert len(parts) == len(links)
        back = sorted((int(solver.blocks[b][0].row_ref[r]) for b, part in parts.items() for r in part.rows))
        assert back == sorted(int(lp.row_ref[r]) for r in change.rows)
        for b, part in parts.items():
            assert part.rows.dtype == np.int32 and part.cols.dtype == np.int32
            sub = solver.blocks[b][0]
            assert np.array_equal(sub.row_nominal[part.rows] * 0.0, part.row_upper)


@pytest.mark.parametrize("which", ["bundled", "demo", "synthetic"])
def test_cut_is_derate_to_zero(lp, demo_network, which):
    """``cut`` builds its change from the index maps; ``derate`` with fraction 0 goes id by id: the
    same rows, bounds, columns and dtypes, for links, nodes (with and without capacity rows), both,
    repeated ids and nothing; an unknown id is refused by both."""
    model = {"bundled": lp, "demo": build_problem(demo_network).program}.get(which) \
        or build_problem(synthetic_network(n_nodes=60, n_links=180, seed=2)).program
    rng = random.Random(7)
    cases = [([lid], []) for lid in model.link_ids] + [([], [nid]) for nid in model.node_ids]
    cases += [(rng.sample(model.link_ids, 3), rng.sample(model.node_ids, 2)) for _ in range(40)]
    cases += [([], []), ([model.link_ids[0]] * 2, [model.node_ids[0]] * 2)]
    for links, nodes in cases:
        a, b = model.cut(links=links, nodes=nodes), model.derate({k: 0.0 for k in links}, {n: 0.0 for n in nodes})
        for x, y in zip((a.rows, a.row_upper, a.cols, a.col_upper), (b.rows, b.row_upper, b.cols, b.col_upper)):
            assert x.dtype == y.dtype and x.tobytes() == y.tobytes(), (links, nodes)
        cols = model.element_columns(links=links, nodes=nodes)
        want = np.unique(np.concatenate([np.flatnonzero(np.isin(model.col_link, [model.link_index[k] for k in links])),
                                         np.flatnonzero(np.isin(model.col_head, [model.node_index[n] for n in nodes])
                                                        & (model.col_kind == 0)),
                                         np.flatnonzero(np.isin(model.col_node, [model.node_index[n] for n in nodes])
                                                        & np.isin(model.col_kind, [1, 4]))]).astype(np.int32))
        assert cols.dtype == np.int32 and np.array_equal(cols, want), (links, nodes)
    with pytest.raises(ScenarioError):
        model.cut(links=["no-such-link"])
    with pytest.raises(ScenarioError):
        model.derate({"no-such-link": 0.0})


def test_a_re_solve_after_a_far_one_starts_from_the_base_basis(lp):
    """After a cut that took many pivots (all of Georgia's links), the next cut starts from the base
    case's basis, not from Georgia's: it takes no more pivots than on an engine that solved only the
    base case (without the restart, TANAP's last section costs 37 pivots there instead of 1)."""
    from corridors.model.warm import RESTART_AFTER

    georgia = lp.cut(links=[lid for lid in lp.link_ids if lid.endswith("-ge") or "-ge-" in lid])
    for lid in ("tanap-tr-3", "btc-ge"):
        fresh = WarmSolver(lp)
        fresh.solve()
        alone = fresh.solve(lp.cut(links=[lid]))
        kept = WarmSolver(lp)
        kept.solve()
        far = kept.solve(georgia)
        assert far.iterations >= RESTART_AFTER
        after = kept.solve(lp.cut(links=[lid]))
        assert after.objective == pytest.approx(alone.objective, rel=1e-12)
        assert after.iterations <= alone.iterations


def test_warm_solves_and_default_highs_solves_share_a_process():
    # the warm engines run HiGHS with threads=1, PuLP's HiGHS with its default: HiGHS's thread pool is
    # global, so in a fresh process (a notebook) alternating the two must keep answering, in either order
    import subprocess
    import sys

    script = """
import corridors as cx
from corridors.model import cache
from corridors.model.flow import build_problem
from corridors.model.warm import WarmSolver
net = cx.load_network()
first = cx.solve(net, year=2024).objective
lp = build_problem(net, year=2024).program
engine = WarmSolver(lp)
warm = engine.solve().objective
cut = engine.solve(lp.cut(links=["btc-az"])).objective
cache.clear()
again = cx.solve(net, year=2024).objective
print(first, warm, cut, again, engine.solve().objective)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    first, warm, cut, again, back = map(float, out[-5:])
    assert warm == pytest.approx(first, rel=1e-9) and again == first and back == pytest.approx(first, rel=1e-9)
    assert cut > 100 * first  # losing BTC sheds oil: the penalty dominates


def test_a_cut_across_blocks_is_one_run_of_their_merged_model_with_the_whole_models_answer(bundled_network, lp,
                                                                                         monkeypatch):
    """A country's cut reaches the gas block and the oil and freight block: one warm engine of the
    two together answers it (HiGHS's fixed work per run paid once), with what the whole model's
    warm engine answers, and with the columns it moved listed in ``changed``."""
    from corridors.analysis.sweeps import level_elements

    net = bundled_network.at(2024)
    solver, whole = BlockSolver(lp), WarmSolver(lp)
    across = 0
    for links, nodes in level_elements(net, "country").values():
        change = lp.derate(dict.fromkeys(links, 0.0), dict.fromkeys(nodes, 0.0))
        if not change:
            continue
        across += len(solver.engine_key(change)) > 1
        a, b = whole.solve(change), solver.solve(change)
        assert a.status == b.status == "optimal"
        assert b.objective == pytest.approx(a.objective, rel=1e-9, abs=1e-6)
        assert b.unmet == pytest.approx(a.unmet, abs=1e-6)
        assert b.throughput == pytest.approx(a.throughput, abs=1e-6)
        rebuilt = solver.base_x.copy()
        rebuilt[b.changed[0]] += b.changed[1]
        np.testing.assert_allclose(rebuilt, b.x, atol=1e-12)
    merged = {key: m for key, m in solver._merged.items() if m is not None}
    assert across >= 5 and (0, 1) in merged                # gas with oil and freight: one engine
    for key, (engine, cols, *_) in merged.items():
        assert engine.lp.num_col == len(cols) == sum(len(solver.blocks[b][1]) for b in key)
        fresh = BlockSolver(lp)
        first = []
        solve = WarmSolver.solve

        def recorded(self, *args, **kwargs):
            result = solve(self, *args, **kwargs)
            first.append(result)
            return result

        monkeypatch.setattr(WarmSolver, "solve", recorded)
        engine, cols, *_ = fresh._merged_engine(key)          # made from the blocks' bases: their base case
        monkeypatch.undo()
        assert len(first) == 1 and first[0].iterations == 0 and np.array_equal(first[0].x, fresh.base_x[cols])


@pytest.mark.parametrize("kind", ["csc", "scipy"])
def test_the_merged_model_of_blocks_is_the_whole_matrix_on_their_rows_and_columns(lp, kind):
    from dataclasses import replace

    from corridors.model.blocks import _split, _union_lp

    base = lp if kind == "csc" else replace(lp, matrix=lp.matrix.scipy())
    parts = _split(base, 64)[:2]
    cols = np.concatenate([c for _, c, _ in parts])
    rows = np.concatenate([r for _, _, r in parts])
    union = _union_lp(base, cols, rows, offset=base.offset)
    full = lp.matrix.scipy().toarray()
    np.testing.assert_array_equal(union.matrix.toarray(), full[np.ix_(rows, cols)])
    np.testing.assert_array_equal(union.col_cost, lp.col_cost[cols])
    np.testing.assert_array_equal(union.row_upper, lp.row_upper[rows])
