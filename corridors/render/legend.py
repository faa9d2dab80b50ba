"""The map's legend and its controls: colour scales, reference widths, a clickable corridor list,
the "by utilisation / by commodity" switch, and the flow-direction overlay's style.

Everything here is HTML built from escaped text (:func:`~corridors.render.layers.esc`) or a script
that receives only generated layer names: no data string becomes template or script source.
"""

from __future__ import annotations

from typing import Any

from branca.element import MacroElement
from jinja2 import Template

from corridors.render.layers import esc, fmt_number
from corridors.render.style import (BYPASS_COLOUR, COMMODITY_COLOURS, DISRUPTED_COLOUR, MAX_WEIGHT, NODE_STYLES,
                                    PROJECT_STATUSES)

__all__ = ["legend_html", "ViewControl", "LEGEND_CSS", "DIRECTION_STYLE"]

#: The flow-direction overlay: a light dash that runs the way the flow goes (CSS only, no script).
DIRECTION_STYLE = {"color": "#ffffff", "weight": 1.6, "opacity": 0.9, "dashArray": "3 11", "lineCap": "butt"}

LEGEND_CSS = """<style>
.cx-dir {animation: cx-run 1.4s linear infinite}
.cx-dir.cx-rev {animation-direction: reverse}
@keyframes cx-run {to {stroke-dashoffset: -14}}
@media (prefers-reduced-motion: reduce) {.cx-dir {animation: none}}
@media print {.cx-dir {animation: none}}
.cx-views {display: flex; gap: 4px; margin-bottom: 6px}
.cx-views button {font: 12px sans-serif; padding: 2px 8px; border: 1px solid #999; border-radius: 3px;
  background: #fff; cursor: pointer}
.cx-views button[aria-pressed="true"] {background: #333; color: #fff; border-color: #333}
.cx-corr {cursor: pointer; display: inline-block}
.cx-corr.cx-off {opacity: .4; text-decoration: line-through}
.cx-legend [hidden] {display: none}
</style>"""


def line_svg(colour: str, dash: str | None = None, width: float = 3) -> str:
    """A short legend line (SVG) in ``colour``, optionally dashed, ``width`` px wide."""
    d = f' stroke-dasharray="{dash}"' if dash else ""
    h = max(10, int(width) + 4)
    return (f'<svg width="26" height="{h}"><line x1="1" y1="{h / 2:g}" x2="25" y2="{h / 2:g}" stroke="{colour}" '
            f'stroke-width="{width}"{d} stroke-linecap="round"/></svg>')


def colour_bar(cmap) -> str:
    """A branca colour map drawn as an HTML gradient bar with its caption and three ticks (no d3)."""
    lo, hi = float(cmap.vmin), float(cmap.vmax)
    span = (hi - lo) or 1.0
    stops = ", ".join(f"{cmap.rgb_hex_str(v)} {100 * (float(v) - lo) / span:.1f}%" for v in cmap.index)
    ticks = "".join(f"<span>{esc(fmt_number(v))}</span>" for v in (lo, (lo + hi) / 2, hi))
    return (f'<div class="cx-scale"><b>{esc(cmap.caption)}</b><div class="cx-bar" '
            f'style="background: linear-gradient(to right, {stops})"></div><div class="cx-ticks">{ticks}</div></div>')


def change_bar(cmap, key: str, top: float, unit: str) -> str:
    """One commodity's change scale: the shared diverging colours, ticks in that commodity's unit."""
    stops = ", ".join(f"{cmap.rgb_hex_str(v)} {50 * (float(v) + 1):.1f}%" for v in cmap.index)
    ticks = "".join(f"<span>{esc(fmt_number(v))}</span>" for v in (-top, 0.0, top))
    return (f'<div class="cx-scale"><small>{esc(key)} ({esc(unit)})</small><div class="cx-bar" '
            f'style="background: linear-gradient(to right, {stops})"></div><div class="cx-ticks">{ticks}</div></div>')


def reference_widths(ctx: Any) -> str:
    """Reference line widths per unit: the widest line and half of it, with the flows they stand for."""
    if not ctx.max_by_unit:
        return "<small>line width ∝ flow</small>"
    parts = ["<b>Line width ∝ flow</b><br>"]
    for unit, top in sorted(ctx.max_by_unit.items()):
        if top <= 0:
            continue
        parts.append(f'<span class="cx-ref">{line_svg("#777", None, MAX_WEIGHT)}{esc(fmt_number(top))} '
                     f'{line_svg("#777", None, ctx.weight(top / 2, unit))}{esc(fmt_number(top / 2))} {esc(unit)}</span><br>')
    return "".join(parts)


def legend_html(network: Any, ctx: Any, *, has_bypass: bool, has_cut: bool, has_later: bool = False,
                corridors: list[str] = (), has_commodity: bool = False) -> str:
    """The legend box: scale, nodes, line styles, clickable corridors, reference widths.

    ``corridors`` are the names of corridor layers, in the order of :class:`ViewControl`'s list.
    """
    kinds = [k for k in NODE_STYLES if k in set(network.nodes["kind"].astype(str))]
    statuses = set(network.links["status"].astype(str))
    main_label = {"network": "By corridor", "flow": "By utilisation", "comparison": "By change",
                  "sweep": "By criticality"}[ctx.view]
    parts = []
    if has_commodity:
        parts.append(f'<div class="cx-views"><button type="button" data-cx-view="main" aria-pressed="true">{main_label}'
                     '</button><button type="button" data-cx-view="commodity" aria-pressed="false">By commodity</button></div>')
    parts.append('<div class="cx-lg-main">')
    if ctx.view == "comparison":
        parts.append('<div class="cx-scale"><b>Change in flow, scenario − base</b></div>')
        parts += [change_bar(ctx.cmap, key, top, ctx.change_units[key]) for key, top in ctx.change_tops.items()]
    elif ctx.cmap is not None:
        parts.append(colour_bar(ctx.cmap))
    parts.append("</div>")
    if has_commodity:
        parts.append('<div class="cx-lg-comm" hidden><b>Commodities</b><br>')
        parts += [f"{line_svg(c)}{esc(k)}<br>" for k, c in COMMODITY_COLOURS.items()]
        parts.append("</div>")
    parts.append("<b>Nodes</b><br>")
    parts += [f'<i style="background:{NODE_STYLES[k][0]}"></i>{esc(k)}<br>' for k in kinds]
    parts.append("<b>Lines</b><br>")
    parts.append(f"{line_svg('#555')}operating<br>")
    if has_later or statuses & set(PROJECT_STATUSES):
        parts.append(f"{line_svg('#555', '8 6')}planned, proposed, construction<br>")
    if "idle" in statuses:
        parts.append(f"{line_svg('#555', '2 6')}idle<br>")
    if has_cut:
        parts.append(f"{line_svg(DISRUPTED_COLOUR, '6 8')}disrupted<br>")
    if has_bypass:
        parts.append(f"{line_svg(BYPASS_COLOUR, None, 8)}bypass route<br>")
    if ctx.view in ("flow", "comparison"):
        parts.append(f'{line_svg("#9e9e9e", "3 5", 4)}moving dash: flow direction<br>')
        parts.append(reference_widths(ctx))
    if corridors:
        parts.append('<b>Corridors</b> <small>(click to hide)</small><div class="cx-cols">')
        for i, name in enumerate(corridors):
            swatch = line_svg(ctx.corridor_colour[name]) if ctx.view == "network" else ""
            parts.append(f'<span class="cx-corr" role="button" tabindex="0" data-cx-c="{i}">{swatch}{esc(name)}</span><br>')
        parts.append("</div>")
    return f'<div class="cx-legend">{"".join(parts)}</div>'


class ViewControl(MacroElement):
    """Wires the legend: the view switch and the corridor entries toggle their layers.

    The script gets only generated layer variable names (rendered at page time, after
    :func:`~corridors.render.maps.stable_ids`), never data.
    """

    _template = Template("""{% macro script(this, kwargs) %}(function (map, main, comm, corr) {
  var legend = map.getContainer().parentNode.querySelector('.cx-legend') || document.querySelector('.cx-legend');
  if (!legend) return;
  var saved = null;
  function each(sel, f) { Array.prototype.forEach.call(legend.querySelectorAll(sel), f); }
  function show(v) {
    var byComm = v === 'commodity';
    each('[data-cx-view]', function (b) { b.setAttribute('aria-pressed', String(b.getAttribute('data-cx-view') === v)); });
    each('.cx-lg-main', function (e) { e.hidden = byComm; });
    each('.cx-lg-comm', function (e) { e.hidden = !byComm; });
    if (byComm) {
      saved = main.filter(function (g) { return map.hasLayer(g); });
      saved.forEach(function (g) { map.removeLayer(g); });
      comm.forEach(function (g) { map.addLayer(g); });
    } else {
      comm.forEach(function (g) { map.removeLayer(g); });
      (saved || []).forEach(function (g) { map.addLayer(g); });
    }
  }
  each('[data-cx-view]', function (b) { b.addEventListener('click', function () { show(b.getAttribute('data-cx-view')); }); });
  each('[data-cx-c]', function (el) {
    var g = corr[Number(el.getAttribute('data-cx-c'))];
    if (!g) return;
    function toggle() { if (map.hasLayer(g)) map.removeLayer(g); else map.addLayer(g); el.classList.toggle('cx-off', !map.hasLayer(g)); }
    el.addEventListener('click', toggle);
    el.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(); } });
  });
})({{ this._parent.get_name() }}, [{% for g in this.main %}{{ g.get_name() }}{{ "," if not loop.last }}{% endfor %}],
   [{% for g in this.comm %}{{ g.get_name() }}{{ "," if not loop.last }}{% endfor %}],
   [{% for g in this.corr %}{{ g.get_name() if g else "null" }}{{ "," if not loop.last }}{% endfor %}]);
{% endmacro %}""")

    def __init__(self, main: list, comm: list, corr: list, names: list[str] = ()):
        super().__init__()
        self._name = "CorridorsViewControl"
        self.main, self.comm, self.corr = list(main), list(comm), list(corr)
        self.names = list(names)  # corridor names aligned with ``corr`` (Python side only)
