"""The LP's matrix as numpy CSC arrays (corridors.model.sparse): what scipy makes of the same
entries, to the bit, and scipy's own matrix for anything else."""

from __future__ import annotations

import pickle
import subprocess
import sys

import numpy as np
import pytest
import scipy.sparse as sp

from corridors.model.flow import build_problem
from corridors.model.scenario import Scenario
from corridors.model.sparse import CSC, csc_from_entries


def _programs(bundled_network):
    from corridors.data.synthetic import synthetic_network

    yield build_problem(bundled_network, year=2024).program
    yield build_problem(bundled_network, year=2030, scenario=Scenario.compose(
        base=None, year=2030, cut=["country:GE"], projects=["KARS-IGDIR-NAKHCHIVAN"])).program
    yield build_problem(bundled_network, commodity="oil", max_to="country:IT").program
    for seed in (5, 6):
        yield build_problem(synthetic_network(n_nodes=40, n_links=120, seed=seed)).program


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def test_random_entries_give_scipys_arrays_duplicates_and_zeros_included():
    rng = np.random.default_rng(7)
    for _ in range(30):
        m, n, k = rng.integers(1, 30), rng.integers(1, 30), rng.integers(0, 200)
        rows, cols = rng.integers(0, m, k), rng.integers(0, n, k)
        vals = rng.choice([-1.0, 1.0, 0.0, 2.0], k)  # whole numbers: a duplicate's sum has one value
        ours = csc_from_entries(vals, rows, cols, (m, n))
        theirs = sp.csc_matrix((vals, (rows, cols)), shape=(m, n))
        theirs.sum_duplicates()
        theirs.sort_indices()
        assert _same(ours.indptr, theirs.indptr) and _same(ours.indices, theirs.indices)
        assert _same(ours.data, theirs.data) and ours.shape == theirs.shape and ours.nnz == theirs.nnz
        x = rng.normal(size=n)
        assert _same(ours @ x, theirs @ x)
        start, index, value = ours.row_major()
        csr = theirs.tocsr()
        assert _same(start, csr.indptr) and _same(index, csr.indices) and _same(value, csr.data)


def test_the_lps_matrix_is_scipys_to_the_bit(bundled_network):
    for program in _programs(bundled_network):
        a = program.matrix
        assert isinstance(a, CSC)
        ref = sp.csc_matrix((a.data, a.indices, a.indptr), shape=a.shape)  # scipy on the same arrays
        x = np.random.default_rng(0).normal(size=program.num_col)
        assert _same(a @ x, ref @ x)
        f = program.flow_cols
        K = len(program.commodities)
        old = sp.csr_matrix((np.ones(len(f)), (program.col_link[f] * K + program.col_commodity[f], f)),
                            shape=(len(program.link_ids) * K, program.num_col))
        assert _same(program.link_flows(x), (old @ x).reshape(len(program.link_ids), K))
        start, index, value = program.by_rows()
        csr = ref.tocsr()
        assert _same(start, csr.indptr) and _same(index, csr.indices) and _same(value, csr.data)


def test_anything_else_is_scipys_matrix(bundled_network):
    program = build_problem(bundled_network, year=2024).program
    a = program.matrix
    dense = a.toarray()
    assert (a.tocsr().toarray() == dense).all() and (a.tocoo().toarray() == dense).all()
    assert (a.T.toarray() == dense.T).all() and (abs(a).toarray() == np.abs(dense)).all()
    assert (a[[0, 2]].toarray() == dense[[0, 2]]).all()
    assert (a @ sp.eye(a.shape[1], format="csc")).toarray().tolist() == dense.tolist()
    y = np.arange(a.shape[0], dtype=float)
    assert _same(y @ a, y @ sp.csc_matrix(dense)) and ((-a).toarray() == -dense).all()
    assert ((a * 2).toarray() == dense * 2).all() and ((a + a).toarray() == 2 * dense).all()
    back = pickle.loads(pickle.dumps(program))
    assert _same(back.matrix.data, a.data) and (back.matrix.toarray() == dense).all()
    with pytest.raises(AttributeError):
        a.no_such_attribute  # noqa: B018


def test_whatif_imports_neither_scipy_nor_pulp():
    code = ("import sys; from corridors.cli import main; rc = main(['whatif', '--cut', 'country:GE', '--format', "
            "'json']); print(rc, [m for m in ('scipy', 'pulp', 'geopandas') if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.stderr.strip().splitlines()[-1] == "0 []", proc.stderr
