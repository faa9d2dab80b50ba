"""Planned and proposed projects on a year's map: drawn dashed in their own layer, with their start year.

A year's network (``Network.at(year)``) holds only what is built by then; the map of 2024 still
shows what is coming, so a planner sees where the projects run. :func:`later_projects` picks them
from the full network; :func:`add_later_projects` draws them (they carry no flow in the year).
"""

from __future__ import annotations

from typing import Any

from corridors.render import layers as ml
from corridors.render.layers import esc, fmt_quantity, is_missing, popup_data
from corridors.render.style import CORRIDOR_PALETTE, DASH, PROJECT_STATUSES, status_text

__all__ = ["later_projects", "add_later_projects"]

#: Line width of a project not built in the year drawn (px).
PROJECT_WEIGHT = 2.5


def later_projects(network: Any, drawn: Any) -> Any:
    """The links of ``network`` that are planned, proposed or under construction and not in ``drawn``.

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> net = load_demo_network()
    >>> list(later_projects(net, net.at(2024)).index)
    ['rail-new']
    """
    links = network.links
    mask = links["status"].isin(PROJECT_STATUSES) & ~links.index.isin(drawn.links.index)
    return links[mask.to_numpy()]


def _start(row: dict) -> str:
    start = row.get("start_year")
    return "start year not known" if is_missing(start) else f"from {int(start)}"


def add_later_projects(m: Any, data: Any, styler: Any, links: Any, year: int | None) -> int:
    """Draw ``links`` (see :func:`later_projects`) dashed in a "Projects, not built in <year>" layer.

    Returns the number of links drawn.
    """
    import folium

    if links is None or not len(links):
        return 0
    feats = []
    for lid, row in zip(links.index, links.to_dict("records")):
        corridor = str(row["corridor"])
        colour = styler.corridor_colour.get(corridor) or CORRIDOR_PALETTE[sum(map(ord, corridor)) % len(CORRIDOR_PALETTE)]
        style = {"color": colour, "weight": PROJECT_WEIGHT, "opacity": 0.8, "dashArray": DASH.get(row["status"], "8 6")}
        ref = f"l:{lid}"
        if ref not in styler.popups:
            rows = [("Link", esc(lid)), ("Asset", esc(row["asset"])), ("Corridor", esc(corridor)),
                    ("Mode", esc(row["mode"])), ("Commodities", esc(row["commodities"])),
                    ("Capacity", esc(fmt_quantity(row["capacity_value"], row["capacity_unit"]))),
                    ("Status", esc(status_text(row))),
                    ("In this map", esc(f"not built in {year}; carries no flow" if year is not None else "not built")),
                    ("Operator", esc(row.get("operator"))), ("Source", ml.source_html(row.get("source")))]
            styler.popups[ref] = popup_data(esc(row["name"]), rows)
        tip = (esc(row["name"]), esc(f"{row['status']} project, {_start(row)} · {corridor} · {row['mode']}"))
        feats.append(ml.line_feature(ml.line_coords(row["geometry"]), style, tip, ref, id=lid, h=1))
    label = f"Projects not built in {year}" if year is not None else "Projects not built"
    layer = folium.FeatureGroup(name=f'<span style="color:#555">&#9476;</span> {esc(label)}', show=True).add_to(m)
    data.lines(feats, className="cx-link cx-project").add_to(layer)
    return len(feats)
