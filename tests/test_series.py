"""Links in series share one solve: the answers are those of solving every element."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from corridors.analysis.series import chains, series_keys
from corridors.analysis.sweeps import sweep
from corridors.data.synthetic import synthetic_network
from corridors.model.flow import build_problem


def _same_tables(a: pd.DataFrame, b: pd.DataFrame) -> None:
    a, b = a.sort_index(), b.sort_index()
    assert list(a.index) == list(b.index)
    numeric = [c for c in a.columns if pd.api.types.is_numeric_dtype(a[c]) and c != "solved"]
    np.testing.assert_allclose(a[numeric].to_numpy(float), b[numeric].to_numpy(float), rtol=1e-7, atol=1e-6)
    others = [c for c in a.columns if c not in numeric and c != "solved"]
    assert a[others].astype(str).equals(b[others].astype(str))


def test_bundled_chains_are_the_pipelines_sections(bundled_network):
    net = bundled_network.at(2024)
    lp = build_problem(net).program
    label = dict(zip(lp.link_ids, chains(lp)))
    # BTC's three national sections, TAP's Greek, Albanian, offshore and Italian sections
    assert label["btc-az"] == label["btc-ge"] == label["btc-tr"]
    assert label["tap-al-1"] == label["tap-sea"] == label["tap-it"]
    assert label["btc-az"] != label["tap-it"]
    # Sangachal, where Azerbaijani oil enters BTC, is not a pass-through node: SCP starts there too
    keys = series_keys(lp, [(("btc-ge",), ()), (("btc-tr",), ()), ((), ("sangachal",))])
    assert keys[0] == keys[1] and keys[2] is None


@pytest.mark.parametrize("level", ["link", "asset"])
def test_bundled_sweep_with_shared_solves_equals_solving_every_element(bundled_network, level):
    net = bundled_network.at(2024)
    shared = sweep(net, level=level, year=2024)
    every = sweep(net, level=level, year=2024, prune=False)
    assert shared.solves < every.solves
    _same_tables(shared.table, every.table)


def test_synthetic_n2_with_shared_solves_equals_exhaustive():
    net = synthetic_network(n_nodes=14, n_links=30, seed=5)
    lp = build_problem(net.at(2024)).program
    assert len(set(chains(lp).tolist())) < len(lp.link_ids)  # the network has links in series
    shared = sweep(net, level="link", k=2, year=2024)
    every = sweep(net, level="link", k=2, year=2024, prune=False)
    _same_tables(shared.table, every.table)
