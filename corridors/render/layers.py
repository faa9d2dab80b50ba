"""Building blocks of :mod:`corridors.render.maps`: escaping, number formats, input coercion, GeoJSON features.

Everything here is private to the map renderer, but kept importable for tests and the report.
The rule that makes the maps safe: every string that comes from data passes through :func:`esc`
before it reaches a GeoJSON property, a layer name or a legend, because folium's
``GeoJsonTooltip``/``GeoJsonPopup`` and Leaflet's ``LayerControl`` insert them as raw HTML.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from corridors.errors import DataError, ScenarioError, suggest
from corridors.data.units import COMMODITIES
from corridors.model.targets import TARGET_KINDS, TargetId, resolve_target, split_target

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = [
    "esc",
    "fmt_number",
    "fmt_quantity",
    "popup_data",
    "popup_html",
    "tooltip_html",
    "script_json",
    "flow_table",
    "comparison_table",
    "sweep_scores",
    "resolve_targets",
    "bypass_links",
    "line_coords",
    "line_feature",
    "point_feature",
    "polygon_feature",
]

#: Simplification tolerance for drawn lines (degrees; ~100 m): invisible at corridor scale.
LINE_SIMPLIFY_DEG = 0.001
#: Simplification tolerance for the country outlines (degrees; ~1 km).
COUNTRY_SIMPLIFY_DEG = 0.01
#: Decimals kept in drawn coordinates (4 ≈ 11 m).
COORD_DECIMALS = 4


# -- text ---------------------------------------------------------------------------------------
def is_missing(value: Any) -> bool:
    """True for None, NaN, ``pd.NA`` and ``pd.NaT``.

    Examples
    --------
    >>> is_missing(float("nan")), is_missing(0), is_missing("")
    (True, False, False)
    """
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        import pandas as pd

        return bool(pd.isna(value)) if not isinstance(value, (str, tuple, list)) else False
    except (TypeError, ValueError):
        return False


def esc(value: Any) -> str:
    """HTML-escape any value for display (missing values become ``""``).

    Besides ``<>&"'``, braces become character references (``&#123;`` ``&#125;``), so the text is inert
    where branca/folium pass rendered HTML through Jinja again; bidi controls are kept but shown in
    isolation by the page's CSS (``unicode-bidi: isolate``, see :func:`bidi_safe`).

    Examples
    --------
    >>> esc("<img src=x onerror=alert(1)>")
    '&lt;img src=x onerror=alert(1)&gt;'
    >>> esc("{{7*7}}")
    '&#123;&#123;7*7&#125;&#125;'
    >>> esc(None), esc(("oil", "gas"))
    ('', 'oil, gas')
    """
    if is_missing(value):
        return ""
    if isinstance(value, (tuple, list, set, frozenset)):
        value = ", ".join(str(v) for v in value)
    return bidi_safe(html.escape(str(value), quote=True).replace("{", "&#123;").replace("}", "&#125;"))


#: Unicode bidi embedding/override/isolate controls; each run of text they could reorder is closed.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def bidi_safe(text: str) -> str:
    """``text`` with its bidi controls closed at the end, so they cannot reorder what follows.

    An override (U+202E) or embedding left open flips the text after the value; a trailing
    POP DIRECTIONAL FORMATTING / POP DIRECTIONAL ISOLATE per open control ends it where the value ends.

    Examples
    --------
    >>> bidi_safe("abc\u202edef") == "abc\u202edef\u202c"
    True
    """
    if not _BIDI.search(text):
        return text
    opened = {"e": 0, "i": 0}
    for ch in _BIDI.findall(text):
        if ch in "\u202a\u202b\u202d\u202e":
            opened["e"] += 1
        elif ch == "\u202c":
            opened["e"] = max(0, opened["e"] - 1)
        elif ch in "\u2066\u2067\u2068":
            opened["i"] += 1
        else:
            opened["i"] = max(0, opened["i"] - 1)
    return text + "\u202c" * opened["e"] + "\u2069" * opened["i"]


def fmt_number(value: float) -> str:
    """A readable number: thousands separated above 100, three significant digits below.

    Examples
    --------
    >>> fmt_number(59.754), fmt_number(1234.5), fmt_number(0.01234), fmt_number(5.0)
    ('59.8', '1,234', '0.0123', '5')
    """
    if is_missing(value):
        return "–"
    v = float(value)
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if v == 0:
        return "0"
    return f"{v:.3g}"


def fmt_quantity(value: float, unit: Any, *, oil: bool = False) -> str:
    """A quantity in a canonical unit (oil also in kb/d); ``"–"`` when missing.

    Examples
    --------
    >>> fmt_quantity(59.754, "Mt/y", oil=True)
    '59.8 Mt/y (1,200 kb/d)'
    >>> fmt_quantity(16, "bcm/y")
    '16 bcm/y'
    """
    if is_missing(value):
        return "–"
    text = fmt_number(value) + (f" {unit}" if not is_missing(unit) and unit else "")
    if oil and unit == "Mt/y":
        from corridors.data.units import oil_mt_to_kbd

        text += f" ({oil_mt_to_kbd(float(value)):,.0f} kb/d)"
    return text


def popup_data(title: str, rows: Iterable[tuple[str, str]]) -> list:
    """A popup as data, ``[title, [[label, value], ...]]``, from ALREADY escaped strings (empty rows dropped).

    The page turns it into HTML (:data:`POPUP_JS`, mirrored by :func:`popup_html`), so the markup is
    not repeated in the embedded JSON for every feature.
    """
    return [title, [[k, v] for k, v in rows if v not in ("", None)]]


def popup_html(data: list) -> str:
    """The HTML the page builds from :func:`popup_data` (for tests and static reports).

    Examples
    --------
    >>> popup_html(popup_data("T", [("Name", esc("<b>")), ("Empty", "")]))
    '<div class="cx-pop"><b>T</b><table><tr><th>Name</th><td>&lt;b&gt;</td></tr></table></div>'
    """
    body = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in data[1])
    return f'<div class="cx-pop"><b>{data[0]}</b><table>{body}</table></div>'


def tooltip_html(tip: Iterable[str]) -> str:
    """The HTML the page builds for a feature's tooltip lines (already escaped)."""
    first, *rest = list(tip)
    return f'<div class="cx-tip"><b>{first}</b>' + "".join(f"<br>{line}" for line in rest if line) + "</div>"


#: Page-side helpers: build popups and tooltips from feature data, add hover emphasis on lines.
POPUP_JS = """
function cxPopupHtml(d) {
  var rows = '';
  for (var i = 0; i < d[1].length; i++) rows += '<tr><th>' + d[1][i][0] + '</th><td>' + d[1][i][1] + '</td></tr>';
  return '<div class="cx-pop"><b>' + d[0] + '</b><table>' + rows + '</table></div>';
}
function cxLines(geoms, spec) {
  var out = [];
  for (var i = 0; i < spec.length; i++)
    out.push({type: 'Feature', properties: spec[i][1], geometry: {type: 'LineString', coordinates: geoms[spec[i][0]]}});
  return {type: 'FeatureCollection', features: out};
}
function cxBind(popups, feature, layer) {
  var p = feature.properties || {}, s = p.style || {};
  if (p.style && layer.setStyle) layer.setStyle(p.style);
  if (p.t) {
    var tip = '<div class="cx-tip"><b>' + p.t[0] + '</b>';
    for (var i = 1; i < p.t.length; i++) if (p.t[i]) tip += '<br>' + p.t[i];
    layer.bindTooltip(tip + '</div>', {sticky: true});
  }
  if (p.r && popups[p.r]) layer.bindPopup(function () { return cxPopupHtml(popups[p.r]); }, {maxWidth: 420});
  if (p.h) {
    layer.on('mouseover', function (e) { e.target.setStyle({weight: (s.weight || 3) + 3}); });
    layer.on('mouseout', function (e) { e.target.setStyle({weight: s.weight || 3}); });
  }
}
"""


def script_json(obj: Any) -> str:
    """JSON safe to place inside a ``<script>`` element and inert to Jinja.

    No ``</script>`` or ``<!--`` (``<`` is written ``\\u003c``), and no ``{{``, ``{%`` or ``{#``: a brace
    that would open a Jinja tag is written ``\\u007b`` (JSON's own braces are always followed by ``"``
    or ``}``, so only braces inside strings change). branca renders every element's script through
    Jinja a second time; data must never become template source there.

    Examples
    --------
    >>> print(script_json({"a": "</script>", "b": "{{7*7}}"}))
    {"a": "\\u003c/script>", "b": "\\u007b{7*7}}"}
    """
    text = json.dumps(obj, ensure_ascii=False).replace("<", "\\u003c")
    return _JINJA_OPEN.sub("\\\\u007b", text)


_JINJA_OPEN = re.compile(r"\{(?=[{%#])")


def source_html(value: Any) -> str:
    """A source as escaped text, or a link when it is a single http(s) URL.

    Examples
    --------
    >>> source_html("https://example.org/a?b=1&c=2")
    '<a href="https://example.org/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>'
    >>> source_html("javascript:alert(1)")
    'javascript:alert(1)'
    """
    if is_missing(value):
        return ""
    text = str(value).strip()
    if text.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in text):
        e = esc(text)
        return f'<a href="{e}" target="_blank" rel="noopener noreferrer">{e}</a>'
    return esc(text)


# -- input coercion (duck-typed FlowResult, Comparison, sweep tables) ---------------------------
def _frame_of(obj: Any, attrs: Iterable[str], what: str, hint: str) -> pd.DataFrame:
    import pandas as pd

    if isinstance(obj, pd.DataFrame):
        return obj
    for attr in attrs:
        frame = getattr(obj, attr, None)
        if isinstance(frame, pd.DataFrame):
            return frame
    raise DataError(f"{what} {type(obj).__name__!r} has no table to draw; {hint}")


def _indexed(frame: pd.DataFrame, keys: Iterable[str] = ("link", "id", "element", "target")) -> pd.DataFrame:
    import pandas as pd

    if isinstance(frame.index, pd.RangeIndex):
        for key in keys:
            if key in frame.columns:
                frame = frame.set_index(key)
                break
    frame = frame.copy()
    frame.index = [str(i) for i in frame.index]
    return frame


def _first(frame: pd.DataFrame, names: Iterable[str]) -> str | None:
    for name in names:
        if name in frame.columns:
            return name
    return None


def flow_table(result: Any) -> pd.DataFrame | None:
    """Normalise a FlowResult (or its ``flows`` frame) to columns ``flow``, ``utilisation``,
    ``capacity``, ``dual`` and ``flow:<commodity>``, indexed by link id (as str).

    Examples
    --------
    >>> import pandas as pd
    >>> t = flow_table(pd.DataFrame({"flow": [3.0], "capacity": [6.0], "oil": [3.0]}, index=["a"]))
    >>> float(t.loc["a", "utilisation"]), float(t.loc["a", "flow:oil"])
    (0.5, 3.0)
    """
    import numpy as np
    import pandas as pd

    if result is None:
        return None
    hint = "pass a FlowResult or a DataFrame indexed by link id with a 'flow' column"
    frame = _indexed(_frame_of(result, ("flows", "links"), "result", hint))
    out = pd.DataFrame(index=frame.index)
    per = {}
    for k in COMMODITIES:
        col = _first(frame, (k, f"flow_{k}", f"{k}_flow", f"flow:{k}"))
        if col is not None:
            per[k] = pd.to_numeric(frame[col], errors="coerce").astype(float)
    if "flow" in frame.columns:
        out["flow"] = pd.to_numeric(frame["flow"], errors="coerce").astype(float)
    elif per:
        out["flow"] = sum(per.values())
    else:
        raise DataError(f"result flows have no 'flow' column (columns: {', '.join(map(str, frame.columns))}); {hint}")
    for k, series in per.items():
        out[f"flow:{k}"] = series
    cap = _first(frame, ("capacity", "capacity_value"))
    out["capacity"] = pd.to_numeric(frame[cap], errors="coerce").astype(float) if cap else np.nan
    util = _first(frame, ("utilisation", "utilization", "util"))
    if util:
        out["utilisation"] = pd.to_numeric(frame[util], errors="coerce").astype(float)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            out["utilisation"] = (out["flow"] / out["capacity"]).replace([np.inf, -np.inf], np.nan)
    dual = _first(frame, ("dual", "shadow_price", "capacity_dual"))
    out["dual"] = pd.to_numeric(frame[dual], errors="coerce").astype(float) if dual else np.nan
    out["direction"] = frame["direction"].astype(str) if "direction" in frame.columns else ""
    return out


def node_values(table: Any, column: str) -> dict[str, float]:
    """Sum ``column`` per node from a frame with a ``node`` column (or indexed by node), else ``{}``.

    Examples
    --------
    >>> import pandas as pd
    >>> node_values(pd.DataFrame({"node": ["a", "a"], "unmet": [1.0, 2.0]}), "unmet")
    {'a': 3.0}
    """
    import pandas as pd

    if isinstance(table, pd.Series) and column == table.name:
        series = table
    elif isinstance(table, pd.DataFrame) and column in table.columns:
        series = table.groupby("node")[column].sum() if "node" in table.columns else table[column].groupby(level=0).sum()
    else:
        return {}
    series = pd.to_numeric(series, errors="coerce").groupby(level=0).sum()
    return {str(k): float(v) for k, v in series.items() if not is_missing(v)}


def comparison_table(comparison: Any) -> tuple[pd.DataFrame | None, Any]:
    """Normalise a Comparison to a frame ``base``, ``scenario``, ``change`` by link id, plus the
    scenario's FlowResult when the comparison carries one (else None).

    Examples
    --------
    >>> import pandas as pd
    >>> t, _ = comparison_table(pd.DataFrame({"base_flow": [4.0], "scenario_flow": [1.0]}, index=["a"]))
    >>> t.loc["a"].tolist()
    [4.0, 1.0, -3.0]
    """
    import pandas as pd

    if comparison is None:
        return None, None
    scenario_result = getattr(comparison, "scenario", None)
    if not hasattr(scenario_result, "flows"):
        scenario_result = None
    base_result = getattr(comparison, "base", None)
    hint = "pass a Comparison or a DataFrame indexed by link id with base and scenario flow columns"
    try:
        frame = _indexed(_frame_of(comparison, ("links", "flows", "link_flows", "per_link", "table", "changes"),
                                   "comparison", hint))
    except DataError:
        if scenario_result is None or not hasattr(base_result, "flows"):
            raise
        frame = pd.DataFrame()
    base = _first(frame, ("base", "base_flow", "flow_base", "before"))
    scen = _first(frame, ("scenario", "scenario_flow", "flow_scenario", "flow_other", "other", "after", "new"))
    change = _first(frame, ("change", "delta", "flow_change", "diff", "difference"))
    out = pd.DataFrame(index=frame.index)
    if base is None and hasattr(base_result, "flows"):
        frame = flow_table(base_result)[["flow"]].rename(columns={"flow": "base"})
        base = "base"
        frame = frame.join(flow_table(scenario_result)[["flow"]].rename(columns={"flow": "scenario"}), how="outer") \
            if scenario_result is not None else frame
        scen = "scenario" if scenario_result is not None else None
        out = pd.DataFrame(index=frame.index)
    if base is None or scen is None:
        if change is None:
            raise DataError(f"comparison has no base/scenario flow or change columns "
                            f"(columns: {', '.join(map(str, frame.columns))}); {hint}")
    num = lambda c: pd.to_numeric(frame[c], errors="coerce").astype(float)  # noqa: E731
    out["base"] = num(base) if base else float("nan")
    out["scenario"] = num(scen) if scen else float("nan")
    out["change"] = num(change) if change else out["scenario"].fillna(0.0) - out["base"].fillna(0.0)
    return out, scenario_result


def resolve_targets(network: Network, targets: Iterable[Any]) -> tuple[set[str], set[str], set[str]]:
    """The link, node and country sets a map marks as disrupted, from ``kind:id`` targets (or objects
    with a ``target``, ``(target, remaining)`` pairs, or a Scenario's ``disruptions``).

    Each target goes through :func:`corridors.model.targets.resolve_target`, the resolver the LP
    uses, so the map marks exactly what the scenario derates: a country marks itself, the links
    that cross it, its nodes and the links that end at them. A bare id stands for the one kind of
    the network that has it (``"pipe-c"`` → ``link:pipe-c``). Unknown targets raise
    :class:`~corridors.errors.ScenarioError` with a suggestion.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> links, nodes, countries = resolve_targets(load_demo_network(), ["pipe-a", "node:supsa"])
    >>> sorted(links), sorted(nodes), sorted(countries)
    (['pipe-a', 'pipe-c'], ['supsa'], [])
    """
    out_links: set[str] = set()
    out_nodes: set[str] = set()
    out_countries: set[str] = set()
    if isinstance(targets, str):
        targets = [targets]
    targets = getattr(targets, "disruptions", targets)  # a Scenario: its disruptions
    for item in targets or ():
        if isinstance(item, tuple) and item:
            item = item[0]
        hit = resolve_target(network, getattr(item, "target", item), bare="any")
        out_links.update(hit.links)
        out_nodes.update(hit.nodes)
        if hit.kind == "country":
            out_countries.add(hit.id)
    return out_links, out_nodes, out_countries


def bypass_links(network: Network, bypass: Any) -> dict[str, float]:
    """Link ids of bypass routes → rerouted flow (NaN when the input gives none).

    ``bypass`` is a list of link ids (or of paths, each a list of link ids), or a DataFrame with a
    ``link``/``links``/``path`` column (or link ids as index) and optionally a ``flow`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> bypass_links(net, pd.DataFrame({"links": [["pipe-a", "pipe-c"]], "flow": [5.0]}))
    {'pipe-a': 5.0, 'pipe-c': 5.0}
    """
    import pandas as pd

    if bypass is None:
        return {}
    rows: list[tuple[Any, float]] = []
    if not isinstance(bypass, (pd.DataFrame, pd.Series, list, tuple, set, pd.Index, str)):
        for attr in ("paths", "links", "table", "routes"):
            if isinstance(getattr(bypass, attr, None), (pd.DataFrame, list, tuple)):
                bypass = getattr(bypass, attr)
                break
    if isinstance(bypass, pd.DataFrame):
        col = _first(bypass, ("link", "links", "path", "route", "link_id", "links_path", "edges"))
        flow_col = _first(bypass, ("flow", "rerouted", "volume"))
        items = bypass[col].tolist() if col else list(bypass.index)
        flows = bypass[flow_col].tolist() if flow_col else [math.nan] * len(items)
        rows = list(zip(items, flows))
    elif isinstance(bypass, pd.Series):
        rows = [(i, math.nan) for i in bypass.tolist()]
    elif isinstance(bypass, str):
        rows = [(bypass, math.nan)]
    else:
        rows = [(i, math.nan) for i in bypass]
    out: dict[str, float] = {}
    valid = network.links.index
    for item, flow in rows:
        ids = [item] if isinstance(item, str) else list(item)
        for lid in ids:
            kind, lid = split_target(lid)
            if lid not in valid:
                raise DataError(f"bypass link {lid!r} is not in the network{suggest(lid, valid)}; "
                                "give link ids of the network drawn")
            f = float(flow) if not is_missing(flow) else math.nan
            prev = out.get(lid, math.nan)
            out[lid] = f if math.isnan(prev) else (prev if math.isnan(f) else prev + f)
    return out


def _members(network: Network, target: TargetId) -> tuple[str, ...]:
    """The links of a corridor/asset/mode row of a sweep table (none when it names nothing here)."""
    try:
        return resolve_target(network, target).links
    except ScenarioError:
        return ()


_SCORE_COLUMNS = ("criticality", "loss_pct", "unmet", "score", "lost", "unmet_demand", "loss")
_SCORE_LABELS = {"loss_pct": "loss % of demand", "unmet": "unmet demand", "unmet_demand": "unmet demand"}


def sweep_scores(sweep: Any, network: Network) -> tuple[str, dict[str, float], dict[str, float], dict[str, float]]:
    """Split a sweep table into (score name, link scores, node scores, country scores).

    ``sweep`` is a DataFrame or a SweepResult (its ``table``; its ``level`` says what the ids are).
    The score is the first of ``criticality``, ``loss_pct``, ``unmet``, ``score``, ``lost`` found
    (or the only numeric column); the name returned is a readable label for it. Rows are matched
    by id, or by ``kind:id`` targets; corridor/asset/mode rows score their links (keeping a link's
    own score when it has one). Rows that match nothing (N-k pairs) are skipped, but a table in
    which no row matches raises :class:`~corridors.errors.DataError`.

    Examples
    --------
    >>> import pandas as pd
    >>> from corridors.data.io import load_demo_network
    >>> t = pd.DataFrame({"criticality": [9.0, 2.0, 1.0]}, index=["pipe-a", "node:supsa", "GE"])
    >>> name, links, nodes, countries = sweep_scores(t, load_demo_network())
    >>> name, links, nodes, countries
    ('criticality', {'pipe-a': 9.0}, {'supsa': 2.0}, {'GE': 1.0})
    """
    import pandas as pd

    from corridors.data.geometry import countries as country_table

    hint = "pass a DataFrame indexed by link, node or country id with a 'criticality' or 'unmet' column"
    frame = _frame_of(sweep, ("table", "ranking", "criticality", "scores", "frame"), "sweep", hint)
    level = getattr(sweep, "level", None)
    level = level if level in TARGET_KINDS else None
    kind_col = _first(frame, ("kind", "element_kind", "type", "level"))
    frame = _indexed(frame)
    name = _first(frame, _SCORE_COLUMNS)
    if name is None:
        numeric = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])]
        if len(numeric) != 1:
            raise DataError(f"sweep table has no 'criticality' or 'unmet' column (columns: "
                            f"{', '.join(map(str, frame.columns)) or 'none'}); {hint}")
        name = numeric[0]
    scores = pd.to_numeric(frame[name], errors="coerce").astype(float)
    kinds = frame[kind_col].astype(str).tolist() if kind_col else [level] * len(frame)
    codes = set(country_table().index)
    links: dict[str, float] = {}
    nodes: dict[str, float] = {}
    countries: dict[str, float] = {}
    groups: dict[str, float] = {}
    for raw, score, given in zip(frame.index, scores, kinds):
        if math.isnan(score):
            continue
        kind, ident = split_target(raw)
        kind = kind or (given if given in TARGET_KINDS else None)
        if kind in (None, "link") and ident in network.links.index:
            links[ident] = score
        elif kind in (None, "node") and ident in network.nodes.index:
            nodes[ident] = score
        elif kind in (None, "country") and ident.upper() in codes and len(ident) == 2:
            countries[ident.upper()] = score
        elif kind in ("corridor", "asset", "mode") or kind is None:
            for lid in _members(network, TargetId(kind or "asset", ident)):
                groups[lid] = max(groups.get(lid, -math.inf), score)
    for lid, score in groups.items():
        links.setdefault(lid, score)
    if not (links or nodes or countries) and len(frame):
        first = str(frame.index[0])
        raise DataError(f"no row of the sweep table names an element of this network (first row: {first!r})"
                        f"{suggest(split_target(first)[1], [*network.links.index, *network.nodes.index])}")
    return _SCORE_LABELS.get(str(name), str(name).replace("_", " ")), links, nodes, countries


# -- GeoJSON features ---------------------------------------------------------------------------
def line_coords(geometry: Any, *, tolerance: float = LINE_SIMPLIFY_DEG) -> list[list[float]]:
    """Simplified, rounded ``[lon, lat]`` pairs of a LineString (consecutive duplicates dropped).

    Examples
    --------
    >>> from shapely.geometry import LineString
    >>> line_coords(LineString([(0, 0), (0.00001, 0.00001), (1, 1.123456)]))
    [[0.0, 0.0], [1.0, 1.1235]]
    """
    g = geometry.simplify(tolerance, preserve_topology=False) if tolerance else geometry
    if g.is_empty or len(g.coords) < 2:
        g = geometry
    out: list[list[float]] = []
    for x, y, *_ in g.coords:
        pt = [round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS)]
        if not out or pt != out[-1]:
            out.append(pt)
    if len(out) < 2:
        out.append(list(out[0]))
    return out


def line_feature(coords: list[list[float]], style: Mapping[str, Any], tip: tuple[str, str] | None,
                 ref: str | None = None, **props: Any) -> dict:
    """A GeoJSON LineString feature: Leaflet ``style``, escaped tooltip lines ``tip`` and a popup ``ref``."""
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
            "properties": _props(style, tip, ref, props)}


def point_feature(lon: float, lat: float, style: Mapping[str, Any], tip: tuple[str, str] | None,
                  ref: str | None = None, **props: Any) -> dict:
    """A GeoJSON Point feature (drawn as a circle marker styled by ``style``)."""
    return {"type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(float(lon), COORD_DECIMALS), round(float(lat), COORD_DECIMALS)]},
            "properties": _props(style, tip, ref, props)}


def _props(style: Mapping[str, Any], tip: tuple[str, str] | None, ref: str | None, props: dict) -> dict:
    out: dict[str, Any] = {**props, "style": dict(style)}
    if tip:
        out["t"] = list(tip)
    if ref:
        out["r"] = ref
    return out


def polygon_feature(geometry: Any, style: Mapping[str, Any], *, decimals: int = 3, tip: tuple[str, str] | None = None,
                    ref: str | None = None, **props: Any) -> dict | None:
    """A GeoJSON (Multi)Polygon feature with rounded coordinates, or None when empty."""
    import shapely

    if geometry is None or geometry.is_empty:
        return None
    geometry = shapely.set_precision(geometry, 10 ** -decimals)
    if geometry.is_empty:
        return None
    mapping = shapely.geometry.mapping(geometry)
    return {"type": "Feature", "geometry": _round(mapping, decimals), "properties": _props(style, tip, ref, props)}


def _round(obj: Any, decimals: int) -> Any:
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, (list, tuple)):
        return [_round(v, decimals) for v in obj]
    if isinstance(obj, dict):
        return {k: _round(v, decimals) for k, v in obj.items()}
    return obj
