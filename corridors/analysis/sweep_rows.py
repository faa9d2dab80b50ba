"""The sweep table's rows: each element's base-case figures and the metrics of one outcome.

:func:`corridors.analysis.sweeps.sweep` solves; this module turns an outcome and the base case into
a row's per-commodity columns (:func:`metrics`) and keeps, per model and level, what does not
change between calls: the flow each element carries (:func:`per_element`), the chains of links in
series (:func:`series_keys_of`), the total demand per commodity (:func:`demand_totals`); and decomposes
the base case by origin (:func:`base_routes`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from corridors.data.network import Network
    from corridors.model.lp import LinearProgram

__all__ = ["base_routes", "carried_flow", "delivery_columns", "demand_totals", "metrics", "names", "per_element",
           "series_keys_of", "supplying_nodes"]

_TOL = 1e-7


def delivery_columns(lp: LinearProgram, *, supply: bool = True):
    """Positions of the delivery columns (one per market balance and allowed origin), then (with
    ``supply``) of the supply columns."""
    import numpy as np

    from corridors.model.lp import DELIVERY, SUPPLY, TARGET

    cols = np.flatnonzero((lp.col_kind == DELIVERY) | (lp.col_kind == TARGET))
    return np.concatenate([cols, np.flatnonzero(lp.col_kind == SUPPLY)]) if supply else cols



def metrics(outcome, base, split: dict[str, Any], commodities: Sequence[str],
             demand: dict[str, float], commodity: str | None, carried: dict[str, float], transit: bool) -> dict[str, Any]:
    """One row's per-commodity columns, ``loss_pct`` (the ranking key), ``bypass_share`` and ``extra_cost``."""
    rec: dict[str, Any] = {}
    loss_pcts, shares = [], []
    for c in commodities:
        unmet = float(outcome.unmet.get(c, math.nan))
        lost = unmet - base.unmet.get(c, 0.0)
        lost = 0.0 if abs(lost) < _TOL else lost
        part = split.get(c, {})
        crossed = part.get("crossed", 0.0)
        transit_lost = part.get("lost_transit", 0.0)
        pct = 100.0 * lost / demand[c] if demand[c] > 0 else 0.0
        pct_transit = 100.0 * transit_lost / demand[c] if demand[c] > 0 else 0.0
        rec[f"unmet_{c}"] = unmet
        rec[f"lost_{c}"] = lost
        rec[f"lost_pct_{c}"] = pct
        rec[f"carried_{c}"] = carried.get(c, 0.0)
        rec[f"crossed_{c}"] = crossed
        for name in ("rerouted", "substituted"):
            rec[f"{name}_{c}"] = part.get(name, 0.0)
        rec[f"lost_crossed_{c}"] = part.get("lost", 0.0)
        rec[f"rerouted_share_{c}"] = part.get("rerouted", 0.0) / crossed if crossed > _TOL else math.nan
        rec[f"own_supply_{c}"] = part.get("own_supply", 0.0)
        rec[f"own_demand_{c}"] = part.get("own_demand", 0.0)
        rec[f"lost_transit_{c}"] = transit_lost
        rec[f"lost_transit_pct_{c}"] = pct_transit
        if commodity is None or c == commodity:
            loss_pcts.append(pct_transit if transit else pct)
            shares.append((pct_transit if transit else pct, crossed / demand[c] if demand[c] > 0 else 0.0, c))
    rec["loss_pct"] = max(loss_pcts) if loss_pcts else 0.0
    rec["loss_pct_sum"] = sum(loss_pcts)
    # bypass_share: the rerouted share of one commodity (never a sum across commodities): the ranked
    # one, or the one that sets loss_pct (ties: the one whose crossing flow is the larger share of its demand)
    crossing = [t for t in shares if rec[f"crossed_{t[2]}"] > _TOL]
    pick = max(crossing, key=lambda t: (round(t[0], 9), t[1])) if crossing else None
    rec["bypass_commodity"] = pick[2] if pick else None
    rec["bypass_share"] = rec[f"rerouted_share_{pick[2]}"] if pick else math.nan
    rec["extra_cost"] = outcome.transport - base.transport + split.get("lost_cost", 0.0)
    return rec


def base_routes(problem, x):
    """The base case's routes by origin (:class:`~corridors.analysis.crossing.BaseRoutes`) and, per
    delivery column, the position of its ``(market, commodity, origin)`` in them."""
    import numpy as np

    from corridors.analysis.crossing import BaseRoutes
    from corridors.model.lp import SUPPLY

    lp = problem.program
    def keyed(cols):
        return [(lp.node_ids[n], lp.commodities[k], lp.origins[o] if o >= 0 else "")
                for n, k, o in zip(lp.col_node[cols], lp.col_commodity[cols], lp.col_origin[cols])]

    keys = keyed(delivery_columns(lp, supply=False))
    routes = BaseRoutes.from_result(base_view(problem, x), problem.network, keys=keys)
    pos = {key: i for i, key in enumerate(routes.keys)}
    src = {key: i for i, key in enumerate(routes.sources)}
    supply = keyed(np.flatnonzero(lp.col_kind == SUPPLY))
    return (routes, np.asarray([pos[key] for key in keys], dtype=np.int64),
            np.asarray([src.get(key, len(src)) for key in supply], dtype=np.int64))


def base_view(problem, x) -> SimpleNamespace:
    """What :func:`~corridors.model.origins.paths_by_origin` and
    :meth:`~corridors.analysis.crossing.BaseRoutes.from_result` read of an optimal base case —
    ``arcs``, ``supplies`` and ``deliveries_by_origin``, as columns in the rows and order of
    :func:`~corridors.model.results.assemble_result`'s frames — made from the LP's arrays and ``x``
    without the rest of a :class:`~corridors.model.results.FlowResult` (its frames were two fifths of
    a sweep of a network not yet cached)."""
    import numpy as np

    from corridors.model.lp import DELIVERY, SUPPLY, TARGET
    from corridors.model.results import _TOL as tol

    from corridors.model.columns import to_numpy, values

    p, bal = problem.program, problem.balances
    f = p.flow_cols
    carrying = f[x[f] > tol]
    link_ids = np.asarray(p.link_ids, dtype=object)
    node_ids = np.asarray(p.node_ids, dtype=object)
    a_link = link_ids[p.col_link[carrying]].astype(str)
    a_comm = np.asarray(problem.commodities, dtype=object)[p.col_commodity[carrying]].astype(str)
    a_dir = np.where(p.col_direction[carrying] == 1, "forward", "reverse")
    a_origin = np.asarray(list(p.origins) + [""], dtype=object)[p.col_origin[carrying]].astype(str)
    order = np.lexsort((a_origin, a_dir, a_comm, a_link))
    # columns as lists: their readers walk them value by value (numpy scalars are slower to take apart)
    arcs = {"link": a_link[order].tolist(), "commodity": a_comm[order].tolist(),
            "from": node_ids[p.col_tail[carrying]][order].tolist(), "to": node_ids[p.col_head[carrying]][order].tolist(),
            "flow": x[carrying][order].astype(float).tolist(), "origin": a_origin[order].tolist()}
    B = len(bal)
    cols = np.flatnonzero(p.col_kind == SUPPLY)
    used = np.bincount(problem.col_balance[cols], weights=x[cols], minlength=B)
    bal_node, bal_commodity = to_numpy(bal, "node"), to_numpy(bal, "commodity")
    has = to_numpy(bal, "supply") > 0
    supplies = {"node": bal_node[has].tolist(), "commodity": bal_commodity[has].tolist(), "used": used[has].tolist()}
    if "origin" in bal.columns:
        origin_of = values(bal, "origin")
        supplies["origin"] = [origin_of[i] for i in np.flatnonzero(has).tolist()]
    per_o = len(p.origins) + 1
    origins = np.asarray(list(p.origins) + [None], dtype=object)
    dcols = np.flatnonzero((p.col_kind == DELIVERY) | (p.col_kind == TARGET))
    dsum = np.bincount(problem.col_balance[dcols] * per_o + (p.col_origin[dcols] + 1), weights=x[dcols],
                       minlength=B * per_o)
    hit = np.flatnonzero(dsum > tol)
    b_of, o_of = hit // per_o, hit % per_o - 1
    nodes, commodities, by = bal_node[b_of], bal_commodity[b_of], origins[o_of]
    # sort_values(["node", "commodity", "origin"], kind="stable"): NA (no origin) last
    rank = sorted(range(len(hit)), key=lambda i: (nodes[i], commodities[i], by[i] is None, by[i] or ""))
    delivered = {"node": nodes[rank].tolist(), "commodity": commodities[rank].tolist(), "origin": by[rank].tolist(),
                 "delivered": dsum[hit][rank].tolist()}
    return SimpleNamespace(ok=True, arcs=arcs, supplies=supplies, deliveries_by_origin=delivered)


def carried_flow(lp: LinearProgram, x, members: list[tuple[tuple[str, ...], tuple[str, ...]]]) -> list[dict[str, float]]:
    """Per element and commodity: the base-case flow through the element, across its boundary.

    The flow on the element's links that enters from outside its nodes (all of a link's flow when
    the element is links only), plus the flow on any link entering its nodes, plus the supply
    produced at its nodes: what crosses into the element, so a corridor of five segments in a row
    counts its flow once, not five times, and never less than its largest link.
    """
    import numpy as np
    from scipy.sparse import csr_matrix

    from corridors.model.lp import SUPPLY

    K, E = len(lp.commodities), len(members)
    n_links, n_nodes = len(lp.link_ids), len(lp.node_ids)
    f = lp.flow_cols
    f = f[np.abs(x[f]) > 0]  # columns without flow add nothing
    node_index = lp.node_index
    if all(not any(n in node_index for n in m[1]) for m in members):
        return _carried_by_links(lp, x, f, members)
    supply = np.flatnonzero(lp.col_kind == SUPPLY)
    per_node = np.bincount(lp.col_node[supply] * K + lp.col_commodity[supply], weights=x[supply],
                           minlength=n_nodes * K).reshape(n_nodes, K)

    def membership(ids_of, index, width):  # elements × (links or nodes), 1 where the element holds it
        rows, cols = [], []
        for e, ids in enumerate(ids_of):
            found = [index[i] for i in ids if i in index]
            rows += [e] * len(found)
            cols += found
        return csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(E, width))

    by_link = membership([m[0] for m in members], lp.link_index, n_links)
    by_node = membership([m[1] for m in members], lp.node_index, n_nodes)
    F = np.arange(len(f))

    def onto(index, width):  # (links or nodes) × flow columns: which one each column is on
        return csr_matrix((np.ones(len(f)), (index, F)), shape=(width, len(f)))

    # a flow column counts for an element when its link or its head is the element's and its tail is not
    into = by_link @ onto(lp.col_link[f], n_links) + by_node @ onto(lp.col_head[f], n_nodes)
    into.data[:] = 1.0
    tail = by_node @ onto(lp.col_tail[f], n_nodes)
    into = into - into.multiply(tail > 0)
    weights = csr_matrix((x[f], (F, lp.col_commodity[f])), shape=(len(f), K))
    best = np.asarray((into @ weights).todense()).reshape(E, K) + by_node @ per_node
    return [{c: float(best[e, j]) for j, c in enumerate(lp.commodities)} for e in range(E)]


def _carried_by_links(lp: LinearProgram, x, f, members) -> list[dict[str, float]]:
    """:func:`carried_flow` of elements that are links only (a link sweep's): the flow on their links,
    per commodity, from the arrays (no sparse products). Each sum runs over the element's flow
    columns in column order from 0, as the sparse product ``into @ weights`` sums them, then adds the
    nodes' part (0 here): the same floats."""
    import numpy as np

    K, E = len(lp.commodities), len(members)
    f_link = lp.col_link[f]
    order = np.argsort(f_link, kind="stable")  # f's positions by link, column order within each
    start = np.zeros(len(lp.link_ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(f_link, minlength=len(lp.link_ids)), out=start[1:])
    index = lp.link_index
    L = max(len(lp.link_ids), 1)
    # (element, link position) once each, by element then position: each element's columns ascending
    code = np.unique(np.fromiter((e * L + index[lid] for e, (links, _) in enumerate(members) for lid in links
                                  if lid in index), dtype=np.int64))
    owner, p = code // L, code % L
    counts = start[p + 1] - start[p]
    ends = np.cumsum(counts)
    at_a = order[np.repeat(start[p] - (ends - counts), counts) + np.arange(int(ends[-1]) if len(ends) else 0)]
    owner_a = np.repeat(owner, counts)
    best = np.bincount(owner_a * K + lp.col_commodity[f][at_a], weights=x[f][at_a], minlength=E * K).reshape(E, K) + 0.0
    ks = lp.commodities
    return [dict(zip(ks, row)) for row in best.tolist()]


def per_element(kept: dict, lp: LinearProgram, level: str, x, ids: list[str], members: dict) -> tuple[list, list]:
    """Per element: the base flow it carries per commodity (:func:`carried`) and whether it holds
    supply used in the base case; kept in ``kept`` (one dict per model) for later calls."""
    known = kept.setdefault(("_carried", level), {})
    missing = [e for e in ids if e not in known]
    if missing:
        supplying = supplying_nodes(lp, x)
        carried = carried_flow(lp, x, [members[e] for e in missing])
        known.update({e: (c, any(n in supplying for n in members[e][1])) for e, c in zip(missing, carried)})
    return [known[e][0] for e in ids], [known[e][1] for e in ids]


def series_keys_of(kept: dict, lp: LinearProgram, level: str, ids: list[str], members: dict) -> list:
    """Each element's chain key (:func:`corridors.analysis.series.series_keys`), kept in ``kept``."""
    from corridors.analysis.series import series_keys

    known = kept.setdefault(("_series", level), {})
    missing = [e for e in ids if e not in known]
    if missing:
        known.update(zip(missing, series_keys(lp, [members[e] for e in missing])))
    return [known[e] for e in ids]


def supplying_nodes(lp: LinearProgram, x) -> set[str]:
    """Nodes whose supply is used in the base case."""
    import numpy as np

    from corridors.model.lp import SUPPLY

    used = np.flatnonzero((lp.col_kind == SUPPLY) & (x > _TOL))
    return {lp.node_ids[n] for n in lp.col_node[used]}


def names(network: Network, level: str) -> dict[str, str]:
    """Element id → display name (``frame["name"].astype(str).to_dict()`` for links and nodes)."""
    if level in ("link", "node"):
        import pandas as pd

        from corridors.model.columns import column

        frame = network.links if level == "link" else network.nodes
        arr = column(frame, "name")
        if arr.dtype == pd.array([], dtype=str).dtype:  # already pandas' str: astype(str) keeps it as it is
            return dict(zip(frame.index.tolist(), arr.tolist()))
        return frame["name"].astype(str).to_dict()
    if level == "country":
        from corridors.data.geometry import countries

        return countries()["name"].astype(str).to_dict()
    return {}


def demand_totals(bal, commodities: Sequence[str]) -> dict[str, float]:
    """Total demand per commodity of a model's balances: ``bal.loc[bal["commodity"] == c, "demand"].sum()``
    for each, from the columns' arrays where demand is float64 (the same rows in the same order, added
    by numpy as pandas adds them, missing values as 0): a twentieth of the time of the pandas masks."""
    import numpy as np

    if bal["demand"].dtype != np.float64:
        return {c: float(bal.loc[bal["commodity"] == c, "demand"].sum()) for c in commodities}
    kinds = bal["commodity"].to_numpy(dtype=object, na_value=None)
    amounts = bal["demand"].to_numpy(dtype=float)
    amounts = np.where(np.isnan(amounts), 0.0, amounts)
    return {c: float(amounts[kinds == c].sum()) for c in commodities}
