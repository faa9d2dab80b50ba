"""Folium maps of the network, its flows, a scenario against the base case, and sweep criticality.

One :func:`render_map` draws every view. The links are drawn as a few ``folium.GeoJson`` layers
(one per corridor, per commodity, …) whose features carry their own Leaflet style and tooltip
lines, rather than one PolyLine per link; each element's popup is stored once per page (as data,
turned into HTML in the browser) and shared by every layer that draws the element. So the bundled
map stays small and loads quickly (see ``benchmarks/map_render.py``). Every string that comes from
data is HTML-escaped in Python before it reaches the page (Leaflet's tooltips, popups and layer
control insert raw HTML).

The map reads without a tile server: country outlines come from the bundled Natural Earth
polygons (:func:`corridors.data.geometry.countries`), drawn on a sea-coloured background.

Views (the first that applies styles the corridor layers):

=============  ================================================  =========================
given          line colour                                        line width
=============  ================================================  =========================
``sweep``      criticality (or unmet) score                       score
``comparison`` change in flow, scenario − base                    larger of the two flows
``result``     utilisation (flow / capacity)                      flow
nothing        corridor                                           constant
=============  ================================================  =========================

Widths scale with the largest value among links of the same canonical unit (Mt/y, bcm/y, TWh/y).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from branca.element import Element, MacroElement
from jinja2 import Template

from corridors.render import layers as ml
from corridors.errors import DataError
from corridors.render.layers import esc, fmt_number, fmt_quantity, is_missing
from corridors.render.legend import DIRECTION_STYLE, LEGEND_CSS, ViewControl, legend_html
from corridors.render.projects import add_later_projects
from corridors.render.style import (BYPASS_COLOUR, COMMODITY_COLOURS, DISRUPTED_COLOUR, NODE_STYLES, PROJECT_STATUSES,
                                 Styler)
from corridors.data.units import COMMODITIES

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from corridors.data.network import Network

__all__ = ["render_map", "save_map", "NODE_STYLES", "COMMODITY_COLOURS", "PROJECT_STATUSES"]

#: Beyond the outlines' data (lat 25–56, lon 10–90) the page is drawn as plain land (mostly Russia,
#: Arabia and the Sahara there), not a grey band: PAGE_COLOUR is a shade of LAND_COLOUR.
SEA_COLOUR, LAND_COLOUR, BORDER_COLOUR, PAGE_COLOUR = "#cfe3f1", "#f6f4ee", "#9a9a9a", "#f1efe8"
#: Margin (degrees) of country outlines drawn around the network.
COUNTRY_MARGIN_DEG = 12.0
_CSS = """<style>
.cx-pop table {border-collapse: collapse; font-size: 12px; margin-top: 4px}
.cx-pop th {text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600; vertical-align: top; white-space: nowrap}
.cx-pop td {padding: 1px 0; max-width: 340px; overflow-wrap: anywhere}
.cx-head {position: absolute; top: 10px; left: 56px; z-index: 1000; max-width: 40%; pointer-events: none}
.cx-title, .cx-summary {background: rgba(255,255,255,.92); padding: 4px 12px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,.3)}
.cx-title {font: 600 15px sans-serif}
.cx-summary {font: 12px sans-serif; margin-top: 6px}
.cx-legend {position: absolute; bottom: 24px; right: 10px; z-index: 1000; background: rgba(255,255,255,.92);
  padding: 6px 10px; border-radius: 4px; font: 12px sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3);
  max-height: 55%; overflow-y: auto}
.cx-legend .cx-cols {columns: 2; column-gap: 12px}
.cx-legend i {display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 5px; vertical-align: -1px}
.cx-legend svg {vertical-align: middle; margin-right: 5px}
.cx-scale {margin-bottom: 6px; max-width: 240px}
.cx-bar {height: 10px; border-radius: 2px; margin: 3px 0 1px}
.cx-ticks {display: flex; justify-content: space-between; font-size: 11px; color: #444}
.cx-title, .cx-legend, .cx-pop, .cx-tip, .leaflet-control-layers label {unicode-bidi: isolate; overflow-wrap: anywhere}
.cx-pop td, .cx-pop b, .cx-tip b, .cx-legend span, .leaflet-control-layers label span {unicode-bidi: isolate}
.leaflet-control-layers-expanded {max-width: min(320px, 70vw); max-height: 70vh; overflow-y: auto}
.leaflet-tooltip {max-width: min(360px, 80vw); white-space: normal}
.leaflet-interactive:focus {outline: none}
@media (max-width: 600px) {
  .cx-head {max-width: calc(100% - 120px); top: 8px; left: 50px} .cx-title {font-size: 13px}
  .cx-summary {font-size: 11px}
  .cx-legend {font-size: 11px; max-height: 32%; max-width: 60%; bottom: 22px; right: 6px; padding: 4px 6px}
  .cx-legend .cx-cols {columns: 1}
}
</style>"""


def render_map(network: Network, result: Any = None, comparison: Any = None, sweep: Any = None, *,
               title: str | None = None, disrupted: Iterable[Any] = (), bypass: Any = None,
               tiles: Any = None, cdn: bool = False, summary: Iterable[str] = (), later: Any = None,
               map_id: str = "cx0") -> folium.Map:
    """Draw the network (and optionally flows, a scenario comparison or sweep scores) on a folium map.

    Parameters
    ----------
    network
        The :class:`~corridors.data.network.Network` to draw (e.g. ``net.at(2024)``).
    result
        A FlowResult (anything with a ``flows`` DataFrame indexed by link id with ``flow`` and,
        optionally, ``capacity``, ``utilisation``, ``dual`` and per-commodity flow columns), or such
        a DataFrame. Lines get widths by flow and colours by utilisation, with a legend.
    comparison
        A Comparison (a per-link frame with base and scenario flows and their change, as an
        attribute ``links``/``flows`` or the frame itself; ``markets.unmet_change`` marks nodes).
        Lines are coloured by the change; base and scenario flows are extra layers to toggle. Pass
        the scenario's FlowResult as ``result`` too, for its utilisation and duals in the popups.
    sweep
        A sweep table: a DataFrame indexed by link, node or country id (or ``kind:id`` targets) with
        a ``criticality`` or ``unmet`` score. Elements are coloured by it.
    title
        Shown above the map (escaped); a default names the year and the view.
    disrupted
        Elements to mark as disrupted: ids or targets (``link:x``, ``node:x``, ``country:GE``,
        ``corridor:BTC``, ``asset:BTC``, ``mode:ferry``), objects with a ``target`` (scenario
        disruptions), or a Scenario (its ``disruptions``).
    bypass
        Bypass routes to highlight: link ids, paths (lists of link ids), or a DataFrame with a
        ``link``/``links``/``path`` column (optionally ``flow``).
    tiles
        None (default): no tile server, country outlines only. Otherwise a folium tile name, a URL
        template or a ``folium.TileLayer``.
    summary
        Lines of a summary box under the title (plain text, escaped): e.g. what a scenario loses per
        commodity and its main bypass routes.
    later
        Projects not built in the year drawn (a links frame, e.g.
        :func:`corridors.render.projects.later_projects` of the full network): drawn dashed in
        their own layer, with their start year in the tooltip and popup.
    map_id
        The map element's id (``cx0``); its elements get ids with the same letters (``cx1``, …), so
        two maps can share a page (:func:`corridors.render.compare.compare_map`).
    cdn
        False (default): Leaflet is inlined from the pinned copy shipped in the package (the page
        draws with no network). True: a lighter page that links Leaflet from a CDN.

    Returns
    -------
    folium.Map
        With a layer control (a layer per corridor and per commodity; projects, commodities and
        comparison layers start hidden), fullscreen and measure controls and legends.

    Raises
    ------
    ScenarioError
        A disrupted target that names nothing in the network (with a suggestion).
    DataError
        Unknown bypass link ids, or tables without the columns described above.

    Examples
    --------
    >>> import pandas as pd
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> m = render_map(net, title="Demo")
    >>> flows = pd.DataFrame({"flow": [40.0, 40.0], "capacity": [59.75, 59.75]}, index=["pipe-a", "pipe-b"])
    >>> m = render_map(net.at(2024), flows, disrupted=["pipe-c"], bypass=["rail-alat-kars"])
    >>> "Corridor: BTC" in m.get_root().render()
    True
    """
    import folium

    if not hasattr(network, "links") or not hasattr(network, "nodes"):
        raise DataError(f"render_map needs a Network (with nodes and links), not {type(network).__name__}; "
                        "load one with corridors.load_network()")
    links = network.links
    flows = ml.flow_table(result)
    comp, scenario_result = ml.comparison_table(comparison)
    if flows is None and scenario_result is not None:
        flows = ml.flow_table(scenario_result)
    for table, what in ((flows, "result"), (comp, "comparison")):
        if table is not None and len(table) and not table.index.isin(links.index).any():
            raise DataError(f"no link of the {what} ({table.index[0]!r}, …) is in the network drawn; "
                            "draw the network the result was solved on")
    score_name, link_scores, node_scores, country_scores = (ml.sweep_scores(sweep, network) if sweep is not None
                                                            else ("", {}, {}, {}))
    cut_links, cut_nodes, cut_countries = ml.resolve_targets(network, disrupted)
    bypass_flows = ml.bypass_links(network, bypass)
    view = ("sweep" if (link_scores or node_scores or country_scores) else "comparison" if comp is not None
            else "flow" if flows is not None else "network")
    styler = Styler(network, flows=flows, comp=comp, view=view, score_name=score_name, link_scores=link_scores,
                    node_scores=node_scores, country_scores=country_scores, cut_links=cut_links, cut_nodes=cut_nodes,
                    bypass_flows=bypass_flows, unmet=_node_unmet(result if result is not None else scenario_result),
                    unmet_change=ml.node_values(getattr(comparison, "markets", None), "unmet_change"))

    m = _base_map(network, tiles, map_id)
    root = m.get_root()
    use_assets(m, cdn=cdn)
    data = _MapData(m, styler.popups).add_to(m)
    root.header.add_child(_Raw(_CSS))
    root.header.add_child(_Raw(LEGEND_CSS))
    for name, z in (("cx-countries", 350), ("cx-glow", 390), ("cx-dir", 405), ("cx-alerts", 420), ("cx-nodes", 450)):
        folium.map.CustomPane(name, z_index=z, pointer_events=name not in ("cx-countries", "cx-dir")).add_to(m)
    _add_countries(m, data, network, tiles, styler)

    # links --------------------------------------------------------------------------------------
    groups: dict[tuple[str, str], list[dict]] = {}
    commodity: dict[str, list[dict]] = {k: [] for k in COMMODITIES}
    compare: dict[str, list[dict]] = {"base": [], "scenario": []}
    glow: list[dict] = []
    cut_lines: list[dict] = []
    cut_points: list[dict] = []
    for lid, row in zip(links.index, links.to_dict("records")):
        coords = ml.line_coords(row["geometry"])
        style, tip, ref = styler.link(lid, row)
        groups.setdefault((_layer_kind(lid, row, network, flows), str(row["corridor"])), []).append(
            ml.line_feature(coords, style, tip, ref, id=lid, h=1))
        for k in row["commodities"]:
            if k in commodity:
                commodity[k].append(ml.line_feature(coords, *styler.commodity_link(lid, row, k), ref, id=lid, h=1))
        if comp is not None:
            for side, colour in (("base", "#525252"), ("scenario", "#2166ac")):
                compare[side].append(ml.line_feature(coords, *styler.side_link(lid, row, side, colour), ref, id=lid, h=1))
        if lid in bypass_flows:
            b = bypass_flows[lid]
            extra = "" if is_missing(b) else f" (rerouted {fmt_quantity(b, row['capacity_unit'])})"
            glow.append(ml.line_feature(coords, {"color": BYPASS_COLOUR, "weight": style["weight"] + 9, "opacity": 0.45},
                                        ("Bypass route", esc(f"{row['name']}{extra}")), ref, id=lid))
        if lid in cut_links:
            cut_lines.append(ml.line_feature(coords, {"color": DISRUPTED_COLOUR, "weight": 3.5, "dashArray": "6 8", "opacity": 1}, None, id=lid))
            mid = row["geometry"].interpolate(0.5, normalized=True)
            cut_points.append(ml.point_feature(mid.x, mid.y, {"radius": 7, "color": "#ffffff", "weight": 2, "fillColor": DISRUPTED_COLOUR,
                                                              "fillOpacity": 1}, ("Disrupted", esc(row["name"])), ref, id=lid))

    if glow:
        layer = folium.FeatureGroup(name="Bypass routes", show=True).add_to(m)
        data.lines(glow, className="cx-bypass", pane="cx-glow").add_to(layer)
    order = {"corridor": 0, "project": 1, "retired": 2}
    main_layers, comm_layers, corridor_layers = [], [], {}
    for (kind, corridor), feats in sorted(groups.items(), key=lambda kv: (order[kv[0][0]], kv[0][1].lower())):
        swatch = f'<span style="color:{styler.corridor_colour[corridor]}">&#9632;</span> ' if view == "network" else ""
        label = {"corridor": "Corridor", "project": "Projects", "retired": "Retired"}[kind]
        layer = folium.FeatureGroup(name=f"{swatch}{label}: {esc(corridor)}", show=kind == "corridor").add_to(m)
        data.lines(feats, className="cx-link").add_to(layer)
        main_layers.append(layer)
        if kind == "corridor":
            corridor_layers[corridor] = layer
    for k, feats in commodity.items():
        if feats:
            layer = folium.FeatureGroup(name=f'<span style="color:{COMMODITY_COLOURS[k]}">&#9632;</span> Commodity: {k}',
                                        show=False).add_to(m)
            data.lines(feats, className="cx-commodity").add_to(layer)
            comm_layers.append(layer)
    _add_direction(m, data, links, flows, cut_links)
    if comp is not None:
        for side, label in (("base", "Base case flow"), ("scenario", "Scenario flow")):
            layer = folium.FeatureGroup(name=label, show=False).add_to(m)
            data.lines(compare[side], className="cx-compare").add_to(layer)
    if cut_lines or cut_nodes or cut_countries:
        layer = folium.FeatureGroup(name=f'<span style="color:{DISRUPTED_COLOUR}">&#10006;</span> Disrupted', show=True).add_to(m)
        _add_disrupted(layer, data, network, styler, cut_lines, cut_points, cut_nodes, cut_countries)
    drawn_later = add_later_projects(m, data, styler, later, network.year)
    nodes = [ml.point_feature(row["geometry"].x, row["geometry"].y, *styler.node(nid, row), id=nid)
             for nid, row in zip(network.nodes.index, network.nodes.to_dict("records"))]
    if nodes:
        layer = folium.FeatureGroup(name="Nodes", show=True).add_to(m)
        data.points(nodes, "cx-node", "cx-nodes").add_to(layer)

    # legends and controls -----------------------------------------------------------------------
    heading = esc(title if title is not None else _default_title(network, view, score_name))
    names = sorted(corridor_layers, key=str.lower)
    root.html.add_child(_Raw(legend_html(network, styler, has_bypass=bool(glow), has_cut=bool(cut_lines or cut_nodes or cut_countries),
                                         has_later=bool(drawn_later), corridors=names, has_commodity=bool(comm_layers))))
    lines = "".join(f"<div>{esc(line)}</div>" for line in summary)
    box = f'<div class="cx-summary">{lines}</div>' if lines else ""
    root.html.add_child(_Raw(f'<div class="cx-head"><div class="cx-title">{heading}</div>{box}</div>'))
    root.title = heading
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    ViewControl(main_layers, comm_layers, [corridor_layers[n] for n in names], names).add_to(m)
    stable_ids(m, prefix=map_id.rstrip("0123456789"))
    return m


#: Leaflet as the CDN page links it (the same version as the inlined copy, see tools/vendor_js.py).
LEAFLET_VERSION = "1.9.4"
_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet"


def static_text(name: str) -> str:
    """The text of a vendored file under ``corridors/render/static/`` (e.g. ``leaflet/leaflet.js``)."""
    from importlib.resources import files

    return files("corridors.render").joinpath("static", *name.split("/")).read_text(encoding="utf-8")


def use_assets(m: Any, *, cdn: bool = False, sync: bool = False) -> None:
    """Replace folium's CDN scripts (Leaflet, jQuery, Bootstrap, Font Awesome, …) by Leaflet alone.

    Inlined from the pinned copy in the package (offline), or linked from a CDN with ``cdn=True``;
    ``sync`` adds Leaflet.Sync (for two synchronised panes).
    """
    from branca.element import CssLink, JavascriptLink

    m.default_js, m.default_css = [], []
    header = m.get_root().header
    if cdn:
        header.add_child(CssLink(f"{_CDN}.css"), name="leaflet_css")
        header.add_child(JavascriptLink(f"{_CDN}.js"), name="leaflet")
        if sync:
            header.add_child(JavascriptLink("https://cdn.jsdelivr.net/npm/leaflet.sync@0.2.4/L.Map.Sync.js"), name="sync")
        return
    header.add_child(_Raw(f"<style>{static_text('leaflet/leaflet.css')}</style>"), name="leaflet_css")
    header.add_child(_Raw(f"<script>{static_text('leaflet/leaflet.js')}</script>"), name="leaflet")
    if sync:
        header.add_child(_Raw(f"<script>{static_text('leaflet.sync/L.Map.Sync.js')}</script>"), name="sync")


def stable_ids(m: Any, *, prefix: str = "cx") -> None:
    """Give every element of the map's figure a deterministic id (folium draws random ones).

    Same input, byte-identical HTML. The map itself keeps the id given at creation.
    """
    seen: set[int] = set()
    counter = 0

    def walk(el: Any) -> None:
        nonlocal counter
        if id(el) in seen:
            return
        seen.add(id(el))
        if el is not m and not el._id.startswith(prefix):
            counter += 1
            el._id = f"{prefix}{counter}"
        for child in list(el._children.values()):
            walk(child)

    walk(m.get_root())


def save_map(m: folium.Map, path: str | os.PathLike) -> Path:
    """Write a map's HTML to ``path`` atomically (a temporary file renamed into place).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from corridors.data.io import load_demo_network
    >>> out = save_map(render_map(load_demo_network()), pathlib.Path(tempfile.mkdtemp()) / "demo.html")
    >>> out.read_text(encoding="utf-8").count("Corridor: ") >= 3
    True
    """
    from corridors.data.files import atomic_path

    path = Path(path)
    html = m.get_root().render()
    with atomic_path(path, suffix=".html") as tmp:
        tmp.write_text(html, encoding="utf-8")
    return path


# -- helpers ------------------------------------------------------------------------------------
class _MapData(MacroElement):
    """Data shared by every layer of one map, and the JS that binds it (:data:`corridors.render.layers.POPUP_JS`).

    ``popups`` holds each element's popup once (ref → data) and ``geoms`` each link's coordinates
    once (id → ``[[lon, lat], …]``): a link drawn in its corridor layer, its commodity layers and the
    comparison, bypass and disruption layers is stored once, and its features are built in the page.
    """

    _template = Template("{% macro header(this, kwargs) %}<script>{{ this.script() }}</script>{% endmacro %}")

    def __init__(self, m: folium.Map, popups: dict):
        super().__init__()
        self._name = "CorridorsMapData"
        self.popups = popups
        self.geoms: dict[str, list] = {}
        self.var = f"cx_{m.get_name()}"

    def script(self) -> str:
        return f"{ml.POPUP_JS}var {self.var} = {ml.script_json({'p': self.popups, 'g': self.geoms})};"

    def _on_each(self):
        from folium.utilities import JsCode

        return JsCode(f"function (feature, layer) {{ cxBind({self.var}.p, feature, layer); }}")

    def geojson(self, features: list[dict], **options: Any) -> folium.GeoJson:
        """A GeoJson layer whose features carry their own style, tooltip lines and popup ref.

        The layer starts empty and a child script adds the features as :func:`~corridors.render.layers.script_json`
        (never through folium's own serialiser: branca renders scripts through Jinja a second time).
        """
        import folium

        layer = folium.GeoJson({"type": "FeatureCollection", "features": []}, on_each_feature=self._on_each(), **options)
        layer.cx_features = features
        layer.add_child(_Fill(ml.script_json({"type": "FeatureCollection", "features": features})))
        return layer

    def lines(self, features: list[dict], **options: Any) -> folium.GeoJson:
        """Like :meth:`geojson` for link features, whose geometry is stored once per map.

        The layer starts empty; a child script adds ``[id, properties]`` pairs joined to the shared
        coordinates. The full features stay on the Python object as ``cx_features``.
        """
        import folium

        layer = folium.GeoJson({"type": "FeatureCollection", "features": []}, on_each_feature=self._on_each(), **options)
        spec = []
        for f in features:
            lid = f["properties"]["id"]
            self.geoms.setdefault(lid, f["geometry"]["coordinates"])
            spec.append([lid, f["properties"]])
        layer.cx_features = features
        layer.add_child(_Fill(f"cxLines({self.var}.g, {ml.script_json(spec)})"))
        return layer

    def points(self, features: list[dict], class_name: str, pane: str) -> folium.GeoJson:
        """A GeoJson layer of circle markers (radius and colours from each feature's style)."""
        import folium

        marker = folium.CircleMarker(radius=6, fill=True)
        marker.options.update({"className": class_name, "pane": pane})
        layer = folium.GeoJson({"type": "FeatureCollection", "features": []}, marker=marker, pane=pane,
                               on_each_feature=self._on_each())
        layer.cx_features = features
        layer.add_child(_Fill(ml.script_json({"type": "FeatureCollection", "features": features})))
        return layer


class _Fill(MacroElement):
    """Adds features to its parent GeoJson layer: ``parent.addData(<expression>)``.

    ``expression`` is built only from :func:`~corridors.render.layers.script_json` output and
    generated variable names, so it is inert when branca parses the script as a Jinja template.
    """

    _template = Template("{% macro script(this, kwargs) %}{{ this._parent.get_name() }}.addData({{ this.expression }});"
                         "{% endmacro %}")

    def __init__(self, expression: str):
        super().__init__()
        self._name = "CorridorsFill"
        self.expression = expression


class _FitView(MacroElement):
    """Fit the view to the network once the map has a size (at once, and again on the page's load).

    folium's ``fit_bounds`` runs while the script runs; a map in a frame not laid out yet has no
    size then, and Leaflet's zoom becomes NaN. The map starts at a fixed centre and zoom instead.
    """

    _template = Template("{% macro script(this, kwargs) %}(function (map, b) {"
                         "function fit() { map.invalidateSize(); var s = map.getSize();"
                         " if (s.x > 0 && s.y > 0) map.fitBounds(b, {padding: [12, 12]}); }"
                         " fit(); window.addEventListener('load', fit);"
                         "})({{ this._parent.get_name() }}, {{ this.bounds|tojson }});{% endmacro %}")

    def __init__(self, bounds: list):
        super().__init__()
        self._name = "CorridorsFitView"
        self.bounds = bounds


class _Raw(Element):
    """Ready-made, already escaped HTML inserted as a template *variable*, never as template source.

    ``folium.Element(text)`` compiles ``text`` as a Jinja template: data in it (``{{ … }}``) would run.
    """

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


def _is_built(lid: str, row: dict, network, flows) -> bool:
    if network.year is not None:
        return True
    if lid in network.projects or str(row.get("asset")) in network.projects:
        return True
    return flows is not None and lid in flows.index and (flows.at[lid, "flow"] or 0) > 0


def _layer_kind(lid: str, row: dict, network, flows) -> str:
    if row["status"] == "retired" and network.year is None:
        return "retired"
    if row["status"] in PROJECT_STATUSES and not _is_built(lid, row, network, flows):
        return "project"
    return "corridor"


def _node_unmet(result: Any) -> dict[str, float]:
    """Unmet demand by node from the result's ``deliveries`` (or ``unmet``) table, else empty."""
    if result is None:
        return {}
    for attr in ("deliveries", "unmet"):
        values = ml.node_values(getattr(result, attr, None), "unmet")
        if values:
            return values
    return {}


def _base_map(network, tiles: Any, map_id: str = "cx0"):
    import folium

    bounds = _bounds(network)
    (s, w), (n, e) = bounds
    m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=5, tiles=None, control_scale=True,
                   zoom_snap=0.25, zoom_delta=0.5)
    m._id = map_id
    if tiles is not None:
        if isinstance(tiles, folium.TileLayer):
            tiles.add_to(m)
        elif isinstance(tiles, str) and tiles.lower().startswith(("http://", "https://")):
            from urllib.parse import urlparse

            folium.TileLayer(tiles, attr=f"Tiles: {esc(urlparse(tiles).hostname)}", name="Tiles").add_to(m)
        elif isinstance(tiles, str):
            folium.TileLayer(tiles).add_to(m)
        else:
            raise DataError(f"tiles {tiles!r} is not a tile name, a URL template or a folium.TileLayer")
    _FitView(bounds).add_to(m)
    return m


def _bounds(network) -> list[list[float]]:
    boxes = [f.total_bounds for f in (network.links, network.nodes) if len(f)]
    if not boxes:
        return [[36.0, 40.0], [44.0, 52.0]]
    w = min(b[0] for b in boxes)
    s = min(b[1] for b in boxes)
    e = max(b[2] for b in boxes)
    n = max(b[3] for b in boxes)
    return [[float(s), float(w)], [float(n), float(e)]]


def _country_box(network) -> tuple[float, float, float, float]:
    """(west, south, east, north) of the outlines drawn: the network plus a margin, within the data."""
    from corridors.data.geometry import countries

    (s, w), (n, e) = _bounds(network)
    pad = COUNTRY_MARGIN_DEG
    dw, ds, de, dn = (float(v) for v in countries().total_bounds)
    return max(w - pad, dw), max(s - pad, ds), min(e + pad, de), min(n + pad, dn)


def _clipped_countries(network):
    import shapely

    from corridors.data.geometry import countries

    frame = countries()
    geoms = shapely.clip_by_rect(frame.geometry.values, *_country_box(network))
    geoms = shapely.simplify(geoms, ml.COUNTRY_SIMPLIFY_DEG)
    return [(code, name, g) for code, name, g in zip(frame.index, frame["name"], geoms) if not g.is_empty]


def _add_countries(m: folium.Map, data: _MapData, network: Network, tiles: Any, styler: Styler) -> None:
    import folium

    land = {"color": BORDER_COLOUR, "weight": 0.8, "fillColor": LAND_COLOUR,
            "fillOpacity": 1.0 if tiles is None else 0.0, "opacity": 0.9}
    shapes = _clipped_countries(network)
    feats = [f for f in (ml.polygon_feature(g, land) for _, _, g in shapes) if f]
    if tiles is None:  # a sea-coloured sheet under the outlines, a neutral page around it
        from shapely.geometry import box

        sheet = ml.polygon_feature(box(*_country_box(network)), {"color": SEA_COLOUR, "weight": 0, "fillColor": SEA_COLOUR,
                                                                  "fillOpacity": 1.0})
        feats.insert(0, sheet)
        m.get_root().header.add_child(_Raw(
            f"<style>div.folium-map.leaflet-container {{background: {PAGE_COLOUR}}}</style>"))
    layer = folium.FeatureGroup(name="Country outlines", show=True).add_to(m)
    folium.GeoJson({"type": "FeatureCollection", "features": feats}, interactive=False, pane="cx-countries").add_to(layer)
    scores, name = styler.country_scores, styler.score_name
    scored = []
    for code, country, g in shapes:
        if code in scores:
            v = scores[code]
            ref = f"c:{code}"
            styler.popups[ref] = ml.popup_data(esc(country), [("Country", esc(code)), (esc(name.capitalize()), esc(fmt_number(v)))])
            f = ml.polygon_feature(g, {"color": "#7f0000", "weight": 1, "fillColor": styler.cmap(v), "fillOpacity": 0.55},
                                   tip=(esc(country), esc(f"{name} {fmt_number(v)}")), ref=ref, id=code)
            if f:
                scored.append(f)
    if scored:
        layer = folium.FeatureGroup(name=f"Countries by {esc(name)}", show=True).add_to(m)
        data.geojson(scored, pane="cx-countries", className="cx-country").add_to(layer)


def _add_disrupted(layer, data: _MapData, network: Network, styler: Styler, cut_lines: list[dict],
                   cut_points: list[dict], cut_nodes: set[str], cut_countries: set[str]) -> None:
    import folium

    if cut_countries:
        style = {"color": DISRUPTED_COLOUR, "weight": 2.5, "dashArray": "6 6", "fillColor": DISRUPTED_COLOUR, "fillOpacity": 0.08}
        feats = [f for f in (ml.polygon_feature(g, style) for c, _, g in _clipped_countries(network) if c in cut_countries) if f]
        folium.GeoJson({"type": "FeatureCollection", "features": feats}, interactive=False, pane="cx-alerts").add_to(layer)
    if cut_lines:
        data.lines(cut_lines, interactive=False, pane="cx-alerts").add_to(layer)
    for nid in sorted(cut_nodes):
        row = network.nodes.loc[nid]
        cut_points.append(ml.point_feature(row.geometry.x, row.geometry.y,
                                           {"radius": 12, "color": DISRUPTED_COLOUR, "weight": 3, "fillColor": DISRUPTED_COLOUR,
                                            "fillOpacity": 0.15, "dashArray": "4 3"},
                                           ("Disrupted", esc(row["name"])), f"n:{nid}", id=nid))
    if cut_points:
        data.points(cut_points, "cx-disrupted", "cx-alerts").add_to(layer)


def _add_direction(m, data: _MapData, links, flows, cut_links: set) -> None:
    """A "Flow direction" layer: a light dash running along each line that carries flow, the way it flows."""
    import folium

    if flows is None or "direction" not in flows.columns:
        return
    feats: dict[str, list[dict]] = {"forward": [], "reverse": []}
    for lid, row in zip(links.index, links.to_dict("records")):
        if lid in cut_links or lid not in flows.index:
            continue
        flow, way = flows.at[lid, "flow"], str(flows.at[lid, "direction"])
        if is_missing(flow) or abs(float(flow)) <= 1e-9 or way not in feats:
            continue
        feats[way].append(ml.line_feature(ml.line_coords(row["geometry"]), DIRECTION_STYLE, None, id=lid))
    if not (feats["forward"] or feats["reverse"]):
        return
    layer = folium.FeatureGroup(name="Flow direction", show=True).add_to(m)
    for way, klass in (("forward", "cx-dir"), ("reverse", "cx-dir cx-rev")):
        if feats[way]:
            data.lines(feats[way], className=klass, pane="cx-dir", interactive=False).add_to(layer)


def _default_title(network, view: str, score_name: str) -> str:
    year = f" {network.year}" if network.year is not None else ""
    label = {"network": "network", "flow": "flows", "comparison": "scenario against base case",
             "sweep": f"{score_name} (sweep)"}[view]
    return f"Caspian–Black Sea corridors{year}: {label}"
