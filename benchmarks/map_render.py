"""Benchmark: size and speed of the corridor map, against one PolyLine per link.

Measures, for the bundled network (the demo network while the bundled one is not built):

* HTML size of the saved page;
* Python time to build the folium map and render its HTML (median of ``--repeat`` runs);
* browser time (headless Debian chromium, offline, see tests/browser.py) to the ``load`` event
  and until every link path is drawn.

The baseline draws the same map (same countries, nodes, tooltips, popups, controls) but with one
``folium.PolyLine`` per link and per commodity, and one ``CircleMarker`` per node, as a naive
folium map would. Results are printed side by side with the ratio (baseline / GeoJson layers).

Run::

    python benchmarks/map_render.py                 # bundled network (demo if absent)
    python benchmarks/map_render.py --network demo --repeat 9
    python benchmarks/map_render.py --no-browser --json out.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def load(which: str):
    from corridors.data.files import bundled_path
    from corridors.data.io import load_demo_network, load_network, read_network

    if which == "demo":
        return "demo", load_demo_network()
    if which == "bundled":
        if bundled_path("links.geojson").exists():
            return "bundled", load_network()
        print("bundled network not built yet (geodata/links.geojson): using the demo network")
        return "demo", load_demo_network()
    return which, read_network(which)


def replicate(network, copies: int):
    """A larger test network: ``copies`` shifted copies of every link (ids suffixed), same nodes."""
    import pandas as pd
    from shapely import affinity

    from corridors.data.network import network_from_frames, network_to_frames

    nodes, links, balances = network_to_frames(network)
    parts = []
    for i in range(copies):
        part = links.copy()
        part.index = [f"{lid}-{i}" for lid in links.index]
        part.index.name = links.index.name
        part["corridor"] = [f"{c} {i % 10}" for c in links["corridor"]]
        part["geometry"] = [affinity.translate(g, 0.02 * i, 0.01 * i) for g in links.geometry]
        parts.append(part)
    big = links.__class__(pd.concat(parts), geometry="geometry", crs=links.crs)
    return network_from_frames(nodes, big, balances)


def render_polyline_baseline(network):
    """The same map, drawn the naive way: one PolyLine per link (and per commodity), one marker per node."""
    import folium
    from folium import plugins

    from corridors.render import layers as ml
    from corridors.render import maps

    from corridors.render.style import Styler

    base = maps.render_map(network)
    ctx = Styler(network)  # the same styles and texts as the GeoJson map
    m = folium.Map(location=base.location, zoom_start=5, tiles=None, control_scale=True)
    land = {"color": maps.BORDER_COLOUR, "weight": 0.8, "fillColor": maps.LAND_COLOUR, "fillOpacity": 1.0}
    shapes = maps._clipped_countries(network)
    feats = [f for f in (ml.polygon_feature(g, land) for _, _, g in shapes) if f]
    folium.GeoJson({"type": "FeatureCollection", "features": feats}, interactive=False, name="Country outlines").add_to(m)
    groups: dict[str, folium.FeatureGroup] = {}
    for lid, row in zip(network.links.index, network.links.to_dict("records")):
        style, tip, ref = ctx.link(lid, row)
        tooltip, popup = ml.tooltip_html(tip), ml.popup_html(ctx.popups[ref])
        latlon = [(y, x) for x, y in ml.line_coords(row["geometry"])]
        kind = maps._layer_kind(lid, row, network, None)
        name = f"{ {'corridor': 'Corridor', 'project': 'Projects', 'retired': 'Retired'}[kind]}: {ml.esc(row['corridor'])}"
        if name not in groups:
            groups[name] = folium.FeatureGroup(name=name, show=kind == "corridor").add_to(m)
        folium.PolyLine(latlon, color=style["color"], weight=style["weight"], dash_array=style.get("dashArray"),
                        class_name="cx-link", tooltip=folium.Tooltip(tooltip), popup=folium.Popup(popup, max_width=420)
                        ).add_to(groups[name])
        for k in row["commodities"]:
            key = f"Commodity: {k}"
            if key not in groups:
                groups[key] = folium.FeatureGroup(name=key, show=False).add_to(m)
            cstyle, ctip = ctx.commodity_link(lid, row, k)
            ctip = ml.tooltip_html(ctip)
            folium.PolyLine(latlon, color=cstyle["color"], weight=cstyle["weight"], class_name="cx-commodity",
                            tooltip=folium.Tooltip(ctip), popup=folium.Popup(popup, max_width=420)).add_to(groups[key])
    nodes = folium.FeatureGroup(name="Nodes").add_to(m)
    for nid, row in zip(network.nodes.index, network.nodes.to_dict("records")):
        style, tip, ref = ctx.node(nid, row)
        folium.CircleMarker((row["geometry"].y, row["geometry"].x), radius=style["radius"], color=style["color"],
                            weight=style["weight"], fill_color=style["fillColor"], fill_opacity=0.95, class_name="cx-node",
                            tooltip=folium.Tooltip(ml.tooltip_html(tip)), popup=folium.Popup(ml.popup_html(ctx.popups[ref]))
                            ).add_to(nodes)
    plugins.Fullscreen().add_to(m)
    plugins.MeasureControl(primary_length_unit="kilometers").add_to(m)
    folium.LayerControl().add_to(m)
    m.fit_bounds(maps._bounds(network))
    return m


def time_python(build, repeat: int) -> tuple[float, str]:
    times, html = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        html = build().get_root().render()
        times.append(time.perf_counter() - start)
    return statistics.median(times), html


def time_browser(path: Path, expected_links: int, repeat: int) -> tuple[float, float]:
    from browser import launch, open_page

    loads, drawn = [], []
    with launch() as b:
        for _ in range(repeat):
            with open_page(b, path, wait_until="commit") as p:
                start = time.perf_counter()
                p.page.wait_for_load_state("load")
                loads.append((time.perf_counter() - start) * 1000 + p.load_ms)
                p.page.wait_for_function(f"document.querySelectorAll('path.cx-link').length >= {expected_links}")
                drawn.append((time.perf_counter() - start) * 1000 + p.load_ms)
                if p.errors:
                    raise RuntimeError(f"page errors in {path.name}: {p.errors}")
    return statistics.median(loads), statistics.median(drawn)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--network", default="bundled", help="bundled (default), demo, or a network folder")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="skip the chromium load times")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument("--copies", type=int, default=1, help="draw N shifted copies of every link (scale test)")
    args = parser.parse_args(argv)

    from corridors.render.maps import PROJECT_STATUSES, render_map

    label, net = load(args.network)
    if args.copies > 1:
        net, label = replicate(net, args.copies), f"{label} x{args.copies}"
    render_map(net)  # warm imports and caches (countries, pint)
    shown = int((~net.links["status"].isin([*PROJECT_STATUSES, "retired"])).sum()) if net.year is None else len(net.links)
    rows = {}
    out_dir = Path(tempfile.mkdtemp(prefix="map-bench-"))
    for name, build in (("geojson", lambda: render_map(net)), ("polyline", lambda: render_polyline_baseline(net))):
        seconds, html = time_python(build, args.repeat)
        path = out_dir / f"{name}.html"
        path.write_text(html, encoding="utf-8")
        rows[name] = {"html_bytes": len(html.encode("utf-8")), "render_s": seconds}
        if not args.no_browser:
            from browser import chromium_missing_reason

            reason = chromium_missing_reason()
            if reason:
                print(f"browser timings skipped: {reason}")
                args.no_browser = True
            else:
                load_ms, drawn_ms = time_browser(path, shown, max(1, min(args.repeat, 5)))
                rows[name].update(load_ms=load_ms, drawn_ms=drawn_ms)

    print(f"\nnetwork: {label} ({len(net.links)} links, {len(net.nodes)} nodes; {shown} lines shown at load); "
          f"median of {args.repeat} runs\n")
    print(f"{'metric':<28}{'GeoJson layers':>16}{'PolyLine/link':>16}{'ratio':>8}")
    fmt = {"html_bytes": lambda v: f"{v / 1e6:.3f} MB", "render_s": lambda v: f"{v * 1000:.0f} ms",
           "load_ms": lambda v: f"{v:.0f} ms", "drawn_ms": lambda v: f"{v:.0f} ms"}
    names = {"html_bytes": "HTML size", "render_s": "Python build + render", "load_ms": "browser: load event",
             "drawn_ms": "browser: all lines drawn"}
    for key in fmt:
        if key in rows["geojson"]:
            a, b = rows["geojson"][key], rows["polyline"][key]
            print(f"{names[key]:<28}{fmt[key](a):>16}{fmt[key](b):>16}{b / a if a else float('nan'):>7.2f}x")
    if args.json:
        args.json.write_text(json.dumps({"network": label, "links": len(net.links), "nodes": len(net.nodes), **rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
