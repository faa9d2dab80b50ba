"""corridors.render.maps: layers, styles, popups, escaping and the duck-typed result/comparison/sweep inputs.

These run without a browser; tests/test_maps_browser.py opens the same maps in chromium.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace

import folium
import pandas as pd
import pytest

from corridors.analysis import sweeps
from corridors.errors import DataError, ScenarioError
from corridors.model import flow
from corridors.render.maps import COMMODITY_COLOURS, NODE_STYLES, render_map, save_map

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_SCRIPT = "<script>window.__xss = 1</script>"


def hostile_network():
    """The demo network with hostile names, corridor, operator and source on pipe-b and ceyhan."""
    from corridors.data.io import load_demo_network
    from corridors.data.network import network_from_frames, network_to_frames

    nodes, links, balances = network_to_frames(load_demo_network())
    nodes, links = nodes.copy(), links.copy()
    links.loc["pipe-b", "name"] = HOSTILE
    links.loc["pipe-b", "corridor"] = f"Evil {HOSTILE}"
    links.loc["pipe-b", "operator"] = HOSTILE_SCRIPT
    links.loc["pipe-b", "source"] = '"><svg onload=alert(2)>'
    nodes.loc["ceyhan", "name"] = f"Ceyhan {HOSTILE}"
    return network_from_frames(nodes, links, balances)


def demo_flows() -> pd.DataFrame:
    return pd.DataFrame(
        {"flow": [40.0, 30.0, 0.0, 3.0, 5.0], "oil": [40.0, 30.0, 0.0, 0.0, 1.0],
         "freight": [0.0, 0.0, 0.0, 3.0, 4.0], "capacity": [59.75, 59.75, 5.73, 5.0, 6.5],
         "utilisation": [40 / 59.75, 30 / 59.75, 0.0, 0.6, 5 / 6.5], "dual": [0.0, 1.5, 0.0, 0.0, 0.25]},
        index=pd.Index(["pipe-a", "pipe-b", "pipe-c", "ferry-east-west", "rail-alat-kars"], name="id"))


def layers(m: folium.Map) -> dict[str, folium.FeatureGroup]:
    """Feature groups by their LayerControl label, with the HTML swatches stripped."""
    return {re.sub(r"<[^>]+>[^<]*</span>\s*", "", fg.layer_name): fg for fg in m._children.values()
            if isinstance(fg, folium.FeatureGroup)}


def features(group: folium.FeatureGroup) -> list[dict]:
    out = []
    for child in group._children.values():
        if isinstance(child, folium.GeoJson):
            out += getattr(child, "cx_features", None) or child.data["features"]
    return out


def feature(m: folium.Map, layer: str, link_id: str) -> dict:
    """The feature of ``link_id`` in ``layer``, with its tooltip and popup as the page builds them."""
    from corridors.render.layers import popup_html, tooltip_html

    f = next(f for f in features(layers(m)[layer]) if f["properties"].get("id") == link_id)
    popups = next(c.popups for c in m._children.values() if type(c).__name__ == "_MapData")
    props = f["properties"]
    props["tooltip"] = tooltip_html(props["t"]) if "t" in props else ""
    props["popup"] = popup_html(popups[props["r"]]) if "r" in props else ""
    return f


def js_text(html: str) -> str:
    r"""The page as the browser's JS parser sees its strings (``\u003c`` → ``<``)."""
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda mo: chr(int(mo.group(1), 16)), html)


# -- layers -------------------------------------------------------------------------------------
def test_layer_per_corridor_and_commodity(demo_network):
    m = render_map(demo_network)
    names = layers(m)
    assert sorted(n for n in names if n.startswith("Corridor: ")) == [
        "Corridor: BTC", "Corridor: Baku-Supsa", "Corridor: Middle Corridor"]
    assert {"Commodity: oil", "Commodity: freight", "Projects: TRIPP", "Nodes", "Country outlines"} <= set(names)
    assert names["Corridor: BTC"].show and names["Nodes"].show
    assert not names["Projects: TRIPP"].show and not names["Commodity: oil"].show
    assert sorted(f["properties"]["id"] for f in features(names["Commodity: oil"])) == [
        "pipe-a", "pipe-b", "pipe-c", "rail-alat-kars"]
    kinds = {type(c).__name__ for c in m._children.values()}
    assert "LayerControl" in kinds and not kinds & {"Fullscreen", "MeasureControl", "LinearColormap"}
    html = m.get_root().render()
    for cdn_only in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers", "d3.min.js", "https://cdn"):
        assert cdn_only not in html.lower(), cdn_only
    assert "Leaflet 1.9.4" in html  # inlined, with its banner
    assert not any(isinstance(c, folium.TileLayer) for c in m._children.values())


def test_planned_dashed_hidden_until_built(demo_network):
    m = render_map(demo_network)
    f = feature(m, "Projects: TRIPP", "rail-new")
    assert f["properties"]["style"]["dashArray"]
    assert "dashArray" not in feature(m, "Corridor: BTC", "pipe-a")["properties"]["style"]
    assert feature(m, "Corridor: Baku-Supsa", "pipe-c")["properties"]["style"]["dashArray"] == "2 6"  # idle
    m2035 = render_map(demo_network.at(2035))
    names = layers(m2035)
    assert "Projects: TRIPP" not in names and names["Corridor: TRIPP"].show
    assert feature(m2035, "Corridor: TRIPP", "rail-new")["properties"]["style"]["dashArray"]


def test_nodes_styled_by_kind(demo_network):
    m = render_map(demo_network)
    by_id = {f["properties"]["id"]: f["properties"]["style"] for f in features(layers(m)["Nodes"])}
    assert len(by_id) == len(demo_network.nodes)
    for nid, kind in demo_network.nodes["kind"].items():
        assert by_id[nid]["fillColor"] == NODE_STYLES[kind][0]
        assert by_id[nid]["radius"] == NODE_STYLES[kind][1]


def test_countries_layer_without_tiles(demo_network):
    m = render_map(demo_network)
    outlines = features(layers(m)["Country outlines"])
    assert len(outlines) > 10
    assert {f["geometry"]["type"] for f in outlines} <= {"Polygon", "MultiPolygon"}
    tiled = render_map(demo_network, tiles="OpenStreetMap")
    assert sum(isinstance(c, folium.TileLayer) for c in tiled._children.values()) == 1
    with pytest.raises(DataError, match="tiles"):
        render_map(demo_network, tiles=42)


# -- flows --------------------------------------------------------------------------------------
def test_width_by_flow_colour_by_utilisation(demo_network):
    from corridors.render.style import UTILISATION_COLOURS

    m = render_map(demo_network.at(2024), demo_flows())
    w = {lid: feature(m, layer, lid)["properties"]["style"]["weight"]
         for layer, lid in [("Corridor: BTC", "pipe-a"), ("Corridor: BTC", "pipe-b"),
                            ("Corridor: Baku-Supsa", "pipe-c"), ("Corridor: Middle Corridor", "rail-alat-kars")]}
    assert w["pipe-a"] > w["pipe-b"] > w["rail-alat-kars"] > w["pipe-c"]
    html = m.get_root().render()
    scale = re.search(r'<div class="cx-scale"><b>([^<]*)</b><div class="cx-bar" style="([^"]*)"', html)
    assert scale and "Utilisation" in scale.group(1) and UTILISATION_COLOURS[0] in scale.group(2)
    hot = feature(m, "Corridor: Middle Corridor", "rail-alat-kars")["properties"]["style"]["color"]
    idle = feature(m, "Corridor: Baku-Supsa", "pipe-c")["properties"]["style"]["color"]
    assert idle.lower().startswith(UTILISATION_COLOURS[0]) and hot != idle


def test_popup_has_every_field(demo_network):
    m = render_map(demo_network.at(2024), demo_flows())
    popup = feature(m, "Corridor: BTC", "pipe-b")["properties"]["popup"]
    for text in ("Demo oil pipeline, Georgia-Türkiye section", "DEMO-OIL", "BTC", "pipeline",
                 "1200 kb/d = 59.8 Mt/y", "30 Mt/y (602 kb/d)", "50 %",
                 "operating, since 2006", "963 km", "waypoints", "demo network (hand-drawn for tests)"):
        assert text in popup, text
    tooltip = feature(m, "Corridor: BTC", "pipe-b")["properties"]["tooltip"]
    assert "flow 30 Mt/y" in tooltip and "(50 %)" in tooltip
    rail = feature(m, "Corridor: Middle Corridor", "rail-alat-kars")["properties"]["popup"]
    assert "oil 1 Mt/y; freight 4 Mt/y" in rail


def test_commodity_layers_use_commodity_flows(demo_network):
    m = render_map(demo_network.at(2024), demo_flows())
    oil = feature(m, "Commodity: oil", "rail-alat-kars")["properties"]["style"]
    freight = feature(m, "Commodity: freight", "rail-alat-kars")["properties"]["style"]
    assert oil["color"] == COMMODITY_COLOURS["oil"] and freight["color"] == COMMODITY_COLOURS["freight"]
    assert freight["weight"] > oil["weight"]


def test_result_duck_types(demo_network):
    frame = demo_flows()
    as_object = SimpleNamespace(flows=frame, status="optimal")
    with_column = frame.reset_index().rename(columns={"id": "link"})
    per_commodity_only = frame[["oil", "freight"]]
    for result in (as_object, with_column, per_commodity_only):
        m = render_map(demo_network.at(2024), result)
        assert "Flow" in feature(m, "Corridor: BTC", "pipe-a")["properties"]["popup"]
    no_util = frame.drop(columns="utilisation")
    m = render_map(demo_network.at(2024), no_util)
    assert "67 %" in feature(m, "Corridor: BTC", "pipe-a")["properties"]["popup"]
    with pytest.raises(DataError, match="no 'flow' column"):
        render_map(demo_network, pd.DataFrame({"x": [1.0]}, index=["pipe-a"]))
    with pytest.raises(DataError, match="no link of the result"):
        render_map(demo_network, pd.DataFrame({"flow": [1.0]}, index=["elsewhere"]))
    with pytest.raises(DataError, match="has no table"):
        render_map(demo_network, object())


def test_geodataframe_result_and_unmet(demo_network):
    import geopandas as gpd

    links = demo_network.at(2024).links
    flows = gpd.GeoDataFrame(demo_flows().join(links[["geometry"]]), geometry="geometry", crs="EPSG:4326")
    unmet = pd.DataFrame({"node": ["kars", "ceyhan"], "commodity": ["freight", "oil"], "unmet": [1.5, 0.0]})
    m = render_map(demo_network.at(2024), SimpleNamespace(flows=flows, unmet=unmet))
    kars = feature(m, "Nodes", "kars")
    assert "Unmet demand" in kars["properties"]["popup"] and "unmet 1.5" in kars["properties"]["tooltip"]


# -- disruptions and bypasses --------------------------------------------------------------------
def test_disrupted_marked(demo_network):
    m = render_map(demo_network, disrupted=["pipe-c", "node:supsa"])
    cut = layers(m)["Disrupted"]
    lines = [f for f in features(cut) if f["geometry"]["type"] == "LineString"]
    points = [f for f in features(cut) if f["geometry"]["type"] == "Point"]
    assert len(lines) == 1 and lines[0]["properties"]["style"]["color"] == "#e31a1c"
    assert lines[0]["properties"]["style"]["dashArray"]
    assert sorted(p["properties"]["id"] for p in points) == ["pipe-c", "supsa"]
    assert "Disrupted" in feature(m, "Corridor: Baku-Supsa", "pipe-c")["properties"]["popup"]


def test_disrupted_targets_resolve(demo_network):
    m = render_map(demo_network, disrupted=["country:GE"])
    cut = features(layers(m)["Disrupted"])
    assert any(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in cut)
    assert {"pipe-a", "pipe-b", "pipe-c"} <= {f["properties"].get("id") for f in cut}
    m = render_map(demo_network, disrupted=[SimpleNamespace(target="asset:DEMO-OIL"), ("corridor:Baku-Supsa", 0.0)])
    assert {"pipe-a", "pipe-b", "pipe-c"} <= {f["properties"].get("id") for f in features(layers(m)["Disrupted"])}
    scenario = SimpleNamespace(disruptions=[SimpleNamespace(target="link:pipe-c", remaining=0.0)])
    assert [f["properties"]["id"] for f in features(layers(render_map(demo_network, disrupted=scenario))["Disrupted"])
            if f["geometry"]["type"] == "LineString"] == ["pipe-c"]
    m = render_map(demo_network, disrupted=['Corridor:"middle corridor"', "mode:FERRY"])
    assert {"ferry-east-west", "rail-alat-kars"} == {f["properties"].get("id") for f in features(layers(m)["Disrupted"])}
    with pytest.raises(ScenarioError, match="did you mean 'pipe-a'"):
        render_map(demo_network, disrupted=["pipe-aa"])
    with pytest.raises(ScenarioError, match="no node 'nowhere'"):
        render_map(demo_network, disrupted=["node:nowhere"])
    with pytest.raises(ScenarioError, match="no link has corridor 'Nowhere'"):
        render_map(demo_network, disrupted=["corridor:Nowhere"])


def test_bypass_highlighted(demo_network):
    m = render_map(demo_network, bypass=["rail-alat-kars"])
    glow = features(layers(m)["Bypass routes"])
    assert [f["properties"]["id"] for f in glow] == ["rail-alat-kars"]
    table = pd.DataFrame({"path": [["ferry-east-west", "rail-alat-kars"], ["rail-alat-kars"]], "flow": [2.0, 1.0]})
    m = render_map(demo_network, bypass=table)
    glow = {lid: feature(m, "Bypass routes", lid)["properties"] for lid in ("ferry-east-west", "rail-alat-kars")}
    assert len(features(layers(m)["Bypass routes"])) == 2
    assert "rerouted 3 Mt/y" in glow["rail-alat-kars"]["tooltip"]
    with pytest.raises(DataError, match="bypass link 'rail-alat-karz'.*did you mean"):
        render_map(demo_network, bypass=["rail-alat-karz"])


# -- comparison and sweep -----------------------------------------------------------------------
def test_comparison_view(demo_network):
    comp = pd.DataFrame({"base_flow": [40.0, 40.0, 0.0], "scenario_flow": [0.0, 0.0, 5.7]},
                        index=["pipe-a", "pipe-b", "pipe-c"])
    m = render_map(demo_network, comparison=SimpleNamespace(links=comp))
    names = layers(m)
    assert not names["Base case flow"].show and not names["Scenario flow"].show
    lost = feature(m, "Corridor: BTC", "pipe-a")["properties"]
    gained = feature(m, "Corridor: Baku-Supsa", "pipe-c")["properties"]
    assert "-40" in lost["popup"] and "+5.7" in gained["popup"]
    red, blue = (int(lost["style"]["color"][1:3], 16), int(lost["style"]["color"][5:7], 16)), \
        (int(gained["style"]["color"][1:3], 16), int(gained["style"]["color"][5:7], 16))
    assert red[0] > red[1] and blue[1] > blue[0]
    base_w = feature(m, "Base case flow", "pipe-a")["properties"]["style"]["weight"]
    scen_w = feature(m, "Scenario flow", "pipe-a")["properties"]["style"]["weight"]
    assert base_w > scen_w


def test_comparison_from_two_results(demo_network):
    base, scen = demo_flows(), demo_flows().assign(flow=lambda d: d["flow"] * 0.5)
    m = render_map(demo_network.at(2024), comparison=SimpleNamespace(base=SimpleNamespace(flows=base),
                                                                      scenario=SimpleNamespace(flows=scen)))
    popup = feature(m, "Corridor: BTC", "pipe-a")["properties"]["popup"]
    assert "Base flow" in popup and "-20 Mt/y" in popup and "Utilisation" in popup
    with pytest.raises(DataError, match="comparison"):
        render_map(demo_network, comparison=pd.DataFrame({"x": [1.0]}, index=["pipe-a"]))


def test_sweep_view(demo_network):
    table = pd.DataFrame({"criticality": [9.0, 3.0, 2.0, 1.0, 4.0]},
                         index=["link:pipe-a", "pipe-b", "supsa", "TR", "corridor:Middle Corridor"])
    m = render_map(demo_network, sweep=table)
    names = layers(m)
    assert "Countries by criticality" in names
    a, b = feature(m, "Corridor: BTC", "pipe-a"), feature(m, "Corridor: BTC", "pipe-b")
    assert a["properties"]["style"]["weight"] > b["properties"]["style"]["weight"]
    assert "Criticality" in a["properties"]["popup"]
    assert "criticality 4" in feature(m, "Corridor: Middle Corridor", "ferry-east-west")["properties"]["tooltip"]
    assert feature(m, "Corridor: Baku-Supsa", "pipe-c")["properties"]["style"]["color"] == "#9e9e9e"
    supsa = feature(m, "Nodes", "supsa")
    assert "Criticality" in supsa["properties"]["popup"]


def test_sweep_inputs(demo_network):
    unmet = pd.DataFrame({"element": ["pipe-a", ("pipe-a", "pipe-b")], "unmet": [5.0, 9.0]})
    m = render_map(demo_network, sweep=unmet)
    assert "Unmet" in feature(m, "Corridor: BTC", "pipe-a")["properties"]["popup"]
    as_result = SimpleNamespace(level="asset", table=pd.DataFrame(
        {"name": ["Demo oil", "pair"], "loss_pct": [96.8, 99.0], "unmet_oil": [31.0, 31.0]},
        index=pd.Index(["DEMO-OIL", "DEMO-OIL + DEMO-WEST"], name="element")))
    m = render_map(demo_network, sweep=as_result)
    assert "Loss % of demand" in feature(m, "Corridor: BTC", "pipe-b")["properties"]["popup"]
    assert feature(m, "Corridor: Baku-Supsa", "pipe-c")["properties"]["style"]["color"] == "#9e9e9e"
    with pytest.raises(DataError, match="no 'criticality' or 'unmet' column"):
        render_map(demo_network, sweep=pd.DataFrame({"a": [1.0], "b": [2.0]}, index=["pipe-a"]))
    with pytest.raises(DataError, match="no row of the sweep table"):
        render_map(demo_network, sweep=pd.DataFrame({"criticality": [1.0]}, index=["pipe-zz"]))


# -- safety, files, performance ----------------------------------------------------------------
def test_every_data_string_is_escaped():
    net = hostile_network()
    m = render_map(net, demo_flows(), title=f"Title {HOSTILE}", disrupted=["pipe-b"], bypass=["pipe-b"])
    page = js_text(m.get_root().render())
    for raw in (HOSTILE, HOSTILE_SCRIPT, "<svg onload"):
        assert raw not in page, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page
    assert f"Corridor: Evil {HOSTILE}" not in page and "Corridor: Evil &lt;img" in page


def test_inputs_not_mutated(demo_network):
    links, nodes, flows = demo_network.links.copy(), demo_network.nodes.copy(), demo_flows()
    before = flows.copy()
    render_map(demo_network, flows, disrupted=["pipe-a"], bypass=["pipe-c"])
    assert demo_network.links.equals(links) and demo_network.nodes.equals(nodes) and flows.equals(before)


def test_save_map_atomic(tmp_path, demo_network):
    out = save_map(render_map(demo_network), tmp_path / "map.html")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]
    with pytest.raises(DataError, match="no such directory"):
        save_map(render_map(demo_network), tmp_path / "missing" / "map.html")


def test_not_a_network():
    with pytest.raises(DataError, match="needs a Network"):
        render_map(pd.DataFrame())


def test_geojson_is_compact(demo_network):
    m = render_map(demo_network)
    coords = feature(m, "Corridor: BTC", "pipe-a")["geometry"]["coordinates"]
    assert all(len(json.dumps(c)) <= len("[-179.1234, -89.1234]") for c in coords)


def test_bundled_map_size(bundled_network, tmp_path):
    # the time it takes is measured by benchmarks/map_render.py, not asserted here
    out = save_map(render_map(bundled_network), tmp_path / "corridors.html")
    size = out.stat().st_size
    assert size < 2_000_000, f"bundled map is {size / 1e6:.2f} MB"


def test_real_flow_result_and_comparison(demo_network):
    base = flow.solve(demo_network, year=2024)
    cut = demo_network.copy()
    cut.links["derate"] = [0.0 if i == "pipe-b" else 1.0 for i in cut.links.index]
    after = flow.solve(cut, year=2024)
    m = render_map(demo_network.at(2024), after, base.compare(after), disrupted=["pipe-b"])
    popup = feature(m, "Corridor: BTC", "pipe-b")["properties"]["popup"]
    for text in ("Base flow", "Scenario flow", "Change", "-30 Mt/y", "Disrupted"):
        assert text in popup, text
    ceyhan = feature(m, "Nodes", "ceyhan")["properties"]
    assert "unmet +30" in ceyhan["tooltip"] and "Unmet change" in ceyhan["popup"]
    m = render_map(demo_network.at(2024), base)
    assert "Utilisation" in feature(m, "Corridor: BTC", "pipe-a")["properties"]["popup"]


def test_real_sweep_result(demo_network):
    for level in ("link", "node", "country", "asset"):
        result = sweeps.sweep(demo_network, level=level, year=2024)
        m = render_map(demo_network.at(2024), sweep=result)
        assert "loss % of demand" in m.get_root().render()


def test_dual_shown_only_on_binding_links_not_cut(demo_network):
    flows = demo_flows()
    flows.loc["pipe-a", ["utilisation", "dual"]] = [1.0, 2.5]      # binding: shown
    flows.loc["pipe-b", ["utilisation", "dual"]] = [0.5, 1.5]      # slack: a dual there means nothing
    flows.loc["rail-alat-kars", ["utilisation", "dual"]] = [1.0, 9998.0]
    m = render_map(demo_network.at(2024), flows, disrupted=["rail-alat-kars"])
    pop = {lid: feature(m, layer, lid)["properties"]["popup"] for layer, lid in
           [("Corridor: BTC", "pipe-a"), ("Corridor: BTC", "pipe-b"), ("Corridor: Middle Corridor", "rail-alat-kars")]}
    assert "Value of one more unit of capacity</th><td>2.5 cost units per Mt/y" in pop["pipe-a"]
    assert "one more unit" not in pop["pipe-b"] and "one more unit" not in pop["rail-alat-kars"]
    assert "Dual value" not in m.get_root().render()


def test_change_scale_per_commodity_in_its_unit(demo_network):
    # oil loses 40 Mt/y on pipe-a, freight 3 Mt/y on the ferry: each is the worst of its own scale
    comp = pd.DataFrame({"base_flow": [40.0, 3.0], "scenario_flow": [0.0, 0.0]}, index=["pipe-a", "ferry-east-west"])
    m = render_map(demo_network, comparison=SimpleNamespace(links=comp))
    oil = feature(m, "Corridor: BTC", "pipe-a")["properties"]["style"]["color"]
    ferry_layer = next(n for n, g in layers(m).items() if any(f["properties"].get("id") == "ferry-east-west"
                                                              for f in features(g)) and n.startswith("Corridor"))
    freight = feature(m, ferry_layer, "ferry-east-west")["properties"]["style"]["color"]
    assert oil == freight  # same depth of red, though 3 is far below 40
    html = m.get_root().render()
    assert "canonical units" not in html
    assert "oil (Mt/y)" in html and "freight (Mt/y)" in html


def test_plain_whatif_title(demo_network):
    from corridors.model.scenario import Scenario
    from corridors.render.report import case_map, run_case

    html = case_map(run_case(demo_network, scenario=Scenario.compose(cut=["country:GE"]))).get_root().render()
    assert "Georgia closed, 2024" in html and "country:GE, 2024" not in html
    html = case_map(run_case(demo_network, scenario=Scenario.compose(derate=["corridor:BTC=0.5"]))).get_root().render()
    assert "BTC at 50 %, 2024" in html


def test_year_map_draws_later_projects_dashed_with_their_year(demo_network):
    from corridors.render.report import case_map, run_case

    case = run_case(demo_network)  # 2024: rail-new is not built yet
    assert "rail-new" not in case.network.links.index
    m = case_map(case)
    f = feature(m, "Projects not built in 2024", "rail-new")
    assert f["properties"]["style"]["dashArray"]
    start = int(demo_network.links.at["rail-new", "start_year"])
    assert f"from {start}" in f["properties"]["tooltip"] and "not built in 2024" in f["properties"]["popup"]
    assert layers(m)["Projects not built in 2024"].show
