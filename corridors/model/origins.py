"""Origins in a solved flow: routes per market, commodity and origin, and what a disruption did to them.

:func:`paths_by_origin` decomposes a :class:`~corridors.model.results.FlowResult` into routes;
:func:`split_by_origin` compares two of them: per market, commodity and origin, what was kept,
rerouted, substituted or lost.
"""

from __future__ import annotations

from typing import Any

__all__ = ["paths_by_origin", "split_by_origin", "route_source", "lost_cost"]

_TOL = 1e-9


def paths_by_origin(result: Any) -> dict[tuple[str, str, str], dict[tuple[str, ...], float]]:
    """A flow decomposition of ``result`` by origin: ``(market, commodity, origin) → {route: volume}``.

    A route is the tuple of link ids from a supply of that origin to the market. Walks back from
    each delivery along the inflow arcs of the same commodity and origin (largest first) until a
    node with unused supply of that origin; the volume is the smallest remainder on the way.

    Examples
    --------
    >>> from corridors.model.flow import solve
    >>> from corridors.data.io import load_demo_network
    >>> paths = paths_by_origin(solve(load_demo_network(), year=2024))
    >>> sorted(paths)[0][:2]
    ('ceyhan', 'oil')
    """
    from collections import defaultdict

    out: dict[tuple[str, str, str], dict[tuple[str, ...], float]] = {}
    if not result.ok or result.deliveries_by_origin is None:
        return out
    arcs = result.arcs
    origin_col = arcs["origin"] if "origin" in arcs else [""] * len(arcs["link"])  # a frame, or its columns
    inflow: dict[tuple[str, str, str], dict[tuple[str, str], float]] = defaultdict(dict)
    for link, k, a, b, f, o in zip(arcs["link"], arcs["commodity"], arcs["from"], arcs["to"], arcs["flow"], origin_col):
        inflow[(str(b), str(k), str(o or ""))][(str(link), str(a))] = float(f)
    sup = result.supplies
    left: dict[tuple[str, str, str], float] = {}
    if "origin" in sup:
        for n, k, o, u in zip(sup["node"], sup["commodity"], sup["origin"], sup["used"]):
            left[(str(n), str(k), str(o or ""))] = left.get((str(n), str(k), str(o or "")), 0.0) + float(u)
    for m, k, o, d in zip(result.deliveries_by_origin["node"], result.deliveries_by_origin["commodity"],
                          result.deliveries_by_origin["origin"], result.deliveries_by_origin["delivered"]):
        o = str(o or "")
        routes: dict[tuple[str, ...], float] = {}
        need = float(d)
        for _ in range(10_000):
            if need <= _TOL:
                break
            node, path, vol, seen = str(m), [], need, {str(m)}
            while left.get((node, k, o), 0.0) <= _TOL:
                arcs_in = inflow.get((node, k, o), {})
                best = max(arcs_in.items(), key=lambda kv: kv[1], default=None)
                if best is None or best[1] <= _TOL or best[0][1] in seen:
                    path = None
                    break
                (link, tail), f = best
                path.append((link, tail, node))
                vol = min(vol, f)
                node = tail
                seen.add(node)
            if path is None:
                break
            vol = min(vol, left.get((node, k, o), 0.0)) if path or left.get((node, k, o), 0.0) > _TOL else vol
            for link, tail, head in path:
                inflow[(head, k, o)][(link, tail)] -= vol
            left[(node, k, o)] = left.get((node, k, o), 0.0) - vol
            route = tuple(link for link, _, _ in reversed(path))
            routes[route] = routes.get(route, 0.0) + vol
            need -= vol
        out[(str(m), str(k), o)] = routes
    return out


def split_by_origin(base: Any, other: Any) -> Any:
    """Per market, commodity and origin: ``base`` served split into kept, rerouted, substituted, lost.

    *kept*: the same origin on the same route (the overlap of the two flow decompositions);
    *rerouted*: the same origin from the same source (supply node) on another route;
    *substituted*: replaced by another origin, or by the same origin from another source (Kazakh
    oil from Tengiz through the CPC in place of Kazakh oil from Aktau); *lost*: not served. ``kept + rerouted + substituted + lost = base`` on every row; ``scenario``
    is what that origin delivers in ``other`` (a substitute shows there with ``base`` 0).
    Shortfalls of a market are split between substituted and lost in proportion.

    Examples
    --------
    >>> from corridors.model.flow import solve
    >>> from corridors.data.io import load_demo_network
    >>> r = solve(load_demo_network(), year=2024)
    >>> t = split_by_origin(r, r)
    >>> bool((t["kept"] == t["base"]).all())
    True
    """
    import pandas as pd

    from corridors.data.units import CANONICAL_UNITS

    pb, po = paths_by_origin(base), paths_by_origin(other)
    cols = ["market", "country", "commodity", "unit", "origin", "priority", "base", "kept", "rerouted",
            "substituted", "lost", "scenario"]
    if not base.ok or not other.ok:
        return pd.DataFrame(columns=cols)
    meta = {(str(n), str(k)): (c, p) for n, k, c, p in zip(base.deliveries["node"], base.deliveries["commodity"],
                                                          base.deliveries["country"], base.deliveries["priority"])}
    ends = {str(i): (str(f), str(t)) for i, f, t in zip(base.flows.index, base.flows["from"], base.flows["to"])}
    ends.update({str(i): (str(f), str(t)) for i, f, t in zip(other.flows.index, other.flows["from"], other.flows["to"])})
    keys = sorted(set(pb) | set(po))
    rows = []
    for market, k in sorted({(m, k) for m, k, _ in keys}):
        mine = [key for key in keys if key[0] == market and key[1] == k]
        b = {key: sum(pb.get(key, {}).values()) for key in mine}
        a = {key: sum(po.get(key, {}).values()) for key in mine}
        kept, moved = {}, {}
        for key in mine:
            kept[key] = min(sum(min(v, po.get(key, {}).get(route, 0.0)) for route, v in pb.get(key, {}).items()),
                            b[key], a[key])
            bs, os_ = _by_source(pb.get(key, {}), market, ends), _by_source(po.get(key, {}), market, ends)
            same = sum(min(v, os_.get(src, 0.0)) for src, v in bs.items())
            moved[key] = max(0.0, min(same, b[key], a[key]) - kept[key])
        short = {key: b[key] - kept[key] - moved[key] for key in mine}
        S = sum(short.values())
        G = sum(max(0.0, a[key] - kept[key] - moved[key]) for key in mine)
        sub_share = min(S, G) / S if S > _TOL else 0.0
        country, priority = meta.get((market, k), (None, 1.0))
        for key in mine:
            rows.append({"market": market, "country": country, "commodity": k, "unit": CANONICAL_UNITS.get(k),
                         "origin": key[2] or None, "priority": priority, "base": b[key], "kept": kept[key],
                         "rerouted": moved[key], "substituted": short[key] * sub_share,
                         "lost": short[key] * (1.0 - sub_share), "scenario": a[key]})
    return pd.DataFrame(rows, columns=cols)


def _by_source(routes: dict[tuple[str, ...], float], market: str, ends: dict[str, tuple[str, str]]) -> dict[str, float]:
    """Volume per source (the supply node each route starts from)."""
    out: dict[str, float] = {}
    for route, vol in routes.items():
        node = route_source(route, market, ends)
        out[node] = out.get(node, 0.0) + vol
    return out


def route_source(route: tuple[str, ...], market: str, ends: dict[str, tuple[str, str]]) -> str:
    """The node a route (link ids from a supply to ``market``) starts from, walking back along
    ``ends`` (link id → (from, to)).

    Examples
    --------
    >>> route_source(("a-b", "b-c"), "c", {"a-b": ("a", "b"), "b-c": ("b", "c")})
    'a'
    """
    node = market
    for lid in route[::-1]:
        a, b = ends.get(lid, (node, node))
        node = a if b == node else b
    return node


def lost_cost(base: Any, origins: Any) -> float:
    """The base transport cost of the volume ``origins`` (a :func:`split_by_origin` table) marks
    lost, each market and origin at the average cost of its base routes (``base.flows["cost"]``
    per unit and link); 0 when nothing is lost or the costs are unknown.

    Examples
    --------
    >>> from corridors.model.flow import solve
    >>> from corridors.data.io import load_demo_network
    >>> r = solve(load_demo_network(), year=2024)
    >>> lost_cost(r, split_by_origin(r, r))
    0.0
    """
    if origins is None or not len(origins) or "cost" not in base.flows.columns:
        return 0.0
    unit = {str(i): float(c) for i, c in zip(base.flows.index, base.flows["cost"])}
    paths = paths_by_origin(base)
    total = 0.0
    for m, k, o, lost in zip(origins["market"], origins["commodity"], origins["origin"], origins["lost"]):
        routes = paths.get((str(m), str(k), o if isinstance(o, str) else ""), {})
        volume = sum(routes.values())
        if lost > _TOL and volume > _TOL:
            total += float(lost) * sum(v * sum(unit.get(lid, 0.0) for lid in r) for r, v in routes.items()) / volume
    return total
