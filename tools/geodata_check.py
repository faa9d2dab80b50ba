"""An independent feasibility check of the balances: can the network serve every demand?

A small multi-commodity min-cost flow (scipy linprog / HiGHS) on the links that exist in a year,
with link capacities shared by the commodities they carry and node throughput limits where set.
It does not use corridors.model.flow, so the data can be checked before (and independently of) the model.
"""

from __future__ import annotations

from corridors.data.units import parse_capacity, parse_quantity, to_canonical
from corridors.settings import COST_PER_KM


def exists(p: dict, year: int) -> bool:
    start, status = p.get("start_year"), p["status"]
    if status == "retired" and not p.get("end_year"):
        return False
    if start is None:
        return status in ("operating", "idle")
    return start <= year and (p.get("end_year") is None or p["end_year"] >= year)


def balances_at(balances: list[dict], year: int) -> list[dict]:
    """For each node and commodity, the rows of the latest year <= ``year`` (earliest if none)."""
    groups: dict[tuple[str, str], list[dict]] = {}
    for r in balances:
        groups.setdefault((r["node"], r["commodity"]), []).append(r)
    out = []
    for rows in groups.values():
        years = [r["year"] for r in rows]
        usable = [y for y in years if y <= year]
        pick = max(usable) if usable else min(years)
        out.extend(r for r in rows if r["year"] == pick)
    return out


def serve(nodes: list[dict], links: list[dict], balances: list[dict], year: int, *,
          slack: bool = True) -> tuple[bool, str, dict]:
    """Solve with an unmet-demand variable per demand row (penalised); return
    (all demand served, message, flows by link id plus ``unmet:<node>/<commodity>`` entries)."""
    import numpy as np
    from scipy.optimize import linprog
    from scipy.sparse import lil_matrix

    live = [f["properties"] for f in links if exists(f["properties"], year)]
    bal = balances_at(balances, year)
    commodities = sorted({r["commodity"] for r in bal})
    node_ids = [f["properties"]["id"] for f in nodes]
    nidx = {n: i for i, n in enumerate(node_ids)}
    var = []  # (link index, commodity, direction)
    for li, p in enumerate(live):
        for c in p["commodities"]:
            if c not in commodities:
                continue
            var.append((li, c, +1))
            if p.get("bidirectional"):
                var.append((li, c, -1))
    nsup = [(r["node"], r["commodity"], to_canonical(parse_quantity(r["supply"]), r["commodity"]))
            for r in bal if r.get("supply")]
    ndem = [(r["node"], r["commodity"]) for r in bal if r.get("demand")] if slack else []
    nvar = len(var) + len(nsup) + len(ndem)
    cost = np.zeros(nvar)
    for j, (li, c, d) in enumerate(var):
        p = live[li]
        cost[j] = COST_PER_KM[p["mode"]] * p.get("length_km_built", 1.0) + 1e-6
    # conservation: inflow - outflow + supply = demand, per node and commodity
    rows = {(n, c): k for k, (n, c) in enumerate((n, c) for n in node_ids for c in commodities)}
    A = lil_matrix((len(rows), nvar))
    bvec = np.zeros(len(rows))
    for j, (li, c, d) in enumerate(var):
        p = live[li]
        a, b = (p["from"], p["to"]) if d > 0 else (p["to"], p["from"])
        A[rows[(a, c)], j] -= 1
        A[rows[(b, c)], j] += 1
    for k, (n, c, s) in enumerate(nsup):
        A[rows[(n, c)], len(var) + k] += 1
    for k, (n, c) in enumerate(ndem):
        A[rows[(n, c)], len(var) + len(nsup) + k] += 1
        cost[len(var) + len(nsup) + k] = 1e4
    for r in bal:
        if r.get("demand"):
            bvec[rows[(r["node"], r["commodity"])]] += to_canonical(parse_quantity(r["demand"]), r["commodity"])
    # capacities: per link, shared by commodities and directions
    ub_rows, ub = [], []
    for li, p in enumerate(live):
        cols = [j for j, v in enumerate(var) if v[0] == li]
        if cols:
            ub_rows.append(cols)
            ub.append(parse_capacity(p["capacity"], p["commodities"][0]))
    # node throughput (inflow) where a capacity is set and the unit fits
    for f in nodes:
        p = f["properties"]
        if not p.get("capacity"):
            continue
        cols = []
        for j, (li, c, d) in enumerate(var):
            q = live[li]
            head = q["to"] if d > 0 else q["from"]
            if head == p["id"]:
                try:
                    parse_capacity(p["capacity"], c)
                except Exception:
                    continue
                cols.append(j)
        if cols:
            c0 = live[var[cols[0]][0]]["commodities"][0]
            ub_rows.append(cols)
            ub.append(parse_capacity(p["capacity"], var[cols[0]][1] if var[cols[0]][1] else c0))
    G = lil_matrix((len(ub_rows), nvar))
    for i, cols in enumerate(ub_rows):
        for j in cols:
            G[i, j] = 1
    bounds = [(0, None)] * len(var) + [(0, s) for _, _, s in nsup] + [(0, None)] * len(ndem)
    res = linprog(cost, A_ub=G.tocsr(), b_ub=np.array(ub), A_eq=A.tocsr(), b_eq=bvec, bounds=bounds, method="highs")
    if res.status != 0:
        return False, f"{year}: not servable ({res.message})", {}
    flows: dict[str, float] = {}
    for j, (li, c, d) in enumerate(var):
        flows[live[li]["id"]] = flows.get(live[li]["id"], 0.0) + float(res.x[j])
    unmet = {f"unmet:{n}/{c}": float(res.x[len(var) + len(nsup) + k]) for k, (n, c) in enumerate(ndem)}
    unmet = {k: v for k, v in unmet.items() if v > 1e-6}
    flows.update(unmet)
    if unmet:
        return False, f"{year}: unmet demand " + ", ".join(f"{k[6:]} {v:.3g}" for k, v in unmet.items()), flows
    return True, f"{year}: every demand served ({len(live)} links)", flows


def serve_2024(nodes: list[dict], links: list[dict], balances: list[dict]) -> tuple[bool, str]:
    ok, msg, _ = serve(nodes, links, balances, 2024)
    return ok, msg
