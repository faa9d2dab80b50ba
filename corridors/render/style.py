"""Styles, tooltips and popups of the map's links and nodes for each view (see :mod:`corridors.render.maps`).

A :class:`Styler` holds what one map needs to style its elements: the view (network, flow,
comparison, sweep), the normalised flow/comparison/score tables, the colour maps and the popups
(one per element, shared by every layer that draws it). All text is escaped here.
"""

from __future__ import annotations

from typing import Any

from corridors.render.layers import esc, fmt_number, fmt_quantity, is_missing, popup_data, source_html
from corridors.data.units import CANONICAL_UNITS, COMMODITIES
from corridors.settings import UNMET_PENALTY

__all__ = ["Styler", "NODE_STYLES", "COMMODITY_COLOURS", "PROJECT_STATUSES"]

#: Statuses drawn dashed; such links sit in a "Projects" layer that starts hidden (unless built). Context routes
#: (the Northern route, Suez: in no year's network unless switched on) are drawn there too, with their own dash.
PROJECT_STATUSES = ("planned", "proposed", "construction", "context")
#: Node kind → (fill colour, radius in px).
NODE_STYLES: dict[str, tuple[str, float]] = {
    "field": ("#8c510a", 7), "terminal": ("#01665e", 7), "port": ("#2166ac", 7),
    "border": ("#762a83", 6), "market": ("#e08214", 7), "station": ("#636363", 5),
    "junction": ("#969696", 4), "city": ("#252525", 5),
}
COMMODITY_COLOURS: dict[str, str] = {"oil": "#5b3a1e", "gas": "#1f78b4", "freight": "#33a02c", "power": "#c51b7d"}
CORRIDOR_PALETTE = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d",
                    "#1f78b4", "#b15928", "#6a3d9a", "#17becf", "#8c564b", "#9e0142", "#3288bd",
                    "#5e4fa2", "#006d2c", "#f46d43", "#525252")
UTILISATION_COLOURS = ("#1a9850", "#fee08b", "#d73027")
#: Flow change colours at -max, -max/10, 0, +max/10, +max (small changes still show a hue).
CHANGE_COLOURS = ("#67001f", "#d6604d", "#bdbdbd", "#4393c3", "#053061")
CRITICALITY_COLOURS = ("#fed976", "#fd8d3c", "#bd0026")
DISRUPTED_COLOUR = "#e31a1c"
BYPASS_COLOUR = "#00b7c7"
NO_DATA_COLOUR = "#9e9e9e"
MIN_WEIGHT, MAX_WEIGHT, PLAIN_WEIGHT = 1.5, 12.0, 3.0
DASH = {"planned": "8 6", "proposed": "8 6", "construction": "8 6", "idle": "2 6", "retired": "1 6", "context": "14 5 3 5"}


def signed(value: float) -> str:
    """A change with its sign (``+5.7``, ``-40``, ``0``)."""
    if is_missing(value):
        return "–"
    return ("+" if value > 0 else "") + fmt_number(value)


def status_text(row: dict) -> str:
    """``operating, since 2006`` / ``planned, from 2030`` / ``… until 2040``."""
    status = str(row.get("status") or "")
    start, end = row.get("start_year"), row.get("end_year")
    text = status
    if not is_missing(start):
        text += f", {'since' if status in ('operating', 'idle') else 'from'} {int(start)}"
    if not is_missing(end):
        text += f", until {int(end)}"
    return text


class Styler:
    """Per-map styling of links and nodes; collects the popups in :attr:`popups` (ref → data)."""

    def __init__(self, network: Any, *, flows=None, comp=None, view: str = "network", score_name: str = "",
                 link_scores: dict | None = None, node_scores: dict | None = None,
                 country_scores: dict | None = None, cut_links: set | None = None, cut_nodes: set | None = None,
                 bypass_flows: dict | None = None,
                 unmet: dict | None = None, unmet_change: dict | None = None):
        import branca.colormap as cm

        self.network, self.flows, self.comp, self.view = network, flows, comp, view
        self.score_name = score_name
        self.link_scores, self.node_scores = link_scores or {}, node_scores or {}
        self.country_scores = country_scores or {}
        self.cut_links, self.cut_nodes = cut_links or set(), cut_nodes or set()
        self.bypass_flows = bypass_flows or {}
        self.unmet, self.unmet_change = unmet or {}, unmet_change or {}
        self.popups: dict[str, list] = {}
        links = network.links
        corridors = sorted({str(c) for c in links["corridor"]}, key=str.lower)
        self.corridor_colour = {c: CORRIDOR_PALETTE[i % len(CORRIDOR_PALETTE)] for i, c in enumerate(corridors)}
        self.units = dict(links["capacity_unit"].items())
        self.score_top = max([*self.link_scores.values(), *self.node_scores.values(),
                              *self.country_scores.values(), 0.0]) or 1.0
        self.cmap = None
        self.change_tops: dict[str, float] = {}
        self.change_units: dict[str, str] = {}
        if view == "flow":
            self.cmap = cm.LinearColormap(list(UTILISATION_COLOURS), vmin=0.0, vmax=1.0,
                                          caption="Utilisation (flow / capacity)")
        elif view == "comparison":
            # one scale per commodity (or commodity pair on shared links), each in its own unit
            self.cmap = cm.LinearColormap(list(CHANGE_COLOURS), index=[-1.0, -0.1, 0.0, 0.1, 1.0], vmin=-1.0, vmax=1.0)
            tops: dict[str, float] = {}
            for lid, v in comp["change"].items():
                if lid in links.index and not is_missing(v):
                    key = self.scale_key(links.at[lid, "commodities"])
                    tops[key] = max(tops.get(key, 0.0), abs(float(v)))
            self.change_tops = {k: (v if v > 0 else 1.0) for k, v in sorted(tops.items())}
            self.change_units = {k: CANONICAL_UNITS.get(k.split(", ")[0], "") for k in self.change_tops}
        elif view == "sweep":
            self.cmap = cm.LinearColormap(list(CRITICALITY_COLOURS), vmin=0.0, vmax=self.score_top,
                                          caption=f"{score_name.capitalize()} (sweep)")
        self.max_by_unit = self._max_by_unit()

    # -- numbers ------------------------------------------------------------------------------------
    @staticmethod
    def scale_key(commodities: Any) -> str:
        """The change scale a link belongs to: its commodities in a fixed order (e.g. ``"oil, freight"``)."""
        ks = [k for k in COMMODITIES if k in set(commodities)]
        return ", ".join(ks) if ks else "other"

    def _value(self, table, lid: str, column: str) -> float:
        if table is None or lid not in table.index or column not in table.columns:
            return float("nan")
        return float(table.at[lid, column])

    def _max_by_unit(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for table, columns in ((self.flows, ["flow"]), (self.comp, ["base", "scenario"])):
            if table is None:
                continue
            for column in columns:
                for lid, v in table[column].items():
                    if lid in self.units and not is_missing(v):
                        unit = str(self.units[lid])
                        out[unit] = max(out.get(unit, 0.0), abs(float(v)))
        return out

    def weight(self, value: float, unit: Any) -> float:
        """Line width for a flow: MIN..MAX_WEIGHT, scaled by the largest flow in the same unit."""
        top = self.max_by_unit.get(str(unit), 0.0)
        if is_missing(value) or top <= 0:
            return MIN_WEIGHT
        return round(MIN_WEIGHT + (MAX_WEIGHT - MIN_WEIGHT) * min(abs(value) / top, 1.0), 2)

    def score_weight(self, score: float) -> float:
        if is_missing(score):
            return MIN_WEIGHT
        return round(MIN_WEIGHT + (MAX_WEIGHT - MIN_WEIGHT) * max(score, 0.0) / self.score_top, 2)

    # -- links ------------------------------------------------------------------------------------
    def link(self, lid: str, row: dict) -> tuple[dict, tuple[str, str], str]:
        """(Leaflet style, tooltip lines, popup ref) of a link in its corridor layer."""
        unit = row["capacity_unit"]
        oil = tuple(row["commodities"]) == ("oil",)
        colour, weight = self.corridor_colour[str(row["corridor"])], PLAIN_WEIGHT
        summary = f"capacity {fmt_quantity(row['capacity_value'], unit, oil=oil)}"
        if self.view == "flow":
            flow, util = self._value(self.flows, lid, "flow"), self._value(self.flows, lid, "utilisation")
            colour = NO_DATA_COLOUR if is_missing(util) else self.cmap(min(max(util, 0.0), 1.0))
            weight = self.weight(flow, unit)
            summary = f"flow {fmt_quantity(flow, unit, oil=oil)} of {fmt_number(row['capacity_value'])}" + (
                f" ({util * 100:.0f} %)" if not is_missing(util) else "")
        elif self.view == "comparison":
            base, scen = self._value(self.comp, lid, "base"), self._value(self.comp, lid, "scenario")
            change = self._value(self.comp, lid, "change")
            top = self.change_tops.get(self.scale_key(row["commodities"]), 1.0)
            colour = NO_DATA_COLOUR if is_missing(change) else self.cmap(max(min(change / top, 1.0), -1.0))
            weight = self.weight(max(0.0 if is_missing(base) else abs(base), 0.0 if is_missing(scen) else abs(scen)), unit)
            summary = f"{fmt_number(base)} → {fmt_number(scen)} {unit} ({signed(change)})"
        elif self.view == "sweep":
            score = self.link_scores.get(lid, float("nan"))
            colour = NO_DATA_COLOUR if is_missing(score) else self.cmap(score)
            weight = self.score_weight(score)
            summary = f"{self.score_name} {fmt_number(score)}"
        style = {"color": colour, "weight": weight, "opacity": 0.9}
        if row["status"] in DASH:
            style["dashArray"] = DASH[row["status"]]
        ref = f"l:{lid}"
        if ref not in self.popups:
            self.popups[ref] = popup_data(esc(row["name"]), self.link_rows(lid, row))
        return style, (esc(row["name"]), f"{esc(row['corridor'])} · {esc(row['mode'])} · {esc(summary)}"), ref

    def link_rows(self, lid: str, row: dict) -> list[tuple[str, str]]:
        """The popup rows of a link (escaped)."""
        unit = row["capacity_unit"]
        oil = tuple(row["commodities"]) == ("oil",)
        cap_text = "" if is_missing(row["capacity"]) else str(row["capacity"]).strip()
        canonical = fmt_quantity(row["capacity_value"], unit)
        capacity = esc(cap_text) + (f" = {esc(canonical)}" if canonical != cap_text else "")
        rows = [("Link", esc(lid)), ("Asset", esc(row["asset"])), ("Corridor", esc(row["corridor"])),
                ("Mode", esc(row["mode"])), ("Commodities", esc(row["commodities"])), ("Capacity", capacity)]
        if self.flows is not None and lid in self.flows.index:
            f = self.flows.loc[lid]
            rows.append(("Flow", esc(fmt_quantity(f["flow"], unit, oil=oil))))
            parts = [f"{k} {fmt_quantity(f[f'flow:{k}'], unit)}" for k in COMMODITIES
                     if f"flow:{k}" in f.index and not is_missing(f[f"flow:{k}"]) and k in row["commodities"]]
            if len(parts) > 1:
                rows.append(("By commodity", esc("; ".join(parts))))
            if not is_missing(f["utilisation"]):
                rows.append(("Utilisation", esc(f"{f['utilisation'] * 100:.0f} %")))
            binding = not is_missing(f["utilisation"]) and f["utilisation"] >= 0.999
            if binding and lid not in self.cut_links and not is_missing(f["dual"]) and abs(f["dual"]) > 1e-9:
                rows.append(("Value of one more unit of capacity",
                             esc(f"{fmt_number(abs(f['dual']))} cost units per {unit} (the model's objective; "
                                 f"unmet demand costs {fmt_number(UNMET_PENALTY)} per unit)")))
            if f["direction"] == "reverse":
                rows.append(("Direction", esc(f"reverse ({row['to']} → {row['from']})")))
            elif f["direction"] == "both":
                rows.append(("Direction", "both ways"))
        elif self.flows is not None:
            rows.append(("Flow", "not in the solved network"))
        if self.comp is not None and lid in self.comp.index:
            c = self.comp.loc[lid]
            rows += [("Base flow", esc(fmt_quantity(c["base"], unit, oil=oil))),
                     ("Scenario flow", esc(fmt_quantity(c["scenario"], unit, oil=oil))),
                     ("Change", esc(f"{signed(c['change'])} {unit}"))]
        if lid in self.link_scores:
            rows.append((esc(self.score_name.capitalize()), esc(fmt_number(self.link_scores[lid]))))
        if lid in self.cut_links:
            rows.append(("Disrupted", "yes"))
        if lid in self.bypass_flows:
            b = self.bypass_flows[lid]
            rows.append(("Bypass", "on a bypass route" + ("" if is_missing(b) else esc(f", rerouted {fmt_quantity(b, unit)}"))))
        rows += [("Status", esc(status_text(row))),
                 ("Length", esc(f"{row['length_km']:,.0f} km") if not is_missing(row.get("length_km")) else ""),
                 ("Route", esc(row.get("route_accuracy"))), ("Countries", esc(row.get("countries"))),
                 ("Operator", esc(row.get("operator"))), ("Capacity source", source_html(row.get("capacity_source"))),
                 ("Source", source_html(row.get("source")))]
        return rows

    def commodity_link(self, lid: str, row: dict, k: str) -> tuple[dict, tuple[str, str]]:
        """(style, tooltip lines) of a link in the layer of commodity ``k``."""
        unit = row["capacity_unit"]
        value = self._value(self.flows, lid, f"flow:{k}")
        if is_missing(value) and tuple(row["commodities"]) == (k,):
            value = self._value(self.flows, lid, "flow")
        weight = PLAIN_WEIGHT if self.flows is None else self.weight(value, unit)
        style = {"color": COMMODITY_COLOURS[k], "weight": weight, "opacity": 0.85}
        if row["status"] in DASH:
            style["dashArray"] = DASH[row["status"]]
        text = esc(k) if self.flows is None else esc(f"{k} flow {fmt_quantity(value, unit, oil=k == 'oil')}")
        return style, (esc(row["name"]), text)

    def side_link(self, lid: str, row: dict, side: str, colour: str) -> tuple[dict, tuple[str, str]]:
        """(style, tooltip lines) of a link in the base-case or scenario flow layer."""
        value = self._value(self.comp, lid, side)
        style = {"color": colour, "weight": self.weight(value, row["capacity_unit"]), "opacity": 0.8}
        label = "Base case" if side == "base" else "Scenario"
        return style, (esc(row["name"]), f"{label}: {esc(fmt_quantity(value, row['capacity_unit']))}")

    # -- nodes ------------------------------------------------------------------------------------
    def node(self, nid: str, row: dict) -> tuple[dict, tuple[str, str], str]:
        """(circle-marker style, tooltip lines, popup ref) of a node."""
        colour, radius = NODE_STYLES.get(str(row["kind"]), ("#444444", 5))
        style = {"radius": radius, "color": "#ffffff", "weight": 1.5, "fillColor": colour, "fillOpacity": 0.95}
        extra = ""
        if nid in self.node_scores:
            v = self.node_scores[nid]
            style.update(radius=round(5 + 9 * max(v, 0) / self.score_top, 1), fillColor=self.cmap(v), color=colour, weight=2.5)
            extra = f"{self.score_name} {fmt_number(v)}"
        elif self.unmet_change.get(nid, 0.0) > 1e-9:
            style.update(radius=radius + 3, color=CHANGE_COLOURS[0], weight=3)
            extra = f"unmet {signed(self.unmet_change[nid])}"
        elif self.unmet.get(nid, 0.0) > 1e-9:
            extra = f"unmet {fmt_number(self.unmet[nid])}"
        unit = row.get("capacity_unit")
        cap = "" if is_missing(row.get("capacity")) else esc(row["capacity"])
        canonical = fmt_quantity(row.get("capacity_value"), unit)
        rows = [("Node", esc(nid)), ("Kind", esc(row["kind"])), ("Country", esc(row.get("country"))),
                ("Capacity", cap + (f" = {esc(canonical)}" if cap and not is_missing(unit) and esc(canonical) != cap else "")),
                ("Capacity source", source_html(row.get("capacity_source")))]
        if nid in self.unmet:
            rows.append(("Unmet demand", esc(fmt_number(self.unmet[nid]))))
        if nid in self.unmet_change:
            rows.append(("Unmet change", esc(signed(self.unmet_change[nid]))))
        if nid in self.node_scores:
            rows.append((esc(self.score_name.capitalize()), esc(fmt_number(self.node_scores[nid]))))
        if nid in self.cut_nodes:
            rows.append(("Disrupted", "yes"))
        rows.append(("Source", source_html(row.get("source"))))
        ref = f"n:{nid}"
        self.popups[ref] = popup_data(esc(row["name"]), rows)
        sub = " · ".join(esc(x) for x in (row["kind"], row.get("country"), extra) if not is_missing(x) and x)
        return style, (esc(row["name"]), sub), ref
