"""The notebook face of the library: the curated API, ``_repr_html_`` and the conversions
(``to_frame``, ``to_geodataframe``, ``to_file`` GeoPackages, ``explore`` maps)."""

from __future__ import annotations

import subprocess
import sys

import pytest

import corridors as cx
from corridors.errors import DataError

HOSTILE_NODE = '<script>alert("node")</script> & Co'
HOSTILE_LINK = "<img src=x onerror=alert(1)>"
HOSTILE_CORRIDOR = "<i>Evil</i> corridor"


# -- the curated API -----------------------------------------------------------------------------

def test_every_name_in_all_resolves():
    for name in cx.__all__:
        assert getattr(cx, name) is not None, name
    namespace: dict = {}
    exec("from corridors import *", namespace)
    assert set(cx.__all__) <= set(namespace)


def test_dir_is_the_curated_api():
    names = dir(cx)
    assert set(cx.__all__) <= set(names)
    assert set(names) - set(cx.__all__) == {"errors"}
    for private in ("Any", "TYPE_CHECKING", "annotations", "importlib", "_LAZY"):
        assert private not in names
    for name in ("load_network", "Network", "Scenario", "solve", "sweep", "bypass", "render_map", "save_map",
                 "DataError", "ScenarioError", "SolverError", "CorridorsError"):
        assert name in names
    assert issubclass(cx.DataError, cx.CorridorsError)


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        cx.nope  # noqa: B018


def test_functions_named_like_their_modules_stay_functions():
    """``cx.sweep``/``cx.bypass`` are the functions even when their modules were imported first."""
    code = ("from corridors.analysis.sweeps import SweepResult\nfrom corridors.analysis.bypasses import BypassReport\n"
            "import importlib, types, corridors as cx\n"
            "assert callable(cx.sweep) and not isinstance(cx.sweep, types.ModuleType), cx.sweep\n"
            "assert callable(cx.bypass) and not isinstance(cx.bypass, types.ModuleType), cx.bypass\n"
            "from corridors import sweep, bypass\n"
            "assert sweep.__module__ == 'corridors.analysis.sweeps' and bypass.__module__ == 'corridors.analysis.bypasses'\n"
            "assert importlib.import_module('corridors.analysis.sweeps').SweepResult is SweepResult\n")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    import corridors.analysis.sweeps  # noqa: F401  (in this process too, whatever ran before)

    assert cx.sweep.__module__ == "corridors.analysis.sweeps" and callable(cx.sweep)


def test_import_is_lazy():
    code = ("import sys, corridors; heavy = [m for m in ('geopandas', 'pulp', 'folium', 'highspy') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- objects with hostile names --------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile():
    """The demo network with markup in a node, a link and a corridor name, and results on it."""
    from corridors.data.io import load_demo_network
    from corridors.data.network import network_from_frames, network_to_frames

    nodes, links, balances = network_to_frames(load_demo_network())
    nodes.loc["ceyhan", "name"] = HOSTILE_NODE
    links.loc["pipe-b", "name"] = HOSTILE_LINK
    links.loc["pipe-b", "corridor"] = HOSTILE_CORRIDOR
    net = network_from_frames(nodes, links, balances)
    base = cx.solve(net, year=2024)
    cut = cx.Scenario.cut("link:pipe-b", year=2024)
    after = cx.solve(net, scenario=cut)
    return {"net": net, "base": base, "after": after, "comparison": base.compare(after), "scenario": cut,
            "sweep": cx.sweep(net, level="link", year=2024)}


def _assert_escaped(html: str) -> None:
    for raw in (HOSTILE_NODE, HOSTILE_LINK, HOSTILE_CORRIDOR, "<script>", "<img", "<i>Evil"):
        assert raw not in html, raw
    assert "&lt;script&gt;" in html or "&lt;img" in html or "&lt;i&gt;Evil" in html


def test_network_repr_html(hostile):
    net = hostile["net"]
    html = net._repr_html_()
    assert "<strong>Network</strong> 7 nodes · 6 links" in html
    assert "&lt;i&gt;Evil&lt;/i&gt; corridor" in html            # the corridor table
    assert "pipeline 3" in html and "operating" in html          # counts by mode and status
    _assert_escaped(html)
    year = net.at(2024)._repr_html_()
    assert f"{len(net.at(2024).links)} links · year 2024" in year


def test_flow_result_repr_html(hostile):
    html = hostile["base"]._repr_html_()
    assert "<strong>FlowResult</strong> optimal" in html
    assert "<td>30</td>" in html                                   # Ceyhan gets its 30 Mt/y of oil
    assert "&lt;script&gt;alert(&quot;node&quot;)&lt;/script&gt; &amp; Co" in html
    _assert_escaped(html)


def test_comparison_repr_html(hostile):
    comparison = hostile["comparison"]
    html = comparison._repr_html_()
    assert "<strong>Comparison</strong> optimal → optimal" in html
    lost = comparison.markets.set_index("node").loc["ceyhan", "unmet_change"]
    assert float(lost) == pytest.approx(30.0)
    assert "<td>30</td>" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html           # the cut link, in "links whose flow changed"
    _assert_escaped(html)


def test_sweep_result_repr_html(hostile):
    result = hostile["sweep"]
    html = result._repr_html_()
    assert f"N-1 sweep over {len(result.table)} link elements (2024)" in html
    assert f"{result.solves} solves" in html
    assert "<td>100</td>" in html                                  # the top link's loss: all of a commodity
    _assert_escaped(html)


def test_bypass_report_repr_html(hostile):
    report = cx.bypass(hostile["net"], "link:pipe-b", year=2024)
    html = report._repr_html_()
    assert "Bypass of link:pipe-b" in html
    _assert_escaped(html)


# -- conversions -----------------------------------------------------------------------------------

def test_to_frame_is_plain_pandas(hostile):
    import geopandas as gpd
    import pandas as pd

    frames = [hostile["base"].to_frame(t) for t in ("deliveries", "flows", "bottlenecks", "totals", "arcs", "supplies")]
    frames += [hostile["comparison"].to_frame(t) for t in ("markets", "links", "totals")]
    frames.append(hostile["sweep"].to_frame())
    for frame in frames:
        assert isinstance(frame, pd.DataFrame) and not isinstance(frame, gpd.GeoDataFrame)
    with pytest.raises(DataError, match="did you mean 'flows'"):
        hostile["base"].to_frame("flow")


def test_flow_result_to_geodataframe(hostile):
    base, net = hostile["base"], hostile["net"]
    flows = base.to_geodataframe()
    assert flows.crs.to_epsg() == 4326 and set(flows.geom_type) == {"LineString"}
    assert flows.loc["pipe-a", "flow"] == pytest.approx(31.0)
    deliveries = base.to_geodataframe("deliveries")
    assert set(deliveries.geom_type) == {"Point"}
    ceyhan = deliveries.set_index("node").geometry["ceyhan"]
    assert ceyhan.equals(net.nodes.geometry["ceyhan"])           # link ends are where the nodes are
    given = base.to_geodataframe("supplies", network=net)
    assert given.geometry.notna().all()
    assert set(base.to_geodataframe("arcs").geom_type) == {"LineString"}
    totals = base.to_geodataframe("totals")
    assert set(totals.geom_type) <= {"Polygon", "MultiPolygon"}
    assert base.to_geodataframe("bottlenecks").crs.to_epsg() == 4326
    with pytest.raises(DataError, match="unknown table 'routes'"):
        base.to_geodataframe("routes")


def test_flow_result_to_file_reads_back(hostile, tmp_path):
    import geopandas as gpd
    import pyogrio

    base = hostile["base"]
    out = base.to_file(tmp_path / "flows.gpkg")
    assert out == tmp_path / "flows.gpkg"
    layers = dict((str(n), g) for n, g in pyogrio.list_layers(out))
    assert layers == {"flows": "LineString", "deliveries": "Point", "supplies": "Point", "totals": "MultiPolygon"}
    flows = gpd.read_file(out, layer="flows")
    assert len(flows) == len(base.flows) and flows.crs.to_epsg() == 4326
    assert flows.set_index("id").loc["pipe-a", "flow"] == pytest.approx(31.0)
    deliveries = gpd.read_file(out, layer="deliveries")
    assert HOSTILE_NODE in set(deliveries["name"])                 # data round-trips verbatim
    assert [p.name for p in tmp_path.iterdir()] == ["flows.gpkg"]   # no temporary left behind
    base.to_file(out)                                               # replaces
    with pytest.raises(DataError, match=r"\.gpkg"):
        base.to_file(tmp_path / "flows.shp")


def test_comparison_to_geodataframe_and_file(hostile, tmp_path):
    import geopandas as gpd
    import pyogrio

    comparison, net = hostile["comparison"], hostile["net"]
    links = comparison.to_geodataframe(network=net)
    assert set(links.geom_type) == {"LineString"}
    assert links.set_index("id").loc["pipe-b", "change"] == pytest.approx(-30.0)
    markets = comparison.to_geodataframe("markets", network=net)
    assert set(markets.geom_type) == {"Point"}
    out = comparison.to_file(tmp_path / "diff.gpkg", network=net)
    assert [str(n) for n, _ in pyogrio.list_layers(out)] == ["links", "markets", "totals"]
    back = gpd.read_file(out, layer="markets")
    assert back.set_index("node").loc["ceyhan", "unmet_change"] == pytest.approx(30.0)


def test_sweep_to_geodataframe_and_file(hostile, tmp_path):
    import geopandas as gpd
    import pyogrio

    result, net = hostile["sweep"], hostile["net"]
    frame = result.to_geodataframe(network=net)
    assert list(frame["element"]) == list(result.table.index)     # ranked, most critical first
    assert set(frame.geom_type) == {"LineString"}
    out = result.to_file(tmp_path / "n1.gpkg", network=net)
    assert [str(n) for n, _ in pyogrio.list_layers(out)] == ["ranking"]
    back = gpd.read_file(out, layer="ranking")
    assert list(back["element"]) == list(result.table.index)
    assert back["loss_pct"].iloc[0] == pytest.approx(100.0)


@pytest.mark.parametrize("level, geom", [("country", {"Polygon", "MultiPolygon"}), ("node", {"Point"}),
                                         ("asset", {"LineString", "MultiLineString"})])
def test_sweep_geometry_by_level(demo_network, level, geom):
    frame = cx.sweep(demo_network, level=level, year=2024).to_geodataframe(network=demo_network)
    assert frame.geometry.notna().all()
    assert set(frame.geom_type) <= geom


def test_sweep_pairs_have_the_union_of_both(demo_network):
    result = cx.sweep(demo_network, level="link", k=2, year=2024)
    frame = result.to_geodataframe(network=demo_network).set_index("element")
    pair = frame.geometry["pipe-a + pipe-b"]
    assert pair.geom_type == "MultiLineString" and len(pair.geoms) == 2


def test_network_to_file_round_trips(demo_network, tmp_path):
    gpkg = demo_network.to_file(tmp_path / "net.gpkg")
    assert gpkg.exists() and (tmp_path / "balances.csv").exists()
    back = cx.load_network(gpkg)
    assert sorted(back.links.index) == sorted(demo_network.links.index)
    assert back.links.loc["pipe-a", "capacity_value"] == pytest.approx(demo_network.links.loc["pipe-a", "capacity_value"])
    folder = demo_network.to_file(tmp_path / "folder")
    back = cx.load_network(folder)
    assert len(back.balances) == len(demo_network.balances)
    with pytest.raises(DataError, match="folder"):
        demo_network.to_file(tmp_path / "net.geojson")
    with pytest.raises(DataError, match="driver 'SHP'"):
        demo_network.to_file(tmp_path / "x", driver="SHP")


# -- maps ------------------------------------------------------------------------------------------

def test_explore_returns_the_render_map_map(hostile):
    import folium

    net, base, after = hostile["net"], hostile["base"], hostile["after"]
    m = cx.explore(base, net, title="Flows <2024>")
    assert isinstance(m, folium.Map)
    page = m.get_root().render()
    assert "Flows &lt;2024&gt;" in page and HOSTILE_LINK not in page
    page = cx.explore(after, net).get_root().render()
    assert "Caspian–Black Sea corridors 2024: flows" in page
    m = cx.explore(hostile["comparison"], net, result=after, disrupted=hostile["scenario"])
    assert "scenario against base case" in m.get_root().render()
    m = cx.explore(hostile["sweep"], net)
    assert "loss % of demand" in m.get_root().render()


def test_explore_draws_only_what_was_solved(demo_network):
    base = cx.solve(demo_network, year=2024)
    m = cx.explore(base, demo_network)
    # a planned link, not built in 2024: drawn only in the layer of projects not built, not as a solved link
    groups = {fg.layer_name: fg for fg in m._children.values() if hasattr(fg, "layer_name")}
    holding = [name for name, fg in groups.items() for c in fg._children.values()
               if any(f["properties"].get("id") == "rail-new" for f in getattr(c, "cx_features", []) or [])]
    assert holding and all("Projects not built in 2024" in name for name in holding)


def test_explore_on_another_network_says_what_to_pass(demo_network, bundled_network):
    base = cx.solve(demo_network, year=2024)
    with pytest.raises(DataError, match="network=net"):
        cx.explore(base, bundled_network)
    with pytest.raises(DataError, match="network=net"):
        base.compare(cx.solve(demo_network, year=2030)).to_geodataframe(network=bundled_network)


def test_explore_defaults_to_the_bundled_network(bundled_network):
    base = cx.solve(bundled_network, year=2024)
    page = cx.explore(base).get_root().render()
    assert "Caspian–Black Sea corridors 2024: flows" in page
