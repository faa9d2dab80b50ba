"""Freight days and dollars: door-to-door time and charges of a freight route, beside the sourced alternatives.

A route's time is the sum of its links' ``transit_h`` and the ``dwell_h`` of the nodes it passes
(border crossings, and ports on international sea legs); its charge the sum of ``cost_usd_per_t`` and ``dwell_cost_usd_per_t`` where they
are given (``usd_per_t_complete`` says whether every leg had one). The fastest path is taken over the
freight links that exist in the year. The context routes (``status = "context"``: the Northern rail
route through Russia, the sea route through Suez) are links of the network that a year's network, and
so the optimiser, leaves out unless they are switched on like projects; :func:`context_door_to_door`
times the fastest path through each of them. The sourced timings (the Middle Corridor as its operators
time it, and the alternatives) come from ``geodata/freight_context.csv``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from corridors.model.years import resolve_year
from corridors.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network

__all__ = ["door_to_door", "context_door_to_door", "context_routes"]


def _num(value) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return math.nan
    return v


def _graph(net: Network, commodity: str, cut: tuple[str, ...], destination: str):
    """Directed graph of the timed links: weight = link hours + the dwell of the node entered (not the end)."""
    import networkx as nx

    nodes = net.nodes
    dwell = {n: _num(nodes.at[n, "dwell_h"]) if "dwell_h" in nodes.columns else math.nan for n in nodes.index}
    g = nx.DiGraph()
    for lid, row in net.links.iterrows():
        if commodity not in row["commodities"] or lid in cut or row["from"] in cut or row["to"] in cut:
            continue
        hours = _num(row.get("transit_h"))
        if math.isnan(hours):
            continue
        ends = [(row["from"], row["to"])] + ([(row["to"], row["from"])] if row["bidirectional"] else [])
        for a, b in ends:
            w = hours + (0.0 if math.isnan(dwell.get(b, math.nan)) or b == destination else dwell[b])
            if not g.has_edge(a, b) or g.edges[a, b]["w"] > w:
                g.add_edge(a, b, w=w, link=lid)
    return g, dwell


def _row(net: Network, g, path: list[str], dwell: dict, *, origin: str, destination: str, year: int,
         kind: str) -> dict:
    import pandas as pd

    links = [g.edges[a, b]["link"] for a, b in zip(path, path[1:])]
    rows = net.links.loc[links]
    nodes = net.nodes
    hours = float(sum(g.edges[a, b]["w"] for a, b in zip(path, path[1:])))
    usd = _num(rows.get("cost_usd_per_t", pd.Series(dtype=float)).astype(float).sum()) if "cost_usd_per_t" in rows else 0.0
    complete = "cost_usd_per_t" in rows and bool(rows["cost_usd_per_t"].notna().all())
    if "dwell_cost_usd_per_t" in nodes.columns:
        usd += float(nodes.loc[path[1:-1], "dwell_cost_usd_per_t"].astype(float).fillna(0.0).sum())
    crossings = [n for n in path[1:-1] if not math.isnan(dwell.get(n, math.nan))]
    return {"route": " → ".join(dict.fromkeys(rows["asset"])), "kind": kind, "from": origin,
            "to": destination, "year": year, "km": round(float(rows["length_km"].sum()), 0),
            "hours": round(hours, 1), "days": round(hours / 24, 1), "border_crossings": len(crossings),
            "usd_per_t": round(usd, 1), "usd_per_t_complete": complete, "links": links}


def _prepare(network: Network, origin: str, destination: str, year: int | None, commodity: str,
             projects: tuple[str, ...] = ()) -> tuple[Network, int]:
    if commodity != "freight":
        raise DataError(f"routes are timed for freight only, not {commodity!r}; use --commodity freight")
    year = resolve_year(year, network=network)
    net = network if network.year is not None else network.at(year, projects=projects)
    for nid in (origin, destination):
        if nid not in net.nodes.index:
            raise DataError(f"unknown node {nid!r}; see `corridors data list nodes`")
    return net, year


def door_to_door(network: Network, origin: str, destination: str, *, year: int | None = None,
                 commodity: str = "freight", cut: tuple[str, ...] = ()) -> pd.DataFrame:
    """The fastest modelled path from ``origin`` to ``destination``: km, hours, days, USD per tonne, links.

    Over the links that exist in the year: context routes (``status = "context"``) are left out, as
    they are in the optimiser (see :func:`context_door_to_door`). ``cut`` lists node or link ids to
    leave out (e.g. a closed port).

    Examples
    --------
    >>> import corridors as cx
    >>> from corridors.analysis.routes import door_to_door
    >>> row = door_to_door(cx.load_network(), "alat-port", "market-tr").iloc[0]
    >>> bool(row["days"] > 0)
    True
    """
    import networkx as nx
    import pandas as pd

    net, year = _prepare(network, origin, destination, year, commodity)
    g, dwell = _graph(net, commodity, cut, destination)
    if origin not in g or destination not in g or not nx.has_path(g, origin, destination):
        raise DataError(f"no {commodity} route from {origin} to {destination} in {year}; check the node ids and --year")
    path = nx.shortest_path(g, origin, destination, weight="w")
    return pd.DataFrame([_row(net, g, path, dwell, origin=origin, destination=destination, year=year,
                              kind="modelled (fastest)")])


def context_door_to_door(network: Network, origin: str, destination: str, *, year: int | None = None,
                         commodity: str = "freight", cut: tuple[str, ...] = ()) -> pd.DataFrame:
    """For each context route (``status = "context"``) the fastest path from ``origin`` to ``destination`` through it.

    One row per context asset that connects the two (none when none does), ``kind`` naming its
    corridor, e.g. ``"context: Northern (via Russia)"``. The context link's hours and USD per
    tonne are its sources' figures for the whole route (see ``geodata/SOURCES.md``).

    Examples
    --------
    >>> import corridors as cx
    >>> from corridors.analysis.routes import context_door_to_door
    >>> row = context_door_to_door(cx.load_network(), "altynkol", "market-eu").iloc[0]
    >>> row["kind"], "NORTHERN-ROUTE" in row["route"]
    ('context: Northern (via Russia)', True)
    """
    import networkx as nx
    import pandas as pd

    links = network.links
    context = links[links["status"] == "context"]
    net, year = _prepare(network, origin, destination, year, commodity, tuple(context.index))
    g, dwell = _graph(net, commodity, cut, destination)
    rows = []
    for asset, group in context.groupby("asset", sort=True):
        best: tuple[float, list[str]] | None = None
        for a, b in ((a, b) for a, b, lid in g.edges(data="link") if lid in group.index):
            try:
                head = nx.shortest_path(g, origin, a, weight="w") if a != origin else [origin]
                tail = nx.shortest_path(g, b, destination, weight="w") if b != destination else [destination]
            except (nx.NetworkXNoPath, nx.NodeNotFound):
                continue
            path = head + tail
            if len(set(path)) < len(path):
                continue
            w = sum(g.edges[p, q]["w"] for p, q in zip(path, path[1:]))
            if best is None or w < best[0]:
                best = (w, path)
        if best is not None:
            rows.append(_row(net, g, best[1], dwell, origin=origin, destination=destination, year=year,
                             kind=f"context: {group['corridor'].iloc[0]}"))
    return pd.DataFrame(rows, columns=None if rows else ["route", "kind", "from", "to", "year", "km", "hours", "days",
                                                         "border_crossings", "usd_per_t", "usd_per_t_complete", "links"])


def context_routes() -> pd.DataFrame:
    """The sourced China–Europe and Middle Corridor timings and rates (``geodata/freight_context.csv``).

    Examples
    --------
    >>> from corridors.analysis.routes import context_routes
    >>> "Northern (via Russia)" in set(context_routes()["corridor"])
    True
    """
    import pandas as pd

    from corridors.data.files import bundled_path

    frame = pd.read_csv(bundled_path("freight_context.csv"))
    frame.insert(1, "kind", "sources (context)")
    return frame
