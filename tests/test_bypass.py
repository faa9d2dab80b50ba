"""Bypass routes: flow decomposition conserves flow; a cut's rerouted flow is named by route."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from corridors import solve
from corridors.analysis.bypasses import bypass, decompose_paths
from corridors.data.network import network_from_frames


@pytest.fixture(scope="module")
def diamond():
    r"""Oil from F to M by a cheap direct pipe (cap 10) or a long way round by rail via J (cap 8).

        F ──pipe (10)──▶ M
         ╲              ▲
          rail (8)    rail (8)
            ╲          ╱
             ▶── J ───
    """
    pts = {"f": (44.0, 40.0), "j": (42.0, 39.0), "m": (40.0, 40.0)}
    nodes = gpd.GeoDataFrame({"id": list(pts), "name": ["Field", "Junction", "Market"],
                              "kind": ["field", "junction", "market"], "source": ["test"] * 3},
                             geometry=[Point(p) for p in pts.values()], crs="EPSG:4326")
    spec = [("pipe", "f", "m", "pipeline", "10 Mt/y", "PIPE"), ("r1", "f", "j", "rail", "8 Mt/y", "RAIL"),
            ("r2", "j", "m", "rail", "8 Mt/y", "RAIL")]
    links = gpd.GeoDataFrame({
        "id": [s[0] for s in spec], "name": [s[0] for s in spec], "asset": [s[5] for s in spec],
        "corridor": ["test"] * 3, "mode": [s[3] for s in spec], "commodities": ["oil"] * 3,
        "from": [s[1] for s in spec], "to": [s[2] for s in spec], "capacity": [s[4] for s in spec],
        "status": ["operating"] * 3, "source": ["test"] * 3, "route_accuracy": ["straight"] * 3},
        geometry=[LineString([pts[s[1]], pts[s[2]]]) for s in spec], crs="EPSG:4326")
    bal = pd.DataFrame({"node": ["f", "m"], "commodity": ["oil", "oil"], "year": [2024, 2024],
                        "supply": ["20 Mt/y", None], "demand": [None, "9 Mt/y"], "source": ["test", "test"]})
    return network_from_frames(nodes, links, bal)


def test_decomposition_sums_to_deliveries(diamond):
    r = solve(diamond, year=2024)
    paths = decompose_paths(r)
    assert paths["flow"].sum() == pytest.approx(9.0)
    assert paths.iloc[0]["route"] == "PIPE"


def test_cut_pipe_reroutes_by_rail(diamond):
    report = bypass(diamond, "link:pipe", year=2024)
    assert report.lost["oil"] == pytest.approx(1.0)       # rail carries 8 of 9
    assert report.bypassed["oil"] == pytest.approx(8.0)
    route = report.routes.iloc[0]
    assert route["route"] == "RAIL" and route["rerouted"] == pytest.approx(8.0)
    assert route["spare"] == pytest.approx(0.0)
    assert route["added_km"] > 0
    assert report.lost_routes.iloc[0]["route"] == "PIPE"
    assert report.unmet.iloc[0]["lost"] == pytest.approx(1.0)


def test_demo_project_bypass_value(demo_network):
    report = bypass(demo_network, "link:rail-alat-kars", year=2024)
    assert report.lost["freight"] == pytest.approx(3.0)
    assert report.projects.iloc[0]["project"] == "DEMO-NEW"
    assert report.projects.iloc[0]["recovered_pct"] == pytest.approx(100.0)
    assert '"target": "link:rail-alat-kars"' in report.to_json()


def test_georgia_closed_reroutes_no_kazakh_oil(bundled_network):
    """Kazakh oil from Aktau that crossed Georgia is replaced by Kazakh CPC oil that never did: substituted,
    not rerouted (same origin, but another source). Only Azerbaijani crude by NREP is a bypass."""
    from corridors.model.flow import solve
    from corridors.model.scenario import Scenario

    base = solve(bundled_network, year=2024)
    cut = solve(bundled_network, scenario=Scenario.cut("country:GE", year=2024))
    origins = base.compare(cut).origins
    kz = origins[(origins["origin"] == "KZ") & (origins["commodity"] == "oil")]
    assert kz["rerouted"].abs().max() == pytest.approx(0.0, abs=1e-6)
    assert kz["substituted"].sum() > 1.0                                 # Tengiz crude in place of Aktau crude
    report = bypass(bundled_network, "country:GE", year=2024, projects=False)
    oil = report.routes[report.routes["commodity"] == "oil"]
    assert set(oil["stream"]) == {"AZ"} and {r.split(" → ")[0] for r in oil["route"]} == {"NREP"}
    assert report.bypassed["oil"] == pytest.approx(5.2285, abs=1e-4)
    row = report.crossing.set_index("commodity").loc["oil"]
    assert row["rerouted"] + row["substituted"] + row["lost"] == pytest.approx(row["crossed"])


def test_bottlenecks_are_binding_links_not_cut_with_the_value_of_capacity(diamond):
    report = bypass(diamond, "link:pipe", year=2024, projects=False)
    b = report.bottlenecks.set_index("id")
    assert "pipe" not in b.index                                        # the cut link recovers nothing
    assert set(b.index) == {"r1", "r2"}                                 # the rail bypass is full (8 of 9)
    # one more unit by rail serves one more unit of the 1 Mt/y unmet: penalty minus the rail's cost
    total = float(b["value_of_capacity"].sum())
    assert 0 < total < 1.0e4 and set(b["value_unit"]) == {"cost units per Mt/y"}
    assert "bottlenecks" in report.to_json()


def test_paths_read_names_and_lengths_of_the_links_they_use(bundled_network):
    """The routes' names and lengths (read once per decomposition, measured for the links used) are those
    of each path's own links: names from the links table, lengths by geodesic_length_km of each link."""
    import math

    from corridors.analysis.bypasses import _route_name
    from corridors.data.geometry import geodesic_length_km
    from corridors.model.scenario import Scenario

    names = bundled_network.nodes["name"].astype(str).to_dict()
    for result in (solve(bundled_network, year=2024), solve(bundled_network, scenario=Scenario.cut("country:GE", year=2024))):
        flows = result.flows
        paths = decompose_paths(result, bundled_network)
        assert len(paths) and "length_km" not in flows.columns
        for lids, nodes, route, km in zip(paths["links"], paths["nodes"], paths["route"], paths["length_km"]):
            assert route == (_route_name(flows, list(lids), list(nodes), names) if lids else "(local)")
            assert km == sum(geodesic_length_km(flows.geometry[lid]) for lid in lids) or (not lids and km == 0)
            assert not math.isnan(km)
