"""The dependence map: the transit countries (or assets, corridors) shaded by how much of one
market's supply, or of one supplier's exports, crosses them.

Built on :func:`corridors.render.maps.render_map` (the network, its outlines and legend) with one
more layer: for ``by="country"`` the Natural Earth outlines of each transit country, filled by the
share of the market's base supply of one commodity that crosses it (or the share of the
supplier's exports through it); for ``asset`` and ``corridor`` the element's links, coloured and
widened by the same share. Each shaded element's tooltip and popup give the share crossing (%),
the volume in the commodity's unit and, for a market, the share and volume it would lose if the
element failed (the N-1 solve of :func:`corridors.analysis.dependences.dependence`).

Every string from data is escaped (:func:`corridors.render.layers.esc`) before it reaches the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from corridors.errors import DataError, suggest
from corridors.render import layers as ml
from corridors.render.layers import esc, fmt_quantity, is_missing, popup_data

if TYPE_CHECKING:  # pragma: no cover
    import folium

    from corridors.analysis.dependences import Dependence
    from corridors.data.network import Network

__all__ = ["dependence_map", "dependence_summary", "DEPENDENCE_COLOURS"]

#: Share 0 → 100 %: pale to dark purple (distinct from the red criticality scale).
DEPENDENCE_COLOURS = ("#f2f0f7", "#9e9ac8", "#3f007d")
HOME_COLOUR = "#2b8cbe"
_CSS = """<style>
.cx-dep-legend {position: absolute; bottom: 64px; left: 10px; z-index: 1000; background: rgba(255,255,255,.94);
  padding: 6px 10px; border-radius: 4px; font: 12px sans-serif; box-shadow: 0 1px 4px rgba(0,0,0,.3); max-width: 260px}
.cx-dep-legend .cx-swatch {display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px;
  border: 2px dashed #2b8cbe}
@media (max-width: 600px) {.cx-dep-legend {font-size: 11px; max-width: 45%; bottom: 56px; left: 6px}}
</style>"""


def _pct(share: float) -> str:
    return "–" if is_missing(share) else f"{100 * float(share):.1f} %"


def _pick(dep: Dependence, network: Network, market: str | None, supplier: str | None,
          commodity: str | None) -> tuple[str, str, str, Any]:
    """(kind, id, commodity, rows of that id and commodity), with a one-line error naming the culprit."""
    if (market is None) == (supplier is None):
        raise DataError("the dependence map draws one market or one supplier: give a market (--market market-it) "
                        "or a supplier (--supplier AZ), not both")
    kind, ident = ("market", market) if market is not None else ("supplier", supplier)
    frame, col = (dep.markets, "market") if kind == "market" else (dep.suppliers, "origin")
    rows = frame[frame[col] == ident]
    if not len(rows):
        known = sorted(set(frame[col].astype(str)))
        if kind == "market" and ident in network.nodes.index:
            rows = frame.iloc[0:0]  # a market whose supply crosses no transit element: nothing to shade
        else:
            raise DataError(f"no {kind} {ident!r} with flow crossing a {dep.by}{suggest(str(ident), known)}; "
                            f"{kind}s: {', '.join(known) or 'none'}")
    found = sorted(set(rows["commodity"]))
    if commodity is None:
        if len(found) > 1:
            raise DataError(f"{kind} {ident!r} has {' and '.join(found)}; choose one commodity "
                            f"(--commodity {found[0]}): shares of different commodities are never added")
        commodity = found[0] if found else None
    elif commodity not in found and len(rows):
        raise DataError(f"{kind} {ident!r} has no {commodity} crossing a {dep.by}; it has {', '.join(found)}")
    return kind, ident, commodity or "", rows[rows["commodity"] == commodity]


def _shares(kind: str, rows: Any) -> dict[str, dict[str, Any]]:
    """via → share (0–1), volume, total, unit and (markets) lost and share lost."""
    out = {}
    for r in rows.to_dict("records"):
        if kind == "market":
            out[str(r["via"])] = {"share": float(r["share_crossing"]), "volume": float(r["crossing"]),
                                  "total": float(r["served"]), "unit": r["unit"], "lost": float(r["lost"]),
                                  "share_lost": float(r["share_lost"])}
        else:
            out[str(r["via"])] = {"share": float(r["share"]), "volume": float(r["through"]),
                                  "total": float(r["exports"]), "unit": r["unit"]}
    return out


def _rows(kind: str, commodity: str, s: dict[str, Any]) -> list[tuple[str, str]]:
    """The popup rows of one shaded element (escaped)."""
    what = "supply" if kind == "market" else "exports"
    rows = [(f"Share of {esc(commodity)} {what} crossing", esc(f"{_pct(s['share'])} ({fmt_quantity(s['volume'], s['unit'])} "
                                                              f"of {fmt_quantity(s['total'], s['unit'])})"))]
    if kind == "market":
        rows.append(("Lost if it fails (N-1)", esc(f"{_pct(s['share_lost'])} ({fmt_quantity(s['lost'], s['unit'])})")))
    return rows


def _tip(kind: str, s: dict[str, Any]) -> str:
    text = f"crossing {_pct(s['share'])} ({fmt_quantity(s['volume'], s['unit'])})"
    if kind == "market":
        text += f" · lost if it fails {_pct(s['share_lost'])} ({fmt_quantity(s['lost'], s['unit'])})"
    return esc(text)


def dependence_map(network: Network, dep: Dependence | None = None, *, market: str | None = None,
                   supplier: str | None = None, commodity: str | None = None, year: int | None = None,
                   by: str = "country", title: str | None = None, tiles: Any = None, cdn: bool = False) -> folium.Map:
    """The map of one market's (or supplier's) dependence on each transit element.

    Parameters
    ----------
    network
        The full network (e.g. :func:`corridors.load_network`).
    dep
        A :func:`corridors.analysis.dependences.dependence` result; computed here (``year``, ``by``,
        ``commodity``) when not given.
    market, supplier
        One of them: a market (demand node id, e.g. ``market-it``) or a supplier (origin, e.g. ``AZ``).
    commodity
        The commodity shaded; needed when the market or supplier has more than one.
    year, by
        Passed to :func:`~corridors.analysis.dependences.dependence` when ``dep`` is None.
    title, tiles, cdn
        As :func:`corridors.render.maps.render_map` (the title is escaped).

    Returns
    -------
    folium.Map
        With a "Dependence" layer (``className`` ``cx-dep``) and its legend (share in %).

    Raises
    ------
    DataError
        Neither or both of ``market`` and ``supplier``, an unknown one (with a suggestion), or
        several commodities and none chosen.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> m = dependence_map(load_demo_network(), market="ceyhan", year=2024)
    >>> html = m.get_root().render()
    >>> "cx-dep" in html, "100.0 %" in html
    (True, True)
    """
    import branca.colormap as cm
    import folium

    from corridors.analysis.dependences import dependence
    from corridors.model.flow import prepare_network
    from corridors.render.legend import colour_bar
    from corridors.render.maps import _clipped_countries, render_map
    from corridors.render.overlay import finish, map_data

    if dep is None:
        dep = dependence(network, year=year, by=by, commodity=commodity)
    kind, ident, commodity, rows = _pick(dep, network, market, supplier, commodity)
    shares = _shares(kind, rows)
    drawn = prepare_network(network, year=dep.year)
    if kind == "market":
        who = str(drawn.nodes.at[ident, "name"]) if ident in drawn.nodes.index else ident
        home = drawn.nodes.at[ident, "country"] if ident in drawn.nodes.index else None
        subject = f"{who} ({ident}): {commodity} supply"
    else:
        who, home, subject = ident, ident, f"{ident}'s {commodity} exports"
    heading = title if title is not None else f"Dependence {dep.year}: share of {subject} crossing each {dep.by}"
    best = max((v["share"] for v in shares.values()), default=None)
    tops = sorted(k for k, v in shares.items() if best is not None and v["share"] >= best - 1e-9)
    total = next(iter(shares.values()))["total"] if shares else 0.0
    unit = next(iter(shares.values()))["unit"] if shares else ""
    summary = [f"Captive to {', '.join(tops)}: {_pct(best)}{' each' if len(tops) > 1 else ''} of "
               f"{fmt_quantity(total, unit)}" if tops else f"No {commodity} of {who} crosses a transit {dep.by}"]
    summary.append("Shade: share of base flow crossing; popup: what is lost if it fails" if kind == "market"
                   else "Shade: share of exports through each element")
    m = render_map(drawn, title=heading, summary=summary, tiles=tiles, cdn=cdn)
    data = map_data(m)
    cmap = cm.LinearColormap(list(DEPENDENCE_COLOURS), vmin=0.0, vmax=100.0,
                             caption=f"Share of {commodity} {'supply' if kind == 'market' else 'exports'} crossing (%)")
    feats, missing = [], []
    if dep.by == "country":
        shapes = {code: (name, g) for code, name, g in _clipped_countries(drawn)}
        for via, s in sorted(shares.items()):
            if via not in shapes:
                missing.append(via)
                continue
            name, g = shapes[via]
            ref = f"d:{via}"
            data.popups[ref] = popup_data(esc(name), [("Country", esc(via)), *_rows(kind, commodity, s)])
            f = ml.polygon_feature(g, {"color": "#3f007d", "weight": 1.2, "fillColor": cmap(100 * s["share"]),
                                       "fillOpacity": 0.75}, tip=(esc(name), _tip(kind, s)), ref=ref, id=via,
                                   share=round(s["share"], 6))
            if f:
                feats.append(f)
        if isinstance(home, str) and home in shapes:
            f = ml.polygon_feature(shapes[home][1], {"color": HOME_COLOUR, "weight": 2.5, "dashArray": "6 5",
                                                     "fillOpacity": 0.0}, id=home)
            if f:
                folium.GeoJson({"type": "FeatureCollection", "features": [f]}, interactive=False,
                               pane="cx-alerts").add_to(folium.FeatureGroup(name="Own country", show=True).add_to(m))
        if feats:
            layer = folium.FeatureGroup(name=esc(f"Dependence: share crossing ({commodity})"), show=True).add_to(m)
            data.geojson(feats, pane="cx-countries", className="cx-dep").add_to(layer)
    else:
        links = drawn.links
        for lid, row in zip(links.index, links.to_dict("records")):
            via = row.get(dep.by)
            if not isinstance(via, str) or via not in shares:
                continue
            s = shares[via]
            ref = f"d:{via}"
            data.popups.setdefault(ref, popup_data(esc(via), [(esc(dep.by.capitalize()), esc(via)), *_rows(kind, commodity, s)]))
            style = {"color": cmap(100 * s["share"]), "weight": round(4 + 8 * s["share"], 2), "opacity": 0.95}
            feats.append(ml.line_feature(ml.line_coords(row["geometry"]), style, (esc(via), _tip(kind, s)), ref,
                                         id=lid, share=round(s["share"], 6), h=1))
        missing = sorted(v for v in shares if v not in {str(x) for x in links[dep.by].dropna()})
        if feats:
            layer = folium.FeatureGroup(name=esc(f"Dependence: share crossing ({commodity})"), show=True).add_to(m)
            data.lines(feats, className="cx-dep", pane="cx-glow").add_to(layer)
    home_line = (f'<div><span class="cx-swatch"></span>{esc("own country (not transit)")}</div>'
                 if dep.by == "country" and isinstance(home, str) else "")
    extra = (f"<div><small>{esc('Not drawn (outside the outlines): ' + ', '.join(missing))}</small></div>"
             if missing else "")
    return finish(m, css=_CSS, legend=f'<div class="cx-dep-legend">{colour_bar(cmap)}{home_line}{extra}</div>', prefix="cxd")


def dependence_summary(dep: Dependence) -> str:
    """One line: how many markets and suppliers are captive (share ≥ 99.9 %) to a single element.

    Examples
    --------
    >>> from corridors.analysis.dependences import dependence
    >>> from corridors.data.io import load_demo_network
    >>> dependence_summary(dependence(load_demo_network(), year=2024))
    '2 of 2 market × commodity pairs and 1 of 2 supplier × commodity pairs send everything through one country'
    """
    c = dep.captive_to
    full = c["share"].map(lambda v: not is_missing(v) and float(v) >= 0.999)
    parts = [f"{int(full[c['kind'] == k].sum())} of {int((c['kind'] == k).sum())} {k} × commodity pairs" for k in ("market", "supplier")]
    return f"{parts[0]} and {parts[1]} send everything through one {dep.by}"
