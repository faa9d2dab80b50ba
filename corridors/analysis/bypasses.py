"""Bypasses: which routes carry the flow a failure displaces, and which projects would recover it.

A solved flow is decomposed into origin → market paths (:func:`decompose_paths`, the classical
flow decomposition: repeatedly follow positive flow from a supply node to a demand node and take
the path's bottleneck). Comparing the paths of a base case with those of a disruption gives the
*bypass routes* — paths that carry more than before, named by the assets they use — and the *lost
routes* — paths that carry less (:func:`bypass_routes`). :func:`bypass` does it all for one
failing element, and ranks the planned and proposed projects by how much of the loss each would
recover if it were built (its bypass value).

Examples
--------
>>> from corridors.data.io import load_demo_network
>>> report = bypass(load_demo_network(), "link:pipe-b", year=2024)
>>> round(report.lost["oil"], 1)
30.0
"""

from __future__ import annotations

import html
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from corridors.data.network import Network
    from corridors.model.results import Comparison, FlowResult

__all__ = ["decompose_paths", "bypass_routes", "bypass", "BypassReport"]

_TOL = 1e-6
_PATH_COLUMNS = ["commodity", "origin", "stream", "destination", "flow", "route", "links", "nodes", "length_km", "cost"]


_SEA = ("sea", "ferry")


def _short(name: str) -> str:
    """A node's name without its parenthesis or after-colon detail: 'Turkish Straits'."""
    return name.split(" (")[0].split(":")[0].strip()


def _route_name(links: pd.DataFrame | tuple[dict[str, str], dict[str, str]], path: list[str], nodes: list[str],
                node_names: dict[str, str]) -> str:
    """Assets in order; a run of sea or ferry legs reads "sea via <the points it passes>".

    ``nodes[i]`` is where ``path[i]`` starts (``nodes[i + 1]`` where it ends). ``links``: the
    links table, or its :func:`_modes_assets` (read once for many paths).
    """
    modes, assets = _modes_assets(links) if not isinstance(links, tuple) else links
    names: list[str] = []
    i = 0
    while i < len(path):
        lid = path[i]
        mode = modes.get(lid, "")
        if mode in _SEA:
            j = i
            while j + 1 < len(path) and modes.get(path[j + 1], "") in _SEA:
                j += 1
            via = [_short(node_names.get(n, n)) for n in nodes[i + 1:j + 1]]
            label = "sea" if mode == "sea" else "ferry"
            names.append(f"{label} via {', '.join(via)}" if via else label)
            i = j + 1
            continue
        asset = assets.get(lid, lid)
        if not names or names[-1] != asset:
            names.append(asset)
        i += 1
    return " → ".join(names)


def _modes_assets(links: pd.DataFrame) -> tuple[dict[str, str], dict[str, str]]:
    """``({link: mode}, {link: asset})`` as text, for :func:`_route_name`."""
    modes = dict(zip(links.index, map(str, links["mode"]))) if "mode" in links.columns else {}
    return modes, dict(zip(links.index, map(str, links["asset"]))) if "asset" in links.columns else {}


def decompose_paths(result: FlowResult, network: Network | None = None) -> pd.DataFrame:
    """Decompose a solved flow into origin → market paths, one row per path and commodity.

    Columns: ``commodity, origin, destination, flow, route`` (the assets in order; a stretch at
    sea reads "sea via" the points it passes, named from ``network`` when given), ``links`` and
    ``nodes`` (tuples), ``length_km`` and ``cost`` (per unit). Flow on cycles, if any, is left out.

    Examples
    --------
    >>> from corridors import solve
    >>> from corridors.data.io import load_demo_network
    >>> paths = decompose_paths(solve(load_demo_network(), year=2024))
    >>> paths[["origin", "destination", "flow"]].values.tolist()[0]
    ['aktau', 'kars', 3.0]
    """
    import pandas as pd

    links = result.flows
    arcs = result.arcs
    node_names = network.nodes["name"].astype(str).to_dict() if network is not None else {}
    if "length_km" in links.columns:
        km = links["length_km"].astype(float).to_dict()
    else:  # measured for the links the paths use only
        km = _Lengths(dict(zip(links.index, links.geometry)))
    names = _modes_assets(links)
    # cost per unit moved (relative: settings.COST_PER_KM) from the flows, else from the network
    priced = links if "cost" in links.columns else (network.links if network is not None else None)
    unit_cost = priced["cost"].astype(float).to_dict() if priced is not None and "cost" in priced.columns else {}
    # per commodity and stream (the supply's origin): flows of one origin go from its supplies to
    # its deliveries only, so a path never joins one supplier's field to another's market
    streams = result.supplies["origin"].fillna("").astype(str) if "origin" in result.supplies.columns \
        else pd.Series([""] * len(result.supplies))
    supply_left: dict[tuple[str, str], float] = defaultdict(float)
    stream_of: dict[tuple[str, str], str] = {}
    for r, o in zip(result.supplies.itertuples(index=False), streams):
        if r.used > _TOL:
            supply_left[(r.node, r.commodity)] += float(r.used)
            stream_of[(r.node, r.commodity)] = o
    by_origin = result.deliveries_by_origin
    arc_origin = arcs["origin"].fillna("").astype(str) if "origin" in arcs.columns else pd.Series([""] * len(arcs))
    arcs_of: dict[tuple[Any, str], list[tuple]] = defaultdict(list)  # (commodity, stream) -> its arcs, in order
    for k, o, tail, head, link, flow in zip(arcs["commodity"], arc_origin, arcs["from"], arcs["to"], arcs["link"], arcs["flow"]):
        arcs_of[(k, o)].append((tail, head, link, flow))
    rows = []
    pairs = sorted(set(zip(arcs["commodity"], arc_origin)) | {(c, o) for (n, c), o in stream_of.items()}) if len(arcs) or stream_of else []
    for commodity, stream in pairs:
        sink_left: dict[tuple[str, str], float] = defaultdict(float)
        if by_origin is not None and "origin" in arcs.columns:
            for n, k, o, d in zip(by_origin["node"], by_origin["commodity"], by_origin["origin"], by_origin["delivered"]):
                if k == commodity and str(o or "") == stream and d > _TOL:
                    sink_left[(n, k)] += float(d)
        else:
            for r in result.deliveries.itertuples(index=False):
                if r.commodity == commodity and r.served > _TOL:
                    sink_left[(r.node, r.commodity)] += float(r.served)
        out: dict[str, list[list[Any]]] = defaultdict(list)  # node -> [[to, link, remaining]]
        for tail, head, link, flow in arcs_of.get((commodity, stream), ()):
            out[tail].append([head, link, float(flow)])
        sources = sorted(n for (n, c), v in supply_left.items() if c == commodity and v > _TOL
                         and stream_of.get((n, c), "") == stream)
        for origin in sources:
            guard = 0
            while supply_left[(origin, commodity)] > _TOL and guard < 10_000:
                guard += 1
                path_nodes, path_arcs = [origin], []
                node, seen = origin, {origin}
                while not _is_sink(sink_left, node, commodity):
                    nxt = next((e for e in out[node] if e[2] > _TOL and e[0] not in seen), None)
                    if nxt is None:
                        break
                    path_arcs.append(nxt)
                    node = nxt[0]
                    seen.add(node)
                    path_nodes.append(node)
                if not _is_sink(sink_left, node, commodity):
                    break  # a dead end (flow on a cycle): the rest of this supply is not traced
                amount = min([supply_left[(origin, commodity)], sink_left[(node, commodity)]] + [e[2] for e in path_arcs])
                if amount <= _TOL:
                    break
                for e in path_arcs:
                    e[2] -= amount
                supply_left[(origin, commodity)] -= amount
                sink_left[(node, commodity)] -= amount
                lids = [e[1] for e in path_arcs]
                length = sum(km.get(lid, math.nan) for lid in lids)
                cost = sum(unit_cost.get(lid, math.nan) for lid in lids) if unit_cost else math.nan
                rows.append({"commodity": commodity, "origin": origin, "stream": stream or None, "destination": node, "flow": amount,
                             "route": _route_name(names, lids, path_nodes, node_names) if lids else "(local)", "links": tuple(lids),
                             "nodes": tuple(path_nodes), "length_km": length, "cost": cost})
    frame = pd.DataFrame(rows, columns=_PATH_COLUMNS)
    if len(frame):
        frame["stream"] = frame["stream"].fillna("")
        frame = (frame.groupby(["commodity", "origin", "stream", "destination", "route", "links", "nodes"], sort=False, as_index=False)
                 .agg(flow=("flow", "sum"), length_km=("length_km", "first"), cost=("cost", "first")))
        frame = frame.sort_values(["commodity", "flow", "route"], ascending=[True, False, True], kind="stable")
        frame = frame[_PATH_COLUMNS].reset_index(drop=True)
    return frame


class _Lengths(dict):
    """Link id → geodesic length (km), measured the first time a path asks (NaN for an unknown id)."""

    def __init__(self, geometry: dict[str, Any]):
        super().__init__()
        self._geometry = geometry

    def get(self, lid: str, default: float = math.nan) -> float:
        if lid not in self:
            if lid not in self._geometry:
                return default
            from corridors.data.geometry import geodesic_length_km

            self[lid] = geodesic_length_km(self._geometry[lid])
        return self[lid]


def _is_sink(sink_left, node, commodity) -> bool:
    return sink_left.get((node, commodity), 0.0) > _TOL


def bypass_routes(base: FlowResult, other: FlowResult, network: Network | None = None, *,
                  rerouted: dict[tuple[str, str, str], float] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(bypasses, lost)``: paths carrying more in ``other`` than in ``base``, and paths carrying less.

    ``rerouted``: the volume to attribute to bypass routes per ``(market, commodity, origin)``
    (default: the ``rerouted`` of :func:`corridors.model.results.split_by_origin`; :func:`bypass`
    passes the rerouted part of the flow that crossed the failed element).

    ``bypasses`` has ``rerouted`` (the extra flow), ``spare`` (room left on the path's tightest link
    in ``other``), ``added_km`` (its length minus that of the route it replaces between the same
    origin and market, NaN if it serves a new market) and the path columns of
    :func:`decompose_paths`. ``lost`` has ``reduced`` (flow the path no longer carries).
    """
    import pandas as pd

    pb, po = decompose_paths(base, network), decompose_paths(other, network)
    key = ["commodity", "links", "origin", "stream", "destination"]
    merged = pd.merge(pb, po, on=key, how="outer", suffixes=("_base", "_other"))
    for col in ("route", "nodes", "length_km", "cost"):
        merged[col] = merged[f"{col}_other"].combine_first(merged[f"{col}_base"])
    merged["flow_base"] = merged["flow_base"].fillna(0.0)
    merged["flow_other"] = merged["flow_other"].fillna(0.0)
    merged["delta"] = merged["flow_other"] - merged["flow_base"]
    lost = merged[merged["delta"] < -_TOL].copy()
    lost["reduced"] = -lost["delta"]
    gained = merged[merged["delta"] > _TOL].copy()
    # rerouted = the same stream reaching the same market by another route; a path that only gains
    # because another stream was lost is substitution (Comparison.origins), not a bypass
    from corridors.model.results import split_by_origin

    if rerouted is None:
        split = split_by_origin(base, other)
        allowed = {(m, k, o or ""): float(r) for m, k, o, r in zip(split["market"], split["commodity"],
                                                                    split["origin"].fillna(""), split["rerouted"])}
    else:
        allowed = dict(rerouted)
    total = gained.groupby(["commodity", "stream", "destination"])["delta"].transform("sum") if len(gained) else gained["delta"]
    share = [allowed.get((d, k, st), 0.0) for d, k, st in zip(gained["destination"], gained["commodity"], gained["stream"])]
    gained["rerouted"] = gained["delta"] * (pd.Series(share, index=gained.index, dtype=float) / total).clip(upper=1.0) \
        if len(gained) else gained["delta"]
    gained = gained[gained["rerouted"] > _TOL].copy()
    flows = other.flows
    held = dict(zip(flows.index, zip(flows["capacity"], flows["flow"])))
    spare = []
    for lids in gained["links"]:
        room = [float(held[l][0]) - float(held[l][1]) for l in lids if l in held]
        spare.append(max(0.0, min(room)) if room else math.nan)
    gained["spare"] = spare
    replaced = lost.groupby(["commodity", "origin", "destination"])["length_km"].max() if len(lost) else None
    added = []
    for r in gained.itertuples(index=False):
        ref = replaced.get((r.commodity, r.origin, r.destination)) if replaced is not None else None
        added.append(r.length_km - ref if ref is not None and not pd.isna(ref) else math.nan)
    gained["added_km"] = added
    gcols = ["commodity", "route", "origin", "stream", "destination", "rerouted", "flow_other", "spare", "length_km", "added_km", "cost", "links"]
    lcols = ["commodity", "route", "origin", "stream", "destination", "reduced", "flow_base", "length_km", "links"]
    gained = gained[gcols].rename(columns={"flow_other": "flow"}).sort_values(["commodity", "rerouted"], ascending=[True, False], kind="stable")
    lost = lost[lcols].rename(columns={"flow_base": "flow"}).sort_values(["commodity", "reduced"], ascending=[True, False], kind="stable")
    return gained.reset_index(drop=True), lost.reset_index(drop=True)


@dataclass(frozen=True, eq=False)
class BypassReport:
    """What replaces a failing element: bypass routes, lost routes, what stays unmet, and projects.

    ``lost`` is the extra unmet demand per commodity (canonical units); ``bypassed`` the flow that
    crossed the element in the base case and still arrives by other routes (same origin, same
    market); ``crossing`` splits that crossing flow per commodity into ``rerouted``,
    ``substituted`` and ``lost`` (with ``rerouted_share``, ``own_supply``, ``own_demand`` and
    ``lost_transit``; :mod:`corridors.analysis.crossing`, the sweep's definitions);
    ``extra_cost`` is the transport cost change plus the base cost of the volume lost (the cost of
    the rerouted and substituted flow against its base routes; never negative because flow was
    lost) and ``penalty_change`` the change of the unmet-demand penalty, apart, both in the
    objective's cost unit. ``projects`` ranks each planned or proposed project (an asset)
    by ``recovered_<k>`` — how much of the loss it would serve if built — with ``recovered_pct``.
    """

    target: str
    year: int
    base: FlowResult
    disrupted: FlowResult
    comparison: Comparison
    routes: pd.DataFrame
    lost_routes: pd.DataFrame
    lost: dict[str, float]
    bypassed: dict[str, float]
    projects: pd.DataFrame
    unmet: pd.DataFrame = field(repr=False)
    crossing: pd.DataFrame | None = field(default=None, repr=False)
    extra_cost: float = math.nan
    penalty_change: float = math.nan

    def __repr__(self) -> str:
        lost = ", ".join(f"{k} {v:.3g}" for k, v in self.lost.items() if v > _TOL) or "nothing"
        return f"<BypassReport {self.target} ({self.year}): {len(self.routes)} bypass routes; lost {lost}>"

    @property
    def bottlenecks(self) -> pd.DataFrame:
        """Binding capacities left in the disrupted case (cut links are not among them):
        ``kind, id, name, unit, flow, capacity, utilisation`` and ``value_of_capacity``, the dual —
        what one more unit of that capacity would save, in ``value_unit`` (the objective's cost
        units per capacity unit)."""
        b = self.disrupted.bottlenecks.rename(columns={"dual": "value_of_capacity"})
        return b.assign(value_unit=[f"cost units per {u}" for u in b["unit"]]).reset_index(drop=True)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Stable JSON: lost, bypassed, crossing, extra cost, routes, lost routes, unmet markets,
        bottlenecks and projects."""
        from corridors.data.formats import to_stable_json

        def recs(frame):
            f = frame.copy()
            for col in ("links", "nodes"):
                if col in f.columns:
                    f[col] = [list(v) for v in f[col]]
            return f.to_dict("records")

        return to_stable_json({"target": self.target, "year": self.year, "lost": self.lost, "bypassed": self.bypassed,
                               "crossing": recs(self.crossing) if self.crossing is not None else [],
                               "extra_cost": self.extra_cost, "penalty_change": self.penalty_change,
                               "routes": recs(self.routes), "lost_routes": recs(self.lost_routes),
                               "unmet": recs(self.unmet), "bottlenecks": recs(self.bottlenecks),
                               "projects": recs(self.projects)}, indent=indent)

    def _repr_html_(self) -> str:
        from corridors.data.formats import html_table as _html_table

        head = f"<p><strong>Bypass of {html.escape(self.target)}</strong> ({self.year})</p>"
        return ("<div class='corridors-bypass'>" + head
                + _html_table(self.routes.drop(columns=["links"]), caption="Bypass routes")
                + _html_table(self.unmet, caption="What stays unmet")
                + _html_table(self.projects, caption="Projects ranked by what they would recover") + "</div>")


def bypass(network: Network, target: str | list[str], *, year: int | None = None, scenario: Any = None,
           projects: bool = True, solver: str | None = None) -> BypassReport:
    """For one failing element (a scenario target such as ``"country:GE"``), the bypass routes that
    carry its flow, what stays unmet, and — with ``projects=True`` — each planned or proposed
    project's bypass value.

    Parameters
    ----------
    network
        The full network (so unbuilt projects can be switched on).
    target
        A target ``kind:id`` (or a list of them, lost together).
    year
        The year; it must agree with the scenario's and the network's, and defaults to theirs,
        else ``settings.DEFAULT_YEAR`` (:func:`corridors.model.years.resolve_year`).
    scenario
        A base scenario to start from (the target is cut on top of it), solved in that year too.
    projects
        Also rank planned/proposed projects by the loss they would recover (one solve each).

    Examples
    --------
    >>> from corridors.data.io import load_demo_network
    >>> r = bypass(load_demo_network(), "link:rail-alat-kars", year=2024)
    >>> r.projects[["project", "recovered_freight"]].values.tolist()
    [['DEMO-NEW', 3.0]]
    """
    import pandas as pd

    from corridors.model.flow import solve
    from corridors.model.scenario import Disruption, Scenario
    from corridors.model.years import resolve_year

    targets = [target] if isinstance(target, str) else list(target)
    year = resolve_year(year, scenario=scenario, network=network)
    base_s = scenario.model_copy(update={"year": year}) if scenario is not None else Scenario(name="base", year=year)
    loss = Scenario(name=f"{' + '.join(targets)} lost", year=year,
                    disruptions=[Disruption(target=t, remaining=0.0) for t in targets])
    cut = base_s.combine(loss) if scenario is not None else loss
    full = network
    base = solve(full, scenario=base_s, solver=solver)
    hit = solve(full, scenario=cut, solver=solver, prefer=base)
    comparison = base.compare(hit)
    crossing, rerouted, extra_cost = _crossing(full, base_s, base, hit, targets)
    routes, lost_routes = bypass_routes(base, hit, network, rerouted=rerouted)
    commodities = sorted(set(base.deliveries["commodity"]))
    lost = {k: max(0.0, float(hit.deliveries.loc[hit.deliveries["commodity"] == k, "unmet"].sum())
                   - float(base.deliveries.loc[base.deliveries["commodity"] == k, "unmet"].sum())) for k in commodities}
    bypassed = {k: float(crossing.loc[crossing["commodity"] == k, "rerouted"].sum()) for k in commodities}
    penalty_change = float((hit.objective - hit.cost) - (base.objective - base.cost)) if hit.ok else math.nan
    unmet = comparison.markets[comparison.markets["unmet_change"] > _TOL][
        ["node", "name", "country", "commodity", "demand_other", "served_other", "unmet_change"]
    ].rename(columns={"demand_other": "demand", "served_other": "served", "unmet_change": "lost"}).reset_index(drop=True)

    rows = []
    if projects and any(v > _TOL for v in lost.values()):
        links = network.links
        built = set(hit.flows.index)
        candidates = links[links["status"].isin(["planned", "proposed", "construction"]) & ~links.index.isin(list(built))]
        for asset, group in candidates.groupby("asset", sort=True):
            with_project = cut.model_copy(update={"projects": tuple(sorted(set(cut.projects) | {str(asset)}))})
            try:
                r = solve(full, scenario=with_project, solver=solver)
            except Exception as exc:  # a project that cannot be built that year: say so in the table
                from corridors.errors import CorridorsError

                if not isinstance(exc, CorridorsError):
                    raise
                continue
            rec: dict[str, Any] = {"project": str(asset), "name": str(group["name"].iloc[0]),
                                   "corridor": str(group["corridor"].iloc[0]), "status": str(group["status"].iloc[0]),
                                   "start_year": group["start_year"].min()}
            pct = []
            for k in commodities:
                unmet_k = float(r.deliveries.loc[r.deliveries["commodity"] == k, "unmet"].sum())
                hit_k = float(hit.deliveries.loc[hit.deliveries["commodity"] == k, "unmet"].sum())
                rec[f"recovered_{k}"] = max(0.0, hit_k - unmet_k)
                if lost[k] > _TOL:
                    pct.append(100.0 * rec[f"recovered_{k}"] / lost[k])
            rec["recovered_pct"] = max(pct) if pct else 0.0
            rows.append(rec)
    proj = pd.DataFrame(rows)
    if len(proj):
        proj = proj[proj["recovered_pct"] > 1e-6].sort_values(["recovered_pct", "project"], ascending=[False, True], kind="stable")
        proj = proj.reset_index(drop=True)
    return BypassReport(target=" + ".join(targets), year=int(base.year), base=base, disrupted=hit, comparison=comparison,
                        routes=routes, lost_routes=lost_routes, lost=lost, bypassed=bypassed, projects=proj, unmet=unmet,
                        crossing=crossing, extra_cost=extra_cost, penalty_change=penalty_change)


def _crossing(network: Network, base_s: Any, base: FlowResult, hit: FlowResult, targets: list[str]):
    """``(crossing table, rerouted per (market, commodity, origin), extra_cost)`` for losing ``targets``."""
    import pandas as pd

    from corridors.analysis.crossing import FIELDS, BaseRoutes
    from corridors.data.units import CANONICAL_UNITS
    from corridors.model.flow import prepare_network
    from corridors.model.targets import resolve_target

    net = prepare_network(network, scenario=base_s)
    links: set[str] = set()
    nodes: set[str] = set()
    for t in targets:
        resolved = resolve_target(net, t)
        links |= set(resolved.links)
        nodes |= set(resolved.nodes)

    def by_key(result: FlowResult) -> dict[tuple[str, str, str], float]:
        out: dict[tuple[str, str, str], float] = {}
        d = result.deliveries_by_origin
        if d is not None and result.ok:
            for n, k, o, v in zip(d["node"], d["commodity"], d["origin"], d["delivered"]):
                key = (str(n), str(k), o if isinstance(o, str) else "")
                out[key] = out.get(key, 0.0) + float(v)
        return out

    outcome = by_key(hit)
    routes = BaseRoutes.from_result(base, net, keys=outcome)
    a = routes.outcome(outcome)
    used: dict[tuple[str, str, str], float] = {}
    if hit.ok and "origin" in hit.supplies.columns:
        for n, k, o, u in zip(hit.supplies["node"], hit.supplies["commodity"], hit.supplies["origin"], hit.supplies["used"]):
            key = (str(n), str(k), o if isinstance(o, str) else "")
            used[key] = used.get(key, 0.0) + float(u)
    supplied = routes.supplied(used)
    split = routes.split(sorted(links), sorted(nodes), a, supplied)
    cols = ["commodity", "unit", *FIELDS[:4], "rerouted_share", *FIELDS[4:]]
    rows = []
    for k in routes.commodities:
        part = split[k]
        share = part["rerouted"] / part["crossed"] if part["crossed"] > _TOL else math.nan
        rows.append({"commodity": k, "unit": CANONICAL_UNITS.get(k), **part, "rerouted_share": share})
    extra = float(hit.cost - base.cost + split["lost_cost"]) if hit.ok else math.nan
    return (pd.DataFrame(rows, columns=cols), routes.rerouted(sorted(links), sorted(nodes), a, supplied), extra)
