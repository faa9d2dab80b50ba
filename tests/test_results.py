"""Tests of corridors.model.results: FlowResult and Comparison (frozen, picklable, stable JSON, HTML)."""

from __future__ import annotations

import dataclasses
import json
import math
import pickle

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridors.errors import DataError
from corridors.model.flow import build_problem, read_solution, solve, solve_problem
from corridors.data.io import load_demo_network
from corridors.data.network import network_from_frames
from corridors.model.results import Comparison, FlowResult, to_stable_json
from corridors.settings import UNMET_PENALTY


@pytest.fixture(scope="module")
def demo():
    return load_demo_network().at(2024)


@pytest.fixture(scope="module")
def base(demo):
    return solve(demo)


@pytest.fixture(scope="module")
def cut(demo):
    net = demo.copy()
    net.links["derate"] = [0.0 if i == "pipe-b" else 1.0 for i in net.links.index]
    return solve(net)


def tricky_names():
    """One link whose node names carry HTML.

    ::

        s "<b>Sangachal & Co</b>" ──st: 5──▶ t "<script>x</script>"     supply 5, demand 8
    """
    nodes = gpd.GeoDataFrame({"id": ["s", "t"], "name": ["<b>Sangachal & Co</b>", "<script>x</script>"],
                              "kind": ["field", "market"], "source": ["t", "t"], "country": ["AZ", "GE"]},
                             geometry=[Point(49, 40), Point(45, 41.5)], crs="EPSG:4326")
    links = gpd.GeoDataFrame({"id": ["st"], "name": ["A<B pipe"], "corridor": ["T"], "mode": ["pipeline"],
                              "commodities": ["oil"], "from": ["s"], "to": ["t"], "capacity": ["5 Mt/y"],
                              "cost": [1.0], "status": ["operating"], "source": ["t"], "route_accuracy": ["straight"]},
                             geometry=[LineString([(49, 40), (45, 41.5)])], crs="EPSG:4326")
    bal = pd.DataFrame({"node": ["s", "t"], "commodity": ["oil", "oil"], "year": [2024, 2024],
                        "supply": ["5 Mt/y", None], "demand": [None, "8 Mt/y"], "priority": [1, 1], "source": ["t", "t"]})
    return network_from_frames(nodes, links, bal)


def test_result_is_frozen_and_pickles(base):
    assert isinstance(base, FlowResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        base.status = "optimal!"
    again = pickle.loads(pickle.dumps(base))
    assert again.to_json() == base.to_json()
    pd.testing.assert_frame_equal(pd.DataFrame(again.flows), pd.DataFrame(base.flows))
    assert "PuLP" not in repr(again) and "optimal" in repr(again)


def test_flows_frame(base, demo):
    f = base.flows
    assert isinstance(f, gpd.GeoDataFrame) and f.crs == demo.links.crs
    assert list(f.index) == list(demo.links.index)
    for col in ("flow_oil", "flow_freight", "flow", "direction", "capacity", "utilisation", "dual", "unit", "geometry"):
        assert col in f.columns
    assert f.loc["ferry-east-west", "direction"] == "forward"
    assert f.loc["pipe-a", "utilisation"] == pytest.approx(31.0 / 59.754434, rel=1e-6)
    assert (f["flow"] == f["flow_oil"] + f["flow_freight"]).all()


def test_totals_add_up(base):
    t = base.totals.set_index(["commodity", "country"])
    d = base.deliveries.groupby(["commodity", "country"])[["demand", "served", "unmet"]].sum()
    for key, row in d.iterrows():
        assert t.loc[key, ["demand", "served", "unmet"]].tolist() == pytest.approx(row.tolist())
    assert t.loc[("oil", "AZ"), "supply_used"] == pytest.approx(31.0)
    assert t.loc[("oil", "AZ"), "supply"] == pytest.approx(40.0)


def test_to_json_is_stable_and_rounded(demo, base):
    text = base.to_json()
    assert text == solve(demo).to_json()  # byte-identical across runs
    doc = json.loads(text)
    assert list(doc) == sorted(doc)
    assert doc["flows"][0]["id"] == "pipe-a"
    assert doc["flows"][0]["capacity"] == 59.7544  # 6 significant digits
    assert doc["hold_other_demand"] is None and doc["throughput"] is None
    assert "timings" not in doc and "NaN" not in text
    assert {"deliveries", "supplies", "flows", "arcs", "bottlenecks", "totals"} <= set(doc)


def test_stable_json_helper():
    assert to_stable_json({"z": [1.23456789, -0.0, float("inf")], "a": ("x", None)}, indent=None) == \
        '{"a": ["x", null], "z": [1.23457, 0.0, null]}'


def test_repr_html_escapes_data():
    r = solve(tricky_names())
    page = r._repr_html_()
    assert "<script>x" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<table>" in page and "Deliveries" in page
    assert r.bottlenecks.loc[0, "name"] == "A<B pipe"
    assert "A&lt;B pipe" in page


def test_to_frame(base):
    flows = base.to_frame("flows")
    assert "geometry" not in flows.columns and flows.loc[0, "id"] == "pipe-a"
    assert base.to_frame().equals(base.deliveries)
    with pytest.raises(DataError, match="did you mean 'totals'"):
        base.to_frame("total")


def test_delivered(base):
    assert base.delivered("oil") == pytest.approx(31.0)
    assert base.delivered("oil", ["GE"]) == pytest.approx(1.0)
    assert base.delivered("gas") == 0.0


def test_compare_cut(base, cut):
    diff = base.compare(cut)
    assert isinstance(diff, Comparison)
    with pytest.raises(dataclasses.FrozenInstanceError):
        diff.cost_change = 0.0
    links = diff.links.set_index("id")
    assert links.loc["pipe-b", "change"] == pytest.approx(-30.0)
    assert links.loc["pipe-b", "change_oil"] == pytest.approx(-30.0)
    assert links.loc["ferry-east-west", "change"] == pytest.approx(0.0)
    m = diff.markets.set_index(["node", "commodity"])
    assert m.loc[("ceyhan", "oil"), "served_change"] == pytest.approx(-30.0)
    assert m.loc[("ceyhan", "oil"), "unmet_change"] == pytest.approx(30.0)
    # 30 Mt/y unmet at the penalty, less the transport cost no longer paid
    assert diff.cost_change == pytest.approx(30 * UNMET_PENALTY - 30 * (0.396006 + 0.963199), rel=1e-6)
    assert diff.totals.set_index(["commodity", "country"]).loc[("oil", "TR"), "unmet_change"] == pytest.approx(30.0)
    text = diff.to_json()
    assert text == base.compare(cut).to_json()
    assert json.loads(text)["cost_change"] == float(f"{diff.cost_change:.6g}")
    assert pickle.loads(pickle.dumps(diff)).to_json() == text
    page = diff._repr_html_()
    assert "pipe-b" in page and "ceyhan" in page
    assert "cost_change" in repr(diff)


def test_compare_across_years_outer_joins_links(demo):
    r2024 = solve(load_demo_network(), year=2024)
    r2030 = solve(load_demo_network(), year=2030)
    diff = r2024.compare(r2030)
    links = diff.links.set_index("id")
    assert links.loc["rail-new", "flow_base"] == 0.0
    m = diff.markets.set_index(["node", "commodity"])
    assert m.loc[("kars", "freight"), "demand_other"] == pytest.approx(6.0)


def test_failed_solve_result_serialises():
    problem = build_problem(load_demo_network())
    problem.lp.solve = lambda *a, **k: -1  # PuLP 3 style: infeasible
    r = read_solution(solve_problem(problem))
    assert r.status == "infeasible" and not r.ok
    doc = json.loads(r.to_json())
    assert doc["objective"] is None and all(d["served"] is None for d in doc["deliveries"])
    assert r.bottlenecks.empty and r.arcs.empty
    assert "infeasible" in r._repr_html_()
    assert math.isnan(r.cost)


def _compared_column_by_column(base: FlowResult, other: FlowResult) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The links and markets of a comparison the slow way: every column reindexed and inserted on its own."""
    fb, fo = pd.DataFrame(base.flows.drop(columns=["geometry"], errors="ignore")), pd.DataFrame(other.flows.drop(columns=["geometry"], errors="ignore"))
    ids = sorted(set(fb.index) | set(fo.index))
    links = pd.DataFrame(index=pd.Index(ids, name="id"))
    for col in ("name", "corridor", "mode", "from", "to"):
        links[col] = fo[col].reindex(ids).combine_first(fb[col].reindex(ids))
    links["flow_base"], links["flow_other"] = fb["flow"].reindex(ids).fillna(0.0), fo["flow"].reindex(ids).fillna(0.0)
    links["change"] = links["flow_other"] - links["flow_base"]
    for k in dict.fromkeys(c[5:] for c in [*fb.columns, *fo.columns] if c.startswith("flow_")):
        b = fb[f"flow_{k}"].reindex(ids).fillna(0.0) if f"flow_{k}" in fb else 0.0
        o = fo[f"flow_{k}"].reindex(ids).fillna(0.0) if f"flow_{k}" in fo else 0.0
        links[f"change_{k}"] = o - b
    db, do = base.deliveries.set_index(["node", "commodity"]), other.deliveries.set_index(["node", "commodity"])
    idx = db.index.union(do.index).sort_values()
    markets = pd.DataFrame(index=idx)
    for col in ("name", "country"):
        markets[col] = do[col].reindex(idx).combine_first(db[col].reindex(idx))
    for col in ("demand", "served", "unmet"):
        markets[f"{col}_base"], markets[f"{col}_other"] = db[col].reindex(idx).fillna(0.0), do[col].reindex(idx).fillna(0.0)
    markets["served_change"] = markets["served_other"] - markets["served_base"]
    markets["unmet_change"] = markets["unmet_other"] - markets["unmet_base"]
    return links.reset_index(), markets.reset_index()


def test_comparison_tables_are_those_built_column_by_column(bundled_network):
    """compare() reindexes each frame once and builds its tables at once; market_changes() is its
    markets alone, by key in plain Python for a FlowResult's tables (a MultiIndex otherwise): the
    same frames (values, dtypes, gaps) as the column-by-column way, on years and scenarios with
    other links (projects) and other markets, and with object-typed keys."""
    from corridors.model.results import market_changes
    from corridors.model.scenario import load_bundled

    results = [solve(bundled_network, year=2024), solve(bundled_network, year=2030),
               solve(bundled_network, scenario=load_bundled("georgia-closed")),
               solve(bundled_network, scenario=load_bundled("rasht-astara-built")), solve(demo_net := load_demo_network(), year=2024)]
    results.append(solve(demo_net, year=2030))
    plain = dataclasses.replace(results[1], deliveries=results[1].deliveries.astype({"node": object, "name": object}),
                                flows=results[1].flows.astype({"name": object, "mode": object}))
    for a, b in [(results[0], r) for r in results[1:4]] + [(results[1], results[0]), (results[4], results[5]),
                                                          (results[5], results[4]), (results[0], plain),
                                                          (results[0], results[4])]:
        links, markets = _compared_column_by_column(a, b)
        diff = a.compare(b, origins=False)
        pd.testing.assert_frame_equal(diff.links, links, check_exact=True)
        pd.testing.assert_frame_equal(diff.markets, markets, check_exact=True)
        pd.testing.assert_frame_equal(market_changes(a, b), markets, check_exact=True)
